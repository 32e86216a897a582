"""Turn query answers into tables, CSV and JSON; shared by the CLI, the web pages and the API."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox


@dataclass
class Table:
    """A SELECT answer as plain data: column names and rows of RDF terms (or None)."""

    columns: list[str]
    rows: list[list[Any]]
    capped: bool = False

    def values(self) -> list[list[str]]:
        return [[term_text(v) for v in row] for row in self.rows]

    def to_records(self) -> list[dict[str, str]]:
        return [
            {c: term_text(v) for c, v in zip(self.columns, row, strict=True) if v is not None}
            for row in self.rows
        ]


def term_text(term: Any) -> str:
    """The plain value of a term: IRI, literal lexical form, or '' for unbound."""
    if term is None:
        return ""
    return getattr(term, "value", str(term))


def to_table(solutions: Any, limit: int | None = None) -> Table:
    """Read a pyoxigraph QuerySolutions (up to `limit` rows) into a Table."""
    columns = [v.value for v in solutions.variables]
    rows: list[list[Any]] = []
    capped = False
    for solution in solutions:
        if limit is not None and len(rows) >= limit:
            capped = True
            break
        rows.append([solution[c] for c in columns])
    return Table(columns, rows, capped)


def term_json(term: Any) -> dict[str, str]:
    """A term in SPARQL 1.1 JSON results form."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def table_json(table: Table) -> dict[str, Any]:
    """SPARQL 1.1 Query Results JSON, with an `eqkg:capped` flag when rows were cut."""
    bindings = [
        {c: term_json(v) for c, v in zip(table.columns, row, strict=True) if v is not None}
        for row in table.rows
    ]
    out: dict[str, Any] = {"head": {"vars": table.columns}, "results": {"bindings": bindings}}
    if table.capped:
        out["head"]["link"] = ["urn:eqkg:capped"]
        out["capped"] = True
    return out


def table_csv(table: Table, delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.values())
    return buf.getvalue()


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
               f"{', capped' if table.capped else ''})")
    return "\n".join(out)


def render(answer: Any, fmt: str) -> str:
    """Render any query answer (SELECT, ASK, CONSTRUCT) in table, csv or json form."""
    if isinstance(answer, (ox.QueryBoolean, bool)):
        value = bool(answer)
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": value})
        return "true" if value else "false"
    if isinstance(answer, ox.QueryTriples):
        rdf_format = ox.RdfFormat.JSON_LD if fmt == "json" else ox.RdfFormat.TURTLE
        return answer.serialize(format=rdf_format).decode("utf-8")
    table = answer if isinstance(answer, Table) else to_table(answer)
    if fmt == "csv":
        return table_csv(table)
    if fmt == "json":
        return json.dumps(table_json(table), ensure_ascii=False, indent=1)
    return table_text(table)
