"""Commitments outside the objectives (seed 003) and theme tagging of every commitment: exact figures from the seeds.

The plan-level assertions run twice, on a fresh parse of the seed (skipped when
../shared/seeds is absent) and on the committed data/gwent-jsep-2020-2024.ttl.
"""

from __future__ import annotations

import re

import pytest
from conftest import source_graph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from eqkg import config
from eqkg.ingest import ingest_text
from eqkg.ingest.common import Lines
from eqkg.ingest.pledges import Reader
from eqkg.ingest.sources import SOURCES
from eqkg.ingest.tagging import theme_lexicon
from eqkg.namespaces import BASIS, EQ, THEME, mint

SOURCE = next(s for s in SOURCES if s.profile == "plan")
PLAN = URIRef(mint("plan", SOURCE.slug))
OPCC, GWENT_POLICE = URIRef(mint("organisation", "opcc-gwent")), URIRef(mint("organisation", "gwent-police"))
RESPONSE = URIRef(mint("response", "cardiff-race-equality-taskforce"))


@pytest.fixture(scope="module", params=["parsed", "committed"])
def graph(request: pytest.FixtureRequest) -> Graph:
    return source_graph(SOURCE, request.param)


def pledge(n: int) -> URIRef:
    return URIRef(f"{PLAN}/commitment/{n}")


def pledges(g: Graph) -> list[URIRef]:
    found = [p for p in g.objects(PLAN, EQ.hasCommitment) if (p, RDF.type, EQ.Pledge) in g]
    return sorted(found, key=lambda p: int(g.value(p, EQ.number)))


def text(g: Graph, node: URIRef) -> str:
    return str(g.value(node, EQ.text))


def themes(g: Graph, node: URIRef) -> set[str]:
    return {str(t).removeprefix(str(THEME)) for t in g.objects(node, EQ.theme)}


# ---------------------------------------------------------------- the Gwent plan's pledges


def test_pledges_per_section(graph: Graph) -> None:
    # Vision: 8 "We will" bullets + "OPCC and Gwent Police leadership will support" (line 150);
    # 4.2: the yearly and four-yearly reviews (line 387); 4.3: "our leaders will demonstrate" (403),
    # "we will cultivate" (407); 4.4: the joint commitment (413) and the 3 listed pledges (415-417);
    # 4.5: communication arrangements and internal promotion (423); 4.6: 6 sentences (429-435) and
    # the 7 bullets after "we will:" (437-443).
    sections: dict[str, int] = {}
    for p in pledges(graph):
        section = str(graph.value(p, EQ.sourceLocation)).split(",")[0].split(" ")[1]
        sections[section] = sections.get(section, 0) + 1
    assert sections == {"1": 9, "4.2": 2, "4.3": 2, "4.4": 4, "4.5": 2, "4.6": 13}
    assert [int(graph.value(p, EQ.number)) for p in pledges(graph)] == list(range(1, 33))


def test_governance_we_will_list(graph: Graph) -> None:
    listed = [p for p in pledges(graph) if any("we will:" in str(n) for n in graph.objects(p, EQ.note))]
    assert [str(graph.value(p, EQ.sourceLocation)) for p in listed] == [
        f"section 4.6 Responsibility and Governance Arrangements, line {k}" for k in range(437, 444)]
    assert text(graph, listed[0]) == ("Publish annual equality information relating to the protected characteristics "
                                      "of our employees and the protected characteristics of people affected by our "
                                      "policies and practices")  # the list's ";" is punctuation, not wording
    assert text(graph, listed[-1]) == "Consider how equality considerations are relevant and proportionate in our procurement processes."


def test_welsh_language_pledges_and_the_missing_fourth(graph: Graph) -> None:
    welsh = [p for p in pledges(graph) if str(graph.value(p, EQ.sourceLocation)).startswith("section 4.4")]
    assert [text(graph, p)[:40] for p in welsh] == [
        "Under their respective Welsh Language St", "Engage effectively with Welsh speakers i",
        "Increase the number of Welsh speakers an", "Collect data that we can use to improve "]
    assert all("welsh-language" in themes(graph, p) for p in welsh)
    ambiguity = [str(a) for a in graph.objects(PLAN, EQ.ambiguity) if "pledges" in str(a)]
    assert ambiguity == ["Section 4.4 Welsh Language Commitment, line 413: 'The Joint Welsh Language Strategy "
                         "contains four key pledges:' announces 4 but 3 are listed (lines 415-417); the missing "
                         "one is not named in the plan."]


def test_communication_and_review_commitments(graph: Graph) -> None:
    by_text = {text(graph, p): p for p in pledges(graph)}
    assert "The Plan will be reviewed every year in reports monitoring OPCC and Gwent Police progress against actions." in by_text
    assert "The overarching objectives will be reviewed every four years." in by_text
    assert any(t.startswith("External communication and engagement arrangements will be supported by") for t in by_text)
    assert any(t.startswith("Initial plans are in place to promote the Strategic Equality Plan internally") for t in by_text)


def test_not_commitments(graph: Graph) -> None:
    """Consequences, pronoun-led passives, statements and the vision's non-"will" bullets are not pledges."""
    texts = [text(graph, p) for p in pledges(graph)]
    for wording in ("This will enable progress", "They will be kept under review", "We recognise that a more diverse",
                    "Our Strategic Equality Plan promotes", "This review represents a baseline",
                    "we will need to consider", "Engagement across the organisations will help"):
        assert not any(wording in t for t in texts), wording


def test_bodies_named_as_agents_lead_their_pledge(graph: Graph) -> None:
    leads = {int(graph.value(p, EQ.number)): set(graph.objects(p, EQ.lead)) for p in pledges(graph)
             if (p, EQ.lead, None) in graph}
    # line 150 "OPCC and Gwent Police leadership will support ...", 429 "Gwent Police will monitor ...",
    # 431 "The OPCC will monitor ..."
    assert leads == {4: {OPCC, GWENT_POLICE}, 20: {GWENT_POLICE}, 21: {OPCC}}


def test_vision_aims_are_notes_of_the_plan(graph: Graph) -> None:
    aims = sorted(str(n) for n in graph.objects(PLAN, EQ.note) if str(n).startswith("Aim of the plan"))
    assert aims == [
        "Aim of the plan (introduction, line 100; section 1 Vision, line 153): Deliver a high-quality service that "
        "Gwent\u2019s diverse communities are confident to use and engage with",
        "Aim of the plan (introduction, line 98; section 1 Vision, line 140): Provide a police service that "
        "reflects the communities it serves",
        "Aim of the plan (introduction, line 99; section 1 Vision, line 146): Foster an organisational culture "
        "that demonstrates the importance of equality and inclusivity"]
    assert (pledge(1), EQ.note, Literal("Listed under the aim 'Provide a police service that reflects the "
                                        "communities it serves'.")) in graph


def test_pledge_wording_is_the_seeds(graph: Graph) -> None:
    seed = config.seeds_dir() / SOURCE.seed
    if not seed.is_file():
        pytest.skip("no seed")
    source = re.sub(r"\s+", " ", seed.read_text(encoding="utf-8"))
    for p in pledges(graph):
        assert text(graph, p) in source
        assert (p, EQ.source, PLAN) in graph


# ---------------------------------------------------------------- the reading rules


def _read(text: str) -> list[str]:
    reader = Reader(Lines(text), lambda subject: [OPCC] if subject == "OPCC" else [], lambda _line: "section 1")
    return [p.text for p in reader.read(1, len(Lines(text)) + 1).pledges]


def test_rules_on_sentences() -> None:
    assert _read("We will publish data. This will help us. We will need to consider it.\n"
                 "The OPCC will monitor progress. The council will monitor it. Staff will trust us.\n"
                 "The Plan will be reviewed yearly. They will be kept under review.") == [
        "We will publish data.", "The OPCC will monitor progress.", "The Plan will be reviewed yearly."]


def test_rules_on_lists_and_counts() -> None:
    reader = Reader(Lines("The strategy has two pledges:\n\n- Do one thing;\n\nWe strive to:\n\n- Be proud\n"),
                    lambda _s: [], lambda _line: "section 2")
    found = reader.read(1, 8)
    assert [p.text for p in found.pledges] == ["Do one thing"]
    assert [(m.announced, m.listed, m.first, m.last) for m in found.miscounted] == [(2, 1, 3, 3)]


def test_a_plan_without_such_text_has_no_pledges() -> None:
    text = ("PLAN\n\nCONTENTS\n\n" + "x" * 130 + "\n\nOBJECTIVE 1\n\nSafety: Keep people safe.\n\n"
            "To achieve this objective, we need to\n\nDo it.\n\nEarly phase work\n\nStart.\n")
    graph = ingest_text(text, profile="plan").graph
    assert list(graph.subjects(RDF.type, EQ.Pledge)) == []


# ---------------------------------------------------------------- theme tagging


def test_theme_claims_are_statements_not_coverage(graph: Graph) -> None:
    claim = URIRef(f"{pledge(15)}/claim/tagged/theme/welsh-language")
    assert (claim, RDF.type, RDF.Statement) in graph
    assert (claim, RDF.type, EQ.CoverageClaim) not in graph
    assert (claim, RDF.subject, pledge(15)) in graph and (claim, RDF.predicate, EQ.theme) in graph
    assert (claim, RDF.object, THEME["welsh-language"]) in graph
    assert (claim, EQ.basis, BASIS.tagged) in graph
    assert str(graph.value(claim, EQ.matchedLabel)) == "Welsh speakers"
    assert (pledge(15), EQ.claim, claim) not in graph


def test_theme_tags_of_the_plan(graph: Graph) -> None:
    # 32 pledges, 24 steps and 4 objectives carry 68 theme tags in all (listed and reviewed one by one:
    # 13 leadership and governance, 12 community engagement, 5 victims, 4 each data, Welsh, workplace, ...).
    tagged = [(s, o) for s, o in graph.subject_objects(EQ.theme)]
    assert len(tagged) == 68
    assert themes(graph, URIRef(f"{PLAN}/objective/4/step/5")) == {"workplace-equality"}  # "staff engagement"
    assert themes(graph, URIRef(f"{PLAN}/objective/1")) == {"victims", "vulnerability"}


def test_response_and_minutes_theme_tags() -> None:
    data = config.asset_dir("data")
    response = Graph().parse(data / "cardiff-race-equality-taskforce.ttl")
    # Indicators keep their section's theme only: no tagged theme concept.
    for kpi in response.objects(RESPONSE, EQ.hasIndicator):
        assert all(str(t).startswith(str(RESPONSE)) for t in response.objects(kpi, EQ.theme))
    rec = f"{RESPONSE}/recommendation"
    assert themes(response, URIRef(f"{rec}/1.7/commitment/2")) == {"recruitment-and-progression"}  # 'reverse mentoring'
    assert themes(response, URIRef(f"{rec}/1.4/commitment/4")) == set()  # training in community languages
    assert themes(response, URIRef(f"{rec}/3.4/commitment/1")) == {"citizen-voice"}  # stand for office
    minutes = Graph().parse(data / "ppbw-2022-03-17.ttl")
    assert themes(minutes, URIRef(mint("meeting", "ppbw-2022-03-17", "action", "3"))) == {"health-and-wellbeing"}


def test_theme_lexicon_exclusions() -> None:
    lex = theme_lexicon()
    assert [str(c).removeprefix(str(THEME)) for c, _ in lex.tag("effective staff engagement")] == ["workplace-equality"]
    assert lex.tag("a pilot Leadership and Development Programme") == [
        (THEME["recruitment-and-progression"], "Leadership and Development Programme")]
    assert lex.tag("monitor progression of participation") == []
