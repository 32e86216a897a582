"""Markdown, parsed by markdown-it-py (CommonMark plus tables); `Document.text` is the source.

One block per heading, paragraph, list item and table; a block's line is the
first line of its source (token `.map`). A list item's text is its first
paragraph (later paragraphs of the same item follow as paragraphs); nested
lists give deeper `level`s; the marker is the one written ("3." or "2)" for
numbered items, "-" "*" "+" for bullets). Emphasis and links are reduced to
their text (a paragraph all in **bold** is `strong`, as in Word); HTML blocks
are read for their text.
"""

from __future__ import annotations

import lxml.html
from markdown_it import MarkdownIt
from markdown_it.token import Token

from eqkg.documents.model import Block, Document, Location, Row
from eqkg.documents.safety import BlockList
from eqkg.documents.text import collapse, decode_text

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")


def inline_text(token: Token) -> str:
    """The visible text of an inline token: emphasis, links and code reduced to their words."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return collapse("".join(parts))


STRONG_MAX = 200  # characters, as for Word: a longer all-bold paragraph is emphasis, not a heading-like label


def all_bold(token: Token) -> bool:
    """Whether every visible word of an inline token is inside **strong** emphasis (a bold paragraph, which
    documents without heading marks use as a heading, as Word documents do)."""
    depth, seen = 0, False
    for child in token.children or ():
        if child.type == "strong_open":
            depth += 1
        elif child.type == "strong_close":
            depth -= 1
        elif child.type in ("text", "code_inline") and child.content.strip():
            if depth <= 0:
                return False
            seen = True
    return seen


def _line(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None


def read(data: bytes, name: str) -> Document:
    text, notes = decode_text(data, name)
    tokens = _PARSER.parse(text)
    blocks = BlockList(name)
    lists: list[Token] = []  # open bullet_list/ordered_list tokens
    items: list[dict] = []  # open list items: marker, ordered, level, line, texts, emitted
    table: dict | None = None
    row: list[str] | None = None

    def emit_item(item: dict) -> None:
        if not item["emitted"]:
            item["emitted"] = True
            blocks.append(Block("item", collapse(" ".join(item["texts"])), Location(line=item["line"]),
                                level=item["level"], marker=item["marker"], ordered=item["ordered"]))

    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            if items:
                emit_item(items[-1])
            lists.append(token)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered = lists[-1].type == "ordered_list_open"
            marker = f"{token.info}{token.markup}" if ordered else token.markup
            items.append({"marker": marker, "ordered": ordered, "level": len(lists) - 1,
                          "line": _line(token), "texts": [], "emitted": False})
        elif kind == "list_item_close":
            emit_item(items.pop())
        elif kind == "heading_open":
            blocks.append(Block("heading", inline_text(tokens[i + 1]), Location(line=_line(token)),
                                level=int(token.tag[1])))
            i += 2
        elif kind == "paragraph_open":
            words = inline_text(tokens[i + 1])
            if items and not items[-1]["emitted"]:
                items[-1]["texts"].append(words)
            elif words:
                blocks.append(Block("paragraph", words, Location(line=_line(token)),
                                    strong=len(words) <= STRONG_MAX and all_bold(tokens[i + 1])))
            i += 2
        elif kind == "table_open":
            table = {"line": _line(token), "rows": [], "header": False}
        elif kind == "thead_open" and table is not None:
            table["header"] = True
        elif kind == "tr_open":
            row = []
            row_line = _line(token)
        elif kind in ("th_open", "td_open") and row is not None:
            row.append(inline_text(tokens[i + 1]))
            i += 1
        elif kind == "tr_close" and table is not None and row is not None:
            table["rows"].append(Row(tuple(row), Location(line=row_line)))
            row = None
        elif kind == "table_close" and table is not None:
            blocks.append(Block("table", location=Location(line=table["line"]), rows=tuple(table["rows"]),
                                header=table["header"]))
            table = None
        elif kind in ("fence", "code_block"):
            words = collapse(token.content)
            if words:
                blocks.append(Block("paragraph", words, Location(line=_line(token))))
        elif kind == "html_block":
            words = collapse(lxml.html.fragment_fromstring(token.content, create_parent="div").text_content()
                             ) if token.content.strip() else ""
            if words:
                blocks.append(Block("paragraph", words, Location(line=_line(token))))
                notes.append(f"line {_line(token)}: HTML inside the markdown was read for its text only")
        i += 1
    return Document(list(blocks), "md", name, text=text, notes=notes)
