"""The general plan reader on the layouts bodies use: exact objectives, steps, fields and characteristics."""

from __future__ import annotations

import pytest
from plan_reading_support import objectives, reading
from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from eqkg.documents import read_bytes
from eqkg.errors import InputError
from eqkg.ingest import read_document
from eqkg.namespaces import EQ

LABELLED = """# Equality Objectives 2024-2028

Organisation: Example County Council

## Introduction

The Equality Act 2010 protects people from discrimination because of age, disability, gender reassignment, marriage and civil partnership, pregnancy and maternity, race, religion or belief, sex and sexual orientation.

## Objective 1: Inclusive services

We will make our services accessible to everyone, including disabled people and older people.

To achieve this we will:

- Review our website against WCAG 2.2
- Offer British Sign Language interpretation at customer contact points
  - including video relay

Lead: Head of Customer Services

Timescale: March 2026

## Objective 2 - A representative workforce

Our workforce should reflect the communities we serve, especially ethnic minority residents.

### Action 1

Publish ethnicity pay gap figures each year.

Lead officer: Head of HR

### Action 2

Introduce anonymised recruitment.

Protected characteristics: Race, Sex

## Monitoring and review

We will report annually.
"""

NUMBERED = """# University of Exampleshire Equality Objectives 2022-2026

## Our equality objectives

Our equality objectives for 2022-2026 are:

1. Close the degree awarding gap for Black students.
   - Run an inclusive curriculum review in every school
   - Report awarding gaps to Senate each year
2. Increase the proportion of women in senior academic roles.
3. Make our campuses accessible for disabled staff and students.

## How we developed our objectives

We consulted with staff networks.
"""

THEMED = """# Dyfed Example Police Equality Objectives

## Our equality objectives

### Our people

- Increase the number of officers from ethnic minority backgrounds
- Support staff with neurodivergent conditions

### Our communities

- Improve trust and confidence among LGBTQ+ communities
- Reduce repeat victimisation

### Our service

- Make our 101 service accessible to Deaf people

## Contact

Email us.
"""

TABLE = """# Equality Action Plan 2024-25

Organisation: Example Fire and Rescue Service

| Objective | Action | Lead officer | By when | Success measure |
|---|---|---|---|---|
| 1. Diverse workforce | Positive action open days for women | HR Manager | June 2024 | 20% more female applicants |
| | Targeted outreach to minority ethnic communities | Community Safety | March 2025 | |
| 2. Safer homes for older people | Home fire safety visits for people over 75 | Prevention Manager | Ongoing | 5,000 visits |
"""



def test_labelled_objectives_with_lists_action_blocks_and_fields() -> None:
    result = reading(LABELLED)
    assert result.profile == "plan"
    assert result.report.layout == "objectives labelled 'Objective N'"
    assert objectives(result) == [
        ("Inclusive services", ["Review our website against WCAG 2.2",
                                "Offer British Sign Language interpretation at customer contact points"]),
        ("A representative workforce", ["Publish ethnicity pay gap figures each year.",
                                        "Introduce anonymised recruitment."]),
    ]
    first, second = [i for i in result.report.items if i.kind == "objective"]
    assert first.fields["lead"] == "Head of Customer Services" and first.fields["due"] == "March 2026"
    assert first.fields["characteristics"] == {"age": "tagged", "disability": "tagged"}
    assert first.fields["statement"].startswith("We will make our services accessible")
    steps = [i for i in result.report.items if i.kind == "step"]
    assert steps[2].fields["lead"] == "Head of HR"
    assert steps[3].fields["characteristics"] == {"race": "stated", "sex": "stated"}
    assert "Sub-point: including video relay" in {str(o) for o in result.graph.objects(None, EQ.note)}
    # The legal-context paragraph naming all nine characteristics is no objective.
    assert result.report.found["objective"] == 2
    assert str(result.document).endswith("/plan/example-county-council-equality-objectives-2024-2028")


def test_numbered_list_under_an_objectives_lead_in() -> None:
    result = reading(NUMBERED)
    assert result.report.layout == "a list under an objectives heading"
    assert objectives(result) == [
        ("Close the degree awarding gap for Black students",
         ["Run an inclusive curriculum review in every school", "Report awarding gaps to Senate each year"]),
        ("Increase the proportion of women in senior academic roles", []),
        ("Make our campuses accessible for disabled staff and students", []),
    ]
    organisation = next(i for i in result.report.items if i.kind == "organisation")
    assert organisation.text == "University of Exampleshire"


def test_bullets_under_theme_headings_are_objectives_and_the_reader_says_it_is_unsure() -> None:
    result = reading(THEMED)
    assert [title for title, _ in objectives(result)] == [
        "Increase the number of officers from ethnic minority backgrounds",
        "Support staff with neurodivergent conditions",
        "Improve trust and confidence among LGBTQ+ communities",
        "Reduce repeat victimisation",
        "Make our 101 service accessible to Deaf people",
    ]
    assert result.report.confidence == "medium"
    assert any("theme headings 'Our people', 'Our communities', 'Our service'" in r for r in result.report.reasons)


def test_action_plan_table_read_by_synonym_columns() -> None:
    result = reading(TABLE)
    assert result.report.layout == "a table with an objective column"
    assert objectives(result) == [
        ("Diverse workforce", ["Positive action open days for women",
                               "Targeted outreach to minority ethnic communities"]),
        ("Safer homes for older people", ["Home fire safety visits for people over 75"]),
    ]
    first_step = next(i for i in result.report.items if i.kind == "step")
    assert first_step.fields["lead"] == "HR Manager"
    assert first_step.fields["due"] == "June 2024"
    assert first_step.fields["measure"] == "20% more female applicants"


def test_fields_joined_into_one_paragraph_are_still_read() -> None:
    text = "# Plan\n\n## Objective 1: Fair pay\n\nWe will close the gender pay gap.\n\n- Publish figures\n\n" \
           "Lead: Head of HR Timescale: March 2026 Success measure: gap below 5%\n"
    objective = next(i for i in reading(text).report.items if i.kind == "objective")
    assert (objective.fields["lead"], objective.fields["due"], objective.fields["measure"]) == \
        ("Head of HR", "March 2026", "gap below 5%")


def test_the_same_objective_in_a_summary_and_a_section_is_one_objective() -> None:
    text = ("# Our plan\n\n## Summary\n\n- Objective 1: Fair pay\n- Objective 2: Safe streets\n\n"
            "## Objective 1: Fair pay\n\nWe will close the gap.\n\n- Publish figures\n\n"
            "## Objective 2: Safe streets\n\n- Tackle hate crime\n")
    assert objectives(reading(text)) == [("Fair pay", ["Publish figures"]), ("Safe streets", ["Tackle hate crime"])]


def test_prose_mentioning_an_objective_is_not_an_objective() -> None:
    with pytest.raises(InputError, match="does not read as a plan"):
        reading("# Report\n\nObjective 1 is linked to our wellbeing goals.\n\nWe met twice.\n", profile="plan")


def test_no_person_is_minted_from_leads() -> None:
    result = reading(LABELLED)
    assert set(result.graph.subjects(RDF.type, FOAF.Person)) == set()
    assert set(result.graph.subjects(RDF.type, EQ.Person)) == set()


RECORDS = """# Equality Plan

| Objective | Improve access to healthcare for people with a learning disability |
|---|---|
| Actions | • Annual health checks for all adults on the register • Easy read appointment letters |
| Lead | Director of Nursing |
| Timescale | 2025-26 |

| Objective | Reduce waiting times for gender identity services |
|---|---|
| Actions | Commission a local trans health pathway |
| Lead | Director of Planning |

| Action | Lead | Timescale |
|---|---|---|
| Objective 3: Fair recruitment | Objective 3: Fair recruitment | Objective 3: Fair recruitment |
| Anonymised shortlisting | HR | 2025 |
"""


def test_one_table_per_objective_and_objective_rows_spanning_a_table() -> None:
    result = reading(RECORDS)
    assert objectives(result) == [
        ("Improve access to healthcare for people with a learning disability",
         ["Annual health checks for all adults on the register", "Easy read appointment letters"]),
        ("Reduce waiting times for gender identity services", ["Commission a local trans health pathway"]),
        ("Fair recruitment", ["Anonymised shortlisting"]),
    ]
    first = next(i for i in result.report.items if i.kind == "objective")
    assert (first.fields["lead"], first.fields["due"]) == ("Director of Nursing", "2025-26")
    assert "the plan's organisation could not be identified (add an 'Organisation:' line)" in result.report.unplaced


def test_a_contents_line_with_a_page_number_does_not_change_the_title() -> None:
    text = ("# Plan\n\n## Contents\n\n- Objective 1: Fair pay 12\n- Objective 2: Safe streets 14\n\n"
            "## Objective 1: Fair pay\n\n- Publish figures\n\n## Objective 2: Safe streets\n\n- Tackle hate crime\n")
    result = reading(text)
    assert objectives(result) == [("Fair pay", ["Publish figures"]), ("Safe streets", ["Tackle hate crime"])]
    assert not [n for n in result.report.unplaced if "worded differently" in n]


def test_columns_the_reader_does_not_know_are_named_and_the_rest_is_read() -> None:
    text = ("Organisation: Test Council\n\n| Objective | Action | Owner | Budget |\n|---|---|---|---|\n"
            "| Fair pay | Publish figures | HR | £0 |\n\n## Objective 2: Safe streets\n\n"
            "| Action | Lead | Funding |\n|---|---|---|\n| Tackle hate crime | Police | Core |\n")
    result = reading(text, "plan.md", "plan")
    unplaced = result.report.unplaced
    assert any("column 'Funding' is not one the reader knows" in n and n.startswith("objective 2,") for n in unplaced)
    assert objectives(result)[-1] == ("Safe streets", ["Tackle hate crime"])
    assert any(r.startswith("a table lists 1 objectives without a number") for r in result.report.reasons)


def test_a_word_table_cell_listing_several_actions_gives_several_steps() -> None:
    import io

    from docx import Document as WordDocument

    word = WordDocument()
    word.add_heading("Example Council Equality Plan 2024-2028", 1)
    table = word.add_table(rows=3, cols=3)
    for i, header in enumerate(["Equality objective", "What we will do", "Lead"]):
        table.cell(0, i).text = header
    table.cell(1, 0).text = "Fair pay for women"
    table.cell(1, 1).text = "We will:"
    table.cell(1, 1).add_paragraph("Publish pay gap figures", style="List Bullet")
    table.cell(1, 1).add_paragraph("Review grading", style="List Bullet")
    table.cell(1, 2).text = "HR"
    table.cell(2, 0).text = "Accessible services for disabled people"
    table.cell(2, 1).text = "Audit our buildings"
    table.cell(2, 2).text = "Estates"
    data = io.BytesIO()
    word.save(data)
    result = read_document(read_bytes(data.getvalue(), "plan.docx"))
    assert objectives(result) == [("Fair pay for women", ["Publish pay gap figures", "Review grading"]),
                                  ("Accessible services for disabled people", ["Audit our buildings"])]
    assert [s.fields["lead"] for s in result.report.items if s.kind == "step"] == ["HR", "HR", "Estates"]


# ---------------------------------------------------------------- layouts a held-out set showed (our own words)


def test_bilingual_headings_over_one_body_share_it_by_language() -> None:
    text = ("# Cynllun / Plan\n\n## Objective 1 – Welcoming parks\n\n## Amcan 1 – Parciau croesawgar\n\n"
            "Protected characteristics: Disability, Age\n\nWe will:\n\n- Buy all-terrain wheelchairs for visitors\n"
            "- Run family days with older people's groups\n\nByddwn yn:\n\n"
            "- Prynu cadeiriau olwyn pob tirwedd i ymwelwyr\n- Cynnal diwrnodau teulu gyda grwpiau pobl hŷn\n")
    result = reading(text)
    assert objectives(result) == [("Welcoming parks", ["Buy all-terrain wheelchairs for visitors",
                                                       "Run family days with older people's groups"])]
    titles = {(str(t), t.language) for t in result.graph.objects(None, DCTERMS.title)
              if "Parciau" in t or "Welcoming" in t}
    assert titles == {("Welcoming parks", None), ("Parciau croesawgar", "cy")}
    objective = next(i for i in result.report.items if i.kind == "objective")
    assert objective.fields["characteristics"] == {"age": "stated", "disability": "stated"}


def test_a_summary_table_of_numbered_outcomes_gives_its_characteristics_to_the_sections() -> None:
    text = ("# Health board equality outcomes\n\n## Summary\n\n| Outcome | Description | Protected characteristics |\n"
            "|---|---|---|\n| 1 | Interpreters when patients need them | Race, Disability |\n"
            "| 2 | Staff are treated fairly | All PCs |\n\n**Equality Outcome 1 – Interpreters when patients need them**"
            "\n\n- Book interpreters in one place\n\n**Equality Outcome 2 – Staff are treated fairly**\n\n"
            "- Publish pay gaps each year\n")
    result = reading(text)
    assert objectives(result) == [("Interpreters when patients need them", ["Book interpreters in one place"]),
                                  ("Staff are treated fairly", ["Publish pay gaps each year"])]
    first, second = (i.fields["characteristics"] for i in result.report.items if i.kind == "objective")
    assert first == {"disability": "stated", "race": "stated"}
    assert len(second) == 9 and set(second.values()) == {"stated"}


def test_a_step_reference_and_fields_written_after_the_step() -> None:
    text = ("# Park plan\n\n## Objective 1: Visitors\n\n- 1.1 Run guided walks with community groups. "
            "Lead: Community Engagement Officer. When: every year from 2025.\n")
    result = reading(text)
    step = next(i for i in result.report.items if i.kind == "step")
    assert step.text == "Run guided walks with community groups."
    assert (step.fields["lead"], step.fields["due"]) == ("Community Engagement Officer", "every year from 2025")
    assert "1.1" in {str(o) for o in result.graph.objects(URIRef(step.uri), EQ.reference)}


def test_numbered_objectives_with_bullets_at_the_same_depth() -> None:
    from eqkg.documents.model import Block, Document, Location

    blocks = [Block("heading", "Our equality objectives", Location(line=1), level=2),
              Block("item", "Fair access", Location(line=2), marker="1.", ordered=True),
              Block("item", "Audit our buildings", Location(line=3), marker="•"),
              Block("item", "Safe streets", Location(line=4), marker="2.", ordered=True),
              Block("item", "Tackle hate crime", Location(line=5), marker="•")]
    result = read_document(Document(blocks, "pdf", "plan.pdf"), "plan")
    assert objectives(result) == [("Fair access", ["Audit our buildings"]), ("Safe streets", ["Tackle hate crime"])]


def test_a_spreadsheet_of_outcome_rows_and_activity_rows() -> None:
    csv_text = ("Ref,Outcome,Activity,Responsible officer,Completion,Measure of success,PCs affected\n"
                "1,Fair treatment for customers,,,,,\n"
                "1.1,,Keep a priority services register,Director of Consumer Protection,Q3 2024/25,A register,\"Disability, Age\"\n"
                "2,An inclusive employer,,,,,\n"
                "2.1,,Set representation targets,Chief People Officer,April 2025,Targets set,All PCs\n")
    result = read_document(read_bytes(csv_text.encode(), "plan.csv"), "plan")
    assert objectives(result) == [("Fair treatment for customers", ["Keep a priority services register"]),
                                  ("An inclusive employer", ["Set representation targets"])]
    step = next(i for i in result.report.items if i.kind == "step")
    assert (step.fields["lead"], step.fields["due"], step.fields["measure"]) == \
        ("Director of Consumer Protection", "Q3 2024/25", "A register")
    assert step.fields["characteristics"] == {"age": "stated", "disability": "stated"}


def test_a_two_column_table_gives_a_bare_label_its_wording() -> None:
    text = ("# Council outcomes\n\n### Outcome 1\n\n| Equality outcome | Disabled people can move around the town |\n"
            "|---|---|\n| Protected characteristics | Disability |\n\n- Fit dropped kerbs at every crossing\n")
    assert objectives(reading(text)) == [("Disabled people can move around the town",
                                          ["Fit dropped kerbs at every crossing"])]


def test_owner_lines_under_a_step_belong_to_it_when_the_list_goes_on() -> None:
    text = ("College plan\n\nObjective 1: Support for learners\n\n- Give every learner a support plan\n"
            "      Owner: Head of Learning Support\n      Deadline: September 2024\n- Train tutors\n"
            "      Owner: Head of Quality\n")
    steps = [i for i in reading(text, "plan.txt").report.items if i.kind == "step"]
    assert [(s.text, s.fields["lead"], s.fields["due"]) for s in steps] == [
        ("Give every learner a support plan", "Head of Learning Support", "September 2024"),
        ("Train tutors", "Head of Quality", None)]


def test_bullets_pasted_from_word_with_a_tab_are_list_items_not_a_table() -> None:
    text = "Plan\n\nObjective 1: Interpreters\n\nWe will:\n•\tBook interpreters in one place\n•\tAudit their use\n"
    assert objectives(reading(text, "plan.txt")) == [("Interpreters", ["Book interpreters in one place",
                                                                       "Audit their use"])]


def test_a_welsh_plain_text_plan_with_unmarked_headings_and_pwy_erbyn_fields() -> None:
    text = ("Cyngor Tref Enghraifft\n\nAmcanion Cydraddoldeb 2024 i 2028\n\nCyflwyniad\n\n"
            "Rydym yn gwasanaethu'r dref gyfan.\n\nEin hamcanion\n\nRydym wedi dewis dau beth.\n\n"
            "1. Cyfarfodydd agored\n\nEin nod yw bod pobl anabl yn gallu dod i'r cyfarfodydd.\n\nCamau:\n\n"
            "• Symud y cyfarfodydd i'r neuadd. Pwy: Clerc y Dref. Erbyn: Medi 2024\n\n"
            "2. Parciau i bawb\n\nCamau:\n\n• Gosod siglen hygyrch. Pwy: Swyddog Parciau. Erbyn: Mawrth 2026\n\n"
            "Cysylltu â ni\n\nY Clerc, Neuadd y Dref.\n")
    result = reading(text, "amcanion.txt")
    assert objectives(result) == [("Cyfarfodydd agored", ["Symud y cyfarfodydd i'r neuadd."]),
                                  ("Parciau i bawb", ["Gosod siglen hygyrch."])]
    first = next(i for i in result.report.items if i.kind == "objective")
    assert first.fields["statement"] == "Ein nod yw bod pobl anabl yn gallu dod i'r cyfarfodydd."
    step = next(i for i in result.report.items if i.kind == "step")
    assert (step.fields["lead"], step.fields["due"]) == ("Clerc y Dref", "Medi 2024")


def test_objective_sub_headings_under_what_we_will_do_with_their_own_sub_headings() -> None:
    text = ("# Office of the Police and Crime Commissioner for Exampleshire\n\n## Our role\n\nWe hold the force to account.\n\n"
            "## What we will do\n\n### Victims are supported\n\n#### Outcome we want\n\n"
            "Disabled and older victims get support that meets their needs.\n\n#### How we will get there\n\n"
            "- Fund an adviser for disabled victims (Head of Commissioning, October 2024)\n\n"
            "#### How we will know\n\n- Satisfaction rises\n\n### Fair policing\n\nLead: Head of Scrutiny\n\n"
            "1. Publish stop and search figures by ethnicity. By: September 2024\n\n## Contact us\n\nWrite to us.\n")
    result = reading(text)
    assert objectives(result) == [("Victims are supported",
                                   ["Fund an adviser for disabled victims"]),
                                  ("Fair policing", ["Publish stop and search figures by ethnicity."])]
    first, second = (i for i in result.report.items if i.kind == "objective")
    assert first.fields["statement"] == "Disabled and older victims get support that meets their needs."
    assert first.fields["measure"] == "Satisfaction rises"
    steps = [i for i in result.report.items if i.kind == "step"]
    assert (steps[0].fields["lead"], steps[0].fields["due"]) == ("Head of Commissioning", "October 2024")
    assert steps[1].fields["due"] == "September 2024"
    assert next(i for i in result.report.items if i.kind == "organisation").text == \
        "Office of the Police and Crime Commissioner for Exampleshire"


def test_actions_listed_apart_under_actions_for_objective_n() -> None:
    text = ("# Sport plan\n\n## Our objectives at a glance\n\n| No. | Objective | Who it is for |\n|---|---|---|\n"
            "| 1 | More women being active | Women and girls |\n| 2 | Disabled people in sport | Disabled people |\n\n"
            "## Action plan\n\n### Actions for objective 1\n\n1. Fund women-only sessions (Head of Participation – March 2025)\n\n"
            "### Actions for objective 2\n\n1. Grow disability sport clubs (Disability Sport Officer – March 2028)\n")
    result = reading(text)
    assert objectives(result) == [("More women being active", ["Fund women-only sessions"]),
                                  ("Disabled people in sport", ["Grow disability sport clubs"])]
    first = next(i for i in result.report.items if i.kind == "objective")
    assert first.fields["characteristics"] == {"sex": "stated"}
    step = next(i for i in result.report.items if i.kind == "step")
    assert (step.fields["lead"], step.fields["due"]) == ("Head of Participation", "March 2025")


def test_a_commitment_column_beside_the_actions_is_the_objective() -> None:
    csv_text = ("Theme,Our commitment,Action,Responsible,Deadline,Protected characteristics\n"
                "Homes,Homes that meet residents' needs,Adapt homes within 12 weeks,Head of Property,March 2025,Disability\n"
                ",,Visit tenants aged 75 and over,Tenancy Manager,September 2025,Age\n")
    result = read_document(read_bytes(csv_text.encode(), "plan.csv"), "plan")
    assert objectives(result) == [("Homes that meet residents' needs",
                                   ["Adapt homes within 12 weeks", "Visit tenants aged 75 and over"])]


def test_bold_numbered_section_lines_are_headings() -> None:
    from eqkg.documents.model import Block, Document, Location

    blocks = [Block("item", "About us", Location(line=1), marker="1.", ordered=True, strong=True),
              Block("paragraph", "We are a council.", Location(line=2)),
              Block("item", "Our equality objectives", Location(line=3), marker="2.", ordered=True, strong=True),
              Block("heading", "2.1 Good homes for everyone", Location(line=4), level=3),
              Block("paragraph", "To do this we will:", Location(line=5)),
              Block("item", "Adapt 200 homes. Lead: Head of Housing. By: March 2026", Location(line=6), marker="•"),
              Block("item", "Contact us", Location(line=7), marker="3.", ordered=True, strong=True)]
    result = read_document(Document(blocks, "pdf", "plan.pdf"), "plan")
    assert objectives(result) == [("Good homes for everyone", ["Adapt 200 homes."])]
    step = next(i for i in result.report.items if i.kind == "step")
    assert (step.fields["lead"], step.fields["due"]) == ("Head of Housing", "March 2026")


def test_a_bilingual_heading_and_steps_listed_in_both_languages() -> None:
    text = ("# Amgueddfa / Museum plan\n\n## Amcan 1: Casgliadau i bawb / Objective 1: Collections for everyone\n\n"
            "**Byddwn yn:**\n\n- Ymchwilio i 200 o wrthrychau (Arweinydd: Ceidwad Hanes; erbyn Mawrth 2026)\n\n"
            "**We will:**\n\n- Research 200 objects (Lead: Keeper of History; by March 2026)\n")
    result = reading(text)
    assert objectives(result) == [("Collections for everyone", ["Research 200 objects"])]
    assert ("Casgliadau i bawb", "cy") in {(str(t), t.language) for t in result.graph.objects(None, DCTERMS.title)}


def test_a_list_of_objectives_and_an_action_table_beside_it() -> None:
    text = ("# District plan\n\n## Our objectives at a glance\n\n1. Accessible services\n2. Fair employer\n\n"
            "## Action plan\n\n| No. | Equality objective | What we will do | Lead officer | Timescale |\n|---|---|---|---|---|\n"
            "| 1 | Accessible services | • Fix our web pages • Keep a phone line | Head of Customer Services | March 2026 |\n"
            "| 2 | Fair employer | • Publish our gender pay gap | HR Manager | December 2025 |\n")
    result = reading(text)
    assert objectives(result) == [("Accessible services", ["Fix our web pages", "Keep a phone line"]),
                                  ("Fair employer", ["Publish our gender pay gap"])]


def test_lettered_steps_and_fields_in_a_plain_text_plan_with_numbered_objectives() -> None:
    text = ("PORT HEALTH AUTHORITY\n\nEQUALITY OBJECTIVES 2024 - 2028\n\n1.  INTRODUCTION\n\n"
            "1.1 We inspect ships.\n\n2.  OUR OBJECTIVES\n\n    1.  To make our services accessible to crews.\n\n"
            "        (a) provide guidance in six languages;\n        (b) use a telephone interpreting service.\n\n"
            "        Responsible officer: Chief Inspector.     Target date: 31 March 2025.\n\n"
            "    2.  To recruit a workforce drawn from all our communities.\n\n"
            "        (a) offer two apprenticeships each year.\n\n3.  MONITORING\n\nWe report each year.\n")
    result = reading(text, "plan.txt")
    assert objectives(result) == [
        ("To make our services accessible to crews", ["provide guidance in six languages;",
                                                      "use a telephone interpreting service."]),
        ("To recruit a workforce drawn from all our communities", ["offer two apprenticeships each year."])]
    steps = [i for i in result.report.items if i.kind == "step"]
    assert (steps[0].fields["lead"], steps[0].fields["due"], steps[0].fields["from_objective"]) == \
        ("Chief Inspector", "31 March 2025", "lead, due")


def test_fields_joined_to_a_numbered_step_without_a_full_stop() -> None:
    text = ("# Partnership plan\n\n**Equality objective one: Better primary care**\n\nActions:\n\n"
            "1. Increase annual health checks to 75%\n   Lead: Associate Director of Primary Care\n   By: March 2026\n")
    step = next(i for i in reading(text).report.items if i.kind == "step")
    assert (step.text, step.fields["lead"], step.fields["due"]) == \
        ("Increase annual health checks to 75%", "Associate Director of Primary Care", "March 2026")
