"""CSV, read with the standard csv module: the delimiter sniffed (comma, semicolon, tab or bar).

UTF-8, else Windows-1252 with a note (Excel's plain "CSV" is Windows-1252).
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


def read(data: bytes, name: str) -> Document:
    text, notes = decode_text(data, name)
    try:
        dialect = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [(n, [collapse(c) for c in row])
                for n, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1)]
    except csv.Error as exc:
        raise InputError(f"{name} is not valid CSV: {exc}") from None
    blocks = BlockList(name)
    sheet_blocks(rows, None, blocks)
    return Document(list(blocks), "csv", name, text=text, notes=notes)
