"""Pages of issue 16: the partnership view (/partners) and a draft plan compared with its peers
(/compare). Both are thin: the answers come from eqkg.similarity and eqkg.validation.compare."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request

from ..errors import InputError
from ..i18n import current_lang
from ..publish.describe import collect_labels, display_label
from ..publish.uris import href
from ..similarity.views import partners
from ..store import Store
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


@bp.route("/compare", methods=["GET", "POST"])
def compare_page() -> Any:
    """Upload a draft plan: how it compares with the plans of bodies of its sector."""
    from ..validation import MAX_BYTES, read_plan
    from ..validation.compare import SECTORS, compare_plan

    lang = current_lang()
    result = None
    if request.method == "POST":
        upload = request.files.get("file")
        text = request.form.get("text", "")
        if upload is not None and upload.filename:
            data, name = upload.read(MAX_BYTES + 1), upload.filename
        elif text.strip():
            data, name = text.encode("utf-8"), "plan.txt"
        else:
            raise InputError("choose a file or paste a plan")
        plan = read_plan(data, name).graph
        result = compare_plan(get_store(), plan, request.form.get("sector") or None, lang)
        if wants_json():
            return jsonify(result.as_dict())
    page = render_template("validate_compare_page.html", comparison=result, sectors=SECTORS)
    return Response(page, content_type="text/html; charset=utf-8")
