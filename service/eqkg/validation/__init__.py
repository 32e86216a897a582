"""Plan validation: an uploaded plan -> RDF -> pySHACL with shapes/plan.ttl -> a readable report.

`validate_bytes()` is the one call the CLI and the web app share. Nothing is
written to the store: the plan lives in memory for one validation.
"""

from __future__ import annotations

from .engine import ValidationRun, run
from .inputs import MAX_BYTES, load_plan
from .report import Report, build_report, summary_text, to_html, to_json, to_turtle

OUTPUT_FORMATS = ("html", "json", "ttl", "text")

__all__ = ["MAX_BYTES", "OUTPUT_FORMATS", "Report", "ValidationRun", "build_report", "load_plan",
           "render", "run", "validate_bytes"]


def validate_bytes(data: bytes, filename: str | None = None, fmt: str | None = None,
                   content_type: str | None = None, lang: str = "en") -> Report:
    """Validate an uploaded plan; InputError when the input is unusable."""
    return build_report(run(load_plan(data, filename, fmt, content_type)), lang)


def render(report: Report, output: str, standalone: bool = True) -> str:
    """The report in one of OUTPUT_FORMATS."""
    if output == "json":
        return to_json(report)
    if output == "ttl":
        return to_turtle(report)
    if output == "html":
        return to_html(report, standalone=standalone)
    return summary_text(report)
