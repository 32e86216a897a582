"""Read a saved query file: its `#+` metadata header (YAML in comments) and its SPARQL.

The header format is documented in docs/saved-queries.md. It follows grlc's
`#+` decorators in spirit (a file stays valid SPARQL, metadata sits in comment
lines at the top) but declares parameters explicitly, with a type, because
policy officers pick values from vocabularies rather than typing IRIs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError

PARAM_TYPES = (
    "characteristic", "aim", "concept", "organisation", "person", "document",
    "date", "text", "integer", "iri",
)
# Concept types and the SKOS scheme (under https://w3id.org/eqkg/vocab/) they draw values from.
SCHEME_OF_TYPE = {"characteristic": "characteristic", "aim": "aim"}
# Query-string names the REST API keeps for itself; a saved query may not use them.
RESERVED_NAMES = frozenset({"limit", "offset", "page", "per_page", "lang", "format"})
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PARAM_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")

QUERY_KEYS = {
    "title_en", "title_cy", "description_en", "description_cy", "summary", "tags",
    "parameters", "inference", "cy_review", "columns", "order",
    "plain_en", "plain_cy", "chart",
}
REQUIRED_QUERY_KEYS = ("title_en", "title_cy", "description_en", "description_cy", "tags")
PARAM_KEYS = {
    "type", "label_en", "label_cy", "description_en", "description_cy", "default",
    "required", "values", "values_query", "scheme", "min", "max", "max_length",
}


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: bound to the SPARQL variable of the same name."""

    name: str
    type: str
    label: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    default: str | None = None
    required: bool = False
    values: tuple[str, ...] | None = None
    values_query: str | None = None
    scheme: str | None = None
    min: int | None = None
    max: int | None = None
    max_length: int = 200

    def label_in(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("en") or self.name


@dataclass(frozen=True)
class SavedQuery:
    """A saved query: metadata from its header plus the SPARQL text."""

    name: str
    title: dict[str, str]
    description: dict[str, str]
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    query: str
    columns: tuple[str, ...]
    path: Path | None = None
    inference: bool = False
    cy_review: bool = False
    column_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    order: int = 100
    # For officers: what the question answers in plain words (the description keeps the
    # technical detail), and the column an answer's bar chart draws, if not the first count.
    plain: dict[str, str] = field(default_factory=dict)
    chart: str | None = None

    @property
    def sparql(self) -> str:
        """The query text (alias kept for callers that think of it as SPARQL)."""
        return self.query

    @property
    def summary(self) -> str:
        return self.title["en"]

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]

    def description_in(self, lang: str) -> str:
        return self.description.get(lang) or self.description["en"]

    def plain_in(self, lang: str) -> str:
        """The plain-language description, else the (technical) description."""
        return self.plain.get(lang) or self.plain.get("en") or self.description_in(lang)

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)

    def metadata(self) -> dict[str, Any]:
        """Plain-data description for listings and the JSON API."""
        return {
            "name": self.name,
            "title": dict(self.title),
            "description": dict(self.description),
            "tags": list(self.tags),
            "inference": "required" if self.inference else "not needed",
            "cy_review": "needed" if self.cy_review else "done",
            "columns": list(self.columns),
            "parameters": [
                {
                    "name": p.name, "type": p.type, "label": dict(p.label),
                    "description": dict(p.description), "default": p.default,
                    "required": p.required,
                    **({"scheme": p.scheme} if p.scheme else {}),
                    **({"values": list(p.values)} if p.values else {}),
                }
                for p in self.parameters
            ],
        }


def split_header(text: str) -> tuple[str, str]:
    """The `#+` header lines (prefix removed) and the rest of the file."""
    header: list[str] = []
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#+"):
            body = line[2:]
            header.append(body[1:] if body.startswith(" ") else body)
        elif line.strip() and not line.lstrip().startswith("#"):
            break
        i += 1
    return "".join(header), "".join(lines[i:])


def projection(query: str) -> tuple[str, ...]:
    """The variables a SELECT query projects, in order (`SELECT *` is not allowed).

    Needed because the embedded store (Oxigraph) binds substitutions only for projected variables,
    and because the OpenAPI document describes each query's columns.
    """
    body = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("#"))
    match = re.search(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)(?:\bWHERE\b|\{)",
                      body, re.IGNORECASE | re.DOTALL)
    if not match:
        raise ValueError("not a SELECT query")
    clause = match.group(1)
    if clause.strip() == "*":
        raise ValueError("SELECT * is not allowed: name the columns")
    columns: list[str] = []
    depth = 0
    for token in re.finditer(r"\(|\)|\bAS\s+\?(\w+)|\?(\w+)", clause, re.IGNORECASE):
        text = token.group(0)
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif token.group(1) and depth == 1:
            columns.append(token.group(1))
        elif token.group(2) and depth == 0:
            columns.append(token.group(2))
    if not columns:
        raise ValueError("the SELECT clause names no variables")
    return tuple(columns)


def _bilingual(spec: dict[str, Any], stem: str, where: str, required: bool) -> dict[str, str]:
    out = {}
    for lang in ("en", "cy"):
        value = spec.get(f"{stem}_{lang}")
        if value is None:
            if required:
                raise ValueError(f"{where}: missing {stem}_{lang}")
            continue
        out[lang] = " ".join(str(value).split())
    return out


def _parameter(name: str, spec: Any, where: str) -> Parameter:
    where = f"{where}: parameter {name!r}"
    if not PARAM_NAME_RE.match(name) or name in RESERVED_NAMES:
        raise ValueError(f"{where}: invalid or reserved name")
    if not isinstance(spec, dict):
        raise ValueError(f"{where}: expected a mapping of keys")
    unknown = set(spec) - PARAM_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    ptype = spec.get("type")
    if ptype not in PARAM_TYPES:
        raise ValueError(f"{where}: type must be one of {', '.join(PARAM_TYPES)}")
    scheme = spec.get("scheme") or SCHEME_OF_TYPE.get(ptype)
    if ptype == "concept" and not scheme:
        raise ValueError(f"{where}: a concept parameter needs a scheme")
    values = spec.get("values")
    if values is not None and (not isinstance(values, list) or not values):
        raise ValueError(f"{where}: values must be a non-empty list")
    default = spec.get("default")
    return Parameter(
        name=name, type=ptype,
        label=_bilingual(spec, "label", where, True),
        description=_bilingual(spec, "description", where, False),
        default=None if default is None else str(default),
        required=bool(spec.get("required", False)),
        values=tuple(str(v) for v in values) if values else None,
        values_query=spec.get("values_query"),
        scheme=scheme,
        min=spec.get("min"), max=spec.get("max"),
        max_length=int(spec.get("max_length", 200)),
    )


def parse(text: str, name: str, path: Path | None = None) -> SavedQuery:
    """Parse one saved query; any problem is an InputError naming the file."""
    where = str(path or name)
    try:
        if not NAME_RE.match(name):
            raise ValueError("file name must be lower-case words joined by '-'")
        header_text, query = split_header(text)
        meta = yaml.safe_load(header_text) if header_text.strip() else None
        if not isinstance(meta, dict):
            raise ValueError("no `#+` metadata header")
        unknown = set(meta) - QUERY_KEYS
        if unknown:
            raise ValueError(f"unknown header key(s) {', '.join(sorted(unknown))}")
        for key in REQUIRED_QUERY_KEYS:
            if not meta.get(key):
                raise ValueError(f"missing header key {key}")
        tags = meta["tags"]
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ValueError("tags must be a list of words")
        params_spec = meta.get("parameters") or {}
        if not isinstance(params_spec, dict):
            raise ValueError("parameters must be a mapping of name to spec")
        params = tuple(_parameter(str(n), s, where) for n, s in params_spec.items())
        columns = projection(query)
        for p in params:
            if p.name not in columns:
                raise ValueError(f"parameter {p.name!r} must be projected by the SELECT clause "
                                 "(the embedded store binds only projected variables)")
        column_labels = meta.get("columns") or {}
        if not isinstance(column_labels, dict):
            raise ValueError("columns must map a column to {en: ..., cy: ...}")
        inference = meta.get("inference", "not needed")
        if inference not in ("required", "not needed"):
            raise ValueError("inference must be 'required' or 'not needed'")
        return SavedQuery(
            name=name,
            title=_bilingual(meta, "title", where, True),
            description=_bilingual(meta, "description", where, True),
            tags=tuple(tags), parameters=params, query=query, columns=columns, path=path,
            inference=inference == "required",
            cy_review=str(meta.get("cy_review", "")).lower() == "needed",
            column_labels={str(k): dict(v) for k, v in column_labels.items()},
            order=int(meta.get("order", 100)),
            plain=_bilingual(meta, "plain", where, False),
            chart=str(meta["chart"]) if meta.get("chart") else None,
        )
    except yaml.YAMLError as exc:
        raise InputError(f"{where}: malformed `#+` header: {exc}") from exc
    except (ValueError, TypeError) as exc:
        raise InputError(f"{where}: {exc}") from exc
