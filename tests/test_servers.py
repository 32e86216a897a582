"""The SPARQL 1.1 Protocol, Update and Graph Store operations eqkg's remote store uses,
done with plain requests on each real server (Oxigraph server and Virtuoso, tests/servers.py).

These pin what each server really does, differences included (docs/stores-servers.md),
so the remote backend is written against facts rather than the specifications' promises.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from servers import SparqlServer, start_oxigraph

EX = "http://example.org/eqkg-test/"
G1, G2 = EX + "graph/one", EX + "graph/two"
P = URIRef(EX + "p")
JSON = "application/sparql-results+json"
#: Welsh with a circumflex, a quote and a newline: terms must survive both servers intact.
WELSH = 'Amcan cydraddoldeb: "tegwch" i bawb ŵ ŷ\nail linell'

FIRST_GRAPH = f"""
<{EX}a> <{P}> <{EX}b> .
<{EX}a> <{P}> "7"^^<{XSD.integer}> .
<{EX}a> <{P}> {json.dumps(WELSH)}@cy .
"""
SECOND_GRAPH = f"""
<{EX}c> <{P}> "un" .
<{EX}a> <{P}> "7"^^<{XSD.integer}> .
"""


def select(server: SparqlServer, query: str, **params: str | list[str]) -> list[dict]:
    """Bindings of a SELECT sent as a form POST (the form both servers take; Virtuoso 7.2
    never answers a direct application/sparql-query POST)."""
    answer = requests.post(server.query_url, data={"query": query, **params},
                           headers={"Accept": JSON}, auth=server.requests_auth(), timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith(JSON)
    return answer.json()["results"]["bindings"]


def count(server: SparqlServer, where: str, **params: str | list[str]) -> int:
    rows = select(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", **params)
    return int(rows[0]["n"]["value"])


def update(server: SparqlServer, text: str) -> requests.Response:
    return requests.post(server.update_url, data={"update": text},
                         auth=server.requests_auth(), timeout=30)


def gsp(server: SparqlServer, method: str, graph: str, body: str | None = None,
        accept: str | None = None) -> requests.Response:
    """One Graph Store Protocol request on a named graph (?graph=, which both take).
    No Accept header unless asked: Virtuoso answers a PUT or DELETE that asks for anything
    but HTML with 406, after doing it (test_virtuoso_gsp_write_with_accept_says_406)."""
    headers = {} if accept is None else {"Accept": accept}
    if body is not None:
        headers["Content-Type"] = "text/turtle"
    return requests.request(method, server.gsp_url, params={"graph": graph},
                            data=None if body is None else body.encode(), headers=headers,
                            auth=server.requests_auth(), timeout=30)


def triples(answer: requests.Response, format: str) -> set[tuple]:
    """The triples of an RDF answer, parsed from its bytes as UTF-8 (Oxigraph's text/turtle
    has no charset, which requests would read as ISO-8859-1)."""
    return set(Graph().parse(data=answer.content.decode("utf-8"), format=format))


def insert_two_graphs(server: SparqlServer) -> None:
    assert update(server, f"INSERT DATA {{ GRAPH <{G1}> {{ {FIRST_GRAPH} }} "
                          f"GRAPH <{G2}> {{ {SECOND_GRAPH} }} }}").status_code in (200, 204)


def union(server: SparqlServer) -> dict[str, str]:
    """The request parameters that make the default graph the union of the named graphs:
    Oxigraph's own `union-default-graph`; nothing on Virtuoso, where it always is."""
    return {"union-default-graph": ""} if server.kind == "oxigraph" else {}


def term(binding: dict) -> tuple[str, str, str | None]:
    """A JSON result term as (type, value, datatype or language); Virtuoso writes typed
    literals with the 2007 draft's "typed-literal" type, which means "literal"."""
    kind = "literal" if binding["type"] == "typed-literal" else binding["type"]
    return kind, binding["value"], binding.get("datatype") or binding.get("xml:lang")


# ------------------------------------------------------------------ query

def test_select_json_gives_exact_terms(sparql_server: SparqlServer) -> None:
    insert_two_graphs(sparql_server)
    rows = select(sparql_server, f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ <{EX}a> <{P}> ?o }} }}")
    assert sorted(term(row["o"]) for row in rows) == [
        ("literal", "7", str(XSD.integer)),
        ("literal", WELSH, "cy"),
        ("uri", EX + "b", None),
    ]


def test_rdflib_reads_both_json_answers_to_the_same_terms(sparql_server: SparqlServer) -> None:
    insert_two_graphs(sparql_server)
    answer = requests.post(
        sparql_server.query_url,
        data={"query": f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ <{EX}a> <{P}> ?o }} }}"},
        headers={"Accept": JSON}, auth=sparql_server.requests_auth(), timeout=30)
    result = Result.parse(io.BytesIO(answer.content), format="json")
    assert {row[0] for row in result} == {URIRef(EX + "b"), Literal(7),
                                          Literal(WELSH, lang="cy")}


def test_values_binds_terms_written_as_ntriples(sparql_server: SparqlServer) -> None:
    """Neither server substitutes parameters, so eqkg binds them with VALUES; a literal
    with quotes, a newline and a language tag, written by rdflib as N-Triples, matches."""
    insert_two_graphs(sparql_server)
    value = Literal(WELSH, lang="cy").n3()
    rows = select(sparql_server, f"SELECT ?s WHERE {{ VALUES ?o {{ {value} }} "
                                 f"GRAPH ?g {{ ?s <{P}> ?o }} }}")
    assert [term(row["s"]) for row in rows] == [("uri", EX + "a", None)]
    hostile = Literal('x" } } ; DROP ALL ; SELECT * { "').n3()
    assert select(sparql_server, f"SELECT ?s WHERE {{ VALUES ?o {{ {hostile} }} "
                                 f"GRAPH ?g {{ ?s <{P}> ?o }} }}") == []
    assert sparql_server.graphs() == {G1, G2}


def test_ask_answers_true_and_false(sparql_server: SparqlServer) -> None:
    insert_two_graphs(sparql_server)
    for pattern, expected in ((f'<{EX}c> <{P}> "un"', True), (f'<{EX}c> <{P}> "dau"', False)):
        answer = requests.post(sparql_server.query_url,
                               data={"query": f"ASK {{ {pattern} }}", **union(sparql_server)},
                               headers={"Accept": JSON}, auth=sparql_server.requests_auth(),
                               timeout=30)
        assert answer.status_code == 200
        assert answer.json()["boolean"] is expected


@pytest.mark.parametrize("accept, format", [("application/n-triples", "nt"),
                                            ("text/turtle", "turtle")])
def test_construct_as_ntriples_and_turtle(sparql_server: SparqlServer, accept: str,
                                          format: str) -> None:
    insert_two_graphs(sparql_server)
    query = f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ GRAPH <{G1}> {{ ?s <{P}> ?o }} }}"
    answer = requests.post(sparql_server.query_url, data={"query": query},
                           headers={"Accept": accept}, auth=sparql_server.requests_auth(),
                           timeout=30)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith(accept)
    q = URIRef(EX + "q")
    assert triples(answer, format) == {
        (URIRef(EX + "a"), q, URIRef(EX + "b")),
        (URIRef(EX + "a"), q, Literal(7)),
        (URIRef(EX + "a"), q, Literal(WELSH, lang="cy")),
    }


def test_a_long_result_is_complete(sparql_server: SparqlServer) -> None:
    """12,000 rows: past Virtuoso's default ResultSetMaxRows (10,000), where it would cut
    the answer without saying so; the fixture's virtuoso.ini raises it."""
    rows = "".join(f"<{EX}s{i}> <{P}> {i} .\n" for i in range(12_000))
    assert gsp(sparql_server, "PUT", G1, rows).status_code == 201
    got = select(sparql_server, f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s <{P}> ?o }} }}")
    assert sorted(int(row["o"]["value"]) for row in got) == list(range(12_000))
    assert sparql_server.graphs() == {G1}


# ------------------------------------------------------------------ update

def test_insert_data_into_a_named_graph(sparql_server: SparqlServer) -> None:
    insert_two_graphs(sparql_server)
    assert sparql_server.graphs() == {G1, G2}
    assert count(sparql_server, f"GRAPH <{G1}> {{ ?s ?p ?o }}") == 3
    assert count(sparql_server, f"GRAPH <{G2}> {{ ?s ?p ?o }}") == 2
    # the update answer differs: Oxigraph 204 with no body, Virtuoso 200 with a result
    answer = update(sparql_server, f"INSERT DATA {{ GRAPH <{G2}> {{ <{EX}d> <{P}> 1 }} }}")
    assert answer.status_code == (204 if sparql_server.kind == "oxigraph" else 200)
    assert count(sparql_server, f"GRAPH <{G2}> {{ ?s ?p ?o }}") == 3


def test_insert_without_a_graph_only_oxigraph_takes(sparql_server: SparqlServer) -> None:
    """eqkg must always name the graph it writes: Virtuoso has no plain default graph."""
    answer = update(sparql_server, f"INSERT DATA {{ <{EX}d> <{P}> 1 }}")
    if sparql_server.kind == "oxigraph":
        assert answer.status_code == 204
        assert count(sparql_server, f"<{EX}d> <{P}> 1") == 1  # in the union default graph
    else:
        assert answer.status_code == 400
        assert "No plain default graph" in answer.text


# ------------------------------------------------------------------ graph store protocol

def test_gsp_put_replaces_a_graph_then_get_and_delete(sparql_server: SparqlServer) -> None:
    created = gsp(sparql_server, "PUT", G1, FIRST_GRAPH)
    assert created.status_code == 201
    assert count(sparql_server, f"GRAPH <{G1}> {{ ?s ?p ?o }}") == 3

    replaced = gsp(sparql_server, "PUT", G1, SECOND_GRAPH)
    assert replaced.status_code == (204 if sparql_server.kind == "oxigraph" else 200)
    got = gsp(sparql_server, "GET", G1, accept="application/n-triples")
    assert got.status_code == 200
    assert triples(got, "nt") == {(URIRef(EX + "c"), P, Literal("un")),
                                  (URIRef(EX + "a"), P, Literal(7))}
    as_turtle = gsp(sparql_server, "GET", G1, accept="text/turtle")
    assert triples(as_turtle, "turtle") == triples(got, "nt")

    deleted = gsp(sparql_server, "DELETE", G1)
    assert deleted.status_code == (204 if sparql_server.kind == "oxigraph" else 200)
    assert gsp(sparql_server, "GET", G1, accept="application/n-triples").status_code == 404
    assert gsp(sparql_server, "DELETE", G1).status_code == 404
    assert sparql_server.graphs() == set()


def test_gsp_put_of_bad_turtle_changes_nothing(sparql_server: SparqlServer) -> None:
    gsp(sparql_server, "PUT", G1, FIRST_GRAPH)
    answer = gsp(sparql_server, "PUT", G1, f"<{EX}a> <{P}> ")
    # Oxigraph says 400; Virtuoso 500 ("the submitted resource is of unsupported type")
    assert answer.status_code == (400 if sparql_server.kind == "oxigraph" else 500)
    assert count(sparql_server, f"GRAPH <{G1}> {{ ?s ?p ?o }}") == 3


# ------------------------------------------------------------------ default graph

def test_default_graph_is_the_union_of_the_named_graphs(sparql_server: SparqlServer) -> None:
    insert_two_graphs(sparql_server)
    # a triple in both graphs counts once per graph on both servers (5, not 4)
    assert count(sparql_server, f"?s <{P}> ?o", **union(sparql_server)) == 5
    # without asking, Oxigraph's default graph is its own (empty) default graph
    assert count(sparql_server, f"?s <{P}> ?o") == (0 if sparql_server.kind == "oxigraph"
                                                     else 5)
    assert count(sparql_server, f"?s <{P}> ?o", **{"default-graph-uri": G1}) == 3
    assert count(sparql_server, f"?s <{P}> ?o", **{"default-graph-uri": [G1, G2]}) == 5
    rows = select(sparql_server, f"SELECT (COUNT(*) AS ?n) FROM <{G2}> WHERE {{ ?s <{P}> ?o }}")
    assert rows[0]["n"]["value"] == "2"
    # named graphs alone leave an empty default graph (as the protocol says)
    assert count(sparql_server, f"?s <{P}> ?o", **{"named-graph-uri": G2}) == 0
    assert count(sparql_server, f"GRAPH ?g {{ ?s <{P}> ?o }}", **{"named-graph-uri": G2}) == 2


def test_oxigraph_union_default_graph_option_ignores_from(tmp_path: Path) -> None:
    """Why the fixture starts Oxigraph without --union-default-graph: with it, a query's
    FROM is ignored (default-graph-uri still counts), as in pyoxigraph's
    use_default_graph_as_union."""
    server = start_oxigraph(tmp_path / "oxigraph", union_default_graph=True)
    try:
        insert_two_graphs(server)
        assert count(server, f"?s <{P}> ?o") == 5
        rows = select(server, f"SELECT (COUNT(*) AS ?n) FROM <{G2}> WHERE {{ ?s <{P}> ?o }}")
        assert rows[0]["n"]["value"] == "5"
        assert count(server, f"?s <{P}> ?o", **{"default-graph-uri": G2}) == 2
    finally:
        server.stop()


def test_union_default_graph_includes_virtuoso_system_graphs(
        sparql_server: SparqlServer) -> None:
    """On an empty server a query over everything finds nothing on Oxigraph, and exactly
    Virtuoso's own system graphs' triples on Virtuoso; reset() leaves those graphs."""
    system = sparql_server.system_graphs
    in_system = sum(count(sparql_server, f"GRAPH <{g}> {{ ?s ?p ?o }}") for g in system)
    assert count(sparql_server, "?s ?p ?o", **union(sparql_server)) == in_system
    if sparql_server.kind == "oxigraph":
        assert system == frozenset()
        assert in_system == 0
    else:
        assert "http://www.openlinksw.com/schemas/virtrdf#" in system
        assert in_system > 1000


# ------------------------------------------------------------------ authentication

def test_virtuoso_writes_only_with_digest_authentication(virtuoso_server: SparqlServer) -> None:
    virtuoso_server.reset()
    statement = f"INSERT DATA {{ GRAPH <{G1}> {{ <{EX}a> <{P}> 1 }} }}"
    user, password = virtuoso_server.auth  # type: ignore[misc]
    for auth in (None, requests.auth.HTTPDigestAuth(user, password + "x"),
                 requests.auth.HTTPBasicAuth(user, password)):
        answer = requests.post(virtuoso_server.update_url, data={"update": statement},
                               auth=auth, timeout=30)
        assert answer.status_code == 401
    challenge = requests.get(virtuoso_server.query_url, params={"query": "ASK {}"}, timeout=30)
    assert challenge.status_code == 401
    assert challenge.headers["WWW-Authenticate"].startswith("Digest realm=")
    assert virtuoso_server.graphs() == set()
    assert update(virtuoso_server, statement).status_code == 200
    assert virtuoso_server.graphs() == {G1}


def test_virtuoso_gsp_write_with_accept_says_406(virtuoso_server: SparqlServer) -> None:
    """A PUT or DELETE with Accept: application/n-triples is done, then answered 406."""
    virtuoso_server.reset()
    assert gsp(virtuoso_server, "PUT", G1, FIRST_GRAPH).status_code == 201
    answer = gsp(virtuoso_server, "PUT", G1, SECOND_GRAPH, accept="application/n-triples")
    assert answer.status_code == 406
    assert count(virtuoso_server, f"GRAPH <{G1}> {{ ?s ?p ?o }}") == 2
    assert gsp(virtuoso_server, "DELETE", G1, accept="application/n-triples").status_code == 406
    assert virtuoso_server.graphs() == set()


def test_oxigraph_has_no_authentication(oxigraph_server: SparqlServer) -> None:
    assert oxigraph_server.auth is None
    assert oxigraph_server.requests_auth() is None


# ------------------------------------------------------------------ server time limits

#: 600 triples make 216 million rows: no server finishes in its time limit. (With a fourth
#: pattern Oxigraph took 27 s to notice its 1 s limit.)
HEAVY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f "
         "FILTER(STR(?b) != STR(?f)) }")


def test_virtuoso_time_limit_answers_200_with_a_partial_result(
        virtuoso_server: SparqlServer) -> None:
    """Virtuoso's limit (the `timeout` parameter in ms, or MaxQueryExecutionTime) gives an
    incomplete answer with status 200, marked only by the X-SQL-State header."""
    virtuoso_server.reset()
    started = time.monotonic()
    answer = requests.post(virtuoso_server.query_url, data={"query": HEAVY, "timeout": "500"},
                           headers={"Accept": JSON}, auth=virtuoso_server.requests_auth(),
                           timeout=60)
    assert answer.status_code == 200
    assert answer.headers["X-SQL-State"] == "S1TAT"
    assert "incomplete results" in answer.headers["X-SQL-Message"]
    assert len(answer.json()["results"]["bindings"]) == 1  # a count, but not the real one
    assert time.monotonic() - started < 30


def test_oxigraph_time_limit_cuts_the_answer_short(tmp_path: Path) -> None:
    """Oxigraph's --timeout-s also answers 200, then ends the streamed body with a message
    instead of the rest: the answer does not parse."""
    server = start_oxigraph(tmp_path / "oxigraph", timeout_s=1)
    try:
        data = " ".join(f"<{EX}s{i}> <{P}> {i} ." for i in range(600))
        assert update(server, f"INSERT DATA {{ GRAPH <{G1}> {{ {data} }} }}").status_code == 204
        started = time.monotonic()
        answer = requests.post(server.query_url, data={"query": HEAVY, **union(server)},
                               headers={"Accept": JSON}, timeout=60)
        assert answer.status_code == 200
        assert answer.text.endswith("The SPARQL operation has been cancelled")
        with pytest.raises(json.JSONDecodeError):
            answer.json()
        assert time.monotonic() - started < 30
    finally:
        server.stop()
