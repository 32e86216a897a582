"""The general minutes reader (eqkg.ingest.minutes_reader) on small minutes written here, in several layouts.

Each document is read through eqkg.documents.read_bytes, as an upload would be;
the figures were counted by reading the texts below.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, XSD
from test_ingest_genre import PLAN_MD  # one small plan for the genre tests of both modules

from eqkg.documents import read_bytes
from eqkg.errors import InputError
from eqkg.ingest import minutes, minutes_reader, read_document
from eqkg.ingest.common import IngestResult
from eqkg.ingest.entities import looks_like_person_name
from eqkg.namespaces import EQ, ID, SCHEMA

HEADINGS_MD = """# Equality and Diversity Steering Group

**Minutes of the meeting held on Tuesday 6 June 2023, 10:00**

**Present:** Cllr Huw Thomas (Chair), Jane Smith (JS), Head of HR, Ravi Patel, Dr Amy Jones (Example Health Board)

**In attendance:** Tom Evans (minutes)

Apologies were received from Sarah Lee, Mark O'Brien and Priya Shah.

## 1. Welcome and introductions

The Chair welcomed everyone to the meeting.

## 2. Minutes of the last meeting

The minutes were agreed as a true record. It was agreed that the terms of reference would be reviewed in September.

## 3. Gender pay gap report

JS presented the gender pay gap report. The group agreed to publish the report by 31 July 2023.

ACTION: JS to circulate the final report to members by 30 June 2023.

Action: Publish the report on the website (RP)

## 4. Any other business

None.

## 5. Date of next meeting

5 September 2023.
"""

TABLES_TXT = """Northshire Fire and Rescue Service
Inclusion Network - Minutes
Date: 14/02/2024
Venue: Microsoft Teams

Attendees
Name\tRole
Aled Rees\tChair, Area Manager
Bethan Morgan\tInclusion Officer
Chris Hughes\tStation Manager

Apologies
Name\tRole
Dawn Price\tHR Business Partner

1. Welcome and apologies
2. Minutes of the previous meeting
3. Matters arising
4. Staff survey results
5. Recruitment of women firefighters
6. Positive action update
7. Network terms of reference
8. Training plan
9. Any other business
10. Date of next meeting

Item 4 discussion: BM reported the staff survey results. RESOLVED that the survey results be published to all staff.

Action log
No.\tAction\tOwner\tDue\tStatus
1\tShare survey results with stations\tBM\tMarch 2024\tOpen
2\tArrange positive action open day\tCH\tQ1 2024/25\tNot started
3\tReview terms of reference\tAR/BM\t30/04/2024\tIn progress
"""

ITEM_TABLE_MD = """# Disability Equality Group – notes of meeting

Date: 12 March 2024

| Present | Apologies |
|---|---|
| Sam Carter (SC) | Lee Wong |
| Nia Davies (ND) | |
| Sian Clarke (SC) | |

| Item | Discussion | Action |
|---|---|---|
| 1. Welcome | SC welcomed members. | None |
| 2. Accessible toilets | The group discussed the new toilets. It was agreed that a survey would be sent. | ND to draft the survey by April 2024 |
| 3. Staff survey | Results were shared. | SC to share results |
"""

#: The bug of issue #12: numbered agenda lines under "Present" were minted as 22 people.
AGENDA_LINES_TXT = """Minutes of the Equality Forum
Wednesday 3rd April 2024

Present:
Jane Smith - Chair
Welcome and introductions
Minutes of the last meeting
Matters arising
1. Welcome
2. Minutes
3. Matters arising
4. Budget
5. Hate crime
6. Gender pay gap
7. Staff networks
8. Training
9. Any other business
10. Date of next meeting
"""



def read(text: str, name: str) -> IngestResult:
    document = read_bytes(text.encode("utf-8"), filename=name)
    assert minutes.fits(document).score == 0, "the seed layout reader must leave this layout to the general one"
    result = read_document(document, profile="minutes")
    assert result.report.items, "nothing read"
    return result


def items(result: IngestResult, kind: str) -> list[str]:
    return [i.text for i in result.report.items if i.kind == kind]


def people(graph: Graph) -> set[str]:
    return {str(n) for p in graph.subjects(RDF.type, EQ.Person) for n in graph.objects(p, FOAF.name)}


def test_headings_layout() -> None:
    result = read(HEADINGS_MD, "steering-group.md")
    g, meeting = result.graph, ID["meeting/edsg-2023-06-06"]
    assert result.slug == "edsg-2023-06-06"
    assert g.value(meeting, SCHEMA.startDate) == Literal("2023-06-06", datatype=XSD.date)
    assert items(result, "attendee") == ["Cllr Huw Thomas", "Jane Smith", "Ravi Patel", "Dr Amy Jones", "Tom Evans"]
    assert items(result, "apology") == ["Sarah Lee", "Mark O'Brien", "Priya Shah"]
    assert items(result, "agenda item") == ["Welcome and introductions", "Minutes of the last meeting",
                                            "Gender pay gap report", "Any other business", "Date of next meeting"]
    jane = next(i for i in result.report.items if i.text == "Jane Smith")
    assert jane.fields == {"role": "Head of HR", "initials": "JS"}
    assert {str(c).rsplit("/", 1)[-1] for c in g.objects(meeting, EQ.chair)} == {"huw-thomas"}
    assert people(g) == {"Huw Thomas", "Jane Smith", "Ravi Patel", "Amy Jones", "Tom Evans", "Sarah Lee",
                         "Mark O'Brien", "Priya Shah"}
    actions = [i for i in result.report.items if i.kind == "action"]
    assert [(a.text, a.fields.get("owner"), a.fields.get("due")) for a in actions] == [
        ("JS to circulate the final report to members by 30 June 2023.", "JS", "30 June 2023"),
        ("Publish the report on the website", "RP", None),
    ]
    first, second = (URIRef(f"{meeting}/action/{n}") for n in (1, 2))
    assert set(g.objects(first, EQ.lead)) == {ID["person/jane-smith"]}
    assert set(g.objects(second, EQ.lead)) == {ID["person/ravi-patel"]}  # RP: the only attendee with those initials
    assert g.value(first, EQ.dueDate) == Literal("2023-06-30", datatype=XSD.date)
    assert items(result, "agreement") == [
        "It was agreed that the terms of reference would be reviewed in September.",
        "The group agreed to publish the report by 31 July 2023.",
    ]
    assert result.report.confidence == "high"
    assert set(g.subjects(EQ.sourceLocation, Literal("line 5"))) >= {URIRef(f"{meeting}/attendance/1")}


def test_tab_tables_and_action_log() -> None:
    result = read(TABLES_TXT, "inclusion-network.txt")
    g, meeting = result.graph, ID["meeting/nfrs-2024-02-14"]
    assert items(result, "attendee") == ["Aled Rees", "Bethan Morgan", "Chris Hughes"]
    assert items(result, "apology") == ["Dawn Price"]
    assert len(items(result, "agenda item")) == 10
    assert {str(c).rsplit("/", 1)[-1] for c in g.objects(meeting, EQ.chair)} == {"aled-rees"}
    assert g.value(meeting, EQ.place) == Literal("Microsoft Teams")
    assert items(result, "action") == ["Share survey results with stations", "Arrange positive action open day",
                                       "Review terms of reference"]
    leads = [{str(p).rsplit("/", 1)[-1] for p in g.objects(URIRef(f"{meeting}/action/{n}"), EQ.lead)}
             for n in (1, 2, 3)]
    assert leads == [{"bethan-morgan"}, {"chris-hughes"}, {"aled-rees", "bethan-morgan"}]
    third = URIRef(f"{meeting}/action/3")
    assert g.value(third, EQ.dueDate) == Literal("2024-04-30", datatype=XSD.date)
    assert {str(s).rsplit("/", 1)[-1] for s in g.objects(third, EQ.status)} == {"in-progress"}
    assert items(result, "agreement") == ["RESOLVED that the survey results be published to all staff."]
    assert len(people(g)) == 4


def test_item_action_table_and_ambiguous_initials() -> None:
    result = read(ITEM_TABLE_MD, "disability-group.md")
    g, meeting = result.graph, ID["meeting/deg-2024-03-12"]
    assert items(result, "attendee") == ["Sam Carter", "Nia Davies", "Sian Clarke"]
    assert items(result, "apology") == ["Lee Wong"]
    assert items(result, "agenda item") == ["Welcome", "Accessible toilets", "Staff survey"]
    assert items(result, "action") == ["ND to draft the survey by April 2024", "SC to share results"]
    assert set(g.objects(URIRef(f"{meeting}/action/1"), EQ.lead)) == {ID["person/nia-davies"]}
    # SC are the initials of two attendees: kept as written, nobody is guessed
    second = URIRef(f"{meeting}/action/2")
    assert list(g.objects(second, EQ.lead)) == []
    assert g.value(second, EQ.wording) == Literal("SC")
    assert result.report.confidence == "medium"
    assert "owner initials 'SC' match several attendees; kept as written" in result.report.unplaced
    assert items(result, "agreement") == ["It was agreed that a survey would be sent."]


def test_numbered_agenda_lines_mint_no_people() -> None:
    result = read(AGENDA_LINES_TXT, "forum.txt")
    assert items(result, "attendee") == ["Jane Smith"]
    assert len(items(result, "agenda item")) == 10
    assert people(result.graph) == {"Jane Smith"}
    assert [m for m in result.report.unplaced if "is not a person's name" in m] == [
        "attendee: 'Welcome and introductions' (line 6) is not a person's name; not read as one",
        "attendee: 'Minutes of the last meeting' (line 7) is not a person's name; not read as one",
        "attendee: 'Matters arising' (line 8) is not a person's name; not read as one",
    ]


def test_a_plan_is_not_minutes() -> None:
    document = read_bytes(PLAN_MD.encode("utf-8"), filename="plan.md")
    assert minutes_reader.fits(document).score == 0
    with pytest.raises(InputError, match="does not read as minutes"):
        read_document(document, profile="minutes")


def test_nothing_found_is_an_error() -> None:
    document = read_bytes(b"Minutes\n\nThe meeting did not take place.\n", filename="empty.txt")
    with pytest.raises(InputError, match="is this minutes"):
        minutes_reader.read(document)


@pytest.mark.parametrize(("text", "expected"), [
    ("Jane Smith", True), ("Dr Amy Jones", True), ("Cllr Huw Thomas", True), ("Hannah Jenkins-Jones", True),
    ("J. R. Smith", True), ("Rhian ap Gwilym", True), ("Jane SMITH", True), ("Mark Drakeford MS", True),
    ("Chief Constable Pam Kelly", True),
    ("Welcome and introductions", False), ("Minutes of the last meeting", False), ("Matters arising", False),
    ("Any other business", False), ("Date of next meeting", False), ("Example County Council", False),
    ("Head of HR", False), ("Gwent Police", False), ("JS", False), ("Jane", False), ("Item 3", False),
    ("Hate Crime", False), ("Gender Pay Gap", False), ("Ravi Patel (Chair)", False),
    ("Llŷr Hughes", True), ("Siân Ŵyn", True), ("Gwenllïan Ôl", True), ("Huw Â", False),
])
def test_looks_like_person_name(text: str, expected: bool) -> None:
    assert looks_like_person_name(text) is expected


# ---------------------------------------------------------------- layouts bodies use (issue 12, items 3 and 4)

FLAGS_MD = """# Harbourside Borough Council

## Inclusion Working Group

Minutes of the meeting held on 3 March 2025

Present: Councillor Mair Pugh (Chair), Tomas Lind (TL), Ivy Chen (IC), Bryn Lewis (BL)

Apologies: Councillor Rob Kerr

**IWG/1 STAFF NETWORKS**

TL reported that the networks had met twice since January.

TL to draft a joint calendar of network events for the intranet.

ACTION: TL

Officers to collect feedback from the disabled staff network on the new office layout.

ACTION: IC/BL

**IWG/2 COMMUNITY ENGAGEMENT**

Councillor Pugh asked for more engagement with Gypsy and Traveller families.

Councillor Pugh to visit the Marsh Lane site with the liaison officer.

ACTION: Cllr Pugh

**IWG/3 DATA**

2.1 Ivy Chen presented the monitoring data. Completion of the religion question was low. IC to add a short explanation of why the data is collected to the HR portal by the end of April. (Action: IC)

2.2 The group discussed the translation budget. BL will ask the finance team for the spend on interpreting. (Action: BL)
"""


def test_flag_lines_and_bracketed_flags() -> None:
    result = read(FLAGS_MD, "inclusion-working-group.md")
    g, meeting = result.graph, ID["meeting/hbc-2025-03-03"]
    actions = [(i.text, i.fields.get("owner")) for i in result.report.items if i.kind == "action"]
    assert actions == [
        ("TL to draft a joint calendar of network events for the intranet.", "TL"),
        ("Officers to collect feedback from the disabled staff network on the new office layout.", "IC/BL"),
        ("Councillor Pugh to visit the Marsh Lane site with the liaison officer.", "Cllr Pugh"),
        ("IC to add a short explanation of why the data is collected to the HR portal by the end of April.", "IC"),
        ("BL will ask the finance team for the spend on interpreting.", "BL"),
    ]
    leads = [{str(p).rsplit("/", 1)[-1] for p in g.objects(URIRef(f"{meeting}/action/{n}"), EQ.lead)}
             for n in range(1, 6)]
    assert leads == [{"tomas-lind"}, {"ivy-chen", "bryn-lewis"}, {"mair-pugh"}, {"ivy-chen"}, {"bryn-lewis"}]
    assert [i.fields.get("due") for i in result.report.items if i.kind == "action"][3] == "the end of April"
    assert people(g) == {"Mair Pugh", "Tomas Lind", "Ivy Chen", "Bryn Lewis", "Rob Kerr"}


PANEL_MD = """# MIDLOW FIRE AND RESCUE AUTHORITY

MINUTES of the meeting of the Standards and Equality Panel held on Tuesday 11 February 2025 at 2.00 pm.

PRESENT: Councillors Wendy Ashe (Chair) (Midlow County Council), Kofi Mensah (Vice-Chair) (Ridge District Council) and Paula Grove (Midlow County Council); Mrs Dora Kidd and Mr Sunil Rao (Independent Members).

ALSO PRESENT: Rowan Blake (Chief Fire Officer), Esther Vale (Head of People, Midlow Fire and Rescue Service) and Professor Tariq Aziz (Equality Adviser, Research) (Observer).

In attendance: Gethin Ŵyn (Governance Officer, for item 2)

Clerk: Llŷr Bowen

## 1. Declarations of interest

None were made.

## 2. Equality report

Rowan Blake presented the annual report.
"""


def test_attendee_lines_with_nested_brackets_and_plural_titles() -> None:
    result = read(PANEL_MD, "standards-panel.md")
    attendees = [(i.text, i.fields.get("role"), i.fields.get("chair")) for i in result.report.items
                 if i.kind == "attendee"]
    assert attendees == [
        ("Councillor Wendy Ashe", "Midlow County Council", "Chair"),
        ("Councillor Kofi Mensah", "Ridge District Council", "Vice-Chair"),
        ("Councillor Paula Grove", "Midlow County Council", None),
        ("Mrs Dora Kidd", None, None),
        ("Mr Sunil Rao", "Independent Members", None),
        ("Rowan Blake", "Chief Fire Officer", None),
        ("Esther Vale", "Head of People, Midlow Fire and Rescue Service", None),
        ("Professor Tariq Aziz", "Equality Adviser, Research, Observer", None),
        ("Gethin Ŵyn", "Governance Officer, for item 2", None),
        ("Llŷr Bowen", "Clerk", None),
    ]
    g, meeting = result.graph, ID["meeting/mfra-2025-02-11"]
    # the vice-chair is listed, not taken for the chair
    assert {str(c).rsplit("/", 1)[-1] for c in g.objects(meeting, EQ.chair)} == {"wendy-ashe"}
    assert len(people(g)) == 10


ACTION_LOG_MD = """# Equality Charter Team

Minutes of meeting 4, 2 April 2025

Members present: Dr Ana Sousa (Chair); Ben Hale (Planning); Chloe Dunn (Students' Union)

## Item 1 – Data

Dr Ana Sousa presented the data.

Action – Produce the progression charts by department and entry route – Ben Hale – by 9 May 2025

## Item 2 – Students

Action – Run two student focus groups on belonging – Chloe Dunn – by 30 May 2025

## Action log

| No. | Action | Owner | Due | Status |
|---|---|---|---|---|
| 1 | Book the room for the staff focus groups | Dr Ana Sousa | 14 March 2025 | Complete |
| 2 | Produce the progression charts by department and entry route | Ben Hale | 9 May 2025 | New |
| 3 | Run two student focus groups on belonging | Chloe Dunn | 30 May 2025 | New |
"""


def test_dash_actions_and_an_action_log_that_repeats_them() -> None:
    result = read(ACTION_LOG_MD, "charter-team.md")
    actions = [(i.text, i.fields.get("owner"), i.fields.get("due")) for i in result.report.items if i.kind == "action"]
    assert actions == [
        ("Book the room for the staff focus groups", "Dr Ana Sousa", "14 March 2025"),
        ("Produce the progression charts by department and entry route", "Ben Hale", "9 May 2025"),
        ("Run two student focus groups on belonging", "Chloe Dunn", "30 May 2025"),
    ]
    assert sum("is also in the action table; read once" in m for m in result.report.unplaced) == 2


GROUP_TABLE_MD = """# Eastmere Police and Crime Panel

Minutes of the meeting held on 20 January 2025

| Members | Officers |
|---|---|
| Cllr Nora Fitch (Chair) | Chief Superintendent Alan Moss |
| Cllr Deri Owen | Farah Latif, Equality Lead |
| Mr Ifor Jones (Independent Member) | |

Officers: Ruth Mayo (Panel Officer) and Sam Greer (Democratic Services).

Apologies: Cllr Lyn Shaw

### 1. Welcome

The Chair welcomed members.
"""


def test_a_table_of_groups_is_two_lists_of_names() -> None:
    result = read(GROUP_TABLE_MD, "police-panel.md")
    attendees = [(i.text, i.fields.get("role")) for i in result.report.items if i.kind == "attendee"]
    assert attendees == [
        ("Cllr Nora Fitch", None), ("Cllr Deri Owen", None), ("Mr Ifor Jones", "Independent Member"),
        ("Chief Superintendent Alan Moss", None), ("Farah Latif", "Equality Lead"),
        ("Ruth Mayo", "Panel Officer"), ("Sam Greer", "Democratic Services"),
    ]
    assert items(result, "apology") == ["Cllr Lyn Shaw"]
    part = ID["meeting/epcp-2025-01-20/attendance/5"]
    assert result.graph.value(part, EQ.note) == Literal("Listed under 'Officers'.")
    assert len(people(result.graph)) == 8


def test_numbered_actions_late_attendees_and_job_titles_that_are_not_people() -> None:
    from eqkg.documents import read_bytes
    from eqkg.ingest import read_document

    text = ("MINUTES OF THE EQUALITY GROUP\nheld on 5 March 2025\n\nIn attendance:\n"
            "Morag Henderson, Director of Public Health (Chair)\nDr Anjali Rao, Consultant Psychiatrist\n\n"
            "In attendance for item 2: Sioned Evans, Welsh Language Officer\n\n1. Welcome\n\nThe Chair welcomed all.\n\n"
            "2. Welsh language\n\nAction 3/25: Sioned Evans to translate the signs by 30 April.\n")
    report = read_document(read_bytes(text.encode(), "minutes.txt"), "minutes").report
    assert [i.text for i in report.items if i.kind == "attendee"] == ["Morag Henderson", "Dr Anjali Rao", "Sioned Evans"]
    action = next(i for i in report.items if i.kind == "action")
    assert action.text.startswith("Sioned Evans to translate the signs")


# ---------------------------------------------------------------- owners that are teams, posts or bodies

TEAM_OWNERS_MD = """# Access and Inclusion Forum of Hollinsway College

Minutes of the meeting held on 12 May 2025

**Present:** Marta Kowal (Chair), Owen Birch (OB), Leila Hassan

## 1. Campus access

The forum heard that the lift in the library block is out of use again.

Action: Estates to arrange a temporary ramp at the library entrance.

Action: Building Control to inspect the new ramp before it opens.

ACTION: Put up signs to the step-free route – Facilities Team

ACTION: Write to students about the lift (Communications Team)

Staff asked where to report a broken hearing loop.
ACTION: Talent Acquisition

## 2. Staff networks

Action: Ward Managers to share the network dates with night staff.

Action: Trade Unions to nominate a member for the working group.

Action: Head of Policy and Performance to bring the monitoring report in July.

Action: All members to complete the refreshed equality training.

Action: OB to book the room for the network launch.
"""


def test_owners_that_are_teams_posts_or_bodies_are_kept_as_written_and_never_people() -> None:
    result = read(TEAM_OWNERS_MD, "hollinsway-forum.md")
    actions = [(i.text, i.fields.get("owner")) for i in result.report.items if i.kind == "action"]
    assert actions == [
        ("Estates to arrange a temporary ramp at the library entrance.", "Estates"),
        ("Building Control to inspect the new ramp before it opens.", "Building Control"),
        ("Put up signs to the step-free route", "Facilities Team"),
        ("Write to students about the lift", "Communications Team"),
        ("Staff asked where to report a broken hearing loop.", "Talent Acquisition"),
        ("Ward Managers to share the network dates with night staff.", "Ward Managers"),
        ("Trade Unions to nominate a member for the working group.", "Trade Unions"),
        ("Head of Policy and Performance to bring the monitoring report in July.", "Head of Policy and Performance"),
        ("All members to complete the refreshed equality training.", "All members"),
        ("OB to book the room for the network launch.", "OB"),
    ]
    assert people(result.graph) == {"Marta Kowal", "Owen Birch", "Leila Hassan"}
    g = result.graph
    action = ID["meeting/aifhc-2025-05-12/action/8"]
    assert g.value(action, EQ.wording) == Literal("Head of Policy and Performance")
    assert g.value(action, EQ.lead) is None
    assert g.value(action, EQ.note) == Literal("The owner 'Head of Policy and Performance' is a team, post or body: "
                                               "kept as written, no person is named.")
    assert g.value(action, EQ.ambiguity) is None
    assert g.value(ID["meeting/aifhc-2025-05-12/action/10"], EQ.lead) == ID["person/owen-birch"]


@pytest.mark.parametrize("text", [
    "Talent Acquisition", "Ward Managers", "Trade Unions", "Building Control", "Fleet Management", "Data Analytics",
    "Staff Nurses", "Adran Adnoddau Dynol", "Tîm Cyfathrebu", "Swyddog Cydraddoldeb", "Gwasanaethau Cwsmeriaid",
    "Cyfarwyddwr Cyllid", "Yr Ystadau",
])
def test_team_and_function_names_are_not_names(text: str) -> None:
    assert not looks_like_person_name(text)


@pytest.mark.parametrize("text", ["Clement Price", "Martin McGuinness", "Tim Jones", "Sion Davies", "Anna Childs",
                                  "Yr Athro Gareth Llewelyn"])
def test_names_near_those_shapes_are_still_names(text: str) -> None:
    assert looks_like_person_name(text)


# ---------------------------------------------------------------- hard-wrapped attendee lists and police ranks

WRAPPED_TXT = """KESTREL VALE COMMUNITY SAFETY PARTNERSHIP
Minutes of the meeting held on Monday 3 March 2025 at 10.00am, Council Chamber

Present:
Cllr Nerys Bowen (Chair); Omar Siddiqui (Head of Community Safety); Bethan Lloyd (Hate Crime
Support Worker); PS Daniel Okoro (Kestrel Vale Neighbourhood Policing Team); PCSO Hannah
Price (Kestrel Vale Rural Team); PC Tomasz Nowak (Diversity Liaison Officer)

Apologies: Cllr Rhys Vaughan; Sandra Mills (Victim Support); Inspector Gareth Lewis (Road
Policing)

1. Welcome
The Chair welcomed everyone.

2. Hate crime reporting
Figures for the quarter were noted.
ACTION: TN to brief officers on recording disability hate crime.
"""


def test_a_hard_wrapped_attendee_list_and_police_ranks() -> None:
    result = read(WRAPPED_TXT, "kvcsp-minutes.txt")
    attendees = [(i.text, i.fields.get("role")) for i in result.report.items if i.kind == "attendee"]
    assert attendees == [
        ("Cllr Nerys Bowen", None), ("Omar Siddiqui", "Head of Community Safety"),
        ("Bethan Lloyd", "Hate Crime Support Worker"),
        ("PS Daniel Okoro", "Kestrel Vale Neighbourhood Policing Team"),
        ("PCSO Hannah Price", "Kestrel Vale Rural Team"), ("PC Tomasz Nowak", "Diversity Liaison Officer"),
    ]
    assert items(result, "apology") == ["Cllr Rhys Vaughan", "Sandra Mills", "Inspector Gareth Lewis"]
    assert people(result.graph) == {"Nerys Bowen", "Omar Siddiqui", "Bethan Lloyd", "Daniel Okoro", "Hannah Price",
                                    "Tomasz Nowak", "Rhys Vaughan", "Sandra Mills", "Gareth Lewis"}
    action = next(i for i in result.report.items if i.kind == "action")
    assert action.fields.get("owner") == "TN"
    assert result.graph.value(ID["meeting/kvcsp-2025-03-03/action/1"], EQ.lead) == ID["person/tomasz-nowak"]
    assert not [n for n in result.report.unplaced if "is not a person's name" in n]


def test_words_in_brackets_after_an_action_are_an_owner_only_when_they_name_a_team_or_post() -> None:
    text = ("# Equality Group of Fenmoor Council\n\nMinutes of the meeting held on 2 June 2025\n\n"
            "**Present:** Ruth Ibbotson (Chair), Kwame Mensah\n\n## 1. Access\n\n"
            "Action: Film the council tax guide in signed video (British Sign Language)\n\n"
            "Action: Check the new policy against the duty (Equality Act)\n\n"
            "Action: Book interpreters for the June surgeries (Customer Services)\n\n"
            "Action: Survey the car park ramps (Building Control)\n")
    result = read(text, "fenmoor.md")
    assert [(i.text, i.fields.get("owner")) for i in result.report.items if i.kind == "action"] == [
        ("Film the council tax guide in signed video (British Sign Language)", None),
        ("Check the new policy against the duty (Equality Act)", None),
        ("Book interpreters for the June surgeries", "Customer Services"),
        ("Survey the car park ramps (Building Control)", None),
    ]


def test_a_functions_acronym_is_an_attendees_initials_when_one_attendee_has_them() -> None:
    text = ("# Inclusion Forum of Westmoor College\n\nMinutes of the meeting held on 3 March 2025\n\n"
            "**Present:** Alice Marwood (Chair), Helen Roberts (HR), Carys Pryce\n\n## 1. Staff survey\n\n"
            "Action: HR to circulate the survey results.\n\n"
            "Action: IT to fix the captioning on the intranet videos.\n")
    result = read(text, "westmoor.md")
    g = result.graph
    first, second = ID["meeting/ifwc-2025-03-03/action/1"], ID["meeting/ifwc-2025-03-03/action/2"]
    assert g.value(first, EQ.lead) == ID["person/helen-roberts"]
    assert g.value(second, EQ.lead) is None
    assert g.value(second, EQ.note) == Literal("The owner 'IT' is a team, post or body: kept as written, "
                                               "no person is named.")
