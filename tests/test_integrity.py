"""data/ (with the ontology and vocabularies) against shapes/integrity.ttl, and the curated coverage overlay."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from eqkg import config
from eqkg.namespaces import BASIS, EQ, PC, mint

DATA = config.asset_dir("data")
ONTOLOGY = config.asset_dir("ontology")
SHAPES = config.asset_dir("shapes") / "integrity.ttl"
MINE = (mint("plan", "gwent-jsep-2020-2024"), mint("response", "cardiff-race-equality-taskforce"))


def _files() -> list[Path]:
    return [ONTOLOGY / "eqkg.ttl", *sorted((ONTOLOGY / "vocab").glob("*.ttl")), *sorted(DATA.rglob("*.ttl"))]


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    for path in _files():
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def report(graph: Graph) -> tuple[bool, Graph, str]:
    shapes = Graph().parse(SHAPES, format="turtle")
    return pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)


def test_data_conforms_to_integrity_shapes(report: tuple[bool, Graph, str]) -> None:
    conforms, _, text = report
    assert conforms, text


def test_plan_and_response_data_raise_no_warning(graph: Graph, report: tuple[bool, Graph, str]) -> None:
    _, results, _ = report
    mine = [
        focus for result in results.subjects(RDF.type, SH.ValidationResult)
        if (focus := results.value(result, SH.focusNode)) is not None
        and any(graph.value(focus, EQ.source) == URIRef(doc) or str(focus).startswith(doc) for doc in MINE)
    ]
    assert mine == []


def test_no_data_raises_any_warning(report: tuple[bool, Graph, str]) -> None:
    """Audit: the minutes' previous meetings lacked eq:sourceLocation (a warning); now nothing does."""
    _, results, _ = report
    assert sorted(str(results.value(r, SH.focusNode)) for r in results.subjects(RDF.type, SH.ValidationResult)) == []


def test_shapes_catch_a_string_number() -> None:
    """Audit: minutes wrote eq:number "1" and "3.1" as strings; decision 0002 makes it xsd:integer."""
    data = Graph().parse(data="""
        @prefix eq: <https://w3id.org/eqkg/ontology#> .
        <https://w3id.org/eqkg/id/meeting/m/item/3.1> eq:number "3.1" .
        <https://w3id.org/eqkg/id/meeting/m/item/1> eq:number 1 .
    """, format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=Graph().parse(SHAPES), inference="none")
    assert not conforms
    assert [str(results.value(r, SH.focusNode)) for r in results.subjects(RDF.type, SH.ValidationResult)] == [
        "https://w3id.org/eqkg/id/meeting/m/item/3.1"]


def test_shapes_catch_a_broken_recommendation(graph: Graph) -> None:
    broken = Graph()
    rec = URIRef(mint("response", "x", "recommendation", "9.9"))
    broken.parse(data=f"""
        @prefix eq: <https://w3id.org/eqkg/ontology#> .
        <{rec}> a eq:Recommendation ; eq:source <{mint("response", "x")}> ; eq:sourceLocation "line 1" .
        <{mint("response", "x")}> a eq:ActionPlanResponse .
        <{rec}/claim/tagged/race> a eq:CoverageClaim ; eq:basis <{BASIS.tagged}> ;
            eq:claimCharacteristic <{PC.race}> .
        <{rec}> eq:claim <{rec}/claim/tagged/race> .
    """, format="turtle")
    ontology = Graph().parse(ONTOLOGY / "eqkg.ttl")
    ontology += Graph().parse(ONTOLOGY / "vocab" / "characteristic.ttl")
    conforms, results, _ = pyshacl.validate(broken + ontology, shacl_graph=Graph().parse(SHAPES),
                                            inference="none", advanced=True)
    assert not conforms
    paths = {str(results.value(r, SH.resultPath)) for r in results.subjects(RDF.type, SH.ValidationResult)}
    assert {str(EQ.reference), str(EQ.text), str(EQ.lead)} <= paths
    messages = " ".join(str(m) for m in results.objects(None, SH.resultMessage))
    assert "matchedLabel" in messages  # a tagged claim without the label that matched


def test_curated_coverage_subjects_exist(graph: Graph) -> None:
    curated = Graph().parse(DATA / "curated" / "coverage.ttl")
    generated = Graph()
    for path in DATA.glob("*.ttl"):
        generated.parse(path)
    subjects = set(curated.subjects(EQ.claim, None))
    assert subjects, "no curated claims"
    for subject in subjects:
        assert (subject, RDF.type, None) in generated, f"curated claim about unknown {subject}"


def test_every_taskforce_recommendation_concerns_race_by_curation(graph: Graph) -> None:
    doc = URIRef(MINE[1])
    recs = set(graph.objects(doc, EQ.hasRecommendation))
    assert len(recs) == 31
    for rec in recs:
        claims = [c for c in graph.objects(rec, EQ.claim) if (c, EQ.basis, BASIS.curated) in graph]
        assert [graph.value(c, EQ.claimCharacteristic) for c in claims] == [PC.race], rec
        assert graph.value(claims[0], EQ.note) is not None
        assert (rec, EQ.covers, PC.race) in graph
