"""The one store interface every part of eqkg reads and writes through (decision 0012).

Two backends implement it: the embedded pyoxigraph store (`embedded.py`, the
default) and any SPARQL 1.1 server (`remote.py`: Protocol, Update and Graph
Store HTTP Protocol). Answers are neutral: SELECT gives a `Table` of rdflib
terms, ASK a bool, CONSTRUCT/DESCRIBE an rdflib Graph, quads are tuples of
rdflib terms. Nothing outside the backends sees a backend's own objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, runtime_checkable

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..namespaces import INFERRED_GRAPH_PREFIX
from ..results import Table


def is_inferred_graph(iri: str) -> bool:
    return iri.startswith(INFERRED_GRAPH_PREFIX)


class Quad(NamedTuple):
    """One statement and the named graph holding it (None: the default graph)."""

    subject: Node
    predicate: URIRef
    object: Node
    graph: str | None


@dataclass(frozen=True)
class Capabilities:
    """What a backend can do, so callers choose a path without knowing which it is."""

    kind: str  # "embedded" or "remote"
    server: str  # "oxigraph" (embedded or server), "fuseki", "virtuoso" or "sparql"
    substitutions: bool  # binds variables to terms natively (else VALUES, see terms.bind_values)
    union_default_graph: bool  # the default graph is the union of the named graphs
    cancellable: bool  # a running query can be stopped by killing its worker process
    writable: bool
    local: bool = False  # pattern look-ups are in-process calls (cheap one by one)


@dataclass(frozen=True)
class Job:
    """One endpoint query to answer in bytes, with everything needed to choose its dataset."""

    query: str
    kind: str  # "bindings", "boolean" or "graph"
    fmt: str  # a format name (eqkg.formats)
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    dataset_in_query: bool = False  # the query has FROM / FROM NAMED
    inferred: bool = True
    max_bytes: int = 0  # cap on the answer's bytes (0: none); marked like the row cap
    base_iri: str | None = None  # resolves the query's relative IRIs (the endpoint's URL)
    # kind "call": a library function "module:name" run as fn(store, *args, **kwargs);
    # its value comes back pickled in Outcome.body (eqkg.sparql.service).
    call: str | None = None
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Outcome:
    """A serialised answer, or an error (status and message) the web layer passes on."""

    body: bytes = b""
    capped: bool = False
    rows: int = 0
    status: int = 200
    error: str | None = None
    retire: bool = False  # the worker ran out of memory: replace it
    pickled: bool = False  # body holds a pickled value (a "call" job)


@runtime_checkable
class TripleStore(Protocol):
    """Reading and writing named graphs, whatever holds them."""

    location: str
    capabilities: Capabilities

    def select(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
               inferred: bool = True, default_graph: list[str] | None = None,
               named_graphs: list[str] | None = None, limit: int | None = None,
               offset: int = 0, timeout: float | None = None) -> Table:
        """A SELECT answer; `limit`/`offset` are pushed into the query's text."""
        ...

    def ask(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
            inferred: bool = True, timeout: float | None = None) -> bool: ...

    def construct(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
                  inferred: bool = True, timeout: float | None = None) -> Graph: ...

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
              inferred: bool = True, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None,
              timeout: float | None = None) -> Table | bool | Graph:
        """Any query form: a Table, a bool or a Graph by the form of the query."""
        ...

    def graphs(self) -> dict[str, int]: ...

    def asserted_graphs(self) -> list[str]: ...

    def quads(self, subject: Node | None = None, predicate: Node | None = None,
              object: Node | None = None, graph: str | None = None) -> Iterator[Quad]: ...

    def closure(self, subject: Node, depth: int, limit: int | None = None) -> list[Quad]:
        """Statements about `subject`, following blank-node objects `depth` levels (at
        most `limit` of them: a page shows a resource whole or refuses it)."""
        ...

    def graph_triples(self, graph_iri: str) -> Graph: ...

    def replace_graph(self, graph_iri: str, triples: Graph | Iterable[Any]) -> int: ...

    def remove_graph(self, graph_iri: str) -> None: ...

    def add(self, quads: Iterable[Quad]) -> int: ...

    def dump(self, graph_iri: str | None = None) -> Iterator[bytes]:
        """N-Quads in chunks (the whole store, or one graph)."""
        ...

    def answer(self, job: Job) -> Outcome:
        """An endpoint answer in bytes, capped at `job.max_rows` rows and `job.max_bytes`."""
        ...

    def flush(self) -> None: ...

    def close(self) -> None: ...

    def __len__(self) -> int: ...


__all__ = ["Capabilities", "Job", "Outcome", "Quad", "TripleStore", "is_inferred_graph"]
