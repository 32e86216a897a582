"""Audit (issue 18, item 4): what the docs say about prefixes and the SPARQL guard is true of the code.

Every prefix the docs name in a compact form (`eq:covers`, or `eq:` alone in a
code span, as the prefix tables write it) inside code spans and code blocks is
declared in eqkg.namespaces.PREFIXES, or listed in decision 0001's table of
external prefixes, or declared by a PREFIX / @prefix line of the same block.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eqkg import saved_queries as sq
from eqkg.namespaces import DEFAULT_BASE, PREFIXES
from eqkg.sparql import guard

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
DECISION = ROOT / "docs" / "decisions" / "0001-uris-graphs-and-core-terms.md"
FENCE = re.compile(r"^(```|~~~)[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)
SPAN = re.compile(r"(`+)(.+?)\1", re.S)
# prefix:local, not inside a word, an IRI (http://...), a path or a dotted key (linked.term.skos:x)
COMPACT = re.compile(r"(?<![\w./:@#?=&%+-])([a-z][a-z0-9_-]*):(?:[A-Za-z_0-9][\w.-]*|\{)")
BARE = re.compile(r"\s*([a-z][a-z0-9_-]*):\s*")  # a code span that is just `eq:`
DECLARED = re.compile(r"(?im)^\s*(?:@prefix|PREFIX)\s+([a-z][\w-]*)?:")
SCHEMES = {"http", "https", "urn", "mailto", "file", "ftp", "data", "tag"}
TABLE_ROW = re.compile(r"^\|\s*`([a-z][\w-]*):`[^|]*\|\s*`([^`]+)`\s*\|", re.M)


def named_prefixes(text: str) -> set[str]:
    """The prefixes a Markdown text names in code, less those a code block declares itself."""
    found: set[str] = set()
    for block in (m.group(2) for m in FENCE.finditer(text)):
        local = set(DECLARED.findall(block))
        found |= {p for p in COMPACT.findall(block) if p not in SCHEMES and p not in local}
    for span in (m.group(2) for m in SPAN.finditer(FENCE.sub("", text))):
        found |= {p for p in COMPACT.findall(span) if p not in SCHEMES}
        bare = BARE.fullmatch(span)
        if bare:
            found.add(bare.group(1))
    return found


def tables() -> tuple[dict[str, str], dict[str, str], set[str]]:
    """Decision 0001's project prefix table, its external prefix table, and its "Reused:" prefixes."""
    text = DECISION.read_text(encoding="utf-8")
    project_part, _, external_part = text.partition("**not** predeclared")
    reused = re.search(r"^Reused: (.*?)\n\n", project_part, re.M | re.S)
    assert reused, "decision 0001 lost its 'Reused:' paragraph"
    return (dict(TABLE_ROW.findall(project_part)), dict(TABLE_ROW.findall(external_part.split("\n## ", 1)[0])),
            set(re.findall(r"`([a-z]+):`", reused.group(1))))


def test_the_docs_name_only_declared_or_external_prefixes() -> None:
    _, external, _ = tables()
    unknown = {}
    for path in DOCS:
        for prefix in named_prefixes(path.read_text(encoding="utf-8")) - set(PREFIXES) - set(external):
            unknown.setdefault(prefix, []).append(str(path.relative_to(ROOT)))
    assert unknown == {}


def test_decision_0001_lists_exactly_the_predeclared_prefixes_with_their_iris() -> None:
    project, _, reused = tables()
    assert set(project) | reused == set(PREFIXES)
    expected = {**PREFIXES, "id": DEFAULT_BASE}  # the data base is configurable; the table gives the default
    assert {p: iri for p, iri in project.items()} == {p: expected[p] for p in project}


def test_external_prefixes_are_not_predeclared_and_are_used() -> None:
    _, external, _ = tables()
    assert sorted(external) == ["dcat", "err", "gss", "sd", "sh", "void"]
    assert not set(external) & set(PREFIXES)
    named = set().union(*(named_prefixes(p.read_text(encoding="utf-8")) for p in DOCS))
    assert set(external) <= named, "an external prefix no doc names any more: drop it from decision 0001"


def test_the_scanner_finds_compact_forms_and_prefix_table_cells() -> None:
    text = ("| `eqv:` (root) | `https://w3id.org/eqkg/vocab/` |\n\nSee `x:y` and `a.b.skos:c`, `http://e.org/`, "
            "`key: value`.\n\n```sparql\nPREFIX own: <urn:x>\nSELECT * { ?s own:p eq:q ; zz:r ?o }\n```\n")
    assert named_prefixes(text) == {"eqv", "x", "eq", "zz"}


@pytest.mark.parametrize("name", sorted(sq.load_library()))
def test_no_saved_query_reaches_outside_the_store(name: str) -> None:
    """The guard runs on /sparql only (docs/linked-data.md): saved queries must need none of it."""
    info = guard.analyse(sq.load_library()[name].query)
    assert info.update is None
    assert [(t.keyword, t.written) for t in info.targets] == []
