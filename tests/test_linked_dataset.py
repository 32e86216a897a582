"""The VoID/DCAT description and the dumps, over real HTTP and from the CLI; the curated links."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from eqkg import config
from eqkg.cli import main
from eqkg.namespaces import EQ, GRAPH
from eqkg.publish.dataset import read_dump
from eqkg.store import Store

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DATASET = URIRef("https://w3id.org/eqkg/dataset")
LINKS = config.asset_dir("data") / "curated" / "links.ttl"
REGISTRY = config.asset_dir("data") / "curated" / "registry.ttl"
GSS = "http://statistics.data.gov.uk/id/statistical-geography/"


@pytest.fixture(scope="module")
def void(live_server: str) -> Graph:
    answer = requests.get(live_server + "/.well-known/void",
                          headers={"Accept": "text/turtle"}, timeout=30)
    assert answer.status_code == 200
    return Graph().parse(data=answer.text, format="turtle")


def test_void_counts_match_the_store(void: Graph, store: Store) -> None:
    graphs = store.graphs()
    subsets = {str(s): int(void.value(s, VOID.triples))
               for s in void.objects(DATASET, VOID.subset)}
    assert subsets == graphs
    assert int(void.value(DATASET, VOID.triples)) == sum(graphs.values()) == len(store)
    for iri in graphs:
        assert (URIRef(iri), RDF.type, VOID.Dataset) in void


def test_void_and_dcat_describe_access(void: Graph, live_server: str) -> None:
    assert (DATASET, RDF.type, DCAT.Dataset) in void
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef(live_server + "/sparql")
    assert void.value(DATASET, VOID.dataDump) == URIRef(live_server + "/dumps/all.nq.gz")
    assert void.value(DATASET, DCTERMS.license) is not None
    assert void.value(DATASET, VOID.uriSpace) == Literal("https://w3id.org/eqkg/id/")
    vocabularies = {str(v) for v in void.objects(DATASET, VOID.vocabulary)}
    assert {str(EQ), str(SKOS), str(DCTERMS)} <= vocabularies
    downloads = {str(void.value(d, DCAT.downloadURL))
                 for d in void.objects(DATASET, DCAT.distribution)} - {"None"}
    assert downloads == {live_server + "/dumps/all.nq.gz"}
    registry = URIRef(str(GRAPH) + "curated/registry")
    assert void.value(registry, VOID.dataDump) == URIRef(
        live_server + "/dumps/graph/curated/registry.nq.gz")


def test_dataset_page_and_same_description_at_both_addresses(live_server: str) -> None:
    page = requests.get(live_server + "/dataset", timeout=30)
    assert page.status_code == 200 and 'href="/dumps/all.nq.gz"' in page.text
    assert 'href="/graph/curated/links"' in page.text
    one = Graph().parse(data=requests.get(live_server + "/dataset", params={"format": "turtle"},
                                          timeout=30).text, format="turtle")
    other = Graph().parse(data=requests.get(live_server + "/.well-known/void",
                                            headers={"Accept": "application/n-triples"},
                                            timeout=30).text, format="nt")
    assert len(one) == len(other)


def test_full_dump_has_every_quad(live_server: str, store: Store) -> None:
    answer = requests.get(live_server + "/dumps/all.nq.gz", timeout=60)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/gzip"
    quads = read_dump(answer.content)
    assert len(quads) == len(store)
    assert set(quads) == set(store.raw)


def test_graph_dumps_and_graph_pages(live_server: str, store: Store) -> None:
    for iri, count in store.graphs().items():
        rest = iri[len(str(GRAPH)):]
        quads = read_dump(requests.get(f"{live_server}/dumps/graph/{rest}.nq.gz",
                                       timeout=30).content)
        assert len(quads) == count
        assert {q.graph_name.value for q in quads} <= {iri}
    page = Graph().parse(data=requests.get(live_server + "/graph/curated/links.ttl",
                                           timeout=30).text, format="turtle")
    links = URIRef(str(GRAPH) + "curated/links")
    assert int(page.value(links, VOID.triples)) == store.graphs()[str(links)]
    assert requests.get(live_server + "/dumps/graph/nope.nq.gz", timeout=30).status_code == 404
    assert requests.get(live_server + "/graph/nope", timeout=30).status_code == 404


def test_cli_dump(store_path: Path, store: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "all.nq.gz"
    result = runner.invoke(main, ["--store", str(store_path), "dump", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote {len(store)} quads to {out}."
    assert len(read_dump(out.read_bytes())) == len(store)
    plain = tmp_path / "links.nq"
    graph = str(GRAPH) + "curated/links"
    result = runner.invoke(main, ["--store", str(store_path), "dump", "--graph", graph,
                                  "-o", str(plain)])
    assert result.exit_code == 0
    assert plain.read_bytes()[:2] != b"\x1f\x8b"  # not gzipped without .gz
    assert len(read_dump(plain.read_bytes())) == store.graphs()[graph]
    missing = runner.invoke(main, ["--store", str(store_path), "dump", "--graph",
                                   str(GRAPH) + "nope", "-o", str(tmp_path / "x.nq")])
    assert missing.exit_code == 1
    assert missing.output.strip() == f"Error: no graph <{GRAPH}nope> in the store"
    assert not (tmp_path / "x.nq").exists()


# -- the curated external links --------------------------------------------------------


@pytest.fixture(scope="module")
def links() -> Graph:
    return Graph().parse(LINKS)


def test_links_point_at_registry_organisations(links: Graph) -> None:
    registry = Graph().parse(REGISTRY)
    organisations = set(registry.subjects(RDF.type, EQ.Organisation))
    subjects = {s for s in links.objects(None, EQ.linkSubject)
                if "/organisation/" in str(s)}
    assert subjects and subjects <= organisations


def test_every_link_states_status_and_basis(links: Graph) -> None:
    vocab = Graph()
    for path in sorted((config.asset_dir("ontology") / "vocab").glob("*.ttl")):
        vocab.parse(path)
    for link in links.subjects(RDF.type, EQ.ExternalLink):
        status = str(links.value(link, EQ.linkStatus))
        assert status in {"verified", "unverified"}, link
        assert links.value(link, EQ.note) is not None, link
        subject, prop = links.value(link, EQ.linkSubject), links.value(link, EQ.linkProperty)
        target = links.value(link, EQ.linkTarget)
        if status == "verified":
            assert target is not None, link
            assert (subject, prop, target) in links or (subject, prop, target) in vocab, link
        elif target is not None:
            assert (subject, prop, target) not in links, f"{link} is unverified but asserted"
    # identity is only claimed for verified links, and none is verified yet
    assert not list(links.triples((None, OWL.sameAs, None)))
    assert not list(links.triples((None, SKOS.exactMatch, None)))


def test_police_force_area_codes(links: Graph) -> None:
    """ONS police force area codes (W15), cross-checked: see the comment in links.ttl."""
    base = "https://w3id.org/eqkg/id/organisation/"
    codes = {str(s)[len(base):]: str(o)[len(GSS):]
             for s, o in links.subject_objects(DCTERMS.spatial)}
    assert codes == {
        "cardiff-council": "W06000015",
        "north-wales-police": "W15000001", "opcc-north-wales": "W15000001",
        "gwent-police": "W15000002", "opcc-gwent": "W15000002",
        "south-wales-police": "W15000003", "opcc-south-wales": "W15000003",
        "dyfed-powys-police": "W15000004", "opcc-dyfed-powys": "W15000004",
    }
