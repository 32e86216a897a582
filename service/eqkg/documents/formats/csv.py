"""CSV, read with the standard csv module: the delimiter sniffed (comma, semicolon, tab or bar).

When the sniffer cannot tell (rows of different widths), the delimiter on
most lines is used. UTF-8, else Windows-1252 with a note (Excel's plain "CSV" is Windows-1252).
One table block (eqkg.documents.formats._sheet), rows located by their row
number in the file; `Document.text` is the decoded text.
"""

from __future__ import annotations

import csv
import io

from eqkg.documents.formats._sheet import sheet_blocks
from eqkg.documents.model import Document
from eqkg.documents.safety import BlockList
from eqkg.documents.text import collapse, decode_text
from eqkg.errors import InputError

DELIMITERS = ",;\t|"


def _by_count(text: str) -> type[csv.Dialect]:
    """The delimiter found on most of the first 200 lines (comma when none is)."""
    lines = text.splitlines()[:200]
    counts = {d: (sum(d in line for line in lines), text.count(d)) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])

    class Found(csv.excel):
        delimiter = best if counts[best][0] else ","

    return Found


def read(data: bytes, name: str) -> Document:
    text, notes = decode_text(data, name)
    try:
        dialect = csv.Sniffer().sniff(text[:65536], delimiters=DELIMITERS)
    except csv.Error:  # rows of different widths (key/value lines above a table) defeat the sniffer
        dialect = _by_count(text)
    try:
        rows = [(n, [collapse(c) for c in row])
                for n, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1)]
    except csv.Error as exc:
        raise InputError(f"{name} is not valid CSV: {exc}") from None
    blocks = BlockList(name)
    sheet_blocks(rows, None, blocks)
    return Document(list(blocks), "csv", name, text=text, notes=notes)
