"""A deterministic synthetic knowledge graph in the shape of the real one, at any scale.

Many public bodies, each with people, strategic equality plans (objectives,
steps), meetings (attendees, actions arising) and the ontology's terms for
coverage, aims, leads, statuses and due dates. Types are written as OWL 2 RL
inference would leave them (a Step is also a Commitment), so queries need no
reasoning. The same seed and size always give the same triples.

    python benchmarks/synthetic.py --triples 1000000 --out /tmp/synthetic.nt
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from eqkg.namespaces import AIM, EQ, PC, SCHEMA, STATUS, data_base

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FOAF_NAME = "http://xmlns.com/foaf/0.1/name"
DCT_TITLE = "http://purl.org/dc/terms/title"
DCT_ISSUED = "http://purl.org/dc/terms/issued"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XSD_INT = "http://www.w3.org/2001/XMLSchema#integer"

CHARACTERISTICS = ("age", "disability", "gender-reassignment", "marriage-and-civil-partnership",
                   "pregnancy-and-maternity", "race", "religion-or-belief", "sex",
                   "sexual-orientation")
AIMS = ("eliminate-discrimination", "advance-equality-of-opportunity", "foster-good-relations")
STATUSES = ("proposed", "accepted", "in-progress", "completed", "deferred", "ongoing")
BODY_KINDS = ("Council", "Police Force", "Health Board", "University", "Fire and Rescue Service",
              "Police and Crime Commissioner", "Partnership Board")
PLACES = ("Aber", "Bryn", "Caer", "Llan", "Pen", "Tre", "Glan", "Cwm", "Pont", "Rhos")
SUFFIXES = ("wen", "mawr", "fach", "goch", "ddu", "wyn", "isaf", "uchaf")
VERBS = ("Improve", "Increase", "Review", "Publish", "Train staff on", "Consult on", "Monitor",
         "Reduce barriers to", "Engage communities on", "Report on")
TOPICS = ("recruitment", "hate crime reporting", "pay gaps", "access to services",
          "workforce diversity", "community cohesion", "complaints handling", "procurement",
          "digital inclusion", "housing support", "mental health support", "school exclusions")
FIRST = ("Alys", "Bethan", "Cai", "Dafydd", "Elin", "Ffion", "Gareth", "Huw", "Iwan", "Jac",
         "Lowri", "Megan", "Nia", "Owain", "Rhys", "Siân", "Tomos", "Wyn")
LAST = ("Davies", "Evans", "Hughes", "Jenkins", "Jones", "Lewis", "Morgan", "Owen", "Price",
        "Roberts", "Thomas", "Williams")

Triple = tuple[str, str, str]  # N-Triples terms


def iri(value: str) -> str:
    return f"<{value}>"


def lit(value: str, lang: str | None = "en") -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{datatype}>'


def vocabulary() -> Iterator[Triple]:
    """The nine characteristics and three aims the data points at."""
    for slug in CHARACTERISTICS:
        yield iri(PC[slug]), iri(RDF_TYPE), iri(EQ.ProtectedCharacteristic)
        yield iri(PC[slug]), iri(SKOS_LABEL), lit(slug.replace("-", " "))
    for slug in AIMS:
        yield iri(AIM[slug]), iri(RDF_TYPE), iri(EQ.GeneralDutyAim)


def body(rng: random.Random, n: int) -> Iterator[Triple]:
    """One public body with its people, plans and meetings (about 1,000 triples on average)."""
    base = data_base()
    kind = rng.choice(BODY_KINDS)
    name = f"{rng.choice(PLACES)}{rng.choice(SUFFIXES)} {kind} {n}"
    org = iri(f"{base}organisation/body-{n}")
    a = iri(RDF_TYPE)
    yield org, a, iri(EQ.Organisation)
    yield org, iri(FOAF_NAME), lit(name)
    people = [iri(f"{base}person/body-{n}-person-{i}") for i in range(rng.randint(6, 14))]
    for i, person in enumerate(people):
        yield person, a, iri(EQ.Person)
        yield person, iri(FOAF_NAME), lit(f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}.{i}",
                                            None)
        yield person, iri(EQ.organisation), org

    def commitment(node: str, kind_iri: str, start: date) -> Iterator[Triple]:
        yield node, a, iri(kind_iri)
        yield node, a, iri(EQ.Commitment)
        yield node, iri(EQ.text), lit(f"{rng.choice(VERBS)} {rng.choice(TOPICS)}")
        yield node, iri(EQ.lead), rng.choice(people)
        yield node, iri(EQ.status), iri(STATUS[rng.choice(STATUSES)])
        yield node, iri(EQ.dueDate), typed(start + timedelta(days=rng.randint(30, 1500)),
                                           XSD_DATE)
        yield node, iri(EQ.organisation), org
        for slug in rng.sample(CHARACTERISTICS, rng.randint(0, 2)):
            yield node, iri(EQ.covers), iri(PC[slug])

    first_year = rng.randint(2012, 2020)
    for p in range(rng.randint(1, 2)):
        year = first_year + 4 * p
        plan_iri = f"{base}plan/body-{n}-sep-{year}"
        plan = iri(plan_iri)
        yield plan, a, iri(EQ.StrategicEqualityPlan)
        yield plan, a, iri(EQ.Document)
        yield plan, iri(DCT_TITLE), lit(f"Strategic Equality Plan {year}-{year + 4}: {name}")
        yield plan, iri(DCT_ISSUED), typed(date(year, 4, 1), XSD_DATE)
        yield plan, iri(EQ.organisation), org
        for o in range(1, rng.randint(4, 8) + 1):
            objective = iri(f"{plan_iri}/objective/{o}")
            yield plan, iri(EQ.hasObjective), objective
            yield objective, a, iri(EQ.EqualityObjective)
            yield objective, iri(EQ.partOf), plan
            yield objective, iri(EQ.number), typed(o, XSD_INT)
            yield objective, iri(DCT_TITLE), lit(f"{rng.choice(VERBS)} {rng.choice(TOPICS)}")
            for slug in rng.sample(CHARACTERISTICS, rng.randint(1, 4)):
                yield objective, iri(EQ.covers), iri(PC[slug])
            yield objective, iri(EQ.addressesAim), iri(AIM[rng.choice(AIMS)])
            for s in range(1, rng.randint(2, 5) + 1):
                step = iri(f"{plan_iri}/objective/{o}/step/{s}")
                yield objective, iri(EQ.hasStep), step
                yield step, iri(EQ.partOf), objective
                yield from commitment(step, EQ.Step, date(year, 4, 1))
    for m in range(rng.randint(4, 10)):
        day = date(2018, 1, 1) + timedelta(days=rng.randint(0, 2500))
        meeting_iri = f"{base}meeting/body-{n}-{day.isoformat()}-{m}"
        meeting = iri(meeting_iri)
        yield meeting, a, iri(EQ.Meeting)
        yield meeting, iri(SCHEMA.startDate), typed(day, XSD_DATE)
        yield meeting, iri(EQ.meetingOf), org
        for person in rng.sample(people, min(len(people), rng.randint(3, 8))):
            yield meeting, iri(EQ.attendee), person
        for k in range(1, rng.randint(1, 6) + 1):
            action = iri(f"{meeting_iri}/action/{k}")
            yield meeting, iri(EQ.hasAction), action
            yield action, iri(EQ.arisingFrom), meeting
            yield action, iri(EQ.number), typed(k, XSD_INT)
            yield from commitment(action, EQ.ActionItem, day)


def generate(triples: int, seed: int = 42) -> Iterator[Triple]:
    """At least `triples` triples (whole bodies are generated, so slightly more)."""
    rng = random.Random(seed)
    count = 0
    for t in vocabulary():
        count += 1
        yield t
    n = 0
    while count < triples:
        n += 1
        for t in body(rng, n):
            count += 1
            yield t


def write_ntriples(path: Path, triples: int, seed: int = 42) -> int:
    """Write the graph as N-Triples; returns the number of triples written."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for s, p, o in generate(triples, seed):
            out.write(f"{s} {p} {o} .\n")
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000, help="target size")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True, help="N-Triples file to write")
    args = parser.parse_args(argv)
    if args.triples <= 0:
        parser.error("--triples must be positive")
    count = write_ntriples(args.out, args.triples, args.seed)
    print(f"wrote {count} triples to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
