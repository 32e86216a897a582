"""Plan layouts a fourth held-out set showed the reader missing, each in our own wording (docs/benchmarks.md).

Every test here failed before the change it names: plans that call their objectives commitments, priorities
or aims; letter labels; web pages whose heading levels do not nest; hard-wrapped plain text with fields
inline; "Measured by" and note lines; headings after the objectives that are not objectives.
"""

from __future__ import annotations

from plan_reading_support import objectives, reading, steps

from eqkg.documents import read_bytes
from eqkg.ingest import read_document


def test_a_table_of_commitments_with_a_spoken_header_is_read_as_a_plan() -> None:
    text = ("# Riverside Housing – Inclusion Strategy\n\nWe set out three commitments.\n\n"
            "## Our commitments at a glance\n\n"
            "| No. | Our commitment | What we'll do | Who | When |\n|---|---|---|---|---|\n"
            "| 1 | Homes for every stage of life | Fit level-access showers on request | Repairs Manager | by end of Year 1 |\n"
            "|  |  | Offer a move to a smaller home to tenants over 70 | Lettings Team | Ongoing |\n"
            "| 2 | Fair treatment | Record and act on every report of racist abuse | Head of Housing | by end of Year 2 |\n")
    result = reading(text)
    assert result.profile == "plan"
    assert objectives(result) == [
        ("Homes for every stage of life", ["Fit level-access showers on request",
                                           "Offer a move to a smaller home to tenants over 70"]),
        ("Fair treatment", ["Record and act on every report of racist abuse"])]
    assert steps(result)[1][1:] == ("Lettings Team", "Ongoing")


def test_commitment_labels_in_capitals_in_plain_text() -> None:
    text = ("RIVERSIDE HOUSING INCLUSION STRATEGY\n\nCOMMITMENT 1: HOMES FOR EVERY STAGE OF LIFE\n\n"
            "  * Fit level-access showers on request\n\nCOMMITMENT 2: FAIR TREATMENT\n\n"
            "  * Record and act on every report of racist abuse\n")
    result = reading(text, "plan.txt")
    assert result.profile == "plan"
    assert objectives(result) == [("HOMES FOR EVERY STAGE OF LIFE", ["Fit level-access showers on request"]),
                                  ("FAIR TREATMENT", ["Record and act on every report of racist abuse"])]


def test_priority_aim_and_outcome_labels_with_letters_or_numbers_are_stripped_from_titles() -> None:
    csv_text = ("Priority,Ref,Action,Owner,Target date\n"
                "Priority A – Listening to residents,A1,Hold four open forums a year,Engagement Lead,Ongoing\n"
                ",A2,Publish what we heard,Engagement Lead,Mar-26\n"
                "Priority B – A fair workplace,B1,Offer flexible shifts to carers,Head of HR,Sep-25\n")
    result = read_document(read_bytes(csv_text.encode(), "plan.csv"), None)
    assert objectives(result) == [("Listening to residents", ["Hold four open forums a year", "Publish what we heard"]),
                                  ("A fair workplace", ["Offer flexible shifts to carers"])]
    assert [i.fields["number"] for i in result.report.items if i.kind == "objective"] == [1, 2]
    text = ("# Plan\n\n## Aim 1. Safer streets\n\n- Light the underpass\n\n"
            "## Equality Objective 2 – Fair pay\n\n- Publish our pay gaps\n")
    assert objectives(reading(text)) == [("Safer streets", ["Light the underpass"]),
                                         ("Fair pay", ["Publish our pay gaps"])]


def test_the_bare_word_aim_in_a_sentence_is_not_a_label() -> None:
    text = ("# Plan\n\n## Our equality objectives\n\n1. Safer streets\n2. Fair pay\n\n"
            "Our aim is to report each year.\n")
    assert [t for t, _ in objectives(reading(text))] == ["Safer streets", "Fair pay"]


def test_an_objectives_heading_set_smaller_than_the_numbered_objectives_under_it() -> None:
    html = ("<html><body><header><nav><a href='/'>Home</a></nav></header><main><h1>Shire Police</h1>"
            "<h4>Our objectives</h4>"
            "<h3>1. Confidence in policing</h3><p>Our aim is that every community trusts us.</p>"
            "<p><strong>What we will do</strong></p>"
            "<p>1.1 Publish stop and search figures (Lead: Chief Inspector, Standards; by Q3 2025/26)</p>"
            "<h3>2. Safer public spaces</h3><p>Our aim is that women feel safe at night.</p>"
            "<p><strong>What we will do</strong></p>"
            "<p>2.1 Patrol the night-time economy (Lead: Neighbourhood Team; Ongoing)</p>"
            "<h4>How we will report progress</h4><p>Twice a year.</p></main>"
            "<footer><p>Contact us</p></footer></body></html>")
    result = reading(html, "plan.html")
    assert result.profile == "plan"
    assert objectives(result) == [("Confidence in policing", ["Publish stop and search figures"]),
                                  ("Safer public spaces", ["Patrol the night-time economy"])]
    assert steps(result) == [("Publish stop and search figures", "Chief Inspector, Standards", "Q3 2025/26"),
                             ("Patrol the night-time economy", "Neighbourhood Team", "Ongoing")]


def test_hard_wrapped_steps_with_inline_responsible_and_timescale_and_a_measured_by_line() -> None:
    text = ("UNIVERSITY OF EXAMPLE\n\nOur equality outcomes\n\n"
            "Outcome 1: Disabled students complete their courses at the same rate as others\n\n"
            "How we will achieve this\n"
            "  - Provide a personal learning plan to every disabled student who asks for one – Responsible:\n"
            "    Head of Student Support – Timescale: 2025/26\n"
            "  - Caption all recorded lectures – Responsible: Digital Learning Team – Timescale: 2026\n"
            "  - Review the extensions policy with the students' association and publish the\n"
            "    changes – Responsible: Academic Registrar – Timescale: 2027\n\n"
            "Measured by: completion rates in our annual equality report.\n\n"
            "5 Governance\n\nThe Equality Committee oversees this plan, chaired by Professor\n"
            "Ann Example, and reports each year.\n")
    result = reading(text, "plan.txt")
    assert objectives(result) == [
        ("Disabled students complete their courses at the same rate as others",
         ["Provide a personal learning plan to every disabled student who asks for one",
          "Caption all recorded lectures",
          "Review the extensions policy with the students' association and publish the changes"])]
    assert steps(result) == [
        ("Provide a personal learning plan to every disabled student who asks for one", "Head of Student Support",
         "2025/26"),
        ("Caption all recorded lectures", "Digital Learning Team", "2026"),
        ("Review the extensions policy with the students' association and publish the changes",
         "Academic Registrar", "2027")]
    objective = next(i for i in result.report.items if i.kind == "objective")
    assert objective.fields["measure"] == "completion rates in our annual equality report"


def test_a_numbered_agenda_line_over_an_indented_paragraph_is_not_joined() -> None:
    from eqkg.documents.formats.txt import read_lines

    lines = ["Minutes of the forum meeting held on 3 March 2025 in the council chamber at the civic centre",
             "1. Welcome", "   The chair welcomed everyone to the meeting.", "2. Apologies"]
    blocks = read_lines(lines, "m.txt")
    assert [(b.kind, b.text) for b in blocks[1:]] == [("item", "Welcome"),
                                                      ("paragraph", "The chair welcomed everyone to the meeting."),
                                                      ("item", "Apologies")]


def test_a_reporting_heading_after_the_objectives_is_not_an_objective() -> None:
    text = ("# Plan\n\n## Our objectives\n\n### 1. Confidence in policing\n\n- Publish figures\n\n"
            "### 2. Safer spaces\n\n- Patrol at night\n\n### Reporting\n\nWe report twice a year.\n")
    result = reading(text)
    assert [t for t, _ in objectives(result)] == ["Confidence in policing", "Safer spaces"]
    assert any("'Reporting'" in reason for reason in result.report.reasons)


def _bilingual_table(header: bool):
    from eqkg.documents.model import Block, Document, Location, Row

    cells = [("Equality Objective 1: Safe routes to school",
              "Amcan Cydraddoldeb 1: Llwybrau diogel i'r ysgol"),
             ("We will:", "Byddwn yn:"),
             ("• Light every underpass on the way to our schools. Lead: Highways Manager. By: March 2026.\n"
              "• Train crossing patrols to help disabled children. Lead: Road Safety Officer. By: 2027.",
              "• Goleuo pob tanffordd ar y ffordd i'n hysgolion. Arweinydd: Rheolwr Priffyrdd. Erbyn: Mawrth 2026.\n"
              "• Hyfforddi hebryngwyr croesfannau i helpu plant anabl. Arweinydd: Swyddog Diogelwch y Ffyrdd. "
              "Erbyn: 2027."),
             ("Equality Objective 2: Older people online", "Amcan Cydraddoldeb 2: Pobl hŷn ar-lein"),
             ("We will:", "Byddwn yn:"),
             ("• Run free digital skills classes in every library. Lead: Libraries Manager. By: 2026.",
              "• Cynnal dosbarthiadau sgiliau digidol am ddim ym mhob llyfrgell. Arweinydd: Rheolwr Llyfrgelloedd. "
              "Erbyn: 2026."),
             ("Contact us: equality@example.org", "Cysylltu â ni: equality@example.org")]
    if header:
        cells.insert(0, ("English", "Cymraeg"))
    rows = tuple(Row(tuple(c.replace("\n", " ") for c in pair), Location(table=1, row=n),
                     tuple(tuple(c.split("\n")) for c in pair)) for n, pair in enumerate(cells, start=1))
    return Document([Block("paragraph", "Example Council equality objectives", Location(paragraph=1)),
                     Block("table", location=Location(table=1), rows=rows)], "docx", "plan.docx")


def test_a_side_by_side_english_and_welsh_table_is_read_once_in_english() -> None:
    from rdflib.namespace import DCTERMS

    for header in (True, False):
        result = read_document(_bilingual_table(header), None)
        assert result.profile == "plan"
        assert objectives(result) == [
            ("Safe routes to school", ["Light every underpass on the way to our schools.",
                                       "Train crossing patrols to help disabled children."]),
            ("Older people online", ["Run free digital skills classes in every library."])]
        assert steps(result)[0][1:] == ("Highways Manager", "March 2026")
        titles = {(str(t), t.language) for t in result.graph.objects(None, DCTERMS.title)}
        assert ("Llwybrau diogel i'r ysgol", "cy") in titles
        assert any("English and Welsh side by side" in reason for reason in result.report.reasons)


def test_steps_given_in_turn_in_english_and_welsh_keep_the_english_ones() -> None:
    # Two of the Welsh steps have no Welsh function word: their turn in the list says which language they are.
    text = ("# Cyngor Enghraifft / Example Council\n\n## Objective 1: Fair access to sport\n\n"
            "## Amcan 1: Mynediad teg i chwaraeon\n\n"
            "- Open two pools for women-only swims (Lead: Leisure Manager; by March 2026)\n"
            "- Agor dau bwll i fenywod (Arweinydd: Rheolwr Hamdden; erbyn Mawrth 2026)\n"
            "- Fund wheelchair basketball in every town (Lead: Sports Officer; by 2027)\n"
            "- Ariannu pêl-fasged cadair olwyn i bob tref (Arweinydd: Swyddog Chwaraeon; erbyn 2027)\n"
            "- Hold quiet swims for autistic people in the winter (Lead: Leisure Manager; by 2026)\n"
            "- Cynnal sesiynau nofio tawel i bobl awtistig yn y gaeaf (Arweinydd: Rheolwr Hamdden; erbyn 2026)\n")
    assert objectives(reading(text)) == [("Fair access to sport", ["Open two pools for women-only swims",
                                                                   "Fund wheelchair basketball in every town",
                                                                   "Hold quiet swims for autistic people in the "
                                                                   "winter"])]


def test_a_note_row_across_the_foot_of_an_action_table_and_note_lines_are_not_steps() -> None:
    from rdflib import Literal

    from eqkg.documents.model import Block, Document, Location, Row
    from eqkg.namespaces import EQ

    def row(n: int, *cells: str) -> Row:
        return Row(tuple(cells), Location(table=1, row=n))

    table = Block("table", location=Location(table=1), rows=(
        row(1, "What we will do", "Who will lead", "By when"),
        row(2, "Open a changing place toilet in the market hall", "Facilities Manager", "June 2026"),
        row(3, "Recruit two disabled access advisers", "Access Officer", "2025"),
        row(4, "This objective also serves our well-being goal of a healthier county.")))
    blocks = [Block("paragraph", "Equality Objective 1 – Accessible town centres", Location(paragraph=1), strong=True),
              table,
              Block("paragraph", "Note: the advisers are paid for their time.", Location(paragraph=3)),
              Block("paragraph", "Equality Objective 2 – Fair pay", Location(paragraph=4), strong=True),
              Block("item", "Publish our pay gaps", Location(paragraph=5), marker="•"),
              Block("paragraph", "Measured by: the gap each year.", Location(paragraph=6))]
    result = read_document(Document(blocks, "docx", "plan.docx"), None)
    assert objectives(result) == [
        ("Accessible town centres", ["Open a changing place toilet in the market hall",
                                     "Recruit two disabled access advisers"]),
        ("Fair pay", ["Publish our pay gaps"])]
    notes = {str(o) for o in result.graph.objects(None, EQ.note)}
    assert {"This objective also serves our well-being goal of a healthier county.",
            "the advisers are paid for their time."} <= notes
    assert Literal("the gap each year") in set(result.graph.objects(None, EQ.text))


KEYED = ("# Example Health Board action plan\n\n## Key\n\n"
         "Ag = Age; Dis = Disability; Rc = Race; Sx = Sex. A tick means the action is for people who share it.\n\n"
         "## Actions\n\n| Equality objective | Action | Lead | Timescale | Ag | Dis | Rc | Sx |\n"
         "|---|---|---|---|---|---|---|---|\n"
         "| Objective 1: Care close to home | Open two evening clinics | Director of Operations | 2026 | ✓ |  |  | ✓ |\n"
         "|  | Offer longer appointments | Head of Outpatients | 2025 |  | ✓ |  |  |\n")


def test_tick_columns_named_by_the_plans_key_give_the_characteristics() -> None:
    result = reading(KEYED)
    assert objectives(result) == [("Care close to home", ["Open two evening clinics", "Offer longer appointments"])]
    chars = [i.fields["characteristics"] for i in result.report.items if i.kind == "step"]
    assert chars == [{"age": "stated", "sex": "stated"}, {"disability": "stated"}]


def test_tick_columns_without_a_key_are_named_as_not_read() -> None:
    result = reading(KEYED.replace("Ag = Age; Dis = Disability; Rc = Race; Sx = Sex. ", ""))
    chars = [i.fields["characteristics"] for i in result.report.items if i.kind == "step"]
    assert chars == [{}, {}]
    assert any("'Ag', 'Dis', 'Sx' hold ticks, but no key" in note for note in result.report.unplaced)


def test_welsh_wording_of_ethnic_minority_black_and_asian_communities_is_race() -> None:
    from eqkg.ingest.tagging import characteristics

    lexicon = characteristics("cy")
    tops = {str(c).rsplit("/", 2)[-2] for c, _ in lexicon.tag("Byddwn yn cefnogi cymunedau ethnig lleiafrifol")}
    assert tops == {"race"}
    assert [label for _, label in lexicon.tag("gyda grwpiau cymunedol Du ac Asiaidd yn y dref")] == ["Du ac Asiaidd"]
    assert lexicon.tag("Bydd rhyw fath o ddigwyddiad yn y dref") == []  # "rhyw" meaning "some" is not sex
    named = {label: str(c).rsplit("/", 2)[-2] for c, label in lexicon.tag(
        "pobl â nam ar y clyw, defnyddwyr cadeiriau olwyn a phobl o gefndiroedd ethnig amrywiol")}
    assert named == {"nam ar y clyw": "disability", "defnyddwyr cadeiriau olwyn": "disability",
                     "cefndiroedd ethnig": "race"}


def test_a_step_that_names_all_nine_protected_characteristics_covers_each() -> None:
    text = ("# Plan\n\n## Objective 1: Know our tenants\n\n"
            "- Survey tenants on all nine protected characteristics\n- Adapt homes for disabled tenants\n")
    chars = [i.fields["characteristics"] for i in reading(text).report.items if i.kind == "step"]
    assert sorted(chars[0]) == ["age", "disability", "gender-reassignment", "marriage-and-civil-partnership",
                                "pregnancy-and-maternity", "race", "religion-or-belief", "sex", "sexual-orientation"]
    assert set(chars[0].values()) == {"tagged"}
    assert chars[1] == {"disability": "tagged"}


def test_inline_lead_and_date_fields_after_a_dash_or_inside_brackets() -> None:
    from eqkg.ingest.plan_reader import step_parts

    found = []
    for text in ("Hold open days – Lead: HR Manager; By: March 2026",
                 "Hold open days (Responsible: HR Manager – Timescale: 2026)"):
        wording, _, fields = step_parts(text)
        found.append((wording, fields.lead, fields.due))
    assert found == [("Hold open days", "HR Manager", "March 2026"), ("Hold open days", "HR Manager", "2026")]


def test_a_paragraph_after_a_bulleted_list_without_a_lead_in_is_not_a_step() -> None:
    text = ("EXAMPLE HOUSING STRATEGY\n\nCOMMITMENT 1: SAFE HOMES\n\n  * Fit smoke alarms for deaf tenants\n"
            "  * Check gas safety every year\n\nWe will report progress to the Board every six months.\n")
    assert objectives(reading(text, "plan.txt")) == [
        ("SAFE HOMES", ["Fit smoke alarms for deaf tenants", "Check gas safety every year"])]


def test_our_outcomes_heading_is_a_plans_objectives_section() -> None:
    text = ("# Council inclusion plan\n\n## Our outcomes\n\n1. Residents feel safe\n   - Light the parks\n"
            "2. Staff are treated fairly\n   - Publish pay gaps\n")
    assert objectives(reading(text)) == [("Residents feel safe", ["Light the parks"]),
                                         ("Staff are treated fairly", ["Publish pay gaps"])]


def test_minutes_with_a_priority_label_in_an_agenda_item_are_still_minutes() -> None:
    text = ("# Minutes of the Equality Forum\n\nPresent: Jane Smith (Chair), Tom Jones\n\nApologies: Ann Lee\n\n"
            "1. Priority 1: review of the plan\n\nACTION: Tom Jones to circulate the plan.\n")
    assert reading(text).profile == "minutes"


def test_labels_with_other_words_for_an_objective_and_what_is_not_a_label() -> None:
    from eqkg.ingest.plan_reader import label_of

    found = [label_of(text, True) for text in ("Priority one: Safer streets", "Commitment Two – Fair pay",
                                               "Aim B: Fair pay", "Goal 3 - Inclusion", "Our aim one is to",
                                               "Our commitment to fairness", "Priority areas")]
    assert found == [(1, "Safer streets"), (2, "Fair pay"), (2, "Fair pay"), (3, "Inclusion"), None, None, None]


def test_numbered_step_paragraphs_that_mention_monitoring_stay_steps() -> None:
    text = ("EXAMPLE POLICE EQUALITY OBJECTIVES\n\nObjective 1: Fair use of powers\n\nWhat we will do\n\n"
            "1.1 Review stop and search monitoring\n\n1.2 Publish the figures each quarter\n\n"
            "5 Governance\n\nThe Board oversees this plan.\n")
    assert objectives(reading(text, "plan.txt")) == [
        ("Fair use of powers", ["Review stop and search monitoring", "Publish the figures each quarter"])]


def test_a_monitoring_heading_with_bullets_after_numbered_objectives_is_not_an_objective() -> None:
    text = ("# Plan\n\n## Our objectives\n\n### 1. Confidence in policing\n\nEvery community trusts us.\n\n"
            "- Publish figures\n\n### 2. Safer spaces\n\nWomen feel safe at night.\n\n- Patrol at night\n\n"
            "### Monitoring and review\n\n- Report to the Board each year\n\n"
            "### Contact us\n\n- equality@example.org\n")
    assert [t for t, _ in objectives(reading(text))] == ["Confidence in policing", "Safer spaces"]


def test_equality_priorities_and_strategic_aims_headings_head_the_objectives() -> None:
    for heading in ("Equality priorities 2025-2029", "Strategic aims"):
        text = (f"# Council plan\n\n## {heading}\n\n1. Residents feel safe\n   - Light the parks\n"
                "2. Staff are treated fairly\n   - Publish pay gaps\n")
        assert objectives(reading(text)) == [("Residents feel safe", ["Light the parks"]),
                                             ("Staff are treated fairly", ["Publish pay gaps"])]


def test_a_side_by_side_table_whose_cells_run_their_bullets_together() -> None:
    from eqkg.documents.model import Block, Document, Location, Row

    rows = tuple(Row(pair, Location(page=1, row=n)) for n, pair in enumerate((
        ("English", "Cymraeg"),
        ("Objective 1: Safe routes to school", "Amcan 1: Llwybrau diogel i'r ysgol"),
        ("• Light every underpass. Lead: Highways Manager. By: 2026. • Train crossing patrols. By: 2027.",
         "• Goleuo pob tanffordd. Arweinydd: Rheolwr Priffyrdd. Erbyn: 2026. • Hyfforddi hebryngwyr. Erbyn: 2027.")),
        start=1))
    result = read_document(Document([Block("table", location=Location(page=1), rows=rows)], "pdf", "p.pdf"), None)
    assert objectives(result) == [("Safe routes to school", ["Light every underpass.", "Train crossing patrols."])]
