"""Answers are capped in bytes as well as rows (#17 point 5); a worker's MemoryError is a
503; the memory limit counts memory really in use, not address space (#17 point 11)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from conftest import start_server, stop

from eqkg.sparql import executor
from eqkg.sparql.executor import Evaluator, Job, WorkerPool, resident_bytes
from eqkg.store import Store, embedded

# Five rows, each the concatenation of every object in the store (about 1.36 MB each).
BIG_ROWS = ("SELECT ?x (GROUP_CONCAT(STR(?o)) AS ?all) WHERE { VALUES ?x { 1 2 3 4 5 } "
            "?s ?p ?o FILTER(!isBlank(?o)) } GROUP BY ?x ORDER BY ?x")
CAP = int(3.5 * 1024 * 1024)


@pytest.fixture(scope="module")
def one_mb_server(store_path: Path) -> Iterator[str]:
    proc, url = start_server(store_path, "--max-mb", "3.5", "--cache", "0",
                             "--query-workers", "2")
    yield url
    stop(proc)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_the_byte_cap_cuts_an_answer_and_marks_it(one_mb_server: str, fmt: str) -> None:
    r = requests.get(one_mb_server + "/sparql", params={"query": BIG_ROWS, "format": fmt},
                     timeout=60)
    assert r.status_code == 200
    assert r.headers["X-EQKG-Capped"] == "true"
    assert 2 * 1024 * 1024 < len(r.content) <= CAP
    if fmt == "json":
        data = r.json()
        assert data["capped"] is True and data["head"]["link"] == ["urn:eqkg:capped"]
        assert [b["x"]["value"] for b in data["results"]["bindings"]] == ["1", "2"]
    if fmt == "xml":
        assert '<link href="urn:eqkg:capped"/>' in r.text


def test_a_small_answer_is_not_marked(one_mb_server: str) -> None:
    r = requests.get(one_mb_server + "/sparql", params={
        "query": "SELECT ?c WHERE { ?c a eq:ProtectedCharacteristic }", "format": "json"})
    assert r.status_code == 200 and "X-EQKG-Capped" not in r.headers
    assert len(r.json()["results"]["bindings"]) == 9


def evaluator_with(values: list[str]) -> Evaluator:
    store = Store()
    store.raw.update("INSERT DATA { GRAPH <http://g> { "
                     + " ".join(f"<http://s{i}> <http://p> {json.dumps(v)} ."
                                for i, v in enumerate(values)) + " } }")
    return Evaluator(store)


def test_escaping_cannot_carry_an_answer_past_the_cap() -> None:
    # Control characters take 6 bytes each in JSON (\u0001): the estimate is short of
    # the written size, so rows are dropped until the bytes fit.
    evaluator = evaluator_with(["\u0001" * 2000] * 20)
    job = Job(query="SELECT ?o WHERE { ?s ?p ?o }", kind="bindings", fmt="json",
              max_rows=1000, max_bytes=30_000)
    outcome = evaluator.run(job)
    assert outcome.status == 200 and outcome.capped
    assert len(outcome.body) <= 30_000
    assert outcome.rows == len(json.loads(outcome.body)["results"]["bindings"]) == 2
    graph = evaluator.run(Job(query="CONSTRUCT WHERE { ?s ?p ?o }", kind="graph", fmt="ntriples",
                              max_rows=1000, max_bytes=30_000))
    assert graph.capped and len(graph.body) <= 30_000 and graph.rows == 2


def test_a_memory_error_in_a_worker_is_a_503(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_memory(*_args: object, **_kwargs: object) -> bytes:
        raise MemoryError

    monkeypatch.setattr(embedded, "write_bindings", no_memory)
    outcome = evaluator_with(["a"]).run(Job(query="SELECT * WHERE { ?s ?p ?o }",
                                            kind="bindings", fmt="json", max_rows=10))
    assert outcome.status == 503 and outcome.retire
    assert outcome.error is not None and "needed more memory" in outcome.error


UNTOUCHED = """
import ctypes, sys, time
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
block = libc.malloc(1 << 30)  # 1 GB of address space, never written
print("ready", flush=True)
time.sleep(30)
"""


def test_memory_is_measured_resident_not_reserved() -> None:
    """The old limit (RLIMIT_DATA) counted reserved, untouched memory like this 1 GB."""
    proc = subprocess.Popen([sys.executable, "-c", UNTOUCHED], stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        status = Path(f"/proc/{proc.pid}/status").read_text()
        data = int(next(line for line in status.splitlines()
                        if line.startswith("VmData:")).split()[1]) * 1024
        assert data > 1 << 30
        assert resident_bytes(proc.pid) < 200 * 1024 * 1024
    finally:
        proc.kill()
        proc.wait()


def test_fifty_tiny_queries_never_hit_a_small_memory_limit(store_path: Path) -> None:
    pool = WorkerPool(str(store_path), 1, memory_mb=32)
    try:
        statuses = []
        for i in range(50):
            outcome = pool.execute(Job(query=f"SELECT ?c WHERE {{ ?c a ?k }} LIMIT {i + 1}",
                                       kind="bindings", fmt="json", max_rows=100), 10)
            statuses.append(outcome.status)
        assert statuses == [200] * 50
        # ... while a query that really needs memory is stopped at the limit.
        greedy = Job(query="SELECT * WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } } "
                           "ORDER BY ?c ?f LIMIT 1", kind="bindings", fmt="json", max_rows=1)
        started = time.monotonic()
        with pytest.raises(executor.OutOfMemory, match="more than 32 MB"):
            pool.execute(greedy, 60)
        assert time.monotonic() - started < 30
    finally:
        pool.close()
