"""The JSON-LD context: short names for the ontology's terms, served at /context.jsonld.

The context is a first-class asset (ontology/context.jsonld) that another body can
use with any JSON-LD processor. It is generated from ontology/eqkg.ttl: every eq:
class becomes a term, object properties coerce their values to IRIs, datatype
properties with an XSD range carry that datatype, and a few reused terms
(titles, SKOS labels) get short names too; labels use language maps (en, cy).
A term the context does not name still compacts, as a CURIE (prefixes are included).

Regenerate the file after changing the ontology:
    python -m eqkg.publish.context > ontology/context.jsonld
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .. import config
from ..errors import InputError
from ..namespaces import EQ, PREFIXES, data_base

CONTEXT_FILE = "context.jsonld"
EXTRA_PREFIXES = {
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "vann": "http://purl.org/vocab/vann/",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "wd": "http://www.wikidata.org/entity/",
    "leg": "http://www.legislation.gov.uk/id/",
}
# Reused terms with short names; language maps for the bilingual text.
REUSED_TERMS: dict[str, dict[str, str]] = {
    "title": {"@id": str(DCTERMS.title)},
    "description": {"@id": str(DCTERMS.description)},
    "issued": {"@id": str(DCTERMS.issued), "@type": str(XSD.date)},
    "isPartOf": {"@id": str(DCTERMS.isPartOf), "@type": "@id"},
    "prefLabel": {"@id": str(SKOS.prefLabel), "@container": "@language"},
    "altLabel": {"@id": str(SKOS.altLabel), "@container": "@language"},
    "definition": {"@id": str(SKOS.definition), "@container": "@language"},
    "label": {"@id": str(RDFS.label), "@container": "@language"},
    "broader": {"@id": str(SKOS.broader), "@type": "@id"},
    "narrower": {"@id": str(SKOS.narrower), "@type": "@id"},
    "inScheme": {"@id": str(SKOS.inScheme), "@type": "@id"},
    "exactMatch": {"@id": str(SKOS.exactMatch), "@type": "@id"},
    "sameAs": {"@id": str(OWL.sameAs), "@type": "@id"},
}


def context_path() -> Path:
    return config.asset_dir("ontology") / CONTEXT_FILE


def _prefixes() -> dict[str, str]:
    prefixes = {**PREFIXES, **EXTRA_PREFIXES}
    prefixes["id"] = data_base()
    return dict(sorted(prefixes.items()))


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    best = max((p for p, ns in prefixes.items() if iri.startswith(ns)),
               key=lambda p: len(prefixes[p]), default=None)
    return f"{best}:{iri[len(prefixes[best]):]}" if best else iri


def build_context(ontology: Graph | None = None) -> dict[str, Any]:
    """The context document ({"@context": {...}}) derived from the ontology."""
    if ontology is None:
        ontology = Graph()
        path = config.asset_dir("ontology") / "eqkg.ttl"
        try:
            ontology.parse(path, format="turtle")
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(f"cannot read the ontology {path}: {exc}") from exc
    prefixes = _prefixes()
    terms: dict[str, Any] = {}
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in sorted(ontology.subjects(RDF.type, kind)):
            iri = str(term)
            if not iri.startswith(str(EQ)) or iri == str(EQ):
                continue
            name = iri[len(str(EQ)):]
            if name in prefixes:  # eq:status vs the status: prefix: keep the prefix
                continue
            terms[name] = _definition(ontology, term, kind, prefixes)
    for name, definition in REUSED_TERMS.items():
        if name not in terms and name not in prefixes:
            terms[name] = {k: _compact(v, prefixes) if k in ("@id", "@type") and v != "@id"
                           else v for k, v in definition.items()}
    return {"@context": {**prefixes, **dict(sorted(terms.items()))}}


def _definition(ontology: Graph, term: URIRef, kind: URIRef,
                prefixes: dict[str, str]) -> str | dict[str, str]:
    curie = _compact(str(term), prefixes)
    if kind == OWL.ObjectProperty:
        return {"@id": curie, "@type": "@id"}
    if kind == OWL.DatatypeProperty:
        ranges = [r for r in ontology.objects(term, RDFS.range)
                  if str(r).startswith(str(XSD)) and r not in (XSD.string,)]
        if len(ranges) == 1:
            return {"@id": curie, "@type": _compact(str(ranges[0]), prefixes)}
    return curie


def load_context() -> dict[str, Any]:
    """The published context: the committed file if present, else generated from the ontology.

    The "id" prefix always follows the configured data base.
    """
    path = context_path()
    if path.is_file():
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: not a JSON-LD context: {exc}") from exc
    else:
        doc = build_context()
    doc["@context"]["id"] = data_base()
    return doc


def main() -> None:
    """Print the context generated from the ontology (redirect it into ontology/context.jsonld)."""
    json.dump(build_context(), sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":  # pragma: no cover
    main()
