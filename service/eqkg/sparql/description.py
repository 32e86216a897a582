"""The SPARQL 1.1 Service Description answered on a GET of /sparql without a query.

It tells clients what they may ask: the query language, result formats, the
default dataset (the union of every named graph) and the named graphs with
their sizes, and, in plain words, the endpoint's limits.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD

from ..namespaces import INFERRED_GRAPH_PREFIX
from . import Settings
from .protocol import GRAPH_FORMATS, RESULT_FORMATS

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


def service_description(endpoint: str, graphs: Mapping[str, int], settings: Settings) -> Graph:
    """An sd:Service for `endpoint` (the absolute URL of /sparql) over the given graphs."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    if settings.allow:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    for fmt in RESULT_FORMATS + GRAPH_FORMATS:
        g.add((service, SD.resultFormat, URIRef(fmt.iri)))
    g.add((service, DCTERMS.title, Literal("eqkg SPARQL endpoint", lang="en")))
    g.add((service, RDFS.comment, Literal(_limits(settings), lang="en")))

    dataset = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(sum(graphs.values()), datatype=XSD.integer)))
    g.add((default, RDFS.comment, Literal(
        "The default graph is the union of all named graphs (asserted and inferred); "
        "add inferred=false to a request to use the asserted graphs only.", lang="en")))
    for iri, count in graphs.items():
        named = BNode()
        graph = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(iri)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(count, datatype=XSD.integer)))
        if iri.startswith(INFERRED_GRAPH_PREFIX):
            g.add((named, RDFS.comment, Literal("inferred (OWL 2 RL materialisation)",
                                                lang="en")))
    return g


def _limits(settings: Settings) -> str:
    remote = ("SERVICE is allowed only to: " + ", ".join(settings.allow.entries)
              if settings.allow else "SERVICE, LOAD and remote FROM are refused")
    return (f"Read-only (SPARQL Update is refused). Queries stop after {settings.timeout:g} s; "
            f"answers are capped at {settings.max_rows} rows (header X-EQKG-Capped: true); "
            f"queries longer than {settings.max_query_length} characters are refused. {remote}.")
