"""How /sparql is served fast: workers read an in-memory copy of the store (default) or the
store on disk (--on-disk), with the same answers; repeated queries come from a result
cache; the guard remembers queries it has read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from conftest import start_server, stop

from eqkg.errors import EqkgError
from eqkg.sparql import Settings, guard
from eqkg.sparql.cache import Answer, ResultCache
from eqkg.sparql.executor import Job, WorkerPool, open_for_queries
from eqkg.store import Store

QUERIES = {
    "quads": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "graphs": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "objectives": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a eq:EqualityObjective }",
    "commitments": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a eq:Commitment }",
}


def count(pool: WorkerPool, query: str, inferred: bool = True) -> int:
    outcome = pool.execute(Job(query=query, kind="bindings", fmt="json", max_rows=10,
                               inferred=inferred), timeout=30)
    assert outcome.error is None, outcome.error
    return int(json.loads(outcome.body)["results"]["bindings"][0]["n"]["value"])


def test_an_in_memory_copy_holds_every_quad(store: Store, store_path: Path) -> None:
    copy = open_for_queries(str(store_path), in_memory=True)
    assert copy.path is None  # in memory, not the files
    assert len(copy) == len(store)
    assert copy.graphs() == store.graphs()
    assert open_for_queries(str(store_path), in_memory=False).path == store_path


def test_in_memory_and_on_disk_workers_answer_alike(store: Store, store_path: Path) -> None:
    answers = {}
    for in_memory in (True, False):
        pool = WorkerPool(str(store_path), 1, in_memory=in_memory)
        try:
            answers[in_memory] = {name: (count(pool, q), count(pool, q, inferred=False))
                                  for name, q in QUERIES.items()}
        finally:
            pool.close()
    assert answers[True] == answers[False]
    quads, graphs = answers[True]["quads"], answers[True]["graphs"]
    assert quads == (len(store), sum(n for g, n in store.graphs().items()
                                     if "/inferred/" not in g))
    assert graphs == (len(store.graphs()), len(store.asserted_graphs()))
    # Issue 18: the two agreements of the 2019 PALG minutes, eq:knownFrom (eq:KnowledgeExtent and its
    # two values in the ontology, one on each of the two plans); issue 12: the lexicon's new labels,
    # the implied basis and the carers theme in the vocabularies.
    # Issue 16: the sector vocabulary, the curated sectors, the similarity terms of the ontology
    # and the similarity links (graph/inferred/similarity). Session 5: eleven Welsh labels of
    # characteristics ("ethnig lleiafrifol", "Du ac Asiaidd", ...) and 79 triples of the status
    # vocabulary (on track, delayed, at risk, partially completed, English and Welsh labels).
    # Held-out set 6: Welsh "traws" and "trawsrywiol" (trans) and seven excluded phrases
    # ("ar draws" = across, "traws sector" = cross-sector, ...).
    assert quads == (26532, 13439) and graphs == (29, 20)
    # The Gwent plan's 4 objectives and the 7 the undated PALG minutes report on. Only
    # three commitments are typed as such in documents (agreements in the PALG minutes);
    # recommendations, steps, goals, pledges and actions are commitments by inference.
    assert answers[True]["objectives"] == (11, 11)
    assert answers[True]["commitments"] == (238, 3)


@pytest.mark.parametrize("value, expected", [
    (None, True), ("1", True), ("yes", True), ("0", False), ("off", False), (False, False)])
def test_in_memory_setting(value: object, expected: bool, monkeypatch: pytest.MonkeyPatch
                           ) -> None:
    monkeypatch.delenv("EQKG_QUERY_IN_MEMORY", raising=False)
    assert Settings.from_config({"SPARQL_IN_MEMORY": value}).in_memory is expected


def test_in_memory_setting_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EQKG_QUERY_IN_MEMORY", "false")
    assert Settings.from_config({}).in_memory is False
    monkeypatch.setenv("EQKG_QUERY_IN_MEMORY", "sometimes")
    with pytest.raises(EqkgError, match="in-memory serving must be true or false"):
        Settings.from_config({})


def test_serve_on_disk_answers_like_the_default(store_path: Path, live_server: str) -> None:
    proc, url = start_server(store_path, "--on-disk", "--query-workers", "1")
    try:
        for query in QUERIES.values():
            params = {"query": query, "format": "json"}
            on_disk = requests.get(url + "/sparql", params=params, timeout=30)
            in_memory = requests.get(live_server + "/sparql", params=params, timeout=30)
            assert on_disk.status_code == in_memory.status_code == 200
            assert on_disk.json() == in_memory.json()
    finally:
        stop(proc)


def test_the_guard_remembers_a_query_it_has_read() -> None:
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    first = guard.analyse_cached(query)
    assert guard.analyse_cached(query) is first
    assert [t.iri for t in first.targets] == ["http://example.org/sparql"]
    assert guard.analyse_cached(query + " ") is not first


# -- the answer cache ----------------------------------------------------------------

def key(query: str) -> tuple[str, str, str, str, bytes]:
    return ("GET", f"query={query}", "", "application/json", b"")


def answer(size: int) -> Answer:
    return Answer("200 OK", (("Content-Type", "application/json"),), b"x" * size)


KEY_BYTES = sum(len(part) for part in key("Q00"))  # a key counts towards the budget too


def test_the_cache_keeps_answers_within_its_budget() -> None:
    answers = ResultCache(8 * 1000)  # an answer of up to 1,000 bytes may be kept
    for i in range(12):
        answers.put(key(f"Q{i:02d}"), answer(600 - KEY_BYTES))  # 600 bytes in all
    assert len(answers) == 12 and answers.size_bytes == 7200
    answers.get(key("Q00"))  # Q00 is now the most recently used
    for i in range(12, 14):
        answers.put(key(f"Q{i:02d}"), answer(600 - KEY_BYTES))
    assert len(answers) == 13 and answers.size_bytes == 7800
    assert answers.get(key("Q01")) is None  # the least recently used went first
    assert answers.get(key("Q00")) is not None and answers.get(key("Q13")) is not None
    assert (answers.hits, answers.misses) == (3, 1)


def test_the_cache_keeps_nothing_too_big() -> None:
    answers = ResultCache(8 * 1000)
    answers.put(key("BIG"), answer(1001))
    assert len(answers) == 0
    assert ResultCache(0).get(key("Q")) is None


COMMITMENTS = QUERIES["commitments"]


def test_a_repeated_query_is_answered_from_the_cache(live_server: str) -> None:
    url = live_server + "/sparql"
    query = COMMITMENTS + " # cache test"

    def ask(**params: str) -> requests.Response:
        return requests.get(url, params={"query": query, **params})

    first, again = ask(format="json"), ask(format="json")
    assert (first.headers["X-EQKG-Cache"], again.headers["X-EQKG-Cache"]) == ("miss", "hit")
    assert first.content == again.content
    assert again.json()["results"]["bindings"][0]["n"]["value"] == "238"
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    posted = [requests.post(url, data={"query": query},
                            headers={"Accept": "application/sparql-results+json"})
              for _ in range(2)]
    assert [r.headers["X-EQKG-Cache"] for r in posted] == ["miss", "hit"]
    assert posted[1].json() == first.json()
    # What changes the answer changes the request, so it is asked afresh:
    asserted = ask(format="json", **{"asserted-only": "true"})
    assert asserted.headers["X-EQKG-Cache"] == "miss"
    assert asserted.json()["results"]["bindings"][0]["n"]["value"] == "3"
    csv_answer = ask(format="csv")
    assert csv_answer.headers["X-EQKG-Cache"] == "miss" and csv_answer.text == "n\r\n238\r\n"
    # Errors are never kept: each is evaluated and reported again.
    for _ in range(2):
        r = requests.get(url, params={"query": "SELECT * WHERE { ?s ?p }"})
        assert r.status_code == 400 and "X-EQKG-Cache" not in r.headers
    assert "X-EQKG-Cache" in first.headers["Access-Control-Expose-Headers"]


def test_a_zero_cache_evaluates_every_query(store_path: Path) -> None:
    proc, url = start_server(store_path, "--cache", "0", "--query-workers", "1")
    try:
        for _ in range(2):
            r = requests.get(url + "/sparql", params={"query": COMMITMENTS, "format": "json"})
            assert r.headers["X-EQKG-Cache"] == "miss"
            assert r.json()["results"]["bindings"][0]["n"]["value"] == "238"
    finally:
        stop(proc)
