"""Audit (issue 18, item 3): a gap claimed from a partial view of a plan says so.

The South Wales Joint Equality Plan is known only from seven progress headings
in the undated PALG minutes; the Gwent plan was read whole. Each plan records
how completely it is known (eq:knownFrom), and the gap answers mark what a
partly known plan does not cover as "not seen in what we hold", not as a gap
of the plan. The Gwent plan's answers are unchanged.
"""

from __future__ import annotations

import pytest
from conftest import source_graph
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

from eqkg import config
from eqkg import saved_queries as sq
from eqkg.ingest.sources import SOURCES
from eqkg.namespaces import EQ, ID, PC
from eqkg.store import Store

GWENT = ID["plan/gwent-jsep-2020-2024"]
SOUTH_WALES = ID["plan/south-wales-joint-equality-plan"]
ONTOLOGY = config.asset_dir("ontology")
BY_SLUG = {s.slug: s for s in SOURCES}
NOT_SEEN = "not seen in what we hold"
LEFT_OUT = ["gender reassignment", "marriage and civil partnership", "pregnancy and maternity",
            "religion or belief", "sex", "sexual orientation"]


def rows(store: Store, name: str) -> list[dict[str, str]]:
    return sq.run(store, name, {}).to_records()


# -- the data records how completely each plan is known ------------------------------

@pytest.mark.parametrize("which", ["committed", "parsed"])
def test_each_plan_records_how_completely_it_is_known(which: str) -> None:
    gwent = source_graph(BY_SLUG["gwent-jsep-2020-2024"], which)
    undated = source_graph(BY_SLUG["palg-undated"], which)
    assert list(gwent.objects(GWENT, EQ.knownFrom)) == [EQ.wholeDocument]
    assert list(undated.objects(SOUTH_WALES, EQ.knownFrom)) == [EQ.reportInMinutes]
    for slug in ("palg-2019-03-13", "ppbw-2022-03-17", "cardiff-race-equality-taskforce"):
        assert not list(source_graph(BY_SLUG[slug], which).triples((None, EQ.knownFrom, None))), slug


def test_the_ontology_defines_the_term_and_its_two_values_in_both_languages() -> None:
    g = Graph().parse(ONTOLOGY / "eqkg.ttl")
    assert g.value(EQ.knownFrom, RDFS.range) == EQ.KnowledgeExtent
    assert g.value(EQ.knownFrom, RDFS.domain) == EQ.Document
    labels = {str(v): {lit.language: str(lit) for lit in g.objects(v, SKOS.prefLabel)}
              for v in g.subjects(RDF.type, EQ.KnowledgeExtent)}
    assert labels == {
        str(EQ.wholeDocument): {"en": "the whole document", "cy": "y ddogfen gyfan"},
        str(EQ.reportInMinutes): {"en": "a report in minutes", "cy": "adroddiad mewn cofnodion"},
    }
    for term in (EQ.knownFrom, EQ.KnowledgeExtent, EQ.wholeDocument, EQ.reportInMinutes):
        assert {lit.language for lit in g.objects(term, RDFS.label)} == {"en", "cy"}, term
        assert {lit.language for lit in g.objects(term, SKOS.definition)} == {"en", "cy"}, term


# -- the seed graph's answers ------------------------------------------------------------

def test_south_wales_gaps_are_labelled_as_a_partial_view(store: Store) -> None:
    result = rows(store, "characteristic-gaps")
    assert [(r["plan"], r["characteristicLabel"], r["view"], r["knownFrom"], r["reasonGiven"])
            for r in result] == [(str(SOUTH_WALES), label, NOT_SEEN, "a report in minutes", "false")
                                 for label in LEFT_OUT]


def test_gwent_gap_answers_are_unchanged(store: Store) -> None:
    """The Gwent plan ticks all nine characteristics: no gap row, as before; its aims are all addressed."""
    assert [r for r in rows(store, "characteristic-gaps") if r["plan"] == str(GWENT)] == []
    aims = [(r["aimLabel"], r["objectives"], r["steps"], r["view"])
            for r in rows(store, "aim-coverage") if r["plan"] == str(GWENT)]
    assert aims == [
        ("eliminate discrimination, harassment and victimisation", "0", "18", "addressed"),
        ("advance equality of opportunity", "0", "18", "addressed"),
        ("foster good relations", "0", "16", "addressed"),
    ]


def test_south_wales_aims_are_not_claimed_as_gaps(store: Store) -> None:
    views = {(r["aim"].rsplit("/", 1)[1], r["view"]) for r in rows(store, "aim-coverage")
             if r["plan"] == str(SOUTH_WALES)}
    assert views == {("eliminate-discrimination", NOT_SEEN), ("advance-equality-of-opportunity", NOT_SEEN),
                     ("foster-good-relations", NOT_SEEN)}


# -- a small graph: one plan read whole, one reported, one unrecorded ----------------------

@pytest.fixture(scope="module")
def small() -> Store:
    """Three plans whose objectives cover only race; parts and roll-up asserted (no reasoner needed)."""
    g = Graph()
    g.parse(ONTOLOGY / "eqkg.ttl")
    g.parse(ONTOLOGY / "vocab" / "characteristic.ttl")
    for slug, extent in (("whole", EQ.wholeDocument), ("reported", EQ.reportInMinutes), ("unrecorded", None)):
        plan, objective = ID[f"plan/{slug}"], ID[f"plan/{slug}/objective/1"]
        g.add((plan, RDF.type, EQ.StrategicEqualityPlan))
        if extent is not None:
            g.add((plan, EQ.knownFrom, extent))
        g.add((objective, RDF.type, EQ.EqualityObjective))
        g.add((objective, EQ.partOf, plan))
        for covered in (PC.race, PC.age, PC.disability, PC.sex, PC["religion-or-belief"],
                        PC["sexual-orientation"], PC["gender-reassignment"]):
            g.add((objective, EQ.covers, covered))
    reason = ID["plan/whole/gap-reason/1"]
    g.add((ID["plan/whole"], EQ.gapReason, reason))
    g.add((reason, EQ.gapCharacteristic, PC["pregnancy-and-maternity"]))
    g.add((reason, EQ.text, Literal("Covered by the workforce plan.")))
    store = Store()
    store.replace_graph("https://w3id.org/eqkg/graph/test", g)
    return store


def test_a_plan_read_whole_has_gaps_of_the_plan(small: Store) -> None:
    found = [(r["plan"].rsplit("/", 1)[1], r["characteristicLabel"], r["view"], r["reasonGiven"],
              r.get("reason", ""), r.get("knownFrom", "")) for r in rows(small, "characteristic-gaps")]
    assert found == [
        ("reported", "marriage and civil partnership", NOT_SEEN, "false", "", "a report in minutes"),
        ("reported", "pregnancy and maternity", NOT_SEEN, "false", "", "a report in minutes"),
        ("unrecorded", "marriage and civil partnership", NOT_SEEN, "false", "", ""),
        ("unrecorded", "pregnancy and maternity", NOT_SEEN, "false", "", ""),
        ("whole", "marriage and civil partnership", "gap in the plan", "false", "", "the whole document"),
        ("whole", "pregnancy and maternity", "gap in the plan", "true", "Covered by the workforce plan.",
         "the whole document"),
    ]

