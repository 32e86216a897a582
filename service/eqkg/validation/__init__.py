"""Plan validation: an uploaded plan -> RDF -> pySHACL with shapes/plan.ttl -> a readable report.

`validate_bytes()` is the one call the CLI and the web app share. It returns
the report with what was read attached (`CheckedReport.reading`, the reader's
report: every objective and step beside its source), because a judgment on a
misread plan is worthless unless the reader can see the misreading first.
Nothing is written to the store: the plan lives in memory for one validation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from typing import Any

from ..i18n import t
from ..ingest.common import Report as Reading
from .engine import ValidationRun, run
from .inputs import MAX_BYTES, LoadedPlan, load_plan, read_plan
from .report import Report, build_report, summary_text, to_html, to_json, to_turtle

OUTPUT_FORMATS = ("html", "json", "ttl", "text")

__all__ = ["MAX_BYTES", "OUTPUT_FORMATS", "CheckedReport", "LoadedPlan", "Report", "ValidationRun",
           "build_report", "load_plan", "read_plan", "reading_dict", "reading_text", "render", "run", "to_json",
           "validate_bytes"]


@dataclass
class CheckedReport(Report):
    """A validation report and what it judged: the input's kind ("rdf", "template", "document"),
    its file name, and the reading report (None for RDF, which is checked as given).
    The web page sets kind "corrected" for a plan posted from the correction form."""

    kind: str = "document"
    source: str = "<upload>"
    reading: Reading | None = None
    form_html: str = ""  # the web page's correction form, shown right after the reading

    def reading_view(self) -> dict[str, Any]:
        """What was read, ready for the page: the sentence, each item labelled, doubts, leftovers."""
        return reading_view(self)


def validate_bytes(data: bytes, filename: str | None = None, fmt: str | None = None,
                   content_type: str | None = None, lang: str = "en") -> CheckedReport:
    """Validate an uploaded plan; InputError when the input is unusable."""
    loaded = read_plan(data, filename, fmt, content_type)
    report = build_report(run(loaded.graph), lang)
    values = {f.name: getattr(report, f.name) for f in fields(report)}
    return CheckedReport(**values, kind=loaded.kind, source=loaded.source, reading=loaded.reading)


def reading_dict(report: Report) -> dict[str, Any] | None:
    """The reading as JSON-ready data (Report.as_dict() of the reader, with the source and input kind)."""
    reading = getattr(report, "reading", None)
    if reading is None:
        return None
    return {"source": getattr(report, "source", "<upload>"), "input": getattr(report, "kind", ""),
            **reading.as_dict()}


def reading_counts(reading: Reading) -> tuple[int, int]:
    """(objectives, steps) read."""
    return reading.found.get("objective", 0), reading.found.get("step", 0)


def counted(kind: str, n: int, lang: str) -> str:
    """"1 objective", "6 objectives" (Welsh keeps the noun singular after a numeral)."""
    return t(f"reading.{kind}.{'one' if n == 1 else 'other'}", lang, n=n)


def _labelled_items(reading: Reading, lang: str) -> list[tuple[str, Any]]:
    """(label, item) of the objectives and steps read: "Objective 2", "Step 2.3"."""
    out = []
    numbers: dict[int, str] = {}
    counters: dict[int | None, int] = {}
    for index, item in enumerate(reading.items):
        if item.kind == "objective":
            number = str(item.fields.get("number") or len(numbers) + 1)
            numbers[index] = number
            out.append((f"{t('report.objective', lang)} {number}", item))
        elif item.kind == "step":
            counters[item.parent] = counters.get(item.parent, 0) + 1
            parent = numbers.get(item.parent, "?") if item.parent is not None else "?"
            out.append((f"{t('report.step', lang)} {parent}.{counters[item.parent]}", item))
    return out


def reading_view(report: CheckedReport) -> dict[str, Any]:
    """The reading for the HTML pages (see validate_reading.html)."""
    lang = report.lang
    view: dict[str, Any] = {"kind": report.kind, "source": report.source, "rows": []}
    reading = report.reading
    if reading is None:
        view["sentence"] = t("reading.rdf", lang, source=report.source)
        return view
    objectives, steps = reading_counts(reading)
    key = {"template": "reading.read_from_table", "corrected": "reading.read_from_corrected"}.get(
        report.kind, "reading.read_from_document")
    view.update(
        sentence=t(key, lang, objectives=counted("objectives", objectives, lang),
                   steps=counted("steps", steps, lang)),
        confidence=t("reading.confidence." + reading.confidence, lang),
        reasons=list(reading.reasons), unplaced=list(reading.unplaced), layout=reading.layout,
        # The readers say why they are unsure, and what they could not place, in English: a Welsh page
        # marks that text as English (lang="en") rather than passing it off as Welsh.
        english=lang != "en")
    labels = {c.key: report.labeller.concept(c.concept) for c in report.columns}
    for label, item in _labelled_items(reading, lang):
        chars = item.fields.get("characteristics") or {}
        bases = chars.items() if isinstance(chars, dict) else ((c, "") for c in chars)
        details = [(t(f"reading.{k}", lang), str(item.fields[k])) for k in ("lead", "due", "measure", "status")
                   if item.fields.get(k)]
        view["rows"].append({
            "kind": item.kind, "label": label, "text": item.text, "location": place(item.location, lang),
            "source": item.source,
            "statement": str(item.fields.get("statement") or "") if item.kind == "objective" else "",
            "characteristics": [(labels.get(slug, slug), _basis(basis, lang)) for slug, basis in bases],
            "details": details})
    return view


_PLACE_WORDS_CY = {"sheet": "dalen", "page": "tudalen", "lines": "llinellau", "line": "llinell",
                   "paragraph": "paragraff", "table": "tabl", "row": "rhes", "document": "dogfen"}


def place(location: str, lang: str) -> str:
    """Where an item was read ("page 3, line 4"), in the page's language ("tudalen 3, llinell 4")."""
    if lang != "cy":
        return location
    return re.sub(r"\b(" + "|".join(_PLACE_WORDS_CY) + r")\b", lambda m: _PLACE_WORDS_CY[m.group(1)], location)


def _basis(basis: object, lang: str) -> str:
    key = f"reading.basis.{basis}"
    return t(key, lang) if basis and key in _messages() else str(basis or "")


def _messages() -> dict[str, Any]:
    from ..i18n import MESSAGES

    return MESSAGES


def reading_text(report: Report) -> str:
    """What was read, for the terminal: the counts, each objective and step with its location,
    what could not be placed and why the reader is unsure; for RDF, that nothing was read."""
    lang = report.lang
    reading = getattr(report, "reading", None)
    source = getattr(report, "source", "<upload>")
    if reading is None:
        return t("reading.rdf", lang, source=source)
    objectives, steps = reading_counts(reading)
    lines = [t("reading.read_from", lang, objectives=counted("objectives", objectives, lang),
               steps=counted("steps", steps, lang), source=source,
               confidence=t("reading.confidence." + reading.confidence, lang))]
    for label, item in _labelled_items(reading, lang):
        indent = "  " if item.kind == "objective" else "    "
        lines.append(f"{indent}{label} ({item.location}): {item.text}")
    for reason in reading.reasons:
        lines.append(f"  {t('reading.why', lang)}: {reason}")
    for message in reading.unplaced:
        lines.append(f"  {t('reading.unplaced', lang)}: {message}")
    return "\n".join(lines)


def render(report: Report, output: str, standalone: bool = True) -> str:
    """The report in one of OUTPUT_FORMATS; json and text say first what was read."""
    if output == "json":
        data = report.as_dict()
        data = {"input": {"source": getattr(report, "source", "<upload>"),
                          "kind": getattr(report, "kind", "")},
                "reading": reading_dict(report), **data}
        return json.dumps(data, ensure_ascii=False, indent=1)
    if output == "ttl":
        return to_turtle(report)
    if output == "html":
        return to_html(report, standalone=standalone)
    if isinstance(report, CheckedReport):
        return reading_text(report) + "\n\n" + summary_text(report)
    return summary_text(report)



