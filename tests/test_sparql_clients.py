"""Real SPARQL clients against `eqkg serve`: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from eqkg.namespaces import EQ, PC

NINE = {"age", "disability", "gender-reassignment", "marriage-and-civil-partnership",
        "pregnancy-and-maternity", "race", "religion-or-belief", "sex", "sexual-orientation"}
SELECT_PC = ("PREFIX eq: <https://w3id.org/eqkg/ontology#>\n"
             "SELECT ?c WHERE { ?c a eq:ProtectedCharacteristic } ORDER BY ?c")
CONSTRUCT_RACE = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                  "CONSTRUCT { ?c skos:prefLabel ?l } WHERE { "
                  "BIND(<https://w3id.org/eqkg/vocab/characteristic/race> AS ?c) "
                  "?c skos:prefLabel ?l }")


def wrapper(url: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


def slugs(iris: list[str]) -> set[str]:
    return {iri.rsplit("/", 1)[-1] for iri in iris}


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_json(live_server: str, method: str) -> None:
    result = wrapper(live_server, SELECT_PC, JSON, method).queryAndConvert()
    assert slugs([b["c"]["value"] for b in result["results"]["bindings"]]) == NINE


def test_sparqlwrapper_select_xml(live_server: str) -> None:
    doc = wrapper(live_server, SELECT_PC, XML).queryAndConvert()
    uris = [node.firstChild.data for node in doc.getElementsByTagName("uri")]
    assert slugs(uris) == NINE


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_select_csv_tsv(live_server: str, fmt: str, delimiter: str) -> None:
    text = wrapper(live_server, SELECT_PC, fmt).queryAndConvert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] == (["c"] if fmt == CSV else ["?c"])
    assert slugs([r[0].strip("<>") for r in rows[1:]]) == NINE


def test_sparqlwrapper_ask(live_server: str) -> None:
    ask = "ASK { <https://w3id.org/eqkg/vocab/characteristic/race> ?p ?o }"
    assert wrapper(live_server, ask, JSON).queryAndConvert()["boolean"] is True


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD, XML])
def test_sparqlwrapper_construct(live_server: str, fmt: str) -> None:
    graph = wrapper(live_server, CONSTRUCT_RACE, fmt).queryAndConvert()
    if not isinstance(graph, Graph):  # TURTLE and N3 come back as bytes
        graph = Graph().parse(data=graph, format="turtle")
    assert set(graph.objects(URIRef(PC.race), SKOS.prefLabel)) == {
        Literal("race", lang="en"), Literal("hil", lang="cy")}


def test_sparqlwrapper_reports_a_malformed_query(live_server: str) -> None:
    with pytest.raises(QueryBadFormed, match="malformed SPARQL query"):
        wrapper(live_server, "SELECT WHERE {", JSON).query()


def test_rdflib_sparqlstore_query_and_triples(live_server: str) -> None:
    store = SPARQLStore(query_endpoint=live_server + "/sparql")
    graph = Graph(store=store)
    rows = list(graph.query(SELECT_PC))
    assert slugs([str(r[0]) for r in rows]) == NINE
    labels = set(graph.objects(URIRef(PC.race), SKOS.prefLabel))
    assert labels == {Literal("race", lang="en"), Literal("hil", lang="cy")}
    assert (URIRef(PC.race), None, URIRef(EQ.ProtectedCharacteristic)) in graph
    ask = graph.query("ASK { ?c a <https://w3id.org/eqkg/ontology#ProtectedCharacteristic> }")
    assert ask.askAnswer is True
    store.close()
