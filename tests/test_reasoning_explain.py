"""Explanations: the rule, the axioms and the asserted premises (with their graphs)."""

from __future__ import annotations

import pytest
import rdflib.namespace as ns
from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from reasoning_support import (
    COUNCIL,
    GOAL,
    OBJECTIVE,
    PLAN,
    PLAN_GRAPH,
    PROGRAMME,
    RECOMMENDATION,
    STEP,
    UNTYPED_RECOMMENDATION,
    build_fixture_store,
)

from eqkg.errors import InputError, NotFound
from eqkg.namespaces import EQ, GRAPH, ID, PC
from eqkg.reasoning import explain, parse_iri, parse_term, short
from eqkg.store import Store

ONTOLOGY = str(GRAPH) + "ontology"


@pytest.fixture(scope="module")
def fixture_store() -> Store:
    return build_fixture_store()


def leaves(found) -> set[tuple[str, str]]:
    return {(leaf.text, g) for leaf in found.asserted_premises() for g in leaf.graphs}


def axioms(found) -> set[str]:
    return {a.text for a in found.all_axioms()}


def test_subclass_membership(fixture_store: Store) -> None:
    found = explain(fixture_store, RECOMMENDATION, RDF.type, EQ.Commitment)
    assert found.status == "inferred"
    assert found.rule == "cax-sco"
    assert [a.to_dict() for a in found.axioms] == [
        {"axiom": "eq:Recommendation rdfs:subClassOf eq:Commitment", "graph": ONTOLOGY}]
    assert leaves(found) == {(
        "id:response/fixture-response/recommendation/1 rdf:type eq:Recommendation", PLAN_GRAPH)}


def test_membership_through_a_subclass_chain(fixture_store: Store) -> None:
    found = explain(fixture_store, STEP, RDF.type, URIRef("http://www.w3.org/ns/prov#Entity"))
    assert axioms(found) == {"eq:Commitment rdfs:subClassOf prov:Entity",
                             "eq:Step rdfs:subClassOf eq:Commitment"}
    assert leaves(found) == {(f"{short(STEP)} rdf:type eq:Step", PLAN_GRAPH)}


def test_membership_by_range(fixture_store: Store) -> None:
    found = explain(fixture_store, UNTYPED_RECOMMENDATION, RDF.type, EQ.Commitment)
    assert found.rule == "cax-sco"
    assert found.premises[0].rule == "prp-rng"
    assert axioms(found) == {"eq:Recommendation rdfs:subClassOf eq:Commitment",
                             "eq:hasRecommendation rdfs:range eq:Recommendation"}
    assert leaves(found) == {(f"id:response/fixture-response eq:hasRecommendation "
                              f"{short(UNTYPED_RECOMMENDATION)}", PLAN_GRAPH)}


def test_transitive_part_of(fixture_store: Store) -> None:
    found = explain(fixture_store, STEP, EQ.partOf, PLAN)
    assert found.status == "inferred"
    # The shallowest explanation goes through the asserted hasObjective / hasStep:
    # both are sub-properties of the transitive hasPart, whose inverse is partOf.
    assert axioms(found) == {
        "eq:partOf owl:inverseOf eq:hasPart",
        "eq:hasPart rdf:type owl:TransitiveProperty",
        "eq:hasObjective rdfs:subPropertyOf eq:hasPart",
        "eq:hasStep rdfs:subPropertyOf eq:hasPart",
    }
    assert leaves(found) == {
        (f"{short(OBJECTIVE)} eq:hasStep {short(STEP)}", PLAN_GRAPH),
        (f"{short(PLAN)} eq:hasObjective {short(OBJECTIVE)}", PLAN_GRAPH),
    }


def test_organisation_chain(fixture_store: Store) -> None:
    found = explain(fixture_store, GOAL, EQ.organisation, COUNCIL)
    assert found.rule == "prp-spo2"
    assert found.axioms[0].text == \
        "eq:organisation owl:propertyChainAxiom ( eq:partOf eq:organisation )"
    assert (f"{short(PLAN)} eq:organisation {short(COUNCIL)}", PLAN_GRAPH) in leaves(found)


def test_characteristic_roll_up(fixture_store: Store) -> None:
    found = explain(fixture_store, STEP, EQ.covers, PC.race)
    assert found.rule == "prp-spo2"
    assert [a.to_dict() for a in found.axioms] == [{
        "axiom": "eq:covers owl:propertyChainAxiom ( eq:covers skos:broader )",
        "graph": ONTOLOGY}]
    assert leaves(found) == {
        (f"{short(STEP)} eq:covers pc:race/gypsy-roma-traveller", PLAN_GRAPH),
        ("pc:race/gypsy-roma-traveller skos:broader pc:race", str(GRAPH) + "vocab/characteristic"),
    }


def test_cross_document_explanation_names_both_documents(fixture_store: Store) -> None:
    found = explain(fixture_store, STEP, EQ.partOf, PROGRAMME)
    graphs = {g for _, g in leaves(found)}
    assert graphs == {PLAN_GRAPH, str(GRAPH) + "fixture-programme"}


def test_asserted_triple_explains_itself(fixture_store: Store) -> None:
    found = explain(fixture_store, STEP, RDF.type, EQ.Step)
    assert found.status == "asserted"
    assert "asserted in graph:fixture-plan" in found.to_text()
    assert found.to_dict()["status"] == "asserted"


def test_unknown_triple_is_not_found(fixture_store: Store) -> None:
    with pytest.raises(NotFound, match="neither asserted nor inferred"):
        explain(fixture_store, STEP, RDF.type, EQ.Meeting)


def test_text_and_json_forms(fixture_store: Store) -> None:
    found = explain(fixture_store, STEP, EQ.covers, PC.race)
    text = found.to_text()
    assert "inferred by prp-spo2 (property chain)" in text
    assert "[graph:ontology]" in text
    as_dict = found.to_dict()
    assert as_dict["premises"][0]["status"] == "asserted"


@pytest.mark.parametrize("text, term", [
    ("eq:Commitment", EQ.Commitment),
    ("a", RDF.type),
    ("id:plan/gwent-jsep-2020-2024/objective/2", ID["plan/gwent-jsep-2020-2024/objective/2"]),
    ("<https://example.org/x>", URIRef("https://example.org/x")),
    ("https://example.org/y", URIRef("https://example.org/y")),
    ('"Hil"@cy', Literal("Hil", lang="cy")),
    ('"2023-03-31"^^xsd:date', Literal("2023-03-31", datatype=ns.XSD.date)),
    ('"say \\"hi\\""', Literal('say "hi"')),
])
def test_parse_term(text: str, term: object) -> None:
    assert parse_term(text) == term


@pytest.mark.parametrize("text, message", [
    ("zz:Thing", "unknown prefix"), ("Commitment", "cannot read"), ("<>", "empty IRI"),
    ('"open', "cannot read"),
])
def test_parse_term_errors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_iri(text) if not text.startswith('"') else parse_term(text)


def test_short_names() -> None:
    assert short(PC["race/gypsy-roma-traveller"]) == "pc:race/gypsy-roma-traveller"
    assert short(RDF.type) == "rdf:type"
    assert short(Literal("2023-03-31", datatype=ns.XSD.date)) == '"2023-03-31"^^xsd:date'
