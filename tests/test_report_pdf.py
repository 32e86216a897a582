"""The validation report as PDF (WeasyPrint): the findings of the uploaded plan, in the chosen
language, read back from the PDF's text with pdfplumber."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from eqkg.i18n import t
from eqkg.web import create_app

PLAN = Path(__file__).parent / "fixtures" / "validate" / "gaps.csv"


@pytest.fixture(scope="module")
def client(store_path: Path) -> Any:
    return create_app(store_path=store_path).test_client()


def squeeze(text: str) -> str:
    """Text without whitespace or soft hyphens: PDF lines wrap anywhere."""
    return re.sub(r"[\s\u00ad]+", "", text)


def pdf_text(data: bytes) -> tuple[int, str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages), "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_pdf_holds_the_plans_findings_in_the_chosen_language(client: Any, lang: str) -> None:
    title, violations = t("report.title", lang), t("report.Violation", lang) + " (3)"
    assert title == {"en": "Plan validation report", "cy": "Adroddiad dilysu cynllun"}[lang]
    with PLAN.open("rb") as plan:
        response = client.post(f"/validate/report.pdf?lang={lang}",
                               data={"file": (plan, "gaps.csv")})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="plan-report-{lang}.pdf"'
    pages, text = pdf_text(response.data)
    assert pages >= 2
    with PLAN.open("rb") as plan:
        report = client.post(f"/api/validate?lang={lang}", data={"file": (plan, "gaps.csv")},
                             headers={"Accept": "application/json"}).get_json()
    findings = [f for f in report["findings"] if f["severity"] != "Info"]
    assert len(findings) == 6
    flat = squeeze(text)
    assert squeeze(title) in flat and squeeze(violations) in flat
    for finding in findings:
        assert squeeze(finding["message"]) in flat, finding["message"]
    gaps = [g["label"] for g in report["characteristic_gaps"]]
    assert gaps == (["gender reassignment"] if lang == "en" else ["ailbennu rhywedd"])
    assert squeeze(gaps[0]) in flat


def test_a_plain_visit_goes_back_to_the_form(client: Any) -> None:
    response = client.get("/validate/report.pdf?lang=cy")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/validate?lang=cy")


def test_nothing_to_report_on_is_a_400(client: Any) -> None:
    response = client.post("/validate/report.pdf", data={"text": "   "})
    assert response.status_code == 400
