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
    blocks = [Block("paragraph", line.strip(), Location(line=n))
              for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1) if line.strip()]
    return Document(blocks, fmt or "txt", name, text=text)


def read_path(path: str | Path, fmt: str | None = None) -> Document:
    file = Path(path)
    if not file.is_file():
        raise InputError(f"no such file: {file}")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror}") from None
    return read_bytes(data, filename=file.name, fmt=fmt)
