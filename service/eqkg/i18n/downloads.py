"""Answers as downloads people open in a spreadsheet, in the page's language.

CSV with a UTF-8 byte-order mark (so Excel reads ŵ, ŷ, â as written) and XLSX
(openpyxl), both with readable column headers and booleans as Yes/No (Ie/Na in
Welsh). The SPARQL CSV of eqkg.results stays the machine format (no BOM, raw
values); these are for people. A download route calls `csv_download` or
`xlsx_download` with the table and its column labeller (docs/decisions/0014).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
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


def csv_download(columns: Sequence[str], rows: Sequence[Sequence[Any]], lang: str,
                 header: Callable[[str], str] | None = None) -> bytes:
    """UTF-8 CSV with a byte-order mark, CRLF line ends, readable headers."""
    heads, body = readable(columns, rows, lang, header)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(heads)
    writer.writerows(body)
    return (BOM + out.getvalue()).encode("utf-8")


def xlsx_download(columns: Sequence[str], rows: Sequence[Sequence[Any]], lang: str,
                  header: Callable[[str], str] | None = None, title: str = "") -> bytes:
    """An XLSX workbook of one sheet: bold readable headers, the header row frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    heads, body = readable(columns, rows, lang, header)
    book = Workbook()
    sheet = book.active
    # Sheet names: at most 31 characters, none of []:*?/\
    name = "".join(c for c in (title or t("queries.answer", lang)) if c not in "[]:*?/\\")
    sheet.title = name[:31] or "Sheet1"
    sheet.append(heads)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in body:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
