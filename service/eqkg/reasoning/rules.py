"""The OWL 2 RL rules `reasonable` 0.4.4 does not apply, as SPARQL updates on an in-memory
pyoxigraph store, run to a fixpoint (see docs/reasoning.md, "The hybrid reasoner").

- prp-spo2: property chains (`owl:propertyChainAxiom`), one INSERT per chain axiom
  found in the input, of any length (the ontology has `eq:partOf o eq:organisation`
  and `eq:covers o skos:broader`);
- scm-spo, scm-dom1, scm-dom2, scm-rng1, scm-rng2: schema rules that widen
  domains and ranges and chain sub-properties (owlrl applies them, reasonable not).

Only the triples these rules read are loaded: the chains' properties, the lists
of the chain axioms, and the schema's domain, range, sub-class and sub-property
axioms. Everything else stays in Python sets.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..store import from_ox, to_ox

Triple = tuple[Any, Any, Any]

SCHEMA_RULES = {
    "scm-spo": "INSERT { ?p1 rdfs:subPropertyOf ?p3 } WHERE { ?p1 rdfs:subPropertyOf ?p2 . "
               "?p2 rdfs:subPropertyOf ?p3 FILTER(?p1 != ?p3) }",
    "scm-dom1": "INSERT { ?p rdfs:domain ?c2 } WHERE { ?p rdfs:domain ?c1 . "
                "?c1 rdfs:subClassOf ?c2 }",
    "scm-dom2": "INSERT { ?p1 rdfs:domain ?c } WHERE { ?p2 rdfs:domain ?c . "
                "?p1 rdfs:subPropertyOf ?p2 }",
    "scm-rng1": "INSERT { ?p rdfs:range ?c2 } WHERE { ?p rdfs:range ?c1 . "
                "?c1 rdfs:subClassOf ?c2 }",
    "scm-rng2": "INSERT { ?p1 rdfs:range ?c } WHERE { ?p2 rdfs:range ?c . "
                "?p1 rdfs:subPropertyOf ?p2 }",
}
SCHEMA_PREDICATES = {RDFS.domain, RDFS.range, RDFS.subClassOf, RDFS.subPropertyOf}
PREFIXES = {"rdfs": str(RDFS), "owl": str(OWL), "rdf": str(RDF)}


def property_chains(triples: Iterable[Triple]
                    ) -> tuple[dict[URIRef, list[tuple[URIRef, ...]]], set[Any]]:
    """property -> its chains (each a tuple of properties), from the chain axioms' lists;
    and the list cells those lists are made of."""
    heads: dict[Any, list[Any]] = {}
    first: dict[Any, Any] = {}
    rest: dict[Any, Any] = {}
    for s, p, o in triples:
        if p == OWL.propertyChainAxiom:
            heads.setdefault(s, []).append(o)
        elif p == RDF.first:
            first[s] = o
        elif p == RDF.rest:
            rest[s] = o
    chains: dict[URIRef, list[tuple[URIRef, ...]]] = {}
    cells: set[Any] = set()
    for prop, lists in heads.items():
        for head in lists:
            steps, node, seen = [], head, set()
            while node != RDF.nil and node in first and node not in seen:
                seen.add(node)
                cells.add(node)
                steps.append(first[node])
                node = rest.get(node, RDF.nil)
            if node == RDF.nil and len(steps) >= 2 and all(isinstance(s, URIRef) for s in steps):
                chains.setdefault(prop, []).append(tuple(steps))
    return chains, cells


def chain_rule(prop: URIRef, chain: tuple[URIRef, ...]) -> str:
    """prp-spo2 for one chain: x0 p1 x1 ... x(n-1) pn xn => x0 prop xn."""
    path = " . ".join(f"?x{i} <{step}> ?x{i + 1}" for i, step in enumerate(chain))
    return f"INSERT {{ ?x0 <{prop}> ?x{len(chain)} }} WHERE {{ {path} }}"


class RuleSet:
    """The SPARQL rules for one schema: the chains it declares and the scm-* rules."""

    def __init__(self, schema: Iterable[Triple]):
        self.chains, self.chain_lists = property_chains(schema)
        self.updates = [chain_rule(p, c) for p, cs in sorted(self.chains.items())
                        for c in cs] + list(SCHEMA_RULES.values())
        self.predicates = {step for cs in self.chains.values() for c in cs for step in c}
        self.predicates |= set(self.chains) | SCHEMA_PREDICATES

    def relevant(self, triple: Triple) -> bool:
        """Whether a rule reads this triple."""
        return triple[1] in self.predicates

    def apply(self, triples: Iterable[Triple]) -> set[Triple]:
        """Run every rule on `triples` (only those a rule reads are used) until nothing new;
        the triples they add."""
        store = ox.Store()
        quads = {ox.Quad(to_ox(t[0]), to_ox(t[1]), to_ox(t[2])) for t in triples
                 if t[1] in self.predicates and not isinstance(t[0], Literal)}
        if not quads:
            return set()
        store.extend(quads)
        size = len(store)
        while True:
            for update in self.updates:
                store.update(update, prefixes=PREFIXES)
            if len(store) == size:
                break
            size = len(store)
        return {(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
                for q in store if q not in quads}

