"""Content negotiation for linked-data pages, and serialising RDF into the chosen format.

The formats and the negotiator are eqkg.formats (one registry for the whole
site); this module keeps the linked-data view of them. The choice follows, in
order: a file extension on the path (/id/x.ttl), a `format` parameter
(?format=turtle or ?format=ttl), then the Accept header. HTML wins ties, so a
browser (or a client sending */*) gets a page; an Accept header that names
nothing we can produce gets 406 with the list of what we can.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rdflib import Dataset, Graph
from werkzeug.datastructures import MIMEAccept

from .. import formats
from ..formats import Format

Representation = Format  # the name linked-data code has always used
REPRESENTATIONS: tuple[Format, ...] = formats.PAGE_FORMATS
BY_NAME = {r.name: r for r in REPRESENTATIONS}
BY_EXTENSION = {r.extension: r for r in REPRESENTATIONS}
RDF_NAMES = tuple(r.name for r in REPRESENTATIONS if r.rdflib)


def lookup(token: str) -> Format | None:
    """A representation by name, extension or media type ("turtle", "ttl", "text/turtle")."""
    return formats.find(token, REPRESENTATIONS)


def split_extension(path: str) -> tuple[str, Format | None]:
    """("organisation/x.ttl") -> ("organisation/x", turtle); unknown suffixes stay in the path."""
    return formats.split_extension(path, REPRESENTATIONS)


def negotiate(accept: MIMEAccept | str | None, fmt: str | None = None,
              extension: Format | None = None,
              offered: tuple[str, ...] | None = None) -> Format:
    """Pick the representation to send; NotAcceptable when nothing offered fits."""
    choices = tuple(BY_NAME[n] for n in offered) if offered else REPRESENTATIONS
    return formats.negotiate(choices, accept if accept is not None else "*/*", fmt,
                             extension=extension, what="this resource")


def choose(accept: MIMEAccept, fmt: str | None, choices: Mapping[str, str]) -> str:
    """For answers that are not RDF (JSON, CSV, reports) offered under a view's own names
    (name -> media type): the name chosen by a `format` parameter naming one, else by
    Accept, else the first. The registry's negotiator decides (lenient: never 406), so
    every view agrees on ties and on `*/*` (the first choice wins)."""
    offered = tuple(Format(name, media, "view", name) for name, media in choices.items())
    return formats.negotiate(offered, accept, fmt if fmt in choices else None,
                             lenient=True).name


def serialize(data: Graph | Dataset, rep: Representation, *,
              context: dict[str, Any] | None = None, context_ref: str | None = None) -> bytes:
    """Serialise a graph (or, for quad formats, a dataset) in the representation.

    JSON-LD is compacted with `context`; when `context_ref` is given the output
    refers to the published context by URL instead of inlining it.
    """
    if rep.rdflib is None:
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
    out = data.serialize(format=rep.rdflib, encoding="utf-8")
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
