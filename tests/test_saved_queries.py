"""The saved-query library: headers, safe binding, and each query's exact answer on the seed graph.

Expected figures are checked against the seed documents themselves (the
Gwent plan's equality objectives table, the Cardiff response's tables and
KPI lists, the minutes' attendee and action tables), not just the parsers.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from eqkg import saved_queries as sq
from eqkg.errors import InputError, NotFound
from eqkg.namespaces import data_base
from eqkg.saved_queries.header import parse, projection
from eqkg.store import Store

ID = data_base()
PC = "https://w3id.org/eqkg/vocab/characteristic/"
GWENT = ID + "plan/gwent-jsep-2020-2024"
CARDIFF = ID + "response/cardiff-race-equality-taskforce"
REQUIRED = {
    "commitments-by-characteristic", "coverage-matrix", "characteristic-gaps", "aim-coverage",
    "actions-by-person", "open-actions", "recommendations-by-status", "meeting-actions",
    "organisations-and-people", "indicators-by-theme", "search", "shared-themes",
}
HOSTILE = ['race" } ; DROP ALL #', "<http://evil>", '") UNION { ?s ?p ?o } #',
           "'; DELETE WHERE { ?s ?p ?o } #", "} LIMIT 1"]


@pytest.fixture(scope="module")
def inferred(store: Store) -> Store:
    """The store with OWL 2 RL materialisation; queries marked inference: required need it."""
    assert any("/graph/inferred/" in g for g in store.graphs()), "no inferred graphs in the store"
    return store


def rows(store: Store, name: str, **params: str) -> list[dict[str, str]]:
    return sq.run(store, name, params).to_records()


def short(iri: str) -> str:
    return iri.replace(ID, "")


# -- the library ----------------------------------------------------------------

def test_library_has_the_required_queries_and_more() -> None:
    library = sq.load_library()
    assert set(library) >= REQUIRED
    assert len(library) >= 15


@pytest.mark.parametrize("name", sorted(sq.load_library()))
def test_header_is_complete_and_bilingual(name: str) -> None:
    query = sq.load_library()[name]
    assert query.title["en"] and query.title["cy"] and query.title["en"] != query.title["cy"]
    assert query.description["en"] and query.description["cy"]
    assert query.tags
    assert "ORDER BY" in query.query, "paging needs a stable order"
    if query.inference:
        assert "inference" in query.description["en"].lower()
    for param in query.parameters:
        assert param.label["en"] and param.label["cy"]
        assert param.name in query.columns


@pytest.mark.parametrize("name", sorted(sq.load_library()))
def test_projection_parser_agrees_with_the_engine(store: Store, name: str) -> None:
    query = sq.load_library()[name]
    table = sq.run(store, name, {})
    assert tuple(table.columns) == query.columns


def test_header_errors_name_the_file(tmp_path: Path) -> None:
    bad = "#+ title_en: x\n#+ tittle_cy: y\nSELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a\n"
    with pytest.raises(InputError, match=r"bad\.rq: unknown header key\(s\) tittle_cy"):
        parse(bad, "bad", tmp_path / "bad.rq")
    unprojected = ("#+ title_en: a\n#+ title_cy: b\n#+ description_en: c\n#+ description_cy: d\n"
                   "#+ tags: [x]\n#+ parameters:\n#+   who: {type: person, label_en: W, label_cy: P}\n"
                   "SELECT ?a WHERE { ?a ?b ?who } ORDER BY ?a\n")
    with pytest.raises(InputError, match="'who' must be projected"):
        parse(unprojected, "unprojected")


def test_projection_handles_expressions() -> None:
    assert projection("PREFIX x: <urn:x#>\nSELECT DISTINCT ?a (COUNT(DISTINCT ?b) AS ?n)"
                      " (GROUP_CONCAT(?c; separator=\", \") AS ?cs) WHERE { }") == ("a", "n", "cs")


# -- binding --------------------------------------------------------------------

def test_unknown_query_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="no saved query named 'nope'"):
        sq.run(store, "nope", {})


def test_characteristic_accepts_slug_iri_and_label(store: Store) -> None:
    query = sq.get("commitments-by-characteristic")
    for value in ("race", PC + "race", "Race", "hil"):
        assert sq.bind(store, query, {"characteristic": value}) == \
            {"characteristic": sq.bind(store, query, {})["characteristic"]}
    narrower = sq.bind(store, query, {"characteristic": "race/gypsy-roma-traveller"})
    assert str(narrower["characteristic"]) == PC + "race/gypsy-roma-traveller"


def test_bad_values_name_the_parameter_and_what_it_accepts(store: Store) -> None:
    with pytest.raises(sq.ParameterError) as info:
        sq.run(store, "commitments-by-characteristic", {"characteristic": "height"})
    message = str(info.value)
    assert "parameter 'characteristic'" in message and "allowed values: age" in message
    assert "race" in info.value.allowed
    with pytest.raises(sq.ParameterError, match="'as_of'.*not a date; use the form YYYY-MM-DD"):
        sq.run(store, "open-actions", {"as_of": "31/03/2023"})
    with pytest.raises(sq.ParameterError, match="'as_of'"):
        sq.run(store, "open-actions", {"as_of": "2023-02-30"})
    with pytest.raises(sq.ParameterError, match=r"'person'.*not an allowed value; allowed "
                       r"values: alex-drummond, .* \(and \d+ more\)") as info:
        sq.run(store, "actions-by-person", {"person": "nobody-at-all"})
    assert "hannah-jenkins-jones" in info.value.allowed
    with pytest.raises(InputError, match="no parameter 'colour'; it takes: characteristic"):
        sq.run(store, "commitments-by-characteristic", {"colour": "red"})


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_data_never_query_text(inferred: Store, value: str) -> None:
    # A free-text parameter matches the phrase literally: nothing contains it.
    table = sq.run(inferred, "search", {"text": value})
    assert table.rows == []
    assert {r[0].value for r in sq.run(inferred, "search", {"text": "race"}).rows} == {"race"}
    # Vocabulary and entity parameters refuse it as an unknown value.
    for name, param in (("commitments-by-characteristic", "characteristic"),
                        ("actions-by-person", "person"), ("recommendations-by-status", "status")):
        with pytest.raises(sq.ParameterError, match=f"parameter '{param}'"):
            sq.run(inferred, name, {param: value})
    # The store is unchanged: it is read-only, and DROP/DELETE were never executed.
    assert len(inferred) > 0


def test_paging_is_stable_and_flags_more_rows(store: Store) -> None:
    everything = sq.run(store, "meeting-actions", {})
    first = sq.run(store, "meeting-actions", {}, limit=4)
    second = sq.run(store, "meeting-actions", {}, limit=4, offset=4)
    assert first.capped and second.capped
    assert first.rows + second.rows == everything.rows[:8]
    last = sq.run(store, "meeting-actions", {}, limit=100, offset=12)
    assert not last.capped and len(last.rows) == len(everything.rows) - 12


def test_allowed_values_come_from_vocabularies_and_the_graph(store: Store) -> None:
    query = sq.get("commitments-by-characteristic")
    values = sq.allowed_values(store, query.parameter("characteristic"))
    top = [v.value for v in values if v.group is None]
    assert top == ["age", "disability", "gender-reassignment", "marriage-and-civil-partnership",
                   "pregnancy-and-maternity", "race", "religion-or-belief", "sex",
                   "sexual-orientation"]
    race = next(v for v in values if v.value == "race")
    assert race.label == {"en": "race", "cy": "hil"}
    people = sq.allowed_values(store, sq.get("actions-by-person").parameter("person"))
    assert {"hannah-jenkins-jones", "jeff-cuthbert", "pam-kelly"} <= {v.value for v in people}
    plans = sq.allowed_values(store, sq.get("objectives-by-plan").parameter("plan"))
    assert [short(v.value) for v in plans] == ["plan/gwent-jsep-2020-2024",
                                              "plan/south-wales-joint-equality-plan"]


# -- exact answers on the seed graph --------------------------------------------

# The Gwent plan's equality objectives table (seed 003, lines 813-867). Objectives 1-3
# have twelve cells per row; objective 4's rows have eleven under a twelve-column header,
# so their ticks cannot be placed and are recorded as uncertain, not as coverage.
GWENT_STEPS_WITHOUT_RACE = {"objective/3/step/5"}  # "treated according to their age": age, sex


def test_commitments_by_characteristic_race(inferred: Store) -> None:
    result = rows(inferred, "commitments-by-characteristic")
    assert {r["characteristic"] for r in result} == {PC + "race"}
    by_doc = Counter(r["document"] for r in result)
    assert by_doc[ID + "minutes/palg-undated"] == 1   # "ethnicity fields on NICHE"
    gwent_steps = {r["commitment"].replace(GWENT + "/", "") for r in result
                   if r["document"] == GWENT}
    expected = {f"objective/{o}/step/{s}" for o, n in ((1, 5), (2, 5), (3, 8))
                for s in range(1, n + 1)} - GWENT_STEPS_WITHOUT_RACE
    assert gwent_steps == expected
    assert all(r["kind"] == "Step" and "stated" in r["basis"] for r in result
               if r["document"] == GWENT)
    recommendations = {r["commitment"].rsplit("/", 1)[1] for r in result
                       if r["kind"] == "Recommendation"}
    assert len(recommendations) == 31   # every recommendation of the race taskforce response
    r11 = next(r for r in result if r["commitment"] == CARDIFF + "/recommendation/1.1")
    assert (r11["lead"], r11["timeline"], r11["dueDate"], r11["status"]) == \
        ("Dylan Owen", "Q4 2022/23", "2023-03-31", "accepted")
    assert r11["organisation"] == "Cardiff Council"
    assert r11["basis"] in ("tagged; curated", "curated; tagged")
    gwent = next(r for r in result if r["document"] == GWENT)
    assert set(gwent["organisation"].split("; ")) == {
        "Gwent Police", "Office of the Police and Crime Commissioner for Gwent"}


def test_commitments_by_characteristic_rolls_up_narrower_terms(inferred: Store) -> None:
    # Recommendation 1.1 is tagged "ethnic minority" (pc:race/ethnic-minority) only.
    narrow = {r["commitment"] for r in rows(inferred, "commitments-by-characteristic",
                                            characteristic="race/ethnic-minority")}
    broad = {r["commitment"] for r in rows(inferred, "commitments-by-characteristic")}
    assert CARDIFF + "/recommendation/1.1" in narrow
    assert narrow <= broad and len(narrow) < len(broad)


def test_coverage_matrix(inferred: Store) -> None:
    result = {short(r["document"]): r for r in rows(inferred, "coverage-matrix")}
    assert set(result) == {"minutes/palg-2019-03-13", "minutes/palg-undated",
                           "minutes/ppbw-2022-03-17", "plan/gwent-jsep-2020-2024",
                           "response/cardiff-race-equality-taskforce"}
    gwent = result["plan/gwent-jsep-2020-2024"]
    # Ticks in the 18 placeable rows: age 18, sex 18, race 17, disability 16 (+1 tagged
    # "mental health" in objective 4), religion 16, gender reassignment 15, sexual
    # orientation 13, marriage 6, pregnancy 1 (objective 2 step 5).
    assert {k: int(v) for k, v in gwent.items() if k not in ("document", "documentTitle")} == {
        "age": 18, "disability": 17, "gender_reassignment": 15,
        "marriage_and_civil_partnership": 6, "pregnancy_and_maternity": 1, "race": 17,
        "religion_or_belief": 16, "sex": 18, "sexual_orientation": 13, "items": 19}
    ppbw = result["minutes/ppbw-2022-03-17"]
    assert ppbw["items"] == "0" and ppbw["race"] == "0"
    cardiff = result["response/cardiff-race-equality-taskforce"]
    # 61: the KPI "increase ethnic diversity of workforce" is tagged race since the audit added
    # the label "ethnic diversity" (it names ethnic diversity; it was untagged before).
    assert cardiff["race"] == "61" and cardiff["pregnancy_and_maternity"] == "0"


def test_characteristic_gaps(inferred: Store) -> None:
    result = rows(inferred, "characteristic-gaps")
    # The Gwent plan ticks every characteristic at least once, so it has no gaps; the
    # South Wales Joint Equality Plan is known only from the progress reported in the
    # undated PALG minutes, whose objective headings cover age, disability and race:
    # what they leave out is only "not seen in what we hold", not a gap of the plan.
    assert {short(r["plan"]) for r in result} == {"plan/south-wales-joint-equality-plan"}
    assert [r["characteristicLabel"] for r in result] == [
        "gender reassignment", "marriage and civil partnership", "pregnancy and maternity",
        "religion or belief", "sex", "sexual orientation"]
    assert {r["reasonGiven"] for r in result} == {"false"}
    assert {(r["view"], r["knownFrom"]) for r in result} == {("not seen in what we hold", "a report in minutes")}


def test_aim_coverage(inferred: Store) -> None:
    result = [(short(r["plan"]), r["aim"].rsplit("/", 1)[1], int(r["objectives"]), int(r["steps"]))
              for r in rows(inferred, "aim-coverage")]
    # Objectives 1-3's rows tick eliminate 18, advance 18, foster 16 (objective 1 rows 1-2 do not).
    assert result[:3] == [
        ("plan/gwent-jsep-2020-2024", "eliminate-discrimination", 0, 18),
        ("plan/gwent-jsep-2020-2024", "advance-equality-of-opportunity", 0, 18),
        ("plan/gwent-jsep-2020-2024", "foster-good-relations", 0, 16)]


def test_actions_by_person(inferred: Store) -> None:
    result = rows(inferred, "actions-by-person")   # default: Hannah Jenkins-Jones
    assert [r["text"] for r in result] == [
        "AFR session", "Circulate final Joint Equality Plan",
        "Explore possibility of setting up future sub groups where relevant"]
    assert [r.get("status", "") for r in result] == ["completed", "ongoing", ""]
    mark = rows(inferred, "actions-by-person", person="Mark Vaughan")
    assert [r["text"] for r in mark] == ["Source available data on sex workers across South Wales."]
    tracey = rows(inferred, "actions-by-person", person=ID + "person/tracey-thomas")
    assert sorted(r["commitment"].rsplit("/", 1)[1] for r in tracey) == ["1.2", "1.4", "1.7"]


def test_open_actions(inferred: Store) -> None:
    result = rows(inferred, "open-actions", as_of="2023-04-01")
    assert [(short(r["commitment"]), r["dueDate"]) for r in result] == [
        ("response/cardiff-race-equality-taskforce/recommendation/1.3", "2021-11-30"),
        ("meeting/ppbw-2022-03-17/action/1", "2022-06-30"),
        ("meeting/ppbw-2022-03-17/action/2", "2022-06-30"),
        ("meeting/ppbw-2022-03-17/action/3", "2022-06-30"),
        ("response/cardiff-race-equality-taskforce/recommendation/5.1", "2022-11-30"),
        ("response/cardiff-race-equality-taskforce/recommendation/5.6", "2022-11-30"),
        ("response/cardiff-race-equality-taskforce/recommendation/3.2", "2022-12-31"),
        ("response/cardiff-race-equality-taskforce/recommendation/1.1", "2023-03-31"),
        ("response/cardiff-race-equality-taskforce/recommendation/1.7", "2023-03-31"),
        ("response/cardiff-race-equality-taskforce/recommendation/2.5", "2023-03-31"),
        ("response/cardiff-race-equality-taskforce/recommendation/4.3", "2023-03-31")]
    assert result[0]["timeline"] == "Autumn 2021" and result[1]["timeline"] == "June 2022"
    assert rows(inferred, "open-actions", as_of="2021-01-01") == []


def test_due_before(inferred: Store) -> None:
    before = rows(inferred, "due-before", before="2022-07-01")
    assert [short(r["commitment"]) for r in before] == [
        "response/cardiff-race-equality-taskforce/recommendation/1.3",
        "meeting/ppbw-2022-03-17/action/1", "meeting/ppbw-2022-03-17/action/2",
        "meeting/ppbw-2022-03-17/action/3"]
    assert len(rows(inferred, "due-before")) == 11   # default 2023-04-01


def test_recommendations_by_status(store: Store) -> None:
    result = rows(store, "recommendations-by-status")
    assert Counter(r["statusLabel"] for r in result) == {"accepted": 31, "completed": 2}
    completed = rows(store, "recommendations-by-status", status="completed")
    # 1.2 "Recommendation Accepted and Completed"; 5.5 has the timeline "Complete".
    assert [r["reference"] for r in completed] == ["1.2", "5.5"]


def test_accepted_not_completed(store: Store) -> None:
    result = rows(store, "accepted-not-completed")
    assert len(result) == 29
    assert {"1.2", "5.5"}.isdisjoint(r["reference"] for r in result)


def test_meeting_actions(store: Store) -> None:
    result = rows(store, "meeting-actions")
    per_meeting = Counter(short(r["meeting"]) for r in result)
    assert per_meeting == {
        "meeting/palg-2019-03-13": 5,                    # action table and two agreements (#18.1), seed 001
        "meeting/palg-2019-03-13/previous-meeting": 4,   # "Minutes and Actions" updates
        "meeting/ppbw-2022-03-17": 6,                    # "Actions arising", seed 002
        "meeting/palg-undated": 1,                       # HJJ agreed to consider quoracy
        "meeting/palg-undated/previous-meeting": 1,      # NICHE ethnicity fields
    }
    afr = next(r for r in result if r["text"] == "AFR session")
    assert afr["lead"] == "Hannah Jenkins-Jones" and afr["status"] == "completed"
    assert afr["update"].startswith("Completed – Session held on February 4th 2019.")


def test_organisations_and_people(store: Store) -> None:
    result = rows(store, "organisations-and-people", organisation="opcc-gwent")
    assert [(r["personName"], short(r["document"])) for r in result] == [
        ("Eleri Thomas", "minutes/ppbw-2022-03-17"),
        ("Jeff Cuthbert", "minutes/ppbw-2022-03-17"),
        ("Jeff Cuthbert", "plan/gwent-jsep-2020-2024"),
        ("Sian Curley", "minutes/ppbw-2022-03-17")]
    assert result[0]["meeting"] == ID + "meeting/ppbw-2022-03-17"
    assert "meeting" not in result[2]   # a plan records no meeting
    assert len(rows(store, "organisations-and-people")) == 77


def test_indicators_by_theme(store: Store) -> None:
    result = rows(store, "indicators-by-theme")
    # Seed 004's three "Measuring Progress" lists: 6, 6 and 4 KPIs.
    assert Counter(r["section"] for r in result) == {
        "Employment and Representative Workforce": 6, "Education and Young People": 6,
        "Citizens Voice": 4}
    voice = rows(store, "indicators-by-theme", theme="citizen-voice")
    assert voice[0]["text"] == "Percentage of elected Members from an ethnic minority background."


def test_search(inferred: Store) -> None:
    result = rows(inferred, "search", text="cardiff works")
    # Seed 004: recommendation 1.6 and its commitment, and a 1.5 commitment "(and Cardiff Works)".
    assert [r["commitment"].replace(CARDIFF + "/", "") for r in result] == [
        "recommendation/1.5/commitment/3", "recommendation/1.6",
        "recommendation/1.6/commitment/1"]
    assert [r["kind"] for r in result] == ["Pledge", "Recommendation", "Pledge"]
    assert len(rows(inferred, "search", text="TRAINING")) == len(rows(inferred, "search"))


GWENT_BODIES = {"Office of the Police and Crime Commissioner for Gwent", "Gwent Police"}  # the joint plan's two bodies
SOUTH_WALES_BODIES = {"Office of the Police and Crime Commissioner for South Wales", "South Wales Police"}
CARDIFF_BODY, PALG_BODY, PPBW_BODY = "Cardiff Council", "Police Accountability and Legitimacy Group", \
    "Policing Partnership Board for Wales"


def test_shared_themes(inferred: Store) -> None:
    """Every figure checked against the tagged sentences (docs/ingest.md, "Theme tagging").

    Gwent plan (seed 003) commitments and objectives carry OPCC Gwent and Gwent Police;
    Cardiff recommendations carry their section's theme too; the South Wales plan's
    objectives (reported in the undated PALG minutes) carry OPCC South Wales and SWP;
    actions of PALG and PPBW meetings carry the minutes' body.
    """
    result = rows(inferred, "shared-themes")
    got = [(r["themeLabel"], r["bodies"], r["documents"], r["commitments"], set(r["organisations"].split("; ")))
           for r in result]
    assert got == [
        # Gwent objective 1, its steps 1-2 (vulnerable people); Cardiff 2.3 commitment 2 (safeguarding);
        # 2019 PALG previous action 2 (county lines); PPBW action 4 (Safeguarding Review)
        ("vulnerability and safeguarding", "5", "4", "6", GWENT_BODIES | {CARDIFF_BODY, PALG_BODY, PPBW_BODY}),
        # Gwent: objective 2 step 4, objective 1 step 2, pledges 17 and 26; Cardiff 14; PALG 2019 x2, undated x1
        ("equality data and monitoring", "4", "4", "21", GWENT_BODIES | {CARDIFF_BODY, PALG_BODY}),
        # Cardiff section "Education and Young People" (2.1-2.6) and 3.3, 3.3 commitment 1; Gwent objective 2
        # steps 2-3 and objective 3 step 5; South Wales objective "Engagement with Children and Young People"
        ("children and young people", "5", "3", "12", GWENT_BODIES | SOUTH_WALES_BODIES | {CARDIFF_BODY}),
        # Cardiff section 1 (1.1-1.8), 5.4, 5.5; Gwent objective 4 and its step 1; South Wales objective
        ("representative workforce", "5", "3", "13", GWENT_BODIES | SOUTH_WALES_BODIES | {CARDIFF_BODY}),
        # Gwent objective 4, its step 3, pledge 3 (equal pay); step 5 (staff engagement);
        # Cardiff 1.4 commitment 5 (staff networks); South Wales objective "Workplace Equality"
        ("workplace equality and culture", "5", "3", "6", GWENT_BODIES | SOUTH_WALES_BODIES | {CARDIFF_BODY}),
        # Cardiff section "Health" (4.1-4.3) and 3.4/9, 4.3/1, 5.6, 5.6/1; Gwent objective 1 step 5,
        # objective 3 step 6, objective 4 step 4; PPBW action 3 (Substance Misuse)
        ("health and wellbeing", "4", "3", "11", GWENT_BODIES | {CARDIFF_BODY, PPBW_BODY}),
        # Gwent objective 3, its steps 3 and 7; South Wales objective "Community Cohesion"
        ("community cohesion", "4", "2", "4", GWENT_BODIES | SOUTH_WALES_BODIES),
        # Gwent objective 3 step 1, pledge 7; Cardiff 3.6
        ("accessibility of services", "3", "2", "3", GWENT_BODIES | {CARDIFF_BODY}),
        # Gwent: objectives 2-3 (steps 2, 4, 7; objective 3) and pledges 2, 7, 13, 18, 24, 27, 31 (12);
        # Cardiff: 1.5/1, 1.6/2, 3.1/2, 3.6, 3.6/1, 4.3, 5.7, 5.7/1 (8)
        ("community engagement", "3", "2", "20", GWENT_BODIES | {CARDIFF_BODY}),
        # Cardiff section "Criminal Justice" (5.1-5.8) and 5.1/1, 5.2/1, 5.4/1, 5.5/1; Gwent objective 1 step 3,
        # objective 2 steps 1 and 3
        ("criminal justice", "3", "2", "15", GWENT_BODIES | {CARDIFF_BODY}),
        # Gwent objective 4 step 6 ("staff training"); Cardiff 1.4 and four of its commitments, 2.1/1, 2.2/1,
        # 2.3 and both its commitments, 2.5/2, 5.3, 5.3/1, 5.6 (14; 1.4/4, language training, is excluded)
        ("equality training", "3", "2", "15", GWENT_BODIES | {CARDIFF_BODY}),
        # Gwent: section 4.6 pledges 20-25, 30, 32, pledges 2, 4, 12, objective 1 step 2, objective 2 step 5 (13);
        # Cardiff 1.3/1 (procurement policy)
        ("leadership and governance", "3", "2", "14", GWENT_BODIES | {CARDIFF_BODY}),
        # Gwent pledge 1, objective 4 steps 1-2; Cardiff 1.1, 1.3, 1.5/3, 1.7 and both commitments, 1.8 and both, 2.5/3
        ("recruitment and progression", "3", "2", "13", GWENT_BODIES | {CARDIFF_BODY}),
        # Gwent objective 4 step 2 (socio-economically disadvantaged); Cardiff 1.3 and 1.3/2 (disadvantaged groups)
        ("socio-economic disadvantage", "3", "2", "3", GWENT_BODIES | {CARDIFF_BODY}),
        # Only the Gwent plan's two bodies: section 4.4 (pledges 14-17), objective 2 steps 1-2, victims
        ("Welsh language", "2", "1", "4", GWENT_BODIES),
        ("stop and search and use of force", "2", "1", "2", GWENT_BODIES),
        ("victims", "2", "1", "5", GWENT_BODIES)]
    vulnerability = result[0]["examples"].split(" | ")
    assert "Policing Partnership Board for Wales: The Single Unified Safeguarding Review to be escalated" in vulnerability
    assert all(len(e.split(": ", 1)[1]) <= 101 for e in vulnerability)  # shortened to 100 characters and an ellipsis


def test_objectives_by_plan(inferred: Store) -> None:
    result = rows(inferred, "objectives-by-plan", plan="plan/gwent-jsep-2020-2024")
    assert [(r["number"], r["title"], r["steps"], r["characteristics"], r["aims"])
            for r in result] == [
        ("1", "Supporting Vulnerable People", "5", "8", "3"),
        ("2", "Legitimacy and Fairness", "5", "9", "3"),
        ("3", "Access, Engagement and Cohesion", "8", "7", "3"),
        ("4", "Creating an Inclusive Workforce and Promoting Fairness", "6", "1", "0")]


def test_people_across_documents(store: Store) -> None:
    result = rows(store, "people-across-documents")
    assert [(r["personName"], r["documents"]) for r in result] == [
        ("Jeff Cuthbert", "2"), ("Pam Kelly", "2")]


def test_coverage_basis_summary(store: Store) -> None:
    result = {(short(r["document"]), r["basisLabel"]): (r["claims"], r["items"])
              for r in rows(store, "coverage-basis-summary")}
    # Ticks in objectives 1-3 (52 + 45 + 75 = 172), plus 72 claims recording the
    # possible ticks of objective 4's ambiguous eleven-cell rows (6 rows x 12 columns:
    # the lost cell may be any column's and may have held a tick); all 24 steps.
    assert result[("plan/gwent-jsep-2020-2024", "stated")] == ("244", "24")
    assert result[("response/cardiff-race-equality-taskforce", "curated")] == ("31", "31")
    # "sex workers" is an excluded phrase of pc:sex, so the 2019 minutes tag nothing.
    assert ("minutes/palg-2019-03-13", "tagged") not in result


def test_steps_missing_details(store: Store) -> None:
    result = rows(store, "steps-missing-details")
    # Every Gwent step has phased goals but the plan names no owner for any step.
    assert len(result) == 24
    assert {(r["hasTimescale"], r["hasLead"]) for r in result} == {("true", "false")}


def test_meetings(store: Store) -> None:
    result = {short(r["meeting"]): r for r in rows(store, "meetings")}
    ppbw = result["meeting/ppbw-2022-03-17"]
    # Seed 002: 40 attendee lines; 11 apologies (three of them for part of the meeting).
    assert (ppbw["attendees"], ppbw["apologies"], ppbw["actions"]) == ("40", "11", "6")
    assert ppbw["chair"] in ("Mark Drakeford; Jeff Cuthbert", "Jeff Cuthbert; Mark Drakeford")
    palg = result["meeting/palg-2019-03-13"]
    assert (palg["date"], palg["place"], palg["chair"], palg["attendees"]) == \
        ("2019-03-13", "Police Headquarters", "Lee Jones", "19")
    assert "date" not in result["meeting/palg-undated"]
