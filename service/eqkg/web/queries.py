"""Saved queries on the web: a page per question with a form, and the same questions as REST.

Views only parse the request and render; `eqkg.saved_queries` does the work,
so the pages, the API and the CLI give the same answers.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from rdflib import BNode, Literal, URIRef

from .. import formats, saved_queries
from ..errors import InputError
from ..i18n import current_lang, downloads, has, pick, t
from ..i18n.errors import localise
from ..results import Table, table_bytes
from ..saved_queries import openapi
from ..saved_queries.params import ParameterError
from . import error_response, get_store, tables
from .coverage import Bar
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


# Rows a page reads from one answer (it sorts, filters and pages them itself) and shows at once.
WEB_ROWS = 10_000
PER_PAGE = 50
MAX_PER_PAGE = 500
# The same page as data: /queries/NAME.json, .csv (UTF-8 with a BOM), .xlsx.
DOWNLOADS = {"json": "application/json",
             "csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
CHART_MAX_ROWS = 40
FILTER_PREFIX = "_f_"
VIEW_ARGS = ("_sort", "_desc")


def split_suffix(name: str) -> tuple[str, str | None]:
    """("search.csv") -> ("search", "csv"); saved-query names hold no dots."""
    stem, dot, ext = name.rpartition(".")
    if dot and ext in DOWNLOADS:
        return stem, ext
    return name, None


def page_params() -> dict[str, str]:
    """The saved query's parameters from a page's URL: not the API's reserved names and not
    the page's own controls (`_sort`, `_desc`, `_f_<column>`)."""
    return {k: v for k, v in query_params().items() if not k.startswith("_")}


def _page_number(per_page: int) -> int:
    page = _int_arg("page", None, 1, 1_000_000)
    if page is None:
        offset = _int_arg("offset", 0, 0, 10_000_000) or 0
        page = offset // per_page + 1
    return page


def _url(path: str, **changes: Any) -> str:
    """`path` with this request's arguments, some changed (None removes one)."""
    args = {k: v for k, v in request.args.items() if k not in ("offset", "limit")}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = str(value)
    return path + ("?" + urlencode(args) if args else "")


def _self_url(name: str, ext: str | None = None, **changes: Any) -> str:
    """This saved-query page's URL (or its .json/.csv/.xlsx twin) with some arguments changed."""
    return _url(url_for("queries.show", name=name + (f".{ext}" if ext else "")), **changes)


def pagination(path: str, answer: tables.Arranged) -> list[dict[str, Any]]:
    """GOV.UK pagination items: first, last, the current page and its neighbours, with
    ellipses between."""
    wanted = sorted({1, answer.pages, answer.page - 1, answer.page, answer.page + 1})
    items: list[dict[str, Any]] = []
    previous = 0
    for number in (n for n in wanted if 1 <= n <= answer.pages):
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "current": number == answer.page,
                      "href": _url(path, page=number)})
        previous = number
    return items


def _arranged(shown: tables.DisplayTable, headings: dict[str, str], path: str, page: int,
              per_page: int) -> tuple[tables.Arranged, list[dict[str, Any]]]:
    """The answer filtered, sorted and paged as this request asks, and its column headers
    (label, alignment, sort state and link)."""
    sort = request.args.get("_sort") or None
    if sort is not None and sort not in shown.columns:
        raise InputError(t("answers.bad_sort", column=sort, columns=", ".join(shown.columns)))
    descending = request.args.get("_desc", "") in ("1", "true", "yes", "on")
    filters = {k[len(FILTER_PREFIX):]: v for k, v in request.args.items()
               if k.startswith(FILTER_PREFIX) and v.strip()}
    answer = tables.arrange(shown, sort=sort, descending=descending, filters=filters,
                            page=page, per_page=per_page)
    columns = []
    for column in shown.columns:
        current = "descending" if sort == column and descending else (
            "ascending" if sort == column else None)
        columns.append({
            "name": column, "label": headings[column],
            "numeric": column in answer.numeric, "sorted": current,
            "sort_href": _url(path, _sort=column, page=None,
                              _desc="1" if current == "ascending" else None),
            "filter": filters.get(column, ""),
        })
    return answer, columns


def _chart(query: saved_queries.SavedQuery, answer: tables.Arranged,
           headings: dict[str, str]) -> dict[str, Any] | None:
    """A bar chart of the answer's count column against its first text column, for short
    answers that have one (the query's `chart` header names the column when it is not the
    first count)."""
    if not 1 <= answer.total <= CHART_MAX_ROWS or not answer.numeric:
        return None
    value = query.chart if query.chart in answer.numeric else next(
        c for c in answer.columns if c in answer.numeric)
    label = next((c for c in answer.columns if c not in answer.numeric), None)
    if label is None:
        return None
    li, vi = answer.columns.index(label), answer.columns.index(value)
    bars = []
    for i, row in enumerate(answer.rows):
        number = row[vi].number or 0
        bars.append(Bar(str(i), row[li].text or "–", int(number) if float(number).is_integer()
                        else number))
    return {"bars": bars, "peak": max((b.count for b in bars), default=0),
            "label": headings[label], "value": headings[value],
            "title": t("answers.chart_title", value=headings[value], label=headings[label])}


@bp.get("/queries/<name>")
def show(name: str) -> Any:
    name, ext = split_suffix(name)
    query = saved_queries.get(name)
    store = get_store()
    lang = current_lang()
    params = page_params()
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
        per_page = _int_arg("per_page", None, 1, MAX_PER_PAGE) or \
            _int_arg("limit", None, 1, MAX_PER_PAGE) or PER_PAGE
        page = _page_number(per_page)
        table = saved_queries.run(store, name, params, limit=WEB_ROWS)
    except InputError as exc:
        if ext is not None:
            raise
        error, status, per_page, page = localise(str(exc), current_lang()), 400, PER_PAGE, 1
    headings = {c: column_label(query, c) for c in query.columns}
    answer = chart = None
    columns: list[dict[str, Any]] = []
    if table is not None:
        shown = display_table(store, table, lang)
        headings.update({c: column_label(query, c) for c in shown.columns})
        answer, columns = _arranged(shown, headings, url_for("queries.show", name=name),
                                    page, per_page)
        if ext is not None:
            return _download(query, answer, headings, ext, table.capped)
        chart = _chart(query, answer, headings)
    links = {
        "csv": _self_url(name, "csv", page=None),
        "xlsx": _self_url(name, "xlsx", page=None),
        "json": _self_url(name, "json"),
        "api_csv": _query_url("queries.api_run", name + ".csv", params),
        "api_json": _query_url("queries.api_run", name, params),
        "previous": (_self_url(name, page=answer.page - 1)
                     if answer is not None and answer.page > 1 else None),
        "next": (_self_url(name, page=answer.page + 1)
                 if answer is not None and answer.page < answer.pages else None),
        "clear": _self_url(name, **_cleared()),
    }
    return render_template(
        "queries/show.html", query=query, fields=fields, answer=answer, columns=columns,
        error=error, links=links, tag_label=tag_label, capped=table is not None and table.capped,
        pages=pagination(url_for("queries.show", name=name), answer) if answer is not None
        else [], chart=chart,
        per_page=per_page, filter_prefix=FILTER_PREFIX,
        column_label=lambda c: column_label(query, c),
    ), status


def _cleared() -> dict[str, Any]:
    return {**{k: None for k in request.args if k.startswith(FILTER_PREFIX) or k in VIEW_ARGS},
            "page": None}


def sparql_answer_page(query_text: str, body: bytes, capped: bool) -> Any:
    """A SELECT answer of /sparql for a browser: the SPARQL JSON results the endpoint's
    worker wrote, shown as a readable table (labels, Yes/No, numbers right-aligned),
    sorted, filtered and paged like a saved query's answer."""
    data = json.loads(body)
    variables = data["head"]["vars"]
    rows = [[_json_term(b.get(v)) for v in variables] for b in data["results"]["bindings"]]
    table = Table(variables, rows, capped or bool(data.get("capped")))
    store = get_store()
    shown = display_table(store, table, current_lang())
    headings = {c: t("queries.column." + c) if has("queries.column." + c)
                else c.replace("_", " ") for c in table.columns}
    per_page = _int_arg("per_page", None, 1, MAX_PER_PAGE) or PER_PAGE
    path = url_for("sparql.endpoint")
    answer, columns = _arranged(shown, headings, path, _page_number(per_page), per_page)
    links = {
        "previous": _url(path, page=answer.page - 1) if answer.page > 1 else None,
        "next": _url(path, page=answer.page + 1) if answer.page < answer.pages else None,
        "clear": _url(path, **_cleared()),
        "editor": url_for("sparql.editor", lang=current_lang()),
        "json": _url(path, format="json"), "csv": _url(path, format="csv"),
    }
    page = render_template("queries/sparql_answer.html", query_text=query_text, answer=answer,
                           columns=columns, links=links, capped=table.capped,
                           pages=pagination(path, answer), filter_prefix=FILTER_PREFIX)
    response = Response(page, content_type="text/html; charset=utf-8")
    response.vary.add("Accept")
    return response


def _json_term(binding: dict[str, Any] | None) -> Any:
    """An rdflib term from a SPARQL JSON binding (None when unbound)."""
    if binding is None:
        return None
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        datatype = binding.get("datatype")
        return Literal(value, lang=binding.get("xml:lang"),
                       datatype=URIRef(datatype) if datatype and not binding.get("xml:lang")
                       else None)
    return Literal(json.dumps(value))  # a triple term, shown as written


def _download(query: saved_queries.SavedQuery, answer: tables.Arranged,
              headings: dict[str, str], ext: str, capped: bool) -> Response:
    """The answer as the page arranges it: JSON (this page of rows), or every matching row
    as CSV with a BOM or XLSX, headed in the page's language."""
    lang = current_lang()
    filename = f"{query.name}-{lang}.{ext}"
    if ext == "json":
        rows = []
        for row in answer.page_rows:
            record: dict[str, Any] = {}
            for column, cell in zip(answer.columns, row, strict=True):
                if cell.number is not None:
                    record[column] = int(cell.number) if cell.number.is_integer() \
                        else cell.number
                else:
                    record[column] = cell.text
                if cell.title:
                    record[column + "_iri"] = cell.title
            rows.append(record)
        body = {
            "query": query.name, "title": query.title_in(lang), "lang": lang,
            "description": query.plain_in(lang),
            "columns": [{"name": c, "label": headings[c], "numeric": c in answer.numeric}
                        for c in answer.columns],
            "rows": rows, "total": answer.total, "page": answer.page, "pages": answer.pages,
            "per_page": answer.per_page, "first": answer.first, "last": answer.last,
            "truncated": capped,
            "next": (_self_url(query.name, "json", page=answer.page + 1)
                     if answer.page < answer.pages else None),
        }
        response = Response(json.dumps(body, ensure_ascii=False, indent=1),
                            content_type="application/json")
    else:
        header, rows = tables.download_rows(answer.columns, [headings[c] for c in answer.columns],
                                            answer.rows, lang)
        data = downloads.to_csv(header, rows) if ext == "csv" else \
            downloads.to_xlsx(header, rows, query.title_in(lang))
        response = Response(data, content_type=DOWNLOADS[ext])
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Content-Language"] = lang
    return response


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
