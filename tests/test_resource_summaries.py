"""Resource pages open with a readable summary (plans, objectives, organisations, people,
meetings, recommendations); the full statement table is folded away and paged; every /id
page has .csv and .json twins; /sparql in a browser goes to the editor."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from eqkg import i18n
from eqkg.publish.context import load_context
from eqkg.publish.describe import describe
from eqkg.store import Store
from eqkg.web import create_app

ID = "https://w3id.org/eqkg/id/"
GWENT = "/id/plan/gwent-jsep-2020-2024"


@pytest.fixture(scope="module")
def client(store_path: Path) -> Any:
    return create_app(store_path=store_path).test_client()


def text_of(client: Any, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.get_data(as_text=True)
    start = html.index('<section class="eqkg-summary"')
    summary = html[start:html.index("</section>", start)]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", summary))).strip()


def test_plan_summary_objectives_steps_and_coverage_strips(client: Any) -> None:
    text = text_of(client, GWENT)
    assert "4 objectives, 24 steps" in text
    assert "Covers: 12 of 12" in text
    assert "Objective 1: Supporting Vulnerable People" in text
    # objective 1 and its steps leave out pregnancy and maternity only
    assert "This objective and its steps cover: 11 of 12" in text
    first = text[text.index("Objective 1:"):text.index("Objective 2:")]
    assert "not covered: pregnancy and maternity" in first and first.count("not covered") == 1
    assert first.count("Step ") == 5
    assert "Organisations Gwent Police Office of the Police and Crime Commissioner for Gwent" \
        in text and "Starts 2020-01-01 Ends 2024-12-31" in text
    welsh = text_of(client, GWENT + "?lang=cy")
    assert "4 amcan, 24 cam" in welsh and "Amcan 1: Supporting Vulnerable People" in welsh


def test_statement_table_is_folded_and_paged(client: Any, store: Store) -> None:
    html = client.get(GWENT).get_data(as_text=True)
    total = len(describe(store, ID + "plan/gwent-jsep-2020-2024").about(
        describe(store, ID + "plan/gwent-jsep-2020-2024").subject))
    assert total > 200
    assert '<details class="govuk-details" id="statements">' in html  # folded (not open)
    assert f"Statements 1–200 of {total}" in html
    second = client.get(GWENT + "?statements=2").get_data(as_text=True)
    assert '<details class="govuk-details" id="statements" open>' in second
    assert f"Statements 201–{min(400, total)} of {total}" in second
    assert 'aria-label="Page 2" aria-current="page">2</a>' in second
    # a page without a summary keeps its table open
    term = client.get("/vocab/characteristic/race").get_data(as_text=True)
    assert '<details class="govuk-details" id="statements" open>' in term


def test_objective_summary(client: Any) -> None:
    text = text_of(client, GWENT + "/objective/1")
    assert "Plan Joint Strategic Equality Plan 2020–2024" in text
    assert "5 steps" in text and "11 of 12" in text


def test_person_summary_roles_meetings_and_actions_they_lead(client: Any) -> None:
    text = text_of(client, "/id/person/hannah-jenkins-jones")
    assert "Office of the Police and Crime Commissioner for South Wales " \
           "Scrutiny and Assurance Manager" in text
    assert "Actions and commitments they lead (3)" in text
    assert "Circulate final Joint Equality Plan ongoing" in text
    assert "AFR session completed" in text
    assert "Meeting on 2019-03-13 – attended" in text
    welsh = text_of(client, "/id/person/hannah-jenkins-jones?lang=cy")
    assert "Cyfarfod ar 2019-03-13 – yn bresennol" in welsh and "parhaus" in welsh


def test_meeting_summary_attendees_apologies_actions(client: Any) -> None:
    text = text_of(client, "/id/meeting/ppbw-2022-03-17")
    assert "Date 2022-03-17 Body that met Policing Partnership Board for Wales" in text
    assert "Chaired by Jeff Cuthbert , Mark Drakeford" in text
    assert "Actions (6)" in text and "Attended (40)" in text and "Apologies (11)" in text
    assert text.index("Action 1 ") < text.index("Action 2 ") < text.index("Action 6 ")
    assert "Alun Michael Police and Crime Commissioner, South Wales Office of the Police " \
           "and Crime Commissioner for South Wales" in text


def test_organisation_and_recommendation_summaries(client: Any) -> None:
    org = text_of(client, "/id/organisation/cardiff-council")
    assert "Documents (1) Cardiff Race Equality Taskforce" in org
    rec = text_of(client, "/id/response/cardiff-race-equality-taskforce/recommendation/1.1")
    assert "Reference 1.1 Status accepted Lead Dylan Owen Due 2023-03-31" in rec
    assert "Covers: 1 of 12" in rec and "covered: race" in rec
    assert "Commitments in the response (1)" in rec
    assert "Progress reported" in rec


def test_csv_and_json_twins_of_a_resource_page(client: Any, store: Store) -> None:
    desc = describe(store, ID + "organisation/cardiff-council")
    response = client.get("/id/organisation/cardiff-council.csv?lang=cy")
    assert response.status_code == 200 and response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["Adnodd", "Priodwedd", "Gwerth", "Gwerth (cyfeiriad)", "Graff",
                       "Wedi'i gasglu"]
    assert len(rows) - 1 == len(desc.outgoing) + len(desc.incoming)
    as_json = client.get("/id/organisation/cardiff-council.json")
    assert as_json.mimetype == "application/ld+json"
    body = json.loads(as_json.get_data(as_text=True))
    body["@context"] = load_context()["@context"]  # the page refers to it by URL
    graph = Graph().parse(data=json.dumps(body), format="json-ld")
    assert len(graph) == len(desc.graph())


def test_sparql_in_a_browser_goes_to_the_editor(client: Any) -> None:
    response = client.get("/sparql?lang=cy", headers={"Accept": "text/html"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/editor?lang=cy")


class VisibleText(HTMLParser):
    """Visible text nodes of a page outside code and outside elements marked as another
    language than the page's (English data on a Welsh page is marked lang="en")."""

    VOID = {"br", "input", "link", "meta", "img", "hr", "rect", "path"}

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang, self.stack, self.nodes = lang, [], set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        other = dict(attrs).get("lang") not in (None, self.lang)
        self.stack.append(tag in ("code", "pre", "script", "style", "title") or other
                          or bool(self.stack and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]) and data.strip(" \n:·|(),"):
            self.nodes.add(data.strip().strip(":·|(),").strip())


WELSH_PAGES = ("/coverage", "/coverage?by=body", "/queries", "/queries/coverage-matrix",
               "/queries/steps-missing-details", GWENT, GWENT + "/objective/2",
               "/id/person/hannah-jenkins-jones", "/id/meeting/ppbw-2022-03-17",
               "/id/organisation/cardiff-council",
               "/id/response/cardiff-race-equality-taskforce/recommendation/1.1")


@pytest.mark.parametrize("path", WELSH_PAGES)
def test_welsh_pages_show_no_english_interface_text(client: Any, path: str) -> None:
    interface = {m["en"] for m in i18n.MESSAGES.values() if m["en"] != m["cy"]}
    parser = VisibleText("cy")
    parser.feed(client.get(path + ("&" if "?" in path else "?") + "lang=cy")
                .get_data(as_text=True))
    assert not sorted(interface & parser.nodes)


def test_english_data_on_a_welsh_page_is_marked_english(client: Any) -> None:
    html = client.get(GWENT + "?lang=cy").get_data(as_text=True)
    assert '<p class="govuk-body" lang="en">To investigate and achieve justice' in html
    assert 'lang="en">Supporting Vulnerable People</span>' in html
    english = client.get(GWENT).get_data(as_text=True)
    assert '<p class="govuk-body" lang="en">' not in english
