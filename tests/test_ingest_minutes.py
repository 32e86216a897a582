"""The minutes parser, on the three seed minutes and on small synthetic texts.

Figures were counted by reading the documents (line numbers of the seed files):
000 (PALG, undated): no header, no attendee list, six agenda items all written
"1.", one previous action under "Action updates", seven Joint Equality Plan
objectives, speakers known only by initials.
001 (PALG, 13 March 2019): 19 attendees in three groups, no apologies, chair
Lee Jones, four previous actions with updates, three actions (ACTION lines and
action table), one table line without an action number (line 107).
002 (Policing Partnership Board for Wales, 17 March 2022): 40 attendees, 11
apologies (Judith Paget, Asim Hafeez and Naomi Alleyne are in both lists, for
part of the meeting), chair and co-chair, six unnumbered actions arising,
seven agenda items.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from eqkg import config
from eqkg.errors import InputError
from eqkg.ingest import ingest_file, ingest_text
from eqkg.ingest.minutes import parse, parse_date
from eqkg.ingest.sources import SOURCES
from eqkg.namespaces import EQ, ID, SCHEMA, STATUS

SEEDS = config.seeds_dir()
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seed documents at {SEEDS}")
DATA = config.asset_dir("data")
MINUTES = [s for s in SOURCES if s.profile == "minutes"]

EXPECTED: dict[str, dict[str, object]] = {
    "palg-undated": {
        "body": "palg", "date": None, "place": None, "chairs": set(),
        "attendees": 0, "apologies": 0, "speakers": 7, "actions": 0, "previous actions": 1,
        "agenda items": 6, "objectives": 7,
    },
    "palg-2019-03-13": {
        "body": "palg", "date": "2019-03-13", "place": "Police Headquarters", "chairs": {"lee-jones"},
        "attendees": 19, "apologies": 0, "speakers": 0, "actions": 3, "previous actions": 4,
        "agenda items": 4, "objectives": 0,
    },
    "ppbw-2022-03-17": {
        "body": "policing-partnership-board-for-wales", "date": "2022-03-17", "place": "Virtual meeting",
        "chairs": {"mark-drakeford", "jeff-cuthbert"},
        "attendees": 40, "apologies": 11, "speakers": 0, "actions": 6, "previous actions": 0,
        "agenda items": 7, "objectives": 0,
    },
}


def tail(uri: object) -> str:
    return str(uri).rsplit("/", 1)[-1]


def figures(g: Graph, slug: str) -> dict[str, object]:
    """The countable facts of one meeting, read back from its graph."""
    meeting = ID[f"meeting/{slug}"]
    parts = list(g.objects(meeting, EQ.participation))
    kinds = [str(g.value(p, SCHEMA.roleName)) for p in parts]
    previous = URIRef(f"{meeting}/previous-meeting")
    date = g.value(meeting, SCHEMA.startDate)
    place = g.value(meeting, EQ.place)
    return {
        "body": tail(g.value(meeting, EQ.meetingOf)),
        "date": str(date) if date is not None else None,
        "place": str(place) if place is not None else None,
        "chairs": {tail(c) for c in g.objects(meeting, EQ.chair)},
        "attendees": kinds.count("attendee"),
        "apologies": kinds.count("apology"),
        "speakers": kinds.count("speaker"),
        "actions": len(set(g.subjects(EQ.arisingFrom, meeting)) & set(g.subjects(RDF.type, EQ.ActionItem))),
        "previous actions": len(set(g.subjects(EQ.arisingFrom, previous))),
        "agenda items": len(set(g.objects(meeting, EQ.hasAgendaItem))),
        "objectives": len(set(g.subjects(RDF.type, EQ.EqualityObjective))),
    }


@pytest.fixture(scope="module")
def parsed() -> dict[str, Graph]:
    if not SEEDS.is_dir():
        pytest.skip(f"no seed documents at {SEEDS}")
    return {s.slug: ingest_file(SEEDS / s.seed).graph for s in MINUTES}


@pytest.fixture(scope="module")
def committed() -> dict[str, Graph]:
    return {s.slug: Graph().parse(DATA / f"{s.slug}.ttl", format="turtle") for s in MINUTES}


@needs_seeds
@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_seed_figures(parsed: dict[str, Graph], slug: str) -> None:
    assert figures(parsed[slug], slug) == EXPECTED[slug]


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_committed_data_figures(committed: dict[str, Graph], slug: str) -> None:
    assert figures(committed[slug], slug) == EXPECTED[slug]


def test_every_resource_has_a_source_and_place(committed: dict[str, Graph]) -> None:
    for slug, g in committed.items():
        doc = ID[f"minutes/{slug}"]
        typed = {s for s in g.subjects(RDF.type, None)} - {doc}
        for node in typed:
            assert (node, EQ.source, doc) in g, node
            assert g.value(node, EQ.sourceLocation) is not None, node


def test_previous_meeting_is_traced_to_where_the_minutes_speak_of_it(committed: dict[str, Graph]) -> None:
    # Audit fix: the unnamed previous meeting had eq:source but no eq:sourceLocation.
    where = {slug: {str(x) for x in committed[slug].objects(ID[f"meeting/{slug}/previous-meeting"], EQ.sourceLocation)}
             for slug in ("palg-undated", "palg-2019-03-13")}
    assert where == {"palg-undated": {"lines 3-5"}, "palg-2019-03-13": {"lines 97-107"}}


def test_numbers_are_integers_and_dotted_numbers_references(committed: dict[str, Graph]) -> None:
    # Audit fix (decision 0002): eq:number is xsd:integer; minutes wrote plain strings, "3.1" included.
    for g in committed.values():
        for node, number in g.subject_objects(EQ.number):
            assert isinstance(number, Literal) and number.datatype == XSD.integer, (node, number)
    g = committed["ppbw-2022-03-17"]
    sub = ID["meeting/ppbw-2022-03-17/item/3.1"]
    assert (str(g.value(sub, EQ.reference)), g.value(sub, EQ.number)) == ("3.1", None)
    action = ID["meeting/palg-2019-03-13/previous-meeting/action/4"]
    assert committed["palg-2019-03-13"].value(action, EQ.number) == Literal(4)


def test_people_meet_across_documents(committed: dict[str, Graph]) -> None:
    ppbw = committed["ppbw-2022-03-17"]
    meeting = ID["meeting/ppbw-2022-03-17"]
    attendees = set(ppbw.objects(meeting, EQ.attendee))
    for slug in ("jeff-cuthbert", "pam-kelly", "alun-michael", "jeremy-vaughan", "david-thorne"):
        assert ID[f"person/{slug}"] in attendees
    both = attendees & set(ppbw.objects(meeting, EQ.apology))
    assert {tail(p) for p in both} == {"judith-paget", "asim-hafeez", "naomi-alleyne"}
    palg = committed["palg-2019-03-13"]
    assert ID["person/hannah-jenkins-jones"] in set(palg.objects(ID["meeting/palg-2019-03-13"], EQ.attendee))
    assert ID["organisation/south-wales-police"] in set(palg.objects(None, EQ.organisation))
    assert ID["organisation/south-wales-police"] in set(ppbw.objects(None, EQ.organisation))


def test_participation_details(committed: dict[str, Graph]) -> None:
    ppbw = committed["ppbw-2022-03-17"]
    first = ID["meeting/ppbw-2022-03-17/attendance/1"]
    assert str(ppbw.value(first, EQ.wording)) == "Mark Drakeford MS"
    assert str(ppbw.value(first, EQ.roleWording)) == "First Minister (Chair)"
    assert ppbw.value(first, EQ.organisation) == ID["organisation/welsh-government"]
    pam = ID["meeting/ppbw-2022-03-17/attendance/8"]
    assert ppbw.value(pam, EQ.person) == ID["person/pam-kelly"]
    assert ppbw.value(pam, EQ.organisation) == ID["organisation/gwent-police"]
    partial = ID["meeting/ppbw-2022-03-17/apology/4"]
    assert ppbw.value(partial, EQ.person) == ID["person/judith-paget"]
    assert "from 2pm onwards" in str(ppbw.value(partial, EQ.note))
    searle = ID["meeting/ppbw-2022-03-17/attendance/24"]
    assert ppbw.value(searle, EQ.organisation) is None and ppbw.value(searle, EQ.ambiguity) is not None
    palg = committed["palg-2019-03-13"]
    lee = ID["meeting/palg-2019-03-13/attendance/1"]
    assert str(palg.value(lee, EQ.wording)) == "Lee Jones - Chair (LJ)"
    assert str(palg.value(lee, EQ.roleWording)) == "Chief of Staff (Interim)"
    assert palg.value(lee, EQ.organisation) == ID["organisation/opcc-south-wales"]
    gilmer = ID["meeting/palg-2019-03-13/attendance/6"]
    assert palg.value(gilmer, EQ.person) == ID["person/jenny-gilmer"]
    assert str(palg.value(gilmer, EQ.roleWording)) == "Assistant Chief Constable"
    advisor = ID["meeting/palg-2019-03-13/attendance/11"]
    assert palg.value(advisor, EQ.organisation) == ID["organisation/palg"]


def test_actions_of_the_2019_palg_meeting(committed: dict[str, Graph]) -> None:
    g = committed["palg-2019-03-13"]
    base = "meeting/palg-2019-03-13"
    leads = {tail(a): tail(g.value(a, EQ.lead)) for a in g.subjects(EQ.arisingFrom, ID[base])
             if (a, RDF.type, EQ.ActionItem) in g}
    assert leads == {"1": "sarah-mahon", "2": "hannah-jenkins-jones", "3": "mark-vaughan"}
    one = ID[f"{base}/action/1"]
    assert str(g.value(one, EQ.text)) == "Circulate Sex Work guidance document links"
    assert {str(x) for x in g.objects(one, EQ.sourceLocation)} == {"line 145", "line 168"}
    prev = {tail(a): a for a in g.subjects(EQ.arisingFrom, ID[f"{base}/previous-meeting"])}
    assert {k: g.value(a, EQ.status) for k, a in prev.items()} == {
        "1": STATUS["completed"], "2": STATUS["completed"], "3": STATUS["ongoing"], "4": STATUS["ongoing"],
    }
    assert g.value(prev["2"], EQ.lead) == ID["person/danny-richards"]
    assert g.value(prev["3"], EQ.lead) == ID["person/john-wainwright"]
    assert str(g.value(prev["4"], EQ.text)) == "Circulate final Joint Equality Plan"
    item2 = ID[f"{base}/item/2"]
    assert "Line 107" in str(g.value(item2, EQ.ambiguity))


def test_actions_arising_2022(committed: dict[str, Graph]) -> None:
    g = committed["ppbw-2022-03-17"]
    actions = {tail(a): str(g.value(a, EQ.text)) for a in g.subjects(EQ.arisingFrom, ID["meeting/ppbw-2022-03-17"])}
    assert actions["1"] == "The Police Covenant to be discussed in June 2022"
    assert actions["6"] == "Public Services pressures to be escalated"
    assert not set(g.objects(None, EQ.lead))  # no action names a lead
    nxt = ID["meeting/ppbw-2022-06-23"]
    assert g.value(nxt, SCHEMA.startDate) == Literal("2022-06-23", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))


def test_undated_palg_minutes_record_ambiguity(committed: dict[str, Graph]) -> None:
    g = committed["palg-undated"]
    meeting = ID["meeting/palg-undated"]
    notes = " ".join(str(x) for x in g.objects(meeting, EQ.ambiguity))
    assert "no date" in notes and "no attendees" in notes
    speakers = {tail(p) for p in g.objects(meeting, EQ.participant)}
    assert speakers == {f"palg-undated-{i}" for i in ("lj", "ma", "hjj", "ss", "mj", "mc", "at")}
    assert ID["person/hannah-jenkins-jones"] not in set(g.all_nodes())
    items = {g.value(i, EQ.number).toPython(): str(g.value(i, DCTERMS.title)) for i in g.objects(meeting, EQ.hasAgendaItem)}
    assert items[4] == "Joint Equality Plan Update"
    action = ID["meeting/palg-undated/previous-meeting/action/1"]
    assert str(g.value(action, EQ.text)) == "Seek information about whether ethnicity fields on NICHE are mandatory"
    assert "MA" in str(g.value(action, EQ.ambiguity))
    agreement = ID["meeting/palg-undated/agreement/1"]
    assert (agreement, RDF.type, EQ.ActionItem) not in g
    assert g.value(agreement, EQ.lead) == ID["person/palg-undated-hjj"]


def test_reported_plan_is_south_wales_not_gwent(committed: dict[str, Graph]) -> None:
    g = committed["palg-undated"]
    plan = ID["plan/south-wales-joint-equality-plan"]
    assert (plan, RDF.type, EQ.StrategicEqualityPlan) in g
    assert (ID["minutes/palg-undated"], EQ.reportsOn, plan) in g
    assert set(g.objects(plan, EQ.organisation)) == {
        ID["organisation/south-wales-police"], ID["organisation/opcc-south-wales"],
    }
    titles = {str(g.value(o, DCTERMS.title)) for o in g.objects(plan, EQ.hasObjective)}
    assert titles == {
        "Neurodiversity", "Learning Disabilities", "Gypsy, Roma and Traveller Communities", "Community Cohesion",
        "Workplace Equality", "Representative Workforce", "Engagement with Children and Young People",
    }
    neuro = ID["plan/south-wales-joint-equality-plan/objective/neurodiversity"]
    assert str(g.value(neuro, EQ.progressUpdate)).startswith("MJ advised that the force was researching")
    assert str(g.value(neuro, EQ.sourceLocation)) == "lines 12-13"


SYNTHETIC = """Example Partnership Group

Council Chamber

Tuesday 4th April 2023

Minutes

Attendees

Jeff Cuthbert\tPolice and Crime Commissioner, Gwent (Chair)
Ann Example\tClerk, Gwent Police

Apologies

Pam Kelly\tChief Constable, Gwent Police

1. Welcome

The chair welcomed members.

2. Actions

ACTION: Ann Example to circulate the papers.
"""


def test_synthetic_minutes() -> None:
    result = ingest_text(SYNTHETIC, slug="example-2023-04-04")
    g = result.graph
    assert result.profile == "minutes"
    meeting = ID["meeting/example-2023-04-04"]
    assert str(g.value(meeting, SCHEMA.startDate)) == "2023-04-04"
    assert str(g.value(meeting, EQ.place)) == "Council Chamber"
    assert g.value(meeting, EQ.chair) == ID["person/jeff-cuthbert"]
    assert set(g.objects(meeting, EQ.apology)) == {ID["person/pam-kelly"]}
    action = ID["meeting/example-2023-04-04/action/1"]
    assert str(g.value(action, EQ.text)) == "Circulate the papers."
    assert g.value(action, EQ.lead) == ID["person/ann-example"]
    assert "person: 'Ann Example' is not in the registry; minted a URI" in result.report.unplaced
    assert result.report.found["attendee"] == 2


def test_slug_is_derived_from_body_and_date() -> None:
    text = SYNTHETIC.replace("Example Partnership Group", "Policing Partnership Board for Wales")
    assert parse(text, source_name="x.txt").slug == "ppbw-2023-04-04"
    undated = text.replace("Tuesday 4th April 2023\n", "")
    assert parse(undated, source_name="x.txt").slug == "ppbw-undated"


def test_bad_input() -> None:
    with pytest.raises(InputError):
        parse("   \n", source_name="empty.txt")
    assert parse_date("Thursday 17th March 2022").isoformat() == "2022-03-17"  # type: ignore[union-attr]
    assert parse_date("31 February 2022") is None


def test_data_files_exist_for_every_minutes_source() -> None:
    for source in MINUTES:
        assert (DATA / f"{source.slug}.ttl").is_file()
        assert Path(DATA / f"{source.slug}.ttl").read_text(encoding="utf-8").count("eq:Minutes") == 1


def test_tagging_and_timelines(committed: dict[str, Graph]) -> None:
    """Objective titles and action texts are tagged (basis:tagged); "in June 2022" becomes a due date."""
    from eqkg.namespaces import BASIS, PC

    g = committed["palg-undated"]
    gypsy = ID["plan/south-wales-joint-equality-plan/objective/gypsy-roma-and-traveller-communities"]
    claims = list(g.objects(gypsy, EQ.claim))
    assert claims and all(g.value(c, EQ.basis) == BASIS["tagged"] for c in claims)
    assert PC["race/gypsy-roma-traveller"] in {g.value(c, EQ.claimCharacteristic) for c in claims}
    ppbw = committed["ppbw-2022-03-17"]
    covenant = ID["meeting/ppbw-2022-03-17/action/1"]
    assert str(ppbw.value(covenant, EQ.dueDate)) == "2022-06-30"
    assert str(ppbw.value(ppbw.value(covenant, EQ.timeline), EQ.wording)) == "June 2022"


def test_a_meeting_without_a_named_chair_says_so(committed: dict[str, Graph]) -> None:
    # Audit: the undated PALG minutes name no chair (LJ opens and closes, but is never called chair).
    said = {slug: "The minutes name no chair." in {str(x) for x in g.objects(ID[f"meeting/{slug}"], EQ.ambiguity)}
            for slug, g in committed.items()}
    assert said == {"palg-undated": True, "palg-2019-03-13": False, "ppbw-2022-03-17": False}


AGREEMENTS_2019 = [
    ("1", "line 95",
     "The group agreed that their preference would be to cancel the meeting, as there was value in hearing and "
     "learning from other organisations and this would be difficult to achieve if only a couple were in attendance.",
     "The group", "Confirmed by LJ: 'LJ confirmed that this would be the agreed approach in the future.'"),
    ("2", "line 141",
     "As the Bristol University research was due to be published in June, an agreement was made to revisit this "
     "agenda item when the research has been launched.",
     None, "Worded without a subject ('an agreement was made'): read as the meeting's agreement."),
]


def test_agreements_of_the_2019_palg_meeting(committed: dict[str, Graph]) -> None:
    """Issue #18.1: the group's agreements (line 95, with LJ's confirmation, and line 141) are read."""
    from rdflib.namespace import PROV

    g = committed["palg-2019-03-13"]
    meeting = ID["meeting/palg-2019-03-13"]
    found = {str(a) for a in g.subjects(EQ.arisingFrom, meeting) if (a, RDF.type, EQ.Commitment) in g
             and (a, RDF.type, EQ.ActionItem) not in g}
    assert found == {f"{meeting}/agreement/1", f"{meeting}/agreement/2"}
    for n, location, text, wording, note in AGREEMENTS_2019:
        node = URIRef(f"{meeting}/agreement/{n}")
        assert g.value(node, EQ.text) == Literal(text)
        assert g.value(node, EQ.sourceLocation) == Literal(location)
        assert set(g.objects(node, EQ.lead)) == {ID["organisation/palg"]}  # the group: PALG
        assert g.value(node, EQ.wording) == (Literal(wording) if wording else None)
        assert Literal(note) in set(g.objects(node, EQ.note))
    assert set(g.objects(URIRef(f"{meeting}/agreement/1"), PROV.wasAttributedTo)) == {ID["person/lee-jones"]}
    assert set(g.objects(URIRef(f"{meeting}/agreement/2"), PROV.wasAttributedTo)) == set()


def test_agreeing_with_a_view_is_not_an_agreement(committed: dict[str, Graph]) -> None:
    """'ET agreed that it would be beneficial ...' (2019, line 135) and 'Minister Malthouse agreed that ...' (2022)
    are people agreeing with a view; the undated minutes' 'HJJ agreed to consider ...' stays their one agreement."""
    counts = {slug: len({a for a in g.subjects(RDF.type, EQ.Commitment) if "/agreement/" in str(a)})
              for slug, g in committed.items()}
    assert counts == {"palg-undated": 1, "palg-2019-03-13": 2, "ppbw-2022-03-17": 0}


def test_synthetic_agreement_forms() -> None:
    text = ("Equality Group\n13 March 2019\nMinutes\nAttendees\nLee Jones - Chair (LJ)\nOfficer\n"
            "Ann Bell (AB)\nOfficer\nCai Dee (CD)\nOfficer\n"
            "1. Business\nIt was agreed that the plan be published. AB agreed to draft the letter. "
            "CD agreed that it was a good idea. RESOLVED that the report be noted.\n")
    g = parse(text, slug="synthetic-agreements").graph
    texts = sorted(str(g.value(a, EQ.text)) for a in g.subjects(RDF.type, EQ.Commitment) if "/agreement/" in str(a))
    assert texts == ["AB agreed to draft the letter.", "It was agreed that the plan be published.",
                     "RESOLVED that the report be noted."]
