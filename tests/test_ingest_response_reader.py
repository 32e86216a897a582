"""The general response reader (eqkg.ingest.response_reader) on small responses written here, in three layouts."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from eqkg.documents import read_bytes
from eqkg.errors import InputError
from eqkg.ingest import read_document, response, response_reader
from eqkg.ingest.common import IngestResult
from eqkg.namespaces import EQ, ID

TABLE_MD = """# Response to the Inclusive Workplace Review

Organisation: Example County Council

| No. | Recommendation | Our response | Lead | Timescale | Status |
|---|---|---|---|---|---|
| 1 | Publish ethnicity pay gap figures every year | Accepted. We will publish from 2024. | Head of HR | March 2024 | In progress |
| 2 | Set up a disabled staff network | Accepted | Jane Smith | Q2 2024/25 | Complete |
| 3 | Introduce anonymised shortlisting | Not accepted: our system cannot support it | Recruitment Manager | 2025 | Not started |
"""

HEADINGS_TXT = """Scrutiny Review of Hate Crime Reporting: Cabinet Response

Recommendation 1: Run a campaign on reporting hate crime in Welsh and English.
Response: Accepted
Lead: Community Safety Manager
Timescale: Autumn 2024
Status: Ongoing

Recommendation 2: Train front-line staff to recognise disability hate crime.
Response: Partially accepted. Training will cover all front-line staff from April.
Lead: Rhian ap Gwilym
Timescale: April 2025
Status: Not started
"""

LIST_MD = """# Health Board response to the Age Friendly Audit

## Recommendations

1. Improve signage for older people in all hospital sites. Response: Accepted. Lead: Estates Director. Timescale: 2024/25.
2. Offer large-print appointment letters. Response: Accepted and completed. Lead: Tom Jones. Status: Complete.
3. Review car parking for carers. Response: Deferred. Lead: Facilities. Timescale: 2026.
"""


def read(text: str, name: str) -> IngestResult:
    document = read_bytes(text.encode("utf-8"), filename=name)
    assert response.fits(document).score == 0, "the seed layout reader must leave this layout to the general one"
    return read_document(document, profile="response")


def recs(result: IngestResult) -> list[tuple[str, dict[str, object]]]:
    return [(i.text, i.fields) for i in result.report.items if i.kind == "recommendation"]


def statuses(result: IngestResult, ref: str) -> set[str]:
    node = ID[f"response/{result.slug}/recommendation/{ref}"]
    return {str(s).rsplit("/", 1)[-1] for s in result.graph.objects(node, EQ.status)}


def test_table_layout() -> None:
    result = read(TABLE_MD, "workplace-response.md")
    assert result.slug == "response-to-the-inclusive-workplace-review"
    assert recs(result) == [
        ("Publish ethnicity pay gap figures every year",
         {"number": "1", "lead": "Head of HR", "timeline": "March 2024", "status": "In progress",
          "response": "Accepted. We will publish from 2024."}),
        ("Set up a disabled staff network",
         {"number": "2", "lead": "Jane Smith", "timeline": "Q2 2024/25", "status": "Complete", "response": "Accepted"}),
        ("Introduce anonymised shortlisting",
         {"number": "3", "lead": "Recruitment Manager", "timeline": "2025", "status": "Not started",
          "response": "Not accepted: our system cannot support it"}),
    ]
    assert [statuses(result, r) for r in "123"] == [{"accepted", "in-progress"}, {"accepted", "completed"},
                                                   {"not-started"}]
    g = result.graph
    first = ID[f"response/{result.slug}/recommendation/1"]
    assert list(g.objects(first, EQ.lead)) == []  # a post is kept as wording only
    assert g.value(first, EQ.wording) == Literal("Head of HR")
    assert g.value(first, EQ.dueDate) == Literal("2024-03-31", datatype=XSD.date)
    assert set(g.objects(ID[f"response/{result.slug}/recommendation/2"], EQ.lead)) == {ID["person/jane-smith"]}
    assert Literal("Status: In progress") in set(g.objects(first, EQ.note))
    assert result.report.layout == "table (No. | Recommendation | Our response | Lead | Timescale | Status); table"


def test_recommendation_headings_layout() -> None:
    result = read(HEADINGS_TXT, "hate-crime-response.txt")
    assert [t for t, _ in recs(result)] == [
        "Run a campaign on reporting hate crime in Welsh and English.",
        "Train front-line staff to recognise disability hate crime.",
    ]
    assert recs(result)[1][1] == {"number": "2", "lead": "Rhian ap Gwilym", "timeline": "April 2025",
                                  "status": "Not started",
                                  "response": "Partially accepted. Training will cover all front-line staff from April."}
    assert statuses(result, "1") == {"accepted", "ongoing"}
    assert statuses(result, "2") == {"partially-accepted", "not-started"}
    # "Response: Accepted" is a recommendation's response, not the organisation responding
    assert list(result.graph.triples((None, EQ.organisation, None))) == []


def test_numbered_list_layout() -> None:
    result = read(LIST_MD, "age-friendly-response.md")
    assert [(t, f.get("lead"), f.get("response")) for t, f in recs(result)] == [
        ("Improve signage for older people in all hospital sites.", "Estates Director", "Accepted"),
        ("Offer large-print appointment letters.", "Tom Jones", "Accepted and completed"),
        ("Review car parking for carers.", "Facilities", "Deferred"),
    ]
    assert [statuses(result, r) for r in "123"] == [{"accepted"}, {"accepted", "completed"}, {"deferred"}]
    node = URIRef(f"{ID}response/{result.slug}/recommendation/1")
    assert set(result.graph.objects(node, EQ.note)) == {Literal("Response: Accepted")}


PLAN_MD = """# Example County Council Strategic Equality Plan 2024-2028

## Objective 1: Closing the pay gap

We will reduce our gender and ethnicity pay gaps.

1. Publish pay gap figures each year. Lead: Head of HR. By: March 2025.
2. Review recruitment panels. Lead: Recruitment Manager. By: 2026.
"""


def test_a_plan_is_not_a_response() -> None:
    document = read_bytes(PLAN_MD.encode("utf-8"), filename="plan.md")
    assert response_reader.fits(document).score == 0
    with pytest.raises(InputError, match="does not read as a response"):
        read_document(document, profile="response")


def test_nothing_found_is_an_error() -> None:
    document = read_bytes(b"Our response\n\nWe thank the panel for its work.\n", filename="thanks.txt")
    with pytest.raises(InputError, match="no recommendations were found"):
        response_reader.read(document)


# ---------------------------------------------------------------- layouts bodies use (issue 12, item 3)

TITLED_HEADINGS_MD = """# Cabinet Response to the Review of Library Access

## 2. Response to the recommendations

#### Recommendation 1 – Opening hours

Libraries should open on at least one evening a week so that people who work or care during the day can use them.

Residents told the review that daytime-only hours excluded carers.

**Executive response:** Accepted. Two branches will open late on Thursdays.

**Lead officer:** Head of Libraries

**Status:** On track

#### Recommendation 2 – Large print stock

The service should double its large print and audio book stock for older readers.

**Executive response:** Partially accepted.

**Lead officer:** Stock Manager

**Status:** Not started

### 3. Recommendation to Cabinet

Cabinet is asked to approve the responses above.
"""

GRADED_HTML = """<html><body><main>
<h1>Audit of accessibility: management response</h1>
<h2>Recommendations and responses</h2>
<h3>Recommendation 1 (Grade 2)</h3>
<p>The trust should check every new web page against the accessibility regulations before it is published.</p>
<p>Management response: Agreed. A checklist will be added to the publishing workflow.</p>
<p>Responsible officer: Digital Manager</p>
<p>Status: In progress</p>
<h3>Recommendation 2 (Grade 3)</h3>
<p>Patient letters should be offered in large print and braille.</p>
<p>Management response: Agreed.</p>
<p>Responsible officer: Head of Patient Experience</p>
<p>Status: Complete</p>
<h2>Recommendation to the Committee</h2>
<p>The Committee is asked to note the management responses.</p>
</main></body></html>
"""

TRACKER_CSV = """No.,Finding,Recommendation,Agreed (Y/N),Management action,Responsible manager,Implementation date,Progress update,Status
1,Some wards had no hearing loops.,Fit a working hearing loop at every ward reception.,Y,Survey all wards and order loops,Estates Manager,30/06/2025,Survey finished; loops ordered.,In progress
2,Staff did not record patients' pronouns.,Add a field for pronouns to the patient record.,Partly,Raise with the system supplier,Digital Lead,31/12/2025,Supplier has been asked.,Delayed
"""


def test_titled_recommendation_headings_take_the_paragraphs_under_them() -> None:
    result = read(TITLED_HEADINGS_MD, "library-response.md")
    assert [(t, f.get("title"), f.get("lead"), f.get("status")) for t, f in recs(result)] == [
        ("Libraries should open on at least one evening a week so that people who work or care during the day can "
         "use them. Residents told the review that daytime-only hours excluded carers.", "Opening hours",
         "Head of Libraries", "On track"),
        ("The service should double its large print and audio book stock for older readers.", "Large print stock",
         "Stock Manager", "Not started"),
    ]
    assert recs(result)[0][1]["response"] == "Accepted. Two branches will open late on Thursdays."
    assert statuses(result, "2") == {"partially-accepted", "not-started"}


def test_graded_html_headings_and_a_recommendation_to_the_committee() -> None:
    result = read(GRADED_HTML, "audit-response.html")
    assert [(t, f.get("title"), f.get("lead")) for t, f in recs(result)] == [
        ("The trust should check every new web page against the accessibility regulations before it is published.",
         "(Grade 2)", "Digital Manager"),
        ("Patient letters should be offered in large print and braille.", "(Grade 3)", "Head of Patient Experience"),
    ]
    assert statuses(result, "2") == {"completed"}


def test_tracker_columns_exact_headers_beat_synonyms() -> None:
    result = read(TRACKER_CSV, "tracker.csv")
    assert [(t, f.get("lead"), f.get("timeline"), f.get("status"), f.get("update")) for t, f in recs(result)] == [
        ("Fit a working hearing loop at every ward reception.", "Estates Manager", "30/06/2025", "In progress",
         "Survey finished; loops ordered."),
        ("Add a field for pronouns to the patient record.", "Digital Lead", "31/12/2025", "Delayed",
         "Supplier has been asked."),
    ]
    first = ID[f"response/{result.slug}/recommendation/1"]
    assert Literal("Finding: Some wards had no hearing loops.") in set(result.graph.objects(first, EQ.note))
    assert Literal("Agreed: Y") in set(result.graph.objects(first, EQ.note))
    assert statuses(result, "1") == {"in-progress"}
