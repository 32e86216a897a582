"""Standards-exact answers of the SPARQL 1.1 Protocol (the W3C protocol tests' behaviour),
CORS preflights on every read route, and the one format registry behind every negotiator.

Requests marked "W3C" are those of w3c/rdf-tests sparql/sparql11/protocol/manifest.ttl
(graphs named http://kasei.us/... that the store does not hold).
"""

from __future__ import annotations

import http.server
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from eqkg import formats
from eqkg.errors import InputError, NotAcceptable
from eqkg.publish import conneg
from eqkg.sparql import protocol
from eqkg.store import Store

KASEI = "http://kasei.us/2009/09/sparql/data/"
ONTOLOGY_GRAPH = "https://w3id.org/eqkg/graph/ontology"
SRX = "{http://www.w3.org/2005/sparql-results#}"
DIRECT = {"Content-Type": "application/sparql-query"}


def sparql(url: str) -> str:
    return url + "/sparql"


class Canary:
    """A loopback HTTP server that records every request: nothing may reach it."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        canary = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                canary.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/graph.ttl"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture()
def canary() -> Iterator[Canary]:
    server = Canary()
    yield server
    server.server.shutdown()
    server.server.server_close()


# -- the dataset: graphs the store does not hold are empty ------------------------------


def test_w3c_query_post_form_with_a_default_graph_the_store_lacks(live_server: str) -> None:
    r = requests.post(sparql(live_server), params={"default-graph-uri": KASEI + "data0.rdf"},
                      data={"query": "ASK {}"}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_an_unknown_graph_is_empty_and_nothing_is_fetched(live_server: str, canary: Canary,
                                                          parameter: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    for send in ("GET", "POST"):
        r = requests.request(send, sparql(live_server), timeout=30, **{
            "params" if send == "GET" else "data": {"query": count, parameter: canary.url,
                                                    "format": "json"}})
        assert r.status_code == 200, r.text
        assert r.json()["results"]["bindings"] == [
            {"n": {"type": "literal", "value": "0",
                   "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
    time.sleep(0.2)
    assert canary.requests == []


def test_w3c_query_dataset_full_mixes_known_and_unknown_graphs(live_server: str,
                                                              store: Store) -> None:
    """Named graphs the store lacks are empty; the ones it holds answer as usual."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    r = requests.post(sparql(live_server), data=query.encode(), headers=DIRECT, timeout=30,
                      params={"default-graph-uri": KASEI + "data3.rdf",
                              "named-graph-uri": [KASEI + "data1.rdf", ONTOLOGY_GRAPH],
                              "format": "json"})
    assert r.status_code == 200, r.text
    rows = r.json()["results"]["bindings"]
    assert [(b["g"]["value"], int(b["n"]["value"])) for b in rows] == [
        (ONTOLOGY_GRAPH, store.graphs()[ONTOLOGY_GRAPH])]


def test_w3c_query_multiple_dataset_protocol_overrides_from(live_server: str) -> None:
    """FROM names a graph the store lacks; the protocol's default graph replaces it."""
    query = f"ASK FROM <{KASEI}data1.rdf> {{ <https://w3id.org/eqkg/ontology> ?p ?o }}"
    r = requests.post(sparql(live_server), data=query.encode(), headers=DIRECT, timeout=30,
                      params={"default-graph-uri": ONTOLOGY_GRAPH})
    assert r.status_code == 200, r.text
    assert r.json()["boolean"] is True


def test_a_dataset_parameter_that_is_not_an_iri_is_a_400(live_server: str) -> None:
    r = requests.get(sparql(live_server), params={"query": "ASK {}",
                                                  "default-graph-uri": "data1.rdf"}, timeout=30)
    assert r.status_code == 400
    assert r.json()["error"] == "default-graph-uri='data1.rdf' is not an absolute IRI"


def test_from_a_remote_graph_without_protocol_graphs_is_still_refused(live_server: str) -> None:
    r = requests.get(sparql(live_server), params={
        "query": f"SELECT * FROM <{KASEI}data1.rdf> WHERE {{ ?s ?p ?o }}"}, timeout=30)
    assert r.status_code == 403


# -- relative IRIs resolve against the endpoint's URL ------------------------------------


def test_w3c_query_content_type_construct_with_relative_iris(live_server: str) -> None:
    r = requests.post(sparql(live_server), data=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
                      headers=DIRECT, timeout=30,
                      params={"default-graph-uri": KASEI + "data0.rdf"})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    graph = Graph().parse(data=r.text, format="turtle")
    assert set(graph) == {(URIRef(live_server + "/s"), URIRef(live_server + "/p"), Literal(1))}


def test_relative_iris_in_select_and_a_query_base_wins(live_server: str) -> None:
    def bound(query: str) -> str:
        r = requests.get(sparql(live_server), params={"query": query, "format": "json"},
                         timeout=30)
        assert r.status_code == 200, r.text
        return r.json()["results"]["bindings"][0]["x"]["value"]

    assert bound("SELECT ?x WHERE { BIND(<objective/1> AS ?x) }") == live_server + "/objective/1"
    assert bound("SELECT ?x WHERE { BIND(<#me> AS ?x) }") == live_server + "/sparql#me"
    assert bound("BASE <http://example.org/a/> SELECT ?x WHERE { BIND(<b> AS ?x) }") == \
        "http://example.org/a/b"
    assert bound("BASE <sub/> SELECT ?x WHERE { BIND(<b> AS ?x) }") == live_server + "/sub/b"


# -- content types: the W3C tests send no Accept; Comunica sends result types -----------


@pytest.mark.parametrize(("query", "media"), [
    ("SELECT (1 AS ?value) {}", "application/sparql-results+json"),
    ("ASK {}", "application/sparql-results+json"),
    ("DESCRIBE <http://example.org/>", "text/turtle"),
    ("CONSTRUCT { <s> <p> 1 } WHERE {}", "text/turtle"),
])
def test_w3c_query_content_type(live_server: str, query: str, media: str) -> None:
    r = requests.post(sparql(live_server), data=query.encode(), timeout=30,
                      headers={**DIRECT, "Accept": ""},
                      params={"default-graph-uri": KASEI + "data0.rdf"})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].split(";")[0] == media


@pytest.mark.parametrize("accept", [
    "application/sparql-results+json",
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, text/csv;q=0.5",
    "text/tab-separated-values",
])
def test_graph_query_with_only_result_types_accepted_gets_turtle(live_server: str,
                                                                 accept: str) -> None:
    for query in ("DESCRIBE pc:race", "CONSTRUCT WHERE { pc:race skos:prefLabel ?l }"):
        r = requests.get(sparql(live_server), params={"query": query},
                         headers={"Accept": accept}, timeout=30)
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"
        labels = {str(o) for o in Graph().parse(data=r.text, format="turtle").objects(
            URIRef("https://w3id.org/eqkg/vocab/characteristic/race"),
            URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))}
        assert labels == {"race", "hil"}


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-quads",
                                    "application/rdf+xml;q=0.9, application/n-triples"])
def test_select_with_only_rdf_types_accepted_gets_sparql_json(live_server: str,
                                                             accept: str) -> None:
    r = requests.get(sparql(live_server), params={"query": "SELECT (1 AS ?one) {}"},
                     headers={"Accept": accept}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    assert r.json()["results"]["bindings"][0]["one"]["value"] == "1"


def test_what_no_sparql_format_can_carry_is_still_406(live_server: str) -> None:
    for query in ("SELECT * {}", "DESCRIBE pc:race"):
        r = requests.get(sparql(live_server), params={"query": query},
                         headers={"Accept": "image/png"}, timeout=30)
        assert r.status_code == 406
    r = requests.get(sparql(live_server), params={"query": "DESCRIBE pc:race", "format": "csv"},
                     timeout=30)
    assert r.status_code == 406
    assert r.json()["error"] == ("format 'csv' cannot carry an RDF graph (CONSTRUCT/DESCRIBE); "
                                 "use one of: turtle, jsonld, ntriples, rdfxml")


# -- CORS on read routes ----------------------------------------------------------------

ASKED = "content-type, x-requested-with, cache-control, x-client-version"


@pytest.mark.parametrize("path", ["/sparql", "/api/queries", "/api/queries/meetings",
                                  "/id/organisation/cardiff-council", "/vocab/characteristic/race",
                                  "/dataset", "/queries/commitments-by-characteristic"])
def test_preflight_allows_the_headers_asked_for(live_server: str, path: str) -> None:
    r = requests.options(live_server + path, timeout=30, headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": ASKED})
    assert r.status_code == 204
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert r.headers["Access-Control-Allow-Headers"] == (
        "Content-Type, Accept, x-requested-with, cache-control, x-client-version")
    assert "GET" in r.headers["Access-Control-Allow-Methods"]
    assert ("POST" in r.headers["Access-Control-Allow-Methods"]) == (path == "/sparql")
    assert r.headers["Access-Control-Max-Age"] == "86400"


def test_preflight_with_malformed_header_names_gets_the_default(live_server: str) -> None:
    r = requests.options(sparql(live_server), timeout=30, headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-ok, bad header, (x)"})
    assert r.status_code == 204
    assert r.headers["Access-Control-Allow-Headers"] == "Content-Type, Accept"


def test_uploads_get_no_cors(live_server: str) -> None:
    r = requests.options(live_server + "/api/validate", timeout=30, headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert "Access-Control-Allow-Origin" not in r.headers


def test_errors_on_read_routes_carry_cors(live_server: str) -> None:
    for path in ("/id/organisation/no-such-body", "/api/queries/no-such-query"):
        r = requests.get(live_server + path, timeout=30, headers={"Origin": "https://x.org"})
        assert r.status_code == 404
        assert r.headers["Access-Control-Allow-Origin"] == "*"


# -- one format registry ----------------------------------------------------------------


def test_one_registry_behind_every_table() -> None:
    registry = set(formats.FORMATS)
    assert set(protocol.RESULT_FORMATS) | set(protocol.GRAPH_FORMATS) <= registry
    assert set(conneg.REPRESENTATIONS) <= registry
    assert [f.name for f in protocol.RESULT_FORMATS] == ["json", "xml", "csv", "tsv"]
    assert [f.name for f in protocol.GRAPH_FORMATS] == ["turtle", "jsonld", "ntriples", "rdfxml"]
    assert [r.name for r in conneg.REPRESENTATIONS] == [
        "html", "turtle", "jsonld", "ntriples", "rdfxml", "trig", "nquads"]
    canonical = [f.media_type for f in formats.FORMATS]
    assert len(canonical) == len(set(canonical))
    extensions = [f.extension for f in formats.FORMATS]
    assert len(extensions) == len(set(extensions))
    # every RDF format can be written both by rdflib (pages) and by pyoxigraph (endpoint)
    assert all(f.rdflib and f.oxigraph is not None and f.iri for f in formats.RDF_FORMATS)
    from eqkg.publish.dataset import NQUADS
    from eqkg.web.queries import ANSWER_FORMATS

    assert formats.get("nquads").media_type == NQUADS
    assert set(ANSWER_FORMATS) <= registry


def accept(value: str) -> MIMEAccept:
    return parse_accept_header(value, MIMEAccept)


def test_the_one_negotiator() -> None:
    pages = formats.PAGE_FORMATS
    assert formats.negotiate(pages, accept("*/*")).name == "html"
    assert formats.negotiate(pages, "text/turtle;q=0.9, application/ld+json").name == "jsonld"
    assert formats.negotiate(pages, None, "ttl").name == "turtle"
    assert formats.negotiate(pages, None, "nq").name == "nquads"
    assert formats.split_extension("organisation/x.rdf") == ("organisation/x",
                                                             formats.get("rdfxml"))
    assert formats.split_extension("organisation/x.srj") == ("organisation/x.srj", None)
    results = formats.RESULT_FORMATS
    assert formats.negotiate(results, "text/*").name == "csv"
    assert formats.negotiate(results, "application/json").name == "json"
    assert protocol.negotiate("graph", accept("application/json"), ()).name == "jsonld"
    assert protocol.negotiate("graph", None, ["json"]).name == "jsonld"
    assert protocol.negotiate("graph", None, ["xml"]).name == "rdfxml"
    assert protocol.negotiate("results", None, ["xml"]).name == "xml"
    with pytest.raises(InputError, match="unknown format 'pdf'"):
        protocol.negotiate("results", None, ["pdf"])
    with pytest.raises(NotAcceptable):
        conneg.negotiate(accept("text/html"), "docx")
    api = formats.pick("records", "csv", "json")
    assert formats.choose(accept("application/json"), None, api).name == "records"
    assert formats.choose(accept("*/*"), "sparql-json", api).name == "json"
    assert formats.choose(accept("image/png"), "nonsense", api).name == "records"


def test_the_api_answers_sparql_json_by_accept(live_server: str) -> None:
    url = live_server + "/api/queries/meetings"
    r = requests.get(url, timeout=30, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    records = requests.get(url, params={"format": "json"}, timeout=30)
    assert records.headers["Content-Type"] == "application/json"
    assert len(r.json()["results"]["bindings"]) == records.json()["count"] == 3


def test_service_description_lists_the_registry_formats(live_server: str) -> None:
    r = requests.get(sparql(live_server), headers={"Accept": "application/rdf+xml"}, timeout=30)
    assert r.headers["Content-Type"] == "application/rdf+xml; charset=utf-8"
    root = ET.fromstring(r.content)
    listed = {e.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}resource")
              for e in root.iter("{http://www.w3.org/ns/sparql-service-description#}resultFormat")}
    assert listed == {f.iri for f in protocol.RESULT_FORMATS + protocol.GRAPH_FORMATS}
