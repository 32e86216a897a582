"""The two OWL 2 RL engines behind materialisation: `hybrid` (the default) and `owlrl`.

hybrid: `reasonable` (Rust) applies OWL 2 RL; the rules it lacks (property
chains, the scm-dom/rng/spo schema rules; see rules.py) run as SPARQL updates
on an in-memory pyoxigraph store; the two alternate until nothing new is
inferred. The clash rules prp-fp and cax-dw are left to `eqkg check` (SPARQL):
reasonable evaluates them in memory quadratic in their uses, so their axioms
(`owl:FunctionalProperty`, `owl:disjointWith`) are not given to it.

owlrl: the reference, owlrl's OWL 2 RL forward chainer (LeanOWLRL).

Both take the input as sets of rdflib triples and return the useful triples
they add (after the noise filter) and the messages for `eqkg check`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable
from importlib.metadata import version
from typing import Any, Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ..errors import InputError
from .rules import RuleSet

Triple = tuple[Any, Any, Any]
TripleSet = Collection[Triple]

# -- what counts as noise ---------------------------------------------------------
_BUILTIN = (str(RDF), str(RDFS), str(OWL), str(XSD))
_VACUOUS = {OWL.Thing, RDFS.Resource}
_VACUOUS_PREDICATES = {RDF.type, RDFS.subClassOf, RDFS.domain, RDFS.range}
_REFLEXIVE = {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty,
              RDFS.subClassOf, RDFS.subPropertyOf}


def is_noise(s: object, p: object, o: object) -> bool:
    """True for reasoner output that says nothing useful about the data (docs/reasoning.md).

    - anything with a blank node: list cells, owlrl's literal proxies and
      anonymous mentions; blank node identity does not survive a reload, so an
      inferred triple about one could never be joined with its asserted twin;
    - a literal as subject (owlrl types every literal: "x" rdf:type rdfs:Literal);
    - reflexive sameAs / equivalentClass / equivalentProperty / subClassOf / subPropertyOf;
    - statements about the built-in RDF, RDFS, OWL and XSD terms (axiomatic triples);
    - rdf:type, subClassOf, domain or range owl:Thing / rdfs:Resource (true of everything).
    """
    if isinstance(s, (BNode, Literal)) or isinstance(p, BNode) or isinstance(o, BNode):
        return True
    if s == o and p in _REFLEXIVE:
        return True
    if str(s).startswith(_BUILTIN):
        return True
    return o in _VACUOUS and p in _VACUOUS_PREDICATES


# -- pruning literal-valued triples no rule can use -----------------------------------

_DECLARATIONS = {OWL.AnnotationProperty, OWL.DatatypeProperty, OWL.ObjectProperty,
                 RDF.Property}
_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy}


def active_properties(schema: Iterable[Triple]) -> set[URIRef]:
    """Properties some axiom of the schema mentions (subproperty, domain, characteristics,
    chains, restrictions...): only these can make a rule fire on a literal-valued triple."""
    active: set[URIRef] = set()
    for s, p, o in schema:
        # A range axiom only types the object, and a literal's type is noise.
        if not str(p).startswith(_BUILTIN) or p in _ANNOTATIONS or p == RDFS.range:
            continue
        if p == RDF.type and o in _DECLARATIONS:
            continue
        for term in (s, o):
            if isinstance(term, URIRef):
                active.add(term)
    return active


def brings_axioms(triples: Iterable[Triple]) -> bool:
    """True when triples state axioms (RDFS/OWL terms other than labels) or owl:sameAs."""
    return any(p == OWL.sameAs
               or (str(p).startswith(_BUILTIN) and p != RDF.type and p not in _ANNOTATIONS)
               or (p == RDF.type and str(o).startswith(_BUILTIN) and o not in _DECLARATIONS)
               for _, p, o in triples)


def _brings_schema(triples: Iterable[Triple]) -> bool:
    """brings_axioms, owl:sameAs aside."""
    return any(p != OWL.sameAs and (
        (str(p).startswith(_BUILTIN) and p != RDF.type and p not in _ANNOTATIONS)
        or (p == RDF.type and str(o).startswith(_BUILTIN) and o not in _DECLARATIONS))
        for _, p, o in triples)


def ill_typed_messages(triples: Iterable[Triple]) -> list[str]:
    """owlrl's message for every literal whose lexical form does not fit its datatype."""
    return sorted({f"Lexical value of the literal '{o}' does not match its datatype "
                   f"({o.datatype})" for _, _, o in triples
                   if isinstance(o, Literal) and o.ill_typed})


def prune_inert(triples: Iterable[Triple], active: set[URIRef]) -> list[Triple]:
    """The triples without literal-valued ones of properties no axiom mentions.

    Such triples (labels, definitions, wordings) cannot fire an OWL 2 RL rule
    (no subproperty, domain, range, characteristic or restriction names their
    property) unless owl:sameAs copies them to another resource, which is why
    callers keep everything when sameAs or new axioms are present. Pruning
    makes a closure two to three times faster: most schema triples are labels.
    """
    return [t for t in triples if not (isinstance(t[2], Literal) and t[1] not in active)]


def _pruning(parts: list[TripleSet], active: set[URIRef] | None) -> set[URIRef] | None:
    """The active properties to prune with, or None when pruning is not safe."""
    rest = parts[1:]
    if any(brings_axioms(p) for p in rest):
        return None
    if active is None:
        if any(t[1] == OWL.sameAs for t in parts[0]):
            return None
        active = active_properties(parts[0])
    return active


class Engine(Protocol):
    name: str
    recipe: str

    def additions(self, parts: list[TripleSet], exclude: list[TripleSet] = (),
                  active: set[URIRef] | None = None) -> tuple[set[Triple], list[str]]:
        """The useful triples OWL 2 RL adds to the union of `parts` (the first is the
        base, already closed), less any in `parts` or `exclude`; and the messages.
        `active`: the base's active properties when the caller knows the base has no
        owl:sameAs (saves scanning it for every document)."""
        ...


def _useful(closed: set[Triple], seen: list[TripleSet]) -> set[Triple]:
    return {t for t in closed.difference(*seen) if not is_noise(*t)}


# -- owlrl -------------------------------------------------------------------------

def lean_owlrl() -> type:
    """owlrl's OWL 2 RL rules without the reflexive triples of eq-ref and scm-cls/scm-op/scm-dp.

    `x owl:sameAs x` for every term (and `c rdfs:subClassOf c` for every class)
    are true but only ever feed rules that re-derive what is already there;
    generating and checking them took about half of owlrl's time on our data.
    (A function so that owlrl is imported only when it is used.)
    """
    import owlrl

    class LeanOWLRL(owlrl.OWLRL_Semantics):
        def store_triple(self, t: tuple) -> None:
            s, p, o = t
            if s == o and p in _REFLEXIVE:
                return
            super().store_triple(t)

    return LeanOWLRL


def owl_rl_closure(graph: Graph) -> list[str]:
    """Expand `graph` in place with owlrl's OWL 2 RL rules; return (and remove) its error messages."""
    import owlrl
    from owlrl.Namespaces import ERRNS

    owlrl.DeductiveClosure(lean_owlrl(), axiomatic_triples=False,
                           datatype_axioms=False).expand(graph)
    messages: list[str] = []
    for node in list(graph.subjects(RDF.type, ERRNS.ErrorMessage)):
        messages.extend(str(m) for m in graph.objects(node, ERRNS.error))
        graph.remove((node, None, None))
    return sorted(set(messages))


class OwlrlEngine:
    """owlrl, the pure-Python reference (`--reasoner owlrl`)."""

    name = "owlrl"
    recipe = f"owlrl/{version('owlrl')}"

    def additions(self, parts: list[TripleSet], exclude: list[TripleSet] = (),
                  active: set[URIRef] | None = None) -> tuple[set[Triple], list[str]]:
        messages: list[str] = []
        inputs: list[Iterable[Triple]] = list(parts)
        active = _pruning(parts, active)
        if active is not None:
            messages = ill_typed_messages(t for part in parts for t in part
                                          if isinstance(t[2], Literal) and t[1] not in active)
            inputs = [prune_inert(p, active) for p in parts]
        work = Graph()
        for part in inputs:
            for t in part:
                work.add(t)
        messages = sorted(set(messages + owl_rl_closure(work)))
        return _useful(set(work), [*parts, *exclude]), messages


# -- hybrid ------------------------------------------------------------------------

_TYPE, _SAME, _FIRST, _CHAIN = RDF.type, OWL.sameAs, RDF.first, OWL.propertyChainAxiom
_FUNCTIONAL, _DISJOINT = OWL.FunctionalProperty, OWL.disjointWith
_DOMAIN, _RANGE = RDFS.domain, RDFS.range


def is_clash_axiom(t: Triple) -> bool:
    """An axiom whose rule (prp-fp, cax-dw) reasonable evaluates in quadratic memory;
    `eqkg check` finds its clashes with SPARQL instead."""
    p = t[1]
    return p == _DISJOINT or (p == _TYPE and t[2] == _FUNCTIONAL)


_CHARACTERISTICS = {OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.FunctionalProperty,
                    OWL.InverseFunctionalProperty, OWL.IrreflexiveProperty,
                    OWL.AsymmetricProperty, OWL.ReflexiveProperty}
# Axioms under which reasonable may infer owl:sameAs, which copies any new triple.
_SAMENESS = {OWL.hasKey, OWL.maxCardinality, OWL.maxQualifiedCardinality, OWL.cardinality,
             OWL.qualifiedCardinality}


class _Triggers:
    """For triples the SPARQL rules add: would reasonable infer anything more from them?

    Only if their property is named by an axiom other than its chain, a declaration
    or a domain/range whose type is already there, or if owl:sameAs is in play."""

    def __init__(self, triples: Iterable[Triple], rules: RuleSet):
        self.named: set[Any] = set()
        self.domains: dict[Any, set[Any]] = {}
        self.ranges: dict[Any, set[Any]] = {}
        self.same = False
        chain_lists = rules.chain_lists
        builtin = (str(RDFS), str(OWL))
        for s, p, o in triples:
            if not str(p).startswith(_BUILTIN):
                continue
            if p == _SAME:
                self.same = self.same or s != o
            elif p == _TYPE:
                if o in _CHARACTERISTICS:
                    self.named.add(s)
                    self.same = self.same or o == OWL.InverseFunctionalProperty
            elif p == _DOMAIN:
                self.domains.setdefault(s, set()).add(o)
            elif p == _RANGE:
                self.ranges.setdefault(s, set()).add(o)
            elif p == _FIRST:
                if s not in chain_lists:
                    self.named.add(o)
            elif p == _CHAIN or p in _ANNOTATIONS:
                continue
            elif str(p).startswith(builtin):
                self.same = self.same or p in _SAMENESS
                self.named.add(s)
                self.named.add(o)

    def fire(self, new: set[Triple], closed: set[Triple]) -> bool:
        if self.same:
            return True
        for s, p, o in new:
            if p in self.named or str(p).startswith(_BUILTIN):
                return True
            if any((s, _TYPE, c) not in closed for c in self.domains.get(p, ())):
                return True
            if any((o, _TYPE, c) not in closed for c in self.ranges.get(p, ())):
                return True
        return False


def same_as_nodes(triples: Iterable[Triple]) -> set[Any]:
    """Resources named in owl:sameAs triples."""
    return {x for s, p, o in triples if p == _SAME for x in (s, o)}


class _Context:
    """What stays the same while many documents are closed against one base: the base
    pruned, its active properties, the SPARQL rules of its chains and their triggers.

    Literal-valued triples of properties no axiom mentions are left out (prune_inert),
    except about resources in an owl:sameAs triple, whose literals eq-rep-s copies;
    with axioms that can infer new sameness (keys, cardinalities, inverse functional
    properties) nothing is left out."""

    def __init__(self, base: TripleSet):
        self.base = base
        self.rules = RuleSet(t for t in base if t[1] in _LIST_PREDICATES)
        self.triggers = _Triggers((t for t in base if t[1] != _SAME), self.rules)
        self.prunable = not self.triggers.same
        self.active = active_properties(base)
        self.same_nodes = same_as_nodes(base)
        self.given = [t for t in self.prune(base) if not is_clash_axiom(t)]
        self.triggers.same = self.triggers.same or bool(self.same_nodes)

    def prune(self, triples: Iterable[Triple], same_nodes: set[Any] | None = None
              ) -> Iterable[Triple]:
        if not self.prunable:
            return triples
        keep = self.same_nodes if same_nodes is None else same_nodes
        active = self.active
        return [t for t in triples
                if not (isinstance(t[2], Literal) and t[1] not in active and t[0] not in keep)]


_LIST_PREDICATES = {OWL.propertyChainAxiom, RDF.first, RDF.rest}


class HybridEngine:
    """reasonable for OWL 2 RL plus the SPARQL rules of rules.py, to a joint fixpoint."""

    name = "hybrid"

    def __init__(self) -> None:
        try:
            import reasonable
        except ImportError as exc:  # pragma: no cover - a runtime dependency
            raise InputError("the hybrid reasoner needs the `reasonable` package: "
                             "pip install reasonable, or use --reasoner owlrl") from exc
        self._reasonable = reasonable
        self.recipe = f"hybrid reasonable/{version('reasonable')} rules/1"
        self._contexts: list[_Context] = []

    def _context(self, base: TripleSet) -> _Context:
        for ctx in self._contexts:
            if ctx.base is base:
                return ctx
        ctx = _Context(base)
        self._contexts = [ctx, *self._contexts[:2]]
        return ctx

    def closure(self, triples: Iterable[Triple], rules: RuleSet | None = None,
                triggers: _Triggers | None = None) -> set[Triple]:
        """Every triple of the OWL 2 RL closure (the input included, clash axioms aside)."""
        given = [t for t in triples if not is_clash_axiom(t)]
        if rules is None:
            rules = RuleSet(t for t in given if t[1] in _LIST_PREDICATES)
        reasoner = self._reasonable.PyReasoner()
        reasoner.from_graph(given)
        closed = _plain_strings(reasoner.reason())
        while True:
            new = rules.apply(closed) - closed
            if not new:
                return closed
            if triggers is None:
                triggers = _Triggers(closed, rules)
            fire = triggers.fire(new, closed)
            closed |= new
            if not fire:
                return closed
            reasoner.from_graph(list(new))
            closed |= _plain_strings(reasoner.reason())
            triggers = None

    def additions(self, parts: list[TripleSet], exclude: list[TripleSet] = (),
                  active: set[URIRef] | None = None) -> tuple[set[Triple], list[str]]:
        rest = parts[1:]
        messages = ill_typed_messages(t for part in (rest or parts) for t in part)
        ctx = self._context(parts[0])
        if any(_brings_schema(p) for p in rest):
            closed = self.closure([t for part in parts for t in part])
        else:
            extra = set().union(*(same_as_nodes(p) for p in rest))
            if extra:  # sameness about these documents' resources: keep their literals
                inputs = [t for t in ctx.prune(parts[0], ctx.same_nodes | extra)
                          if not is_clash_axiom(t)]
                triggers = _Triggers(parts[0], ctx.rules)
                triggers.same = True
            else:
                inputs, triggers = list(ctx.given), ctx.triggers
            inputs += [t for part in rest for t in ctx.prune(part, ctx.same_nodes | extra)
                       if not is_clash_axiom(t)]
            closed = self.closure(inputs, ctx.rules, triggers)
        candidates = closed.difference(*parts, *exclude)
        return {t for t in candidates if not is_noise(*t)}, messages


ENGINES = ("hybrid", "owlrl")
DEFAULT_ENGINE = "hybrid"
_INSTANCES: dict[str, Engine] = {}


_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def _plain_strings(triples: Iterable[Triple]) -> set[Triple]:
    """reasonable writes every simple literal as "x"^^xsd:string; the store answers them
    as plain literals (one term for one RDF 1.1 value), so the closure does too."""
    out: set[Triple] = set()
    for s, p, o in triples:
        if isinstance(o, Literal) and o.datatype == _XSD_STRING:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def engine(name: str | None = None) -> Engine:
    """The engine called `name` (hybrid or owlrl); one instance per process."""
    name = name or DEFAULT_ENGINE
    if name not in ENGINES:
        raise InputError(f"unknown reasoner {name!r}: choose one of {', '.join(ENGINES)}")
    if name not in _INSTANCES:
        _INSTANCES[name] = HybridEngine() if name == "hybrid" else OwlrlEngine()
    return _INSTANCES[name]


def recipes() -> dict[str, str]:
    """Each engine's recipe string, for engines that can be loaded here."""
    out = {"owlrl": OwlrlEngine.recipe}
    with contextlib.suppress(InputError):
        out["hybrid"] = engine("hybrid").recipe
    return out
