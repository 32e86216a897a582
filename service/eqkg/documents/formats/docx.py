"""Word (.docx), read with python-docx: the body in order, paragraphs and tables interleaved.

Headings come from the paragraph style: "Heading N" and "Title" (level 1),
else the outline level (`w:outlineLvl`) of the paragraph or its style chain,
which is how localised and custom heading styles are marked. List items come
from numbering (`w:numPr`: `w:ilvl` is the level, the numbering part's
`w:numFmt` says whether it is ordered, and the counter is kept so the marker
reads as Word shows it, "2." or "b)"), or from "List Bullet N"/"List Number N"
styles. A paragraph whose text is all bold (and short) is `strong`. Tables are
read row by row; a merged cell's text is read once, in its first cell (the
columns it spans and the rows it continues into are empty strings), so columns
stay aligned with the header. Tracked insertions are read, deletions are not.
A text box (a sidebar or call-out) is read as blocks of its own, once (not
again from its VML fallback), just before the paragraph it is anchored in,
never run into that paragraph's text; its blocks take the anchor paragraph's
location. Locations: `Location(paragraph=n)` (n counts the body's paragraphs, empty ones
included, as Word does), `Location(table=k, row=r)`.
"""

from __future__ import annotations

import io
import re

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from eqkg.documents.model import Block, Document, Location, Row
from eqkg.documents.safety import BlockList
from eqkg.documents.text import collapse, format_counter, looks_like_header
from eqkg.errors import InputError

_HEADING_NAME = re.compile(r"^(heading|überschrift|titre|título|titolo|kop|rubrik|nagłówek|pennawd)\s*(\d)$", re.I)
_LIST_STYLE = re.compile(r"^list\s+(bullet|number)(?:\s+(\d))?$", re.I)
_ORDERED_FORMATS = {"decimal": "1", "decimalZero": "1", "lowerLetter": "a", "upperLetter": "A",
                    "lowerRoman": "i", "upperRoman": "I", "ordinal": "1", "cardinalText": "1",
                    "ordinalText": "1", "decimalEnclosedParen": "1", "decimalEnclosedCircle": "1"}
_TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): " ", qn("w:br"): " ", qn("w:cr"): " ",
              qn("w:noBreakHyphen"): "-"}
STRONG_MAX = 200  # characters: a longer all-bold paragraph is emphasis, not a heading-like label


def _val(element, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return found.get(qn("w:val")) if found is not None else None


_TEXT_BOX = qn("w:txbxContent")
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_FALLBACK = f"{{{_MC}}}Fallback"


def _own_nodes(element):
    """The element's descendants, but not inside a text box (read as blocks of its own) nor in the
    compatibility fallback that repeats what its `mc:Choice` says."""
    for child in element.iterchildren():
        if child.tag in (_TEXT_BOX, _FALLBACK):
            continue
        yield child
        yield from _own_nodes(child)


def paragraph_text(element) -> str:
    """The paragraph's visible text (runs, hyperlinks, tracked insertions; not deletions or field codes, and
    not the text of a text box anchored in it)."""
    parts = []
    for node in _own_nodes(element):
        if node.tag in _TEXT_TAGS:
            parts.append(node.text or "" if _TEXT_TAGS[node.tag] is None else _TEXT_TAGS[node.tag])
    return collapse("".join(parts))


def _cell_paragraphs(cell) -> list:
    """A table cell's paragraphs in order, those of a text box in it included, its compatibility copy not."""
    return [p for p in cell.iter(qn("w:p")) if not any(a.tag == _FALLBACK for a in p.iterancestors())]


def text_boxes(element) -> list:
    """The text boxes (sidebars, call-outs) anchored in a paragraph, each once: the DrawingML one, or the
    VML fallback when that is all there is."""
    boxes = [b for b in element.iter(_TEXT_BOX) if not any(a.tag == _FALLBACK for a in b.iterancestors())]
    return boxes or [b for b in element.iter(_TEXT_BOX)
                     if not any(a.tag == _TEXT_BOX for a in b.iterancestors())][:1]


def _styles(style):
    while style is not None:
        yield style
        style = style.base_style


class Numbering:
    """The numbering part: which lists are ordered, their markers, and the running counters."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int, str | None]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                start = _val(lvl, qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    _val(lvl, qn("w:numFmt")) or "decimal", _val(lvl, qn("w:lvlText")) or "",
                    int(start) if start and start.lstrip("-").isdigit() else 1, _val(lvl, qn("w:pStyle")))
            self.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, qn("w:startOverride"))
                if start and start.isdigit():
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start)
            self.nums[num.get(qn("w:numId"))] = (_val(num, qn("w:abstractNumId")) or "", overrides)

    def level_of_style(self, num_id: str, style_id: str | None) -> int | None:
        abstract, _ = self.nums.get(num_id, ("", {}))
        for ilvl, (*_, pstyle) in self.levels.get(abstract, {}).items():
            if pstyle and pstyle == style_id:
                return ilvl
        return None

    def marker(self, num_id: str, ilvl: int) -> tuple[str, bool]:
        """(marker as Word shows it, ordered) for the next paragraph of list num_id at level ilvl."""
        abstract, overrides = self.nums.get(num_id, ("", {}))
        levels = self.levels.get(abstract, {})
        fmt, text, start, _ = levels.get(ilvl, ("bullet", "", 1, None))
        counts = self.counters.setdefault(num_id, [0] * 9)
        ilvl = min(max(ilvl, 0), 8)
        counts[ilvl] = (counts[ilvl] or overrides.get(ilvl, start) - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        if fmt not in _ORDERED_FORMATS:
            char = text.strip()
            return (char if len(char) == 1 and not 0xE000 <= ord(char) <= 0xF8FF else "•"), False

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            kfmt = levels.get(k, ("decimal",))[0]
            value = counts[k] or levels.get(k, ("", "", 1))[2]
            return format_counter(value, _ORDERED_FORMATS.get(kfmt, "1"))

        return re.sub(r"%(\d)", number, text).strip() or f"{counts[ilvl]}.", True


def _bold(run: Run, paragraph_style) -> bool:
    if run.bold is not None:
        return run.bold
    for style in _styles(run.style):
        if style.font.bold is not None:
            return style.font.bold
    for style in _styles(paragraph_style):
        if style.font.bold is not None:
            return style.font.bold
    return False


def _outline_level(element, style) -> int | None:
    level = _val(element.pPr, qn("w:outlineLvl")) if element.pPr is not None else None
    for s in _styles(style):
        if level is not None:
            break
        ppr = s.element.pPr
        level = _val(ppr, qn("w:outlineLvl")) if ppr is not None else None
    return int(level) + 1 if level is not None and level.isdigit() and int(level) < 9 else None


def _num_pr(element, style):
    """(numId, ilvl or None, from_style) of the paragraph's numbering, or None."""
    ppr = element.pPr
    if ppr is not None and ppr.find(qn("w:numPr")) is not None:
        num = ppr.find(qn("w:numPr"))
        num_id, ilvl = _val(num, qn("w:numId")), _val(num, qn("w:ilvl"))
        if num_id is not None:
            return (num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0, False) if num_id != "0" else None
    for s in _styles(style):
        ppr = s.element.pPr
        num = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num is not None:
            num_id, ilvl = _val(num, qn("w:numId")), _val(num, qn("w:ilvl"))
            if num_id and num_id != "0":
                return num_id, int(ilvl) if ilvl and ilvl.isdigit() else None, True
    return None


class Reader:
    def __init__(self, document, name: str) -> None:
        self.document = document
        self.blocks = BlockList(name)
        self.numbering = Numbering(document)
        self.paragraphs = 0
        self.tables = 0
        self.depth = 0  # text boxes inside text boxes
        self.fixed: Location | None = None  # a text box's paragraphs are placed at their anchor paragraph

    def body(self, container) -> None:
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                anchor = self.fixed or Location(paragraph=self.paragraphs + 1)
                for box in text_boxes(child) if self.depth < 3 else ():  # a sidebar: read apart, before its anchor
                    self.depth, fixed, self.fixed = self.depth + 1, self.fixed, anchor
                    self.body(box)
                    self.depth, self.fixed = self.depth - 1, fixed
                self.paragraph(Paragraph(child, self.document._body))
            elif child.tag == qn("w:tbl"):
                self.table(Table(child, self.document._body))
            elif child.tag in (qn("w:sdt"), qn("w:customXml")):
                content = child.find(qn("w:sdtContent"))
                self.body(content if content is not None else child)

    def paragraph(self, paragraph: Paragraph) -> None:
        if self.fixed is None:
            self.paragraphs += 1
        element = paragraph._p
        text = paragraph_text(element)
        if not text:
            return
        where = self.fixed or Location(paragraph=self.paragraphs)
        style = paragraph.style
        name = style.name if style is not None else ""
        heading = _HEADING_NAME.match(name or "")
        level = 1 if name == "Title" else int(heading.group(2)) if heading else _outline_level(element, style)
        if level:
            self.blocks.append(Block("heading", text, where, level=min(max(level, 1), 6)))
            return
        runs = [Run(r, paragraph) for r in _own_nodes(element) if r.tag == qn("w:r") and paragraph_text(r)]
        strong = bool(runs) and len(text) <= STRONG_MAX and all(_bold(r, style) for r in runs)
        numbering = _num_pr(element, style)
        listed = _LIST_STYLE.match(name or "")
        if numbering:
            num_id, ilvl, from_style = numbering
            if ilvl is None:
                ilvl = self.numbering.level_of_style(num_id, style.style_id if style is not None else None)
                if ilvl is None or ilvl == 0 and listed and listed.group(2):
                    ilvl = int(listed.group(2)) - 1 if listed and listed.group(2) else 0
            marker, ordered = self.numbering.marker(num_id, ilvl)
            self.blocks.append(Block("item", text, where, level=ilvl, marker=marker, ordered=ordered,
                                     strong=strong))
        elif listed:
            ordered = listed.group(1).lower() == "number"
            self.blocks.append(Block("item", text, where, level=int(listed.group(2) or 1) - 1,
                                     marker="" if ordered else "•", ordered=ordered, strong=strong))
        else:
            self.blocks.append(Block("paragraph", text, where, strong=strong))

    def table(self, table: Table) -> None:
        self.tables += 1
        k = self.tables
        rows: list[Row] = []
        header = False
        for r, tr in enumerate(table._tbl.tr_lst, start=1):
            cells: list[str] = []
            lines: list[tuple[str, ...]] = []
            for tc in tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc"):
                continued = tc.tcPr is not None and tc.tcPr.vMerge is not None and tc.vMerge != "restart"
                paragraphs = () if continued else tuple(t for t in map(paragraph_text, _cell_paragraphs(tc)) if t)
                cells.append(collapse(" ".join(paragraphs)))
                lines.append(paragraphs)
                span = min(tc.grid_span, 64) - 1
                cells.extend([""] * span)
                lines.extend([()] * span)
            while cells and not cells[-1]:
                cells.pop()
            lines = lines[:len(cells)]
            if r == 1:
                header = tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
            if any(cells):
                rows.append(Row(tuple(cells), Location(table=k, row=r), tuple(lines)))
        if rows:
            self.blocks.append(Block("table", location=Location(table=k), rows=tuple(rows),
                                     header=header or looks_like_header([row.cells for row in rows])))


def read(data: bytes, name: str) -> Document:
    try:
        document = open_docx(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises KeyError, ValueError, lxml errors ...
        raise InputError(f"{name} could not be read as a Word document ({type(exc).__name__}); open it in "
                         "Word and save it again as .docx") from None
    reader = Reader(document, name)
    reader.body(document.element.body)
    title = collapse(document.core_properties.title or "") or None
    return Document(list(reader.blocks), "docx", name, title=title)
