"""OWL 2 RL materialisation with owlrl, written to inferred graphs beside the asserted ones.

The closure is computed in layers so that changing one document re-infers
only that document (see docs/reasoning.md for the trade-off):

- graph/inferred/schema: closure of the ontology and vocabularies alone;
- graph/inferred/curated: what the curated overlays (data/curated/) add to it;
- graph/inferred/{doc}: what one document adds to schema + curated overlays;
- graph/inferred/cross: a final pass over the triples that touch resources
  named by two or more documents, for rules that join across documents
  (transitive part-of, property chains, inverses through a shared node).

graph/inferred/meta records, for each inferred graph, the asserted graphs it
was computed from and a digest of their content; an inferred graph whose
inputs have the same digest is not computed again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version

import owlrl
import pyoxigraph as ox
from owlrl.Namespaces import ERRNS
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

from ..errors import InputError
from ..namespaces import EQ, GRAPH, INFERRED_GRAPH_PREFIX, ONTOLOGY_GRAPH
from ..store import Store, from_ox, is_inferred_graph, to_ox

INFERRED_SCHEMA = INFERRED_GRAPH_PREFIX + "schema"
INFERRED_CURATED = INFERRED_GRAPH_PREFIX + "curated"
INFERRED_CROSS = INFERRED_GRAPH_PREFIX + "cross"
INFERRED_META = INFERRED_GRAPH_PREFIX + "meta"
RESERVED = {INFERRED_SCHEMA, INFERRED_CURATED, INFERRED_CROSS, INFERRED_META}

VOCAB_GRAPH_PREFIX = str(GRAPH) + "vocab/"
CURATED_GRAPH_PREFIX = str(GRAPH) + "curated/"
# Bump when the filter or the layering changes: every inferred graph is then recomputed.
RECIPE = f"eqkg-reasoning/1 owlrl/{version('owlrl')}"

# -- what counts as noise ---------------------------------------------------------
_BUILTIN = (str(RDF), str(RDFS), str(OWL), str(XSD))
_VACUOUS = {OWL.Thing, RDFS.Resource}
_VACUOUS_PREDICATES = {RDF.type, RDFS.subClassOf, RDFS.domain, RDFS.range}
_REFLEXIVE = {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty,
              RDFS.subClassOf, RDFS.subPropertyOf}


def is_noise(s: object, p: object, o: object) -> bool:
    """True for owlrl output that says nothing useful about the data (documented in docs/reasoning.md).

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


# -- graph roles ----------------------------------------------------------------------

def graph_role(iri: str) -> str:
    """schema (ontology, vocabularies), curated (overlays), inferred, or document."""
    if iri == str(ONTOLOGY_GRAPH) or iri.startswith(VOCAB_GRAPH_PREFIX):
        return "schema"
    if iri.startswith(CURATED_GRAPH_PREFIX):
        return "curated"
    if is_inferred_graph(iri):
        return "inferred"
    return "document"


def inferred_graph_for(document_graph: str) -> str:
    """graph/{doc} -> graph/inferred/{doc}."""
    local = document_graph[len(str(GRAPH)):] if document_graph.startswith(str(GRAPH)) else (
        "file/" + hashlib.sha256(document_graph.encode()).hexdigest()[:16])
    iri = INFERRED_GRAPH_PREFIX + local
    if iri in RESERVED:
        raise InputError(f"document graph <{document_graph}> has a name reserved for inference")
    return iri


# -- digests --------------------------------------------------------------------------

def graph_digest(store: Store, iri: str) -> str:
    """SHA-256 of a graph's content, independent of blank node labels (RDFC-1.0 when needed)."""
    quads = list(store.raw.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
    if any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
           for q in quads):
        dataset = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        lines = sorted(str(q) for q in dataset)
    else:
        lines = sorted(f"{q.subject} {q.predicate} {q.object}" for q in quads)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def input_digest(digests: dict[str, str], inputs: Iterable[str]) -> str:
    """The digest recorded for an inferred graph: the recipe plus each input graph's digest."""
    text = RECIPE + "\n" + "".join(f"{g} {digests[g]}\n" for g in sorted(inputs))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- closure --------------------------------------------------------------------------

class LeanOWLRL(owlrl.OWLRL_Semantics):
    """owlrl's OWL 2 RL rules without the reflexive triples of eq-ref and scm-cls/scm-op/scm-dp.

    `x owl:sameAs x` for every term (and `c rdfs:subClassOf c` for every class)
    are true but only ever feed rules that re-derive what is already there;
    generating and checking them took about half of owlrl's time on our data.
    Nothing else is changed.
    """

    def store_triple(self, t: tuple) -> None:
        s, p, o = t
        if s == o and p in _REFLEXIVE:
            return
        super().store_triple(t)


def owl_rl_closure(graph: Graph) -> list[str]:
    """Expand `graph` in place with owlrl's OWL 2 RL rules; return (and remove) its error messages."""
    owlrl.DeductiveClosure(LeanOWLRL, axiomatic_triples=False,
                           datatype_axioms=False).expand(graph)
    messages: list[str] = []
    for node in list(graph.subjects(RDF.type, ERRNS.ErrorMessage)):
        messages.extend(str(m) for m in graph.objects(node, ERRNS.error))
        graph.remove((node, None, None))
    return sorted(set(messages))


def additions(inputs: list[Graph], exclude: list[Graph] = ()) -> tuple[Graph, list[str]]:
    """The useful triples OWL 2 RL adds to the union of `inputs` (none of which is changed),
    leaving out any already in `inputs` or `exclude`."""
    work = Graph()
    for g in inputs:
        work += g
    messages = owl_rl_closure(work)
    out = Graph()
    seen = [*inputs, *exclude]
    for triple in work:
        if not is_noise(*triple) and not any(triple in g for g in seen):
            out.add(triple)
    return out, messages


# Predicates and objects of these kinds make a property take part in OWL 2 RL rules.
_DECLARATIONS = {OWL.AnnotationProperty, OWL.DatatypeProperty, OWL.ObjectProperty,
                 RDF.Property}
_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy}


def active_properties(schema: Graph) -> set[URIRef]:
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


def brings_axioms(graph: Graph) -> bool:
    """True when a graph states axioms (RDFS/OWL terms other than labels) or owl:sameAs."""
    return any(p == OWL.sameAs
               or (str(p).startswith(_BUILTIN) and p != RDF.type and p not in _ANNOTATIONS)
               or (p == RDF.type and str(o).startswith(_BUILTIN) and o not in _DECLARATIONS)
               for _, p, o in graph)


def prune_inert(graph: Graph, active: set[URIRef]) -> tuple[Graph, list[str]]:
    """The graph without literal-valued triples of properties no axiom mentions.

    Such triples (labels, definitions, wordings) cannot fire an OWL 2 RL rule
    (no subproperty, domain, range, characteristic or restriction names their
    property) unless owl:sameAs copies them to another resource, which is why
    callers keep the full graph when sameAs or new axioms are present. owlrl
    would still check their lexical forms, so that check is made here
    (rdflib's ill_typed) and returned as owlrl-style messages. Pruning makes a
    closure two to three times faster: most schema triples are labels.
    """
    kept = Graph()
    messages: list[str] = []
    for triple in graph:
        o = triple[2]
        if isinstance(o, Literal) and triple[1] not in active:
            if o.ill_typed:
                messages.append(f"Lexical value of the literal '{o}' does not match "
                                f"its datatype ({o.datatype})")
            continue
        kept.add(triple)
    return kept, messages


def lean_additions(full: Graph, extra: Graph | None = None,
                   exclude: list[Graph] = ()) -> tuple[Graph, list[str]]:
    """additions([full, extra]), computed on pruned inputs when that is safe (see prune_inert)."""
    parts = [full] if extra is None else [full, extra]
    if (extra is not None and brings_axioms(extra)) or any(
            True for g in parts for _ in g.triples((None, OWL.sameAs, None))):
        return additions(parts, exclude)
    active = active_properties(full)
    lean: list[Graph] = []
    messages: list[str] = []
    for g in parts:
        kept, found = prune_inert(g, active)
        lean.append(kept)
        messages += found
    added, more = additions(lean, [*parts, *exclude])
    return added, sorted(set(messages + more))


@dataclass
class MaterialisationReport:
    """What a run did: recomputed graphs with their sizes, and the ones left as they were."""

    computed: dict[str, int] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    messages: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class _Record:
    digest: str
    inputs: list[str]
    messages: list[str]


def read_records(store: Store) -> dict[str, _Record]:
    """The meta graph: inferred graph -> (input digest, input graphs, reasoner messages)."""
    records: dict[str, _Record] = {}
    meta = store.graph_triples(INFERRED_META)
    for graph, digest in meta.subject_objects(EQ.inputDigest):
        records[str(graph)] = _Record(
            str(digest),
            sorted(str(g) for g in meta.objects(graph, PROV.wasDerivedFrom)),
            sorted(str(m) for m in meta.objects(graph, EQ.reasonerMessage)),
        )
    return records


def _write_records(store: Store, records: dict[str, _Record]) -> None:
    meta = Graph()
    for iri, rec in records.items():
        node = URIRef(iri)
        meta.add((node, EQ.inputDigest, Literal(rec.digest)))
        for g in rec.inputs:
            meta.add((node, PROV.wasDerivedFrom, URIRef(g)))
        for m in rec.messages:
            meta.add((node, EQ.reasonerMessage, Literal(m)))
    store.replace_graph(INFERRED_META, meta)


def reasoner_messages(store: Store) -> dict[str, list[str]]:
    """owlrl's own error messages, by the inferred graph whose computation raised them."""
    return {g: r.messages for g, r in read_records(store).items() if r.messages}


class _Layers:
    """Asserted graphs by role, loaded into rdflib lazily (most runs need few of them)."""

    def __init__(self, store: Store):
        self.store = store
        graphs = store.graphs()
        self.schema = sorted(g for g in graphs if graph_role(g) == "schema")
        self.curated = sorted(g for g in graphs if graph_role(g) == "curated")
        self.documents = sorted(g for g in graphs if graph_role(g) == "document")
        self.existing_inferred = {g for g in graphs if graph_role(g) == "inferred"}
        self._cache: dict[str, Graph] = {}

    def graph(self, iri: str) -> Graph:
        if iri not in self._cache:
            self._cache[iri] = self.store.graph_triples(iri)
        return self._cache[iri]

    def remember(self, iri: str, graph: Graph) -> None:
        """A graph just written (so it need not be read back), invalidating unions built on it."""
        self._cache = {k: v for k, v in self._cache.items() if not k.startswith("union:")}
        self._cache[iri] = graph

    def forget(self, iri: str) -> None:
        self._cache.pop(iri, None)

    def union(self, iris: Iterable[str], key: str | None = None) -> Graph:
        """The union of some graphs; cached under `key` when given."""
        if key is not None and "union:" + key in self._cache:
            return self._cache["union:" + key]
        out = Graph()
        for iri in iris:
            out += self.graph(iri)
        if key is not None:
            self._cache["union:" + key] = out
        return out


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback for every ill-typed literal it reads ("2023-02-30"^^xsd:date);
    those are reported as findings by `eqkg check`, so the log is silenced meanwhile."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def materialise(store: Store, changed: list[str] | None = None,
                progress: Callable[[str], None] | None = None) -> MaterialisationReport:
    """Bring every inferred graph up to date with the asserted graphs it depends on.

    `changed` names asserted graphs the caller knows were replaced: whatever
    depends on them is re-inferred even when their digest looks the same.
    Everything else is re-inferred only when the digest of its inputs changed.
    `progress` is called with each inferred graph's IRI as it is settled.
    """
    with quiet_rdflib():
        return _materialise(store, changed, progress)


def layer_inputs(layers: _Layers) -> dict[str, list[str]]:
    """Each inferred graph with the asserted graphs it is computed from."""
    curated_inputs = layers.schema + layers.curated
    plan = {INFERRED_SCHEMA: layers.schema, INFERRED_CURATED: curated_inputs}
    for doc in layers.documents:
        plan[inferred_graph_for(doc)] = curated_inputs + [doc]
    if layers.documents:
        plan[INFERRED_CROSS] = curated_inputs + layers.documents
    return plan


def out_of_date(store: Store) -> list[str]:
    """Inferred graphs missing or computed from other asserted content than the store's now
    (e.g. after `eqkg load --no-infer`); empty when inference is up to date."""
    layers = _Layers(store)
    records = read_records(store)
    digests = {g: graph_digest(store, g)
               for g in layers.schema + layers.curated + layers.documents}
    return [target for target, inputs in layer_inputs(layers).items()
            if target not in records or records[target].digest != input_digest(digests, inputs)]


def _materialise(store: Store, changed: list[str] | None,
                 progress: Callable[[str], None] | None) -> MaterialisationReport:
    layers = _Layers(store)
    records = read_records(store)
    forced = set(changed or ())
    digests = {g: graph_digest(store, g)
               for g in layers.schema + layers.curated + layers.documents}
    report = MaterialisationReport()
    new_records: dict[str, _Record] = {}
    base_messages: list[str] = []

    plan = layer_inputs(layers)

    def refresh(target: str, upstream_changed: bool,
                compute: Callable[[], tuple[Graph, list[str]]]) -> bool:
        """Recompute `target` if it or its inputs changed; True when it was recomputed."""
        inputs = plan[target]
        rec = records.get(target)
        if progress:
            progress(target)
        digest = input_digest(digests, inputs)
        if (not upstream_changed and rec is not None and rec.digest == digest
                and not forced & set(inputs)):
            new_records[target] = rec
            report.unchanged.append(target)
            layers.forget(target)
            return False
        added, messages = compute()
        messages = [m for m in messages if m not in base_messages]
        report.computed[target] = store.replace_graph(target, added)
        layers.remember(target, added)
        if messages:
            report.messages[target] = messages
        new_records[target] = _Record(digest, sorted(inputs), messages)
        return True

    # 1. the schema alone
    schema_changed = refresh(INFERRED_SCHEMA, False,
                             lambda: lean_additions(layers.union(layers.schema)))
    base_messages += new_records[INFERRED_SCHEMA].messages

    # 2. the curated overlays on top of it
    curated_changed = refresh(
        INFERRED_CURATED, schema_changed,
        lambda: lean_additions(layers.union([*layers.schema, INFERRED_SCHEMA]),
                               layers.union(layers.curated)))
    base_messages += new_records[INFERRED_CURATED].messages

    # 3. each document against the schema and the curated statements about what it names
    def base() -> Graph:
        return layers.union([*layers.schema, INFERRED_SCHEMA, *layers.curated,
                             INFERRED_CURATED], key="base")

    def document_base(document: Graph) -> Graph:
        out = layers.union([*layers.schema, INFERRED_SCHEMA], key="schema")
        curated = layers.union([*layers.curated, INFERRED_CURATED], key="curated")
        return out + neighbourhood(curated, named_in(document))

    any_document = curated_changed
    for doc in layers.documents:
        def compute(doc: str = doc) -> tuple[Graph, list[str]]:
            document = layers.graph(doc)
            return lean_additions(document_base(document), document, exclude=[base()])
        redone = refresh(inferred_graph_for(doc), curated_changed, compute)
        any_document = any_document or redone

    # 4. the cross-document pass
    if layers.documents:
        refresh(INFERRED_CROSS, any_document, lambda: _cross_document(store, layers, base()))

    # 5. inferred graphs whose document has gone
    for gone in sorted(layers.existing_inferred - set(new_records) - {INFERRED_META}):
        store.remove_graph(gone)
        report.removed.append(gone)
    _write_records(store, new_records)
    return report


def named_in(graph: Graph) -> set[URIRef]:
    """The IRIs a graph names as subject or object."""
    nodes: set[URIRef] = set()
    for s, _, o in graph:
        nodes.add(s)
        nodes.add(o)
    return {n for n in nodes if isinstance(n, URIRef)}


def neighbourhood(graph: Graph, nodes: set[URIRef]) -> Graph:
    """The triples of `graph` whose subject or object is one of `nodes`.

    A document's closure needs only the curated statements about resources it
    names: the curated closure already holds the shortcuts (transitive
    part-of, chains) from those resources onwards (see docs/reasoning.md).
    """
    out = Graph()
    for triple in graph:
        if triple[0] in nodes or triple[2] in nodes:
            out.add(triple)
    return out


def shared_resources(store: Store, documents: list[str], schema: list[str]) -> set[URIRef]:
    """IRIs named (as subject or object) in two or more document graphs, vocabulary terms aside."""
    vocabulary: set[ox.NamedNode] = set()
    for g in schema:
        for q in store.raw.quads_for_pattern(None, None, None, ox.NamedNode(g)):
            vocabulary.add(q.subject)
    seen: dict[ox.NamedNode, int] = {}
    for g in documents:
        nodes: set[ox.NamedNode] = set()
        for q in store.raw.quads_for_pattern(None, None, None, ox.NamedNode(g)):
            nodes.add(q.subject)
            if isinstance(q.object, ox.NamedNode):
                nodes.add(q.object)
        for n in nodes:
            if isinstance(n, ox.NamedNode) and n not in vocabulary:
                seen[n] = seen.get(n, 0) + 1
    return {URIRef(n.value) for n, count in seen.items() if count > 1}


def _cross_document(store: Store, layers: _Layers, base: Graph) -> tuple[Graph, list[str]]:
    """Close the triples (asserted and inferred) that touch resources shared by documents."""
    shared = {to_ox(n) for n in shared_resources(store, layers.documents, layers.schema)}
    joined = Graph()
    for doc in layers.documents if shared else ():
        for g in (doc, inferred_graph_for(doc)):
            for q in store.raw.quads_for_pattern(None, None, None, ox.NamedNode(g)):
                if q.subject in shared or q.object in shared:
                    joined.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    if not joined:
        return Graph(), []
    added, messages = lean_additions(base, joined)
    out = Graph()
    previous = ox.NamedNode(INFERRED_CROSS)  # about to be replaced: not a reason to leave out
    for s, p, o in added:
        if not any(q.graph_name != previous for q in store.raw.quads_for_pattern(
                to_ox(s), to_ox(p), to_ox(o))):
            out.add((s, p, o))
    return out, messages


def materialise_store(store: Store, changed: list[str] | None = None) -> dict[str, int]:
    """Called by eqkg.loader.load_all: the inferred graphs recomputed, with their triple counts."""
    return materialise(store, changed).computed
