"""The embedded store: a persistent pyoxigraph dataset with one named graph per source file.

Queries run over the union of the named graphs by default. Asserted and
inferred data live in different graphs (inferred ones under graph/inferred/),
so a query can be restricted to what the documents said.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import InputError, StoreError
from .namespaces import INFERRED_GRAPH_PREFIX, sparql_prologue


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise InputError(f"cannot store RDF term of type {type(term).__name__}")


def from_ox(term: Any) -> Node | None:
    """A pyoxigraph term as an rdflib term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise InputError(f"cannot convert term {term!r}")


def is_inferred_graph(iri: str) -> bool:
    return iri.startswith(INFERRED_GRAPH_PREFIX)


# -- completeness (decision 0010) ------------------------------------------------
#
# A store folder is complete when its marker exists. `eqkg.loader.load_all` removes
# the marker before it writes anything and writes it again, last, once every graph
# (and inference) is in place and flushed; so a load killed part-way leaves a store
# without a marker, which `eqkg info`, `query`, `check` and `serve` refuse.

COMPLETE_MARKER = "eqkg-complete.json"


def marker_path(path: str | os.PathLike[str]) -> Path:
    return Path(path) / COMPLETE_MARKER


def read_marker(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """What the load that completed this store recorded, or None when it is incomplete."""
    try:
        return json.loads(marker_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_marker(path: str | os.PathLike[str], record: Mapping[str, Any]) -> None:
    """Mark a store complete, durably: written to a temporary file, synced, renamed."""
    folder = Path(path)
    tmp = folder / (COMPLETE_MARKER + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(dict(record), fh, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, marker_path(folder))
    _sync_dir(folder)


def clear_marker(path: str | os.PathLike[str]) -> None:
    """Mark a store incomplete (before a load writes into it in place)."""
    try:
        marker_path(path).unlink()
    except FileNotFoundError:
        return
    _sync_dir(Path(path))


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def require_complete(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The marker of a complete store at `path`; a one-line StoreError otherwise."""
    folder = Path(path)
    if not (folder / "CURRENT").exists():
        raise StoreError(f"no store at {folder}: build it first with `eqkg load`")
    record = read_marker(folder)
    if record is None:
        raise StoreError(f"the store at {folder} is incomplete (a load did not finish, or it "
                         "was built by an older eqkg): rebuild it with `eqkg load`")
    return record


def generation(path: str | os.PathLike[str]) -> tuple[str, int] | None:
    """Which complete build `path` now names: the folder it resolves to and its marker's
    modification time, or None while no complete store is there. A server compares it
    over time to notice that `eqkg load` switched the store."""
    real = os.path.realpath(path)
    try:
        return real, os.stat(marker_path(real)).st_mtime_ns
    except OSError:
        return None


class Store:
    """A pyoxigraph store on disk (or in memory when path is None)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.real_path = self.path  # the build folder read, when `path` is a switched link
        self.read_only = read_only
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(
                        f"no store at {self.path}: build it first with `eqkg load`"
                    )
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"the store at {self.path} is locked by another process "
                    "(stop `eqkg serve` or the other `eqkg` command first)"
                ) from exc
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    @classmethod
    def open_read_only(cls, path: str | os.PathLike[str]) -> Store:
        return cls(path, read_only=True)

    @classmethod
    def open_complete(cls, path: str | os.PathLike[str]) -> Store:
        """Open a store for reading only if a load completed it (see `require_complete`).

        The path is resolved first, so a later switch of the `current` link by
        `eqkg load` does not change what this object reads."""
        real = Path(os.path.realpath(path))
        require_complete(real)
        store = cls(real, read_only=True)
        store.path = Path(path)
        return store

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers that need its full API."""
        return self._store

    # -- writing -------------------------------------------------------------

    def replace_graph(self, graph_iri: str, triples: Graph | Iterable[Any]) -> int:
        """Replace one named graph atomically: readers see the old graph or the new, never a mix.

        `triples` is an rdflib Graph or an iterable of pyoxigraph Triples/Quads.
        Returns the number of triples written.
        """
        self._check_writable()
        try:
            quads = list(_as_quads(triples, ox.NamedNode(graph_iri)))
        except (ValueError, InputError) as exc:
            raise StoreError(f"could not replace graph <{graph_iri}>: {exc}") from exc
        body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
        update = f"DROP SILENT GRAPH <{graph_iri}> ;\n"
        if quads:
            update += f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{body} .\n}} }}"
        try:
            self._store.update(update)
        except (SyntaxError, OSError, ValueError) as exc:
            raise StoreError(f"could not replace graph <{graph_iri}>: {exc}") from exc
        return len(quads)

    def remove_graph(self, graph_iri: str) -> None:
        self._check_writable()
        self._store.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def flush(self) -> None:
        if not self.read_only and self.path is not None:
            self._store.flush()

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("this store was opened read-only")

    # -- reading -------------------------------------------------------------

    def graphs(self) -> dict[str, int]:
        """Every named graph with its triple count, sorted by IRI."""
        counts = {
            s["g"].value: int(s["n"].value)
            for s in self._store.query(
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
            )
        }
        for g in self._store.named_graphs():
            if isinstance(g, ox.NamedNode):
                counts.setdefault(g.value, 0)
        return dict(sorted(counts.items()))

    def asserted_graphs(self) -> list[str]:
        return [g for g in self.graphs() if not is_inferred_graph(g)]

    def graph_triples(self, graph_iri: str) -> Graph:
        """One named graph as an rdflib Graph (for SHACL, reasoning and dumps)."""
        out = Graph()
        for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)):
            out.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return out

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Node] | None = None,
        inferred: bool = True,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        prefixes: bool = True,
    ) -> Any:
        """Run a SPARQL query over the union of graphs (or the asserted ones only).

        Substitutions bind variables to RDF terms before evaluation, so user
        values are never spliced into query text. The project's prefixes are
        predeclared unless `prefixes` is False.
        """
        kwargs: dict[str, Any] = {}
        if default_graph is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        elif inferred:
            kwargs["use_default_graph_as_union"] = True
        else:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in self.asserted_graphs()]
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        elif not inferred:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in self.asserted_graphs()]
        if substitutions:
            kwargs["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in substitutions.items()}
        if prefixes:
            from .namespaces import PREFIXES

            kwargs["prefixes"] = PREFIXES
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise InputError(f"malformed SPARQL query: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"the store could not answer: {exc}") from exc

    def __len__(self) -> int:
        return len(self._store)


def _as_quads(triples: Graph | Iterable[Any], graph: ox.NamedNode) -> Iterable[ox.Quad]:
    if isinstance(triples, Graph):
        for s, p, o in triples:
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)
        return
    for t in triples:
        yield ox.Quad(t.subject, t.predicate, t.object, graph)


__all__ = ["Store", "to_ox", "from_ox", "is_inferred_graph", "sparql_prologue",
           "COMPLETE_MARKER", "read_marker", "write_marker", "clear_marker", "require_complete",
           "generation"]
