"""A shortened soak (benchmarks/soak.py): 20 loopback clients for 15 s mixing SPARQL
queries, saved queries and linked-data pages, and plans uploaded at 120 a minute, against a
real `eqkg serve`.

No 5xx, no refused or timed-out connection, cheap queries answered with p95 under
1 s, every upload answered (200, or 429 past the upload rate) and the server's
memory back near its baseline afterwards.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import stop

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "soak.py"
_SPEC = importlib.util.spec_from_file_location("soak", _PATH)
soak = importlib.util.module_from_spec(_SPEC)
sys.modules["soak"] = soak  # dataclasses look their module up by name
_SPEC.loader.exec_module(soak)

CLIENTS, SECONDS = 20, 15.0
UPLOADS_PER_MINUTE = 120


@pytest.fixture(scope="module")
def soaked(store_path: Path) -> Iterator[object]:
    proc, url = soak.start_server(store_path)
    try:
        soak.warm_up(url)
        # Uploads at a realistic steady rate (120 a minute across the clients' addresses, each
        # under the per-address limit) rather than in each client's loop.
        mix = tuple((kind, 0 if kind == "upload" else weight) for kind, weight in soak.MIX)
        yield soak.soak(url, CLIENTS, SECONDS, proc.pid, mix, uploads_per_minute=UPLOADS_PER_MINUTE)
    finally:
        stop(proc)


def test_no_server_errors_and_every_request_answered(soaked: object) -> None:
    assert soaked.server_errors == 0, soaked.report()
    assert not soaked.failures, soaked.report()
    assert set(soaked.statuses) == {"cheap", "heavy", "page", "saved", "upload"}
    for kind, counts in soaked.statuses.items():
        allowed = {200, 429} if kind == "upload" else {200}
        assert set(counts) <= allowed, (kind, soaked.report())
        assert counts[200] > 0, (kind, soaked.report())
    # 120 a minute for 15 s: an upload every 0.5 s, each answered (none past its address's limit)
    assert sum(soaked.statuses["upload"].values()) == UPLOADS_PER_MINUTE * SECONDS / 60, soaked.report()
    assert set(soaked.statuses["upload"]) == {200}, soaked.report()
    # the whole run took the soak's time, plus at most one request's time limit
    assert SECONDS <= soaked.seconds <= SECONDS + soak.REQUEST_TIMEOUT


#: In the suite the soak shares two cores with the test runner and whatever else the machine runs, so the
#: bound here is looser than the 1 s that `python benchmarks/soak.py` (the full 60 s run, on a quiet
#: machine, reported in docs/benchmarks.md) holds the service to; it still fails on a starved probe.
SUITE_P95_LIMIT = 3 * soak.CHEAP_P95_LIMIT


def test_cheap_queries_stay_fast(soaked: object) -> None:
    assert len(soaked.cheap_latencies) >= CLIENTS
    assert soaked.percentile(0.95) < SUITE_P95_LIMIT, soaked.report()


def test_memory_returns_to_baseline(soaked: object) -> None:
    assert soaked.rss_before_mb > 0
    assert soaked.rss_peak_mb >= soaked.rss_before_mb * 0.9
    assert soaked.rss_after_mb <= soaked.rss_before_mb + 64 + soak.MEMORY_MARGIN_MB, \
        soaked.report()
    assert [p for p in soaked.problems() if not p.startswith("p95")] == []
