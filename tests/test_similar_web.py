"""Issue 16 over HTTP and the CLI: the similar block on resource pages, /partners, /compare,
the saved queries, and `eqkg partners` / `eqkg validate --compare`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import requests

from eqkg import saved_queries
from eqkg.store import Store

ID = "https://w3id.org/eqkg/id/"
DRAFT = Path(__file__).parent / "corpus" / "westmarch-police-equality-objectives-2024-28.md"


def eqkg(store_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "eqkg.cli", "--store", str(store_path), *args],
                          capture_output=True, text=True, timeout=300)


def test_resource_page_shows_similar_links(live_server: str) -> None:
    page = requests.get(live_server + "/id/plan/gwent-jsep-2020-2024/objective/4",
                        headers={"Accept": "text/html"}, timeout=60).text
    block = page.split('id="similar-heading"', 1)[1].split("</section>", 1)[0]
    assert "Similar commitments elsewhere" in block
    assert block.count("<li>") == 5
    assert 'href="/id/plan/south-wales-joint-equality-plan/objective/representative-workforce"' \
        in block
    assert "0.58" in block and "representative workforce" in block
    cy = requests.get(live_server + "/id/plan/gwent-jsep-2020-2024/objective/4?lang=cy",
                      headers={"Accept": "text/html"}, timeout=60).text
    assert "Ymrwymiadau tebyg mewn mannau eraill" in cy
    # an organisation has no similar links, so no block
    org = requests.get(live_server + "/id/organisation/gwent-police",
                       headers={"Accept": "text/html"}, timeout=60).text
    assert 'id="similar-heading"' not in org


def test_partners_page_and_json(live_server: str) -> None:
    url = live_server + "/partners?body=gwent-police&body=south-wales-police"
    data = requests.get(url + "&format=json", timeout=60).json()
    assert [b["name"] for b in data["bodies"]] == ["Gwent Police", "South Wales Police"]
    assert data["joint"] == []
    assert len(data["shared"]) == 11
    top = data["shared"][0]
    assert (top["right"]["iri"], top["score"], top["characteristics"]) == (
        ID + "plan/south-wales-joint-equality-plan/objective/"
        "engagement-with-children-and-young-people", 0.7906, ["age"])
    assert len(data["only"][ID + "organisation/south-wales-police"]) == 3
    joint = requests.get(live_server + "/partners?body=opcc-gwent&body=gwent-police&format=json",
                         timeout=60).json()
    assert len(joint["joint"]) == 132 and joint["shared"] == []
    page = requests.get(url + "&lang=cy", timeout=60).text
    assert "Partneriaeth" in page and page.count("&harr;") == 11
    assert requests.get(live_server + "/partners?body=nobody&body=gwent-police",
                        timeout=60).status_code == 404
    assert requests.get(live_server + "/partners?body=gwent-police&format=json",
                        timeout=60).status_code == 400


def test_compare_page(live_server: str) -> None:
    with DRAFT.open("rb") as fh:
        answer = requests.post(live_server + "/compare?format=json",
                               files={"file": (DRAFT.name, fh)}, timeout=120)
    assert answer.status_code == 200
    data = answer.json()
    assert data["sector"].endswith("/sector/police") and len(data["peers"]) == 4
    with DRAFT.open("rb") as fh:
        page = requests.post(live_server + "/compare?lang=cy", files={"file": (DRAFT.name, fh)},
                             timeout=120).text
    assert "Sut mae eich cynllun yn cymharu" in page
    assert 'href="/id/plan/gwent-jsep-2020-2024/objective/1?lang=cy"' in page


def test_saved_queries_answer(store: Store) -> None:
    rows = saved_queries.run(store, "similar-commitments",
                             {"commitment": ID + "plan/gwent-jsep-2020-2024/objective/4"}).rows
    assert [str(r[2])[len(ID):] for r in rows] == [
        "plan/south-wales-joint-equality-plan/objective/representative-workforce",
        "plan/south-wales-joint-equality-plan/objective/workplace-equality",
        "response/cardiff-race-equality-taskforce/recommendation/1.4/commitment/5",
        "response/cardiff-race-equality-taskforce/recommendation/5.4",
        "response/cardiff-race-equality-taskforce/recommendation/5.5"]
    bodies = saved_queries.run(store, "bodies-on-theme", {"theme": "representative-workforce"})
    assert [(str(r[2]), int(str(r[4]))) for r in bodies.rows] == [
        ("Cardiff Council", 2), ("Gwent Police", 2),
        ("Office of the Police and Crime Commissioner for Gwent", 2),
        ("Office of the Police and Crime Commissioner for South Wales", 1),
        ("South Wales Police", 1)]


def test_cli_partners_and_compare(store_path: Path) -> None:
    out = eqkg(store_path, "partners", "gwent-police", "south-wales-police", "--format", "json")
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["shared"]) == 11
    missing = eqkg(store_path, "partners", "gwent-police", "nobody")
    assert missing.returncode == 2 and missing.stderr.strip() == \
        "Error: no organisation 'nobody' in the graph"
    report = eqkg(store_path, "validate", str(DRAFT), "--compare", "--format", "json")
    assert report.returncode in (0, 1), report.stderr
    comparison = json.loads(report.stdout)["comparison"]
    assert {c["concept"].rsplit("/", 1)[-1]: c["bodies"] for c in comparison["coverage"]}["race"] \
        == 4
    bad = eqkg(store_path, "validate", str(DRAFT), "--compare", "--sector", "army")
    assert bad.returncode == 2 and "unknown sector 'army'" in bad.stderr
