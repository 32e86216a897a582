"""Validate a plan against shapes/plan.ttl and return findings as plain data.

The plan lives in a pyoxigraph store for the run (an uploaded Turtle plan is
parsed into one; a plan read from a document or table is copied into one), with
the ontology and vocabularies mixed in so that coverage of a narrower term
(skos:broader) counts for its characteristic. No inference is needed: the
shapes name the properties the converters write, and target classes still
reach subclasses through the ontology's rdfs:subClassOf triples. The uploaded
plan is never stored; it lives for one request.

pySHACL evaluated the SPARQL constraints with rdflib, enumerating every path of
`eq:hasObjective/eq:hasStep?/eq:covers/skos:broader*` inside each FILTER (NOT)
EXISTS (94 % of the time, super-linear: 100 / 200 / 400 objectives, every cell
ticked: 4.9 / 9.1 / 29.6 s), and built its report in rdflib graphs. So:

- the SPARQL constraints run in pyoxigraph, once per focus node with $this
  pre-bound (SEP-0007 substitution);
- the property shapes whose only constraint is sh:hasValue or sh:minCount (the
  per-objective coverage shapes and the completeness checks) run in pyoxigraph,
  one query per shape for all its focus nodes;
- pySHACL checks what is left (the plan's datatypes and date order) on the plan
  node's own triples;
- the results become Findings directly, and the SHACL report is written from
  them on demand (ValidationRun.report_turtle) with the triples pySHACL's report
  builder gives each result: no rdflib report graph (adding, reading back and
  serialising 180,000 report triples in rdflib took 12 s at 3,200 objectives).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
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


class ValidationRun:
    """The outcome of one validation: the plan (`data`, and `store`, the same plan in pyoxigraph),
    the findings, and the SHACL report, written on demand (`report_turtle()`, `report_graph`)."""

    def __init__(self, data: Graph, findings: list[Finding], seconds: float, counts: dict[str, int],
                 *, store: ox.Store, report: _ReportParts) -> None:
        self.data = data
        self.findings = findings
        self.seconds = seconds
        self.counts = counts
        self.store = store
        self._report = report

    @property
    def conforms(self) -> bool:
        """A plan conforms when it has no finding of severity Violation."""
        return self.counts.get("Violation", 0) == 0

    def to_rdflib(self, term: object) -> Node:
        """A term of `store` as the rdflib term of `data` (blank nodes included)."""
        return self._report.terms.to_rdflib(term)

    def report_turtle(self) -> str:
        """The standard SHACL validation report (sh:ValidationReport) as Turtle."""
        return self._report.turtle(self.conforms)

    @property
    def report_graph(self) -> Graph:
        """The SHACL validation report as an rdflib graph (parsed from report_turtle())."""
        return Graph().parse(data=self.report_turtle(), format="turtle")


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


@dataclass(frozen=True)
class PathShape:
    """A property shape checked in pyoxigraph: sh:hasValue or sh:minCount on a SPARQL-expressible path."""

    shape: Node
    target: URIRef
    path: Node  # the sh:path node of the shapes graph (the report's sh:resultPath)
    sparql_path: str
    component: URIRef  # SH.HasValueConstraintComponent or SH.MinCountConstraintComponent
    value: Node | None  # sh:hasValue
    min_count: int  # sh:minCount (0 for hasValue)
    severity: Node
    messages: tuple[Literal, ...]


# Predicates of a property shape that constrain nothing (or name its target), so that a shape
# with only these besides sh:path and one sh:hasValue or sh:minCount is evaluated in pyoxigraph.
_INERT = {RDF.type, RDFS.label, RDFS.comment, DCTERMS.subject, SH.message, SH.severity, SH.name,
          SH.description, SH.targetClass, SH.path}
_PATH_OPS = {SH.alternativePath: "|", SH.inversePath: "^", SH.zeroOrMorePath: "*",
             SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def _sparql_path(shapes: Graph, node: Node) -> str | None:
    """The SPARQL property path of a SHACL path, or None for one it cannot say."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if not isinstance(node, BNode):
        return None
    if shapes.value(node, RDF.first) is not None:
        steps = [_sparql_path(shapes, item) for item in shapes.items(node)]
        return None if not steps or None in steps else "(" + "/".join(steps) + ")"  # type: ignore[arg-type]
    pairs = list(shapes.predicate_objects(node))
    if len(pairs) != 1 or pairs[0][0] not in _PATH_OPS:
        return None
    op, inner = pairs[0]
    if op == SH.alternativePath:
        options = [_sparql_path(shapes, item) for item in shapes.items(inner)]
        return None if len(options) < 2 or None in options else "(" + "|".join(options) + ")"  # type: ignore[arg-type]
    text = _sparql_path(shapes, inner)
    if text is None:
        return None
    return f"(^{text})" if op == SH.inversePath else f"({text}{_PATH_OPS[op]})"


def _path_shape(shapes: Graph, shape: Node, target: Node | None) -> PathShape | None:
    """The shape as a PathShape, or None when pySHACL must check it."""
    if not isinstance(target, URIRef) or shapes.value(shape, SH.deactivated) is not None:
        return None
    predicates = set(shapes.predicates(shape))
    constraints = predicates - _INERT
    path = shapes.value(shape, SH.path)
    messages = tuple(m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal))
    if path is None or len(constraints) != 1 or not messages \
            or any(len(list(shapes.objects(shape, p))) != 1 for p in (*constraints, SH.path)):
        return None
    sparql_path = _sparql_path(shapes, path)
    if sparql_path is None:
        return None
    severity = shapes.value(shape, SH.severity) or SH.Violation
    if constraints == {SH.hasValue}:
        return PathShape(shape, target, path, sparql_path, SH.HasValueConstraintComponent,
                         shapes.value(shape, SH.hasValue), 0, severity, messages)
    count = shapes.value(shape, SH.minCount)
    if constraints == {SH.minCount} and isinstance(count, Literal) and isinstance(count.value, int):
        return PathShape(shape, target, path, sparql_path, SH.MinCountConstraintComponent,
                         None, count.value, severity, messages)
    return None


@lru_cache(maxsize=1)
def split_shapes() -> tuple[Graph, tuple[SparqlConstraint, ...], tuple[PathShape, ...]]:
    """The shapes for pySHACL (without what pyoxigraph checks), the SPARQL constraints and the
    property shapes that pyoxigraph checks."""
    shapes = shapes_graph()
    constraints = []
    dropped: set[tuple[Node, Node, Node]] = set()
    for shape, constraint in shapes.subject_objects(SH.sparql):
        constraints.append(_sparql_constraint(shapes, shape, constraint))
        dropped.add((shape, SH.sparql, constraint))
        dropped.update(shapes.triples((constraint, None, None)))
    paths = []
    for shape, target in shapes.subject_objects(SH.targetClass):
        if (shape, RDF.type, SH.PropertyShape) in shapes or shapes.value(shape, SH.path) is not None:
            fast = _path_shape(shapes, shape, target)
            if fast is not None:
                paths.append(fast)
                dropped.add((shape, SH.targetClass, target))  # pySHACL no longer targets it
            continue
        nested = list(shapes.objects(shape, SH.property))
        fast_nested = [_path_shape(shapes, p, target) for p in nested]
        for node, fast in zip(nested, fast_nested, strict=True):
            if fast is not None:
                paths.append(fast)
                dropped.add((shape, SH.property, node))
        if nested and all(fast_nested) and set(shapes.predicates(shape)) - _INERT <= {SH.property}:
            dropped.add((shape, SH.targetClass, target))
    core = Graph()
    for triple in shapes:
        if triple not in dropped:
            core.add(triple)
    # A shape left with nothing to check (its constraints all run in pyoxigraph) is not
    # targeted either, or pySHACL would still visit each of its focus nodes.
    for shape, target in list(core.subject_objects(SH.targetClass)):
        if not set(core.predicates(shape)) - _INERT:
            core.remove((shape, SH.targetClass, target))
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    constraints.sort(key=lambda c: str(c.shape))
    paths.sort(key=lambda p: (str(p.target), str(p.shape)))
    return core, tuple(constraints), tuple(paths)


class _Terms:
    """rdflib <-> pyoxigraph terms, keeping blank nodes the same on the way back."""

    def __init__(self) -> None:
        self.iris: dict[URIRef, ox.NamedNode] = {}
        self.blanks: dict[BNode, ox.BlankNode] = {}
        self.back: dict[str, BNode] = {}
        self.known: dict[object, Node] = {}  # pyoxigraph term -> rdflib term, converted once

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
        known = self.known.get(term)
        if known is None:
            known = self.known[term] = self._to_rdflib(term)
        return known

    def _to_rdflib(self, term: object) -> Node:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return self.back.get(term.value) or BNode(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        raise InputError(f"cannot read the SPARQL answer term {term!r}")


class _GraphReportValidator(Validator):
    """pySHACL's Validator without its text report, which it builds by adding one string per
    result to a growing string, sorted by that text (24 s of 42 at 1,600 objectives when
    pySHACL built every result): eqkg reads only the report graph."""

    def create_validation_report(self, sg: Any, conforms: bool,  # type: ignore[override]
                                 results: list[tuple]) -> tuple[Graph, str]:
        graph, _text = Validator.create_validation_report(
            sg, conforms, [("", node, triples) for _description, node, triples in results])
        return graph, ""


@dataclass(frozen=True)
class _Result:
    """One result found in pyoxigraph: the shape or constraint, the focus node (a pyoxigraph
    term) and, for a SPARQL constraint, its solution (rdflib terms)."""

    check: PathShape | SparqlConstraint
    focus: object
    row: dict[str, Node] | None = None


def _focus_nodes(store: ox.Store, target: URIRef, cache: dict[URIRef, list[object]]) -> list[object]:
    if target not in cache:
        cache[target] = [row["this"] for row in store.query(  # type: ignore[index, union-attr]
            f"SELECT DISTINCT ?this WHERE {{ ?this a/<{RDFS.subClassOf}>* <{target}> }}")]
    return cache[target]


def path_results(store: ox.Store, terms: _Terms, focus_nodes: dict[URIRef, list[object]]) -> list[_Result]:
    """The results of the PathShapes: one query per shape for all its focus nodes (those whose
    path reaches the value, or their value counts); a result per focus node that fails."""
    results: list[_Result] = []
    for fast in split_shapes()[2]:
        target = f"?this a/<{RDFS.subClassOf}>* <{fast.target}>"
        nodes = _focus_nodes(store, fast.target, focus_nodes)
        if fast.component == SH.HasValueConstraintComponent:
            value = terms.to_ox(fast.value).n3() if isinstance(fast.value, Literal) else \
                f"<{fast.value}>" if isinstance(fast.value, URIRef) else None
            if value is None:
                raise InputError(f"shapes/plan.ttl: sh:hasValue of {fast.shape} is a blank node")
            passing = {row["this"] for row in store.query(  # type: ignore[index, union-attr]
                f"SELECT DISTINCT ?this WHERE {{ {target} . ?this {fast.sparql_path} {value} }}")}
        else:
            passing = {row["this"] for row in store.query(  # type: ignore[index, union-attr]
                f"SELECT ?this WHERE {{ {target} . ?this {fast.sparql_path} ?v }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?v) >= {fast.min_count})")}
        results += [_Result(fast, node) for node in nodes if node not in passing]
    return results


def _message(message: Literal, row: dict[str, Node]) -> Literal:
    text = _TEMPLATE.sub(lambda m: str(row.get(m.group(1), m.group(0))), str(message))
    return Literal(text, lang=message.language) if message.language else Literal(text)


def sparql_results(store: ox.Store, terms: _Terms, focus_nodes: dict[URIRef, list[object]]) -> list[_Result]:
    """Run every SPARQL constraint over the plan (with the ontology mixed in, in `store`): one
    result per solution, as pySHACL gives them."""
    results: list[_Result] = []
    for constraint in split_shapes()[1]:
        for node in _focus_nodes(store, constraint.target, focus_nodes):
            # SHACL pre-binds $this (SEP-0007 substitution), one query per focus node: joining
            # the target in front of the pattern instead would leave $this unbound inside
            # FILTER EXISTS, which engines then evaluate for every node of the graph.
            solutions = store.query(constraint.query, substitutions={_THIS: node})  # type: ignore[dict-item]
            names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
            for solution in solutions:  # type: ignore[union-attr]
                row = {name: terms.to_rdflib(solution[name]) for name in names if solution[name] is not None}
                results.append(_Result(constraint, node, row))
    return results


_OPTIONS = {"inference": "none", "inplace": True, "abort_on_first": False, "allow_infos": True,
            "allow_warnings": True, "advanced": False, "iterate_rules": False, "sparql_mode": False}
# What the shapes left to pySHACL may use for its focus nodes to read only their own triples
# (an IRI path, and constraints on the values themselves or on another property of the focus
# node): then pySHACL gets those triples, not the whole plan (copying 70,000 triples into rdflib
# took longer than validating them).
_LOCAL = _INERT | {SH.property, SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.hasValue, SH["in"],
                   SH.pattern, SH.flags, SH.minLength, SH.maxLength, SH.lessThan, SH.lessThanOrEquals,
                   SH.equals, SH.disjoint, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
                   SH.maxExclusive, SH.languageIn, SH.uniqueLang, SH.deactivated}


@lru_cache(maxsize=1)
def _core_targets() -> tuple[tuple[URIRef, ...], bool]:
    """The classes pySHACL's shapes target, and whether their checks read only the focus nodes' own triples."""
    core = split_shapes()[0]
    targets = sorted({t for t in core.objects(None, SH.targetClass) if isinstance(t, URIRef)})
    others = any(core.value(None, p) is not None for p in (SH.targetNode, SH.targetSubjectsOf,
                                                           SH.targetObjectsOf, SH.target, SH.sparql))
    local = not others
    for shape in set(core.subjects(SH.targetClass, None)):
        for node in [shape, *core.objects(shape, SH.property)]:
            path = core.value(node, SH.path)
            if (node != shape and not isinstance(path, URIRef)) or set(core.predicates(node)) - _LOCAL:
                local = False
    return tuple(targets), local


def _core_graph(store: ox.Store, terms: _Terms, focus_nodes: dict[URIRef, list[object]]) -> Graph:
    """What pySHACL needs of the plan: the focus nodes' own triples and the class hierarchy, or,
    for shapes that read further, the whole plan and ontology."""
    graph = Graph()
    targets, local = _core_targets()
    if not local:
        graph.addN((terms.to_rdflib(q.subject), terms.to_rdflib(q.predicate), terms.to_rdflib(q.object), graph)
                   for q in store.quads_for_pattern(None, None, None))
        return graph
    for triple in ontology_graph().triples((None, RDFS.subClassOf, None)):
        graph.add(triple)
    for target in targets:
        for node in _focus_nodes(store, target, focus_nodes):
            graph.addN((terms.to_rdflib(q.subject), terms.to_rdflib(q.predicate), terms.to_rdflib(q.object), graph)
                       for q in store.quads_for_pattern(node, None, None))  # type: ignore[arg-type]
    return graph


def tagged_only(store: ox.Store) -> list[ox.Quad]:
    """The eq:covers / eq:addressesAim triples that only a text mention (basis:tagged) supports,
    in a plan that ticks coverage in a table (basis:stated): they do not count."""
    if next(store.quads_for_pattern(None, ox.NamedNode(str(EQ.basis)), ox.NamedNode(str(BASIS.stated))),
            None) is None:
        return []
    rows = store.query(f"""PREFIX eq: <{EQ}>
        SELECT DISTINCT ?node ?c WHERE {{
            ?node eq:claim ?claim . ?claim eq:basis <{BASIS.tagged}> ; eq:claimCharacteristic ?c .
            FILTER NOT EXISTS {{ ?node eq:claim ?other . FILTER (?other != ?claim)
                ?other eq:claimCharacteristic ?c . FILTER NOT EXISTS {{ ?other eq:basis <{BASIS.tagged}> }} }}
        }}""")
    drop = []
    for row in rows:  # type: ignore[union-attr]
        for pred in (EQ.covers, EQ.addressesAim):
            quad = ox.Quad(row["node"], ox.NamedNode(str(pred)), row["c"])  # type: ignore[index, arg-type]
            if quad in store:
                drop.append(quad)
    return drop


@lru_cache(maxsize=1)
def _ontology_quads() -> tuple[ox.Quad, ...]:
    terms = _Terms()
    return tuple(ox.Quad(terms.to_ox(s), terms.to_ox(p), terms.to_ox(o))  # type: ignore[arg-type]
                 for s, p, o in ontology_graph())


def plan_store(data: Graph) -> tuple[ox.Store, _Terms]:
    """The plan in a pyoxigraph store: the store itself when `data` is one (an upload parsed by
    pyoxigraph, inputs.parse_turtle), else a copy."""
    terms = _Terms()
    if isinstance(data.store, OxigraphStore):
        return data.store._inner, terms
    store = ox.Store()
    store.bulk_extend(ox.Quad(terms.to_ox(s), terms.to_ox(p), terms.to_ox(o))  # type: ignore[arg-type]
                      for s, p, o in data)
    return store, terms


def oxigraph_graph(store: ox.Store) -> Graph:
    """An rdflib Graph reading and writing the default graph of a pyoxigraph store (oxrdflib)."""
    return Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)


def run(data: Graph) -> ValidationRun:
    """Validate a plan graph against shapes/plan.ttl (the input graph is left as it was)."""
    core = split_shapes()[0]
    start = time.perf_counter()
    store, terms = plan_store(data)
    # Tagged-only coverage is taken out for the run (tagged_only), and the whole ontology
    # goes in, not pySHACL's ont_graph: pySHACL copies only RDFS/OWL axioms from an ont_graph,
    # so the vocabularies' skos:broader never reached the shapes and a plan covering "disabled
    # people" was told it did not cover disability. Both are undone after the run.
    dropped = tagged_only(store)
    for quad in dropped:
        store.remove(quad)
    added = [quad for quad in _ontology_quads() if quad not in store]
    store.extend(added)
    focus_nodes: dict[URIRef, list[object]] = {}
    try:
        results = path_results(store, terms, focus_nodes) + sparql_results(store, terms, focus_nodes)
        core_data = _core_graph(store, terms, focus_nodes)
    finally:
        for quad in added:
            store.remove(quad)
        store.extend(dropped)
    # pySHACL reads the shared shapes graph; one run at a time keeps that safe.
    with _LOCK:
        _conforms, core_report, _text = _GraphReportValidator(
            DataGraph.from_rdflib(core_data), shacl_graph=core, options=dict(_OPTIONS)).run()
    findings = read_findings(core_report, shapes_graph()) + [_finding(r, terms) for r in results]
    _sort(findings)
    seconds = time.perf_counter() - start
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    return ValidationRun(data, findings, seconds, counts, store=store,
                         report=_ReportParts(core_report, results, terms))


@lru_cache(maxsize=256)
def _subject(shape: Node) -> Node | None:
    return shapes_graph().value(shape, DCTERMS.subject)


@lru_cache(maxsize=256)
def _messages(messages: tuple[Literal, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for message in messages:
        out.setdefault(message.language or "en", str(message))
    return out


def _finding(result: _Result, terms: _Terms) -> Finding:
    check = result.check
    focus = terms.to_rdflib(result.focus)
    if isinstance(check, PathShape):
        return Finding(str(check.severity).rsplit("#", 1)[-1], focus, check.shape, dict(_messages(check.messages)),
                       None, _path_text(shapes_graph(), check.path), _subject(check.shape))
    row = {"this": focus, **(result.row or {})}
    messages: dict[str, str] = {}
    for message in check.messages:
        messages.setdefault(message.language or "en", str(_message(message, row)))
    path = row.get("path")
    return Finding(str(check.severity).rsplit("#", 1)[-1], focus, check.shape, messages, row.get("value"),
                   _path_text(shapes_graph(), path) if path is not None else None, _subject(check.shape))


def _sort(findings: list[Finding]) -> None:
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (order.get(f.severity, 9), str(f.focus), str(f.shape),
                                 str(f.concept or f.value or "")))


@lru_cache(maxsize=4096)
def _closure(node: Node) -> tuple[tuple[Node, Node, Node], ...]:
    """The triples of a blank node of the shapes graph and of the blank nodes it leads to (what
    pySHACL's report builder copies for a sh:sourceShape or sh:resultPath that is one)."""
    shapes = shapes_graph()
    out, seen, todo = [], {node}, [node]
    while todo:
        for s, p, o in shapes.triples((todo.pop(), None, None)):
            out.append((s, p, o))
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
    return tuple(out)


@dataclass
class _ReportParts:
    """What the SHACL report is written from: pySHACL's report for the shapes it checked and the
    results found in pyoxigraph."""

    core: Graph
    results: list[_Result]
    terms: _Terms

    def turtle(self, conforms: bool) -> str:
        """The report as pySHACL's report builder writes it: the same triples (a result's focus
        node, severity, source shape and constraint component, path, value and language-tagged
        messages; blank-node shapes, paths and SPARQL constraints copied whole).

        pySHACL's own results and the copied shapes are serialised by pyoxigraph; the results
        found in pyoxigraph are written one block each from pyoxigraph's N-Triples form of
        their terms, with the terms every result of a shape shares written once: making
        300,000 pyoxigraph triples took 3 s at 3,200 objectives, the text 0.2 s."""
        to_ox = self.terms.to_ox
        fixed: list[ox.Triple] = []
        core_report = self.core.value(None, RDF.type, SH.ValidationReport, any=True)
        refs: list[str] = []
        for s, p, o in self.core:
            if s == core_report:
                if p == SH.result:
                    refs.append(str(to_ox(o)))
                continue
            fixed.append(ox.Triple(to_ox(s), to_ox(p), to_ox(o)))  # type: ignore[arg-type]
        copied: set[Node] = set()
        shared: dict[int, tuple[str, str]] = {}

        def prepare(check: PathShape | SparqlConstraint) -> tuple[str, str]:
            pairs = [("a", _nt(SH.ValidationResult)), ("sh:resultSeverity", _nt(check.severity)),
                     ("sh:sourceShape", str(to_ox(check.shape)))]
            nodes = [check.shape]
            messages = ""
            if isinstance(check, PathShape):
                pairs += [("sh:sourceConstraintComponent", _nt(check.component)),
                          ("sh:resultPath", str(to_ox(check.path)))]
                nodes.append(check.path)
                messages = "".join(f" ;\n    sh:resultMessage {to_ox(m)}" for m in check.messages)
            else:
                pairs += [("sh:sourceConstraint", str(to_ox(check.constraint))),
                          ("sh:sourceConstraintComponent", _nt(SH.SPARQLConstraintComponent))]
                nodes.append(check.constraint)
            for node in nodes:
                if isinstance(node, BNode) and node not in copied:
                    copied.add(node)
                    fixed.extend(ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
                                 for s, p, o in _closure(node))
            return "".join(f" ;\n    {p} {o}" for p, o in pairs), messages

        blocks = []
        for number, result in enumerate(self.results):
            check = result.check
            constant = shared.get(id(check))
            if constant is None:
                constant = shared[id(check)] = prepare(check)
            pairs, messages = constant
            node = f"_:eqkgresult{number}"
            refs.append(node)
            if result.row is not None:
                row = result.row
                extra = []
                if "value" in row:
                    extra.append(f" ;\n    sh:value {to_ox(row['value'])}")
                if "path" in row:
                    extra.append(f" ;\n    sh:resultPath {to_ox(row['path'])}")
                focus = self.terms.to_rdflib(result.focus)
                extra += [f" ;\n    sh:resultMessage {to_ox(_message(m, {'this': focus, **row}))}"
                          for m in check.messages]
                messages = "".join(extra)
            blocks.append(f"{node} sh:focusNode {result.focus}{pairs}{messages} .\n")
        head = (f"@prefix sh: <{SH}> .\n\n_:eqkgreport a sh:ValidationReport ;\n"
                f"    sh:conforms {'true' if conforms else 'false'}")
        if refs:
            head += " ;\n    sh:result " + " ,\n        ".join(refs)
        rest = ox.serialize(fixed, format=ox.RdfFormat.TURTLE).decode("utf-8")  # type: ignore[union-attr]
        return "".join([head, " .\n\n", *blocks, "\n", rest])


def _nt(term: URIRef) -> str:
    """A SHACL term as `sh:name`, anything else as `<iri>`."""
    text = str(term)
    return "sh:" + text[len(str(SH)):] if text.startswith(str(SH)) else f"<{text}>"


def plans_in(data: Graph) -> list[URIRef]:
    """The strategic equality plans a graph describes."""
    return sorted({p for p in data.subjects(RDF.type, EQ.StrategicEqualityPlan) if isinstance(p, URIRef)})
