"""The remote backend: any SPARQL 1.1 server, over the Protocol, Update and Graph Store Protocol.

Tested on Oxigraph server and Virtuoso (docs/stores.md). What differs between
servers is handled here, the same way for all of them:

- the dataset: every query names eqkg's graphs (those under graph/) as its
  default graph and named graphs with `default-graph-uri` / `named-graph-uri`,
  so the default graph is their union whatever the server's own default is
  (Oxigraph: the real default graph; Virtuoso: every graph, its system graphs
  too), and `inferred=False` leaves the inferred graphs out;
- parameters: bound as a VALUES block at the start of the query's WHERE group,
  each value written as N-Triples by `terms.term_text` (no server substitutes);
- the project's prefixes are declared in front of each query;
- time: a client timeout on every request (first byte, then the whole answer),
  plus the server's own timeout where it has one (Oxigraph's `--timeout-s`);
- writes: a graph is replaced by one Graph Store Protocol PUT (atomic on the
  server), or, with no GSP endpoint, by one Update request (DROP + INSERT DATA).

Credentials (basic, digest or bearer) come from settings and are never logged
or put in an error message.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .. import formats
from ..errors import EqkgError, InputError, StoreError
from ..namespaces import GRAPH, PREFIXES, sparql_prologue
from ..results import Table, write_bindings, write_boolean
from .base import Capabilities, Job, Outcome, Quad, is_inferred_graph
from .terms import bind_values, page, query_form, term_text, triple_lines

log = logging.getLogger(__name__)
_BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_]")

RESULTS_JSON = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
NO_GRAPH = "urn:eqkg:no-graph"  # the dataset of a query when the store holds no graph
GRAPH_LIST_SECONDS = 2.0  # how long graphs() reuses the list of graphs and their sizes
NAMES_SECONDS = 10.0  # how long a query's dataset reuses the list of graph names
DEFAULT_TIMEOUT = 30.0
VIRTUOSO_SORT_ROWS = 10_000  # Virtuoso's MaxSortedTopRows: a sorted LIMIT past it fails


class RemoteTimeout(EqkgError):
    """The server did not answer within the time limit."""

    http_status = 503


@dataclass(frozen=True)
class Endpoints:
    """Where a server takes queries, updates and Graph Store Protocol requests."""

    query: str
    update: str | None
    gsp: str | None
    server: str  # oxigraph, fuseki, virtuoso or sparql


def derive_endpoints(query_url: str, update: str | None = None, gsp: str | None = None,
                     server: str | None = None) -> Endpoints:
    """The update and graph-store URLs by each server's convention, unless given:

    - Oxigraph server: /query, /update, /store
    - Apache Jena Fuseki: /DATASET/query (or /sparql), /DATASET/update, /DATASET/data
    - Virtuoso: /sparql for queries; /sparql-auth and /sparql-graph-crud-auth (with a
      user) for updates and graphs
    Any other URL takes updates at the same URL and has no GSP endpoint unless set."""
    parts = urlsplit(query_url)
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    kind = server
    if kind is None:
        if path == "/query":
            kind = "oxigraph"
        elif path in ("/sparql", "/sparql-auth"):
            kind = "virtuoso"
        elif path.endswith(("/query", "/sparql")) and path.count("/") >= 2:
            kind = "fuseki"
        else:
            kind = "sparql"
    base = path.rsplit("/", 1)[0]
    if kind == "oxigraph":
        guess = (at(base + "/update"), at(base + "/store"))
    elif kind == "fuseki":
        guess = (at(base + "/update"), at(base + "/data"))
    elif kind == "virtuoso":
        guess = (at(base + "/sparql-auth"), at(base + "/sparql-graph-crud-auth"))
    else:
        guess = (query_url, None)
    return Endpoints(query_url, update or guess[0], gsp or guess[1], kind)


class RemoteStore:
    """A store on a SPARQL 1.1 server (see the module docstring)."""

    def __init__(self, query_url: str, *, update_url: str | None = None,
                 gsp_url: str | None = None, server: str | None = None,
                 user: str | None = None, password: str | None = None,
                 token: str | None = None, auth_scheme: str = "basic",
                 timeout: float = DEFAULT_TIMEOUT,
                 read_only: bool = False):
        self.endpoints = derive_endpoints(query_url, update_url, gsp_url, server)
        self.location = query_url
        self.path = None  # no folder: the loader writes in place, graph by graph
        self.read_only = read_only
        self.timeout = timeout
        self.capabilities = Capabilities(
            kind="remote", server=self.endpoints.server, substitutions=False,
            union_default_graph=False, cancellable=False,
            writable=not read_only and self.endpoints.update is not None)
        self._session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers["User-Agent"] = "eqkg"
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"
        elif user is not None:
            if auth_scheme == "digest":
                self._session.auth = requests.auth.HTTPDigestAuth(user, password or "")
            else:
                self._session.auth = (user, password or "")
        self._graphs: tuple[float, dict[str, int]] | None = None
        self._lock = threading.Lock()
        self._local = threading.local()  # this thread's deadline (`deadline`)

    @contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """Every request this thread makes inside the block shares one time limit: a
        library function that asks several questions is bounded as a whole."""
        previous = getattr(self._local, "until", None), getattr(self._local, "seconds", None)
        self._local.until, self._local.seconds = time.monotonic() + seconds, seconds
        try:
            yield
        finally:
            self._local.until, self._local.seconds = previous

    def _budget(self, limit: float) -> float:
        """The time limit to name in a message: the whole deadline's, else this request's."""
        return getattr(self._local, "seconds", None) or limit

    def _limit(self, timeout: float | None) -> float:
        limit = timeout or self.timeout
        until = getattr(self._local, "until", None)
        if until is not None:
            left = until - time.monotonic()
            if left <= 0:
                raise RemoteTimeout("the question was stopped after its time limit; narrow "
                                    "it down and try again")
            limit = min(limit, left)
        return limit

    @classmethod
    def from_settings(cls, url: str, settings: Any = None, *,
                      read_only: bool = False) -> RemoteStore:
        """A remote store configured from the settings object (eqkg.settings)."""
        if settings is None:
            from ..settings import load_settings

            settings = load_settings()
        return cls(url, update_url=settings.store_update, gsp_url=settings.store_gsp,
                   server=settings.store_kind, user=settings.store_user,
                   password=settings.store_password, token=settings.store_token,
                   auth_scheme=settings.store_auth, timeout=settings.query_timeout,
                   read_only=read_only)

    def __repr__(self) -> str:  # never shows credentials
        return f"RemoteStore({self.location!r}, server={self.endpoints.server!r})"

    # -- HTTP --------------------------------------------------------------------------

    def _post(self, url: str, *, data: Any, headers: Mapping[str, str],
              timeout: float | None, what: str, stream: bool = False) -> requests.Response:
        limit = self._limit(timeout)
        try:
            response = self._session.post(url, data=data, headers=dict(headers),
                                          timeout=(min(5.0, limit), limit), stream=stream)
        except requests.Timeout:
            raise RemoteTimeout(f"the query was stopped after {self._budget(limit):g} s, the "
                                "time limit; narrow it down (LIMIT, more specific patterns) "
                                "and try again") from None
        except requests.RequestException as exc:
            raise StoreError(f"cannot reach the SPARQL server at {_public(url)} for {what}: "
                             f"{type(exc).__name__}") from None
        if response.status_code in (401, 403):
            raise StoreError(f"the SPARQL server at {_public(url)} refused {what} "
                             f"(HTTP {response.status_code}): check the store's user and "
                             "password or token (EQKG_STORE_USER, EQKG_STORE_PASSWORD, "
                             "EQKG_STORE_TOKEN)")
        if response.status_code >= 400:
            detail = _first_line(response.text)
            if response.status_code in (400, 422):
                raise InputError(f"the SPARQL server refused {what}: {detail}")
            raise StoreError(f"the SPARQL server failed {what} (HTTP "
                             f"{response.status_code}): {detail}")
        return response

    def _read(self, response: requests.Response, deadline: float, limit: float) -> bytes:
        """The body, read before the deadline (the read timeout only bounds each wait)."""
        chunks = []
        try:
            for chunk in response.iter_content(65536):
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    response.close()
                    raise RemoteTimeout(f"the query was stopped after {self._budget(limit):g} "
                                        "s, the time limit; narrow it down and try again")
        except requests.RequestException as exc:
            raise StoreError(f"the SPARQL server's answer broke off: {type(exc).__name__}") \
                from None
        return b"".join(chunks)

    def _names(self) -> list[str]:
        """eqkg's graphs for a query's dataset: the last list read, if under
        NAMES_SECONDS old (a graph a load adds elsewhere is queried that much later)."""
        with self._lock:
            cached = self._graphs
        if cached is not None and time.monotonic() - cached[0] < NAMES_SECONDS:
            return list(cached[1])
        return list(self.graphs())

    def _dataset(self, inferred: bool, default_graph: list[str] | None,
                 named_graphs: list[str] | None) -> list[tuple[str, str]]:
        if default_graph is None and inferred and named_graphs is None \
                and self.endpoints.server == "oxigraph":
            # Oxigraph server holds eqkg's graphs only: its union default graph is theirs.
            return [("union-default-graph", "")]
        if default_graph is None:
            names = self._names()
            chosen = names if inferred else [g for g in names if not is_inferred_graph(g)]
            default_graph = chosen or [NO_GRAPH]
            if named_graphs is None:
                named_graphs = default_graph
        params = [("default-graph-uri", g) for g in default_graph]
        params += [("named-graph-uri", g) for g in named_graphs or []]
        return params

    def _request(self, sparql: str, *, accept: str, bindings: Mapping[str, Node] | None,
                 inferred: bool, default_graph: list[str] | None = None,
                 named_graphs: list[str] | None = None, timeout: float | None = None,
                 dataset: bool = True, base_iri: str | None = None
                 ) -> tuple[str, bytes]:
        text = bind_values(sparql, bindings) if bindings else sparql
        prologue = (f"BASE <{base_iri}>\n" if base_iri else "") + sparql_prologue()
        params: list[tuple[str, str]] = [("query", prologue + text)]
        if dataset:
            params += self._dataset(inferred, default_graph, named_graphs)
        limit = self._limit(timeout)
        deadline = time.monotonic() + limit
        response = self._post(self.endpoints.query, data=params, timeout=limit,
                              headers={"Accept": accept}, what="the query", stream=True)
        body = self._read(response, deadline, limit)
        if response.headers.get("X-SQL-State"):
            # Virtuoso's "anytime" answer: its own time limit cut the query short and it
            # sent what it had. A partial answer is never passed on as if whole.
            raise RemoteTimeout("the SPARQL server stopped the query at its own time limit; "
                                "narrow it down and try again")
        return response.headers.get("Content-Type", "").split(";")[0].strip().lower(), body

    # -- reading ---------------------------------------------------------------------

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
              inferred: bool = True, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None, timeout: float | None = None,
              substitutions: Mapping[str, Node] | None = None, prefixes: bool = True,
              ) -> Table | bool | Graph:
        form = query_form(sparql)
        accept = GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else RESULTS_JSON
        media, body = self._request(sparql, accept=accept, bindings=bindings or substitutions,
                                    inferred=inferred, default_graph=default_graph,
                                    named_graphs=named_graphs, timeout=timeout)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return _parse_graph(media, body)
        return _parse_results(body)

    def _page(self, sparql: str, limit: int | None, offset: int) -> str | None:
        """The query with LIMIT/OFFSET pushed in, unless the server could not sort that
        many rows (Virtuoso sorts at most 10,000: then rows are skipped here)."""
        if limit is not None and self.endpoints.server == "virtuoso" \
                and limit + offset > VIRTUOSO_SORT_ROWS:
            return None
        return page(sparql, limit, offset)

    def select(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
               inferred: bool = True, default_graph: list[str] | None = None,
               named_graphs: list[str] | None = None, limit: int | None = None,
               offset: int = 0, timeout: float | None = None) -> Table:
        paged = self._page(sparql, None if limit is None else limit + 1, offset)
        _media, body = self._request(paged or sparql, accept=RESULTS_JSON, bindings=bindings,
                                     inferred=inferred, default_graph=default_graph,
                                     named_graphs=named_graphs, timeout=timeout)
        answer = _parse_results(body)
        if not isinstance(answer, Table):
            raise InputError("expected a SELECT query")
        rows = answer.rows if paged is not None else answer.rows[offset:]
        capped = limit is not None and len(rows) > limit
        return Table(answer.columns, rows[:limit] if limit is not None else rows, capped)

    def ask(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
            inferred: bool = True, timeout: float | None = None) -> bool:
        answer = self.query(sparql, bindings=bindings, inferred=inferred, timeout=timeout)
        if not isinstance(answer, bool):
            raise InputError("expected an ASK query")
        return answer

    def construct(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
                  inferred: bool = True, timeout: float | None = None) -> Graph:
        answer = self.query(sparql, bindings=bindings, inferred=inferred, timeout=timeout)
        if not isinstance(answer, Graph):
            raise InputError("expected a CONSTRUCT or DESCRIBE query")
        return answer

    def graphs(self) -> dict[str, int]:
        """eqkg's named graphs (those under graph/) with their triple counts, by IRI; read
        again after a write, else reused for a moment."""
        with self._lock:
            cached = self._graphs
        if cached is not None and time.monotonic() - cached[0] < GRAPH_LIST_SECONDS:
            return cached[1]
        namespace = term_text(Literal(str(GRAPH)))
        _media, body = self._request(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), {namespace})) }} GROUP BY ?g",
            accept=RESULTS_JSON, bindings=None, inferred=True, dataset=False)
        answer = _parse_results(body)
        assert isinstance(answer, Table)
        found = {str(row["g"]): int(row["n"]) for row in answer}
        result = dict(sorted(found.items()))
        with self._lock:
            self._graphs = (time.monotonic(), result)
        return result

    def asserted_graphs(self) -> list[str]:
        return [g for g in self.graphs() if not is_inferred_graph(g)]

    def quads(self, subject: Node | None = None, predicate: Node | None = None,
              object: Node | None = None, graph: str | None = None) -> Iterator[Quad]:
        """Statements matching a pattern, in eqkg's named graphs."""
        names = [graph] if graph is not None else list(self.graphs())
        if not names:
            return iter(())
        bindings: dict[str, Node] = {}
        for name, value in (("s", subject), ("p", predicate), ("o", object)):
            if value is not None:
                bindings[name] = value
        answer = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                             bindings=bindings, default_graph=[NO_GRAPH], named_graphs=names)
        out = []
        for row in answer.rows:
            s, p, o, g = (bindings.get("s", row[0]), bindings.get("p", row[1]),
                          bindings.get("o", row[2]), row[3])
            out.append(Quad(s, p, o, str(g)))  # type: ignore[arg-type]
        return iter(out)

    def closure(self, subject: Node, depth: int, limit: int | None = None) -> list[Quad]:
        """One query: the subject's statements, and those of the blank nodes reached from it
        through blank nodes only, up to `depth` levels (blank node labels hold within one
        answer only, so they cannot be asked about one by one)."""
        start = term_text(subject)
        # Written without BIND: Virtuoso's compiler fails on a BIND of a constant here.
        branches = [f"{{ VALUES ?s {{ {start} }} GRAPH ?g {{ ?s ?p ?o }} }}"]
        for level in range(1, depth + 1):
            names = [f"?b{k}" for k in range(1, level)] + ["?s"]
            chain, previous = [], start
            for k, name in enumerate(names, 1):
                chain.append(f"{previous} ?q{k} {name} . FILTER(isBlank({name}))")
                previous = name
            branches.append("{ " + " ".join(chain) + " GRAPH ?g { ?s ?p ?o } }")
        answer = self.select("SELECT DISTINCT ?s ?p ?o ?g WHERE { "
                             + " UNION ".join(branches) + " }", limit=limit)
        return [Quad(s, p, o, str(g)) for s, p, o, g in answer.rows]  # type: ignore[arg-type]

    def graph_triples(self, graph_iri: str) -> Graph:
        out = Graph()
        for q in self.quads(graph=graph_iri):
            out.add((q.subject, q.predicate, q.object))
        return out

    def dump(self, graph_iri: str | None = None) -> Iterator[bytes]:
        """N-Quads, one graph at a time, written from the server's answers."""
        names = [graph_iri] if graph_iri is not None else list(self.graphs())
        for name in names:
            graph = term_text(URIRef(name))
            lines = [f"{term_text(q.subject)} {term_text(q.predicate)} {term_text(q.object)} "
                     f"{graph} .\n" for q in self.quads(graph=name)]
            if lines:
                yield "".join(lines).encode("utf-8")

    def __len__(self) -> int:
        return sum(self.graphs().values())

    # -- writing ---------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("this store was opened read-only")
        if self.endpoints.update is None:
            raise StoreError(f"no update endpoint is known for {self.location}: set "
                             "EQKG_STORE_UPDATE")

    def _forget_graphs(self) -> None:
        with self._lock:
            self._graphs = None

    def update(self, text: str, timeout: float | None = None) -> None:
        """One SPARQL Update request."""
        self._check_writable()
        assert self.endpoints.update is not None
        self._post(self.endpoints.update, data={"update": text}, timeout=timeout or 600.0,
                   headers={}, what="the update")
        self._forget_graphs()

    def replace_graph(self, graph_iri: str, triples: Graph | Iterable[Any]) -> int:
        """Replace one named graph atomically: one GSP PUT, else one Update request."""
        self._check_writable()
        try:
            lines = list(triple_lines(triples))
            target = term_text(URIRef(graph_iri))
        except (InputError, ValueError) as exc:
            raise StoreError(f"could not replace graph <{graph_iri}>: {exc}") from exc
        body = "".join(lines)
        if self.endpoints.gsp is not None:
            try:
                response = self._session.put(
                    self.endpoints.gsp, params={"graph": graph_iri}, data=body.encode("utf-8"),
                    headers={"Content-Type": "text/turtle; charset=utf-8"}, timeout=(5, 600))
            except requests.RequestException as exc:
                raise StoreError(f"could not replace graph <{graph_iri}>: "
                                 f"{type(exc).__name__}") from None
            if response.status_code >= 400:
                raise StoreError(f"could not replace graph <{graph_iri}> (HTTP "
                                 f"{response.status_code}): {_first_line(response.text)}")
            if not lines:  # a PUT of nothing leaves an empty graph; drop it as the embedded does
                self.update(f"DROP SILENT GRAPH {target}")
        else:
            update = f"DROP SILENT GRAPH {target} ;\n"
            if lines:
                update += f"INSERT DATA {{ GRAPH {target} {{\n{body}}} }}"
            self.update(update)
        self._forget_graphs()
        return len(lines)

    def remove_graph(self, graph_iri: str) -> None:
        self.update(f"DROP SILENT GRAPH {term_text(URIRef(graph_iri))}")

    def add(self, quads: Iterable[Quad]) -> int:
        by_graph: dict[str | None, list[str]] = {}
        for s, p, o, g in quads:
            by_graph.setdefault(g, []).append(
                f"{term_text(s)} {term_text(p)} {term_text(o)} .\n")
        count = 0
        for graph, lines in by_graph.items():
            block = "".join(lines)
            if graph is None:
                self.update(f"INSERT DATA {{\n{block}}}")
            else:
                self.update(f"INSERT DATA {{ GRAPH {term_text(URIRef(graph))} {{\n{block}}} }}")
            count += len(lines)
        return count

    def flush(self) -> None:
        """Every write is durable once the server has answered it."""

    def close(self) -> None:
        self._session.close()

    # -- endpoint answers -------------------------------------------------------------

    def answer(self, job: Job, timeout: float | None = None) -> Outcome:
        """An endpoint answer in bytes, from the server's answer, capped as embedded."""
        try:
            return self._answer(job, timeout)
        except RemoteTimeout as exc:
            return Outcome(status=503, error=str(exc))
        except InputError as exc:
            return Outcome(status=400, error=str(exc))
        except StoreError as exc:
            return Outcome(status=502, error=str(exc))

    def _answer(self, job: Job, timeout: float | None) -> Outcome:
        dataset = not job.dataset_in_query or bool(job.default_graphs or job.named_graphs)
        default = list(job.default_graphs) if (job.default_graphs or job.named_graphs) else None
        named = list(job.named_graphs) if default is not None else None
        if job.kind == "graph":
            media, body = self._request(job.query, accept=GRAPH_ACCEPT, bindings=None,
                                        inferred=job.inferred, default_graph=default,
                                        named_graphs=named, timeout=timeout, dataset=dataset,
                                        base_iri=job.base_iri)
            graph = _parse_graph(media, body)
            triples = list(graph)
            capped = len(triples) > job.max_rows
            kept = Graph()
            for prefix, iri in PREFIXES.items():
                kept.bind(prefix, iri, override=True)
            for t in triples[:job.max_rows]:
                kept.add(t)
            name = formats.get(job.fmt).rdflib or "turtle"
            data = kept.serialize(format=name, encoding="utf-8")
            return Outcome(data, capped=capped, rows=len(kept))
        paged = self._page(job.query, job.max_rows + 1, 0) if job.kind == "bindings" else None
        _media, body = self._request(paged or job.query, accept=RESULTS_JSON, bindings=None,
                                     inferred=job.inferred, default_graph=default,
                                     named_graphs=named, timeout=timeout, dataset=dataset,
                                     base_iri=job.base_iri)
        answer = _parse_results(body)
        if isinstance(answer, bool):
            return Outcome(write_boolean(answer, job.fmt), rows=1)
        rows = answer.rows
        capped = len(rows) > job.max_rows
        rows = rows[:job.max_rows]
        budget = job.max_bytes or None
        data = write_bindings(answer.columns, rows, job.fmt, capped)
        while budget is not None and len(data) > budget and rows:
            keep = min(len(rows) - 1, int(len(rows) * budget / len(data) * 0.95))
            rows, capped = rows[:max(0, keep)], True
            data = write_bindings(answer.columns, rows, job.fmt, capped)
        return Outcome(data, capped=capped, rows=len(rows))


# -- reading the server's answers -------------------------------------------------------


def _json_term(value: Mapping[str, Any]) -> Node:
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":  # labels such as Virtuoso's nodeID://b123 made N-Triples-safe
        return BNode(_BNODE_UNSAFE.sub("_", text) or "b")
    if kind in ("literal", "typed-literal"):
        language = value.get("xml:lang")
        if language:
            return Literal(text, lang=language)
        datatype = value.get("datatype")
        if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise StoreError(f"the SPARQL server answered a term of unknown type {kind!r}")


def _parse_results(body: bytes) -> Table | bool:
    """SPARQL 1.1 JSON results as a Table of rdflib terms (or a bool for ASK)."""
    try:
        doc = json.loads(body)
    except ValueError:
        raise StoreError("the SPARQL server's answer is not SPARQL JSON results") from None
    if "boolean" in doc:
        return bool(doc["boolean"])
    columns = list(doc.get("head", {}).get("vars", []))
    rows = []
    for binding in doc.get("results", {}).get("bindings", []):
        rows.append([_json_term(binding[c]) if c in binding else None for c in columns])
    return Table(columns, rows, False)


def _parse_graph(media: str, body: bytes) -> Graph:
    fmt = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
           "application/rdf+xml": "xml", "application/x-turtle": "turtle"}.get(media, "turtle")
    try:
        return Graph().parse(data=body, format=fmt)
    except Exception as exc:  # noqa: BLE001 - any parser failure is the server's answer's fault
        raise StoreError(f"the SPARQL server's graph answer could not be read: "
                         f"{type(exc).__name__}") from None


def _first_line(text: str) -> str:
    line = next((s.strip() for s in text.splitlines() if s.strip()), "")
    return line[:300] or "(no message)"


def _public(url: str) -> str:
    """A URL without any user or password in it, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


__all__ = ["Endpoints", "RemoteStore", "RemoteTimeout", "derive_endpoints"]
