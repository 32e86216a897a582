""""How your plan compares": a draft plan beside the plans of bodies of the same sector.

For each characteristic and aim: how many bodies of the sector cover it and with which
objectives or commitments (the counts are the answer of the saved query `peer-coverage`, run
here, so the two never disagree); for each of the draft's objectives, the most similar
objectives of other bodies (eqkg.similarity, the default method); and the characteristics the
draft leaves out that most peers cover. Nothing is written to the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF

from .. import saved_queries
from ..errors import InputError
from ..i18n import t
from ..namespaces import EQ, VOCAB
from ..similarity import Index, Item, read_items
from ..store import Store

SECTOR = str(VOCAB) + "sector/"
SECTORS = ("police", "local-authority", "health", "education", "fire", "national-body")
# Words in a body's name that say its sector (checked in this order).
_SECTOR_WORDS = (
    ("police", r"police|policing|crime commissioner|opcc|heddlu"),
    ("fire", r"fire|tân|tan ac achub"),
    ("health", r"health|nhs|hospital|ambulance|iechyd|bwrdd iechyd"),
    ("education", r"university|college|school|academy|learning trust|prifysgol|coleg"),
    ("local-authority", r"council|borough|county|cyngor"),
)
SIMILAR_PER_OBJECTIVE = 3


@dataclass
class Coverage:
    concept: str
    label: str
    kind: str  # characteristic | aim
    bodies: int
    body_names: list[str]
    items: list[str]
    in_draft: bool


@dataclass
class Similar:
    objective: str
    text: str
    similar: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Comparison:
    sector: str
    sector_label: str
    peers: list[str]
    coverage: list[Coverage]
    similar: list[Similar]
    left_out: list[Coverage]

    def as_dict(self) -> dict[str, Any]:
        return {
            "sector": self.sector, "sector_label": self.sector_label, "peers": self.peers,
            "coverage": [c.__dict__ for c in self.coverage],
            "similar_objectives": [s.__dict__ for s in self.similar],
            "left_out": [c.concept for c in self.left_out],
        }


def guess_sector(name: str) -> str | None:
    """The sector a body's name says (a police force, a council...), or None."""
    folded = name.casefold().replace("-", " ")
    for sector, pattern in _SECTOR_WORDS:
        if re.search(rf"\b(?:{pattern})", folded):
            return sector
    return None


def _draft_sector(plan: Graph, sector: str | None) -> str:
    if sector:
        slug = sector.rsplit("/", 1)[-1]
        if slug not in SECTORS:
            raise InputError(f"unknown sector {sector!r}: use one of {', '.join(SECTORS)}")
        return slug
    names = [str(o) for o in plan.objects(None, EQ.organisation)]
    names += [str(o) for o in plan.objects(None, DCTERMS.title)]
    for name in names:
        found = guess_sector(name.rsplit("/", 1)[-1] if name.startswith("http") else name)
        if found:
            return found
    raise InputError("cannot tell the plan's sector from its body's name: give it "
                     f"(--sector, one of {', '.join(SECTORS)})")


# What compare_plan reads of a draft plan: a validation worker sends just these triples back
# (N-Triples), so the web process can compare the plan with the store it serves.
ESSENTIAL = (RDF.type, DCTERMS.title, EQ.text, EQ.covers, EQ.theme, EQ.organisation,
             EQ.addressesAim)


def essentials(plan: Graph) -> str:
    """The triples of `plan` that compare_plan reads, as N-Triples."""
    out = Graph()
    for predicate in ESSENTIAL:
        for triple in plan.triples((None, predicate, None)):
            out.add(triple)
    return out.serialize(format="nt")


def from_essentials(text: str) -> Graph:
    """The plan graph again from `essentials`' N-Triples."""
    return Graph().parse(data=text, format="nt")


def _label(store: Store, iri: str, lang: str) -> str:
    rows = list(store.query(f"SELECT ?l WHERE {{ <{iri}> skos:prefLabel ?l . "
                            f"FILTER(LANG(?l) = '{lang}') }}"))
    return str(rows[0]["l"]) if rows else iri.rsplit("/", 1)[-1]


def _rollup(store: Store) -> dict[str, str]:
    """Every characteristic concept -> its top concept (one of the nine)."""
    out = {}
    for row in store.query("SELECT ?c ?top WHERE { ?c skos:broader* ?top . ?top skos:inScheme "
                           "<https://w3id.org/eqkg/vocab/characteristic> . "
                           "FILTER NOT EXISTS { ?top skos:broader ?up } }"):
        out[str(row["c"])] = str(row["top"])
    return out


def draft_items(plan: Graph, rollup: dict[str, str]) -> list[Item]:
    """The draft's objectives as similarity items (document "draft")."""
    items = []
    for obj in sorted(set(plan.subjects(RDF.type, EQ.EqualityObjective)), key=str):
        texts = sorted({str(x) for x in plan.objects(obj, DCTERMS.title)}
                       | {str(x) for x in plan.objects(obj, EQ.text)}, key=lambda s: (len(s), s))
        chars = frozenset(rollup.get(str(c), str(c)) for c in plan.objects(obj, EQ.covers))
        themes = frozenset(str(x) for x in plan.objects(obj, EQ.theme))
        items.append(Item(str(obj), "EqualityObjective", "draft", " ".join(texts),
                          frozenset({"draft"}), chars, themes))
    return items


def compare_plan(store: Store, plan: Graph, sector: str | None = None,
                 lang: str = "en") -> Comparison:
    """The comparison of a draft plan (its graph, as read) with its sector's peers."""
    slug = _draft_sector(plan, sector)
    table = saved_queries.run(store, "peer-coverage", {"sector": slug})
    rollup = _rollup(store)
    covered = {rollup.get(str(c), str(c)) for c in plan.objects(None, EQ.covers)}
    covered |= {str(a) for a in plan.objects(None, EQ.addressesAim)}
    coverage = []
    for values in table.rows:
        row = {k: getattr(v, "value", v) for k, v in zip(table.columns, values, strict=True)}
        concept = str(row["concept"])
        coverage.append(Coverage(
            concept, _label(store, concept, lang),
            "characteristic" if "/characteristic/" in concept else "aim",
            int(row["bodies"]), sorted(str(row["bodyNames"]).split("; ")),
            sorted(str(row["items"]).split()), concept in covered))
    peers = sorted({n for c in coverage for n in c.body_names})
    half = len(peers) / 2
    left_out = [c for c in coverage if not c.in_draft and c.bodies > half]
    similar = _similar(store, plan, rollup)
    return Comparison(SECTOR + slug, _label(store, SECTOR + slug, lang), peers, coverage,
                      similar, left_out)


def _similar(store: Store, plan: Graph, rollup: dict[str, str]) -> list[Similar]:
    drafts = draft_items(plan, rollup)
    graph_items = [it for it in read_items(store) if it.kind == "EqualityObjective"]
    if not drafts or not graph_items:
        return [Similar(d.iri, d.text) for d in drafts]
    items = sorted(graph_items + drafts, key=lambda it: it.iri)
    index = Index(items)
    out = []
    for d in drafts:
        row = index.position[d.iri]
        best = index.top([row], k=SIMILAR_PER_OBJECTIVE)[row]
        out.append(Similar(d.iri, d.text, [
            {"iri": index.items[j].iri, "text": index.items[j].text, "score": round(s, 4),
             "organisations": sorted(index.items[j].organisations)}
            for j, s, _ in best]))
    return out


def to_text(cmp: Comparison, lang: str = "en") -> str:
    """The section as plain text (the CLI)."""
    lines = [t("compare.heading", lang), t("compare.sector", lang, sector=cmp.sector_label,
                                            n=len(cmp.peers))]
    for c in cmp.coverage:
        mark = t("compare.yours", lang) if c.in_draft else t("compare.not_yours", lang)
        lines.append(f"  {c.label}: {c.bodies} ({'; '.join(c.body_names)}) [{mark}]")
        lines += [f"    {i}" for i in c.items]
    lines.append(t("compare.similar", lang))
    for s in cmp.similar:
        lines.append(f"  {s.text[:100]}")
        lines += [f"    {x['score']:.4f} {x['iri']}" for x in s.similar]
    lines.append(t("compare.left_out", lang) + " " + (
        ", ".join(c.label for c in cmp.left_out) or t("report.none", lang)))
    return "\n".join(lines)


def to_html(cmp: Comparison, lang: str = "en") -> str:
    """The section as an HTML fragment (validate_compare.html), for the CLI's HTML report."""
    from pathlib import Path

    from jinja2 import Environment, FileSystemLoader, select_autoescape

    folder = Path(__file__).resolve().parents[1] / "web" / "templates"
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html"]))
    return env.get_template("validate_compare.html").render(
        comparison=cmp, t=lambda key, **values: t(key, lang, **values))


__all__ = ["Comparison", "Coverage", "SECTORS", "Similar", "compare_plan", "draft_items",
           "essentials", "from_essentials", "guess_sector", "to_html", "to_text"]
