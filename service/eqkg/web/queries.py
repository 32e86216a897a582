"""Saved queries on the web: a page per question with a form, and the same questions as REST.

Views only parse the request and render; `eqkg.saved_queries` does the work,
so the pages, the API and the CLI give the same answers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, g, jsonify, render_template, request, url_for

from .. import saved_queries
from ..errors import InputError
from ..namespaces import PREFIXES
from ..results import Table, table_csv, table_json, term_text
from ..saved_queries import openapi
from ..saved_queries.params import ParameterError
from . import error_response, get_store

bp = Blueprint("queries", __name__)

# Page size of the web table; the API's default and cap are in saved_queries.openapi.
PAGE_ROWS = 500
CSV_TYPE = "text/csv"

UI: dict[str, dict[str, str]] = {
    "heading": {"en": "Saved queries", "cy": "Ymholiadau wedi'u cadw"},
    "intro": {"en": "Questions across all the documents in the graph. Pick one, fill in the "
                    "form and download the answer as CSV or JSON.",
              "cy": "Cwestiynau ar draws yr holl ddogfennau yn y graff. Dewiswch un, llenwch y "
                    "ffurflen a lawrlwythwch yr ateb fel CSV neu JSON."},
    "run": {"en": "Show the answer", "cy": "Dangos yr ateb"},
    "any": {"en": "(any)", "cy": "(unrhyw un)"},
    "rows": {"en": "rows", "cy": "rhes"},
    "none": {"en": "No rows match.", "cy": "Nid oes rhesi'n cyfateb."},
    "next": {"en": "Next page", "cy": "Tudalen nesaf"},
    "previous": {"en": "Previous page", "cy": "Tudalen flaenorol"},
    "download": {"en": "Download", "cy": "Lawrlwytho"},
    "sparql": {"en": "The SPARQL query", "cy": "Yr ymholiad SPARQL"},
    "inference": {"en": "This question relies on inferred (reasoned) triples.",
                  "cy": "Mae'r cwestiwn hwn yn dibynnu ar driphlygion a gasglwyd (drwy resymu)."},
    "cy_review": {"en": "The Welsh text of this question awaits review by a fluent speaker.",
                  "cy": "Mae testun Cymraeg y cwestiwn hwn yn aros i siaradwr rhugl ei adolygu."},
    "api": {"en": "Use it from another system", "cy": "Ei ddefnyddio o system arall"},
    "openapi": {"en": "OpenAPI description", "cy": "Disgrifiad OpenAPI"},
}
TAGS: dict[str, dict[str, str]] = {
    "coverage": {"en": "Coverage of characteristics and aims", "cy": "Cwmpas nodweddion a nodau"},
    "commitments": {"en": "Commitments", "cy": "Ymrwymiadau"},
    "plans": {"en": "Plans", "cy": "Cynlluniau"},
    "gaps": {"en": "Gaps", "cy": "Bylchau"},
    "people": {"en": "People and organisations", "cy": "Pobl a sefydliadau"},
    "meetings": {"en": "Meetings", "cy": "Cyfarfodydd"},
    "progress": {"en": "Progress and deadlines", "cy": "Cynnydd a therfynau amser"},
    "recommendations": {"en": "Recommendations", "cy": "Argymhellion"},
    "indicators": {"en": "Performance indicators", "cy": "Dangosyddion perfformiad"},
    "themes": {"en": "Policy themes", "cy": "Themâu polisi"},
    "search": {"en": "Search", "cy": "Chwilio"},
    "provenance": {"en": "Provenance", "cy": "Tarddiad"},
}
# Column headings shared by many queries; a query's `columns:` header overrides them.
COLUMNS: dict[str, dict[str, str]] = {
    "characteristic": {"en": "Characteristic", "cy": "Nodwedd"},
    "characteristicLabel": {"en": "Characteristic", "cy": "Nodwedd"},
    "commitment": {"en": "Commitment", "cy": "Ymrwymiad"},
    "kind": {"en": "Kind", "cy": "Math"},
    "text": {"en": "Wording", "cy": "Geiriad"},
    "wording": {"en": "Wording", "cy": "Geiriad"},
    "document": {"en": "Document", "cy": "Dogfen"},
    "documentTitle": {"en": "Document", "cy": "Dogfen"},
    "organisation": {"en": "Organisation", "cy": "Sefydliad"},
    "organisationName": {"en": "Organisation", "cy": "Sefydliad"},
    "organisations": {"en": "Organisations", "cy": "Sefydliadau"},
    "lead": {"en": "Lead", "cy": "Arweinydd"},
    "timeline": {"en": "Timeline", "cy": "Amserlen"},
    "dueDate": {"en": "Due date", "cy": "Dyddiad cyflawni"},
    "status": {"en": "Status", "cy": "Statws"},
    "statusLabel": {"en": "Status", "cy": "Statws"},
    "basis": {"en": "Basis", "cy": "Sail"},
    "basisLabel": {"en": "Basis", "cy": "Sail"},
    "plan": {"en": "Plan", "cy": "Cynllun"},
    "planTitle": {"en": "Plan", "cy": "Cynllun"},
    "aim": {"en": "Aim", "cy": "Nod"},
    "aimLabel": {"en": "Aim", "cy": "Nod"},
    "objective": {"en": "Objective", "cy": "Amcan"},
    "objectives": {"en": "Objectives", "cy": "Amcanion"},
    "steps": {"en": "Steps", "cy": "Camau"},
    "person": {"en": "Person", "cy": "Person"},
    "personName": {"en": "Person", "cy": "Person"},
    "role": {"en": "Role", "cy": "Rôl"},
    "meeting": {"en": "Meeting", "cy": "Cyfarfod"},
    "meetingDate": {"en": "Meeting date", "cy": "Dyddiad y cyfarfod"},
    "date": {"en": "Date", "cy": "Dyddiad"},
    "update": {"en": "Latest update", "cy": "Diweddariad diweddaraf"},
    "reference": {"en": "Reference", "cy": "Cyfeirnod"},
    "theme": {"en": "Theme", "cy": "Thema"},
    "themeLabel": {"en": "Theme", "cy": "Thema"},
    "indicator": {"en": "Indicator", "cy": "Dangosydd"},
    "recommendation": {"en": "Recommendation", "cy": "Argymhelliad"},
    "reasonGiven": {"en": "Reason given?", "cy": "Rheswm wedi'i roi?"},
    "reason": {"en": "Reason", "cy": "Rheswm"},
    "items": {"en": "Items", "cy": "Eitemau"},
    "claims": {"en": "Claims", "cy": "Honiadau"},
    "body": {"en": "Body", "cy": "Corff"},
    "action": {"en": "Action", "cy": "Cam gweithredu"},
    "number": {"en": "No.", "cy": "Rhif"},
    "note": {"en": "Note", "cy": "Nodyn"},
}
LOCAL_PREFIXES = ("https://w3id.org/eqkg/id/", "https://w3id.org/eqkg/vocab/")


def ui(key: str) -> str:
    entry = UI[key]
    return entry.get(g.get("lang", "en")) or entry["en"]


def tag_label(tag: str) -> str:
    entry = TAGS.get(tag, {"en": tag})
    return entry.get(g.get("lang", "en")) or entry["en"]


def column_label(query: saved_queries.SavedQuery, column: str) -> str:
    entry = query.column_labels.get(column) or COLUMNS.get(column)
    if not entry:
        return column.replace("_", " ")
    return entry.get(g.get("lang", "en")) or entry.get("en") or column


def compact(iri: str) -> str:
    """id:person/jeff-cuthbert rather than the full IRI, for reading in a table."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    return f"{name}:{iri[len(best):]}" if best else iri


def cell_href(iri: str) -> str:
    """Local pages for our own IRIs when the linked-data pages are served, else the IRI."""
    from flask import current_app

    if "linked.dataset" in current_app.view_functions:
        for prefix in LOCAL_PREFIXES:
            if iri.startswith(prefix):
                return "/" + iri[len("https://w3id.org/eqkg/"):]
    return iri


# -- request parsing ------------------------------------------------------------

def _int_arg(name: str, default: int | None, low: int, high: int) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise InputError(f"{name} must be between {low} and {high}")
    return value


def paging(default_limit: int) -> tuple[int, int]:
    """(limit, offset) from limit/offset, or from page/per_page."""
    per_page = _int_arg("per_page", None, 1, openapi.MAX_LIMIT)
    limit = _int_arg("limit", None, 1, openapi.MAX_LIMIT) or per_page or default_limit
    page = _int_arg("page", None, 1, 1_000_000)
    offset = _int_arg("offset", 0, 0, 1_000_000) or 0
    if page is not None:
        offset = (page - 1) * limit
    return limit, offset


def query_params() -> dict[str, str]:
    """The saved query's own parameters: every argument the API does not keep for itself."""
    return {k: v for k, v in request.args.items() if k not in saved_queries.RESERVED_NAMES}


def page_url(endpoint: str, name: str, offset: int, limit: int, **extra: Any) -> str:
    args = {k: v for k, v in request.args.items() if k not in ("offset", "page", "per_page")}
    args.update({"offset": str(offset), "limit": str(limit)}, **extra)
    return url_for(endpoint, name=name, _external=endpoint.startswith("queries.api")) \
        + "?" + urlencode(args)


# -- HTML pages -----------------------------------------------------------------

@bp.get("/queries")
def index() -> Any:
    library = saved_queries.load_library()
    groups: dict[str, list[saved_queries.SavedQuery]] = {}
    for query in library.values():
        groups.setdefault(query.tags[0] if query.tags else "", []).append(query)
    ordered = sorted(groups.items(), key=lambda kv: list(TAGS).index(kv[0])
                     if kv[0] in TAGS else len(TAGS))
    return render_template("queries/index.html", groups=ordered, ui=ui, tag_label=tag_label)


@bp.get("/queries/<name>")
def show(name: str) -> Any:
    query = saved_queries.get(name)
    store = get_store()
    lang = g.get("lang", "en")
    params = query_params()
    fields = []
    for param in query.parameters:
        values = saved_queries.allowed_values(store, param)
        fields.append({"param": param, "values": values,
                       "value": params.get(param.name, param.default or ""),
                       "label": param.label_in(lang),
                       "help": param.description.get(lang) or param.description.get("en", "")})
    error = None
    table: Table | None = None
    status = 200
    try:
        limit, offset = paging(PAGE_ROWS)
        table = saved_queries.run(store, name, params, limit=limit, offset=offset)
    except InputError as exc:
        error, status, limit, offset = str(exc), 400, PAGE_ROWS, 0
    args = {k: v for k, v in request.args.items() if k not in ("offset", "limit", "page")}
    links = {
        "csv": url_for("queries.api_run", name=name + ".csv") + "?" + urlencode(params),
        "json": url_for("queries.api_run", name=name) + "?" + urlencode(params),
        "next": (url_for("queries.show", name=name) + "?"
                 + urlencode({**args, "offset": offset + limit, "limit": limit})
                 if table is not None and table.capped else None),
        "previous": (url_for("queries.show", name=name) + "?"
                     + urlencode({**args, "offset": max(0, offset - limit), "limit": limit})
                     if offset > 0 else None),
    }
    return render_template(
        "queries/show.html", query=query, fields=fields, table=table, error=error,
        links=links, offset=offset, ui=ui, tag_label=tag_label,
        column_label=lambda c: column_label(query, c), compact=compact, href=cell_href,
        term_text=term_text,
    ), status


# -- REST API -------------------------------------------------------------------

def _csv_wanted(name: str) -> tuple[str, bool]:
    if name.endswith(".csv"):
        return name[: -len(".csv")], True
    if request.args.get("format") == "csv":
        return name, True
    best = request.accept_mimetypes.best_match(
        ["application/json", CSV_TYPE, "application/sparql-results+json"])
    return name, best == CSV_TYPE


@bp.get("/api/queries")
def api_list() -> Any:
    library = saved_queries.load_library()
    items = [{**q.metadata(), "href": url_for("queries.api_run", name=q.name, _external=True)}
             for q in library.values()]
    response = jsonify({"queries": items})
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/api/queries/<name>")
def api_run(name: str) -> Any:
    name, as_csv = _csv_wanted(name)
    query = saved_queries.get(name)
    limit, offset = paging(openapi.DEFAULT_LIMIT)
    substitutions = saved_queries.bind(get_store(), query, query_params())
    table = saved_queries.execute(get_store(), query, substitutions, limit=limit, offset=offset)
    next_url = page_url("queries.api_run", name + (".csv" if as_csv else ""),
                        offset + limit, limit) if table.capped else None
    if as_csv:
        response = Response(table_csv(table), content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    elif request.accept_mimetypes.best == "application/sparql-results+json":
        response = jsonify(table_json(table))
        response.content_type = "application/sparql-results+json"
    else:
        response = jsonify({
            "query": name,
            "parameters": {k: str(v) for k, v in substitutions.items()},
            "columns": table.columns,
            "rows": table.to_records(),
            "offset": offset, "limit": limit, "count": len(table.rows),
            "next": next_url,
        })
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.vary.add("Accept")
    return response


@bp.get("/api/openapi.json")
def api_openapi() -> Any:
    document = openapi.build(get_store(), saved_queries.load_library())
    document["servers"] = [{"url": request.url_root.rstrip("/")}]
    response = jsonify(document)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.errorhandler(ParameterError)
def _parameter_error(exc: ParameterError) -> Any:
    """A bad parameter answers 400 with the parameter and its allowed values as data."""
    if request.path.startswith("/api/"):
        body = {"error": str(exc), "status": 400, "parameter": exc.parameter}
        if exc.allowed:
            body["allowed"] = exc.allowed
        return jsonify(body), 400
    return error_response(str(exc), 400)
