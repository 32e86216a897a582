"""Plan layouts a fifth held-out set showed the reader missing, each in our own wording (docs/benchmarks.md).

Every test here failed before the change it names: numbered objective headings with no word "Objective" in a
Word document without heading styles, and under theme headings; a label line whose title is the next
paragraph; one table of actions whose references name the objectives; plain text that a seed layout's cue
claimed; a table cell that is one action with a sub-list.
"""

from __future__ import annotations

import io

from plan_reading_support import objectives, reading, steps
from rdflib import Literal
from rdflib.namespace import DCTERMS

from eqkg.documents import read_bytes
from eqkg.ingest import read_document
from eqkg.namespaces import EQ


def notes_of(result, title: str) -> set[str]:
    objective = next(result.graph.subjects(DCTERMS.title, Literal(title)))
    return {str(n) for n in result.graph.objects(objective, EQ.note)}


def _word(paragraphs: list[tuple[str, bool]], sidebar: str | None = None) -> bytes:
    """A Word document with no heading styles: (text, bold) paragraphs, typed bullets, an optional box."""
    from docx import Document as WordDocument

    doc = WordDocument()
    for n, (text, bold) in enumerate(paragraphs):
        if n == 2 and sidebar:
            doc.add_table(rows=1, cols=1).cell(0, 0).text = sidebar
        doc.add_paragraph().add_run(text).bold = bold
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


_GROUPED = [
    ("Inclusion Strategy 2026-2029", True), ("Brookvale Fire and Rescue Service", False),
    ("Our inclusion objectives", True),
    ("We group our objectives under two headings.", False),
    ("Our Public", True),
    ("1. Reach every home that needs a safety visit", True), ("We will:", False),
    ("• Offer safety visits in the ten most spoken community languages", False),
    ("• Fit vibrating smoke alarms for Deaf residents", False),
    ("2. Prevent fires in older people's homes", True), ("We will:", False),
    ("• Share referrals with adult social care every week", False),
    ("Our Workforce", True),
    ("3. Recruit more women as firefighters", True), ("We will:", False),
    ("• Run taster days for women at every station", False),
    ("Monitoring", True), ("The Inclusion Board reviews progress twice a year.", False),
]


def test_numbered_bold_paragraphs_in_a_word_document_without_heading_styles_are_objectives() -> None:
    data = _word(_GROUPED, sidebar="From the Chief Fire Officer: we serve everyone. – Chief Fire Officer")
    result = read_document(read_bytes(data, "strategy.docx"))
    assert result.profile == "plan"
    assert objectives(result) == [
        ("Reach every home that needs a safety visit", [
            "Offer safety visits in the ten most spoken community languages",
            "Fit vibrating smoke alarms for Deaf residents"]),
        ("Prevent fires in older people's homes", ["Share referrals with adult social care every week"]),
        ("Recruit more women as firefighters", ["Run taster days for women at every station"])]
    assert notes_of(result, "Recruit more women as firefighters") == {"Listed under the heading 'Our Workforce'."}


def test_numbered_headings_under_theme_headings_are_the_objectives_not_the_themes() -> None:
    html = ("<html><body><h1>Brookvale Fire and Rescue Service – Inclusion Strategy</h1>"
            "<h2>Our inclusion objectives</h2><p>We group our objectives under two headings.</p>"
            "<h3>Our Public</h3>"
            "<h4>1. Reach every home that needs a safety visit<sup>[1]</sup></h4><p>We will:</p>"
            "<ul><li>Offer safety visits in the ten most spoken community languages</li></ul>"
            "<h4>2. Prevent fires in older people's homes</h4><p>We will:</p>"
            "<ul><li>Share referrals with adult social care every week</li></ul>"
            "<h3>Our Workforce</h3>"
            "<h4>3. Recruit more women as firefighters</h4><p>We will:</p>"
            "<ul><li>Run taster days for women at every station</li></ul>"
            "<h2>Monitoring</h2><p>The Inclusion Board reviews progress twice a year.</p></body></html>")
    result = read_document(read_bytes(html.encode(), "strategy.html"))
    assert objectives(result) == [
        ("Reach every home that needs a safety visit", [
            "Offer safety visits in the ten most spoken community languages"]),
        ("Prevent fires in older people's homes", ["Share referrals with adult social care every week"]),
        ("Recruit more women as firefighters", ["Run taster days for women at every station"])]
    assert notes_of(result, "Prevent fires in older people's homes") == {"Listed under the heading 'Our Public'."}


def test_a_flat_word_plan_whose_numbered_objectives_are_followed_by_an_action_table_by_reference() -> None:
    from docx import Document as WordDocument

    doc = WordDocument()
    for text, bold in [("Equality Objectives 2026-2030", True), ("Our objectives", True),
                       ("1. Accessible stations", True), ("We will make every station step-free.", False),
                       ("2. Fair recruitment", True), ("We will hire from every community we serve.", False),
                       ("Action plan", True), ("Each action is numbered by its objective.", False)]:
        doc.add_paragraph().add_run(text).bold = bold
    table = doc.add_table(rows=4, cols=4)
    for r, row in enumerate([("Ref", "Action", "Owner", "Timescale"),
                             ("1.1", "Install lifts at the three busiest stations", "Head of Estates", "2027/28"),
                             ("2.1", "Publish recruitment data by ethnicity and disability", "Head of HR", "Year 1"),
                             ("2.2", "Use anonymised shortlisting for every post", "Head of HR", "Mar-27")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    doc.save(out)
    result = read_document(read_bytes(out.getvalue(), "objectives.docx"))
    assert objectives(result) == [
        ("Accessible stations", ["Install lifts at the three busiest stations"]),
        ("Fair recruitment", ["Publish recruitment data by ethnicity and disability",
                              "Use anonymised shortlisting for every post"])]
    assert steps(result)[2] == ("Use anonymised shortlisting for every post", "Head of HR", "Mar-27")


def test_an_action_table_whose_references_name_the_objectives_gives_each_objective_its_rows() -> None:
    text = ("# Equality Objectives 2026-2030\n\n## Our objectives\n\n### 1. Accessible stations\n\n"
            "We will make every station step-free.\n\n### 2. Fair recruitment\n\n"
            "We will hire from every community we serve.\n\n## Delivery plan\n\n"
            "| Ref | Action | Owner | Timescale |\n|---|---|---|---|\n"
            "| EO1.1 | Install lifts at the three busiest stations | Head of Estates | 2027/28 |\n"
            "| EO2.1 | Publish recruitment data by ethnicity and disability | Head of HR | Year 1 |\n"
            "| EO1.2 | Add tactile paving to every platform edge | Head of Estates | 2028/29 |\n")
    result = reading(text)
    assert objectives(result) == [
        ("Accessible stations", ["Install lifts at the three busiest stations",
                                 "Add tactile paving to every platform edge"]),
        ("Fair recruitment", ["Publish recruitment data by ethnicity and disability"])]
    assert steps(result)[0] == ("Install lifts at the three busiest stations", "Head of Estates", "2027/28")


def test_an_action_table_with_a_reference_to_an_objective_not_read_is_not_placed() -> None:
    text = ("# Equality Objectives 2026-2030\n\n## Our objectives\n\n### 1. Accessible stations\n\n"
            "We will make every station step-free.\n\n### 2. Fair recruitment\n\n"
            "We will hire from every community we serve.\n\n## Delivery plan\n\n"
            "| Ref | Action | Owner | Timescale |\n|---|---|---|---|\n"
            "| 1.1 | Install lifts at the three busiest stations | Head of Estates | 2027/28 |\n"
            "| 7.1 | Publish recruitment data by ethnicity and disability | Head of HR | Year 1 |\n")
    assert objectives(reading(text)) == [("Accessible stations", []), ("Fair recruitment", [])]


def test_a_label_line_with_a_bracketed_area_takes_its_title_from_the_next_bold_paragraph() -> None:
    html = ("<html><body><h1>Riverbend Community Health Trust – Equality Objectives</h1>"
            "<h2>Our objectives</h2><p>Each objective is linked to one area of our framework.</p>"
            "<h3>Objective 1 (Area A: Services we commission and provide)</h3>"
            "<p><strong>Shorten waiting times for interpreters at our clinics</strong></p>"
            "<table><tr><th>Action</th><th>Lead</th><th>By when</th></tr>"
            "<tr><td>Book interpreters when the referral arrives</td><td>Clinic Manager</td><td>Mar-27</td></tr>"
            "</table>"
            "<h3>Objective 2 (Area A: Services we commission and provide)</h3>"
            "<p><strong>Give wheelchair users a choice of appointment times</strong></p>"
            "<table><tr><th>Action</th><th>Lead</th><th>By when</th></tr>"
            "<tr><td>Mark accessible rooms in the booking system</td><td>Estates Lead</td><td>Dec-26</td></tr>"
            "</table></body></html>")
    result = read_document(read_bytes(html.encode(), "objectives.html"))
    assert objectives(result) == [
        ("Shorten waiting times for interpreters at our clinics", ["Book interpreters when the referral arrives"]),
        ("Give wheelchair users a choice of appointment times", ["Mark accessible rooms in the booking system"])]
    assert notes_of(result, "Give wheelchair users a choice of appointment times") == {
        "Area A: Services we commission and provide"}
    text = ("# Equality Objectives\n\n## Objective 1 (Area B: Our workforce) – Close the disability pay gap\n\n"
            "- Publish the disability pay gap each year\n")
    assert objectives(reading(text)) == [("Close the disability pay gap", ["Publish the disability pay gap each year"])]


_SCHOOL_PLAN = """Equality information and objectives – Hillcrest Schools Partnership

Contents

1.\tOur aims
2.\tThe law
3.\tOur equality objectives
4.\tMonitoring and review

1. Our aims

We want every pupil to do well whatever their background, and we publish this plan so parents can hold us to it.

2. The law

This plan meets the duties of the Equality Act 2010 for schools and the specific duties that come with it.

3. Our equality objectives

Objective 1: To narrow the reading gap for pupils who speak English as an additional language

To achieve this objective we plan to:

\u2022\tGive new arrivals a reading buddy in their first term
\u2022\tBuy dual-language books for every class library

Lead: Head of English. Timescale: 2026–2028.

Objective 2: To make school trips affordable for every family

To achieve this objective we plan to:

\u2022\tCap the cost of every residential trip

Lead: Business Manager. Timescale: 2026–2027.

4. Monitoring and review

The governors will review this plan every year. Contact the school office for a copy in large print.
"""


def test_plain_text_objective_lines_after_a_numbered_contents_list_are_read() -> None:
    result = reading(_SCHOOL_PLAN, "equality.txt")
    assert result.profile == "plan"
    assert objectives(result) == [
        ("To narrow the reading gap for pupils who speak English as an additional language", [
            "Give new arrivals a reading buddy in their first term", "Buy dual-language books for every class library"]),
        ("To make school trips affordable for every family", ["Cap the cost of every residential trip"])]
    assert steps(result)[2] == ("Cap the cost of every residential trip", "Business Manager", "2026–2027")


def test_a_table_cell_of_sentences_ending_in_a_short_sub_list_is_one_step() -> None:
    text = ("# Equality Outcomes 2026-2030\n\n## Outcome 1: Fair access to jobs\n\n"
            "| What we will do | Lead | By |\n|---|---|---|\n"
            "| Pay travel costs for disabled candidates invited to interview. The scheme covers every route "
            "into the council, such as:<br>• supported internships<br>• work placements<br>• graduate posts "
            "| Head of Recruitment | 2027/28 |\n"
            "| We will:<br>• Advertise every post on community radio<br>• Publish vacancies in Easy Read "
            "| Head of Recruitment | Year 1 |\n")
    assert steps(reading(text)) == [
        ("Pay travel costs for disabled candidates invited to interview. The scheme covers every route into the "
         "council, such as supported internships, work placements and graduate posts", "Head of Recruitment", "2027/28"),
        ("Advertise every post on community radio", "Head of Recruitment", "Year 1"),
        ("Publish vacancies in Easy Read", "Head of Recruitment", "Year 1")]
    csv_text = ("Objective,Action,Lead,Target date\n"
                "Fair access to jobs,\"Train every shortlisting panel in reasonable adjustments. Panels will "
                "practise with real cases in two sessions:\n• a half-day workshop\n• a follow-up clinic\","
                "Head of HR,Sep-27\n")
    result = read_document(read_bytes(csv_text.encode(), "plan.csv"))
    assert steps(result) == [
        ("Train every shortlisting panel in reasonable adjustments. Panels will practise with real cases in two "
         "sessions: a half-day workshop and a follow-up clinic", "Head of HR", "Sep-27")]


def test_word_numbered_bold_objectives_under_a_bold_objectives_paragraph_without_heading_styles() -> None:
    from docx import Document as WordDocument

    doc = WordDocument()
    for text, bold, style in [("Equality Plan 2026-2029", True, None), ("Northdale Council", False, None),
                              ("Our equality objectives", True, None),
                              ("Safer streets for everyone", True, "List Number"), ("We will:", False, None),
                              ("Light every underpass", False, "List Bullet"),
                              ("Fair pay", True, "List Number"), ("We will:", False, None),
                              ("Publish our pay gaps", False, "List Bullet"),
                              ("Monitoring", True, None), ("We report every year.", False, None)]:
        doc.add_paragraph(style=style).add_run(text).bold = bold
    out = io.BytesIO()
    doc.save(out)
    result = read_document(read_bytes(out.getvalue(), "plan.docx"))
    assert result.profile == "plan"
    assert objectives(result) == [("Safer streets for everyone", ["Light every underpass"]),
                                  ("Fair pay", ["Publish our pay gaps"])]


def _word_text_box(paragraphs: list[str]):
    """A Word text box (DrawingML, with the VML copy Word writes beside it) holding these paragraphs."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    inner = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in paragraphs)
    return parse_xml(
        f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
        f'<w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>'
        f'<w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r>')


def test_a_word_text_box_anchored_in_the_objectives_heading_is_read_apart_once() -> None:
    from docx import Document as WordDocument

    doc = WordDocument()
    doc.add_heading("Equality Plan 2026-2029", 1)
    heading = doc.add_heading("Our equality objectives", 2)
    heading._p.append(_word_text_box(["A word from our Chief Executive", "Fairness is everyone's job."]))
    doc.add_heading("1. Safer streets for everyone", 3)
    doc.add_paragraph("We will:")._p.append(_word_text_box(["Did you know?", "One in five of us is disabled."]))
    doc.add_paragraph("Light every underpass", style="List Bullet")
    doc.add_heading("2. Fair pay", 3)
    doc.add_paragraph("We will:")
    doc.add_paragraph("Publish our pay gaps", style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    document = read_bytes(out.getvalue(), "plan.docx")
    assert [(b.kind, b.text, b.location.render()) for b in document.blocks[1:4]] == [
        ("paragraph", "A word from our Chief Executive", "paragraph 2"),
        ("paragraph", "Fairness is everyone's job.", "paragraph 2"),
        ("heading", "Our equality objectives", "paragraph 2")]
    assert sum(b.text == "Did you know?" for b in document.blocks) == 1
    result = read_document(document)
    assert result.profile == "plan"
    assert objectives(result) == [("Safer streets for everyone", ["Light every underpass"]),
                                  ("Fair pay", ["Publish our pay gaps"])]


def test_an_odt_frame_anchored_in_a_heading_is_read_apart() -> None:
    from odf.draw import Frame, TextBox
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P

    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text="Equality Plan 2026-2029"))
    heading = H(outlinelevel=2, text="Our equality objectives")
    frame = Frame(width="7cm", anchortype="paragraph", name="Sidebar1")
    box = TextBox()
    box.addElement(P(text="A word from our Chief Executive"))
    frame.addElement(box)
    heading.addElement(frame)
    doc.text.addElement(heading)
    for number, title, step in ((1, "Safer streets for everyone", "Light every underpass"),
                                (2, "Fair pay", "Publish our pay gaps")):
        doc.text.addElement(H(outlinelevel=3, text=f"{number}. {title}"))
        doc.text.addElement(P(text="We will:"))
        bullets = List()
        item = ListItem()
        item.addElement(P(text=step))
        bullets.addElement(item)
        doc.text.addElement(bullets)
    out = io.BytesIO()
    doc.write(out)
    document = read_bytes(out.getvalue(), "plan.odt")
    assert [(b.kind, b.text) for b in document.blocks[1:3]] == [
        ("paragraph", "A word from our Chief Executive"), ("heading", "Our equality objectives")]
    assert objectives(read_document(document)) == [("Safer streets for everyone", ["Light every underpass"]),
                                                   ("Fair pay", ["Publish our pay gaps"])]


def test_objective_lines_in_a_contents_list_with_page_numbers_do_not_give_the_titles() -> None:
    text = ("Equality objectives 2026 – Hillcrest Schools\n\nContents\n\n"
            "Objective 1: Narrow the reading gap ........ 3\nObjective 2: Affordable school trips\t4\n\n"
            "Objective 1: Narrow the reading gap\n\nWe will:\n\n- Give new arrivals a reading buddy\n\n"
            "Objective 2: Affordable school trips\n\nWe will:\n\n- Cap the cost of residential trips\n")
    assert objectives(reading(text, "objectives.txt")) == [
        ("Narrow the reading gap", ["Give new arrivals a reading buddy"]),
        ("Affordable school trips", ["Cap the cost of residential trips"])]


def test_an_action_table_whose_objective_column_holds_only_numbers_joins_the_objectives_read_above() -> None:
    text = ("# Equality Objectives 2026-2030\n\n## Our objectives\n\n1. Accessible stations\n2. Fair recruitment\n\n"
            "## Action plan\n\n| Obj. | Action | Lead | By when |\n|---|---|---|---|\n"
            "| 1 | Install lifts at the busiest stations | Head of Estates | 2027 |\n"
            "| 1 | Add tactile paving to every platform | Head of Estates | 2028 |\n"
            "| 2 | Publish recruitment data by ethnicity | Head of HR | 2026 |\n"
            "| 3 | Survey passengers about their journeys | Head of Insight | 2026 |\n")
    result = reading(text)
    assert objectives(result) == [
        ("Accessible stations", ["Install lifts at the busiest stations", "Add tactile paving to every platform"]),
        ("Fair recruitment", ["Publish recruitment data by ethnicity"])]
    assert any("objective 3, which was not found" in r for r in result.report.reasons)


def test_a_list_item_ending_in_a_short_sub_list_is_one_step_and_a_lead_in_item_still_lists_its_steps() -> None:
    text = ("# Equality Outcomes\n\n## Outcome 1: Fair access to jobs\n\nWhat we will do:\n\n"
            "- Pay travel costs for disabled candidates invited to interview. The scheme covers every route "
            "into the council, such as:\n  - supported internships\n  - graduate posts\n"
            "- Publish our disability pay gap every year\n"
            "- We will:\n  - Run a careers fair\n  - Mentor new starters\n")
    assert objectives(reading(text)) == [("Fair access to jobs", [
        "Pay travel costs for disabled candidates invited to interview. The scheme covers every route into the "
        "council, such as supported internships and graduate posts",
        "Publish our disability pay gap every year", "Run a careers fair", "Mentor new starters"])]


def test_a_bold_numbered_paragraph_that_carries_its_statement_is_an_objective() -> None:
    data = _word([("Equality Objectives 2026-2030", True), ("Our objectives", True),
                  ("1. Accessible stations. We will make every one of our forty stations step-free so that "
                   "wheelchair users and parents with buggies can travel.", True),
                  ("We will:", False), ("• Install lifts at the busiest stations", False),
                  ("2. Fair recruitment. We will hire from every community we serve and report on it each year "
                   "to the board.", True),
                  ("We will:", False), ("• Publish recruitment data", False), ("Contact us", True),
                  ("Email the equality team.", False)])
    result = read_document(read_bytes(data, "objectives.docx"))
    assert objectives(result) == [("Accessible stations", ["Install lifts at the busiest stations"]),
                                  ("Fair recruitment", ["Publish recruitment data"])]
    assert [i.fields["statement"] for i in result.report.items if i.kind == "objective"][1] == (
        "We will hire from every community we serve and report on it each year to the board.")


def test_theme_headings_at_the_level_of_the_objectives_heading_still_group_the_numbered_objectives() -> None:
    text = ("# Brookvale Fire and Rescue Service – Inclusion Strategy\n\n## Our inclusion objectives\n\n"
            "We group our objectives under two headings.\n\n## Our Public\n\n"
            "### 1. Reach every home that needs a safety visit\n\nWe will:\n\n- Offer safety visits in ten languages\n\n"
            "### 2. Prevent fires in older people's homes\n\n- Share referrals with adult social care\n\n"
            "## Our Workforce\n\n### 3. Recruit more women as firefighters\n\n- Run taster days for women\n\n"
            "## Monitoring\n\nThe Inclusion Board reviews progress twice a year.\n")
    result = reading(text)
    assert objectives(result) == [
        ("Reach every home that needs a safety visit", ["Offer safety visits in ten languages"]),
        ("Prevent fires in older people's homes", ["Share referrals with adult social care"]),
        ("Recruit more women as firefighters", ["Run taster days for women"])]
    assert notes_of(result, "Recruit more women as firefighters") == {"Listed under the heading 'Our Workforce'."}


def test_a_label_followed_by_its_framework_area_takes_its_title_from_the_bold_line_below() -> None:
    text = ("# Riverbend Community Health Trust – Equality Objectives\n\n"
            "## Objective 1 – Domain 1: Services we commission and provide\n\n"
            "**Shorten waiting times for interpreters at our clinics**\n\n"
            "- Book interpreters when the referral arrives\n\n"
            "## Objective 2 – Domain 2: Looking after our people\n\n"
            "**Colleagues feel safe to report abuse**\n\n**We will:**\n\n- Launch a reporting route\n")
    result = reading(text)
    assert objectives(result) == [
        ("Shorten waiting times for interpreters at our clinics", ["Book interpreters when the referral arrives"]),
        ("Colleagues feel safe to report abuse", ["Launch a reporting route"])]
    assert notes_of(result, "Colleagues feel safe to report abuse") == {
        "Domain 2: Looking after our people"}
    document = read_bytes(b"Intro.\n\n**Our equality objectives**\n\nSome *mixed* **bold** words.\n", "plan.md")
    assert [b.strong for b in document.blocks] == [False, True, False]
