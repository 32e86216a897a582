"""Regenerate data/{slug}.ttl from the seed documents (`make data`), or check that data/ is up to date.

    python -m eqkg.ingest.build_data [--seeds DIR] [--check] [--only SLUG ...]

Why a module of its own: the generated files are committed so the graph can
be used without the seeds, and a test runs `--check` to prove that they are
exactly what the parsers make of the seeds today (byte for byte). Exit codes:
0 up to date / written, 1 `--check` found a difference, 2 unusable input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eqkg.config import asset_dir, seeds_dir
from eqkg.errors import EqkgError
from eqkg.ingest import ingest_file
from eqkg.ingest.common import serialize_turtle
from eqkg.ingest.sources import SOURCES, Source


def render(source: Source, seeds: Path) -> tuple[str, list[str]]:
    """The Turtle text of one source and its report lines."""
    path = seeds / source.seed
    if not path.is_file():
        raise EqkgError(f"seed document missing: {path}")
    result = ingest_file(path, source.profile, slug=source.slug)
    # No header comment: the file is a pure function of the triples (docs/ingest.md says how it is made).
    return serialize_turtle(result.graph), result.report.unplaced


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eqkg.ingest.build_data", description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=None, help="folder of seed documents (default: EQKG_SEEDS or ../shared/seeds)")
    parser.add_argument("--check", action="store_true", help="compare with data/ instead of writing; exit 1 on any difference")
    parser.add_argument("--only", nargs="*", default=None, metavar="SLUG", help="only these sources")
    parser.add_argument("--quiet", action="store_true", help="do not print the parsers' reports")
    args = parser.parse_args(argv)
    seeds = args.seeds or seeds_dir()
    if not seeds.is_dir():
        print(f"error: no seed documents at {seeds} (set EQKG_SEEDS or --seeds)", file=sys.stderr)
        return 2
    chosen = [s for s in SOURCES if args.only is None or s.slug in args.only]
    if args.only and len(chosen) != len(args.only):
        known = ", ".join(s.slug for s in SOURCES)
        print(f"error: unknown source in --only; known: {known}", file=sys.stderr)
        return 2
    data = asset_dir("data")
    differ: list[str] = []
    for source in chosen:
        try:
            text, unplaced = render(source, seeds)
        except EqkgError as exc:
            print(f"error: {source.seed}: {exc}", file=sys.stderr)
            return 2
        target = data / f"{source.slug}.ttl"
        if args.check:
            if not target.is_file() or target.read_bytes() != text.encode("utf-8"):
                differ.append(str(target))
            continue
        target.write_bytes(text.encode("utf-8"))
        print(f"wrote {target} ({len(unplaced)} things not placed with certainty)")
        if not args.quiet:
            for line in unplaced:
                print(f"  - {line}")
    if args.check:
        if differ:
            print("data/ is out of date; run `make data`:", *differ, sep="\n  ", file=sys.stderr)
            return 1
        print(f"data/ is up to date ({len(chosen)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
