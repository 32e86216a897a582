"""Time-limited query evaluation in worker processes.

pyoxigraph cannot cancel a running query from Python, so each query runs in
one of a small pool of worker processes, each holding the store open
read-only. A worker that runs past the time limit is killed (which frees its
memory and CPU at once) and replaced in the background; the client gets a
503 with a clear message, and the other workers keep serving. Workers are
forked from a forkserver, never from the multi-threaded web server.

When no remote IRI is allowed, each worker also leaves the network (a new
Linux network namespace, where the kernel permits it): a second wall behind
the guard, so even a query that slipped past it could not fetch anything.

By default each worker copies the store into its own memory when it starts:
the served store never changes, and Oxigraph's in-memory store answers scans
and joins several times faster than its on-disk RocksDB store (measured in
docs/benchmarks.md). The store on disk stays the store of record; `on_disk`
serves straight from it, for stores larger than the workers' memory.
"""

from __future__ import annotations

import atexit
import ctypes
import logging
import multiprocessing as mp
import os
import queue
import resource
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from ..errors import EqkgError
from ..namespaces import PREFIXES
from ..results import write_bindings
from ..store import Store, is_inferred_graph
from . import protocol

log = logging.getLogger(__name__)


class QueryTimeout(EqkgError):
    http_status = 503


class Busy(EqkgError):
    http_status = 503


class WorkerFailed(EqkgError):
    http_status = 500


class OutOfMemory(EqkgError):
    http_status = 503


@dataclass(frozen=True)
class Job:
    """One query to evaluate, with everything the worker needs to choose its dataset."""

    query: str
    kind: str  # "bindings", "boolean" or "graph"
    fmt: str  # a protocol Format key
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    dataset_in_query: bool = False  # the query has FROM / FROM NAMED
    inferred: bool = True
    base_iri: str | None = None  # resolves the query's relative IRIs (the endpoint's URL)


@dataclass(frozen=True)
class Outcome:
    """A serialised answer, or an error (status and message) the web layer passes on."""

    body: bytes = b""
    capped: bool = False
    rows: int = 0
    status: int = 200
    error: str | None = None


class Evaluator:
    """Runs Jobs against one read-only store (inside a worker, or in-process for tests)."""

    def __init__(self, store: Store):
        self.store = store
        self._asserted: list[ox.NamedNode] | None = None

    def asserted(self) -> list[ox.NamedNode]:
        """The asserted graphs, listed once: the store is read-only while it is served."""
        if self._asserted is None:
            self._asserted = [g for g in self.store.raw.named_graphs()
                              if isinstance(g, ox.NamedNode) and not is_inferred_graph(g.value)]
        return self._asserted

    def dataset(self, job: Job) -> dict[str, Any]:
        """pyoxigraph dataset options; protocol graphs override FROM, which overrides defaults."""
        if job.default_graphs or job.named_graphs:
            return {"default_graph": [ox.NamedNode(g) for g in job.default_graphs],
                    "named_graphs": [ox.NamedNode(g) for g in job.named_graphs]}
        if job.dataset_in_query:
            return {}
        if job.inferred:
            return {"use_default_graph_as_union": True}
        asserted = self.asserted()
        return {"default_graph": asserted, "named_graphs": asserted}

    def run(self, job: Job) -> Outcome:
        try:
            answer = self.store.raw.query(job.query, prefixes=PREFIXES, base_iri=job.base_iri,
                                          **self.dataset(job))
            return self._serialize(answer, job)
        except SyntaxError as exc:
            return Outcome(status=400, error=f"malformed SPARQL query: {exc}")
        except OSError as exc:
            return Outcome(status=502, error=f"the query could not be evaluated: {exc}")
        except (ValueError, TypeError, RuntimeError) as exc:
            return Outcome(status=400, error=f"the query could not be evaluated: {exc}")

    def _serialize(self, answer: Any, job: Job) -> Outcome:
        if isinstance(answer, ox.QueryBoolean):
            return Outcome(protocol.serialize_boolean(answer, job.fmt), rows=1)
        rows: list[Any] = []
        capped = False
        for item in answer:
            if len(rows) >= job.max_rows:
                capped = True
                break
            rows.append(item)
        if isinstance(answer, ox.QueryTriples):
            body = protocol.serialize_graph(rows, job.fmt, PREFIXES)
        else:
            variables = [v.value for v in answer.variables]
            # A solution iterates over its values in the order of `variables` (fast, unlike
            # lookups by name).
            body = write_bindings(variables, (tuple(s) for s in rows), job.fmt, capped)
        return Outcome(body, capped=capped, rows=len(rows))


# -- worker processes --------------------------------------------------------------


def _leave_network() -> bool:
    """Move this process into an empty network namespace (Linux); False where not permitted."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        clone_newnet, clone_newuser = 0x40000000, 0x10000000
        return (libc.unshare(clone_newnet) == 0
                or libc.unshare(clone_newuser | clone_newnet) == 0)
    except (OSError, AttributeError):
        return False


def open_for_queries(store_path: str, in_memory: bool = True) -> Store:
    """The served store: read-only on disk, or copied into this process's memory."""
    on_disk = Store.open_read_only(store_path)
    if not in_memory:
        return on_disk
    copy = Store()
    copy.raw.bulk_extend(on_disk.raw.quads_for_pattern(None, None, None, None))
    return copy


def _data_size() -> int:
    """This process's data segment in bytes (what RLIMIT_DATA limits), 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _worker_main(conn: Connection, store_path: str, isolate: bool,
                 memory_mb: int | None = None, in_memory: bool = True) -> None:
    """A worker's life: open (or copy) the store, then answer Jobs until the pipe closes.

    With `memory_mb`, what a query may allocate on top of the loaded store is
    capped (RLIMIT_DATA): a query that needs more makes the engine abort, the
    parent sees the worker die and answers 503, and a fresh worker takes its place.
    """
    try:
        evaluator = Evaluator(open_for_queries(store_path, in_memory))
    except EqkgError as exc:
        conn.send(("error", str(exc)))
        return
    if memory_mb:
        limit = _data_size() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    isolated = _leave_network() if isolate else False
    conn.send(("ready", isolated))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            outcome = evaluator.run(job)
        except Exception as exc:  # noqa: BLE001 - report, never die silently
            outcome = Outcome(status=500, error=f"{type(exc).__name__}: {exc}")
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Worker:
    process: Any
    conn: Connection

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(timeout=5)
        except (OSError, ValueError, AssertionError):
            pass
        self.conn.close()


STARTUP_SECONDS = 600  # copying a large store into memory takes a while (1M quads: 15 s)


class WorkerPool:
    """A fixed number of query worker processes shared by the web server's threads."""

    def __init__(self, store_path: str, size: int = 2, *, isolate_network: bool = False,
                 memory_mb: int | None = None, in_memory: bool = True):
        self.store_path = str(store_path)
        self.memory_mb = memory_mb
        self.in_memory = in_memory
        self.size = max(1, size)
        self.isolate_network = isolate_network
        self.network_isolated: bool | None = None
        self._ctx = mp.get_context("forkserver")
        self._ctx.set_forkserver_preload(["eqkg.sparql.executor"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []
        starting = [self._start() for _ in range(self.size)]  # they load side by side
        try:
            for proc, conn in starting:
                self._add(self._ready(proc, conn))
        except EqkgError:
            for proc, conn in starting:
                _Worker(proc, conn).kill()
            raise
        atexit.register(self.close)

    def _start(self) -> tuple[Any, Connection]:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker_main, name="eqkg-query-worker",
                                 args=(child, self.store_path, self.isolate_network,
                                       self.memory_mb, self.in_memory),
                                 daemon=True)
        proc.start()
        child.close()
        return proc, parent

    def _spawn(self) -> _Worker:
        return self._ready(*self._start())

    def _ready(self, proc: Any, parent: Connection) -> _Worker:
        """Wait for a started worker to report that it holds the store."""
        try:
            if not parent.poll(STARTUP_SECONDS):
                proc.kill()
                raise WorkerFailed(f"a query worker did not start within {STARTUP_SECONDS} s")
            status, detail = parent.recv()
        except (EOFError, OSError) as exc:
            proc.join(timeout=5)
            raise WorkerFailed(f"a query worker exited while starting (exit code "
                               f"{proc.exitcode}); see the server's log") from exc
        if status != "ready":
            proc.join(timeout=5)
            raise EqkgError(detail)
        self.network_isolated = bool(detail)
        return _Worker(proc, parent)

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._workers.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start its successor without holding up the request."""
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
        worker.kill()

        def respawn() -> None:
            try:
                self._add(self._spawn())
            except EqkgError as exc:  # pragma: no cover - store gone while serving
                log.error("could not replace a query worker: %s", exc)

        threading.Thread(target=respawn, name="eqkg-respawn", daemon=True).start()

    def execute(self, job: Job, timeout: float) -> Outcome:
        """Evaluate a job within `timeout` seconds of evaluation (after waiting for a worker)."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise Busy(f"all {self.size} query workers are busy; try again shortly") from None
        started = time.monotonic()
        try:
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                self._replace(worker)
                raise QueryTimeout(
                    f"the query was stopped after {timeout:g} s, this endpoint's time limit; "
                    "narrow it down (LIMIT, more specific patterns) and try again")
            outcome: Outcome = worker.conn.recv()
        except (EOFError, OSError) as exc:
            worker.process.join(timeout=2)
            aborted = worker.process.exitcode == -signal.SIGABRT
            self._replace(worker)
            if aborted and self.memory_mb:
                raise OutOfMemory(
                    f"the query needed more than {self.memory_mb} MB, this endpoint's memory "
                    "limit, and was stopped; narrow it down and try again") from exc
            raise WorkerFailed(f"the query worker failed ({exc}); try again") from exc
        log.debug("query answered in %.3f s", time.monotonic() - started)
        self._idle.put(worker)
        return outcome

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.kill()


def pool_size_default() -> int:
    """Two workers at least, so one runaway query never blocks everybody."""
    return max(2, os.cpu_count() or 1)
