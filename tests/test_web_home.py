"""The home page says what is loaded, in English and Welsh, over real HTTP."""

from __future__ import annotations

import requests


def test_home_lists_graphs(live_server: str) -> None:
    page = requests.get(live_server + "/", timeout=10)
    assert page.status_code == 200
    assert "https://w3id.org/eqkg/graph/ontology" in page.text
    assert "What is loaded" in page.text


def test_home_in_welsh(live_server: str) -> None:
    page = requests.get(live_server + "/?lang=cy", timeout=10)
    assert "Beth sydd wedi" in page.text
    assert '<html lang="cy">' in page.text


def test_home_as_json(live_server: str) -> None:
    data = requests.get(live_server + "/", headers={"Accept": "application/json"},
                        timeout=10).json()
    assert data["triples"] == sum(data["graphs"].values())
