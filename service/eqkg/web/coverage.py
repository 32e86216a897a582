"""The coverage page: a heatmap of the nine protected characteristics and the three
general-duty aims against every document (or body) in the graph, and a chart of
commitments by status and due date.

The characteristic numbers are the answer of the `coverage-matrix` saved query,
read through `saved_queries.run` (so the page and the query can never disagree);
the aims, the basis of each number (stated, tagged, implied, curated) and the
filters come from small read-only queries run through the same
`saved_queries.execute` path. Charts are drawn on the server (decision 0015):
HTML and inline SVG, no script, each with its data table.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, render_template, request, url_for
from rdflib import URIRef

from .. import saved_queries
from ..errors import InputError
from ..i18n import current_lang, t
from ..namespaces import EQ
from ..publish.describe import collect_labels, display_label
from ..publish.uris import href
from ..saved_queries.header import SavedQuery, projection
from ..similarity.views import similar_rows
from ..store import Store
from . import get_store
from .tables import part_label

bp = Blueprint("coverage", __name__)

CHARACTERISTIC_BASE = "https://w3id.org/eqkg/vocab/characteristic/"
BASES = ("stated", "tagged", "implied", "curated")
BASIS_BASE = "https://w3id.org/eqkg/vocab/basis/"
COMPLETED = "https://w3id.org/eqkg/vocab/status/completed"
MATRIX_QUERY = "coverage-matrix"
SHADES = 5  # heat classes 1..5 (0 is an empty cell)


def plain(term: Any) -> str:
    """The lexical value of a result term (pyoxigraph or rdflib), '' when unbound."""
    if term is None:
        return ""
    if isinstance(term, str):  # rdflib terms are str subclasses
        return str(term)
    return str(getattr(term, "value", term))


def number(term: Any) -> int:
    text = plain(term)
    return int(text) if text else 0


def _adhoc(name: str, sparql: str) -> SavedQuery:
    """A read-only query of this page, run by the saved-query machinery (one execution path)."""
    return SavedQuery(name=name, title={"en": name}, description={"en": name}, tags=(),
                      parameters=(), query=sparql, columns=projection(sparql))


AIMS = _adhoc("coverage-aims", """
SELECT ?document ?aim ?notation (COUNT(DISTINCT ?item) AS ?items) WHERE {
  ?aim a eq:GeneralDutyAim ; skos:notation ?notation .
  OPTIONAL { ?item eq:source ?document ; eq:addressesAim ?aim . ?document a eq:Document }
} GROUP BY ?document ?aim ?notation ORDER BY ?notation""")

BASIS = _adhoc("coverage-bases", """
SELECT ?document ?concept ?basis (COUNT(DISTINCT ?item) AS ?items) WHERE {
  ?claim a eq:CoverageClaim ; eq:basis ?basis ; eq:source ?document ;
         eq:claimCharacteristic ?named .
  ?item eq:claim ?claim .
  { ?named skos:broader* ?concept . ?concept a eq:ProtectedCharacteristic }
  UNION { ?named a eq:GeneralDutyAim BIND(?named AS ?concept) }
} GROUP BY ?document ?concept ?basis""")

DOCUMENTS = _adhoc("coverage-documents", """
SELECT ?document ?type ?body ?sector ?date WHERE {
  ?document a eq:Document .
  FILTER EXISTS { ?anything eq:source ?document }
  OPTIONAL { ?document eq:documentType ?type }
  OPTIONAL { ?document eq:organisation ?body
             OPTIONAL { ?body eq:sector|org:classification ?sector } }
  OPTIONAL {
    { ?document eq:periodStart ?date } UNION { ?document eq:periodEnd ?date }
    UNION { ?document eq:records/schema:startDate ?date }
    UNION { ?x eq:source ?document ; eq:dueDate ?date }
  }
}""")

ITEMS = _adhoc("coverage-items", """
SELECT ?item ?kind ?text ?basis ?document ?concept WHERE {
  ?item eq:source ?document .
  { ?item eq:covers ?concept } UNION { ?item eq:addressesAim ?concept }
  OPTIONAL { ?item eq:text ?text }
  OPTIONAL { ?item a ?kind FILTER(STRSTARTS(STR(?kind), STR(eq:))) }
  OPTIONAL {
    ?item eq:claim ?claim . ?claim eq:basis ?basis ; eq:claimCharacteristic ?named .
    { ?named skos:broader* ?concept } UNION { FILTER(?named = ?concept) }
  }
} ORDER BY ?item""")

PROGRESS = _adhoc("coverage-progress", """
SELECT ?item ?document ?status ?due WHERE {
  ?item a eq:Commitment ; eq:source ?document .
  OPTIONAL { ?item eq:status ?status }
  OPTIONAL { ?item eq:dueDate ?due }
}""")


def run(store: Store, query: SavedQuery, substitutions: Mapping[str, Any] | None = None) -> Any:
    return saved_queries.execute(store, query, dict(substitutions or {}), inferred=True)


# -- the model ----------------------------------------------------------------------

@dataclass
class Column:
    key: str
    iri: str
    label: str
    kind: str  # "characteristic" | "aim"
    href: str = ""


@dataclass
class Cell:
    count: int
    bases: dict[str, int]
    href: str | None = None
    shade: int = 0


@dataclass
class Row:
    iri: str
    label: str
    href: str
    cells: list[Cell]
    type: str = ""
    bodies: set[str] = field(default_factory=set)
    sectors: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    items: int = 0


@dataclass
class Heatmap:
    columns: list[Column]
    rows: list[Row]
    totals: list[int]
    by: str
    filters: dict[str, list[tuple[str, str]]]
    chosen: dict[str, str]

    @property
    def characteristic_columns(self) -> list[Column]:
        return [c for c in self.columns if c.kind == "characteristic"]


def matrix_counts(store: Store) -> tuple[list[str], dict[str, dict[str, int]], dict[str, str],
                                          dict[str, int]]:
    """The coverage-matrix saved query's answer: (characteristic IRIs in column order,
    {document: {characteristic IRI: items}}, {document: title}, {document: items in all})."""
    table = saved_queries.run(store, MATRIX_QUERY)
    columns = table.columns
    char_cols = [c for c in columns if c not in ("document", "documentTitle", "items")]
    iris = [CHARACTERISTIC_BASE + c.replace("_", "-") for c in char_cols]
    counts: dict[str, dict[str, int]] = {}
    titles: dict[str, str] = {}
    totals: dict[str, int] = {}
    for row in table.rows:
        values = dict(zip(columns, row, strict=True))
        doc = plain(values["document"])
        titles[doc] = plain(values["documentTitle"])
        totals[doc] = number(values["items"])
        counts[doc] = {iri: number(values[c]) for c, iri in zip(char_cols, iris, strict=True)}
    return iris, counts, titles, totals


def _options(values: Iterable[str], labels: dict[str, dict[str, str]], lang: str
             ) -> list[tuple[str, str]]:
    return sorted(((v, display_label(v, labels, lang)) for v in set(values)),
                  key=lambda kv: kv[1].lower())


def _years(dates: Iterable[str]) -> set[int]:
    years = sorted({int(d[:4]) for d in dates if d[:4].isdigit()})
    return set(range(years[0], years[-1] + 1)) if years else set()


def build(store: Store, lang: str, *, body: str = "", sector: str = "", year: str = "",
          doc_type: str = "", by: str = "document") -> Heatmap:
    """The heatmap for the chosen filters; `by` is "document" or "body"."""
    if by not in ("document", "body"):
        raise InputError(t("coverage.bad_by", lang))
    char_iris, counts, titles, item_totals = matrix_counts(store)
    aims: dict[str, dict[str, int]] = defaultdict(dict)
    aim_order: dict[str, str] = {}
    for row in run(store, AIMS).rows:
        aim = plain(row[1])
        aim_order[aim] = plain(row[2])
        if row[0] is not None:
            aims[plain(row[0])][aim] = number(row[3])
    aim_iris = sorted(aim_order, key=lambda a: aim_order[a])
    bases: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for row in run(store, BASIS).rows:
        basis = plain(row[2]).removeprefix(BASIS_BASE)
        bases[(plain(row[0]), plain(row[1]))][basis] = number(row[3])
    info: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in run(store, DOCUMENTS).rows:
        doc = plain(row[0])
        for key, value in zip(("type", "body", "sector", "date"), row[1:], strict=True):
            if value is not None:
                info[doc][key].add(plain(value))
    labels = collect_labels(store, [*char_iris, *aim_iris, *titles,
                                    *(v for d in info.values() for k in ("type", "body", "sector")
                                      for v in d[k])])
    columns = [Column(i.removeprefix(CHARACTERISTIC_BASE), i, display_label(i, labels, lang),
                      "characteristic", href(i, lang)) for i in char_iris]
    columns += [Column(i.rsplit("/", 1)[-1], i, display_label(i, labels, lang), "aim",
                       href(i, lang)) for i in aim_iris]
    filters = {
        "body": _options((b for d in info.values() for b in d["body"]), labels, lang),
        "sector": _options((s for d in info.values() for s in d["sector"]), labels, lang),
        "type": _options((s for d in info.values() for s in d["type"]), labels, lang),
        "year": [(str(y), str(y)) for y in sorted(
            {y for d in info.values() for y in _years(d["date"])})],
    }
    chosen = {"body": body, "sector": sector, "year": year, "type": doc_type, "by": by}
    for key, value in (("body", body), ("sector", sector), ("year", year), ("type", doc_type)):
        if value and value not in {v for v, _ in filters[key]}:
            raise InputError(t("coverage.bad_filter", lang, name=t(f"coverage.filter.{key}", lang),
                               value=value))
    rows = []
    for doc in counts:
        meta = info.get(doc, defaultdict(set))
        row = Row(doc, titles[doc] or display_label(doc, labels, lang), href(doc, lang), [],
                  type=next(iter(meta["type"]), ""), bodies=set(meta["body"]),
                  sectors=set(meta["sector"]), years=_years(meta["date"]),
                  items=item_totals[doc])
        if (body and body not in row.bodies) or (sector and sector not in row.sectors) \
                or (year and int(year) not in row.years) or (doc_type and doc_type != row.type):
            continue
        for col in columns:
            count = counts[doc][col.iri] if col.kind == "characteristic" \
                else aims.get(doc, {}).get(col.iri, 0)
            row.cells.append(Cell(count, dict(bases.get((doc, col.iri), {}))))
        rows.append(row)
    if by == "body":
        rows = _by_body(rows, columns, labels, lang, body)
    for row in rows:
        for col, cell in zip(columns, row.cells, strict=True):
            if cell.count or cell.bases:
                args = {"concept": col.iri, "lang": lang,
                        ("body" if by == "body" else "document"): row.iri}
                cell.href = url_for("coverage.items") + "?" + urlencode(args)
    peak = max((c.count for r in rows for c in r.cells), default=0)
    for row in rows:
        for cell in row.cells:
            cell.shade = 0 if not cell.count else max(1, -(-cell.count * SHADES // peak))
    totals = [sum(r.cells[i].count for r in rows) for i in range(len(columns))]
    return Heatmap(columns, rows, totals, by, filters, chosen)


def _by_body(rows: list[Row], columns: list[Column], labels: dict[str, dict[str, str]],
             lang: str, only: str) -> list[Row]:
    """Rows summed per body (a document with two bodies counts for each; items belong
    to one document, so the sums count distinct items)."""
    out: dict[str, Row] = {}
    for row in rows:
        for body in sorted(row.bodies):
            if only and body != only:
                continue
            target = out.get(body)
            if target is None:
                target = out[body] = Row(body, display_label(body, labels, lang), href(body, lang),
                                         [Cell(0, {}) for _ in columns])
            target.items += row.items
            for cell, add in zip(target.cells, row.cells, strict=True):
                cell.count += add.count
                for basis, n in add.bases.items():
                    cell.bases[basis] = cell.bases.get(basis, 0) + n
    return sorted(out.values(), key=lambda r: r.label.lower())


# -- commitments by status and due date -----------------------------------------------

@dataclass
class Bar:
    key: str
    label: str
    count: int
    overdue: int = 0

    def percent(self, peak: int) -> str:
        return f"{100 * self.count / peak:.1f}%" if peak else "0%"

    def overdue_percent(self, peak: int) -> str:
        return f"{100 * self.overdue / peak:.1f}%" if peak else "0%"


@dataclass
class Progress:
    by_status: list[Bar]
    by_year: list[Bar]
    total: int
    overdue: int
    today: str

    @property
    def peak_status(self) -> int:
        return max((b.count for b in self.by_status), default=0)

    @property
    def peak_year(self) -> int:
        return max((b.count for b in self.by_year), default=0)


def progress(store: Store, lang: str, documents: set[str] | None = None,
             today: dt.date | None = None) -> Progress:
    """Commitments (plans' steps and pledges, recommendations' commitments, meeting actions)
    counted by status and by year due; overdue = due before today and not completed,
    the rule of the open-actions saved query."""
    today = today or dt.date.today()
    found: dict[str, tuple[set[str], str]] = {}
    for row in run(store, PROGRESS).rows:
        item, doc = plain(row[0]), plain(row[1])
        if documents is not None and doc not in documents:
            continue
        status, due = plain(row[2]), plain(row[3])
        seen, old_due = found.get(item, (set(), ""))
        found[item] = (seen | ({status} if status else set()),
                       min(filter(None, (old_due, due)), default=""))
    # An item with several recorded statuses shows the furthest on (completed first).
    items = {item: (COMPLETED if COMPLETED in seen else min(seen, default=""), due)
             for item, (seen, due) in found.items()}
    statuses = {s for s, _ in items.values() if s}
    labels = collect_labels(store, statuses)
    status_bars: dict[str, Bar] = {}
    year_bars: dict[str, Bar] = {}
    overdue_total = 0
    none_status, none_due = t("coverage.no_status", lang), t("coverage.no_due", lang)
    for status, due in items.values():
        overdue = bool(due) and due < today.isoformat() and status != COMPLETED
        overdue_total += overdue
        key = status or ""
        bar = status_bars.setdefault(key, Bar(key, display_label(status, labels, lang)
                                              if status else none_status, 0))
        bar.count += 1
        bar.overdue += overdue
        year = due[:4] if due else ""
        ybar = year_bars.setdefault(year, Bar(year, year or none_due, 0))
        ybar.count += 1
        ybar.overdue += overdue
    by_status = sorted(status_bars.values(), key=lambda b: (-b.count, b.label))
    by_year = sorted(year_bars.values(), key=lambda b: (b.key == "", b.key))
    return Progress(by_status, by_year, len(items), overdue_total, today.isoformat())


# -- pages ----------------------------------------------------------------------------

@bp.get("/coverage")
def page() -> Any:
    lang = current_lang()
    store = get_store()
    args = request.args
    heat = build(store, lang, body=args.get("body", ""), sector=args.get("sector", ""),
                 year=args.get("year", ""), doc_type=args.get("type", ""),
                 by=args.get("by", "") or "document")
    shown_docs = None
    if any(heat.chosen[k] for k in ("body", "sector", "year", "type")):
        shown_docs = set()
        for row in build(store, lang, body=heat.chosen["body"], sector=heat.chosen["sector"],
                         year=heat.chosen["year"], doc_type=heat.chosen["type"]).rows:
            shown_docs.add(row.iri)
    prog = progress(store, lang, shown_docs)
    return render_template("coverage.html", heat=heat, progress=prog, bases=BASES,
                           matrix_url=url_for("queries.show", name=MATRIX_QUERY, lang=lang))


SIMILAR_SHOWN = 3  # the top similarity links of each item behind a cell (issue 16)


@bp.get("/coverage/items")
def items() -> Any:
    """The items behind one heatmap cell: a document's (or body's) items covering a concept."""
    lang = current_lang()
    store = get_store()
    concept = request.args.get("concept", "")
    document = request.args.get("document", "")
    body = request.args.get("body", "")
    heat = build(store, lang, by="body" if body else "document", body=body)
    column = next((c for c in heat.columns if c.iri == concept), None)
    target = body or document
    row = next((r for r in heat.rows if r.iri == target), None)
    if column is None or row is None:
        raise InputError(t("coverage.bad_cell", lang))
    docs = [r.iri for r in build(store, lang, body=body).rows] if body else [document]
    found: dict[str, dict[str, Any]] = {}
    for doc in docs:
        table = run(store, ITEMS, {"document": URIRef(doc), "concept": URIRef(concept)})
        for item, kind, text, basis, _d, _c in table.rows:
            entry = found.setdefault(plain(item), {"iri": plain(item), "kinds": set(),
                                                   "text": plain(text), "bases": set()})
            if kind is not None and plain(kind) != str(EQ) + "Commitment":
                entry["kinds"].add(plain(kind))
            if basis is not None:
                entry["bases"].add(plain(basis).removeprefix(BASIS_BASE))
    labels = collect_labels(store, {*found, *(k for e in found.values() for k in e["kinds"])})
    rows = []
    for entry in found.values():
        kinds = sorted(display_label(k, labels, lang) for k in entry["kinds"])
        name = display_label(entry["iri"], labels, lang) if entry["iri"] in labels else (
            part_label(entry["iri"], lang) or display_label(entry["iri"], labels, lang))
        rows.append({"href": href(entry["iri"], lang), "label": name,
                     "kinds": ", ".join(kinds), "text": entry["text"],
                     "similar": similar_rows(store, entry["iri"], lang)[:SIMILAR_SHOWN],
            "bases": [b for b in BASES if b in entry["bases"]]})
    return render_template("coverage_items.html", column=column, row=row, rows=rows,
                           by=heat.by, back=url_for("coverage.page", lang=lang))
