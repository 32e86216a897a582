"""PDF (text PDFs), read with pdfplumber: lines with their font size and weight, tables found on each page.

How a page becomes blocks: tables come from `page.find_tables()` (ruled
tables of at least 2 columns; a table that starts a page and has as many
columns as the table ending the page before continues it, its repeated header
row dropped); their text is left out of the
running text and the table is placed where it stands on the page. The other
text is read as lines (`extract_text_lines`) with each line's font size (the
size most of its characters have) and whether it is bold. Lines are joined
into paragraphs when they follow closely in the same size and weight and the
line before reaches the right margin (it wrapped), across a page break too; a line starting with a bullet
or list number (as for text files, plus the "(cid:N)" glyph a symbol-font
bullet becomes) starts an item, nested by its x position. A block in a size
notably larger than the body text (the size most characters have) is a
heading, its level the rank of its size among heading sizes; a short block
all in bold at body size is a heading one level below those (strong=True).
Running headers and footers (the same text, numbers aside, in the top or
bottom margin of most pages) and page numbers are dropped.

Refused: encrypted PDFs that need a password, PDFs with no text layer (scans),
and PDFs over the page limit (EQKG_MAX_PDF_PAGES, default 500).
Locations: `Location(page=p, line=l)`, l counting the page's text lines;
tables `Location(page=p, table=k)`, rows `Location(page=p, table=k, row=r)`.
Not handled: multi-column layouts are read line across (a line joins the
columns); text drawn as images is not read.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field, replace

import pdfplumber
from pdfplumber.utils.exceptions import PdfminerException

from eqkg.documents.model import Block, Document, Location, Row
from eqkg.documents.safety import BlockList, current_limits
from eqkg.documents.text import Nesting, collapse, looks_like_header, split_marker
from eqkg.errors import InputError

_CID = re.compile(r"\(cid:\d+\)")
_LONE_CID = re.compile(r"(?:^|(?<=\s))\(cid:\d+\)(?=\s)")
_PAGE_NUMBER = re.compile(r"^(page|tudalen|pg\.?)?\s*\d{1,4}(\s*(of|/|o)\s*\d{1,4})?$", re.I)
MARGIN = 0.08  # top and bottom share of the page where running headers and footers stand (Word puts them at ~0.04)


@dataclass
class Line:
    page: int
    n: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    height: float
    chars: int


@dataclass
class PageTable:
    page: int
    top: float
    rows: list[list[str]]


@dataclass
class Group:
    kind: str  # paragraph or item
    lines: list[Line] = field(default_factory=list)
    marker: str = ""
    ordered: bool = False
    text: str = ""


def _open(data: bytes, name: str):
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 - the page tree is read here, and with it any encryption
        return pdf
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if "Password" in type(cause).__name__ or "Encryption" in type(cause).__name__:
            raise InputError(f"{name} is password-protected (encrypted): save or export it again "
                             "without a password") from None
        raise InputError(f"{name} is damaged or not a complete PDF ({cause}); save or export it "
                         "again") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on broken files
        raise InputError(f"{name} is damaged or not a complete PDF ({type(exc).__name__}); save or "
                         "export it again") from None


def _page_items(page, pno: int) -> tuple[list[Line], list[PageTable]]:
    tables = []
    for table in page.find_tables():
        rows = [[_cell_text(c or "") for c in row] for row in table.extract()]
        rows = [row for row in rows if any(row)]
        if rows and max(len(r) for r in rows) >= 2:
            tables.append((table.bbox, rows))
    boxes = [bbox for bbox, _ in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    lines = []
    for n, raw in enumerate(text_page.extract_text_lines(return_chars=True, strip=True), start=1):
        chars = [c for c in raw["chars"] if c["text"].strip()]
        if not chars:
            continue
        sizes = Counter(round(c["size"] * 2) / 2 for c in chars)
        bold = sum("bold" in (c.get("fontname") or "").lower() or "black" in (c.get("fontname") or "").lower()
                   for c in chars) > len(chars) / 2
        text = raw["text"]
        text = _LONE_CID.sub("•", _CID.sub("•", text, count=1) if _CID.match(text.strip()) else text)
        lines.append(Line(pno, n, collapse(_CID.sub("", text)), raw["x0"], raw["x1"], raw["top"],
                          raw["bottom"], sizes.most_common(1)[0][0], bold, float(page.height), len(chars)))
    return [line for line in lines if line.text], [PageTable(pno, bbox[1], rows) for bbox, rows in tables]


def _cell_text(raw: str) -> str:
    """A table cell's lines joined; a word the cell's width broke ("Recommendatio" / "n") is joined again.

    Only a continuation of at most three lower-case letters, standing alone on its line, is joined
    without a space: such a fragment is no English or Welsh word of its own in a table header or cell.
    """
    # A glyph with no Unicode mapping standing alone between spaces is the font's bullet symbol.
    lines = [_CID.sub("", _LONE_CID.sub("•", line.strip())) for line in raw.splitlines() if line.strip()]
    out = ""
    for line in lines:
        if out and re.fullmatch(r"[a-zà-ÿŵŷ]{1,3}", line) and out[-1:].isalpha() and line not in _SHORT_WORDS:
            out += line
        else:
            out = f"{out} {line}" if out else line
    return collapse(out)


_SHORT_WORDS = frozenset({"a", "i", "y", "yr", "ar", "am", "at", "o", "on", "of", "in", "to", "by", "and", "or",
                          "the", "for", "is", "be", "we", "us", "an", "as", "it", "no", "not", "all", "ac", "a'r",
                          "yn", "ei", "eu", "ni", "na", "neu", "i'r", "o'r", "pob", "gan", "dan", "tan"})


def _in_margin(line: Line) -> bool:
    return line.top < MARGIN * line.height or line.bottom > (1 - MARGIN) * line.height


def _drop_running(lines: list[Line], pages: int) -> tuple[list[Line], int]:
    """Lines that are not running headers, footers or page numbers; and how many were dropped."""
    key = {id(line): re.sub(r"\d+", "#", line.text.lower()) for line in lines}
    seen = Counter()
    for page_key in {(line.page, key[id(line)]) for line in lines if _in_margin(line)}:
        seen[page_key[1]] += 1
    repeated = {k for k, count in seen.items() if pages >= 2 and count >= max(2, pages / 2)}
    kept = [line for line in lines
            if not (_in_margin(line) and (key[id(line)] in repeated or _PAGE_NUMBER.match(line.text)))]
    return kept, len(lines) - len(kept)


def _group(lines: list[Line], right: dict[int, float]) -> list[Group]:
    """Lines joined into paragraphs and items (one group per block)."""
    groups: list[Group] = []
    for line in lines:
        item = split_marker(line.text)
        last = groups[-1] if groups else None
        if last and not item and _continues(last, line, right):
            last.lines.append(line)
            last.text = f"{last.text} {line.text}"
            continue
        if item:
            groups.append(Group("item", [line], item[0], item[1], item[2]))
        else:
            groups.append(Group("paragraph", [line], text=line.text))
    return groups


def _continues(group: Group, line: Line, right: dict[int, float]) -> bool:
    prev, first = group.lines[-1], group.lines[0]
    if abs(line.size - prev.size) > 0.5 or line.bold != prev.bold:
        return False
    if line.page == prev.page + 1:  # the last line of a page and the first of the next
        if group.kind == "paragraph" and abs(line.x0 - first.x0) > 3:
            return False
    elif line.page != prev.page or not -2 <= line.top - prev.bottom <= 0.6 * line.size:
        return False
    if prev.x1 < right[prev.page] - 0.15 * (right[prev.page] - first.x0):
        return False  # the line before ends well short of the margin: it did not wrap
    if group.kind == "item":  # wrapped under its text (hanging indent) or under its marker
        return line.x0 >= first.x0 - 2
    return abs(line.x0 - first.x0) <= 20


def read(data: bytes, name: str) -> Document:
    limit = current_limits()
    pdf = _open(data, name)
    with pdf:
        if len(pdf.pages) > limit.max_pdf_pages:
            raise InputError(f"{name} has {len(pdf.pages)} pages; eqkg reads PDFs of up to "
                             f"{limit.max_pdf_pages} pages (EQKG_MAX_PDF_PAGES): split it")
        lines: list[Line] = []
        tables: list[PageTable] = []
        for pno, page in enumerate(pdf.pages, start=1):
            page_lines, page_tables = _page_items(page, pno)
            lines += page_lines
            tables += page_tables
        pages = len(pdf.pages)
        metadata_title = pdf.metadata.get("Title") if isinstance(pdf.metadata, dict) else None
    if not lines and not tables:
        raise InputError(f"{name}: the PDF has no text layer (it looks scanned); eqkg reads text PDFs "
                         "only: OCR it or upload the Word version")
    notes = []
    blank = sorted(set(range(1, pages + 1)) - {x.page for x in lines} - {t.page for t in tables})
    if blank:
        notes.append(f"{name}: page(s) {', '.join(map(str, blank))} have no text (blank or scanned): "
                     "nothing was read from them")
    lines, dropped = _drop_running(lines, pages)
    if dropped:
        notes.append(f"{name}: {dropped} running header, footer and page-number lines were left out")
    sizes = Counter()
    for line in lines:
        sizes[line.size] += line.chars
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    right = {}
    for line in lines:
        right[line.page] = max(right.get(line.page, 0.0), line.x1)

    blocks = BlockList(name)
    groups = _group(lines, right)
    heading_sizes = sorted({g.lines[0].size for g in groups if _is_large(g, body)}, reverse=True)
    nesting = Nesting(tolerance=3.0)
    order: list[tuple[int, float, object]] = [(g.lines[0].page, g.lines[0].top, g) for g in groups]
    order += [(t.page, t.top, t) for t in tables]
    order.sort(key=lambda x: (x[0], x[1]))
    k = width = 0
    last_page = 0
    for page, _, thing in order:
        first_on_page, last_page = page != last_page, page
        if isinstance(thing, PageTable):
            rows = [row[: max(i + 1 for i, c in enumerate(row) if c)] for row in thing.rows]
            before = blocks[-1] if blocks else None
            if (first_on_page and before is not None and before.kind == "table"
                    and before.rows[-1].location.page == page - 1 and len(thing.rows[0]) == width):
                # a table running on from the page before: its rows join that table, less a repeated header
                if before.header and tuple(rows[0]) == before.rows[0].cells:
                    rows = rows[1:]
                more = tuple(Row(tuple(r), Location(page=page, table=k, row=len(before.rows) + n))
                             for n, r in enumerate(rows, start=1))
                blocks.pop()
                blocks.rows -= len(before.rows)
                blocks.append(replace(before, rows=before.rows + more))
                continue
            k += 1
            width = len(thing.rows[0])
            blocks.append(Block("table", location=Location(page=page, table=k),
                                rows=tuple(Row(tuple(r), Location(page=page, table=k, row=n))
                                           for n, r in enumerate(rows, start=1)),
                                header=looks_like_header(rows)))
            nesting.reset()
            continue
        group: Group = thing  # type: ignore[assignment]
        first = group.lines[0]
        where = Location(page=first.page, line=first.n)
        text = collapse(group.text)
        if group.kind == "item":
            blocks.append(Block("item", text, where, level=nesting.level(first.x0), marker=group.marker,
                                ordered=group.ordered, strong=first.bold and len(text) <= 200))
            continue
        if _is_large(group, body):
            nesting.reset()
            level = heading_sizes.index(first.size) + 1
            blocks.append(Block("heading", text, where, level=min(level, 6), strong=first.bold))
        elif first.bold and len(text) <= 100 and body and not text.endswith((".", ":")):
            nesting.reset()
            blocks.append(Block("heading", text, where, level=min(len(heading_sizes) + 1, 6), strong=True))
        else:
            if nesting.stack and first.x0 <= nesting.stack[0] + 3:
                nesting.reset()
            blocks.append(Block("paragraph", text, where, strong=first.bold and len(text) <= 200))
    title = collapse(metadata_title) if isinstance(metadata_title, str) and metadata_title.strip() else None
    return Document(list(blocks), "pdf", name, title=title, notes=notes)


def _is_large(group: Group, body: float) -> bool:
    first = group.lines[0]
    return group.kind == "paragraph" and first.size >= body + max(1.0, 0.15 * body) and len(group.text) <= 200
