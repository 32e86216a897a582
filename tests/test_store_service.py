"""The one query path on the embedded store, the settings object, and the store's text helpers.

Pages, the API and the CLI read through `ServedStore`: the same worker processes,
guard, time limit, row cap, byte cap and cache as /sparql.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef

from eqkg import saved_queries
from eqkg.errors import EqkgError, InputError
from eqkg.publish.describe import describe
from eqkg.reasoning import explain
from eqkg.settings import SETTINGS, load_settings, settings_table
from eqkg.sparql import Settings as Limits
from eqkg.sparql.executor import QueryTimeout, WorkerPool
from eqkg.sparql.guard import Refused
from eqkg.sparql.service import InlineRunner, ServedStore, ValueCache
from eqkg.store import Store, TripleStore, open_store
from eqkg.store.terms import bind_values, has_dataset_clause, page, query_form, where_start
from eqkg.web import create_app

PLAN = "https://w3id.org/eqkg/id/plan/gwent-jsep-2020-2024"
HEAVY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . "
         "FILTER(STR(?b) != STR(?f)) }")


@pytest.fixture(scope="module")
def served(store_path: Path) -> Any:
    """A ServedStore over two query workers with a 1.5 s limit and a 50-row cap."""
    pool = WorkerPool(str(store_path), 2, reserved=0, in_memory=False)
    store = ServedStore(Store.open_read_only(store_path), pool, timeout=1.5, max_rows=50,
                        max_bytes=5_000_000, cache=ValueCache(8 * 1024 * 1024))
    yield store
    pool.close()


def test_the_store_interface_is_the_same_on_both_paths(served: Any, store: Store) -> None:
    for backend in (store, served):
        assert isinstance(backend, TripleStore)
    assert served.graphs() == store.graphs()
    expected = saved_queries.run(store, "objectives-by-plan", limit=20)
    assert saved_queries.run(served, "objectives-by-plan", limit=20).rows == expected.rows
    assert served.ask(f"ASK {{ <{PLAN}> ?p ?o }}") is True


def test_rows_are_capped_and_marked(served: Any) -> None:
    table = served.select("SELECT ?s WHERE { ?s ?p ?o }")
    assert len(table.rows) == 50 and table.capped
    small = served.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")
    assert len(small.rows) == 3 and not small.capped


def test_a_page_query_past_the_limit_is_stopped_and_others_are_served(served: Any) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        served.select(HEAVY)
    assert caught.value.http_status == 503
    assert time.monotonic() - started < 10
    assert served.ask(f"ASK {{ <{PLAN}> ?p ?o }}") is True


def test_a_huge_answer_is_refused_by_the_byte_cap(served: Any) -> None:
    small = ServedStore(served.inner, served.runner, timeout=5, max_rows=50, max_bytes=20_000)
    with pytest.raises(EqkgError) as caught:
        small.graph_triples("https://w3id.org/eqkg/graph/ontology")
    assert caught.value.http_status == 503
    assert "larger than" in str(caught.value)


def test_the_guard_applies_to_page_queries(served: Any) -> None:
    with pytest.raises(Refused):
        served.select("SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }")


def test_answers_come_from_the_cache_the_second_time(served: Any) -> None:
    query = "SELECT ?g WHERE { GRAPH ?g { } } LIMIT 5"
    hits = served.cache.hits
    first = served.select(query)
    assert served.select(query).rows == first.rows
    assert served.cache.hits == hits + 1


def test_library_functions_run_in_the_worker(served: Any, store: Store) -> None:
    """A whole description or explanation is one job: bounded as a whole."""
    assert served.run(describe, PLAN).outgoing == describe(store, PLAN).outgoing
    t = (URIRef(PLAN + "/objective/1/step/1"),
         URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
         URIRef("https://w3id.org/eqkg/ontology#Commitment"))
    assert served.run(explain, *t).to_dict() == explain(store, *t).to_dict()
    with pytest.raises(EqkgError) as caught:
        served.run(describe, "https://w3id.org/eqkg/id/nothing-here")
    assert caught.value.http_status == 404


def test_the_inline_runner_of_commands_stops_at_the_limit(store: Store) -> None:
    command = ServedStore(store, InlineRunner(store), timeout=1.0, max_rows=10,
                          max_bytes=1_000_000)
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        command.select(HEAVY)
    assert time.monotonic() - started < 3


def test_pages_read_through_the_served_store(store_path: Path) -> None:
    app = create_app(store_path=store_path, SPARQL_TIMEOUT=1.5, SPARQL_MAX_ROWS=5)
    with app.app_context():
        from eqkg.web import get_store

        served = get_store()
        assert isinstance(served, ServedStore)
        assert len(served.select("SELECT * WHERE { ?s ?p ?o }").rows) == 5
    client = app.test_client()
    answer = client.get("/api/queries/objectives-by-plan?limit=20")
    assert answer.status_code == 200
    assert len(answer.json["rows"]) == 5  # the row cap holds whatever page was asked for


# -- query text ----------------------------------------------------------------------------


def test_values_go_at_the_start_of_the_where_group() -> None:
    query = 'CONSTRUCT { ?s <x:p> "}" } WHERE { # a { comment\n ?s ?p ?o }'
    assert query[where_start(query) - 1] == "{"
    assert query[where_start(query):].startswith(" # a")
    bound = bind_values("SELECT ?v WHERE { ?s ?p ?v }", {"v": Literal('x" } ; DROP ALL #')})
    assert bound == ('SELECT ?v WHERE { VALUES (?v) { ("x\\" } ; DROP ALL #") }  ?s ?p ?v }')
    assert bind_values("SELECT * { ?s ?p ?o }", {"s": URIRef("http://x/y")}).startswith(
        "SELECT * { VALUES (?s) { (<http://x/y>) } ")
    with pytest.raises(InputError):
        bind_values("SELECT * { ?s ?p ?o }", {"s} DROP": URIRef("http://x/y")})


def test_paging_is_appended_unless_the_query_ends_in_a_modifier() -> None:
    assert page("SELECT * { ?s ?p ?o } ORDER BY ?s", 10, 20).endswith("LIMIT 10 OFFSET 20")
    assert page("SELECT * { ?s ?p ?o } LIMIT 5", 10, 0) is None
    assert page("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 5 } }", 10, 0).endswith("LIMIT 10")
    assert page('SELECT * { ?s ?p "LIMIT" }', 3, 0).endswith("LIMIT 3")
    assert query_form("PREFIX a: <x:> # SELECT\n ASK { }") == "ASK"
    assert has_dataset_clause("SELECT * FROM <x:g> { ?s ?p ?o }")
    assert not has_dataset_clause('SELECT * { ?s ?p "FROM" }')


# -- settings ------------------------------------------------------------------------------


def test_settings_come_from_file_then_environment_then_overrides(tmp_path: Path) -> None:
    file = tmp_path / "eqkg.toml"
    file.write_text('store = "http://db.example/query"\nEQKG_MAX_ROWS = 99\n'
                    'query_in_memory = false\nstore_password = "pw-from-file"\n')
    conf = load_settings({"EQKG_CONFIG": str(file), "EQKG_MAX_ROWS": "77"})
    assert (conf.store, conf.max_rows, conf.query_in_memory) == ("http://db.example/query",
                                                                 77, False)
    assert conf.remote
    assert load_settings({"EQKG_CONFIG": str(file)}, max_rows=5).max_rows == 5
    assert "pw-from-file" not in repr(conf)
    as_json = tmp_path / "eqkg.json"
    as_json.write_text(json.dumps({"query_timeout": 3}))
    assert load_settings({}, config_file=as_json).query_timeout == 3.0


def test_settings_refuse_bad_values_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(EqkgError, match="in-memory serving must be true or false"):
        load_settings({"EQKG_QUERY_IN_MEMORY": "sometimes"})
    with pytest.raises(EqkgError, match="query timeout must be a number"):
        load_settings({"EQKG_QUERY_TIMEOUT": "soon"})
    bad = tmp_path / "bad.toml"
    bad.write_text("no_such_setting = 1\n")
    with pytest.raises(EqkgError, match="unknown setting"):
        load_settings({}, config_file=bad)
    for text in ("1", "true", "YES", "on"):
        assert load_settings({"EQKG_QUERY_IN_MEMORY": text}).query_in_memory is True
    for text in ("0", "false", "No", "OFF"):
        assert load_settings({"EQKG_QUERY_IN_MEMORY": text}).query_in_memory is False


def test_the_endpoint_limits_read_the_settings_object() -> None:
    limits = Limits.from_config({"EQKG_SETTINGS": load_settings({"EQKG_MAX_ROWS": "123"}),
                                 "SPARQL_TIMEOUT": 4})
    assert (limits.max_rows, limits.timeout) == (123, 4.0)


def test_every_variable_is_in_the_documented_table() -> None:
    table = settings_table()
    docs = (Path(__file__).resolve().parents[1] / "docs" / "stores.md").read_text()
    for setting in SETTINGS:
        assert f"`{setting.env}`" in table
        assert f"`{setting.env}`" in docs, setting.env
    assert table in docs


def test_open_store_chooses_the_backend_by_location(store_path: Path) -> None:
    assert open_store(store_path).capabilities.kind == "embedded"
    remote = open_store("http://127.0.0.1:9/query", settings=load_settings({}))
    assert remote.capabilities.kind == "remote"
    assert remote.capabilities.server == "oxigraph"
