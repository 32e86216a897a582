"""Answers as downloads people open in a spreadsheet, in the page's language.

CSV with a UTF-8 byte-order mark (so Excel reads ŵ, ŷ, â as written) and XLSX
(openpyxl), both with readable column headers and booleans as Yes/No (Ie/Na in
Welsh). The SPARQL CSV of eqkg.results stays the machine format (no BOM, raw
values); these are for people. Every download for people is written here: the
saved-query and resource-page twins (web/queries.py, web/linked.py), the plan
template and the corrected plan (validation/template.py, corrections.py).
`readable` gives a query answer's headers and cells in a language (docs/decisions/0014).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from . import t, yes_no

BOM = "\ufeff"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_text(term: Any, lang: str) -> str:
    """A cell for a person: a boolean as Yes/No (Ie/Na), else the term's plain value."""
    if term is None:
        return ""
    if isinstance(term, bool):
        return yes_no(term, lang)
    datatype = getattr(term, "datatype", None)
    value = getattr(term, "value", term)
    if datatype is not None and getattr(datatype, "value", str(datatype)) == XSD_BOOLEAN:
        return yes_no(value, lang)
    return str(value)


def readable(columns: Sequence[str], rows: Sequence[Sequence[Any]], lang: str,
             header: Callable[[str], str] | None = None) -> tuple[list[str], list[list[str]]]:
    """(headers, rows of text): headers from `header` (else `queries.column.NAME`, else the
    variable name), cells through `cell_text`."""
    def label(column: str) -> str:
        if header is not None:
            return header(column)
        key = f"queries.column.{column}"
        text = t(key, lang)
        return text if text != key else column.replace("_", " ")

    return ([label(c) for c in columns],
            [[cell_text(v, lang) for v in row] for row in rows])


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark and CRLF line ends; `header` first unless empty
    (the plan template writes its own rows above the header)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return (BOM + out.getvalue()).encode("utf-8")


def to_xlsx(header: Sequence[str], rows: Sequence[Sequence[Any]], title: str,
            bold_row: int | None = None) -> bytes:
    """An XLSX workbook of one sheet named `title` (see `workbook`)."""
    out = io.BytesIO()
    workbook(header, rows, title, bold_row).save(out)
    return out.getvalue()


def workbook(header: Sequence[str], rows: Sequence[Sequence[Any]], title: str,
             bold_row: int | None = None) -> Any:
    """An openpyxl Workbook of one sheet named `title`: the header row bold and frozen,
    columns sized to fit, text never a formula, characters XML cannot hold dropped. With no
    `header`, row `bold_row` of `rows` is the header (the plan template)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = (_SHEET_BAD.sub(" ", title).strip() or "Sheet1")[:31]
    table = ([list(header)] if header else []) + [list(r) for r in rows]
    for values in table:
        sheet.append([None if v == "" else _ILLEGAL.sub("", v) if isinstance(v, str) else v
                      for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # data, never a formula
    heading = 1 if header else bold_row
    if heading:
        for cell in sheet[heading]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = f"A{heading + 1}"
    for i in range(1, sheet.max_column + 1):
        width = max([len(str(r[i - 1])) for r in table[:200] if len(r) >= i] or [0])
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(8, width + 2))
    return book


_SHEET_BAD = re.compile(r"[\\/*?:\[\]]")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
