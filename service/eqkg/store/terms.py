"""RDF terms written as N-Triples text, and SPARQL text edits that never splice user text.

Used wherever a term has to travel as text to a server that cannot take it as
a term: parameter values bound as VALUES (servers without substitutions),
graph bodies sent by the Graph Store Protocol, dumps of a remote store. Every
term is checked and escaped here, so a hostile value stays one term of data.
Pure Python on rdflib terms: no backend library is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import InputError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# An absolute IRI (RFC 3987): a scheme, then ASCII IRI characters, %XX escapes, and the
# ucschar / iprivate ranges; nothing that could end an IRIREF early (space, <>"{}|^`\),
# and no [ ] (only an IPv6 host may have them, which eqkg's IRIs never name).
_IRI = re.compile(
    r"^[A-Za-z][A-Za-z0-9+.-]*:"
    r"(?:[A-Za-z0-9\-._~:/?#@!$&'()*+,;=]|%[0-9A-Fa-f]{2}"
    "|[\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
    "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd"
    "\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd"
    "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd])*$")
_LANG = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")
_BNODE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def iri_text(iri: str) -> str:
    """`<iri>`, refusing an IRI that could end the term early."""
    if not _IRI.match(iri):
        raise InputError(f"not an absolute IRI: {iri[:200]!r}")
    return f"<{iri}>"


def _escape(char: re.Match[str]) -> str:
    c = char.group()
    return _ESCAPES.get(c) or f"\\u{ord(c):04X}"


def literal_text(value: str, language: str | None = None, datatype: str | None = None) -> str:
    """A literal in N-Triples: quotes, backslashes and control characters escaped."""
    body = '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'
    if language:
        if not _LANG.match(language):
            raise InputError(f"not a language tag: {language[:50]!r}")
        return f"{body}@{language}"
    if datatype and datatype not in (XSD_STRING,):
        return f"{body}^^{iri_text(datatype)}"
    return body


def term_text(term: Node) -> str:
    """An rdflib term as N-Triples text."""
    if isinstance(term, URIRef):
        return iri_text(str(term))
    if isinstance(term, Literal):
        return literal_text(str(term), term.language,
                            str(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        if not _BNODE.match(str(term)):
            raise InputError(f"not a blank node label: {str(term)[:50]!r}")
        return f"_:{term}"
    raise InputError(f"cannot write RDF term of type {type(term).__name__}")


def any_term_text(term: Any) -> str:
    """rdflib terms through `term_text`; a backend's own terms (which print as N-Triples)
    by their text."""
    if isinstance(term, Node):
        return term_text(term)
    return str(term)


def triple_lines(triples: Iterable[Any]) -> Iterator[str]:
    """N-Triples lines of rdflib triples (tuples) or backend triples (with .subject...)."""
    for t in triples:
        if hasattr(t, "subject"):
            yield f"{t.subject} {t.predicate} {t.object} .\n"
        else:
            s, p, o = t[0], t[1], t[2]
            yield f"{any_term_text(s)} {any_term_text(p)} {any_term_text(o)} .\n"


# -- SPARQL text: where the top-level group of a query starts and ends --------------------

_TOKEN = re.compile(
    r'''(?P<comment>\#[^\n]*)
      | (?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\')
      | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<open>\{) | (?P<close>\})
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<other>.)''', re.VERBOSE | re.DOTALL)


def _top_level(query: str) -> list[tuple[str, str, int, int]]:
    """(kind, text, start, depth) of each token outside strings, IRIs and comments."""
    out = []
    depth = 0
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup or "other"
        if kind in ("comment", "long", "string", "iri"):
            continue
        if kind == "close":
            depth -= 1
        out.append((kind, m.group(), m.start(), depth))
        if kind == "open":
            depth += 1
    return out


def where_start(query: str) -> int:
    """The offset just after the `{` that opens the query's top-level WHERE group."""
    tokens = [t for t in _top_level(query) if t[3] == 0]
    after_where = False
    for kind, text, start, _depth in tokens:
        if kind == "word" and text.upper() == "WHERE":
            after_where = True
        elif kind == "open" and after_where:
            return start + 1
    form = next((text.upper() for kind, text, _s, _d in tokens if kind == "word"
                 and text.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), None)
    if form in ("SELECT", "ASK"):
        for kind, _text, start, _depth in tokens:
            if kind == "open":
                return start + 1
    raise InputError("cannot bind parameters: the query has no WHERE group")


def bind_values(query: str, bindings: Mapping[str, Node]) -> str:
    """The query with `bindings` as a VALUES block at the start of its top-level group:
    the values are joined before anything else in the group is evaluated, as a
    substitution would bind them. Every value is written as N-Triples (`term_text`)."""
    if not bindings:
        return query
    names = list(bindings)
    for name in names:
        if not _VARIABLE.match(name):
            raise InputError(f"not a variable name: {name[:50]!r}")
    block = (" VALUES (" + " ".join("?" + n for n in names) + ") { ("
             + " ".join(term_text(bindings[n]) for n in names) + ") } ")
    at = where_start(query)
    return query[:at] + block + query[at:]


def page(query: str, limit: int | None, offset: int) -> str | None:
    """The query with LIMIT/OFFSET appended, or None when its text already ends in a
    solution modifier or VALUES that a page cannot simply follow (page in Python then)."""
    if limit is None and not offset:
        return query
    tokens = [t for t in _top_level(query) if t[3] == 0]
    words = {text.upper() for kind, text, _s, _d in tokens if kind == "word"}
    if words & {"LIMIT", "OFFSET", "VALUES"}:
        return None
    tail = ""
    if limit is not None:
        tail += f" LIMIT {int(limit)}"
    if offset:
        tail += f" OFFSET {int(offset)}"
    return query.rstrip() + "\n" + tail


def has_dataset_clause(query: str) -> bool:
    """Does the query name its own dataset (FROM / FROM NAMED) at the top level?"""
    return any(kind == "word" and text.upper() == "FROM" and depth == 0
               for kind, text, _s, depth in _top_level(query))


__all__ = ["iri_text", "literal_text", "term_text", "any_term_text", "triple_lines",
           "where_start", "bind_values", "page", "has_dataset_clause", "query_form"]


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of them at the top level."""
    for kind, text, _start, depth in _top_level(query):
        if kind == "word" and depth == 0 and text.upper() in (
                "SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return text.upper()
    raise InputError("malformed SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
