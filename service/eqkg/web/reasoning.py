"""Reasoning over HTTP: why a triple holds, what the store says about a resource, consistency.

JSON only. Terms are given as the CLI takes them: prefixed names (eq:Step,
id:person/jeff-cuthbert), <IRI>s or full http(s) IRIs, and literals in
Turtle form for the object ("text"@en, "2023-03-31"^^xsd:date).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from ..errors import InputError
from ..reasoning import check_consistency, explain, has_errors, parse_iri, parse_term
from ..reasoning.terms import short
from ..store import is_inferred_graph
from . import get_store

bp = Blueprint("reasoning", __name__)

STATEMENT_CAP = 1000
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def parse_inferred(value: str | None, default: bool = True) -> bool:
    """The `inferred` switch: true (asserted + inferred) or false (asserted only)."""
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise InputError(f"inferred={value!r}: expected true or false")


def _required(name: str) -> str:
    value = request.args.get(name, "").strip()
    if not value:
        raise InputError(f"parameter {name!r} is required (a prefixed name or <IRI>)")
    return value


@bp.get("/api/explain")
def explain_triple() -> Any:
    """Why ?s ?p ?o holds: the rule, axioms and premises down to asserted triples."""
    s = parse_iri(_required("s"))
    p = parse_iri(_required("p"))
    o = parse_term(_required("o"))
    return jsonify(get_store().run(explain, s, p, o).to_dict())


@bp.get("/api/statements")
def statements() -> Any:
    """The triples matching s/p/o (any may be left out, not all), each with its graph and
    whether it is inferred; inferred=false keeps asserted triples only."""
    args = {k: request.args.get(k, "").strip() for k in ("s", "p", "o")}
    if not any(args.values()):
        raise InputError("give at least one of s, p, o")
    s = parse_iri(args["s"]) if args["s"] else None
    p = parse_iri(args["p"]) if args["p"] else None
    o = parse_term(args["o"]) if args["o"] else None
    inferred = parse_inferred(request.args.get("inferred"))
    rows: list[dict[str, Any]] = []
    capped = False
    for quad in get_store().quads(s, p, o):
        if quad.graph is None:
            continue
        is_inferred = is_inferred_graph(quad.graph)
        if is_inferred and not inferred:
            continue
        if len(rows) >= STATEMENT_CAP:
            capped = True
            break
        terms = [quad.subject, quad.predicate, quad.object]
        rows.append({"subject": str(terms[0]), "predicate": str(terms[1]),
                     "object": str(terms[2]), "text": " ".join(short(t) for t in terms),
                     "graph": quad.graph, "inferred": is_inferred})
    rows.sort(key=lambda r: (r["inferred"], r["text"], r["graph"]))
    return jsonify({"inferred": inferred, "count": len(rows), "capped": capped,
                    "statements": rows})


@bp.get("/api/check")
def check() -> Any:
    """Consistency findings; HTTP 200 either way, `consistent` says which."""
    findings = get_store().run(check_consistency)
    return jsonify({"consistent": not has_errors(findings),
                    "findings": [f.to_dict() for f in findings]})
