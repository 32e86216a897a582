"""Harvest and federation against a real Oxigraph server on loopback holding a second body's plan.

The second body is a clearly labelled test fixture (tests/fixtures/harvest/). The
harvest goes through SPARQLWrapper over HTTP; the interrupted harvests use a tiny
loopback server that answers the first page and then hangs or sends garbage.
"""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import requests
from click.testing import CliRunner
from conftest import free_port, start_server
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from eqkg.cli import main
from eqkg.errors import InputError
from eqkg.namespaces import EQ, GRAPH
from eqkg.publish.harvest import (
    HARVESTED_NAMESPACES,
    HarvestError,
    harvest,
    harvest_graph_iri,
    page_query,
)
from eqkg.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "harvest" / "example-health-board-sep.ttl"
OTHER = "https://data.example.org/eqkg/id/"
OTHER_PLAN = OTHER + "plan/example-health-board-sep-2024-2028"
OTHER_ORG = OTHER + "organisation/example-health-board"
TARGET = str(GRAPH) + "harvest/test-body"


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def expected_harvest() -> Graph:
    """The fixture's triples a harvest over the ontology's terms must bring back."""
    source = Graph().parse(FIXTURE)
    typed = {s for s, o in source.subject_objects(RDF.type) if str(o).startswith(str(EQ))}
    out = Graph()
    for s, p, o in source:
        if s in typed and (p in (RDF.type, RDFS.label)
                           or str(p).startswith(HARVESTED_NAMESPACES)):
            out.add((s, p, o))
    return out


@pytest.fixture(scope="module")
def oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The query URL of `oxigraph serve-read-only` on loopback, loaded with the fixture plan."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    location = tmp_path_factory.mktemp("oxigraph")
    subprocess.run([binary, "load", "--location", str(location), "--file", str(FIXTURE)],
                   check=True, capture_output=True, timeout=60)
    port = free_port()
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while True:
        try:
            requests.get(url, params={"query": "ASK {}"}, timeout=1)
            break
        except requests.ConnectionError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("oxigraph serve did not start") from None
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def writable_store(store_path: Path, tmp_path: Path) -> Iterator[Store]:
    """A writable copy of the session store (asserted and inferred graphs); nobody writes
    to the original, so copying its files is safe."""
    shutil.copytree(store_path, tmp_path / "store")
    store = Store(tmp_path / "store")
    yield store
    del store
    gc.collect()


def test_page_query_is_a_stable_distinct_page() -> None:
    query = page_query(2000, 1000)
    assert "SELECT DISTINCT ?s ?p ?o" in query
    assert "ORDER BY ?s ?p ?o LIMIT 1000 OFFSET 2000" in query


def test_harvest_pages_provenance_and_filtering(oxigraph_endpoint: str,
                                                writable_store: Store) -> None:
    result = harvest(writable_store, oxigraph_endpoint, TARGET, page_size=7, timeout=10)
    expected = expected_harvest()
    assert len(expected) == 36  # 39 fixture triples minus comment, homepage, untyped note
    assert result.triples == 36
    assert result.pages == 6  # 5 x 7 + 1
    got = writable_store.graph_triples(TARGET)
    graph_node = URIRef(TARGET)
    provenance = {(s, p, o) for s, p, o in got if s == graph_node}
    assert {(s, p, o) for s, p, o in got if s != graph_node} == set(expected)
    preds = {str(p) for _, p, _ in provenance}
    assert "http://www.w3.org/ns/prov#wasDerivedFrom" in preds
    assert "http://www.w3.org/ns/prov#generatedAtTime" in preds
    assert (graph_node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
            URIRef(oxigraph_endpoint)) in provenance
    counts = [o for _, p, o in provenance if str(p) == "http://rdfs.org/ns/void#triples"]
    assert [int(c) for c in counts] == [36]


def test_query_across_both_bodies(oxigraph_endpoint: str, writable_store: Store) -> None:
    """Plans per organisation, over the seed graphs and the harvested graph together."""
    query = """SELECT ?org (COUNT(DISTINCT ?plan) AS ?plans) WHERE {
                 ?plan a eq:StrategicEqualityPlan ; eq:organisation ?org .
               } GROUP BY ?org ORDER BY ?org"""

    def answer() -> dict[str, int]:
        return {str(row["org"]): int(row["plans"])
                for row in writable_store.query(query)}

    before = answer()
    assert OTHER_ORG not in before
    harvest(writable_store, oxigraph_endpoint, TARGET, timeout=10)
    after = answer()
    assert after == {**before, OTHER_ORG: 1}
    # The same question restricted to the two bodies' graphs names both sources.
    sources = {str(row["g"]) for row in writable_store.query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?plan a eq:StrategicEqualityPlan } }")}
    assert TARGET in sources


def test_saved_query_answers_across_both_bodies(oxigraph_endpoint: str,
                                                writable_store: Store) -> None:
    """The saved question "commitments covering race" lists both bodies' commitments."""
    from eqkg import saved_queries

    def rows() -> set[tuple[str, str]]:
        table = saved_queries.run(writable_store, "commitments-by-characteristic",
                                  {"characteristic": "race"})
        return {(r["commitment"], r.get("document", "")) for r in table.to_records()}

    before = rows()
    harvest(writable_store, oxigraph_endpoint, TARGET, timeout=10)
    after = rows()
    assert after - before == {(OTHER_PLAN + "/objective/2/step/1", OTHER_PLAN)}
    assert before <= after
    seed_documents = {doc for _, doc in before}
    assert any(doc.startswith("https://w3id.org/eqkg/id/") for doc in seed_documents), \
        "the seed graphs hold no commitment covering race"


def test_rerun_replaces_the_graph(oxigraph_endpoint: str, writable_store: Store) -> None:
    writable_store.replace_graph(TARGET, Graph().parse(
        data=f'<{OTHER}stale> <{RDFS.label}> "left over from an old harvest" .', format="nt"))
    harvest(writable_store, oxigraph_endpoint, TARGET, timeout=10)
    labels = {str(o) for o in writable_store.graph_triples(TARGET).objects(None, RDFS.label)}
    assert "left over from an old harvest" not in labels
    assert writable_store.graphs()[TARGET] == 36 + 7  # harvested + provenance


class FlakyEndpoint(BaseHTTPRequestHandler):
    """Answers the first page properly, then hangs (mode 'hang') or sends garbage."""

    mode = "hang"
    page_one = b""

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        length = int(self.headers.get("Content-Length", 0))
        query = parse_qs(self.rfile.read(length).decode())["query"][0]
        if "OFFSET 0" in query:
            body = self.page_one
        elif self.mode == "hang":
            time.sleep(4)
            body = self.page_one
        else:
            body = b"<http://a> <http://b> this is not turtle"
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    """A hanging handler later writes to a socket the client closed; the broken pipe is
    expected, and printing it would land in whatever test runs next (CliRunner output)."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture
def flaky() -> Iterator[tuple[str, type[FlakyEndpoint]]]:
    handler = type("Handler", (FlakyEndpoint,), {})
    handler.page_one = "".join(
        f"<{OTHER}thing/{i}> <{RDFS.label}> \"thing {i}\" .\n" for i in range(5)).encode()
    server = QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", handler
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("mode, message", [("hang", "did not answer within 1 s"),
                                           ("garbage", "malformed answer")])
def test_interrupted_harvest_leaves_previous_graph(
        oxigraph_endpoint: str, writable_store: Store,
        flaky: tuple[str, type[FlakyEndpoint]], mode: str, message: str) -> None:
    harvest(writable_store, oxigraph_endpoint, TARGET, timeout=10)
    before = writable_store.graph_triples(TARGET)
    url, handler = flaky
    handler.mode = mode
    with pytest.raises(HarvestError, match=message):
        harvest(writable_store, url, TARGET, page_size=5, timeout=1)
    assert writable_store.graph_triples(TARGET).isomorphic(before)


def test_bad_arguments_are_refused(writable_store: Store) -> None:
    with pytest.raises(InputError, match="not an http"):
        harvest(writable_store, "file:///etc/passwd")
    with pytest.raises(InputError, match="must be under"):
        harvest(writable_store, "http://127.0.0.1:1/sparql", str(GRAPH) + "curated/registry")
    with pytest.raises(HarvestError, match="cannot reach"):
        harvest(writable_store, f"http://127.0.0.1:{free_port()}/sparql", timeout=2)


def test_default_graph_name() -> None:
    assert harvest_graph_iri("http://127.0.0.1:7878/query") == \
        str(GRAPH) + "harvest/127.0.0.1-7878-query"


def test_cli_harvest_and_reload_keeps_it(oxigraph_endpoint: str, tmp_path: Path) -> None:
    runner = CliRunner()
    store_dir = str(tmp_path / "cli-store")
    assert runner.invoke(main, ["--store", store_dir, "load", "-q", "--no-infer"]).exit_code == 0
    result = runner.invoke(main, ["--store", store_dir, "harvest", oxigraph_endpoint,
                                  "--page-size", "10", "--timeout", "10"])
    assert result.exit_code == 0, result.output
    graph = harvest_graph_iri(oxigraph_endpoint)
    assert f"Harvested 36 triples in 4 page(s) from {oxigraph_endpoint} into <{graph}>" \
        in result.output
    reloaded = runner.invoke(main, ["--store", store_dir, "load", "-q", "--no-infer"])
    assert reloaded.exit_code == 0, reloaded.output
    gc.collect()
    info = runner.invoke(main, ["--store", store_dir, "info"])
    assert graph in info.output
    refused = runner.invoke(main, ["--store", store_dir, "harvest", "ftp://example.org/x"])
    assert refused.exit_code == 2
    assert refused.output.strip() == "Error: 'ftp://example.org/x' is not an http(s) SPARQL " \
        "endpoint URL"


# -- federation through /sparql -------------------------------------------------


@pytest.fixture(scope="module")
def federating_server(store_path: Path, oxigraph_endpoint: str) -> Iterator[str]:
    """`eqkg serve` whose SERVICE allow-list holds the loopback Oxigraph server only."""
    proc, url = start_server(store_path, env={"EQKG_SERVICE_ALLOWLIST": oxigraph_endpoint})
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def sparql(url: str, query: str) -> requests.Response:
    return requests.post(url + "/sparql", data={"query": query},
                         headers={"Accept": "application/sparql-results+json"}, timeout=30)


def test_service_to_an_endpoint_not_allowed_is_refused(federating_server: str) -> None:
    for target in ("http://127.0.0.1:9/sparql", "https://query.wikidata.org/sparql"):
        answer = sparql(federating_server, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")
        assert answer.status_code == 403, answer.text
        assert target in answer.text


def test_service_to_the_allowed_endpoint_answers_across_bodies(federating_server: str,
                                                               oxigraph_endpoint: str) -> None:
    query = f"""SELECT ?plan ?org WHERE {{
        SERVICE <{oxigraph_endpoint}> {{
            ?plan a <{EQ}StrategicEqualityPlan> ; <{EQ}organisation> ?org }}
    }}"""
    answer = sparql(federating_server, query)
    assert answer.status_code == 200, answer.text
    rows = answer.json()["results"]["bindings"]
    assert [(r["plan"]["value"], r["org"]["value"]) for r in rows] == [(OTHER_PLAN, OTHER_ORG)]
    # Across both bodies: our registry's organisations beside the other body's plan.
    both = f"""SELECT (COUNT(DISTINCT ?ours) AS ?n) ?other WHERE {{
        ?ours a eq:Organisation .
        SERVICE <{oxigraph_endpoint}> {{ ?other a <{EQ}Organisation> }}
    }} GROUP BY ?other"""
    rows = sparql(federating_server, both).json()["results"]["bindings"]
    assert len(rows) == 1 and rows[0]["other"]["value"] == OTHER_ORG
    assert int(rows[0]["n"]["value"]) > 0
