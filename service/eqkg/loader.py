"""Build the store from the asset folders: ontology/, ontology/vocab/ and data/.

Every file becomes one named graph (see docs/decisions/0001). All files are
parsed before anything is written, so a malformed file leaves the store as
it was; each graph is then replaced atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import config
from .errors import InputError
from .namespaces import GRAPH, ONTOLOGY_GRAPH
from .store import Store, is_inferred_graph

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
) -> LoadSummary:
    """(Re)build the store from the asset folders; loading twice gives the same store."""
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
        summary.inferred = _materialise(store, progress)
    store.flush()
    return summary


def _materialise(store: Store, progress: Callable[[str], None] | None) -> dict[str, int]:
    """Run OWL 2 RL materialisation when the reasoning module is present."""
    try:
        from . import reasoning
    except ImportError:
        return {}
    if progress:
        progress("infer (OWL 2 RL)")
    return reasoning.materialise_store(store)
