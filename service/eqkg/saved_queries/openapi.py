"""An OpenAPI 3.0 document generated from the saved queries' headers.

One GET operation per saved query, so other systems can call a question
as a REST resource and generate clients from this description.
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..store import Store
from .header import Parameter, SavedQuery
from .params import allowed_values

# Allowed values are listed as an enum when there are at most this many.
MAX_ENUM = 150
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def parameter_schema(store: Store, param: Parameter) -> dict[str, Any]:
    """The JSON Schema of one parameter's value."""
    schema: dict[str, Any]
    if param.type == "date":
        schema = {"type": "string", "format": "date"}
    elif param.type == "integer":
        schema = {"type": "integer"}
        if param.min is not None:
            schema["minimum"] = param.min
        if param.max is not None:
            schema["maximum"] = param.max
    elif param.type == "iri":
        schema = {"type": "string", "format": "uri"}
    else:
        schema = {"type": "string", "minLength": 1, "maxLength": param.max_length}
        values = allowed_values(store, param)
        if values is not None:
            schema = {"type": "string"}
            if 0 < len(values) <= MAX_ENUM:
                schema["enum"] = [v.value for v in values]
    if param.default is not None and not (param.type == "date" and param.default == "today"):
        schema["default"] = int(param.default) if param.type == "integer" else param.default
    return schema


def _parameter(store: Store, param: Parameter) -> dict[str, Any]:
    description = param.description.get("en") or param.label_in("en")
    if param.type in ("characteristic", "aim", "concept", "person", "organisation", "document"):
        description += " A full IRI is accepted as well as the short form."
    if param.type == "date" and param.default == "today":
        description += " Defaults to today's date."
    return {
        "name": param.name, "in": "query",
        "required": param.required and param.default is None,
        "description": description,
        "schema": parameter_schema(store, param),
    }


PAGING = [
    {"name": "limit", "in": "query", "required": False,
     "description": f"Rows per page (default {DEFAULT_LIMIT}, at most {MAX_LIMIT}).",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}},
    {"name": "offset", "in": "query", "required": False,
     "description": "Rows to skip before this page.",
     "schema": {"type": "integer", "minimum": 0, "maximum": 1_000_000}},
]


def _result_schema(query: SavedQuery) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["query", "parameters", "columns", "rows", "offset", "limit", "count", "next"],
        "properties": {
            "query": {"type": "string", "enum": [query.name]},
            "parameters": {"type": "object", "additionalProperties": {"type": "string"}},
            "columns": {"type": "array", "items": {"type": "string", "enum": list(query.columns)}},
            "rows": {"type": "array", "items": {
                "type": "object", "additionalProperties": False,
                "properties": {c: {"type": "string"} for c in query.columns},
            }},
            "offset": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer", "minimum": 1},
            "count": {"type": "integer", "minimum": 0},
            "next": {"type": "string", "nullable": True},
        },
    }


def _operation(store: Store, query: SavedQuery) -> dict[str, Any]:
    description = query.description["en"]
    if query.description.get("cy"):
        description += "\n\nCymraeg: " + query.description["cy"]
    return {
        "operationId": query.name,
        "summary": query.title["en"],
        "description": description,
        "tags": list(query.tags),
        "parameters": [_parameter(store, p) for p in query.parameters] + PAGING,
        "responses": {
            "200": {
                "description": "One page of rows; `next` links to the following page.",
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{_schema_name(query)}"}},
                    "text/csv": {"schema": {"type": "string"}},
                },
            },
            "400": {"description": "A parameter is unusable; the message names it and "
                                   "what it accepts.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        },
    }


def _schema_name(query: SavedQuery) -> str:
    return "Result-" + query.name


ERROR_SCHEMA = {
    "type": "object", "required": ["error", "status"],
    "properties": {
        "error": {"type": "string"}, "status": {"type": "integer"},
        "parameter": {"type": "string"},
        "allowed": {"type": "array", "items": {"type": "string"}},
    },
}
LIST_SCHEMA = {
    "type": "object", "required": ["queries"],
    "properties": {"queries": {"type": "array", "items": {
        "type": "object", "required": ["name", "title", "description", "tags", "parameters", "href"],
        "properties": {
            "name": {"type": "string"},
            "title": {"type": "object", "additionalProperties": {"type": "string"}},
            "description": {"type": "object", "additionalProperties": {"type": "string"}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "inference": {"type": "string"},
            "cy_review": {"type": "string"},
            "columns": {"type": "array", "items": {"type": "string"}},
            "parameters": {"type": "array", "items": {"type": "object"}},
            "href": {"type": "string"},
        },
    }}},
}


def build(store: Store, library: dict[str, SavedQuery]) -> dict[str, Any]:
    """The OpenAPI 3.0.3 document for the saved-query API."""
    paths: dict[str, Any] = {
        "/api/queries": {"get": {
            "operationId": "list-saved-queries",
            "summary": "List the saved queries with their metadata",
            "tags": ["catalogue"],
            "responses": {"200": {"description": "Every saved query.", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/QueryList"}}}}},
        }},
    }
    schemas: dict[str, Any] = {"Error": ERROR_SCHEMA, "QueryList": LIST_SCHEMA}
    for query in library.values():
        paths[f"/api/queries/{query.name}"] = {"get": _operation(store, query)}
        schemas[_schema_name(query)] = _result_schema(query)
    tags = sorted({t for q in library.values() for t in q.tags})
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "eqkg saved queries",
            "version": __version__,
            "description": "Saved, parameterised questions over the equality objectives "
                           "knowledge graph. Answers are JSON by default; CSV with "
                           "`Accept: text/csv` or a `.csv` suffix on the path.",
            "license": {"name": "Apache-2.0"},
        },
        "tags": [{"name": "catalogue"}] + [{"name": t} for t in tags],
        "paths": paths,
        "components": {"schemas": schemas},
    }
