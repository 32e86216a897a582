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
A numbered line ("1. Trust and confidence") in such a larger size is a
heading with its number, as "## 1. ..." in markdown, not a list item.
Running headers and footers (the same text, numbers aside, in the top or
bottom margin of most pages) and page numbers are dropped.

Refused: encrypted PDFs that need a password, PDFs with no text layer (scans),
and PDFs over the page limit (EQKG_MAX_PDF_PAGES, default 500).
Locations: `Location(page=p, line=l)`, l counting the page's text lines;
tables `Location(page=p, table=k)`, rows `Location(page=p, table=k, row=r)`.
Pages set in two columns (found from word positions: a gutter in the middle of
the text that no word of the band crosses, see `_column_regions`) are read
band by band, the left column down then the right, so a line never joins the
columns; a paragraph or item that runs from the foot of the left column to the
head of the right is one block. Tables without rules stay read line across.
Not handled: three or more columns; text drawn as images is not read.
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
    region: int = 0  # the page region it was read in: the whole page, a full-width band or one column of a band
    col: int = 0  # 0 full width, 1 left column, 2 right column
    band: float = -1.0  # the top of its band (reading order: band, then column, then line)

    @property
    def key(self) -> tuple[int, float, int, float]:
        return self.page, self.band if self.band >= 0 else self.top, self.col, self.top


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
    regions = _column_regions(text_page, boxes)
    if regions is None:
        regions = [Region(0, 0, -1.0, 0.0, float(page.height), 0.0, float(page.width), 0.0)]
    lines = []
    n = 0
    for region in regions:
        if region.col == 0 and region.band < 0:
            part = text_page
        else:
            def inside(obj, r: Region = region) -> bool:
                if obj.get("object_type") != "char":
                    return False
                cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
                return r.left <= cx < r.right and r.top <= cy < r.bottom
            part = text_page.filter(inside)
        for raw in part.extract_text_lines(return_chars=True, strip=True):
            n += 1
            chars = [c for c in raw["chars"] if c["text"].strip()]
            if not chars:
                continue
            sizes = Counter(round(c["size"] * 2) / 2 for c in chars)
            bold = sum("bold" in (c.get("fontname") or "").lower() or "black" in (c.get("fontname") or "").lower()
                       for c in chars) > len(chars) / 2
            text = raw["text"]
            text = _LONE_CID.sub("•", _CID.sub("•", text, count=1) if _CID.match(text.strip()) else text)
            lines.append(Line(pno, n, collapse(_CID.sub("", text)), raw["x0"] - region.shift,
                              raw["x1"] - region.shift, raw["top"], raw["bottom"], sizes.most_common(1)[0][0], bold,
                              float(page.height), len(chars), region.number, region.col, region.band))
    return [line for line in lines if line.text], [PageTable(pno, bbox[1], rows) for bbox, rows in tables]


@dataclass
class Region:
    """A part of a page read on its own: a full-width band, or the left or right column of a band."""

    number: int
    col: int
    band: float
    top: float
    bottom: float
    left: float
    right: float
    shift: float  # subtracted from the x of a right column's lines, so both columns share one left margin


_MARKER_WORD = re.compile(r"^(?:[\u2022\u25e6\u25aa\u25cf\u25cb\u25a0\u00b7*\-\u2013]|\(cid:\d+\)|\d{1,2}[.)]|"
                          r"[a-z][.)]|\(\w{1,4}\))$")
GUTTER = 8.0  # the least white space between two columns, in points
_TABLE_GAP = 15.0  # a gap this wide inside a column's line is a table's, not prose's


def _column_regions(page, tables: list | None = None) -> list[Region] | None:
    """The page's regions in reading order when part of it is set in two columns, else None.

    Why: a naive extractor reads a two-column page line across, so each line joins the left column's
    text to the right column's. The gutter is found from word positions: the x in the middle half of
    the text that the fewest words cover. Lines that cross it (a title, a heading over both columns)
    are full-width bands, and so is a table across the gutter (`tables`: bounding boxes, x0, top, x1,
    bottom), so that text above it is read before it and text below it after; between them, a band is
    read as two columns when each side holds at least
    three lines, each side is at least 30 % of the text's width and the two are about as wide (within
    30 %), and neither side's lines have the wide inner gaps of a table laid out without rules (which
    stays read line across).
    """
    words = page.extract_words()
    if len(words) < 20:
        return None
    left_edge = min(w["x0"] for w in words)
    right_edge = max(w["x1"] for w in words)
    span = right_edge - left_edge
    if span < 200 or right_edge > 20000:  # too narrow for two columns; or text far off any real page
        return None
    width = int(right_edge) + 2
    cover = [0] * (width + 1)
    for w in words:  # how many words cover each x (a difference array, then a running sum)
        cover[max(0, int(w["x0"] - GUTTER / 2))] += 1
        cover[min(width, int(w["x1"] + GUTTER / 2) + 1)] -= 1
    for x in range(1, width + 1):
        cover[x] += cover[x - 1]
    lo, hi = int(left_edge + 0.3 * span), int(left_edge + 0.7 * span)
    centre = (left_edge + right_edge) / 2
    gutter = min(range(lo, hi + 1), key=lambda x: (cover[x], abs(x - centre)))
    crossing = sorted((w["top"], w["bottom"]) for w in words if w["x0"] - GUTTER / 2 < gutter < w["x1"] + GUTTER / 2)
    if len(crossing) > 0.25 * len(words):
        return None
    crossing = sorted(crossing + [(top, bottom) for x0, top, x1, bottom in tables or () if x0 < gutter < x1])
    # full-width stripes: the rows of crossing words, merged
    stripes: list[list[float]] = []
    for top, bottom in crossing:
        if stripes and top <= stripes[-1][1] + 1:
            stripes[-1][1] = max(stripes[-1][1], bottom)
        else:
            stripes.append([top, bottom])
    cuts = [0.0]
    for top, bottom in stripes:
        cuts += [top - 0.5, bottom + 0.5]
    cuts.append(float(page.height) + 1)
    regions: list[Region] = []
    columned = False
    for k in range(len(cuts) - 1):
        top, bottom = cuts[k], cuts[k + 1]
        inside = [w for w in words if top <= (w["top"] + w["bottom"]) / 2 < bottom]
        if not inside:
            continue
        full = k % 2 == 1  # the odd spans are the stripes
        left = [w for w in inside if w["x1"] <= gutter]
        right = [w for w in inside if w["x0"] >= gutter]
        if not full and _two_columns(left, right, left_edge, right_edge, span):
            shift = _margin(right) - _margin(left)
            regions.append(Region(len(regions) + 1, 1, top, top, bottom, 0.0, gutter, 0.0))
            regions.append(Region(len(regions) + 1, 2, top, top, bottom, gutter, float(page.width) + 1, shift))
            columned = True
        else:
            regions.append(Region(len(regions) + 1, 0, top, top, bottom, 0.0, float(page.width) + 1, 0.0))
    return regions if columned else None


def _margin(words: list[dict]) -> float:
    """A column's left margin: the x where most of its words start (its lines do; words inside them scatter)."""
    return Counter(round(w["x0"]) for w in words).most_common(1)[0][0]


def _two_columns(left: list[dict], right: list[dict], left_edge: float, right_edge: float, span: float) -> bool:
    if not left or not right:
        return False
    left_width = max(w["x1"] for w in left) - min(w["x0"] for w in left)
    right_width = max(w["x1"] for w in right) - min(w["x0"] for w in right)
    if min(left_width, right_width) < 0.3 * span or min(left_width, right_width) < 0.7 * max(left_width, right_width):
        return False  # columns of a page are about as wide as each other; a table's columns need not be
    for side in (left, right):
        rows: dict[int, list[dict]] = {}
        for w in side:
            rows.setdefault(round(w["top"] / 2), []).append(w)
        if len(rows) < 3:
            return False
        gappy = 0
        for row in rows.values():
            row.sort(key=lambda w: w["x0"])
            if row and _MARKER_WORD.match(row[0]["text"]):
                row = row[1:]  # a bullet or list number stands apart from its text
            if any(b["x0"] - a["x1"] > _TABLE_GAP for a, b in zip(row, row[1:], strict=False)):
                gappy += 1
        if gappy > 0.2 * len(rows):
            return False
    return True


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


def _group(lines: list[Line], right: dict[tuple[int, int], float]) -> list[Group]:
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


def _continues(group: Group, line: Line, right: dict[tuple[int, int], float]) -> bool:
    prev, first = group.lines[-1], group.lines[0]
    if abs(line.size - prev.size) > 0.5 or line.bold != prev.bold:
        return False
    column_break = line.page == prev.page and prev.col == 1 and line.col == 2 and line.band == prev.band
    if line.page == prev.page + 1 or column_break:  # the last line of a page (column) and the first of the next
        if group.kind == "paragraph" and abs(line.x0 - first.x0) > 3:
            return False
    elif line.page != prev.page or not -2 <= line.top - prev.bottom <= 0.6 * line.size:
        return False
    margin = right[(prev.page, prev.region)]
    next_word = 0.5 * line.size * (len(line.text.split(" ", 1)[0]) + 1)  # about how wide the line's first word is
    if prev.x1 < margin - 0.15 * (margin - first.x0) and prev.x1 + next_word < margin:
        return False  # the line before ends short of the margin and its next word would have fitted: no wrap
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
    right: dict[tuple[int, int], float] = {}
    for line in lines:
        right[(line.page, line.region)] = max(right.get((line.page, line.region), 0.0), line.x1)

    blocks = BlockList(name)
    groups = _group(lines, right)
    heading_sizes = sorted({g.lines[0].size for g in groups if _is_large(g, body) or _numbered_heading(g, body)},
                           reverse=True)
    nesting = Nesting(tolerance=3.0)
    order: list[tuple[tuple[int, float, int, float], object]] = [(g.lines[0].key, g) for g in groups]
    order += [((t.page, t.top, 0, t.top), t) for t in tables]
    order.sort(key=lambda x: x[0])
    k = width = 0
    last_page = 0
    for (page, *_), thing in order:
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
        if _numbered_heading(group, body):  # "1. Trust and confidence" set larger than the text: a heading
            nesting.reset()
            level = heading_sizes.index(first.size) + 1
            blocks.append(Block("heading", f"{group.marker} {text}", where, level=min(level, 6), strong=first.bold))
            continue
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


def _numbered_heading(group: Group, body: float) -> bool:
    """A numbered line in a size notably larger than the body text: a numbered heading, not a list item."""
    first = group.lines[0]
    return group.kind == "item" and group.ordered and len(group.lines) <= 2 and len(group.text) <= 120 \
        and first.size >= body + max(1.0, 0.15 * body)


def _is_large(group: Group, body: float) -> bool:
    first = group.lines[0]
    return group.kind == "paragraph" and first.size >= body + max(1.0, 0.15 * body) and len(group.text) <= 200
