"""The embedded store: round trip, atomic graph replacement, idempotent loading."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from eqkg.errors import InputError, StoreError
from eqkg.loader import asset_files, graph_iri_for, load_all
from eqkg.namespaces import GRAPH
from eqkg.store import Store, from_ox, to_ox

G1 = "https://w3id.org/eqkg/graph/test"


def sample_graph(n: int, start: int = 0) -> Graph:
    g = Graph()
    for i in range(start, start + n):
        g.add((URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"),
               Literal(f"value {i}", lang="cy" if i % 2 else "en")))
    return g


def test_round_trip_on_disk(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    store.replace_graph(G1, sample_graph(5))
    store.flush()
    del store
    gc.collect()
    reopened = Store.open_read_only(tmp_path / "s")
    assert reopened.graphs() == {G1: 5}
    assert reopened.graph_triples(G1).isomorphic(sample_graph(5))


def test_terms_convert_both_ways() -> None:
    for term in (URIRef("http://x/y"), Literal("hil", lang="cy"), Literal(3),
                 Literal("2023-03-31", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))):
        assert from_ox(to_ox(term)) == term


def test_replace_graph_swaps_whole_graph() -> None:
    store = Store()
    store.replace_graph(G1, sample_graph(4))
    store.replace_graph(G1, sample_graph(2))
    assert store.graphs() == {G1: 2}


def test_failed_replacement_leaves_old_graph() -> None:
    store = Store()
    store.replace_graph(G1, sample_graph(3))
    bad = sample_graph(1)
    bad.add((URIRef("http://example.org/bad iri"), URIRef("http://example.org/p"), Literal(1)))
    with pytest.raises(StoreError):
        store.replace_graph(G1, bad)
    assert store.graphs() == {G1: 3}


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    writer = Store(tmp_path / "s")
    writer.replace_graph(G1, sample_graph(1))
    writer.flush()
    del writer
    gc.collect()
    reader = Store.open_read_only(tmp_path / "s")
    with pytest.raises(StoreError, match="read-only"):
        reader.replace_graph(G1, sample_graph(1))


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="eqkg load"):
        Store.open_read_only(tmp_path / "nothing")


def test_second_writer_is_refused(tmp_path: Path) -> None:
    first = Store(tmp_path / "s")
    with pytest.raises(StoreError, match="locked"):
        Store(tmp_path / "s")
    del first


def test_malformed_query_is_input_error() -> None:
    with pytest.raises(InputError, match="malformed SPARQL"):
        Store().query("SELEC ?x WHERE {")


def test_query_runs_over_union_and_asserted_only() -> None:
    store = Store()
    store.replace_graph(G1, sample_graph(2))
    store.replace_graph(str(GRAPH) + "inferred/test", sample_graph(3, start=10))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(next(iter(store.query(count)))["n"]) == 5
    assert int(next(iter(store.query(count, inferred=False)))["n"]) == 2


def test_graph_names_follow_decision_0001() -> None:
    names = {iri for iri, _ in asset_files()}
    assert str(GRAPH) + "ontology" in names
    assert str(GRAPH) + "vocab/characteristic" in names
    for iri, path in asset_files():
        assert graph_iri_for(path) == iri


def test_loading_twice_gives_the_same_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    first = load_all(store, infer=False)
    snapshot = {g: store.graph_triples(g) for g in store.graphs()}
    second = load_all(store, infer=False)
    assert first.graphs == second.graphs
    assert set(store.graphs()) == set(snapshot)
    for g, triples in snapshot.items():
        assert store.graph_triples(g).isomorphic(triples), g
