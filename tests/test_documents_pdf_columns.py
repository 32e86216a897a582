"""PDF layouts (eqkg.documents.formats.pdf): two columns read in order, not line across; numbered headings.

The PDFs are made here with reportlab (a test extra, as for the corpus): a plan
written for this test, with a full-width title over two columns that the text
flows down, from the left column to the right and on to a second page. A naive
extractor joins each left line to the right line beside it; the reader must
give every objective and step whole. A table laid out without rules, whose
columns differ in width, stays read line across.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Table,
)

from eqkg.documents import read_path
from eqkg.ingest import read_document

INTRO = ("This plan sets out what the council will do over the next four years to make its services fairer for the "
         "people who use them and for the people who work here. It was written after listening events in each of "
         "the valley's towns, a survey of residents and a review of what our own figures say about who uses our "
         "services and who does not.")

OBJECTIVES = [
    ("Make council buildings and services easier to reach for disabled people",
     ["Carry out an access audit of every customer contact centre in the borough",
      "Offer British Sign Language video calls on all council phone lines",
      "Publish easy read versions of the most used council forms and letters"]),
    ("Build a workforce that reflects the communities of the valley",
     ["Publish our ethnicity and disability pay gaps alongside the gender pay gap every year",
      "Run a mentoring scheme for staff from ethnic minority backgrounds who want to progress",
      "Guarantee an interview to disabled applicants who meet the essential criteria"]),
    ("Help older residents stay connected and independent",
     ["Train library staff to help older people get online with confidence",
      "Fund community transport routes to the two market towns on market days",
      "Work with the health board to widen the handyperson service for people over seventy"]),
    ("Tackle hate crime against lesbian, gay, bisexual and trans people",
     ["Open third party reporting centres in each of the four towns of the valley",
      "Train housing officers to recognise and respond to homophobic and transphobic harassment"]),
    ("Support pregnant staff and new parents to stay in work",
     ["Give every pregnant employee a named contact in human resources",
      "Provide a private room for breastfeeding or expressing milk in each main office",
      "Offer a phased return to work after maternity, adoption or shared parental leave"]),
    ("Make sure residents of every faith and none feel welcome at council events",
     ["Check the dates of major religious festivals before fixing public consultation events",
      "Provide food that meets common dietary requirements at every event the council runs"]),
    ("Give young people a say in the services that affect them",
     ["Set up a youth panel that meets every term with the cabinet member for children",
      "Pay young people for their time when they help us design services",
      "Publish what changed as a result of what young people told us"]),
    ("Improve how we collect and use equality information",
     ["Ask every new customer the same equality monitoring questions, with a choice not to answer",
      "Report the results of our monitoring to cabinet every year, broken down by service",
      "Train managers to read and use equality data when they plan changes to services"]),
    ("Make our housing allocations fair for every group",
     ["Review the allocations policy with tenants who have lived experience of homelessness",
      "Check whether families from ethnic minority backgrounds wait longer for larger homes",
      "Offer adapted homes first to households with a disabled member who need them"]),
]


def two_column_plan(path: Path) -> None:
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=12, leading=16)
    title_style = ParagraphStyle("title", parent=styles["Heading1"], fontSize=18)
    heading = ParagraphStyle("objective", parent=styles["Heading2"], fontSize=14)
    width, height = A4
    margin, gap = 20 * mm, 10 * mm
    column = (width - 2 * margin - gap) / 2
    top = 30 * mm
    first = [Frame(margin, height - margin - top, width - 2 * margin, top, id="title"),
             Frame(margin, margin, column, height - 2 * margin - top, id="left"),
             Frame(margin + column + gap, margin, column, height - 2 * margin - top, id="right")]
    rest = [Frame(margin, margin, column, height - 2 * margin, id="left2"),
            Frame(margin + column + gap, margin, column, height - 2 * margin, id="right2")]
    doc = BaseDocTemplate(str(path), pagesize=A4, title="Equality objectives")
    doc.addPageTemplates([PageTemplate("first", first, autoNextPageTemplate="rest"), PageTemplate("rest", rest)])
    story = [Paragraph("Larkspur Valley Council Equality Objectives 2025 to 2029", title_style), FrameBreak(),
             Paragraph("Organisation: Larkspur Valley Council", body), Paragraph(INTRO, body)]
    for n, (title, steps) in enumerate(OBJECTIVES, start=1):
        story += [Paragraph(f"Objective {n}: {title}", heading), Paragraph("To achieve this we will:", body),
                  ListFlowable([ListItem(Paragraph(s, body)) for s in steps], bulletType="bullet", start="\u2022")]
    doc.build(story)


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("columns") / "larkspur-valley-equality-objectives.pdf"
    two_column_plan(path)
    return path


def test_the_fixture_is_really_two_columns_read_line_across_by_a_naive_extractor(plan_pdf: Path) -> None:
    with pdfplumber.open(plan_pdf) as pdf:
        assert len(pdf.pages) == 2
        lines = [line["text"] for page in pdf.pages for line in page.extract_text_lines()]
    # a left-column line and a right-column line come out as one
    assert any(line.startswith("Organisation: Larkspur Valley Council") and len(line) > 40 for line in lines)


def test_a_two_column_plan_is_read_column_by_column(plan_pdf: Path) -> None:
    document = read_path(plan_pdf)
    result = read_document(document)
    assert result.profile == "plan"
    found: list[tuple[str, list[str]]] = []
    for item in result.report.items:
        if item.kind == "objective":
            found.append((item.text, []))
        elif item.kind == "step":
            found[-1][1].append(item.text)
    assert found == [(title, steps) for title, steps in OBJECTIVES]
    paragraphs = [b.text for b in document.blocks if b.kind == "paragraph"]
    assert INTRO in paragraphs  # one paragraph, although it runs down the left column into the right


def test_a_table_without_rules_is_not_taken_for_columns(tmp_path: Path) -> None:
    path = tmp_path / "actions.pdf"
    rows = [["Action", "Lead", "Target date"]] + [
        [f"Provide a quiet room for prayer and reflection at site {n} with a booking system", "Head of Estates",
         f"March 202{n % 3 + 5}"] for n in range(1, 9)]
    styles = getSampleStyleSheet()
    cells = [[Paragraph(c, styles["BodyText"]) for c in row] for row in rows]
    SimpleDocTemplate(str(path), pagesize=A4).build([Table(cells, colWidths=[95 * mm, 45 * mm, 30 * mm])])
    texts = [b.text for b in read_path(path).blocks]
    assert any("Head of Estates March 2026" in t for t in texts)  # lead and date of one row stay on one line


def test_a_numbered_line_set_larger_than_the_text_is_a_heading(tmp_path: Path) -> None:
    """As "## 1. Safer streets" in markdown or an <h3> on a web page: a heading, not a list item."""
    path = tmp_path / "numbered-headings.pdf"
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=13)
    big = ParagraphStyle("big", parent=styles["Heading3"], fontSize=12.5)
    story = []
    for n, (title, aim) in enumerate([("Safer streets", "Our aim is that people feel safe in the town centre."),
                                      ("Fair recruitment", "Our aim is a workforce that reflects the county.")],
                                     start=1):
        story += [Paragraph(f"{n}. {title}", big), Paragraph(aim, body),
                  Paragraph("1. a numbered line at body size stays a list item", body)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    blocks = [(b.kind, b.text) for b in read_path(path).blocks]
    assert blocks == [
        ("heading", "1. Safer streets"), ("paragraph", "Our aim is that people feel safe in the town centre."),
        ("item", "a numbered line at body size stays a list item"),
        ("heading", "2. Fair recruitment"), ("paragraph", "Our aim is a workforce that reflects the county."),
        ("item", "a numbered line at body size stays a list item"),
    ]


def test_a_full_width_table_between_two_column_parts_keeps_its_place(tmp_path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    path = tmp_path / "columns-table-columns.pdf"
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=13)
    heading = ParagraphStyle("objective", parent=styles["Heading2"], fontSize=13)
    width, height = A4
    margin, gap = 20 * mm, 10 * mm
    column = (width - 2 * margin - gap) / 2
    third = (height - 2 * margin) / 3
    frames = [Frame(margin, margin + 2 * third, column, third, id="top-left"),
              Frame(margin + column + gap, margin + 2 * third, column, third, id="top-right"),
              Frame(margin, margin + third, width - 2 * margin, third, id="middle"),
              Frame(margin, margin, column, third, id="bottom-left"),
              Frame(margin + column + gap, margin, column, third, id="bottom-right")]
    doc = BaseDocTemplate(str(path), pagesize=A4)
    doc.addPageTemplates([PageTemplate("page", frames)])
    story = []
    texts = {
        1: ("Listen to disabled residents", ["Hold an accessible listening event in every ward each year",
                                              "Pay disabled residents for their time on our access panel"]),
        2: ("Fair pay for everyone", ["Publish our pay gaps by sex, ethnicity and disability each spring",
                                      "Close the gap in starting salaries offered to women engineers"]),
        3: ("Safe homes for older tenants", ["Fit grab rails and better lighting in all sheltered housing blocks",
                                             "Check on tenants over eighty living alone every winter"]),
        4: ("Welcome for every faith", ["Keep a quiet room free for prayer in the civic centre",
                                        "Avoid religious festivals when we set consultation dates"]),
    }
    for n in (1, 2):
        title, steps = texts[n]
        story += [Paragraph(f"Objective {n}: {title}", heading),
                  ListFlowable([ListItem(Paragraph(s, body)) for s in steps], bulletType="bullet", start="\u2022"),
                  FrameBreak()]
    table = Table([["Measure", "Baseline", "Target"], ["Residents satisfied with access", "54%", "70%"],
                   ["Gender pay gap", "9.1%", "5%"]], colWidths=[90 * mm, 40 * mm, 40 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story += [table, FrameBreak()]
    for n in (3, 4):
        title, steps = texts[n]
        story += [Paragraph(f"Objective {n}: {title}", heading),
                  ListFlowable([ListItem(Paragraph(s, body)) for s in steps], bulletType="bullet", start="\u2022")]
        if n == 3:
            story.append(FrameBreak())
    doc.build(story)
    blocks = read_path(path).blocks
    order = [b.text.split(":")[0] if b.kind == "heading" else "table" for b in blocks if b.kind in ("heading", "table")]
    assert order == ["Objective 1", "Objective 2", "table", "Objective 3", "Objective 4"]
    items = [b.text for b in blocks if b.kind == "item"]
    assert items == [s for n in (1, 2, 3, 4) for s in texts[n][1]]
