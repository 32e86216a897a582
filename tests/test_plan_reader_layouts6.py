"""Plan layouts a sixth held-out set showed the reader missing, each in our own wording (docs/benchmarks.md).

Every test here failed before the change it names: steps written as one sentence of clauses parted by
semicolons after "To do this we will"; a plan numbered on three levels (themes 1., objectives 1.1, actions
1.1.1 with their lead and date); a grid whose columns are the objectives; a progress table whose "What we said
we would do" column holds the steps; a shared action table whose objective column names one or several
objectives; contents lines with dot leaders and page numbers.
"""

from __future__ import annotations

from eqkg.documents import read_bytes
from eqkg.ingest import read_document


def reading(text: str, name: str = "plan.md", profile: str | None = None):
    return read_document(read_bytes(text.encode("utf-8"), name), profile)


def objectives(result) -> list[tuple[str, list[str]]]:
    items = result.report.items
    found = []
    for index, item in enumerate(items):
        if item.kind == "objective":
            found.append((item.fields["title"], [s.text for s in items if s.kind == "step" and s.parent == index]))
    return found


def steps(result) -> list[tuple[str, str | None, str | None]]:
    return [(i.text, i.fields.get("lead"), i.fields.get("due")) for i in result.report.items if i.kind == "step"]


# ---------------------------------------------------------------- steps in one sentence, parted by semicolons


def test_a_to_do_this_we_will_sentence_after_a_listed_objective_gives_one_step_per_clause() -> None:
    text = ("# Equality objectives 2026-2030\n\n## Our objectives\n\n"
            "- We will make our libraries welcoming to people of every faith.\n\n"
            "To do this we will set aside a quiet room for prayer in each branch; stock books in Polish, Arabic "
            "and Tamil; and mark the main religious festivals in our events programme.\n\n"
            "- We will help older residents get online.\n\n"
            "To achieve this, we will run weekly digital drop-in sessions; lend tablets with data for three "
            "months.\n\n"
            "## Reporting\n\nWe report each spring.\n")
    assert objectives(reading(text)) == [
        ("We will make our libraries welcoming to people of every faith", [
            "set aside a quiet room for prayer in each branch", "stock books in Polish, Arabic and Tamil",
            "mark the main religious festivals in our events programme"]),
        ("We will help older residents get online", [
            "run weekly digital drop-in sessions", "lend tablets with data for three months"])]


def test_a_how_we_will_achieve_this_sentence_under_a_labelled_objective_gives_its_steps() -> None:
    text = ("Kestrel Bay Harbour Authority\n\nEquality objectives 2026 to 2030\n\n"
            "Objective 1: Safe quays for everyone\n\n"
            "We will make the quays safe and usable for disabled visitors.\n\n"
            "How we will achieve this: we will resurface the east quay walkway; fit handrails on every slipway; "
            "we will publish an access guide for the harbour.\n\n"
            "Objective 2: A fair place to work\n\nWe will close our gender pay gap.\n\n"
            "How we will achieve this: we will publish pay data each April; offer flexible working from day one.\n")
    assert objectives(reading(text, "plan.txt")) == [
        ("Safe quays for everyone", ["resurface the east quay walkway", "fit handrails on every slipway",
                                     "publish an access guide for the harbour"]),
        ("A fair place to work", ["publish pay data each April", "offer flexible working from day one"])]


def test_a_sentence_with_semicolons_that_is_not_introduced_as_the_way_is_not_split_into_steps() -> None:
    text = ("# Equality objectives\n\n## Objective 1: Fair recruitment\n\n"
            "We will widen who applies to work with us.\n\n"
            "Last year we recruited 40 people; 6 were disabled; 3 were from ethnic minorities.\n\n"
            "We will:\n\n- Advertise every post on community job boards\n")
    assert objectives(reading(text)) == [("Fair recruitment", ["Advertise every post on community job boards"])]
