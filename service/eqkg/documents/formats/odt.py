"""OpenDocument text (.odt), read with odfpy (which parses with defusedxml).

`text:h` is a heading at its outline level; `text:p` a paragraph, or a heading
when its style (or a parent style) is a heading style with a default outline
level, as LibreOffice writes "Heading 2"; `text:list` gives list items nested
by list depth, ordered when the list style's level is a number style (the
marker is built from its prefix, format and suffix); `table:table` a table,
where a spanned or covered cell is read once, in its first cell. A paragraph
whose text is all bold is `strong`. A frame's text box (a sidebar or call-out)
is read as blocks of its own just before the paragraph it is anchored in,
never run into that paragraph's text, at the anchor's location. Locations are as for Word:
`Location(paragraph=n)` and `Location(table=k, row=r)`.
"""

from __future__ import annotations

import io

from odf.namespaces import DRAWNS, FONS, OFFICENS, STYLENS, TABLENS, TEXTNS
from odf.opendocument import load
from odf.text import H, P

from eqkg.documents.model import Block, Document, Location, Row
from eqkg.documents.safety import BlockList
from eqkg.documents.text import collapse, format_counter, looks_like_header
from eqkg.errors import InputError

STRONG_MAX = 200
_SKIP = {(TEXTNS, "note"), (OFFICENS, "annotation"), (TEXTNS, "soft-page-break"), (TEXTNS, "tracked-changes"),
         (TEXTNS, "sequence-decls"), (TEXTNS, "table-of-content-source"), (TEXTNS, "deletion"),
         (DRAWNS, "frame")}  # a frame's text box is read as blocks of its own (Reader.boxes)
_MAX_REPEAT = 64  # table:number-columns-repeated / rows-repeated beyond this are blank padding


def _attr(element, ns: str, name: str) -> str | None:
    return element.attributes.get((ns, name))


def _children(element):
    return [c for c in element.childNodes if c.nodeType == c.ELEMENT_NODE]


def _frames(element) -> list:
    """The text boxes of the frames anchored in a paragraph (sidebars, call-outs), not those inside them."""
    found = []
    for child in _children(element):
        if child.qname == (DRAWNS, "frame"):
            found += [c for c in _children(child) if c.qname == (DRAWNS, "text-box")]
        elif child.qname not in _SKIP:
            found += _frames(child)
    return found


class Styles:
    """Paragraph/text styles (parent, outline level, bold) and list styles (per level: ordered, marker parts)."""

    def __init__(self, document) -> None:
        self.styles: dict[str, dict] = {}
        self.lists: dict[str, dict[int, dict]] = {}
        for container in (document.styles, document.automaticstyles):
            for element in _children(container):
                if element.qname == (STYLENS, "style"):
                    bold = None
                    for props in _children(element):
                        if props.qname == (STYLENS, "text-properties"):
                            weight = _attr(props, FONS, "font-weight")
                            bold = weight in ("bold", "600", "700", "800", "900") if weight else None
                    self.styles[_attr(element, STYLENS, "name")] = {
                        "parent": _attr(element, STYLENS, "parent-style-name"),
                        "outline": _attr(element, STYLENS, "default-outline-level"),
                        "display": _attr(element, STYLENS, "display-name") or _attr(element, STYLENS, "name"),
                        "bold": bold}
                elif element.qname == (TEXTNS, "list-style"):
                    levels = {}
                    for level in _children(element):
                        n = int(_attr(level, TEXTNS, "level") or 1)
                        if level.qname == (TEXTNS, "list-level-style-number"):
                            levels[n] = {"ordered": bool(_attr(level, STYLENS, "num-format")),
                                         "format": _attr(level, STYLENS, "num-format") or "1",
                                         "prefix": _attr(level, STYLENS, "num-prefix") or "",
                                         "suffix": _attr(level, STYLENS, "num-suffix") or "",
                                         "start": int(_attr(level, TEXTNS, "start-value") or 1)}
                        else:
                            levels[n] = {"ordered": False, "bullet": _attr(level, TEXTNS, "bullet-char") or "•"}
                    self.lists[_attr(element, STYLENS, "name")] = levels

    def chain(self, name: str | None):
        seen = set()
        while name and name in self.styles and name not in seen:
            seen.add(name)
            yield self.styles[name]
            name = self.styles[name]["parent"]

    def outline(self, name: str | None) -> int | None:
        for style in self.chain(name):
            if style["outline"] and style["outline"].isdigit():
                return int(style["outline"])
            if style["display"] == "Title":
                return 1
        return None

    def bold(self, name: str | None) -> bool | None:
        for style in self.chain(name):
            if style["bold"] is not None:
                return style["bold"]
        return None


class Reader:
    def __init__(self, document, name: str) -> None:
        self.styles = Styles(document)
        self.blocks = BlockList(name)
        self.paragraphs = 0
        self.tables = 0
        self.depth = 0  # text boxes inside text boxes
        self.fixed: Location | None = None  # a text box's paragraphs are placed at their anchor paragraph

    def pieces(self, element, bold: bool, out: list[tuple[str, bool]]) -> None:
        """The text of a paragraph as (text, bold) pieces, spans' own styles applied."""
        for node in element.childNodes:
            if node.nodeType == node.TEXT_NODE:
                out.append((node.data, bold))
                continue
            if node.nodeType != node.ELEMENT_NODE or node.qname in _SKIP:
                continue
            local = node.qname[1] if node.qname[0] == TEXTNS else None
            if local == "s":
                out.append((" " * int(_attr(node, TEXTNS, "c") or 1), bold))
            elif local in ("tab", "line-break"):
                out.append((" ", bold))
            else:
                inner = self.styles.bold(_attr(node, TEXTNS, "style-name")) if local == "span" else None
                self.pieces(node, bold if inner is None else inner, out)

    def text(self, element) -> tuple[str, bool]:
        out: list[tuple[str, bool]] = []
        self.pieces(element, bool(self.styles.bold(_attr(element, TEXTNS, "style-name"))), out)
        text = collapse("".join(t for t, _ in out))
        strong = bool(text) and len(text) <= STRONG_MAX and all(b for t, b in out if t.strip())
        return text, strong

    def body(self, container) -> None:
        for element in _children(container):
            q = element.qname
            if q in ((TEXTNS, "p"), (TEXTNS, "h")):
                self.paragraph(element)
            elif q == (TEXTNS, "list"):
                self.list(element, 0, None)
            elif q == (TABLENS, "table"):
                self.table(element)
            elif q in ((TEXTNS, "section"), (TEXTNS, "index-body"), (TEXTNS, "table-of-content")):
                self.body(element)

    def boxes(self, element) -> None:
        """A sidebar's text boxes, read apart just before the paragraph they are anchored in."""
        anchor = self.fixed or Location(paragraph=self.paragraphs + 1)
        for box in _frames(element) if self.depth < 3 else ():
            self.depth, fixed, self.fixed = self.depth + 1, self.fixed, anchor
            self.body(box)
            self.depth, self.fixed = self.depth - 1, fixed

    def paragraph(self, element, item: tuple[int, str, bool] | None = None) -> None:
        self.boxes(element)
        if self.fixed is None:
            self.paragraphs += 1
        text, strong = self.text(element)
        if not text:
            return
        where = self.fixed or Location(paragraph=self.paragraphs)
        style = _attr(element, TEXTNS, "style-name")
        level = None
        if element.qname == (TEXTNS, "h"):
            raw = _attr(element, TEXTNS, "outline-level")
            level = int(raw) if raw and raw.isdigit() else self.styles.outline(style) or 1
        elif item is None:
            level = self.styles.outline(style)
        if level:
            self.blocks.append(Block("heading", text, where, level=min(max(level, 1), 6)))
        elif item is not None:
            depth, marker, ordered = item
            self.blocks.append(Block("item", text, where, level=depth, marker=marker, ordered=ordered,
                                     strong=strong))
        else:
            self.blocks.append(Block("paragraph", text, where, strong=strong))

    def list(self, element, depth: int, style: str | None) -> None:
        style = _attr(element, TEXTNS, "style-name") or style
        spec = self.styles.lists.get(style or "", {}).get(depth + 1, {"ordered": False, "bullet": "•"})
        counter = spec.get("start", 1) - 1
        for item in _children(element):
            if item.qname not in ((TEXTNS, "list-item"), (TEXTNS, "list-header")):
                continue
            counter += 1
            if spec["ordered"]:
                marker = spec["prefix"] + format_counter(counter, spec["format"]) + spec["suffix"]
            else:
                marker = spec.get("bullet", "•")
            first = True
            for child in _children(item):
                if child.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                    self.paragraph(child, (depth, marker, spec["ordered"]) if first else None)
                    first = False
                elif child.qname == (TEXTNS, "list"):
                    self.list(child, depth + 1, style)
                elif child.qname == (TABLENS, "table"):
                    self.table(child)

    def table(self, element) -> None:
        self.tables += 1
        k = self.tables
        rows: list[Row] = []
        header_rows = 0
        r = 0

        def walk(container, in_header: bool) -> None:
            nonlocal r, header_rows
            for child in _children(container):
                if child.qname == (TABLENS, "table-row"):
                    repeat = min(int(_attr(child, TABLENS, "number-rows-repeated") or 1), _MAX_REPEAT)
                    cells, lines = self.row(child)
                    for _ in range(repeat):
                        r += 1
                        if any(cells):
                            rows.append(Row(tuple(cells), Location(table=k, row=r), tuple(lines)))
                            header_rows += in_header
                elif child.qname in ((TABLENS, "table-header-rows"), (TABLENS, "table-rows"),
                                     (TABLENS, "table-row-group")):
                    walk(child, in_header or child.qname == (TABLENS, "table-header-rows"))

        walk(element, False)
        if rows:
            self.blocks.append(Block("table", location=Location(table=k), rows=tuple(rows),
                                     header=header_rows == 1 or looks_like_header([x.cells for x in rows])))

    def row(self, element) -> tuple[list[str], list[tuple[str, ...]]]:
        """The cells' text and each cell's paragraphs."""
        cells: list[str] = []
        lines: list[tuple[str, ...]] = []
        for cell in _children(element):
            repeat = min(int(_attr(cell, TABLENS, "number-columns-repeated") or 1), _MAX_REPEAT)
            if cell.qname == (TABLENS, "covered-table-cell"):
                cells.extend([""] * repeat)
                lines.extend([()] * repeat)
            elif cell.qname == (TABLENS, "table-cell"):
                paragraphs = tuple(t for t in (collapse(self.text(p)[0]) for p in
                                               cell.getElementsByType(P) + cell.getElementsByType(H)) if t)
                cells.extend([collapse(" ".join(paragraphs))] * repeat)
                lines.extend([paragraphs] * repeat)
        while cells and not cells[-1]:
            cells.pop()
        return cells, lines[:len(cells)]


def read(data: bytes, name: str) -> Document:
    try:
        document = load(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - odfpy raises KeyError, SAX errors, defusedxml errors ...
        raise InputError(f"{name} could not be read as an OpenDocument text ({type(exc).__name__}); open "
                         "it in LibreOffice and save it again as .odt") from None
    reader = Reader(document, name)
    reader.body(document.text)
    title = None
    for element in document.meta.childNodes:
        if element.nodeType == element.ELEMENT_NODE and element.qname[1] == "title":
            title = collapse(str(element)) or None
    return Document(list(reader.blocks), "odt", name, title=title)
