"""Harvest another public body's plans from its SPARQL endpoint into a named graph of its own.

The harvest asks the endpoint (with SPARQLWrapper, over the SPARQL 1.1 Protocol) for
every resource typed with an eq: class and its rdf:type, rdfs:label and eq:, dcterms:,
skos: and prov: statements, page by page (a DISTINCT sub-select with ORDER BY and
LIMIT/OFFSET, so pages are stable), each request under a time limit.

All pages are collected in memory and only then written, with one atomic
Store.replace_graph: a harvest that fails midway (timeout, HTTP error, malformed
page) raises HarvestError and leaves the previous harvest of that endpoint intact.
The graph records its own provenance: prov:wasDerivedFrom the endpoint,
prov:generatedAtTime and void:triples (the number of triples harvested).
"""

from __future__ import annotations

import time
import urllib.error
from dataclasses import dataclass
from datetime import datetime, timezone
from http.client import HTTPException
from urllib.parse import urlsplit

import pyoxigraph as ox
from SPARQLWrapper import POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

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
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_TRIPLES = 1_000_000


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


def _check_arguments(endpoint: str, graph_iri: str, page_size: int, timeout: float) -> None:
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
    if timeout <= 0:
        raise InputError("the timeout must be a positive number of seconds")


def fetch_page(endpoint: str, query: str, timeout: float) -> list[ox.Triple]:
    """Run one CONSTRUCT request and parse its Turtle answer; HarvestError on any failure."""
    client = SPARQLWrapper(endpoint, agent=f"eqkg-harvest/{__version__}")
    client.setQuery(query)
    client.setMethod(POST)
    client.setReturnFormat(TURTLE)
    client.setTimeout(int(max(1, round(timeout))))
    try:
        response = client.query().response
        body = response.read()
    except TimeoutError as exc:
        raise HarvestError(f"{endpoint} did not answer within {timeout:g} s") from exc
    except SPARQLWrapperException as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise HarvestError(f"{endpoint} refused the harvest query: {first}") from exc
    except urllib.error.HTTPError as exc:
        raise HarvestError(f"{endpoint} answered HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise HarvestError(f"{endpoint} did not answer within {timeout:g} s") from exc
        raise HarvestError(f"cannot reach {endpoint}: {reason}") from exc
    except (HTTPException, OSError) as exc:
        raise HarvestError(f"the connection to {endpoint} failed: {exc}") from exc
    try:
        return [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE,
                                           rename_blank_nodes=True)]
    except SyntaxError as exc:
        raise HarvestError(f"{endpoint} sent a malformed answer: {exc}") from exc


def collect(endpoint: str, *, page_size: int = DEFAULT_PAGE_SIZE,
            timeout: float = DEFAULT_TIMEOUT,
            max_triples: int = DEFAULT_MAX_TRIPLES) -> tuple[list[ox.Triple], int]:
    """Every page of the harvest, in memory: (distinct triples, pages fetched)."""
    seen: dict[ox.Triple, None] = {}
    pages = 0
    offset = 0
    while True:
        page = fetch_page(endpoint, page_query(offset, page_size), timeout)
        pages += 1
        before = len(seen)
        seen.update(dict.fromkeys(page))
        if len(seen) > max_triples:
            raise HarvestError(f"{endpoint} offers more than {max_triples} triples; "
                               "harvest stopped (raise max_triples to allow it)")
        if len(page) < page_size or len(seen) == before:
            return list(seen), pages
        offset += page_size


def provenance(graph_iri: str, endpoint: str, count: int, generated_at: str) -> list[ox.Triple]:
    """The harvest's own record, kept in the harvested graph so it is replaced with it."""
    g = ox.NamedNode(graph_iri)

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    return [
        ox.Triple(g, n(RDF_TYPE), n(PROV + "Entity")),
        ox.Triple(g, n(RDF_TYPE), n("http://rdfs.org/ns/void#Dataset")),
        ox.Triple(g, n(PROV + "wasDerivedFrom"), n(endpoint)),
        ox.Triple(g, n(PROV + "generatedAtTime"),
                  ox.Literal(generated_at, datatype=n(XSD + "dateTime"))),
        ox.Triple(g, n(VOID_TRIPLES), ox.Literal(str(count), datatype=n(XSD + "integer"))),
        ox.Triple(g, n("http://rdfs.org/ns/void#sparqlEndpoint"), n(endpoint)),
        ox.Triple(g, n(RDFS_LABEL), ox.Literal(f"Harvested from {endpoint}", language="en")),
    ]


def harvest(store: Store, endpoint_url: str, graph_iri: str | None = None, *,
            page_size: int = DEFAULT_PAGE_SIZE, timeout: float = DEFAULT_TIMEOUT,
            max_triples: int = DEFAULT_MAX_TRIPLES) -> HarvestResult:
    """Harvest `endpoint_url` into its graph, replacing the previous harvest atomically."""
    graph_iri = graph_iri or harvest_graph_iri(endpoint_url)
    _check_arguments(endpoint_url, graph_iri, page_size, timeout)
    started = time.monotonic()
    triples, pages = collect(endpoint_url, page_size=page_size, timeout=timeout,
                             max_triples=max_triples)
    generated_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    record = provenance(graph_iri, endpoint_url, len(triples), generated_at)
    store.replace_graph(graph_iri, triples + record)
    store.flush()
    return HarvestResult(endpoint_url, graph_iri, len(triples), pages, generated_at,
                         round(time.monotonic() - started, 3))
