"""Generate the other formats of the reading corpus (tests/corpus/) from the documents written by hand.

Why: a body publishes the same plan as Word, ODT, PDF and a web page, and the
readers must read them all alike. We write each corpus document once, by hand,
as markdown (or a CSV for a spreadsheet), and make every other format listed in
its `<id>.truth.yaml` from it with the libraries those formats are really made
with: python-docx (real Heading N, List Number/List Bullet styles and tables),
odfpy (text:h, text:list with numbered and bulleted list styles, table:table),
reportlab (larger bold headings, bullet characters, grid tables, a running page
header), openpyxl (a workbook with the sheet and a notes sheet) and
markdown-it-py (to parse the markdown, and to render the HTML page).

    python scripts/make_corpus.py           # regenerate every generated file
    python scripts/make_corpus.py --check   # exit 1 if a generated file (other than PDF) is stale or missing

Output is deterministic: zip-based files (docx, odt, xlsx) get fixed member
timestamps and fixed document dates, and PDFs are written with reportlab's
invariant mode. A .txt or .html beside a markdown source is generated only
when it is missing or listed in tests/corpus/generated.txt (the manifest of
files this script made), so a hand-written text or HTML version is never
overwritten.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import io
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
MANIFEST = CORPUS / "generated.txt"
FIXED = dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# ---------------------------------------------------------------- the markdown, as blocks


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Para:
    text: str
    strong: bool = False
    italic: bool = False


@dataclass
class ListItem:
    text: str
    children: list[MdList] = field(default_factory=list)


@dataclass
class MdList:
    ordered: bool
    start: int = 1
    items: list[ListItem] = field(default_factory=list)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


Block = Heading | Para | MdList | Table


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _inline_text(token) -> tuple[str, bool, bool]:
    """Text of an inline token, and whether all of it is bold / italic."""
    parts: list[str] = []
    kinds = [c.type for c in token.children or []]
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    text = " ".join("".join(parts).split())
    strong = len(kinds) >= 3 and kinds[0] == "strong_open" and kinds[-1] == "strong_close" \
        and kinds.count("strong_open") == 1
    italic = len(kinds) >= 3 and kinds[0] == "em_open" and kinds[-1] == "em_close" and kinds.count("em_open") == 1
    return text, strong, italic


def parse_markdown(text: str) -> list[Block]:
    """The markdown source as headings, paragraphs, (nested) lists and tables."""
    tokens = _md().parse(text)
    blocks: list[Block] = []
    stack: list[MdList] = []  # open lists, innermost last
    item_stack: list[ListItem] = []
    table: Table | None = None
    row: list[str] | None = None
    in_head = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            blocks.append(Heading(int(tok.tag[1]), _inline_text(tokens[i + 1])[0]))
            i += 3
            continue
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrGet("start") or 1) if tok.type == "ordered_list_open" else 1
            new = MdList(tok.type == "ordered_list_open", start)
            if item_stack:
                item_stack[-1].children.append(new)
            else:
                blocks.append(new)
            stack.append(new)
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            stack.pop()
        elif tok.type == "list_item_open":
            item = ListItem("")
            stack[-1].items.append(item)
            item_stack.append(item)
        elif tok.type == "list_item_close":
            item_stack.pop()
        elif tok.type == "paragraph_open":
            text, strong, italic = _inline_text(tokens[i + 1])
            if item_stack:
                current = item_stack[-1]
                current.text = f"{current.text} {text}".strip()
            else:
                blocks.append(Para(text, strong, italic))
            i += 3
            continue
        elif tok.type == "table_open":
            table = Table([], [])
        elif tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            row = []
        elif tok.type in ("th_open", "td_open"):
            assert row is not None
            row.append(_inline_text(tokens[i + 1])[0])
            i += 3
            continue
        elif tok.type == "tr_close":
            assert table is not None and row is not None
            if in_head:
                table.header = row
            else:
                table.rows.append(row)
        elif tok.type == "table_close":
            assert table is not None
            blocks.append(table)
            table = None
        i += 1
    return blocks


def title_of(blocks: list[Block]) -> str:
    """The first level-1 heading (the document's title)."""
    return next((b.text for b in blocks if isinstance(b, Heading) and b.level == 1), "")


# ---------------------------------------------------------------- writers


def _list_marker(lst: MdList, n: int) -> str:
    return f"{lst.start + n}." if lst.ordered else "•"


def write_txt(blocks: list[Block], truth: dict) -> bytes:
    """Plain text as pasted from a word processor: lines, "1." and "•" list markers, indented nesting."""
    out: list[str] = []

    def emit_list(lst: MdList, depth: int) -> None:
        for n, item in enumerate(lst.items):
            out.append("    " * depth + f"{_list_marker(lst, n)} {item.text}")
            for child in item.children:
                emit_list(child, depth + 1)

    for block in blocks:
        if isinstance(block, (Heading, Para)):
            out += [block.text, ""]
        elif isinstance(block, MdList):
            emit_list(block, 0)
            out.append("")
        else:
            raise SystemExit(f"{truth['id']}: a table cannot be written as .txt; drop txt from its formats")
    return ("\n".join(out).rstrip() + "\n").encode("utf-8")


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} - {body}</title>
</head>
<body>
<header>
<p><a href="/">{body}</a></p>
<nav aria-label="Main"><ul><li><a href="/">Home</a></li><li><a href="/services">Services</a></li><li><a href="/about">About us</a></li><li><a href="/contact">Contact us</a></li></ul></nav>
</header>
<main>
{content}</main>
<footer>
<ul><li><a href="/accessibility">Accessibility statement</a></li><li><a href="/privacy">Privacy</a></li><li><a href="/cookies">Cookies</a></li></ul>
<p>&copy; {body}</p>
</footer>
</body>
</html>
"""


def write_html(source: str, blocks: list[Block], truth: dict) -> bytes:
    """The markdown rendered as a page of the body's web site (header, navigation and footer around it)."""
    content = _md().render(source)
    body = html.escape(truth["body"])
    page = _PAGE.format(title=html.escape(title_of(blocks)), body=body, content=content)
    return page.encode("utf-8")


def _normalise_zip(data: bytes) -> bytes:
    """The same zip with fixed member timestamps, so the bytes depend on the content only."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            fixed.create_system = 0
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_docx(blocks: list[Block], truth: dict) -> bytes:
    """Word: Heading N styles, List Number / List Bullet (2, 3 when nested), bold runs, Table Grid tables."""
    import docx

    document = docx.Document()
    props = document.core_properties
    props.title = title_of(blocks)
    props.author = truth["body"]
    props.last_modified_by = "eqkg test corpus"
    props.created = props.modified = FIXED
    props.revision = 1

    def emit_list(lst: MdList, depth: int) -> None:
        base = "List Number" if lst.ordered else "List Bullet"
        style = base if depth == 0 else f"{base} {min(depth + 1, 3)}"
        for item in lst.items:
            document.add_paragraph(item.text, style=style)
            for child in item.children:
                emit_list(child, depth + 1)

    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            run = document.add_paragraph().add_run(block.text)
            run.bold = block.strong or None
            run.italic = block.italic or None
        elif isinstance(block, MdList):
            emit_list(block, 0)
        else:
            table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
            table.style = "Table Grid"
            for r, cells in enumerate([block.header, *block.rows]):
                for c, text in enumerate(cells):
                    paragraph = table.cell(r, c).paragraphs[0]
                    run = paragraph.add_run(text)
                    if r == 0:
                        run.bold = True
    out = io.BytesIO()
    document.save(out)
    return _normalise_zip(out.getvalue())


def write_odt(blocks: list[Block], truth: dict) -> bytes:
    """OpenDocument text: text:h with outline levels, numbered and bulleted text:list, table:table."""
    from odf import style as st
    from odf import table as ot
    from odf import text as tx
    from odf.opendocument import OpenDocumentText

    doc = OpenDocumentText()
    bold = st.Style(name="Bold", family="text")
    bold.addElement(st.TextProperties(fontweight="bold"))
    italic = st.Style(name="Italic", family="text")
    italic.addElement(st.TextProperties(fontstyle="italic"))
    doc.automaticstyles.addElement(bold)
    doc.automaticstyles.addElement(italic)
    headings = {}
    for level in range(1, 7):
        h = st.Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph",
                     defaultoutlinelevel=str(level))
        h.addElement(st.TextProperties(fontweight="bold", fontsize=f"{20 - 2 * level}pt"))
        doc.styles.addElement(h)
        headings[level] = h
    numbered = tx.ListStyle(name="Numbering_20_123", displayname="Numbering 123")
    bullets = tx.ListStyle(name="List_20_Bullet", displayname="List Bullet")
    for level in range(1, 4):
        numbered.addElement(tx.ListLevelStyleNumber(level=str(level), numformat="1", numsuffix="."))
        bullets.addElement(tx.ListLevelStyleBullet(level=str(level), bulletchar="•"))
    doc.styles.addElement(numbered)
    doc.styles.addElement(bullets)
    cell_style = st.Style(name="Cell", family="table-cell")
    cell_style.addElement(st.TableCellProperties(border="0.5pt solid #000000", padding="0.05cm"))
    doc.automaticstyles.addElement(cell_style)

    def make_list(lst: MdList) -> object:
        element = tx.List(stylename=numbered if lst.ordered else bullets)
        for item in lst.items:
            li = tx.ListItem()
            li.addElement(tx.P(text=item.text))
            for child in item.children:
                li.addElement(make_list(child))
            element.addElement(li)
        return element

    tables = 0
    for block in blocks:
        if isinstance(block, Heading):
            doc.text.addElement(tx.H(outlinelevel=block.level, stylename=headings[block.level], text=block.text))
        elif isinstance(block, Para):
            p = tx.P()
            if block.strong or block.italic:
                p.addElement(tx.Span(stylename=bold if block.strong else italic, text=block.text))
            else:
                p.addText(block.text)
            doc.text.addElement(p)
        elif isinstance(block, MdList):
            doc.text.addElement(make_list(block))
        else:
            tables += 1
            table = ot.Table(name=f"Table{tables}")
            table.addElement(ot.TableColumn(numbercolumnsrepeated=len(block.header)))
            head = ot.TableHeaderRows()
            for r, cells in enumerate([block.header, *block.rows]):
                tr = ot.TableRow()
                for text in cells:
                    cell = ot.TableCell(valuetype="string", stylename=cell_style)
                    p = tx.P()
                    if r == 0:
                        p.addElement(tx.Span(stylename=bold, text=text))
                    else:
                        p.addText(text)
                    cell.addElement(p)
                    tr.addElement(cell)
                (head if r == 0 else table).addElement(tr)
                if r == 0:
                    table.addElement(head)
            doc.text.addElement(table)
    from odf import dc, meta

    doc.meta.addElement(dc.Title(text=title_of(blocks)))
    doc.meta.addElement(meta.CreationDate(text=FIXED.isoformat()))
    out = io.BytesIO()
    doc.write(out)
    return _normalise_zip(out.getvalue())


def write_pdf(blocks: list[Block], truth: dict) -> bytes:
    """A text PDF: larger bold headings, "•"/"1." list markers, grid tables, a running header and page numbers."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import ListItem as RLItem
    from reportlab.platypus import Table as RLTable

    sheet = getSampleStyleSheet()
    body = sheet["BodyText"]
    cell = ParagraphStyle("Cell", parent=body, fontSize=8.5, leading=10.5)
    cell_bold = ParagraphStyle("CellBold", parent=cell, fontName="Helvetica-Bold")
    heads = {1: sheet["Heading1"], 2: sheet["Heading2"], 3: sheet["Heading3"], 4: sheet["Heading4"]}
    title = title_of(blocks)
    subject = next((b.text for b in blocks if isinstance(b, Heading) and b.text != truth["body"]), title)
    running = f"{truth['body']}  |  {subject}"

    def esc(text: str) -> str:
        return html.escape(text, quote=False)

    def make_list(lst: MdList) -> ListFlowable:
        items = []
        for item in lst.items:
            flow = [Paragraph(esc(item.text), body)]
            flow += [make_list(child) for child in item.children]
            items.append(RLItem(flow))
        if lst.ordered:
            return ListFlowable(items, bulletType="1", start=lst.start, bulletFormat="%s.", leftIndent=16)
        return ListFlowable(items, bulletType="bullet", start="•", leftIndent=16)

    story: list[object] = []
    width = A4[0] - 40 * mm
    for block in blocks:
        if isinstance(block, Heading):
            story.append(Paragraph(esc(block.text), heads[min(block.level, 4)]))
        elif isinstance(block, Para):
            text = esc(block.text)
            if block.strong:
                text = f"<b>{text}</b>"
            elif block.italic:
                text = f"<i>{text}</i>"
            story.append(Paragraph(text, body))
        elif isinstance(block, MdList):
            story.append(make_list(block))
        else:
            data = [[Paragraph(esc(t), cell_bold) for t in block.header]]
            data += [[Paragraph(esc(t), cell) for t in row] for row in block.rows]
            table = RLTable(data, colWidths=[width / len(block.header)] * len(block.header), repeatRows=1)
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            story.append(table)
            story.append(Spacer(1, 6))

    def page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, running)
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=18 * mm, title=title, author=truth["body"], invariant=1)
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


def write_xlsx_from_csv(text: str, truth: dict) -> bytes:
    """A workbook: the CSV's rows on sheet "Action plan" (header bold, widths set) and a short "Notes" sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rows = list(csv.reader(io.StringIO(text)))
    wb = Workbook()
    ws = wb.active
    ws.title = "Action plan"
    header_at = next((n for n, r in enumerate(rows) if sum(1 for c in r if c.strip()) >= 3), 0)
    for n, row in enumerate(rows):
        ws.append([c if c != "" else None for c in row])
        if n == header_at:
            for c in ws[n + 1]:
                c.font = Font(bold=True)
    for col in ws.iter_cols(min_row=header_at + 2):
        for c in col:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    for idx, width in enumerate((8, 40, 50, 28, 16, 36, 30, 10), start=1):
        ws.column_dimensions[ws.cell(1, idx).column_letter].width = width
    notes = wb.create_sheet("Notes")
    notes.append(["About this workbook"])
    notes.append([f"{truth['body']}. Each row of the Action plan sheet is one action towards an objective."])
    wb.properties.creator = truth["body"]
    wb.properties.created = wb.properties.modified = FIXED
    out = io.BytesIO()
    wb.save(out)
    return _normalise_zip(_fix_xlsx_modified(out.getvalue()))


def _fix_xlsx_modified(data: bytes) -> bytes:
    """openpyxl stamps dcterms:modified with the time of saving; put the fixed date back."""
    import re

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", content)
            dst.writestr(info, content, compress_type=info.compress_type)
    return out.getvalue()


# ---------------------------------------------------------------- the corpus

BINARY = ("docx", "odt", "pdf", "xlsx")


@dataclass
class Target:
    path: Path
    make: Callable[[], bytes]


def truths() -> list[tuple[Path, dict]]:
    return [(p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(CORPUS.glob("*.truth.yaml"))]


def manifest() -> set[str]:
    if not MANIFEST.exists():
        return set()
    return {line.strip() for line in MANIFEST.read_text(encoding="utf-8").splitlines() if line.strip()}


def targets() -> list[Target]:
    """Every file this script makes: the formats each entry lists, other than its hand-written source."""
    made = manifest()
    found: list[Target] = []
    for _, truth in truths():
        stem = truth["id"]
        formats = list(truth.get("formats") or [])
        md, csv_path = CORPUS / f"{stem}.md", CORPUS / f"{stem}.csv"
        if "md" in formats and md.exists():
            source = md.read_text(encoding="utf-8")
            blocks = parse_markdown(source)
            makers: dict[str, Callable[[], bytes]] = {
                "txt": lambda b=blocks, t=truth: write_txt(b, t),
                "html": lambda s=source, b=blocks, t=truth: write_html(s, b, t),
                "docx": lambda b=blocks, t=truth: write_docx(b, t),
                "odt": lambda b=blocks, t=truth: write_odt(b, t),
                "pdf": lambda b=blocks, t=truth: write_pdf(b, t),
            }
        elif "csv" in formats and csv_path.exists():
            text = csv_path.read_text(encoding="utf-8")
            makers = {"xlsx": lambda s=text, t=truth: write_xlsx_from_csv(s, t)}
        else:
            continue
        for fmt in formats:
            if fmt not in makers:
                continue
            path = CORPUS / f"{stem}.{fmt}"
            if fmt in BINARY or not path.exists() or path.name in made:
                found.append(Target(path, makers[fmt]))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a generated file other than a PDF is missing or stale")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="another folder laid out like tests/corpus (default: tests/corpus)")
    args = parser.parse_args(argv)
    if args.corpus is not None:
        global CORPUS, MANIFEST
        CORPUS, MANIFEST = args.corpus.resolve(), args.corpus.resolve() / "generated.txt"
    todo = targets()
    if args.check:
        stale = []
        for target in todo:
            if not target.path.exists():
                stale.append(f"missing: {target.path.name}")
            # PDFs embed a creation time; odfpy orders namespace declarations by what the process wrote
            # before: both are checked for presence only.
            elif target.path.suffix not in (".pdf", ".odt") and target.path.read_bytes() != target.make():
                stale.append(f"stale: {target.path.name}")
        listed = "\n".join(sorted(t.path.name for t in todo)) + "\n"
        if not MANIFEST.exists() or MANIFEST.read_text(encoding="utf-8") != listed:
            stale.append(f"stale: {MANIFEST.name}")
        for line in stale:
            print(line)
        if stale:
            print("run: python scripts/make_corpus.py", file=sys.stderr)
            return 1
        print(f"{len(todo)} generated files up to date (PDFs and ODTs checked for presence only)")
        return 0
    for target in todo:
        data = target.make()
        if not target.path.exists() or target.path.read_bytes() != data:
            target.path.write_bytes(data)
    MANIFEST.write_text("\n".join(sorted(t.path.name for t in todo)) + "\n", encoding="utf-8")
    print(f"{len(todo)} files generated in {CORPUS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
