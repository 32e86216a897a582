"""Readable validation reports: the coverage matrix, findings by severity, JSON, HTML and Turtle.

Labels come from the plan and the vocabularies in the requested language
(skos:prefLabel, dcterms:title, eq:text), so people read "race" and
"Objective 2", not IRIs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS
from rdflib.term import Node

from ..errors import InputError
from ..i18n import LANGS, pick, t
from ..namespaces import BASIS, EQ
from . import template
from .engine import SEVERITIES, Finding, ValidationRun, ontology_graph, plans_in

# Terms read once per node: rdflib's Namespace attribute lookup is itself a cost at 6,400 nodes.
_NUMBER, _HAS_STEP, _CLAIM, _CHARACTERISTIC, _BASIS, _COVERS, _AIM, _UNCERTAIN = (
    EQ.number, EQ.hasStep, EQ.claim, EQ.claimCharacteristic, EQ.basis, EQ.covers, EQ.addressesAim,
    EQ.uncertainCharacteristic)
_OBJECTIVE, _STEP, _TYPE = EQ.EqualityObjective, EQ.Step, RDF.type
_NAMES = (DCTERMS.title, SKOS.prefLabel, RDFS.label, FOAF.name)
_TEXTS = (EQ.text, DCTERMS.title)

BASIS_ORDER = ("stated", "curated", "asserted", "tagged", "implied")
#: Marks that show a characteristic in the text without counting as coverage, strongest first.
MENTION_ORDER = ("tagged", "implied", "uncertain")



def tr(key: str, lang: str) -> str:
    """A report message (`report.*` in the catalogues, decision 0014) in `lang`."""
    return t("report." + key, lang)


class Labeller:
    """Readable names for nodes of the plan and the vocabularies, in one language."""

    def __init__(self, data: Graph | PlanIndex, lang: str) -> None:
        self.data = data
        self.vocab = ontology_graph()
        self.lang = lang

    def _pick(self, graph: Graph | PlanIndex, node: Node, preds: tuple[URIRef, ...]) -> str | None:
        """The first predicate's literal in the report's language (else English, else any)."""
        for pred in preds:
            by_lang: dict[str, str] = {}
            for v in graph.objects(node, pred):
                if isinstance(v, Literal):
                    by_lang.setdefault(v.language or "", str(v))
            found = pick(by_lang, self.lang)
            if found is not None:
                return found
        return None

    def concept(self, node: Node) -> str:
        return self._pick(self.vocab, node, (SKOS.prefLabel, RDFS.label)) or _local(node)

    def __call__(self, node: Node | None) -> str:
        if node is None:
            return ""
        if isinstance(node, Literal):
            return str(node)
        number = self.data.value(node, _NUMBER)
        if (node, _TYPE, _OBJECTIVE) in self.data or self.data.value(node, _HAS_STEP) is not None:
            return f"{tr('objective', self.lang)} {number or _local(node)}"
        if (node, _TYPE, _STEP) in self.data:
            parent = self.data.value(None, _HAS_STEP, node)
            pnum = self.data.value(parent, _NUMBER) if parent is not None else None
            return f"{tr('step', self.lang)} {pnum}.{number}" if pnum is not None else \
                f"{tr('step', self.lang)} {number or _local(node)}"
        found = self._pick(self.data, node, _NAMES)
        if found:
            return found
        if "/vocab/" in str(node):
            return self.concept(node)
        return _local(node)

    def text(self, node: Node) -> str:
        return self._pick(self.data, node, _TEXTS) or ""


class PlanIndex:
    """The plan's triples that the report reads (structure, numbers, labels, coverage), taken
    from the validation's pyoxigraph store in one pass per predicate, with the few read-only
    Graph methods the labeller and the matrix use. Reading them node by node through rdflib
    took 4.5 s at 3,200 objectives (on a store-backed graph 7.6 s); this takes 0.3 s.

    Where a node has several values of a predicate they are in lexical order, so the label
    or statement shown does not depend on the order the triples were read in."""

    PREDICATES = (RDF.type, EQ.number, EQ.text, DCTERMS.title, SKOS.prefLabel, RDFS.label, FOAF.name,
                  EQ.hasObjective, EQ.hasStep, EQ.claim, EQ.claimCharacteristic, EQ.basis, EQ.covers,
                  EQ.addressesAim, EQ.uncertainCharacteristic)
    INVERSE = (RDF.type, EQ.hasStep, EQ.hasObjective)  # subjects(p, o) and value(None, p, o)

    def __init__(self, store: ox.Store, to_rdflib: Callable[[object], Node]) -> None:
        self.out: dict[Node, dict[Node, list[Node]]] = {}
        self.inverse: dict[tuple[Node, Node], list[Node]] = {}
        default = ox.DefaultGraph()
        for pred in self.PREDICATES:
            inverse = pred in self.INVERSE
            for quad in store.quads_for_pattern(None, ox.NamedNode(str(pred)), None, default):
                subject, obj = to_rdflib(quad.subject), to_rdflib(quad.object)
                self.out.setdefault(subject, {}).setdefault(pred, []).append(obj)
                if inverse:
                    self.inverse.setdefault((pred, obj), []).append(subject)
        for values in (*(v for by_pred in self.out.values() for v in by_pred.values()), *self.inverse.values()):
            if len(values) > 1:
                values.sort(key=str)

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return iter(self.out.get(subject, {}).get(predicate, ()))

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        return iter(self.inverse.get((predicate, obj), ()))

    def value(self, subject: Node | None = None, predicate: Node | None = None,
              obj: Node | None = None) -> Node | None:
        found = self.inverse.get((predicate, obj), []) if subject is None else \
            self.out.get(subject, {}).get(predicate, [])  # type: ignore[arg-type]
        return found[0] if found else None

    def __contains__(self, triple: tuple[Node | None, Node, Node]) -> bool:
        subject, predicate, obj = triple
        if subject is None:
            return bool(self.inverse.get((predicate, obj)))
        return obj in self.out.get(subject, {}).get(predicate, ())


def _local(node: Node) -> str:
    text = str(node).rstrip("/")
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass
class MatrixRow:
    node: URIRef
    kind: str  # objective | step
    label: str
    text: str
    cells: dict[str, str] = field(default_factory=dict)  # column key -> mark ("" = gap)

    def gaps(self, keys: list[str], tagged_counts: bool = False) -> list[str]:
        """Columns this row leaves uncovered (text mentions count only in plans without ticks; implied never)."""
        missing = ("", "implied", "uncertain") if tagged_counts else ("", "tagged", "implied", "uncertain")
        return [k for k in keys if self.cells.get(k, "") in missing]


def _marks(data: Graph | PlanIndex, node: URIRef, cols: list[template.Column],
           descendants: dict[URIRef, set[URIRef]]) -> dict[str, str]:
    """How one node covers each column: a basis, 'asserted', 'uncertain' or '' (gap).

    The node's claims, coverage and aims are read once for all columns (reading them per
    column was a third of the command's time at 1,600 objectives)."""
    claims = [(data.value(claim, _CHARACTERISTIC), data.value(claim, _BASIS))
              for claim in data.objects(node, _CLAIM)]
    covers = set(data.objects(node, _COVERS))
    aims = set(data.objects(node, _AIM))
    uncertain = set(data.objects(node, _UNCERTAIN))
    marks = {}
    for col in cols:
        concepts = descendants[col.concept]  # type: ignore[index]
        if col.kind == "aim":
            marks[col.key] = "stated" if col.concept in aims else ""
            continue
        found = {_local(basis) if basis is not None else "asserted"
                 for concept, basis in claims if concept in concepts}
        if not found and covers & concepts:
            found.add("asserted")
        mark = next((basis for basis in BASIS_ORDER if basis in found), "")
        if not mark and uncertain & concepts:
            mark = "uncertain"
        marks[col.key] = mark
    return marks


def _descendants() -> dict[URIRef, set[URIRef]]:
    vocab = ontology_graph()
    out = {}
    for col in template.columns():
        if col.concept is None:
            continue
        found = {col.concept}
        frontier = [col.concept]
        while frontier:
            for child in vocab.subjects(SKOS.broader, frontier.pop()):
                if isinstance(child, URIRef) and child not in found:
                    found.add(child)
                    frontier.append(child)
        out[col.concept] = found
    return out


def _ordered(data: Graph | PlanIndex, nodes: list[Node]) -> list[URIRef]:
    def key(n: Node) -> tuple[int, str]:
        number = data.value(n, EQ.number)
        try:
            return (int(number), str(n))
        except (TypeError, ValueError):
            return (10**9, str(n))
    return sorted((n for n in nodes if isinstance(n, URIRef)), key=key)


def coverage_matrix(data: Graph | PlanIndex, labeller: Labeller) -> list[MatrixRow]:
    """One row per objective (its own marks merged with its steps') followed by its steps."""
    cols = [c for c in template.columns() if c.concept is not None]
    desc = _descendants()
    rows: list[MatrixRow] = []
    for plan in plans_in(data):
        for objective in _ordered(data, list(data.objects(plan, EQ.hasObjective))):
            steps = _ordered(data, list(data.objects(objective, EQ.hasStep)))
            step_rows = []
            for step in steps:
                row = MatrixRow(step, "step", labeller(step), labeller.text(step))
                row.cells = _marks(data, step, cols, desc)
                step_rows.append(row)
            obj = MatrixRow(objective, "objective", labeller(objective), labeller.text(objective))
            own = _marks(data, objective, cols, desc)
            for col in cols:
                marks = [own[col.key]] + [r.cells[col.key] for r in step_rows]
                obj.cells[col.key] = next((m for m in (*BASIS_ORDER, "uncertain") if m in marks), "")
            rows.append(obj)
            rows.extend(step_rows)
    return rows


@dataclass
class Report:
    """Everything a reader needs, in one language."""

    run: ValidationRun
    lang: str
    plans: list[dict[str, str]]
    columns: list[template.Column]
    matrix: list[MatrixRow]
    labeller: Labeller

    @property
    def conforms(self) -> bool:
        return self.run.conforms

    @property
    def tagged_counts(self) -> bool:
        """Text mentions count as coverage only when the plan ticks nothing (engine.tagged_only)."""
        return (None, EQ.basis, BASIS.stated) not in self.run.data

    def plan_gaps(self, kind: str) -> list[Node]:
        """Characteristics (kind='characteristic') or aims ('aim') a Violation says no objective covers."""
        shapes = "/plan-covers-" if kind == "characteristic" else "/plan-addresses-"
        found = {f.concept for f in self.run.findings
                 if f.severity == "Violation" and shapes.replace("/", "#") in str(f.shape)}
        return [c.concept for c in self.columns if c.kind == kind and c.concept in found]

    def mention(self, concept: Node) -> str | None:
        """How the matrix shows a characteristic no objective covers: "tagged", "implied", "uncertain" or None.

        Why: a characteristic can be a gap (no objective targets it) and still
        appear in the matrix because the text mentions or implies it; the
        summary must then say so rather than contradict the matrix.
        """
        key = next((c.key for c in self.columns if c.concept == concept), None)
        marks = {r.cells.get(key, "") for r in self.matrix} if key is not None else set()
        return next((m for m in MENTION_ORDER if m in marks), None)

    def gap_dict(self, concept: Node) -> dict[str, Any]:
        """A characteristic gap for the summary, with how the matrix mentions it (if it does)."""
        mention = self.mention(concept)
        return {"iri": str(concept), "label": self.labeller.concept(concept), "mentioned": mention,
                "note": tr(f"gap_{mention}", self.lang) if mention else None}

    def finding_dict(self, f: Finding) -> dict[str, Any]:
        out: dict[str, Any] = {
            "severity": f.severity,
            "focus": str(f.focus),
            "focus_label": self.labeller(f.focus),
            "message": f.message(self.lang),
            "shape": str(f.shape) if isinstance(f.shape, URIRef) else None,
        }
        if f.concept is not None:
            out["concept"] = str(f.concept)
            out["concept_label"] = self.labeller.concept(f.concept)
        if f.value is not None:
            out["value"] = str(f.value)
        if f.path:
            out["path"] = f.path
        return out

    def as_dict(self) -> dict[str, Any]:
        keys = [c.key for c in self.columns]
        return {
            "conforms": self.conforms,
            "lang": self.lang,
            "plans": self.plans,
            "summary": {
                "violations": self.run.counts.get("Violation", 0),
                "warnings": self.run.counts.get("Warning", 0),
                "infos": self.run.counts.get("Info", 0),
                "objectives": sum(1 for r in self.matrix if r.kind == "objective"),
                "steps": sum(1 for r in self.matrix if r.kind == "step"),
                "seconds": round(self.run.seconds, 3),
            },
            "characteristic_gaps": [self.gap_dict(c) for c in self.plan_gaps("characteristic")],
            "aim_gaps": [{"iri": str(c), "label": self.labeller.concept(c)}
                         for c in self.plan_gaps("aim")],
            "columns": [{"key": c.key, "iri": str(c.concept), "kind": c.kind,
                         "label": self.labeller.concept(c.concept)} for c in self.columns],
            "matrix": [{"iri": str(r.node), "kind": r.kind, "label": r.label, "text": r.text,
                        "cells": r.cells, "gaps": r.gaps(keys, self.tagged_counts)}
                       for r in self.matrix],
            "findings": [self.finding_dict(f) for f in self.run.findings],
        }


def build_report(run: ValidationRun, lang: str = "en") -> Report:
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}; expected en or cy")
    index = PlanIndex(run.store, run.to_rdflib)
    labeller = Labeller(index, lang)
    plans = [{"iri": str(p), "label": labeller(p)} for p in plans_in(index)]  # type: ignore[arg-type]
    cols = [c for c in template.columns() if c.concept is not None]
    return Report(run, lang, plans, cols, coverage_matrix(index, labeller), labeller)


def to_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=1)


def to_turtle(report: Report) -> str:
    """The standard SHACL validation report (written by pyoxigraph: rdflib's serializer took
    5 s for the 150,000 triples of a 1,600-objective plan's report)."""
    return report.run.report_turtle()


def to_html(report: Report, standalone: bool = True) -> str:
    """The report as HTML: a whole page for the CLI, or a fragment for the web app's layout."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    folder = Path(__file__).resolve().parents[1] / "web" / "templates"
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html"]))
    fragment = env.get_template("validate_report.html").render(
        report=report, data=report.as_dict(), severities=SEVERITIES,
        t=lambda key, **values: t(key, report.lang, **values))
    if not standalone:
        return fragment
    return (f'<!doctype html>\n<html lang="{report.lang}"><head><meta charset="utf-8">'
            f"<title>{tr('title', report.lang)}</title></head><body>{fragment}</body></html>\n")


def summary_text(report: Report) -> str:
    """A few lines for the terminal."""
    d = report.as_dict()
    lang = report.lang
    lines = [tr("conforms" if report.conforms else "not_conforms", lang)]
    s = d["summary"]
    lines.append(f"{s['objectives']} {tr('objectives', lang)}, {s['steps']} {tr('steps', lang)}; "
                 f"{tr('Violation', lang)}: {s['violations']}, {tr('Warning', lang)}: {s['warnings']}, "
                 f"{tr('Info', lang)}: {s['infos']}")
    for key in ("characteristic_gaps", "aim_gaps"):
        names = ", ".join(g["label"] + (f" ({g['note']})" if g.get("note") else "") for g in d[key]) \
            or tr("none", lang)
        lines.append(f"{tr(key, lang)}: {names}")
    for f in d["findings"]:
        if f["severity"] != "Info":
            lines.append(f"[{f['severity']}] {f['focus_label']}: {f['message']}")
    return "\n".join(lines)
