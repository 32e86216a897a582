"""Issue 17, point 9: no path to the network from `eqkg query`, no server path in reports.

Before the fix, `eqkg query` with SERVICE contacted the remote host (then printed
"unexpected error: RuntimeError"), and relative IRIs in an uploaded Turtle plan
resolved against the server's working directory (`file:///.../plan` in the report).
A canary HTTP server on a loopback port records every request made to it.
"""

from __future__ import annotations

import gc
import json
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eqkg.cli import main

ANSWER = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [
    {"s": {"type": "uri", "value": "https://data.example.org/id/canary"}}]}}).encode()


class Canary(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self.answer()

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.answer()

    def answer(self) -> None:
        type(self).requests.append(self.path.split("?")[0])
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(ANSWER)))
        self.end_headers()
        self.wfile.write(ANSWER)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def canary() -> Iterator[tuple[str, list[str]]]:
    handler = type("Handler", (Canary,), {"requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.requests
    server.shutdown()
    server.server_close()


def run(store_path: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    result = CliRunner().invoke(main, ["--store", str(store_path), "query", *args], env=env)
    gc.collect()  # the command's read-only store handle
    return result


@pytest.mark.parametrize("written", [
    "SERVICE <{url}/sparql>", "SERVICE SILENT <{url}/sparql>", "\\u0053ERVICE <{url}/sparql>",
    "SERVICE <{url}/allowed/../sparql>", "SERVICE <{url}/allowed/%2e%2e/sparql>",
    "SERVICE <{url}/allowedEVIL>", "SERVICE ?endpoint",
])
def test_query_with_service_is_refused_before_any_request(
        store_path: Path, canary: tuple[str, list[str]], written: str) -> None:
    url, requests = canary
    text = "SELECT * WHERE { " + written.format(url=url) + " { ?s ?p ?o } }"
    result = run(store_path, text, "--allow-service", url + "/allowed")
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: SERVICE ")
    assert "is refused" in lines[0] and "unexpected error" not in result.output
    assert requests == []


def test_query_update_and_remote_from_are_refused(store_path: Path,
                                                  canary: tuple[str, list[str]]) -> None:
    url, requests = canary
    load = run(store_path, f"LOAD <{url}/data.ttl>")
    assert load.exit_code == 2
    assert load.output == (f"Error: SPARQL Update (LOAD <{url}/data.ttl>) is refused: this "
                           "endpoint is read-only\n")
    remote = run(store_path, f"SELECT * FROM <{url}/g> WHERE {{ ?s ?p ?o }}")
    assert remote.exit_code == 2 and "remote dataset" in remote.output
    deep = run(store_path, "SELECT * WHERE " + "{" * 3000 + "}" * 3000)
    assert deep.exit_code == 2
    assert deep.output.startswith("Error: query too deeply nested: 3000 levels")
    assert requests == []


def test_query_from_a_local_graph_and_plain_queries_still_answer(store_path: Path) -> None:
    local = run(store_path, "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/eqkg/graph/ontology>"
                            " WHERE { ?c a owl:Class FILTER(?c = eq:Commitment) }", "-f", "csv")
    assert local.exit_code == 0, local.output
    assert local.output.split() == ["n", "1"]
    ask = run(store_path, "ASK { pc:race a eq:ProtectedCharacteristic }")
    assert (ask.exit_code, ask.output) == (0, "true\n")


def test_query_with_service_on_the_allow_list_reaches_that_endpoint_only(
        store_path: Path, canary: tuple[str, list[str]]) -> None:
    url, requests = canary
    text = f"SELECT ?s WHERE {{ SERVICE <{url}/allowed/sparql> {{ ?s ?p ?o }} }}"
    result = run(store_path, text, "-f", "csv", env={"EQKG_SERVICE_ALLOWLIST": url + "/allowed"})
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["s", "https://data.example.org/id/canary"]
    assert requests == ["/allowed/sparql"]


def test_relative_iris_in_an_uploaded_plan_do_not_name_the_server_s_folder(
        store_path: Path) -> None:
    from eqkg.web import create_app

    plan = (b"@prefix eq: <https://w3id.org/eqkg/ontology#> .\n"
            b"<plan> a eq:StrategicEqualityPlan ; eq:hasObjective <plan/objective/1> .\n"
            b"<plan/objective/1> a eq:EqualityObjective .\n")
    client = create_app(store_path).test_client()
    response = client.post("/api/validate?filename=plan.ttl", data=plan,
                           content_type="text/turtle")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "file:" not in text and os.getcwd() not in text
    assert response.get_json()["plans"] == [{"iri": "https://upload.invalid/plan",
                                             "label": "plan"}]
