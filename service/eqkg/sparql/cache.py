"""Answers to repeated queries, kept in the web process.

The served store is opened read-only and never changes while `eqkg serve`
runs (a new build needs a restart), so an answer stays right for as long as
the server lives: there is nothing to invalidate. Policy officers' pages and
dashboards send the same queries again and again; from the cache they cost
neither a worker nor the time limit. Only complete, successful answers are
kept, least recently used first out, within a byte budget.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from .executor import Job, Outcome

CACHE_HEADER = "X-EQKG-Cache"  # "hit" or "miss" on every /sparql answer


class ResultCache:
    """A byte-bounded LRU map from Job to Outcome, safe to share between threads."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max(0, max_bytes)
        self._entries: OrderedDict[Job, Outcome] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, job: Job) -> Outcome | None:
        with self._lock:
            outcome = self._entries.get(job)
            if outcome is None:
                self.misses += 1
                return None
            self._entries.move_to_end(job)
            self.hits += 1
            return outcome

    def put(self, job: Job, outcome: Outcome) -> None:
        """Keep a successful answer; one larger than an eighth of the budget is not kept,
        so a single big export cannot flush everybody else's answers."""
        size = len(outcome.body) + len(job.query)
        if outcome.error is not None or outcome.status != 200 or size > self.max_bytes // 8:
            return
        with self._lock:
            if job in self._entries:
                return
            self._entries[job] = outcome
            self._bytes += size
            while self._bytes > self.max_bytes:
                old_job, old = self._entries.popitem(last=False)
                self._bytes -= len(old.body) + len(old_job.query)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_bytes(self) -> int:
        return self._bytes
