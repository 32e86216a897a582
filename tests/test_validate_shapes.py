"""shapes/plan.ttl is what the generator writes, parses, and speaks English and Welsh."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF

from eqkg.namespaces import SH
from eqkg.validation import shapegen
from eqkg.validation.engine import shapes_file


def test_committed_shapes_are_the_generator_output() -> None:
    assert shapes_file().read_text(encoding="utf-8") == shapegen.generate()
    assert shapegen.main(["--check"]) == 0


def test_every_shape_has_a_severity_and_messages_in_english_and_welsh() -> None:
    graph = Graph().parse(shapes_file(), format="turtle")
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    shapes |= set(graph.objects(None, SH.property))
    with_messages = [s for s in shapes if (s, SH.message, None) in graph]
    assert len(with_messages) >= 60
    for shape in with_messages:
        langs = {m.language for m in graph.objects(shape, SH.message) if isinstance(m, Literal)}
        assert langs == {"en", "cy"}, shape
        assert graph.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
    # Every node shape without its own messages delegates them to its property shapes.
    for shape in shapes - set(with_messages):
        for prop in graph.objects(shape, SH.property):
            assert prop in with_messages


def test_marriage_and_civil_partnership_is_paired_with_aim_a_only() -> None:
    text = shapes_file().read_text(encoding="utf-8")
    assert "eqsh:plan-marriage-and-civil-partnership-with-eliminate-discrimination" in text
    assert "eqsh:plan-marriage-and-civil-partnership-with-foster-good-relations" not in text
    assert "eqsh:plan-race-with-foster-good-relations" in text
    # Aims (b) and (c) do not count a node whose only characteristic is marriage and civil partnership.
    block = text.split("eqsh:plan-addresses-foster-good-relations", 1)[1].split("\neqsh:", 1)[0]
    assert "pc:marriage-and-civil-partnership" not in block.split("IN (", 1)[1].split(")", 1)[0]
