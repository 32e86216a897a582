"""The SPARQL 1.1 Protocol: reading a request, choosing a result format, writing results.

Answers are written by the store backends (`TripleStore.answer`), SELECT results
through eqkg.results (shared with the CLI and the REST API).

Kept free of Flask so the worker processes and the benchmarks can use it:
the web view hands over plain values (method, content type, parameters).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import formats
from ..errors import InputError, TooLarge
from ..formats import Format
from ..store.terms import iri_text

CAPPED_HEADER = "X-EQKG-Capped"

# The endpoint's formats, from the site's one registry (eqkg.formats).
RESULT_FORMATS: tuple[Format, ...] = formats.RESULT_FORMATS
GRAPH_FORMATS: tuple[Format, ...] = formats.GRAPH_FORMATS


def formats_for(kind: str) -> tuple[Format, ...]:
    return GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS


def negotiate(kind: str, accept: Any, requested: Sequence[str] = ()) -> Format:
    """The format to answer a query of this kind ("graph" or "results") in.

    `requested` holds the values of the `format` parameter (SPARQLWrapper sends
    several); the first one this endpoint can answer in wins. Otherwise the Accept
    header decides (q-values and wildcards); with no Accept header, the first format
    (SPARQL JSON, or Turtle for a graph). An Accept header naming only formats of the
    other kind (result-set types for a CONSTRUCT, as Comunica sends, or RDF types for a
    SELECT) gets that default too; one naming nothing SPARQL can carry gets 406. An
    unknown `format` name is a 400.
    """
    offered = formats_for(kind)
    other = formats.RESULT_FORMATS if kind == "graph" else formats.RDF_FORMATS
    return formats.negotiate(offered, accept, requested, fallback_for=other,
                             unknown=InputError, what=_kind_label(kind))


def _kind_label(kind: str) -> str:
    return "an RDF graph (CONSTRUCT/DESCRIBE)" if kind == "graph" else \
        "query results (SELECT/ASK)"


# -- reading a request -----------------------------------------------------------


@dataclass
class ProtocolRequest:
    """The protocol parameters of one request, whatever form it came in."""

    query: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    inferred: bool = True


def _truthy(value: str, name: str) -> bool:
    value = value.strip().lower()
    if value in ("true", "1", "yes", "on", ""):
        return True
    if value in ("false", "0", "no", "off"):
        return False
    raise InputError(f"{name}={value!r}: expected true or false")


def _graph_iris(values: Sequence[str], name: str) -> list[str]:
    """The graphs a dataset parameter names: absolute IRIs, else a 400 naming the value.

    A graph the store does not hold is an empty graph, as the protocol tests expect; it
    is never fetched (Oxigraph only selects graphs from the store)."""
    iris = []
    for value in values:
        iri = value.strip()
        if not iri:
            continue
        try:
            iri_text(iri)
        except InputError:
            raise InputError(f"{name}={iri[:200]!r} is not an absolute IRI") from None
        iris.append(iri)
    return iris


def read_request(method: str, content_type: str, args: Mapping[str, list[str]],
                 form: Mapping[str, list[str]], body: bytes | None,
                 max_query_length: int) -> ProtocolRequest:
    """Validate one request against the protocol's three query forms.

    `args` are the URL's parameters, `form` the urlencoded body's, `body` the
    raw body of a POST application/sparql-query. Updates are refused here (403).
    """
    from .guard import Refused

    media = content_type.split(";", 1)[0].strip().lower()
    params: dict[str, list[str]] = {k: list(v) for k, v in args.items()}
    if method == "POST":
        if media == "application/sparql-update":
            raise Refused("SPARQL Update is refused: this endpoint is read-only")
        if media == "application/x-www-form-urlencoded":
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            if "query" in params:
                raise InputError("a POST with application/sparql-query carries the query in "
                                 "its body, not also in a query= parameter")
            try:
                params["query"] = [(body or b"").decode("utf-8")]
            except UnicodeDecodeError as exc:
                raise InputError("the query body is not UTF-8 text") from exc
        else:
            raise InputError(f"unsupported Content-Type {media or '(none)'!r} for a POST: use "
                             "application/x-www-form-urlencoded or application/sparql-query")
    if params.get("update"):
        raise Refused("SPARQL Update is refused: this endpoint is read-only")
    queries = params.get("query", [])
    if len(queries) > 1:
        raise InputError("more than one query= parameter")
    if method == "POST" and not queries:
        raise InputError("no query: send query= (form) or an application/sparql-query body")
    query = queries[0] if queries else None
    if query is not None and len(query) > max_query_length:
        raise TooLarge(f"the query is {len(query)} characters long; this endpoint accepts "
                       f"at most {max_query_length}")
    if query is not None and not query.strip():
        raise InputError("the query is empty")
    inferred = True
    if "inferred" in params:
        inferred = _truthy(params["inferred"][-1], "inferred")
    if "asserted-only" in params:
        inferred = not _truthy(params["asserted-only"][-1], "asserted-only")
    return ProtocolRequest(
        query=query,
        default_graphs=_graph_iris(params.get("default-graph-uri", []), "default-graph-uri"),
        named_graphs=_graph_iris(params.get("named-graph-uri", []), "named-graph-uri"),
        formats=[f for f in params.get("format", []) if f.strip()],
        inferred=inferred,
    )
