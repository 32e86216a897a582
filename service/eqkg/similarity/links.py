"""Top-k similar items in other documents, with a transparent score.

score = 0.5 x text similarity + 0.2 x characteristic overlap + 0.3 x theme overlap, each part
in [0, 1], where an overlap is the share of the smaller set that the two items have in common
(an item with one theme shared with a broad objective counts fully); a link is kept when the
score is at least MIN_SCORE. The evidence
kept with a link is the text score and the shared characteristics and themes, so a reader can
see why two commitments were linked.

Items are only linked across documents, and not between two documents of exactly the same
bodies. Scores are rows of a matrix computed in blocks of BLOCK rows, so memory stays bounded
(BLOCK x n floats) whatever the number of items.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .items import Item
from .methods import Method, make

TEXT_WEIGHT, CHARACTERISTIC_WEIGHT, THEME_WEIGHT = 0.5, 0.2, 0.3
TOP_K = 5
MIN_SCORE = 0.25
BLOCK = 512
RECIPE = "eqkg-similarity/2"
DEFAULT_METHOD = "embedding"


def method_version(method: Method | str) -> str:
    """What is recorded as eq:methodVersion: the recipe, the method and its library."""
    method = make(method) if isinstance(method, str) else method
    return f"{RECIPE} {method.name} {method.version}"


@dataclass(frozen=True)
class Link:
    """`source` is similar to `target` (one of its TOP_K best in other documents)."""

    source: str
    target: str
    score: float
    text_score: float
    rank: int
    characteristics: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()


class Index:
    """The items with their text index and feature matrices, ready to score any rows."""

    def __init__(self, items: Sequence[Item], method: Method | str = DEFAULT_METHOD) -> None:
        self.items = list(items)
        self.method = make(method) if isinstance(method, str) else method
        self.position = {item.iri: i for i, item in enumerate(self.items)}
        self.method.fit([item.text for item in self.items])
        chars = sorted({c for item in self.items for c in item.characteristics})
        themes = sorted({t for item in self.items for t in item.themes})
        self.char_names, self.theme_names = chars, themes
        self.chars = _binary(self.items, chars, "characteristics")
        self.themes = _binary(self.items, themes, "themes")
        documents = {d: i for i, d in enumerate(sorted({it.document for it in self.items}))}
        self.doc = np.asarray([documents[it.document] for it in self.items], dtype=np.int64)
        bodies = {b: i for i, b in enumerate(sorted({it.organisations for it in self.items
                                                      if it.organisations}, key=sorted))}
        self.bodies = np.asarray([bodies.get(it.organisations, -1 - i)
                                  for i, it in enumerate(self.items)], dtype=np.int64)

    @property
    def version(self) -> str:
        return method_version(self.method)

    def scores(self, rows: np.ndarray, cols: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """(combined score, text score) of rows x cols; -1 where a pair may not be linked."""
        cols_ = np.arange(len(self.items)) if cols is None else cols
        text = self.method.pair_scores(rows, cols_)
        combined = TEXT_WEIGHT * text
        combined += CHARACTERISTIC_WEIGHT * _overlap(self.chars[rows], self.chars[cols_])
        combined += THEME_WEIGHT * _overlap(self.themes[rows], self.themes[cols_])
        barred = (self.doc[rows][:, None] == self.doc[cols_][None, :]) | (
            self.bodies[rows][:, None] == self.bodies[cols_][None, :])
        combined[barred] = -1.0
        return combined, text

    def link(self, i: int, j: int, score: float, text: float, rank: int) -> Link:
        a, b = self.items[i], self.items[j]
        return Link(a.iri, b.iri, round(float(score), 4), round(float(text), 4), rank,
                    tuple(sorted(a.characteristics & b.characteristics)),
                    tuple(sorted(a.themes & b.themes)))

    def top(self, rows: Iterable[int], k: int = TOP_K) -> dict[int, list[tuple[int, float, float]]]:
        """For each row: its best (column, score, text score), best first, ties by IRI."""
        rows = np.fromiter(rows, dtype=np.int64)
        out: dict[int, list[tuple[int, float, float]]] = {}
        for start in range(0, len(rows), BLOCK):
            block = rows[start:start + BLOCK]
            combined, text = self.scores(block)
            out.update(_best(block, np.arange(len(self.items)), combined, text, k))
        return out


def _binary(items: Sequence[Item], names: list[str], attr: str) -> np.ndarray:
    index = {n: i for i, n in enumerate(names)}
    out = np.zeros((len(items), max(len(names), 1)), dtype=np.float32)
    for r, item in enumerate(items):
        for name in getattr(item, attr):
            out[r, index[name]] = 1.0
    return out


def _overlap(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|A & B| / min(|A|, |B|), 0 when either set is empty."""
    inter = a @ b.T
    smaller = np.minimum(a.sum(axis=1)[:, None], b.sum(axis=1)[None, :])
    return np.where(smaller > 0, inter / np.maximum(smaller, 1e-9), 0.0).astype(np.float32)


def _best(rows: np.ndarray, cols: np.ndarray, combined: np.ndarray, text: np.ndarray,
          k: int) -> dict[int, list[tuple[int, float, float]]]:
    out: dict[int, list[tuple[int, float, float]]] = {}
    rounded = np.round(combined, 4)
    width = min(k + 8, rounded.shape[1])
    for r, row in enumerate(rows):
        values = rounded[r]
        if width < len(values):
            cand = np.argpartition(-values, width - 1)[:width]
        else:
            cand = np.arange(len(values))
        cand = cand[values[cand] >= MIN_SCORE]
        order = cand[np.lexsort((cols[cand], -values[cand]))][:k]
        out[int(row)] = [(int(cols[c]), float(combined[r, c]), float(text[r, c])) for c in order]
    return out


def compute_links(items: Sequence[Item], method: Method | str = DEFAULT_METHOD,
                  k: int = TOP_K) -> tuple[list[Link], Index]:
    """Every item's top-k links (the whole computation)."""
    index = Index(items, method)
    best = index.top(range(len(index.items)), k)
    links = [index.link(i, j, s, t, rank)
             for i in sorted(best) for rank, (j, s, t) in enumerate(best[i], start=1)]
    return links, index


def update_links(items: Sequence[Item], previous: Sequence[Link], changed_documents: set[str],
                 method: Method | str = DEFAULT_METHOD, k: int = TOP_K) -> list[Link]:
    """The links after the documents in `changed_documents` were added, changed or removed,
    computing only rows and columns that can differ.

    Exact for a method whose text score does not depend on the rest of the corpus (the
    embedding); BM25's IDF changes with every document, so for it call `compute_links`."""
    index = Index(items, method)
    changed = np.asarray([i for i, it in enumerate(index.items)
                          if it.document in changed_documents], dtype=np.int64)
    gone_or_changed = {lk.target for lk in previous
                       if lk.target not in index.position
                       or index.items[index.position[lk.target]].document in changed_documents}
    previous_by_source: dict[str, list[Link]] = {}
    for lk in previous:
        previous_by_source.setdefault(lk.source, []).append(lk)
    redo = set(changed.tolist())
    for source, links in previous_by_source.items():
        if source in index.position and any(lk.target in gone_or_changed for lk in links):
            redo.add(index.position[source])
    best = index.top(sorted(redo), k)
    # Every other item keeps its links unless a changed document's item now beats them.
    keep = [i for i in range(len(index.items)) if i not in redo]
    if len(changed) and keep:
        keep_arr = np.asarray(keep, dtype=np.int64)
        olds = {i: [(index.position[lk.target], lk.score, lk.text_score)
                    for lk in previous_by_source.get(index.items[i].iri, [])] for i in keep}
        # the score a new item must reach to enter a row's links (MIN_SCORE while it has < k)
        bar = np.asarray([MIN_SCORE if len(olds[i]) < k else
                          max(MIN_SCORE, min(round(s, 4) for _, s, _ in olds[i]))
                          for i in keep], dtype=np.float32)
        for start in range(0, len(keep_arr), BLOCK * 4):
            block = keep_arr[start:start + BLOCK * 4]
            combined, text = index.scores(block, changed)
            touched = np.nonzero((np.round(combined, 4) >= bar[start:start + len(block), None])
                                 .any(axis=1))[0]
            fresh = _best(block[touched], changed, combined[touched], text[touched], k)
            for i in block.tolist():
                if i not in fresh:
                    best[i] = olds[i]
                    continue
                merged = {j: (j, s, t) for j, s, t in olds[i] + fresh[i]}
                ranked = sorted(merged.values(), key=lambda x: (-round(x[1], 4), x[0]))
                best[i] = ranked[:k]
    else:
        for i in keep:
            best[i] = [(index.position[lk.target], lk.score, lk.text_score)
                       for lk in previous_by_source.get(index.items[i].iri, [])]
    return [index.link(i, j, s, t, rank)
            for i in sorted(best) for rank, (j, s, t) in enumerate(best[i], start=1)]
