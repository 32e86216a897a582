"""Structures found by the sixth held-out reading (Welsh trans words, minutes actions), in our own words."""

from __future__ import annotations

import pytest
from rdflib.namespace import FOAF

from eqkg.documents import read_bytes
from eqkg.ingest import read_document
from eqkg.ingest.tagging import lexicon, mutations
from eqkg.namespaces import EQ

# ---------------------------------------------------------------- Welsh "traws"


@pytest.mark.parametrize(("text", "expected"), [
    # "traws" alone, after a list of adjectives, with the aspirate mutation after "a".
    ("Rydym am i staff lesbiaidd, hoyw, deurywiol a thraws deimlo'n ddiogel.",
     {"sexual-orientation": "tagged", "gender-reassignment": "tagged"}),
    ("Cefnogi gweithwyr traws yn y gweithle.", {"gender-reassignment": "tagged"}),
    ("Grŵp cymorth i bobl draws a'u teuluoedd.", {"gender-reassignment": "tagged"}),
    ("Ni fydd neb yn cael ei fwlio am fod yn draws.", {"gender-reassignment": "tagged"}),
    ("Canllawiau ar gyfer disgyblion trawsrywiol.", {"gender-reassignment": "tagged"}),
    # The Welsh LGBTQ+ label names both characteristics, as the English one does.
    ("Sefydlu fforwm LHDTC+ i'r holl staff.", {"sexual-orientation": "tagged", "gender-reassignment": "tagged"}),
])
def test_welsh_trans_words_name_gender_reassignment(text: str, expected: dict[str, str]) -> None:
    assert lexicon("characteristic", lang="cy").bases(text) == expected


@pytest.mark.parametrize("text", [
    "Byddwn yn gweithio ar draws y sefydliad i wella'r gwasanaeth.",   # "ar draws" = across
    "Ar hyd ac ar draws y sir mae'r galw yn cynyddu.",
    "Mae angen trawsnewid y ffordd rydym yn recriwtio.",             # trawsnewid = transform
    "Partneriaeth drawsffiniol gyda'r awdurdodau cyfagos.",           # cross-border, one word
    "Cynllun gweithredu traws-sector ar gyfer y rhanbarth.",          # hyphenated prefix
    "Cynllun gweithredu traws sector ar gyfer y rhanbarth.",          # the prefix written apart
    "Grŵp llywio traws adrannol a fydd yn cwrdd bob chwarter.",
    "Teithio ar fysiau Traws Cymru rhwng y trefi.",
])
def test_welsh_traws_meaning_across_or_cross_is_not_trans(text: str) -> None:
    assert lexicon("characteristic", lang="cy").bases(text) == {}


def test_traws_mutates_like_other_welsh_labels() -> None:
    assert mutations("traws") == ["draws", "nhraws", "thraws"]


def test_english_draws_is_not_read_with_the_welsh_labels() -> None:
    assert lexicon("characteristic", lang="en").bases("The report draws on staff survey results.") == {}


# ---------------------------------------------------------------- minutes actions

NETWORK_NOTE_TXT = """Riverside Trust Disabled Staff Network
Note of the meeting held on 3 March 2026

Present: Marta Kowalski (Chair), Idris Bowen, Sunita Rao, Hannah Ellis, Tomasz Nowak
Apologies: Gareth Pugh

1. Reasonable adjustments passport
The network reviewed the first six months of the passport scheme. It was agreed that Idris Bowen and Sunita Rao would write a short guide for line managers (action).

2. Building access
Members raised the broken lift at the north entrance. The network agreed that the Estates Team will report progress to each meeting \u2013 ACTION
It was agreed that the car park signs would be replaced (action).
The network agreed to keep the item on the agenda.

3. Actions
ACTION \u2013 Hannah Ellis \u2013 by 30 April 2026: Collect examples of good adjustment conversations
ACTION: Tomasz Nowak \u2013 end of May \u2013 Invite the occupational health lead to the next meeting
Action (Marta Kowalski, 12 June 2026): Update the network's page on the intranet
"""


def test_actions_with_owner_and_due_first_and_agreed_actions() -> None:
    result = read_document(read_bytes(NETWORK_NOTE_TXT.encode("utf-8"), filename="network-note.txt"),
                           profile="minutes")
    actions = [(i.text, i.fields.get("owner"), i.fields.get("due"))
               for i in result.report.items if i.kind == "action"]
    assert actions == [
        ("Write a short guide for line managers", "Idris Bowen and Sunita Rao", None),
        ("Report progress to each meeting", "the Estates Team", None),
        ("It was agreed that the car park signs would be replaced", None, None),
        ("Collect examples of good adjustment conversations", "Hannah Ellis", "30 April 2026"),
        ("Invite the occupational health lead to the next meeting", "Tomasz Nowak", "end of May"),
        ("Update the network's page on the intranet", "Marta Kowalski", "12 June 2026"),
    ]
    # Owners who attended are linked to their person; the team is kept as written.
    g = result.graph
    leads = {str(g.value(p, FOAF.name)) for a in g.subjects(EQ.text, None) for p in g.objects(a, EQ.lead)
             if g.value(p, FOAF.name) is not None}
    assert {"Idris Bowen", "Sunita Rao", "Hannah Ellis", "Tomasz Nowak", "Marta Kowalski"} <= leads


PLAIN_ACTIONS_TXT = """Riverside Trust Disabled Staff Network
Note of the meeting held on 7 July 2026

Present: Marta Kowalski (Chair), Idris Bowen

1. Policies
It was agreed that the policy would be reviewed in the autumn (action).
ACTION: Review the flexible working policy: section 4 needs plain English
ACTION: Estates \u2013 arrange a site visit with the access group
ACTION: Survey all staff \u2013 agency workers too \u2013 on their access needs
Action (Idris Bowen): Book the accessible meeting room
"""


def test_colons_and_dashes_that_are_not_owner_or_date_stay_in_the_action() -> None:
    result = read_document(read_bytes(PLAIN_ACTIONS_TXT.encode("utf-8"), filename="network-note-2.txt"),
                           profile="minutes")
    actions = [(i.text, i.fields.get("owner"), i.fields.get("due"))
               for i in result.report.items if i.kind == "action"]
    assert actions == [
        # passive: the policy is what is reviewed, not who reviews it
        ("It was agreed that the policy would be reviewed in the autumn", None, None),
        ("Review the flexible working policy: section 4 needs plain English", None, None),
        ("arrange a site visit with the access group", "Estates", None),  # a team before a dash owns it
        ("Survey all staff \u2013 agency workers too \u2013 on their access needs", None, None),
        ("Book the accessible meeting room", "Idris Bowen", None),
    ]


EVENTS_TXT = """Riverside Trust Disabled Staff Network
Note of the meeting held on 8 September 2026

Present: Marta Kowalski (Chair), Idris Bowen (IB)

1. Events
ACTION: Pride Month: order flags for the network stand
ACTION: IB: ask the comms team for a budget
It was agreed that Peter Smith would chair the next event (action).
"""


def test_a_name_shaped_head_without_a_date_must_be_someone_at_the_meeting() -> None:
    result = read_document(read_bytes(EVENTS_TXT.encode("utf-8"), filename="network-note-3.txt"),
                           profile="minutes")
    actions = [(i.text, i.fields.get("owner")) for i in result.report.items if i.kind == "action"]
    assert actions == [
        ("Pride Month: order flags for the network stand", None),  # not an attendee: kept whole
        ("ask the comms team for a budget", "IB"),
        ("It was agreed that Peter Smith would chair the next event", None),  # nobody of that name attended
    ]
