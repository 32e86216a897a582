"""The SPARQL 1.1 endpoint's library side: protocol, safety guard, time-limited execution.

The web view (eqkg.web.sparql) is a thin adapter over these modules:
`protocol` reads requests and writes results, `guard` refuses remote access
and updates, `executor` runs queries in killable worker processes, and
`description` answers the SPARQL 1.1 Service Description.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import EqkgError
from .executor import pool_size_default
from .guard import AllowList

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_QUERY_LENGTH = 100_000
DEFAULT_MEMORY_MB = 2048  # per worker, on top of the store's in-memory copy
DEFAULT_CACHE_MB = 64  # answers to repeated queries, in the web process
DEFAULT_MAX_MB = 50  # bytes of one answer, marked like the row cap
DEFAULT_CLIENT_QUEUE = 3  # queries a client may have waiting beyond those running
DEFAULT_QUEUE = 16  # queries waiting for a worker, all clients together
DEFAULT_QUEUE_SECONDS = 5.0  # longest wait for a worker
DEFAULT_CHEAP_SECONDS = 1.0  # a query past this is heavy: off the reserved worker

# Flask config key -> (field of eqkg.settings.Settings, default)
_KEYS: dict[str, tuple[str, Any]] = {
    "SPARQL_TIMEOUT": ("query_timeout", DEFAULT_TIMEOUT),
    "SPARQL_MAX_ROWS": ("max_rows", DEFAULT_MAX_ROWS),
    "SPARQL_MAX_QUERY_LENGTH": ("max_query_length", DEFAULT_MAX_QUERY_LENGTH),
    "SPARQL_WORKERS": ("query_workers", None),
    "SPARQL_MEMORY_MB": ("query_memory_mb", DEFAULT_MEMORY_MB),
    "SPARQL_IN_MEMORY": ("query_in_memory", True),
    "SPARQL_CACHE_MB": ("query_cache_mb", DEFAULT_CACHE_MB),
    "SERVICE_ALLOWLIST": ("service_allowlist", None),
    "SPARQL_MAX_MB": ("max_mb", DEFAULT_MAX_MB),
    "SPARQL_CLIENT_QUERIES": ("client_queries", None),
    "SPARQL_CLIENT_QUEUE": ("client_queue", DEFAULT_CLIENT_QUEUE),
    "SPARQL_QUEUE": ("query_queue", DEFAULT_QUEUE),
    "SPARQL_QUEUE_SECONDS": ("query_queue_seconds", DEFAULT_QUEUE_SECONDS),
    "SPARQL_RESERVED_WORKERS": ("reserved_workers", None),
    "SPARQL_CHEAP_SECONDS": ("cheap_seconds", DEFAULT_CHEAP_SECONDS),
}


@dataclass(frozen=True)
class Settings:
    """The endpoint's limits; each from the app config, else the environment, else a default."""

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_query_length: int = DEFAULT_MAX_QUERY_LENGTH
    workers: int = field(default_factory=pool_size_default)
    memory_mb: int | None = DEFAULT_MEMORY_MB  # None: no limit
    in_memory: bool = True  # each worker answers from its own in-memory copy of the store
    cache_mb: int = DEFAULT_CACHE_MB  # 0: every query is evaluated
    allow: AllowList = field(default_factory=AllowList)
    max_mb: float = DEFAULT_MAX_MB  # 0: no byte cap
    client_queries: int | None = None  # running per client; None: half the general workers
    client_queue: int = DEFAULT_CLIENT_QUEUE
    queue: int = DEFAULT_QUEUE
    queue_seconds: float = DEFAULT_QUEUE_SECONDS
    reserved: int | None = None  # workers kept for cheap queries; None: 1 when 2 or more
    cheap_seconds: float = DEFAULT_CHEAP_SECONDS

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        """Each limit from the app's config, else the settings object (eqkg.settings:
        config file and environment), else its default."""
        from ..settings import current

        typed = config.get("EQKG_SETTINGS") or current()

        def get(key: str) -> Any:
            name, default = _KEYS[key]
            value = config.get(key)
            if value is None:
                value = getattr(typed, name)
            return default if value is None or value == "" else value

        timeout = _number(get("SPARQL_TIMEOUT"), float, "query timeout")
        max_rows = _number(get("SPARQL_MAX_ROWS"), int, "max rows")
        max_length = _number(get("SPARQL_MAX_QUERY_LENGTH"), int, "max query length")
        workers = get("SPARQL_WORKERS")
        memory = get("SPARQL_MEMORY_MB")
        memory_mb = None if str(memory).strip().lower() in ("0", "none", "unlimited") else \
            _number(memory, int, "query memory limit (MB)")
        return cls(
            timeout=timeout,
            max_rows=max_rows,
            max_query_length=max_length,
            workers=pool_size_default() if workers is None
            else _number(workers, int, "query workers"),
            allow=AllowList.parse(get("SERVICE_ALLOWLIST")),
            memory_mb=memory_mb,
            in_memory=_flag(get("SPARQL_IN_MEMORY"), "in-memory serving"),
            cache_mb=0 if str(get("SPARQL_CACHE_MB")).strip() == "0"
            else _number(get("SPARQL_CACHE_MB"), int, "result cache size (MB)"),
            max_mb=0 if str(get("SPARQL_MAX_MB")).strip() in ("0", "0.0")
            else _number(get("SPARQL_MAX_MB"), float, "answer size cap (MB)"),
            client_queries=None if get("SPARQL_CLIENT_QUERIES") is None
            else _number(get("SPARQL_CLIENT_QUERIES"), int, "queries per client"),
            client_queue=_count(get("SPARQL_CLIENT_QUEUE"), "queries a client may queue"),
            queue=_count(get("SPARQL_QUEUE"), "query queue length"),
            queue_seconds=_number(get("SPARQL_QUEUE_SECONDS"), float, "query queue wait"),
            reserved=None if get("SPARQL_RESERVED_WORKERS") is None
            else _count(get("SPARQL_RESERVED_WORKERS"), "reserved workers"),
            cheap_seconds=_number(get("SPARQL_CHEAP_SECONDS"), float, "cheap query limit"),
        )


def _flag(value: Any, what: str) -> bool:
    from ..settings import parse_bool

    return parse_bool(value, what)


def _count(value: Any, what: str) -> int:
    """A whole number that may be 0."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise EqkgError(f"{what} must be a whole number, not {value!r}") from None
    if number < 0:
        raise EqkgError(f"{what} must not be negative, not {value!r}")
    return number


def _number(value: Any, kind: type, what: str) -> Any:
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise EqkgError(f"{what} must be a number, not {value!r}") from None
    if number <= 0:
        raise EqkgError(f"{what} must be positive, not {value!r}")
    return number


__all__ = ["Settings", "AllowList", "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS"]
