"""Build HTML documentation of the ontology and vocabularies with pyLODE.

pyLODE shows one label per term and picks the language arbitrarily, so each
source is rendered once per language from a copy of the graph that keeps
only that language's literals: docs/ontology/index.html (English) and
index.cy.html (Welsh), and vocab-{scheme}.html / vocab-{scheme}.cy.html for
each SKOS scheme. Everything is local: no network access is needed.

Run with `python -m eqkg.docs_build [OUT_DIR]` (needs the `docs` extra).
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from rdflib import Graph, Literal

from . import config
from .errors import InputError

LANGUAGES = ("en", "cy")
WELSH_NOTE = (
    '<p class="eqkg-cy-note" lang="cy">Nid yw siaradwr Cymraeg rhugl wedi gwirio pob testun '
    "Cymraeg eto: mae termau a nodir <code>eq:cyReview \"needs-review\"</code> yn aros am "
    'adolygiad. / <span lang="en">Not all Welsh text has been checked by a fluent speaker yet: '
    'terms marked <code>eq:cyReview "needs-review"</code> await review.</span></p>'
)


def _import_pylode() -> types.ModuleType:
    """Import pylode, working around 3.4.x wheels whose version module reads a missing pyproject.toml."""
    try:
        return importlib.import_module("pylode")
    except FileNotFoundError:
        for name in [m for m in sys.modules if m == "pylode" or m.startswith("pylode.")]:
            del sys.modules[name]
        shim = types.ModuleType("pylode.version")
        shim.__version__ = metadata.version("pylode")  # type: ignore[attr-defined]
        sys.modules["pylode.version"] = shim
        return importlib.import_module("pylode")
    except ImportError as exc:
        raise InputError("pyLODE is not installed: run `pip install -e .[docs]`") from exc


def monolingual(graph: Graph, lang: str) -> Graph:
    """A copy of the graph without literals tagged with a language other than `lang`."""
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True)
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language and o.language != lang:
            continue
        out.add((s, p, o))
    return out


def _page_name(stem: str, lang: str) -> str:
    return f"{stem}.html" if lang == "en" else f"{stem}.{lang}.html"


def _render(profile: Callable[[Graph], object], graph: Graph, lang: str) -> str:
    html = profile(monolingual(graph, lang)).make_html()  # type: ignore[attr-defined]
    html = html.replace("<html>", f'<html lang="{lang}">', 1)
    if lang == "cy":
        html = html.replace("<body>", "<body>" + WELSH_NOTE, 1)
    return html


def sources() -> list[tuple[str, Path, str]]:
    """(page stem, Turtle file, pyLODE profile name) for the ontology and each vocabulary."""
    ontology = config.asset_dir("ontology")
    pages = [("index", ontology / "eqkg.ttl", "OntPub")]
    pages += [(f"vocab-{p.stem}", p, "VocPub") for p in sorted((ontology / "vocab").glob("*.ttl"))]
    return pages


def build_docs(out_dir: Path | str | None = None) -> list[Path]:
    """Write one HTML page per source and language into out_dir (default docs/ontology/)."""
    pylode = _import_pylode()
    out = Path(out_dir) if out_dir else config.project_root() / "docs" / "ontology"
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for stem, path, profile_name in sources():
        try:
            graph = Graph().parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several parser-specific types
            raise InputError(f"{path}: malformed Turtle: {exc}") from exc
        profile = getattr(pylode, profile_name)
        for lang in LANGUAGES:
            target = out / _page_name(stem, lang)
            target.write_text(_render(profile, graph, lang), encoding="utf-8")
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: build the docs and print where they went."""
    args = sys.argv[1:] if argv is None else argv
    try:
        written = build_docs(args[0] if args else None)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} pages to {written[0].parent}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
