"""The SPARQL 1.1 Protocol: reading a request, choosing a result format, writing results.

SELECT results are written by eqkg.results (shared with the CLI and the REST API).

Kept free of Flask so the worker processes and the benchmarks can use it:
the web view hands over plain values (method, content type, parameters).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..errors import InputError, NotAcceptable, TooLarge

CAPPED_HEADER = "X-EQKG-Capped"


@dataclass(frozen=True)
class Format:
    """One result serialisation: its short name, media type and the kind of answer it carries."""

    key: str
    media_type: str
    kind: str  # "results" (SELECT/ASK) or "graph" (CONSTRUCT/DESCRIBE)
    names: tuple[str, ...]  # values of the `format` parameter that select it
    aliases: tuple[str, ...] = ()  # other media types a client may ask for

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(
            ("json", "xml", "n-triples"))
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", "results", ("json", "srj"),
           ("application/json",)),
    Format("xml", "application/sparql-results+xml", "results", ("xml", "srx"),
           ("application/xml", "text/xml")),
    Format("csv", "text/csv", "results", ("csv",)),
    Format("tsv", "text/tab-separated-values", "results", ("tsv",)),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", "graph", ("ttl", "turtle", "n3"),
           ("application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3")),
    Format("nt", "application/n-triples", "graph", ("nt", "ntriples", "n-triples"),
           ("text/plain",)),
    Format("jsonld", "application/ld+json", "graph", ("jsonld", "json-ld", "json"),
           ("application/json", "application/x-json+ld")),
    Format("rdfxml", "application/rdf+xml", "graph", ("rdfxml", "rdf", "xml", "rdf+xml"),
           ("application/xml", "text/xml")),
)
FORMAT_NAMES = sorted({n for f in RESULT_FORMATS + GRAPH_FORMATS for n in f.names})
OX_RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
              "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
OX_GRAPH = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
            "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}


def formats_for(kind: str) -> tuple[Format, ...]:
    return GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS


def negotiate(kind: str, accept: Any, requested: Sequence[str] = ()) -> Format:
    """The format to answer in.

    `requested` holds the values of the `format` parameter (SPARQLWrapper
    sends several); the first one this endpoint knows wins. Otherwise the
    Accept header decides (`accept` is a werkzeug MIMEAccept, honouring
    q-values and wildcards); with no Accept header, the first format.
    Raises NotAcceptable when nothing fits, InputError for unknown names.
    """
    candidates = formats_for(kind)
    if requested:
        known = False
        for value in requested:
            value = value.strip().lower()
            for fmt in candidates:
                if value in fmt.names or value == fmt.media_type or value in fmt.aliases:
                    return fmt
            if value in FORMAT_NAMES or "/" in value:
                known = True
        if not known:
            raise InputError(f"unknown format {requested[0]!r}; use one of "
                             f"{', '.join(FORMAT_NAMES)}")
        raise NotAcceptable(f"format {requested[0]!r} cannot carry "
                            f"{_kind_label(kind)}; use one of "
                            f"{', '.join(f.names[0] for f in candidates)}")
    # Canonical types first, so that a wildcard (text/*, */*) picks one of them.
    offered = [f.media_type for f in candidates] + [a for f in candidates for a in f.aliases]
    best = accept.best_match(offered) if accept is not None else offered[0]
    if best is None:
        raise NotAcceptable(f"none of the accepted media types can carry {_kind_label(kind)}; "
                            f"this endpoint offers {', '.join(f.media_type for f in candidates)}")
    return next(f for f in candidates if best == f.media_type or best in f.aliases)


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
        default_graphs=[g.strip() for g in params.get("default-graph-uri", []) if g.strip()],
        named_graphs=[g.strip() for g in params.get("named-graph-uri", []) if g.strip()],
        formats=[f for f in params.get("format", []) if f.strip()],
        inferred=inferred,
    )


# -- writing results -------------------------------------------------------------
# SELECT results are written by eqkg.results.write_bindings, the one writer of
# answers, so the endpoint's CSV is byte for byte the CSV of `eqkg query` and
# /api/queries; ASK and CONSTRUCT/DESCRIBE answers are written here.


def serialize_boolean(answer: Any, fmt: str) -> bytes:
    return answer.serialize(format=OX_RESULTS[fmt])


def serialize_graph(triples: list[Any], fmt: str, prefixes: Mapping[str, str]) -> bytes:
    """CONSTRUCT/DESCRIBE answers; Turtle is written with the project's prefixes."""
    if fmt == "turtle":
        return ox.serialize(triples, format=OX_GRAPH[fmt], prefixes=dict(prefixes))
    return ox.serialize(triples, format=OX_GRAPH[fmt])
