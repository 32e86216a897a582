"""Shared machinery of the document parsers: minting, provenance, reports and byte-stable Turtle.

Why one module: every genre parser must record its findings the same way
(each extracted resource has a type, its source document and its place in
it), and `make data` must reproduce data/ byte for byte, which needs a
serialiser that does not depend on dict order, bnode labels or rdflib's
version.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD
from rdflib.term import Node

from eqkg.errors import InputError
from eqkg.namespaces import EQ, GRAPH, PREFIXES, mint, slugify

__all__ = [
    "Builder",
    "Fit",
    "IngestResult",
    "Lines",
    "ReadItem",
    "Report",
    "clean_cell",
    "mint_ref",
    "new_graph",
    "serialize_turtle",
    "split_cells",
    "write_turtle",
]


def new_graph() -> Graph:
    """An rdflib Graph with the project prefixes bound (and no others added later)."""
    graph = Graph(bind_namespaces="none")
    for prefix, iri in sorted(PREFIXES.items()):
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def mint_ref(*parts: str) -> URIRef:
    """mint() as a URIRef."""
    return URIRef(mint(*parts))


# ---------------------------------------------------------------- reports


@dataclass
class ReadItem:
    """One thing a reader read, beside the source text it read it from, so a person can check it.

    kind: objective, step, action, recommendation, attendee, apology, agreement, lead, ...;
    text: what was read (an objective's title and statement, a step's wording, a name);
    source: the block's wording it came from; location: Location.render() of that block;
    parent: index in Report.items of what it belongs to (a step's objective), or None;
    fields: further values read for it (lead, due, measure, characteristics as slugs, basis).
    """

    kind: str
    text: str
    location: str
    source: str = ""
    parent: int | None = None
    uri: str | None = None
    fields: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "text": self.text, "location": self.location, "source": self.source,
                "parent": self.parent, "uri": self.uri, "fields": dict(self.fields)}


@dataclass
class Report:
    """What a reader found: counts by kind, each item with its source text, what it could not place,
    and how sure it is ("high", "medium" or "low", with the reasons) of having read the document right."""

    found: Counter[str] = field(default_factory=Counter)
    unplaced: list[str] = field(default_factory=list)
    items: list[ReadItem] = field(default_factory=list)
    confidence: str = "high"
    reasons: list[str] = field(default_factory=list)
    layout: str = ""  # how the reader recognised the document's structure ("headings", "table", ...)

    def item(self, kind: str, text: str, location: str, source: str = "", parent: int | None = None,
             uri: str | None = None, **fields: object) -> int:
        """Record one item read (and count it); returns its index, for children's `parent`."""
        self.items.append(ReadItem(kind, text, location, source, parent, uri, dict(fields)))
        self.count(kind)
        return len(self.items) - 1

    def unsure(self, reason: str, level: str = "medium") -> None:
        """Lower the confidence to `level` (never raise it) and say why."""
        order = {"high": 2, "medium": 1, "low": 0}
        if order[level] < order[self.confidence]:
            self.confidence = level
        if reason not in self.reasons:
            self.reasons.append(reason)

    def count(self, kind: str, n: int = 1) -> None:
        """Count n more things of a kind ("objective", "tick", ...)."""
        self.found[kind] += n

    def note(self, message: str) -> None:
        """Record something the parser could not place with certainty (kept once, in order)."""
        if message not in self.unplaced:
            self.unplaced.append(message)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return {"found": dict(sorted(self.found.items())), "unplaced": list(self.unplaced),
                "confidence": self.confidence, "reasons": list(self.reasons), "layout": self.layout,
                "items": [i.as_dict() for i in self.items]}

    def summary(self) -> str:
        """One line: "We read 6 objectives and 14 steps (confidence: high)"."""
        kinds = [k for k in ("objective", "step", "recommendation", "attendee", "apology", "action", "agreement")
                 if self.found.get(k)]
        parts = [f"{self.found[k]} {_plural(k, self.found[k])}" for k in kinds]
        listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] if parts else "nothing"
        return f"We read {listed} (confidence: {self.confidence})"

    def render(self) -> str:
        """Plain text for the CLI: the summary, each item read beside its place, then what could not be placed."""
        out = [self.summary() + (f"; layout: {self.layout}" if self.layout else "")]
        out += [f"  unsure: {reason}" for reason in self.reasons]
        for item in self.items:
            indent = "      " if item.parent is not None else "  "
            extras = [f"{k}: {v}" for k, v in item.fields.items()
                      if v and k in ("lead", "due", "owner", "status", "timeline")]
            chars = item.fields.get("characteristics")
            if chars:
                extras.append("covers: " + ", ".join(f"{c} ({b})" for c, b in chars.items()))  # type: ignore[union-attr]
            out.append(f"{indent}{item.kind} [{item.location}] {item.text}" + (f"  ({'; '.join(extras)})" if extras else ""))
        out.append("counts: " + ", ".join(f"{k} {v}" for k, v in sorted(self.found.items())))
        if self.unplaced:
            out.append(f"could not place ({len(self.unplaced)}):")
            out += [f"  - {m}" for m in self.unplaced]
        else:
            out.append("could not place: nothing")
        return "\n".join(out)


def _plural(kind: str, n: int) -> str:
    if n == 1:
        return kind
    return {"apology": "apologies"}.get(kind, kind + "s")


@dataclass
class IngestResult:
    """One ingested document: its RDF, its slug (data/{slug}.ttl, graph/{slug}) and the report."""

    graph: Graph
    slug: str
    report: Report
    document: URIRef
    profile: str

    @property
    def graph_iri(self) -> URIRef:
        """The named graph this document's triples belong in."""
        return GRAPH[self.slug]


@dataclass(frozen=True)
class Fit:
    """How well a document fits a reader: a score (0 = it does not fit) and the cues seen, for messages."""

    score: int
    cues: tuple[str, ...] = ()


# ---------------------------------------------------------------- source lines


class Lines:
    """The source text as 1-based lines, so parsers can cite "lines a-b"."""

    def __init__(self, text: str) -> None:
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.lines: list[str] = self.text.split("\n")

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, number: int) -> str:
        """Line `number` (1-based)."""
        return self.lines[number - 1]

    def numbered(self, start: int = 1, end: int | None = None) -> Iterable[tuple[int, str]]:
        """(number, line) pairs from start to end inclusive (1-based)."""
        end = len(self.lines) if end is None else min(end, len(self.lines))
        for n in range(max(start, 1), end + 1):
            yield n, self.lines[n - 1]

    def find(self, pattern: str | re.Pattern[str], start: int = 1, end: int | None = None) -> int | None:
        """The number of the first line at or after `start` matching a regex (search), else None."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        for n, line in self.numbered(start, end):
            if regex.search(line):
                return n
        return None

    def find_all(self, pattern: str | re.Pattern[str], start: int = 1, end: int | None = None) -> list[int]:
        """Numbers of every line matching a regex."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        return [n for n, line in self.numbered(start, end) if regex.search(line)]

    @staticmethod
    def loc(first: int, last: int | None = None) -> str:
        """The eq:sourceLocation wording of a line range."""
        if last is None or last == first:
            return f"line {first}"
        return f"lines {first}-{last}"


# ---------------------------------------------------------------- markdown/HTML cells

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\u00a0\u200b]+")


def clean_cell(raw: str) -> str:
    """Text of a table cell or line: HTML tags dropped, entities decoded, spaces collapsed."""
    text = re.sub(r"(?i)<br\s*/?>|</p>|</li>", "\n", raw)
    text = html.unescape(_TAG.sub(" ", text))
    parts = [_SPACE.sub(" ", p).strip() for p in text.split("\n")]
    return " ".join(p for p in parts if p)


def split_cells(line: str) -> list[str]:
    """The raw cells of a markdown table row ("| a | b |" -> ["a", "b"]), pipes in tags kept."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.strip() for c in body.split("|")]


def is_separator(cells: list[str]) -> bool:
    """Whether a table row is the |---|---| line under a header."""
    return bool(cells) and all(re.fullmatch(r":?-{1,}:?", c.strip()) for c in cells if c.strip()) and any(
        c.strip() for c in cells
    )


# ---------------------------------------------------------------- building RDF


class Builder:
    """Adds extracted resources to a graph with their type, source document and place.

    Every resource a parser extracts goes through `resource()`, so the
    integrity shapes' rule "every extracted resource has a source" holds by
    construction; the document itself is described once in `__init__`.
    """

    def __init__(self, document: URIRef, doc_type: URIRef, source_name: str, slug: str) -> None:
        self.graph = new_graph()
        self.document = document
        self.slug = slug
        self.report = Report()
        g = self.graph
        g.add((document, RDF.type, doc_type))
        g.add((document, RDF.type, PROV.Entity))
        g.add((document, DCTERMS.source, Literal(source_name)))
        g.add((document, DCTERMS.language, Literal("en", datatype=XSD.language)))
        named = GRAPH[slug]
        g.add((named, PROV.wasDerivedFrom, document))

    def resource(self, uri: URIRef | str, rdf_type: URIRef | Iterable[URIRef], location: str | None) -> URIRef:
        """Add a resource of a type (or types) extracted from the document at `location`."""
        node = URIRef(uri)
        types = [rdf_type] if isinstance(rdf_type, URIRef) else list(rdf_type)
        for t in types:
            self.graph.add((node, RDF.type, t))
        self.graph.add((node, EQ.source, self.document))
        if location:
            self.graph.add((node, EQ.sourceLocation, Literal(location)))
        return node

    def add(self, subject: Node, predicate: URIRef, obj: Node) -> None:
        """Add one triple."""
        self.graph.add((subject, predicate, obj))

    def text(self, subject: Node, predicate: URIRef, value: str | None, datatype: URIRef | None = None) -> None:
        """Add a literal unless the value is empty (whitespace collapsed, wording otherwise exact)."""
        if value is None:
            return
        value = value.strip()
        if value:
            self.graph.add((subject, predicate, Literal(value, datatype=datatype)))

    def result(self, profile: str) -> IngestResult:
        """The finished result (raises if a blank node slipped in)."""
        assert_no_bnodes(self.graph)
        return IngestResult(self.graph, self.slug, self.report, self.document, profile)


def person_or_org_slug(name: str) -> str:
    """A slug for a minted person or organisation (stable, never empty)."""
    return slugify(name) or "unnamed"


def assert_no_bnodes(graph: Graph) -> None:
    """Generated data must have no blank nodes (they would break byte-stable output and linking)."""
    for triple in graph:
        if any(isinstance(term, BNode) for term in triple):
            raise InputError(f"internal error: blank node in generated data: {triple}")


# ---------------------------------------------------------------- deterministic Turtle

_PN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _qname(uri: URIRef, prefixes: list[tuple[str, str]]) -> str:
    """prefix:local when the local part is a plain name, else <iri> (no escaping surprises)."""
    text = str(uri)
    if text == str(RDF.type):
        return "a"
    best: tuple[str, str] | None = None
    for prefix, ns in prefixes:
        if text.startswith(ns) and _PN_LOCAL.fullmatch(text[len(ns):]) and (best is None or len(ns) > len(best[1])):
            best = (prefix, ns)
    if best is not None:
        return f"{best[0]}:{text[len(best[1]):]}"
    return "<" + text.replace("\\", "\\\\").replace(">", "%3E") + ">"


def _literal(lit: Literal, prefixes: list[tuple[str, str]]) -> str:
    value = str(lit)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    escaped = escaped.replace("\t", "\\t")
    if lit.language:
        return f'"{escaped}"@{lit.language}'
    if lit.datatype is not None and lit.datatype != XSD.string:
        return f'"{escaped}"^^{_qname(URIRef(lit.datatype), prefixes)}'
    return f'"{escaped}"'


def _term(node: Node, prefixes: list[tuple[str, str]]) -> str:
    if isinstance(node, URIRef):
        return _qname(node, prefixes)
    if isinstance(node, Literal):
        return _literal(node, prefixes)
    raise InputError(f"cannot write {node!r}: generated data must not contain blank nodes")


def _sort_key(node: Node) -> tuple[int, str, str, str]:
    if isinstance(node, URIRef):
        return (0, str(node), "", "")
    if isinstance(node, Literal):
        return (1, str(node), str(node.datatype or ""), node.language or "")
    return (2, str(node), "", "")


def serialize_turtle(graph: Graph, header: str | None = None) -> str:
    """Turtle text that depends only on the set of triples: sorted prefixes, subjects, predicates, objects.

    rdf:type comes first for each subject; one object per line. Blank nodes
    are refused (InputError).
    """
    prefixes = sorted(PREFIXES.items())
    out: list[str] = []
    if header:
        out += [f"# {line}".rstrip() for line in header.splitlines()]
        out.append("")
    out += [f"@prefix {p}: <{ns}> ." for p, ns in prefixes]
    by_subject: dict[Node, dict[Node, list[Node]]] = {}
    for s, p, o in graph:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    for s in sorted(by_subject, key=_sort_key):
        out.append("")
        preds = by_subject[s]
        ordered = sorted(preds, key=lambda p: (p != RDF.type, _qname(URIRef(p), prefixes)))
        lines: list[str] = []
        for p in ordered:
            objs = sorted(preds[p], key=_sort_key)
            pn = _qname(URIRef(p), prefixes)
            rendered = [_term(o, prefixes) for o in objs]
            if len(rendered) == 1:
                lines.append(f"    {pn} {rendered[0]}")
            else:
                lines.append(f"    {pn}\n        " + " ,\n        ".join(rendered))
        out.append(_term(s, prefixes) + "\n" + " ;\n".join(lines) + " .")
    return "\n".join(out) + "\n"


def write_turtle(graph: Graph, path: str | Path, header: str | None = None) -> None:
    """Write `graph` to `path` as byte-deterministic UTF-8 Turtle (LF line ends)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(serialize_turtle(graph, header).encode("utf-8"))
