"""Answers that SPARQL 1.1 results formats did not foresee: triple terms, base directions, control characters."""

from __future__ import annotations

import json
from xml.dom.minidom import parseString

import pyoxigraph as ox
import pytest

from eqkg.errors import NotAcceptable
from eqkg.results import write_bindings

QUERY = ('SELECT (<<( <http://a> <http://b> "c" )>> AS ?t) (STRLANGDIR("hi", "en", "ltr") AS ?d) '
         '("a\\rb" AS ?cr) WHERE {}')


@pytest.fixture(scope="module")
def row() -> list:
    solution = next(iter(ox.Store().query(QUERY)))
    return [solution["t"], solution["d"], solution["cr"]]


def test_json_writes_triple_terms_and_base_direction(row: list) -> None:
    bindings = json.loads(write_bindings(["t", "d", "cr"], [row], "json"))["results"]["bindings"][0]
    assert bindings["t"] == {"type": "triple", "value": {
        "subject": {"type": "uri", "value": "http://a"}, "predicate": {"type": "uri", "value": "http://b"},
        "object": {"type": "literal", "value": "c"}}}
    assert bindings["d"] == {"type": "literal", "value": "hi", "xml:lang": "en", "its:dir": "ltr"}
    assert bindings["cr"]["value"] == "a\rb"


def test_xml_is_well_formed_with_a_carriage_return_kept(row: list) -> None:
    text = write_bindings(["t", "d", "cr"], [row], "xml").decode("utf-8")
    assert "a&#13;b" in text and "<triple><subject><uri>http://a</uri></subject>" in text
    assert 'its:dir="ltr"' in text
    literals = parseString(text).getElementsByTagName("literal")
    assert [n.firstChild.data for n in literals][-1] == "a\rb"


def test_csv_and_tsv_write_triple_terms_in_n_triples_form(row: list) -> None:
    assert write_bindings(["t"], [[row[0]]], "csv").decode() == 't\r\n"<<( <http://a> <http://b> ""c"" )>>"\r\n'
    assert write_bindings(["t", "d"], [row[:2]], "tsv").decode() == \
        '?t\t?d\n<<( <http://a> <http://b> "c" )>>\t"hi"@en--ltr\n'


def test_a_control_character_xml_cannot_carry_is_refused_by_name() -> None:
    solution = next(iter(ox.Store().query('SELECT ("a\\u0001b" AS ?x) WHERE {}')))
    with pytest.raises(NotAcceptable, match="U\\+0001"):
        write_bindings(["x"], [[solution["x"]]], "xml")
