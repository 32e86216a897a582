"""The guard sees every SERVICE, FROM, FROM NAMED and LOAD IRI, however the query is written."""

from __future__ import annotations

import pytest

from eqkg.errors import EqkgError
from eqkg.sparql.guard import AllowList, Refused, analyse, check, check_protocol_graphs

EVIL = "http://127.0.0.1:9/sparql"
LOCAL = {"https://w3id.org/eqkg/graph/ontology"}


def targets(query: str) -> list[tuple[str, str | None]]:
    return [(t.keyword, t.iri) for t in analyse(query).targets]


@pytest.mark.parametrize("query", [
    f"SELECT * WHERE {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SERVICE<{EVIL}>{{?s ?p ?o}} }}",
    f"select * where {{ service silent <{EVIL}> {{ ?s ?p ?o }} }}",
    "PREFIX e: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
    "BASE <http://127.0.0.1:9/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1\\u003a9/sparql> { ?s ?p ?o } }",
    f"SELECT * WHERE {{ \\u0053ERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
    f"SELECT * # a comment\nWHERE {{ SeRvIcE\n<{EVIL}> {{ ?s ?p ?o }} }}",
])
def test_service_is_found_however_written(query: str) -> None:
    assert targets(query) == [("SERVICE", EVIL)]
    with pytest.raises(Refused, match=f"SERVICE <{EVIL}> is refused"):
        check(analyse(query), AllowList(), LOCAL)


@pytest.mark.parametrize("query", [
    f'SELECT * WHERE {{ ?s ?p "SERVICE <{EVIL}> {{ }}" }}',
    f"SELECT * WHERE {{ ?s ?p '''\nSERVICE <{EVIL}> {{ }}''' }}",
    f"SELECT * WHERE {{ ?s ?p ?o }} # SERVICE <{EVIL}> {{ }}",
    "SELECT ?service ?from WHERE { ?service service:x ?from . ?s ?p 'x'@from }",
])
def test_words_inside_strings_comments_names_and_tags_are_not_keywords(query: str) -> None:
    assert targets(query) == []
    check(analyse(query), AllowList(), LOCAL)


def test_service_by_variable_or_unknown_prefix_is_refused() -> None:
    with pytest.raises(Refused, match=r"SERVICE \?endpoint is refused"):
        check(analyse("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }"), AllowList(), LOCAL)
    with pytest.raises(Refused, match="SERVICE nowhere:x is refused"):
        check(analyse("SELECT * WHERE { SERVICE nowhere:x { ?s ?p ?o } }"), AllowList(), LOCAL)


def test_from_a_local_graph_selects_data_but_a_remote_from_is_refused() -> None:
    local = "SELECT * FROM <https://w3id.org/eqkg/graph/ontology> WHERE { ?s ?p ?o }"
    info = analyse(local)
    assert info.has_dataset and targets(local) == [("FROM", next(iter(LOCAL)))]
    check(info, AllowList(), LOCAL)
    named = "SELECT * FROM NAMED graph:ontology WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert targets(named) == [("FROM NAMED", "https://w3id.org/eqkg/graph/ontology")]
    with pytest.raises(Refused, match=f"FROM <{EVIL}> is refused: remote dataset"):
        check(analyse(f"SELECT * FROM <{EVIL}> WHERE {{ ?s ?p ?o }}"), AllowList(), LOCAL)
    with pytest.raises(Refused, match=f"FROM NAMED <{EVIL}> is refused"):
        check(analyse(f"SELECT * FROM NAMED <{EVIL}> WHERE {{ ?s ?p ?o }}"), AllowList(),
              LOCAL)


@pytest.mark.parametrize(("query", "keyword"), [
    (f"LOAD <{EVIL}>", "LOAD"),
    (f"load silent <{EVIL}> into graph <http://g/>", "LOAD"),
    ("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }", "INSERT"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("DROP ALL", "DROP"),
    ("WITH <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
])
def test_updates_are_recognised_and_refused(query: str, keyword: str) -> None:
    info = analyse(query)
    assert info.update == keyword and info.form is None
    with pytest.raises(Refused, match="read-only"):
        check(info, AllowList(), LOCAL)


def test_query_forms() -> None:
    assert analyse("PREFIX a: <http://a/> BASE <http://b/> ask {}").form == "ASK"
    assert analyse("CONSTRUCT WHERE { ?s ?p ?o }").result_kind == "graph"
    assert analyse("DESCRIBE <http://x/>").result_kind == "graph"
    assert analyse("SELECT * {}").result_kind == "bindings"
    assert analyse("not sparql at all").form is None


def test_allow_list_matches_scheme_host_and_path_exactly() -> None:
    allow = AllowList.parse("http://good.example/sparql, https://other.example")
    assert allow.allows("http://good.example/sparql")
    assert allow.allows("HTTP://GOOD.EXAMPLE/sparql/sub")
    assert allow.allows("https://other.example/anything")
    assert not allow.allows("http://good.example.evil.net/sparql")
    assert not allow.allows("http://good.example@evil.net/sparql")
    assert not allow.allows("https://good.example/sparql")
    assert not allow.allows("http://good.example/other")
    assert not AllowList.parse("")
    with pytest.raises(EqkgError, match="not an absolute"):
        AllowList.parse("good.example")
    query = "SELECT * WHERE { SERVICE <http://good.example/sparql> { ?s ?p ?o } }"
    check(analyse(query), allow, LOCAL)


def test_protocol_graphs_follow_the_from_rule() -> None:
    check_protocol_graphs(LOCAL, AllowList(), LOCAL, "default-graph-uri")
    with pytest.raises(Refused, match=f"named-graph-uri <{EVIL}> is refused"):
        check_protocol_graphs([EVIL], AllowList(), LOCAL, "named-graph-uri")
