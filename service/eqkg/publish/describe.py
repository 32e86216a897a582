"""Resource descriptions: what the store says about one IRI, from which graph, asserted or inferred.

A description holds the resource's outgoing statements (with the blank nodes they
lead to), its incoming statements (capped), the labels of every IRI it mentions in
English and Welsh, and for each statement the named graph it came from, so a page
can show provenance and mark inferred facts (graphs under graph/inferred/).

RDF output of a description (`Description.graph`) carries asserted statements
only unless asked for inferred ones; quad output (`Description.dataset`) keeps every
statement in its own graph, so the two kinds can always be told apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ..errors import NotFound
from ..i18n import has, pick, t
from ..namespaces import EQ, PREFIXES, SCHEMA
from ..store import Quad, from_ox, is_inferred_graph
from ..store import TripleStore as Store
from .uris import ONTOLOGY_IRI

LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name, SCHEMA.name)
# Prefixes for reading, beside the project's: the dataset description's vocabularies.
READING_PREFIXES = {**PREFIXES, "void": "http://rdfs.org/ns/void#",
                    "dcat": "http://www.w3.org/ns/dcat#", "vann": "http://purl.org/vocab/vann/"}
INCOMING_LIMIT = 1000
BNODE_DEPTH = 5


@dataclass(frozen=True)
class Statement:
    """One triple and the named graph that holds it."""

    subject: Node
    predicate: URIRef
    object: Node
    graph: str

    @property
    def inferred(self) -> bool:
        return is_inferred_graph(self.graph)

    @property
    def triple(self) -> tuple[Node, Node, Node]:
        return (self.subject, self.predicate, self.object)


@dataclass
class Description:
    """Everything a resource page or an RDF answer needs about one IRI."""

    iri: str
    outgoing: list[Statement] = field(default_factory=list)
    incoming: list[Statement] = field(default_factory=list)
    incoming_capped: bool = False
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def subject(self) -> URIRef:
        return URIRef(self.iri)

    def statements(self, *, inferred: bool = True) -> Iterable[Statement]:
        for st in (*self.outgoing, *self.incoming):
            if inferred or not st.inferred:
                yield st

    def graph(self, *, inferred: bool = False) -> Graph:
        """The description as triples (asserted only, unless `inferred`)."""
        out = Graph()
        bind_prefixes(out)
        for st in self.statements(inferred=inferred):
            out.add(st.triple)
        return out

    def dataset(self) -> Dataset:
        """The description as quads: each statement in the graph it came from."""
        out = Dataset()
        bind_prefixes(out)
        for st in self.statements():
            out.graph(URIRef(st.graph)).add(st.triple)
        return out

    def label(self, iri: str, lang: str = "en") -> str | None:
        """The label of `iri` in `lang`, else English, else any language, else None."""
        return pick(self.labels.get(iri), lang)

    def types(self) -> list[URIRef]:
        return sorted({st.object for st in self.outgoing  # type: ignore[misc]
                       if st.subject == self.subject and st.predicate == RDF.type
                       and isinstance(st.object, URIRef)})

    def sources(self) -> list[Statement]:
        """Provenance statements of the resource: its source documents and locations."""
        wanted = {EQ.source, EQ.sourceLocation, PROV.wasDerivedFrom, PROV.generatedAtTime,
                  DCTERMS.source}
        return [st for st in self.outgoing
                if st.subject == self.subject and st.predicate in wanted]

    def graphs(self) -> list[str]:
        """The named graphs the resource's own statements come from (asserted first)."""
        found = {st.graph for st in self.outgoing}
        return sorted(found, key=lambda g: (is_inferred_graph(g), g))

    def subjects(self) -> list[Node]:
        """The resource first, then the other subjects in the description (blank nodes, terms)."""
        seen: dict[Node, None] = {self.subject: None}
        for st in self.outgoing:
            seen.setdefault(st.subject, None)
        return list(seen)

    def about(self, subject: Node) -> list[Statement]:
        return [st for st in self.outgoing if st.subject == subject]


def bind_prefixes(graph: Graph) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)


def term(node: Node) -> Node:
    """A store term, xsd:string literals as plain ones (the same in RDF 1.1),
    so that every serialisation round-trips to an identical graph."""
    node = from_ox(node)  # a backend's own term (tests compare with them) as rdflib's
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


def _statements(quads: Iterable[Quad]) -> list[Statement]:
    out = []
    for q in quads:
        if q.graph is not None:
            out.append(Statement(term(q.subject), term(q.predicate),  # type: ignore[arg-type]
                                 term(q.object), q.graph))
    return out


def _outgoing(store: Store, subject: Node) -> list[Statement]:
    """Statements about `subject`, following blank-node objects a few levels deep (a CBD)."""
    return _statements(store.closure(subject, BNODE_DEPTH))


def _incoming(store: Store, obj: URIRef, limit: int) -> tuple[list[Statement], bool]:
    out: list[Statement] = []
    for q in store.quads(None, None, obj):
        if len(out) >= limit:
            return out, True
        out.extend(_statements([q]))
    return out, False


def collect_labels(store: Store, iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """Labels by IRI and language, taking the first label predicate that has one.

    The embedded store is read statement by statement (cheap in-process); a remote one
    in a query per few hundred IRIs, never one request per IRI."""
    labels: dict[str, dict[str, str]] = {}
    wanted = sorted(set(iris))
    found: dict[str, list[Quad]] = {}
    if store.capabilities.local:
        for iri in wanted:
            found[iri] = [q for pred in LABEL_PREDICATES for q in store.quads(URIRef(iri), pred)]
    else:
        found = _remote_labels(store, wanted)
    order = {str(p): i for i, p in enumerate(LABEL_PREDICATES)}
    for iri in wanted:
        by_lang: dict[str, str] = {}
        quads = sorted(found.get(iri, []), key=lambda q: (order[str(q.predicate)], q.graph or "",
                                                         str(q.object), getattr(q.object, "language", None) or ""))
        for pred in LABEL_PREDICATES:
            for q in quads:
                if q.predicate == pred and isinstance(q.object, Literal):
                    by_lang.setdefault(q.object.language or "", str(q.object))
            if by_lang:
                break
        if by_lang:
            if "" in by_lang:
                by_lang.setdefault("en", by_lang.pop(""))
            labels[iri] = by_lang
    return labels


def _remote_labels(store: Store, iris: list[str], chunk: int = 300) -> dict[str, list[Quad]]:
    from ..store.terms import iri_text

    out: dict[str, list[Quad]] = {}
    predicates = " ".join(iri_text(str(p)) for p in LABEL_PREDICATES)
    for start in range(0, len(iris), chunk):
        subjects = " ".join(iri_text(i) for i in iris[start:start + chunk])
        table = store.select(f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {subjects} }} "
                             f"VALUES ?p {{ {predicates} }} GRAPH ?g {{ ?s ?p ?o }} "
                             "FILTER(isLiteral(?o)) } ORDER BY ?g ?o")
        for s, p, o, g in table.rows:
            out.setdefault(str(s), []).append(Quad(s, p, o, str(g)))  # type: ignore[arg-type]
    return out


def _mentioned(statements: Iterable[Statement]) -> set[str]:
    out: set[str] = set()
    for st in statements:
        for term in st.triple:
            if isinstance(term, URIRef):
                out.add(str(term))
    return out


def describe(store: Store, iri: str, *, incoming_limit: int = INCOMING_LIMIT) -> Description:
    """Describe one IRI; NotFound when the store never mentions it as subject or object."""
    node = URIRef(iri)
    outgoing = _outgoing(store, node)
    incoming, capped = _incoming(store, node, incoming_limit)
    if not outgoing and not incoming:
        raise NotFound(f"nothing is known about <{iri}> in this knowledge graph")
    desc = Description(iri, outgoing, incoming, capped)
    desc.labels = collect_labels(store, _mentioned(desc.statements()) | {iri})
    return desc


def describe_graph(store: Store, graph_iri: str, iri: str = ONTOLOGY_IRI) -> Description:
    """One whole named graph as a description (the ontology page serves graph/ontology)."""
    statements = _statements(store.quads(graph=graph_iri))
    if not statements:
        raise NotFound(f"the graph <{graph_iri}> is empty or not loaded (run `eqkg load`)")
    desc = Description(iri, statements)
    desc.labels = collect_labels(store, _mentioned(statements))
    return desc


def description_of(iri: str, graph: Graph, graph_name: str) -> Description:
    """A description built from an rdflib graph (the VoID of a named graph, for instance)."""
    statements = [Statement(s, p, o, graph_name) for s, p, o in graph]
    subject = URIRef(iri)
    outgoing = [st for st in statements if st.subject == subject]
    outgoing += [st for st in statements if st.subject != subject and st.object != subject]
    incoming = [st for st in statements if st.object == subject]
    return Description(iri, outgoing, incoming)


def curie(iri: str) -> str:
    """A compact name for an IRI using the project prefixes (longest match), else the IRI."""
    best, name = "", ""
    for prefix, ns in READING_PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    local = iri[len(best):]
    return f"{name}:{local}" if best and local else iri


def display_label(iri: str, labels: dict[str, dict[str, str]], lang: str) -> str:
    """What a page shows for an IRI: its label in `lang` (else English, else any), else the
    built-in label of a W3C term (linked.term.* messages), else its compact name."""
    found = pick(labels.get(iri), lang)
    if found:
        return found
    name = curie(iri)
    return t("linked.term." + name, lang) if has("linked.term." + name) else name
