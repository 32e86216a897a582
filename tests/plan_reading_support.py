"""Helpers shared by the plan-reader tests: read a text as a document, and list what was read."""

from __future__ import annotations

from eqkg.documents import read_bytes
from eqkg.ingest import read_document


def reading(text: str, name: str = "plan.md", profile: str | None = None):
    return read_document(read_bytes(text.encode("utf-8"), name), profile)


def objectives(result) -> list[tuple[str, list[str]]]:
    """(title, its steps' texts) of each objective, in reading order."""
    items = result.report.items
    found = []
    for index, item in enumerate(items):
        if item.kind == "objective":
            found.append((item.fields["title"], [s.text for s in items if s.kind == "step" and s.parent == index]))
    return found


def steps(result) -> list[tuple[str, str | None, str | None]]:
    """(text, lead, due) of each step."""
    return [(i.text, i.fields.get("lead"), i.fields.get("due")) for i in result.report.items if i.kind == "step"]
