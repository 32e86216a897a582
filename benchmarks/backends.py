"""Benchmark: the same queries on the three backends (embedded, Oxigraph server, Virtuoso)
through eqkg, and eqkg's overhead over a direct request to the same server.

For each --triples size (one run can take several, e.g. 100000 1000000):
1. Generate a synthetic graph (benchmarks/synthetic.py).
2. Bulk-load it into an embedded store, into an Oxigraph server's store (one named graph,
   as `eqkg load` would) served by `oxigraph serve`, and into Virtuoso (tests/servers.py
   starts it; its bulk loader `ld_dir`/`rdf_loader_run` loads the file) on loopback ports.
3. Run the five endpoint benchmark queries (benchmarks/endpoint.py) and five saved queries
   --runs times each (after warm-up): in-process on the embedded store
   (`EmbeddedStore.select`), and on each server through eqkg's remote backend
   (`RemoteStore.select`: prologue, dataset, LIMIT pushed in, HTTP, SPARQL JSON parsed
   into rdflib terms) and as a direct request replaying the very request eqkg sent (same
   URL, form, headers and HTTP session), and report medians, each server's ratio to the
   embedded store, and eqkg's overhead (remote - direct).

    .venv/bin/python benchmarks/backends.py --triples 100000 1000000 --runs 15
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoint import GRAPH, QUERIES, bindings, build_store, free_port, tool  # noqa: E402
from synthetic import write_ntriples  # noqa: E402

from eqkg import saved_queries  # noqa: E402
from eqkg.store import EmbeddedStore  # noqa: E402
from eqkg.store.remote import RemoteStore  # noqa: E402

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


def start_virtuoso_with(nt: Path, folder: Path) -> Any:
    """Virtuoso (tests/servers.py) with the synthetic file bulk-loaded into GRAPH."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import servers

    folder.mkdir(parents=True)
    data = folder / "data.nt"
    os.link(nt, data)  # a hard link: Virtuoso reads only inside DirsAllowed
    server = servers.start_virtuoso(folder, max_query_s=0, buffers=170_000)
    started = time.monotonic()
    port, password = server.admin
    servers.isql(port, password, f"ld_dir('{folder}', 'data.nt', '{GRAPH}');\n"
                 "rdf_loader_run();\ncheckpoint;", timeout=3600)
    print(f"  Virtuoso: bulk load {time.monotonic() - started:.0f} s", file=sys.stderr)
    return server


class Replay:
    """The last request a RemoteStore sent, to send again as it was (the direct request)."""

    def __init__(self, remote: RemoteStore):
        self.session = remote._session  # the same connection pool and authentication
        self.sent: tuple[str, dict[str, Any]] | None = None
        original = self.session.post

        def recording(url: str, **kwargs: Any) -> Any:
            self.sent = (url, {k: v for k, v in kwargs.items() if k != "stream"})
            return original(url, **kwargs)

        self.session.post = recording  # type: ignore[method-assign]
        self.original = original

    def request(self) -> Callable[[], object]:
        assert self.sent is not None
        url, kwargs = self.sent
        return lambda: self.original(url, **kwargs).content


def cases_for(store: Any, values: dict[str, str]) -> list[tuple[str, Callable[[], Any]]]:
    out: list[tuple[str, Callable[[], Any]]] = []
    for name, (_, text) in QUERIES.items():
        query = text.replace("{person}", values["person"]).replace("{plan}", values["plan"])
        out.append((name, lambda q=query: store.select(q, limit=MAX_ROWS)))
    for name in SAVED:
        saved = saved_queries.get(name)
        bound = saved_queries.bind(store, saved, {})
        out.append((f"saved:{name}", lambda s=saved, b=bound: saved_queries.execute(
            store, s, b, limit=MAX_ROWS)))
    return out


def measure(name: str, there: Callable[[], Any], replay: Replay, runs: int, warmup: int
            ) -> tuple[int | str, float, float]:
    """(rows, eqkg median ms, direct median ms) of one case on one server."""
    try:
        rows = len(there().rows)
    except Exception as exc:  # noqa: BLE001 - a server that cannot run a query is reported
        return f"failed: {str(exc)[:60]}", float("nan"), float("nan")
    direct = replay.request()
    r = statistics.median(timed(there, runs, warmup)) * 1000
    d = statistics.median(timed(direct, runs, warmup)) * 1000
    return rows, r, d


def run_size(triples: int, runs: int, warmup: int, skip_virtuoso: bool) -> list[float]:
    overheads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="eqkg-backends-") as tmp:
        folder = Path(tmp)
        nt = folder / "data.nt"
        write_ntriples(nt, triples)
        build_store(nt, folder / "embedded")
        build_store(nt, folder / "server")
        values = bindings(folder / "embedded")
        embedded = EmbeddedStore.open_read_only(folder / "embedded")
        proc, url = start_server(folder / "server")
        virtuoso = None
        try:
            remotes = {"oxigraph": RemoteStore(url)}
            if not skip_virtuoso:
                virtuoso = start_virtuoso_with(nt, folder / "virtuoso")
                user, password = virtuoso.auth
                remotes["virtuoso"] = RemoteStore(
                    virtuoso.query_url, server="virtuoso", user=user, password=password,
                    auth_scheme="digest", timeout=600)
            replays = {kind: Replay(r) for kind, r in remotes.items()}
            names = [n for n, _ in cases_for(embedded, values)]
            local = dict(cases_for(embedded, values))
            there = {kind: dict(cases_for(r, values)) for kind, r in remotes.items()}
            kinds = list(remotes)
            print(f"\n{triples} triples (synthetic, graph {GRAPH}), {runs} runs each, medians in ms")
            head = " | ".join(f"{k} (eqkg) | {k} direct | {k} / embedded | {k} overhead"
                              for k in kinds)
            print(f"| query | rows | embedded | {head} |")
            print("|---|---|---|" + "---|" * (4 * len(kinds)))
            for name in names:
                rows = len(local[name]().rows)
                e = statistics.median(timed(local[name], runs, warmup)) * 1000
                cells = []
                for kind in kinds:
                    found, r, d = measure(name, there[kind][name], replays[kind], runs, warmup)
                    if isinstance(found, str):
                        cells.append(f"{found} | | |")
                        continue
                    if found != rows:
                        cells.append(f"{r:.2f} ({found} rows) | {d:.2f} | {r / e:.1f} | "
                                     f"{r - d:+.2f}")
                    else:
                        cells.append(f"{r:.2f} | {d:.2f} | {r / e:.1f} | {r - d:+.2f}")
                    overheads.append(r - d)
                print(f"| {name} | {rows} | {e:.2f} | " + " | ".join(cells) + " |", flush=True)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            if virtuoso is not None:
                virtuoso.stop()
    return overheads


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[100_000])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--no-virtuoso", action="store_true",
                        help="leave Virtuoso out (when it is not installed)")
    args = parser.parse_args(argv)
    overheads = []
    for triples in args.triples:
        overheads += run_size(triples, args.runs, args.warmup, args.no_virtuoso)
    print(f"\nmedian eqkg overhead over a direct request, every server and size: "
          f"{statistics.median(overheads):.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
