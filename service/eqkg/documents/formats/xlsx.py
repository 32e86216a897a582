"""Excel (.xlsx), read with openpyxl: every visible sheet, cached values of formulas, merged cells once.

One table block per sheet (eqkg.documents.formats._sheet), with key/value
rows above the table as paragraphs; rows are located by sheet and row
number. Formulas are read as the values Excel last calculated and saved
(`data_only`), and the document notes it: a workbook saved by a program that
does not calculate has no such values, and those cells read as empty. A
merged cell's value is in its first cell; the others read as empty. Dates
are written as ISO dates; whole numbers without ".0". Hidden sheets are left
out, with a note.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time

from openpyxl import load_workbook

from eqkg.documents.formats._sheet import sheet_blocks
from eqkg.documents.model import Document
from eqkg.documents.safety import BlockList
from eqkg.documents.text import collapse
from eqkg.errors import InputError

MAX_COLUMNS = 200
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return collapse(str(value))


def _has_formulas(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                with archive.open(member) as stream:
                    while chunk := stream.read(1 << 20):
                        if _FORMULA.search(chunk):
                            return True
    return False


def read(data: bytes, name: str) -> Document:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises KeyError, InvalidFileException, XML errors ...
        raise InputError(f"{name} could not be read as an Excel workbook ({type(exc).__name__}); open it "
                         "in Excel and save it again as .xlsx") from None
    blocks = BlockList(name)
    notes: list[str] = []
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                notes.append(f"{name}: hidden sheet {sheet.title!r} was not read")
                continue
            rows, bold = [], set()
            for row in sheet.iter_rows(max_col=MAX_COLUMNS):
                cells = [cell_text(getattr(c, "value", None)) for c in row]
                number = next((c.row for c in row if getattr(c, "row", None)), None)
                if number is None or not any(cells):
                    continue
                filled = [c for c in row if getattr(c, "value", None) is not None]
                if filled and all(getattr(getattr(c, "font", None), "b", False) for c in filled):
                    bold.add(number)
                rows.append((number, cells))
                if len(rows) + len(blocks) + blocks.rows >= blocks.max:
                    break
            first = rows[0][0] if rows else None
            sheet_blocks(rows, sheet.title, blocks, frozenset({first} & bold))
    finally:
        workbook.close()
    if _has_formulas(data):
        notes.append(f"{name}: formulas were read as the values last calculated and saved by Excel; "
                     "cells whose workbook was never calculated read as empty")
    title = collapse(workbook.properties.title or "") or None if workbook.properties else None
    return Document(list(blocks), "xlsx", name, title=title, notes=notes)
