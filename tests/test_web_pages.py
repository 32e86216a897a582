"""The web pages as a reader meets them: titles, language, accessibility basics, labels in
place of IRIs, links between related pages, and one bilingual message table."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from eqkg import i18n
from eqkg.publish.conneg import choose
from eqkg.web import create_app

WEB = Path(i18n.__file__).parent.parent / "web"  # eqkg/i18n/ is a package
SEED_PLAN = "tests/fixtures/validate/gaps.csv"
PAGES = (
    "/",
    "/queries",
    "/queries/commitments-by-characteristic",
    "/validate",
    "/dataset",
    "/ontology",
    "/id/organisation/south-wales-police",
    "/id/person/jeff-cuthbert",
    "/id/response/cardiff-race-equality-taskforce/recommendation/1.1",
    "/id/plan/gwent-jsep-2020-2024/objective/1/step/1",
    "/vocab/characteristic/race",
)
# The templates and views whose strings must all come from the message tables.
OWN_SOURCES = [*WEB.glob("templates/*.html"), *WEB.glob("templates/linked/*.html"),
               *WEB.glob("templates/queries/*.html"), WEB / "home.py", WEB / "linked.py",
               WEB / "queries.py", WEB / "validate.py", WEB.parent / "validation" / "report.py"]
OWN_SOURCES = [p for p in OWN_SOURCES if "sparql" not in p.name]


@pytest.fixture(scope="module")
def client(store_path: Path) -> Any:
    return create_app(store_path=store_path).test_client()


def page(client: Any, path: str, lang: str) -> tuple[int, str]:
    sep = "&" if "?" in path else "?"
    response = client.get(f"{path}{sep}lang={lang}")
    return response.status_code, response.get_data(as_text=True)


class TextNodes(HTMLParser):
    """The visible text of a page, one stripped string per text node, leaving out code,
    scripts and anything marked as another language (data shown as it was written)."""

    SKIP = {"code", "pre", "script", "style", "title"}

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.stack: list[bool] = []
        self.nodes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "input", "link", "meta", "img", "hr"):
            return
        a = dict(attrs)
        other = a.get("lang") not in (None, self.lang)
        self.stack.append(tag in self.SKIP or other or bool(self.stack and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("br", "input", "link", "meta", "img", "hr") and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            text = data.strip().strip(":·|(),").strip()
            if text:
                self.nodes.add(text)


def text_nodes(text: str, lang: str) -> set[str]:
    parser = TextNodes(lang)
    parser.feed(text)
    return parser.nodes


class Structure(HTMLParser):
    """What the accessibility checks need: header cells, form controls and labels."""

    def __init__(self) -> None:
        super().__init__()
        self.in_thead = False
        self.thead_cells: list[dict[str, str | None]] = []
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.ids: set[str] = set()
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "thead":
            self.in_thead = True
        elif tag == "th" and self.in_thead:
            self.thead_cells.append(a)
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(a)
        elif tag == "label" and a.get("for"):
            self.label_for.add(a["for"] or "")
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self.in_thead = False
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def structure(text: str) -> Structure:
    parser = Structure()
    parser.feed(text)
    return parser


# -- the message tables -----------------------------------------------------------

def test_every_message_has_english_and_welsh_and_a_known_review_state() -> None:
    assert len(i18n.MESSAGES) > 200
    for key, message in i18n.MESSAGES.items():
        assert message["en"].strip() and message.get("cy", "").strip(), key
        assert message.get("cy_review", i18n.NEEDS_REVIEW) in i18n.REVIEW_VALUES, key
    # No fluent speaker has checked the interface yet: the first review must update this.
    assert all(i18n.needs_review(key) for key in i18n.MESSAGES)


def test_every_message_key_used_by_the_pages_exists() -> None:
    used: set[str] = set()
    for path in OWN_SOURCES:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*['"]([A-Za-z0-9_.:-]+)['"]""", text))
    assert {"site.title", "queries.heading", "linked.incoming", "validate.title"} <= used
    missing = sorted(k for k in used if not k.endswith(".") and not i18n.has(k))
    assert not missing
    # keys the templates build: error pages, graph kinds, severities, tags
    built = [f"error.{s}" for s in (400, 404, 406, 413, 500, 503)]
    built += [f"linked.{k}" for k in ("asserted", "inferred", "harvested")]
    built += [f"report.{s}" for s in ("Violation", "Warning", "Info")]
    assert all(i18n.has(k) for k in built)


def test_views_hold_no_message_tables_of_their_own() -> None:
    for path in OWN_SOURCES:
        if path.suffix == ".py":
            assert not re.search(r'\{"en":\s*"', path.read_text(encoding="utf-8")), path


def test_loader_refuses_duplicate_keys_and_unknown_review_states(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x:\n  y: {en: One, cy: Un}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("x:\n  y: {en: Two, cy: Dau}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="x.y is defined twice"):
        i18n.load_messages(tmp_path)
    (tmp_path / "b.yaml").write_text("z: {en: Two, cy: Dau, cy_review: fine}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cy_review 'fine'"):
        i18n.load_messages(tmp_path)


def test_t_formats_and_falls_back() -> None:
    assert i18n.t("linked.capped", "cy", n=5).startswith("Dim ond y 5 dolen")
    assert i18n.t("no.such.key", "cy") == "no.such.key"
    assert i18n.pick({"en": "race", "cy": "hil"}, "cy") == "hil"
    assert i18n.pick({"": "plain"}, "cy") == "plain"
    assert i18n.pick({}, "cy") is None


def test_choose_picks_by_format_then_accept_then_first() -> None:
    choices = {"json": "application/json", "csv": "text/csv"}

    def accept(value: str) -> MIMEAccept:
        return parse_accept_header(value, MIMEAccept)

    assert choose(accept("text/csv"), None, choices) == "csv"
    assert choose(accept("text/csv"), "json", choices) == "json"
    assert choose(accept("*/*"), None, choices) == "json"
    assert choose(accept("image/png"), None, choices) == "json"


# -- every page -------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_title_language_skip_link_and_accessible_tables(
        client: Any, path: str, lang: str) -> None:
    status, text = page(client, path, lang)
    assert status == 200
    assert f'<html lang="{lang}">' in text
    parsed = structure(text)
    title = parsed.title.strip()
    assert title.endswith("· eqkg") and len(title) > len("· eqkg") + 2
    assert 'href="#main" class="govuk-skip-link"' in text and "main" in parsed.ids
    assert all(cell.get("scope") == "col" for cell in parsed.thead_cells), path
    for control in parsed.controls:
        assert control.get("id") in parsed.label_for, (path, control)


@pytest.mark.parametrize("path", PAGES)
def test_welsh_pages_carry_no_english_interface_text(client: Any, path: str) -> None:
    english = text_nodes(page(client, path, "en")[1], "en")
    welsh = text_nodes(page(client, path, "cy")[1], "cy")
    interface = {m["en"] for m in i18n.MESSAGES.values() if m["en"] != m["cy"]}
    assert interface & english, "the English page shows interface text"
    leaked = sorted(interface & welsh)
    assert not leaked, leaked


def test_welsh_page_notes_the_review_and_english_page_does_not(client: Any) -> None:
    assert i18n.t("site.cy_review_note", "cy") in page(client, "/", "cy")[1]
    assert i18n.t("site.cy_review_note", "en") not in page(client, "/", "en")[1]


def test_form_fields_have_labels(client: Any) -> None:
    for path in ("/validate", "/queries/commitments-by-characteristic", "/queries/search"):
        parsed = structure(page(client, path, "cy")[1])
        assert parsed.controls
        assert all(c.get("id") in parsed.label_for for c in parsed.controls), path


def test_error_page_is_titled_in_the_page_language(client: Any) -> None:
    status, text = page(client, "/id/organisation/no-such-body", "cy")
    assert status == 404
    assert "<title>Heb ei ganfod (404) · eqkg</title>" in text
    assert '<h1 class="govuk-heading-l">Heb ei ganfod</h1>' in text


def test_validation_report_page(client: Any) -> None:
    with open(SEED_PLAN, "rb") as plan:
        response = client.post("/validate?lang=cy", data={"file": (plan, "gaps.csv")})
    text = response.get_data(as_text=True)
    assert "<title>Adroddiad dilysu cynllun · eqkg</title>" in text
    parsed = structure(text)
    assert all(cell.get("scope") == "col" for cell in parsed.thead_cells)
    assert '<th class="row" scope="row"' in text
    assert i18n.t("validate.another", "cy") in text


# -- labels and links ---------------------------------------------------------------

def test_home_page_points_to_the_main_tasks_and_documents(client: Any) -> None:
    text = page(client, "/", "en")[1]
    for target in ('href="/queries?lang=en"', 'href="/validate?lang=en"',
                   'href="/editor?lang=en"', 'href="/dataset?lang=en"',
                   'href="/ontology?lang=en"'):
        assert target in text
    assert '<a href="/id/plan/gwent-jsep-2020-2024"' in text
    assert ">Joint Strategic Equality Plan 2020–2024</a>" in text
    assert "Cynllun Cydraddoldeb Strategol" in page(client, "/", "cy")[1]


def test_query_answers_show_labels_in_the_page_language(client: Any) -> None:
    text = page(client, "/queries/commitments-by-characteristic", "cy")[1]
    assert '<a class="govuk-link" href="/vocab/characteristic/race?lang=cy" ' \
           'title="https://w3id.org/eqkg/vocab/characteristic/race">hil</a>' in text
    # the title column is folded into the document column, which shows the title
    assert len(re.findall(r'<th scope="col"[^>]*><a [^>]*>Dogfen<', text)) == 1
    assert ">Joint Strategic Equality Plan 2020–2024</a>" in text
    assert '<td class="govuk-table__cell" data-label="Math" lang="cy">Cam</td>' in text  # eq:Step's Welsh label, not "Step"
    # the API keeps the raw answer
    raw = client.get("/api/queries/commitments-by-characteristic?lang=cy").get_json()
    assert {"documentTitle", "document"} <= set(raw["columns"])


def test_characteristic_page_links_to_its_saved_query(client: Any) -> None:
    text = page(client, "/vocab/characteristic/race", "cy")[1]
    assert 'href="/queries/commitments-by-characteristic?characteristic=race&amp;lang=cy"' \
        in text
    person = page(client, "/id/person/jeff-cuthbert", "en")[1]
    assert "/queries/actions-by-person?person=jeff-cuthbert&amp;lang=en" in person


def test_unlabelled_resources_get_a_readable_heading(client: Any) -> None:
    step = page(client, "/id/plan/gwent-jsep-2020-2024/objective/1/step/1", "cy")[1]
    assert "<h1>Cam 1</h1>" in step
    assert "Increase the levels of reporting of crimes" in step
    recommendation = page(
        client, "/id/response/cardiff-race-equality-taskforce/recommendation/1.1", "en")[1]
    assert "<h1>Recommendation 1.1</h1>" in recommendation


def test_w3c_terms_are_labelled_in_both_languages(client: Any) -> None:
    welsh = page(client, "/vocab/characteristic/race", "cy")[1]
    assert ">label a ffefrir</a>" in welsh and "skos:prefLabel</small>" in welsh
    english = page(client, "/vocab/characteristic/race", "en")[1]
    assert ">preferred label</a>" in english


def test_language_switch_keeps_the_question(client: Any) -> None:
    text = page(client, "/queries/commitments-by-characteristic?characteristic=age", "en")[1]
    assert 'href="/queries/commitments-by-characteristic?characteristic=age&amp;lang=cy"' in text


@pytest.mark.parametrize("lang, wording", [
    ("en", "Objective 1 › Step 1"), ("cy", "Amcan 1 › Cam 1"),
    ("en", "Previous meeting › Action 1"), ("cy", "Cyfarfod blaenorol › Cam gweithredu 1"),
])
def test_unlabelled_parts_are_named_from_their_uri(client: Any, lang: str, wording: str) -> None:
    """Regression: answer cells showed compact IRIs (id:plan/…/objective/1/step/1)."""
    text = page(client, "/queries/commitments-by-characteristic", lang)[1]
    assert f">{wording}</a>" in text
    assert ">id:plan/gwent-jsep-2020-2024/objective/1/step/1<" not in text
