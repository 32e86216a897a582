"""Saved-query answers people can read: headings in the page's language, numbers right-aligned,
Yes/No, sorting, filtering and paging on the server, and the .json/.csv/.xlsx twins of every
saved-query page (the CSV opened by LibreOffice with its Welsh letters intact)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask import g
from openpyxl import load_workbook
from rdflib import Graph

from eqkg import saved_queries
from eqkg.store import Store
from eqkg.web import create_app
from eqkg.web.queries import column_label

ROOT = Path(__file__).resolve().parents[1]
BOM = b"\xef\xbb\xbf"
RANGE = re.compile(r"(?:Rows|Rhesi) (\d+)–(\d+) (?:of|o) (\d+)")
# A Welsh-language plan (made up for this test) whose wording has ŵ and ŷ.
WELSH_PLAN = """
@prefix eq: <https://w3id.org/eqkg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/eqkg/id/plan/ty-prawf> a eq:Document, eq:StrategicEqualityPlan ;
    dcterms:title "Cynllun Cydraddoldeb Tŷ Prawf"@cy .
<https://w3id.org/eqkg/id/plan/ty-prawf/objective/1/step/1> a eq:Step, eq:Commitment ;
    eq:text "Sefydlu grŵp cyswllt i bobl hŷn bob chwarter"@cy ;
    eq:source <https://w3id.org/eqkg/id/plan/ty-prawf> .
"""


@pytest.fixture(scope="module")
def client(store_path: Path) -> Any:
    return create_app(store_path=store_path).test_client()


def get(client: Any, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, (path, response.get_data(as_text=True)[:400])
    return response


def html(client: Any, path: str) -> str:
    return get(client, path).get_data(as_text=True)


def header_cells(text: str) -> list[str]:
    thead = re.search(r'<table class="govuk-table eqkg-answer.*?<thead.*?</thead>', text, re.S)
    assert thead
    return [re.sub(r"<[^>]+>", "", unescape(h)).split(" (")[0].strip(" ▲▼")
            for h in re.findall(r"<th [^>]*>(.*?)</th>", thead.group(0), re.S)]


def column_cells(text: str, label: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(
        rf'<td class="[^"]*" data-label="{re.escape(label)}"[^>]*>(.*?)</td>', text, re.S)]


# -- headings, numbers, booleans ---------------------------------------------------------

def test_every_column_of_every_saved_query_has_a_readable_heading_in_both_languages() -> None:
    for query in saved_queries.load_library().values():
        for column in query.columns:
            for lang in ("en", "cy"):
                label = _label(query, column, lang)
                assert label != column and "_" not in label, (query.name, column, lang)
        assert query.plain.get("en") and query.plain.get("cy"), query.name


def _label(query: saved_queries.SavedQuery, column: str, lang: str) -> str:
    with create_app(store_path=ROOT / "var" / "unused").test_request_context():
        g.lang = lang
        return column_label(query, column)


def test_coverage_matrix_headings_counts_and_chart_in_welsh(client: Any) -> None:
    text = html(client, "/queries/coverage-matrix?lang=cy")
    assert header_cells(text) == [
        "Dogfen", "Oedran", "Anabledd", "Ailbennu rhywedd", "Priodas a phartneriaeth sifil",
        "Beichiogrwydd a mamolaeth", "Hil", "Crefydd neu gred", "Rhyw", "Cyfeiriadedd rhywiol",
        "Eitemau"]
    assert "Rhesi 1–5 o 5" in text
    # counts are numbers: right-aligned
    assert column_cells(text, "Hil") == ["0", "2", "0", "17", "61"]
    assert text.count('govuk-table__cell govuk-table__cell--numeric" data-label="Hil"') == 5
    # a bar chart of the items in all (the query's `chart` header), with its data table
    assert '<figcaption class="govuk-heading-s" id="chart-answer-title">Eitemau yn ôl Dogfen' \
        in text
    assert text.count('<li class="eqkg-bars__row">') == 5
    # the plain description first; the technical one folded away
    plain = unescape(text)
    assert plain.index("Ar gyfer pob dogfen, faint o'i hamcanion") < \
        plain.index('<details class="govuk-details">') < plain.index("skos:broader")


def test_booleans_read_yes_or_no(client: Any) -> None:
    english = html(client, "/queries/steps-missing-details")
    assert set(column_cells(english, "Has a timescale")) == {"Yes"}
    assert set(column_cells(english, "Has a lead")) == {"No"}
    welsh = html(client, "/queries/steps-missing-details?lang=cy")
    assert set(column_cells(welsh, "Mae ganddo amserlen")) == {"Ie"}
    assert "true" not in column_cells(welsh, "Mae ganddo arweinydd")


# -- sorting, filtering, paging ------------------------------------------------------------

def test_sort_filter_and_pages_on_the_server(client: Any) -> None:
    base = "/queries/commitments-by-characteristic?characteristic=race"
    first = html(client, base + "&per_page=10")
    first_range = RANGE.search(first)
    assert first_range is not None
    total = int(first_range.group(3))
    assert total == 67 and first_range.groups()[:2] == ("1", "10")
    second = html(client, base + "&per_page=10&page=2")
    assert "Rows 11–20 of 67" in second
    assert 'aria-label="Page 2" aria-current="page">2</a>' in second
    assert 'class="govuk-pagination"' in second and 'rel="prev"' in second
    # sorted by due date: dates ascending, rows without one last
    dates = column_cells(html(client, base + "&per_page=500&_sort=dueDate"), "Due date")
    filled = [d for d in dates if d]
    assert filled == sorted(filled) and len(filled) == 13 and dates[:13] == filled
    newest = column_cells(html(client, base + "&per_page=500&_sort=dueDate&_desc=1"), "Due date")
    assert [d for d in newest if d] == sorted(filled, reverse=True)
    assert 'aria-sort="descending"' in html(client, base + "&_sort=dueDate&_desc=1")
    # filtered: only rows whose wording holds the text
    filtered = html(client, base + "&_f_text=School")
    match = RANGE.search(filtered)
    assert match is not None and match.groups() == ("1", "7", "7")
    assert "(filtered from 67)" in filtered
    wording = column_cells(filtered, "Wording")
    assert len(wording) == 7 and all("school" in w.lower() for w in wording)
    assert client.get(base + "&_sort=nothing").status_code == 400


# -- the .json, .csv and .xlsx twins ---------------------------------------------------------

@pytest.mark.parametrize("name", list(saved_queries.load_library()))
def test_every_saved_query_page_has_json_csv_and_xlsx_twins(client: Any, name: str) -> None:
    query = saved_queries.get(name)
    args = "&".join(f"{p.name}={p.default or 'x'}" for p in query.parameters
                    if p.required and not p.default)
    page = html(client, f"/queries/{name}?lang=cy&{args}")
    as_json = get(client, f"/queries/{name}.json?lang=cy&{args}").get_json()
    labels = [c["label"] for c in as_json["columns"]]
    assert as_json["query"] == name and as_json["lang"] == "cy"
    assert as_json["total"] == int(RANGE.search(page).group(3)) if as_json["total"] else True
    raw = get(client, f"/queries/{name}.csv?lang=cy&{args}").data
    assert raw.startswith(BOM)
    header = next(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    assert [h for h in header if not h.endswith("(cyfeiriad)")] == labels
    book = load_workbook(io.BytesIO(get(client, f"/queries/{name}.xlsx?lang=cy&{args}").data))
    sheet = book.active
    assert [c.value for c in sheet[1]] == header
    assert sheet.max_row == len(list(csv.reader(io.StringIO(raw[3:].decode("utf-8")))))


def test_english_csv_headings_and_values(client: Any) -> None:
    raw = get(client, "/queries/meetings.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0] == ["Meeting", "Meeting (address)", "Body", "Date", "Place", "Chair",
                       "Attended", "Apologies", "Actions", "Note"]
    # the chairs are a GROUP_CONCAT, whose order SPARQL leaves to the engine
    assert rows[3][3:5] + rows[3][6:9] == ["2022-03-17", "Virtual meeting", "40", "11", "6"]
    assert sorted(rows[3][5].split("; ")) == ["Jeff Cuthbert", "Mark Drakeford"]


@pytest.fixture(scope="module")
def welsh_client(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The session store copied, with a small Welsh-language plan added."""
    path = tmp_path_factory.mktemp("welsh") / "store"
    shutil.copytree(store_path, path)
    store = Store(path)
    store.replace_graph("https://w3id.org/eqkg/graph/ty-prawf",
                        Graph().parse(data=WELSH_PLAN, format="turtle"))
    store.flush()
    del store
    return create_app(store_path=path).test_client()


def test_csv_opens_in_libreoffice_with_welsh_letters_intact(welsh_client: Any,
                                                             tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        subprocess.run([str(ROOT / "scripts" / "install_office.sh")], check=False)
        soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed: run scripts/install_office.sh as root"
    response = get(welsh_client, "/queries/search.csv?lang=cy&text=hŷn")
    source = tmp_path / "search-cy.csv"
    source.write_bytes(response.data)
    # Headless conversion reads CSV in the system's ANSI code page unless told the file is
    # UTF-8 (76); the import dialog and Excel go by the byte order mark, which it then drops.
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=240)
    sheet = load_workbook(tmp_path / "search-cy.xlsx").active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Geiriad", "Ymrwymiad", "Ymrwymiad (cyfeiriad)", "Geiriad", "Math",
                       "Dogfen"]
    assert rows[1][0] == "hŷn"
    assert rows[1][3] == "Sefydlu grŵp cyswllt i bobl hŷn bob chwarter"
    assert rows[1][5] == "Cynllun Cydraddoldeb Tŷ Prawf"
    assert len(rows) == 2


def test_sparql_answer_in_a_browser_is_a_readable_page(client: Any) -> None:
    query = ("SELECT ?document (COUNT(?x) AS ?items) WHERE { ?document a eq:Document . "
             "?x eq:source ?document } GROUP BY ?document")
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    page = client.get("/sparql", query_string={"query": query, "lang": "cy", "_sort": "items",
                                                "_desc": "1"}, headers=browser)
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert header_cells(text) == ["Dogfen", "Eitemau"]
    assert column_cells(text, "Eitemau") == ["466", "421", "252", "111", "54"]
    assert ">Joint Strategic Equality Plan 2020–2024</a>" in text
    assert "Rhesi 1–5 o 5" in text
    machine = client.get("/sparql", query_string={"query": query}, headers={"Accept": "*/*"})
    assert machine.mimetype == "application/sparql-results+json"
    assert len(machine.get_json()["results"]["bindings"]) == 5
