"""Similarity: precision at 5 per method on tests/fixtures/similar_pairs.csv, and speed.

    .venv/bin/python benchmarks/similarity.py            # precision at 5, each method and variant
    .venv/bin/python benchmarks/similarity.py --speed    # 10,000 synthetic commitments, and one new document
    .venv/bin/python benchmarks/similarity.py --dump     # the item pool (id, kind, text), to label pairs

The pool is every objective and commitment of the seed graph (a store built from data/) and of
the truth files of tests/corpus/ (objectives, steps, recommendations and actions as written,
with their characteristics; themes tagged with the theme lexicon). Each query in the labelled
set has labelled candidates (similar / not similar); a method ranks the query's candidates and
precision at 5 is the share of its top five that are labelled similar (every query has at least
five of each, so 1.0 is reachable and chance is about 0.5).
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import yaml

from eqkg.ingest.tagging import theme_lexicon
from eqkg.loader import load_all
from eqkg.similarity import Index, Item, compute_links, read_items, update_links
from eqkg.similarity import links as links_module
from eqkg.store import Store

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "fixtures" / "similar_pairs.csv"
CORPUS = ROOT / "tests" / "corpus"
PC = "https://w3id.org/eqkg/vocab/characteristic/"


def seed_items() -> list[Item]:
    """The seed graph's items (a store built in a temporary folder from data/)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        load_all(store)
        items = read_items(store)
        del store
        gc.collect()
    return items


def corpus_items(corpus: Path = CORPUS) -> list[Item]:
    """Items from the truth files: corpus:{id}/o{n}, .../o{n}/s{m}, .../r{n}, .../a{n}."""
    themes_en, themes_cy = theme_lexicon("en"), theme_lexicon("cy")
    out: list[Item] = []

    def item(iri: str, kind: str, doc: str, body: str, text: str, chars, lang: str) -> Item:
        lexicon = themes_cy if lang == "cy" else themes_en
        themes = frozenset(str(m.concept) for m in lexicon.find(text))
        return Item(iri, kind, doc, text, frozenset({body}) if body else frozenset(),
                    frozenset(PC + c for c in chars or ()), themes)

    for path in sorted(corpus.glob("*.truth.yaml")):
        truth = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc, body = f"corpus:{truth['id']}", truth.get("organisation") or truth.get("body", "")
        lang = truth.get("language", "en")
        for n, obj in enumerate(truth.get("objectives") or [], start=1):
            text = " ".join(x for x in (obj.get("title"), obj.get("statement")) if x)
            out.append(item(f"{doc}/o{n}", "EqualityObjective", doc, body, text,
                            obj.get("characteristics"), lang))
            for m, step in enumerate(obj.get("steps") or [], start=1):
                out.append(item(f"{doc}/o{n}/s{m}", "Step", doc, body, step["text"],
                                step.get("characteristics", obj.get("characteristics")), lang))
        for n, rec in enumerate(truth.get("recommendations") or [], start=1):
            out.append(item(f"{doc}/r{n}", "Recommendation", doc, body, rec["text"],
                            rec.get("characteristics"), lang))
        for n, act in enumerate(truth.get("actions") or [], start=1):
            out.append(item(f"{doc}/a{n}", "ActionItem", doc, body, act["text"],
                            act.get("characteristics"), lang))
    return out


def pool() -> list[Item]:
    items = {it.iri: it for it in seed_items() + corpus_items()}
    return [items[k] for k in sorted(items)]


def read_pairs(path: Path = PAIRS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def precision_at_5(index: Index, pairs: list[dict[str, str]]) -> tuple[float, int]:
    """Mean precision at 5 over the queries, ranking each query's labelled candidates."""
    by_query: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for row in pairs:
        by_query[row["left"]].append((row["right"], row["label"] == "similar"))
    scores = []
    for query, candidates in sorted(by_query.items()):
        i = index.position[query]
        cols = np.asarray([index.position[c] for c, _ in candidates])
        combined, _ = index.scores(np.asarray([i]), cols)
        order = sorted(range(len(candidates)), key=lambda k: (-combined[0, k], candidates[k][0]))
        top = order[:5]
        scores.append(sum(candidates[k][1] for k in top) / min(5, len(top)))
    return float(np.mean(scores)), len(by_query)


def recall_at_10(index: Index, pairs: list[dict[str, str]]) -> float:
    """Mean share of each query's labelled-similar items found in its top 10 of the whole pool
    (other documents only): harder than ranking the labelled candidates."""
    by_query: dict[str, set[str]] = defaultdict(set)
    for row in pairs:
        if row["label"] == "similar":
            by_query[row["left"]].add(row["right"])
    out = []
    for query, similar in sorted(by_query.items()):
        best = index.top([index.position[query]], k=10)[index.position[query]]
        found = {index.items[j].iri for j, _, _ in best}
        out.append(len(found & similar) / len(similar))
    return float(np.mean(out))


VARIANTS = {  # name: (method, text weight, characteristic weight, theme weight)
    "bm25 text only": ("bm25", 1.0, 0.0, 0.0),
    "embedding text only": ("embedding", 1.0, 0.0, 0.0),
    "bm25 + characteristics + themes (0.6/0.2/0.2)": ("bm25", 0.6, 0.2, 0.2),
    "embedding + characteristics + themes (0.6/0.2/0.2)": ("embedding", 0.6, 0.2, 0.2),
    "bm25 + characteristics + themes (0.5/0.2/0.3, default weights)": ("bm25", 0.5, 0.2, 0.3),
    "embedding + characteristics + themes (0.5/0.2/0.3, the default)": ("embedding", 0.5, 0.2, 0.3),
}


def run_precision() -> None:
    items = pool()
    pairs = read_pairs()
    print(f"{len(items)} items in the pool, {len(pairs)} labelled pairs")
    saved = (links_module.TEXT_WEIGHT, links_module.CHARACTERISTIC_WEIGHT,
             links_module.THEME_WEIGHT)
    indexes = {m: Index(items, m) for m in ("bm25", "embedding")}
    print("| method | precision at 5 | recall at 10 in the whole pool | queries |\n|---|---|---|---|")
    for name, (method, tw, cw, hw) in VARIANTS.items():
        links_module.TEXT_WEIGHT, links_module.CHARACTERISTIC_WEIGHT = tw, cw
        links_module.THEME_WEIGHT = hw
        p, n = precision_at_5(indexes[method], pairs)
        r = recall_at_10(indexes[method], pairs)
        print(f"| {name} | {p:.3f} | {r:.3f} | {n} |")
    (links_module.TEXT_WEIGHT, links_module.CHARACTERISTIC_WEIGHT,
     links_module.THEME_WEIGHT) = saved


WORDS = ["workforce", "representation", "recruitment", "ethnic", "minority", "disabled", "staff", "hate", "crime", "reporting", "pay", "gap", "accessible", "services", "interpreters", "young", "people", "engagement", "training", "data", "monitoring", "complaints", "victims", "domestic", "abuse", "women", "girls", "welsh", "language", "carers", "positive", "action", "progression", "networks", "leadership", "culture", "community", "cohesion", "housing", "health", "inequalities", "learning", "disability", "neurodiversity", "gypsy", "roma", "traveller", "stop", "search", "school", "pupils", "students", "attainment", "older", "people", "digital", "inclusion", "transport"]


def synthetic(n: int, documents: int, seed: int = 16) -> list[Item]:
    rng = random.Random(seed)
    chars = [PC + c for c in ("age", "disability", "race", "sex", "sexual-orientation",
                              "religion-or-belief", "gender-reassignment")]
    themes = [f"https://w3id.org/eqkg/vocab/theme/t{k}" for k in range(20)]
    out = []
    for i in range(n):
        doc = f"urn:doc:{i % documents}"
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18)))
        out.append(Item(f"urn:item:{i:06d}", "Step", doc, text,
                        frozenset({f"urn:body:{i % documents}"}),
                        frozenset(rng.sample(chars, rng.randint(0, 2))),
                        frozenset(rng.sample(themes, rng.randint(0, 2)))))
    return out


def run_speed(n: int = 10_000, documents: int = 200) -> None:
    items = synthetic(n, documents)
    for method in ("embedding", "bm25"):
        start = time.perf_counter()
        links, _ = compute_links(items, method)
        full = time.perf_counter() - start
        print(f"{method}: {n} commitments in {documents} documents, all links: {full:.1f} s "
              f"({len(links)} links)")
    # one new document of 50 commitments, incrementally (embedding: scores need no corpus stats)
    new = synthetic(50, 1, seed=99)
    new = [Item(f"urn:item:new{k:03d}", it.kind, "urn:doc:new", it.text,
                frozenset({"urn:body:new"}), it.characteristics, it.themes)
           for k, it in enumerate(new)]
    previous, _ = compute_links(items, "embedding")
    start = time.perf_counter()
    updated = update_links(items + new, previous, {"urn:doc:new"}, "embedding")
    inc = time.perf_counter() - start
    full, _ = compute_links(items + new, "embedding")
    same = {(lk.source, lk.target) for lk in updated} == {(lk.source, lk.target) for lk in full}
    print(f"embedding: one new document (50 commitments) into {n}: {inc:.2f} s incrementally; "
          f"links identical to a full recomputation: {same}")


def dump() -> None:
    for it in pool():
        print(it.iri, it.kind, it.text.replace("\n", " ")[:200], sep="\t")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--dump", action="store_true")
    parser.add_argument("-n", type=int, default=10_000)
    args = parser.parse_args(argv)
    if args.dump:
        dump()
    elif args.speed:
        run_speed(args.n)
    else:
        run_precision()
    return 0


if __name__ == "__main__":
    sys.exit(main())
