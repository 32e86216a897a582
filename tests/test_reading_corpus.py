"""The reading corpus (tests/corpus/) and the accuracy gate on it (issue #12, item 8).

The gate reads every corpus document in every format it exists in, as a new
user would (no profile), and fails when the readers fall below the bar the
issue sets: objective recall 95%, step recall 85%, characteristic precision
and recall 90%, in every format, and no invented person or objective.
The scoring itself (benchmarks/reading.py) is tested on made-up readings first,
so a failure of the gate is the readers', not the ruler's.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, RDF

from eqkg.ingest.common import IngestResult, Report, new_graph
from eqkg.namespaces import EQ, mint

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


reading = _load("reading_benchmark", ROOT / "benchmarks" / "reading.py")
make_corpus = _load("make_corpus", ROOT / "scripts" / "make_corpus.py")

GATES = {"objectives": ("recall", 0.95), "steps": ("recall", 0.85),
         "characteristics": ("recall", 0.90), "characteristics ": ("precision", 0.90)}


# ---------------------------------------------------------------- the corpus itself


def test_every_truth_file_follows_the_schema_and_its_formats_exist() -> None:
    files = reading.truth_files()
    assert files, "tests/corpus/ has no truth files"
    problems = []
    for path in files:
        problems += [f"{path.name}: {p}" for p in
                     reading.schema_problems(yaml.safe_load(path.read_text(encoding="utf-8")), path)]
    assert problems == []


def test_every_corpus_file_belongs_to_an_entry() -> None:
    ids = {p.name[: -len(".truth.yaml")] for p in reading.truth_files()}
    listed = {f"{t['id']}.{fmt}" for t in map(reading.load_truth, reading.truth_files()) for fmt in t["formats"]}
    stray = sorted(p.name for p in CORPUS.iterdir()
                   if p.name not in listed and not p.name.endswith(".truth.yaml")
                   and p.name not in ("README.md", "generated.txt") and p.name.split(".")[0] in ids)
    assert stray == [], "files not listed in their entry's formats"


def test_the_corpus_is_large_and_varied_enough() -> None:
    truths = [reading.load_truth(p) for p in reading.truth_files()]
    bodies = {t["body"] for t in truths}
    layouts = {t["layout"] for t in truths}
    formats = {fmt for t in truths for fmt in t["formats"]}
    nations = {t["nation"] for t in truths}
    assert (len(truths) >= 20, len(bodies) >= 12, len(layouts) >= 8) == (True, True, True), (
        f"{len(truths)} entries (20 needed) from {len(bodies)} bodies (12) in {len(layouts)} layouts (8)")
    assert formats == set(reading.FORMATS)
    assert nations == {"Wales", "England", "Scotland"}


def test_plans_in_three_or_more_formats_are_most_of_them() -> None:
    plans = [reading.load_truth(p) for p in reading.truth_files()]
    plans = [t for t in plans if t["genre"] == "plan"]
    assert sum(len(t["formats"]) >= 3 for t in plans) > len(plans) / 2


def test_generated_formats_are_up_to_date() -> None:
    """In a process of its own: odfpy numbers automatic styles with a process-wide counter, so an ODT
    written after other tests wrote ODTs differs from the committed one although the document is the same."""
    script = Path(make_corpus.__file__)
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- the scoring, on made-up readings

TRUTH = {
    "id": "made-up", "genre": "plan", "people": ["Jane Smith"],
    "objectives": [
        {"title": "Close the gender pay gap", "statement": "We will reduce our pay gaps.",
         "characteristics": ["sex", "race"], "implied": ["age"],
         "steps": [{"text": "Publish pay gap figures each year", "lead": "Head of HR", "due": "March 2025"},
                   {"text": "Introduce anonymised shortlisting"}]},
        {"title": "Accessible services for disabled people", "characteristics": ["disability"], "steps": []},
    ],
}


def _result(profile: str = "plan") -> IngestResult:
    report = Report()
    o1 = report.item("objective", "Objective 1: Close the gender pay gap", "line 3", title="Close the gender pay gap",
                     characteristics={"sex": "named", "age": "named"})
    report.item("step", "Publish pay-gap figures each year", "line 4", parent=o1, lead="Head of HR",
                due="2025-03-31", characteristics={"race": "named"})
    report.item("step", "Hold a staff party", "line 5", parent=o1, characteristics={"religion-or-belief": "implied"})
    report.item("objective", "Our values", "line 9", characteristics={})
    graph = new_graph()
    for name in ("Cllr Jane Smith", "Introduction Welcome"):
        who = URIRef(mint("person", name.lower().replace(" ", "-")))
        graph.add((who, RDF.type, EQ.Person))
        graph.add((who, FOAF.name, Literal(name)))
    return IngestResult(graph, "made-up", report, URIRef(mint("plan", "made-up")), profile)


def test_scoring_counts_matches_misses_and_inventions_exactly() -> None:
    score = reading.score_reading(TRUTH, "md", _result())
    assert {m: dict(c) for m, c in score.counts.items()} == {
        "objectives": {"tp": 1, "truth": 2, "found": 2},
        "steps": {"tp": 1, "truth": 2, "found": 2},
        "leads": {"tp": 1, "truth": 1, "found": 1},
        "dues": {"tp": 1, "truth": 1, "found": 1},
        # sex and race found (race from a step); age is implied in the truth so not counted either way;
        # the step's implied religion-or-belief is left out; disability (unmatched objective) is missed.
        "characteristics": {"tp": 2, "truth": 3, "found": 2},
    }
    assert score.invented_objectives == ["Our values"]
    assert score.invented_people == ["Introduction Welcome"]


def test_a_reading_of_the_wrong_genre_counts_as_everything_missed() -> None:
    score = reading.score_reading(TRUTH, "md", _result(profile="minutes"))
    assert score.recall("objectives") == 0.0 and score.counts["objectives"]["found"] == 0
    assert score.recall("steps") == 0.0
    assert score.invented_people == ["Introduction Welcome"]


def test_a_failed_reading_counts_as_everything_missed() -> None:
    score = reading.score_reading(TRUTH, "pdf", None, error="the PDF has no text layer")
    assert (score.recall("objectives"), score.recall("characteristics"), score.error) == (
        0.0, 0.0, "the PDF has no text layer")


def test_matching_is_one_to_one_and_ignores_labels() -> None:
    assert reading.tokens("Equality Objective 2 - Fair pay for all") == frozenset({"fair", "pay", "all"})
    assert reading.match([["Fair pay"], ["Fair pay"]], [["Objective 1: Fair pay"]]) == {0: 0}
    assert reading.match([["Fair access to housing"]], [["Fair employment"]]) == {}
    assert reading.same_person("Councillor Eleri Bowen (Cabinet Member)", "Eleri Bowen")
    assert not reading.same_person("Chief Executive", "Rhodri Price")


# ---------------------------------------------------------------- the gate


@pytest.fixture(scope="module")
def scores():
    return reading.run()


def _value(score, measure: str, kind: str) -> float | None:
    return score.recall(measure) if kind == "recall" else score.precision(measure)


def test_reading_meets_the_accuracy_bar_in_every_format(scores) -> None:
    by_format = defaultdict(list)
    for s in scores:
        by_format[s.fmt].append(s)
    failures = []
    for fmt, group in sorted(by_format.items()):
        total = reading.totals(group)
        low = [(measure.strip(), kind, bar, _value(total, measure.strip(), kind))
               for measure, (kind, bar) in GATES.items()]
        # precision is undefined when nothing was found; recall then says so
        low = [(m, k, b, v) for m, k, b, v in low if (v is not None or k == "recall") and (v or 0) < b]
        if not low:
            continue
        failures.append(f"{fmt}: " + ", ".join(f"{m} {k} {reading._pct(v)} < {b:.0%}" for m, k, b, v in low))
        for s in group:
            below = [f"{m} {k} {reading._pct(_value(s, m, k))}" for m, k, b, _ in low
                     if _value(s, m, k) is not None and _value(s, m, k) < b]
            if below:
                failures.append(f"  {s.id}.{s.fmt}: {', '.join(below)}" + (f" ({s.error})" if s.error else ""))
    assert not failures, "\n".join(failures)


def test_no_reading_invents_a_person_or_an_objective(scores) -> None:
    invented = [f"{s.id}.{s.fmt}: objective {t!r}" for s in scores for t in s.invented_objectives]
    invented += [f"{s.id}.{s.fmt}: person {n!r}" for s in scores for n in s.invented_people]
    assert invented == [], "\n".join(invented)
