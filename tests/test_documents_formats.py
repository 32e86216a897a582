"""Each format module reads the same small plan into the same blocks; format-specific details are kept."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest

from eqkg.documents import read_bytes, read_path
from eqkg.documents.model import Block

_SPEC = importlib.util.spec_from_file_location(
    "documents_samples", Path(__file__).parent / "fixtures" / "documents" / "samples.py")
samples = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(samples)

TABLE = (("Action", "Lead", "Due"), ("Audit the website", "Digital team", "March 2025"),
         ("Staff training", "HR", "June 2025"))
EXPECTED = [
    ("heading", "Objective 1: Inclusive services", 1, False, (), False),
    ("paragraph", "We will make our services accessible to everyone who lives in the county.", 0, False, (),
     False),
    ("item", "Review the website against the accessibility standard", 0, True, (), False),
    ("item", "Train frontline staff in disability awareness", 0, True, (), False),
    ("item", "Include British Sign Language basics", 1, False, (), False),
    ("item", "Publish an annual report on progress", 0, True, (), False),
    ("table", "", 0, False, TABLE, True),
]


def shape(blocks: list[Block]) -> list[tuple]:
    """What must agree across formats: kind, text, level, ordered, table cells, header (not locations)."""
    return [(b.kind, b.text, b.level, b.ordered, tuple(r.cells for r in b.rows), b.header) for b in blocks]


WRITERS = {
    "md": samples.to_md,
    "txt": samples.to_md,  # the markdown source read as plain text
    "html": samples.to_html,
    "docx": samples.to_docx,
    "odt": samples.to_odt,
    "pdf": lambda: samples.to_pdf(footer=False),
}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_gives_the_same_blocks(fmt: str) -> None:
    document = read_bytes(WRITERS[fmt](), f"plan.{fmt}")
    assert document.format == fmt
    assert shape(document.blocks) == EXPECTED


def test_locations_follow_each_format() -> None:
    where = {fmt: [b.location.render() for b in read_bytes(write(), f"plan.{fmt}").blocks]
             for fmt, write in WRITERS.items()}
    assert where["md"] == ["line 1", "line 3", "line 5", "line 6", "line 7", "line 8", "line 10"]
    assert where["docx"] == ["paragraph 1", "paragraph 2", "paragraph 3", "paragraph 4", "paragraph 5",
                             "paragraph 6", "table 1"]
    assert where["odt"] == where["docx"]
    assert where["pdf"] == ["page 1, line 1", "page 1, line 2", "page 1, line 3", "page 1, line 4",
                            "page 1, line 5", "page 1, line 6", "page 1, table 1"]
    assert where["html"][0] == "line 4" and where["html"][-1] == "line 13, table 1"
    table = read_bytes(samples.to_docx(), "plan.docx").tables()[0]
    assert [r.location.render() for r in table.rows] == ["table 1, row 1", "table 1, row 2", "table 1, row 3"]


def test_titles_come_from_metadata() -> None:
    titles = {fmt: read_bytes(write(), f"plan.{fmt}").title for fmt, write in WRITERS.items()}
    assert titles == {"md": None, "txt": None, "html": "Inclusive services plan",
                      "docx": "Inclusive services plan", "odt": "Inclusive services plan",
                      "pdf": "Inclusive services plan"}


def test_markers_are_as_written() -> None:
    markers = {fmt: [b.marker for b in read_bytes(write(), f"plan.{fmt}").blocks if b.kind == "item"]
               for fmt, write in WRITERS.items()}
    assert markers["md"] == markers["txt"] == ["1.", "2.", "-", "3."]
    for fmt in ("docx", "odt", "html", "pdf"):
        assert markers[fmt] == ["1.", "2.", "•", "3."], fmt


def test_txt_text_is_the_decoded_source_and_lines_are_blocks() -> None:
    source = ("\ufeffEQUALITY PLAN 2024\r\n\r\n## Objective 1: Fair services\r\nIntro line\r\n"
              "  a) first\r\n     (i) deeper\r\n  b) second\r\n\u2022 dot\r\no letter o\r\n"
              "Title\r\n=====\r\nLead\tDue\r\nHR\t2025\r\n")
    document = read_bytes(source.encode("utf-8"), "plan.txt")
    assert document.text == source[1:]
    assert [(b.kind, b.text, b.level, b.marker, b.ordered, b.location.line) for b in document.blocks] == [
        ("heading", "EQUALITY PLAN 2024", 1, "", False, 1),
        ("heading", "Objective 1: Fair services", 2, "", False, 3),
        ("paragraph", "Intro line", 0, "", False, 4),
        ("item", "first", 0, "a)", True, 5),
        ("item", "deeper", 1, "(i)", True, 6),
        ("item", "second", 0, "b)", True, 7),
        ("item", "dot", 0, "\u2022", False, 8),
        ("item", "letter o", 0, "o", False, 9),
        ("heading", "Title", 1, "", False, 10),
        ("table", "", 0, "", False, 12),
    ]
    assert document.blocks[-1].rows[1].cells == ("HR", "2025")
    assert document.blocks[-1].header is True  # the first row is short labels


def test_list_markers() -> None:
    lines = ["1. one", "2) two", "(3) three", "a) four", "(b) five", "c. six", "iv. seven", "(ii) eight",
             "- nine", "* ten", "\u2022 eleven", "\u00b7 twelve", "o thirteen", "\u2013 fourteen",
             "A. Smith attended", "e.g. an example", "2020. A year", "Objective 1: x"]
    blocks = read_bytes("\n".join(lines).encode(), "plan.txt").blocks
    assert [(b.kind, b.marker, b.ordered) for b in blocks] == [
        ("item", "1.", True), ("item", "2)", True), ("item", "(3)", True), ("item", "a)", True),
        ("item", "(b)", True), ("item", "c.", True), ("item", "iv.", True), ("item", "(ii)", True),
        ("item", "-", False), ("item", "*", False), ("item", "\u2022", False), ("item", "\u00b7", False),
        ("item", "o", False), ("item", "\u2013", False),
        ("paragraph", "", False), ("paragraph", "", False), ("paragraph", "", False), ("paragraph", "", False)]


def test_objective_lines_are_not_classified_by_the_format() -> None:
    document = read_bytes(b"Objective 1: Inclusive services\nEquality Objective 2 - Pay\n", "plan.txt")
    assert [b.kind for b in document.blocks] == ["paragraph", "paragraph"]


def test_cp1252_text_is_read_with_a_note() -> None:
    document = read_bytes("Caf\u00e9 \u2013 \u201cplan\u201d\n".encode("cp1252"), "notes.txt")
    assert document.blocks[0].text == "Caf\u00e9 \u2013 \u201cplan\u201d"
    assert len(document.notes) == 1 and "read as Windows-1252" in document.notes[0]
    assert "0xE9 on line 1" in document.notes[0]


def test_docx_numbering_outline_levels_and_merged_cells() -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    section = document.styles.add_style("Teitl Adran", WD_STYLE_TYPE.PARAGRAPH)
    section.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))
    document.add_paragraph("Amcan 1: Gwasanaethau", style="Teitl Adran")
    for text, level in (("first", 0), ("deeper", 1), ("deeper again", 1), ("dot", 2), ("second", 0)):
        paragraph = document.add_paragraph(text, style="List Paragraph")
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    bold = document.add_paragraph()
    bold.add_run("Lead officer").bold = True
    document.add_paragraph("")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate((("Step", "Lead", "Due"), ("Audit", "HR", "2025"), ("", "Digital", "2026"))):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(0, 1).merge(table.cell(0, 2))
    out = io.BytesIO()
    document.save(out)
    blocks = read_bytes(out.getvalue(), "plan.docx").blocks
    assert [(b.kind, b.text, b.level, b.marker, b.ordered, b.strong) for b in blocks[:7]] == [
        ("heading", "Amcan 1: Gwasanaethau", 2, "", False, False),
        ("item", "first", 0, "a)", True, False),
        ("item", "deeper", 1, "(i)", True, False),
        ("item", "deeper again", 1, "(ii)", True, False),
        ("item", "dot", 2, "•", False, False),
        ("item", "second", 0, "b)", True, False),
        ("paragraph", "Lead officer", 0, "", False, True),
    ]
    assert blocks[7].location.paragraph is None and blocks[6].location.render() == "paragraph 7"
    assert [r.cells for r in blocks[7].rows] == [("Step", "Lead Due"), ("Audit", "HR", "2025"),
                                                 ("", "Digital", "2026")]


def test_html_drops_chrome_and_reads_spans() -> None:
    page = b"""<html><head><title>Plan</title><style>p{}</style></head><body>
<header><p>Skip to content</p></header><nav><ul><li>Home</li></ul></nav>
<article><header><h1>Our equality objectives</h1></header>
<p><strong>Lead:</strong> Head of HR</p><script>document.write('x')</script>
<ol start="4" type="a"><li>Fourth <em>item</em></li><li value="9">Ninth</li></ol>
<dl><dt>Organisation</dt><dd>Powys County Council</dd></dl>
<table><tr><th>Step</th><th>Lead</th><th>Due</th></tr>
<tr><td rowspan="2">Audit</td><td colspan="2">HR</td></tr><tr><td>Digital</td><td>2026</td></tr></table>
</article><footer><p>Cookies</p></footer></body></html>"""
    blocks = read_bytes(page, "plan.html").blocks
    assert [(b.kind, b.text, b.marker, b.location.line) for b in blocks] == [
        ("heading", "Our equality objectives", "", 3),
        ("paragraph", "Lead: Head of HR", "", 4),
        ("item", "Fourth item", "d.", 5),
        ("item", "Ninth", "i.", 5),
        ("paragraph", "Organisation: Powys County Council", "", 6),
        ("table", "", "", 7),
    ]
    assert [r.cells for r in blocks[-1].rows] == [("Step", "Lead", "Due"), ("Audit", "HR"),
                                                  ("", "Digital", "2026")]


def test_csv_key_values_then_table() -> None:
    data = ("Organisation:;Ceredigion County Council\nPlan title;Cynllun Cydraddoldeb Strategol – 2024\n;\n"
            "Objective;Step;Lead\n1;Review website;Digital\n2;Train staff;HR\n").encode("cp1252")
    document = read_bytes(data, "plan.csv")
    assert document.notes[0].startswith("plan.csv is not UTF-8 (byte 0x96 on line 2); it was read as Windows-1252")
    assert [(b.kind, b.text, b.location.render()) for b in document.blocks] == [
        ("paragraph", "Organisation: Ceredigion County Council", "row 1"),
        ("paragraph", "Plan title: Cynllun Cydraddoldeb Strategol – 2024", "row 2"),
        ("table", "", "row 4"),
    ]
    table = document.blocks[-1]
    assert table.header and [r.cells for r in table.rows] == [
        ("Objective", "Step", "Lead"), ("1", "Review website", "Digital"), ("2", "Train staff", "HR")]
    assert [r.location.row for r in table.rows] == [4, 5, 6]


def test_xlsx_sheets_formulas_merges_and_dates(tmp_path: Path) -> None:
    from datetime import datetime

    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Organisation: Powys County Council"])
    sheet.append([])
    sheet.append(["Objective", "Step", "Lead", "Due"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    sheet.append([1, "Review website", "Digital", datetime(2025, 3, 31)])
    sheet.append([2.0, "=A4+1", "HR", None])
    sheet.merge_cells("C5:D5")
    hidden = workbook.create_sheet("Workings")
    hidden.sheet_state = "hidden"
    hidden.append(["secret", "working", "numbers"])
    other = workbook.create_sheet("Actions")
    other.append(["Action", "Owner", "By when"])
    other.append(["Publish report", "Chief Executive", "Q4"])
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    document = read_path(path)
    assert [(b.kind, b.text, b.location.render()) for b in document.blocks] == [
        ("paragraph", "Organisation: Powys County Council", "sheet Plan, row 1"),
        ("table", "", "sheet Plan, row 3"),
        ("table", "", "sheet Actions, row 1"),
    ]
    plan = document.blocks[1]
    assert plan.header and [r.cells for r in plan.rows] == [
        ("Objective", "Step", "Lead", "Due"), ("1", "Review website", "Digital", "2025-03-31"), ("2", "", "HR")]
    assert [r.location.render() for r in document.blocks[2].rows] == ["sheet Actions, row 1", "sheet Actions, row 2"]
    assert document.notes == [
        "plan.xlsx: hidden sheet 'Workings' was not read",
        "plan.xlsx: formulas were read as the values last calculated and saved by Excel; cells whose "
        "workbook was never calculated read as empty"]


def test_pdf_running_footers_and_wrapped_paragraphs_are_handled() -> None:
    document = read_bytes(samples.to_pdf(pages=3), "plan.pdf")
    assert shape(document.blocks) == EXPECTED * 3
    assert document.notes == ["plan.pdf: 3 running header, footer and page-number lines were left out"]
    assert [b.location.page for b in document.headings()] == [1, 2, 3]


def test_pdf_long_paragraph_lines_are_joined() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    long = " ".join(["We will work with partners to remove barriers to services."] * 6)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([Paragraph("Equality objectives", styles["Title"]),
                                              Paragraph("Objective 2: Fair pay", styles["Heading2"]),
                                              Paragraph(long, styles["BodyText"]),
                                              Paragraph("A second paragraph.", styles["BodyText"])])
    blocks = read_bytes(out.getvalue(), "plan.pdf").blocks
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("heading", 1, "Equality objectives"), ("heading", 2, "Objective 2: Fair pay"),
        ("paragraph", 0, long), ("paragraph", 0, "A second paragraph.")]


def test_pdf_table_running_over_a_page_is_one_table_without_its_repeated_header() -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table

    rows = [["Step", "Lead", "Due"]] + [[f"Step {n}", "Equality team", f"March {2024 + n % 4}"] for n in range(1, 61)]
    table = Table(rows, repeatRows=1)
    table.setStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([table])
    blocks = read_bytes(out.getvalue(), "plan.pdf").blocks
    assert [b.kind for b in blocks] == ["table"]
    assert [r.cells for r in blocks[0].rows] == [tuple(r) for r in rows]
    assert {r.location.page for r in blocks[0].rows} == {1, 2}
    assert blocks[0].rows[-1].location.render() == "page 2, table 1, row 61"


def test_an_unmapped_pdf_glyph_between_spaces_is_a_bullet() -> None:
    from eqkg.documents.formats.pdf import _cell_text

    assert _cell_text("(cid:127) Offer sessions (Lead: HR)\n(cid:127) Provide therapy") == \
        "• Offer sessions (Lead: HR) • Provide therapy"
    assert _cell_text("Recommendatio\nn") == "Recommendation"
    assert _cell_text("word(cid:3)glyph") == "wordglyph"
