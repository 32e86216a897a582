"""The equality objectives table: its columns, its tick marks, and the downloadable template.

One row per objective or step; one column per protected characteristic and
per general-duty aim, ticked; then lead, timeline and measure. Plan details
(title, organisation, dates, reasons for leaving a characteristic out) go in
"key, value" rows above the header. docs/validation.md documents the layout.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from ..errors import InputError
from ..i18n import downloads
from ..namespaces import AIM, EQ, PC
from .engine import ontology_graph

#: Marks that tick a cell (compared case-insensitively, surrounding spaces ignored).
TICKS = ("✓", "✔", "x", "yes", "y", "1", "true")
#: Marks that leave a cell unticked; a blank cell is unticked too.
NO_TICKS = ("no", "n", "0", "false")

STRUCTURAL = {
    "objective": ("objective", "equality objective", "amcan", "amcan cydraddoldeb"),
    "step": ("step", "action", "steps", "cam", "camau"),
    "lead": ("lead", "owner", "lead officer", "responsible", "arweinydd", "perchennog"),
    "timeline": ("timeline", "timescale", "due", "amserlen"),
    "measure": ("measure", "measures", "success measure", "performance measure", "mesur"),
}
OPTIONAL_COLUMNS = ("lead", "timeline", "measure")

#: Keys of the plan-detail rows above the header -> meaning.
META_KEYS = {
    "title": ("title", "plan title", "plan", "teitl"),
    "organisation": ("organisation", "organization", "organisations", "body", "sefydliad"),
    "published": ("published", "publication date", "date published", "issued", "cyhoeddwyd"),
    "period start": ("period start", "start", "plan start", "dechrau'r cyfnod"),
    "period end": ("period end", "end", "plan end", "diwedd y cyfnod"),
    "review date": ("review date", "review by", "dyddiad adolygu"),
    "socio-economic duty": ("socio-economic duty", "socio economic duty",
                            "dyletswydd economaidd-gymdeithasol"),
    "reason": ("reason", "gap reason", "reason for no objective", "rheswm"),
}


def normalise(text: str) -> str:
    """Header and key matching: case, '&', punctuation and a leading '(a)' ignored."""
    text = text.casefold().replace("&", " and ").replace("/", " or ")
    text = re.sub(r"^\(?[abc]\)\s*", "", text.strip())
    text = re.sub(r"[^\w\s']+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Column:
    key: str  # objective, step, lead, timeline, measure, or the concept's slug
    header: str  # the template's header text
    concept: URIRef | None = None
    kind: str = "structural"  # structural | characteristic | aim


def _concepts(rdf_type: URIRef, ns: str) -> list[tuple[URIRef, str]]:
    graph = ontology_graph()
    found = []
    for iri in set(graph.subjects(RDF.type, rdf_type)):
        if isinstance(iri, URIRef) and str(iri).startswith(ns):
            label = next((str(lbl) for lbl in graph.objects(iri, SKOS.prefLabel)
                          if getattr(lbl, "language", None) == "en"), str(iri)[len(ns):])
            found.append((iri, label))
    return found


@lru_cache(maxsize=1)
def columns() -> tuple[Column, ...]:
    """The template's columns in order: the nine characteristics in s.4 order, aims (a)-(c)."""
    graph = ontology_graph()
    chars = sorted(_concepts(EQ.ProtectedCharacteristic, str(PC)), key=lambda c: c[1].casefold())
    aims = sorted(_concepts(EQ.GeneralDutyAim, str(AIM)),
                  key=lambda c: str(graph.value(c[0], SKOS.notation) or c[1]))
    if len(chars) != 9 or len(aims) != 3:
        raise InputError("the vocabularies must list 9 protected characteristics and 3 aims")
    cols = [Column("objective", "objective"), Column("step", "step")]
    cols += [Column(str(i)[len(str(PC)):], _cap(label), i, "characteristic") for i, label in chars]
    cols += [Column(str(i)[len(str(AIM)):], _cap(label), i, "aim") for i, label in aims]
    cols += [Column(k, k) for k in OPTIONAL_COLUMNS]
    return tuple(cols)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=1)
def header_index() -> dict[str, Column]:
    """Every accepted header spelling (normalised) -> its column."""
    graph = ontology_graph()
    index: dict[str, Column] = {}
    for col in columns():
        names = {col.key, col.key.replace("-", " "), col.header}
        if col.concept is not None:
            names |= {str(lbl) for p in (SKOS.prefLabel, SKOS.altLabel)
                      for lbl in graph.objects(col.concept, p)}
        else:
            names |= set(STRUCTURAL[col.key])
        for name in names:
            index.setdefault(normalise(name), col)
    return index


def meta_key(text: str) -> str | None:
    """The plan-detail key a first cell names, if any."""
    wanted = normalise(text.rstrip(":"))
    for key, spellings in META_KEYS.items():
        if wanted in {normalise(s) for s in spellings}:
            return key
    return None


def parse_tick(value: object, where: str) -> bool:
    """Whether a cell is ticked; anything not in the documented marks is an error naming the cell."""
    if value is None or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    if text in TICKS:
        return True
    if text in NO_TICKS or text == "":
        return False
    shown = str(value).strip()
    shown = shown if len(shown) <= 30 else shown[:29] + "…"
    raise InputError(f"{where}: {shown!r} is not a tick mark; use one of {' '.join(TICKS)} "
                     f"(or leave it blank, no, 0, false)")


def template_rows() -> list[list[str]]:
    """The template's rows: plan details to fill in, the header, one example objective and step."""
    cols = columns()
    rows = [["title", ""], ["organisation", ""], ["published", ""], ["period start", ""],
            ["period end", ""], ["review date", ""], ["socio-economic duty", ""],
            ["reason", "", ""], [], [c.header for c in cols]]
    return [r + [""] * (len(cols) - len(r)) if r else [""] * len(cols) for r in rows]


def template_csv() -> bytes:
    """The template as UTF-8 CSV (with a BOM so that Excel opens it as UTF-8)."""
    return downloads.to_csv([], template_rows())


def template_xlsx() -> bytes:
    """The template as an Excel workbook with a note on the tick marks."""
    rows = template_rows()
    book = downloads.workbook([], rows, "plan", bold_row=len(rows))
    notes = book.create_sheet("how to fill in")
    for line in (
        ["One row per objective (objective filled, step blank) or per step (step filled;"
         " objective blank means the objective above)."],
        ["Tick a characteristic or aim with one of: " + " ".join(TICKS) + " (any case)."],
        ["Leave a cell blank (or write no, 0, false) for no tick. Anything else is an error."],
        ["Plan details go in the rows above the header: dates as YYYY-MM-DD."],
        ["reason rows: the characteristic in column B, the plan's reason in column C."],
        ["No formulas and no merged cells: the validator refuses them."],
    ):
        notes.append(line)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
