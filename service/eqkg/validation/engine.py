"""Run pySHACL with the plan shapes and return findings as plain data.

The ontology and vocabularies go in as pySHACL's ont_graph: they are mixed
into a copy of the plan so that coverage of a narrower term (skos:broader)
counts for its characteristic. No inference is needed: the shapes name the
properties the converters write, and target classes still reach subclasses
through the ontology's rdfs:subClassOf triples. The uploaded graph is never
stored; it lives for one request.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from .. import config
from ..errors import InputError
from ..namespaces import BASIS, EQ, SH

SEVERITIES = ("Violation", "Warning", "Info")
_LOCK = threading.Lock()


@dataclass
class Finding:
    """One SHACL validation result, with the messages in every language the shape gives."""

    severity: str
    focus: Node
    shape: Node
    messages: dict[str, str]
    value: Node | None = None
    path: str | None = None
    subject: Node | None = None  # the concept the shape is about (dcterms:subject)

    @property
    def concept(self) -> Node | None:
        """The characteristic, aim or duty a finding is about, when there is one."""
        if isinstance(self.value, URIRef) and "/vocab/" in str(self.value):
            return self.value
        return self.subject

    def key(self) -> tuple[str, str, str, str]:
        """Identity of a finding independent of blank-node labels (for comparisons)."""
        shape = str(self.shape) if isinstance(self.shape, URIRef) else f"{self.path}"
        return (self.severity, str(self.focus), shape, str(self.concept or self.value or ""))

    def message(self, lang: str) -> str:
        return self.messages.get(lang) or self.messages.get("en") or next(iter(self.messages.values()), "")


@dataclass
class ValidationRun:
    """The outcome of one validation."""

    data: Graph
    findings: list[Finding]
    report_graph: Graph
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        """A plan conforms when it has no finding of severity Violation."""
        return self.counts.get("Violation", 0) == 0


def _parse_files(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(f"{path}: cannot read: {exc}") from exc
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """ontology/eqkg.ttl and ontology/vocab/*.ttl as one graph (read once per process)."""
    ontology = config.asset_dir("ontology")
    return _parse_files([ontology / "eqkg.ttl", *sorted((ontology / "vocab").glob("*.ttl"))])


def shapes_file() -> Path:
    return config.asset_dir("shapes") / "plan.ttl"


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """shapes/plan.ttl (read once per process)."""
    path = shapes_file()
    if not path.is_file():
        raise InputError(f"{path} is missing: run python -m eqkg.validation.shapegen")
    return _parse_files([path])


def _path_text(report: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        return report.namespace_manager.normalizeUri(node)
    return "complex path"


def _tag_messages(report: Graph, result: Node, shapes: Graph, shape: Node | None) -> dict[str, str]:
    """The result's messages by language.

    pySHACL drops the language tags of SPARQL-constraint messages; the shape's own
    sh:message literals carry them, so the tags are restored from there (in the
    report graph too, so the Turtle report stays bilingual).
    """
    tagged = {str(m): m.language for m in shapes.objects(shape, SH.message)
              if isinstance(m, Literal) and m.language} if shape is not None else {}
    messages: dict[str, str] = {}
    for msg in list(report.objects(result, SH.resultMessage)):
        lang = msg.language if isinstance(msg, Literal) and msg.language else tagged.get(str(msg))
        if lang and not msg.language:
            report.remove((result, SH.resultMessage, msg))
            report.add((result, SH.resultMessage, Literal(str(msg), lang=lang)))
        messages.setdefault(lang or "en", str(msg))
    return messages


def read_findings(report: Graph, shapes: Graph) -> list[Finding]:
    """The results of a SHACL validation report graph, sorted for stable output."""
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        shape = report.value(result, SH.sourceShape)
        messages = _tag_messages(report, result, shapes, shape)
        findings.append(Finding(
            severity=severity,
            focus=report.value(result, SH.focusNode),
            shape=shape,
            messages=messages,
            value=report.value(result, SH.value),
            path=_path_text(report, report.value(result, SH.resultPath)),
            subject=shapes.value(shape, DCTERMS.subject) if shape is not None else None,
        ))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (order.get(f.severity, 9), str(f.focus), str(f.shape),
                                 str(f.concept or f.value or "")))
    return findings


def counted_coverage(data: Graph) -> Graph:
    """The plan as the shapes see it: when the plan ticks coverage in a table (basis:stated),
    words that merely mention a group in its text (basis:tagged) do not count as coverage.

    Returns `data` itself when nothing is dropped, else a copy without the tagged-only
    eq:covers / eq:addressesAim triples (the claims stay, so the report can show them).
    """
    if (None, EQ.basis, BASIS.stated) not in data:
        return data
    drop = []
    for node, claim in data.subject_objects(EQ.claim):
        if data.value(claim, EQ.basis) != BASIS.tagged:
            continue
        concept = data.value(claim, EQ.claimCharacteristic)
        others = [c for c in data.objects(node, EQ.claim)
                  if c != claim and data.value(c, EQ.claimCharacteristic) == concept
                  and data.value(c, EQ.basis) != BASIS.tagged]
        if concept is not None and not others:
            drop += [(node, EQ.covers, concept), (node, EQ.addressesAim, concept)]
    if not drop:
        return data
    view = Graph()
    for triple in data:
        view.add(triple)
    for triple in drop:
        view.remove(triple)
    return view


def run(data: Graph) -> ValidationRun:
    """Validate a plan graph against shapes/plan.ttl (the input graph is not modified)."""
    shapes = shapes_graph()
    ontology = ontology_graph()
    start = time.perf_counter()
    # pySHACL reads the shared shapes/ontology graphs; one run at a time keeps that safe.
    with _LOCK:
        _conforms, report, _text = validate(
            counted_coverage(data), shacl_graph=shapes, ont_graph=ontology, inference="none",
            abort_on_first=False, allow_warnings=True, allow_infos=True,
            advanced=False, meta_shacl=False, inplace=False,
        )
    seconds = time.perf_counter() - start
    findings = read_findings(report, shapes)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    return ValidationRun(data, findings, report, seconds, counts)


def plans_in(data: Graph) -> list[URIRef]:
    """The strategic equality plans a graph describes."""
    return sorted({p for p in data.subjects(RDF.type, EQ.StrategicEqualityPlan) if isinstance(p, URIRef)})
