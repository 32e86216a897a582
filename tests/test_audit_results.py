"""Audit (issue 18, item 5): one results writer, so the CLI's CSV and the API's CSV are the same bytes.

`eqkg query ... --format csv` used to end with a blank line (`n\\n1\\n\\n`), and
eqkg.results and the endpoint wrote CSV differently. Now eqkg.results writes
every answer: SPARQL 1.1 CSV (RFC 4180, CRLF after each row, nothing after
the last) for the CLI, /api/queries/NAME.csv and /sparql alike.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from eqkg import results
from eqkg.cli import main
from eqkg.sparql import protocol
from eqkg.store import embedded
from eqkg.web import create_app

# (saved query, parameters, rows expected on the seed graph): fewer than the API's default page of 100
CASES = [
    ("characteristic-gaps", {}, 6),
    ("recommendations-by-status", {"status": "completed"}, 2),
    ("actions-by-person", {"person": "mark-vaughan"}, 1),
    ("meeting-actions", {}, 17),
    ("coverage-matrix", {}, 5),  # non-ASCII titles ("2020–2024") and commas inside quoted cells
    ("search", {"text": "hate crime"}, None),
]


@pytest.fixture(scope="module")
def client(store_path: Path) -> Any:
    return create_app(store_path=store_path).test_client()


def cli_bytes(store_path: Path, *args: str) -> bytes:
    result = CliRunner().invoke(main, ["--store", str(store_path), "query", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize(("name", "params", "count"), CASES, ids=[c[0] for c in CASES])
def test_cli_csv_and_api_csv_are_the_same_bytes(store_path: Path, client: Any, name: str,
                                                 params: dict[str, str], count: int | None) -> None:
    flags = [arg for key, value in params.items() for arg in ("-p", f"{key}={value}")]
    printed = cli_bytes(store_path, name, *flags, "--format", "csv")
    served = client.get(f"/api/queries/{name}.csv", query_string=params)
    assert served.status_code == 200
    assert served.data == printed
    assert printed.endswith(b"\r\n") and not printed.endswith(b"\r\n\r\n")
    assert b"\n\n" not in printed and b"\r\n\r\n" not in printed
    table = list(csv.reader(io.StringIO(printed.decode("utf-8"), newline="")))
    assert all(row for row in table)  # no blank line anywhere
    if count is not None:
        assert len(table) == 1 + count
    else:
        assert len(table) > 1


def test_a_one_cell_answer_has_no_trailing_blank_line(store_path: Path) -> None:
    """The audit's example: `n\\n1\\n\\n` before; the header and one row, each ended by CRLF, now."""
    assert cli_bytes(store_path, "SELECT (1 AS ?n) WHERE {}", "--format", "csv") == b"n\r\n1\r\n"
    assert cli_bytes(store_path, "SELECT (1 AS ?n) WHERE {}").endswith(b"(1 row)\n")
    assert cli_bytes(store_path, "ASK {}", "--format", "json") == b'{"head":{},"boolean":true}\n'


def test_the_endpoint_writes_with_the_same_writer(store_path: Path) -> None:
    """/sparql's SELECT results come from eqkg.results; the protocol module keeps no writer of its own."""
    assert embedded.write_bindings is results.write_bindings
    assert not hasattr(protocol, "serialize_bindings") and not hasattr(protocol, "_csv_value")
    store = ox.Store()
    answer = store.query('SELECT ?a ?b WHERE { VALUES (?a ?b) { ("x, y" 1) (UNDEF "é") } }')
    columns = [v.value for v in answer.variables]
    body = results.write_bindings(columns, (tuple(s) for s in answer), "csv", False)
    assert body == b'a,b\r\n"x, y",1\r\n,\xc3\xa9\r\n'


def test_api_sparql_json_is_the_writers_json(store_path: Path, client: Any) -> None:
    served = client.get("/api/queries/recommendations-by-status?status=completed",
                        headers={"Accept": "application/sparql-results+json"})
    assert served.mimetype == "application/sparql-results+json"
    printed = cli_bytes(store_path, "recommendations-by-status", "-p", "status=completed", "--format", "json")
    assert printed == served.data + b"\n"
