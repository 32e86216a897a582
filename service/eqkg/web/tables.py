"""Query answers as tables people can read: labels instead of IRIs, in the page's language.

The API and the CSV keep the raw answer; only the HTML table is dressed up:

- an IRI cell shows the resource's label in the page language (from the store),
  else the label the query itself returned beside it (a `documentTitle` next to
  `document`), else its compact name, and links to the resource's page;
- a column that only carries the label of an IRI column is folded into it;
- on a Welsh page, a literal that is exactly the English label of a vocabulary
  term or ontology class ("Step", "Completed") shows that term's Welsh label,
  since several saved queries return English labels of kinds and statuses.
"""

from __future__ import annotations

import contextlib
import weakref
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from ..i18n import has, t
from ..namespaces import GRAPH, ONTOLOGY_GRAPH, data_base
from ..publish.describe import collect_labels, curie, display_label
from ..publish.uris import href
from ..results import Table, term_text
from ..store import TripleStore as Store

LABEL_SUFFIXES = ("Label", "Title", "Name")
SEPARATOR = "; "
XSD = "http://www.w3.org/2001/XMLSchema#"

_welsh_cache: weakref.WeakKeyDictionary[Store, dict[str, str]] = weakref.WeakKeyDictionary()


@dataclass
class Cell:
    text: str = ""
    href: str | None = None
    title: str | None = None
    lang: str | None = None
    unlabelled: bool = False  # an IRI shown by its compact name: no label to show
    number: float | None = None  # a numeric literal: right-aligned, sorted as a number


@dataclass
class DisplayTable:
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


def is_iri(term: Any) -> bool:
    """An IRI term, as rdflib or the embedded store's own terms give it."""
    return isinstance(term, URIRef)


def welsh_labels(store: Store) -> dict[str, str]:
    """English label -> Welsh label of every vocabulary term and ontology term, where the
    English label names one Welsh label only (ambiguous ones are left out)."""
    cached = _welsh_cache.get(store)
    if cached is not None:
        return cached
    rows = store.query(
        """SELECT ?g ?en ?cy WHERE { GRAPH ?g {
             ?term ?p ?en, ?cy .
             VALUES ?p { skos:prefLabel rdfs:label }
             FILTER(LANGMATCHES(LANG(?en), "en") && LANGMATCHES(LANG(?cy), "cy"))
           } }""", inferred=False)
    vocab = str(GRAPH) + "vocab/"
    found: dict[str, set[str]] = {}
    for row in rows:
        graph = str(row["g"])
        if graph.startswith(vocab) or graph == str(ONTOLOGY_GRAPH):
            found.setdefault(str(row["en"]), set()).add(str(row["cy"]))
    out = {en: next(iter(cy)) for en, cy in found.items() if len(cy) == 1}
    _welsh_cache[store] = out
    return out


def _label_partners(columns: list[str], table: Table) -> dict[str, str]:
    """{IRI column: the column that holds its label} for columns named like `documentTitle`."""
    iri_columns = {c for i, c in enumerate(columns)
                   if any(is_iri(row[i]) for row in table.rows)}
    out = {}
    for column in iri_columns:
        for suffix in LABEL_SUFFIXES:
            if column + suffix in columns and column + suffix not in iri_columns:
                out[column] = column + suffix
                break
    return out


def display_table(store: Store, table: Table, lang: str) -> DisplayTable:
    """The table as the web page shows it (see the module docstring)."""
    partners = _label_partners(table.columns, table)
    hidden = set(partners.values())
    shown = [c for c in table.columns if c not in hidden]
    index = {c: i for i, c in enumerate(table.columns)}
    iris = {term_text(v) for row in table.rows for v in row if is_iri(v)}
    labels = collect_labels(store, iris)
    translate = welsh_labels(store) if lang != "en" else {}
    out = DisplayTable(shown)
    for row in table.rows:
        cells = []
        for column in shown:
            value = row[index[column]]
            cells.append(_cell(value, row[index[partners[column]]] if column in partners else None,
                               labels, translate, lang))
        out.rows.append(cells)
    return out


def _cell(value: Any, partner: Any, labels: dict[str, dict[str, str]],
          translate: dict[str, str], lang: str) -> Cell:
    """A display cell; numbers keep their value for sorting, booleans read Yes / No."""
    kind = literal_kind(value)
    if kind == "boolean":
        yes = term_text(value).strip().lower() in ("true", "1")
        return Cell(t("answers.bool_true" if yes else "answers.bool_false", lang))
    cell = _plain_cell(value, partner, labels, translate, lang)
    if kind == "number":
        with contextlib.suppress(ValueError):
            cell.number = float(term_text(value))
    return cell


def _plain_cell(value: Any, partner: Any, labels: dict[str, dict[str, str]],
          translate: dict[str, str], lang: str) -> Cell:
    if value is None:
        return Cell()
    if is_iri(value):
        iri = term_text(value)
        text = display_label(iri, labels, lang)
        if iri not in labels and partner is not None:
            text = term_text(partner)
        if text == curie(iri):
            text = part_label(iri, lang) or text
        return Cell(text, href(iri, lang), iri, unlabelled=text == curie(iri))
    text = term_text(value)
    if translate:
        parts = text.split(SEPARATOR)
        if all(p in translate for p in parts):
            return Cell(SEPARATOR.join(translate[p] for p in parts), lang="cy")
    language = getattr(value, "language", None)
    return Cell(text, lang=language if language and language != lang else None)


def part_label(iri: str, lang: str) -> str | None:
    """A readable name for an unlabelled part of a document, read from its URI
    (decision 0001): …/objective/1/step/2 -> "Objective 1 › Step 2"; None if the
    URI does not name parts."""
    base = data_base()
    if not iri.startswith(base):
        return None
    segments = iri[len(base):].split("/")[2:]  # drop {kind}/{document slug}
    if not segments:
        return None
    words = []
    for i, segment in enumerate(segments):
        key = f"queries.part.{segment}"
        if has(key):
            words.append(t(key, lang))
        elif i and has(f"queries.part.{segments[i - 1]}"):
            words[-1] += f" {segment}"
        else:
            return None
    return " › ".join(words)


NUMERIC_TYPES = frozenset(XSD + n for n in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"))


def literal_kind(term: Any) -> str | None:
    """"number", "boolean", "text" for a literal (pyoxigraph's or rdflib's), None otherwise."""
    if term is None or type(term).__name__ not in ("Literal",):
        return None
    datatype = getattr(term, "datatype", None)
    datatype = str(getattr(datatype, "value", datatype) or "")
    if datatype in NUMERIC_TYPES:
        return "number"
    if datatype == XSD + "boolean":
        return "boolean"
    return "text"


# -- arranging an answer for a page: filter, sort, page (all on the server) -------------

@dataclass
class Arranged:
    """Rows of a DisplayTable after filters and sorting, and the page of them shown."""

    columns: list[str]
    numeric: set[str]
    rows: list[list[Cell]]  # every matching row, sorted
    page_rows: list[list[Cell]]
    total: int  # rows matching the filters
    unfiltered: int
    first: int  # 1-based number of the first row shown (0 when none)
    last: int
    page: int
    pages: int
    per_page: int


def numeric_columns(table: DisplayTable) -> set[str]:
    """Columns whose every filled cell is a number."""
    out = set()
    for i, column in enumerate(table.columns):
        filled = [row[i] for row in table.rows if row[i].text != ""]
        if filled and all(c.number is not None for c in filled):
            out.add(column)
    return out


def _sort_key(cell: Cell, numeric: bool) -> tuple[Any, ...]:
    if numeric:
        return (cell.number is None, cell.number or 0.0)
    return (cell.text == "", cell.text.casefold())


def arrange(table: DisplayTable, *, sort: str | None = None, descending: bool = False,
            filters: dict[str, str] | None = None, page: int = 1, per_page: int = 50
            ) -> Arranged:
    """Keep the rows whose cells contain each filter's text (case-insensitive), sort by a
    column (numbers as numbers, blanks last) and cut out one page."""
    index = {c: i for i, c in enumerate(table.columns)}
    numeric = numeric_columns(table)
    wanted = [(index[c], v.casefold()) for c, v in (filters or {}).items()
              if c in index and v.strip()]
    rows = [r for r in table.rows if all(v.strip() in r[i].text.casefold() for i, v in wanted)]
    if sort in index:
        i, is_num = index[sort], sort in numeric
        filled = [r for r in rows if r[i].text != ""]
        blank = [r for r in rows if r[i].text == ""]
        filled.sort(key=lambda r: _sort_key(r[i], is_num), reverse=descending)
        rows = filled + blank
    total = len(rows)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    shown = rows[start:start + per_page]
    return Arranged(table.columns, numeric, rows, shown, total, len(table.rows),
                    start + 1 if shown else 0, start + len(shown), page, pages, per_page)


# -- downloads: readable headers in the page's language ----------------------------------

def download_rows(columns: list[str], headings: list[str], rows: list[list[Cell]], lang: str
                  ) -> tuple[list[str], list[list[Any]]]:
    """Header and rows for CSV/XLSX: each column's shown text (numbers as numbers), and
    for a column of links, a second column with the address the label stands for."""
    linked = [any(r[i].title for r in rows) for i in range(len(columns))]
    header: list[str] = []
    for heading, has_link in zip(headings, linked, strict=True):
        header.append(heading)
        if has_link:
            header.append(t("answers.address_of", lang, column=heading))
    out = []
    for row in rows:
        values: list[Any] = []
        for cell, has_link in zip(row, linked, strict=True):
            value: Any = cell.text
            if cell.number is not None:
                value = int(cell.number) if cell.number.is_integer() else cell.number
            values.append(value)
            if has_link:
                values.append(cell.title or "")
        out.append(values)
    return header, out


__all__ = ["Arranged", "Cell", "DisplayTable", "arrange", "display_table", "download_rows",
           "literal_kind", "numeric_columns", "welsh_labels"]
