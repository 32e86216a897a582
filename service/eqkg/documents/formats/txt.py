"""Plain text: one block per line, with headings, list items and tables recognised from how they are typed.

`Document.text` is the decoded text exactly (the seed-layout readers read it
line by line). Recognised: markdown `#` headings and underlined (=== / ---)
headings; short lines in capitals as headings (level 1 for the first line of
the file, else 2: a guess, since text has no levels); bullets and list
numbers (eqkg.documents.text.split_marker) as items nested by indentation,
each with its hard-wrapped continuation lines (indented under it);
runs of `|` rows (markdown tables, separator rows dropped) and runs of two or
more tab-separated lines as one table each. "Objective 1: ..." lines are
left as paragraphs on purpose: the genre readers decide what they are.
"""

from __future__ import annotations

import re

from eqkg.documents.model import Block, Document, Location, Row
from eqkg.documents.safety import BlockList
from eqkg.documents.text import (
    Nesting,
    collapse,
    decode_text,
    is_caps_heading,
    looks_like_header,
    split_marker,
)

_HASH_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(\s+#+)?\s*$")
_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_RULE = re.compile(r"^\s*([-=_*~])(\s*\1){2,}\s*$")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_TABBED = re.compile(r"\S\t+\S")
#: "•<TAB>text": a bullet pasted from Word keeps its tab; it is a list item, not a table row.
_BULLET_TAB = re.compile(r"^\s*(?:[•·◦▪●○■\-–*o]|\d{1,3}[.)]|[a-z][.)]|\(\w{1,4}\))\t+\S")


def split_lines(text: str) -> list[str]:
    """Lines as an editor counts them (\\r\\n, \\r or \\n; form feeds and U+2028 stay inside lines)."""
    return re.split(r"\r\n|\r|\n", text)


def pipe_cells(line: str) -> tuple[str, ...]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return tuple(collapse(c.replace("\\|", "|")) for c in re.split(r"(?<!\\)\|", inner))


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def wrap_width(lines: list[str]) -> int:
    """The width the text was wrapped at: the 95th percentile of its line lengths (a long URL is no measure)."""
    lengths = sorted(len(line.rstrip().expandtabs(4)) for line in lines if line.strip())
    return lengths[int(0.95 * (len(lengths) - 1))] if lengths else 0


def _continues(previous: str, line: str, item: str, width: int) -> bool:
    """Whether `line` carries on a list item hard-wrapped at `width`: indented under the item's marker, no
    marker of its own, and its first word would not have fitted on the line before (so the break is the
    wrap's, not the writer's: "1. Welcome" over an indented paragraph stays apart)."""
    stripped = line.strip()
    if not stripped or _indent(line) <= _indent(item) or split_marker(stripped) or "|" in stripped:
        return False
    if stripped[:1].islower() and not previous.rstrip().endswith((".", "!", "?")):
        return True  # "... differs by / age, disability or ethnicity": a sentence goes on
    first = stripped.split()[0]
    return len(previous.rstrip().expandtabs(4)) + 1 + len(first) > width >= 40


def read(data: bytes, name: str) -> Document:
    text, notes = decode_text(data, name)
    return Document(read_lines(split_lines(text), name), "txt", name, text=text, notes=notes)


def read_lines(lines: list[str], name: str) -> list[Block]:
    """The blocks of a text file's lines (also used for text that arrives without a file)."""
    blocks = BlockList(name)
    nesting = Nesting()
    width = wrap_width(lines)
    i = 0
    while i < len(lines):
        line, n = lines[i], i + 1
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        heading = _HASH_HEADING.match(line)
        if heading and collapse(heading.group(2)):
            nesting.reset()
            blocks.append(Block("heading", collapse(heading.group(2)), Location(line=n),
                                level=len(heading.group(1))))
            i += 1
            continue
        if _RULE.match(line):
            i += 1
            continue
        if "|" in stripped and (stripped.startswith("|") or _SEPARATOR.match(nxt) and "|" in nxt):
            j, rows, header = i, [], False
            while j < len(lines) and lines[j].strip() and "|" in lines[j]:
                if _SEPARATOR.match(lines[j]) and "-" in lines[j]:
                    header = header or len(rows) == 1
                else:
                    rows.append(Row(pipe_cells(lines[j]), Location(line=j + 1)))
                j += 1
            if rows:
                nesting.reset()
                blocks.append(Block("table", location=Location(line=n), rows=tuple(rows),
                                    header=header or looks_like_header([r.cells for r in rows])))
            i = j
            continue
        if _TABBED.search(line) and _TABBED.search(nxt) and not _BULLET_TAB.match(line):
            j, rows = i, []
            while j < len(lines) and _TABBED.search(lines[j]) and not _BULLET_TAB.match(lines[j]):
                cells = tuple(collapse(c) for c in lines[j].strip().split("\t"))
                rows.append(Row(cells, Location(line=j + 1)))
                j += 1
            nesting.reset()
            blocks.append(Block("table", location=Location(line=n), rows=tuple(rows),
                                header=looks_like_header([r.cells for r in rows])))
            i = j
            continue
        item = split_marker(stripped)
        if item:
            marker, ordered, rest = item
            j = i + 1
            while j < len(lines) and _continues(lines[j - 1], lines[j], line, width):
                rest = f"{rest} {lines[j].strip()}"
                j += 1
            blocks.append(Block("item", collapse(rest), Location(line=n), level=nesting.level(_indent(line)),
                                marker=marker, ordered=ordered))
            i = j
            continue
        nesting.reset()
        if _UNDERLINE.match(nxt) and len(nxt.strip()) >= 3:
            blocks.append(Block("heading", collapse(stripped), Location(line=n),
                                level=1 if nxt.strip()[0] == "=" else 2))
            i += 2
            continue
        if is_caps_heading(stripped):
            blocks.append(Block("heading", collapse(stripped), Location(line=n), level=1 if not blocks else 2))
        else:
            blocks.append(Block("paragraph", collapse(stripped), Location(line=n)))
        i += 1
    return list(blocks)
