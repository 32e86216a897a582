"""The one document model every input format is turned into, and every genre reader works on.

Why a model of its own: a plan written in Word, saved as PDF, pasted as text
or kept as markdown is the same plan. The format modules (one per format, in
this package) turn bytes into a `Document`: an ordered list of blocks, each a
heading (with its level), a paragraph, a list item (with its nesting depth and
its marker) or a table (rows of cells), and each with the place it came from
(line, page, paragraph or table row) so that every fact read can be traced.
The genre readers in eqkg.ingest read blocks only, never a format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "item", "table"]

__all__ = ["Block", "BlockKind", "Document", "Location", "Row"]


@dataclass(frozen=True)
class Location:
    """Where a block (or a table row) sits in its source.

    `line` is 1-based in a text source (txt, md, csv) and within the page for
    a PDF; `page` is 1-based for PDFs; `paragraph` is the 1-based body
    paragraph of a Word/ODT/HTML document; `row` the 1-based row of a table
    (spreadsheet row for csv/xlsx, with `sheet`).
    """

    line: int | None = None
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    sheet: str | None = None

    def render(self) -> str:
        """The eq:sourceLocation wording: "line 12", "page 3, line 4", "table 2, row 5", "sheet Plan, row 7"."""
        parts: list[str] = []
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        return ", ".join(parts) or "document"


@dataclass(frozen=True)
class Row:
    """One table row: its cells' text (whitespace collapsed) and its place.

    `lines` holds each cell's paragraphs or list items where the format keeps them apart (Word, ODT,
    HTML; the bulleted lines of a PDF cell), so that a cell listing several actions can be read as
    several; it is empty when the format does not say.
    """

    cells: tuple[str, ...]
    location: Location
    lines: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Block:
    """One unit of a document.

    - heading: `text`, `level` 1-6 (1 is the document title or a top section);
    - paragraph: `text`;
    - item: `text`, `level` 0 for a top-level list item, 1 nested once...,
      `marker` as written ("1.", "a)", "(ii)", "•", "-") or "" when the format
      gives none, `ordered` True for numbered lists;
    - table: `rows` (the first row is the header when `header` is True).

    Text is the visible wording with whitespace collapsed and markup removed;
    bold/italic are not kept, but `strong` says the whole block was bold
    (a bold one-line paragraph is often a heading in Word documents).
    """

    kind: BlockKind
    text: str = ""
    location: Location = field(default_factory=Location)
    level: int = 0
    marker: str = ""
    ordered: bool = False
    strong: bool = False
    rows: tuple[Row, ...] = ()
    header: bool = False


@dataclass
class Document:
    """A parsed input: its blocks in reading order, its format and name, and what its metadata says.

    `text` is the source as text where the format is text (txt, md): readers
    fitted to a text layout (the seed documents) read it line by line; for
    other formats it is the blocks written out one per line (tables as
    "| a | b |" rows), so cue detection works the same on every format.
    """

    blocks: list[Block]
    format: str  # txt, md, html, docx, odt, pdf, csv, xlsx
    source_name: str = "<upload>"
    title: str | None = None  # from the file's metadata (docx core properties, PDF info, <title>)
    text: str = ""
    notes: list[str] = field(default_factory=list)  # what the format reader could not read or was unsure of

    def __post_init__(self) -> None:
        if not self.text:
            self.text = "\n".join(_as_line(b) for b in self.blocks)

    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]


def _as_line(block: Block) -> str:
    if block.kind == "heading":
        return "#" * max(1, min(block.level, 6)) + " " + block.text
    if block.kind == "item":
        return "  " * block.level + (block.marker or "-") + " " + block.text
    if block.kind == "table":
        return "\n".join("| " + " | ".join(r.cells) + " |" for r in block.rows)
    return block.text
