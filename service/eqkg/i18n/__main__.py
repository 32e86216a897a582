"""`python -m eqkg.i18n import FILE.yaml ...`: fold YAML message tables into the catalogues.

Idempotent: importing the same tables twice leaves the catalogues unchanged. A key
already in the catalogues takes the YAML's English, Welsh and review state. The
imported YAML files are removed unless `--keep` is given (the catalogues are then the
only copy). `python -m eqkg.i18n check` reads the catalogues and reports what it finds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .catalogue import TRANSLATIONS, fold_in, read_catalogues


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eqkg.i18n", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="fold YAML message tables into the .pot/.po catalogues")
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--keep", action="store_true", help="keep the YAML files after importing")
    imp.add_argument("--translations", type=Path, default=TRANSLATIONS)
    chk = sub.add_parser("check", help="count the messages and the Welsh still to review")
    chk.add_argument("--translations", type=Path, default=TRANSLATIONS)
    args = parser.parse_args(argv)
    if args.command == "import":
        missing = [str(p) for p in args.files if not p.is_file()]
        if missing:
            print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
            return 2
        try:
            count, changed = fold_in(args.files, args.translations)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if not args.keep:
            for path in args.files:
                path.unlink()
        print(f"{count} messages from {len(args.files)} file(s); "
              f"{'updated ' + ', '.join(str(p) for p in changed) if changed else 'no change'}")
        return 0
    messages = read_catalogues(args.translations)
    fuzzy = sum(m.get("cy_review") == "needs-review" for m in messages.values())
    missing = sorted(k for k, m in messages.items() if not m.get("cy"))
    print(f"{len(messages)} messages; {fuzzy} Welsh marked needs-review (fuzzy); "
          f"{len(missing)} without Welsh{': ' + ', '.join(missing) if missing else ''}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
