"""Saved queries over HTTP and the CLI: REST answers, OpenAPI, paging, errors, web forms."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from click.testing import CliRunner
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from eqkg import saved_queries as sq
from eqkg.cli import main
from eqkg.namespaces import data_base
from eqkg.web import create_app

ID = data_base()
HOSTILE = ['race" } ; DROP ALL #', "<http://evil>", '") UNION { ?s ?p ?o } #']


@pytest.fixture(scope="module")
def client(store_path: Path) -> Any:
    return create_app(store_path=store_path).test_client()


def test_list_has_every_query_with_metadata(client: Any) -> None:
    body = client.get("/api/queries").get_json()
    names = [q["name"] for q in body["queries"]]
    assert names == list(sq.load_library())
    first = body["queries"][0]
    assert first["name"] == "commitments-by-characteristic"
    assert first["title"]["cy"] == "Ymrwymiadau sy'n ymdrin â nodwedd warchodedig"
    assert first["parameters"][0]["name"] == "characteristic"
    assert first["href"].endswith("/api/queries/commitments-by-characteristic")


def test_json_answer_with_bound_parameters(client: Any) -> None:
    response = client.get("/api/queries/actions-by-person?person=mark-vaughan")
    assert response.status_code == 200
    body = response.get_json()
    assert body["parameters"] == {"person": ID + "person/mark-vaughan"}
    assert body["count"] == 1 and body["next"] is None
    assert body["rows"][0]["text"] == "Source available data on sex workers across South Wales."


@pytest.mark.parametrize("how", ["suffix", "accept", "format"])
def test_csv_by_suffix_accept_or_format(client: Any, how: str) -> None:
    url = "/api/queries/recommendations-by-status"
    if how == "suffix":
        response = client.get(url + ".csv?status=completed")
    elif how == "accept":
        response = client.get(url + "?status=completed", headers={"Accept": "text/csv"})
    else:
        response = client.get(url + "?status=completed&format=csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["reference"] for r in table] == ["1.2", "5.5"]


def test_paging_with_next_links(client: Any) -> None:
    first = client.get("/api/queries/meeting-actions?limit=10")
    body = first.get_json()
    assert body["count"] == 10 and body["offset"] == 0
    assert body["next"].endswith("/api/queries/meeting-actions?limit=10&offset=10")
    assert first.headers["Link"] == f'<{body["next"]}>; rel="next"'
    second = client.get(body["next"]).get_json()
    # 17 rows: the 2019 PALG minutes gained their two agreements (issue 18)
    assert second["count"] == 7 and second["next"] is None
    by_page = client.get("/api/queries/meeting-actions?page=2&per_page=10").get_json()
    assert by_page["rows"] == second["rows"]


def test_unknown_query_is_404(client: Any) -> None:
    response = client.get("/api/queries/no-such-question")
    assert response.status_code == 404
    assert response.get_json()["error"].startswith("no saved query named 'no-such-question'")
    assert client.get("/queries/no-such-question").status_code == 404


def test_bad_parameter_is_400_naming_it_and_its_allowed_values(client: Any) -> None:
    response = client.get("/api/queries/commitments-by-characteristic?characteristic=height")
    assert response.status_code == 400
    body = response.get_json()
    assert body["parameter"] == "characteristic"
    assert "parameter 'characteristic'" in body["error"] and "allowed values: age" in body["error"]
    assert {"race", "sex", "race/gypsy-roma-traveller"} <= set(body["allowed"])
    for url, fragment in (
            ("/api/queries/open-actions?as_of=yesterday", "'as_of'"),
            ("/api/queries/meeting-actions?limit=0", "limit must be between 1 and 1000"),
            ("/api/queries/meeting-actions?offset=x", "offset must be a whole number"),
            ("/api/queries/meeting-actions?colour=red", "no parameter 'colour'")):
        response = client.get(url)
        assert response.status_code == 400, url
        assert fragment in response.get_json()["error"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_over_http_are_data(client: Any, value: str) -> None:
    response = client.get("/api/queries/search", query_string={"text": value})
    assert response.status_code == 200
    body = response.get_json()
    assert body["parameters"] == {"text": value} and body["rows"] == []
    for name, param in (("commitments-by-characteristic", "characteristic"),
                        ("organisations-and-people", "organisation")):
        response = client.get(f"/api/queries/{name}", query_string={param: value})
        assert response.status_code == 400
        assert response.get_json()["parameter"] == param
    page = client.get("/queries/search", query_string={"text": value})
    assert page.status_code == 200
    assert "<http://evil>" not in page.get_data(as_text=True)   # escaped in the form


def test_openapi_document_validates(client: Any) -> None:
    document = client.get("/api/openapi.json").get_json()
    validate(document)
    assert document["openapi"] == "3.0.3"
    operations = {path: ops["get"] for path, ops in document["paths"].items()}
    assert len(operations) == len(sq.load_library()) + 1
    op = operations["/api/queries/commitments-by-characteristic"]
    param = op["parameters"][0]
    assert param["name"] == "characteristic" and param["schema"]["default"] == "race"
    assert "race/gypsy-roma-traveller" in param["schema"]["enum"]
    assert operations["/api/queries/open-actions"]["parameters"][0]["schema"] == \
        {"type": "string", "format": "date"}
    schema = document["components"]["schemas"]["Result-search"]
    assert schema["properties"]["columns"]["items"]["enum"] == \
        ["text", "commitment", "wording", "kind", "document"]


def test_web_pages_in_english_and_welsh(client: Any) -> None:
    index = client.get("/queries").get_data(as_text=True)
    assert "Coverage of characteristics and aims" in index
    assert 'href="/queries/commitments-by-characteristic?lang=en"' in index
    welsh = client.get("/queries?lang=cy").get_data(as_text=True)
    assert "Cwmpas nodweddion a nodau" in welsh and "Ymholiadau wedi&#39;u cadw" in welsh
    page = client.get("/queries/commitments-by-characteristic?characteristic=disability&lang=cy")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<option value="disability" selected>anabledd</option>' in html
    assert "/api/queries/commitments-by-characteristic.csv?characteristic=disability" in html
    assert ">Amcan 1 › Cam 1</a>" in html  # unlabelled steps are named from their URI
    assert re.search(r'<th scope="col"[^>]*><a [^>]*>Nodwedd<', html)
    bad = client.get("/queries/open-actions?as_of=soon")
    assert bad.status_code == 400 and "not a date" in bad.get_data(as_text=True)


def test_nav_links_to_saved_queries(client: Any) -> None:
    assert 'href="/queries?lang=en"' in client.get("/").get_data(as_text=True)


# -- the CLI --------------------------------------------------------------------

def test_cli_lists_queries_in_both_languages() -> None:
    runner = CliRunner()
    english = runner.invoke(main, ["queries"])
    assert english.exit_code == 0
    assert "commitments-by-characteristic    Commitments covering a protected characteristic" \
        in english.output
    welsh = runner.invoke(main, ["queries", "--lang", "cy", "--format", "json"])
    listed = json.loads(welsh.output)
    assert [q["name"] for q in listed] == list(sq.load_library())


def test_cli_runs_a_saved_query_as_csv(store_path: Path) -> None:
    result = CliRunner().invoke(main, ["--store", str(store_path), "query",
                                       "recommendations-by-status", "-p", "status=completed",
                                       "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["reference"] for r in rows] == ["1.2", "5.5"]


@pytest.mark.parametrize("value", HOSTILE)
def test_cli_hostile_values_are_data(store_path: Path, value: str) -> None:
    runner = CliRunner()
    found = runner.invoke(main, ["--store", str(store_path), "query", "search",
                                 "--param", f"text={value}", "-f", "json"])
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)["results"]["bindings"] == []
    refused = runner.invoke(main, ["--store", str(store_path), "query",
                                   "commitments-by-characteristic", "-p", f"characteristic={value}"])
    assert refused.exit_code == 2
    assert refused.output.startswith("Error: parameter 'characteristic'")
    assert "Traceback" not in refused.output


def test_cli_unknown_query_is_one_line(store_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "eqkg.cli", "--store", str(store_path),
                             "query", "no-such-question"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no saved query named 'no-such-question'")
    assert result.stderr.count("\n") == 1


# -- the live server --------------------------------------------------------------

def test_live_server_answers_and_links_pages(live_server: str) -> None:
    response = requests.get(live_server + "/api/queries/indicators-by-theme",
                            params={"limit": 6}, timeout=30)
    assert response.status_code == 200
    assert response.links["next"]["url"].startswith(live_server)
    following = requests.get(response.links["next"]["url"], timeout=30).json()
    assert following["offset"] == 6 and following["count"] == 6


@pytest.fixture
def api_schema(live_server: str) -> Any:
    return schemathesis.from_uri(live_server + "/api/openapi.json")


schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_fuzz_has_no_server_errors(case: Any) -> None:
    """A bounded schemathesis run: every operation, a few generated requests each."""
    response = case.call(timeout=30)
    assert response.status_code < 500, (case.path, case.query, response.text[:200])
    case.validate_response(response)
