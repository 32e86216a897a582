"""The `eqkg` command line as a user runs it: exit codes and one-line messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def eqkg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "eqkg.cli", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd)


def test_help_on_every_command() -> None:
    for cmd in ("load", "query", "info", "serve"):
        result = eqkg(cmd, "--help")
        assert result.returncode == 0, result.stderr
        assert "Usage:" in result.stdout


def test_info_lists_graphs(store_path: Path) -> None:
    result = eqkg("--store", str(store_path), "info")
    assert result.returncode == 0, result.stderr
    assert "https://w3id.org/eqkg/graph/ontology" in result.stdout
    assert "https://w3id.org/eqkg/graph/vocab/characteristic" in result.stdout


def test_count_query_as_json(store_path: Path) -> None:
    result = eqkg("--store", str(store_path), "query",
                  "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "json")
    assert result.returncode == 0, result.stderr
    n = int(json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"])
    assert n > 1000


def test_query_from_file_as_csv(store_path: Path, tmp_path: Path) -> None:
    rq = tmp_path / "nine.rq"
    rq.write_text("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a eq:ProtectedCharacteristic ;"
                  " skos:topConceptOf ?scheme }")
    result = eqkg("--store", str(store_path), "query", str(rq), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["n", "9"]


@pytest.mark.parametrize("args, message", [
    (("nonsense",), "No such command"),
    (("query", "SELECT ?x WHERE {"), "malformed SPARQL"),
    (("query", "/no/such/file.rq"), "cannot read query file"),
])
def test_bad_input_exits_non_zero_without_traceback(store_path: Path, args: tuple[str, ...],
                                                    message: str) -> None:
    result = eqkg("--store", str(store_path), *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_store_is_reported(tmp_path: Path) -> None:
    result = eqkg("--store", str(tmp_path / "none"), "info")
    assert result.returncode == 1
    assert "eqkg load" in result.stderr
    assert "Traceback" not in result.stderr


def test_locked_store_is_reported(tmp_path: Path) -> None:
    from eqkg.store import Store

    holder = Store(tmp_path / "s")
    result = eqkg("--store", str(tmp_path / "s"), "load", "-q")
    assert result.returncode == 1
    assert "locked" in result.stderr
    del holder
