"""Validate a plan against shapes/plan.ttl and return findings as plain data.

The ontology and vocabularies are mixed into a copy of the plan so that
coverage of a narrower term (skos:broader) counts for its characteristic. No
inference is needed: the shapes name the properties the converters write, and
target classes still reach subclasses through the ontology's rdfs:subClassOf
triples. The uploaded graph is never stored; it lives for one request.

Two engines share the work, because pySHACL evaluates a SPARQL-based
constraint once per focus node with rdflib's SPARQL engine, which enumerates
every path of `eq:hasObjective/eq:hasStep?/eq:covers/skos:broader*` inside
each FILTER (NOT) EXISTS: the 49 SPARQL constraints took 94 % of the time and
grew super-linearly with the plan (100 / 200 / 400 objectives, every cell
ticked: 4.9 / 9.1 / 29.6 s). So:

- the SPARQL constraints run in pyoxigraph, one query per constraint for all
  its focus nodes at once (the shape's target joined in front of the
  constraint's WHERE pattern, which is what pre-binding $this means for these
  queries), and their results are written into the report exactly as pySHACL
  writes them (sh:sourceConstraint, sh:value, both language-tagged messages);
- pySHACL checks the core constraints (linear in the plan) on the shapes
  without their sh:sparql constraints.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
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


@dataclass(frozen=True)
class SparqlConstraint:
    """One sh:sparql constraint of a node shape, with its query ready to run per focus node."""

    shape: Node
    constraint: Node
    target: URIRef
    query: str
    severity: Node
    messages: tuple[Literal, ...]


_TEMPLATE = re.compile(r"\{[?$](\w+)\}")
_THIS = ox.Variable("this")


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines)


def _sparql_constraint(shapes: Graph, shape: Node, constraint: Node) -> SparqlConstraint:
    """A constraint of the form shapegen writes (a node shape with one sh:targetClass);
    anything else is refused rather than misjudged."""
    targets = list(shapes.objects(shape, SH.targetClass))
    others = [p for p in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.path)
              if shapes.value(shape, p) is not None]
    select = shapes.value(constraint, SH.select)
    if len(targets) != 1 or not isinstance(targets[0], URIRef) or others or select is None \
            or shapes.value(constraint, SH.deactivated) is not None:
        raise InputError(f"shapes/plan.ttl: the SPARQL constraint of {shape} is not of a form eqkg "
                         "evaluates (a SELECT on a node shape with one sh:targetClass)")
    messages = tuple(m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal)) or tuple(
        m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal))
    return SparqlConstraint(shape, constraint, targets[0], f"{_prefixes(shapes, constraint)}\n{select}",
                            shapes.value(shape, SH.severity) or SH.Violation, messages)


@lru_cache(maxsize=1)
def split_shapes() -> tuple[Graph, tuple[SparqlConstraint, ...]]:
    """The shapes for pySHACL (without their SPARQL constraints) and those constraints."""
    shapes = shapes_graph()
    constraints = []
    core = Graph()
    dropped = set()
    for shape, constraint in shapes.subject_objects(SH.sparql):
        constraints.append(_sparql_constraint(shapes, shape, constraint))
        dropped.add(constraint)
    for triple in shapes:
        if triple[0] not in dropped and not (triple[1] == SH.sparql and triple[2] in dropped):
            core.add(triple)
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    constraints.sort(key=lambda c: str(c.shape))
    return core, tuple(constraints)


class _Terms:
    """rdflib <-> pyoxigraph terms, keeping blank nodes the same on the way back."""

    def __init__(self) -> None:
        self.iris: dict[URIRef, ox.NamedNode] = {}
        self.blanks: dict[BNode, ox.BlankNode] = {}
        self.back: dict[str, BNode] = {}

    def to_ox(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, URIRef):
            node = self.iris.get(term)
            if node is None:
                node = self.iris[term] = ox.NamedNode(str(term))
            return node
        if isinstance(term, BNode):
            blank = self.blanks.get(term)
            if blank is None:
                blank = self.blanks[term] = ox.BlankNode()
                self.back[blank.value] = term
            return blank
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None and term.datatype != XSD.string:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
        raise InputError(f"cannot validate the RDF term {term!r}")

    def to_rdflib(self, term: object) -> Node:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return self.back.get(term.value) or BNode(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        raise InputError(f"cannot read the SPARQL answer term {term!r}")


def _oxigraph(graphs: list[Graph], terms: _Terms) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(terms.to_ox(s), terms.to_ox(p), terms.to_ox(o))  # type: ignore[arg-type]
                      for graph in graphs for s, p, o in graph)
    return store


def _message(message: Literal, row: dict[str, Node]) -> Literal:
    text = _TEMPLATE.sub(lambda m: str(row.get(m.group(1), m.group(0))), str(message))
    return Literal(text, lang=message.language) if message.language else Literal(text)


def sparql_results(data: Graph, report: Graph, report_node: Node) -> int:
    """Run every SPARQL constraint over the plan (with the ontology mixed in) in pyoxigraph and add
    its results to `report` as pySHACL would; the number of Violations added."""
    shapes = shapes_graph()
    terms = _Terms()
    store = _oxigraph([data], terms)
    violations = 0
    copied: set[Node] = set()
    focus_nodes: dict[URIRef, list[object]] = {}
    for constraint in split_shapes()[1]:
        if constraint.target not in focus_nodes:
            focus_nodes[constraint.target] = [row["this"] for row in store.query(  # type: ignore[index, union-attr]
                f"SELECT DISTINCT ?this WHERE {{ ?this a/<{RDFS.subClassOf}>* <{constraint.target}> }}")]
        for node in focus_nodes[constraint.target]:
            focus = terms.to_rdflib(node)
            # SHACL pre-binds $this (SEP-0007 substitution), one query per focus node: joining
            # the target in front of the pattern instead would leave $this unbound inside
            # FILTER EXISTS, which engines then evaluate for every node of the graph.
            solutions = store.query(constraint.query, substitutions={_THIS: node})  # type: ignore[dict-item]
            names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
            for solution in solutions:  # type: ignore[union-attr]
                row = {name: terms.to_rdflib(solution[name]) for name in names if solution[name] is not None}
                violations += _add_result(report, report_node, constraint, focus, row)
                if constraint.constraint not in copied:
                    copied.add(constraint.constraint)
                    for triple in shapes.triples((constraint.constraint, None, None)):
                        report.add(triple)
    return violations


def _add_result(report: Graph, report_node: Node, constraint: SparqlConstraint, focus: Node,
                row: dict[str, Node]) -> bool:
    """One sh:ValidationResult as pySHACL writes it; True for a Violation."""
    result = BNode()
    report.add((report_node, SH.result, result))
    report.add((result, RDF.type, SH.ValidationResult))
    report.add((result, SH.focusNode, focus))
    report.add((result, SH.resultSeverity, constraint.severity))
    report.add((result, SH.sourceShape, constraint.shape))
    report.add((result, SH.sourceConstraint, constraint.constraint))
    report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
    if "value" in row:
        report.add((result, SH.value, row["value"]))
    if "path" in row:
        report.add((result, SH.resultPath, row["path"]))
    for message in constraint.messages:
        report.add((result, SH.resultMessage, _message(message, {"this": focus, **row})))
    return constraint.severity == SH.Violation


class _GraphReportValidator(Validator):
    """pySHACL's Validator without its text report, which it builds by adding one string per
    result to a growing string, sorted by that text: 24 s of 42 at 1,600 objectives (16,000
    results). eqkg reads only the report graph, which is built exactly as before."""

    @classmethod
    def create_validation_report(cls, sg: Any, conforms: bool, results: list[tuple]) -> tuple[Graph, str]:
        graph, _text = super().create_validation_report(
            sg, conforms, [("", node, triples) for _description, node, triples in results])
        return graph, ""


_OPTIONS = {"inference": "none", "inplace": True, "abort_on_first": False, "allow_infos": True,
            "allow_warnings": True, "advanced": False, "iterate_rules": False, "sparql_mode": False}


def run(data: Graph) -> ValidationRun:
    """Validate a plan graph against shapes/plan.ttl (the input graph is left as it was)."""
    core, _constraints = split_shapes()
    ontology = ontology_graph()
    start = time.perf_counter()
    counted = counted_coverage(data)
    # The whole ontology goes in, not pySHACL's ont_graph: pySHACL copies only RDFS/OWL
    # axioms from an ont_graph, so the vocabularies' skos:broader never reached the shapes
    # and a plan covering "disabled people" was told it did not cover disability. It is
    # added to the plan's graph for the run and taken out again (copying a large plan
    # would cost more than the validation).
    added = [triple for triple in ontology if triple not in counted]
    for triple in added:
        counted.add(triple)
    try:
        # pySHACL reads the shared shapes graph; one run at a time keeps that safe.
        with _LOCK:
            conforms, report, _text = _GraphReportValidator(
                DataGraph.from_rdflib(counted), shacl_graph=core, options=dict(_OPTIONS)).run()
        report_node = report.value(None, RDF.type, SH.ValidationReport, any=True)
        if sparql_results(counted, report, report_node) and conforms:
            report.set((report_node, SH.conforms, Literal(False)))
    finally:
        for triple in added:
            counted.remove(triple)
    seconds = time.perf_counter() - start
    findings = read_findings(report, shapes_graph())
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    return ValidationRun(data, findings, report, seconds, counts)


def plans_in(data: Graph) -> list[URIRef]:
    """The strategic equality plans a graph describes."""
    return sorted({p for p in data.subjects(RDF.type, EQ.StrategicEqualityPlan) if isinstance(p, URIRef)})
