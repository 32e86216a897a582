"""General plan reader (in progress)."""

from __future__ import annotations

from eqkg.ingest.common import Fit, IngestResult


def fits(document) -> Fit:
    return Fit(0)


def read(document, *, slug: str | None = None) -> IngestResult:
    raise NotImplementedError
