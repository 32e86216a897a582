"""'How your plan compares' (issue 16) on a draft police plan from tests/corpus/."""

from __future__ import annotations

from pathlib import Path

import pytest

from eqkg import saved_queries
from eqkg.errors import InputError
from eqkg.store import Store
from eqkg.validation import read_plan
from eqkg.validation.compare import compare_plan, guess_sector

DRAFT = Path(__file__).parent / "corpus" / "westmarch-police-equality-objectives-2024-28.md"
ID = "https://w3id.org/eqkg/id/"


@pytest.fixture(scope="module")
def comparison(store: Store):
    return compare_plan(store, read_plan(DRAFT.read_bytes(), DRAFT.name).graph)


def test_sector_and_peers(comparison) -> None:
    assert comparison.sector == "https://w3id.org/eqkg/vocab/sector/police"
    assert comparison.peers == [
        "Gwent Police", "Office of the Police and Crime Commissioner for Gwent",
        "Office of the Police and Crime Commissioner for South Wales", "South Wales Police"]


def test_counts_equal_the_saved_query(store: Store, comparison) -> None:
    table = saved_queries.run(store, "peer-coverage", {"sector": "police"})
    answer = {str(r[1]): int(str(r[3])) for r in table.rows}
    assert {c.concept.rsplit("/", 1)[-1]: c.bodies for c in comparison.coverage} == {
        k.rsplit("/", 1)[-1]: v for k, v in answer.items()}
    assert answer["https://w3id.org/eqkg/vocab/characteristic/race"] == 4
    assert answer["https://w3id.org/eqkg/vocab/characteristic/sex"] == 2
    assert len(answer) == 12


def test_similar_objectives_are_linked(comparison) -> None:
    by_text = {s.text[:40]: s for s in comparison.similar}
    victims = by_text["Improve the support that victims of dome"]
    assert [x["iri"] for x in victims.similar] == [ID + "plan/gwent-jsep-2020-2024/objective/1"]
    assert len(comparison.similar) == 9
    assert comparison.left_out == []


def test_html_section_names_peers_and_links(comparison) -> None:
    from jinja2 import Environment, FileSystemLoader

    from eqkg.i18n import t

    env = Environment(loader=FileSystemLoader(
        Path(__file__).resolve().parents[1] / "service" / "eqkg" / "web" / "templates"))
    html = env.get_template("validate_compare.html").render(
        comparison=comparison, t=lambda key, **kw: t(key, "cy", **kw))
    assert "Sut mae eich cynllun yn cymharu" in html
    assert "South Wales Police" in html
    assert f'href="{ID}plan/gwent-jsep-2020-2024/objective/1"' in html
    assert 'class="govuk-table"' in html and 'class="govuk-summary-list"' in html


def test_sector_guess_and_refusal(store: Store) -> None:
    assert guess_sector("Brackendale District Council") == "local-authority"
    assert guess_sector("Cwm Tawe County Borough Council") == "local-authority"
    assert guess_sector("Marches Fire and Rescue Authority") == "fire"
    assert guess_sector("Bro Hafren University Health Board") == "health"
    with pytest.raises(InputError, match="unknown sector"):
        compare_plan(store, read_plan(DRAFT.read_bytes(), DRAFT.name).graph, "army")
