"""Benchmark: eqkg's /sparql against an Oxigraph server and rdflib-endpoint, same data, one run.

1. Generate a synthetic graph (benchmarks/synthetic.py) of --triples triples.
2. Bulk-load it into a pyoxigraph store, into one named graph, as `eqkg load` would.
3. Serve that store with `eqkg serve` (waitress + worker processes + guard; each worker
   answers from an in-memory copy of the store, and repeated queries come from the result
   cache: the defaults), with `--cache 0` (every request evaluated), with
   `--on-disk --cache 0` (workers read the RocksDB files), with `oxigraph serve-read-only --union-default-graph`
   (the same files, the Rust server), and the N-Triples file with `rdflib-endpoint serve`
   (rdflib in memory).
4. Send each of five representative queries --runs times (after warm-up runs) to each
   server in turn, over HTTP with keep-alive, asking for SPARQL JSON, and report the
   median and 95th percentile latency and the ratios.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/endpoint.py --triples 1000000 --runs 20 --rdflib-runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_ntriples  # noqa: E402

from eqkg.namespaces import sparql_prologue  # noqa: E402

GRAPH = "https://w3id.org/eqkg/graph/synthetic"
PROLOGUE = sparql_prologue()

QUERIES: dict[str, tuple[str, str]] = {
    "coverage": (
        "objectives per protected characteristic (aggregate over every plan)",
        "SELECT ?characteristic (COUNT(DISTINCT ?objective) AS ?objectives)\n"
        "WHERE { ?objective a eq:EqualityObjective ; eq:covers ?characteristic }\n"
        "GROUP BY ?characteristic ORDER BY DESC(?objectives)"),
    "person-actions": (
        "actions one person leads, with meeting dates (selective join)",
        "SELECT ?action ?text ?date\n"
        "WHERE { ?action eq:lead <{person}> ; eq:text ?text ; eq:arisingFrom ?meeting .\n"
        "        ?meeting schema:startDate ?date }\nORDER BY ?date"),
    "plan-gaps": (
        "characteristics no objective of one plan covers (MINUS, as the saved query "
        "characteristic-gaps writes it)",
        "SELECT ?characteristic\n"
        "WHERE { ?characteristic a eq:ProtectedCharacteristic .\n"
        "  MINUS { <{plan}> eq:hasObjective ?o . ?o eq:covers ?characteristic } }"),
    "overdue-by-body": (
        "open commitments due before 2023-04-01, per body (filter, group, order)",
        "SELECT ?org (COUNT(?c) AS ?open)\n"
        "WHERE { ?c a eq:Commitment ; eq:organisation ?org ; eq:dueDate ?due ;\n"
        "          eq:status ?status .\n"
        "  FILTER(?due < \"2023-04-01\"^^xsd:date && ?status != status:completed) }\n"
        "GROUP BY ?org ORDER BY DESC(?open) LIMIT 20"),
    "steps-listing": (
        "1,000 plan/objective/step rows (result transfer and serialisation)",
        "SELECT ?plan ?objective ?step ?text\n"
        "WHERE { ?plan eq:hasObjective ?objective . ?objective eq:hasStep ?step .\n"
        "        ?step eq:text ?text }\nLIMIT 1000"),
}
# Reported beside the five, not one of them: plan-gaps written with FILTER NOT EXISTS,
# the same answer, which Oxigraph (both servers) evaluates far more slowly than MINUS.
EXTRA_QUERIES: dict[str, tuple[str, str]] = {
    "plan-gaps (NOT EXISTS)": (
        "plan-gaps written with FILTER NOT EXISTS",
        "SELECT ?characteristic\n"
        "WHERE { ?characteristic a eq:ProtectedCharacteristic .\n"
        "  FILTER NOT EXISTS { <{plan}> eq:hasObjective ?o . ?o eq:covers ?characteristic } }"),
}


# eqkg as `make run` serves it, then with its two speed-ups taken away one at a time.
EQKG_VARIANTS: dict[str, list[str]] = {
    "eqkg": [],  # workers hold the store in memory; repeated queries come from the cache
    "eqkg, no cache": ["--cache", "0"],  # every request evaluated
    "eqkg --on-disk, no cache": ["--on-disk", "--cache", "0"],  # workers read RocksDB
}
COMPARED = ("eqkg", "eqkg, no cache")  # the variants the ratio columns are given for


@dataclass
class Result:
    system: str
    query: str
    seconds: list[float] = field(default_factory=list)
    rows: int | None = None
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tool(name: str) -> str:
    """A console script of this virtualenv (or on PATH)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install the bench extra (pip install -e '.[bench]')")
    return found


def build_store(nt: Path, location: Path) -> None:
    store = ox.Store(str(location))
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
    store.flush()
    store.optimize()
    del store


def bindings(location: Path) -> dict[str, str]:
    """The person and plan the selective queries ask about (read before serving)."""
    store = ox.Store.read_only(str(location))
    union = {"use_default_graph_as_union": True}
    person = next(iter(store.query(
        PROLOGUE + "SELECT ?p (COUNT(?a) AS ?n) WHERE { ?a a eq:ActionItem ; eq:lead ?p } "
        "GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 1", **union)))["p"].value
    plan = next(iter(store.query(
        PROLOGUE + "SELECT ?p WHERE { ?p a eq:StrategicEqualityPlan } ORDER BY ?p LIMIT 1",
        **union)))["p"].value
    del store
    return {"person": person, "plan": plan}


class Server:
    """A server process started for the benchmark and stopped after it."""

    def __init__(self, name: str, command: list[str], url: str, startup: float):
        self.name, self.command, self.url, self.startup = name, command, url, startup
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.startup
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                log.seek(0)
                sys.exit(f"{self.name} exited: {log.read().decode(errors='replace')[-2000:]}")
            try:
                r = requests.get(self.url, params={"query": "ASK {}"}, timeout=5,
                                 headers={"Accept": "application/sparql-results+json"})
                if r.status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.__exit__()
        sys.exit(f"{self.name} did not answer within {self.startup:g} s")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def measure(server: Server, name: str, query: str, runs: int, warmup: int,
            timeout: float) -> Result:
    result = Result(server.name, name)
    session = requests.Session()
    headers = {"Accept": "application/sparql-results+json"}
    for i in range(warmup + runs):
        started = time.perf_counter()
        try:
            r = session.post(server.url, data={"query": query}, headers=headers,
                             timeout=timeout)
            body = r.content
        except requests.RequestException as exc:
            result.error = f"{type(exc).__name__}"
            break
        elapsed = time.perf_counter() - started
        if r.status_code != 200:
            result.error = f"HTTP {r.status_code}: {body[:200]!r}"
            break
        if i >= warmup:
            result.seconds.append(elapsed)
        result.rows = len(json.loads(body)["results"]["bindings"])
    session.close()
    return result


def report(results: list[Result], args: argparse.Namespace, triples: int,
           setup: dict[str, float]) -> str:
    by = {(r.system, r.query): r for r in results}
    systems = list(dict.fromkeys(r.system for r in results))
    lines = [
        f"Data: {triples:,} triples (synthetic, seed {args.seed}); {args.runs} timed runs per "
        f"query after {args.warmup} warm-up(s) for eqkg and Oxigraph, "
        f"{args.rdflib_runs} after 1 for rdflib-endpoint. Setup: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in setup.items()) + ".",
        "",
        "| query | rows | " + " | ".join(f"{s} median / p95 (ms)" for s in systems)
        + "".join(f" | {v} / Oxigraph | rdflib / {v}" for v in COMPARED) + " |",
        "|---|---:|" + "---:|" * (len(systems) + 2 * len(COMPARED)),
    ]
    for name in (*QUERIES, *EXTRA_QUERIES):
        cells, rows = [], set()
        for system in systems:
            r = by.get((system, name))
            if r is None or r.error or not r.seconds:
                cells.append(f"failed ({r.error if r else 'not run'})")
                continue
            rows.add(r.rows)
            cells.append(f"{1000 * r.median:.1f} / {1000 * r.p95:.1f}")
        oxi, rdf = by.get(("oxigraph", name)), by.get(("rdflib-endpoint", name))

        def ratio(a: Result | None, b: Result | None) -> str:
            if not a or not b or not a.seconds or not b.seconds:
                return "n/a"
            return f"{a.median / b.median:.2f}x"

        ratios = [f"{ratio(by.get((v, name)), oxi)} | {ratio(rdf, by.get((v, name)))}"
                  for v in COMPARED]
        row_text = "/".join(str(n) for n in sorted(rows, key=str)) or "?"
        lines.append(f"| {name} | {row_text} | " + " | ".join(cells)
                     + " | " + " | ".join(ratios) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="eqkg /sparql vs Oxigraph vs rdflib-endpoint")
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--rdflib-runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600, help="per request, seconds")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--workdir", type=Path, help="keep data here (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="write raw timings here")
    args = parser.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="eqkg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    nt, location = work / "synthetic.nt", work / "store"
    setup: dict[str, float] = {}
    started = time.monotonic()
    triples = write_ntriples(nt, args.triples, args.seed)
    setup["generate"] = time.monotonic() - started
    if location.exists():
        shutil.rmtree(location)
    started = time.monotonic()
    build_store(nt, location)
    setup["bulk load"] = time.monotonic() - started
    values = bindings(location)
    queries = {name: PROLOGUE + text.replace("{person}", values["person"]).replace(
        "{plan}", values["plan"]) for name, (_, text) in (QUERIES | EXTRA_QUERIES).items()}

    servers = []
    for name, extra in EQKG_VARIANTS.items():
        port = free_port()
        servers.append((Server(name, [sys.executable, "-m", "eqkg.cli", "--store", str(location),
                                      "serve", "--port", str(port), "--timeout",
                                      str(args.timeout), "--max-rows", "1000000", *extra],
                               f"http://127.0.0.1:{port}/sparql", 600), args.runs, args.warmup))
    port = free_port()
    servers.append((Server("oxigraph", [tool("oxigraph"), "serve-read-only", "--location",
                                        str(location), "--bind", f"127.0.0.1:{port}",
                                        "--union-default-graph"],
                           f"http://127.0.0.1:{port}/query", 120), args.runs, args.warmup))
    if not args.skip_rdflib:
        port = free_port()
        servers.append((Server("rdflib-endpoint", [tool("rdflib-endpoint"), "serve", str(nt),
                                                   "--host", "127.0.0.1", "--port", str(port)],
                               f"http://127.0.0.1:{port}/", 3600),
                        args.rdflib_runs, 1))
    results: list[Result] = []
    for server, runs, warmup in servers:
        started = time.monotonic()
        with server:
            setup[f"{server.name} start"] = time.monotonic() - started
            for name, query in queries.items():
                result = measure(server, name, query, runs, warmup, args.timeout)
                results.append(result)
                print(f"{server.name:16} {name:16} rows={result.rows} "
                      + (f"median={1000 * result.median:.1f} ms p95={1000 * result.p95:.1f} ms"
                         if result.seconds else f"error={result.error}"),
                      file=sys.stderr, flush=True)
    table = report(results, args, triples, setup)
    print(table)
    if args.json:
        args.json.write_text(json.dumps({
            "triples": triples, "seed": args.seed, "setup": setup, "bindings": values,
            "results": [r.__dict__ for r in results]}, indent=1))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
