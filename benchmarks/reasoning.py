"""Benchmark: OWL 2 RL inference with owlrl (the reference) and with eqkg's hybrid reasoner
(reasonable plus SPARQL rules), on the seed graph and on synthetic graphs, in one run:
time and peak memory of each, and their closures compared triple for triple after the
noise filter (docs/reasoning.md).

    .venv/bin/python benchmarks/reasoning.py                      # seed, 100k and 1M
    .venv/bin/python benchmarks/reasoning.py --sizes seed         # the quick one
    .venv/bin/python benchmarks/reasoning.py --sizes 100000 --owlrl-limit 0

Each measurement runs in a fresh child process (this script with --child), so its peak
resident memory (ru_maxrss: the input store included) is its own:

- owlrl whole graph: plain owlrl (OWLRL_Semantics) over the union of the asserted graphs;
  skipped above --owlrl-limit asserted triples (default 200,000: at 1M it takes 23
  minutes, see docs/benchmarks.md, whose figure is quoted instead);
- hybrid whole graph: the hybrid closure of the same union at once;
- hybrid per document: eqkg's layered materialisation (schema, curated overlays, each
  document, cross-document groups) from empty, then one new 1,000-triple document
  added, replaced and removed with `update_document`.

Synthetic data come from benchmarks/synthetic.py (the endpoint benchmark's generator, one
public body per document), turned back into *asserted* data: that generator writes types
and part-of links as inference would leave them, so `a eq:Commitment`, `a eq:Document`,
`eq:partOf`, `eq:arisingFrom` and the steps' `eq:organisation` are dropped again, and a
third of the coverage is tagged with a narrower concept of the real vocabulary, so the
subclass, inverse, transitivity and both property chains have work to do.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import RDF, SKOS

from eqkg.loader import asset_files, load_all, parse_file
from eqkg.namespaces import EQ, GRAPH, ONTOLOGY_GRAPH
from eqkg.reasoning.engines import is_noise
from eqkg.store import Store, is_inferred_graph, to_ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402 - the shared generator beside this file

Triple = tuple[Any, Any, Any]
HERE = Path(__file__).resolve()
# owlrl whole graph on the synthetic 1M graph, measured before (docs/benchmarks.md).
OWLRL_1M = {"seconds": 1373.0, "filtered": 1_463_641, "asserted": 1_002_970}


# -------------------------------------------------------------------- inputs

def schema_graphs() -> dict[str, list[ox.Triple]]:
    """The ontology and vocabularies as named graphs."""
    return {g: parse_file(p) for g, p in asset_files()
            if g == str(ONTOLOGY_GRAPH) or g.startswith(str(GRAPH) + "vocab/")}


def narrower_concepts() -> dict[str, list[str]]:
    """characteristic IRI -> IRIs of its narrower concepts, from the real vocabulary."""
    out: dict[str, list[str]] = {}
    for triples in schema_graphs().values():
        for t in triples:
            if t.predicate.value == str(SKOS.broader):
                out.setdefault(t.object.value, []).append(t.subject.value)
    return {k: sorted(v) for k, v in out.items()}


_DROPPED_TYPES = {f"<{EQ.Commitment}>", f"<{EQ.Document}>"}
_DROPPED_PREDICATES = {f"<{EQ.partOf}>", f"<{EQ.arisingFrom}>"}


def asserted_body(triples: Iterable[tuple[str, str, str]], narrower: dict[str, list[str]],
                  rng: random.Random) -> list[tuple[str, str, str]]:
    """One synthetic body with what inference would add taken out (see the module docstring)."""
    out = []
    for s, p, o in triples:
        if p == f"<{RDF.type}>" and o in _DROPPED_TYPES:
            continue
        if p in _DROPPED_PREDICATES or (p == f"<{EQ.organisation}>" and "/step/" in s):
            continue
        if p == f"<{EQ.covers}>" and o[1:-1] in narrower and rng.random() < 1 / 3:
            o = f"<{rng.choice(narrower[o[1:-1]])}>"
        out.append((s, p, o))
    return out


def synthetic_documents(target: int, seed: int = 42, first: int = 1) -> dict[str, str]:
    """graph IRI -> N-Triples text, one graph per public body, about `target` triples in all."""
    rng = random.Random(seed)
    narrower = narrower_concepts()
    docs: dict[str, str] = {}
    count, n = 0, first - 1
    while count < target:
        n += 1
        body = asserted_body(synthetic.body(rng, n), narrower, rng)
        docs[str(GRAPH) + f"synthetic/body-{n}"] = "".join(f"{s} {p} {o} .\n" for s, p, o in body)
        count += len(body)
    return docs


def parse_nt(text: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]


def build_store(documents: dict[str, str] | None) -> Store:
    """An in-memory store: the seed assets (documents=None) or schema + synthetic documents."""
    store = Store()
    if documents is None:
        load_all(store, infer=False)
        return store
    for graph, triples in schema_graphs().items():
        store.replace_graph(graph, triples)
    for graph, text in documents.items():
        store.replace_graph(graph, parse_nt(text))
    return store


def input_store(what: str) -> Store:
    return build_store(None if what == "seed" else synthetic_documents(int(what)))


def asserted_triples(store: Store) -> set[Triple]:
    """The union of the asserted graphs as rdflib triples."""
    return {(q.subject, q.predicate, q.object)
            for graph in store.asserted_graphs() for q in store.quads(graph=graph)}


def write_lines(path: str, triples: Iterable[Triple]) -> int:
    """Triples as sorted N-Triples lines (the comparison's common form)."""
    lines = sorted({str(ox.Triple(to_ox(s), to_ox(p), to_ox(o))) for s, p, o in triples})
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -------------------------------------------------------------------- children

def child(mode: str, what: str, out: str) -> dict[str, Any]:
    """One measurement in this (fresh) process; the filtered inferred triples go to `out`."""
    from eqkg.reasoning.materialisation import INFERRED_META, materialise, update_document

    store = input_store(what)
    result: dict[str, Any] = {"mode": mode, "asserted": len(store)}
    if mode in ("owlrl-whole", "hybrid-whole"):
        asserted = asserted_triples(store)
        start, cpu = time.perf_counter(), time.process_time()
        if mode == "owlrl-whole":
            import owlrl
            from rdflib import Graph

            graph = Graph()
            for t in asserted:
                graph.add(t)
            owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
            closed: Iterable[Triple] = graph
        else:
            from eqkg.reasoning.engines import engine

            closed = engine("hybrid").closure(asserted)
        result["seconds"] = time.perf_counter() - start
        result["cpu_seconds"] = time.process_time() - cpu
        new = [t for t in closed if t not in asserted]
        result["raw"] = len(new)
        result["filtered"] = write_lines(out, (t for t in new if not is_noise(*t)))
    else:
        start, cpu = time.perf_counter(), time.process_time()
        report = materialise(store)
        result["seconds"] = time.perf_counter() - start
        result["cpu_seconds"] = time.process_time() - cpu
        result["graphs"] = len(report.computed)
        start = time.perf_counter()
        materialise(store)
        result["unchanged_seconds"] = time.perf_counter() - start
        asserted = asserted_triples(store)
        inferred: set[Triple] = set()
        for graph in store.graphs():
            if is_inferred_graph(graph) and graph != INFERRED_META:
                inferred |= set(store.graph_triples(graph))
        result["filtered"] = write_lines(out, inferred - asserted)
        del inferred, asserted
        # one new document of about 1,000 triples, added, replaced, removed
        doc_graph, triples = new_document()
        result["document_triples"] = len(triples)
        for step, value in (("add", triples), ("replace", triples[:-10]), ("remove", None)):
            start, cpu = time.perf_counter(), time.process_time()
            report = update_document(store, doc_graph, value)
            result[f"{step}_seconds"] = time.perf_counter() - start
            result[f"{step}_cpu"] = time.process_time() - cpu
            result[f"{step}_recomputed"] = sorted(short_graph(g) for g in report.computed)
    result["peak_mb"] = peak_mb()
    return result


def new_document(size: int = 1000) -> tuple[str, list[ox.Triple]]:
    """A new synthetic body of about `size` triples (the first seed whose body is within
    5 % of it), in a graph no input uses."""
    for seed in range(1, 500):
        graph, text = next(iter(synthetic_documents(1, seed=seed, first=900_000).items()))
        triples = parse_nt(text)
        if abs(len(triples) - size) <= size // 20:
            return graph, triples
    raise RuntimeError("no synthetic body of that size")


def short_graph(iri: str) -> str:
    return iri.replace(str(GRAPH), "graph:")


def run_child(mode: str, what: str, out: str, cutoff: float) -> dict[str, Any] | None:
    """This script as a child process; its result, or None if it failed or ran past `cutoff`."""
    try:
        done = subprocess.run([sys.executable, str(HERE), "--child", mode, what, out],
                              capture_output=True, text=True, timeout=cutoff)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(f"  ({mode} failed: {done.stderr.strip().splitlines()[-1:]})", flush=True)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


# -------------------------------------------------------------------- comparison

def read_lines(path: str) -> set[str]:
    return {line for line in Path(path).read_text(encoding="utf-8").splitlines() if line}


def differences(a: set[str], b: set[str]) -> tuple[int, int, list[str]]:
    """Counts only-in-a and only-in-b, and the predicates of the differences."""
    only_a, only_b = a - b, b - a
    predicates = Counter(line.split(" ", 2)[1] for line in only_a | only_b)
    return len(only_a), len(only_b), [f"{p}: {n}" for p, n in predicates.most_common(8)]


def first_load_seconds() -> tuple[float, float]:
    """`eqkg load` of the seed graph into a new store: (whole command, load step) seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "eqkg.cli", "--store", f"{tmp}/store", "load",
                        "-q"], check=True, capture_output=True)
        command = time.perf_counter() - start
        start = time.perf_counter()
        load_all(Store(), infer=True)
        return command, time.perf_counter() - start


def run(what: str, owlrl_limit: int, cutoff: float) -> None:
    """Print the section for one input as it goes (a killed run keeps what it printed)."""
    def emit(line: str = "") -> None:
        print(line, flush=True)

    label = "seed knowledge graph" if what == "seed" else f"synthetic, {int(what):,} triples"
    emit(f"### {label}")
    emit()
    with tempfile.TemporaryDirectory() as tmp:
        files = {m: f"{tmp}/{m}.nt" for m in ("owlrl-whole", "hybrid-whole", "hybrid-layered")}
        results: dict[str, dict[str, Any] | None] = {}
        size = None
        for mode in ("hybrid-whole", "hybrid-layered", "owlrl-whole"):
            if mode == "owlrl-whole" and size is not None and size > owlrl_limit:
                emit(f"- owlrl whole graph: not run above {owlrl_limit:,} asserted triples")
                results[mode] = None
                continue
            result = results[mode] = run_child(mode, what, files[mode], cutoff)
            if result is None:
                emit(f"- {mode}: did not finish within {cutoff:.0f} s or failed")
                continue
            size = result["asserted"]
            line = (f"- {mode}: {result['seconds']:.1f} s ({result['cpu_seconds']:.1f} s CPU), "
                    f"peak {result['peak_mb']:,.0f} MB, "
                    f"{result['filtered']:,} inferred triples after the noise filter")
            if "raw" in result:
                line += f" ({result['raw']:,} raw)"
            emit(line)
            if mode == "hybrid-layered":
                emit(f"  - {result['graphs']} inferred graphs; reload with nothing changed "
                     f"{result['unchanged_seconds']:.2f} s")
                for step in ("add", "replace", "remove"):
                    emit(f"  - {step} one {result['document_triples']:,}-triple document: "
                         f"{result[f'{step}_seconds']:.2f} s ({result[f'{step}_cpu']:.2f} s "
                         "CPU; recomputed: "
                         f"{', '.join(result[f'{step}_recomputed']) or 'nothing'})")
        emit(f"- input: {size:,} asserted triples" if size else "- input: unknown")
        sets = {m: read_lines(f) for m, f in files.items() if results.get(m)}
        reference = "owlrl-whole" if "owlrl-whole" in sets else None
        pairs = [("hybrid-whole", "hybrid-layered")]
        if reference:
            pairs = [(reference, "hybrid-whole"), (reference, "hybrid-layered"), *pairs]
        for a, b in pairs:
            if a in sets and b in sets:
                only_a, only_b, preds = differences(sets[a], sets[b])
                emit(f"- {a} vs {b}: {only_a} only in {a}, {only_b} only in {b}"
                     + (f" ({'; '.join(preds)})" if preds else ""))
        if not reference and what != "seed" and int(what) >= 1_000_000:
            hybrid = results.get("hybrid-whole") or {}
            emit(f"- owlrl whole graph at 1M, from docs/benchmarks.md (not re-run): "
                 f"{OWLRL_1M['seconds']:,.0f} s, {OWLRL_1M['filtered']:,} inferred triples "
                 f"after the filter on {OWLRL_1M['asserted']:,} asserted; hybrid here: "
                 f"{hybrid.get('filtered', 0):,} on {size or 0:,} asserted")
    if what == "seed":
        command, step = first_load_seconds()
        emit(f"- first `eqkg load` of the seed into a new store: {command:.1f} s for the "
             f"command (process start included), {step:.1f} s for load_all with inference")
    emit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="seed,100000,1000000",
                        help="comma-separated: seed and/or synthetic triple counts")
    parser.add_argument("--owlrl-limit", type=int, default=200_000,
                        help="skip owlrl above this many asserted triples")
    parser.add_argument("--cutoff", type=float, default=3600.0,
                        help="seconds after which a child process is stopped")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "INPUT", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, what, out = args.child
        print(json.dumps(child(mode, what, out)))
        return 0
    print(f"reasoning benchmark, {time.strftime('%Y-%m-%d %H:%M')}, load average "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    for what in args.sizes.split(","):
        run(what.strip(), args.owlrl_limit, args.cutoff)
    return 0


if __name__ == "__main__":
    sys.exit(main())
