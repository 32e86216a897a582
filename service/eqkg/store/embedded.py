"""The embedded backend: a persistent pyoxigraph dataset with one named graph per source file.

Queries run over the union of the named graphs by default. Asserted and
inferred data live in different graphs (inferred ones under graph/inferred/),
so a query can be restricted to what the documents said. Answers leave this
module as rdflib terms (`TripleStore`, base.py); only `answer`, which writes
an endpoint's bytes straight from Oxigraph's terms, stays on them for speed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import InputError, StoreError
from ..namespaces import PREFIXES, sparql_prologue
from ..results import Table, write_bindings
from .base import Capabilities, Job, Outcome, Quad, is_inferred_graph
from .terms import page


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
    """A pyoxigraph term as an rdflib term (None stays None, rdflib terms stay as they are)."""
    if term is None or isinstance(term, Node):
        return term
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:  # a simple literal, as every backend answers it
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise InputError(f"cannot convert term {term!r}")


# -- completeness (decision 0010) ------------------------------------------------
#
# A store folder is complete when its marker exists. `eqkg.loader.load_all` removes
# the marker before it writes anything and writes it again, last, once every graph
# (and inference) is in place and flushed; so a load killed part-way leaves a store
# without a marker, which `eqkg info`, `query`, `check` and `serve` refuse.

COMPLETE_MARKER = "eqkg-complete.json"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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


class EmbeddedStore:
    """A pyoxigraph store on disk (or in memory when path is None)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.real_path = self.path  # the build folder read, when `path` is a switched link
        self.read_only = read_only
        self.location = str(self.path) if self.path is not None else ":memory:"
        self.capabilities = Capabilities(kind="embedded", server="oxigraph", substitutions=True,
                                         union_default_graph=True, cancellable=True,
                                         writable=not read_only, local=True)
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
    def open_read_only(cls, path: str | os.PathLike[str]) -> EmbeddedStore:
        return cls(path, read_only=True)

    @classmethod
    def open_complete(cls, path: str | os.PathLike[str]) -> EmbeddedStore:
        """Open a store for reading only if a load completed it (see `require_complete`).

        The path is resolved first, so a later switch of the `current` link by
        `eqkg load` does not change what this object reads."""
        real = Path(os.path.realpath(path))
        require_complete(real)
        store = cls(real, read_only=True)
        store.path = Path(path)
        return store

    def in_memory_copy(self) -> EmbeddedStore:
        """The whole store copied into this process's memory (the query workers' copy)."""
        copy = EmbeddedStore()
        copy._store.bulk_extend(self._store.quads_for_pattern(None, None, None, None))
        return copy

    def backup(self, folder: str | os.PathLike[str]) -> None:
        """A consistent copy of the store in a new folder (hard links where possible)."""
        try:
            self._store.backup(str(folder))
        except OSError as exc:
            raise StoreError(f"could not copy the store at {self.path}: {exc}") from exc

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph store: for the reasoner's in-memory work only
        (docs/stores.md lists its users); everything else goes through the interface."""
        return self._store

    # -- writing -------------------------------------------------------------

    def replace_graph(self, graph_iri: str, triples: Graph | Iterable[Any]) -> int:
        """Replace one named graph atomically: readers see the old graph or the new, never a mix.

        `triples` is an rdflib Graph, or an iterable of rdflib triples or of pyoxigraph
        Triples/Quads. Returns the number of triples written.
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

    def add(self, quads: Iterable[Quad]) -> int:
        """Add statements (rdflib terms; graph None is the default graph)."""
        self._check_writable()
        batch = []
        try:
            for s, p, o, g in quads:
                graph = ox.NamedNode(g) if g else ox.DefaultGraph()
                batch.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph))
        except (ValueError, TypeError) as exc:
            raise StoreError(f"could not add statements: {exc}") from exc
        self._store.extend(batch)
        return len(batch)

    def flush(self) -> None:
        if not self.read_only and self.path is not None:
            self._store.flush()

    def close(self) -> None:
        """Nothing to release beyond what garbage collection does."""

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

    def quads(self, subject: Node | None = None, predicate: Node | None = None,
              object: Node | None = None, graph: str | None = None) -> Iterator[Quad]:
        """Statements matching a pattern (None: any), as rdflib terms, named graphs only."""
        try:
            pattern = (to_ox(subject) if subject is not None else None,
                       to_ox(predicate) if predicate is not None else None,
                       to_ox(object) if object is not None else None,
                       ox.NamedNode(graph) if graph is not None else None)
        except (ValueError, InputError):
            return  # a term the store cannot hold matches nothing
        for q in self._store.quads_for_pattern(*pattern):
            if isinstance(q.graph_name, ox.NamedNode):
                yield Quad(from_ox(q.subject), from_ox(q.predicate),  # type: ignore[arg-type]
                           from_ox(q.object), q.graph_name.value)

    def closure(self, subject: Node, depth: int, limit: int | None = None) -> list[Quad]:
        """The statements about `subject` and, `depth` blank nodes deep, about the blank
        nodes they lead to (a concise bounded description), in named graphs."""
        found = list(islice(self.quads(subject), limit))
        frontier = [q.object for q in found if isinstance(q.object, BNode)]
        seen: set[Node] = set()
        for _ in range(depth):
            following = []
            for node in frontier:
                if node in seen:
                    continue
                seen.add(node)
                more = list(self.quads(node))
                found.extend(more)
                if limit is not None and len(found) >= limit:
                    return found[:limit]
                following.extend(q.object for q in more if isinstance(q.object, BNode))
            frontier = following
        return found

    def graph_triples(self, graph_iri: str) -> Graph:
        """One named graph as an rdflib Graph (for SHACL, reasoning and dumps)."""
        out = Graph()
        for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)):
            out.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return out

    def dump(self, graph_iri: str | None = None, chunk: int = 5000) -> Iterator[bytes]:
        """N-Quads of the whole store (or one graph), `chunk` quads at a time."""
        quads = iter(self._store) if graph_iri is None else \
            self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri))
        while batch := list(islice(quads, chunk)):
            yield ox.serialize(batch, format=ox.RdfFormat.N_QUADS)

    def _options(self, *, bindings: Mapping[str, Node] | None, inferred: bool,
                 default_graph: list[str] | None, named_graphs: list[str] | None,
                 prefixes: bool = True) -> dict[str, Any]:
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
        if bindings:
            kwargs["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
        if prefixes:
            kwargs["prefixes"] = PREFIXES
        return kwargs

    def _run(self, sparql: str, **options: Any) -> Any:
        try:
            return self._store.query(sparql, **self._options(**options))
        except SyntaxError as exc:
            raise InputError(f"malformed SPARQL query: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"the store could not answer: {exc}") from exc
        except (ValueError, TypeError, RuntimeError) as exc:
            raise InputError(f"the query could not be evaluated: {exc}") from exc

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
              inferred: bool = True, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None, timeout: float | None = None,
              substitutions: Mapping[str, Node] | None = None, prefixes: bool = True,
              ) -> Table | bool | Graph:
        """Run any query over the union of graphs (or the asserted ones only).

        Bindings (`substitutions` is the older name) bind variables to RDF terms before
        evaluation, so user values are never spliced into query text. The project's
        prefixes are predeclared unless `prefixes` is False. `timeout` is not enforced
        in-process: the query service runs limited queries in killable workers."""
        answer = self._run(sparql, bindings=bindings or substitutions, inferred=inferred,
                           default_graph=default_graph, named_graphs=named_graphs,
                           prefixes=prefixes)
        return _neutral(answer)

    def select(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
               inferred: bool = True, default_graph: list[str] | None = None,
               named_graphs: list[str] | None = None, limit: int | None = None,
               offset: int = 0, timeout: float | None = None) -> Table:
        paged = page(sparql, None if limit is None else limit + 1, offset)
        answer = self._run(paged or sparql, bindings=bindings, inferred=inferred,
                           default_graph=default_graph, named_graphs=named_graphs)
        if not isinstance(answer, ox.QuerySolutions):
            raise InputError("expected a SELECT query")
        return solutions_table(answer, limit, 0 if paged is not None else offset)

    def ask(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
            inferred: bool = True, timeout: float | None = None) -> bool:
        answer = self._run(sparql, bindings=bindings, inferred=inferred, default_graph=None,
                           named_graphs=None)
        if not isinstance(answer, ox.QueryBoolean):
            raise InputError("expected an ASK query")
        return bool(answer)

    def construct(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
                  inferred: bool = True, timeout: float | None = None) -> Graph:
        answer = self._run(sparql, bindings=bindings, inferred=inferred, default_graph=None,
                           named_graphs=None)
        if not isinstance(answer, ox.QueryTriples):
            raise InputError("expected a CONSTRUCT or DESCRIBE query")
        return _neutral(answer)  # type: ignore[return-value]

    def __len__(self) -> int:
        return len(self._store)

    # -- endpoint answers, written straight from Oxigraph's terms -------------------

    def _asserted_nodes(self) -> list[ox.NamedNode]:
        """The asserted graphs, listed once: a store is read-only while it is served."""
        cached = getattr(self, "_asserted_cache", None)
        if cached is None:
            cached = [g for g in self._store.named_graphs()
                      if isinstance(g, ox.NamedNode) and not is_inferred_graph(g.value)]
            self._asserted_cache = cached
        return cached

    def _job_dataset(self, job: Job) -> dict[str, Any]:
        """Protocol graphs override FROM, which overrides the defaults."""
        if job.default_graphs or job.named_graphs:
            return {"default_graph": [ox.NamedNode(g) for g in job.default_graphs],
                    "named_graphs": [ox.NamedNode(g) for g in job.named_graphs]}
        if job.dataset_in_query:
            return {}
        if job.inferred:
            return {"use_default_graph_as_union": True}
        asserted = self._asserted_nodes()
        return {"default_graph": asserted, "named_graphs": asserted}

    def answer(self, job: Job) -> Outcome:
        try:
            answer = self._store.query(job.query, prefixes=PREFIXES, base_iri=job.base_iri,
                                       **self._job_dataset(job))
            return _serialize(answer, job)
        except SyntaxError as exc:
            return Outcome(status=400, error=f"malformed SPARQL query: {exc}")
        except OSError as exc:
            return Outcome(status=502, error=f"the query could not be evaluated: {exc}")
        except (ValueError, TypeError, RuntimeError) as exc:
            return Outcome(status=400, error=f"the query could not be evaluated: {exc}")
        except MemoryError:
            return Outcome(status=503, retire=True, error=(
                "the answer needed more memory than this query worker has; narrow the query "
                "down (LIMIT, fewer or shorter values) and try again"))


def _serialize(answer: Any, job: Job) -> Outcome:
    from .. import formats

    if isinstance(answer, ox.QueryBoolean):
        return Outcome(answer.serialize(format=formats.get(job.fmt).oxigraph), rows=1)
    rows: list[Any] = []
    capped = False
    graph = isinstance(answer, ox.QueryTriples)
    budget = job.max_bytes or None
    size = 0
    for item in answer:
        if len(rows) >= job.max_rows:
            capped = True
            break
        if budget is not None:
            # An estimate of the row's bytes in any format (N-Triples text plus markup),
            # so that rows past the byte cap are never even held in memory.
            size += len(str(item)) + 16 if graph else sum(
                len(str(term)) + 24 for term in item if term is not None) + 8
            if size > budget:
                capped = True
                break
        rows.append(item)
    variables = [] if graph else [v.value for v in answer.variables]

    def write(kept: list[Any], capped: bool) -> bytes:
        if graph:
            writer = formats.get(job.fmt).oxigraph
            if job.fmt == "turtle":
                return ox.serialize(kept, format=writer, prefixes=dict(PREFIXES))
            return ox.serialize(kept, format=writer)
        # A solution iterates over its values in the order of `variables` (fast, unlike
        # lookups by name).
        return write_bindings(variables, (tuple(s) for s in kept), job.fmt, capped)

    body = write(rows, capped)
    while budget is not None and len(body) > budget and rows:
        # Escaping made the answer longer than estimated: keep proportionally fewer rows.
        keep = min(len(rows) - 1, int(len(rows) * budget / len(body) * 0.95))
        rows, capped = rows[:max(0, keep)], True
        body = write(rows, capped)
    return Outcome(body, capped=capped, rows=len(rows))


# The name most of eqkg knows the embedded store by.
Store = EmbeddedStore


def solutions_table(solutions: Any, limit: int | None = None, offset: int = 0) -> Table:
    """Oxigraph solutions as a Table of rdflib terms; `capped` when rows remain past `limit`."""
    columns = [v.value for v in solutions.variables]
    rows: list[list[Any]] = []
    capped = False
    for index, solution in enumerate(solutions):
        if index < offset:
            continue
        if limit is not None and len(rows) >= limit:
            capped = True
            break
        rows.append([from_ox(t) for t in solution])
    return Table(columns, rows, capped)


def _neutral(answer: Any) -> Table | bool | Graph:
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QueryTriples):
        graph = Graph()
        for t in answer:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return graph
    return solutions_table(answer)


def _as_quads(triples: Graph | Iterable[Any], graph: ox.NamedNode) -> Iterable[ox.Quad]:
    if isinstance(triples, Graph):
        for s, p, o in triples:
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)
        return
    for t in triples:
        if isinstance(t, tuple):
            yield ox.Quad(to_ox(t[0]), to_ox(t[1]), to_ox(t[2]), graph)
        else:
            yield ox.Quad(t.subject, t.predicate, t.object, graph)


__all__ = ["Store", "EmbeddedStore", "solutions_table", "to_ox", "from_ox", "is_inferred_graph", "sparql_prologue",
           "COMPLETE_MARKER", "read_marker", "write_marker", "clear_marker", "require_complete",
           "generation"]
