"""Time-limited query evaluation in worker processes.

The embedded store (Oxigraph) cannot cancel a running query from Python, so each query runs in
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

Fair queuing: a client (its address) runs at most `per_client` queries that
are not known to be cheap at once and has at most `client_queue` more waiting; waiting is short (a
deadline, then 503 with Retry-After). One worker is reserved for cheap
queries: a query whose text, or whose client, has lately run past
`cheap_seconds` only goes to the others, and a query on the reserved worker
that runs past `cheap_seconds` is stopped there and run again on another
worker with the full time limit. Waiting queries are served cheap first,
then the client with the fewest running queries first, then in order.

The memory limit is measured on the worker's resident memory (RSS) above
what it held when it became ready, sampled while a query runs: address
space that is reserved but never touched does not count.

When `eqkg load` switches the store to a new build, the pool notices the
new completion marker, starts workers on the new store, and retires the old
ones as they finish their queries (decision 0010).
"""

from __future__ import annotations

import atexit
import ctypes
import hashlib
import importlib
import itertools
import logging
import multiprocessing as mp
import os
import pickle
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from ..errors import EqkgError
from ..processes import stop
from ..store import EmbeddedStore, Job, Outcome, TripleStore, generation

log = logging.getLogger(__name__)


class QueryTimeout(EqkgError):
    http_status = 503


class Busy(EqkgError):
    """No worker within the queue's deadline, or the queue is full: try again shortly."""

    http_status = 503

    def __init__(self, message: str, retry_after: int = 1):
        super().__init__(message)
        self.retry_after = retry_after


class WorkerFailed(EqkgError):
    http_status = 500


class OutOfMemory(EqkgError):
    http_status = 503


class Evaluator:
    """Runs Jobs against one store (inside a worker, or in-process for tests): the
    backend writes an endpoint answer (`TripleStore.answer`); a "call" job runs one
    library function on the store and sends its value back pickled, within the byte cap."""

    def __init__(self, store: TripleStore):
        self.store = store

    def run(self, job: Job) -> Outcome:
        if job.kind == "call":
            return run_call(self.store, job)
        return self.store.answer(job)


def run_call(store: TripleStore, job: Job) -> Outcome:
    """fn(store, *args, **kwargs) for the job's "module:name" (eqkg's own functions only)."""
    module_name, _, name = (job.call or "").partition(":")
    if not module_name.startswith("eqkg.") or not name:
        return Outcome(status=500, error=f"not a library function: {job.call!r}")
    try:
        function = getattr(importlib.import_module(module_name), name)
        value = function(store, *job.args, **dict(job.kwargs))
    except EqkgError as exc:
        return Outcome(status=exc.http_status, error=str(exc), body=pickle.dumps(type(exc)))
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    if job.max_bytes and len(body) > job.max_bytes:
        return Outcome(status=503, error=(
            f"the answer is larger than {job.max_bytes / 1024 / 1024:.3g} MB, this service's "
            "limit; narrow the question down and try again"))
    return Outcome(body, pickled=True)


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


def open_for_queries(store_path: str, in_memory: bool = True) -> EmbeddedStore:
    """The served store (a complete one only): read-only on disk, or copied into this
    process's memory."""
    on_disk = EmbeddedStore.open_complete(store_path)
    return on_disk.in_memory_copy() if in_memory else on_disk


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes(pid: int | None = None) -> int:
    """A process's resident memory (RSS) in bytes: pages really in use, unlike its address
    space or data segment, which count memory reserved and never touched; 0 if unknown."""
    try:
        with open(f"/proc/{pid or 'self'}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _worker_main(conn: Connection, store_path: str, isolate: bool,
                 memory_mb: int | None = None, in_memory: bool = True) -> None:
    """A worker's life: open (or copy) the store, then answer Jobs until the pipe closes.

    The memory limit is enforced by the parent, which samples this worker's RSS
    while a query runs (`WorkerPool`); the worker reports its RSS once the store
    is loaded, the baseline the limit is counted from.
    """
    try:
        evaluator = Evaluator(open_for_queries(store_path, in_memory))
    except EqkgError as exc:
        conn.send(("error", str(exc)))
        return
    isolated = _leave_network() if isolate else False
    conn.send(("ready", (isolated, resident_bytes())))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            outcome = evaluator.run(job)
        except MemoryError:
            outcome = Outcome(status=503, retire=True, error=(
                "the answer needed more memory than this query worker has; narrow the query "
                "down and try again"))
        except Exception as exc:  # noqa: BLE001 - report, never die silently
            outcome = Outcome(status=500, error=f"{type(exc).__name__}: {exc}")
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Connection
    baseline: int = 0  # RSS once the store was loaded
    reserved: bool = False  # kept for cheap queries
    store: str = ""  # the build it serves (the realpath of the store)
    retired: bool = False  # the store was switched: kill it once its query is answered

    def kill(self) -> None:
        stop(self.process, self.conn)


@dataclass(eq=False)
class _Waiter:
    client: str
    cheap: bool
    seq: int
    event: threading.Event = field(default_factory=threading.Event)
    worker: _Worker | None = None


STARTUP_SECONDS = 600  # copying a large store into memory takes a while (1M quads: 15 s)
SAMPLE_SECONDS = 0.02  # how often a running worker's memory is read
WATCH_SECONDS = 1.0  # how often the store is checked for a switch by `eqkg load`
HEAVY_MEMORY = 4096  # query texts remembered as heavy
HEAVY_PENALTY = 300.0  # seconds a client whose query was heavy stays off the reserved worker


class WorkerPool:
    """A fixed number of query worker processes shared by the web server's threads."""

    def __init__(self, store_path: str, size: int = 2, *, isolate_network: bool = False,
                 memory_mb: int | None = None, in_memory: bool = True,
                 reserved: int | None = None, per_client: int | None = None,
                 client_queue: int = 3, queue_size: int = 16, queue_seconds: float = 5.0,
                 cheap_seconds: float = 1.0, watch: bool = False,
                 on_switch: Callable[[], None] | None = None):
        self.store_path = str(store_path)
        self.memory_mb = memory_mb
        self.in_memory = in_memory
        self.size = max(1, size)
        self.reserved = (1 if self.size >= 2 else 0) if reserved is None else \
            max(0, min(reserved, self.size - 1))
        general = self.size - self.reserved
        self.per_client = per_client or max(1, general // 2)
        self.client_queue = max(0, client_queue)
        self.queue_size = max(0, queue_size)
        self.queue_seconds = queue_seconds
        self.cheap_seconds = cheap_seconds
        self.isolate_network = isolate_network
        self.network_isolated: bool | None = None
        self.on_switch = on_switch
        self._ctx = mp.get_context("forkserver")
        self._ctx.set_forkserver_preload(["eqkg.sparql.executor"])
        self._lock = threading.Lock()
        self._closed = False
        self._workers: list[_Worker] = []
        self._free: list[_Worker] = []
        self._waiting: list[_Waiter] = []
        self._seq = itertools.count()
        self._running: Counter[str] = Counter()  # queries on a worker, per client
        self._inflight: Counter[str] = Counter()  # running or waiting, per client
        self._heavy_texts: OrderedDict[bytes, None] = OrderedDict()
        self._heavy_clients: dict[str, float] = {}
        self.generation = generation(self.store_path)
        self._serving = self.generation[0] if self.generation else self.store_path
        lanes = [i < self.reserved for i in range(self.size)]
        starting = [(self._start(self._serving), lane) for lane in lanes]  # side by side
        try:
            for (proc, conn), lane in starting:
                self._add(self._ready(proc, conn, lane, self._serving))
        except EqkgError:
            for (proc, conn), _lane in starting:
                _Worker(proc, conn).kill()
            raise
        atexit.register(self.close)
        if watch:
            threading.Thread(target=self._watch, name="eqkg-store-watch", daemon=True).start()

    # -- starting and replacing workers ----------------------------------------

    def _start(self, store: str) -> tuple[Any, Connection]:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker_main, name="eqkg-query-worker",
                                 args=(child, store, self.isolate_network,
                                       self.memory_mb, self.in_memory),
                                 daemon=True)
        proc.start()
        child.close()
        return proc, parent

    def _spawn(self, reserved: bool, store: str) -> _Worker:
        return self._ready(*self._start(store), reserved, store)

    def _ready(self, proc: Any, parent: Connection, reserved: bool, store: str) -> _Worker:
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
        isolated, baseline = detail
        self.network_isolated = bool(isolated)
        return _Worker(proc, parent, baseline=baseline or resident_bytes(proc.pid),
                       reserved=reserved, store=store)

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed or worker.store != self._serving:
                stale = True
            else:
                stale = False
                self._workers.append(worker)
                self._free.append(worker)
                self._dispatch()
        if stale:
            worker.kill()

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start its successor without holding up the request."""
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
            store = self._serving
        worker.kill()
        if worker.retired:
            return

        def respawn() -> None:
            try:
                self._add(self._spawn(worker.reserved, store))
            except EqkgError as exc:  # pragma: no cover - store gone while serving
                log.error("could not replace a query worker: %s", exc)

        threading.Thread(target=respawn, name="eqkg-respawn", daemon=True).start()

    # -- admission: who gets the next free worker --------------------------------

    def _dispatch(self) -> None:
        """Give free workers to waiting queries (with the lock held): the reserved worker
        only to cheap queries, and only when no other worker is free; a client's queries
        that are not cheap only while it runs fewer than `per_client`; cheap first, then
        the client running fewest, then in order."""
        for worker in sorted(self._free, key=lambda w: w.reserved):
            eligible = [w for w in self._waiting
                        if w.cheap or (not worker.reserved
                                       and self._running[w.client] < self.per_client)]
            if not eligible:
                continue
            chosen = min(eligible, key=lambda w: (not w.cheap, self._running[w.client], w.seq))
            self._waiting.remove(chosen)
            self._free.remove(worker)
            self._running[chosen.client] += 1
            chosen.worker = worker
            chosen.event.set()

    def _acquire(self, client: str, cheap: bool) -> _Worker:
        with self._lock:
            if len(self._waiting) >= self.queue_size and not self._free:
                raise Busy(f"all {self.size} query workers are busy and {len(self._waiting)} "
                           "queries are waiting; try again shortly", self._retry_after())
            waiter = _Waiter(client, cheap, next(self._seq))
            self._waiting.append(waiter)
            self._dispatch()
        if not waiter.event.wait(self.queue_seconds):
            with self._lock:
                if waiter.worker is None:
                    self._waiting.remove(waiter)
                    raise Busy(f"all {self.size} query workers stayed busy for "
                               f"{self.queue_seconds:g} s; try again shortly",
                               self._retry_after())
        assert waiter.worker is not None
        return waiter.worker

    def _release(self, worker: _Worker, client: str, keep: bool) -> None:
        with self._lock:
            self._running[client] -= 1
            if self._running[client] <= 0:
                del self._running[client]
            retired = worker.retired
            if keep and not retired:
                self._free.append(worker)
            self._dispatch()
        if keep and retired:
            with self._lock:
                if worker in self._workers:
                    self._workers.remove(worker)
            worker.kill()

    def _retry_after(self) -> int:
        return max(1, round(self.queue_seconds))

    @staticmethod
    def _text_key(query: str) -> bytes:
        return hashlib.blake2b(" ".join(query.split()).encode("utf-8"), digest_size=16).digest()

    def is_cheap(self, client: str, query: str) -> bool:
        """May this query use the reserved worker? Not if its text or its client has lately
        run past the cheap limit."""
        with self._lock:
            until = self._heavy_clients.get(client)
            if until is not None and until < time.monotonic():
                del self._heavy_clients[client]
                until = None
            return until is None and self._text_key(query) not in self._heavy_texts

    def _mark_heavy(self, client: str, query: str) -> None:
        with self._lock:
            self._heavy_clients[client] = time.monotonic() + HEAVY_PENALTY
            if len(self._heavy_clients) > 10 * HEAVY_MEMORY:
                now = time.monotonic()
                self._heavy_clients = {c: t for c, t in self._heavy_clients.items() if t > now}
            key = self._text_key(query)
            self._heavy_texts[key] = None
            self._heavy_texts.move_to_end(key)
            while len(self._heavy_texts) > HEAVY_MEMORY:
                self._heavy_texts.popitem(last=False)

    # -- running a query ------------------------------------------------------------

    def execute(self, job: Job, timeout: float, client: str = "") -> Outcome:
        """Evaluate a job within `timeout` seconds of evaluation, after a short fair wait
        for a worker (Busy past the queue's deadline or when it is full)."""
        with self._lock:
            if self._inflight[client] >= self.per_client + self.client_queue:
                raise Busy(f"this client already has {self._inflight[client]} queries running "
                           "or waiting; wait for their answers first", self._retry_after())
            self._inflight[client] += 1
        try:
            cheap = self.is_cheap(client, job.query)
            worker = self._acquire(client, cheap)
            if not worker.reserved:
                return self._run(worker, job, timeout, client)
            try:
                return self._run(worker, job, min(timeout, self.cheap_seconds), client,
                                 lane_limit=timeout > self.cheap_seconds)
            except _OverCheapLimit:
                # Not cheap after all: run it again where heavy queries run, in full.
                return self._run(self._acquire(client, False), job, timeout, client)
        finally:
            with self._lock:
                self._inflight[client] -= 1
                if self._inflight[client] <= 0:
                    del self._inflight[client]

    def _run(self, worker: _Worker, job: Job, timeout: float, client: str,
             lane_limit: bool = False) -> Outcome:
        """Send the job to the worker it was given; kill and replace the worker past the
        time or memory limit. The worker is released to the next waiting query."""
        started = time.monotonic()
        try:
            outcome = self._answer(worker, job, started + timeout, timeout, lane_limit)
        except BaseException:
            self._mark_heavy(client, job.query)
            self._replace(worker)
            self._release(worker, client, keep=False)
            raise
        elapsed = time.monotonic() - started
        log.debug("query answered in %.3f s", elapsed)
        if elapsed > self.cheap_seconds or outcome.retire:
            self._mark_heavy(client, job.query)
        if outcome.retire:
            self._replace(worker)
        self._release(worker, client, keep=not outcome.retire)
        return outcome

    def _answer(self, worker: _Worker, job: Job, deadline: float, timeout: float,
                lane_limit: bool) -> Outcome:
        limit = self.memory_mb * 1024 * 1024 if self.memory_mb else None
        try:
            worker.conn.send(job)
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    if lane_limit:
                        raise _OverCheapLimit()
                    raise QueryTimeout(
                        f"the query was stopped after {timeout:g} s, this endpoint's time "
                        "limit; narrow it down (LIMIT, more specific patterns) and try again")
                if worker.conn.poll(min(SAMPLE_SECONDS, left)):
                    return worker.conn.recv()
                if limit is not None and \
                        resident_bytes(worker.process.pid) - worker.baseline > limit:
                    raise OutOfMemory(
                        f"the query needed more than {self.memory_mb} MB, this endpoint's "
                        "memory limit, and was stopped; narrow it down and try again")
        except (EOFError, OSError) as exc:
            worker.process.join(timeout=2)
            raise WorkerFailed(f"the query worker stopped unexpectedly (exit code "
                               f"{worker.process.exitcode}); try again") from exc

    # -- switching to a new build of the store ------------------------------------------

    def _watch(self) -> None:
        while not self._closed:
            time.sleep(WATCH_SECONDS)
            try:
                self.check_switch()
            except Exception as exc:  # noqa: BLE001 - keep serving the old store
                log.error("could not switch to the new store: %s", exc)

    def check_switch(self) -> bool:
        """Move to a new build when `eqkg load` has switched the store (its completion
        marker changed): new workers are started on it first, then they replace the old
        ones, which finish the query they are answering. True when it switched."""
        found = generation(self.store_path)
        if found is None or found == self.generation:
            return False
        store = found[0]
        lanes = [i < self.reserved for i in range(self.size)]
        started = [(self._start(store), lane) for lane in lanes]
        fresh = []
        try:
            for (proc, conn), lane in started:
                fresh.append(self._ready(proc, conn, lane, store))
        except EqkgError:
            for (proc, conn), _lane in started:
                _Worker(proc, conn).kill()
            raise
        with self._lock:
            old, self._workers = self._workers, fresh
            idle = list(self._free)
            self._free = list(fresh)
            self._serving = store
            self.generation = found
            for worker in old:
                worker.retired = True
            self._dispatch()
        for worker in idle:
            worker.kill()
        log.info("switched to the store built in %s", store)
        if self.on_switch is not None:
            self.on_switch()
        return True

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, []
            self._free = []
        for worker in workers:
            worker.kill()


class _OverCheapLimit(Exception):
    """A query on the reserved worker ran past the cheap limit (internal)."""


def pool_size_default() -> int:
    """Two workers at least, so one runaway query never blocks everybody."""
    return max(2, os.cpu_count() or 1)
