"""The store: one interface (`TripleStore`), two backends, chosen by where the store is.

`open_store(location)` gives the embedded pyoxigraph store for a folder
(the default, var/store) and the remote store for an http(s) URL, the query
endpoint of a SPARQL 1.1 server (docs/stores.md). Everything above this
package works through `TripleStore`; only `embedded` imports pyoxigraph.
"""

from __future__ import annotations

import os
from typing import Any

from ..namespaces import sparql_prologue
from .base import Capabilities, Job, Outcome, Quad, TripleStore, is_inferred_graph
from .embedded import (
    COMPLETE_MARKER,
    EmbeddedStore,
    Store,
    _sync_dir,
    clear_marker,
    from_ox,
    generation,
    marker_path,
    read_marker,
    require_complete,
    to_ox,
    write_marker,
)


def is_remote(location: str | os.PathLike[str] | None) -> bool:
    """Is this store location a URL (a SPARQL server) rather than a folder?"""
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


def open_store(location: str | os.PathLike[str], *, read_only: bool = True,
               complete: bool = False, settings: Any = None) -> TripleStore:
    """The store at `location`: a remote SPARQL server for a URL, else the embedded store
    in that folder (only a complete one when `complete`; read-only unless asked)."""
    if is_remote(location):
        from .remote import RemoteStore

        return RemoteStore.from_settings(str(location), settings, read_only=read_only)
    if complete:
        return EmbeddedStore.open_complete(location)
    return EmbeddedStore(location, read_only=read_only)


def in_memory(store: TripleStore) -> TripleStore:
    """The store itself when it is embedded, else a copy of it in memory: for work that
    reads a whole store statement by statement (inference records, digests)."""
    if store.capabilities.kind == "embedded":
        return store
    copy = EmbeddedStore()
    for graph_iri in store.graphs():
        copy.replace_graph(graph_iri, [q[:3] for q in store.quads(graph=graph_iri)])
    return copy


__all__ = ["COMPLETE_MARKER", "Capabilities", "EmbeddedStore", "Job", "Outcome", "Quad", "Store",
           "TripleStore", "_sync_dir", "clear_marker", "in_memory", "from_ox", "generation", "is_inferred_graph",
           "is_remote", "marker_path", "open_store", "read_marker", "require_complete",
           "sparql_prologue", "to_ox", "write_marker"]
