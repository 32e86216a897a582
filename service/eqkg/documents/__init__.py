"""Any input format -> one document model (eqkg.documents.model); one module per format.

Public API: `read_bytes(data, filename=None, content_type=None, fmt=None) -> Document`,
`read_path(path, fmt=None) -> Document`, `FORMATS`.

(Interim: text only, one paragraph block per non-blank line; the format modules replace this.)
"""

from __future__ import annotations

from pathlib import Path

from eqkg.documents.model import Block, Document, Location
from eqkg.errors import InputError

__all__ = ["FORMATS", "Document", "read_bytes", "read_path"]

FORMATS = ("txt", "md")


def read_bytes(data: bytes, filename: str | None = None, content_type: str | None = None,
               fmt: str | None = None) -> Document:
    name = Path(filename).name if filename else "<upload>"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} is not UTF-8 text: {exc.reason}") from None
    return Document(_blocks(text), fmt or "txt", name, text=text)


def _blocks(text: str) -> list[Block]:
    import re

    from eqkg.documents.model import Row

    blocks: list[Block] = []
    rows: list[Row] = []
    first = 0
    for n, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.rstrip()
        if line.strip().startswith("|"):
            cells = tuple(c.strip() for c in line.strip().strip("|").split("|"))
            if not all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                rows.append(Row(cells, Location(line=n)))
                first = first or n
            continue
        if rows:
            blocks.append(Block("table", "", Location(line=first), rows=tuple(rows), header=True))
            rows, first = [], 0
        if not line.strip():
            continue
        m = re.match(r"^(#{1,6})\s+(.*)$", line)
        if m:
            blocks.append(Block("heading", m.group(2).strip(), Location(line=n), level=len(m.group(1))))
            continue
        m = re.match(r"^(\s*)([-*•]|\d{1,2}[.)]|[a-z][.)])\s+(.*)$", line)
        if m:
            blocks.append(Block("item", m.group(3).strip(), Location(line=n), level=len(m.group(1)) // 2,
                                marker=m.group(2), ordered=m.group(2)[0].isalnum()))
            continue
        blocks.append(Block("paragraph", line.strip(), Location(line=n)))
    if rows:
        blocks.append(Block("table", "", Location(line=first), rows=tuple(rows), header=True))
    return blocks


def read_path(path: str | Path, fmt: str | None = None) -> Document:
    file = Path(path)
    if not file.is_file():
        raise InputError(f"no such file: {file}")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror}") from None
    return read_bytes(data, filename=file.name, fmt=fmt)
