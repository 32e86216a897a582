"""The SPARQL 1.1 Protocol over real HTTP: every query form, result format and error status."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import requests
from rdflib import Graph, Namespace, URIRef

from eqkg.namespaces import INFERRED_GRAPH_PREFIX, PC
from eqkg.store import Store

SRX = "{http://www.w3.org/2005/sparql-results#}"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
COUNT_PC = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a eq:ProtectedCharacteristic }"
RACE = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?label WHERE { <https://w3id.org/eqkg/vocab/characteristic/race> "
        "skos:prefLabel ?label } ORDER BY ?label")
CONSTRUCT_RACE = ("CONSTRUCT { pc:race skos:prefLabel ?l } WHERE { pc:race skos:prefLabel ?l }")


def sparql(url: str) -> str:
    return url + "/sparql"


def json_count(response: requests.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_direct_give_the_same_answer(live_server: str) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    by_get = requests.get(sparql(live_server), params={"query": COUNT_PC}, headers=accept)
    by_form = requests.post(sparql(live_server), data={"query": COUNT_PC}, headers=accept)
    by_body = requests.post(sparql(live_server), data=COUNT_PC.encode(),
                            headers={**accept, "Content-Type": "application/sparql-query"})
    assert json_count(by_get) == json_count(by_form) == json_count(by_body) == 9
    assert by_get.headers["Content-Type"].startswith("application/sparql-results+json")


def test_select_in_all_four_result_formats(live_server: str) -> None:
    def get(fmt: str) -> requests.Response:
        r = requests.get(sparql(live_server), params={"query": RACE, "format": fmt})
        assert r.status_code == 200, r.text
        return r

    data = get("json").json()
    assert data["head"]["vars"] == ["label"]
    assert [b["label"] for b in data["results"]["bindings"]] == [
        {"type": "literal", "value": "hil", "xml:lang": "cy"},
        {"type": "literal", "value": "race", "xml:lang": "en"},
    ]

    xml = get("xml")
    assert xml.headers["Content-Type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(xml.content)
    literals = {(e.text, e.get("{http://www.w3.org/XML/1998/namespace}lang"))
                for e in root.iter(SRX + "literal")}
    assert literals == {("race", "en"), ("hil", "cy")}

    csv_response = get("csv")
    assert csv_response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_response.text)))
    assert rows[0] == ["label"] and sorted(r[0] for r in rows[1:]) == ["hil", "race"]
    assert csv_response.text.endswith("\r\n")

    tsv = get("tsv")
    assert tsv.headers["Content-Type"].startswith("text/tab-separated-values")
    lines = tsv.text.splitlines()
    assert lines[0] == "?label" and sorted(lines[1:]) == ['"hil"@cy', '"race"@en']


def test_ask_in_json_and_xml(live_server: str) -> None:
    ask = "ASK { pc:race a eq:ProtectedCharacteristic }"
    r = requests.get(sparql(live_server), params={"query": ask},
                     headers={"Accept": "application/sparql-results+json"})
    assert r.json()["boolean"] is True
    r = requests.get(sparql(live_server), params={"query": "ASK { pc:race a eq:Meeting }"},
                     headers={"Accept": "application/sparql-results+xml"})
    assert ET.fromstring(r.content).find(SRX + "boolean").text == "false"


@pytest.mark.parametrize(("accept", "media", "rdflib_format"), [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_in_all_four_graph_formats(live_server: str, accept: str, media: str,
                                             rdflib_format: str) -> None:
    r = requests.get(sparql(live_server), params={"query": CONSTRUCT_RACE},
                     headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].split(";")[0] == media
    graph = Graph().parse(data=r.content, format=rdflib_format)
    labels = {str(o) for o in graph.objects(URIRef(PC.race), None)}
    assert labels == {"race", "hil"}


def test_describe_answers_a_graph(live_server: str) -> None:
    r = requests.get(sparql(live_server), params={"query": "DESCRIBE pc:race", "format": "nt"})
    assert r.status_code == 200
    graph = Graph().parse(data=r.text, format="nt")
    assert (URIRef(PC.race), None, None) in graph


@pytest.mark.parametrize(("accept", "expected"), [
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/tab-separated-values, */*;q=0.1", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/*", "text/csv"),
])
def test_content_negotiation_honours_q_values_and_wildcards(live_server: str, accept: str,
                                                            expected: str) -> None:
    r = requests.get(sparql(live_server), params={"query": RACE}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == expected
    assert "Accept" in r.headers["Vary"]


def test_format_parameter_overrides_accept(live_server: str) -> None:
    r = requests.get(sparql(live_server), params={"query": CONSTRUCT_RACE, "format": "ttl"},
                     headers={"Accept": "application/rdf+xml"})
    assert r.headers["Content-Type"].startswith("text/turtle")
    r = requests.get(sparql(live_server), params={"query": CONSTRUCT_RACE, "format": "jsonld"})
    assert r.headers["Content-Type"].startswith("application/ld+json")
    r = requests.get(sparql(live_server), params={"query": CONSTRUCT_RACE, "format": "rdfxml"})
    assert r.headers["Content-Type"].startswith("application/rdf+xml")


def test_not_acceptable(live_server: str) -> None:
    r = requests.get(sparql(live_server), params={"query": RACE}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.json()["error"]
    r = requests.get(sparql(live_server), params={"query": CONSTRUCT_RACE, "format": "csv"})
    assert r.status_code == 406
    r = requests.get(sparql(live_server), params={"query": RACE, "format": "pdf"})
    assert r.status_code == 400 and "unknown format 'pdf'" in r.json()["error"]


def test_malformed_query_gets_400_with_the_parser_message(live_server: str) -> None:
    r = requests.get(sparql(live_server), params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400
    message = r.json()["error"]
    assert message.startswith("malformed SPARQL query: error at 1:")


@pytest.mark.parametrize("request_kwargs", [
    {"method": "POST", "data": {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
    {"method": "GET", "params": {"update": "DROP ALL"}},
    {"method": "POST", "data": b"DROP ALL",
     "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "POST", "data": {"query": "CLEAR DEFAULT"}},
    {"method": "GET", "params": {"query": "PREFIX a: <http://a/> DELETE WHERE { ?s ?p ?o }"}},
])
def test_updates_are_refused_with_403(live_server: str, store: Store,
                                      request_kwargs: dict) -> None:
    before = len(store)
    method = request_kwargs.pop("method")
    r = requests.request(method, sparql(live_server), **request_kwargs)
    assert r.status_code == 403
    assert "read-only" in r.json()["error"]
    assert len(store) == before


def test_protocol_misuse_is_a_400(live_server: str) -> None:
    r = requests.post(sparql(live_server), data={"format": "json"})
    assert r.status_code == 400 and "no query" in r.json()["error"]
    r = requests.get(sparql(live_server) + "?query=ASK{}&query=ASK{}")
    assert r.status_code == 400 and "more than one" in r.json()["error"]
    r = requests.post(sparql(live_server), data="ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 400 and "unsupported Content-Type" in r.json()["error"]
    r = requests.get(sparql(live_server), params={"query": "ASK {}", "inferred": "maybe"})
    assert r.status_code == 400


def test_request_size_is_capped(live_server: str) -> None:
    padding = "#" + "x" * (3 * 1024 * 1024) + "\nASK {}"
    r = requests.post(sparql(live_server), data=padding.encode(),
                      headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    long_query = "ASK {}" + " " * 100_001
    r = requests.post(sparql(live_server), data={"query": long_query})
    assert r.status_code == 413 and "at most 100000" in r.json()["error"]


def test_cors_for_reads_and_preflight(live_server: str) -> None:
    r = requests.get(sparql(live_server), params={"query": "ASK {}"},
                     headers={"Origin": "https://example.org"})
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert r.headers["Access-Control-Expose-Headers"] == "X-EQKG-Capped, X-EQKG-Cache"
    pre = requests.options(sparql(live_server), headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert pre.status_code == 204
    assert pre.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in pre.headers["Access-Control-Allow-Headers"]
    bad = requests.get(sparql(live_server), params={"query": "nonsense"})
    assert bad.headers["Access-Control-Allow-Origin"] == "*"


def test_service_description(live_server: str, store: Store) -> None:
    r = requests.get(sparql(live_server))
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    endpoint = URIRef(sparql(live_server))
    assert (endpoint, SD.endpoint, endpoint) in g
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (endpoint, SD.feature, SD.UnionDefaultGraph) in g
    assert (endpoint, SD.feature, SD.BasicFederatedQuery) not in g
    assert len(set(g.objects(endpoint, SD.resultFormat))) == 8
    names = {str(n) for n in g.objects(None, SD.name)}
    assert names == set(store.graphs())
    jsonld = requests.get(sparql(live_server), headers={"Accept": "application/ld+json"})
    assert jsonld.headers["Content-Type"].startswith("application/ld+json")
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(g)
    browser = requests.get(sparql(live_server), allow_redirects=False, headers={
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert browser.status_code == 303 and browser.headers["Location"].endswith("/editor?lang=en")
    anything = requests.get(sparql(live_server), headers={"Accept": "*/*"})
    assert anything.headers["Content-Type"].startswith("text/turtle")


def test_asserted_only_and_dataset_parameters(live_server: str, store: Store) -> None:
    graphs = store.graphs()
    asserted = sum(n for g, n in graphs.items() if not g.startswith(INFERRED_GRAPH_PREFIX))
    everything = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    quads = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    url = sparql(live_server)
    assert json_count(requests.get(url, params={"query": quads, "format": "json"})) == sum(
        graphs.values())
    for flag in ({"inferred": "false"}, {"asserted-only": "true"}):
        assert json_count(requests.get(url, params={"query": quads, "format": "json",
                                                    **flag})) == asserted
    ontology = "https://w3id.org/eqkg/graph/ontology"
    one = requests.get(url, params={"query": everything, "format": "json",
                                    "default-graph-uri": ontology})
    assert json_count(one) == graphs[ontology]
    named = requests.get(url, params={"query": quads, "format": "json",
                                      "named-graph-uri": ontology})
    assert json_count(named) == graphs[ontology]
    from_clause = f"SELECT (COUNT(*) AS ?n) FROM <{ontology}> WHERE {{ ?s ?p ?o }}"
    assert json_count(requests.get(url, params={"query": from_clause,
                                                "format": "json"})) == graphs[ontology]


def test_results_are_utf8_json(live_server: str) -> None:
    query = 'SELECT ?l WHERE { pc:religion-or-belief skos:prefLabel ?l FILTER(lang(?l) = "cy") }'
    r = requests.get(sparql(live_server), params={"query": query, "format": "json"})
    value = json.loads(r.content.decode("utf-8"))["results"]["bindings"][0]["l"]["value"]
    assert value and r.headers["Content-Type"].endswith("charset=utf-8")
