"""Query answers as tables and in the SPARQL results formats: the one writer of answers.

The CLI (`eqkg query`), the web pages, the REST API (`/api/queries/NAME`) and
the SPARQL endpoint (`/sparql`, through eqkg.sparql.protocol) all write
answers here, so the same answer has the same bytes everywhere: CSV is the
SPARQL 1.1 CSV format (RFC 4180: CRLF after every row, the last included, and
nothing after it), JSON the SPARQL 1.1 JSON format, and so on. Kept free of
Flask so the endpoint's worker processes can use it.

Terms are rdflib terms (every backend's neutral answers); the embedded
backend's endpoint path hands Oxigraph's own terms to `write_bindings`
directly, for speed, and they are read by their shape (`value`, `language`,
`datatype`), so this module needs no backend library.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring as _json_str  # the C escaper
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef

from eqkg.errors import NotAcceptable

CAPPED_LINK = "urn:eqkg:capped"  # marks an answer cut at the row limit (JSON and XML heads)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
BINDINGS_FORMATS = ("json", "xml", "csv", "tsv")


@dataclass
class Table:
    """A SELECT answer as plain data: column names and rows of RDF terms (or None)."""

    columns: list[str]
    rows: list[list[Any]]
    capped: bool = False

    def values(self) -> list[list[str]]:
        return [[term_text(v) for v in row] for row in self.rows]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """The rows as {column: term or None}."""
        columns = self.columns
        return (dict(zip(columns, row, strict=True)) for row in self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return True

    def to_records(self) -> list[dict[str, str]]:
        return [
            {c: term_text(v) for c, v in zip(self.columns, row, strict=True) if v is not None}
            for row in self.rows
        ]


def term_text(term: Any) -> str:
    """The plain value of a term: IRI, literal lexical form, or '' for unbound."""
    if term is None:
        return ""
    if isinstance(term, (URIRef, BNode, Literal)):
        return str(term)
    return getattr(term, "value", str(term))


# -- reading a term by its shape: rdflib's, or a backend's own -------------------------

URI, BNODE, LITERAL, TRIPLE = "uri", "bnode", "literal", "triple"
_BACKEND_KINDS = {"NamedNode": URI, "BlankNode": BNODE, "Literal": LITERAL, "Triple": TRIPLE}


def term_kind(term: Any) -> str:
    """uri, bnode, literal or triple."""
    if isinstance(term, URIRef):
        return URI
    if isinstance(term, Literal):
        return LITERAL
    if isinstance(term, BNode):
        return BNODE
    return _BACKEND_KINDS[type(term).__name__]


def _value(term: Any) -> str:
    return str(term) if isinstance(term, (URIRef, BNode, Literal)) else term.value


def _language(term: Any) -> str | None:
    return term.language or None


def _datatype(term: Any) -> str:
    if isinstance(term, Literal):
        return str(term.datatype) if term.datatype else XSD_STRING
    return term.datatype.value


def _ntriples(term: Any) -> str:
    if isinstance(term, (URIRef, BNode, Literal)):
        from .store.terms import term_text

        return term_text(term)
    return str(term)


# -- the SPARQL 1.1 results formats ----------------------------------------------------


def write_bindings(variables: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str,
                   capped: bool = False) -> bytes:
    """SELECT results in one of the four SPARQL 1.1 result formats (json, xml, csv, tsv).

    Written here rather than by a backend so that a capped answer can be
    serialised from the rows kept and carry a marker (JSON and XML: a
    `link` to urn:eqkg:capped in the head, and `"capped": true` in JSON).
    """
    if fmt == "json":
        return _bindings_json(variables, rows, capped).encode("utf-8")
    if fmt == "xml":
        return _bindings_xml(variables, rows, capped).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_value(t) for t in row] for row in rows)
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join(_tsv_value(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"not a results format: {fmt}")


def write_boolean(value: bool, fmt: str) -> bytes:
    """An ASK answer in one of the four SPARQL 1.1 result formats (the bytes Oxigraph writes)."""
    text = "true" if value else "false"
    if fmt == "json":
        return ('{"head":{},"boolean":' + text + "}").encode()
    if fmt == "xml":
        return ('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                "<head></head><boolean>" + text + "</boolean></sparql>").encode()
    if fmt in ("csv", "tsv"):
        return text.encode()
    raise ValueError(f"not a results format: {fmt}")


def table_bytes(table: Table, fmt: str) -> bytes:
    """A Table in one of the SPARQL 1.1 result formats (see `write_bindings`)."""
    return write_bindings(table.columns, table.rows, fmt, table.capped)


def table_csv(table: Table) -> str:
    """A Table as SPARQL 1.1 CSV text (CRLF line ends, no blank line at the end)."""
    return table_bytes(table, "csv").decode("utf-8")


def _bindings_json(variables: Sequence[str], rows: Iterable[Sequence[Any]],
                   capped: bool) -> str:
    """SPARQL JSON written as text: several times faster than building dicts for json.dumps."""
    keys = [_json_str(v) + ":" for v in variables]
    head = '{"head":{"vars":[' + ",".join(_json_str(v) for v in variables) + "]"
    if capped:
        head += ',"link":[' + _json_str(CAPPED_LINK) + "]"
    bindings = ",".join(
        "{" + ",".join(k + _term_json_text(t) for k, t in zip(keys, row, strict=True)
                       if t is not None) + "}"
        for row in rows)
    tail = ',"capped":true' if capped else ""
    return head + '},"results":{"bindings":[' + bindings + "]}" + tail + "}"


def _term_json_text(term: Any) -> str:
    kind = term_kind(term)
    if kind is TRIPLE:  # a triple term, as the SPARQL 1.2 JSON results format writes it
        return ('{"type":"triple","value":{"subject":' + _term_json_text(term.subject) + ',"predicate":'
                + _term_json_text(term.predicate) + ',"object":' + _term_json_text(term.object) + "}}")
    value = _json_str(_value(term))
    if kind is URI:
        return '{"type":"uri","value":' + value + "}"
    if kind is BNODE:
        return '{"type":"bnode","value":' + value + "}"
    language = _language(term)
    if language:
        direction = _direction(term)
        return ('{"type":"literal","value":' + value + ',"xml:lang":' + _json_str(language)
                + (',"its:dir":' + _json_str(direction) if direction else "") + "}")
    datatype = _datatype(term)
    if datatype == XSD_STRING:
        return '{"type":"literal","value":' + value + "}"
    return '{"type":"literal","value":' + value + ',"datatype":' + _json_str(datatype) + "}"


def _csv_value(term: Any) -> str:
    if term is None:
        return ""
    kind = term_kind(term)
    if kind is BNODE:
        return f"_:{_value(term)}"
    if kind is TRIPLE:
        return f"<<( {term} )>>"  # N-Triples 1.2 form; CSV has no other way to write a triple term
    return _value(term)


def _tsv_value(term: Any) -> str:
    """A term in its N-Triples form (a triple term as <<( s p o )>>), '' when unbound."""
    if term is None:
        return ""
    return f"<<( {term} )>>" if term_kind(term) is TRIPLE else _ntriples(term)


def _bindings_xml(variables: Sequence[str], rows: Iterable[Sequence[Any]], capped: bool) -> str:
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n'
             '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
    if capped:
        parts.append(f'<link href="{CAPPED_LINK}"/>')
    parts.append("</head>\n<results>\n")
    for row in rows:
        parts.append("<result>")
        for var, term in zip(variables, row, strict=True):
            if term is not None:
                parts.append(f"<binding name={quoteattr(var)}>{_term_xml(term)}</binding>")
        parts.append("</result>\n")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts)


def _term_xml(term: Any) -> str:
    kind = term_kind(term)
    if kind is TRIPLE:  # SPARQL 1.2 XML results: <triple><subject>...</subject>...</triple>
        return (f"<triple><subject>{_term_xml(term.subject)}</subject><predicate>{_term_xml(term.predicate)}"
                f"</predicate><object>{_term_xml(term.object)}</object></triple>")
    if kind is URI:
        return f"<uri>{_xml_text(_value(term))}</uri>"
    if kind is BNODE:
        return f"<bnode>{_xml_text(_value(term))}</bnode>"
    language = _language(term)
    if language:
        direction = _direction(term)
        its = f' xmlns:its="{ITS}" its:dir={quoteattr(direction)}' if direction else ""
        return f"<literal xml:lang={quoteattr(language)}{its}>{_xml_text(_value(term))}</literal>"
    return f"<literal datatype={quoteattr(_datatype(term))}>{_xml_text(_value(term))}</literal>"


ITS = "http://www.w3.org/2005/11/its"


def _direction(literal: Any) -> str | None:
    """The base direction of a literal ("ltr", "rtl") in RDF 1.2, or None."""
    direction = getattr(literal, "direction", None)
    if direction is None or isinstance(direction, str):
        return direction or None
    return direction.value
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    """Escaped for XML 1.0: a carriage return as &#13; (a parser would turn a raw one into a line feed).

    XML 1.0 cannot carry the other C0 control characters at all, escaped or not; an answer holding one
    is refused with a message naming it rather than written as ill-formed XML (docs/sparql.md).
    """
    bad = _NOT_XML.search(value)
    if bad:
        raise NotAcceptable(f"the answer holds the control character U+{ord(bad.group()):04X}, which XML "
                            "cannot carry; ask for JSON, CSV or TSV instead")
    return escape(value).replace("\r", "&#13;")


# -- for people at a terminal ------------------------------------------------------------


def table_text(table: Table, max_width: int = 60) -> str:
    """A fixed-width text table for terminals."""
    values = [[v if len(v) <= max_width else v[: max_width - 1] + "…" for v in row]
              for row in table.values()]
    widths = [len(c) for c in table.columns]
    for row in values:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    line = "  ".join
    out = [line(c.ljust(w) for c, w in zip(table.columns, widths, strict=True)),
           line("-" * w for w in widths)]
    out += [line(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in values]
    out.append(f"({len(values)} row{'s' if len(values) != 1 else ''}"
               f"{', capped' if table.capped else ''})\n")
    return "\n".join(out)


def render(answer: Any, fmt: str) -> bytes:
    """Any query answer (SELECT, ASK, CONSTRUCT) as the CLI prints it: table, csv or json.

    csv and json are the bytes the API and the endpoint send for the same answer;
    every form ends with exactly one line break.
    """
    if isinstance(answer, bool):
        value = "true" if answer else "false"
        return (f'{{"head":{{}},"boolean":{value}}}\n' if fmt == "json" else value + "\n").encode()
    if isinstance(answer, Graph):
        from .namespaces import PREFIXES

        for prefix, iri in PREFIXES.items():
            answer.bind(prefix, iri, override=True)
        data = answer.serialize(format="json-ld" if fmt == "json" else "turtle", encoding="utf-8")
        return data if data.endswith(b"\n") else data + b"\n"
    table = answer
    if fmt == "csv":
        return table_bytes(table, "csv")
    if fmt == "json":
        return table_bytes(table, "json") + b"\n"
    return table_text(table).encode("utf-8")
