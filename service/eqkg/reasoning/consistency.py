"""Consistency checks over asserted + inferred data: what OWL 2 RL says cannot all be true.

Each check is one SPARQL query over the union of graphs (so subclass-derived
memberships count), plus the messages owlrl itself raised while materialising
(kept in graph/inferred/meta). Every finding names the resources involved and
the documents they come from (eq:source, and the asserted graphs that
describe them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..namespaces import EQ, INFERRED_GRAPH_PREFIX
from ..store import Store, is_inferred_graph
from .materialisation import out_of_date, quiet_rdflib, reasoner_messages
from .terms import short

ERROR = "error"
WARNING = "warning"


@dataclass
class Finding:
    """One inconsistency (error) or suspicious inference (warning)."""

    kind: str
    message: str
    resources: list[str]
    severity: str = ERROR
    sources: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "severity": self.severity, "message": self.message,
                "resources": self.resources, "sources": self.sources}

    def to_text(self) -> str:
        lines = [f"{self.severity.upper()} [{self.kind}] {self.message}"]
        for resource in self.resources:
            where = ", ".join(short(s) for s in self.sources.get(resource, [])) or "unknown source"
            lines.append(f"    {short(URIRef(resource))}  (from {where})")
        return "\n".join(lines)


# Messages owlrl raises that the SPARQL checks below already report, with sources.
_COVERED_BY_QUERIES = ("Disjoint classes", "Erroneous usage of disjoint properties",
                       "'sameAs' and 'differentFrom'", "is defined of type 'Nothing'",
                       "Irreflexive property used", "Erroneous usage of asymmetric property",
                       "Violation of complementarity", "Negative (object) property assertion",
                       "Negative (datatype) property assertion")

_NOTHING = "SELECT DISTINCT ?x WHERE { ?x a owl:Nothing }"
# Disjointness is checked in two steps: the pairs of disjoint classes (or properties)
# first, then the data for each pair bound as a VALUES block. In one query the engine
# joins the data with itself before it looks at the axioms (0.27 s on the seed graph
# with no pair declared, and it grows with the square of the data).
_DISJOINT_CLASS_PAIRS = """
SELECT DISTINCT ?c1 ?c2 WHERE {
  { ?c1 owl:disjointWith ?c2 }
  UNION
  { ?d a owl:AllDisjointClasses ; owl:members ?list .
    ?list rdf:rest*/rdf:first ?c1 . ?list rdf:rest*/rdf:first ?c2 . FILTER(?c1 != ?c2) }
}"""
_IN_BOTH_CLASSES = "SELECT DISTINCT ?x ?c1 ?c2 WHERE { ?x a ?c1 , ?c2 }"
_DISJOINT_PROPERTY_PAIRS = """
SELECT DISTINCT ?p1 ?p2 WHERE {
  { ?p1 owl:propertyDisjointWith ?p2 }
  UNION
  { ?d a owl:AllDisjointProperties ; owl:members ?list .
    ?list rdf:rest*/rdf:first ?p1 . ?list rdf:rest*/rdf:first ?p2 . FILTER(?p1 != ?p2) }
}"""
_LINKED_BY_BOTH = "SELECT DISTINCT ?x ?y ?p1 ?p2 WHERE { ?x ?p1 ?y . ?x ?p2 ?y }"
_FUNCTIONAL = """
SELECT DISTINCT ?x ?p ?v WHERE {
  ?p a owl:FunctionalProperty . ?x ?p ?v .
  FILTER EXISTS { ?x ?p ?w . FILTER(!sameTerm(?v, ?w)) }
}"""
_INVERSE_FUNCTIONAL = """
SELECT DISTINCT ?x ?p ?v WHERE {
  ?p a owl:InverseFunctionalProperty . ?v ?p ?x .
  FILTER EXISTS { ?w ?p ?x . FILTER(!sameTerm(?v, ?w)) }
}"""
_SAME_DIFFERENT = """
SELECT DISTINCT ?a ?b WHERE {
  { ?a owl:sameAs ?b . { ?a owl:differentFrom ?b } UNION { ?b owl:differentFrom ?a } }
  UNION
  { ?a owl:differentFrom ?a . BIND(?a AS ?b) }
  UNION
  { ?d a owl:AllDifferent . { ?d owl:members ?list } UNION { ?d owl:distinctMembers ?list }
    ?list rdf:rest*/rdf:first ?a . ?list rdf:rest*/rdf:first ?b .
    FILTER(?a != ?b) ?a owl:sameAs ?b }
}"""
# Clash rules reasonable does not report (owlrl raises messages for them): prp-irp,
# prp-asyp, cls-com, prp-npa1/2.
_CLASHES = [
    ("irreflexive-property", """
SELECT DISTINCT ?x ?p WHERE { ?p a owl:IrreflexiveProperty . ?x ?p ?x }""",
     "{x} is linked to itself by the irreflexive property {p}"),
    ("asymmetric-property", """
SELECT DISTINCT ?x ?p ?y WHERE { ?p a owl:AsymmetricProperty . ?x ?p ?y . ?y ?p ?x
  FILTER(STR(?x) <= STR(?y)) }""",
     "{x} and {y} are linked both ways by the asymmetric property {p}"),
    ("complement-classes", """
SELECT DISTINCT ?x ?c1 ?c2 WHERE { ?c1 owl:complementOf ?c2 . ?x a ?c1 , ?c2 }""",
     "{x} is both a {c1} and a {c2}, which are complements"),
    ("negative-property-assertion", """
SELECT DISTINCT ?x ?p ?y WHERE {
  ?n a owl:NegativePropertyAssertion ; owl:sourceIndividual ?x ; owl:assertionProperty ?p .
  { ?n owl:targetIndividual ?y } UNION { ?n owl:targetValue ?y }
  ?x ?p ?y }""",
     "{x} {p} {y} is stated although a negative property assertion denies it"),
]

_INFERRED_SAME = """
SELECT DISTINCT ?a ?b WHERE {
  GRAPH ?g { ?a owl:sameAs ?b }
  FILTER(STRSTARTS(STR(?g), "$INFERRED") && isIRI(?a) && isIRI(?b) && STR(?a) < STR(?b))
  FILTER NOT EXISTS { GRAPH ?h { ?a owl:sameAs ?b } FILTER(!STRSTARTS(STR(?h), "$INFERRED")) }
  FILTER NOT EXISTS { GRAPH ?h { ?b owl:sameAs ?a } FILTER(!STRSTARTS(STR(?h), "$INFERRED")) }
}""".replace("$INFERRED", INFERRED_GRAPH_PREFIX)


def _rows(store: Store, sparql: str, bindings: dict[str, Node] | None = None
          ) -> list[list[Node]]:
    return [list(row) for row in store.select(sparql, bindings=bindings).rows]


def _rows_per_pair(store: Store, pairs_sparql: str, sparql: str) -> list[list[Node]]:
    """The rows of `sparql` for each pair `pairs_sparql` finds (bound to its two
    variables, each unordered pair once)."""
    out: list[list[Node]] = []
    done: set[frozenset[Node]] = set()
    table = store.select(pairs_sparql)
    for pair in table.rows:
        if frozenset(pair) in done:
            continue
        done.add(frozenset(pair))
        bound = dict(zip(table.columns, pair, strict=True))
        out += _rows(store, sparql, bound)
    return out


def _distinct_values(values: list[Node]) -> list[Node]:
    """Values that differ as values ("1"^^xsd:integer and "01"^^xsd:integer are one value)."""
    out: list[Node] = []
    for v in values:
        if not any(isinstance(v, Literal) and isinstance(u, Literal) and v.eq(u) or v == u
                   for u in out):
            out.append(v)
    return out


def _functional(store: Store, sparql: str, kind: str, direction: str) -> list[Finding]:
    grouped: dict[tuple[Node, Node], list[Node]] = {}
    for x, p, v in _rows(store, sparql):
        grouped.setdefault((x, p), []).append(v)
    findings = []
    for (x, p), values in sorted(grouped.items()):
        values = _distinct_values(values)
        if len(values) < 2:
            continue
        named = [str(v) for v in values if isinstance(v, URIRef)]
        shown = ", ".join(short(v) for v in values)
        if direction == "out":
            message = f"{short(x)} has {len(values)} values of {kind} {short(p)}: {shown}"
        else:
            message = f"{short(x)} is the {short(p)} of {len(values)} resources ({kind}): {shown}"
        if named:
            message += " (OWL 2 RL would infer these named resources to be the same)"
        findings.append(Finding(kind.replace(" ", "-"), message, [str(x), *named]))
    return findings


def check_consistency(store: Store, stale: list[str] | None = None) -> list[Finding]:
    """Every inconsistency found in the store (errors first), with the sources of each resource.

    `stale`: the inferred graphs already known to be out of date (`[]` straight after
    materialising); None computes it, which reads every graph for its digest."""
    with quiet_rdflib():
        return _check(store, out_of_date(store) if stale is None else stale)


def _check(store: Store, stale: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    for (x,) in _rows(store, _NOTHING):
        findings.append(Finding("nothing", f"{short(x)} is a member of owl:Nothing", [str(x)]))
    seen: set[tuple[str, frozenset[str]]] = set()
    for x, c1, c2 in _rows_per_pair(store, _DISJOINT_CLASS_PAIRS, _IN_BOTH_CLASSES):
        key = (str(x), frozenset((str(c1), str(c2))))
        if key not in seen:
            seen.add(key)
            c1, c2 = sorted((c1, c2), key=str)
            findings.append(Finding(
                "disjoint-classes",
                f"{short(x)} is both a {short(c1)} and a {short(c2)}, which are disjoint classes",
                [str(x)]))
    pairs: set[tuple[str, str, frozenset[str]]] = set()
    for x, y, p1, p2 in _rows_per_pair(store, _DISJOINT_PROPERTY_PAIRS, _LINKED_BY_BOTH):
        key = (str(x), str(y), frozenset((str(p1), str(p2))))
        if key not in pairs:
            pairs.add(key)
            p1, p2 = sorted((p1, p2), key=str)
            findings.append(Finding(
                "disjoint-properties",
                f"{short(x)} is linked to {short(y)} by both {short(p1)} and {short(p2)}, "
                "which are disjoint properties",
                [str(x)] + ([str(y)] if isinstance(y, URIRef) else [])))
    for kind, sparql, template in _CLASHES:
        table = store.select(sparql)
        for row in table.rows:
            values = {k: v for k, v in zip(table.columns, row, strict=True)
                      if k in ("x", "p", "y", "c1", "c2") and v is not None}
            findings.append(Finding(kind, template.format(
                **{k: short(v) for k, v in values.items()}), [str(values["x"])]))
    findings += _functional(store, _FUNCTIONAL, "functional property", "out")
    findings += _functional(store, _INVERSE_FUNCTIONAL, "inverse functional property", "in")
    clashes = {frozenset((a, b)) for a, b in _rows(store, _SAME_DIFFERENT)}
    in_pairs = {x for pair in clashes if len(pair) == 2 for x in pair}
    for pair in sorted(clashes, key=lambda p: sorted(map(str, p))):
        members = sorted(pair, key=str)
        a, b = members[0], members[-1]
        if a == b and a in in_pairs:
            continue  # owl:sameAs copied a's differentFrom onto itself: already reported
        findings.append(Finding(
            "same-and-different",
            f"{short(a)} and {short(b)} are both the same (owl:sameAs) and different "
            "(owl:differentFrom)" if a != b else f"{short(a)} is declared different from itself",
            sorted({str(a), str(b)})))
    for a, b in _rows(store, _INFERRED_SAME):
        findings.append(Finding(
            "inferred-sameness",
            f"the reasoner inferred that {short(a)} and {short(b)} are the same resource; "
            "check that this is meant (two named resources merged)",
            [str(a), str(b)], severity=WARNING))
    if stale:
        findings.append(Finding(
            "stale-inference",
            f"{len(stale)} inferred graph(s) are missing or out of date (e.g. "
            f"{short(URIRef(stale[0]))}): findings that depend on inference may be missed; "
            "run `eqkg load`", [], severity=WARNING))
    for graph, messages in reasoner_messages(store).items():
        for message in messages:
            if not any(m in message for m in _COVERED_BY_QUERIES):
                findings.append(Finding("reasoner", f"the reasoner, computing {short(graph)}: {message}",
                                        [], sources={}))
    _add_sources(store, findings)
    findings.sort(key=lambda f: (f.severity != ERROR, f.kind, f.message))
    return findings


def _add_sources(store: Store, findings: list[Finding]) -> None:
    """Fill in, for every resource, its eq:source documents and the asserted graphs describing it."""
    cache: dict[str, list[str]] = {}
    for finding in findings:
        for resource in finding.resources:
            if resource not in cache:
                node = URIRef(resource)
                docs = {str(q.object) for q in store.quads(node, EQ.source)
                        if isinstance(q.object, URIRef)}
                graphs = {q.graph for q in store.quads(node) if q.graph is not None}
                cache[resource] = sorted(docs) + sorted(
                    g for g in graphs if not is_inferred_graph(g))
            finding.sources[resource] = cache[resource]


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
