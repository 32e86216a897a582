"""Build the store from the asset folders: ontology/, ontology/vocab/ and data/.

Every file becomes one named graph (see docs/decisions/0001). All files are
parsed before anything is written, so a malformed file leaves the store as
it was; each graph is then replaced atomically.

`rebuild` (what `eqkg load` runs) never writes into the store being read: it
builds a new store in a folder next to it, marks it complete, and then
switches the store's path (a symbolic link) to it with one rename, so readers
see the old complete store or the new one, never a half-built one
(decision 0010).
"""

from __future__ import annotations

import fcntl
import gc
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import __version__, config, similarity
from .errors import InputError, StoreError
from .namespaces import GRAPH, ONTOLOGY_GRAPH
from .store import (
    Store,
    _sync_dir,
    clear_marker,
    in_memory,
    is_inferred_graph,
    read_marker,
    write_marker,
)

RDF_SUFFIXES = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
# Graphs not built from files that a reload must keep (harvested from other bodies).
KEPT_GRAPH_PREFIXES = (str(GRAPH) + "harvest/",)


@dataclass
class LoadSummary:
    graphs: dict[str, int] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    inferred: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.graphs.values())


def graph_iri_for(path: Path) -> str:
    """The named graph a file loads into: ontology/eqkg.ttl -> graph/ontology,
    ontology/vocab/aim.ttl -> graph/vocab/aim, data/curated/x.ttl -> graph/curated/x."""
    path = path.resolve()
    ontology = config.asset_dir("ontology").resolve()
    data = config.asset_dir("data").resolve()
    if path == ontology / "eqkg.ttl":
        return str(ONTOLOGY_GRAPH)
    for root in (ontology, data):
        if path.is_relative_to(root):
            return str(GRAPH) + path.relative_to(root).with_suffix("").as_posix()
    return str(GRAPH) + "file/" + path.stem


def asset_files() -> Iterator[tuple[str, Path]]:
    """(graph IRI, file) for every RDF file the store is built from, in a stable order."""
    ontology = config.asset_dir("ontology")
    yield str(ONTOLOGY_GRAPH), ontology / "eqkg.ttl"
    for folder in (ontology / "vocab", config.asset_dir("data")):
        for path in sorted(folder.rglob("*")):
            if path.suffix in RDF_SUFFIXES and path.is_file():
                yield graph_iri_for(path), path


def parse_file(path: Path, base_iri: str | None = None) -> list[ox.Triple]:
    """Parse one RDF file with pyoxigraph; a syntax error names the file and line."""
    fmt = RDF_SUFFIXES.get(path.suffix)
    if fmt is None:
        raise InputError(f"{path}: unsupported RDF file type {path.suffix!r}")
    try:
        with path.open("rb") as fh:
            return [q.triple for q in ox.parse(fh, format=fmt, base_iri=base_iri)]
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except SyntaxError as exc:
        raise InputError(f"{path}: malformed RDF: {exc}") from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: unreadable: {exc}") from exc


def load_all(
    store: Store,
    *,
    infer: bool = True,
    progress: Callable[[str], None] | None = None,
    reasoner: str | None = None,
) -> LoadSummary:
    """(Re)build the store from the asset folders; loading twice gives the same store.

    A store on disk is marked incomplete before anything is written and complete
    (`eqkg.store.write_marker`) only after the last write is flushed."""
    if store.path is not None:
        clear_marker(store.path)
    files = list(asset_files())
    parsed = []
    for graph_iri, path in files:
        if progress:
            progress(f"parse {path.name}")
        parsed.append((graph_iri, parse_file(path)))
    summary = LoadSummary()
    for graph_iri, triples in parsed:
        if progress:
            progress(f"store {graph_iri}")
        summary.graphs[graph_iri] = store.replace_graph(graph_iri, triples)
    for stale in set(store.graphs()) - set(summary.graphs):
        if not is_inferred_graph(stale) and not stale.startswith(KEPT_GRAPH_PREFIXES):
            store.remove_graph(stale)
            summary.removed.append(stale)
    if infer:
        previous_similarity = similarity.snapshot(store)  # the reasoner drops graphs it did not make
        summary.inferred = _materialise(store, progress, reasoner)
        summary.inferred.update(similarity.refresh_store(store, previous_similarity, progress))
    store.flush()
    if store.path is not None:
        write_marker(store.path, {
            "completed": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "graphs": len(store.graphs()), "triples": len(store), "inferred": infer,
            "eqkg": __version__})
    return summary


# -- building next to the served store and switching atomically ---------------------


def _new_build(builds: Path) -> Path:
    """A fresh folder name for a build: the time, the process, and a count, so that two loads in the same
    second from one process (a test's or a script's) never meet the folder of the one before."""
    stem = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    build, n = builds / stem, 1
    while build.exists():
        n += 1
        build = builds / f"{stem}-{n}"
    return build


def builds_dir(path: Path) -> Path:
    """Where the builds of the store at `path` live: `var/store` -> `var/store.builds/`."""
    return path.parent / f"{path.name}.builds"


@contextmanager
def _load_lock(path: Path) -> Iterator[None]:
    """One `eqkg load` at a time per store (an advisory lock the kernel drops if we die)."""
    lock = path.parent / f".{path.name}.load-lock"
    with lock.open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise StoreError(f"another `eqkg load` is building the store at {path}; "
                             "wait for it to finish") from None
        yield


def _check_unlocked(folder: Path) -> None:
    """A store folder in the old layout may be open for writing (e.g. by `eqkg harvest`):
    moving it away then would lose that write, so refuse (Store's 'locked' error)."""
    if (folder / "CURRENT").exists():
        holder = Store(folder)
        del holder
        gc.collect()


def switch(path: Path, build: Path) -> Path | None:
    """Point `path` at `build` with one rename of a symbolic link; the folder it named
    before, if any, is returned. A store folder in the old layout (a real folder at
    `path`) is first moved into the builds folder: a kill between the two renames
    leaves no store at `path`, never a partial one."""
    parent = path.parent
    tmp = parent / f".{path.name}.switch-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(build, parent), tmp)
    previous: Path | None = None
    if path.is_symlink():
        previous = Path(os.path.realpath(path))
    elif path.is_dir():
        previous = builds_dir(path) / f"earlier-{time.strftime('%Y%m%dT%H%M%S')}"
        os.rename(path, previous)
    elif path.exists():
        tmp.unlink()
        raise StoreError(f"{path} is a file, not a store folder")
    os.replace(tmp, path)
    _sync_dir(parent)
    return previous


def prune(path: Path, keep: set[Path]) -> list[Path]:
    """Remove builds other than `keep` (the new one and the one just replaced, which a
    server may still be reading until it switches), including builds a killed load left."""
    removed = []
    folder = builds_dir(path)
    kept = {Path(os.path.realpath(k)) for k in keep}
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if Path(os.path.realpath(entry)) in kept:
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


@dataclass
class Rebuild:
    summary: LoadSummary
    build: Path
    previous: Path | None
    pruned: list[Path]


def rebuild(path: str | os.PathLike[str], *, infer: bool = True,
            progress: Callable[[str], None] | None = None,
            reasoner: str | None = None) -> Rebuild:
    """`eqkg load`: build a new store beside `path`, then switch `path` to it.

    The new build starts as a copy of the current complete store (hard links:
    cheap), so graphs not built from files (harvested ones) are kept and
    inference stays incremental; without one it starts empty."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _load_lock(path):
        if path.is_dir() and not path.is_symlink():
            _check_unlocked(path)
        builds = builds_dir(path)
        builds.mkdir(exist_ok=True)
        build = _new_build(builds)
        current = Path(os.path.realpath(path))
        if (current / "CURRENT").exists() and read_marker(current) is not None:
            source = Store.open_read_only(current)
            try:
                source.backup(build)
            finally:
                del source
                gc.collect()
        store = Store(build)
        try:
            summary = load_all(store, infer=infer, progress=progress, reasoner=reasoner)
        finally:
            del store
            gc.collect()
        previous = switch(path, build)
        pruned = prune(path, {build, *([previous] if previous else [])})
    return Rebuild(summary, build, previous, pruned)


def _materialise(store: Store, progress: Callable[[str], None] | None,
                 reasoner: str | None = None) -> dict[str, int]:
    """Run OWL 2 RL materialisation (hybrid by default, or owlrl) when the reasoning module
    is present."""
    try:
        from . import reasoning
    except ImportError:
        return {}
    if progress:
        progress("infer (OWL 2 RL)")
    return reasoning.materialise_store(store, reasoner=reasoner)


# -- a remote store: built in memory, then sent graph by graph ------------------------


def load_remote(store: Any, *, infer: bool = True,
                progress: Callable[[str], None] | None = None,
                reasoner: str | None = None) -> LoadSummary:
    """`eqkg load` on a SPARQL server: the store is rebuilt in memory (with what the
    server holds now, so harvested graphs are kept and inference stays incremental),
    then every graph is replaced on the server by one Graph Store Protocol PUT (atomic
    per graph) and graphs no longer built are dropped. A load that fails before the
    first PUT leaves the server as it was."""
    memory = in_memory(store)
    before = set(memory.graphs())
    summary = load_all(memory, infer=infer, progress=progress, reasoner=reasoner)
    after = memory.graphs()
    for graph_iri in after:
        if progress:
            progress(f"send {graph_iri}")
        store.replace_graph(graph_iri, [q[:3] for q in memory.quads(graph=graph_iri)])
    for gone in sorted(before - set(after)):
        store.remove_graph(gone)
    return summary
