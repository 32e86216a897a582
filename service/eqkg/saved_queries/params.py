"""Turn the strings a person types (or picks) into RDF terms, with validation.

Values become RDF terms and are handed to the store as bindings (substitutions
on the embedded store, VALUES written as N-Triples on a SPARQL server), so a
value is always data: no user string is ever spliced into query text.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import InputError
from ..namespaces import VOCAB, data_base
from ..store import TripleStore as Store
from ..store.terms import iri_text
from .header import Parameter, SavedQuery

# Entity types: the class their values must belong to and the path segment of their IRIs.
ENTITY_TYPES = {
    "person": ("https://w3id.org/eqkg/ontology#Person", "person/"),
    "organisation": ("https://w3id.org/eqkg/ontology#Organisation", "organisation/"),
    "document": ("https://w3id.org/eqkg/ontology#Document", ""),
}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INTEGER_RE = re.compile(r"^[+-]?\d{1,18}$")
IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
LABEL = ("COALESCE(?pref_en, ?name, ?title_en, ?pref_any, ?title_any, STR(?value))")
# Shown in an error message before "... and N more".
MAX_LISTED = 25


class ParameterError(InputError):
    """A parameter value is unusable; carries the parameter and what it accepts."""

    def __init__(self, query: str, parameter: str, message: str,
                 allowed: list[str] | None = None):
        self.query = query
        self.parameter = parameter
        self.allowed = allowed or []
        text = f"parameter {parameter!r} of {query}: {message}"
        if self.allowed:
            shown = ", ".join(self.allowed[:MAX_LISTED])
            more = len(self.allowed) - MAX_LISTED
            text += f"; allowed values: {shown}" + (f" (and {more} more)" if more > 0 else "")
        super().__init__(text)


@dataclass(frozen=True)
class AllowedValue:
    """One value a parameter accepts: the short form people type, its term and labels."""

    value: str
    term: str
    label: dict[str, str]
    group: str | None = None

    def label_in(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("en") or self.value


_cache: weakref.WeakKeyDictionary[Store, dict[tuple[str, str], list[AllowedValue]]] = (
    weakref.WeakKeyDictionary()
)


def scheme_iri(scheme: str) -> str:
    return scheme if "://" in scheme else str(VOCAB) + scheme


def _concept_values(store: Store, scheme: str) -> list[AllowedValue]:
    """Concepts of a scheme, broader ones first, each followed by its narrower ones."""
    iri = scheme_iri(scheme)
    rows = store.query(
        """SELECT ?scheme ?value ?label_en ?label_cy ?top WHERE {
             ?value skos:inScheme ?scheme .
             OPTIONAL { ?value skos:prefLabel ?label_en FILTER(LANGMATCHES(LANG(?label_en), "en")) }
             OPTIONAL { ?value skos:prefLabel ?label_cy FILTER(LANGMATCHES(LANG(?label_cy), "cy")) }
             OPTIONAL { ?value skos:broader ?top . ?top skos:inScheme ?scheme }
           }""",
        bindings={"scheme": URIRef(iri)}, inferred=False,
    )
    prefix = iri + "/"
    found: dict[str, AllowedValue] = {}
    for row in rows:
        term = str(row["value"])
        if term in found:
            continue
        value = term[len(prefix):] if term.startswith(prefix) else term
        label = {lang: str(row[f"label_{lang}"]) for lang in ("en", "cy")
                 if row[f"label_{lang}"] is not None}
        group = str(row["top"]) if row["top"] is not None else None
        found[term] = AllowedValue(value, term, label, group)

    def key(v: AllowedValue) -> tuple[str, int, str]:
        top = found.get(v.group or "", v)
        return (top.label_in("en").lower(), 0 if v.group is None else 1, v.label_in("en").lower())

    return sorted(found.values(), key=key)


def _entity_values(store: Store, ptype: str) -> list[AllowedValue]:
    """Every instance of the type's class (asserted), labelled, in label order."""
    cls, segment = ENTITY_TYPES[ptype]
    rows = store.query(
        f"""SELECT ?cls ?value (SAMPLE({LABEL}) AS ?label) WHERE {{
              ?value a ?cls .
              FILTER(isIRI(?value))
              OPTIONAL {{ ?value skos:prefLabel ?pref_en FILTER(LANGMATCHES(LANG(?pref_en), "en")) }}
              OPTIONAL {{ ?value skos:prefLabel ?pref_any }}
              OPTIONAL {{ ?value foaf:name ?name }}
              OPTIONAL {{ ?value dcterms:title ?title_en FILTER(LANGMATCHES(LANG(?title_en), "en")) }}
              OPTIONAL {{ ?value dcterms:title ?title_any }}
            }} GROUP BY ?cls ?value""",
        bindings={"cls": URIRef(cls)}, inferred=True,
    )
    base = data_base() + segment
    out = []
    for row in rows:
        term = str(row["value"])
        value = term[len(base):] if term.startswith(base) else term
        label = str(row["label"]) if row["label"] is not None else value
        out.append(AllowedValue(value, term, {"en": label, "cy": label}))
    return sorted(out, key=lambda v: (v.label["en"].lower(), v.value))


def _query_values(store: Store, sparql: str) -> list[AllowedValue]:
    """Values from a header's values_query: ?value, optional ?label_en / ?label_cy."""
    out: list[AllowedValue] = []
    seen = set()
    for row in store.query(sparql, inferred=True):
        term = row["value"]
        if term is None or str(term) in seen:
            continue
        seen.add(str(term))
        label = {}
        for lang in ("en", "cy"):
            try:
                if row[f"label_{lang}"] is not None:
                    label[lang] = str(row[f"label_{lang}"])
            except (KeyError, ValueError):
                pass
        out.append(AllowedValue(str(term), str(term), label))
    return out


def allowed_values(store: Store, param: Parameter) -> list[AllowedValue] | None:
    """What a parameter accepts, from its header, its vocabulary or the graph (None: free)."""
    if param.values:
        return [AllowedValue(v, v, {}) for v in param.values]
    if param.values_query:
        key = ("query", param.values_query)
    elif param.scheme:
        key = ("scheme", param.scheme)
    elif param.type in ENTITY_TYPES:
        key = ("entity", param.type)
    else:
        return None
    per_store = _cache.setdefault(store, {})
    if key not in per_store:
        if key[0] == "query":
            per_store[key] = _query_values(store, key[1])
        elif key[0] == "scheme":
            per_store[key] = _concept_values(store, key[1])
        else:
            per_store[key] = _entity_values(store, key[1])
    return per_store[key]


def _lookup(values: list[AllowedValue], raw: str) -> AllowedValue | None:
    """Find a value by its short form, IRI, IRI path after the data base, or label."""
    wanted = raw.strip()
    folded = wanted.casefold()
    base = data_base()
    for v in values:
        if wanted in (v.value, v.term) or (v.term.startswith(base) and wanted == v.term[len(base):]):
            return v
    matches = [v for v in values if folded in {s.casefold() for s in v.label.values()}]
    if len(matches) == 1:
        return matches[0]
    tail = [v for v in values if v.value.rsplit("/", 1)[-1] == wanted]
    return tail[0] if len(tail) == 1 else None


def convert(store: Store, query: SavedQuery, param: Parameter, raw: str) -> Node:
    """One parameter's string as an RDF term, or a ParameterError saying what is allowed."""
    fail = ParameterError
    if param.type == "date":
        if raw.strip().lower() == "today":
            raw = dt.date.today().isoformat()
        try:
            if not DATE_RE.match(raw):
                raise ValueError
            dt.date.fromisoformat(raw)
        except ValueError:
            raise fail(query.name, param.name,
                       f"{raw!r} is not a date; use the form YYYY-MM-DD, e.g. 2023-04-01") from None
        return Literal(raw, datatype=XSD.date)
    if param.type == "integer":
        if not INTEGER_RE.match(raw.strip()):
            raise fail(query.name, param.name, f"{raw!r} is not a whole number")
        number = int(raw)
        if (param.min is not None and number < param.min) or (
                param.max is not None and number > param.max):
            raise fail(query.name, param.name,
                       f"{number} is out of range {param.min}..{param.max}")
        return Literal(number, datatype=XSD.integer)
    values = allowed_values(store, param)
    if values is not None:
        found = _lookup(values, raw)
        if found is None:
            raise fail(query.name, param.name, f"{raw!r} is not an allowed value",
                       [v.value for v in values] or ["(none in this graph)"])
        if param.type == "text":
            return Literal(found.term)
        return URIRef(found.term)
    if param.type == "iri":
        try:
            if not IRI_RE.match(raw):
                raise ValueError
            iri_text(raw)
        except (ValueError, InputError):
            raise fail(query.name, param.name,
                       f"{raw!r} is not an absolute IRI such as https://example.org/x") from None
        return URIRef(raw)
    if len(raw) > param.max_length:
        raise fail(query.name, param.name, f"longer than {param.max_length} characters")
    if not raw.strip():
        raise fail(query.name, param.name, "must not be empty")
    return Literal(raw)


def bind(store: Store, query: SavedQuery, params: Mapping[str, str | None]) -> dict[str, Node]:
    """Substitutions for a run: given values, else defaults; unknown names are refused."""
    declared = {p.name for p in query.parameters}
    unknown = sorted(set(params) - declared)
    if unknown:
        takes = ", ".join(sorted(declared)) or "no parameters"
        raise InputError(f"{query.name} has no parameter {unknown[0]!r}; it takes: {takes}")
    out: dict[str, Node] = {}
    for param in query.parameters:
        raw = params.get(param.name)
        if raw is None or raw == "":
            raw = param.default
        if raw is None:
            if param.required:
                values = allowed_values(store, param)
                raise ParameterError(query.name, param.name, "is required",
                                     [v.value for v in values] if values else None)
            continue
        out[param.name] = convert(store, query, param, str(raw))
    return out
