"""`eqkg validate` exit codes and formats; the /validate pages and POST /api/validate."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

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
    (b"objective,colour\n", "bad.csv", "unknown column 'colour'"),
    (b"@prefix : <x> .\n:a :b", "bad.ttl", "malformed Turtle"),
    (b"caf\xe9", "latin1.md", "not UTF-8 text"),
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
    assert code == 2 and "the limit is 2.0 MB" in out


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
    resp = client.post("/validate", data={"file": (io.BytesIO(b"objective,zzz\n"), "x.csv")},
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
    bad = client.post("/api/validate", data=b"objective,zzz\n", content_type="text/csv")
    assert bad.status_code == 400 and "unknown column" in bad.json["error"]


def test_api_upload_limit_is_413(client) -> None:
    resp = client.post("/api/validate", data=b"x" * (3 * 1024 * 1024), content_type="text/csv")
    assert resp.status_code == 413 and "limit" in resp.json["error"]
