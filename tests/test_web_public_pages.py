"""The public-sector pages (issue #14, item 7): the accessibility statement in the form the
Public Sector Bodies Accessibility Regulations 2018 ask for, help for officers and the
privacy note, in English and Welsh, linked from every page's footer."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from test_web_pages import text_nodes

from eqkg import i18n
from eqkg.web import create_app

# The model statement's headings, in order (GOV.UK's sample accessibility statement).
STATEMENT_HEADINGS = [
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "Compliance status",
    "Non-accessible content",
    "Non-compliance with the accessibility regulations",
    "Disproportionate burden",
    "Content that is not within the scope of the accessibility regulations",
    "What we're doing to improve accessibility",
    "Preparation of this accessibility statement",
]


@pytest.fixture(scope="module")
def client(store_path: Path) -> Any:
    return create_app(store_path=store_path, OPERATOR="Example Council",
                      CONTACT="equality@example.gov.uk").test_client()


def get(client: Any, path: str, lang: str) -> str:
    response = client.get(f"{path}?lang={lang}")
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def headings(html: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", h)).strip()
            for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, re.S)]


def test_statement_follows_the_model_and_reports_the_tests(client: Any) -> None:
    html = get(client, "/accessibility", "en")
    assert "<h1 class=\"govuk-heading-xl\">Accessibility statement for the equality objectives " \
           "knowledge graph</h1>" in html
    found = [h for h in headings(html) if h in STATEMENT_HEADINGS]
    assert found == STATEMENT_HEADINGS
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA" in html
    assert "It is run by Example Council." in html and "contact equality@example.gov.uk" in html
    rows = re.findall(r'<tr class="govuk-table__row">\s*<th scope="row" class="govuk-table__header">'
                      r"(.*?)</th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>", html, re.S)
    assert [r[0] for r in rows] == [
        "Automated check of WCAG 2.0, 2.1 and 2.2 A and AA rules", "Reflow (WCAG 1.4.10)",
        "Visible focus (WCAG 2.4.7 and 2.4.11)",
        "Language of the page and of parts (WCAG 3.1.1 and 3.1.2)",
        "Manual check of layout at 390 and 1280 pixels wide",
        "Screen readers and testing with disabled users"]
    assert rows[0][1].startswith("axe-core 4.14.1 in headless Chromium") and rows[0][2] == "No violations"
    assert rows[5][1:] == ("Not yet done", "Not known")
    assert "This statement was prepared on 30 November 2026." in html


def test_statement_names_a_generic_operator_when_none_is_set(store_path: Path,
                                                             monkeypatch: Any) -> None:
    monkeypatch.delenv("EQKG_OPERATOR", raising=False)
    monkeypatch.delenv("EQKG_CONTACT", raising=False)
    html = unescape(get(create_app(store_path=store_path).test_client(), "/accessibility", "cy"))
    assert "Fe'i rhedir gan y sefydliad sy'n cyhoeddi'r copi hwn o eqkg." in html
    assert "Statws cydymffurfio" in html


def test_privacy_note_says_uploads_are_not_kept(client: Any) -> None:
    english = get(client, "/privacy", "en")
    assert "Nothing of it is kept." in english and "sets no cookies" in english
    assert 'class="govuk-notification-banner"' in english
    assert "Nid oes dim ohono yn cael ei gadw." in get(client, "/privacy", "cy")


def test_help_page_covers_the_three_tasks(client: Any) -> None:
    html = get(client, "/help", "en")
    assert [h for h in headings(html) if h in ("Ask a question", "Check a draft plan",
                                               "Link your data")] == [
        "Ask a question", "Check a draft plan", "Link your data"]
    for target in ('href="/queries?lang=en"', 'href="/validate?lang=en"',
                   'href="/dataset?lang=en"', 'href="/editor?lang=en"', 'href="/privacy?lang=en"'):
        assert target in html
    assert html.count('class="govuk-details"') == 2


@pytest.mark.parametrize("path", ["/accessibility", "/help", "/privacy"])
def test_welsh_public_pages_carry_no_english_interface_text(client: Any, path: str) -> None:
    welsh = text_nodes(get(client, path, "cy"), "cy")
    interface = {m["en"] for m in i18n.MESSAGES.values() if m["en"] != m["cy"]}
    assert not sorted(interface & welsh)
    assert i18n.t("pages.nav.help", "cy") in get(client, path, "cy")


def test_every_page_links_to_the_public_pages_in_its_footer(client: Any) -> None:
    for lang in ("en", "cy"):
        footer = get(client, "/", lang).split('<footer class="govuk-footer">')[1]
        links = re.findall(r'<a class="govuk-footer__link" href="([^"]+)">', footer)
        assert links == [f"/help?lang={lang}", f"/accessibility?lang={lang}",
                         f"/privacy?lang={lang}", f"/dataset?lang={lang}", f"/ontology?lang={lang}"]
