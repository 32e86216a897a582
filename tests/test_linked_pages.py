"""Dereferenceable URIs over real HTTP: the content-negotiation matrix, HTML pages, JSON-LD.

Every RDF answer is compared with what the store holds for the resource (asserted
graphs only, as documented), so the representations cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
import pytest
import requests
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from eqkg.namespaces import GRAPH, ONTOLOGY_GRAPH
from eqkg.publish.context import build_context, context_path, load_context
from eqkg.publish.describe import term
from eqkg.store import Store, from_ox, is_inferred_graph

DATA = "https://w3id.org/eqkg/id/organisation/cardiff-council"
TERM = "https://w3id.org/eqkg/vocab/characteristic/race"
ONTOLOGY = "https://w3id.org/eqkg/ontology"
PATHS = {DATA: "/id/organisation/cardiff-council", TERM: "/vocab/characteristic/race",
         ONTOLOGY: "/ontology"}
RDF_TYPES = {
    "turtle": ("text/turtle", "ttl", "turtle"),
    "jsonld": ("application/ld+json", "jsonld", "json-ld"),
    "ntriples": ("application/n-triples", "nt", "nt"),
    "rdfxml": ("application/rdf+xml", "rdf", "xml"),
}


def expected(store: Store, iri: str) -> Graph:
    """What the store asserts about `iri`: the ontology graph, or its in- and out-going triples."""
    out = Graph()
    if iri == ONTOLOGY:
        patterns: list[tuple[Any, ...]] = [(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH)))]
    else:
        patterns = [(ox.NamedNode(iri), None, None, None), (None, None, ox.NamedNode(iri), None)]
    for pattern in patterns:
        for q in store.raw.quads_for_pattern(*pattern):
            if not is_inferred_graph(q.graph_name.value):
                out.add((term(q.subject), term(q.predicate), term(q.object)))
    return out


def parse(body: bytes, rdflib_format: str) -> Graph:
    """Parse an answer; JSON-LD gets the context from the repository, never from the network."""
    if rdflib_format == "json-ld":
        doc = json.loads(body)
        doc["@context"] = load_context()["@context"]
        body = json.dumps(doc).encode()
    return Graph().parse(data=body, format=rdflib_format)


@pytest.mark.parametrize("iri", list(PATHS))
@pytest.mark.parametrize("name", list(RDF_TYPES))
@pytest.mark.parametrize("how", ["accept", "extension", "format"])
def test_rdf_matrix(live_server: str, store: Store, iri: str, name: str, how: str) -> None:
    mimetype, extension, rdflib_format = RDF_TYPES[name]
    path = PATHS[iri]
    if how == "accept":
        answer = requests.get(live_server + path, headers={"Accept": mimetype}, timeout=30)
    elif how == "extension":
        answer = requests.get(f"{live_server}{path}.{extension}", timeout=30)
    else:
        answer = requests.get(live_server + path, params={"format": name},
                              headers={"Accept": "text/html"}, timeout=30)
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["Content-Type"].split(";")[0] == mimetype
    assert answer.headers["Content-Location"] == f"{path}.{extension}"
    graph = parse(answer.content, rdflib_format)
    want = expected(store, iri)
    assert len(want) > 0
    assert isomorphic(graph, want), f"{name} of {iri} differs from the store"


@pytest.mark.parametrize("iri", list(PATHS))
def test_html_for_browsers(live_server: str, store: Store, iri: str) -> None:
    answer = requests.get(live_server + PATHS[iri],
                          headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
                          timeout=30)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "Accept" in answer.headers["Vary"]
    assert f"<code>{iri}</code>" in answer.text
    # Every IRI under our bases is a local link: none is left pointing at w3id.org.
    main = answer.text.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'href="https://w3id.org/eqkg/' not in main
    assert f'<link rel="alternate" type="text/turtle" href="{PATHS[iri]}.ttl">' in answer.text


def test_curl_default_is_html(live_server: str) -> None:
    answer = requests.get(live_server + PATHS[DATA], headers={"Accept": "*/*"}, timeout=30)
    assert answer.headers["Content-Type"].startswith("text/html")


def test_data_page_shows_provenance_links_and_incoming(live_server: str) -> None:
    page = requests.get(live_server + PATHS[DATA], timeout=30).text
    assert "<h1>Cardiff Council</h1>" in page
    # external link (ONS area) and the graph each statement came from
    assert 'href="http://statistics.data.gov.uk/id/statistical-geography/W06000015"' in page
    assert 'href="/graph/curated/links"' in page and 'href="/graph/curated/registry"' in page
    assert "Links to this resource" in page
    assert 'href="/id/organisation/cardiff-council/link/gss"' in page
    assert "Provenance" in page


def test_term_page_in_both_languages(live_server: str) -> None:
    english = requests.get(live_server + PATHS[TERM], timeout=30).text
    welsh = requests.get(live_server + PATHS[TERM], params={"lang": "cy"}, timeout=30).text
    assert "<h1>race</h1>" in english and '<p class="other-label" lang="cy">hil</p>' in english
    assert "<h1>hil</h1>" in welsh and '<p class="other-label" lang="en">race</p>' in welsh
    assert 'href="/vocab/characteristic?lang=cy"' in welsh  # links keep the language


def test_ontology_page_anchors_hash_terms(live_server: str) -> None:
    page = requests.get(live_server + "/ontology", timeout=30).text
    assert '<section id="Commitment">' in page
    assert 'href="/ontology#Commitment"' in page  # Step is a subclass of Commitment


def test_unknown_resources_and_formats(live_server: str) -> None:
    missing = requests.get(live_server + "/id/organisation/no-such-body", timeout=30)
    assert missing.status_code == 404
    assert "nothing is known about &lt;https://w3id.org/eqkg/id/organisation/no-such-body&gt;" \
        in missing.text
    as_json = requests.get(live_server + "/vocab/characteristic/no-such-term",
                           headers={"Accept": "application/json"}, timeout=30)
    assert as_json.status_code == 404
    refused = requests.get(live_server + PATHS[DATA], headers={"Accept": "image/png"}, timeout=30)
    assert refused.status_code == 406
    assert "text/turtle" in refused.text
    unknown = requests.get(live_server + PATHS[DATA], params={"format": "docx"}, timeout=30)
    assert unknown.status_code == 406
    assert requests.get(live_server + "/ontology.docx", timeout=30).status_code == 404


def test_quads_keep_graphs(live_server: str, store: Store) -> None:
    answer = requests.get(live_server + PATHS[DATA] + ".nq", timeout=30)
    ds = Dataset()
    ds.parse(data=answer.content, format="nquads")
    graphs = {str(c.identifier) for c in ds.contexts() if len(c)}
    assert str(GRAPH) + "curated/links" in graphs
    assert str(GRAPH) + "curated/registry" in graphs


def test_inferred_facts_are_marked(live_server: str, store: Store) -> None:
    """A fact only an inferred graph holds is marked on the page and left out of Turtle."""
    rows = list(store.raw.query(
        "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(STRSTARTS(STR(?g), '{GRAPH}inferred/') && STRSTARTS(STR(?s), "
        "'https://w3id.org/eqkg/id/organisation/') && isIRI(?o)) "
        "FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } FILTER(?h != ?g) } } LIMIT 1"))
    assert rows, "the seed store should hold an inferred fact about an organisation"
    s, p, o = (from_ox(rows[0][v]) for v in ("s", "p", "o"))
    path = "/id/" + str(s)[len("https://w3id.org/eqkg/id/"):]
    page = requests.get(live_server + path, timeout=30).text
    assert "(inferred)" in page
    plain = Graph().parse(data=requests.get(live_server + path + ".ttl", timeout=30).text,
                          format="turtle")
    assert (s, p, o) not in plain
    full = Graph().parse(data=requests.get(live_server + path + ".ttl",
                                           params={"inferred": "true"}, timeout=30).text,
                         format="turtle")
    assert (s, p, o) in full


# -- JSON-LD ------------------------------------------------------------------------


def test_jsonld_is_compact_and_uses_the_published_context(live_server: str) -> None:
    body = requests.get(live_server + PATHS[TERM],
                        headers={"Accept": "application/ld+json"}, timeout=30).json()
    assert body["@context"] == live_server + "/context.jsonld"
    node = next(n for n in body["@graph"] if n["@id"] in (TERM, "pc:race"))
    assert node["prefLabel"] == {"en": "race", "cy": "hil"}
    assert "ProtectedCharacteristic" in node["@type"]


def test_jsonld_round_trip_with_inline_context(store: Store) -> None:
    """Serialise with the context inlined and parse back: the same graph, offline."""
    from eqkg.publish import conneg
    from eqkg.publish.describe import describe

    for iri in (DATA, TERM):
        graph = describe(store, iri).graph()
        body = conneg.serialize(graph, conneg.BY_NAME["jsonld"],
                                context=load_context()["@context"])
        assert isinstance(json.loads(body)["@context"], dict)
        assert isomorphic(Graph().parse(data=body, format="json-ld"), graph)


def test_context_is_served_and_matches_the_file(live_server: str) -> None:
    served = requests.get(live_server + "/context.jsonld", timeout=30)
    assert served.headers["Content-Type"].startswith("application/ld+json")
    assert served.json() == load_context()
    assert context_path().is_file()


def test_context_file_names_only_existing_terms() -> None:
    """Every eq: term the committed context names is still in the ontology."""
    committed = json.loads(context_path().read_text(encoding="utf-8"))["@context"]
    generated = build_context()["@context"]
    eq_terms = {k: v for k, v in committed.items()
                if (v if isinstance(v, str) else v["@id"]).startswith("eq:")}
    assert eq_terms, "the context defines no eq: terms"
    stale = sorted(k for k in eq_terms if k not in generated)
    assert not stale, f"regenerate ontology/context.jsonld: {stale} left the ontology"
    assert URIRef(committed["eq"]) == URIRef("https://w3id.org/eqkg/ontology#")
