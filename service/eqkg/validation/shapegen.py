"""Generate shapes/plan.ttl, the plan-completeness shapes, from the vocabularies.

Why generate: the nine characteristics, the three aims, which aims each
characteristic is relevant to (eq:relevantAim, s.149(7)) and the date the
socio-economic duty came into force all live in ontology/vocab/. Writing one
shape per characteristic by hand would copy those facts; generating them
keeps the shapes and the vocabularies in step and gives every finding a
message that names its characteristic in English and Welsh.

Run `python -m eqkg.validation.shapegen` to rewrite shapes/plan.ttl
(`--check` exits 1 when the committed file is out of date).
The output is plain SHACL + SHACL-SPARQL and works with any SHACL engine,
given the vocabularies alongside the data (skos:broader roll-up).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from .. import config
from ..errors import InputError
from ..namespaces import AIM, DUTY, EQ, PC

SHAPES_NS = "https://w3id.org/eqkg/shapes/plan#"
SED_FALLBACK = "2021-03-31"

SEVERITY_DOC = {
    "Violation": "a gap the Welsh specific duties (SI 2011/1064) or s.149 make a plan unfit to publish",
    "Warning": "recommended good practice, or something a draft may still be missing",
    "Info": "for information: coverage per objective, reasons given, uncertain ticks",
}


@dataclass(frozen=True)
class Concept:
    iri: URIRef
    slug: str
    en: str
    cy: str
    notation: str = ""

    @property
    def qname(self) -> str:
        prefix = "pc" if str(self.iri).startswith(str(PC)) else "aim"
        return f"{prefix}:{self.slug}"

    @property
    def title_en(self) -> str:
        return self.en[:1].upper() + self.en[1:]

    @property
    def title_cy(self) -> str:
        return self.cy[:1].upper() + self.cy[1:]


def _label(graph: Graph, iri: URIRef, lang: str) -> str:
    for label in graph.objects(iri, SKOS.prefLabel):
        if getattr(label, "language", None) == lang:
            return str(label)
    raise InputError(f"the vocabulary gives <{iri}> no skos:prefLabel in {lang!r}")


def load_vocab(vocab_dir: Path | None = None) -> Graph:
    """The characteristic, aim and duty schemes as one graph."""
    folder = vocab_dir or config.asset_dir("ontology") / "vocab"
    graph = Graph()
    for name in ("characteristic", "aim", "duty"):
        path = folder / f"{name}.ttl"
        if not path.is_file():
            raise InputError(f"cannot generate the plan shapes: {path} is missing")
        graph.parse(path, format="turtle")
    return graph


def concepts(graph: Graph, rdf_type: URIRef, ns: str) -> list[Concept]:
    """The concepts of a class, in the order of their skos:notation then slug."""
    found = []
    for iri in graph.subjects(RDF.type, rdf_type):
        if not isinstance(iri, URIRef) or not str(iri).startswith(ns):
            continue
        notation = str(graph.value(iri, SKOS.notation) or "")
        found.append(Concept(iri, str(iri)[len(ns):], _label(graph, iri, "en"),
                             _label(graph, iri, "cy"), notation))
    return sorted(found, key=lambda c: (_notation_key(c.notation), c.slug))


def _notation_key(notation: str) -> tuple[int, str]:
    digits = "".join(ch for ch in notation.split("-")[0] if ch.isdigit())
    return (int(digits) if digits else 0, notation)


def relevant_aims(graph: Graph, chars: list[Concept], aims: list[Concept]) -> dict[URIRef, list[Concept]]:
    """The aims each characteristic counts for (eq:relevantAim; all three where unstated)."""
    out = {}
    for char in chars:
        stated = set(graph.objects(char.iri, EQ.relevantAim))
        out[char.iri] = [a for a in aims if not stated or a.iri in stated]
    return out


def _lit(text: str, lang: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + f'"@{lang}'


def _shape(name: str, lines: list[str]) -> str:
    return f"eqsh:{name}\n    " + " ;\n    ".join(lines) + " .\n"


def _head(target: str, severity: str, label_en: str, label_cy: str, subject: str | None,
          msg_en: str, msg_cy: str, kind: str = "sh:NodeShape") -> list[str]:
    lines = [f"a {kind}", target, f"sh:severity sh:{severity}",
             f"rdfs:label {_lit(label_en, 'en')} , {_lit(label_cy, 'cy')}"]
    if subject:
        lines.append(f"dcterms:subject {subject}")
    lines.append(f"sh:message {_lit(msg_en, 'en')} ,\n        {_lit(msg_cy, 'cy')}")
    return lines


def _sparql(select: str) -> str:
    body = "\n".join("            " + line if line else "" for line in select.strip().splitlines())
    return ('sh:sparql [\n        a sh:SPARQLConstraint ;\n        sh:prefixes eqsh: ;\n'
            f'        sh:select """\n{body}\n        """\n    ]')


PLAN = "sh:targetClass eq:StrategicEqualityPlan"
# "An objective of the plan or a step of one": written as an alternative, not as
# eq:hasObjective/eq:hasStep? (the same paths), because engines evaluate a zero-or-one
# path inside FILTER (NOT) EXISTS by enumerating every node of the graph for each
# solution: with `?` the plan shapes took time quadratic in the plan (pyoxigraph: 0.3 s
# per constraint at 800 objectives against 0.002 s as an alternative; rdflib likewise).
OBJECTIVE_OR_STEP = "(eq:hasObjective|eq:hasObjective/eq:hasStep)"


def covered_by(concept: str, node: str = "?node", extra: str = "") -> str:
    """A pattern: some objective of the plan, or a step of one, `node`, covers `concept` or a
    narrower term of it (and matches `extra`).

    Written from the concept outwards (its narrower terms, the nodes covering them, then a
    nested EXISTS that the node belongs to $this) so that each step has one end bound: engines
    evaluate `$this (...)/eq:covers ?c . FILTER EXISTS { ?c skos:broader* pc:x }` by walking
    every covered concept of the plan and a closure for each, which at 3,200 objectives took
    1.1 s per constraint for a characteristic that nothing covers (pyoxigraph); this form
    takes 3 ms, and stops at the first covering node when there is one. `extra` is a filter
    on the node, nested too: as a triple pattern, engines start from it (e.g. every node that
    addresses aim (a)) whatever the concept. Same answers."""
    return (f"?covered skos:broader* {concept} . {node} eq:covers ?covered .{extra} "
            f"FILTER EXISTS {{ $this {OBJECTIVE_OR_STEP} {node} }}")


OBJECTIVE = "sh:targetClass eq:EqualityObjective"
STEP = "sh:targetClass eq:Step"


def characteristic_shapes(char: Concept) -> list[str]:
    """Plan-level coverage of one characteristic, its stated reason, and per-objective coverage."""
    covered = covered_by(char.qname)
    reason = f"$this eq:gapReason/eq:gapCharacteristic {char.qname} ."
    gap = _head(
        PLAN, "Violation", f"{char.title_en}: covered or reasons given",
        f"{char.title_cy}: ymdrinnir â'r nodwedd neu rhoddir rhesymau", char.qname,
        f"{char.title_en}: no objective or step of the plan covers this protected characteristic, "
        "and the plan gives no reason for leaving it out (SI 2011/1064 reg. 3(3) requires the "
        "reasons to be published).",
        f"{char.title_cy}: nid oes unrhyw amcan na cham yn y cynllun yn ymdrin â'r nodwedd "
        "warchodedig hon, ac nid yw'r cynllun yn rhoi rheswm dros ei hepgor (mae OS 2011/1064 "
        "rhl. 3(3) yn ei gwneud yn ofynnol cyhoeddi'r rhesymau).")
    gap.append(_sparql(f"""
SELECT $this ?value WHERE {{
    BIND ({char.qname} AS ?value)
    FILTER NOT EXISTS {{ {covered} }}
    FILTER NOT EXISTS {{ {reason} }}
}}"""))
    given = _head(
        PLAN, "Info", f"{char.title_en}: reasons given for no objective",
        f"{char.title_cy}: rhoddir rhesymau dros beidio â chael amcan", char.qname,
        f"{char.title_en}: no objective or step covers this characteristic; the plan gives its "
        "reasons for leaving it out.",
        f"{char.title_cy}: nid oes unrhyw amcan na cham yn ymdrin â'r nodwedd hon; mae'r cynllun "
        "yn rhoi ei resymau dros ei hepgor.")
    given.append(_sparql(f"""
SELECT $this ?value WHERE {{
    BIND ({char.qname} AS ?value)
    {reason}
    FILTER NOT EXISTS {{ {covered} }}
}}"""))
    per_objective = _head(
        OBJECTIVE, "Info", f"{char.title_en}: covered by this objective",
        f"{char.title_cy}: yr amcan hwn yn ymdrin â'r nodwedd", char.qname,
        f"{char.title_en}: neither this objective nor any of its steps covers this characteristic.",
        f"{char.title_cy}: nid yw'r amcan hwn nac unrhyw un o'i gamau yn ymdrin â'r nodwedd hon.",
        kind="sh:PropertyShape")
    per_objective += ["sh:path ( [ sh:alternativePath ( eq:covers ( eq:hasStep eq:covers ) ) ]"
                      " [ sh:zeroOrMorePath skos:broader ] )", f"sh:hasValue {char.qname}"]
    return [_shape(f"plan-covers-{char.slug}", gap),
            _shape(f"plan-gap-reason-{char.slug}", given),
            _shape(f"objective-covers-{char.slug}", per_objective)]


def aim_shapes(aim: Concept, irrelevant: list[Concept], relevant: list[Concept]) -> list[str]:
    """Plan-level and per-objective addressing of one general-duty aim (s.149(7) aware)."""
    if irrelevant:
        names = ", ".join(c.qname for c in relevant)
        counted = (f"\n        FILTER (NOT EXISTS {{ ?node eq:covers ?anything }}"
                   f"\n                || EXISTS {{ ?node eq:covers ?covered ."
                   f" FILTER EXISTS {{ ?covered skos:broader* ?c . FILTER (?c IN ({names})) }} }})")
        note_en = (" Objectives or steps whose only characteristics are "
                   + " and ".join(c.en for c in irrelevant)
                   + " do not count for this aim (Equality Act 2010 s.149(7)).")
        note_cy = (" Nid yw amcanion na chamau sy'n ymdrin â'r nodwedd "
                   + " a ".join(f"'{c.cy}'" for c in irrelevant)
                   + " yn unig yn cyfrif ar gyfer y nod hwn (Deddf Cydraddoldeb 2010 a.149(7)).")
    else:
        counted, note_en, note_cy = "", "", ""
    plan = _head(
        PLAN, "Violation", f"Aim ({aim.notation}) {aim.en}: addressed",
        f"Nod ({aim.notation}) {aim.cy}: rhoddir sylw iddo", aim.qname,
        f"General-duty aim ({aim.notation}) '{aim.en}': no objective or step of the plan "
        f"addresses it.{note_en}",
        f"Nod ({aim.notation}) y ddyletswydd gyffredinol, '{aim.cy}': nid oes unrhyw amcan na cham "
        f"yn y cynllun yn mynd i'r afael ag ef.{note_cy}")
    plan.append(_sparql(f"""
SELECT $this ?value WHERE {{
    BIND ({aim.qname} AS ?value)
    FILTER NOT EXISTS {{
        ?node eq:addressesAim {aim.qname} .
        FILTER EXISTS {{ $this {OBJECTIVE_OR_STEP} ?node }}{counted}
    }}
}}"""))
    per_objective = _head(
        OBJECTIVE, "Info", f"Aim ({aim.notation}) {aim.en}: addressed by this objective",
        f"Nod ({aim.notation}) {aim.cy}: yr amcan hwn yn mynd i'r afael ag ef", aim.qname,
        f"General-duty aim ({aim.notation}) '{aim.en}': neither this objective nor any of its "
        "steps addresses it.",
        f"Nod ({aim.notation}) y ddyletswydd gyffredinol, '{aim.cy}': nid yw'r amcan hwn nac "
        "unrhyw un o'i gamau yn mynd i'r afael ag ef.", kind="sh:PropertyShape")
    per_objective += ["sh:path [ sh:alternativePath ( eq:addressesAim ( eq:hasStep eq:addressesAim ) ) ]",
                      f"sh:hasValue {aim.qname}"]
    return [_shape(f"plan-addresses-{aim.slug}", plan),
            _shape(f"objective-addresses-{aim.slug}", per_objective)]


def pair_shape(char: Concept, aim: Concept) -> str:
    """A covered characteristic whose coverage never meets an aim it is relevant to."""
    lines = _head(
        PLAN, "Info", f"{char.title_en} with aim ({aim.notation})",
        f"{char.title_cy} gyda nod ({aim.notation})", char.qname,
        f"{char.title_en}: the plan covers this characteristic, but no objective or step that "
        f"covers it addresses aim ({aim.notation}) '{aim.en}'.",
        f"{char.title_cy}: mae'r cynllun yn ymdrin â'r nodwedd hon, ond nid oes unrhyw amcan na "
        f"cham sy'n ymdrin â hi yn mynd i'r afael â nod ({aim.notation}) '{aim.cy}'.")
    lines.append(_sparql(f"""
SELECT $this ?value WHERE {{
    BIND ({aim.qname} AS ?value)
    FILTER EXISTS {{ {covered_by(char.qname)} }}
    FILTER NOT EXISTS {{ {covered_by(char.qname, extra=f" FILTER EXISTS {{ ?node eq:addressesAim {aim.qname} }}")} }}
}}"""))
    return _shape(f"plan-{char.slug}-with-{aim.slug}", lines)


def property_shape(path: str, extra: str, severity: str, en: str, cy: str) -> str:
    return (f"sh:property [\n        sh:path {path} ;\n        {extra} ;\n"
            f"        sh:severity sh:{severity} ;\n"
            f"        sh:message {_lit(en, 'en')} ,\n            {_lit(cy, 'cy')}\n    ]")


def structure_shapes(sed_date: str) -> list[str]:
    """Plan metadata, objective and step completeness: fixed, not per concept."""
    out = []
    plan = ["a sh:NodeShape", PLAN,
            "rdfs:label \"Plan: organisation, objectives, period, dates\"@en , "
            "\"Cynllun: sefydliad, amcanion, cyfnod, dyddiadau\"@cy"]
    date_or_literal = "sh:datatype xsd:date"
    plan += [
        property_shape("eq:organisation", "sh:minCount 1", "Violation",
                       "The plan does not name the organisation or organisations it belongs to.",
                       "Nid yw'r cynllun yn enwi'r sefydliad neu'r sefydliadau sy'n gyfrifol amdano."),
        property_shape("eq:hasObjective", "sh:minCount 1", "Violation",
                       "The plan sets out no equality objectives (SI 2011/1064 reg. 3(1)).",
                       "Nid yw'r cynllun yn nodi unrhyw amcanion cydraddoldeb (OS 2011/1064 rhl. 3(1))."),
        property_shape("eq:periodStart", "sh:minCount 1", "Warning",
                       "The plan does not say when its period starts.",
                       "Nid yw'r cynllun yn dweud pryd y mae ei gyfnod yn dechrau."),
        property_shape("eq:periodEnd", "sh:minCount 1", "Warning",
                       "The plan does not say when its period ends.",
                       "Nid yw'r cynllun yn dweud pryd y mae ei gyfnod yn dod i ben."),
        property_shape("dcterms:issued", "sh:minCount 1", "Warning",
                       "The plan has no publication date; add it when you publish.",
                       "Nid oes dyddiad cyhoeddi gan y cynllun; ychwanegwch ef pan fyddwch yn ei gyhoeddi."),
        property_shape("eq:reviewDate", "sh:minCount 1", "Warning",
                       "The plan gives no review date; equality objectives must be reviewed at least "
                       "every four years (SI 2011/1064).",
                       "Nid yw'r cynllun yn rhoi dyddiad adolygu; rhaid adolygu amcanion cydraddoldeb "
                       "o leiaf bob pedair blynedd (OS 2011/1064)."),
    ]
    for prop in ("eq:periodStart", "eq:periodEnd", "dcterms:issued", "eq:reviewDate"):
        plan.append(property_shape(
            prop, date_or_literal, "Warning",
            "This date should be a calendar date (YYYY-MM-DD) so that it can be checked.",
            "Dylai'r dyddiad hwn fod yn ddyddiad calendr (BBBB-MM-DD) fel y gellir ei wirio."))
    plan.append(property_shape(
        "eq:periodStart", "sh:lessThanOrEquals eq:periodEnd", "Violation",
        "The plan's period ends before it starts.",
        "Mae cyfnod y cynllun yn dod i ben cyn iddo ddechrau."))
    out.append(_shape("plan-metadata", plan))

    late = _head(
        PLAN, "Violation", "Review within four years", "Adolygu o fewn pedair blynedd", None,
        "The review date is more than four years after the plan's publication (or, before "
        "publication, after the start of its period); equality objectives must be reviewed at "
        "least every four years (SI 2011/1064).",
        "Mae'r dyddiad adolygu fwy na phedair blynedd ar ôl cyhoeddi'r cynllun (neu, cyn ei "
        "gyhoeddi, ar ôl dechrau ei gyfnod); rhaid adolygu amcanion cydraddoldeb o leiaf bob "
        "pedair blynedd (OS 2011/1064).")
    late.append(_sparql("""
SELECT $this ?value WHERE {
    $this eq:reviewDate ?value .
    OPTIONAL { $this dcterms:issued ?issued }
    OPTIONAL { $this eq:periodStart ?start }
    BIND (COALESCE(?issued, ?start) AS ?from)
    FILTER (datatype(?value) = xsd:date && datatype(?from) = xsd:date)
    FILTER (YEAR(?value) > YEAR(?from) + 4
            || (YEAR(?value) = YEAR(?from) + 4
                && (MONTH(?value) > MONTH(?from)
                    || (MONTH(?value) = MONTH(?from) && DAY(?value) > DAY(?from)))))
}"""))
    out.append(_shape("plan-review-within-four-years", late))

    sed = _head(
        PLAN, "Info", "Socio-economic duty", "Y ddyletswydd economaidd-gymdeithasol", "duty:socio-economic-duty",
        f"The plan is published (or starts) on or after {sed_date}, when the socio-economic duty "
        "came into force in Wales, but does not say that it addresses that duty. If your body is "
        "subject to the duty, say how the plan addresses it.",
        f"Mae'r cynllun wedi'i gyhoeddi (neu'n dechrau) ar neu ar ôl {sed_date}, pan ddaeth y "
        "ddyletswydd economaidd-gymdeithasol i rym yng Nghymru, ond nid yw'n dweud ei fod yn mynd "
        "i'r afael â'r ddyletswydd honno. Os yw'r ddyletswydd yn berthnasol i'ch corff, dywedwch "
        "sut y mae'r cynllun yn mynd i'r afael â hi.")
    sed.append(_sparql(f"""
SELECT $this ?value WHERE {{
    OPTIONAL {{ $this dcterms:issued ?issued }}
    OPTIONAL {{ $this eq:periodStart ?start }}
    BIND (COALESCE(?issued, ?start) AS ?value)
    FILTER (datatype(?value) = xsd:date && ?value >= "{sed_date}"^^xsd:date)
    FILTER NOT EXISTS {{ $this (eq:addressesDuty|eq:hasObjective/eq:addressesDuty|eq:hasStep/eq:addressesDuty
                               |eq:hasObjective/eq:hasStep/eq:addressesDuty) duty:socio-economic-duty }}
}}"""))
    out.append(_shape("plan-socio-economic-duty", sed))

    statement = "[ sh:alternativePath ( eq:text dcterms:title ) ]"
    objective = [
        "a sh:NodeShape", OBJECTIVE,
        "rdfs:label \"Objective: statement, steps, timescale, owner, measure\"@en , "
        "\"Amcan: datganiad, camau, amserlen, perchennog, mesur\"@cy",
        property_shape(statement, "sh:minCount 1", "Violation",
                       "This objective has no statement: give its wording or a title.",
                       "Nid oes datganiad gan yr amcan hwn: rhowch ei eiriad neu deitl."),
        property_shape("eq:hasStep", "sh:minCount 1", "Violation",
                       "This objective has no steps; the plan must set out the steps taken or "
                       "intended to fulfil each objective (SI 2011/1064 reg. 3(2)).",
                       "Nid oes camau gan yr amcan hwn; rhaid i'r cynllun nodi'r camau a gymerwyd "
                       "neu a fwriedir i gyflawni pob amcan (OS 2011/1064 rhl. 3(2))."),
        property_shape("[ sh:alternativePath ( eq:timeline ( eq:hasStep eq:timeline )"
                       " ( eq:hasStep eq:hasGoal eq:phase ) ) ]",
                       "sh:minCount 1", "Violation",
                       "Neither this objective nor any of its steps has a timescale; the plan must "
                       "say how long each objective is expected to take (SI 2011/1064 reg. 3(2)).",
                       "Nid oes amserlen gan yr amcan hwn nac unrhyw un o'i gamau; rhaid i'r "
                       "cynllun ddweud pa mor hir y disgwylir i bob amcan ei gymryd (OS 2011/1064 "
                       "rhl. 3(2))."),
        property_shape("[ sh:alternativePath ( eq:lead ( eq:hasStep eq:lead ) ( [ sh:inversePath "
                       "eq:hasObjective ] eq:lead ) ) ]", "sh:minCount 1", "Warning",
                       "No owner (lead) is named for this objective, its steps or its plan.",
                       "Nid oes perchennog (arweinydd) wedi'i enwi ar gyfer yr amcan hwn, ei gamau "
                       "na'i gynllun."),
        property_shape("[ sh:alternativePath ( eq:measuredBy ( eq:hasStep eq:measuredBy ) ) ]",
                       "sh:minCount 1", "Warning",
                       "No measure of progress is given for this objective or its steps.",
                       "Nid oes mesur cynnydd wedi'i roi ar gyfer yr amcan hwn na'i gamau."),
    ]
    out.append(_shape("objective-completeness", objective))

    uncertain = _head(
        OBJECTIVE, "Info", "Uncertain ticks", "Ticiau ansicr", None,
        "The source does not show with certainty whether this objective or one of its steps "
        "covers the characteristic given as the value (for example a table row with fewer cells "
        "than its header); check the plan's table.",
        "Nid yw'r ffynhonnell yn dangos yn sicr a yw'r amcan hwn neu un o'i gamau yn ymdrin â'r "
        "nodwedd a roddir fel y gwerth (er enghraifft rhes tabl gyda llai o gelloedd na'i "
        "phennawd); gwiriwch dabl y cynllun.")
    uncertain.append(_sparql("""
SELECT DISTINCT $this ?value WHERE {
    $this (eq:uncertainCharacteristic|eq:hasStep/eq:uncertainCharacteristic) ?value .
    FILTER NOT EXISTS { $this (eq:covers|eq:hasStep/eq:covers)/skos:broader* ?value }
}"""))
    out.append(_shape("objective-uncertain-ticks", uncertain))

    step = [
        "a sh:NodeShape", STEP,
        "rdfs:label \"Step: wording and timeline\"@en , \"Cam: geiriad ac amserlen\"@cy",
        property_shape(statement, "sh:minCount 1", "Violation",
                       "This step has no wording.", "Nid oes geiriad gan y cam hwn."),
        property_shape("[ sh:alternativePath ( eq:timeline ( eq:hasGoal eq:phase ) ) ]",
                       "sh:minCount 1", "Warning",
                       "This step has no timeline (neither a timeline nor phased goals).",
                       "Nid oes amserlen gan y cam hwn (dim amserlen na nodau fesul cyfnod)."),
    ]
    out.append(_shape("step-completeness", step))
    return out


HEADER = """\
# Plan completeness shapes: is a strategic equality plan fit to publish?
#
# GENERATED by `python -m eqkg.validation.shapegen` from ontology/vocab/
# (characteristic, aim, duty). Do not edit by hand: change the generator or
# the vocabularies and regenerate; tests/test_validate_shapes.py checks that
# this file is what the generator writes.
#
# Validate with the ontology and vocabularies alongside the data (pySHACL
# ont_graph, or concatenated for other engines): coverage rolls up narrower
# characteristic terms through skos:broader. See docs/validation.md for the
# severity of each shape and why.
# Severities: Violation = {violation}.
#             Warning = {warning}.
#             Info = {info}.
# Welsh messages: eq:cyReview "needs-review" (not yet checked by a fluent speaker).
"""

PREFIXES = """\
@prefix sh:      <http://www.w3.org/ns/shacl#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eq:      <https://w3id.org/eqkg/ontology#> .
@prefix pc:      <https://w3id.org/eqkg/vocab/characteristic/> .
@prefix aim:     <https://w3id.org/eqkg/vocab/aim/> .
@prefix duty:    <https://w3id.org/eqkg/vocab/duty/> .
@prefix eqsh:    <https://w3id.org/eqkg/shapes/plan#> .
"""

DECLARE = ("sh:declare", [
    ("eq", "https://w3id.org/eqkg/ontology#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("pc", "https://w3id.org/eqkg/vocab/characteristic/"),
    ("aim", "https://w3id.org/eqkg/vocab/aim/"),
    ("duty", "https://w3id.org/eqkg/vocab/duty/"),
])


def generate(vocab_dir: Path | None = None) -> str:
    """The text of shapes/plan.ttl for the vocabularies in `vocab_dir`."""
    graph = load_vocab(vocab_dir)
    chars = concepts(graph, EQ.ProtectedCharacteristic, str(PC))
    aims = concepts(graph, EQ.GeneralDutyAim, str(AIM))
    if len(chars) != 9 or len(aims) != 3:
        raise InputError(f"expected 9 protected characteristics and 3 aims in the vocabularies, "
                         f"found {len(chars)} and {len(aims)}")
    sed = graph.value(DUTY["socio-economic-duty"], EQ.inForceFrom)
    sed_date = str(sed) if sed is not None else SED_FALLBACK
    relevant = relevant_aims(graph, chars, aims)

    parts = [HEADER.format(**{k.lower(): v for k, v in SEVERITY_DOC.items()}), PREFIXES]
    declares = " ,\n    ".join(
        f'[ sh:prefix "{p}" ; sh:namespace "{ns}"^^xsd:anyURI ]' for p, ns in DECLARE[1])
    parts.append("eqsh:\n    a owl:Ontology ;\n"
                 '    rdfs:label "eqkg plan completeness shapes"@en , '
                 '"siapiau cyflawnrwydd cynllun eqkg"@cy ;\n'
                 '    eq:cyReview "needs-review" ;\n'
                 f"    sh:declare {declares} .\n")
    parts.append("# ---------------------------------------------------------------- characteristics\n")
    for char in chars:
        parts += characteristic_shapes(char)
    parts.append("# ---------------------------------------------------------------- general-duty aims\n")
    for aim in aims:
        counted = [c for c in chars if aim in relevant[c.iri]]
        parts += aim_shapes(aim, [c for c in chars if c not in counted], counted)
    parts.append("# ------------------------------------- each covered characteristic with its relevant aims\n"
                 "# (marriage and civil partnership: aim (a) only, s.149(7), from eq:relevantAim)\n")
    for char in chars:
        parts += [pair_shape(char, aim) for aim in relevant[char.iri]]
    parts.append("# ---------------------------------------------------------------- structure and dates\n")
    parts += structure_shapes(sed_date)
    return "\n".join(parts)


def shapes_path() -> Path:
    return config.asset_dir("shapes") / "plan.ttl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if shapes/plan.ttl is stale")
    args = parser.parse_args(argv)
    text = generate()
    path = shapes_path()
    if args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != text:
            print(f"{path} is out of date: run python -m eqkg.validation.shapegen", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
