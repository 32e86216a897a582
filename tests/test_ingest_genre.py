"""Genre fit: each reader reads only documents of its genre, and a forced genre that does not fit is refused."""

from __future__ import annotations

import pytest

from eqkg import config
from eqkg.documents import read_bytes, read_path
from eqkg.errors import InputError
from eqkg.ingest import minutes, minutes_reader, read_document, response, response_reader
from eqkg.ingest.sources import SOURCES

PLAN_MD = """# Example County Council Strategic Equality Plan 2024-2028

Organisation: Example County Council

## Objective 1: Closing the pay gap

We will reduce our gender and ethnicity pay gaps.

1. Publish pay gap figures each year. Lead: Head of HR. By: March 2025.
2. Review recruitment panels. Lead: Recruitment Manager. By: 2026.

## Objective 2: Accessible services

We will make our services accessible to disabled people.

- Audit our buildings for access
- Offer British Sign Language interpreting

## Action plan

| Action | Lead | Timescale | Status |
|---|---|---|---|
| Train all managers | HR | 2025 | Not started |
"""

MINUTES_TXT = """Equality Forum - Minutes
Date: 5 June 2023

Present: Jane Smith (Chair), Ravi Patel, Amy Jones
Apologies: Tom Evans

1. Welcome
2. Budget update
3. Any other business

ACTION: RP to circulate the budget paper.
"""

SEEDS = config.seeds_dir()
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seed documents at {SEEDS}")


def document(text: str, name: str):
    return read_bytes(text.encode("utf-8"), filename=name)


@pytest.mark.parametrize("profile", ["minutes", "response"])
def test_a_plan_forced_as_minutes_or_response_is_refused(profile: str) -> None:
    plan = document(PLAN_MD, "plan.md")
    assert minutes.fits(plan).score == minutes_reader.fits(plan).score == 0
    assert response.fits(plan).score == response_reader.fits(plan).score == 0
    with pytest.raises(InputError, match="does not read as"):
        read_document(plan, profile=profile)


def test_minutes_forced_as_a_plan_or_response_is_refused() -> None:
    meeting = document(MINUTES_TXT, "forum.txt")
    for profile in ("plan", "response"):
        with pytest.raises(InputError, match="does not read as"):
            read_document(meeting, profile=profile)
    result = read_document(meeting)
    assert result.profile == "minutes"
    assert [i.text for i in result.report.items if i.kind in ("attendee", "apology")] == [
        "Jane Smith", "Ravi Patel", "Amy Jones", "Tom Evans"]


@needs_seeds
@pytest.mark.parametrize("source", [s for s in SOURCES if s.profile in ("minutes", "response")], ids=lambda s: s.slug)
def test_seed_layouts_go_to_the_seed_readers(source) -> None:
    doc = read_path(SEEDS / source.seed)
    seed_reader = minutes if source.profile == "minutes" else response
    other = response if source.profile == "minutes" else minutes
    assert seed_reader.fits(doc).score > 0
    assert other.fits(doc).score == 0
