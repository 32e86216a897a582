"""Content negotiation: which representation to send, and serialising RDF into it.

The choice follows, in order: a file extension on the path (/id/x.ttl), a `format`
parameter (?format=turtle or ?format=ttl), then the Accept header. HTML wins ties,
so a browser (or a client sending */*) gets a page; an Accept header that names
nothing we can produce gets 406 with the list of what we can.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Dataset, Graph
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ..errors import NotAcceptable


@dataclass(frozen=True)
class Representation:
    name: str
    mimetype: str
    extension: str
    rdflib_format: str | None
    quads: bool = False
    aliases: tuple[str, ...] = ()


REPRESENTATIONS: tuple[Representation, ...] = (
    Representation("html", "text/html", "html", None, aliases=("application/xhtml+xml",)),
    Representation("turtle", "text/turtle", "ttl", "turtle", aliases=("application/x-turtle",)),
    Representation("jsonld", "application/ld+json", "jsonld", "json-ld",
                   aliases=("application/json",)),
    Representation("ntriples", "application/n-triples", "nt", "nt11",
                   aliases=("text/plain",)),
    Representation("rdfxml", "application/rdf+xml", "rdf", "xml",
                   aliases=("application/xml", "text/xml")),
    Representation("trig", "application/trig", "trig", "trig", quads=True),
    Representation("nquads", "application/n-quads", "nq", "nquads", quads=True),
)
BY_NAME = {r.name: r for r in REPRESENTATIONS}
BY_EXTENSION = {r.extension: r for r in REPRESENTATIONS}
RDF_NAMES = tuple(r.name for r in REPRESENTATIONS if r.rdflib_format)


def lookup(token: str) -> Representation | None:
    """A representation by name, extension or media type ("turtle", "ttl", "text/turtle")."""
    token = token.strip().lower()
    if token in BY_NAME:
        return BY_NAME[token]
    if token in BY_EXTENSION:
        return BY_EXTENSION[token]
    if token == "json-ld":
        return BY_NAME["jsonld"]
    for rep in REPRESENTATIONS:
        if token == rep.mimetype or token in rep.aliases:
            return rep
    return None


def split_extension(path: str) -> tuple[str, Representation | None]:
    """("organisation/x.ttl") -> ("organisation/x", turtle); unknown suffixes stay in the path."""
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext and ext.lower() in BY_EXTENSION:
        return stem, BY_EXTENSION[ext.lower()]
    return path, None


def negotiate(accept: MIMEAccept | str | None, fmt: str | None = None,
              extension: Representation | None = None,
              offered: tuple[str, ...] | None = None) -> Representation:
    """Pick the representation to send; NotAcceptable when nothing offered fits."""
    names = offered or tuple(BY_NAME)
    if extension is not None:
        return _offered(extension, names)
    if fmt:
        rep = lookup(fmt)
        if rep is None:
            raise NotAcceptable(f"unknown format {fmt!r}; use one of: {', '.join(names)}")
        return _offered(rep, names)
    if isinstance(accept, str) or accept is None:
        accept = parse_accept_header(accept or "*/*", MIMEAccept)
    if not accept:
        return BY_NAME[names[0]]
    candidates: list[str] = []
    owner: dict[str, Representation] = {}
    for name in names:
        rep = BY_NAME[name]
        for mimetype in (rep.mimetype, *rep.aliases):
            candidates.append(mimetype)
            owner[mimetype] = rep
    best = accept.best_match(candidates)
    if best is None:
        offered_types = ", ".join(BY_NAME[n].mimetype for n in names)
        raise NotAcceptable(f"cannot answer in the requested media type; available: "
                            f"{offered_types}")
    return owner[best]


def choose(accept: MIMEAccept, fmt: str | None, choices: Mapping[str, str],
           default: str | None = None) -> str:
    """For answers that are not RDF (JSON, CSV, reports): the name of the best of `choices`
    (name -> media type), by a `format` parameter naming one, else by Accept, else the first.

    One rule for every view that offers several media types, so they agree on ties
    and on `*/*` (the first choice wins).
    """
    if fmt in choices:
        return fmt  # type: ignore[return-value]
    names = {mimetype: name for name, mimetype in choices.items()}
    best = accept.best_match(list(names), default=choices.get(default or "", None))
    return names.get(best or "", default or next(iter(choices)))


def _offered(rep: Representation, names: tuple[str, ...]) -> Representation:
    if rep.name not in names:
        raise NotAcceptable(f"{rep.name} is not available here; use one of: {', '.join(names)}")
    return rep


def serialize(data: Graph | Dataset, rep: Representation, *,
              context: dict[str, Any] | None = None, context_ref: str | None = None) -> bytes:
    """Serialise a graph (or, for quad formats, a dataset) in the representation.

    JSON-LD is compacted with `context`; when `context_ref` is given the output
    refers to the published context by URL instead of inlining it.
    """
    if rep.rdflib_format is None:
        raise ValueError(f"{rep.name} is not an RDF representation")
    if rep.quads and not isinstance(data, Dataset):
        as_dataset = Dataset()
        for prefix, ns in data.namespaces():
            as_dataset.bind(prefix, ns, override=True)
        for triple in data:
            as_dataset.add(triple)
        data = as_dataset
    if not rep.quads and isinstance(data, Dataset):
        flat = Graph()
        for prefix, ns in data.namespaces():
            flat.bind(prefix, ns, override=True)
        for s, p, o, _g in data.quads():
            flat.add((s, p, o))
        data = flat
    if rep.name == "jsonld":
        return compact_jsonld(data, context or {}, context_ref)
    out = data.serialize(format=rep.rdflib_format, encoding="utf-8")
    return out if isinstance(out, bytes) else out.encode("utf-8")


def compact_jsonld(graph: Graph, context: dict[str, Any], context_ref: str | None) -> bytes:
    """Compact JSON-LD using the published context (term names, @id/@type coercions)."""
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    doc = json.loads(text)
    if isinstance(doc, list):
        doc = {"@graph": doc}
    if context_ref:
        doc["@context"] = context_ref
    else:
        doc["@context"] = context
    ordered = {"@context": doc.pop("@context"), **doc}
    return json.dumps(ordered, ensure_ascii=False, indent=1).encode("utf-8")
