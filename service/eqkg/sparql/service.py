"""The one query path: every question a page, the API or the CLI asks the store.

`ServedStore` is the `TripleStore` the web app (and `eqkg query`) hand to the
library. Each read it is asked for (a SELECT for a saved query or the home
page, the statements of a linked-data page, a whole explanation) becomes one
job for the same runner as /sparql, so every one of them is

- guarded: query text goes through eqkg.sparql.guard (no SERVICE, no update);
- time-limited: on the embedded store it runs in a query worker process that
  is killed past the limit (503, the other workers keep serving); on a remote
  store every request shares one deadline (client timeout);
- row-capped: a SELECT without a page size gets the endpoint's row cap, and
  pages push LIMIT/OFFSET into the query; statement look-ups are capped too;
- byte-capped: the value sent back is refused past the endpoint's byte cap;
- cached: answers are kept (as the bytes the worker sent) until the store is
  switched by `eqkg load` (embedded) or for CACHE_SECONDS (remote).
"""

from __future__ import annotations

import dataclasses
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterator, Mapping
from itertools import islice
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from ..errors import EqkgError, InputError, StoreError
from ..results import Table
from ..store import Job, Outcome, Quad, TripleStore
from . import guard
from .executor import Busy, Evaluator, QueryTimeout

CACHE_SECONDS = 10.0  # how long an answer from a remote store is reused
CACHE_ENTRIES = 4096
READS = frozenset({"select", "query", "ask", "construct", "quads", "closure", "graphs",
                   "graph_triples"})


def store_method(store: TripleStore, name: str, *args: Any, **kwargs: Any) -> Any:
    """Run in the worker: one read of the store, its answer made picklable and capped."""
    if name not in READS:
        raise InputError(f"not a read of the store: {name}")
    limit = kwargs.pop("cap", None)
    if name == "closure" and limit is not None:
        kwargs["limit"] = limit + 1  # one more than the cap tells a resource is too big
    value = getattr(store, name)(*args, **kwargs)
    if name == "quads":
        value = list(islice(value, limit)) if limit is not None else list(value)
    elif name == "closure" and limit is not None and len(value) > limit:
        # A page of a resource is shown whole or not at all: never silently cut short.
        raise TooManyStatements(
            f"<{args[0]}> has more than {limit} statements, over this service's row cap "
            f"(EQKG_MAX_ROWS): its page is not shown; ask the SPARQL endpoint for its "
            f"statements a page at a time")
    return value


class TooManyStatements(StoreError):
    """A resource too big to describe within the row cap (503, like the time limit)."""

    http_status = 503


class ValueCache:
    """Pickled answers by request, least recently used first out, bounded in bytes."""

    def __init__(self, max_bytes: int, seconds: float | None = None):
        self.max_bytes = max_bytes
        self.seconds = seconds
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or (self.seconds is not None
                                 and time.monotonic() - entry[0] > self.seconds):
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[1]

    def put(self, key: str, body: bytes) -> None:
        size = len(body) + len(key)
        if not self.max_bytes or size > self.max_bytes // 8:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1]) + len(key)
            self._entries[key] = (time.monotonic(), body)
            self._bytes += size
            while self._bytes > self.max_bytes or len(self._entries) > CACHE_ENTRIES:
                k, (_t, b) = self._entries.popitem(last=False)
                self._bytes -= len(b) + len(k)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


class RemoteRunner:
    """Runs jobs against a remote store in the calling thread, at most `size` at once,
    each within one deadline (the server does the work; there is no process to kill)."""

    def __init__(self, store: Any, size: int = 8, queue_seconds: float = 5.0):
        self.store = store
        self.size = max(1, size)
        self.queue_seconds = queue_seconds
        self._slots = threading.BoundedSemaphore(self.size)
        self._evaluator = Evaluator(store)

    def execute(self, job: Job, timeout: float, client: str = "") -> Outcome:
        if not self._slots.acquire(timeout=self.queue_seconds):
            raise Busy(f"all {self.size} connections to the SPARQL server stayed busy for "
                       f"{self.queue_seconds:g} s; try again shortly",
                       max(1, round(self.queue_seconds)))
        try:
            with self.store.deadline(timeout):
                if job.kind == "call":
                    return self._evaluator.run(job)
                return self.store.answer(job, timeout)
        finally:
            self._slots.release()

    def close(self) -> None:
        self.store.close()


class InlineRunner:
    """Runs jobs in a thread of this process and stops waiting at the time limit: for
    one-shot commands (`eqkg query`), which exit on a QueryTimeout, so a runaway query
    ends with the process instead of needing a worker of its own."""

    def __init__(self, store: TripleStore):
        self._evaluator = Evaluator(store)

    def execute(self, job: Job, timeout: float, client: str = "") -> Outcome:
        box: list[Outcome | BaseException] = []

        def work() -> None:
            try:
                box.append(self._evaluator.run(job))
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
                box.append(exc)

        thread = threading.Thread(target=work, name="eqkg-query", daemon=True)
        thread.start()
        thread.join(timeout)
        if not box:
            raise QueryTimeout(f"the query was stopped after {timeout:g} s, the time limit; "
                               "narrow it down (LIMIT, more specific patterns) and try again")
        if isinstance(box[0], BaseException):
            raise box[0]
        return box[0]

    def close(self) -> None:
        """Nothing to stop."""


def command_store(store: TripleStore, *, timeout: float, max_rows: int, max_bytes: int,
                  allow: guard.AllowList | None = None) -> ServedStore:
    """The store a one-shot command reads through: the same limits as the web pages."""
    runner: Any
    if store.capabilities.kind == "remote":
        runner = RemoteRunner(store, 1, queue_seconds=timeout)
    else:
        runner = InlineRunner(store)
    return ServedStore(store, runner, timeout=timeout, max_rows=max_rows, max_bytes=max_bytes,
                       allow=allow)


class ServedStore:
    """A read-only `TripleStore` whose reads all go through the query runner (see module)."""

    def __init__(self, store: TripleStore, runner: Any, *, timeout: float, max_rows: int,
                 max_bytes: int, allow: guard.AllowList | None = None,
                 cache: ValueCache | None = None, client: Callable[[], str] | None = None):
        self.inner = store
        self.runner = runner
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self.allow = allow or guard.AllowList()
        self.cache = cache
        self.client = client or (lambda: "")
        self.location = store.location
        self.path = getattr(store, "path", None)
        self.capabilities = dataclasses.replace(store.capabilities, writable=False, local=False)

    # -- running ---------------------------------------------------------------------

    def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """function(store, *args, **kwargs) for a module-level function of eqkg, run where
        queries run (a worker, or against the server), within every limit."""
        call = f"{function.__module__}:{function.__qualname__}"
        job = Job(query="", kind="call", fmt="", max_rows=self.max_rows, call=call,
                  args=args, kwargs=tuple(sorted(kwargs.items())), max_bytes=self.max_bytes)
        key = repr((call, args, job.kwargs))
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                return pickle.loads(hit)
        outcome = self.runner.execute(job, self.timeout, client=self.client())
        if outcome.error is not None:
            raise _error(outcome)
        if self.cache is not None:
            self.cache.put(key, outcome.body)
        return pickle.loads(outcome.body)

    def _read(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return self.run(store_method, name, *args, **kwargs)

    def _guard(self, sparql: str, graphs: Collection[str] = ()) -> None:
        info = guard.analyse_cached(sparql, self.timeout)
        if info.has_dataset and not graphs:
            graphs = self.graphs()
        guard.check(info, self.allow, graphs)

    # -- reads -----------------------------------------------------------------------

    def select(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
               inferred: bool = True, default_graph: list[str] | None = None,
               named_graphs: list[str] | None = None, limit: int | None = None,
               offset: int = 0, timeout: float | None = None) -> Table:
        self._guard(sparql)
        if limit is None or limit > self.max_rows:
            limit = self.max_rows
        return self._read("select", sparql, bindings=dict(bindings or {}) or None,
                          inferred=inferred, default_graph=default_graph,
                          named_graphs=named_graphs, limit=limit, offset=offset)

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
              inferred: bool = True, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None, timeout: float | None = None,
              substitutions: Mapping[str, Node] | None = None, prefixes: bool = True,
              ) -> Table | bool | Graph:
        self._guard(sparql)
        info = guard.analyse_cached(sparql, self.timeout)
        if info.result_kind == "bindings":
            return self.select(sparql, bindings=bindings or substitutions, inferred=inferred,
                               default_graph=default_graph, named_graphs=named_graphs)
        return self._read("query", sparql, bindings=dict(bindings or substitutions or {}) or None,
                          inferred=inferred, default_graph=default_graph,
                          named_graphs=named_graphs)

    def ask(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
            inferred: bool = True, timeout: float | None = None) -> bool:
        self._guard(sparql)
        return self._read("ask", sparql, bindings=dict(bindings or {}) or None,
                          inferred=inferred)

    def construct(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
                  inferred: bool = True, timeout: float | None = None) -> Graph:
        self._guard(sparql)
        return self._read("construct", sparql, bindings=dict(bindings or {}) or None,
                          inferred=inferred)

    def graphs(self) -> dict[str, int]:
        return self._read("graphs")

    def asserted_graphs(self) -> list[str]:
        from ..store import is_inferred_graph

        return [g for g in self.graphs() if not is_inferred_graph(g)]

    def quads(self, subject: Node | None = None, predicate: Node | None = None,
              object: Node | None = None, graph: str | None = None,
              limit: int | None = None) -> Iterator[Quad]:
        cap = self.max_rows if limit is None else min(limit, self.max_rows)
        return iter(self._read("quads", subject, predicate, object, graph, cap=cap))

    def closure(self, subject: Node, depth: int, limit: int | None = None) -> list[Quad]:
        """The whole closure, or TooManyStatements past the row cap (a page is never shown
        cut short); a caller's own smaller `limit` cuts it short on purpose."""
        if limit is not None and limit <= self.max_rows:
            return self._read("closure", subject, depth, limit=limit)
        return self._read("closure", subject, depth, cap=self.max_rows)

    def graph_triples(self, graph_iri: str) -> Graph:
        return self._read("graph_triples", graph_iri)

    def dump(self, graph_iri: str | None = None) -> Iterator[bytes]:
        """Dumps stream from the store itself, in chunks: no answer is built whole."""
        return self.inner.dump(graph_iri)

    def answer(self, job: Job) -> Outcome:
        return self.runner.execute(job, self.timeout, client=self.client())

    def __len__(self) -> int:
        return sum(self.graphs().values())

    # -- no writes -------------------------------------------------------------------

    def _refuse(self, *_args: Any, **_kwargs: Any) -> Any:
        raise StoreError("the served store is read-only")

    replace_graph = remove_graph = add = _refuse

    def flush(self) -> None:
        """Nothing to write."""

    def close(self) -> None:
        """The runner belongs to whoever started it."""


def _error(outcome: Outcome) -> EqkgError:
    """The worker's error as an exception of the same kind (status, and InputError or not)."""
    kind: type[EqkgError] = EqkgError
    if outcome.body:
        try:
            found = pickle.loads(outcome.body)
            if isinstance(found, type) and issubclass(found, EqkgError):
                kind = found
        except Exception:  # noqa: BLE001 - fall back to the plain error
            pass
    for klass in kind.__mro__:
        try:
            error = klass(outcome.error)  # type: ignore[call-arg]
            break
        except TypeError:
            continue
    error.http_status = outcome.status  # type: ignore[possibly-undefined]
    return error  # type: ignore[return-value]


__all__ = ["CACHE_SECONDS", "InlineRunner", "RemoteRunner", "ServedStore", "ValueCache",
           "command_store", "store_method"]
