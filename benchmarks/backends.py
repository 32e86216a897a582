"""Benchmark: the same queries on the embedded store and on Oxigraph server through eqkg, and
eqkg's overhead over a direct request to the same server.

1. Generate a synthetic graph (benchmarks/synthetic.py) of --triples triples.
2. Bulk-load it into an embedded store and into an Oxigraph server's store (one named
   graph, as `eqkg load` would), then start `oxigraph serve` on a loopback port.
3. Run the five endpoint benchmark queries (benchmarks/endpoint.py) and five saved queries
   --runs times each (after warm-up): in-process on the embedded store
   (`EmbeddedStore.select`), through eqkg's remote backend (`RemoteStore.select`:
   prologue, dataset, LIMIT pushed in, HTTP, SPARQL JSON parsed into rdflib terms), and
   as a direct HTTP request with the very text and parameters eqkg sends (the server's
   own cost plus HTTP), and report medians, and eqkg's overhead (remote - direct).

    .venv/bin/python benchmarks/backends.py --triples 100000 --runs 20
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoint import GRAPH, QUERIES, bindings, build_store, free_port, tool  # noqa: E402
from synthetic import write_ntriples  # noqa: E402

from eqkg import saved_queries  # noqa: E402
from eqkg.namespaces import sparql_prologue  # noqa: E402
from eqkg.store import EmbeddedStore  # noqa: E402
from eqkg.store.remote import RESULTS_JSON, RemoteStore  # noqa: E402
from eqkg.store.terms import bind_values, page  # noqa: E402

SAVED = ("coverage-matrix", "coverage-basis-summary", "indicators-by-theme",
         "organisations-and-people", "recommendations-by-status")
MAX_ROWS = 10_000


def timed(function: Callable[[], object], runs: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        function()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        out.append(time.perf_counter() - started)
    return out


def start_server(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([tool("oxigraph"), "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(url, params={"query": "ASK {}"}, timeout=1)
            return proc, url
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                proc.kill()
                sys.exit("oxigraph serve did not start")
            time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="eqkg-backends-") as tmp:
        folder = Path(tmp)
        nt = folder / "data.nt"
        write_ntriples(nt, args.triples)
        build_store(nt, folder / "embedded")
        build_store(nt, folder / "server")
        values = bindings(folder / "embedded")
        embedded = EmbeddedStore.open_read_only(folder / "embedded")
        proc, url = start_server(folder / "server")
        try:
            remote = RemoteStore(url)
            session = requests.Session()

            def direct(text: str) -> Callable[[], object]:
                data = [("query", sparql_prologue() + text), ("union-default-graph", "")]
                return lambda: session.post(url, data=data,
                                            headers={"Accept": RESULTS_JSON}).content

            cases: list[tuple[str, Callable[[], object], Callable[[], object], str]] = []
            for name, (_, text) in QUERIES.items():
                query = text.replace("{person}", values["person"]).replace(
                    "{plan}", values["plan"])
                sent = page(query, MAX_ROWS + 1, 0) or query
                cases.append((name, lambda q=query: embedded.select(q, limit=MAX_ROWS),
                              lambda q=query: remote.select(q, limit=MAX_ROWS), sent))
            for name in SAVED:
                saved = saved_queries.get(name)
                bound = saved_queries.bind(embedded, saved, {})
                sent = page(bind_values(saved.query, bound), MAX_ROWS + 1, 0) or saved.query
                cases.append((f"saved:{name}",
                              lambda s=saved, b=bound: saved_queries.execute(
                                  embedded, s, b, limit=MAX_ROWS),
                              lambda s=saved, b=bound: saved_queries.execute(
                                  remote, s, b, limit=MAX_ROWS), sent))
            print(f"{args.triples} triples (synthetic, graph {GRAPH}), {args.runs} runs each, "
                  "medians in ms")
            print("| query | rows | embedded | remote (eqkg) | direct request | eqkg overhead |")
            print("|---|---|---|---|---|---|")
            overheads = []
            for name, local, there, sent in cases:
                rows = len(there().rows)  # type: ignore[attr-defined]
                e = statistics.median(timed(local, args.runs, args.warmup)) * 1000
                r = statistics.median(timed(there, args.runs, args.warmup)) * 1000
                d = statistics.median(timed(direct(sent), args.runs, args.warmup)) * 1000
                overheads.append(r - d)
                print(f"| {name} | {rows} | {e:.2f} | {r:.2f} | {d:.2f} | {r - d:+.2f} |")
            print(f"median eqkg overhead over a direct request: "
                  f"{statistics.median(overheads):.2f} ms")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
