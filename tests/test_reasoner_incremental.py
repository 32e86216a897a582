"""Incremental inference: adding, replacing or removing one document recomputes that
document's closure and the cross-document pass of the documents it is linked to, nothing
else; after each step every inferred graph (and the bookkeeping) equals a full
recomputation from scratch."""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import Graph, URIRef
from reasoning_support import (
    BOARD,
    FIXTURES,
    PLAN_GRAPH,
    PROGRAMME,
    PROGRAMME_GRAPH,
    STEP,
    schema_store,
)

from eqkg.errors import InputError
from eqkg.loader import parse_file
from eqkg.namespaces import EQ, GRAPH, ID, INFERRED_GRAPH_PREFIX
from eqkg.reasoning import INFERRED_CURATED, INFERRED_SCHEMA, materialise
from eqkg.reasoning.materialisation import cross_graph_for, inferred_graph_for, update_document
from eqkg.store import Store

OTHER_GRAPH = str(GRAPH) + "fixture-other"
OTHER_PLAN = ID["plan/fixture-other"]
COUNCIL_B = ID["organisation/fixture-other-council"]


def other_document(linked: bool) -> Graph:
    """A third plan; `linked`: it also names the fixture council (so it joins the group)."""
    g = Graph()
    g.parse(data=f"""
        @prefix eq: <{EQ}> .
        <{OTHER_PLAN}> a eq:StrategicEqualityPlan ; eq:organisation <{COUNCIL_B}> ;
            eq:hasObjective <{OTHER_PLAN}/objective/1> .
        <{OTHER_PLAN}/objective/1> eq:hasStep <{OTHER_PLAN}/objective/1/step/1> .
        <{OTHER_PLAN}/objective/1/step/1> a eq:Step .
        <{COUNCIL_B}> a eq:Organisation .
        {f'<{COUNCIL_B}> eq:partOf <{ID["organisation/fixture-council"]}> .' if linked else ''}
    """, format="turtle")
    return g


def programme(wider: bool) -> list[Any]:
    triples = parse_file(FIXTURES / "programme.ttl")
    g = Graph()
    for t in triples:
        g.add((URIRef(t.subject.value), URIRef(t.predicate.value),
               URIRef(t.object.value)))
    if wider:
        g.add((PROGRAMME, EQ.partOf, ID["programme/fixture-wider"]))
    return g


def inferred_state(store: Store) -> dict[str, set]:
    """Every inferred graph (the bookkeeping graph included) with its triples."""
    return {g: set(store.graph_triples(g)) for g in store.graphs()
            if g.startswith(INFERRED_GRAPH_PREFIX)}


def from_scratch(store: Store) -> dict[str, set]:
    """The same asserted graphs in a new store, materialised in one full run."""
    fresh = Store()
    for g in store.asserted_graphs():
        fresh.replace_graph(g, store.graph_triples(g))
    materialise(fresh)
    return inferred_state(fresh)


def holds(store: Store, s: URIRef, p: URIRef, o: URIRef) -> bool:
    return bool(store.query("ASK { ?s ?p ?o }", substitutions={"s": s, "p": p, "o": o}))


@pytest.fixture()
def store() -> Store:
    store = schema_store()
    store.replace_graph(PLAN_GRAPH, parse_file(FIXTURES / "plan.ttl"))
    store.replace_graph(PROGRAMME_GRAPH, programme(wider=False))
    materialise(store)
    return store


PLAN_AND_PROGRAMME = cross_graph_for([PLAN_GRAPH, PROGRAMME_GRAPH])
ALL_THREE = cross_graph_for([OTHER_GRAPH, PLAN_GRAPH, PROGRAMME_GRAPH])


def test_add_replace_remove_one_document(store: Store) -> None:
    base = {INFERRED_SCHEMA, INFERRED_CURATED}
    # Adding a document that shares nothing: its closure only, no cross-document pass.
    report = update_document(store, OTHER_GRAPH, other_document(linked=False))
    assert set(report.computed) == {inferred_graph_for(OTHER_GRAPH)}
    assert set(report.unchanged) == base
    assert report.removed == []
    assert inferred_state(store) == from_scratch(store)

    # Replacing a linked document: it and its group's cross pass; the plan is not redone.
    report = update_document(store, PROGRAMME_GRAPH, programme(wider=True))
    assert set(report.computed) == {inferred_graph_for(PROGRAMME_GRAPH), PLAN_AND_PROGRAMME}
    assert holds(store, STEP, EQ.partOf, ID["programme/fixture-wider"])
    assert inferred_state(store) == from_scratch(store)

    # The third document now names the plan's council: the three form one group.
    report = update_document(store, OTHER_GRAPH, other_document(linked=True))
    assert set(report.computed) == {inferred_graph_for(OTHER_GRAPH), ALL_THREE}
    assert report.removed == [PLAN_AND_PROGRAMME]
    assert inferred_state(store) == from_scratch(store)

    # Removing the programme: its inferred graph goes, the group of the other two is redone.
    report = update_document(store, PROGRAMME_GRAPH, None)
    assert set(report.computed) == {cross_graph_for([OTHER_GRAPH, PLAN_GRAPH])}
    assert sorted(report.removed) == sorted([ALL_THREE, inferred_graph_for(PROGRAMME_GRAPH)])
    assert not holds(store, STEP, EQ.organisation, BOARD)
    assert inferred_state(store) == from_scratch(store)

    # Removing the third: the plan is alone again, no cross-document graph is left.
    report = update_document(store, OTHER_GRAPH, None)
    assert report.computed == {}
    assert sorted(report.removed) == sorted([cross_graph_for([OTHER_GRAPH, PLAN_GRAPH]),
                                             inferred_graph_for(OTHER_GRAPH)])
    assert not any("/inferred/cross/" in g for g in store.graphs())
    assert inferred_state(store) == from_scratch(store)


def test_full_run_after_changes_recomputes_only_the_changed(store: Store) -> None:
    """`eqkg load` (a full run that compares digests) after one document changed."""
    store.replace_graph(PROGRAMME_GRAPH, programme(wider=True))
    report = materialise(store)
    assert set(report.computed) == {inferred_graph_for(PROGRAMME_GRAPH), PLAN_AND_PROGRAMME}
    assert inferred_state(store) == from_scratch(store)


def test_only_documents_can_be_updated(store: Store) -> None:
    with pytest.raises(InputError, match="not a document graph"):
        update_document(store, str(GRAPH) + "ontology", None)
    with pytest.raises(InputError, match="reserved for inference"):
        update_document(store, str(GRAPH) + "cross/x", other_document(linked=False))
    assert str(GRAPH) + "cross/x" not in store.graphs()  # refused before anything is written
