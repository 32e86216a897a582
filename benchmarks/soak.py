"""Soak test: many loopback clients against a real `eqkg serve` for a fixed time.

Each client loops (bounded in requests and in time) over a mix of what the public
web sends: cheap SPARQL queries (each one different, so the answer cache cannot
hide the work), a heavier aggregate query, saved queries on the REST API,
linked-data pages in HTML and RDF, and small CSV plans uploaded to /api/validate.
It reports answers by status, latency percentiles of the cheap queries, and the
resident memory of the server and its query workers before and after (after the
soak the server must settle back to its baseline, within a margin that allows
the answer cache its budget).

    python benchmarks/soak.py                      # 50 clients for 60 s on a seed store
    python benchmarks/soak.py --clients 20 --seconds 15 --store /tmp/store

Every request goes to 127.0.0.1. Exit code 1 when a check fails (any 5xx, any
client error such as a refused connection, p95 of cheap queries >= 1 s, memory
not back to baseline).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "tests" / "fixtures" / "validate" / "gaps.csv"
# Uploads per minute the soak's server allows. The limit is per client address and all
# the soak's clients share 127.0.0.1, so they share one bucket: uploads past it are
# answered 429, which the soak counts as expected. While validation runs in the web
# process (issue 17 point 1), a higher rate slows every other answer (docs/benchmarks.md).
UPLOAD_RATE = 6
MAX_REQUESTS_PER_CLIENT = 100_000  # a bound on each client's loop besides the clock
REQUEST_TIMEOUT = 30.0
CHEAP_P95_LIMIT = 1.0  # seconds
# Memory after the soak may exceed the baseline by the answer cache's budget (64 MB by
# default, filled by design) plus this margin.
MEMORY_MARGIN_MB = 64

PAGES = ("/id/organisation/cardiff-council", "/vocab/characteristic/race",
         "/id/organisation/cardiff-council.ttl", "/vocab/characteristic/race.jsonld",
         "/id/organisation/south-wales-police")
SAVED = ("/api/queries/meetings", "/api/queries/recommendations-by-status?status=completed",
         "/api/queries/actions-by-person?person=mark-vaughan",
         "/api/queries/commitments-by-characteristic?characteristic=race",
         "/api/queries/recommendations-by-status.csv?status=completed")
HEAVY_QUERY = ("SELECT ?class (COUNT(?x) AS ?n) WHERE {{ ?x a ?class }} GROUP BY ?class "
               "ORDER BY DESC(?n) LIMIT {n}")
CHEAP_QUERIES = (
    "SELECT ?l WHERE {{ pc:race skos:prefLabel ?l }} LIMIT {n}",
    "ASK {{ pc:race a eq:ProtectedCharacteristic . FILTER({n} > 0) }}",
    "SELECT ?c WHERE {{ ?c a eq:ProtectedCharacteristic }} LIMIT {n}",
)
# One cycle of a client's mix: (kind, weight).
MIX = (("cheap", 10), ("page", 4), ("saved", 4), ("heavy", 1), ("upload", 1))


@dataclass
class SoakResult:
    clients: int
    seconds: float
    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    failures: Counter[str] = field(default_factory=Counter)  # exceptions by type
    cheap_latencies: list[float] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=dict)  # by kind, all statuses
    rss_before_mb: float = 0.0
    rss_peak_mb: float = 0.0
    rss_after_mb: float = 0.0

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.statuses.values())

    def count(self, predicate: Callable[[int], bool]) -> int:
        return sum(n for c in self.statuses.values() for s, n in c.items() if predicate(s))

    @property
    def server_errors(self) -> int:
        return self.count(lambda s: s >= 500)

    def percentile(self, q: float, data: list[float] | None = None) -> float:
        data = sorted(self.cheap_latencies if data is None else data)
        if not data:
            return 0.0
        return data[min(len(data) - 1, int(round(q * (len(data) - 1))))]

    def problems(self, cache_mb: int = 64) -> list[str]:
        found = []
        if self.server_errors:
            found.append(f"{self.server_errors} answers were 5xx")
        if self.failures:
            found.append(f"client errors: {dict(self.failures)}")
        if self.percentile(0.95) >= CHEAP_P95_LIMIT:
            found.append(f"p95 of cheap queries {self.percentile(0.95):.3f} s >= "
                         f"{CHEAP_P95_LIMIT} s")
        unexpected = self.count(lambda s: s not in (200, 429) and s < 500)
        if unexpected:
            found.append(f"{unexpected} answers with an unexpected 4xx status")
        if self.rss_after_mb > self.rss_before_mb + cache_mb + MEMORY_MARGIN_MB:
            found.append(f"memory did not settle: {self.rss_before_mb:.0f} MB before, "
                         f"{self.rss_after_mb:.0f} MB after")
        return found

    def report(self) -> dict[str, Any]:
        return {
            "clients": self.clients, "seconds": round(self.seconds, 1),
            "requests": self.total, "per_second": round(self.total / max(self.seconds, 1e-9), 1),
            "statuses": {kind: dict(sorted(c.items())) for kind, c in sorted(
                self.statuses.items())},
            "client_errors": dict(self.failures),
            "cheap_queries": len(self.cheap_latencies),
            "cheap_p50_s": round(self.percentile(0.50), 4),
            "cheap_p95_s": round(self.percentile(0.95), 4),
            "cheap_max_s": round(max(self.cheap_latencies, default=0.0), 4),
            "p50_p95_by_kind_s": {kind: (round(self.percentile(0.5, v), 3),
                                         round(self.percentile(0.95, v), 3))
                                  for kind, v in sorted(self.latencies.items())},
            "rss_before_mb": round(self.rss_before_mb, 1),
            "rss_peak_mb": round(self.rss_peak_mb, 1),
            "rss_after_mb": round(self.rss_after_mb, 1),
        }


# -- memory of the server and its workers ------------------------------------------------


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return found


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (Linux /proc), in MB."""
    total, todo, seen = 0, [pid], set()
    while todo and len(seen) < 1000:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            with open(f"/proc/{current}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
        todo += _children(current)
    return total / 1024


# -- the clients ---------------------------------------------------------------------------


def _request(session: requests.Session, base: str, kind: str, i: int, plan: bytes
             ) -> requests.Response:
    if kind == "cheap":
        query = CHEAP_QUERIES[i % len(CHEAP_QUERIES)].format(n=1 + i % 997)
        return session.get(base + "/sparql", params={"query": query},
                           headers={"Accept": "application/sparql-results+json"},
                           timeout=REQUEST_TIMEOUT)
    if kind == "heavy":
        return session.post(base + "/sparql", data={"query": HEAVY_QUERY.format(n=1 + i % 97)},
                            timeout=REQUEST_TIMEOUT)
    if kind == "page":
        return session.get(base + PAGES[i % len(PAGES)], timeout=REQUEST_TIMEOUT)
    if kind == "saved":
        return session.get(base + SAVED[i % len(SAVED)], timeout=REQUEST_TIMEOUT)
    return session.post(base + "/api/validate", files={"file": ("plan.csv", plan, "text/csv")},
                        headers={"Accept": "application/json"}, timeout=REQUEST_TIMEOUT)


def soak(base: str, clients: int, seconds: float, server_pid: int | None = None,
         mix: tuple[tuple[str, int], ...] = MIX, uploads_per_minute: float = 0.0) -> SoakResult:
    """Run `clients` threads against `base` (a loopback URL) for `seconds`.

    With `uploads_per_minute`, plans are also uploaded at that steady rate across the
    clients' addresses (each upload on its own thread, as people upload independently of
    how fast the server answers), besides any uploads in the clients' `mix`."""
    if not base.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise ValueError(f"the soak only talks to loopback, not {base}")
    plan = PLAN.read_bytes()
    schedule = [kind for kind, weight in mix for _ in range(weight)]
    result = SoakResult(clients, seconds, {kind: Counter() for kind, _ in mix})
    lock = threading.Lock()
    if server_pid:
        result.rss_before_mb = tree_rss_mb(server_pid)
    start = time.monotonic()
    deadline = start + seconds
    stop_sampling = threading.Event()

    def sample() -> None:
        while server_pid and not stop_sampling.wait(0.5):
            rss = tree_rss_mb(server_pid)
            with lock:
                result.rss_peak_mb = max(result.rss_peak_mb, rss)

    def client(index: int) -> None:
        with requests.Session() as session:
            session.headers["X-Forwarded-For"] = f"198.51.100.{index % 254 + 1}"
            for i in range(MAX_REQUESTS_PER_CLIENT):
                if time.monotonic() >= deadline:
                    break
                kind = schedule[(index * 7 + i) % len(schedule)]
                began = time.monotonic()
                try:
                    response = _request(session, base, kind, index * MAX_REQUESTS_PER_CLIENT + i,
                                        plan)
                except requests.RequestException as exc:
                    with lock:
                        result.failures[type(exc).__name__] += 1
                    continue
                elapsed = time.monotonic() - began
                with lock:
                    result.statuses[kind][response.status_code] += 1
                    result.latencies.setdefault(kind, []).append(elapsed)
                    if kind == "cheap" and response.status_code == 200:
                        result.cheap_latencies.append(elapsed)

    def upload(number: int) -> None:
        headers = {"Accept": "application/json",
                   "X-Forwarded-For": f"198.51.100.{number % max(clients, 1) % 254 + 1}"}
        began = time.monotonic()
        try:
            response = requests.post(base + "/api/validate", files={"file": ("plan.csv", plan, "text/csv")},
                                     headers=headers, timeout=REQUEST_TIMEOUT)
        except requests.RequestException as exc:
            with lock:
                result.failures[type(exc).__name__] += 1
            return
        with lock:
            result.statuses.setdefault("upload", Counter())[response.status_code] += 1
            result.latencies.setdefault("upload", []).append(time.monotonic() - began)

    uploads: list[threading.Thread] = []

    def pace() -> None:
        interval = 60.0 / uploads_per_minute
        due = start  # the n-th upload is due n intervals after the soak began
        while due < deadline:
            time.sleep(max(0.0, due - time.monotonic()))
            thread = threading.Thread(target=upload, args=(len(uploads),), daemon=True)
            thread.start()
            uploads.append(thread)
            due += interval

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    if uploads_per_minute > 0:
        threads.append(threading.Thread(target=pace, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT + 10)
    for thread in uploads:
        thread.join(timeout=REQUEST_TIMEOUT + 10)
    stop_sampling.set()
    result.seconds = time.monotonic() - start
    if server_pid:
        result.rss_after_mb = settled_rss(server_pid, result.rss_before_mb)
    return result


def settled_rss(pid: int, baseline: float, wait: float = 15.0) -> float:
    """The server's memory once idle: polled for up to `wait` s until it stops falling."""
    last = tree_rss_mb(pid)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = tree_rss_mb(pid)
        if now <= baseline or abs(now - last) < 1.0:
            return now
        last = now
    return last


def warm_up(base: str) -> None:
    """One request of each kind, so that workers and caches exist before the baseline."""
    plan = PLAN.read_bytes()
    with requests.Session() as session:
        for i, (kind, _) in enumerate(MIX):
            for j in range(3):
                _request(session, base, kind, 10_000_000 + i * 10 + j, plan)


# -- a server of our own -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(store: Path, *extra: str, upload_rate: int = UPLOAD_RATE
                 ) -> tuple[subprocess.Popen[bytes], str]:
    """`eqkg serve` on a free loopback port, with the soak's upload rate."""
    port = free_port()
    # The soak's clients all connect from 127.0.0.1; as behind a public site's reverse proxy, each says
    # who it is in X-Forwarded-For (a documentation address, never contacted), so that per-client
    # fairness and upload limits see 50 clients, not one.
    env = {**os.environ, "EQKG_UPLOAD_RATE_LIMIT": str(upload_rate), "EQKG_TRUSTED_PROXIES": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "eqkg.cli", "--store", str(store), "serve", "--host",
         "127.0.0.1", "--port", str(port), *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("eqkg serve exited early")
        try:
            requests.get(url + "/", timeout=1)
            return proc, url
        except requests.ConnectionError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("eqkg serve did not start within 60 s")


def build_store(path: Path) -> None:
    """The seed store, as the test suite builds it (ontology, vocabularies, data/)."""
    from eqkg.loader import load_all
    from eqkg.store import Store

    store = Store(path)
    load_all(store)
    store.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--store", type=Path, help="a built store (default: build one)")
    parser.add_argument("--uploads", type=int, default=dict(MIX)["upload"],
                        help="weight of uploads in the mix (the others weigh 19 together)")
    parser.add_argument("--upload-rate", type=int, default=UPLOAD_RATE,
                        help="uploads per minute the server allows the (one) loopback client")
    parser.add_argument("--uploads-per-minute", type=float, default=0.0,
                        help="upload plans at this steady rate across the clients' addresses, "
                             "instead of in the clients' mix")
    parser.add_argument("--json", action="store_true", help="print the report as JSON only")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            build_store(store)
        proc, url = start_server(store, upload_rate=args.upload_rate)
        try:
            warm_up(url)
            uploads = 0 if args.uploads_per_minute > 0 else args.uploads
            mix = tuple((k, uploads if k == "upload" else w) for k, w in MIX)
            result = soak(url, args.clients, args.seconds, proc.pid, mix, args.uploads_per_minute)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    report = result.report()
    problems = result.problems()
    report["problems"] = problems
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        for key, value in report.items():
            print(f"{key:>14}: {value}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
