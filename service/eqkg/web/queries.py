"""Saved queries on the web: a page per question with a form, and the same questions as REST.

Views only parse the request and render; `eqkg.saved_queries` does the work,
so the pages, the API and the CLI give the same answers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from .. import formats, saved_queries
from ..errors import InputError
from ..i18n import current_lang, has, pick, t
from ..i18n.errors import localise
from ..results import Table, table_bytes
from ..saved_queries import openapi
from ..saved_queries.params import ParameterError
from . import error_response, get_store
from .tables import display_table

bp = Blueprint("queries", __name__)

# Page size of the web table; the API's default and cap are in saved_queries.openapi.
PAGE_ROWS = 500
# What GET /api/queries/{name} answers in, from the format registry: plain JSON records
# by default (format=json), CSV, or SPARQL JSON (format=sparql-json or its media type).
ANSWER_FORMATS = formats.pick("records", "csv", "json")
TAG_ORDER = ("coverage", "commitments", "plans", "gaps", "people", "meetings", "progress",
             "recommendations", "indicators", "themes", "search", "provenance")


def tag_label(tag: str) -> str:
    return t("queries.tag." + tag)


def column_label(query: saved_queries.SavedQuery, column: str) -> str:
    """The query's own heading for a column, else a shared one, else the variable name."""
    own = pick(query.column_labels.get(column))
    if own:
        return own
    key = "queries.column." + column
    return t(key) if has(key) else column.replace("_", " ")



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
    ordered = sorted(groups.items(), key=lambda kv: TAG_ORDER.index(kv[0])
                     if kv[0] in TAG_ORDER else len(TAG_ORDER))
    return render_template("queries/index.html", groups=ordered, tag_label=tag_label)


def _query_url(endpoint: str, name: str, args: dict[str, Any]) -> str:
    return url_for(endpoint, name=name) + "?" + urlencode(args)


@bp.get("/queries/<name>")
def show(name: str) -> Any:
    query = saved_queries.get(name)
    store = get_store()
    lang = current_lang()
    params = query_params()
    fields = []
    for param in query.parameters:
        values = saved_queries.allowed_values(store, param)
        fields.append({"param": param, "values": values,
                       "value": params.get(param.name, param.default or ""),
                       "label": param.label_in(lang),
                       "help": pick(param.description, lang) or ""})
    error = None
    table: Table | None = None
    status = 200
    try:
        limit, offset = paging(PAGE_ROWS)
        table = saved_queries.run(store, name, params, limit=limit, offset=offset)
    except InputError as exc:
        error, status, limit, offset = localise(str(exc), current_lang()), 400, PAGE_ROWS, 0
    args = {k: v for k, v in request.args.items() if k not in ("offset", "limit", "page")}
    links = {
        "csv": _query_url("queries.api_run", name + ".csv", params),
        "json": _query_url("queries.api_run", name, params),
        "next": (_query_url("queries.show", name, {**args, "offset": offset + limit,
                                                    "limit": limit})
                 if table is not None and table.capped else None),
        "previous": (_query_url("queries.show", name, {**args, "offset": max(0, offset - limit),
                                                        "limit": limit})
                     if offset > 0 else None),
    }
    shown = display_table(store, table, lang) if table is not None else None
    return render_template(
        "queries/show.html", query=query, fields=fields, table=shown, error=error,
        links=links, offset=offset, tag_label=tag_label,
        column_label=lambda c: column_label(query, c),
    ), status


def queries_about(iri: str) -> list[tuple[str, str]]:
    """(title, URL) of each saved query that takes `iri` as a parameter value, for linking
    a resource's page to the questions about it (a characteristic to its commitments)."""
    store = get_store()
    lang = current_lang()
    out = []
    for query in saved_queries.load_library().values():
        for param in query.parameters:
            values = saved_queries.allowed_values(store, param) or []
            match = next((v for v in values if v.term == iri), None)
            if match is not None:
                out.append((query.title_in(lang), _query_url(
                    "queries.show", query.name, {param.name: match.value, "lang": lang})))
    return out


# -- REST API -------------------------------------------------------------------

def _answer_type(name: str) -> tuple[str, str]:
    """(query name, format name): a `.csv` suffix, else ?format=, else Accept (JSON first)."""
    stem, ext = formats.split_extension(name, ANSWER_FORMATS[1:2])
    if ext is not None:
        return stem, ext.name
    return name, formats.choose(request.accept_mimetypes, request.args.get("format"),
                                ANSWER_FORMATS).name


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
    name, answer_type = _answer_type(name)
    as_csv = answer_type == "csv"
    query = saved_queries.get(name)
    limit, offset = paging(openapi.DEFAULT_LIMIT)
    substitutions = saved_queries.bind(get_store(), query, query_params())
    table = saved_queries.execute(get_store(), query, substitutions, limit=limit, offset=offset)
    next_url = page_url("queries.api_run", name + (".csv" if as_csv else ""),
                        offset + limit, limit) if table.capped else None
    if as_csv:  # the bytes `eqkg query NAME --format csv` prints (eqkg.results writes both)
        response = Response(table_bytes(table, "csv"), content_type=formats.get("csv").content_type)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    elif answer_type == "json":  # SPARQL JSON
        response = Response(table_bytes(table, "json"),
                            content_type=formats.get("json").content_type)
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
