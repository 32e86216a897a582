"""Document parsers: turn a plan, an action-plan response or minutes into RDF in the ontology's terms.

Public API (used by the CLI, the web app, validation and `make data`):

- `ingest_text(text, profile=None, source_name=..., slug=None) -> IngestResult`
- `ingest_file(path, profile=None) -> IngestResult`
- `detect_profile(text) -> str`
- `PARSERS`: profile name -> parser module path; each parser module has
  `parse(text: str, *, source_name: str, slug: str | None = None) -> IngestResult`.

Parsers are imported lazily so that one genre's parser cannot break another.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path

from eqkg.errors import InputError
from eqkg.ingest.common import IngestResult, Report

__all__ = ["PARSERS", "IngestResult", "Report", "detect_profile", "get_parser", "ingest_file", "ingest_text"]

#: profile -> "module:function" of its parser.
PARSERS: dict[str, str] = {
    "plan": "eqkg.ingest.plan:parse",
    "response": "eqkg.ingest.response:parse",
    "minutes": "eqkg.ingest.minutes:parse",
}

Parser = Callable[..., IngestResult]

#: Cues of each genre (case-insensitive regexes); the genre with most distinct cues wins.
_CUES: dict[str, tuple[str, ...]] = {
    "plan": (
        r"strategic\s+equality\s+plan",
        r"equality\s+(plan\s+)?objectives?",
        r"to achieve this objective",
        r"early goals?|medium[- ]term goals?|long[- ]term goals?",
        r"protected characteristics?",
    ),
    "response": (
        r"\brecommendations?\b",
        r"lead officer",
        r"response:\s*recommendation",
        r"progress to date",
        r"key performance indicators?",
        r"\bwe will\b",
    ),
    "minutes": (
        r"\bminutes\b",
        r"\bapologies\b",
        r"\b(present|attendees|in attendance)\b",
        r"actions? arising|action log|\baction\b.*\bowner\b",
        r"\bchair(ed)?\b",
        r"\bmeeting\b",
    ),
}


def detect_profile(text: str) -> str:
    """The genre of a document from its wording: "plan", "response" or "minutes".

    Scores each genre by how many of its cues occur; ties and documents
    with fewer than two cues are refused rather than guessed.
    """
    if not text.strip():
        raise InputError("the document is empty")
    scores = {
        profile: sum(1 for cue in cues if re.search(cue, text, flags=re.I)) for profile, cues in _CUES.items()
    }
    # Strong, genre-defining cues settle it outright.
    if re.search(r"to achieve this objective", text, flags=re.I):
        return "plan"
    if re.search(r"response:\s*recommendation", text, flags=re.I):
        return "response"
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 2 or top == second:
        raise InputError(
            "cannot tell whether this document is a plan, a response or minutes; give --profile plan|response|minutes"
        )
    return best


def get_parser(profile: str) -> Parser:
    """The parse function of a profile (clear error for an unknown or unavailable one)."""
    if profile not in PARSERS:
        raise InputError(f"unknown profile {profile!r}; expected one of {', '.join(sorted(PARSERS))}")
    module_name, func = PARSERS[profile].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise InputError(f"the {profile} parser is not available in this version") from exc
        raise
    return getattr(module, func)


def ingest_text(
    text: str, profile: str | None = None, source_name: str = "<text>", slug: str | None = None
) -> IngestResult:
    """Parse a document's text into RDF; the profile is detected when not given."""
    chosen = profile or detect_profile(text)
    return get_parser(chosen)(text, source_name=source_name, slug=slug)


def ingest_file(path: str | Path, profile: str | None = None, slug: str | None = None) -> IngestResult:
    """Parse a file; a known seed file keeps the slug and profile listed in sources.py."""
    from eqkg.ingest.sources import SOURCES

    file = Path(path)
    if not file.is_file():
        raise InputError(f"no such file: {file}")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{file} is not UTF-8 text (convert it first): {exc.reason}") from exc
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror}") from exc
    for source in SOURCES:
        if source.seed == file.name:
            return ingest_text(text, profile or source.profile, source_name=file.name, slug=slug or source.slug)
    return ingest_text(text, profile, source_name=file.name, slug=slug)
