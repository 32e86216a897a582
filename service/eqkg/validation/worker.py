"""Plan validation in killable worker processes, with a time, a memory and a size limit.

Reading an upload and checking it are CPU- and memory-heavy and cannot be
interrupted from Python, so the web app and the CLI never do them in their
own process: a worker reads the plan, counts its objectives and steps (over
the cap: 413 before any checking), validates it and renders the report, and
sends back only text. A worker that runs past the time limit is killed, which
frees its CPU and memory at once; one that allocates past the memory limit
(RLIMIT_DATA above what it held when the job came, like the query workers:
real allocations, not address space) fails its job and is replaced. Either way
the client gets 503 with a message saying which limit and what to do, and the
other clients are served meanwhile (the web thread only waits on a pipe).

Workers stay warm between jobs (importing the readers and parsing the shapes
takes about 2 s); one whose memory grew with a large plan is replaced after
its job, so the memory goes back. The web app starts its workers from the
forkserver (never forking the threaded server); the CLI, single-threaded,
forks one worker per run.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing as mp
import os
import queue
import resource
import signal
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from .. import settings
from ..errors import EqkgError, InputError, TooLarge
from ..i18n import t
from ..processes import stop

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0
DEFAULT_MEMORY_MB = 2048
DEFAULT_MAX_ITEMS = 5000
DEFAULT_WORKERS = 2
RECYCLE_MB = 256  # a worker that grew by more than this during a job is replaced after it
# The web server's workers run at a lower CPU priority than the threads answering queries:
# checking a plan is batch work, a query is someone waiting. (A small plan costs about 30 ms
# of CPU, so 120 uploads a minute take 3 % of two cores; on a contended machine this keeps
# them from delaying the queries all the same.) The CLI's one worker keeps its priority.
WEB_WORKER_NICE = 10
FORM_SLOT = "<!--eqkg:correction-form-->"  # where the web page puts its correction form


class ValidationLimit(EqkgError):
    """The time or memory limit stopped a validation, or no worker was free."""

    http_status = 503


def _setting(name: str, default: float) -> float:
    """A validation limit from eqkg.settings (EQKG_VALIDATE_*), which must be above 0."""
    number = settings.get(name)
    if number is None:
        return default
    if number <= 0:
        raise EqkgError(f"{settings.BY_NAME[name].env} must be greater than 0, not {number:g}")
    return float(number)


@dataclass(frozen=True)
class Limits:
    """How long, how much memory and how many objectives and steps one validation may take."""

    seconds: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    max_items: int = DEFAULT_MAX_ITEMS

    @classmethod
    def from_env(cls) -> Limits:
        """EQKG_VALIDATE_TIMEOUT (s), EQKG_VALIDATE_MEMORY_MB, EQKG_VALIDATE_MAX_ITEMS."""
        return cls(_setting("validate_timeout", DEFAULT_TIMEOUT),
                   int(_setting("validate_memory_mb", DEFAULT_MEMORY_MB)),
                   int(_setting("validate_max_items", DEFAULT_MAX_ITEMS)))


@dataclass(frozen=True)
class Job:
    """One upload to validate, and what to send back."""

    data: bytes
    filename: str | None = None
    fmt: str | None = None
    content_type: str | None = None
    lang: str = "en"
    outputs: tuple[str, ...] = ("json",)  # OUTPUT_FORMATS; "html-fragment" for the web page
    correction: bool = False  # also send the correction form's contents (PlanEntry)
    kind: str | None = None  # override the report's input kind ("corrected")
    source: str | None = None  # override the report's source name
    limits: Limits = field(default_factory=Limits)
    compare: bool = False  # also send what "How your plan compares" reads (Outcome.plan_facts)


@dataclass
class Outcome:
    """The rendered report, or the error a person can act on (with its HTTP status)."""

    rendered: dict[str, str] = field(default_factory=dict)
    conforms: bool = True
    entry: Any = None  # corrections.PlanEntry when Job.correction
    error: str | None = None
    status: int = 200
    grown_mb: float = 0.0
    plan_facts: str | None = None  # N-Triples for validation.compare, when Job.compare


def count_items(graph: Any) -> int:
    """Objectives and steps in a plan graph (what the size cap counts)."""
    from rdflib.namespace import RDF

    from ..namespaces import EQ

    return len(set(graph.subjects(RDF.type, EQ.EqualityObjective)) | set(graph.subjects(RDF.type, EQ.Step)))


def perform(job: Job) -> Outcome:
    """Read, cap, validate and render (the worker's job; also callable in-process)."""
    from dataclasses import fields

    from . import CheckedReport, build_report, render, run
    from .corrections import from_report
    from .inputs import read_plan

    loaded = read_plan(job.data, job.filename, job.fmt, job.content_type)
    count = count_items(loaded.graph)
    if count > job.limits.max_items:
        raise TooLarge(t("validate_limits.too_many", job.lang, count=f"{count:,}",
                         limit=f"{job.limits.max_items:,}"))
    facts = None
    if job.compare:
        from .compare import essentials

        facts = essentials(loaded.graph)
        if not job.outputs:  # only the comparison is wanted (/compare)
            return Outcome(plan_facts=facts)
    report = build_report(run(loaded.graph), job.lang)
    values = {f.name: getattr(report, f.name) for f in fields(report)}
    checked = CheckedReport(**values, kind=loaded.kind, source=loaded.source, reading=loaded.reading)
    checked.kind = job.kind or checked.kind
    checked.source = job.source or checked.source
    entry = None
    if job.correction and checked.reading is not None:
        entry = from_report(checked)
        checked.form_html = FORM_SLOT
    rendered = {}
    for output in job.outputs:
        if output == "html-fragment":
            rendered[output] = render(checked, "html", standalone=False)
        else:
            rendered[output] = render(checked, output)
    return Outcome(rendered, checked.conforms, entry, plan_facts=facts)


def _memory(field_name: str) -> int:
    """A /proc/self/status figure in bytes (VmData, VmRSS), 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _worker_main(conn: Connection, nice: int = 0) -> None:
    """A worker's life: warm up (imports, shapes, ontology), then answer Jobs until the pipe closes."""
    from .engine import ontology_graph, split_shapes

    if nice:
        os.nice(nice)

    try:
        split_shapes()
        ontology_graph()
    except EqkgError as exc:
        conn.send(("error", str(exc)))
        return
    _warm_up()
    conn.send(("ready", None))
    while True:
        try:
            job: Job = conn.recv()
        except (EOFError, OSError):
            return
        before = _memory("VmRSS")
        limit = _memory("VmData") + job.limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, resource.RLIM_INFINITY))
        try:
            outcome = perform(job)
        except MemoryError:
            outcome = Outcome(error=t("validate_limits.memory", job.lang, megabytes=job.limits.memory_mb),
                              status=503, grown_mb=float("inf"))
        except EqkgError as exc:
            outcome = Outcome(error=" ".join(str(exc).split()), status=exc.http_status)
        except Exception as exc:  # noqa: BLE001 - a reader's bug must not kill the service
            outcome = Outcome(error=f"{type(exc).__name__}: {exc}", status=500)
        finally:
            resource.setrlimit(resource.RLIMIT_DATA, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        if outcome.grown_mb == 0.0:
            outcome.grown_mb = (_memory("VmRSS") - before) / 1024 / 1024
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return


STARTUP_SECONDS = 120

# A tiny plan checked once before a worker says it is ready, so that the first upload it
# takes does not pay for the readers', tagger's and renderers' first imports inside the
# upload's time limit (a cold niced worker could pass a 1 s limit on a 3-objective plan,
# be killed, and be replaced by another cold one).
WARM_UP_PLAN = (b"# Strategic Equality Plan\n\n## Objective 1: Fair access\n\n"
                b"We will improve access for disabled people and older people.\n\n"
                b"- Review our buildings (lead: Estates team; due: March 2025)\n")


def _warm_up() -> None:
    """Check WARM_UP_PLAN in every output; a failure here is left for real jobs to report."""
    job = Job(WARM_UP_PLAN, filename="warm-up.md", outputs=("json", "html-fragment"),
              correction=True, compare=True)
    with contextlib.suppress(Exception):
        perform(job)


@dataclass
class _Worker:
    process: Any
    conn: Connection

    def kill(self) -> None:
        stop(self.process, self.conn)


class ValidationPool:
    """Warm validation workers shared by the web server's threads (or the CLI's one run)."""

    def __init__(self, size: int = DEFAULT_WORKERS, method: str = "forkserver"):
        self.size = max(1, size)
        self._ctx = mp.get_context(method)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []
        self._closed = False
        self._background = method != "fork"  # never fork from a second thread
        for _ in range(self.size):
            if self._background:
                self._start_in_background()
            else:
                self._add(self._spawn())
        atexit.register(self.close)

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_worker_main, args=(child, WEB_WORKER_NICE if self._background else 0),
                                 name="eqkg-validate-worker", daemon=True)
        proc.start()
        child.close()
        try:
            if not parent.poll(STARTUP_SECONDS):
                raise EOFError("no answer")
            status, detail = parent.recv()
        except (EOFError, OSError) as exc:
            _Worker(proc, parent).kill()
            raise EqkgError(t("validate_limits.failed")) from exc
        if status != "ready":
            _Worker(proc, parent).kill()
            raise EqkgError(detail)
        return _Worker(proc, parent)

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._workers.append(worker)
        self._idle.put(worker)

    def _start_in_background(self) -> None:
        def start() -> None:
            try:
                self._add(self._spawn())
            except EqkgError as exc:  # the next request waits, then answers busy
                log.error("could not start a validation worker: %s", exc)

        threading.Thread(target=start, name="eqkg-validate-spawn", daemon=True).start()

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
        worker.kill()
        if self._background:
            self._start_in_background()

    def execute(self, job: Job) -> Outcome:
        """Run a job within job.limits.seconds (after waiting as long for a free worker)."""
        seconds = job.limits.seconds
        lang = job.lang
        try:
            worker = self._idle.get(timeout=max(seconds, STARTUP_SECONDS if not self._workers else 0))
        except queue.Empty:
            raise ValidationLimit(t("validate_limits.busy", lang, workers=self.size)) from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(seconds):
                self._replace(worker)
                raise ValidationLimit(t("validate_limits.timeout", lang, seconds=f"{seconds:g}"))
            outcome: Outcome = worker.conn.recv()
        except (EOFError, OSError) as exc:
            worker.process.join(timeout=2)
            code = worker.process.exitcode
            self._replace(worker)
            if code in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
                raise ValidationLimit(t("validate_limits.memory", lang,
                                        megabytes=job.limits.memory_mb)) from exc
            raise ValidationLimit(t("validate_limits.failed", lang)) from exc
        if outcome.grown_mb > RECYCLE_MB:
            self._replace(worker)
        else:
            self._idle.put(worker)
        return outcome

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.kill()


_POOL: ValidationPool | None = None
_POOL_LOCK = threading.Lock()


def shared_pool() -> ValidationPool:
    """The web app's pool (EQKG_VALIDATE_WORKERS workers, default 2), started on first use."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ValidationPool(int(_setting("validate_workers", DEFAULT_WORKERS)))
        return _POOL


def validate_once(job: Job) -> Outcome:
    """One validation in a forked worker (for the single-threaded CLI), then the worker ends."""
    pool = ValidationPool(1, method="fork")
    try:
        return pool.execute(job)
    finally:
        pool.close()


def outcome_or_raise(outcome: Outcome) -> Outcome:
    """The outcome, or its error raised as the EqkgError it was in the worker."""
    if outcome.error is None:
        return outcome
    if outcome.status == 413:
        raise TooLarge(outcome.error)
    if outcome.status == 400:
        raise InputError(outcome.error)
    if outcome.status == 503:
        raise ValidationLimit(outcome.error)
    error = EqkgError(outcome.error)
    error.http_status = outcome.status
    raise error
