"""Benchmark: OWL 2 RL closure of the seed graph and of synthetic graphs, per document
(eqkg's layered materialisation) versus whole graph (plain owlrl), and owlrl versus
`reasonable` on the same input: time, and the inferred triples with every difference
categorised.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/reasoning.py seed
    .venv/bin/python benchmarks/reasoning.py synthetic --triples 100000
    .venv/bin/python benchmarks/reasoning.py synthetic --triples 1000000 --cutoff 900

Synthetic data come from benchmarks/synthetic.py (the endpoint benchmark's
generator, one public body per document), turned back into *asserted* data:
that generator writes types and part-of links as inference would leave them,
so this script drops `a eq:Commitment`, `a eq:Document`, `eq:partOf`,
`eq:arisingFrom` and the steps' `eq:organisation` (all inferable), and tags a
third of the coverage with a narrower concept of the real vocabulary, so the
subclass, inverse, transitivity and both property chains have work to do.

Every owlrl run happens in a child process that is killed at --cutoff seconds
(default 900): on this 2-core machine owlrl on a million triples does not
finish in that time, and the report says so instead of waiting.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import owlrl
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from eqkg.loader import asset_files, load_all, parse_file
from eqkg.namespaces import EQ, GRAPH, ONTOLOGY_GRAPH
from eqkg.reasoning import materialise
from eqkg.reasoning.materialisation import INFERRED_META, is_noise
from eqkg.reasoning.terms import short
from eqkg.store import Store, is_inferred_graph

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402 - the shared generator beside this file

Triple = tuple[Any, Any, Any]


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


def synthetic_documents(target: int, seed: int = 42) -> dict[str, str]:
    """graph IRI -> N-Triples text, one graph per public body, about `target` triples in all."""
    rng = random.Random(seed)
    narrower = narrower_concepts()
    docs: dict[str, str] = {}
    count, n = 0, 0
    while count < target:
        n += 1
        body = asserted_body(synthetic.body(rng, n), narrower, rng)
        docs[str(GRAPH) + f"synthetic/body-{n}"] = "".join(f"{s} {p} {o} .\n" for s, p, o in body)
        count += len(body)
    return docs


def build_store(documents: dict[str, str] | None) -> Store:
    """An in-memory store: the seed assets (documents=None) or schema + synthetic documents."""
    store = Store()
    if documents is None:
        load_all(store, infer=False)
        return store
    for graph, triples in schema_graphs().items():
        store.replace_graph(graph, triples)
    for graph, text in documents.items():
        store.raw.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES,
                       to_graph=ox.NamedNode(graph))
    return store


def asserted_union(store: Store) -> Graph:
    out = Graph()
    for graph in store.asserted_graphs():
        out += store.graph_triples(graph)
    return out


def inferred_union(store: Store) -> set[Triple]:
    out: set[Triple] = set()
    for graph in store.graphs():
        if is_inferred_graph(graph) and graph != INFERRED_META:
            out |= set(store.graph_triples(graph))
    return out


# -------------------------------------------------------------------- engines

COMPARE_LIMIT = 300_000  # above this, children report counts only (memory)


def in_child(fn: Callable[[], Any], cutoff: float) -> Any:
    """Run fn in a forked child; its (picklable) result, or None past the cutoff or if it died."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=lambda: queue.put(fn()))
    child.start()
    try:
        result = queue.get(timeout=cutoff)
    except Exception:  # noqa: BLE001 - queue.Empty: the cutoff
        child.kill()
        child.join()
        return None
    child.join()
    return result


def owlrl_whole(store: Store, cutoff: float, full: bool) -> tuple[float, Any] | None:
    """Plain owlrl over the union of the asserted graphs, in a child process:
    (seconds, new triples as a set if `full` else (new, after noise filter) counts)."""
    def child() -> tuple[float, Any]:
        graph = asserted_union(store)
        before = set(graph)
        seconds, _ = timed(lambda: owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph))
        new = {t for t in graph if t not in before}  # owlrl output has literal subjects
        if full:
            return seconds, new
        return seconds, (len(new), sum(1 for t in new if not is_noise(*t)))

    return in_child(child, cutoff)


def reasonable_whole(store: Store, full: bool) -> tuple[float, Any] | None:
    """reasonable over the same union, in a child process (same result shape as owlrl_whole)."""
    import reasonable

    def child() -> tuple[float, Any]:
        graph = asserted_union(store)
        reasoner = reasonable.PyReasoner()
        start = time.perf_counter()
        reasoner.from_graph(graph)
        out = reasoner.reason()
        seconds = time.perf_counter() - start
        new = {t for t in out if t not in graph}
        if full:
            return seconds, new
        return seconds, (len(new), sum(1 for t in new if not is_noise(*t)))

    return in_child(child, 3600)


def _graph(triples: Iterable[Triple]) -> Graph:
    out = Graph()
    for t in triples:
        out.add(t)
    return out


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


# -------------------------------------------------------------------- comparison

def noise_reason(t: Triple) -> str | None:
    """Why the noise filter drops a triple (None when it keeps it)."""
    s, p, o = t
    if isinstance(s, Literal):
        return "literal as subject (datatype typing)"
    if any(isinstance(x, BNode) for x in t):
        return "blank node (list cells, restrictions, literal proxies)"
    if s == o and p in {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty,
                        RDFS.subClassOf, RDFS.subPropertyOf}:
        return f"reflexive {short(p)}"
    if str(s).startswith((str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")):
        return "axiomatic triple about a built-in RDF/RDFS/OWL/XSD term"
    if o in {OWL.Thing, RDFS.Resource}:
        return f"{short(p)} {short(o)} (true of everything)"
    return None


def category(t: Triple) -> str:
    """A difference's category: the noise rule, or the predicate (and class for rdf:type)."""
    reason = noise_reason(t)
    if reason:
        return "noise: " + reason
    s, p, o = t
    if p == RDF.type:
        return f"rdf:type {short(o)}"
    return short(p)


SCHEMA_RULES = {
    RDFS.subClassOf: "scm-sco (subclass transitivity)",
    RDFS.subPropertyOf: "scm-spo (sub-property transitivity)",
    RDFS.domain: "scm-dom1/scm-dom2 (domain widened by superclass / sub-property)",
    RDFS.range: "scm-rng1/scm-rng2 (range widened by superclass / sub-property)",
    OWL.equivalentClass: "scm-eqc", OWL.equivalentProperty: "scm-eqp",
}
EXPLAIN_SAMPLE = 3000


def rule_categoriser(store: Store | None) -> Callable[[Triple], str]:
    """A difference's category: the noise rule that drops it, the schema rule for
    T-box triples, or (for A-box triples) the rule eqkg's explainer finds for it."""
    from eqkg.errors import NotFound
    from eqkg.reasoning import explain

    def categorise(t: Triple) -> str:
        reason = noise_reason(t)
        if reason:
            return "noise: " + reason
        if t[1] in SCHEMA_RULES:
            return SCHEMA_RULES[t[1]]
        if store is not None:
            try:
                found = explain(store, *t)
            except NotFound:
                found = None
            if found is not None and found.rule:
                return f"{found.rule} ({found.rule_label}) -> {category(t)}"
        return category(t)

    return categorise


def compare(name_a: str, a: set[Triple], name_b: str, b: set[Triple],
            categorise: Callable[[Triple], str] = category) -> list[str]:
    """Markdown lines: counts and the categorised differences in both directions
    (categorised on a sample of EXPLAIN_SAMPLE when a difference is larger)."""
    lines = [f"- {name_a}: {len(a)} inferred triples; {name_b}: {len(b)}; "
             f"common: {len(a & b)}"]
    for label, diff in ((f"only {name_a}", a - b), (f"only {name_b}", b - a)):
        ordered = sorted(diff, key=str)
        sample = ordered if len(ordered) <= EXPLAIN_SAMPLE else random.Random(1).sample(
            ordered, EXPLAIN_SAMPLE)
        counts = Counter(categorise(t) for t in sample)
        scope = "" if sample is ordered else f" (categories of a sample of {len(sample)})"
        lines.append(f"- {label}: {len(diff)}{scope}")
        for cat, n in counts.most_common():
            example = next(t for t in sample if categorise(t) == cat)
            lines.append(f"  - {cat}: {n}, e.g. `{' '.join(short(x) for x in example)}`")
    return lines


# -------------------------------------------------------------------- runs

def run(label: str, documents: dict[str, str] | None, cutoff: float) -> None:
    """Print the section for one input as it goes (a killed run keeps what it printed)."""
    def emit(line: str = "") -> None:
        print(line, flush=True)

    emit(f"### {label}")
    emit()
    build_seconds, store = timed(lambda: build_store(documents))
    size = len(store)
    full = size <= COMPARE_LIMIT
    n_docs = sum(1 for g in store.asserted_graphs() if "/vocab/" not in g
                 and g != str(ONTOLOGY_GRAPH))
    emit(f"- input: {size} asserted triples in {len(store.asserted_graphs())} "
         f"graphs ({n_docs} documents/overlays), built in {build_seconds:.1f} s")

    settled = mp.get_context("fork").Value("i", 0)
    started = time.perf_counter()

    def count(_: str) -> None:
        settled.value += 1

    def layered_child() -> tuple[float, float, float, list[str], Any]:
        seconds, _ = timed(lambda: materialise(store, progress=count))
        again, _ = timed(lambda: materialise(store))
        docs = [g for g in store.asserted_graphs()
                if g != str(ONTOLOGY_GRAPH) and "/vocab/" not in g and "/curated/" not in g]
        single, rerun = timed(lambda: materialise(store, changed=[docs[len(docs) // 2]]))
        inferred = inferred_union(store)
        return seconds, again, single, sorted(rerun.computed), inferred if full else len(
            inferred)

    result = in_child(layered_child, cutoff)
    layered = None
    if result is None:
        emit(f"- eqkg per-document materialisation: did not finish within the {cutoff:.0f} s "
             f"cutoff ({settled.value} of {n_docs + 3} inferred graphs done in "
             f"{time.perf_counter() - started:.0f} s)")
    else:
        seconds, again, single, recomputed, layered = result
        emit(f"- eqkg per-document materialisation (schema, curated, each document, "
             f"cross-document pass): {seconds:.1f} s, "
             f"{len(layered) if full else layered} inferred triples")
        emit(f"- reload with nothing changed: {again:.2f} s (digests only)")
        emit(f"- one document changed: {single:.1f} s (recomputed: "
             f"{', '.join(short(URIRef(g)) for g in recomputed)})")
        if not full:
            layered = None

    whole = owlrl_whole(store, cutoff, full)
    if whole is None:
        emit(f"- owlrl whole graph: did not finish within the {cutoff:.0f} s cutoff")
    else:
        seconds, new = whole
        counts = (len(new), sum(1 for t in new if not is_noise(*t))) if full else new
        emit(f"- owlrl whole graph: {seconds:.1f} s, {counts[0]} new triples, "
             f"{counts[1]} after the noise filter")
    r_result = reasonable_whole(store, full)
    if r_result is None:
        emit("- reasonable whole graph: failed (the child process died)")
    else:
        seconds, new = r_result
        counts = (len(new), sum(1 for t in new if not is_noise(*t))) if full else new
        emit(f"- reasonable whole graph: {seconds:.1f} s, {counts[0]} new triples, "
             f"{counts[1]} after the noise filter")
    emit()
    if not full or r_result is None:
        return
    asserted = set(asserted_union(store))
    if layered is not None:
        from eqkg.namespaces import INFERRED_GRAPH_PREFIX

        store.replace_graph(INFERRED_GRAPH_PREFIX + "benchmark", _graph(layered))
    categorise = rule_categoriser(store if layered is not None else None)
    r_raw = r_result[1]
    r_useful = {t for t in r_raw if not is_noise(*t)}
    lines: list[str] = []
    if whole is not None:
        closed = whole[1]
        useful = {t for t in closed if not is_noise(*t)}
        if layered is not None:
            lines.append("Per-document (eqkg) versus whole graph (owlrl), both after the noise "
                         "filter and without asserted triples:")
            lines += compare("per-document", layered - asserted, "whole graph", useful,
                             categorise)
            lines.append("")
        lines.append("owlrl versus reasonable, raw output (all new triples):")
        lines += compare("owlrl", closed, "reasonable", r_raw, categorise)
        lines.append("")
        lines.append("owlrl versus reasonable after the noise filter:")
        lines += compare("owlrl", useful, "reasonable", r_useful, categorise)
    elif layered is not None:
        lines.append("eqkg per-document versus reasonable (whole graph), after the noise filter:")
        lines += compare("per-document", layered - asserted, "reasonable", r_useful,
                         categorise)
    for line in lines:
        emit(line)
    emit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["seed", "synthetic"])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--cutoff", type=float, default=900.0,
                        help="seconds after which an owlrl run is stopped")
    args = parser.parse_args(argv)
    if args.what == "seed":
        run("Seed knowledge graph", None, args.cutoff)
    else:
        run(f"Synthetic, {args.triples:,} triples target", synthetic_documents(args.triples),
            args.cutoff)
    return 0


if __name__ == "__main__":
    sys.exit(main())
