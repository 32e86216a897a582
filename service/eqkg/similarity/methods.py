"""Text similarity methods, each giving a score in [0, 1] for every pair of texts.

- `bm25`: Okapi BM25 from rank-bm25 (its IDF, k1 and b), computed as a term-document weight
  matrix so that all queries are scored with matrix products; a query's scores are divided by
  its score against itself, so 1 means "every word of the query, as weighted as in itself".
- `embedding`: the cosine of WordLlama sentence embeddings (the 256-dimension l2_supercat
  model whose weights ship inside the `wordllama` wheel; nothing is downloaded).

Both are deterministic and local. Decision 0016 records why these two and which is the default.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Protocol

import numpy as np

from ..errors import StoreError

_WORD = re.compile(r"[a-z0-9\u00c0-\u024f]+(?:'[a-z]+)?")
#: Common English and Welsh words that carry no meaning for comparison.
STOPWORDS = frozenset(["a", "about", "above", "across", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "being", "both", "but", "by", "can", "could", "do", "does", "each", "for", "from", "further", "had", "has", "have", "how", "if", "in", "into", "is", "it", "its", "itself", "more", "most", "must", "no", "not", "of", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "should", "so", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "within", "would", "you", "your", "us", "ensure", "ensuring", "continue", "continued", "work", "working", "develop", "developing", "support", "supporting", "improve", "improving", "increase", "increasing", "use", "using", "make", "making", "through", "across", "including", "include", "includes", "a", "ac", "am", "ar", "at", "y", "yr", "i", "o", "yn", "eu", "ei", "ein", "mae", "bod", "gan", "gyda", "hefyd", "neu", "fel", "sy", "sydd", "wedi"])


def tokens(text: str) -> list[str]:
    """Lower-cased words without stop words, with a crude plural fold (workers -> worker)."""
    out = []
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return out


class Method(Protocol):
    name: str
    version: str

    def fit(self, texts: list[str]) -> None:
        """Index the corpus texts."""

    def pair_scores(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Similarity of the indexed texts `rows` to the indexed texts `cols`, in [0, 1]."""


class Bm25:
    """Okapi BM25 (rank-bm25's formula and parameters) as matrix products."""

    name = "bm25"

    def __init__(self, k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.version = f"rank-bm25/{version('rank-bm25')} k1={k1} b={b}"

    def fit(self, texts: list[str]) -> None:
        from rank_bm25 import BM25Okapi

        docs = [tokens(t) or ["\u2205"] for t in texts]
        bm = BM25Okapi(docs, k1=self.k1, b=self.b)
        vocab = {w: i for i, w in enumerate(sorted(bm.idf))}
        n = len(docs)
        tf = np.zeros((n, len(vocab)), dtype=np.float32)
        for d, freqs in enumerate(bm.doc_freqs):
            for word, count in freqs.items():
                tf[d, vocab[word]] = count
        lengths = np.asarray(bm.doc_len, dtype=np.float32)[:, None]
        idf = np.asarray([bm.idf[w] for w in sorted(bm.idf)], dtype=np.float32)
        # rank-bm25's term weight: idf * tf (k1 + 1) / (tf + k1 (1 - b + b |d| / avgdl)).
        denom = tf + self.k1 * (1 - self.b + self.b * lengths / bm.avgdl)
        self._weights = (idf[None, :] * tf * (self.k1 + 1) / denom).T.copy()  # vocab x docs
        self._query = tf  # a text as a query: its term counts
        self._self = np.maximum((tf * self._weights.T).sum(axis=1), 1e-9)

    def pair_scores(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        raw = self._query[rows] @ self._weights[:, cols]
        return np.clip(raw / self._self[rows][:, None], 0.0, 1.0)


@lru_cache(maxsize=1)
def _wordllama() -> object:
    """WordLlama from the files in its wheel (its own `load` looks for the tokenizer
    in a folder the wheel does not have and would try to download it)."""
    try:
        import wordllama
        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference
    except ImportError as exc:  # pragma: no cover - a dependency of eqkg
        raise StoreError(f"the embedding method needs wordllama: {exc}") from exc
    root = Path(wordllama.__file__).parent
    weights = root / "weights" / "l2_supercat_256.safetensors"
    tokenizer = root / "tokenizers" / "l2_supercat_tokenizer_config.json"
    if not (weights.is_file() and tokenizer.is_file()):
        raise StoreError(f"wordllama's model files are missing from {root}")
    with safe_open(str(weights), framework="np", device="cpu") as fh:
        embedding = fh.get_tensor("embedding.weight")
    return WordLlamaInference(embedding, Tokenizer.from_file(str(tokenizer)))


class Embedding:
    """Cosine of WordLlama embeddings (negative cosines count as 0)."""

    name = "embedding"

    def __init__(self) -> None:
        self.version = f"wordllama/{version('wordllama')} l2_supercat_256"

    def fit(self, texts: list[str]) -> None:
        model = _wordllama()
        vectors = np.asarray(model.embed(texts, norm=True), dtype=np.float32) if texts else (
            np.zeros((0, 256), dtype=np.float32))
        self._vectors = vectors

    def pair_scores(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return np.clip(self._vectors[rows] @ self._vectors[cols].T, 0.0, 1.0)


METHODS = {"bm25": Bm25, "embedding": Embedding}


def make(name: str) -> Method:
    try:
        return METHODS[name]()
    except KeyError:
        from ..errors import InputError

        raise InputError(f"unknown similarity method {name!r}: use one of "
                         f"{', '.join(sorted(METHODS))}") from None
