"""Saved, parameterised queries: the library in queries/*.rq and running one safely.

The CLI (`eqkg queries`, `eqkg query NAME`), the web forms and the REST API
all go through `load_library()` and `run()`, so they answer identically.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

from rdflib.term import Node

from .. import config
from ..errors import InputError, NotFound
from ..results import Table
from ..store import TripleStore as Store
from .header import PARAM_TYPES, RESERVED_NAMES, Parameter, SavedQuery, parse, projection
from .params import AllowedValue, ParameterError, allowed_values, bind, convert

_lock = threading.Lock()
_cached: tuple[tuple[tuple[str, float], ...], dict[str, SavedQuery]] | None = None


def library_dir() -> Path:
    return config.asset_dir("queries")


def load_library(folder: Path | None = None) -> dict[str, SavedQuery]:
    """Every saved query by name, in display order; re-read only when a file changes."""
    global _cached
    folder = folder or library_dir()
    files = sorted(folder.glob("*.rq")) if folder.is_dir() else []
    stamp = tuple((str(f), f.stat().st_mtime) for f in files)
    with _lock:
        if _cached is not None and _cached[0] == stamp:
            return _cached[1]
        queries = []
        for path in files:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"{path}: unreadable: {exc}") from exc
            queries.append(parse(text, path.stem, path))
        library = {q.name: q for q in sorted(queries, key=lambda q: (q.order, q.name))}
        _cached = (stamp, library)
        return library


def get(name: str) -> SavedQuery:
    """One saved query by name, or NotFound listing the names there are."""
    library = load_library()
    try:
        return library[name]
    except KeyError:
        names = ", ".join(library) or "(none)"
        raise NotFound(f"no saved query named {name!r}; saved queries: {names}") from None


def run(
    store: Store,
    name: str,
    params: Mapping[str, str | None] | None = None,
    *,
    inferred: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> Table:
    """Run a saved query with its parameters bound as RDF terms (never spliced as text).

    Rows are paged in order; `Table.capped` is True when rows remain after this page.
    """
    query = get(name)
    substitutions = bind(store, query, dict(params or {}))
    return execute(store, query, substitutions, inferred=inferred, limit=limit, offset=offset)


def execute(
    store: Store,
    query: SavedQuery,
    substitutions: Mapping[str, Node],
    *,
    inferred: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> Table:
    """Run a saved query with substitutions already bound (see `bind`); one page of rows."""
    if offset < 0 or (limit is not None and limit < 1):
        raise InputError("limit must be at least 1 and offset at least 0")
    return store.select(query.query, bindings=substitutions, inferred=inferred, limit=limit,
                        offset=offset)

__all__ = [
    "AllowedValue", "PARAM_TYPES", "Parameter", "ParameterError", "RESERVED_NAMES",
    "SavedQuery", "allowed_values", "bind", "convert", "execute", "get", "library_dir", "load_library",
    "parse", "projection", "run",
]
