"""Audit (issue 18, item 2): every uncertain identity decision's minted resource carries its candidate link.

data/curated/sameness.ttl's header and docs/entities.md promise that a decision
with eq:sameAsCandidate has no eq:person / eq:organisation (those are for
decisions made), and that the resource minted for its mentions carries the same
eq:sameAsCandidate triple. The integrity shapes check both on the data; the
resolver test checks that the minted resource is the one the readers use.
"""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from eqkg import config
from eqkg.ingest import entities
from eqkg.ingest.entities import Context, resolve_organisation, resolve_person
from eqkg.namespaces import EQ, ID

SHAPES = config.asset_dir("shapes") / "integrity.ttl"
ONTOLOGY = config.asset_dir("ontology")
DATA = config.asset_dir("data")
UNCERTAIN = {
    "sameness/palg-undated-hjj": ("person/palg-undated-hjj", "person/hannah-jenkins-jones"),
    "sameness/palg-undated-lj": ("person/palg-undated-lj", "person/lee-jones"),
    "sameness/palg-2019-03-13-ljj": ("person/palg-2019-03-13-ljj", "person/lee-jones"),
    "sameness/dpcc-wools": ("person/dpcc-wools", "person/emma-wools"),
    "sameness/cardiff-council-ccc": ("organisation/ccc", "organisation/cardiff-council"),
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def data() -> Graph:
    g = Graph()
    for path in [ONTOLOGY / "eqkg.ttl", *sorted((ONTOLOGY / "vocab").glob("*.ttl")), *sorted(DATA.rglob("*.ttl"))]:
        g.parse(path, format="turtle")
    return g


def _failures(graph: Graph, shapes: Graph) -> list[tuple[str, str]]:
    _, results, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True)
    return sorted(
        (str(results.value(r, SH.focusNode)), str(results.value(r, SH.sourceShape)).rsplit("#", 1)[-1])
        for r in results.subjects(RDF.type, SH.ValidationResult)
    )


def test_the_uncertain_decisions_are_exactly_these() -> None:
    reg = entities.registry().graph
    decisions = {d for d in reg.subjects(RDF.type, EQ.IdentityDecision) if reg.value(d, EQ.sameAsCandidate)}
    assert sorted(str(d).removeprefix(str(ID)) for d in decisions) == sorted(UNCERTAIN)
    for decision, (minted, candidate) in UNCERTAIN.items():
        assert reg.value(ID[decision], EQ.person) is None, decision  # eq:person is for decisions made
        assert reg.value(ID[decision], EQ.organisation) is None, decision
        assert (ID[decision], EQ.sameAsCandidate, ID[candidate]) in reg
        assert (ID[minted], EQ.sameAsCandidate, ID[candidate]) in reg, minted


def test_each_uncertain_mention_resolves_to_the_resource_carrying_the_link() -> None:
    reg = entities.registry().graph
    for decision, (minted, _candidate) in UNCERTAIN.items():
        for mention in reg.objects(ID[decision], EQ.mention):
            wording, document = str(reg.value(mention, EQ.wording)), reg.value(mention, EQ.source)
            assert isinstance(document, URIRef)
            resolve = resolve_person if minted.startswith("person/") else resolve_organisation
            assert resolve(wording, Context(document)) == ID[minted], (decision, wording)
    assert resolve_person("DPCC Wools", Context(ID["minutes/ppbw-2022-03-17"])) != ID["person/emma-wools"]


def test_seed_data_passes_the_identity_shapes(data: Graph, shapes: Graph) -> None:
    assert _failures(data, shapes) == []


def test_shape_fails_on_a_minted_candidate_without_its_link(data: Graph, shapes: Graph) -> None:
    broken = Graph() + data
    broken.remove((ID["person/dpcc-wools"], EQ.sameAsCandidate, ID["person/emma-wools"]))
    assert _failures(broken, shapes) == [
        (str(ID["sameness/dpcc-wools"]), "UncertainDecisionLinkShape")]


def test_shape_fails_on_an_uncertain_decision_with_an_outcome(data: Graph, shapes: Graph) -> None:
    broken = Graph() + data
    broken.add((ID["sameness/dpcc-wools"], EQ.person, ID["person/dpcc-wools"]))
    assert _failures(broken, shapes) == [(str(ID["sameness/dpcc-wools"]), "IdentityDecisionOutcomeShape")]


def test_shape_fails_on_a_link_without_its_decision(data: Graph, shapes: Graph) -> None:
    broken = Graph() + data
    broken.add((ID["person/palg-undated-mj"], EQ.sameAsCandidate, ID["person/mark-vaughan"]))
    assert _failures(broken, shapes) == [(str(ID["person/palg-undated-mj"]), "CandidateLinkDecidedShape")]


def test_shapes_need_no_seed_data(shapes: Graph) -> None:
    """The link shape works on a small graph too: a decision, its mention's document and no minted link."""
    g = Graph()
    decision, doc, cand = ID["sameness/x"], ID["minutes/x"], ID["person/y"]
    g.add((decision, RDF.type, EQ.IdentityDecision))
    g.add((decision, EQ.sameAsCandidate, cand))
    mention = ID["sameness/x/mention"]
    g.add((decision, EQ.mention, mention))
    g.add((mention, EQ.wording, Literal("XY")))
    g.add((mention, EQ.source, doc))
    identity = {"IdentityDecisionOutcomeShape", "UncertainDecisionLinkShape", "CandidateLinkDecidedShape"}
    assert [f for f in _failures(g, shapes) if f[1] in identity] == [(str(decision), "UncertainDecisionLinkShape")]
    g.add((ID["person/x-xy"], EQ.source, doc))
    g.add((ID["person/x-xy"], EQ.sameAsCandidate, cand))
    assert [f for f in _failures(g, shapes) if f[1] in identity] == []
