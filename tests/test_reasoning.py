"""OWL 2 RL materialisation on small fixture documents: what is inferred, where it is written,
and what is recomputed when one document changes."""

from __future__ import annotations

import owlrl
import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF
from reasoning_support import (
    BOARD,
    COUNCIL,
    FIXTURES,
    GOAL,
    OBJECTIVE,
    PLAN,
    PLAN_GRAPH,
    PROGRAMME,
    PROGRAMME_GRAPH,
    RECOMMENDATION,
    STEP,
    UNTYPED_RECOMMENDATION,
    build_fixture_store,
    schema_store,
)

from eqkg.loader import asset_files, parse_file
from eqkg.namespaces import EQ, GRAPH, ID, INFERRED_GRAPH_PREFIX, PC
from eqkg.reasoning import (
    INFERRED_META,
    INFERRED_SCHEMA,
    is_noise,
    materialise,
)
from eqkg.reasoning.materialisation import cross_graph_for
from eqkg.store import Store, from_ox

INFERRED_CROSS = cross_graph_for([PLAN_GRAPH, PROGRAMME_GRAPH])


@pytest.fixture(scope="module")
def fixture_store() -> Store:
    return build_fixture_store()


def holds(store: Store, s: URIRef, p: URIRef, o: URIRef, *, inferred: bool = True) -> bool:
    return bool(store.query("ASK { ?s ?p ?o }", substitutions={"s": s, "p": p, "o": o},
                            inferred=inferred))


def graphs_holding(store: Store, s: URIRef, p: URIRef, o: URIRef) -> set[str]:
    quads = store.raw.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o))
    return {q.graph_name.value for q in quads}


@pytest.mark.parametrize("resource, cls", [
    (RECOMMENDATION, EQ.Commitment),
    (UNTYPED_RECOMMENDATION, EQ.Recommendation),
    (UNTYPED_RECOMMENDATION, EQ.Commitment),
    (STEP, EQ.Commitment),
    (GOAL, EQ.Commitment),
    (PLAN, EQ.Document),
    (COUNCIL, URIRef("http://www.w3.org/ns/org#Organization")),
])
def test_class_hierarchy_is_materialised(fixture_store: Store, resource: URIRef,
                                         cls: URIRef) -> None:
    assert holds(fixture_store, resource, RDF.type, cls)
    assert not holds(fixture_store, resource, RDF.type, cls, inferred=False)
    assert graphs_holding(fixture_store, resource, RDF.type, cls) == {
        INFERRED_GRAPH_PREFIX + "fixture-plan"}


@pytest.mark.parametrize("part, whole", [
    (STEP, OBJECTIVE), (STEP, PLAN), (GOAL, PLAN), (OBJECTIVE, PLAN)])
def test_part_of_is_transitive_and_inverse(fixture_store: Store, part: URIRef,
                                           whole: URIRef) -> None:
    assert holds(fixture_store, part, EQ.partOf, whole)
    assert holds(fixture_store, whole, EQ.hasPart, part)
    assert holds(fixture_store, part, URIRef("http://purl.org/dc/terms/isPartOf"), whole)


def test_step_inherits_the_plans_organisation(fixture_store: Store) -> None:
    for part in (OBJECTIVE, STEP, GOAL):
        assert holds(fixture_store, part, EQ.organisation, COUNCIL)
        assert not holds(fixture_store, part, EQ.organisation, COUNCIL, inferred=False)


def test_narrower_concept_rolls_up_to_the_characteristic(fixture_store: Store) -> None:
    assert holds(fixture_store, STEP, EQ.covers, PC["race/gypsy-roma-traveller"],
                 inferred=False)
    assert holds(fixture_store, STEP, EQ.covers, PC.race)
    assert not holds(fixture_store, STEP, EQ.covers, PC.race, inferred=False)


def test_cross_document_pass_joins_documents(fixture_store: Store) -> None:
    """The programme document says the plan is part of a programme run by a board:
    the plan's steps are then part of it too, and the board's responsibility."""
    assert holds(fixture_store, STEP, EQ.partOf, PROGRAMME)
    assert holds(fixture_store, STEP, EQ.organisation, BOARD)
    assert INFERRED_CROSS in graphs_holding(fixture_store, STEP, EQ.organisation, BOARD)
    # The plan itself gets the board within the programme document's own closure.
    assert graphs_holding(fixture_store, PLAN, EQ.organisation, BOARD) == {
        INFERRED_GRAPH_PREFIX + "fixture-programme"}


def test_asserted_only_query_answers_differently(fixture_store: Store) -> None:
    sparql = "SELECT ?c WHERE { ?c a eq:Commitment } ORDER BY ?c"
    every = [from_ox(r[0]) for r in fixture_store.select(sparql).rows]
    asserted = [from_ox(r[0]) for r in fixture_store.select(sparql, inferred=False).rows]
    assert every == [STEP, GOAL, RECOMMENDATION, UNTYPED_RECOMMENDATION]
    assert asserted == []


def test_inferred_graphs_hold_no_noise(fixture_store: Store) -> None:
    for graph in fixture_store.graphs():
        if graph.startswith(INFERRED_GRAPH_PREFIX) and graph != INFERRED_META:
            for s, p, o in fixture_store.graph_triples(graph):
                assert not is_noise(s, p, o), (graph, s, p, o)
                assert not (p == OWL.sameAs and s == o)


@pytest.mark.parametrize("triple, noise", [
    ((BNode(), RDF.type, EQ.Step), True),
    ((Literal("x"), RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Literal")), True),
    ((STEP, OWL.sameAs, STEP), True),
    ((STEP, RDF.type, OWL.Thing), True),
    ((URIRef("http://www.w3.org/2001/XMLSchema#long"), RDF.type,
      URIRef("http://www.w3.org/2000/01/rdf-schema#Datatype")), True),
    ((STEP, RDF.type, OWL.Nothing), False),
    ((STEP, RDF.type, EQ.Commitment), False),
    ((STEP, OWL.sameAs, GOAL), False),
])
def test_noise_filter(triple: tuple, noise: bool) -> None:
    assert is_noise(*triple) is noise


def snapshot(store: Store) -> dict[str, set[str]]:
    """Every asserted graph's content, as N-Triples lines."""
    return {g: {str(q) for q in store.raw.quads_for_pattern(None, None, None, ox.NamedNode(g))}
            for g in store.asserted_graphs()}


def test_materialisation_never_writes_into_asserted_graphs() -> None:
    store = schema_store()
    store.replace_graph(PLAN_GRAPH, parse_file(FIXTURES / "plan.ttl"))
    before = snapshot(store)
    report = materialise(store)
    assert snapshot(store) == before
    assert report.computed
    assert all(g.startswith(INFERRED_GRAPH_PREFIX) for g in report.computed)
    assert all(g.startswith(INFERRED_GRAPH_PREFIX)
               for g in set(store.graphs()) - set(before))


def test_incremental_reinference() -> None:
    store = schema_store()
    store.replace_graph(PLAN_GRAPH, parse_file(FIXTURES / "plan.ttl"))
    store.replace_graph(PROGRAMME_GRAPH, parse_file(FIXTURES / "programme.ttl"))
    first = materialise(store)
    assert set(first.computed) >= {INFERRED_SCHEMA, INFERRED_GRAPH_PREFIX + "fixture-plan",
                                   INFERRED_GRAPH_PREFIX + "fixture-programme", INFERRED_CROSS}
    # Nothing changed: nothing is recomputed (reloading gives new blank node labels,
    # which the digest ignores).
    store.replace_graph(str(GRAPH) + "ontology", parse_file(
        next(p for g, p in asset_files() if g == str(GRAPH) + "ontology")))
    again = materialise(store)
    assert again.computed == {}
    assert INFERRED_SCHEMA in again.unchanged
    # One document changes: only it and the cross-document pass are recomputed.
    changed = parse_file(FIXTURES / "programme.ttl")
    changed.append(ox.Triple(ox.NamedNode(str(PROGRAMME)), ox.NamedNode(str(EQ.partOf)),
                             ox.NamedNode(str(ID["programme/fixture-wider"]))))
    store.replace_graph(PROGRAMME_GRAPH, changed)
    third = materialise(store)
    assert set(third.computed) == {INFERRED_GRAPH_PREFIX + "fixture-programme", INFERRED_CROSS}
    assert holds(store, STEP, EQ.partOf, ID["programme/fixture-wider"])
    # What the previous cross-document pass found is found again, not lost.
    assert INFERRED_CROSS in graphs_holding(store, STEP, EQ.organisation, BOARD)
    # `changed` forces a document's re-inference even when its digest is the same.
    forced = materialise(store, changed=[PLAN_GRAPH])
    assert set(forced.computed) == {INFERRED_GRAPH_PREFIX + "fixture-plan", INFERRED_CROSS}
    # A document that goes takes its inferred graph with it.
    store.remove_graph(PROGRAMME_GRAPH)
    fourth = materialise(store)
    assert INFERRED_GRAPH_PREFIX + "fixture-programme" in fourth.removed
    assert not holds(store, STEP, EQ.organisation, BOARD)


def test_layered_closure_equals_whole_graph_closure(fixture_store: Store) -> None:
    """Schema, per-document and cross-document layers together infer exactly what plain
    owlrl infers over everything at once (after the same noise filter)."""
    asserted = Graph()
    for graph in fixture_store.asserted_graphs():
        asserted += fixture_store.graph_triples(graph)
    whole = Graph()
    whole += asserted
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(whole)
    expected = {t for t in whole if not is_noise(*t) and t not in asserted}
    layered: set = set()
    for graph in fixture_store.graphs():
        if graph.startswith(INFERRED_GRAPH_PREFIX) and graph != INFERRED_META:
            layered |= set(fixture_store.graph_triples(graph))
    assert layered - set(asserted) == expected
