"""What pages and the CLI show: one item's similarity links, and a partnership of bodies.

Layering: this reads the store and returns plain rows; web/similar.py, web/linked.py (the
block on resource pages) and cli.py only render them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDF

from ..errors import InputError, NotFound
from ..namespaces import EQ, data_base
from ..publish.describe import collect_labels, display_label
from ..publish.uris import href
from ..store import Store
from .graph import SIMILARITY_GRAPH
from .items import Item, read_items
from .links import Index

_ROWS = """
SELECT ?b ?rank ?score ?textScore ?method (SAMPLE(?t) AS ?text)
  (GROUP_CONCAT(DISTINCT STR(?e); separator=" ") AS ?evidence)
WHERE {
  GRAPH <SIMILARITY> {
    ?n eq:similaritySource <SOURCE> ; eq:similarityTarget ?b ; eq:rank ?rank ; eq:score ?score ;
       eq:textScore ?textScore ; eq:similarityMethod ?method .
    OPTIONAL { ?n eq:sharedCharacteristic|eq:sharedTheme ?e } }
  OPTIONAL { ?b eq:text|dcterms:title ?t }
}
GROUP BY ?b ?rank ?score ?textScore ?method ORDER BY ?rank
""".replace("SIMILARITY", SIMILARITY_GRAPH)


def similar_rows(store: Store, iri: str, lang: str = "en") -> list[dict[str, Any]]:
    """The similarity links of one objective or commitment, for the block on its page:
    rank, the similar item (href, text), score, and the shared characteristics and themes."""
    try:
        ox.NamedNode(iri)  # refuses anything that could break out of <...>
    except ValueError:
        return []
    rows = list(store.query(_ROWS.replace("SOURCE", iri)))
    evidence = {e for r in rows if r["evidence"] is not None for e in str(r["evidence"]).split()}
    labels = collect_labels(store, evidence)
    return [{
        "rank": int(str(r["rank"])), "iri": str(r["b"]), "href": href(str(r["b"]), lang),
        "text": str(r["text"]) if r["text"] is not None else str(r["b"]),
        "score": float(str(r["score"])), "text_score": float(str(r["textScore"])),
        "method": str(r["method"]),
        "shared": [display_label(e, labels, lang) for e in sorted(
            str(r["evidence"]).split() if r["evidence"] is not None else [])],
    } for r in rows]


# -- partnership -------------------------------------------------------------------------

SHARED_SCORE = 0.4  # a commitment counts as shared with a partner's when this similar


@dataclass
class Partnership:
    bodies: list[dict[str, str]]
    joint: list[dict[str, Any]] = field(default_factory=list)
    shared: list[dict[str, Any]] = field(default_factory=list)
    only: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"bodies": self.bodies, "joint": self.joint, "shared": self.shared,
                "only": self.only}


def resolve_body(store: Store, raw: str) -> str:
    """A body by slug (gwent-police), path (organisation/gwent-police) or IRI."""
    raw = raw.strip()
    candidates = [raw, f"{data_base()}organisation/{raw}", f"{data_base()}{raw}"]
    for iri in candidates:
        try:
            ox.NamedNode(iri)  # refuses anything that could break out of <...>
        except ValueError:
            continue
        if any(store.quads(URIRef(iri), RDF.type, EQ.Organisation)):
            return iri
    raise NotFound(f"no organisation {raw!r} in the graph")


def _row(item: Item, lang: str) -> dict[str, Any]:
    return {"iri": item.iri, "href": href(item.iri, lang), "text": item.text,
            "kind": item.kind}


def partners(store: Store, bodies: list[str], lang: str = "en") -> Partnership:
    """For two or more bodies: the commitments of one document they all make (joint), the
    commitments of one body with a similar one by another (shared, with the score and the
    characteristics both cover), and those only one body makes."""
    if len(bodies) < 2:
        raise InputError("give at least two bodies to compare")
    if len(bodies) > 10:
        raise InputError("compare at most ten bodies at once")
    iris = list(dict.fromkeys(resolve_body(store, b) for b in bodies))
    if len(iris) < 2:
        raise InputError("give at least two different bodies")
    labels = collect_labels(store, iris)
    result = Partnership([{"iri": b, "href": href(b, lang), "name": display_label(b, labels, lang)}
                          for b in iris])
    items = [it for it in read_items(store) if it.organisations & set(iris)]
    joint = [it for it in items if set(iris) <= it.organisations]
    result.joint = [_row(it, lang) for it in joint]
    rest = [it for it in items if not set(iris) <= it.organisations]
    if not rest:
        result.only = {b: [] for b in iris}
        return result
    index = Index(rest)
    owner = [sorted(set(iris) & it.organisations) for it in rest]
    char_labels = collect_labels(store, {c for it in rest for c in it.characteristics})
    matched: set[int] = set()
    pairs = []
    all_rows = np.arange(len(rest))
    combined, _ = index.scores(all_rows)
    for i in range(len(rest)):
        others = [j for j in range(len(rest)) if not set(owner[j]) & set(owner[i])]
        if not others:
            continue
        j = max(others, key=lambda c: (combined[i, c], -c))
        if combined[i, j] >= SHARED_SCORE:
            matched.add(i)
            if i < j or combined[j, i] < SHARED_SCORE or j not in matched:
                common = sorted(rest[i].characteristics & rest[j].characteristics)
                pairs.append((i, j, float(combined[i, j]), common))
    seen = set()
    for i, j, score, common in sorted(pairs, key=lambda p: (-p[2], p[0])):
        key = frozenset((i, j))
        if key in seen:
            continue
        seen.add(key)
        result.shared.append({
            "left": {**_row(rest[i], lang), "bodies": owner[i]},
            "right": {**_row(rest[j], lang), "bodies": owner[j]},
            "score": round(score, 4),
            "characteristics": [display_label(c, char_labels, lang) for c in common]})
    result.only = {b: [_row(rest[i], lang) for i in range(len(rest))
                       if i not in matched and b in owner[i]] for b in iris}
    return result
