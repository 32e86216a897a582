"""Rows of a sheet (CSV or one Excel worksheet) -> blocks: key/value lines above, then one table.

Why shared: a plan kept in a spreadsheet has the same shape whichever
program saved it. Rows above the table with one or two filled cells
("Organisation: X", or "Title" | "Plan title") are paragraphs
"Organisation: X" / "Title: Plan title"; the rest, from the first row with
three or more filled cells, is one table block whose first row is the header
when it looks like one (every cell a short label), or when the sheet marks it
(bold in Excel). Empty rows are skipped; the rows keep their spreadsheet row
numbers.
"""

from __future__ import annotations

from eqkg.documents.model import Block, Location, Row
from eqkg.documents.safety import BlockList
from eqkg.documents.text import looks_like_header


def sheet_blocks(rows: list[tuple[int, list[str]]], sheet: str | None, blocks: BlockList,
                 bold_first: frozenset[int] = frozenset()) -> None:
    """Append the blocks of one sheet: `rows` are (row number, cells) with cells already as text."""
    filled = []
    for number, cells in rows:
        cells = list(cells)
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            filled.append((number, cells))
    if not filled:
        return
    widest = max(sum(1 for c in cells if c) for _, cells in filled)
    start = 0
    if widest >= 3:
        while start < len(filled) and sum(1 for c in filled[start][1] if c) <= 2:
            number, cells = filled[start]
            values = [c for c in cells if c]
            text = values[0] if len(values) == 1 else f"{values[0].rstrip(':').rstrip()}: {values[1]}"
            blocks.append(Block("paragraph", text, Location(sheet=sheet, row=number)))
            start += 1
    table = filled[start:]
    if table:
        header = table[0][0] in bold_first or looks_like_header([cells for _, cells in table])
        blocks.append(Block("table", location=Location(sheet=sheet, row=table[0][0]),
                            rows=tuple(Row(tuple(cells), Location(sheet=sheet, row=n)) for n, cells in table),
                            header=header))
