"""The project's namespaces, in one place so every module mints the same IRIs.

See docs/decisions/0001-uris-graphs-and-core-terms.md for the rules.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from . import settings

EQ = Namespace("https://w3id.org/eqkg/ontology#")
VOCAB = Namespace("https://w3id.org/eqkg/vocab/")
PC = Namespace("https://w3id.org/eqkg/vocab/characteristic/")
AIM = Namespace("https://w3id.org/eqkg/vocab/aim/")
DUTY = Namespace("https://w3id.org/eqkg/vocab/duty/")
STATUS = Namespace("https://w3id.org/eqkg/vocab/status/")
DOCTYPE = Namespace("https://w3id.org/eqkg/vocab/document-type/")
PHASE = Namespace("https://w3id.org/eqkg/vocab/phase/")
BASIS = Namespace("https://w3id.org/eqkg/vocab/basis/")
THEME = Namespace("https://w3id.org/eqkg/vocab/theme/")
GRAPH = Namespace("https://w3id.org/eqkg/graph/")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
LEG = Namespace("http://www.legislation.gov.uk/id/")

DEFAULT_BASE = "https://w3id.org/eqkg/id/"
ONTOLOGY_GRAPH = GRAPH["ontology"]
INFERRED_GRAPH_PREFIX = str(GRAPH) + "inferred/"


def data_base() -> str:
    """The base IRI for data resources; another body sets EQKG_BASE to mint under its own domain."""
    base = settings.get("base") or DEFAULT_BASE
    return base if base.endswith(("/", "#")) else base + "/"


ID = Namespace(data_base())

PREFIXES: dict[str, str] = {
    "eq": str(EQ),
    "pc": str(PC),
    "aim": str(AIM),
    "duty": str(DUTY),
    "status": str(STATUS),
    "doctype": str(DOCTYPE),
    "phase": str(PHASE),
    "basis": str(BASIS),
    "theme": str(THEME),
    "id": str(ID),
    "graph": str(GRAPH),
    "org": str(ORG),
    "foaf": str(FOAF),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "time": str(TIME),
    "schema": str(SCHEMA),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, for queries written by hand."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def slugify(text: str) -> str:
    """A stable, readable, lower-case ASCII slug ("Jeff Cuthbert" -> "jeff-cuthbert")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.replace("&", " and ").replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9.]+", "-", ascii_text.lower()).strip("-.")


def mint(*parts: str) -> str:
    """A data IRI from path parts: mint("plan", "gwent", "objective", "2")."""
    return data_base() + "/".join(parts)
