"""Plan layouts a sixth held-out set showed the reader missing, each in our own wording (docs/benchmarks.md).

Every test here failed before the change it names: steps written as one sentence of clauses parted by
semicolons after "To do this we will"; a plan numbered on three levels (themes 1., objectives 1.1, actions
1.1.1 with their lead and date); a grid whose columns are the objectives; a progress table whose "What we said
we would do" column holds the steps; a shared action table whose objective column names one or several
objectives; contents lines with dot leaders and page numbers.
"""

from __future__ import annotations

from plan_reading_support import objectives, reading, steps

from eqkg.documents import read_bytes
from eqkg.ingest import read_document

# ---------------------------------------------------------------- steps in one sentence, parted by semicolons


def test_a_to_do_this_we_will_sentence_after_a_listed_objective_gives_one_step_per_clause() -> None:
    text = ("# Equality objectives 2026-2030\n\n## Our objectives\n\n"
            "- We will make our libraries welcoming to people of every faith.\n\n"
            "To do this we will set aside a quiet room for prayer in each branch; stock books in Polish, Arabic "
            "and Tamil; and mark the main religious festivals in our events programme.\n\n"
            "- We will help older residents get online.\n\n"
            "To achieve this, we will run weekly digital drop-in sessions; lend tablets with data for three "
            "months.\n\n"
            "## Reporting\n\nWe report each spring.\n")
    assert objectives(reading(text)) == [
        ("We will make our libraries welcoming to people of every faith", [
            "set aside a quiet room for prayer in each branch", "stock books in Polish, Arabic and Tamil",
            "mark the main religious festivals in our events programme"]),
        ("We will help older residents get online", [
            "run weekly digital drop-in sessions", "lend tablets with data for three months"])]


def test_a_how_we_will_achieve_this_sentence_under_a_labelled_objective_gives_its_steps() -> None:
    text = ("Kestrel Bay Harbour Authority\n\nEquality objectives 2026 to 2030\n\n"
            "Objective 1: Safe quays for everyone\n\n"
            "We will make the quays safe and usable for disabled visitors.\n\n"
            "How we will achieve this: we will resurface the east quay walkway; fit handrails on every slipway; "
            "we will publish an access guide for the harbour.\n\n"
            "Objective 2: A fair place to work\n\nWe will close our gender pay gap.\n\n"
            "How we will achieve this: we will publish pay data each April; offer flexible working from day one.\n")
    assert objectives(reading(text, "plan.txt")) == [
        ("Safe quays for everyone", ["resurface the east quay walkway", "fit handrails on every slipway",
                                     "publish an access guide for the harbour"]),
        ("A fair place to work", ["publish pay data each April", "offer flexible working from day one"])]


def test_a_sentence_with_semicolons_that_is_not_introduced_as_the_way_is_not_split_into_steps() -> None:
    text = ("# Equality objectives\n\n## Objective 1: Fair recruitment\n\n"
            "We will widen who applies to work with us.\n\n"
            "Last year we recruited 40 people; 6 were disabled; 3 were from ethnic minorities.\n\n"
            "We will:\n\n- Advertise every post on community job boards\n")
    assert objectives(reading(text)) == [("Fair recruitment", ["Advertise every post on community job boards"])]


# ---------------------------------------------------------------- three numbered levels: themes, objectives, actions


def _word(paragraphs: list[tuple[str, bool]]) -> bytes:
    """A Word document with no heading styles: (text, bold) paragraphs."""
    import io

    from docx import Document as WordDocument

    doc = WordDocument()
    for text, bold in paragraphs:
        doc.add_paragraph().add_run(text).bold = bold
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


_OUTLINED = [
    ("Riverside Leisure Trust", True), ("Equality Plan 2026-2030", False),
    ("ABOUT THIS PLAN", False),
    ("Our plan has two themes (1, 2). Under each are our objectives (1.1, 1.2) and the actions (1.1.1) that "
     "deliver them, each with who leads it and by when.", False),
    ("1. OUR CUSTOMERS", False),
    ("1.1 Pools everyone can use", True),
    ("1.1.1 Fit a pool hoist at every site. Lead: Facilities Manager. By: June 2027.", False),
    ("1.1.2 Hold women-only swimming sessions each week. Lead: Aquatics Manager. By: September 2026.", False),
    ("1.2 Classes for older members", True),
    ("1.2.1 Start chair-based exercise classes for people over 65. Lead: Fitness Manager. By: 2026.", False),
    ("2. OUR STAFF", False),
    ("2.1 Fair pay", True),
    ("2.1.1 Publish our gender pay gap every year. Lead: HR Business Partner. By: Annually, March.", False),
    ("2.1.2 Pay the Real Living Wage to casual staff. Lead: Finance Director. By: April 2026.", False),
    ("MONITORING", False), ("The trustees review this plan every year.", False),
]


def test_a_word_plan_numbered_on_three_levels_reads_the_middle_level_as_objectives_without_a_profile() -> None:
    result = read_document(read_bytes(_word(_OUTLINED), "plan.docx"))
    assert result.profile == "plan"
    assert objectives(result) == [
        ("Pools everyone can use", ["Fit a pool hoist at every site.",
                                    "Hold women-only swimming sessions each week."]),
        ("Classes for older members", ["Start chair-based exercise classes for people over 65."]),
        ("Fair pay", ["Publish our gender pay gap every year.", "Pay the Real Living Wage to casual staff."])]
    assert steps(result)[0] == ("Fit a pool hoist at every site.", "Facilities Manager", "June 2027")
    assert steps(result)[3] == ("Publish our gender pay gap every year.", "HR Business Partner", "Annually, March")
    themes = [o.fields.get("title") for o in result.report.items if o.kind == "objective"]
    assert "OUR CUSTOMERS" not in themes and "OUR STAFF" not in themes


def test_a_markdown_plan_numbered_on_three_levels_under_headings_keeps_the_themes_as_notes() -> None:
    from rdflib import Literal
    from rdflib.namespace import DCTERMS

    from eqkg.namespaces import EQ

    text = ("# Riverside Leisure Trust\n\n## 1. Our customers\n\n**1.1 Pools everyone can use**\n\n"
            "1.1.1 Fit a pool hoist at every site. Lead: Facilities Manager. By: June 2027.\n\n"
            "1.1.2 Hold women-only swimming sessions each week. Lead: Aquatics Manager. By: 2026.\n\n"
            "**1.2 Classes for older members**\n\n"
            "1.2.1 Start chair-based exercise classes. Lead: Fitness Manager. By: 2026.\n\n"
            "## 2. Our staff\n\n**2.1 Fair pay**\n\n"
            "2.1.1 Publish our gender pay gap every year. Lead: HR Business Partner. By: March 2027.\n\n"
            "## Monitoring\n\nThe trustees review this plan every year.\n")
    result = reading(text)
    assert [t for t, _ in objectives(result)] == ["Pools everyone can use", "Classes for older members", "Fair pay"]
    assert [len(s) for _, s in objectives(result)] == [2, 1, 1]
    objective = next(result.graph.subjects(DCTERMS.title, Literal("Fair pay")))
    assert "Listed under the heading 'Our staff'." in {str(n) for n in result.graph.objects(objective, EQ.note)}


def test_section_numbers_of_a_report_without_leads_or_dates_are_not_read_as_objectives() -> None:
    text = ("Annual report\n\n1. Introduction\n\n1.1 Purpose\n\n1.1.1 This report sets out our year.\n\n"
            "1.1.2 It covers all our services.\n\n1.2 Scope\n\n1.2.1 It covers the whole county.\n\n"
            "1.2.2 It was written by the policy team.\n")
    assert _outline_blocks(text) is None


def _outline_blocks(text: str):
    from eqkg.ingest.plan_reader import _outline

    return _outline(read_bytes(text.encode("utf-8"), "report.txt").blocks)


# ---------------------------------------------------------------- a grid whose columns are the objectives


def test_a_spreadsheet_grid_with_one_objective_per_column_is_read_down_each_column() -> None:
    text = ("Harbour Ferries Ltd – Equality Objectives 2026-2029,,,\n"
            ",Objective 1,Objective 2,Objective 3\n"
            "Title,Boarding without steps,Staff who reflect our towns,Help in every language\n"
            "What we want to achieve,We will make every ferry step-free.,We will recruit more ethnic minority "
            "crew.,We will help passengers who speak little English.\n"
            "Action 1,Fit boarding ramps on both ferries,Advertise crew jobs in community centres,"
            "Print timetables in Polish and Bengali\n"
            "Action 2,Train deck crew in assisting wheelchair users,,\n"
            "Lead officer,Fleet Engineer,HR Manager,Customer Services Manager\n"
            "Target date,March 2028,December 2026,June 2026\n"
            "Protected characteristics,Disability,Race,Race\n")
    result = reading(text, "objectives.csv")
    assert result.profile == "plan"
    assert objectives(result) == [
        ("Boarding without steps", ["Fit boarding ramps on both ferries",
                                    "Train deck crew in assisting wheelchair users"]),
        ("Staff who reflect our towns", ["Advertise crew jobs in community centres"]),
        ("Help in every language", ["Print timetables in Polish and Bengali"])]
    assert steps(result)[1] == ("Train deck crew in assisting wheelchair users", "Fleet Engineer", "March 2028")
    statements = [i.fields.get("statement") for i in result.report.items if i.kind == "objective"]
    assert statements[0] == "We will make every ferry step-free."


def test_a_grid_whose_first_row_is_keyed_objective_takes_the_titles_from_that_row() -> None:
    text = ("# Equality objectives 2026\n\n"
            "| Objective | Quiet hours in every store | Fair pay for part-time staff |\n|---|---|---|\n"
            "| Action | Dim the lights for an hour each Tuesday | Publish part-time pay rates |\n"
            "| Lead | Store Operations Manager | Reward Manager |\n"
            "| By when | May 2026 | April 2026 |\n")
    result = reading(text)
    assert objectives(result) == [("Quiet hours in every store", ["Dim the lights for an hour each Tuesday"]),
                                  ("Fair pay for part-time staff", ["Publish part-time pay rates"])]
    assert steps(result) == [("Dim the lights for an hour each Tuesday", "Store Operations Manager", "May 2026"),
                             ("Publish part-time pay rates", "Reward Manager", "April 2026")]


# ---------------------------------------------------------------- a progress table: what we said we would do


def test_a_progress_table_reads_what_we_said_we_would_do_as_the_steps_of_the_objective_above_them() -> None:
    text = ("# Annual equality report 2025/26\n\n## Progress on our objectives\n\n"
            "| Objective | What we said we'd do | Progress this year | RAG |\n|---|---|---|---|\n"
            "| Safer streets for women | Light the riverside path | Lights installed in May. | Green |\n"
            "|  | Train door staff to spot harassment | 40 staff trained. | Green |\n"
            "| A council that looks like its county | Publish our ethnicity pay gap | Delayed to next year. | Red |\n")
    result = reading(text)
    assert objectives(result) == [
        ("Safer streets for women", ["Light the riverside path", "Train door staff to spot harassment"]),
        ("A council that looks like its county", ["Publish our ethnicity pay gap"])]
    assert [i.fields.get("status") for i in result.report.items if i.kind == "step"] == ["Green", "Green", "Red"]


# ---------------------------------------------------------------- a shared action table with an objective column


_SHARED = ("# Equality objectives 2026-2030\n\n"
           "## Equality Objective 1 – Clear letters\n\nWe will write to patients in plain English.\n\n"
           "| Action | Lead | Due |\n|---|---|---|\n| Rewrite our appointment letters | Head of Outpatients | 2026 |\n\n"
           "## Equality Objective 2 – Recruit locally\n\nWe will recruit more staff from our poorest wards.\n\n"
           "## Equality Objective 3 – Respect at work\n\nWe will cut bullying reported by disabled staff.\n\n"
           "Objectives 2 and 3 share the actions below.\n\n"
           "| Objective | Action | Lead | Due |\n|---|---|---|---|\n"
           "| 2 | Hold open days at job centres | Recruitment Lead | May 2026 |\n"
           "| 3 | Train every manager in disability awareness | Learning Lead | March 2027 |\n"
           "| 2 and 3 | Publish our workforce data each year | People Director | Annually |\n"
           "| All | Report progress to the Board | Chief Executive | Each quarter |\n\n"
           "## Governance\n\nThe Board reviews progress.\n")


def test_a_shared_action_table_places_each_row_by_its_objective_column_and_a_row_naming_two_goes_to_both() -> None:
    result = reading(_SHARED)
    assert objectives(result) == [
        ("Clear letters", ["Rewrite our appointment letters", "Report progress to the Board"]),
        ("Recruit locally", ["Hold open days at job centres", "Publish our workforce data each year",
                             "Report progress to the Board"]),
        ("Respect at work", ["Train every manager in disability awareness", "Publish our workforce data each year",
                             "Report progress to the Board"])]
    assert ("Train every manager in disability awareness", "Learning Lead", "March 2027") in steps(result)


def test_a_shared_action_table_naming_an_objective_not_read_reports_it_and_places_the_rest() -> None:
    text = _SHARED.replace("| 3 | Train", "| 5 | Train")
    result = reading(text)
    assert [len(s) for _, s in objectives(result)] == [2, 3, 2]
    assert any("objective 5, which was not found" in r for r in result.report.reasons)


# ---------------------------------------------------------------- contents lines with dot leaders


_CONTENTS = ("Moorland Archives Service – Equality Objectives 2026 to 2030\n\nContents\n\n"
             "1. Introduction ............................ 2\n"
             "2. Our equality objectives .................. 3\n"
             "Objective 1: Reading rooms for all ........... 3\n"
             "Objective 2: Records of every community ...... 4\n"
             "3. Monitoring and review ..................... 5\n"
             "4. Contact us ................................ 5\n\n"
             "1. Introduction\n\nWe keep the county's records.\n\n"
             "2. Our equality objectives\n\n"
             "Objective 1: Reading rooms for all\n\nWe will:\n\n- Add a height-adjustable desk to each reading room\n\n"
             "Objective 2: Records of every community\n\nWe will:\n\n- Collect the records of local mosques\n\n"
             "3. Monitoring and review\n\nWe report every year.\n")


def test_contents_lines_with_dot_leaders_and_page_numbers_are_never_steps() -> None:
    assert objectives(reading(_CONTENTS, "plan.txt")) == [
        ("Reading rooms for all", ["Add a height-adjustable desk to each reading room"]),
        ("Records of every community", ["Collect the records of local mosques"])]


def _pdf(lines: list[str]) -> bytes:
    """One page, a line each; lines that start a section ("Objective 1:", "2. ...") in bold."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    y = 800
    for text in lines:
        if not text:
            y -= 6
            continue
        bold = "...." not in text and (text.startswith("Objective") or text[:2] in ("1.", "2.", "3."))
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", 11)
        pdf.drawString(60, y, text)
        y -= 20
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def test_contents_lines_read_from_a_pdf_are_never_steps() -> None:
    result = read_document(read_bytes(_pdf(_CONTENTS.split("\n")), "plan.pdf"))
    assert [s for _, s in objectives(result)] == [["Add a height-adjustable desk to each reading room"],
                                                  ["Collect the records of local mosques"]]


def test_a_numbered_section_line_right_after_a_bulleted_list_in_plain_text_ends_the_objective() -> None:
    text = ("Equality objectives 2026\n\nObjective 1: Step-free entrances\n\nWe will:\n\n"
            "- Ramp the front entrance of the town hall\n- Widen the library doors\n\n"
            "5. Monitoring and review\n\nWe report every year.\n")
    assert objectives(reading(text, "plan.txt")) == [
        ("Step-free entrances", ["Ramp the front entrance of the town hall", "Widen the library doors"])]


def test_semicolon_steps_after_a_separate_lead_in_a_labelled_lead_in_or_in_an_action_cell() -> None:
    text = ("# Equality objectives\n\n## Objective 1: Open parks\n\nWe will make our parks usable by everyone.\n\n"
            "### How we will achieve this\n\nWe will add accessible toilets at three parks; lay firm paths to "
            "every playground.\n\n"
            "## Objective 2: Fair contracts\n\nWe will use our spending to promote equality.\n\n"
            "Our actions: add equality questions to every tender over £50,000; check our top ten suppliers' "
            "pay gaps; and a review of our social value policy.\n\n"
            "## Objective 3: Safe housing\n\n| Action | Lead |\n|---|---|\n"
            "| We will inspect every women's refuge each year; fund a hate crime adviser. | Head of Housing |\n")
    assert objectives(reading(text)) == [
        ("Open parks", ["add accessible toilets at three parks", "lay firm paths to every playground"]),
        ("Fair contracts", ["add equality questions to every tender over £50,000",
                            "check our top ten suppliers' pay gaps", "a review of our social value policy"]),
        ("Safe housing", ["inspect every women's refuge each year", "fund a hate crime adviser"])]
    assert steps(reading(text))[-1] == ("fund a hate crime adviser", "Head of Housing", None)


def test_a_word_multilevel_list_numbered_1_1_1_by_its_markers_is_read_as_an_outline() -> None:
    from eqkg.documents.model import Block, Document, Location

    def item(marker: str, text: str, level: int, n: int) -> Block:
        return Block("item", text, Location(paragraph=n), level=level, marker=marker, ordered=True)

    blocks = [Block("heading", "Equality plan 2026", Location(paragraph=1), level=1),
              item("1.", "Our visitors", 0, 2), item("1.1", "Step-free galleries", 1, 3),
              item("1.1.1", "Install a platform lift. Lead: Estates Manager. By: 2027.", 2, 4),
              item("1.1.2", "Lend wheelchairs at the entrance. Lead: Front of House Manager. By: 2026.", 2, 5),
              item("1.2", "Quiet mornings", 1, 6),
              item("1.2.1", "Open an hour early for autistic visitors. Lead: Visitor Manager. By: 2026.", 2, 7)]
    document = Document(blocks, "docx", "plan.docx", text="\n".join(b.text for b in blocks))
    result = read_document(document)
    assert [(t, len(s)) for t, s in objectives(result)] == [("Step-free galleries", 2), ("Quiet mornings", 1)]
    assert steps(result)[2] == ("Open an hour early for autistic visitors.", "Visitor Manager", "2026")


def test_a_shared_action_table_row_naming_a_range_of_objectives_goes_to_each() -> None:
    text = _SHARED.replace("| 2 and 3 | Publish", "| 1-3 | Publish")
    assert [len(s) for _, s in objectives(reading(text))] == [3, 3, 3]


def test_word_contents_lines_whose_tab_leader_became_a_space_say_nothing_of_the_objective_above_them() -> None:
    data = _word([("Contents", True), ("Objective 1: Clear letters\t3", False),
                  ("Objective 2: Fair pay for women\t4", False), ("Appendix: older people's forum\t6", False),
                  ("Objective 1: Clear letters", True), ("We will write to every patient in plain English.", False),
                  ("Objective 2: Fair pay for women", True), ("We will close our gender pay gap by 2030.", False),
                  ("We will:", False), ("• Publish our gender pay gap every year", False),
                  ("Appendix: older people's forum", True), ("We meet the groups each spring.", False)])
    result = read_document(read_bytes(data, "plan.docx"))
    found = {i.fields["title"]: set(i.fields["characteristics"]) for i in result.report.items if i.kind == "objective"}
    assert found == {"Clear letters": set(), "Fair pay for women": {"sex"}}


def test_an_outline_whose_levels_are_named_theme_objective_and_action_is_read_the_same_way() -> None:
    text = ("# Equality plan 2026-2030\n\n## Theme 1: Our visitors\n\n### Objective 1.1: Step-free galleries\n\n"
            "Action 1.1.1: Install a platform lift. Lead: Estates Manager. By: 2027.\n\n"
            "Action 1.1.2: Lend wheelchairs at the entrance. Lead: Front of House Manager. By: 2026.\n\n"
            "### Objective 1.2: Quiet mornings\n\n"
            "Action 1.2.1: Open an hour early for autistic visitors. Lead: Visitor Manager. By: 2026.\n\n"
            "## Monitoring\n\nThe trustees review the plan.\n")
    result = reading(text)
    assert objectives(result) == [
        ("Step-free galleries", ["Install a platform lift.", "Lend wheelchairs at the entrance."]),
        ("Quiet mornings", ["Open an hour early for autistic visitors."])]
    assert steps(result)[1] == ("Lend wheelchairs at the entrance.", "Front of House Manager", "2026")
    from eqkg.namespaces import EQ

    assert sorted(str(o) for o in result.graph.objects(None, EQ.reference)) == ["1.1.1", "1.1.2", "1.2.1"]


def test_a_grid_with_objective_titles_over_its_columns_and_named_rows_is_read_by_columns() -> None:
    text = ("# Equality objectives 2026\n\n"
            "|  | Quiet hours in every store | Fair pay for part-time staff |\n|---|---|---|\n"
            "| Action 1 | Dim the lights for an hour each Tuesday | Publish part-time pay rates |\n"
            "| Action 2 | Train store staff in autism awareness |  |\n"
            "| Lead | Store Operations Manager | Reward Manager |\n")
    assert objectives(reading(text)) == [
        ("Quiet hours in every store", ["Dim the lights for an hour each Tuesday",
                                        "Train store staff in autism awareness"]),
        ("Fair pay for part-time staff", ["Publish part-time pay rates"])]


def test_a_table_of_figures_under_column_years_is_no_grid() -> None:
    from eqkg.documents.model import Location, Row
    from eqkg.ingest.plan_reader import read_grid

    rows = [Row(("", "2024/25", "2025/26"), Location(row=1)), Row(("Women", "47%", "49%"), Location(row=2)),
            Row(("Actions", "3", "5"), Location(row=3))]
    found: list = []
    assert read_grid(rows, found) is False and found == []


def test_a_progress_table_headed_what_we_said_and_what_we_did_reads_only_what_we_said_as_steps() -> None:
    text = ("# Equality report 2025\n\n| Equality objective | What we said | What we did |\n|---|---|---|\n"
            "| Open libraries | Extend opening hours on Sundays | Done in three branches. |\n"
            "|  | Buy large-print books | 400 bought. |\n")
    assert objectives(reading(text)) == [("Open libraries", ["Extend opening hours on Sundays",
                                                             "Buy large-print books"])]
