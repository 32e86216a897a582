"""Web pages (.html), parsed with lxml.html: no network, no external entities, scripts and page chrome removed.

What is read: the page's `<main>` (or role=main) when it has one, else the
body, without script, style, nav, forms, and the page-level header and footer
(a header inside an article is kept: it often holds the h1). h1-h6 are
headings; p, and text standing directly in a div or section, paragraphs;
ul/ol/li items nested by list depth (ol markers counted from `start` in the
list's `type`); tables row by row, with colspan/rowspan cells read once in
their first cell; dl term/definition pairs as "term: definition" paragraphs.
Locations are `Location(line=element.sourceline)` (rows add `table`, `row`).
The character set is the page's `<meta charset>`, else UTF-8, else
Windows-1252 (noted).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from eqkg.documents.model import Block, Document, Location, Row
from eqkg.documents.safety import BlockList
from eqkg.documents.text import collapse, decode_text, format_counter, looks_like_header
from eqkg.errors import InputError

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_DROP = ("script", "style", "noscript", "template", "nav", "form", "button", "select", "iframe", "svg",
         "object", "embed", "canvas", "dialog")
_CONTAINERS = {"div", "section", "article", "main", "aside", "blockquote", "header", "footer", "figure",
               "figcaption", "address", "details", "summary", "fieldset", "center", "body", "html"}
_BLOCKS = set(_HEADINGS) | _CONTAINERS | {"p", "ul", "ol", "li", "table", "dl", "pre", "hr", "caption"}
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _decode(data: bytes, name: str) -> tuple[str, list[str]]:
    declared = _CHARSET.search(data[:4096])
    if declared:
        codec = declared.group(1).decode("ascii").lower()
        try:
            return data.decode("utf-8-sig" if codec in ("utf-8", "utf8") else codec), []
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)


def _tag(element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _has_block(element) -> bool:
    return any(_tag(e) in _BLOCKS for e in element.iterdescendants())


class Reader:
    def __init__(self, name: str) -> None:
        self.blocks = BlockList(name)
        self.tables = 0

    def container(self, element) -> None:
        """Children in order: block children become blocks, loose inline text between them paragraphs."""
        buffer: list[str] = []
        line = [element.sourceline]

        def flush() -> None:
            words = collapse("".join(buffer))
            if words:
                self.blocks.append(Block("paragraph", words, Location(line=line[0])))
            buffer.clear()

        if element.text:
            buffer.append(element.text)
        for child in element:
            tag = _tag(child)
            if tag in _HEADINGS:
                flush()
                words = collapse(child.text_content())
                if words:
                    self.blocks.append(Block("heading", words, Location(line=child.sourceline),
                                             level=_HEADINGS[tag]))
            elif tag in ("p", "pre", "caption"):
                flush()
                if _has_block(child):
                    self.container(child)
                else:
                    self.paragraph(child)
            elif tag in ("ul", "ol"):
                flush()
                self.list(child, 0)
            elif tag == "table":
                flush()
                self.table(child)
            elif tag == "dl":
                flush()
                self.definitions(child)
            elif tag == "br":
                flush()
            elif tag in _CONTAINERS or tag == "li" or (tag and _has_block(child)):
                flush()
                self.container(child)
            elif tag:
                if not buffer:
                    line[0] = child.sourceline
                buffer.append(child.text_content())
            if child.tail:
                if not collapse("".join(buffer)):
                    line[0] = child.sourceline
                buffer.append(child.tail)
        flush()

    def paragraph(self, element) -> None:
        words = collapse(element.text_content())
        if not words:
            return
        bold_text = collapse(" ".join(e.text_content() for e in element.iter("b", "strong")
                                      if e.getparent() is not None and _tag(e.getparent()) not in ("b", "strong")))
        strong = bold_text == words and len(words) <= 200
        self.blocks.append(Block("paragraph", words, Location(line=element.sourceline), strong=strong))

    def list(self, element, depth: int) -> None:
        ordered = _tag(element) == "ol"
        style = element.get("type") or "1"
        start = element.get("start", "1")
        counter = int(start) - 1 if start.lstrip("-").isdigit() else 0
        for child in element:
            tag = _tag(child)
            if tag in ("ul", "ol"):
                self.list(child, depth + 1)
                continue
            if tag != "li":
                continue
            value = child.get("value", "")
            counter = int(value) if value.isdigit() else counter + 1
            marker = f"{format_counter(counter, style if style in ('a', 'A', 'i', 'I') else '1')}." if ordered else "•"
            parts: list[str] = [child.text or ""]
            later = []
            for part in child:
                if _tag(part) in ("ul", "ol", "table", "dl") or later:
                    later.append(part)
                else:
                    parts.append(part.text_content())
                    parts.append(" " if _tag(part) in _BLOCKS else "")
                    parts.append(part.tail or "")
            words = collapse("".join(parts))
            if words:
                self.blocks.append(Block("item", words, Location(line=child.sourceline), level=depth,
                                         marker=marker, ordered=ordered))
            for part in later:
                tag = _tag(part)
                if tag in ("ul", "ol"):
                    self.list(part, depth + 1)
                elif tag == "table":
                    self.table(part)
                elif tag == "dl":
                    self.definitions(part)
                else:
                    words = collapse(part.text_content() + (part.tail or ""))
                    if words:
                        self.blocks.append(Block("paragraph", words, Location(line=part.sourceline)))

    def table(self, element) -> None:
        self.tables += 1
        k = self.tables
        for caption in element.findall("caption"):
            words = collapse(caption.text_content())
            if words:
                self.blocks.append(Block("paragraph", words, Location(line=caption.sourceline)))
        trs = element.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        header = bool(trs) and (_tag(trs[0].getparent()) == "thead"
                                or all(_tag(c) == "th" for c in trs[0] if _tag(c) in ("th", "td")))
        spans: dict[int, int] = {}  # column -> rows it is still covered by a rowspan above
        rows: list[Row] = []
        for r, tr in enumerate(trs, start=1):
            cells: list[str] = []
            for cell in tr:
                if _tag(cell) not in ("th", "td"):
                    continue
                while spans.get(len(cells), 0) > 0:
                    spans[len(cells)] -= 1
                    cells.append("")
                rowspan = cell.get("rowspan", "1")
                colspan = cell.get("colspan", "1")
                width = min(int(colspan), 64) if colspan.isdigit() and int(colspan) > 0 else 1
                for offset in range(width):
                    if rowspan.isdigit() and int(rowspan) > 1:
                        spans[len(cells) + offset] = min(int(rowspan), 1000) - 1
                cells.append(collapse(cell.text_content()))
                cells.extend([""] * (width - 1))
            while spans.get(len(cells), 0) > 0:
                spans[len(cells)] -= 1
                cells.append("")
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                rows.append(Row(tuple(cells), Location(line=tr.sourceline, table=k, row=r)))
        if rows:
            self.blocks.append(Block("table", location=Location(line=element.sourceline, table=k),
                                     rows=tuple(rows), header=header or looks_like_header([x.cells for x in rows])))

    def definitions(self, element) -> None:
        term, line = None, element.sourceline
        for child in element:
            tag = _tag(child)
            words = collapse(child.text_content())
            if tag == "dt":
                if term:
                    self.blocks.append(Block("paragraph", term, Location(line=line)))
                term, line = words, child.sourceline
            elif tag == "dd" and words:
                text = f"{term.rstrip(':')}: {words}" if term else words
                self.blocks.append(Block("paragraph", text, Location(line=line if term else child.sourceline)))
                term = None
        if term:
            self.blocks.append(Block("paragraph", term, Location(line=line)))


def read(data: bytes, name: str) -> Document:
    text, notes = _decode(data, name)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{name} could not be read as a web page: {exc}") from None
    title = collapse(root.findtext(".//title") or "") or None
    for element in root.xpath("//" + " | //".join(_DROP) + " | //head"):
        element.drop_tree()
    for element in root.xpath("//header | //footer"):
        if not element.xpath("ancestor::main | ancestor::article | ancestor::*[@role='main']"):
            element.drop_tree()
    main = root.xpath("//main | //*[@role='main']")
    reader = Reader(name)
    reader.container(main[0] if main else root.find("body") if root.find("body") is not None else root)
    return Document(list(reader.blocks), "html", name, title=title, notes=notes)
