"""Spreadsheet, RDF and JSON-LD inputs: the deliberate gaps of a filled-in template, the same
findings whatever the format, and broken inputs refused with a message a person can act on."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import SEEDS, needs_seeds
from openpyxl import Workbook

from eqkg.errors import InputError
from eqkg.validation import inputs, run, template, validate_bytes
from eqkg.validation.engine import Finding

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
GAPS_CSV = FIXTURES / "gaps.csv"
PLAN = "https://w3id.org/eqkg/id/plan/example-county-council-strategic-equality-plan-2024-2028"


def csv_to_xlsx(data: bytes, mutate=None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(data.decode("utf-8"))):
        sheet.append([cell or None for cell in row])
    if mutate:
        mutate(sheet)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def keys(findings: list[Finding], severity: str) -> set[tuple[str, str, str]]:
    """(focus relative to the plan, shape name, concept slug) of the findings of one severity."""
    return {(str(f.focus).replace(PLAN, "") or "plan", str(f.shape).rsplit("#", 1)[-1]
             if "#" in str(f.shape) else (f.path or ""), str(f.concept or "").rsplit("/", 1)[-1])
            for f in findings if f.severity == severity}


@pytest.fixture(scope="module")
def gaps_findings() -> list[Finding]:
    return run(inputs.load_plan(GAPS_CSV.read_bytes(), "gaps.csv")).findings


def test_filled_in_template_reports_exactly_its_gaps(gaps_findings: list[Finding]) -> None:
    assert keys(gaps_findings, "Violation") == {
        ("plan", "plan-covers-gender-reassignment", "gender-reassignment"),
        # (c) is ticked only on a step that covers marriage and civil partnership alone: s.149(7).
        ("plan", "plan-addresses-foster-good-relations", "foster-good-relations"),
        ("/objective/3", "eq:hasStep", ""),
    }
    warnings = keys(gaps_findings, "Warning")
    assert {focus for focus, _, _ in warnings} == {"/objective/2", "/objective/3",
                                                    "/objective/2/step/2"}
    assert len(warnings) == 3
    infos = keys(gaps_findings, "Info")
    # Pregnancy and maternity is left out with a stated reason: information, not a violation.
    assert ("plan", "plan-gap-reason-pregnancy-and-maternity", "pregnancy-and-maternity") in infos
    pairs = {s.removeprefix("plan-") for f, s, c in infos if "-with-" in s}
    assert pairs == {
        "age-with-eliminate-discrimination", "age-with-foster-good-relations",
        "disability-with-eliminate-discrimination", "disability-with-foster-good-relations",
        "religion-or-belief-with-eliminate-discrimination", "religion-or-belief-with-foster-good-relations",
        "race-with-foster-good-relations", "sex-with-foster-good-relations",
        "sexual-orientation-with-advance-equality-of-opportunity",
        "sexual-orientation-with-foster-good-relations",
        "marriage-and-civil-partnership-with-eliminate-discrimination",
    }
    per_objective = {}
    for focus, shape, concept in infos:
        if shape.startswith(("objective-covers-", "objective-addresses-")):
            per_objective.setdefault(focus, set()).add(concept)
    assert per_objective == {
        "/objective/1": {"gender-reassignment", "marriage-and-civil-partnership",
                         "pregnancy-and-maternity", "religion-or-belief", "sexual-orientation",
                         "foster-good-relations"},
        "/objective/2": {"gender-reassignment", "pregnancy-and-maternity", "race", "sex",
                         "sexual-orientation", "eliminate-discrimination"},
        "/objective/3": {"age", "disability", "gender-reassignment", "marriage-and-civil-partnership",
                         "pregnancy-and-maternity", "race", "religion-or-belief", "sex",
                         "advance-equality-of-opportunity", "foster-good-relations"},
    }
    assert len(gaps_findings) == 3 + 3 + 34


def test_csv_xlsx_and_turtle_give_the_same_findings(gaps_findings: list[Finding]) -> None:
    expected = sorted(f.key() for f in gaps_findings)
    xlsx = csv_to_xlsx(GAPS_CSV.read_bytes())
    from_xlsx = run(inputs.load_plan(xlsx, "gaps.xlsx")).findings
    from_ttl = run(inputs.load_plan((FIXTURES / "gaps.ttl").read_bytes(), "gaps.ttl")).findings
    assert sorted(f.key() for f in from_xlsx) == expected
    assert sorted(f.key() for f in from_ttl) == expected


def test_report_in_welsh_uses_welsh_labels() -> None:
    report = validate_bytes(GAPS_CSV.read_bytes(), "gaps.csv", lang="cy").as_dict()
    assert [g["label"] for g in report["characteristic_gaps"]] == ["ailbennu rhywedd"]
    assert [g["label"] for g in report["aim_gaps"]] == ["hybu perthynas dda"]
    assert any(f["focus_label"] == "Amcan 3" for f in report["findings"])


def test_templates_have_the_documented_columns() -> None:
    rows = list(csv.reader(io.StringIO(template.template_csv().decode("utf-8-sig"))))
    header = next(r for r in rows if r and r[0] == "objective")
    assert header == ["objective", "step", "Age", "Disability", "Gender reassignment",
                      "Marriage and civil partnership", "Pregnancy and maternity", "Race",
                      "Religion or belief", "Sex", "Sexual orientation",
                      "Eliminate discrimination, harassment and victimisation",
                      "Advance equality of opportunity", "Foster good relations",
                      "lead", "timeline", "measure"]
    # An empty template is understood (header found) but has nothing to validate yet.
    for data, name in ((template.template_csv(), "t.csv"), (template.template_xlsx(), "t.xlsx")):
        with pytest.raises(InputError, match="no objective rows"):
            inputs.load_plan(data, name)


@pytest.mark.parametrize("mark", ["✓", "✔", "x", "X", "yes", "Y", "1", "TRUE"])
def test_documented_tick_marks(mark: str) -> None:
    assert template.parse_tick(mark, "cell C3") is True


@pytest.mark.parametrize("mark", ["", " ", "no", "0", "False", None])
def test_documented_blank_marks(mark: str | None) -> None:
    assert template.parse_tick(mark, "cell C3") is False


def gaps_text() -> str:
    return GAPS_CSV.read_text(encoding="utf-8")


BROKEN = {
    "empty": (b"", "t.csv", "the file is empty"),
    "missing header": (b"Close the pay gaps,,\n,step,\n", "t.csv", "does not read as a plan"),
    "header after a stray row": (gaps_text().replace("socio-economic duty", "colour").encode(), "t.csv",
                                 "row 7: expected the header row"),
    "wrong header": (gaps_text().replace(",Race,", ",Ethnicity,").encode(), "t.csv",
                     "cell H10: unknown column 'Ethnicity'"),
    "missing column": (gaps_text().replace(",Race,", ",,").encode(), "t.csv",
                       "the header lacks column(s) Race"),
    "bad tick": (gaps_text().replace(",Yes,", ",maybe,").encode(), "t.csv",
                 "cell C13 (column 'Age'): 'maybe' is not a tick mark"),
    "bad date": (gaps_text().replace("2028-03-31", "next year", 1).encode(), "t.csv",
                 "cell B5: 'next year' is not a date"),
    "non-utf8": (gaps_text().replace("Close", "Cl\u00f4se").encode("cp1252", "replace"), "t.csv",
                 "not UTF-8 text (byte 0xF4 on line 11)"),
    "malformed turtle": (b"@prefix eq: <https://w3id.org/eqkg/ontology#> .\n<a> eq:x ", "t.ttl",
                         "malformed Turtle"),
    "no plan": (b"<https://e.x/a> <https://e.x/b> <https://e.x/c> .", "t.ttl", "describes no plan"),
    "oversized": (b"objective," + b"x" * (inputs.MAX_BYTES + 1), "t.csv", "over the limit of 20.0 MB"),
    "remote context": (json.dumps({"@context": "https://example.org/ctx.jsonld", "@id": "x"}).encode(),
                       "t.jsonld", "remote contexts are never fetched"),
    "import context": (json.dumps({"@context": {"@import": "https://example.org/c"}}).encode(),
                       "t.jsonld", "@import"),
    "old excel": (b"\xd0\xcf\x11\xe0", "t.xls", "save the sheet as .xlsx"),
    "not xlsx": (b"PK\x03\x04garbage", "t.xlsx", "not a valid .xlsx workbook"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_input_is_refused_with_an_actionable_message(case: str) -> None:
    data, name, message = BROKEN[case]
    with pytest.raises(InputError) as info:
        inputs.load_plan(data, name)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_spreadsheet_with_formula_or_merged_cells_is_refused() -> None:
    def formula(sheet) -> None:
        sheet["C13"] = "=1+0"

    def merged(sheet) -> None:
        sheet.merge_cells("C12:C13")

    with pytest.raises(InputError, match="cell C13 holds a formula"):
        inputs.load_plan(csv_to_xlsx(GAPS_CSV.read_bytes(), formula), "f.xlsx")
    with pytest.raises(InputError, match=r"merged cells \(C12:C13\)"):
        inputs.load_plan(csv_to_xlsx(GAPS_CSV.read_bytes(), merged), "m.xlsx")


def test_jsonld_with_our_own_context_is_read_without_fetching() -> None:
    doc = {
        "@context": ["https://w3id.org/eqkg/context.jsonld",
                     {"eq": "https://w3id.org/eqkg/ontology#"}],
        "@id": "https://w3id.org/eqkg/id/plan/x", "@type": "eq:StrategicEqualityPlan",
    }
    graph = inputs.load_plan(json.dumps(doc).encode(), "x.jsonld")
    assert len(graph) == 1


def test_other_hosts_context_jsonld_is_remote() -> None:
    doc = {"@context": "https://example.org/context.jsonld", "@id": "x"}
    with pytest.raises(InputError, match="remote contexts are never fetched"):
        inputs.load_plan(json.dumps(doc).encode(), "x.jsonld")


@needs_seeds
def test_plain_text_plan_goes_through_the_plan_parser() -> None:
    text = next(SEEDS.glob("003_*.txt")).read_bytes()
    report = validate_bytes(text, "draft-plan.txt")
    data = report.as_dict()
    assert data["summary"]["objectives"] == 4 and data["summary"]["steps"] == 24
    assert report.conforms


def test_relative_iris_of_an_uploaded_json_ld_plan_do_not_name_server_files() -> None:
    import json as _json

    from eqkg.validation.inputs import parse_jsonld

    graph = parse_jsonld(_json.dumps({"@context": {"eq": "https://w3id.org/eqkg/ontology#"}, "@id": "plan",
                                      "@type": "eq:StrategicEqualityPlan"}).encode())
    assert {str(s) for s in graph.subjects()} == {"https://upload.invalid/plan"}
