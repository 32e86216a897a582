"""The one registry of the formats eqkg answers in, and the one content negotiator.

Every place that sends RDF or query answers picks its format here: the SPARQL
endpoint (/sparql, results and graphs, and its service description), the
linked-data pages (/id/, /vocab/, /ontology, /graph/, /dataset), the dumps
and the REST API (/api/queries, /api/validate). A format is listed once with
its media type, the other media types clients send for it, the names the
`format` parameter and the CLI accept, its file extension, the W3C format IRI
(for service descriptions) and the rdflib / pyoxigraph names that write it.

Kept free of Flask so that the query workers can use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from .errors import EqkgError, NotAcceptable

W3C_FORMATS = "http://www.w3.org/ns/formats/"

# Kinds of answer. "results": SPARQL SELECT/ASK results; "graph": an RDF graph
# (triples); "dataset": RDF with named graphs (quads); "page": HTML for people;
# "records": plain JSON for programs (the REST API).
RESULTS, GRAPH, DATASET, PAGE, RECORDS = "results", "graph", "dataset", "page", "records"


@dataclass(frozen=True)
class Format:
    """One serialisation: how clients name it and how eqkg writes it."""

    name: str  # the canonical short name ("turtle", "json", ...)
    media_type: str
    kind: str
    extension: str
    names: tuple[str, ...] = ()  # other values of `format=` that choose it
    aliases: tuple[str, ...] = ()  # other media types a client may send for it
    rdflib: str | None = None  # rdflib's serializer name
    oxigraph: Any = None  # pyoxigraph's RdfFormat / QueryResultsFormat
    iri: str | None = None  # http://www.w3.org/ns/formats/... (service descriptions)

    @property
    def key(self) -> str:
        """The name the query workers are given (kept for the executor's Job.fmt)."""
        return self.name

    @property
    def mimetype(self) -> str:
        return self.media_type

    @property
    def rdflib_format(self) -> str | None:
        return self.rdflib

    @property
    def quads(self) -> bool:
        return self.kind == DATASET

    @property
    def content_type(self) -> str:
        """The Content-Type header: every format eqkg writes is UTF-8 text."""
        return f"{self.media_type}; charset=utf-8"

    def known_as(self, token: str) -> bool:
        """Whether `token` (a name, extension or media type, lower case) names this format."""
        return (token == self.name or token in self.names or token == self.extension
                or token == self.media_type or token in self.aliases)


FORMATS: tuple[Format, ...] = (
    # SPARQL results (SELECT and ASK); JSON first: the endpoint's default.
    Format("json", "application/sparql-results+json", RESULTS, "srj",
           ("srj", "sparql-json"), ("application/json",),
           oxigraph=ox.QueryResultsFormat.JSON, iri=W3C_FORMATS + "SPARQL_Results_JSON"),
    Format("xml", "application/sparql-results+xml", RESULTS, "srx", ("srx",),
           ("application/xml", "text/xml"),
           oxigraph=ox.QueryResultsFormat.XML, iri=W3C_FORMATS + "SPARQL_Results_XML"),
    Format("csv", "text/csv", RESULTS, "csv", (), ("application/csv",),
           oxigraph=ox.QueryResultsFormat.CSV, iri=W3C_FORMATS + "SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", RESULTS, "tsv",
           oxigraph=ox.QueryResultsFormat.TSV, iri=W3C_FORMATS + "SPARQL_Results_TSV"),
    # RDF graphs (CONSTRUCT, DESCRIBE, linked-data pages); Turtle first: the default.
    Format("turtle", "text/turtle", GRAPH, "ttl", ("ttl", "n3"),
           ("application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3"),
           rdflib="turtle", oxigraph=ox.RdfFormat.TURTLE, iri=W3C_FORMATS + "Turtle"),
    Format("jsonld", "application/ld+json", GRAPH, "jsonld", ("json-ld", "json"),
           ("application/json", "application/x-json+ld"),
           rdflib="json-ld", oxigraph=ox.RdfFormat.JSON_LD, iri=W3C_FORMATS + "JSON-LD"),
    Format("ntriples", "application/n-triples", GRAPH, "nt", ("nt", "n-triples"),
           ("text/plain",), rdflib="nt11", oxigraph=ox.RdfFormat.N_TRIPLES,
           iri=W3C_FORMATS + "N-Triples"),
    Format("rdfxml", "application/rdf+xml", GRAPH, "rdf", ("rdf+xml", "xml"),
           ("application/xml", "text/xml"),
           rdflib="xml", oxigraph=ox.RdfFormat.RDF_XML, iri=W3C_FORMATS + "RDF_XML"),
    # RDF datasets (linked-data pages that keep their graphs, the dumps).
    Format("trig", "application/trig", DATASET, "trig", (), ("application/x-trig",),
           rdflib="trig", oxigraph=ox.RdfFormat.TRIG, iri=W3C_FORMATS + "TriG"),
    Format("nquads", "application/n-quads", DATASET, "nq", ("n-quads",),
           ("text/x-nquads",), rdflib="nquads", oxigraph=ox.RdfFormat.N_QUADS,
           iri=W3C_FORMATS + "N-Quads"),
    # For people and for programs that want plain JSON.
    Format("html", "text/html", PAGE, "html", (), ("application/xhtml+xml",)),
    Format("records", "application/json", RECORDS, "json", ("json",)),
)

BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}


def get(name: str) -> Format:
    """The format with this canonical name (a KeyError is a programming error)."""
    return BY_NAME[name]


def of_kind(*kinds: str) -> tuple[Format, ...]:
    """The formats of these kinds, kind by kind in the order given, each kind in the
    registry's order (its default first)."""
    return tuple(f for kind in kinds for f in FORMATS if f.kind == kind)


def pick(*names: str) -> tuple[Format, ...]:
    """Formats by canonical name, in the order given (the first is the default)."""
    return tuple(BY_NAME[n] for n in names)


RESULT_FORMATS = of_kind(RESULTS)
GRAPH_FORMATS = of_kind(GRAPH)
RDF_FORMATS = of_kind(GRAPH, DATASET)
# A linked-data page: HTML first (a browser's */* gets a page), then every RDF format.
PAGE_FORMATS = of_kind(PAGE, GRAPH, DATASET)


def find(token: str, offered: Iterable[Format] = FORMATS) -> Format | None:
    """The first of `offered` that `token` names (name, extension or media type)."""
    token = token.strip().lower()
    return next((f for f in offered if f.known_as(token)), None)


def split_extension(path: str, offered: Sequence[Format] = PAGE_FORMATS
                    ) -> tuple[str, Format | None]:
    """("organisation/x.ttl") -> ("organisation/x", turtle); unknown suffixes stay in the path."""
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext:
        fmt = next((f for f in offered if f.extension == ext.lower()), None)
        if fmt is not None:
            return stem, fmt
    return path, None


def _labels(offered: Sequence[Format]) -> str:
    return ", ".join(f.name for f in offered)


def negotiate(offered: Sequence[Format], accept: MIMEAccept | str | None = None,
              requested: Sequence[str] | str | None = (), *, extension: Format | None = None,
              lenient: bool = False, fallback_for: Sequence[Format] = (),
              unknown: type[EqkgError] = NotAcceptable, what: str = "this answer") -> Format:
    """The format to answer in: the one negotiator of the site.

    In order: a file extension on the path (must be offered), the `format`
    parameter (`requested`; SPARQLWrapper sends several, the first offered one
    wins), then the Accept header with its q-values and wildcards (ties go to
    the earlier format; canonical media types before aliases, so `text/*`
    picks a canonical type), and with no Accept header the first offered.

    When nothing fits: with `lenient` the first offered format (for answers
    that are not RDF, like the REST API's); when the Accept header names one
    of `fallback_for` (formats of the sibling kind, such as result-set types
    sent for a CONSTRUCT) also the first offered, as HTTP allows and SPARQL
    clients expect; otherwise NotAcceptable (406) naming what is offered. A
    `format` value known nowhere raises `unknown` (400 on /sparql, 406 on pages).
    """
    if extension is not None:
        if extension not in offered:
            raise NotAcceptable(f"{extension.name} is not available for {what}; use one of: "
                                f"{_labels(offered)}")
        return extension
    values = [requested] if isinstance(requested, str) else list(requested or ())
    values = [v for v in values if v and v.strip()]
    if values:
        for value in values:
            fmt = find(value, offered)
            if fmt is not None:
                return fmt
        if not lenient:
            token = values[0].strip().lower()
            if find(token) is None and "/" not in token:
                raise unknown(f"unknown format {values[0]!r}; use one of: {_labels(offered)}")
            raise NotAcceptable(f"format {values[0]!r} cannot carry {what}; use one of: "
                                f"{_labels(offered)}")
    if isinstance(accept, str):
        accept = parse_accept_header(accept, MIMEAccept)
    if not accept:
        return offered[0]
    candidates = [f.media_type for f in offered] + [a for f in offered for a in f.aliases]
    best = accept.best_match(candidates)
    if best is not None:
        return next(f for f in offered if best == f.media_type or best in f.aliases)
    if lenient:
        return offered[0]
    if fallback_for and accept.best_match(
            [m for f in fallback_for for m in (f.media_type, *f.aliases)]) is not None:
        return offered[0]
    raise NotAcceptable(f"none of the accepted media types can carry {what}; available: "
                        f"{', '.join(f.media_type for f in offered)}")


def choose(accept: MIMEAccept | str | None, fmt: str | None, choices: Sequence[Format]) -> Format:
    """For answers that are not RDF (JSON, CSV, reports): by `format=`, else Accept, else the
    first of `choices`; never 406 (see `negotiate(lenient=True)`)."""
    return negotiate(choices, accept, fmt, lenient=True)
