"""Where each IRI of the knowledge graph is served: the configured bases map to local paths.

The data base (EQKG_BASE, default https://w3id.org/eqkg/id/) is served at /id/,
the vocabularies at /vocab/, the ontology (and its hash terms) at /ontology and the
named graphs at /graph/. Every other IRI is external and is linked as it is.
"""

from __future__ import annotations

from urllib.parse import quote

from ..namespaces import EQ, GRAPH, VOCAB, data_base

ONTOLOGY_IRI = str(EQ).rstrip("#")
SAFE = "/:@!$&'()*+,;=.-_~%"


def site_base() -> str:
    """The root the data base hangs from: https://w3id.org/eqkg/ for the default base."""
    base = data_base()
    return base[: -len("id/")] if base.endswith("/id/") else base


def dataset_iri() -> str:
    """The IRI of the dataset as a whole (the subject of the VoID/DCAT description)."""
    return site_base() + "dataset"


def local_path(iri: str) -> str | None:
    """The server path that answers for `iri`, or None if the IRI is not ours."""
    base = data_base()
    if iri.startswith(base):
        return "/id/" + quote(iri[len(base):], safe=SAFE)
    if iri.startswith(str(VOCAB)):
        return "/vocab/" + quote(iri[len(str(VOCAB)):], safe=SAFE)
    if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "/"):
        return "/ontology"  # version IRIs too: the server holds the current version
    if iri.startswith(str(EQ)):
        return "/ontology#" + quote(iri[len(str(EQ)):], safe=SAFE)
    if iri.startswith(str(GRAPH)):
        return "/graph/" + quote(iri[len(str(GRAPH)):], safe=SAFE)
    if iri == dataset_iri():
        return "/dataset"
    return None


def href(iri: str, lang: str | None = None) -> str:
    """A link for `iri` in a web page: local when the IRI is ours, else the IRI itself."""
    path = local_path(iri)
    if path is None:
        return iri
    if lang and lang != "en":
        path, hash_, frag = path.partition("#")
        path = f"{path}?lang={lang}{hash_}{frag}"
    return path


def iri_for(kind: str, rest: str) -> str:
    """The IRI a request path stands for: ("id", "organisation/gwent-police") -> data IRI."""
    if kind == "id":
        return data_base() + rest
    if kind == "vocab":
        return str(VOCAB) + rest
    if kind == "graph":
        return str(GRAPH) + rest
    raise ValueError(f"unknown IRI space {kind!r}")
