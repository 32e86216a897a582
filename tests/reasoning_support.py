"""Shared by the reasoning tests: fixture documents, their resources, stores built from them."""

from __future__ import annotations

from pathlib import Path

from eqkg.loader import asset_files, parse_file
from eqkg.namespaces import GRAPH, ID, INFERRED_GRAPH_PREFIX
from eqkg.reasoning import INFERRED_META, is_noise, materialise
from eqkg.store import Store

ROOT_FIXTURES = Path(__file__).parent / "fixtures"
FIXTURES = ROOT_FIXTURES / "reasoning"
PLAN_GRAPH = str(GRAPH) + "fixture-plan"
PROGRAMME_GRAPH = str(GRAPH) + "fixture-programme"
PLAN = ID["plan/fixture-plan"]
OBJECTIVE = ID["plan/fixture-plan/objective/1"]
STEP = ID["plan/fixture-plan/objective/1/step/1"]
GOAL = ID["plan/fixture-plan/objective/1/step/1/goal/early"]
RECOMMENDATION = ID["response/fixture-response/recommendation/1"]
UNTYPED_RECOMMENDATION = ID["response/fixture-response/recommendation/2"]
COUNCIL = ID["organisation/fixture-council"]
BOARD = ID["organisation/fixture-board"]
PROGRAMME = ID["programme/fixture-programme"]


def schema_store() -> Store:
    """An in-memory store with the repository's ontology and vocabularies only."""
    store = Store()
    for graph_iri, path in asset_files():
        if graph_iri == str(GRAPH) + "ontology" or graph_iri.startswith(str(GRAPH) + "vocab/"):
            store.replace_graph(graph_iri, parse_file(path))
    return store


def build_fixture_store() -> Store:
    """The schema plus the two fixture documents, materialised."""
    store = schema_store()
    store.replace_graph(PLAN_GRAPH, parse_file(FIXTURES / "plan.ttl"))
    store.replace_graph(PROGRAMME_GRAPH, parse_file(FIXTURES / "programme.ttl"))
    materialise(store)
    return store


# -- comparing the hybrid reasoner with owlrl ------------------------------------------

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def synthetic_store(triples: int) -> Store:
    """Schema + synthetic documents (benchmarks/reasoning.py's generator, one body each)."""
    import sys

    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    import reasoning as bench  # benchmarks/reasoning.py

    return bench.build_store(bench.synthetic_documents(triples))


def asserted_triples(store: Store) -> set:
    out: set = set()
    for graph in store.asserted_graphs():
        out |= set(store.graph_triples(graph))
    return out


def inferred_triples(store: Store) -> set:
    """The union of the inferred graphs (bookkeeping aside)."""
    out: set = set()
    for graph in store.graphs():
        if graph.startswith(INFERRED_GRAPH_PREFIX) and graph != INFERRED_META:
            out |= set(store.graph_triples(graph))
    return out


def owlrl_whole_graph(asserted: set) -> set:
    """What plain owlrl infers over everything at once, after the noise filter."""
    import owlrl
    from rdflib import Graph

    graph = Graph()
    for t in asserted:
        graph.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return {t for t in graph if not is_noise(*t) and t not in asserted}
