"""Similarity links as RDF in their own inferred graph, graph/inferred/similarity, and the
bookkeeping that lets a load recompute only what changed.

    <a> eq:similarTo <b> .
    id:similarity/{hash} a eq:SimilarityLink ; eq:similaritySource <a> ; eq:similarityTarget <b> ;
        eq:score 0.81 ; eq:textScore 0.74 ; eq:rank 1 ; eq:similarityMethod "embedding" ;
        eq:methodVersion "eqkg-similarity/1 embedding wordllama/0.4.0.post1 l2_supercat_256" ;
        eq:sharedCharacteristic pc:race ; eq:sharedTheme theme:representative-workforce .
    id:similarity/input/{hash} prov:wasDerivedFrom <document> ; eq:inputDigest "sha256:..." .
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import EQ, INFERRED_GRAPH_PREFIX, data_base
from ..store import Store
from .items import Item, by_document, read_items
from .links import DEFAULT_METHOD, Link, compute_links, method_version, update_links

SIMILARITY_GRAPH = INFERRED_GRAPH_PREFIX + "similarity"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def _eq(local: str) -> ox.NamedNode:
    return ox.NamedNode(str(EQ) + local)


def link_iri(source: str, target: str) -> str:
    digest = hashlib.sha256(f"{source}\n{target}".encode()).hexdigest()[:20]
    return f"{data_base()}similarity/{digest}"


def document_digests(items: Sequence[Item]) -> dict[str, str]:
    """Per document: a digest of its items' text and features."""
    return {doc: "sha256:" + hashlib.sha256(
        "\n".join(sorted(it.digest() for it in its)).encode()).hexdigest()
        for doc, its in by_document(items).items()}


def triples(links: Sequence[Link], method: str, version: str,
            digests: dict[str, str]) -> list[ox.Triple]:
    out: list[ox.Triple] = []
    method_lit, version_lit = ox.Literal(method), ox.Literal(version)
    for lk in links:
        a, b = ox.NamedNode(lk.source), ox.NamedNode(lk.target)
        node = ox.NamedNode(link_iri(lk.source, lk.target))
        out += [
            ox.Triple(a, _eq("similarTo"), b),
            ox.Triple(node, _RDF_TYPE, _eq("SimilarityLink")),
            ox.Triple(node, _eq("similaritySource"), a),
            ox.Triple(node, _eq("similarityTarget"), b),
            ox.Triple(node, _eq("score"), ox.Literal(f"{lk.score:.4f}", datatype=_DECIMAL)),
            ox.Triple(node, _eq("textScore"), ox.Literal(f"{lk.text_score:.4f}",
                                                          datatype=_DECIMAL)),
            ox.Triple(node, _eq("rank"), ox.Literal(str(lk.rank), datatype=_INTEGER)),
            ox.Triple(node, _eq("similarityMethod"), method_lit),
            ox.Triple(node, _eq("methodVersion"), version_lit),
        ]
        out += [ox.Triple(node, _eq("sharedCharacteristic"), ox.NamedNode(c))
                for c in lk.characteristics]
        out += [ox.Triple(node, _eq("sharedTheme"), ox.NamedNode(t)) for t in lk.themes]
    for doc, digest in sorted(digests.items()):
        node = ox.NamedNode(f"{data_base()}similarity/input/"
                            + hashlib.sha256(doc.encode()).hexdigest()[:20])
        out += [ox.Triple(node, _PROV_DERIVED, ox.NamedNode(doc)),
                ox.Triple(node, _eq("inputDigest"), ox.Literal(digest)),
                ox.Triple(node, _eq("methodVersion"), version_lit)]
    return out


@dataclass
class Previous:
    """What the similarity graph held before a load (the reasoner may drop it meanwhile)."""

    links: list[Link] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)
    version: str | None = None


_PREVIOUS_LINKS = """
SELECT ?a ?b ?score ?text ?rank ?version
  (GROUP_CONCAT(DISTINCT STR(?c); separator=" ") AS ?cs)
  (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?ts)
WHERE { GRAPH <SIMILARITY> {
  ?n a eq:SimilarityLink ; eq:similaritySource ?a ; eq:similarityTarget ?b ; eq:score ?score ;
     eq:textScore ?text ; eq:rank ?rank ; eq:methodVersion ?version .
  OPTIONAL { ?n eq:sharedCharacteristic ?c } OPTIONAL { ?n eq:sharedTheme ?t } } }
GROUP BY ?a ?b ?score ?text ?rank ?version
""".replace("SIMILARITY", SIMILARITY_GRAPH)
_PREVIOUS_DIGESTS = """
SELECT ?doc ?digest WHERE { GRAPH <SIMILARITY> { ?n prov:wasDerivedFrom ?doc ; eq:inputDigest ?digest } }
""".replace("SIMILARITY", SIMILARITY_GRAPH)


def _split(term: object) -> tuple[str, ...]:
    """A GROUP_CONCAT of IRIs (unbound when the group had none) as a tuple."""
    return tuple(str(term).split()) if term is not None else ()


def snapshot(store: Store) -> Previous:
    """Read the current similarity graph (empty when there is none)."""
    prev = Previous()
    for row in store.query(_PREVIOUS_LINKS):
        prev.version = str(row["version"])
        prev.links.append(Link(str(row["a"]), str(row["b"]), float(str(row["score"])),
                               float(str(row["text"])), int(str(row["rank"])),
                               _split(row["cs"]), _split(row["ts"])))
    prev.digests = {str(r["doc"]): str(r["digest"]) for r in store.query(_PREVIOUS_DIGESTS)}
    return prev


def refresh_store(store: Store, previous: Previous | None = None,
                  progress: Callable[[str], None] | None = None,
                  method: str = DEFAULT_METHOD) -> dict[str, int]:
    """Recompute graph/inferred/similarity after a load: only the documents whose items
    changed, when the previous graph was made the same way; {graph: triples written}."""
    if progress:
        progress("similarity")
    previous = previous if previous is not None else snapshot(store)
    items = read_items(store)
    digests = document_digests(items)
    index_version = method_version(method)
    changed = {d for d in set(digests) | set(previous.digests)
               if digests.get(d) != previous.digests.get(d)}
    incremental = (method == "embedding" and previous.digests
                   and previous.version in (None, index_version))
    if incremental and not changed and store.graphs().get(SIMILARITY_GRAPH):
        return {}
    if incremental:
        links = update_links(items, previous.links, changed, method)
    else:
        links, _ = compute_links(items, method)
    written = store.replace_graph(SIMILARITY_GRAPH,
                                  triples(links, method, index_version, digests))
    return {SIMILARITY_GRAPH: written}
