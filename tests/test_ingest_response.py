"""The Cardiff Race Equality Taskforce response (seed 004) as RDF: exact figures read from the document.

Each assertion runs on a fresh parse of the seed (skipped without
../shared/seeds) and on the committed data/cardiff-race-equality-taskforce.ttl.
"""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import source_graph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS, TIME

from eqkg.ingest.sources import SOURCES
from eqkg.namespaces import EQ, STATUS, THEME, mint

SOURCE = next(s for s in SOURCES if s.profile == "response")
DOC = URIRef(mint("response", SOURCE.slug))
THEMES = ["employment-and-representative-workforce", "education-and-young-people", "citizens-voice", "health",
          "criminal-justice"]


@pytest.fixture(scope="module", params=["parsed", "committed"])
def graph(request: pytest.FixtureRequest) -> Graph:
    return source_graph(SOURCE, request.param)


def rec(ref: str) -> URIRef:
    return URIRef(f"{DOC}/recommendation/{ref}")


def theme(slug: str) -> URIRef:
    return URIRef(f"{DOC}/theme/{slug}")


def local(node: object) -> str:
    return str(node).rsplit("/", 1)[-1]


def test_document(graph: Graph) -> None:
    assert (DOC, EQ.organisation, URIRef(mint("organisation", "cardiff-council"))) in graph
    assert {local(t) for t in graph.objects(DOC, EQ.theme)} == set(THEMES)


def test_recommendations_per_theme(graph: Graph) -> None:
    per_theme = Counter(local(graph.value(r, EQ.theme)) for r in graph.objects(DOC, EQ.hasRecommendation))
    assert per_theme == {THEMES[0]: 8, THEMES[1]: 6, THEMES[2]: 6, THEMES[3]: 3, THEMES[4]: 8}


def test_indicators_per_theme(graph: Graph) -> None:
    counts = {slug: len(set(graph.objects(theme(slug), EQ.measuredBy))) for slug in THEMES}
    assert counts == {THEMES[0]: 6, THEMES[1]: 6, THEMES[2]: 4, THEMES[3]: 0, THEMES[4]: 0}
    assert len(set(graph.objects(DOC, EQ.hasIndicator))) == 16
    kpi = URIRef(f"{DOC}/indicator/{THEMES[0]}/1")
    assert str(graph.value(kpi, EQ.text)) == "Number of ethnic minority staff at senior grades (G8-10) and OM+ of the Council."


def test_theme_spellings_and_vocabulary_links(graph: Graph) -> None:
    t3 = theme("citizens-voice")
    assert str(graph.value(t3, SKOS.prefLabel)) == "Citizens Voice"
    assert str(graph.value(t3, SKOS.altLabel)) == "Citizen's Voice"
    assert graph.value(t3, SKOS.closeMatch) == THEME["citizen-voice"]
    assert graph.value(theme(THEMES[4]), SKOS.closeMatch) == THEME["criminal-justice"]


def test_commitments(graph: Graph) -> None:
    pledges = {ref: len(set(graph.objects(rec(ref), EQ.hasCommitment)))
               for ref in ("1.1", "1.3", "1.4", "1.5", "3.4", "4.1", "5.8")}
    assert pledges == {"1.1": 1, "1.3": 2, "1.4": 6, "1.5": 3, "3.4": 13, "4.1": 2, "5.8": 1}
    assert len(set(graph.subjects(EQ.hasCommitment, None))) == 31  # every recommendation has commitments
    assert len(set(graph.objects(None, EQ.hasCommitment))) == 62
    first = URIRef(f"{rec('1.1')}/commitment/1")
    assert str(graph.value(first, EQ.text)).startswith("We will establish a new Cardiff Equality Network")


def test_draft_commitments(graph: Graph) -> None:
    drafts = {local(str(p).rsplit("/commitment/", 1)[0]) for p in graph.subjects(EQ.status, STATUS["draft"])}
    assert drafts == {f"5.{n}" for n in range(1, 9)}


@pytest.mark.parametrize(("ref", "wording", "leads"), [
    ("1.1", "Dylan Owen", {"dylan-owen"}),
    ("1.3", "Hayley Beynon\nJohn Paxton", {"hayley-beynon", "john-paxton"}),
    ("3.1", "Gary Jones and Dylan Owen", {"gary-jones", "dylan-owen"}),
    ("4.2", "Angela Hughes/ Mitchell Jones", {"angela-hughes", "mitchell-jones"}),
    ("5.2", "Sian Rees (PCC)", {"sian-rees"}),
    ("5.7", "Sian Sanders (CCC)", {"sian-sanders"}),
])
def test_leads(graph: Graph, ref: str, wording: str, leads: set[str]) -> None:
    assert graph.value(rec(ref), EQ.wording) == Literal(wording)
    assert {local(p) for p in graph.objects(rec(ref), EQ.lead)} == leads


@pytest.mark.parametrize(("ref", "wording", "start", "due"), [
    ("1.1", "Q4 2022/23", "2023-01-01", "2023-03-31"),
    ("1.2", "Complete", None, None),
    ("1.3", "Autumn 2021", "2021-09-01", "2021-11-30"),
    ("1.4", "Jan 2023 then rolling", "2023-01-01", None),
    ("2.2", "Autumn 2021 - On-going", "2021-09-01", None),
    ("3.2", "Dec 2022", "2022-12-01", "2022-12-31"),
    ("3.6", "6 months-1 Year", None, None),
    ("4.1", "Ongoing\nSummer 2023", None, "2023-08-31"),  # audit: under way already, so no start
    ("4.2", "Aug 2023\nIn progress", None, "2023-08-31"),
    ("5.7", "Spring 2023", "2023-03-01", "2023-05-31"),
])
def test_timelines(graph: Graph, ref: str, wording: str, start: str | None, due: str | None) -> None:
    timeline = URIRef(f"{rec(ref)}/timeline")
    assert graph.value(rec(ref), EQ.timeline) == timeline
    assert graph.value(timeline, EQ.wording) == Literal(wording)
    found_start = graph.value(rec(ref), EQ.startDate)
    found_due = graph.value(rec(ref), EQ.dueDate)
    assert (str(found_start) if found_start else None, str(found_due) if found_due else None) == (start, due)
    if due:
        assert str(graph.value(graph.value(timeline, TIME.hasEnd), TIME.inXSDDate)) == due


def test_statuses(graph: Graph) -> None:
    statuses = {local(graph.value(r, EQ.reference)): {local(s) for s in graph.objects(r, EQ.status)}
                for r in graph.objects(DOC, EQ.hasRecommendation)}
    assert len(statuses) == 31
    assert statuses["1.2"] == {"accepted", "completed"}  # "Recommendation Accepted and Completed"
    assert statuses["5.5"] == {"accepted", "completed"}  # accepted; timeline "Complete"
    assert all(v == {"accepted"} for k, v in statuses.items() if k not in ("1.2", "5.5"))
    assert (rec("1.2"), EQ.note, Literal("Response: Recommendation Accepted and Completed")) in graph


def test_progress_narratives(graph: Graph) -> None:
    for r in graph.objects(DOC, EQ.hasRecommendation):
        assert graph.value(r, EQ.progressUpdate) is not None, r
    text = str(graph.value(rec("2.1"), EQ.progressUpdate))
    assert text.endswith("Monitoring of this guidance and its impact is on-going.")
    assert "We will strengthen" not in text  # the commitment is not part of the narrative


def _tags(graph: Graph, node: URIRef) -> dict[str, str]:
    """{concept path: matched label} of a resource's basis:tagged claims."""
    out = {}
    for claim in graph.objects(node, EQ.claim):
        if "/claim/tagged/" in str(claim):
            concept = str(graph.value(claim, EQ.claimCharacteristic)).split("/characteristic/")[1]
            out[concept] = str(graph.value(claim, EQ.matchedLabel))
    return out


@pytest.mark.parametrize(("node", "tags"), [
    # "Child Friendly City" is a programme's name, not a statement about children (audit: was tagged age/children)
    ("indicator/citizens-voice/3", {"race/ethnic-minority": "ethnic minority background"}),
    # "Monumental Welsh Women" is a campaign group's name (audit: was tagged sex/women)
    ("recommendation/2.6/commitment/1", {}),
    # "increase ethnic diversity of workforce" (audit: was untagged)
    ("indicator/employment-and-representative-workforce/2", {"race/ethnic-minority": "ethnic diversity"}),
])
def test_tagging_false_positives_and_negatives_fixed(graph: Graph, node: str, tags: dict[str, str]) -> None:
    assert _tags(graph, URIRef(f"{mint('response', 'cardiff-race-equality-taskforce')}/{node}")) == tags
