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

_welsh_cache: weakref.WeakKeyDictionary[Store, dict[str, str]] = weakref.WeakKeyDictionary()


@dataclass
class Cell:
    text: str = ""
    href: str | None = None
    title: str | None = None
    lang: str | None = None
    unlabelled: bool = False  # an IRI shown by its compact name: no label to show


@dataclass
class DisplayTable:
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


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
                   if any(isinstance(row[i], URIRef) for row in table.rows)}
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
    iris = {str(v) for row in table.rows for v in row if isinstance(v, URIRef)}
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
    if value is None:
        return Cell()
    if isinstance(value, URIRef):
        iri = str(value)
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


__all__ = ["Cell", "DisplayTable", "display_table", "welsh_labels"]
