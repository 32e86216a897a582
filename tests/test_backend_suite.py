"""The web app on each of the three backends: embedded, Oxigraph server and Virtuoso.

One module-scoped fixture serves the app over each backend in turn, every backend
holding the same data: the session store plus one huge resource (more statements than
the row cap). Each test compares the backend's answer with the embedded store's, over
HTTP, for the saved queries (every one, API and page), the linked-data pages, the SPARQL
protocol and validation; and checks that a saved query past the time limit, and the
page of the huge resource, are stopped with a clear 503 while another client is served.
Virtuoso's documented differences are those of tests/test_backend_remote.py.
"""

from __future__ import annotations

import csv
import gc
import gzip
import io
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from test_backend_remote import VIRTUOSO_CANNOT, VIRTUOSO_CELLS, remote_of, settings_for

from eqkg import config, saved_queries
from eqkg.settings import Settings
from eqkg.store import Store, TripleStore
from eqkg.web import create_app

BACKENDS = ["embedded", "oxigraph", "virtuoso"]
HUGE_GRAPH = "https://w3id.org/eqkg/graph/test-huge-resource"
HUGE = "https://w3id.org/eqkg/id/test/huge-resource"
HUGE_STATEMENTS = 12_000  # over the default row cap (EQKG_MAX_ROWS, 10,000)
PLAN = "https://w3id.org/eqkg/id/plan/gwent-jsep-2020-2024"
# Every triple against every triple against every triple: minutes on any backend.
SLOW_QUERY = """#+ title_en: Every triple against every other (a test of the time limit)
#+ title_cy: Pob triawd yn erbyn pob un arall (prawf o'r terfyn amser)
#+ description_en: A query that runs far past any time limit.
#+ description_cy: Ymholiad sy'n rhedeg ymhell y tu hwnt i unrhyw derfyn amser.
#+ tags: [test]
#+ order: 999
SELECT ?n WHERE {
  { SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f .
      FILTER(STR(?b) != STR(?f)) } }
} ORDER BY ?n
"""


def huge_triples() -> list[tuple[URIRef, URIRef, Literal]]:
    return [(URIRef(HUGE), URIRef(f"https://w3id.org/eqkg/ontology#testValue{i % 7}"),
             Literal(f"value {i}")) for i in range(HUGE_STATEMENTS)]


@pytest.fixture(scope="module")
def embedded_copy(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session store copied, with the huge resource added (the session store itself
    must not change)."""
    path = tmp_path_factory.mktemp("suite") / "store"
    shutil.copytree(store_path, path)
    copy = Store(path)
    copy.replace_graph(HUGE_GRAPH, huge_triples())
    copy.flush()
    del copy
    gc.collect()
    return path


def loaded_remote(server: Any, store: Store) -> Any:
    """A server holding the session store's graphs (sent again only where a graph's size
    differs: another module may have left them in place) and the huge resource."""
    target = remote_of(server)
    wanted = store.graphs()
    there = target.graphs()
    for graph_iri in there:
        if graph_iri not in wanted:
            target.remove_graph(graph_iri)
    for graph_iri, size in wanted.items():
        if there.get(graph_iri) != size:
            target.replace_graph(graph_iri, [q[:3] for q in store.quads(graph=graph_iri)])
    target.replace_graph(HUGE_GRAPH, huge_triples())
    target.server = server  # type: ignore[attr-defined]
    return target


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest, store: Store, embedded_copy: Path
            ) -> Iterator[SimpleNamespace]:
    """One backend: its kind, where the app finds it, and the settings `eqkg serve` gets."""
    if request.param == "embedded":
        yield SimpleNamespace(kind="embedded", location=str(embedded_copy),
                              settings=Settings(store=str(embedded_copy)), remote=None)
        return
    server = request.getfixturevalue(f"{request.param}_server")
    remote = loaded_remote(server, store)
    try:
        yield SimpleNamespace(kind=request.param, location=remote.location,
                              settings=settings_for(remote), remote=remote)
    finally:
        remote.remove_graph(HUGE_GRAPH)
        remote.close()


def app_for(backend: SimpleNamespace, **config_: Any) -> Any:
    return create_app(store_path=backend.location, EQKG_SETTINGS=backend.settings,
                      TESTING=True, **config_)


@pytest.fixture(scope="module")
def client(backend: SimpleNamespace) -> Any:
    return app_for(backend).test_client()


@pytest.fixture(scope="module")
def reference(embedded_copy: Path) -> Any:
    """The same app on the embedded store: the answers every backend must give."""
    return create_app(store_path=embedded_copy, TESTING=True).test_client()


# -- saved queries ------------------------------------------------------------------------

# Columns whose value SPARQL leaves to the engine on every backend: SAMPLE picks one of
# several values, and which one follows the order the data was stored in.
ANY_SAMPLE = {"bodies-on-theme": "example", "meetings": "note", "objectives-by-plan": "title"}


def table(data: bytes, drop: str | None = None) -> list[tuple[str, ...]]:
    """A CSV answer as sorted rows, a column left out, GROUP_CONCAT lists sorted (their
    order is the engine's)."""
    def cell(text: str) -> str:
        for separator in (" | ", "; "):
            if separator in text:
                return separator.join(sorted(text.split(separator)))
        parts = text.split(" ")
        if len(parts) > 1 and all(p.startswith(("http://", "https://")) for p in parts):
            return " ".join(sorted(parts))
        return text
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    keep = [i for i, name in enumerate(rows[0] if rows else []) if name != drop]
    return sorted(tuple(cell(row[i]) for i in keep) for row in rows)



def test_every_saved_query_over_the_api(backend: SimpleNamespace, client: Any,
                                        reference: Any) -> None:
    names = sorted(saved_queries.load_library())
    assert len(names) >= 15
    for name in names:
        url = f"/api/queries/{name}.csv"
        expected, answer = reference.get(url), client.get(url)
        if backend.kind == "virtuoso" and name in VIRTUOSO_CANNOT:
            assert answer.status_code == 503, name
            assert "the SPARQL server failed the query" in answer.json["error"], name
            continue
        assert (name, answer.status_code) == (name, expected.status_code)
        drop = ANY_SAMPLE.get(name)
        there, here = table(answer.data, drop), table(expected.data, drop)
        if backend.kind == "virtuoso" and name in VIRTUOSO_CELLS:
            assert [r[0] for r in there] == [r[0] for r in here], name
            continue
        assert there == here, name


def test_saved_query_pages(client: Any, reference: Any) -> None:
    for url in ("/queries", "/queries/objectives-by-plan",
                "/queries/commitments-by-characteristic?characteristic=race&lang=cy"):
        answer = client.get(url)
        assert answer.status_code == reference.get(url).status_code == 200, url
    page = client.get("/queries/commitments-by-characteristic?characteristic=race").data
    assert b"<table" in page and b"Gwent" in page


# -- linked data --------------------------------------------------------------------------

LINKED = ("/id/plan/gwent-jsep-2020-2024", "/id/person/jeff-cuthbert",
          "/id/organisation/cardiff-council", "/vocab/characteristic/race",
          "/dataset", "/ontology")


def test_linked_data_pages_are_the_same_graphs(client: Any, reference: Any) -> None:
    for path in LINKED:
        expected = reference.get(path, headers={"Accept": "text/turtle"})
        answer = client.get(path, headers={"Accept": "text/turtle"})
        assert (path, answer.status_code) == (path, expected.status_code == 200 and 200)
        here = Graph().parse(data=expected.data, format="turtle")
        there = Graph().parse(data=answer.data, format="turtle")
        assert len(there) == len(here) > 5, path
        assert there.isomorphic(here), path
        html = client.get(path, headers={"Accept": "text/html"})
        assert html.status_code == 200, path
    missing = client.get("/id/plan/no-such-plan", headers={"Accept": "text/turtle"})
    assert missing.status_code == 404


def test_a_graph_dump_is_the_same(client: Any, reference: Any) -> None:
    url = "/dumps/graph/curated/sameness.nq.gz"
    bodies = []
    for c in (reference, client):  # each streamed answer read whole before the next
        answer = c.get(url)
        assert answer.status_code == 200
        bodies.append(gzip.decompress(answer.get_data()).decode())
        answer.close()
    graph = "<https://w3id.org/eqkg/graph/curated/sameness> ."
    assert all(line.endswith(graph) for text in bodies for line in text.splitlines())
    here, there = (Graph().parse(data=b.replace(graph, "."), format="nt") for b in bodies)
    assert len(there) == len(here) > 10
    assert there.isomorphic(here)


# -- the SPARQL protocol ------------------------------------------------------------------

COUNTS = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g "
          "ORDER BY ?g")


def test_protocol_answers(client: Any, reference: Any) -> None:
    def both(method: str, **kwargs: Any) -> tuple[Any, Any]:
        return (getattr(reference, method)("/sparql", **kwargs),
                getattr(client, method)("/sparql", **kwargs))

    here, there = both("get", query_string={"query": COUNTS}, headers={"Accept": "text/csv"})
    assert there.status_code == 200 and there.data == here.data
    assert b"test-huge-resource," + str(HUGE_STATEMENTS).encode() in there.data
    here, there = both("post", data={"query": COUNTS},
                       headers={"Accept": "application/sparql-results+json"})
    assert there.status_code == 200 and there.json == here.json
    here, there = both("post", data=COUNTS.encode(), content_type="application/sparql-query",
                       headers={"Accept": "text/tab-separated-values"})
    assert there.status_code == 200 and there.data == here.data
    ask = f"ASK {{ <{PLAN}> ?p ?o }}"
    here, there = both("get", query_string={"query": ask},
                       headers={"Accept": "application/sparql-results+json"})
    assert there.json == here.json == {"head": {}, "boolean": True}
    construct = f"CONSTRUCT {{ <{PLAN}> ?p ?o }} WHERE {{ <{PLAN}> ?p ?o }}"
    here, there = both("get", query_string={"query": construct},
                       headers={"Accept": "text/turtle"})
    assert there.status_code == 200
    assert Graph().parse(data=there.data, format="turtle").isomorphic(
        Graph().parse(data=here.data, format="turtle"))
    for bad, status in (("SELECT * WHERE { ?s ?p ", 400), ("DROP ALL", 403),
                        ("SELECT * WHERE { SERVICE <http://evil.example/q> { ?s ?p ?o } }",
                         403)):
        here, there = both("get", query_string={"query": bad})
        assert there.status_code == here.status_code == status, bad
    capped = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"},
                        headers={"Accept": "application/sparql-results+json"})
    assert len(capped.json["results"]["bindings"]) == 10_000
    assert capped.headers["X-EQKG-Capped"] == "true"


# -- validation ---------------------------------------------------------------------------


def test_validation_is_the_same(client: Any, reference: Any) -> None:
    plan = (b"objective,Increase the number of disabled people in our workforce,\n"
            b"step,Run a staff survey on disability,\n")
    answers = [c.post("/api/validate", data=plan, content_type="text/csv",
                      headers={"Accept": "application/json"}) for c in (reference, client)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].headers["X-Plan-Conforms"] == answers[1].headers["X-Plan-Conforms"]

    here, there = (json.loads(a.data) for a in answers)
    assert len(there["findings"]) == len(here["findings"]) > 0
    for key in ("conforms", "findings", "characteristic_gaps", "aim_gaps", "matrix"):
        assert there[key] == here[key], key
    there["summary"].pop("seconds"), here["summary"].pop("seconds")
    assert there["summary"] == here["summary"]


# -- limits -------------------------------------------------------------------------------


def served_meanwhile(slow: Any, fast: Any) -> tuple[Any, list[tuple[int, float]], float]:
    """Run `slow()` in a thread and `fast()` repeatedly while it runs: the slow answer,
    (status, time sent) of each fast one, and when the slow one finished."""
    box: dict[str, Any] = {}

    def run() -> None:
        box["answer"] = slow()
        box["done"] = time.monotonic()

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.2)
    fast_ones = []
    while thread.is_alive() and len(fast_ones) < 3:
        sent = time.monotonic()
        answer = fast()
        fast_ones.append((answer.status_code, sent))
    thread.join(60)
    assert not thread.is_alive()
    return box["answer"], fast_ones, box["done"]


@pytest.fixture()
def home_with_a_slow_query(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    for folder in ("ontology", "data", "shapes"):
        (home / folder).symlink_to(config.asset_dir(folder))
    shutil.copytree(config.asset_dir("queries"), home / "queries")
    (home / "queries" / "slow-pairs.rq").write_text(SLOW_QUERY, encoding="utf-8")
    monkeypatch.setenv("EQKG_HOME", str(home))
    return home


def test_a_saved_query_past_the_time_limit_is_a_503_while_others_are_served(
        backend: SimpleNamespace, home_with_a_slow_query: Path) -> None:
    assert "slow-pairs" in saved_queries.load_library()
    app = app_for(backend, SPARQL_TIMEOUT=1.5, SPARQL_CACHE_MB=0)
    slow_client, other_client = app.test_client(), app.test_client()
    started = time.monotonic()
    slow, fast, done = served_meanwhile(
        lambda: slow_client.get("/api/queries/slow-pairs"),
        lambda: other_client.get("/api/queries/objectives-by-plan?limit=5"))
    assert slow.status_code == 503
    assert "time limit" in slow.json["error"]
    assert done - started < 15
    assert fast and all(status == 200 for status, _ in fast)
    assert fast[0][1] < done  # the other client asked while the slow one ran
    page = slow_client.get("/queries/slow-pairs", headers={"Accept": "text/html"})
    assert page.status_code == 503 and b"time limit" in page.data


def test_the_page_of_a_huge_resource_is_a_503_while_others_are_served(
        backend: SimpleNamespace, client: Any) -> None:
    other = app_for(backend).test_client()
    for accept in ("text/turtle", "text/html"):
        slow, fast, done = served_meanwhile(
            lambda accept=accept: client.get("/id/test/huge-resource",
                                             headers={"Accept": accept}),
            lambda: other.get("/id/person/jeff-cuthbert", headers={"Accept": "text/turtle"}))
        assert slow.status_code == 503, accept
        text = slow.data.decode().replace("&#39;", "'")
        assert "has more than 10000 statements, over this service's row cap" in text, text
        assert all(status == 200 for status, _ in fast)
    # The resource is there: the endpoint counts it.
    answer = client.get("/sparql", query_string={
        "query": f"SELECT (COUNT(*) AS ?n) WHERE {{ <{HUGE}> ?p ?o }}"},
        headers={"Accept": "text/csv"})
    assert answer.data.split() == [b"n", str(HUGE_STATEMENTS).encode()]


def test_the_backend_is_the_one_asked_for(backend: SimpleNamespace) -> None:
    app = app_for(backend)
    with app.app_context():
        from eqkg.web import get_store

        served: TripleStore = get_store()
        kind = served.capabilities.kind
        assert kind == ("embedded" if backend.kind == "embedded" else "remote")
        if backend.remote is not None:
            assert served.capabilities.server == backend.kind
