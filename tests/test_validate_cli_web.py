"""`eqkg validate` exit codes and formats; the /validate pages and POST /api/validate."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from werkzeug.datastructures import MultiDict

from eqkg.cli import main
from eqkg.namespaces import SH
from eqkg.validation import inputs, template
from eqkg.web import create_app

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
GAPS = FIXTURES / "gaps.csv"


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.output


def conforming_plan(tmp_path: Path) -> Path:
    """gaps.csv with its gaps closed: gender reassignment covered, aim (c) and steps added."""
    text = GAPS.read_text(encoding="utf-8").replace(
        ",Publish pay gap data by sex and ethnicity,,,,", ",Publish pay gap data by sex and ethnicity,,,✓,")
    text = text.replace(",Make every office physically accessible,1,✔,,,,,Y,,,,yes,,",
                        ",Make every office physically accessible,1,✔,,,,,Y,,,,yes,✓,")
    text += ",Hold quarterly community forums,,,,,,,,,✓,✓,,✓,Community Engagement Lead,2026-03-31,\n"
    path = tmp_path / "fixed.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_exit_1_with_violations_and_text_summary() -> None:
    code, out = cli(str(GAPS))
    assert code == 1
    assert "Protected characteristics no objective covers: gender reassignment" in out
    assert "General-duty aims no objective addresses: foster good relations" in out


def test_exit_0_when_the_plan_has_no_violations(tmp_path: Path) -> None:
    code, out = cli(str(conforming_plan(tmp_path)), "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["conforms"] is True and data["summary"]["violations"] == 0


@pytest.mark.parametrize("content, name, reason", [
    (b"", "empty.csv", "the file is empty"),
    (b"objective,step,Age,colour\n", "bad.csv", "unknown column 'colour'"),
    # Not the template (no characteristic columns): a table for the plan readers, which find no plan.
    (b"objective,colour\n", "other.csv", "does not read as a plan"),
    (b"@prefix : <x> .\n:a :b", "bad.ttl", "malformed Turtle"),
    (b"objective,step,Age\ncaf\xe9,,\n", "latin1.csv", "not UTF-8 text"),
])
def test_exit_2_with_one_line_reason(tmp_path: Path, content: bytes, name: str, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out = cli(str(path))
    assert code == 2
    assert reason in out and out.count("\n") == 1 and "Traceback" not in out


def test_missing_and_oversized_files_exit_2(tmp_path: Path) -> None:
    assert cli(str(tmp_path / "nope.csv"))[0] == 2
    big = tmp_path / "big.csv"
    big.write_bytes(b"objective," + b"x" * inputs.MAX_BYTES)
    code, out = cli(str(big))
    assert code == 2 and "over the limit of 20.0 MB" in out


def test_formats_and_output_file(tmp_path: Path) -> None:
    out_file = tmp_path / "report.ttl"
    code, _ = cli(str(GAPS), "--format", "ttl", "-o", str(out_file))
    assert code == 1
    report = Graph().parse(out_file, format="turtle")
    assert (None, SH.conforms, None) in report
    assert len(set(report.subjects(None, SH.ValidationResult))) == 40
    langs = {m.language for m in report.objects(None, SH.resultMessage)}
    assert langs == {"en", "cy"}
    code, html = cli(str(GAPS), "--format", "html", "--lang", "cy")
    assert code == 1 and '<html lang="cy">' in html and 'class="gap' in html
    assert "ailbennu rhywedd" in html


@pytest.fixture()
def client(tmp_path: Path):
    app = create_app(store_path=tmp_path / "store")
    app.config["TESTING"] = True
    yield app.test_client()
    assert not (tmp_path / "store").exists(), "validation must not touch the store"


def test_form_and_templates(client) -> None:
    page = client.get("/validate?lang=cy")
    assert page.status_code == 200 and "Dilysu cynllun" in page.text
    assert "/validate/template.csv" in page.text and "/validate/template.xlsx" in page.text
    csv_resp = client.get("/validate/template.csv")
    assert csv_resp.status_code == 200 and csv_resp.data == template.template_csv()
    xlsx = client.get("/validate/template.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_upload_and_paste_give_the_results_page(client) -> None:
    upload = client.post("/validate", data={"file": (io.BytesIO(GAPS.read_bytes()), "gaps.csv")},
                         content_type="multipart/form-data")
    assert upload.status_code == 200
    assert "gender reassignment" in upload.text and 'class="matrix"' in upload.text
    pasted = client.post("/validate", data={"text": GAPS.read_text(encoding="utf-8"),
                                            "input_format": "csv"})
    assert pasted.status_code == 200 and "Objective 3" in pasted.text


def test_unusable_upload_is_400_on_the_form(client) -> None:
    resp = client.post("/validate", data={"file": (io.BytesIO(b"objective,Race,zzz\n"), "x.csv")},
                       content_type="multipart/form-data")
    assert resp.status_code == 400 and "unknown column" in resp.text
    empty = client.post("/validate", data={"text": ""})
    assert empty.status_code == 400 and "Choose a file" in empty.text


def test_api_output_by_accept(client) -> None:
    body = GAPS.read_bytes()
    as_json = client.post("/api/validate", data=body, content_type="text/csv")
    assert as_json.status_code == 200 and as_json.json["conforms"] is False
    assert as_json.headers["X-Plan-Conforms"] == "false"
    assert [g["label"] for g in as_json.json["characteristic_gaps"]] == ["gender reassignment"]
    as_ttl = client.post("/api/validate", data=body, content_type="text/csv",
                         headers={"Accept": "text/turtle"})
    assert as_ttl.mimetype == "text/turtle"
    assert len(Graph().parse(data=as_ttl.text, format="turtle")) > 100
    as_html = client.post("/api/validate", data=body, content_type="text/csv",
                          headers={"Accept": "text/html"})
    assert as_html.mimetype == "text/html" and "<table" in as_html.text
    bad = client.post("/api/validate", data=b"objective,Race,zzz\n", content_type="text/csv")
    assert bad.status_code == 400 and "unknown column" in bad.json["error"]


def test_api_upload_limit_is_413(client) -> None:
    from eqkg import validation

    resp = client.post("/api/validate", data=b"x" * (validation.MAX_BYTES + 1), content_type="text/csv")
    assert resp.status_code == 413 and "over the limit of 20.0 MB" in resp.json["error"]
    # Beyond the multipart margin, the server refuses the body before reading it.
    refused = client.post("/api/validate", data=b"x" * (validation.MAX_BYTES + 128 * 1024),
                          content_type="text/csv")
    assert refused.status_code == 413


# ---------------------------------------------------------------- what was read, then the correction

PLAN_MD = """# Example Borough Council Strategic Equality Plan 2025-2029

Organisation: Example Borough Council

## Objective 1: Fair pay and progression

We will close the gender and ethnicity pay gaps across the council.

To achieve this we will:

- Publish pay gap data by sex and ethnicity every year
- Review recruitment and promotion for bias against disabled staff

## Objective 2: Accessible services

Every resident can use our services, whatever their age or disability.

To achieve this we will:

- Make every library and office physically accessible
- Offer every form in Welsh, in easy read and in large print
- Train front-line staff to support neurodivergent residents

## Objective 3: Safer communities

We will reduce hate crime against minority ethnic, faith and LGBTQ+ residents.

To achieve this we will:

- Work with the police to improve reporting of hate crime
"""
OBJECTIVES = ["Fair pay and progression", "Accessible services", "Safer communities"]
STEPS = ["Publish pay gap data by sex and ethnicity every year",
         "Review recruitment and promotion for bias against disabled staff",
         "Make every library and office physically accessible",
         "Offer every form in Welsh, in easy read and in large print",
         "Train front-line staff to support neurodivergent residents",
         "Work with the police to improve reporting of hate crime"]


def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.md"
    path.write_text(PLAN_MD, encoding="utf-8")
    return path


def test_cli_prints_what_it_read_before_the_findings(tmp_path: Path) -> None:
    code, out = cli(str(plan_file(tmp_path)))
    assert code == 1
    lines = out.splitlines()
    assert lines[:10] == [
        "We read 3 objectives and 6 steps from plan.md (confidence: high)",
        "  Objective 1 (line 5): Fair pay and progression",
        f"    Step 1.1 (line 11): {STEPS[0]}",
        f"    Step 1.2 (line 12): {STEPS[1]}",
        "  Objective 2 (line 14): Accessible services",
        f"    Step 2.1 (line 20): {STEPS[2]}",
        f"    Step 2.2 (line 21): {STEPS[3]}",
        f"    Step 2.3 (line 22): {STEPS[4]}",
        "  Objective 3 (line 24): Safer communities",
        f"    Step 3.1 (line 30): {STEPS[5]}",
    ]
    assert out.index("We read") < out.index("The plan has violations") < out.index("[Violation]")


def test_json_report_carries_the_reading(tmp_path: Path) -> None:
    code, out = cli(str(plan_file(tmp_path)), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["input"] == {"source": "plan.md", "kind": "document"}
    reading = data["reading"]
    assert reading["source"] == "plan.md" and reading["confidence"] == "high"
    assert reading["found"]["objective"] == 3 and reading["found"]["step"] == 6
    objectives = [i for i in reading["items"] if i["kind"] == "objective"]
    assert [o["text"] for o in objectives] == OBJECTIVES
    assert [o["location"] for o in objectives] == ["line 5", "line 14", "line 24"]
    assert [o["source"] for o in objectives] == [f"Objective {n}: {t}" for n, t in
                                                 enumerate(OBJECTIVES, start=1)]
    assert objectives[0]["fields"]["statement"] == (
        "We will close the gender and ethnicity pay gaps across the council.")
    steps = [i for i in reading["items"] if i["kind"] == "step"]
    assert [s["text"] for s in steps] == STEPS
    assert [reading["items"][s["parent"]]["text"] for s in steps] == [
        OBJECTIVES[0]] * 2 + [OBJECTIVES[1]] * 3 + [OBJECTIVES[2]]
    assert data["summary"]["objectives"] == 3 and data["summary"]["steps"] == 6


def test_rdf_input_says_there_was_no_document_to_read(client) -> None:
    code, out = cli(str(FIXTURES / "gaps.ttl"), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["reading"] is None and data["input"]["kind"] == "rdf"
    _, text = cli(str(FIXTURES / "gaps.ttl"))
    assert text.splitlines()[0] == ("gaps.ttl is linked data (Turtle or JSON-LD): there was no "
                                    "document to read, so the plan is checked as given.")
    page = client.post("/validate", data={"file": (io.BytesIO((FIXTURES / "gaps.ttl").read_bytes()),
                                                   "gaps.ttl")}, content_type="multipart/form-data")
    assert page.status_code == 200 and "there was no document to read" in page.text
    assert 'id="correct"' not in page.text


def upload(client, data: bytes, name: str, lang: str = "en"):
    return client.post(f"/validate?lang={lang}", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def parsed(text: str):
    from lxml import html

    return html.fromstring(text)


def words(node) -> str:
    return " ".join(" ".join(node.itertext()).split())


def correction_form(page: str) -> MultiDict:
    """The correction form's fields as a browser would send them (checked boxes only)."""
    form = parsed(page).xpath("//form[contains(@action, '/validate/check')]")[0]
    return MultiDict(form.form_values())


def test_page_shows_what_was_read_before_the_findings(client) -> None:
    resp = upload(client, PLAN_MD.encode(), "plan.md")
    assert resp.status_code == 200
    doc = parsed(resp.text)
    assert words(doc.xpath("//p[contains(concat(' ', @class, ' '), ' reading-summary ')]")[0]) == (
        "We read 3 objectives and 6 steps from your document")
    rows = [[words(cell) for cell in tr] for tr in doc.xpath("//table[contains(concat(' ', @class, ' '), ' reading-table ')]/tbody/tr")]
    assert [r[0] for r in rows] == ["Objective 1", "Step 1.1", "Step 1.2", "Objective 2", "Step 2.1",
                                    "Step 2.2", "Step 2.3", "Objective 3", "Step 3.1"]
    assert rows[0][1:] == [
        "Fair pay and progression We will close the gender and ethnicity pay gaps across the "
        "council. Characteristics: race (mentioned in the text), sex (mentioned in the text)",
        "line 5", "Objective 1: Fair pay and progression"]
    assert rows[1][1:] == [f"{STEPS[0]} Characteristics: race (mentioned in the text), sex "
                           "(mentioned in the text)", "line 11", STEPS[0]]
    # "easy read" implies disability without naming it: shown with that weaker basis
    assert rows[5][1:] == [f"{STEPS[3]} Characteristics: disability (implied by the text)", "line 21",
                           STEPS[3]]
    assert "How sure the reader is high" in words(doc.xpath("//dl[contains(concat(' ', @class, ' '), ' summary-list ')]")[0])
    text = resp.text
    assert text.index("What we read") < text.index('id="correct"') < text.index(">Findings<")
    welsh = parsed(upload(client, PLAN_MD.encode(), "plan.md", "cy").text)
    assert words(welsh.xpath("//p[contains(concat(' ', @class, ' '), ' reading-summary ')]")[0]) == (
        "Darllenon ni 3 amcan a 6 cham o'ch dogfen")
    assert welsh.xpath("//h2[@id='correct-title']")[0].text == "Cywiro'r darlleniad"


def test_correction_form_is_prefilled_and_labelled(client) -> None:
    page = upload(client, PLAN_MD.encode(), "plan.md").text
    fields = correction_form(page)
    assert fields["objectives"] == "3" and fields["steps"] == "6"
    assert [fields[f"o{i}-title"] for i in (1, 2, 3)] == OBJECTIVES
    assert fields["o2-statement"] == "Every resident can use our services, whatever their age or disability."
    # a plan that ticks nothing is judged on its text: the mentions are pre-ticked (objective and steps merged)
    assert fields.getlist("o1-char") == ["disability", "race", "sex"]
    assert fields.getlist("o3-char") == ["gender-reassignment", "race", "religion-or-belief",
                                         "sexual-orientation"]
    # implied wording never counts, so it is shown but not pre-ticked
    assert fields["s3-ticks"] == "" and fields.getlist("o2-char") == ["age", "disability"]
    assert [fields[f"s{j}-text"] for j in range(1, 7)] == STEPS
    assert [fields[f"s{j}-objective"] for j in range(1, 7)] == ["1", "1", "2", "2", "2", "3"]
    assert fields["plan_title"] == "Example Borough Council Strategic Equality Plan 2025-2029"
    assert fields["organisation"] == "Example Borough Council"
    doc = parsed(page)
    form = doc.xpath("//form[contains(@action, '/validate/check')]")[0]
    controls = form.xpath(".//input[not(@type='hidden')] | .//textarea | .//select")
    assert len(controls) > 100
    for control in controls:  # every control has a label
        assert form.xpath(f".//label[@for='{control.get('id')}']"), control.get("name")
    legends = [words(x) for x in form.xpath("./fieldset/legend")]
    assert legends == ["The plan", "Objective 1: Fair pay and progression",
                       "Objective 2: Accessible services", "Objective 3: Safer communities",
                       "Add an objective"]
    actions = [b.get("formaction") for b in form.xpath(".//button[@formaction]")]
    assert actions == ["/validate/corrected.csv?lang=en", "/validate/corrected.xlsx?lang=en",
                       "/validate/corrected.ttl?lang=en", "/validate/report.pdf?lang=en"]


def test_renamed_objective_is_checked_again(client) -> None:
    fields = correction_form(upload(client, PLAN_MD.encode(), "plan.md").text)
    fields["o1-title"] = "Fair pay for every member of staff"
    resp = client.post("/validate/check", data=fields)
    assert resp.status_code == 200
    doc = parsed(resp.text)
    assert words(doc.xpath("//p[contains(concat(' ', @class, ' '), ' reading-summary ')]")[0]) == (
        "We read 3 objectives and 6 steps from your corrected plan")
    read = [words(tr) for tr in doc.xpath("//table[contains(concat(' ', @class, ' '), ' reading-table ')]/tbody/tr")]
    assert read[0] == ("Objective 1 Fair pay for every member of staff We will close the gender and "
                       "ethnicity pay gaps across the council. Characteristics: race (ticked in the "
                       "plan), sex (ticked in the plan) row 10 Fair pay for every member of staff We will close the gender and "
                       "ethnicity pay gaps across the council.")
    again = correction_form(resp.text)  # the corrected plan can be corrected again
    assert again["o1-title"] == "Fair pay for every member of staff"
    assert again["source"] == "plan.md"


def csv_download(client, fields: MultiDict) -> list[list[str]]:
    resp = client.post("/validate/corrected.csv", data=fields)
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "attachment; filename=" in resp.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(resp.data.decode("utf-8-sig"))))


def plan_rows(rows: list[list[str]]) -> list[tuple[str, str, list[str]]]:
    """(objective, step, ticked headers) of the rows below the template's header."""
    header = next(i for i, r in enumerate(rows) if r and r[0] == "objective")
    names = rows[header]
    return [(r[0], r[1], [names[k] for k, v in enumerate(r) if v == "✓"]) for r in rows[header + 1:]]


def test_move_merge_split_add_and_untick(client) -> None:
    fields = correction_form(upload(client, PLAN_MD.encode(), "plan.md").text)
    fields["s3-objective"] = "1"  # move "Make every library ..." to objective 1
    fields["o2-split"] = "2"  # objective 2 keeps "Offer every form", a new one takes "Train ..."
    fields["o2-split-title"] = "Neurodivergent residents"
    fields["o3-merge"] = "1"  # objective 3 joins the one before it (the new one)
    fields.setlist("o1-char", ["disability", "sex"])  # untick race
    fields["new-title"] = "Pregnant staff"
    fields["new-steps"] = "Review the maternity leave policy\n\nAsk returning staff what helps"
    fields.setlist("new-char", ["pregnancy-and-maternity"])
    rows = plan_rows(csv_download(client, fields))
    assert rows == [
        # "gender and ethnicity pay gaps" names sex as well as race (the shared head)
        ("Fair pay and progression\nWe will close the gender and ethnicity pay gaps across the council.",
         "", ["Sex"]),
        ("", STEPS[0], ["Sex"]),
        ("", STEPS[1], ["Disability"]),
        ("", STEPS[2], []),
        ("Accessible services\nEvery resident can use our services, whatever their age or disability.",
         "", ["Age", "Disability"]),
        ("", STEPS[3], []),
        ("Neurodivergent residents\nSafer communities We will reduce hate crime against minority "
         "ethnic, faith and LGBTQ+ residents.", "",
         ["Gender reassignment", "Race", "Religion or belief", "Sexual orientation"]),
        ("", STEPS[4], ["Disability"]),
        ("", STEPS[5], []),
        ("Pregnant staff", "", ["Pregnancy and maternity"]),
        ("", "Review the maternity leave policy", []),
        ("", "Ask returning staff what helps", []),
    ]
    resp = client.post("/validate/check", data=fields)
    data = parsed(resp.text)
    assert words(data.xpath("//p[contains(concat(' ', @class, ' '), ' reading-summary ')]")[0]) == (
        "We read 4 objectives and 8 steps from your corrected plan")


def test_invalid_correction_is_refused_with_linked_errors(client) -> None:
    fields = correction_form(upload(client, PLAN_MD.encode(), "plan.md").text)
    fields["o2-title"] = ""
    fields["published"] = "next spring"
    fields["o1-split"] = "7"
    fields["o1-split-title"] = "More"
    for url in ("/validate/check", "/validate/corrected.xlsx"):
        resp = client.post(url, data=fields)
        assert resp.status_code == 400 and resp.mimetype == "text/html"
        doc = parsed(resp.text)
        assert doc.xpath("string(//title)").startswith("There is a problem")
        links = [(a.get("href"), words(a)) for a in doc.xpath("//div[@class='govuk-error-summary']//a")]
        assert links == [
            ("#published", "Published: write the date as YYYY-MM-DD, for example 2025-03-31"),
            ("#o1-split", "Objective 1: the step number to split at must be between 2 and 2"),
            ("#o2-title", 'Objective 2 has no title: give it one, or tick "Merge with the previous '
                          'objective"'),
        ]
        title = doc.xpath("//input[@id='o2-title']")[0]
        assert title.get("aria-describedby") == "o2-title-error" and title.get("aria-invalid") == "true"
        assert doc.xpath("//*[@id='o2-title-error']")
        assert correction_form(resp.text)["o2-statement"].startswith("Every resident")
    welsh = client.post("/validate/check?lang=cy", data=fields)
    assert "Nid oes teitl gan amcan 2" in welsh.text


def test_unchanged_template_correction_keeps_the_findings(client) -> None:
    from openpyxl import load_workbook

    from eqkg.validation import run, validate_bytes

    original = sorted(f.key() for f in validate_bytes(GAPS.read_bytes(), "gaps.csv").run.findings)
    fields = correction_form(upload(client, GAPS.read_bytes(), "gaps.csv").text)
    assert fields.getlist("o2-char") == ["age", "disability", "marriage-and-civil-partnership",
                                         "religion-or-belief"]
    as_csv = client.post("/validate/corrected.csv", data=fields).data
    assert sorted(f.key() for f in validate_bytes(as_csv, "gaps.csv").run.findings) == original
    as_xlsx = client.post("/validate/corrected.xlsx", data=fields).data
    assert sorted(f.key() for f in validate_bytes(as_xlsx, "gaps.xlsx").run.findings) == original
    sheet = load_workbook(io.BytesIO(as_xlsx)).worksheets[0]
    assert [c.value for c in sheet["A"] if c.value][:3] == ["title", "organisation", "published"]
    as_ttl = client.post("/validate/corrected.ttl", data=fields)
    assert as_ttl.mimetype == "text/turtle"
    graph = Graph().parse(data=as_ttl.text, format="turtle")
    assert sorted(f.key() for f in run(graph).findings) == original
    page = client.post("/validate/check", data=fields)
    assert "We read 3 objectives and 4 steps from your corrected plan" in page.text


def test_api_reads_documents_and_returns_the_reading(client) -> None:
    resp = client.post("/api/validate?filename=plan.md", data=PLAN_MD.encode(),
                       content_type="text/markdown")
    assert resp.status_code == 200 and resp.headers["X-Plan-Conforms"] == "false"
    data = resp.json
    assert data["input"] == {"source": "plan.md", "kind": "document"}
    assert data["reading"]["found"]["objective"] == 3 and data["reading"]["found"]["step"] == 6
    bad = client.post("/api/validate?filename=plan.docx", data=b"not a word document",
                      content_type="application/octet-stream")
    assert bad.status_code == 400 and "\n" not in bad.json["error"]


def test_a_welsh_reading_gives_places_in_welsh_and_marks_the_readers_english(client) -> None:
    import io as _io

    from docx import Document as WordDocument

    word = WordDocument()
    word.add_heading("Example Council Equality Plan", 1)
    word.add_heading("Objective 1: Fair pay", 2)
    word.add_paragraph("Publish pay gap figures", style="List Bullet")
    data = _io.BytesIO()
    word.save(data)
    page = client.post("/validate?lang=cy", data={"file": (_io.BytesIO(data.getvalue()), "plan.docx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    cell = '<td class="govuk-table__cell">'
    assert f"{cell}paragraff 2</td>" in page and f"{cell}paragraph 2</td>" not in page
    assert '<dd class="govuk-summary-list__value" lang="en">objectives labelled' in page


TRACKER_MD = """# Equality action plan tracker

## Objective 1: Fair pay for women and disabled staff

| Action | Lead | Due | Status |
|---|---|---|---|
| Publish our gender pay gap figures each year | Head of HR | March 2026 | On track |
| Review how bonuses are awarded to disabled staff | Reward Manager | June 2026 | Delayed |
"""


@pytest.mark.parametrize("lang, expected", [
    ("en", ["Lead: Head of HR", "Timescale: March 2026", "Status: On track"]),
    ("cy", ["Arweinydd: Head of HR", "Amserlen: March 2026", "Statws: On track"]),
])
def test_the_reading_shows_a_steps_status_as_written(client, lang: str, expected: list[str]) -> None:
    resp = upload(client, TRACKER_MD.encode(), "tracker.md", lang=lang)
    assert resp.status_code == 200
    row = parsed(resp.text).xpath(
        "//table[contains(concat(' ', @class, ' '), ' reading-table ')]/tbody/tr")[1]
    details = [words(li) for li in row.xpath(".//ul[contains(@class, 'read-details')]/li")]
    assert details[1:] == expected  # after the characteristics line
