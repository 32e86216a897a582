"""The Gwent Joint Strategic Equality Plan 2020-2024 (seed 003) as RDF: exact figures read from the document.

Every assertion runs twice: on a fresh parse of the seed (skipped when
../shared/seeds is absent) and on the committed data/gwent-jsep-2020-2024.ttl
(always), so the committed graph is held to the same figures.
"""

from __future__ import annotations

import pytest
from conftest import source_graph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from eqkg.ingest.sources import SOURCES
from eqkg.namespaces import AIM, BASIS, EQ, PC, PHASE, mint

SOURCE = next(s for s in SOURCES if s.profile == "plan")
PLAN = URIRef(mint("plan", SOURCE.slug))
ALL_PC = {"age", "disability", "gender-reassignment", "marriage-and-civil-partnership", "pregnancy-and-maternity",
          "race", "religion-or-belief", "sex", "sexual-orientation"}
ALL_AIMS = {"eliminate-discrimination", "advance-equality-of-opportunity", "foster-good-relations"}


@pytest.fixture(scope="module", params=["parsed", "committed"])
def graph(request: pytest.FixtureRequest) -> Graph:
    return source_graph(SOURCE, request.param)


def objective(n: int) -> URIRef:
    return URIRef(f"{PLAN}/objective/{n}")


def step(o: int, s: int) -> URIRef:
    return URIRef(f"{PLAN}/objective/{o}/step/{s}")


def stated(g: Graph, node: URIRef) -> tuple[set[str], set[str]]:
    """(characteristic slugs, aim slugs) the step is stated (ticked) to cover."""
    pcs, aims = set(), set()
    for claim in g.objects(node, EQ.claim):
        if (claim, EQ.basis, BASIS.stated) in g and (concept := g.value(claim, EQ.claimCharacteristic)):
            (aims if str(concept).startswith(str(AIM)) else pcs).add(str(concept).rsplit("/", 1)[-1])
    return pcs, aims


def uncertain(g: Graph, node: URIRef) -> set[str]:
    return {str(c).rsplit("/", 1)[-1] for c in g.objects(node, EQ.uncertainCharacteristic)}


def test_plan_document(graph: Graph) -> None:
    assert (PLAN, DCTERMS.title, Literal("Joint Strategic Equality Plan 2020\u20132024")) in graph
    assert str(graph.value(PLAN, EQ.periodStart)) == "2020-01-01"
    assert str(graph.value(PLAN, EQ.periodEnd)) == "2024-12-31"
    orgs = {str(o).rsplit("/", 1)[-1] for o in graph.objects(PLAN, EQ.organisation)}
    assert orgs == {"opcc-gwent", "gwent-police"}
    people = {str(p).rsplit("/", 1)[-1] for p in graph.objects(PLAN, DCTERMS.contributor)}
    assert people == {"jeff-cuthbert", "pam-kelly"}


def test_objectives_and_steps_per_objective(graph: Graph) -> None:
    assert sorted(graph.objects(PLAN, EQ.hasObjective)) == [objective(n) for n in (1, 2, 3, 4)]
    counts = {n: len(set(graph.objects(objective(n), EQ.hasStep))) for n in (1, 2, 3, 4)}
    assert counts == {1: 5, 2: 5, 3: 8, 4: 6}


def test_every_step_has_three_phased_goals(graph: Graph) -> None:
    for o, n in {1: 5, 2: 5, 3: 8, 4: 6}.items():
        for s in range(1, n + 1):
            phases = {graph.value(goal, EQ.phase) for goal in graph.objects(step(o, s), EQ.hasGoal)}
            assert phases == {PHASE["early"], PHASE["medium-term"], PHASE["long-term"]}, (o, s)


def test_objective_titles_all_kept(graph: Graph) -> None:
    titles = {str(t) for t in graph.objects(objective(3), DCTERMS.title)}
    assert titles == {"Access, Engagement and Inclusion", "Access, Engagement and Cohesion"}
    assert {str(t) for t in graph.objects(objective(1), DCTERMS.title)} == {"Supporting Vulnerable People"}
    # the summary and the section word objective 3's statement differently: both kept
    assert len(set(graph.objects(objective(3), EQ.text))) == 2
    assert len(set(graph.objects(objective(4), EQ.text))) == 2  # "inclusive workplace culture, and" vs "... culture and"


def test_step_and_goal_wording(graph: Graph) -> None:
    assert str(graph.value(step(1, 1), EQ.text)).startswith("Increase the levels of reporting of crimes")
    assert str(graph.value(step(3, 2), EQ.text)) == (
        "Build relations with marginalised and under-represented communities to build trust and confidence "
        "in our policing services.")
    early = URIRef(f"{step(4, 6)}/goal/early")
    assert str(graph.value(early, EQ.text)).split("\n") == [
        "Review the provision of workforce learning, including the impact of PEQF, to determine the extent "
        "and quality of equality and diversity training.",
        "Ensure policy and decision-making processes effectively assess the impacts of activities across the "
        "protected characteristics.",
    ]
    medium = URIRef(f"{step(1, 1)}/goal/medium-term")  # read from an HTML cell
    assert str(graph.value(medium, EQ.text)).startswith("Outputs from the early phase work will inform development")


@pytest.mark.parametrize(("o", "s", "pcs", "aims"), [
    # table 1, row 1 (line 819): pregnancy/maternity, sexual orientation and foster good relations blank
    (1, 1, ALL_PC - {"sexual-orientation", "pregnancy-and-maternity"}, ALL_AIMS - {"foster-good-relations"}),
    (1, 3, ALL_PC - {"pregnancy-and-maternity"}, ALL_AIMS),
    # table 2, row 2 (line 833): age, religion or belief, sex, race
    (2, 2, {"age", "religion-or-belief", "sex", "race"}, ALL_AIMS),
    (2, 5, ALL_PC, ALL_AIMS),
    # table 3, row 5 (line 849): age and sex only
    (3, 5, {"age", "sex"}, ALL_AIMS),
    (3, 8, ALL_PC - {"pregnancy-and-maternity", "marriage-and-civil-partnership"}, ALL_AIMS),
])
def test_ticks_of_full_rows(graph: Graph, o: int, s: int, pcs: set[str], aims: set[str]) -> None:
    assert stated(graph, step(o, s)) == (pcs, aims)
    assert uncertain(graph, step(o, s)) == set()
    for pc in pcs:
        assert (step(o, s), EQ.covers, PC[pc]) in graph


@pytest.mark.parametrize(("s", "possibly"), [
    # 11 cells under 12 headings: "✓ ✓ ✓ ✓ ✓ ✓ _ _ ✓ ✓ ✓". Pregnancy/maternity is blank only if the lost
    # cell was blank; the lost cell's content is unknown (audit: it was silently read as blank), so it
    # is possibly ticked too.
    (1, ALL_PC | ALL_AIMS),
    (2, ALL_PC | ALL_AIMS),  # "✓ ✓ ✓ _ ✓ ✓ ✓ _ ✓ ✓ ✓"
    (3, ALL_PC | ALL_AIMS),  # all eleven cells ticked: one column has no cell
    (4, ALL_PC | ALL_AIMS),
    (6, ALL_PC | ALL_AIMS),
])
def test_short_rows_are_uncertain_not_shifted(graph: Graph, s: int, possibly: set[str]) -> None:
    node = step(4, s)
    assert stated(graph, node) == (set(), set())
    assert uncertain(graph, node) == possibly
    assert not set(graph.objects(node, EQ.covers)) - set(_tagged(graph, node))
    assert "11 cells under 12 column headings" in str(graph.value(node, EQ.ambiguity))


def _tagged(graph: Graph, node: URIRef) -> list[URIRef]:
    return [graph.value(c, EQ.claimCharacteristic) for c in graph.objects(node, EQ.claim)
            if (c, EQ.basis, BASIS.tagged) in graph]


def test_tick_totals(graph: Graph) -> None:
    claims = list(graph.subjects(EQ.basis, BASIS.stated))
    certain = [c for c in claims if graph.value(c, EQ.claimCharacteristic) is not None]
    assert len(certain) == 172  # ticks in the 18 full rows of tables 1-3
    assert len(claims) - len(certain) == 72  # possible ticks in the 6 short rows of table 4: 6 x 12


def test_short_row_ambiguity_says_exactly_what_is_known(graph: Graph) -> None:
    """Line 863: eleven ticks in eleven cells under twelve headings (audit)."""
    assert str(graph.value(step(4, 3), EQ.ambiguity)) == (
        "Equality objectives table 4, row 3 (line 863) has 11 cells under 12 column headings: 1 column has no "
        "cell; which, and whether that cell was ticked, is not known, so no tick in this row can be placed with "
        "certainty and nothing is shifted. The 11 cells as written hold 11 ticks, so between 11 and 12 of the 12 "
        "columns are ticked (1 unticked if the missing cell was blank, 0 if ticked). Cells as written: "
        + " | ".join(["✓"] * 11) + ". Possibly ticked: Age, Disability, Gender Reassignment, Religion and Belief, "
        "Sex, Race, Sexual Orientation, Pregnancy and Maternity, Marriage or Civil Partnership, Eliminate unlawful "
        "discrimination, Advance equality of opportunity, Foster good relations.")
    claim = URIRef(f"{step(4, 1)}/claim/stated/pregnancy-and-maternity")
    assert str(graph.value(claim, EQ.note)) == (
        "The row has 11 cells under 12 column headings; 'Pregnancy and Maternity' is ticked only if the cell "
        "missing from this row is this column's and was ticked.")


def test_tagged_claims_record_the_label(graph: Graph) -> None:
    node = step(3, 2)  # "... Gypsy, Roma and Traveller ..." is a goal; the step names no group
    claims = {str(graph.value(c, EQ.claimCharacteristic)): str(graph.value(c, EQ.matchedLabel))
              for c in graph.objects(step(2, 2), EQ.claim) if (c, EQ.basis, BASIS.tagged) in graph}
    assert claims[str(PC["race/ethnic-minority"])].lower().startswith("ethnic minority")
    assert not [c for c in graph.objects(node, EQ.claim) if (c, EQ.basis, BASIS.tagged) in graph]


def test_table_wording_kept_when_it_differs(graph: Graph) -> None:
    assert str(graph.value(step(4, 1), DCTERMS.alternative)).startswith("Develop and embed approaches")


def test_every_extracted_resource_has_source_and_place(graph: Graph) -> None:
    for node in set(graph.subjects(EQ.source, PLAN)):
        assert graph.value(node, EQ.sourceLocation) is not None, node
