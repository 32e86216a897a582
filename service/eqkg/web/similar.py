"""Pages of issue 16: the partnership view (/partners) and a draft plan compared with its peers
(/compare). Both are thin: the answers come from eqkg.similarity and eqkg.validation.compare."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import InputError
from ..i18n import current_lang
from ..publish.describe import collect_labels, display_label
from ..publish.uris import href
from ..similarity.views import partners
from ..store import Store
from ..validation.worker import ValidationLimit
from . import get_store, wants_json

bp = Blueprint("similar", __name__)

_BODIES = """
SELECT DISTINCT ?body WHERE {
  ?item eq:organisation ?body .
  { ?item a eq:EqualityObjective } UNION { ?item a eq:Commitment }
}
"""


def bodies(store: Store, lang: str) -> list[dict[str, str]]:
    """The bodies with objectives or commitments, by name, for the form."""
    iris = [str(row["body"]) for row in store.query(_BODIES)]
    labels = collect_labels(store, iris)
    out = [{"iri": b, "slug": b.rsplit("/", 1)[-1], "href": href(b, lang),
            "name": display_label(b, labels, lang)} for b in iris]
    return sorted(out, key=lambda b: b["name"].casefold())


@bp.get("/partners")
def partners_page() -> Any:
    """Two or more bodies (?body=gwent-police&body=opcc-gwent): what they share and do apart."""
    store, lang = get_store(), current_lang()
    chosen = [b for b in request.args.getlist("body") if b.strip()][:10]
    result = partners(store, chosen, lang) if len(chosen) >= 2 else None
    if wants_json():
        if result is None:
            raise InputError("give two or more bodies: ?body=...&body=...")
        return jsonify(result.as_dict())
    page = render_template("partners.html", result=result, bodies=bodies(store, lang),
                           chosen=set(chosen))
    return Response(page, content_type="text/html; charset=utf-8")


def _sectors(store: Store, lang: str) -> list[dict[str, str]]:
    """The sectors for the form, named in `lang` from the sector vocabulary."""
    from ..validation.compare import SECTOR, SECTORS

    labels = collect_labels(store, [SECTOR + s for s in SECTORS])
    return [{"slug": s, "name": display_label(SECTOR + s, labels, lang)} for s in SECTORS]


def _compare_form(comparison: Any = None, error: str | None = None) -> str:
    from ..i18n.errors import localise
    from .validate import _item_name, _limit

    lang = current_lang()
    return render_template(
        "validate_compare_page.html", comparison=comparison, sectors=_sectors(get_store(), lang),
        error=localise(error, lang) if error else None, limit=_limit(),
        chosen=request.form.get("sector", ""), link=lambda iri: href(iri, lang), part=_item_name)


@bp.before_request
def _upload_limit() -> None:
    """/compare takes the uploads /validate takes (the same size cap)."""
    if request.endpoint == "similar.compare_page":
        from .validate import _upload_limit as validate_limit

        validate_limit()


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_exc: Exception) -> Any:
    from .validate import _too_large as validate_too_large

    return validate_too_large(_exc)


@bp.errorhandler(ValidationLimit)
@bp.errorhandler(InputError)
def _unusable(exc: InputError | ValidationLimit) -> Any:
    """As /validate: 400, 413, or 503 past the validation worker's limits, on the form."""
    from .validate import upload_failed

    machine = wants_json() or request.endpoint != "similar.compare_page"
    return upload_failed(exc, machine, lambda e: _compare_form(error=e))


@bp.route("/compare", methods=["GET", "POST"])
def compare_page() -> Any:
    """Upload a draft plan: how it compares with the plans of bodies of its sector. The upload
    is read by a validation worker (time, memory and size limits, as /validate); the
    comparison runs here against the store."""
    from ..validation.compare import compare_plan, from_essentials
    from .validate import _check, _upload

    result = None
    if request.method == "POST":
        data, filename, fmt, content_type = _upload()
        outcome = _check(data, filename, fmt, content_type, (), False)
        sector = request.form.get("sector") or request.args.get("sector") or None
        result = compare_plan(get_store(), from_essentials(outcome.plan_facts or ""), sector,
                              current_lang())
        if wants_json():
            return jsonify(result.as_dict())
    return Response(_compare_form(result), content_type="text/html; charset=utf-8")
