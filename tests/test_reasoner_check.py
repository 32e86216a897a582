"""`eqkg check`'s SPARQL queries for the clash rules reasonable does not report (prp-irp,
prp-asyp, cls-com, prp-npa1): the same findings whichever engine materialised the store."""

from __future__ import annotations

import pytest
from rdflib import Graph
from reasoning_support import schema_store

from eqkg.namespaces import GRAPH
from eqkg.reasoning import check_consistency, materialise

CLASHES = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <https://w3id.org/eqkg/id/fixture-terms#> .
@base <https://w3id.org/eqkg/id/> .
ex:p a owl:ObjectProperty , owl:IrreflexiveProperty . <thing/a> ex:p <thing/a> .
ex:q a owl:ObjectProperty , owl:AsymmetricProperty .
<thing/a> ex:q <thing/b> . <thing/b> ex:q <thing/a> .
ex:A owl:complementOf ex:B . <thing/c> a ex:A , ex:B .
[] a owl:NegativePropertyAssertion ; owl:sourceIndividual <thing/a> ;
   owl:assertionProperty ex:r ; owl:targetIndividual <thing/b> .
<thing/a> ex:r <thing/b> .
"""

EXPECTED = [
    ("asymmetric-property", "id:thing/a and id:thing/b are linked both ways by the "
     "asymmetric property id:fixture-terms#q"),
    ("complement-classes", "id:thing/c is both a id:fixture-terms#A and a "
     "id:fixture-terms#B, which are complements"),
    ("irreflexive-property", "id:thing/a is linked to itself by the irreflexive property "
     "id:fixture-terms#p"),
    ("negative-property-assertion", "id:thing/a id:fixture-terms#r id:thing/b is stated "
     "although a negative property assertion denies it"),
]


@pytest.mark.parametrize("reasoner", ["hybrid", "owlrl"])
def test_clashes_found_by_sparql(reasoner: str) -> None:
    store = schema_store()
    store.replace_graph(str(GRAPH) + "clashes", Graph().parse(data=CLASHES, format="turtle"))
    materialise(store, reasoner=reasoner)
    findings = check_consistency(store)
    assert [(f.kind, f.message) for f in findings] == EXPECTED
    assert all(f.severity == "error" for f in findings)
    assert findings[0].sources["https://w3id.org/eqkg/id/thing/a"] == [str(GRAPH) + "clashes"]
