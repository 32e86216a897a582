"""Reading and writing RDF terms the way people type them: eq:Commitment, id:person/x, "text"@en."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..errors import InputError
from ..namespaces import PREFIXES

_LITERAL = re.compile(
    r'^"(?P<text>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?P<dt>\S+))?$'
)
_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z0-9_-]*)?:(?P<local>\S*)$")
_SCHEMES = ("http://", "https://", "urn:", "mailto:")
# Longest namespace first, so id: wins over a shorter prefix that happens to match.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def parse_iri(text: str) -> URIRef:
    """An IRI from <...>, a full http(s) IRI, a project prefixed name (eq:Step) or `a` (rdf:type)."""
    text = text.strip()
    if text == "a":
        return URIRef(RDF.type)
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
        if not text:
            raise InputError("empty IRI <>")
        return URIRef(text)
    if text.startswith(_SCHEMES):
        return URIRef(text)
    match = _PREFIXED.match(text)
    if match:
        prefix = match["prefix"] or ""
        if prefix not in PREFIXES:
            known = ", ".join(sorted(PREFIXES))
            raise InputError(f"unknown prefix {prefix!r} in {text!r}; known prefixes: {known}")
        return URIRef(PREFIXES[prefix] + match["local"])
    raise InputError(
        f"cannot read {text!r} as an IRI: use a prefixed name such as eq:Commitment, "
        "id:person/jeff-cuthbert, or a full <https://...> IRI"
    )


def parse_term(text: str) -> Node:
    """An IRI (see parse_iri) or a literal: "text", "text"@en, "2023-01-01"^^xsd:date."""
    text = text.strip()
    if text.startswith('"'):
        match = _LITERAL.match(text)
        if not match:
            raise InputError(f"cannot read {text!r} as a literal: expected \"text\", "
                             "\"text\"@en or \"value\"^^xsd:type")
        value = re.sub(r"\\(.)", r"\1", match["text"])
        if match["lang"]:
            return Literal(value, lang=match["lang"])
        if match["dt"]:
            return Literal(value, datatype=parse_iri(match["dt"]))
        return Literal(value)
    return parse_iri(text)


def short(term: Node | str) -> str:
    """A compact, readable form of a term: a prefixed name where a project prefix fits."""
    if isinstance(term, Literal):
        if term.language:
            return f'"{term}"@{term.language}'
        if term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f'"{term}"^^{short(URIRef(term.datatype))}'
        return f'"{term}"'
    text = str(term)
    if text == str(RDF.type):
        return "rdf:type"
    for prefix, namespace in _BY_LENGTH:
        local = text[len(namespace):]
        if text.startswith(namespace) and local and not re.search(r"[\s<>\"{}|^`\\]", local):
            return f"{prefix}:{local}"
    return f"<{text}>"
