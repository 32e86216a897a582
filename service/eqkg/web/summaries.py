"""Readable summaries at the top of resource pages: a plan's objectives with their steps and a
coverage strip; an objective; an organisation's documents, people and meetings; a person's
roles, meetings and the actions they lead; a meeting's attendees, apologies and actions; a
recommendation's status, lead, timeline and progress.

Each summary is a few read-only queries run through the saved-query path
(`saved_queries.execute`) with the resource bound as `?this`; the page keeps the full
statement table below, folded away and paged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from ..i18n import t
from ..namespaces import EQ
from ..publish.describe import collect_labels, display_label
from ..publish.uris import href
from ..store import Store
from .coverage import _adhoc, plain, run
from .tables import part_label

CHARACTERISTIC_ORDER = ("age", "disability", "gender-reassignment",
                        "marriage-and-civil-partnership", "pregnancy-and-maternity", "race",
                        "religion-or-belief", "sex", "sexual-orientation")
PC = "https://w3id.org/eqkg/vocab/characteristic/"
AIM = "https://w3id.org/eqkg/vocab/aim/"
AIM_ORDER = ("eliminate-discrimination", "advance-equality-of-opportunity",
             "foster-good-relations")
KINDS = {  # rdf:type -> summary kind, most specific first
    str(EQ.StrategicEqualityPlan): "plan",
    str(EQ.EqualityObjective): "objective",
    str(EQ.Recommendation): "recommendation",
    str(EQ.Meeting): "meeting",
    str(EQ.Person): "person",
    str(EQ.Organisation): "organisation",
}


@dataclass
class Link:
    iri: str
    text: str
    href: str


@dataclass
class Strip:
    """Which of the nine characteristics and three aims something covers."""

    cells: list[tuple[Link, bool]]

    @property
    def covered(self) -> int:
        return sum(1 for _, on in self.cells if on)


@dataclass
class Summary:
    kind: str
    facts: list[tuple[str, list[Link | str]]] = field(default_factory=list)
    strip: Strip | None = None
    sections: dict[str, Any] = field(default_factory=dict)
    data_lang: str | None = None  # the language the source document is written in


LANGUAGE_QUERY = """
SELECT ?this ?language WHERE {
  { ?this dcterms:language ?language } UNION { ?this eq:source/dcterms:language ?language }
  UNION { ?this eq:recordedIn/dcterms:language ?language }
} LIMIT 1"""


def _rows(store: Store, name: str, sparql: str, iri: str) -> list[dict[str, str]]:
    query = _adhoc(name, sparql)
    table = run(store, query, {"this": URIRef(iri)})
    return [{c: plain(v) for c, v in zip(table.columns, row, strict=True)} for row in table.rows]


class _Labels:
    def __init__(self, store: Store, lang: str) -> None:
        self.store, self.lang = store, lang
        self.cache: dict[str, dict[str, str]] = {}

    def load(self, iris: set[str]) -> None:
        todo = {i for i in iris if i and i not in self.cache}
        self.cache.update(collect_labels(self.store, todo))

    def link(self, iri: str, fallback: str = "") -> Link:
        """A link named by the label, else `fallback`, else the parts its URI names."""
        text = display_label(iri, self.cache, self.lang)
        if iri not in self.cache:
            text = fallback or part_label(iri, self.lang) or text
        return Link(iri, text, href(iri, self.lang))


def summary_kind(types: list[Any]) -> str | None:
    found = {str(t) for t in types}
    return next((kind for iri, kind in KINDS.items() if iri in found), None)


def summarise(store: Store, iri: str, types: list[Any], lang: str) -> Summary | None:
    """The summary of a resource of one of the kinds above, else None."""
    kind = summary_kind(types)
    if kind is None:
        return None
    labels = _Labels(store, lang)
    summary = BUILDERS[kind](store, iri, labels)
    found = _rows(store, "summary-language", LANGUAGE_QUERY, iri)
    summary.data_lang = found[0]["language"] if found else None
    return summary


# -- coverage strips ----------------------------------------------------------------------

STRIP_QUERY = """
SELECT ?this ?item ?concept WHERE {
  { ?this eq:covers ?concept . ?concept a eq:ProtectedCharacteristic }
  UNION { ?this eq:addressesAim ?concept }
  UNION { ?item eq:partOf ?this ; eq:covers ?concept . ?concept a eq:ProtectedCharacteristic }
  UNION { ?item eq:partOf ?this ; eq:addressesAim ?concept }
  UNION { ?item eq:source ?this ; eq:covers ?concept . ?concept a eq:ProtectedCharacteristic }
  UNION { ?item eq:source ?this ; eq:addressesAim ?concept }
}"""


def strip(store: Store, iri: str, labels: _Labels) -> tuple[Strip, dict[str, set[str]]]:
    """The strip of `iri` (itself and its parts) and, for each part, the concepts it covers."""
    by_item: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, "summary-strip", STRIP_QUERY, iri):
        by_item[row["item"] or iri].add(row["concept"])
    concepts = [PC + c for c in CHARACTERISTIC_ORDER] + [AIM + a for a in AIM_ORDER]
    labels.load(set(concepts))
    covered = set().union(*by_item.values()) if by_item else set()
    return Strip([(labels.link(c), c in covered) for c in concepts]), by_item


def _item_strip(concepts: set[str], labels: _Labels) -> Strip:
    order = [PC + c for c in CHARACTERISTIC_ORDER] + [AIM + a for a in AIM_ORDER]
    return Strip([(labels.link(c), c in concepts) for c in order])


# -- plans and objectives -------------------------------------------------------------------

PLAN_QUERY = """
SELECT ?this ?objective ?number ?title ?text ?step ?stepNumber ?stepText ?lead ?timeline WHERE {
  ?this eq:hasObjective ?objective .
  OPTIONAL { ?objective eq:number ?number }
  OPTIONAL { ?objective dcterms:title ?title }
  OPTIONAL { ?objective eq:text ?text }
  OPTIONAL {
    ?objective eq:hasStep ?step .
    OPTIONAL { ?step eq:number ?stepNumber }
    OPTIONAL { ?step eq:text ?stepText }
    OPTIONAL { ?step eq:lead ?lead }
    OPTIONAL { ?step eq:timeline/eq:wording ?timeline }
  }
} ORDER BY ?number ?stepNumber"""

FACTS_QUERY = """
SELECT ?this ?organisation ?start ?end ?known ?document ?date ?status ?lead ?due ?reference
       ?update ?body ?place WHERE {
  { ?this eq:organisation ?organisation } UNION { ?this eq:periodStart ?start }
  UNION { ?this eq:periodEnd ?end } UNION { ?this eq:knownFrom ?known }
  UNION { ?this eq:source ?document } UNION { ?this schema:startDate ?date }
  UNION { ?this eq:status ?status } UNION { ?this eq:lead ?lead }
  UNION { ?this eq:dueDate ?due } UNION { ?this eq:reference ?reference }
  UNION { ?this eq:progressUpdate ?update } UNION { ?this eq:meetingOf ?body }
  UNION { ?this schema:location ?place }
}"""


def _facts(store: Store, iri: str, labels: _Labels) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for row in _rows(store, "summary-facts", FACTS_QUERY, iri):
        for key, value in row.items():
            if key != "this" and value and value not in found[key]:
                found[key].append(value)
    labels.load({v for k in ("organisation", "known", "document", "status", "lead", "body")
                 for v in found.get(k, [])})
    return found


def _fact_list(found: dict[str, list[str]], labels: _Labels, keys: tuple[str, ...]
               ) -> list[tuple[str, list[Link | str]]]:
    out: list[tuple[str, list[Link | str]]] = []
    linked = {"organisation", "known", "document", "status", "lead", "body"}
    for key in keys:
        values = found.get(key)
        if values:
            out.append((key, [labels.link(v) if key in linked else v for v in sorted(values)]))
    return out


def _objectives(store: Store, iri: str, labels: _Labels, by_item: dict[str, set[str]]
                ) -> list[dict[str, Any]]:
    rows = _rows(store, "summary-plan", PLAN_QUERY, iri)
    objectives: dict[str, dict[str, Any]] = {}
    labels.load({r["objective"] for r in rows} | {r["lead"] for r in rows if r["lead"]}
                | {r["step"] for r in rows if r["step"]})
    for row in rows:
        obj = objectives.setdefault(row["objective"], {
            "link": labels.link(row["objective"]), "number": row["number"],
            "title": row["title"], "text": row["text"], "steps": {}})
        if row["step"] and row["step"] not in obj["steps"]:
            obj["steps"][row["step"]] = {
                "link": labels.link(row["step"]), "number": row["stepNumber"],
                "text": row["stepText"], "lead": labels.link(row["lead"]) if row["lead"] else None,
                "timeline": row["timeline"]}
    out = []
    for obj_iri, obj in objectives.items():
        covered = set(by_item.get(obj_iri, set()))
        for step in obj["steps"]:
            covered |= by_item.get(step, set())
        obj["strip"] = _item_strip(covered, labels)
        obj["steps"] = sorted(obj["steps"].values(), key=lambda s: _num(s["number"]))
        out.append(obj)
    return sorted(out, key=lambda o: _num(o["number"]))


def _meeting(labels: _Labels, row: dict[str, str]) -> Link:
    date = row.get("date", "")
    return labels.link(row["meeting"], t("summary.meeting_on", labels.lang, date=date)
                       if date else "")


def _num(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (1_000_000, text)


def plan(store: Store, iri: str, labels: _Labels) -> Summary:
    whole, by_item = strip(store, iri, labels)
    found = _facts(store, iri, labels)
    objectives = _objectives(store, iri, labels, by_item)
    return Summary("plan", _fact_list(found, labels, ("organisation", "start", "end", "known")),
                   whole, {"objectives": objectives,
                           "steps": sum(len(o["steps"]) for o in objectives)})


OBJECTIVE_QUERY = """
SELECT ?this ?plan ?title ?text WHERE {
  OPTIONAL { ?this eq:objectiveOf ?plan }
  OPTIONAL { ?this dcterms:title ?title }
  OPTIONAL { ?this eq:text ?text }
}"""


def objective(store: Store, iri: str, labels: _Labels) -> Summary:
    whole, by_item = strip(store, iri, labels)
    row = (_rows(store, "summary-objective", OBJECTIVE_QUERY, iri) or [{}])[0]
    steps = []
    plan_iri = row.get("plan", "")
    if plan_iri:
        steps = next((o["steps"] for o in _objectives(store, plan_iri, labels, by_item)
                      if o["link"].iri == iri), [])
        labels.load({plan_iri})
    facts: list[tuple[str, list[Link | str]]] = []
    if plan_iri:
        facts.append(("plan", [labels.link(plan_iri)]))
    found = _facts(store, iri, labels)
    facts += _fact_list(found, labels, ("organisation",))
    return Summary("objective", facts, whole, {"steps": steps, "text": row.get("text", "")})


# -- organisations and people ----------------------------------------------------------------

ORGANISATION_QUERY = """
SELECT ?this ?document ?type ?person ?role ?meeting ?date WHERE {
  { ?document eq:organisation ?this ; a eq:Document . OPTIONAL { ?document eq:documentType ?type } }
  UNION { ?m org:organization ?this ; org:member ?person . OPTIONAL { ?m eq:roleWording ?role } }
  UNION { ?meeting eq:meetingOf ?this . OPTIONAL { ?meeting schema:startDate ?date } }
}"""


def organisation(store: Store, iri: str, labels: _Labels) -> Summary:
    rows = _rows(store, "summary-organisation", ORGANISATION_QUERY, iri)
    labels.load({r[k] for r in rows for k in ("document", "type", "person", "meeting") if r[k]})
    documents = {r["document"]: (labels.link(r["document"]),
                                 labels.link(r["type"]).text if r["type"] else "")
                 for r in rows if r["document"]}
    people: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["person"]:
            entry = people.setdefault(r["person"], {"link": labels.link(r["person"]),
                                                    "roles": []})
            if r["role"] and r["role"] not in entry["roles"]:
                entry["roles"].append(r["role"])
    meetings = {r["meeting"]: {"link": _meeting(labels, r), "date": r["date"]}
                for r in rows if r["meeting"]}
    return Summary("organisation", [], None, {
        "documents": sorted(documents.values(), key=lambda d: d[0].text.lower()),
        "people": sorted(people.values(), key=lambda p: p["link"].text.lower()),
        "meetings": sorted(meetings.values(), key=lambda m: m["date"])})


PERSON_QUERY = """
SELECT ?this ?organisation ?role ?meeting ?date ?took ?action ?text ?status ?due WHERE {
  { ?m org:member ?this ; org:organization ?organisation . OPTIONAL { ?m eq:roleWording ?role } }
  UNION { ?p eq:person ?this ; schema:roleName ?took . ?meeting eq:participation ?p .
          OPTIONAL { ?meeting schema:startDate ?date } }
  UNION { ?action eq:lead ?this . OPTIONAL { ?action eq:text ?text }
          OPTIONAL { ?action eq:status ?status } OPTIONAL { ?action eq:dueDate ?due } }
}"""


def person(store: Store, iri: str, labels: _Labels) -> Summary:
    rows = _rows(store, "summary-person", PERSON_QUERY, iri)
    labels.load({r[k] for r in rows for k in ("organisation", "meeting", "action", "status")
                 if r[k]})
    roles: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["organisation"]:
            entry = roles.setdefault(r["organisation"], {"link": labels.link(r["organisation"]),
                                                         "roles": []})
            if r["role"] and r["role"] not in entry["roles"]:
                entry["roles"].append(r["role"])
    meetings: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["meeting"]:
            entry = meetings.setdefault(r["meeting"], {"link": _meeting(labels, r),
                                                       "date": r["date"], "as": set()})
            entry["as"].add(r["took"])
    actions: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["action"]:
            entry = actions.setdefault(r["action"], {
                "link": labels.link(r["action"]), "text": r["text"], "due": r["due"],
                "status": []})
            if r["status"] and labels.link(r["status"]) not in entry["status"]:
                entry["status"].append(labels.link(r["status"]))
    return Summary("person", [], None, {
        "roles": sorted(roles.values(), key=lambda x: x["link"].text.lower()),
        "meetings": sorted(({**m, "as": sorted(m["as"])} for m in meetings.values()),
                           key=lambda m: m["date"]),
        "actions": sorted(actions.values(), key=lambda a: (a["due"] == "", a["due"],
                                                            a["link"].text))})


# -- meetings and recommendations -------------------------------------------------------------

MEETING_QUERY = """
SELECT ?this ?person ?took ?role ?organisation ?action ?number ?text ?lead ?status ?update
WHERE {
  { ?this eq:participation ?p . ?p eq:person ?person ; schema:roleName ?took .
    OPTIONAL { ?p eq:roleWording ?role } OPTIONAL { ?p eq:organisation ?organisation } }
  UNION { ?this eq:hasAction ?action .
          OPTIONAL { ?action eq:number ?number } OPTIONAL { ?action eq:text ?text }
          OPTIONAL { ?action eq:lead ?lead } OPTIONAL { ?action eq:status ?status }
          OPTIONAL { ?action eq:progressUpdate ?update } }
  UNION { ?this eq:chair ?person BIND("chair" AS ?took) }
}"""


def meeting(store: Store, iri: str, labels: _Labels) -> Summary:
    rows = _rows(store, "summary-meeting", MEETING_QUERY, iri)
    labels.load({r[k] for r in rows for k in ("person", "organisation", "action", "lead",
                                               "status") if r[k]})
    found = _facts(store, iri, labels)
    groups: dict[str, dict[str, dict[str, Any]]] = {"chair": {}, "attendee": {}, "apology": {}}
    for r in rows:
        if r["person"] and r["took"] in groups:
            entry = groups[r["took"]].setdefault(r["person"], {
                "link": labels.link(r["person"]), "role": r["role"],
                "organisation": labels.link(r["organisation"]) if r["organisation"] else None})
            entry["role"] = entry["role"] or r["role"]
    actions: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["action"]:
            entry = actions.setdefault(r["action"], {
                "link": labels.link(r["action"]), "number": r["number"], "text": r["text"],
                "lead": [], "status": [], "progress": r["update"]})
            for key in ("lead", "status"):
                if r[key] and all(x.iri != r[key] for x in entry[key]):
                    entry[key].append(labels.link(r[key]))
    ordered = {k: sorted(v.values(), key=lambda p: p["link"].text.lower())
               for k, v in groups.items()}
    return Summary("meeting", _fact_list(found, labels, ("date", "body", "place", "document")),
                   None, {**ordered, "actions": sorted(actions.values(),
                                                       key=lambda a: _num(a["number"] or a["link"].iri.rsplit("/", 1)[-1]))})


RECOMMENDATION_QUERY = """
SELECT ?this ?commitment ?text ?indicator ?indicatorText WHERE {
  { ?this eq:hasCommitment ?commitment . OPTIONAL { ?commitment eq:text ?text } }
  UNION { ?this eq:hasIndicator ?indicator . OPTIONAL { ?indicator eq:text ?indicatorText } }
}"""


def recommendation(store: Store, iri: str, labels: _Labels) -> Summary:
    whole, _ = strip(store, iri, labels)
    found = _facts(store, iri, labels)
    rows = _rows(store, "summary-recommendation", RECOMMENDATION_QUERY, iri)
    labels.load({r["commitment"] for r in rows if r["commitment"]})
    commitments = {r["commitment"]: {"link": labels.link(r["commitment"]), "text": r["text"]}
                   for r in rows if r["commitment"]}
    indicators = sorted({r["indicatorText"] for r in rows if r["indicatorText"]})
    return Summary("recommendation", _fact_list(found, labels, (
        "reference", "status", "lead", "due", "document")), whole, {
        "updates": found.get("update", []), "commitments": list(commitments.values()),
        "indicators": indicators})


BUILDERS = {"plan": plan, "objective": objective, "organisation": organisation,
            "person": person, "meeting": meeting, "recommendation": recommendation}
