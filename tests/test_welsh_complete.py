"""Complete Welsh (issue 14, item 6): a Welsh page, asked for with ?lang=cy or with
Accept-Language: cy, shows no English interface text on any page type, error page or
download header; the language is negotiated by q-value; Welsh plurals have six forms.

"English interface text" is any message of the English catalogue whose Welsh differs,
found in the page's visible text (and its title, aria-label, placeholder and alt
attributes). Data from documents is legitimately English and is left out when marked
lang="en", as the pages mark it.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.plurals import get_plural
from openpyxl import load_workbook

from eqkg import i18n, saved_queries
from eqkg.i18n import downloads
from eqkg.i18n.catalogue import POT, po_path, read_catalogues
from eqkg.web import create_app

SEED_PLAN = "tests/fixtures/validate/gaps.csv"
# (path, expected status): every page type.
PAGES = (
    ("/", 200),
    ("/queries", 200),
    ("/queries/commitments-by-characteristic", 200),
    ("/queries/commitments-by-characteristic?characteristic=race", 200),
    ("/editor", 200),
    ("/validate", 200),
    ("/id/plan/gwent-jsep-2020-2024", 200),
    ("/id/organisation/south-wales-police", 200),
    ("/id/person/jeff-cuthbert", 200),
    ("/vocab/characteristic/race", 200),
    ("/dataset", 200),
    ("/ontology", 200),
    ("/id/organisation/no-such-body", 404),
    ("/no/such/page", 404),
    ("/queries/no-such-query", 404),
    ("/queries/commitments-by-characteristic?characteristic=no-such-thing", 400),
    ("/coverage", 200),
    ("/coverage?sector=https://w3id.org/eqkg/vocab/sector/police&by=body", 200),
    ("/coverage/items?concept=https://w3id.org/eqkg/vocab/characteristic/race"
     "&document=https://w3id.org/eqkg/id/plan/gwent-jsep-2020-2024", 200),
    ("/queries/coverage-matrix", 200),
    ("/queries/peer-coverage", 200),
    ("/partners?body=gwent-police&body=opcc-gwent", 200),
    ("/compare", 200),
    ("/id/plan/gwent-jsep-2020-2024/objective/4", 200),
)
DRAFT = "tests/corpus/westmarch-police-equality-objectives-2024-28.md"
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
FIELD = re.compile(r"\{\w+(?:[:!][^}]*)?\}")


@pytest.fixture(scope="module")
def client(store_path: Path) -> Any:
    return create_app(store_path=store_path).test_client()


class VisibleText(HTMLParser):
    """Text nodes and labelling attributes outside code, scripts and other-language parts."""

    SKIP = {"code", "pre", "script", "style", "textarea"}
    VOID = {"br", "input", "link", "meta", "img", "hr", "source", "wbr", "col", "area"}

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.stack: list[bool] = []
        self.texts: list[str] = []

    def _skipping(self) -> bool:
        return bool(self.stack and self.stack[-1])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        skip = (self._skipping() or tag in self.SKIP
                or a.get("lang") not in (None, self.lang))
        if not skip:
            self.texts += [a[n].strip() for n in ATTRIBUTES if a.get(n)]
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.texts.append(a["value"].strip())
        if tag not in self.VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping() and data.strip():
            self.texts.append(" ".join(data.split()))


def visible(html: str, lang: str) -> list[str]:
    parser = VisibleText(lang)
    parser.feed(html)
    return parser.texts


def _english_catalogue() -> list[tuple[str, re.Pattern[str] | None]]:
    """(English text, pattern for a message with fields) of every message whose Welsh differs."""
    out = []
    for message in i18n.MESSAGES.values():
        english, welsh = message["en"], message.get("cy", "")
        if not welsh or english == welsh:
            continue
        english = " ".join(english.split())
        if FIELD.search(english):
            literal = FIELD.sub("", english)
            if len(literal.strip()) < 15:
                continue
            parts = [re.escape(p) for p in FIELD.split(english)]
            out.append((english, re.compile(".+?".join(parts))))
        else:
            out.append((english, None))
    return out


ENGLISH = _english_catalogue()


def english_in(texts: list[str]) -> list[str]:
    """The English interface messages found in `texts`: a text equal to a message, or
    containing one of 20 characters or more, or matching one with fields."""
    found = set()
    for text in texts:
        for english, pattern in ENGLISH:
            if pattern is not None:
                if pattern.search(text):
                    found.add(english)
            elif text == english or (len(english) >= 20 and english in text):
                found.add(english)
    return sorted(found)


def get(client: Any, path: str, how: str) -> tuple[int, str]:
    if how == "query":
        sep = "&" if "?" in path else "?"
        response = client.get(f"{path}{sep}lang=cy")
    else:
        response = client.get(path, headers={"Accept-Language": "cy"})
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize("how", ["query", "header"])
@pytest.mark.parametrize(("path", "status"), PAGES)
def test_welsh_page_has_no_english_interface_text(client: Any, path: str, status: int,
                                                  how: str) -> None:
    code, html = get(client, path, how)
    assert code == status
    assert '<html lang="cy">' in html
    leaked = english_in(visible(html, "cy"))
    assert not leaked, leaked


def test_the_english_page_is_caught_by_the_same_check(client: Any) -> None:
    """The check can fail: the English pages show English interface text."""
    html = client.get("/queries?lang=en").get_data(as_text=True)
    found = english_in(visible(html, "en"))
    assert "Saved queries" in found and len(found) >= 5


def _post_plan(client: Any, how: str, data: dict[str, Any]) -> tuple[int, str]:
    url = "/validate?lang=cy" if how == "query" else "/validate"
    headers = {} if how == "query" else {"Accept-Language": "cy"}
    response = client.post(url, data=data, headers=headers)
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize("how", ["query", "header"])
def test_welsh_validation_report_and_form_errors(client: Any, how: str) -> None:
    with open(SEED_PLAN, "rb") as plan:
        status, html = _post_plan(client, how, {"file": (plan, "gaps.csv")})
    assert status == 200 and "<title>Adroddiad dilysu cynllun · eqkg</title>" in html
    assert not english_in(visible(html, "cy"))
    # The form sent empty: the error page says so in Welsh.
    status, html = _post_plan(client, how, {"text": ""})
    assert status == 400
    assert i18n.t("validate.nothing", "cy") in html
    assert not english_in(visible(html, "cy"))
    # Text that is not a plan: the reader's English detail is shown in Welsh.
    status, html = _post_plan(client, how, {"text": "x", "format": "text"})
    assert status == 400
    assert ("nid yw&#39;r ddogfen hon yn darllen fel cynllun: ni chafwyd hyd i&#39;r un o&#39;i "
            "arwyddion (amcanion cydraddoldeb fel penawdau") in html
    assert not english_in(visible(html, "cy"))


@pytest.mark.parametrize("how", ["query", "header"])
def test_welsh_correction_form_with_errors(client: Any, how: str) -> None:
    """The reading corrected with mistakes: the error summary and the fields' messages."""
    from lxml import html as lxml_html

    with open(SEED_PLAN, "rb") as plan:
        page = _post_plan(client, how, {"file": (plan, "gaps.csv")})[1]
    form = lxml_html.fromstring(page).xpath("//form[contains(@action, '/validate/check')]")[0]
    fields = dict(form.form_values())
    fields["o1-title"] = ""
    fields["published"] = "next spring"
    url = "/validate/check?lang=cy" if how == "query" else "/validate/check"
    headers = {} if how == "query" else {"Accept-Language": "cy"}
    response = client.post(url, data=fields, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and '<html lang="cy">' in html
    assert "ysgrifennwch y dyddiad fel BBBB-MM-DD" in html
    assert not english_in(visible(html, "cy"))


def test_error_details_are_welsh_or_marked_english(client: Any) -> None:
    html = client.get("/id/organisation/no-such-body?lang=cy").get_data(as_text=True)
    assert ("nid oes dim yn hysbys am &lt;https://w3id.org/eqkg/id/organisation/no-such-body&gt;"
            " yn y graff gwybodaeth hwn") in html
    html = client.get("/queries/commitments-by-characteristic?lang=cy&characteristic=zzz"
                      ).get_data(as_text=True)
    assert "paramedr &#39;characteristic&#39; yr ymholiad commitments-by-characteristic: " \
           "nid yw &#39;zzz&#39; yn werth a ganiateir" in html
    # A detail no message matches (here, the SPARQL parser's) stays English, marked so.
    from eqkg.i18n.errors import localise
    assert localise("error at 1:7: expected WHERE", "cy") == \
        '<span lang="en">error at 1:7: expected WHERE</span>'
    assert localise("the query is empty", "en") == "the query is empty"


def test_welsh_editor_page_carries_the_yasgui_labels(client: Any) -> None:
    html = client.get("/editor?lang=cy").get_data(as_text=True)
    labels = i18n.yasgui_labels("cy")
    assert labels["text"]["Run query"] == "Rhedeg yr ymholiad"
    assert labels["text"]["Filter query results"] == "Hidlo canlyniadau'r ymholiad"
    assert labels["language"]["paginate"]["next"] == "Nesaf"
    assert 'data-labels="{' in html and "Rhedeg yr ymholiad" in html
    assert "yasgui-labels.js" in html
    assert i18n.yasgui_labels("en")["text"] == {}


# -- downloads ----------------------------------------------------------------------------

def test_csv_download_is_welsh_with_a_bom(store: Any) -> None:
    table = saved_queries.run(store, "commitments-by-characteristic", {"characteristic": "race"})
    data = downloads.to_csv(*downloads.readable(table.columns, table.rows, "cy"))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    header = text.split("\r\n")[0].split(",")
    assert header == [downloads.readable(table.columns, [], "cy")[0][i]
                      for i in range(len(header))]
    english = {i18n.t(f"queries.column.{c}", "en") for c in table.columns}
    assert not english & set(header) - {i18n.t(f"queries.column.{c}", "cy")
                                         for c in table.columns}
    assert "Ymrwymiad" in header or "Nodwedd" in header
    assert text.count("\r\n") == len(table.rows) + 1


def test_booleans_are_yes_and_no_in_the_page_language() -> None:
    import pyoxigraph as ox

    true = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    false = ox.Literal("false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    rows = [[true, ox.Literal("Tŷ Hywel")], [false, None]]
    text = downloads.to_csv(*downloads.readable(["reasonGiven", "text"], rows, "cy")).decode()
    assert text == "\ufeffRheswm wedi'i roi?,Geiriad\r\nIe,Tŷ Hywel\r\nNa,\r\n"
    text = downloads.to_csv(*downloads.readable(["reasonGiven", "text"], rows, "en")).decode()
    assert text == "\ufeffReason given?,Wording\r\nYes,Tŷ Hywel\r\nNo,\r\n"
    book = load_workbook(io.BytesIO(downloads.to_xlsx(
        *downloads.readable(["reasonGiven", "text"], rows, "cy"), i18n.t("queries.answer", "cy"))))
    sheet = book.active
    assert sheet.title == "Yr ateb"
    assert [c.value for c in sheet[1]] == ["Rheswm wedi'i roi?", "Geiriad"]
    assert [c.value for c in sheet[2]] == ["Ie", "Tŷ Hywel"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold


# -- language negotiation -------------------------------------------------------------------

@pytest.mark.parametrize(("header", "lang"), [
    ("cy", "cy"),
    ("cy-GB", "cy"),
    ("en-GB,en;q=0.9,cy;q=0.8", "en"),
    ("en;q=0.4, cy;q=0.8", "cy"),
    ("fr-FR, de;q=0.9, cy;q=0.3, en;q=0.2", "cy"),
    ("cy;q=0, en;q=0.1", "en"),
    ("fr", "en"),
    ("*", "en"),
    ("", "en"),
])
def test_accept_language_q_values(client: Any, header: str, lang: str) -> None:
    assert i18n.pick_lang(None, header) == lang
    html = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html


def test_lang_parameter_overrides_the_browser(client: Any) -> None:
    html = client.get("/?lang=en", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    html = client.get("/?lang=cy", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="cy">' in html
    # The language switch links keep working: each names its language.
    assert 'href="/?lang=en" lang="en" hreflang="en"' in html


# -- plurals and dates --------------------------------------------------------------------

def test_welsh_has_six_plural_forms() -> None:
    text = po_path("cy").read_text(encoding="utf-8")
    assert f'Plural-Forms: {get_plural("cy").plural_forms}' in text.replace('"\n"', "")
    forms = {n: i18n.tn("reading.steps", n, "cy") for n in (0, 1, 2, 3, 4, 6, 7, 20)}
    assert forms == {0: "0 cam", 1: "1 cam", 2: "2 gam", 3: "3 cham", 4: "4 cam",
                     6: "6 cham", 7: "7 cam", 20: "20 cam"}
    assert [i18n.tn("reading.steps", n, "en") for n in (0, 1, 2)] == \
        ["0 steps", "1 step", "2 steps"]
    # The YAML-era keys still work for code that names them.
    assert i18n.t("reading.steps.other", "cy", n=3) == "3 cham"
    assert i18n.t("reading.objectives.one", "en", n=1) == "1 objective"


def test_welsh_dates() -> None:
    assert i18n.format_date("2024-03-31", "cy") == "31 Mawrth 2024"
    assert i18n.format_date("2024-06-01", "en") == "1 June 2024"
    assert i18n.format_date("Q4 2022/23", "cy") == "Q4 2022/23"


def test_catalogues_are_complete_and_fuzzy_means_needs_review() -> None:
    messages = read_catalogues()
    assert POT.exists() and len(messages) == len(i18n.MESSAGES) - 2 * len(i18n.PLURALS) \
        + len(i18n.PLURALS)
    assert all(m.get("cy") for m in messages.values())
    text = po_path("cy").read_text(encoding="utf-8")
    assert text.count("#, fuzzy") == sum(m["cy_review"] == i18n.NEEDS_REVIEW
                                          for m in messages.values())


def test_the_fixed_welsh_strings() -> None:
    assert i18n.t("report.conforms", "cy") == "Nid yw'r cynllun yn torri unrhyw reolau."
    ontology = Path("ontology/eqkg.ttl").read_text(encoding="utf-8")
    for wrong in ('"ymgeisydd yr un fath"@cy', '"amcan yn"@cy', '"cam yn"@cy'):
        assert wrong not in ontology
    assert '"o bosibl yr un peth â"@cy' in ontology and '"un o amcanion"@cy' in ontology
    assert "ar gam" not in Path("ontology/vocab/phase.ttl").read_text(encoding="utf-8")


@pytest.mark.parametrize("how", ["query", "header"])
def test_welsh_comparison_on_validate_and_compare(client: Any, how: str) -> None:
    """A draft police plan: the report's "How your plan compares" and /compare, in Welsh."""
    with open(DRAFT, "rb") as plan:
        status, html = _post_plan(client, how, {"file": (plan, "draft.md")})
    assert status == 200 and "Sut mae eich cynllun yn cymharu" in html
    assert not english_in(visible(html, "cy"))
    url = "/compare?lang=cy" if how == "query" else "/compare"
    headers = {} if how == "query" else {"Accept-Language": "cy"}
    with open(DRAFT, "rb") as plan:
        response = client.post(url, data={"file": (plan, "draft.md")}, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Sut mae eich cynllun yn cymharu" in html
    assert not english_in(visible(html, "cy"))
