"""The coverage page: its heatmap is the coverage-matrix saved query's answer, cell for cell;
the aims, bases, filters, the items behind a cell and the status chart give exact numbers."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import needs_browser

from eqkg import saved_queries
from eqkg.store import Store
from eqkg.web import create_app
from eqkg.web.coverage import number, plain

PC = "https://w3id.org/eqkg/vocab/characteristic/"
AIM = "https://w3id.org/eqkg/vocab/aim/"
ID = "https://w3id.org/eqkg/id/"
GWENT = ID + "plan/gwent-jsep-2020-2024"
CARDIFF = ID + "response/cardiff-race-equality-taskforce"
ROW = re.compile(r'<tr class="govuk-table__row" data-iri="([^"]+)">(.*?)</tr>', re.S)
CELL = re.compile(r'data-concept="([^"]+)" data-count="(\d+)">(.*?)</td>', re.S)


@pytest.fixture(scope="module")
def client(store_path: Path) -> Any:
    return create_app(store_path=store_path).test_client()


def heatmap(html: str) -> dict[str, dict[str, int]]:
    return {unescape(iri): {unescape(c): int(n) for c, n, _ in CELL.findall(body)}
            for iri, body in ROW.findall(html)}


def get(client: Any, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_heatmap_equals_the_coverage_matrix_saved_query(client: Any, store: Store,
                                                        lang: str) -> None:
    shown = heatmap(get(client, f"/coverage?lang={lang}"))
    table = saved_queries.run(store, "coverage-matrix")
    expected = {}
    for row in table.rows:
        values = dict(zip(table.columns, row, strict=True))
        expected[plain(values["document"])] = {
            PC + c.replace("_", "-"): number(values[c]) for c in table.columns
            if c not in ("document", "documentTitle", "items")}
    assert len(expected) == 5
    assert {doc: {c: n for c, n in cells.items() if c.startswith(PC)}
            for doc, cells in shown.items()} == expected


def test_exact_numbers_aims_and_bases(client: Any) -> None:
    html = get(client, "/coverage")
    shown = heatmap(html)
    assert shown[GWENT][PC + "age"] == 18
    assert shown[GWENT][PC + "pregnancy-and-maternity"] == 1
    assert shown[CARDIFF][PC + "race"] == 61
    assert {k: v for k, v in shown[GWENT].items() if k.startswith(AIM)} == {
        AIM + "eliminate-discrimination": 18, AIM + "advance-equality-of-opportunity": 18,
        AIM + "foster-good-relations": 16}
    assert all(v == 0 for v in shown[ID + "minutes/ppbw-2022-03-17"].values())
    # the basis letters under Cardiff's race count: 50 items tagged, 31 curated
    race = dict((c, body) for c, _n, body in CELL.findall(ROW.findall(html)[-1][1]))[PC + "race"]
    assert re.sub(r"<[^>]+>|\s", "", race).endswith("T50C31")
    # the column headings are the vocabulary's labels, in Welsh on a Welsh page
    welsh = get(client, "/coverage?lang=cy")
    assert ">hil</a>" in welsh and ">oedran</a>" in welsh and "Map gwres" in welsh


def test_filters_by_body_year_and_kind(client: Any) -> None:
    assert set(heatmap(get(client, "/coverage?body=" + ID + "organisation/cardiff-council"))) \
        == {CARDIFF}
    assert set(heatmap(get(client, "/coverage?year=2019"))) == {ID + "minutes/palg-2019-03-13"}
    assert set(heatmap(get(client, "/coverage?type=https://w3id.org/eqkg/vocab/document-type/"
                                   "minutes"))) == {ID + "minutes/palg-2019-03-13",
                                                    ID + "minutes/palg-undated",
                                                    ID + "minutes/ppbw-2022-03-17"}
    by_body = heatmap(get(client, "/coverage?by=body"))
    assert by_body[ID + "organisation/cardiff-council"][PC + "race"] == 61
    assert by_body[ID + "organisation/gwent-police"][PC + "age"] == 18
    response = client.get("/coverage?year=1066")
    assert response.status_code == 400
    assert "'1066' is not one of the choices" in unescape(response.get_data(as_text=True))


def test_a_cell_links_to_the_items_behind_it(client: Any) -> None:
    html = get(client, "/coverage")
    links = re.findall(r'href="(/coverage/items\?[^"]+)"', html)
    queries = {unescape(u): parse_qs(urlparse(unescape(u)).query) for u in links}
    cardiff_race = next(u for u, q in queries.items()
                        if q["concept"] == [PC + "race"] and q["document"] == [CARDIFF])
    page = get(client, cardiff_race)
    assert "61 items." in page
    assert page.count('data-label="Item"') == 61
    assert client.get("/coverage/items?document=x&concept=y").status_code == 400


def test_the_items_behind_a_cell_show_their_most_similar_elsewhere(client: Any) -> None:
    """Issue 16, item 3: the similarity links are visible from the heatmap's cells."""
    page = get(client, "/coverage/items?document=" + GWENT + "&concept=" + PC + "disability")
    row = page[page.index('href="/id/plan/gwent-jsep-2020-2024/objective/1/step/1"'):]
    row = row[:row.index("</tr>")]
    assert re.findall(r'href="/id/([^"?]+)', row)[1:] == [
        "response/cardiff-race-equality-taskforce/recommendation/2.3/commitment/2",
        "meeting/ppbw-2022-03-17/action/4",
        "response/cardiff-race-equality-taskforce/recommendation/1.5",
    ]
    assert row.count("(score 0.") == 3
    welsh = get(client, "/coverage/items?lang=cy&document=" + GWENT + "&concept=" + PC + "disability")
    assert "Mwyaf tebyg mewn mannau eraill" in welsh and "(sgôr 0." in welsh


def test_status_chart_counts_and_overdue(client: Any) -> None:
    html = get(client, "/coverage")
    assert re.search(r"238 commitments and actions in the documents shown; 16 are overdue", html)
    # every chart is followed by its data table
    assert html.count('<figure class="eqkg-chart"') == 2
    assert html.count("eqkg-chart__data") == 2
    assert '<th scope="row" class="govuk-table__header">accepted</th>' in html


# -- reflow at 320 px (WCAG 2.2 SC 1.4.10), in Debian's Chromium ------------------------------

REFLOW_PAGES = (
    "/coverage", "/coverage?lang=cy&by=body",
    "/coverage/items?document=" + CARDIFF + "&concept=" + PC + "race",
    "/queries/coverage-matrix?lang=cy", "/queries/commitments-by-characteristic",
    "/queries/meetings?lang=cy", "/queries/steps-missing-details",
    "/id/plan/gwent-jsep-2020-2024", "/id/plan/gwent-jsep-2020-2024?statements=2&links=1",
    "/id/meeting/ppbw-2022-03-17?lang=cy", "/id/person/hannah-jenkins-jones",
    "/id/response/cardiff-race-equality-taskforce/recommendation/1.1",
)
# Elements of the main content that reach past the right edge (hidden ones do not count).
OVERFLOW_JS = """
const width = document.documentElement.clientWidth; const out = [];
for (const el of document.querySelectorAll('main *')) {
  const box = el.getBoundingClientRect();
  if (box.width && box.right > width + 1
      && !el.closest('.govuk-visually-hidden, .visually-hidden, thead, details:not([open]) > div'))
    out.push(el.tagName + '.' + el.className);
}
return [document.documentElement.scrollWidth - width, out.slice(0, 5)];
"""


@needs_browser
def test_pages_reflow_at_320_css_pixels(browser: Any, live_server: str) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    try:
        for path in REFLOW_PAGES:
            browser.get(live_server + path.replace("https://", "https%3A//"))
            extra, culprits = browser.execute_script(OVERFLOW_JS)
            assert not culprits, (path, culprits)
            # every table row of an answer is a card: its heading is shown beside each value
            if path.startswith("/queries/"):
                assert browser.execute_script(
                    "const c = document.querySelector('.eqkg-answer td');"
                    "return c && getComputedStyle(c).display") == "block", path
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
