"""Reasoning on the seed knowledge graph (data/): the inferences the saved queries rely on,
asserted-only answers, explanations through the CLI and the API, and a consistent store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from rdflib import URIRef
from rdflib.namespace import RDF

from eqkg.loader import asset_files, parse_file
from eqkg.namespaces import EQ, GRAPH, ID, PC
from eqkg.store import Store

CARDIFF = str(GRAPH) + "cardiff-race-equality-taskforce"
GWENT = str(GRAPH) + "gwent-jsep-2020-2024"
PALG = str(GRAPH) + "palg-2019-03-13"
RECOMMENDATION = ID["response/cardiff-race-equality-taskforce/recommendation/1.1"]
CARDIFF_COMMITMENT = ID["response/cardiff-race-equality-taskforce/recommendation/1.4/commitment/5"]
GWENT_PLAN = ID["plan/gwent-jsep-2020-2024"]
GWENT_STEP = ID["plan/gwent-jsep-2020-2024/objective/4/step/4"]
ACTION = ID["meeting/palg-2019-03-13/action/2"]


@pytest.fixture(scope="module")
def seed(store: Store) -> Store:
    graphs = store.graphs()
    missing = [g for g in (CARDIFF, GWENT, PALG) if g not in graphs]
    assert not missing, f"seed data graphs missing from the store: {missing}"
    return store


def holds(store: Store, s: URIRef, p: URIRef, o: URIRef, *, inferred: bool = True) -> bool:
    return bool(store.query("ASK { ?s ?p ?o }", substitutions={"s": s, "p": p, "o": o},
                            inferred=inferred))


@pytest.mark.parametrize("triple", [
    (RECOMMENDATION, RDF.type, EQ.Commitment),
    (ACTION, RDF.type, EQ.Commitment),
    (GWENT_STEP, RDF.type, EQ.Commitment),
    (GWENT_STEP, EQ.partOf, GWENT_PLAN),
    (GWENT_PLAN, EQ.hasPart, GWENT_STEP),
    (GWENT_STEP, EQ.organisation, ID["organisation/gwent-police"]),
    (GWENT_STEP, EQ.organisation, ID["organisation/opcc-gwent"]),
    (GWENT_STEP, EQ.covers, PC.disability),
    (CARDIFF_COMMITMENT, EQ.covers, PC.race),
    (ACTION, EQ.partOf, ID["meeting/palg-2019-03-13"]),
], ids=lambda t: " ".join(str(x).rsplit("/", 2)[-1] for x in t) if isinstance(t, tuple) else t)
def test_seed_inferences(seed: Store, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert holds(seed, *triple)
    assert not holds(seed, *triple, inferred=False)


def test_asserted_premises_are_there(seed: Store) -> None:
    """The premises the inferences above rest on are asserted in the documents."""
    assert holds(seed, GWENT_STEP, EQ.covers, PC["disability/mental-health"], inferred=False)
    assert holds(seed, RECOMMENDATION, RDF.type, EQ.Recommendation, inferred=False)


def test_asserted_graphs_hold_exactly_their_files(seed: Store) -> None:
    """Materialisation wrote nothing into an asserted graph: each holds what its file says."""
    for graph, path in asset_files():
        assert len(seed.graph_triples(graph)) == len(set(parse_file(path))), graph


def eqkg(store_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "eqkg.cli", "--store", str(store_path), *args],
                          capture_output=True, text=True, timeout=300)


def test_asserted_only_switch_on_the_cli(seed: Store, store_path: Path) -> None:
    sparql = ("SELECT ?c WHERE { ?c a eq:Commitment FILTER(STRSTARTS(STR(?c), "
              "'https://w3id.org/eqkg/id/response/cardiff-race-equality-taskforce/"
              "recommendation/1.1')) } ORDER BY ?c")
    every = eqkg(store_path, "query", sparql, "--format", "csv")
    asserted = eqkg(store_path, "query", "--asserted-only", sparql, "--format", "csv")
    assert every.returncode == asserted.returncode == 0
    assert str(RECOMMENDATION) in every.stdout.split()
    assert asserted.stdout.split() == ["c"]


def test_seed_store_is_consistent(seed: Store, store_path: Path) -> None:
    result = eqkg(store_path, "check")
    assert result.returncode == 0, result.stderr
    assert "Consistent" in result.stdout


def test_explain_on_the_cli(seed: Store, store_path: Path) -> None:
    result = eqkg(store_path, "explain",
                  "id:response/cardiff-race-equality-taskforce/recommendation/1.1",
                  "a", "eq:Commitment")
    assert result.returncode == 0, result.stderr
    assert "inferred by cax-sco (subclass)" in result.stdout
    assert "eq:Recommendation rdfs:subClassOf eq:Commitment   [graph:ontology]" in result.stdout
    assert "asserted in graph:cardiff-race-equality-taskforce" in result.stdout


def test_explain_roll_up_as_json(seed: Store, store_path: Path) -> None:
    result = eqkg(store_path, "explain", "--format", "json",
                  "id:plan/gwent-jsep-2020-2024/objective/4/step/4", "eq:covers",
                  "pc:disability")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["rule"] == "prp-spo2"
    assert found["axioms"] == [{"axiom": "eq:covers owl:propertyChainAxiom "
                                "( eq:covers skos:broader )", "graph": str(GRAPH) + "ontology"}]
    assert [(p["text"], p["graphs"]) for p in found["premises"]] == [
        ("id:plan/gwent-jsep-2020-2024/objective/4/step/4 eq:covers "
         "pc:disability/mental-health", [GWENT]),
        ("pc:disability/mental-health skos:broader pc:disability",
         [str(GRAPH) + "vocab/characteristic"]),
    ]


@pytest.mark.parametrize("args, message", [
    (("explain", "id:nothing/here", "a", "eq:Commitment"), "neither asserted nor inferred"),
    (("explain", "zz:x", "a", "eq:Commitment"), "unknown prefix 'zz'"),
    (("explain", "id:x", "a"), "Missing argument"),
])
def test_explain_errors(seed: Store, store_path: Path, args: tuple[str, ...],
                        message: str) -> None:
    result = eqkg(store_path, *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_api_explain(seed: Store, live_server: str) -> None:
    response = requests.get(live_server + "/api/explain", timeout=30, params={
        "s": "id:plan/gwent-jsep-2020-2024/objective/4/step/4", "p": "eq:organisation",
        "o": "id:organisation/gwent-police"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "inferred"
    assert body["rule"] == "prp-spo2"
    assert body["axioms"][0]["axiom"] == \
        "eq:organisation owl:propertyChainAxiom ( eq:partOf eq:organisation )"


@pytest.mark.parametrize("params, status", [
    ({"s": "id:x", "p": "a", "o": "eq:Commitment"}, 404),
    ({"s": "id:x", "p": "a"}, 400),
    ({"s": "nonsense", "p": "a", "o": "eq:Step"}, 400),
])
def test_api_explain_errors(seed: Store, live_server: str, params: dict[str, str],
                            status: int) -> None:
    response = requests.get(live_server + "/api/explain", params=params, timeout=30)
    assert response.status_code == status
    assert response.json()["status"] == status


def test_api_statements_inferred_switch(seed: Store, live_server: str) -> None:
    params = {"s": "id:response/cardiff-race-equality-taskforce/recommendation/1.1", "p": "a"}
    every = requests.get(live_server + "/api/statements", params=params, timeout=30).json()
    asserted = requests.get(live_server + "/api/statements", timeout=30,
                            params={**params, "inferred": "false"}).json()
    assert {(s["object"], s["inferred"]) for s in asserted["statements"]} == {
        (str(EQ.Recommendation), False)}
    assert (str(EQ.Commitment), True) in {(s["object"], s["inferred"])
                                          for s in every["statements"]}
    bad = requests.get(live_server + "/api/statements", timeout=30,
                       params={**params, "inferred": "perhaps"})
    assert bad.status_code == 400


def test_api_check(seed: Store, live_server: str) -> None:
    body = requests.get(live_server + "/api/check", timeout=60).json()
    assert body == {"consistent": True, "findings": []}
