"""OWL 2 RL materialisation, written to inferred graphs beside the asserted ones.

The closure is computed in layers so that changing one document re-infers
only that document and what it shares with others (see docs/reasoning.md):

- graph/inferred/schema: closure of the ontology and vocabularies alone;
- graph/inferred/curated: what the curated overlays (data/curated/) add to it;
- graph/inferred/{doc}: what one document adds to schema + curated overlays;
- graph/inferred/cross/{key}: for each group of documents linked by resources
  two or more of them name, a pass over the triples that touch those resources,
  for rules that join across documents (transitive part-of, chains, inverses).

The engine is the hybrid reasoner (reasonable plus SPARQL rules, engines.py) or
owlrl (`reasoner="owlrl"`). graph/inferred/meta records, for each inferred
graph, the asserted graphs it was computed from and a digest of their content;
an inferred graph whose inputs have the same digest is not computed again.

The store is read and written only through eqkg.store.Store's public methods
(query, graphs, graph_triples, replace_graph, remove_graph).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import PROV

from ..errors import InputError
from ..namespaces import EQ, GRAPH, INFERRED_GRAPH_PREFIX, ONTOLOGY_GRAPH
from ..store import Store, is_inferred_graph, to_ox
from .engines import (  # noqa: F401 - re-exported for callers of the old module
    DEFAULT_ENGINE,
    ENGINES,
    Engine,
    active_properties,
    brings_axioms,
    engine,
    is_noise,
    owl_rl_closure,
    recipes,
)

INFERRED_SCHEMA = INFERRED_GRAPH_PREFIX + "schema"
INFERRED_CURATED = INFERRED_GRAPH_PREFIX + "curated"
INFERRED_CROSS = INFERRED_GRAPH_PREFIX + "cross"  # cross-document graphs are under cross/
INFERRED_META = INFERRED_GRAPH_PREFIX + "meta"
RESERVED = {INFERRED_SCHEMA, INFERRED_CURATED, INFERRED_CROSS, INFERRED_META}

VOCAB_GRAPH_PREFIX = str(GRAPH) + "vocab/"
CURATED_GRAPH_PREFIX = str(GRAPH) + "curated/"
# Bump when the filter or the layering changes: every inferred graph is then recomputed.
LAYERING = "eqkg-reasoning/3"

Triple = tuple[Any, Any, Any]


def recipe(engine_name: str | None = None) -> str:
    """What a digest is computed with: the layering and the engine with its version."""
    return f"{LAYERING} {engine(engine_name).recipe}"


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
    if iri in RESERVED or iri.startswith(INFERRED_CROSS + "/"):
        raise InputError(f"document graph <{document_graph}> has a name reserved for inference")
    return iri


def cross_graph_for(documents: Iterable[str]) -> str:
    """The cross-document graph of a group of documents: graph/inferred/cross/{key}."""
    key = hashlib.sha256("\n".join(sorted(documents)).encode("utf-8")).hexdigest()[:16]
    return f"{INFERRED_CROSS}/{key}"


def is_cross_graph(iri: str) -> bool:
    return iri.startswith(INFERRED_CROSS + "/")


# -- reading graphs through Store.query -------------------------------------------------

def graph_rows(store: Store, iri: str) -> list[Triple]:
    """One graph's triples as rdflib terms (the reasoner's working terms)."""
    return [(q.subject, q.predicate, q.object) for q in store.quads(graph=iri)]


def graph_names(store: Store) -> list[str]:
    """The store's named graphs, sorted, without counting their triples (Store.graphs()
    does, which reads the whole store)."""
    table = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
    return sorted(str(r[0]) for r in table.rows if isinstance(r[0], URIRef))


def rows_digest(rows: list[Triple]) -> str:
    """SHA-256 of a graph's content, independent of blank node labels (RDFC-1.0 when needed)."""
    if any(isinstance(r[0], BNode) or isinstance(r[2], BNode) for r in rows):
        dataset = ox.Dataset(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in rows)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        lines = sorted(str(q) for q in dataset)
    else:
        lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in rows)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def graph_digest(store: Store, iri: str) -> str:
    """SHA-256 of one graph's content (see rows_digest)."""
    return rows_digest(graph_rows(store, iri))


def input_digest(digests: dict[str, str], inputs: Iterable[str],
                 engine_name: str | None = None) -> str:
    """The digest recorded for an inferred graph: the recipe plus each input graph's digest."""
    text = recipe(engine_name) + "\n" + "".join(f"{g} {digests[g]}\n" for g in sorted(inputs))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Graphs:
    """Asserted and inferred graphs read on demand, as rdflib triple sets (the store is
    large; a graph is kept only while it is needed)."""

    def __init__(self, store: Store):
        self.store = store
        graphs = graph_names(store)
        self.present = set(graphs)
        self.schema = sorted(g for g in graphs if graph_role(g) == "schema")
        self.curated = sorted(g for g in graphs if graph_role(g) == "curated")
        self.documents = sorted(g for g in graphs if graph_role(g) == "document")
        self.existing_inferred = {g for g in graphs if graph_role(g) == "inferred"}
        self._sets: dict[str, set[Triple]] = {}
        self._terms: dict[Any, Any] = {}
        self.digests: dict[str, str] = {}
        self.names: dict[str, set[URIRef]] = {}

    def read(self, iri: str, keep: bool = True) -> set[Triple]:
        """A graph's triples; its digest and the IRIs it names are noted on the way."""
        if iri in self._sets:
            return self._sets[iri]
        rows = graph_rows(self.store, iri)
        if graph_role(iri) != "inferred":
            self.digests[iri] = rows_digest(rows)
        share = self._terms.setdefault  # one object per term across graphs (memory at 1M)
        triples = {(share(s, s), share(p, p), share(o, o)) for s, p, o in rows}
        if graph_role(iri) == "document":
            self.names[iri] = named_in(triples)
        if keep:
            self._sets[iri] = triples
        return triples

    def digest(self, iri: str) -> str:
        if iri not in self.digests:
            self.read(iri, keep=False)
        return self.digests[iri]

    def named(self, iri: str) -> set[URIRef]:
        if iri not in self.names:
            self.read(iri, keep=False)
        return self.names[iri]

    def remember(self, iri: str, triples: set[Triple]) -> None:
        self._sets[iri] = triples

    def forget(self, iri: str) -> None:
        self._sets.pop(iri, None)

    def union(self, iris: Iterable[str]) -> set[Triple]:
        out: set[Triple] = set()
        for iri in iris:
            out |= self.read(iri)
        return out


def named_in(triples: Iterable[Triple]) -> set[URIRef]:
    """The IRIs triples name as subject or object."""
    nodes: set[URIRef] = set()
    for s, _, o in triples:
        if isinstance(s, URIRef):
            nodes.add(s)
        if isinstance(o, URIRef):
            nodes.add(o)
    return nodes


# -- records --------------------------------------------------------------------------

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
    digest_p, input_p, message_p = str(EQ.inputDigest), str(PROV.wasDerivedFrom), str(
        EQ.reasonerMessage)
    rows = graph_rows(store, INFERRED_META)
    found: dict[str, dict[str, list[str]]] = {}
    for s, p, o in rows:
        found.setdefault(str(s), {}).setdefault(str(p), []).append(str(o))
    for graph, values in found.items():
        if digest_p in values:
            records[graph] = _Record(values[digest_p][0], sorted(values.get(input_p, [])),
                                     sorted(values.get(message_p, [])))
    return records


def _write_records(store: Store, records: dict[str, _Record]) -> None:
    digest_p, input_p, message_p = (ox.NamedNode(str(EQ.inputDigest)),
                                    ox.NamedNode(str(PROV.wasDerivedFrom)),
                                    ox.NamedNode(str(EQ.reasonerMessage)))
    meta: list[ox.Triple] = []
    for iri, rec in records.items():
        node = ox.NamedNode(iri)
        meta.append(ox.Triple(node, digest_p, ox.Literal(rec.digest)))
        meta.extend(ox.Triple(node, input_p, ox.NamedNode(g)) for g in rec.inputs)
        meta.extend(ox.Triple(node, message_p, ox.Literal(m)) for m in rec.messages)
    store.replace_graph(INFERRED_META, meta)


def reasoner_messages(store: Store) -> dict[str, list[str]]:
    """The reasoner's own error messages, by the inferred graph whose computation raised them."""
    return {g: r.messages for g, r in read_records(store).items() if r.messages}


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


# -- planning -----------------------------------------------------------------------------

def base_inputs(graphs: _Graphs) -> list[str]:
    return graphs.schema + graphs.curated


def out_of_date(store: Store) -> list[str]:
    """Inferred graphs missing or computed from other asserted content than the store's now
    (e.g. after `eqkg load --no-infer`); empty when inference is up to date. A graph
    computed by either engine counts as up to date."""
    graphs = _Graphs(store)
    records = read_records(store)
    digests = {g: graphs.digest(g) for g in graphs.schema + graphs.curated + graphs.documents}
    names = {d: graphs.named(d) for d in graphs.documents}
    plan = {INFERRED_SCHEMA: graphs.schema, INFERRED_CURATED: base_inputs(graphs)}
    for doc in graphs.documents:
        plan[inferred_graph_for(doc)] = base_inputs(graphs) + [doc]
    for group in components(names, vocabulary(graphs)):
        plan[cross_graph_for(group)] = base_inputs(graphs) + sorted(group)
    known = [f"{LAYERING} {r}" for r in recipes().values()]

    def fresh(target: str, inputs: list[str]) -> bool:
        rec = records.get(target)
        if rec is None:
            return False
        text = "".join(f"{g} {digests[g]}\n" for g in sorted(inputs))
        return any(rec.digest == "sha256:" + hashlib.sha256(
            (r + "\n" + text).encode("utf-8")).hexdigest() for r in known)

    return [target for target, inputs in plan.items() if not fresh(target, inputs)]


def vocabulary(graphs: _Graphs) -> set[URIRef]:
    """Terms the schema describes (classes, properties, concepts): never a shared resource."""
    return {s for s, _, _ in graphs.union(graphs.schema) if isinstance(s, URIRef)}


def components(names: dict[str, set[URIRef]], vocab: set[URIRef]) -> list[list[str]]:
    """Groups of two or more documents linked (directly or through others) by resources
    that two or more of them name, vocabulary terms aside."""
    owner: dict[URIRef, str] = {}
    parent = {d: d for d in names}

    def find(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    for doc in sorted(names):
        for node in names[doc]:
            if node in vocab:
                continue
            other = owner.setdefault(node, doc)
            if other != doc:
                a, b = find(other), find(doc)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for doc in names:
        groups.setdefault(find(doc), []).append(doc)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


def shared_in(docs: list[str], names: dict[str, set[URIRef]], vocab: set[URIRef]
              ) -> set[URIRef]:
    """IRIs named by two or more of `docs`, vocabulary terms aside."""
    seen: set[URIRef] = set()
    shared: set[URIRef] = set()
    for doc in docs:
        for node in names[doc] - vocab:
            if node in seen:
                shared.add(node)
            seen.add(node)
    return shared


def documents_naming(store: Store, nodes: Iterable[URIRef]) -> set[str]:
    """The document graphs that name any of `nodes` as subject or object."""
    found: set[str] = set()
    batch = sorted(nodes)
    for start in range(0, len(batch), 500):
        values = " ".join(str(ox.NamedNode(n)) for n in batch[start:start + 500])
        rows = store.select(f"SELECT DISTINCT ?g WHERE {{ VALUES ?x {{ {values} }} "
                            "GRAPH ?g { { ?x ?p ?o } UNION { ?s ?p ?x } } }").rows
        found |= {str(r[0]) for r in rows if graph_role(str(r[0])) == "document"}
    return found


# -- the run -------------------------------------------------------------------------------

def materialise(store: Store, changed: list[str] | None = None,
                progress: Callable[[str], None] | None = None, *,
                reasoner: str | None = None, only: list[str] | None = None
                ) -> MaterialisationReport:
    """Bring every inferred graph up to date with the asserted graphs it depends on.

    `changed` names asserted graphs the caller knows were replaced: whatever
    depends on them is re-inferred even when their digest looks the same.
    Everything else is re-inferred only when the digest of its inputs changed.
    `only` (documents added, replaced or removed) says that no other asserted
    graph changed: the others are then not even read, and the cross-document
    pass is redone only for the documents linked to these (see update_document).
    `reasoner` is "hybrid" (default) or "owlrl". `progress` is called with each
    inferred graph's IRI as it is settled.
    """
    with quiet_rdflib():
        return _materialise(store, list(changed or []), progress, engine(reasoner), only)


def update_document(store: Store, graph_iri: str, triples: Graph | Iterable[Any] | None,
                    *, reasoner: str | None = None) -> MaterialisationReport:
    """Add, replace (triples given) or remove (None) one document graph, then re-infer its
    closure and the cross-document pass for the documents it is linked to, and nothing else."""
    if graph_role(graph_iri) != "document":
        raise InputError(f"<{graph_iri}> is not a document graph")
    inferred_graph_for(graph_iri)  # refuses names reserved for inference, before writing
    if triples is None:
        store.remove_graph(graph_iri)
    else:
        store.replace_graph(graph_iri, triples)
    return materialise(store, changed=[graph_iri], only=[graph_iri], reasoner=reasoner)


def _materialise(store: Store, changed: list[str], progress: Callable[[str], None] | None,
                 eng: Engine, only: list[str] | None) -> MaterialisationReport:
    graphs = _Graphs(store)
    records = read_records(store)
    forced = set(changed)
    report = MaterialisationReport()
    new_records: dict[str, _Record] = {}
    base_messages: list[str] = []
    for g in graphs.schema + graphs.curated:
        graphs.read(g)

    def digest_of(inputs: list[str]) -> str:
        return input_digest({g: graphs.digest(g) for g in inputs}, inputs, eng.name)

    def refresh(target: str, inputs: list[str], upstream_changed: bool,
                compute: Callable[[], tuple[set[Triple], list[str]]]) -> bool:
        """Recompute `target` if it or its inputs changed; True when it was recomputed."""
        rec = records.get(target)
        if progress:
            progress(target)
        digest = digest_of(inputs)
        if (not upstream_changed and rec is not None and rec.digest == digest
                and not forced & set(inputs)):
            new_records[target] = rec
            report.unchanged.append(target)
            return False
        added, messages = compute()
        messages = [m for m in messages if m not in base_messages]
        report.computed[target] = store.replace_graph(target, _ox_triples(added))
        graphs.remember(target, added)
        if messages:
            report.messages[target] = messages
        new_records[target] = _Record(digest, sorted(inputs), messages)
        return True

    base = base_inputs(graphs)
    # 1. the schema alone
    schema_changed = refresh(INFERRED_SCHEMA, graphs.schema, False,
                             lambda: eng.additions([graphs.union(graphs.schema)]))
    base_messages += new_records[INFERRED_SCHEMA].messages
    schema_set = graphs.union([*graphs.schema, INFERRED_SCHEMA])
    # 2. the curated overlays on top of it
    curated_changed = refresh(
        INFERRED_CURATED, base, schema_changed,
        lambda: eng.additions([schema_set, graphs.union(graphs.curated)]))
    base_messages += new_records[INFERRED_CURATED].messages
    curated_set = graphs.union([*graphs.curated, INFERRED_CURATED])
    base_set = schema_set | curated_set
    if only is not None and (curated_changed or forced - set(only)):
        only = None  # the base changed: everything depends on it
    active = None if any(t[1] == _SAME_AS for t in base_set) else active_properties(schema_set)

    by_node: dict[Any, list[Triple]] = {}
    for t in curated_set:
        by_node.setdefault(t[0], []).append(t)
        if t[2] != t[0]:
            by_node.setdefault(t[2], []).append(t)

    def curated_about(nodes: set[URIRef]) -> set[Triple]:
        """The curated statements (asserted and inferred) about these resources: the
        curated closure already holds every shortcut from them onwards."""
        out: set[Triple] = set()
        for node in nodes:
            out.update(by_node.get(node, ()))
        return out

    # which documents are linked (resources two or more of them name), found before
    # the per-document closures so that the grouped ones are read only once
    vocab = {s for s, _, _ in schema_set if isinstance(s, URIRef)}
    if only is None:
        todo = graphs.documents
        keep_records: dict[str, _Record] = {}
        names = {d: graphs.named(d) for d in graphs.documents}
    else:
        todo = sorted(set(only) & set(graphs.documents))
        touched = {inferred_graph_for(d) for d in only} | {
            g for g, r in records.items() if is_cross_graph(g) and set(r.inputs) & set(only)}
        keep_records = {g: r for g, r in records.items() if g not in touched}
        seeds = set(todo) | {d for g, r in records.items() if is_cross_graph(g)
                             and set(r.inputs) & set(only) for d in r.inputs
                             if d in graphs.present and graph_role(d) == "document"}
        linked, frontier = set(seeds), sorted(seeds)
        while frontier:
            doc = frontier.pop()
            for other in sorted(documents_naming(store, graphs.named(doc) - vocab) - linked):
                linked.add(other)
                frontier.append(other)
        names = {d: graphs.named(d) for d in linked}
        keep_records = {g: r for g, r in keep_records.items()
                        if not (is_cross_graph(g) and set(r.inputs) & linked)}
    groups = components(names, vocab)
    grouped = {d for group in groups for d in group}

    # 3. each document against the schema and the curated statements about what it names
    redone: set[str] = set()
    for doc in todo:
        target = inferred_graph_for(doc)

        def compute(doc: str = doc) -> tuple[set[Triple], list[str]]:
            document = graphs.read(doc)
            return eng.additions([schema_set, curated_about(graphs.named(doc)), document],
                                 [base_set], active)

        if refresh(target, base + [doc], curated_changed, compute):
            redone.add(doc)
        if doc not in grouped:
            graphs.forget(doc)
            graphs.forget(target)

    # 4. the cross-document passes, one per group of linked documents
    for group in groups:
        def cross(group: list[str] = group) -> tuple[set[Triple], list[str]]:
            shared = shared_in(group, names, vocab)
            joined: set[Triple] = set()
            own: list[set[Triple]] = []
            for doc in group:
                for g in (doc, inferred_graph_for(doc)):
                    triples = graphs.read(g)
                    own.append(triples)
                    joined |= {t for t in triples if t[0] in shared or t[2] in shared}
            if not joined:
                return set(), []
            return eng.additions([schema_set, curated_about(named_in(joined)), joined],
                                 [base_set, *own], active)

        refresh(cross_graph_for(group), base + group, curated_changed or bool(
            redone & set(group)), cross)
        for doc in group:
            graphs.forget(doc)
            graphs.forget(inferred_graph_for(doc))

    # 5. inferred graphs whose document or group has gone
    new_records = {**keep_records, **new_records}
    known = graphs.existing_inferred | set(records)
    for stale in sorted(known - set(new_records) - {INFERRED_META}):
        if stale in graphs.existing_inferred:
            store.remove_graph(stale)
        report.removed.append(stale)
    _write_records(store, new_records)
    return report


_SAME_AS = URIRef("http://www.w3.org/2002/07/owl#sameAs")


def _ox_triples(triples: Iterable[Triple]) -> list[ox.Triple]:
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]


def materialise_store(store: Store, changed: list[str] | None = None,
                      reasoner: str | None = None) -> dict[str, int]:
    """Called by eqkg.loader.load_all: the inferred graphs recomputed, with their triple counts."""
    return materialise(store, changed, reasoner=reasoner).computed
