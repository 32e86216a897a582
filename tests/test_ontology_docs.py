"""The pyLODE documentation build: one page per source and language, offline."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from eqkg.docs_build import build_docs, monolingual, sources

needs_pylode = pytest.mark.skipif(importlib.util.find_spec("pylode") is None,
                                  reason="pyLODE not installed (pip install -e .[docs])")


def test_monolingual_keeps_one_language_and_plain_literals() -> None:
    graph = Graph()
    s = URIRef("urn:x")
    graph.add((s, RDFS.label, Literal("race", lang="en")))
    graph.add((s, RDFS.label, Literal("hil", lang="cy")))
    graph.add((s, RDFS.comment, Literal("plain")))
    assert set(monolingual(graph, "cy").objects(s, None)) == {Literal("hil", lang="cy"),
                                                                Literal("plain")}


def test_sources_are_the_ontology_and_nine_vocabularies() -> None:
    stems = [stem for stem, _, _ in sources()]
    assert stems == ["index", "vocab-aim", "vocab-basis", "vocab-characteristic",
                     "vocab-document-type", "vocab-duty", "vocab-phase", "vocab-sector",
                     "vocab-status", "vocab-theme"]


@needs_pylode
def test_build_docs_writes_english_and_welsh_pages(tmp_path: Path) -> None:
    written = build_docs(tmp_path)
    assert len(written) == 20
    english = (tmp_path / "index.html").read_text(encoding="utf-8")
    welsh = (tmp_path / "vocab-characteristic.cy.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and "Equality objectives knowledge graph ontology" in english
    assert "Ontoleg graff" not in english
    assert '<html lang="cy">' in welsh and "Sipsiwn, Roma a Theithwyr" in welsh
    assert "needs-review" in welsh
