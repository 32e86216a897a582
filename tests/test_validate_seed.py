"""The seed plan (Gwent JSEP 2020-2024) validates, and its coverage matrix shows exactly its tables' ticks.

The truth is read here straight from the seed text's EQUALITY OBJECTIVES tables,
independently of the plan parser.
"""

from __future__ import annotations

import re

import pytest
from conftest import SEEDS, needs_seeds
from rdflib import Graph

from eqkg import config
from eqkg.validation import build_report, run
from eqkg.validation.report import Report

HEADERS = {  # the seed's column wording -> our column key
    "age": "age", "disability": "disability", "gender reassignment": "gender-reassignment",
    "religion and belief": "religion-or-belief", "sex": "sex", "race": "race",
    "sexual orientation": "sexual-orientation", "pregnancy and maternity": "pregnancy-and-maternity",
    "marriage or civil partnership": "marriage-and-civil-partnership",
    "eliminate unlawful discrimination": "eliminate-discrimination",
    "advance equality of opportunity": "advance-equality-of-opportunity",
    "foster good relations": "foster-good-relations",
}


def seed_tables() -> dict[int, list[set[str]]]:
    """Objective number -> for each table row in order, the set of ticked column keys.

    Rows whose cell count differs from the header are kept as None (ambiguous)."""
    text = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    tables: dict[int, list[set[str] | None]] = {}
    current, header = None, None
    for line in text.splitlines():
        m = re.match(r"Objective (\d): ", line)
        if m:
            current = int(m.group(1))
            tables[current] = []
            continue
        cells = line.split("\t")
        if "Age" in cells:
            header = [c.strip().lower() for c in cells]
            continue
        if current and header and len(cells) > 5 and "✓" in line:
            labels = [h for h in header if h]
            ticks = cells[1:]
            if len(ticks) != len(labels):
                tables[current].append(None)
                continue
            tables[current].append({HEADERS[h] for h, c in zip(labels, ticks, strict=True) if c == "✓"})
    return tables


@pytest.fixture(scope="module")
def seed_report() -> Report:
    """The committed data/gwent-jsep-2020-2024.ttl, validated as an uploaded plan would be."""
    path = config.asset_dir("data") / "gwent-jsep-2020-2024.ttl"
    return build_report(run(Graph().parse(path, format="turtle")), "en")


@needs_seeds
def test_seed_matrix_shows_exactly_the_ticks_of_the_tables(seed_report: Report) -> None:
    tables = seed_tables()
    assert [len(tables[n]) for n in (1, 2, 3, 4)] == [5, 5, 8, 6]
    rows = seed_report.as_dict()["matrix"]
    objectives = [r for r in rows if r["kind"] == "objective"]
    assert len(objectives) == 4
    for number in (1, 2, 3, 4):
        steps = [r for r in rows if r["kind"] == "step" and r["label"].startswith(f"Step {number}.")]
        assert len(steps) == len(tables[number])
        for step, truth in zip(steps, tables[number], strict=True):
            stated = {k for k, v in step["cells"].items() if v == "stated"}
            if truth is None:  # objective 4: 11 cells under 12 headings: nothing placed for sure
                assert stated == set(), step["label"]
                assert "uncertain" in step["cells"].values()
            else:
                assert stated == truth, step["label"]
                assert set(step["gaps"]) == set(HEADERS.values()) - truth, step["label"]


@needs_seeds
def test_seed_gaps_per_objective_and_plan(seed_report: Report) -> None:
    data = seed_report.as_dict()
    assert data["characteristic_gaps"] == [] and data["aim_gaps"] == []
    gaps = {r["label"]: set(r["gaps"]) for r in data["matrix"] if r["kind"] == "objective"}
    assert gaps["Objective 1"] == {"pregnancy-and-maternity"}
    assert gaps["Objective 2"] == set()
    assert gaps["Objective 3"] == {"pregnancy-and-maternity", "marriage-and-civil-partnership"}
    assert gaps["Objective 4"] == set(HEADERS.values())  # every tick of its table is uncertain
    infos = {(f["focus_label"], f["concept"].rsplit("/", 1)[-1]) for f in data["findings"]
             if f["severity"] == "Info" and "#objective-covers-" in (f["shape"] or "")}
    assert {c for o, c in infos if o == "Objective 1"} == {"pregnancy-and-maternity"}
    assert {c for o, c in infos if o == "Objective 2"} == set()
    assert {c for o, c in infos if o == "Objective 3"} == {"pregnancy-and-maternity",
                                                         "marriage-and-civil-partnership"}
    uncertain = [f for f in data["findings"] if "#objective-uncertain-ticks" in (f["shape"] or "")]
    assert {f["focus_label"] for f in uncertain} == {"Objective 4"}


@needs_seeds
def test_seed_plan_conforms_with_warnings_only(seed_report: Report) -> None:
    data = seed_report.as_dict()
    assert seed_report.conforms, [f["message"] for f in data["findings"] if f["severity"] == "Violation"]
    warnings = sorted((f["focus_label"], f["message"][:30]) for f in data["findings"]
                      if f["severity"] == "Warning")
    # No publication or review date in the source; no owners or measures per objective.
    assert len(warnings) == 2 + 4 + 4
    assert {"No owner (lead) is named for t", "No measure of progress is give"} == \
        {m for o, m in warnings if o.startswith("Objective")}
