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


class Child:
    """fn running in a forked child process; `result()` waits for its (picklable) value."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        ctx = mp.get_context("fork")
        self.queue = ctx.Queue()
        self.process = ctx.Process(target=lambda: self.queue.put(fn()))
        self.started = time.perf_counter()
        self.process.start()

    def result(self, cutoff: float) -> Any:
        """The value, or None past `cutoff` seconds from the start or if the child died."""
        try:
            value = self.queue.get(timeout=max(0.0, cutoff - (time.perf_counter() - self.started)))
        except Exception:  # noqa: BLE001 - queue.Empty: the cutoff
            self.process.kill()
            self.process.join()
            return None
        self.process.join()
        return value


def in_child(fn: Callable[[], Any], cutoff: float) -> Any:
    """Run fn in a forked child; its (picklable) result, or None past the cutoff or if it died."""
    return Child(fn).result(cutoff)


def owlrl_whole(store: Store, full: bool) -> Child:
    """Plain owlrl over the union of the asserted graphs, started in a child process whose
    result is (seconds, new triples as a set if `full` else (new, after noise filter) counts)."""
    def child() -> tuple[float, Any]:
        graph = asserted_union(store)
        before = set(graph)
        seconds, _ = timed(lambda: owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph))
        new = {t for t in graph if t not in before}  # owlrl output has literal subjects
        if full:
            return seconds, new
        return seconds, (len(new), sum(1 for t in new if not is_noise(*t)))

    return Child(child)


# reasonable 0.4.4 joins the premises of prp-fp (functional property) and cax-dw
# (disjoint classes) on the property or class alone, so its memory grows with the
# square of the number of uses: on the synthetic graphs (3 functional date
# properties, 6 disjointness axioms) 100k triples take 1.6 GB, 200k 6.2 GB and
# 400k exceed 23 GB; without these 9 axioms 0.36 GB, 0.69 GB and 1.3 GB.
# --reasonable-without-clash-axioms leaves them out of reasonable's input only.
# Both rules only ever detect clashes (owl:sameAs between two dates of one
# resource, or owl:Nothing); the data have none (eqkg check passes).
def is_clash_axiom(t: Triple) -> bool:
    """An axiom whose rule reasonable evaluates in quadratic memory (see above)."""
    return (t[1] == RDF.type and t[2] == OWL.FunctionalProperty) or t[1] == OWL.disjointWith


def reasonable_whole(store: Store, full: bool,
                     without_clash_axioms: bool = False) -> tuple[float, Any] | None:
    """reasonable over the same union, in a child process (same result shape as owlrl_whole)."""
    import reasonable

    def child() -> tuple[float, Any]:
        graph = asserted_union(store)
        if without_clash_axioms:
            for t in [t for t in graph if is_clash_axiom(t)]:
                graph.remove(t)
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
EXPLAIN_SAMPLE = 3000  # at most this many triples are sent to the (slow) explainer


def property_chains() -> dict[Any, tuple[Any, Any]]:
    """property -> (first, second) for every two-step owl:propertyChainAxiom of the ontology."""
    onto = Graph().parse(dict(asset_files())[str(ONTOLOGY_GRAPH)])
    chains = {}
    for prop, head in onto.subject_objects(OWL.propertyChainAxiom):
        steps = list(onto.items(head))
        if len(steps) == 2:
            chains[prop] = (steps[0], steps[1])
    return chains


def rule_categoriser(store: Store | None, closure: set[Triple] | None = None
                     ) -> Callable[[Triple], str]:
    """A difference's category: the noise rule that drops it, the schema rule for
    T-box triples, a property chain whose two premises are both in `closure`
    (checked for every triple, so no sample is needed), or, for anything else,
    the rule eqkg's explainer finds (for at most EXPLAIN_SAMPLE triples: it is slow)."""
    from eqkg.errors import NotFound
    from eqkg.reasoning import explain

    chains = property_chains()
    links: dict[tuple[Any, Any], set[Any]] = {}
    wanted = {p for pair in chains.values() for p in pair}
    for s, p, o in closure or ():
        if p in wanted:
            links.setdefault((s, p), set()).add(o)
    explained = 0

    def categorise(t: Triple) -> str:
        nonlocal explained
        reason = noise_reason(t)
        if reason:
            return "noise: " + reason
        if t[1] in SCHEMA_RULES:
            return SCHEMA_RULES[t[1]]
        chain = chains.get(t[1])
        if chain and any(t[2] in links.get((middle, chain[1]), ())
                         for middle in links.get((t[0], chain[0]), ())):
            return (f"prp-spo2 (property chain {short(chain[0])} o {short(chain[1])}, "
                    f"both premises found) -> {short(t[1])}")
        if store is not None and explained < EXPLAIN_SAMPLE:
            explained += 1
            try:
                found = explain(store, *t)
            except NotFound:
                found = None
            if found is not None and found.rule:
                return f"{found.rule} ({found.rule_label}) -> {category(t)}"
        return "not explained: " + category(t)

    return categorise


def compare(name_a: str, a: set[Triple], name_b: str, b: set[Triple],
            categorise: Callable[[Triple], str] = category) -> list[str]:
    """Markdown lines: counts and every difference, in both directions, by category."""
    lines = [f"- {name_a}: {len(a)} inferred triples; {name_b}: {len(b)}; "
             f"common: {len(a & b)}"]
    for label, diff in ((f"only {name_a}", a - b), (f"only {name_b}", b - a)):
        examples: dict[str, Triple] = {}
        counts: Counter[str] = Counter()
        for t in sorted(diff, key=str):
            cat = categorise(t)
            counts[cat] += 1
            examples.setdefault(cat, t)
        lines.append(f"- {label}: {len(diff)}")
        for cat, n in counts.most_common():
            example = " ".join(short(x) for x in examples[cat])
            lines.append(f"  - {cat}: {n}, e.g. `{example}`")
    return lines


# -------------------------------------------------------------------- runs

def run(label: str, documents: dict[str, str] | None, cutoff: float,
        compare_limit: int = COMPARE_LIMIT, parallel: bool = False,
        reasonable_without_clash_axioms: bool = False, skip_per_document: bool = False
        ) -> None:
    """Print the section for one input as it goes (a killed run keeps what it printed).

    parallel: run the per-document and the whole-graph owlrl closures at the same
    time, one core each (wall time of the pair halves; each still times itself)."""
    def emit(line: str = "") -> None:
        print(line, flush=True)

    emit(f"### {label}")
    emit()
    build_seconds, store = timed(lambda: build_store(documents))
    size = len(store)
    full = size <= compare_limit
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

    whole_child = owlrl_whole(store, full) if parallel else None
    result = None if skip_per_document else in_child(layered_child, cutoff)
    layered = None
    if skip_per_document:
        emit("- eqkg per-document materialisation: skipped (--skip-per-document)")
    elif result is None:
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

    whole = (whole_child or owlrl_whole(store, full)).result(cutoff)
    if whole is None:
        emit(f"- owlrl whole graph: did not finish within the {cutoff:.0f} s cutoff")
    else:
        seconds, new = whole
        counts = (len(new), sum(1 for t in new if not is_noise(*t))) if full else new
        emit(f"- owlrl whole graph: {seconds:.1f} s, {counts[0]} new triples, "
             f"{counts[1]} after the noise filter")
    r_result = reasonable_whole(store, full, reasonable_without_clash_axioms)
    if reasonable_without_clash_axioms:
        left_out = sum(1 for t in asserted_union(store) if is_clash_axiom(t))
        emit(f"- reasonable's input leaves out {left_out} clash axioms "
             "(owl:FunctionalProperty, owl:disjointWith; see is_clash_axiom)")
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
    closure = asserted | (whole[1] if whole is not None else layered or set())
    categorise = rule_categoriser(store if layered is not None else None, closure)
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
    parser.add_argument("--compare-limit", type=int, default=COMPARE_LIMIT,
                        help="above this many asserted triples, report counts, not sets")
    parser.add_argument("--parallel", action="store_true",
                        help="run per-document and whole-graph owlrl at the same time")
    parser.add_argument("--reasonable-without-clash-axioms", action="store_true",
                        help="leave owl:FunctionalProperty and owl:disjointWith out of "
                             "reasonable's input (its memory is quadratic in their uses)")
    parser.add_argument("--skip-per-document", action="store_true",
                        help="only whole-graph owlrl and reasonable (and their comparison)")
    args = parser.parse_args(argv)
    options = dict(compare_limit=args.compare_limit, parallel=args.parallel,
                   reasonable_without_clash_axioms=args.reasonable_without_clash_axioms,
                   skip_per_document=args.skip_per_document)
    if args.what == "seed":
        run("Seed knowledge graph", None, args.cutoff, **options)
    else:
        run(f"Synthetic, {args.triples:,} triples target", synthetic_documents(args.triples),
            args.cutoff, **options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
