"""Why does a triple hold? A targeted backward search over the store, not a proof system.

For a triple the search tries the OWL 2 RL rules that do the work in this
ontology, each as one SPARQL query that looks for an axiom (in the asserted
ontology/vocabulary graphs) and the premises that rule needs (anywhere in
the store). Premises that are themselves inferred are explained in turn, until
every leaf is an asserted triple with its graph. Rules covered:

- cax-sco  subclass:          x a D, D rdfs:subClassOf C            => x a C
- cax-eqc  equivalent class:  x a D, D owl:equivalentClass C        => x a C
- prp-dom  domain:            x q y, q rdfs:domain C                => x a C
- prp-rng  range:             y q x, q rdfs:range C                 => x a C
- prp-spo1 subproperty:       x q y, q rdfs:subPropertyOf p         => x p y
- prp-eqp  equivalent prop.:  x q y, q owl:equivalentProperty p     => x p y
- prp-inv  inverse:           y q x, p owl:inverseOf q              => x p y
- prp-symp symmetric:         y p x, p a owl:SymmetricProperty      => x p y
- prp-trp  transitive:        x p m, m p y, p a owl:TransitiveProperty => x p y
- prp-spo2 property chain:    x p1 m, m p2 y, p owl:propertyChainAxiom (p1 p2) => x p y
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from ..errors import NotFound
from ..store import Store, from_ox, is_inferred_graph
from .terms import short

Triple = tuple[Node, Node, Node]
MAX_DEPTH = 12
MAX_STEPS = 2000


@dataclass
class Axiom:
    """An ontology statement a rule used, with the graph it is asserted in."""

    text: str
    graph: str

    def to_dict(self) -> dict[str, str]:
        return {"axiom": self.text, "graph": self.graph}


@dataclass
class Explanation:
    """Why one triple holds: asserted (with graphs), or inferred by a rule from axioms and premises."""

    triple: Triple
    status: str  # asserted | inferred | unexplained
    graphs: list[str] = field(default_factory=list)
    rule: str | None = None
    rule_label: str | None = None
    axioms: list[Axiom] = field(default_factory=list)
    premises: list[Explanation] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(short(t) for t in self.triple)

    def asserted_premises(self) -> list[Explanation]:
        """The asserted triples at the leaves of the explanation."""
        if self.status == "asserted":
            return [self]
        return [leaf for p in self.premises for leaf in p.asserted_premises()]

    def all_axioms(self) -> list[Axiom]:
        return self.axioms + [a for p in self.premises for a in p.all_axioms()]

    def to_dict(self) -> dict[str, Any]:
        s, p, o = self.triple
        out: dict[str, Any] = {
            "subject": str(s), "predicate": str(p),
            "object": ({"value": str(o), "datatype": str(o.datatype) if o.datatype else None,
                        "language": o.language} if isinstance(o, Literal) else str(o)),
            "text": self.text, "status": self.status, "graphs": self.graphs,
        }
        if self.status == "inferred":
            out.update(rule=self.rule, rule_label=self.rule_label,
                       axioms=[a.to_dict() for a in self.axioms],
                       premises=[p.to_dict() for p in self.premises])
        return out

    def to_text(self, indent: str = "") -> str:
        if self.status == "asserted":
            where = ", ".join(short(URIRef(g)) for g in self.graphs)
            return f"{indent}{self.text}\n{indent}  asserted in {where}"
        if self.status == "unexplained":
            where = ", ".join(short(URIRef(g)) for g in self.graphs)
            return (f"{indent}{self.text}\n{indent}  inferred (in {where}) by a rule this "
                    "explainer does not trace (e.g. owl:sameAs replication)")
        lines = [f"{indent}{self.text}",
                 f"{indent}  inferred by {self.rule} ({self.rule_label}) from"]
        for axiom in self.axioms:
            lines.append(f"{indent}  - axiom    {axiom.text}   [{short(URIRef(axiom.graph))}]")
        for premise in self.premises:
            lines.append(f"{indent}  - premise")
            lines.append(premise.to_text(indent + "      "))
        return "\n".join(lines)


@dataclass
class _Candidate:
    rule: str
    label: str
    axioms: list[Axiom]
    premises: list[Triple]


class _Explainer:
    def __init__(self, store: Store):
        self.store = store
        self.steps = 0
        self.proven: dict[Triple, Explanation] = {}
        self._graphs: dict[Triple, list[str]] = {}
        self._candidates: dict[Triple, list[_Candidate]] = {}

    # -- store look-ups -----------------------------------------------------------------

    def graphs_of(self, t: Triple) -> list[str]:
        if t not in self._graphs:
            self._graphs[t] = sorted({q.graph for q in self.store.quads(t[0], t[1], t[2])
                                      if q.graph is not None})
        return self._graphs[t]

    def asserted_in(self, t: Triple) -> list[str]:
        return [g for g in self.graphs_of(t) if not is_inferred_graph(g)]

    def select(self, sparql: str, **bindings: Node) -> list[list[Node]]:
        """Rows of the projected variables of `SELECT DISTINCT ?a ?b WHERE {...}`, with the
        bindings substituted as RDF terms (pyoxigraph needs them in the projection)."""
        head, _, body = sparql.partition(" WHERE ")
        wanted = [w for w in head.split() if w.startswith("?")]
        extra = " ".join(f"?{k}" for k in bindings)
        rows = self.store.query(f"{head} {extra} WHERE {body}", substitutions=bindings)
        return [[from_ox(row[v[1:]]) for v in wanted] for row in rows]

    def axiom_graph(self, s: Node, p: Node, o: Node) -> str | None:
        asserted = self.asserted_in((s, p, o))
        return asserted[0] if asserted else None

    # -- rule instances -------------------------------------------------------------------

    def candidates(self, t: Triple) -> list[_Candidate]:
        s, p, o = t
        out: list[_Candidate] = []

        def axiom(a: Node, b: Node, c: Node) -> Axiom | None:
            graph = self.axiom_graph(a, b, c)
            return Axiom(f"{short(a)} {short(b)} {short(c)}", graph) if graph else None

        if p == RDF.type:
            for (d,) in self.select("SELECT DISTINCT ?d WHERE { ?d rdfs:subClassOf ?c . ?x a ?d "
                                    "FILTER(?d != ?c) }", c=o, x=s):
                if ax := axiom(d, RDFS.subClassOf, o):
                    out.append(_Candidate("cax-sco", "subclass", [ax], [(s, RDF.type, d)]))
            for (d,) in self.select("SELECT DISTINCT ?d WHERE { { ?c owl:equivalentClass ?d } "
                                    "UNION { ?d owl:equivalentClass ?c } ?x a ?d "
                                    "FILTER(?d != ?c) }", c=o, x=s):
                ax = axiom(o, OWL.equivalentClass, d) or axiom(d, OWL.equivalentClass, o)
                if ax:
                    out.append(_Candidate("cax-eqc", "equivalent class", [ax],
                                          [(s, RDF.type, d)]))
            for q, y in self.select("SELECT DISTINCT ?q ?y WHERE { ?q rdfs:domain ?c . ?x ?q ?y }",
                                    c=o, x=s):
                if ax := axiom(q, RDFS.domain, o):
                    out.append(_Candidate("prp-dom", "domain", [ax], [(s, q, y)]))
            for q, y in self.select("SELECT DISTINCT ?q ?y WHERE { ?q rdfs:range ?c . ?y ?q ?x }",
                                    c=o, x=s):
                if ax := axiom(q, RDFS.range, o):
                    out.append(_Candidate("prp-rng", "range", [ax], [(y, q, s)]))
            return out

        for (q,) in self.select("SELECT DISTINCT ?q WHERE { ?q rdfs:subPropertyOf ?p . ?x ?q ?y "
                                "FILTER(?q != ?p) }", p=p, x=s, y=o):
            if ax := axiom(q, RDFS.subPropertyOf, p):
                out.append(_Candidate("prp-spo1", "subproperty", [ax], [(s, q, o)]))
        for (q,) in self.select("SELECT DISTINCT ?q WHERE { { ?p owl:equivalentProperty ?q } "
                                "UNION { ?q owl:equivalentProperty ?p } ?x ?q ?y "
                                "FILTER(?q != ?p) }", p=p, x=s, y=o):
            ax = axiom(p, OWL.equivalentProperty, q) or axiom(q, OWL.equivalentProperty, p)
            if ax:
                out.append(_Candidate("prp-eqp", "equivalent property", [ax], [(s, q, o)]))
        if not isinstance(o, Literal):
            for (q,) in self.select("SELECT DISTINCT ?q WHERE { { ?p owl:inverseOf ?q } UNION "
                                    "{ ?q owl:inverseOf ?p } ?y ?q ?x }", p=p, x=s, y=o):
                ax = axiom(p, OWL.inverseOf, q) or axiom(q, OWL.inverseOf, p)
                if ax:
                    out.append(_Candidate("prp-inv", "inverse", [ax], [(o, q, s)]))
            ax = axiom(p, RDF.type, OWL.SymmetricProperty)
            if ax and self.graphs_of((o, p, s)):
                out.append(_Candidate("prp-symp", "symmetric", [ax], [(o, p, s)]))
            if ax := axiom(p, RDF.type, OWL.TransitiveProperty):
                for (m,) in self.select("SELECT DISTINCT ?m WHERE { ?x ?p ?m . ?m ?p ?y "
                                        "FILTER(?m != ?x && ?m != ?y) }", p=p, x=s, y=o):
                    out.append(_Candidate("prp-trp", "transitive property", [ax],
                                          [(s, p, m), (m, p, o)]))
        for chain, p1, p2 in self.select(
                "SELECT ?l ?p1 ?p2 WHERE { ?p owl:propertyChainAxiom ?l . ?l rdf:first ?p1 ; "
                "rdf:rest ?r . ?r rdf:first ?p2 ; rdf:rest rdf:nil }", p=p):
            graph = self.axiom_graph(p, OWL.propertyChainAxiom, chain)
            if graph is None:
                continue
            ax = Axiom(f"{short(p)} owl:propertyChainAxiom ( {short(p1)} {short(p2)} )", graph)
            for (m,) in self.select("SELECT DISTINCT ?m WHERE { ?x ?p1 ?m . ?m ?p2 ?y }",
                                    p1=p1, p2=p2, x=s, y=o):
                out.append(_Candidate("prp-spo2", "property chain", [ax],
                                      [(s, p1, m), (m, p2, o)]))
        return out

    # -- search ---------------------------------------------------------------------------

    def prove(self, t: Triple, path: frozenset[Triple], depth: int) -> Explanation | None:
        """An explanation of `t` no deeper than `depth` rule steps, or None."""
        if t in self.proven:
            return self.proven[t]
        graphs = self.graphs_of(t)
        asserted = [g for g in graphs if not is_inferred_graph(g)]
        if asserted:
            return Explanation(t, "asserted", graphs=asserted)
        if not graphs or t in path or depth <= 0 or self.steps > MAX_STEPS:
            return None
        self.steps += 1
        if t not in self._candidates:
            self._candidates[t] = self.candidates(t)
        cands = self._candidates[t]
        # Prefer instances whose premises are asserted: the shortest explanations come first.
        cands.sort(key=lambda c: sum(1 for q in c.premises if not self.asserted_in(q)))
        for cand in cands:
            premises = []
            for q in cand.premises:
                sub = self.prove(q, path | {t}, depth - 1)
                if sub is None:
                    break
                premises.append(sub)
            else:
                found = Explanation(t, "inferred", graphs=graphs, rule=cand.rule,
                                    rule_label=cand.label, axioms=cand.axioms, premises=premises)
                self.proven[t] = found
                return found
        return None


def explain(store: Store, s: Node, p: Node, o: Node) -> Explanation:
    """Why (s, p, o) holds. NotFound when the store holds it neither asserted nor inferred."""
    explainer = _Explainer(store)
    t: Triple = (s, p, o)
    graphs = explainer.graphs_of(t)
    if not graphs:
        raise NotFound(f"the store does not hold {' '.join(short(x) for x in t)} "
                       "(neither asserted nor inferred)")
    # Iterative deepening: the first explanation found is one of the shallowest.
    found = None
    for depth in range(1, MAX_DEPTH + 1):
        explainer.proven = {}
        found = explainer.prove(t, frozenset(), depth)
        if found or explainer.steps > MAX_STEPS:
            break
    return found or Explanation(t, "unexplained", graphs=graphs)
