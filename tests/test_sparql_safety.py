"""Safety over real HTTP: no remote access, runaway queries stopped, answers capped."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from conftest import start_server, stop

from eqkg.sparql.executor import Job, WorkerPool

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SIMPLE = "ASK { pc:race a eq:ProtectedCharacteristic }"
CANARY_ANSWER = {"head": {"vars": ["x"]},
                 "results": {"bindings": [{"x": {"type": "literal", "value": "from-canary"}}]}}


class Canary:
    """An HTTP server on loopback that records every request it receives."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        canary = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                canary.requests.append(f"{self.command} {self.path}")
                body = json.dumps(CANARY_ANSWER).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def canary() -> Iterator[Canary]:
    server = Canary()
    yield server
    server.close()


@pytest.fixture(scope="module")
def limited_server(store_path: Path) -> Iterator[str]:
    """A server with a 2 s time limit, 5-row cap and 2000-character query limit, and no
    result cache: every request here must reach a worker."""
    proc, url = start_server(store_path, "--timeout", "2", "--max-rows", "5",
                             "--query-workers", "2", "--cache", "0",
                             env={"EQKG_MAX_QUERY_LENGTH": "2000"})
    yield url
    stop(proc)


def attacks(target: str) -> list[dict]:
    """Every way of naming the canary that is refused: SERVICE, LOAD, FROM, FROM NAMED.

    A default-graph-uri / named-graph-uri the store lacks is an empty graph, never
    fetched (tests/test_protocol_exact.py checks the canary hears nothing then either)."""
    host, _, path = target.removeprefix("http://").partition("/")
    escaped = f"http://{host.replace(':', chr(92) + 'u003a')}/{path}"
    return [
        {"query": f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"},
        {"query": f"select * where {{ service silent<{target}>{{?s ?p ?o}} }}"},
        {"query": f"PREFIX c: <http://{host}/> SELECT * WHERE {{ SERVICE c:{path} {{ ?s ?p ?o }} }}"},
        {"query": f"BASE <http://{host}/> SELECT * WHERE {{ SERVICE <{path}> {{ ?s ?p ?o }} }}"},
        {"query": f"SELECT * WHERE {{ SERVICE <{escaped}> {{ ?s ?p ?o }} }}"},
        {"query": f"SELECT * WHERE {{ BIND(<{target}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"},
        {"query": f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}"},
        {"query": f"SELECT * FROM NAMED <{target}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {"query": f"LOAD <{target}>"},
        {"update": f"LOAD <{target}> INTO GRAPH <http://example.org/g>"},
    ]


def test_remote_access_is_refused_and_the_canary_hears_nothing(live_server: str,
                                                               canary: Canary) -> None:
    for params in attacks(canary.url):
        for send in (requests.get, requests.post):
            kwargs = {"params": params} if send is requests.get else {"data": params}
            r = send(live_server + "/sparql", timeout=10, **kwargs)
            assert r.status_code == 403, (params, r.text)
            assert " is refused" in r.json()["error"], r.text
    r = requests.post(live_server + "/sparql", data=f"LOAD <{canary.url}>".encode(),
                      headers={"Content-Type": "application/sparql-update"}, timeout=10)
    assert r.status_code == 403
    r = requests.get(live_server + "/sparql",
                     params={"query": f"SELECT * WHERE {{ SERVICE <{canary.url}> {{}} }}"})
    assert r.json()["error"] == (f"SERVICE <{canary.url}> is refused: federated query to an "
                                 "IRI that is not on this endpoint's allow-list")
    time.sleep(0.2)
    assert canary.requests == []


def test_an_allow_listed_service_is_reached(store_path: Path, canary: Canary) -> None:
    prefix = canary.url.rsplit("/", 1)[0] + "/"
    proc, url = start_server(store_path, "--allow-service", prefix, "--query-workers", "1")
    try:
        query = f"SELECT ?x WHERE {{ SERVICE <{canary.url}> {{ ?x ?y ?z }} }}"
        r = requests.get(url + "/sparql", params={"query": query, "format": "json"}, timeout=20)
        assert r.status_code == 200, r.text
        assert r.json()["results"]["bindings"] == [
            {"x": {"type": "literal", "value": "from-canary"}}]
        assert len(canary.requests) == 1
        other = "SELECT * WHERE { SERVICE <http://127.0.0.2:1/sparql> { ?s ?p ?o } }"
        assert requests.get(url + "/sparql", params={"query": other}).status_code == 403
        description = requests.get(url + "/sparql").text
        assert "sd:BasicFederatedQuery" in description and prefix in description
    finally:
        stop(proc)


def test_workers_have_no_network_when_nothing_is_allowed(store_path: Path,
                                                         canary: Canary) -> None:
    """The second wall: even a SERVICE that bypassed the guard cannot leave the worker."""
    pool = WorkerPool(str(store_path), 1, isolate_network=True)
    try:
        if not pool.network_isolated:
            pytest.skip("this kernel does not let the worker leave the network")
        job = Job(query=f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}",
                  kind="bindings", fmt="json", max_rows=10)
        outcome = pool.execute(job, timeout=10)
        assert outcome.status == 502 and outcome.error
        assert canary.requests == []
    finally:
        pool.close()


def test_runaway_query_is_stopped_while_others_are_served(limited_server: str) -> None:
    url = limited_server + "/sparql"
    runaway: dict[str, object] = {}

    def run() -> None:
        started = time.monotonic()
        r = requests.get(url, params={"query": RUNAWAY}, timeout=30)
        runaway.update(status=r.status_code, seconds=time.monotonic() - started,
                       error=r.json().get("error", ""))

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.3)
    latencies = []
    while thread.is_alive():
        started = time.monotonic()
        r = requests.get(url, params={"query": SIMPLE, "format": "json"}, timeout=10)
        latencies.append(time.monotonic() - started)
        assert r.status_code == 200 and r.json()["boolean"] is True
        time.sleep(0.1)
    thread.join()
    assert runaway["status"] == 503
    assert "stopped after 2 s" in str(runaway["error"])
    assert 2.0 <= float(runaway["seconds"]) < 4.0  # type: ignore[arg-type]
    assert len(latencies) >= 5 and max(latencies) < 1.0, latencies
    # The killed worker is replaced: two slow queries at once are both stopped, then all is well.
    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        r = requests.get(url, params={"query": SIMPLE, "format": "json"}, timeout=10)
        if r.status_code == 200:
            break
        time.sleep(0.2)
    assert r.status_code == 200


def test_row_cap_is_marked(limited_server: str) -> None:
    url = limited_server + "/sparql"
    query = "SELECT ?c WHERE { ?c a eq:ProtectedCharacteristic } ORDER BY ?c"
    r = requests.get(url, params={"query": query, "format": "json"})
    assert r.headers["X-EQKG-Capped"] == "true"
    data = r.json()
    assert len(data["results"]["bindings"]) == 5
    assert data["capped"] is True and data["head"]["link"] == ["urn:eqkg:capped"]
    xml = requests.get(url, params={"query": query, "format": "xml"})
    assert '<link href="urn:eqkg:capped"/>' in xml.text
    csv_answer = requests.get(url, params={"query": query, "format": "csv"})
    assert csv_answer.headers["X-EQKG-Capped"] == "true"
    assert len(csv_answer.text.splitlines()) == 6
    graph = requests.get(url, params={"query": "CONSTRUCT WHERE { ?s a ?o }", "format": "nt"})
    assert graph.headers["X-EQKG-Capped"] == "true" and len(graph.text.splitlines()) == 5
    small = requests.get(url, params={"query": "SELECT * WHERE { } ", "format": "json"})
    assert "X-EQKG-Capped" not in small.headers and "capped" not in small.json()


def test_query_length_is_capped(limited_server: str) -> None:
    r = requests.get(limited_server + "/sparql", params={"query": SIMPLE + " " * 2000})
    assert r.status_code == 413 and "at most 2000" in r.json()["error"]


def test_a_query_over_the_memory_limit_is_stopped(store_path: Path) -> None:
    proc, url = start_server(store_path, "--query-memory", "300", "--timeout", "60",
                             "--query-workers", "1")
    try:
        greedy = ("SELECT * WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } } "
                  "ORDER BY ?c ?f LIMIT 1")
        started = time.monotonic()
        r = requests.get(url + "/sparql", params={"query": greedy}, timeout=90)
        assert r.status_code == 503, r.text
        assert "more than 300 MB" in r.json()["error"]
        assert time.monotonic() - started < 60
        deadline = time.monotonic() + 20
        while True:  # the replacement worker answers
            r = requests.get(url + "/sparql", params={"query": SIMPLE, "format": "json"})
            if r.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert r.status_code == 200 and r.json()["boolean"] is True
    finally:
        stop(proc)
