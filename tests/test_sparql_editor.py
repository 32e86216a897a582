"""The YASGUI editor page: local static files only, endpoint and prefixes preset, examples."""

from __future__ import annotations

import json
import re
from pathlib import Path

import requests

from eqkg.namespaces import PREFIXES
from eqkg.web.sparql import BUILTIN_EXAMPLES, editor_examples

STATIC = Path(__file__).resolve().parents[1] / "service" / "eqkg" / "web" / "static" / "yasgui"


def editor_config(html: str) -> dict:
    match = re.search(r"var config = (\{.*?\});\n", html, re.DOTALL)
    assert match, "editor configuration not found"
    return json.loads(match.group(1))


def test_editor_page_uses_local_yasgui_and_presets(live_server: str) -> None:
    r = requests.get(live_server + "/editor")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    html = r.text
    scripts = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert "/static/yasgui/yasgui.min.js" in scripts
    assert "/static/yasgui/yasgui.min.css" in scripts
    assert not [s for s in scripts if s.startswith(("http:", "https:", "//"))]
    config = editor_config(html)
    assert config["endpoint"] == live_server + "/sparql"
    assert config["prefixes"] == PREFIXES
    for prefix, iri in PREFIXES.items():
        assert f"PREFIX {prefix}: <{iri}>" in config["defaultQuery"]
    titles = [e["title"] for e in config["examples"]]
    assert titles[: len(BUILTIN_EXAMPLES)] == [title for title, _ in BUILTIN_EXAMPLES]
    welsh = requests.get(live_server + "/editor", params={"lang": "cy"}).text
    assert "Ymholiadau enghreifftiol" in welsh


def test_static_files_are_served_with_their_licence(live_server: str) -> None:
    for name in ("yasgui.min.js", "yasgui.min.css"):
        r = requests.get(f"{live_server}/static/yasgui/{name}")
        assert r.status_code == 200 and len(r.content) == (STATIC / name).stat().st_size
    licence = (STATIC / "LICENSE").read_text()
    assert "MIT" in licence and "@zazuko/yasgui" in licence
    assert (STATIC / "VERSION").read_text().startswith("@zazuko/yasgui@")


def test_every_builtin_example_runs(live_server: str) -> None:
    for title, query in BUILTIN_EXAMPLES:
        r = requests.post(live_server + "/sparql", data={"query": query, "format": "json"})
        assert r.status_code == 200, (title, r.text)


def test_examples_offer_the_saved_query_library_when_present() -> None:
    examples = editor_examples()
    assert examples[: len(BUILTIN_EXAMPLES)] == [
        {"title": title, "query": query} for title, query in BUILTIN_EXAMPLES]
    try:
        from eqkg.saved_queries import load_library
    except ImportError:
        return
    library = load_library()
    assert len(examples) == len(BUILTIN_EXAMPLES) + len(library)
    assert all(e["query"].strip() for e in examples)
