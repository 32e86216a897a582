"""Genre readers: turn a document (eqkg.documents.model.Document) into RDF in the ontology's terms.

Public API (used by the CLI, the web app, validation and `make data`):

- `read_document(document, profile=None, slug=None) -> IngestResult`: the one entry point;
- `ingest_bytes(data, filename, profile=None, slug=None)` and `ingest_file(path, profile=None, slug=None)`:
  read the bytes with eqkg.documents, then `read_document`;
- `ingest_text(text, profile=None, source_name=..., slug=None)`: the same for text already in memory;
- `detect_profile(document) -> str`: plan, response or minutes.

Each genre has one or more readers (`READERS`), tried in order. A reader is a
module with `fits(document) -> Fit` (score 0: it does not fit) and
`read(document, *, slug=None) -> IngestResult`. The readers fitted to the
seed documents' text layouts come first and fit only documents with their
layout's cues; the general readers read any layout from the blocks. A forced
profile whose readers do not fit the document is refused (never read as
something it is not), and a reader that finds nothing raises InputError
naming what it looked for.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from eqkg.errors import InputError
from eqkg.ingest.common import Fit, IngestResult, Report

__all__ = ["GENRES", "READERS", "Fit", "IngestResult", "Report", "detect_profile", "ingest_bytes",
           "ingest_file", "ingest_text", "read_document"]

#: genre -> its reader modules, most specific first.
READERS: dict[str, tuple[str, ...]] = {
    "plan": ("eqkg.ingest.plan", "eqkg.ingest.plan_reader"),
    "response": ("eqkg.ingest.response", "eqkg.ingest.response_reader"),
    "minutes": ("eqkg.ingest.minutes", "eqkg.ingest.minutes_reader"),
}
GENRES = tuple(READERS)


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


def _fits(genre: str, document) -> list[tuple[Fit, ModuleType]]:
    found = []
    for name in READERS[genre]:
        module = _module(name)
        fit = module.fits(document)
        if fit.score > 0:
            found.append((fit, module))
    return found


def detect_profile(document) -> str:
    """The genre of a document: the genre whose best reader fits best; ties and no fit are refused."""
    if not document.text.strip():
        raise InputError("the document is empty")
    best: dict[str, int] = {}
    for genre in GENRES:
        fits = _fits(genre, document)
        best[genre] = max((f.score for f, _ in fits), default=0)
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    (top_genre, top), (_, second) = ranked[0], ranked[1]
    if top == 0 or top == second:
        raise InputError("cannot tell whether this document is a plan, a response or minutes; "
                         "give --profile plan|response|minutes")
    return top_genre


def read_document(document, profile: str | None = None, slug: str | None = None) -> IngestResult:
    """Read a document as its genre (detected when not given) with the first reader that fits it."""
    if profile is not None and profile not in READERS:
        raise InputError(f"unknown profile {profile!r}; expected one of {', '.join(GENRES)}")
    genre = profile or detect_profile(document)
    fits = _fits(genre, document)
    if not fits:
        raise InputError(f"this document does not read as {_article(genre)}: none of the signs of one "
                         f"({_LOOKED_FOR[genre]}) were found; check the file or choose another profile")
    _, module = fits[0]
    return module.read(document, slug=slug)


_LOOKED_FOR = {
    "plan": "equality objectives as headings, numbered lists or table rows",
    "response": "numbered recommendations with a response, lead or status",
    "minutes": "a meeting date, attendees or apologies, and agenda items",
}


def _article(genre: str) -> str:
    return {"plan": "a plan", "response": "a response to recommendations", "minutes": "minutes"}[genre]


def ingest_bytes(data: bytes, filename: str | None = None, profile: str | None = None,
                 slug: str | None = None, content_type: str | None = None,
                 fmt: str | None = None) -> IngestResult:
    """Read uploaded or stored bytes in any accepted format."""
    from eqkg.documents import read_bytes

    document = read_bytes(data, filename=filename, content_type=content_type, fmt=fmt)
    return read_document(document, profile, slug)


def ingest_text(text: str, profile: str | None = None, source_name: str = "<text>",
                slug: str | None = None) -> IngestResult:
    """Read text already in memory (markdown when the name ends .md, else plain text)."""
    fmt = "md" if Path(source_name).suffix.lower() in (".md", ".markdown") else "txt"
    return ingest_bytes(text.encode("utf-8"), filename=source_name, profile=profile, slug=slug, fmt=fmt)


def ingest_file(path: str | Path, profile: str | None = None, slug: str | None = None) -> IngestResult:
    """Read a file; a known seed file keeps the slug and profile listed in sources.py."""
    from eqkg.documents import read_path
    from eqkg.ingest.sources import SOURCES

    file = Path(path)
    document = read_path(file)
    for source in SOURCES:
        if source.seed == file.name:
            return read_document(document, profile or source.profile, slug or source.slug)
    return read_document(document, profile, slug)
