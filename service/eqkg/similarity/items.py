"""What similarity compares: every objective and commitment with its text, document, bodies,
characteristics (rolled up to the nine) and policy themes, read from the store in one query.

An item's document is the document it is a part of (a South Wales plan objective known from
minutes belongs to the plan, not the minutes); its bodies are the `eq:organisation`s of that
document and of the item itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..store import Store

#: The kinds of item compared, as the local names of their classes.
KINDS = ("EqualityObjective", "Step", "Recommendation", "ActionItem", "Pledge", "PhasedGoal",
         "Commitment")

_ITEMS = """
SELECT ?item ?kind ?doc (GROUP_CONCAT(DISTINCT ?t; separator="\\u001f") AS ?texts)
       (GROUP_CONCAT(DISTINCT STR(?org); separator=" ") AS ?orgs)
WHERE {
  VALUES ?kind { eq:EqualityObjective eq:Step eq:Recommendation eq:ActionItem eq:Pledge
                 eq:PhasedGoal eq:Commitment }
  ?item a ?kind .
  { ?item dcterms:title ?t } UNION { ?item eq:text ?t }
  OPTIONAL { ?item eq:source ?src }
  OPTIONAL {
    ?container (eq:hasObjective|eq:hasStep|eq:hasGoal|eq:hasCommitment|eq:hasRecommendation)+ ?item .
    ?container a ?dtype . VALUES ?dtype { eq:StrategicEqualityPlan eq:ActionPlanResponse
                                          eq:Minutes eq:ProgressReport eq:Document }
  }
  BIND(COALESCE(?container, ?src) AS ?doc)
  OPTIONAL { { ?item eq:organisation ?org } UNION { ?doc eq:organisation ?org } }
}
GROUP BY ?item ?kind ?doc
"""

# Characteristics rolled up to the top of the scheme, and themes, as stated of the item itself
# (an objective's steps have their own links; giving it theirs made every broad objective
# look like every narrow commitment).
_FEATURES = """
SELECT DISTINCT ?item ?feature WHERE {
  VALUES ?kind { eq:EqualityObjective eq:Step eq:Recommendation eq:ActionItem eq:Pledge
                 eq:PhasedGoal eq:Commitment }
  ?item a ?kind .
  {
    ?item eq:covers ?c . ?c skos:broader* ?feature .
    ?feature skos:inScheme <https://w3id.org/eqkg/vocab/characteristic> .
    FILTER NOT EXISTS { ?feature skos:broader ?up }
  } UNION {
    ?item eq:theme ?feature . ?feature skos:inScheme <https://w3id.org/eqkg/vocab/theme> .
  }
}
"""

PC_PREFIX = "https://w3id.org/eqkg/vocab/characteristic/"
THEME_PREFIX = "https://w3id.org/eqkg/vocab/theme/"
_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}


@dataclass
class Item:
    """One objective or commitment as similarity sees it."""

    iri: str
    kind: str
    document: str
    text: str
    organisations: frozenset[str] = frozenset()
    characteristics: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    extra: dict[str, str] = field(default_factory=dict)

    def digest(self) -> str:
        """What, if changed, changes this item's links (used to recompute incrementally)."""
        parts = [self.iri, self.kind, self.document, self.text, *sorted(self.organisations),
                 *sorted(self.characteristics), *sorted(self.themes)]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def read_items(store: Store) -> list[Item]:
    """Every objective and commitment with text, in a stable order (by IRI)."""
    rows: dict[str, Item] = {}
    for row in store.query(_ITEMS):
        iri = str(row["item"])
        kind = str(row["kind"]).rsplit("#", 1)[1]
        doc = str(row["doc"]) if row["doc"] is not None else iri
        texts = sorted({t.strip() for t in str(row["texts"]).split("\x1f") if t.strip()},
                       key=lambda t: (len(t), t))
        orgs = frozenset(o for o in (str(row["orgs"]).split() if row["orgs"] else []) if o)
        old = rows.get(iri)
        # An item typed both Step and Commitment is kept once, under its most specific kind.
        if old is not None and _KIND_ORDER[old.kind] <= _KIND_ORDER[kind]:
            continue
        rows[iri] = Item(iri, kind, doc, " ".join(texts), orgs)
    chars: dict[str, set[str]] = {}
    themes: dict[str, set[str]] = {}
    for row in store.query(_FEATURES):
        iri, feature = str(row["item"]), str(row["feature"])
        if feature.startswith(PC_PREFIX):
            chars.setdefault(iri, set()).add(feature)
        elif feature.startswith(THEME_PREFIX):
            themes.setdefault(iri, set()).add(feature)
    items = []
    for iri in sorted(rows):
        item = rows[iri]
        item.characteristics = frozenset(chars.get(iri, ()))
        item.themes = frozenset(themes.get(iri, ()))
        items.append(item)
    return items


def by_document(items: Iterable[Item]) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {}
    for item in items:
        out.setdefault(item.document, []).append(item)
    return out
