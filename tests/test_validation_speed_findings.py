"""A large generated plan gets exactly the findings its design implies, in the findings and in
the Turtle SHACL report alike (validation now builds both from pyoxigraph results, without
pySHACL's report builder or an rdflib report graph)."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph

from eqkg.namespaces import SH
from eqkg.validation import render, validate_bytes

PREFIXES = """@prefix eq: <https://w3id.org/eqkg/ontology#> .
@prefix pc: <https://w3id.org/eqkg/vocab/characteristic/> .
@prefix aim: <https://w3id.org/eqkg/vocab/aim/> .
@prefix basis: <https://w3id.org/eqkg/vocab/basis/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
PLAN = "https://w3id.org/eqkg/id/plan/large"
OTHERS = ["age", "disability", "gender-reassignment", "marriage-and-civil-partnership",
          "pregnancy-and-maternity", "religion-or-belief", "sex", "sexual-orientation"]


def large_plan(objectives: int) -> bytes:
    """A complete, dated plan whose every step covers race (a stated tick) and addresses aim (a)
    and has a timeline; even-numbered objectives name a lead and a measure, odd ones neither."""
    lines = [PREFIXES, f"""<{PLAN}> a eq:StrategicEqualityPlan ; dcterms:title "Large plan" ;
    eq:organisation <https://w3id.org/eqkg/id/organisation/large-council> ;
    eq:periodStart "2024-04-01"^^xsd:date ; eq:periodEnd "2028-03-31"^^xsd:date ;
    dcterms:issued "2024-04-01"^^xsd:date ; eq:reviewDate "2027-04-01"^^xsd:date ."""]
    for o in range(1, objectives + 1):
        objective, step = f"<{PLAN}/objective/{o}>", f"<{PLAN}/objective/{o}/step/1>"
        claim = f"<{PLAN}/objective/{o}/step/1/claim/race>"
        owner = (f' ; eq:lead <{PLAN}/lead/{o}> ; eq:measuredBy <{PLAN}/measure/{o}>') if o % 2 == 0 else ""
        lines.append(f"""<{PLAN}> eq:hasObjective {objective} .
{objective} a eq:EqualityObjective ; eq:number {o} ; eq:text "Objective {o}" ; eq:hasStep {step}{owner} .
{step} a eq:Step ; eq:number 1 ; eq:text "Step {o}.1" ; eq:timeline <{PLAN}/timeline/{o}> ;
    eq:covers pc:race ; eq:addressesAim aim:eliminate-discrimination ; eq:claim {claim} .
{claim} a eq:CoverageClaim ; eq:claimCharacteristic pc:race ; eq:basis basis:stated .""")
    return "\n".join(lines).encode()


def test_a_1000_objective_plan_has_exactly_the_expected_findings() -> None:
    objectives = 1000
    report = validate_bytes(large_plan(objectives), "large.ttl")
    by_kind = Counter((f.severity, str(f.shape).rsplit("#", 1)[-1] if "#" in str(f.shape) else f.path)
                      for f in report.run.findings)
    plan_level = {(f.severity, str(f.shape).rsplit("#", 1)[-1]) for f in report.run.findings
                  if str(f.focus) == PLAN}
    # Plan: eight characteristics uncovered (no reasons given), aims (b) and (c) unaddressed,
    # race never meets aims (b) and (c), and the socio-economic duty unstated.
    assert plan_level == {("Violation", f"plan-covers-{c}") for c in OTHERS} | {
        ("Violation", "plan-addresses-advance-equality-of-opportunity"),
        ("Violation", "plan-addresses-foster-good-relations"),
        ("Info", "plan-race-with-advance-equality-of-opportunity"),
        ("Info", "plan-race-with-foster-good-relations"),
        ("Info", "plan-socio-economic-duty")}
    # Each objective: the eight other characteristics and aims (b), (c) not covered (Info);
    # odd objectives also lack an owner and a measure (Warning).
    for c in OTHERS:
        assert by_kind[("Info", f"objective-covers-{c}")] == objectives
    assert by_kind[("Info", "objective-addresses-advance-equality-of-opportunity")] == objectives
    assert by_kind[("Info", "objective-addresses-foster-good-relations")] == objectives
    assert by_kind[("Info", "objective-addresses-eliminate-discrimination")] == 0
    assert by_kind[("Info", "objective-covers-race")] == 0
    warnings = Counter(f.message("en") for f in report.run.findings if f.severity == "Warning")
    assert warnings == {"No owner (lead) is named for this objective, its steps or its plan.": objectives // 2,
                        "No measure of progress is given for this objective or its steps.": objectives // 2}
    assert report.run.counts == {"Violation": 10, "Warning": objectives, "Info": 10 * objectives + 3}
    summary = report.as_dict()["summary"]
    assert (summary["objectives"], summary["steps"]) == (objectives, objectives)
    assert [g["label"] for g in report.as_dict()["characteristic_gaps"]] == [
        "age", "disability", "gender reassignment", "marriage and civil partnership",
        "pregnancy and maternity", "religion or belief", "sex", "sexual orientation"]

    # The Turtle report says the same: one sh:ValidationResult per finding, same severities.
    graph = Graph().parse(data=render(report, "ttl"), format="turtle")
    results = set(graph.subjects(None, SH.ValidationResult))
    assert len(results) == 11 * objectives + 13
    severities = Counter(str(graph.value(r, SH.resultSeverity)).rsplit("#", 1)[-1] for r in results)
    assert severities == report.run.counts
    assert len(set(graph.objects(None, SH.result))) == len(results)
    assert {m.language for m in graph.objects(None, SH.resultMessage)} == {"en", "cy"}
