"""Harvest another public body's plans from its SPARQL endpoint into a named graph of its own.

The harvest asks the endpoint (over the SPARQL 1.1 Protocol: a POSTed CONSTRUCT)
for every resource typed with an eq: class and its rdf:type, rdfs:label and eq:,
dcterms:, skos: and prov: statements, page by page (a DISTINCT sub-select with
ORDER BY and LIMIT/OFFSET, so pages are stable).

The other endpoint is not trusted, so every exchange is bounded (issue 17):

- each request has a total time limit (`timeout`: connecting, the headers and the
  whole answer, not each socket read, so a server trickling one byte a second is
  cut off), and the whole harvest has one too (`deadline`);
- an answer larger than `max_bytes` is refused as it streams in, and each answer is
  parsed as it arrives, never read whole into memory;
- a redirect is followed only to the same origin (scheme, host and port) unless
  `follow_other_origins` is set, and never to anything but http(s), so an answer is
  never credited to an endpoint that did not give it; the graph's provenance names
  the URL that answered.

All pages are collected in memory (at most `max_triples`) and only then written,
with one atomic Store.replace_graph: a harvest that fails midway (time limit, size,
redirect, HTTP error, malformed page) raises HarvestError and leaves the previous
harvest of that endpoint intact. The graph records its own provenance:
prov:wasDerivedFrom the endpoint, prov:generatedAtTime and void:triples.
"""

from __future__ import annotations

import contextlib
import io
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from http.client import HTTPConnection, HTTPException, HTTPResponse, HTTPSConnection
from urllib.parse import urlencode, urljoin, urlsplit

import pyoxigraph as ox

from .. import __version__
from ..errors import EqkgError, InputError
from ..namespaces import EQ, GRAPH, slugify
from ..store import Store

HARVEST_PREFIX = str(GRAPH) + "harvest/"
HARVESTED_NAMESPACES = (
    str(EQ),
    "http://purl.org/dc/terms/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#",
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROV = "http://www.w3.org/ns/prov#"
VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
XSD = "http://www.w3.org/2001/XMLSchema#"

DEFAULT_PAGE_SIZE = 1000
DEFAULT_TIMEOUT = 30.0  # seconds per request, from connecting to the last byte
DEFAULT_DEADLINE = 1800.0  # seconds for the whole harvest
DEFAULT_MAX_TRIPLES = 1_000_000
DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # per answer
MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)
ACCEPT = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.5"
_CHUNK = 64 * 1024


class HarvestError(EqkgError):
    """The harvest could not complete; the previous harvested graph is unchanged."""

    http_status = 502


@dataclass
class HarvestResult:
    endpoint: str
    graph: str
    triples: int
    pages: int
    generated_at: str
    seconds: float
    answered_by: tuple[str, ...] = ()  # the URLs that gave the pages (after redirects)


@dataclass(frozen=True)
class Limits:
    """What one harvest may cost: time per request and in all, bytes per answer."""

    timeout: float = DEFAULT_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    max_bytes: int = DEFAULT_MAX_BYTES
    follow_other_origins: bool = False


def harvest_graph_iri(endpoint: str) -> str:
    """The default graph for an endpoint: graph/harvest/{slug of host and path}."""
    parts = urlsplit(endpoint)
    return HARVEST_PREFIX + slugify(f"{parts.netloc}{parts.path}")


def page_query(offset: int, limit: int) -> str:
    """One page of the CONSTRUCT over the ontology's terms (stable order, distinct triples)."""
    wanted = " || ".join(
        [f"?p = <{RDF_TYPE}>", f"?p = <{RDFS_LABEL}>"]
        + [f'STRSTARTS(STR(?p), "{ns}")' for ns in HARVESTED_NAMESPACES]
    )
    return (
        "CONSTRUCT { ?s ?p ?o } WHERE { {\n"
        "  SELECT DISTINCT ?s ?p ?o WHERE {\n"
        f"    ?s <{RDF_TYPE}> ?class .\n"
        f'    FILTER(isIRI(?s) && STRSTARTS(STR(?class), "{EQ}"))\n'
        "    ?s ?p ?o .\n"
        f"    FILTER({wanted})\n"
        f"  }} ORDER BY ?s ?p ?o LIMIT {limit} OFFSET {offset}\n"
        "} }"
    )


def _check_arguments(endpoint: str, graph_iri: str, page_size: int, limits: Limits) -> None:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{endpoint!r} is not an http(s) SPARQL endpoint URL")
    if not graph_iri.startswith(HARVEST_PREFIX) or len(graph_iri) == len(HARVEST_PREFIX):
        raise InputError(f"the harvest graph must be under <{HARVEST_PREFIX}>, "
                         f"so that it never overwrites curated data: got <{graph_iri}>")
    if any(c in graph_iri for c in ' <>"{}|\\^`'):
        raise InputError(f"<{graph_iri}> is not a valid IRI")
    if page_size < 1:
        raise InputError("the page size must be at least 1")
    if limits.timeout <= 0 or limits.deadline <= 0:
        raise InputError("the timeout and the deadline must be positive numbers of seconds")
    if limits.max_bytes < 1:
        raise InputError("the answer size limit must be at least 1 byte")


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the default port made explicit: what a redirect may keep."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = -1
    default = {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port if port is not None else default


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB" if size >= 1024 * 1024 else f"{size} bytes"


@dataclass
class _Exchange:
    """One request and its answer, cut off at `deadline` whatever the other side does.

    A timer shuts the socket down at the deadline, which wakes any read blocked on
    it (a trickling server can keep each read short, so per-read timeouts are not
    enough); each read is also given only the time that is left.
    """

    endpoint: str
    limits: Limits
    request_deadline: float  # time.monotonic() values
    harvest_deadline: float
    connection: HTTPConnection | None = None
    timer: threading.Timer | None = None
    expired: bool = False
    received: int = 0
    url: str = ""

    @property
    def deadline(self) -> float:
        return min(self.request_deadline, self.harvest_deadline)

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.expired = True
            raise self.too_slow()
        return left

    def too_slow(self) -> HarvestError:
        if self.harvest_deadline < self.request_deadline:
            return HarvestError(f"the harvest of {self.endpoint} ran past its deadline of "
                                f"{self.limits.deadline:g} s")
        return HarvestError(f"{self.endpoint} did not answer within {self.limits.timeout:g} s")

    def _cut(self) -> None:
        self.expired = True
        sock = self.connection.sock if self.connection is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def open(self, query: str) -> HTTPResponse:
        """Send the query (following same-origin redirects) and return the answer's head."""
        url, method = self.endpoint, "POST"
        home = origin(self.endpoint)
        for _ in range(MAX_REDIRECTS + 1):
            response = self._send(url, method, query)
            if response.status not in REDIRECTS:
                self.url = url
                return response
            location = response.getheader("Location")
            self.close()
            if not location:
                raise HarvestError(f"{url} answered HTTP {response.status} without a Location")
            target = urljoin(url, location.strip())
            scheme = urlsplit(target).scheme.lower()
            if scheme not in ("http", "https"):
                raise HarvestError(f"{url} redirected the harvest to {target}, which is not "
                                   "http(s); refused")
            if origin(target) != home and not self.limits.follow_other_origins:
                raise HarvestError(
                    f"{url} redirected the harvest to {target}, another origin (scheme, host "
                    "or port); refused, so that no answer is credited to the wrong endpoint "
                    "(harvest that endpoint itself, or allow it with "
                    "--follow-cross-origin-redirects)")
            if response.status in (301, 302, 303):
                method = "GET"  # as browsers do; the query travels in the URL
            url = target
        raise HarvestError(f"{self.endpoint} redirected the harvest more than {MAX_REDIRECTS} "
                           "times; refused")

    def _send(self, url: str, method: str, query: str) -> HTTPResponse:
        parts = urlsplit(url)
        kind = HTTPSConnection if parts.scheme.lower() == "https" else HTTPConnection
        try:
            port = parts.port
        except ValueError:
            raise HarvestError(f"{url} has an invalid port") from None
        kwargs = {"context": ssl.create_default_context()} if kind is HTTPSConnection else {}
        self.connection = kind(parts.hostname or "", port, timeout=self.remaining(), **kwargs)
        self.timer = threading.Timer(self.remaining(), self._cut)
        self.timer.daemon = True
        self.timer.start()
        path = parts.path or "/"
        headers = {"Accept": ACCEPT, "User-Agent": f"eqkg-harvest/{__version__}",
                   "Accept-Encoding": "identity"}
        body = None
        if method == "POST":
            body = urlencode({"query": query}).encode("ascii")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            target = path + (f"?{parts.query}" if parts.query else "")
        else:
            joined = "&".join(filter(None, (parts.query, urlencode({"query": query}))))
            target = f"{path}?{joined}"
        try:
            self.connection.request(method, target, body=body, headers=headers)
            return self.connection.getresponse()
        except (OSError, HTTPException) as exc:
            raise self.failure(exc) from exc

    def failure(self, exc: BaseException) -> HarvestError:
        """The HarvestError for a failed connection, read or parse."""
        if isinstance(exc, HarvestError):
            return exc
        if self.expired or isinstance(exc, TimeoutError):
            return self.too_slow()
        if isinstance(exc, (ConnectionRefusedError, socket.gaierror)) or (
                isinstance(exc, OSError) and self.connection is not None
                and self.connection.sock is None):
            return HarvestError(f"cannot reach {self.endpoint}: {exc}")
        return HarvestError(f"the connection to {self.endpoint} failed: {exc}")

    def readinto(self, response: HTTPResponse, buffer: memoryview) -> int:
        """Read what has arrived (at most `buffer`), within the time and size limits."""
        sock = self.connection.sock if self.connection is not None else None
        if sock is not None:
            sock.settimeout(self.remaining())
        try:
            chunk = response.read1(len(buffer))
        except (OSError, HTTPException) as exc:
            raise self.failure(exc) from exc
        if self.expired:
            raise self.too_slow()
        self.received += len(chunk)
        if self.received > self.limits.max_bytes:
            raise HarvestError(
                f"{self.url or self.endpoint} sent an answer larger than "
                f"{_megabytes(self.limits.max_bytes)}, this harvest's limit per answer; "
                "stopped (use a smaller --page-size, or raise --max-mb)")
        buffer[:len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        if self.connection is not None:
            self.connection.close()
        self.timer = self.connection = None


class _Stream(io.RawIOBase):
    """The answer's body as a file for the streaming parser, with the exchange's limits."""

    def __init__(self, exchange: _Exchange, response: HTTPResponse):
        self.exchange, self.response = exchange, response

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        return self.exchange.readinto(self.response, memoryview(buffer).cast("B"))


def _answer_format(url: str, response: HTTPResponse) -> ox.RdfFormat:
    media = (response.getheader("Content-Type") or "text/turtle").split(";")[0].strip().lower()
    fmt = ox.RdfFormat.from_media_type(media)
    if fmt is None or fmt.supports_datasets:
        raise HarvestError(f"{url} answered the CONSTRUCT with {media}, not an RDF graph "
                           "format (Turtle, N-Triples or RDF/XML)")
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise HarvestError(f"{url} sent a {encoding}-encoded answer, which was not asked for")
    return fmt


def fetch_page(endpoint: str, query: str, timeout: float = DEFAULT_TIMEOUT, *,
               limits: Limits | None = None, deadline: float | None = None
               ) -> tuple[list[ox.Triple], str]:
    """Run one CONSTRUCT request and parse its answer as it streams in.

    Returns (triples, the URL that answered); HarvestError on any failure, time
    limit, size limit or refused redirect.
    """
    limits = limits or Limits(timeout=timeout)
    request_deadline = time.monotonic() + limits.timeout
    exchange = _Exchange(endpoint, limits, request_deadline,
                         request_deadline + 1 if deadline is None else deadline)
    try:
        response = exchange.open(query)
        url = exchange.url
        if response.status >= 400:
            first = _first_line(exchange, response)
            detail = f": {first}" if first else ""
            if response.status in (400, 405, 406, 415):
                raise HarvestError(f"{url} refused the harvest query: HTTP {response.status} "
                                   f"{response.reason}{detail}")
            raise HarvestError(f"{endpoint} answered HTTP {response.status} "
                               f"{response.reason}{detail}")
        if response.status != 200:
            raise HarvestError(f"{url} answered HTTP {response.status} {response.reason}, "
                               "not 200 with a graph")
        fmt = _answer_format(url, response)
        body = io.BufferedReader(_Stream(exchange, response), _CHUNK)
        try:
            return [q.triple for q in ox.parse(body, format=fmt, base_iri=url,
                                               rename_blank_nodes=True)], url
        except SyntaxError as exc:
            raise HarvestError(f"{url} sent a malformed answer: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise exchange.failure(exc) from exc
    finally:
        exchange.close()


def _first_line(exchange: _Exchange, response: HTTPResponse) -> str:
    """The start of an error answer's text, for the message (at most 300 bytes read)."""
    buffer = bytearray(300)
    try:
        size = exchange.readinto(response, memoryview(buffer))
    except HarvestError:
        return ""
    text = bytes(buffer[:size]).decode("utf-8", "replace").strip()
    return text.splitlines()[0][:200] if text else ""


def pages(endpoint: str, *, page_size: int, limits: Limits
          ) -> Iterator[tuple[list[ox.Triple], str]]:
    """Each page of the harvest with the URL that answered it, within the deadline."""
    deadline = time.monotonic() + limits.deadline
    offset = 0
    while True:
        if time.monotonic() >= deadline:
            raise HarvestError(f"the harvest of {endpoint} ran past its deadline of "
                               f"{limits.deadline:g} s")
        page, url = fetch_page(endpoint, page_query(offset, page_size), limits=limits,
                               deadline=deadline)
        yield page, url
        if len(page) < page_size:
            return
        offset += page_size


def collect(endpoint: str, *, page_size: int = DEFAULT_PAGE_SIZE,
            timeout: float = DEFAULT_TIMEOUT, max_triples: int = DEFAULT_MAX_TRIPLES,
            limits: Limits | None = None) -> tuple[list[ox.Triple], int, tuple[str, ...]]:
    """Every page of the harvest, in memory: (distinct triples, pages, URLs that answered)."""
    limits = limits or Limits(timeout=timeout)
    seen: dict[ox.Triple, None] = {}
    answered: dict[str, None] = {}
    count = 0
    for page, url in pages(endpoint, page_size=page_size, limits=limits):
        count += 1
        answered[url] = None
        before = len(seen)
        seen.update(dict.fromkeys(page))
        if len(seen) > max_triples:
            raise HarvestError(f"{endpoint} offers more than {max_triples} triples; "
                               "harvest stopped (raise max_triples to allow it)")
        if len(seen) == before and len(page) == page_size:
            break
    return list(seen), count, tuple(answered)


def provenance(graph_iri: str, endpoint: str, count: int, generated_at: str,
               answered_by: tuple[str, ...] = ()) -> list[ox.Triple]:
    """The harvest's own record, kept in the harvested graph so it is replaced with it.

    The data is credited to the URLs that actually answered (a same-origin redirect,
    or an allowed cross-origin one, may have moved it from the endpoint asked)."""
    g = ox.NamedNode(graph_iri)

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    sources = answered_by or (endpoint,)
    label = f"Harvested from {', '.join(sources)}"
    if sources != (endpoint,):
        label += f" (asked at {endpoint})"
    return [
        ox.Triple(g, n(RDF_TYPE), n(PROV + "Entity")),
        ox.Triple(g, n(RDF_TYPE), n("http://rdfs.org/ns/void#Dataset")),
        *(ox.Triple(g, n(PROV + "wasDerivedFrom"), n(url)) for url in sources),
        ox.Triple(g, n(PROV + "generatedAtTime"),
                  ox.Literal(generated_at, datatype=n(XSD + "dateTime"))),
        ox.Triple(g, n(VOID_TRIPLES), ox.Literal(str(count), datatype=n(XSD + "integer"))),
        *(ox.Triple(g, n("http://rdfs.org/ns/void#sparqlEndpoint"), n(url)) for url in sources),
        ox.Triple(g, n(RDFS_LABEL), ox.Literal(label, language="en")),
    ]


def harvest(store: Store, endpoint_url: str, graph_iri: str | None = None, *,
            page_size: int = DEFAULT_PAGE_SIZE, timeout: float = DEFAULT_TIMEOUT,
            max_triples: int = DEFAULT_MAX_TRIPLES, deadline: float = DEFAULT_DEADLINE,
            max_bytes: int = DEFAULT_MAX_BYTES,
            follow_other_origins: bool = False) -> HarvestResult:
    """Harvest `endpoint_url` into its graph, replacing the previous harvest atomically.

    `timeout` bounds each request from connecting to its last byte, `deadline` the
    whole harvest, `max_bytes` each answer; redirects to another origin are refused
    unless `follow_other_origins`."""
    graph_iri = graph_iri or harvest_graph_iri(endpoint_url)
    limits = Limits(timeout=timeout, deadline=deadline, max_bytes=max_bytes,
                    follow_other_origins=follow_other_origins)
    _check_arguments(endpoint_url, graph_iri, page_size, limits)
    started = time.monotonic()
    triples, count, answered_by = collect(endpoint_url, page_size=page_size,
                                          max_triples=max_triples, limits=limits)
    generated_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    record = provenance(graph_iri, endpoint_url, len(triples), generated_at, answered_by)
    store.replace_graph(graph_iri, triples + record)
    store.flush()
    return HarvestResult(endpoint_url, graph_iri, len(triples), count, generated_at,
                         round(time.monotonic() - started, 3), answered_by)
