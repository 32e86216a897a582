"""Status words of trackers, responses and action logs (eqkg.ingest.statuses), on small documents written here.

A status is kept as written (eq:progressUpdate or the report's "status") and
mapped to the status vocabulary only where an English or Welsh label names a
concept, or, for a bare RAG colour, where the document gives a key to its
colours; otherwise the reading records the ambiguity.
"""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from eqkg.documents import read_bytes
from eqkg.ingest import read_document
from eqkg.ingest.statuses import rag_key, read_status
from eqkg.namespaces import EQ, ID, STATUS


def slugs(concepts: list[URIRef]) -> list[str]:
    return [str(c).rsplit("/", 1)[-1] for c in concepts]


@pytest.mark.parametrize(("wording", "expected"), [
    ("On track", ["on-track"]), ("On target", ["on-track"]), ("Delayed", ["delayed"]),
    ("Behind schedule", ["delayed"]), ("At risk", ["at-risk"]), ("In progress", ["in-progress"]),
    ("Ongoing", ["ongoing"]), ("Partially met", ["partially-completed"]), ("Partly achieved", ["partially-completed"]),
    ("Complete", ["completed"]), ("Achieved", ["completed"]), ("Met", ["completed"]), ("Not started", ["not-started"]),
    ("Ar y trywydd iawn", ["on-track"]), ("Wedi\u2019i oedi", ["delayed"]), ("Wedi'i oedi", ["delayed"]),
    ("Ar waith", ["in-progress"]), ("Wedi'i gwblhau", ["completed"]), ("Green - on track", ["on-track"]),
    ("Amber (behind schedule)", ["delayed"]),
    ("Not on track", []), ("Not met", []), ("Amber", []), ("G", []), ("Red/Amber", []), ("Awaiting budget", []),
])
def test_status_words_map_to_the_vocabulary_or_to_nothing(wording: str, expected: list[str]) -> None:
    reading = read_status(wording)
    assert slugs(reading.concepts) == expected
    assert (reading.ambiguity is None) is bool(expected)


def test_a_bare_colour_is_read_only_through_the_documents_own_key() -> None:
    key = rag_key(["RAG key: Green = on track; Amber = at risk; Red = behind schedule; Blue = complete"])
    assert {colour: slugs(concepts) for colour, concepts in key.items()} == {
        "green": ["on-track"], "amber": ["at-risk"], "red": ["delayed"], "blue": ["completed"]}
    assert slugs(read_status("A", key).concepts) == ["at-risk"]
    assert read_status("A", key).through_key
    assert read_status("Amber").ambiguity == ("The RAG rating 'Amber' is kept as written: the document gives no key "
                                              "to what its colours mean.")
    letters = rag_key(["RAG status (G = on track, A = at risk, R = behind schedule)"])
    assert {colour: slugs(concepts) for colour, concepts in letters.items()} == {
        "green": ["on-track"], "amber": ["at-risk"], "red": ["delayed"]}
    # a colour given two meanings in one document is no key at all
    assert rag_key(["Green = complete", "Green - on track"]) == {}
    # between two colours there is no one meaning, even with a key
    assert read_status("Red/Amber", key).concepts == []


TRACKER_MD = """# Eastbrook Borough Council: Equality Action Plan progress, quarter 3

Organisation: Eastbrook Borough Council

RAG key: Green = on track; Amber = at risk; Red = behind schedule; Blue = complete.

## Objective 1: Close the gender pay gap

| Action | Lead | By when | Status |
|---|---|---|---|
| Publish our pay gap figures with an action plan | HR Manager | March 2025 | Blue |
| Offer returners' placements to women after a career break | Talent Team | June 2025 | On track |
| Review how bonuses are awarded | Reward Lead | December 2025 | Delayed |

## Objective 2: Make our buildings usable by disabled visitors

| Action | Lead | By when | RAG |
|---|---|---|---|
| Fit hearing loops at every reception desk | Facilities | April 2025 | A |
| Audit the town hall's step-free routes with the access group | Estates | July 2025 | Ar waith |
"""


def test_a_plan_trackers_status_column_is_kept_and_mapped() -> None:
    result = read_document(read_bytes(TRACKER_MD.encode(), "tracker.md"))
    assert result.profile == "plan"
    steps = [(i.text, i.fields.get("status")) for i in result.report.items if i.kind == "step"]
    assert steps == [
        ("Publish our pay gap figures with an action plan", "Blue"),
        ("Offer returners' placements to women after a career break", "On track"),
        ("Review how bonuses are awarded", "Delayed"),
        ("Fit hearing loops at every reception desk", "A"),
        ("Audit the town hall's step-free routes with the access group", "Ar waith"),
    ]
    g = result.graph
    found = {str(update): slugs(sorted(g.objects(step, EQ.status)))  # type: ignore[arg-type]
             for step, _, update in g.triples((None, EQ.progressUpdate, None))}
    assert found == {"Blue": ["completed"], "On track": ["on-track"], "Delayed": ["delayed"], "A": ["at-risk"],
                     "Ar waith": ["in-progress"]}
    assert [str(o) for o in g.objects(None, EQ.ambiguity) if "RAG" in str(o)] == []


RESPONSE_MD = """# Response to the review of interpreting services

Organisation: Wyeford University Health Board

| No. | Recommendation | Lead | Status |
|---|---|---|---|
| 1 | Offer British Sign Language interpreters at every outpatient clinic | Head of Patient Experience | Partially met |
| 2 | Record each patient's preferred language on the booking system | Digital Services | Wedi'i oedi |
| 3 | Train reception staff to book interpreters | Training Team | Red |
"""


def test_a_responses_status_column_in_english_and_welsh_and_a_colour_with_no_key() -> None:
    result = read_document(read_bytes(RESPONSE_MD.encode(), "response.md"))
    assert result.profile == "response"
    recs = [(i.text, i.fields.get("status")) for i in result.report.items if i.kind == "recommendation"]
    assert [s for _, s in recs] == ["Partially met", "Wedi'i oedi", "Red"]
    g = result.graph
    by_ref = {}
    for node in g.subjects(EQ.text, None):
        ref = g.value(node, EQ.reference) or g.value(node, EQ.number)
        if (node, EQ.status, None) in g or (node, EQ.ambiguity, None) in g:
            by_ref[str(ref)] = (slugs(sorted(g.objects(node, EQ.status))),  # type: ignore[arg-type]
                                [str(a) for a in g.objects(node, EQ.ambiguity) if "RAG" in str(a)])
    assert by_ref == {
        "1": (["partially-completed"], []),
        "2": (["delayed"], []),
        "3": ([], ["The RAG rating 'Red' is kept as written: the document gives no key to what its colours mean."]),
    }
    assert "the status of recommendation 3 could not be mapped; its wording is kept" in result.report.reasons


MINUTES_MD = """# Race Equality Working Group

Minutes of the meeting held on 9 October 2025

**Present:** Nadia Okafor (Chair), Piotr Zielinski (PZ), Grace Adeyemi

## 1. Action log

| No. | Action | Owner | Due | Status |
|---|---|---|---|---|
| 1 | Share the race pay gap analysis with the staff network | PZ | September 2025 | Behind schedule |
| 2 | Arrange listening sessions on each campus | Grace Adeyemi | November 2025 | On track |
| 3 | Update the hate incident reporting form | Student Services | October 2025 | Amber |
| 4 | Agree a date for the next network event | Nadia Okafor | December 2025 | Open |
"""


def test_an_action_logs_status_column() -> None:
    result = read_document(read_bytes(MINUTES_MD.encode(), "minutes.md"))
    assert result.profile == "minutes"
    g = result.graph
    meeting = "meeting/rewg-2025-10-09"
    statuses = {n: slugs(sorted(g.objects(ID[f"{meeting}/action/{n}"], EQ.status)))  # type: ignore[arg-type]
                for n in (1, 2, 3, 4)}
    assert statuses == {1: ["delayed"], 2: ["on-track"], 3: [], 4: []}
    assert g.value(ID[f"{meeting}/action/4"], EQ.ambiguity) == Literal(
        "The status 'Open' names no status of the vocabulary; kept as written.")
    assert g.value(ID[f"{meeting}/action/1"], EQ.ambiguity) is None
    assert g.value(ID[f"{meeting}/action/3"], EQ.progressUpdate) == Literal("Amber")
    assert g.value(ID[f"{meeting}/action/3"], EQ.ambiguity) == Literal(
        "The RAG rating 'Amber' is kept as written: the document gives no key to what its colours mean.")
    assert STATUS["delayed"] in set(g.objects(ID[f"{meeting}/action/1"], EQ.status))


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Accepted and completed in March.", ["accepted", "completed"]),
    ("Partially accepted; the work is on track.", ["partially-accepted", "on-track"]),
    ("Training capacity went to winter pressures; a revised date is proposed.", []),
    ("All managers will complete the course as part of the leadership programme.", []),
    ("Introduce enhanced checks; complete checks on existing staff in a rolling programme.", []),
    ("The new pathway will be delivered by June.", []),
    ("Accepted. Complete.", ["accepted", "completed"]),
    ("Accepted; the review has been completed.", ["accepted", "completed"]),
])
def test_in_a_responses_sentence_only_words_that_state_a_status_count(sentence: str, expected: list[str]) -> None:
    from eqkg.ingest.statuses import statuses

    assert slugs(statuses(sentence, sentence=True)) == expected


def test_status_lines_under_a_plans_steps_also_when_joined_to_other_labels() -> None:
    text = ("Organisation: Ashby Fenn District Council\n\nEquality Objectives 2025-2029\n\n"
            "Objective 1: Close the pay gaps\n\n"
            "- Review how overtime is offered across depots\n  Lead: Operations Manager\n  Timescale: 2026\n"
            "  Status: Behind schedule\n"
            "- Publish pay gaps by ethnicity. Lead: Head of HR. Status: On track\n")
    result = read_document(read_bytes(text.encode(), "plan.md"))
    steps = [(i.text, i.fields.get("lead"), i.fields.get("due"), i.fields.get("status"))
             for i in result.report.items if i.kind == "step"]
    assert steps == [("Review how overtime is offered across depots", "Operations Manager", "2026", "Behind schedule"),
                     ("Publish pay gaps by ethnicity.", "Head of HR", None, "On track")]
