"""/sparql (SPARQL 1.1 Protocol endpoint) and /editor (YASGUI query editor).

The view only adapts HTTP to eqkg.sparql: read the request, guard it,
negotiate a format, hand the query to a worker process, send the bytes back.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import threading
from typing import Any

from flask import Blueprint, Response, current_app, g, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from .. import formats
from ..i18n import t
from ..namespaces import PREFIXES, sparql_prologue
from ..sparql import Settings, guard, protocol
from ..sparql.cache import CACHE_HEADER, AnswerCache, ResultCache
from ..sparql.description import service_description
from ..sparql.executor import Busy, Job, WorkerPool
from ..sparql.service import CACHE_SECONDS, RemoteRunner, ServedStore, ValueCache
from ..store import is_remote
from . import error_response, get_store, open_served_store

bp = Blueprint("sparql", __name__)
_pool_lock = threading.Lock()

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept",
    "Access-Control-Expose-Headers": f"{protocol.CAPPED_HEADER}, {CACHE_HEADER}",
    "Access-Control-Max-Age": "86400",
}
# Routes anyone may read from another origin (no credentials are ever used): the
# endpoint, the REST API's reads, the linked-data pages, the dataset and the dumps.
# Uploads (/api/validate, /validate) are not among them.
READ_PREFIXES = ("/sparql", "/api/queries", "/api/openapi.json", "/api/explain",
                 "/api/statements", "/api/check", "/id/", "/vocab/", "/graph/", "/ontology",
                 "/dataset", "/.well-known/void", "/context.jsonld", "/dumps/", "/queries")
# A header name (RFC 9110 token); a preflight asking for anything else gets the default list.
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}")
MAX_REQUESTED_HEADERS = 32


def is_read_route(path: str) -> bool:
    return path.startswith(READ_PREFIXES) and not path.startswith("/api/validate")


def allowed_headers(requested: str | None) -> str:
    """The preflight's Access-Control-Allow-Headers: the headers the client asks for
    (Access-Control-Request-Headers), when they are plain header names, else the default.
    Reads carry no credentials, so any header a client wants to send is harmless."""
    names = [n.strip() for n in (requested or "").split(",") if n.strip()]
    if not names or len(names) > MAX_REQUESTED_HEADERS or not all(
            _HEADER_NAME.fullmatch(n) for n in names):
        return CORS_HEADERS["Access-Control-Allow-Headers"]
    default = [h.strip() for h in CORS_HEADERS["Access-Control-Allow-Headers"].split(",")]
    extra = [n for n in names if n.lower() not in {d.lower() for d in default}]
    return ", ".join(default + extra)


def settings() -> Settings:
    found = current_app.extensions.get("eqkg.sparql.settings")
    if found is None:
        found = Settings.from_config(current_app.config)
        current_app.extensions["eqkg.sparql.settings"] = found
    return found


def local_graphs() -> dict[str, int]:
    """The store's named graphs with sizes, read once (the served store is read-only)."""
    found = current_app.extensions.get("eqkg.sparql.graphs")
    if found is None:
        found = get_store().graphs()
        current_app.extensions["eqkg.sparql.graphs"] = found
    return found


def pool() -> WorkerPool | RemoteRunner:
    """The app's query runner, started on the first query: worker processes over the
    embedded store, or a bounded set of connections to a SPARQL server."""
    found = current_app.extensions.get("eqkg.sparql.pool")
    if found is None:
        with _pool_lock:
            found = current_app.extensions.get("eqkg.sparql.pool")
            if found is None:
                conf = settings()
                inner = open_served_store()  # a missing store is reported before workers start
                if is_remote(current_app.config["STORE_PATH"]):
                    found = RemoteRunner(inner, conf.workers * 4,
                                         queue_seconds=min(conf.queue_seconds, conf.timeout))
                    current_app.extensions["eqkg.sparql.pool"] = found
                    return found
                found = _shared_pool(current_app.config["STORE_PATH"], conf)
                _SWITCH_CALLBACKS[id(found)].append(_switched(current_app._get_current_object()))
                current_app.extensions["eqkg.sparql.pool"] = found
    return found


# Apps of one process over the same store with the same limits share their workers
# (a test session builds many apps; `eqkg serve` builds one).
_POOLS: dict[tuple[Any, ...], WorkerPool] = {}
_SWITCH_CALLBACKS: dict[int, list[Any]] = {}


def _shared_pool(store_path: str, conf: Settings) -> WorkerPool:
    key = (store_path, conf.workers, not conf.allow, conf.memory_mb, conf.in_memory,
           conf.reserved, conf.client_queries, conf.client_queue, conf.queue,
           min(conf.queue_seconds, conf.timeout), conf.cheap_seconds)
    found = _POOLS.get(key)
    if found is not None and not found._closed:
        return found
    callbacks: list[Any] = []

    def switched() -> None:
        for forget in list(callbacks):
            forget()

    found = WorkerPool(store_path, conf.workers, isolate_network=not conf.allow,
                       memory_mb=conf.memory_mb, in_memory=conf.in_memory,
                       reserved=conf.reserved, per_client=conf.client_queries,
                       client_queue=conf.client_queue, queue_size=conf.queue,
                       queue_seconds=min(conf.queue_seconds, conf.timeout),
                       cheap_seconds=conf.cheap_seconds, watch=True, on_switch=switched)
    _POOLS[key] = found
    _SWITCH_CALLBACKS[id(found)] = callbacks
    return found


def served_store() -> ServedStore:
    """The store pages read through: the same runner, limits and guard as /sparql, and a
    cache of answers (eqkg.sparql.service)."""
    conf = settings()
    remote = is_remote(current_app.config["STORE_PATH"])
    cache = current_app.extensions.get("eqkg.store.cache")
    if cache is None:
        cache = ValueCache(conf.cache_mb * 1024 * 1024, CACHE_SECONDS if remote else None)
        current_app.extensions["eqkg.store.cache"] = cache
    return ServedStore(open_served_store(), pool(), timeout=conf.timeout,
                       max_rows=conf.max_rows, max_bytes=int(conf.max_mb * 1024 * 1024),
                       allow=conf.allow, cache=cache,
                       client=lambda: (request.remote_addr or "") if request else "")


def _switched(app: Any) -> Any:
    """What the web process forgets when `eqkg load` switched the store: the open store,
    its graph list and every cached answer (they were right for the old store)."""
    def forget() -> None:
        app.extensions.pop("eqkg.store", None)
        app.extensions.pop("eqkg.store.inner", None)
        values = app.extensions.get("eqkg.store.cache")
        if values is not None:
            values.clear()
        app.extensions.pop("eqkg.sparql.graphs", None)
        answers = app.extensions.get("eqkg.sparql.cache")
        if answers is not None:
            answers.clear()
    return forget


@bp.before_app_request
def _preflight() -> Response | None:
    """Answer a CORS preflight on any read route before Flask's automatic OPTIONS."""
    if request.method != "OPTIONS" or not is_read_route(request.path):
        return None
    response = Response(status=204)
    methods = "GET, POST, OPTIONS" if request.path == "/sparql" else "GET, HEAD, OPTIONS"
    response.headers.update({
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": methods,
        "Access-Control-Allow-Headers": allowed_headers(
            request.headers.get("Access-Control-Request-Headers")),
        "Access-Control-Max-Age": CORS_HEADERS["Access-Control-Max-Age"],
    })
    response.vary.add("Access-Control-Request-Headers")
    return response


@bp.after_app_request
def _cors(response: Response) -> Response:
    """Every answer of a read route, errors included, may be read by other origins."""
    if request.method == "OPTIONS" or not is_read_route(request.path):
        return response
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    if request.path == "/sparql":
        for name, value in CORS_HEADERS.items():
            response.headers.setdefault(name, value)
        response.vary.add("Accept")
    return response


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_exc: RequestEntityTooLarge) -> Any:
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    return error_response(f"the request body is larger than this endpoint accepts "
                          f"({limit} bytes)", 413)


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"], provide_automatic_options=False)
def endpoint() -> Any:
    if request.method == "OPTIONS":  # answered by _preflight; kept for apps without it
        return Response(status=204)
    conf = settings()
    req = protocol.read_request(
        request.method, request.content_type or "",
        request.args.to_dict(flat=False),
        request.form.to_dict(flat=False) if request.mimetype == (
            "application/x-www-form-urlencoded") else {},
        request.get_data(cache=False) if request.mimetype == "application/sparql-query"
        else None,
        conf.max_query_length,
    )
    if req.query is None:
        return _describe(conf)
    info = guard.analyse_cached(req.query, conf.timeout)
    if req.default_graphs or req.named_graphs:
        # The protocol's dataset replaces the query's FROM / FROM NAMED (SPARQL 1.1
        # Protocol 2.1.4), so those IRIs are not used and need no check. Graph IRIs
        # are only ever looked up in the store: one it does not hold is an empty graph,
        # and nothing is fetched (the W3C protocol tests name graphs the store lacks).
        info = dataclasses.replace(info, targets=[
            t for t in info.targets if t.keyword not in ("FROM", "FROM NAMED")])
    guard.check(info, conf.allow, local_graphs())
    kind = info.result_kind
    # A person's browser asking for a SELECT answer gets it as a page (web/queries.py).
    as_page = kind == "bindings" and not req.formats and (
        request.accept_mimetypes.best == "text/html")
    # An unrecognised form is left to the parser, which names the syntax error.
    fmt = formats.get("json") if as_page else protocol.negotiate(
        "graph" if kind == "graph" else "results", request.accept_mimetypes
        if "Accept" in request.headers else None, req.formats)
    # Relative IRIs in the query resolve against the endpoint's own URL (the protocol's
    # retrieval URL; a BASE in the query still takes precedence).
    job = Job(query=req.query, kind=kind or "bindings", fmt=fmt.key, max_rows=conf.max_rows,
              default_graphs=tuple(req.default_graphs), named_graphs=tuple(req.named_graphs),
              dataset_in_query=info.has_dataset, inferred=req.inferred,
              max_bytes=int(conf.max_mb * 1024 * 1024),
              base_iri=url_for("sparql.endpoint", _external=True))
    try:
        # The client, for fair queuing: the peer's address (or the address a trusted
        # proxy reported, where EQKG_TRUSTED_PROXIES installs ProxyFix).
        outcome = pool().execute(job, conf.timeout, client=request.remote_addr or "")
    except Busy as exc:
        body, status = error_response(str(exc), exc.http_status)
        response = current_app.make_response((body, status))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    if outcome.error is not None:
        return error_response(outcome.error, outcome.status)
    if as_page:
        from .queries import sparql_answer_page

        return sparql_answer_page(req.query, outcome.body, outcome.capped)
    response = Response(outcome.body, status=200, content_type=fmt.content_type)
    # A complete answer: AnswerCache (installed by with_answer_cache) may keep it and
    # replay it, marked "hit", to the same request.
    response.headers[CACHE_HEADER] = "miss"
    if outcome.capped:
        response.headers[protocol.CAPPED_HEADER] = "true"
    return response


def with_answer_cache(app: Any) -> None:
    """Put the answer cache in front of the app when the settings give it memory.

    The settings are read here, once, and kept for `settings()`: a bad value fails
    when the app is built, not on its first query."""
    conf = Settings.from_config(app.config)
    app.extensions["eqkg.sparql.settings"] = conf
    if conf.cache_mb:
        answers = ResultCache(conf.cache_mb * 1024 * 1024)
        app.extensions["eqkg.sparql.cache"] = answers
        app.wsgi_app = AnswerCache(app.wsgi_app, answers,
                                   max_body=app.config.get("MAX_CONTENT_LENGTH") or 2 * 1024 * 1024)


def _describe(conf: Settings) -> Any:
    """The service description in the RDF format the client prefers (Turtle for browsers)."""
    requested = request.args.getlist("format")
    if requested:
        fmt = protocol.negotiate("graph", None, requested)
    else:
        page_or_rdf = (formats.get("html"), *protocol.GRAPH_FORMATS)
        fmt = formats.negotiate(page_or_rdf, request.accept_mimetypes if "Accept" in
                                request.headers else None, what="a service description")
        if fmt.kind == formats.PAGE:
            if request.accept_mimetypes.best == "text/html":  # a person: the query editor
                return redirect(url_for("sparql.editor", lang=g.get("lang", "en")), 303)
            fmt = protocol.GRAPH_FORMATS[0]  # */*: Turtle, which reads as text
    graph = service_description(url_for("sparql.endpoint", _external=True), local_graphs(), conf)
    return Response(graph.serialize(format=fmt.rdflib), content_type=fmt.content_type)


# -- the editor ------------------------------------------------------------------

BUILTIN_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("Named graphs and their sizes",
     "SELECT ?graph (COUNT(*) AS ?triples)\nWHERE { GRAPH ?graph { ?s ?p ?o } }\n"
     "GROUP BY ?graph\nORDER BY DESC(?triples)"),
    ("Classes in use",
     "SELECT ?class (COUNT(?x) AS ?instances)\nWHERE { ?x a ?class }\n"
     "GROUP BY ?class\nORDER BY DESC(?instances)\nLIMIT 50"),
    ("Protected characteristics (English and Welsh)",
     "SELECT ?characteristic ?en ?cy\nWHERE {\n  ?characteristic a eq:ProtectedCharacteristic ;\n"
     "    skos:prefLabel ?en , ?cy .\n  FILTER(lang(?en) = \"en\" && lang(?cy) = \"cy\")\n}\n"
     "ORDER BY ?en"),
    ("Objectives and the characteristics they cover",
     "SELECT ?objective ?title ?characteristic\nWHERE {\n  ?objective a eq:EqualityObjective .\n"
     "  OPTIONAL { ?objective dcterms:title ?title }\n"
     "  OPTIONAL { ?objective eq:covers ?characteristic }\n}\nORDER BY ?objective\nLIMIT 200"),
    ("Commitments covering race (including narrower terms)",
     "SELECT DISTINCT ?commitment ?text\nWHERE {\n  ?commitment a eq:Commitment ;\n"
     "    eq:covers pc:race .\n  OPTIONAL { ?commitment eq:text ?text }\n}\nLIMIT 200"),
    ("Actions arising from meetings, with their leads",
     "SELECT ?meeting ?action ?lead ?text\nWHERE {\n  ?action eq:arisingFrom ?meeting .\n"
     "  OPTIONAL { ?action eq:lead ?lead }\n  OPTIONAL { ?action eq:text ?text }\n}\n"
     "ORDER BY ?meeting ?action\nLIMIT 200"),
)

# The built-in examples' titles as messages, so a Welsh editor lists them in Welsh.
EXAMPLE_KEYS = dict(zip((title for title, _ in BUILTIN_EXAMPLES),
                        ("sparql.example.graphs", "sparql.example.classes",
                         "sparql.example.characteristics", "sparql.example.objectives",
                         "sparql.example.race", "sparql.example.actions"), strict=True))


def editor_examples(lang: str = "en") -> list[dict[str, str]]:
    """Example queries for the editor: built-ins, then the saved-query library if present.

    The saved-queries module is optional (another part of the project); any
    entry with a title-like and a query-like attribute is offered.
    """
    examples = [{"title": t(EXAMPLE_KEYS[title], lang), "query": query}
                for title, query in BUILTIN_EXAMPLES]
    try:
        saved = importlib.import_module("eqkg.saved_queries")
        library = saved.load_library()
    except Exception:  # noqa: BLE001 - the editor must open even if the library is broken
        return examples
    items = library.values() if isinstance(library, dict) else library
    for item in items:
        title = _first_attr(item, ("title", "summary", "name"))
        query = _first_attr(item, ("query", "text", "sparql"))
        if isinstance(title, dict):
            title = title.get(lang) or title.get("en") or next(iter(title.values()), "")
        if isinstance(title, str) and isinstance(query, str):
            examples.append({"title": title, "query": query})
    return examples


def _first_attr(item: Any, names: tuple[str, ...]) -> Any:
    for name in names:
        value = item.get(name) if isinstance(item, dict) else getattr(item, name, None)
        if value:
            return value
    return None


# Editor page wording; the Welsh awaits a fluent speaker's review (see eqkg.i18n.NEEDS_REVIEW).
@bp.get("/editor")
def editor() -> Any:
    """The YASGUI editor, served from local static files, preset to this endpoint."""
    lang = g.get("lang", "en")
    endpoint_url = url_for("sparql.endpoint", _external=True)
    editor_config = {
        "endpoint": endpoint_url,
        "prologue": sparql_prologue(),
        "defaultQuery": sparql_prologue() + "\nSELECT ?s ?p ?o\nWHERE { ?s ?p ?o }\nLIMIT 25\n",
        "examples": editor_examples(lang),
        "prefixes": PREFIXES,
    }
    return render_template("sparql_editor.html", endpoint_url=endpoint_url,
                           examples=editor_config["examples"], editor_config=editor_config,
                           limits=settings())


__all__ = ["bp", "editor_examples"]
