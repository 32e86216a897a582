"""`eqkg check` and `eqkg load` on deliberately inconsistent documents: non-zero exit,
every finding names the resources and the document they come from."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reasoning_support import ROOT_FIXTURES, build_fixture_store, schema_store

from eqkg.loader import parse_file
from eqkg.namespaces import GRAPH
from eqkg.reasoning import check_consistency, materialise


def eqkg(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EQKG_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "eqkg.cli", *args], capture_output=True,
                          text=True, timeout=300, env=env)


@pytest.fixture(scope="module")
def inconsistent_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project tree with the real ontology and the two inconsistent documents as its data."""
    home = tmp_path_factory.mktemp("home")
    shutil.copytree(Path(__file__).resolve().parents[1] / "ontology", home / "ontology")
    (home / "data").mkdir()
    for name in ("inconsistent.ttl", "inconsistent-sameness.ttl"):
        shutil.copy(ROOT_FIXTURES / name, home / "data" / name)
    return home


@pytest.fixture(scope="module")
def loaded(inconsistent_home: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    store = inconsistent_home / "store"
    return store, eqkg("--store", str(store), "load", "-q", home=inconsistent_home)


def test_load_reports_and_exits_non_zero(loaded: tuple[Path, subprocess.CompletedProcess[str]]
                                         ) -> None:
    _, result = loaded
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Loaded" in result.stdout  # the summary still comes first
    assert "the knowledge graph is inconsistent" in result.stderr
    assert "Traceback" not in result.stderr


EXPECTED = [
    ("disjoint-classes", "id:person/fixture-both is both a eq:Organisation and a eq:Person"),
    ("disjoint-classes",
     "id:plan/fixture-bad/objective/1/step/1 is both a eq:Commitment and a eq:Document"),
    ("functional-property",
     'id:plan/fixture-bad/objective/1/step/2 has 2 values of functional property eq:dueDate'),
    ("same-and-different", "id:person/fixture-a and id:person/fixture-b are both the same"),
    ("reasoner", "Lexical value of the literal '2023-02-30' does not match its datatype"),
]


def test_check_names_every_inconsistency(inconsistent_home: Path,
                                         loaded: tuple[Path, subprocess.CompletedProcess[str]]
                                         ) -> None:
    store, _ = loaded
    result = eqkg("--store", str(store), "check", home=inconsistent_home)
    assert result.returncode == 1
    for kind, message in EXPECTED:
        assert f"[{kind}] " in result.stderr
        assert message in result.stderr, message
    # Each resource is shown with the document it comes from.
    assert ("id:person/fixture-both  (from id:minutes/fixture-inconsistent, graph:inconsistent)"
            in result.stderr)


def test_check_as_json(inconsistent_home: Path,
                       loaded: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    store, _ = loaded
    result = eqkg("--store", str(store), "check", "--format", "json", home=inconsistent_home)
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    both = next(f for f in findings if "fixture-both" in f["message"])
    assert both["severity"] == "error"
    assert both["sources"] == {"https://w3id.org/eqkg/id/person/fixture-both": [
        "https://w3id.org/eqkg/id/minutes/fixture-inconsistent",
        str(GRAPH) + "inconsistent"]}
    kinds = {f["kind"] for f in findings}
    assert kinds >= {k for k, _ in EXPECTED}


def test_consistent_fixture_has_no_findings() -> None:
    assert check_consistency(build_fixture_store()) == []


def test_inverse_functional_and_owl_nothing() -> None:
    store = schema_store()
    store.replace_graph(str(GRAPH) + "fixture-more", parse_file(ROOT_FIXTURES /
                                                                "inconsistent-nothing.ttl"))
    materialise(store)
    findings = check_consistency(store)
    messages = {(f.kind, f.severity, f.message) for f in findings}
    assert ("nothing", "error", "id:thing/fixture-nothing is a member of owl:Nothing") in messages
    assert any(kind == "inverse-functional-property" and message.startswith(
        "id:code/fixture-1 is the id:fixture-terms#code of 2 resources") for kind, _, message
        in messages)
    assert ("disjoint-properties", "error",
            "id:person/fixture-c is linked to id:person/fixture-d by both "
            "id:fixture-terms#dislikes and id:fixture-terms#likes, which are disjoint properties"
            ) in messages
    # The inverse functional property makes owlrl merge the two people: a warning of its own.
    assert any(kind == "inferred-sameness" and severity == "warning"
               for kind, severity, _ in messages)


def test_stale_inference_is_a_warning() -> None:
    """After `eqkg load --no-infer` the check says inference is missing, without failing."""
    store = schema_store()
    findings = check_consistency(store)
    assert [(f.kind, f.severity) for f in findings] == [("stale-inference", "warning")]
    materialise(store)
    assert check_consistency(store) == []


@pytest.mark.parametrize("command", ["check", "explain"])
def test_help(command: str, tmp_path: Path) -> None:
    result = eqkg(command, "--help", home=Path(__file__).resolve().parents[1])
    assert result.returncode == 0
    assert "Usage:" in result.stdout
