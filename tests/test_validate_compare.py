"""'How your plan compares' on /validate and /api/validate (issue 16): the worker that reads
the upload sends back what the comparison reads, and the web process compares it with its
store; the counts are those of `eqkg validate --compare`. /compare reads its upload through
the same bounded worker."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from eqkg.web import create_app

DRAFT = Path(__file__).parent / "corpus" / "westmarch-police-equality-objectives-2024-28.md"


@pytest.fixture(scope="module")
def client(store_path: Path) -> Any:
    return create_app(store_path=store_path).test_client()


@pytest.fixture(scope="module")
def cli_comparison(store_path: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "eqkg.cli", "--store", str(store_path),
                           "validate", str(DRAFT), "--compare", "--format", "json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["comparison"]


def _section(html: str) -> str:
    start = html.index('<section class="compare"')
    return unescape(re.sub(r"\s+", " ", html[start:html.index("</section>", start)]))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_validate_page_shows_the_comparison_with_the_cli_counts(
        client: Any, cli_comparison: dict[str, Any], lang: str) -> None:
    with DRAFT.open("rb") as plan:
        response = client.post(f"/validate?lang={lang}", data={"file": (plan, DRAFT.name)})
    assert response.status_code == 200
    section = _section(response.get_data(as_text=True))
    assert cli_comparison["peers"] == [
        "Gwent Police", "Office of the Police and Crime Commissioner for Gwent",
        "Office of the Police and Crime Commissioner for South Wales", "South Wales Police"]
    heading = "How your plan compares" if lang == "en" else "Sut mae eich cynllun yn cymharu"
    assert heading in section
    rows = re.findall(r'<tr class="govuk-table__row"> <th scope="row"[^>]*>(.*?)<br>.*?'
                      r'<td class="govuk-table__cell">(\d+):', section)
    assert [int(n) for _, n in rows] == [c["bodies"] for c in cli_comparison["coverage"]]
    assert [n for _, n in rows][:3] == ["4", "4", "4"] and len(rows) == 12
    # links go to this service's pages, in the page's language
    suffix = "?lang=cy" if lang == "cy" else '"'
    assert 'href="/id/plan/gwent-jsep-2020-2024/objective/' in section
    assert re.search(r'href="/id/[^"]+' + re.escape(suffix), section)


def test_api_validate_json_has_the_comparison(client: Any, cli_comparison: dict[str, Any]
                                              ) -> None:
    response = client.post("/api/validate", data=DRAFT.read_bytes(),
                           query_string={"filename": DRAFT.name},
                           headers={"Accept": "application/json",
                                    "Content-Type": "text/markdown"})
    assert response.status_code == 200
    found = response.get_json()["comparison"]
    assert found["sector"] == cli_comparison["sector"] == "https://w3id.org/eqkg/vocab/sector/police"
    assert [(c["concept"], c["bodies"]) for c in found["coverage"]] == [
        (c["concept"], c["bodies"]) for c in cli_comparison["coverage"]]
    assert found["left_out"] == cli_comparison["left_out"]


def test_compare_reads_through_the_worker_with_its_limits(client: Any, monkeypatch: Any,
                                                          cli_comparison: dict[str, Any]) -> None:
    with DRAFT.open("rb") as plan:
        response = client.post("/compare", data={"file": (plan, DRAFT.name)},
                               headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert [c["bodies"] for c in response.get_json()["coverage"]] == [
        c["bodies"] for c in cli_comparison["coverage"]]
    # nothing sent: the form again, with the error in Welsh
    response = client.post("/compare?lang=cy", data={"text": ""})
    assert response.status_code == 400
    assert "Dewiswch ffeil neu ludwch gynllun." in response.get_data(as_text=True)
    # a plan whose sector cannot be told: 400 with the reason, in Welsh
    response = client.post("/compare?lang=cy", data={"text": "# Equality objectives\n\n"
                                                     "## Objective 1: Fair access\n\n- a step\n"})
    assert response.status_code == 400
    assert "ni ellir dweud beth yw sector y cynllun" in unescape(response.get_data(as_text=True))
    # over the size cap: 413 before any reading
    monkeypatch.setattr("eqkg.validation.MAX_BYTES", 1000)
    response = client.post("/compare", data={"text": "x" * 70_000})
    assert response.status_code == 413
