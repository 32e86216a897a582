"""The dataset description (VoID + DCAT) and the dumps (gzipped N-Quads, whole and per graph).

Each named graph is a void:subset identified by the graph IRI itself, with its
triple count and its own dump, so a consumer can fetch exactly the part it needs
(for instance asserted data without the inferred graphs). Counts are read from the
store at the time of the request, so the description never drifts from the data.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, XSD

from .. import formats, settings
from ..errors import InputError, NotFound
from ..namespaces import GRAPH, PREFIXES, data_base
from ..store import TripleStore as Store
from ..store import is_inferred_graph
from .context import EXTRA_PREFIXES
from .uris import dataset_iri

VOID = Namespace("http://rdfs.org/ns/void#")
DEFAULT_LICENSE = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
NQUADS_FORMAT = formats.get("nquads")  # the dumps' format, from the one registry
NQUADS = NQUADS_FORMAT.media_type
GZIP = "application/gzip"
HARVEST_PREFIX = str(GRAPH) + "harvest/"
CHUNK = 5000


def data_license() -> str:
    """The licence the dataset is published under (EQKG_DATA_LICENSE; deployers must confirm it)."""
    return settings.get("data_license") or DEFAULT_LICENSE


def graph_dump_path(graph_iri: str) -> str:
    """The server path of one graph's dump, relative to the site root."""
    if graph_iri.startswith(str(GRAPH)):
        return f"dumps/graph/{graph_iri[len(str(GRAPH)):]}.nq.gz"
    raise NotFound(f"<{graph_iri}> is not one of this dataset's graphs")


def graph_kind(graph_iri: str) -> str:
    if is_inferred_graph(graph_iri):
        return "inferred"
    if graph_iri.startswith(HARVEST_PREFIX):
        return "harvested"
    return "asserted"


KIND_TEXT = {
    "asserted": "Asserted triples loaded from one file of the repository.",
    "inferred": "Triples materialised by OWL 2 RL reasoning; never mixed with asserted data.",
    "harvested": "Triples harvested from another body's SPARQL endpoint (see its provenance).",
}


def _namespace_of(iri: str, known: Iterable[str]) -> str:
    best = max((ns for ns in known if iri.startswith(ns)), key=len, default=None)
    if best:
        return best
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut > 0 else iri


def vocabularies(store: Store) -> list[str]:
    """Namespaces of every predicate and class used in the data (void:vocabulary)."""
    terms = {str(s["t"]) for s in store.select(
        "SELECT DISTINCT ?t WHERE { GRAPH ?g { { ?s ?t ?o } UNION { ?s a ?t } } FILTER(isIRI(?t)) }")}
    known = {*PREFIXES.values(), *EXTRA_PREFIXES.values(), str(VOID), str(DCAT)} - {data_base()}
    found = {_namespace_of(t, known) for t in terms}
    return sorted(ns for ns in found if not ns.startswith(data_base()))


def _new_graph() -> Graph:
    g = Graph()
    for prefix, ns in {"void": str(VOID), "dcat": str(DCAT), **PREFIXES}.items():
        g.bind(prefix, ns, override=True)
    return g


def describe_dataset(store: Store, site_url: str) -> Graph:
    """VoID + DCAT for the whole store; `site_url` is where this server answers."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    graphs = store.graphs()
    ds = URIRef(dataset_iri())
    g = _new_graph()
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("Equality objectives knowledge graph", lang="en")))
    g.add((ds, DCTERMS.title, Literal("Graff gwybodaeth amcanion cydraddoldeb", lang="cy")))
    g.add((ds, DCTERMS.description, Literal(
        "Strategic equality plans, action-plan responses and minutes of Welsh and UK public "
        "bodies, with the ontology and bilingual vocabularies they are described in. Every "
        "named graph is a subset; inferred triples are kept in graphs of their own.", lang="en")))
    g.add((ds, DCTERMS.license, URIRef(data_license())))
    g.add((ds, VOID.triples, Literal(sum(graphs.values()), datatype=XSD.integer)))
    g.add((ds, VOID.uriSpace, Literal(data_base())))
    g.add((ds, VOID.sparqlEndpoint, URIRef(site_url + "sparql")))
    g.add((ds, FOAF.homepage, URIRef(site_url)))
    for ns in vocabularies(store):
        g.add((ds, VOID.vocabulary, URIRef(ns)))
    full_dump = URIRef(site_url + "dumps/all.nq.gz")
    g.add((ds, VOID.dataDump, full_dump))
    _distribution(g, ds, full_dump, "Full dump: every named graph, gzipped N-Quads")
    service = URIRef(site_url + "sparql")
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.servesDataset, ds))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((ds, DCAT.distribution, _access_distribution(g, service)))
    for graph_iri, count in graphs.items():
        _subset(g, store, ds, graph_iri, count, site_url)
    return g


def describe_subset(store: Store, graph_iri: str, site_url: str) -> Graph:
    """VoID + DCAT for one named graph (what /graph/... answers)."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    graphs = store.graphs()
    if graph_iri not in graphs:
        raise NotFound(f"no graph <{graph_iri}> in the store")
    g = _new_graph()
    _subset(g, store, URIRef(dataset_iri()), graph_iri, graphs[graph_iri], site_url)
    return g


def _distribution(g: Graph, ds: URIRef, download: URIRef, title: str) -> None:
    dist = URIRef(str(download) + "#distribution")
    g.add((ds, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal(title, lang="en")))
    g.add((dist, DCAT.downloadURL, download))
    g.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{NQUADS}")))
    g.add((dist, DCAT.compressFormat, URIRef(f"https://www.iana.org/assignments/media-types/{GZIP}")))
    g.add((dist, DCTERMS.license, URIRef(data_license())))


def _access_distribution(g: Graph, service: URIRef) -> URIRef:
    dist = URIRef(str(service) + "#distribution")
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, Literal("SPARQL 1.1 endpoint (read-only)", lang="en")))
    g.add((dist, DCAT.accessURL, service))
    g.add((dist, DCAT.accessService, service))
    return dist


def _subset(g: Graph, store: Store, ds: URIRef, graph_iri: str, count: int,
            site_url: str) -> None:
    sub = URIRef(graph_iri)
    kind = graph_kind(graph_iri)
    g.add((ds, VOID.subset, sub))
    g.add((sub, RDF.type, VOID.Dataset))
    g.add((sub, RDF.type, DCAT.Dataset))
    g.add((sub, VOID.triples, Literal(count, datatype=XSD.integer)))
    g.add((sub, DCTERMS.description, Literal(KIND_TEXT[kind], lang="en")))
    g.add((sub, DCTERMS.isPartOf, ds))
    if graph_iri.startswith(str(GRAPH)):
        dump = URIRef(site_url + graph_dump_path(graph_iri))
        g.add((sub, VOID.dataDump, dump))
        _distribution(g, sub, dump, f"Dump of <{graph_iri}>, gzipped N-Quads")
    if kind == "harvested":
        for pred in (PROV.wasDerivedFrom, PROV.generatedAtTime):
            for q in store.quads(URIRef(graph_iri), pred, None, graph_iri):
                g.add((sub, pred, q.object))


# -- dumps --------------------------------------------------------------------


def nquads_chunks(store: Store, graph_iri: str | None = None) -> Iterator[bytes]:
    """N-Quads of the whole store (or one graph), a few thousand quads per chunk, written
    by the backend (`TripleStore.dump`).

    An unknown graph raises NotFound here, before any byte is produced.
    """
    if graph_iri is not None and graph_iri not in store.graphs():
        raise NotFound(f"no graph <{graph_iri}> in the store")
    return store.dump(graph_iri)


def gzip_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Compress a byte stream as one gzip member without holding it all in memory."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    for chunk in chunks:
        out = compressor.compress(chunk)
        if out:
            yield out
    yield compressor.flush()


def write_dump(store: Store, out: BinaryIO | Path, graph_iri: str | None = None,
               *, compress: bool = True) -> int:
    """Write a dump (gzipped N-Quads unless `compress` is False); returns the quad count."""
    count = 0
    chunks = nquads_chunks(store, graph_iri)  # an unknown graph fails before the file is opened

    def counted() -> Iterator[bytes]:
        nonlocal count
        for chunk in chunks:
            count += chunk.count(b"\n")
            yield chunk

    stream = gzip_chunks(counted()) if compress else counted()
    try:
        if isinstance(out, Path):
            with out.open("wb") as fh:
                for piece in stream:
                    fh.write(piece)
        else:
            for piece in stream:
                out.write(piece)
    except OSError as exc:
        raise InputError(f"cannot write the dump: {exc}") from exc
    return count


def read_dump(data: bytes) -> list[ox.Quad]:
    """Parse a (possibly gzipped) N-Quads dump; used by tests and by bodies loading a dump."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return list(ox.parse(data, format=NQUADS_FORMAT.oxigraph))
