"""Any input format -> one document model (eqkg.documents.model); one module per format.

Public API:

- `read_bytes(data, filename=None, content_type=None, fmt=None) -> Document`;
- `read_path(path, fmt=None) -> Document`;
- `detect_format(data, filename=None, content_type=None) -> str`: the format name, RDF ones
  included ("turtle", "json-ld", "n-triples", "rdf-xml": `is_rdf(name)`), so callers route RDF
  to the RDF loaders and everything else here;
- `FORMATS` (the document formats read here), `RDF_FORMATS`, `Limits`, `limits()`.

Each format module (eqkg.documents.formats.<name>) has `read(data: bytes, name: str) -> Document`.
Every safety check (size, zip bombs, old Office files, wrong extensions) is made by
`read_bytes` before a format module sees the bytes (eqkg.documents.safety).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from eqkg.documents.model import Block, Document, Location, Row
from eqkg.documents.registry import DOCUMENT_FORMATS, RDF_FORMATS, detect_format
from eqkg.documents.registry import FORMATS as REGISTRY
from eqkg.documents.safety import Limits, check_size, check_zip, limits, using
from eqkg.errors import InputError

__all__ = ["FORMATS", "RDF_FORMATS", "REGISTRY", "Block", "Document", "Limits", "Location", "Row",
           "detect_format", "is_rdf", "limits", "read_bytes", "read_path"]

FORMATS = DOCUMENT_FORMATS
_ZIPPED = {"docx": "Word document", "odt": "OpenDocument text document", "xlsx": "Excel workbook"}


def is_rdf(fmt: str) -> bool:
    """Whether a format name from detect_format is RDF (read by eqkg.validation.inputs, not here)."""
    return fmt in RDF_FORMATS


def read_bytes(data: bytes, filename: str | None = None, content_type: str | None = None,
               fmt: str | None = None, *, limit: Limits | None = None) -> Document:
    """Read a document in any accepted format; every unusable input raises a one-line InputError."""
    name = Path(filename).name if filename else "the file"
    limit = limit or limits()
    check_size(len(data), name, limit)
    if fmt is None:
        fmt = detect_format(data, filename, content_type)
    elif fmt not in REGISTRY:
        raise InputError(f"unknown document format {fmt!r}; expected one of {', '.join(FORMATS)}")
    else:  # a format given by the caller is still checked against the bytes
        fmt = detect_format(data, f"{Path(filename).stem if filename else 'upload'}{REGISTRY[fmt].suffix}")
    spec = REGISTRY[fmt]
    if spec.rdf:
        raise InputError(f"{name} is {spec.label}, not a document to read: give it to `eqkg validate` "
                         "or `eqkg load`")
    if fmt in _ZIPPED:
        check_zip(data, name, _ZIPPED[fmt], limit).close()
    module = importlib.import_module(spec.module)
    with using(limit):
        document = module.read(data, name if filename else "<upload>")
    if not document.blocks and not document.text.strip():
        raise InputError(f"{name} has no text to read")
    return document


def read_path(path: str | Path, fmt: str | None = None) -> Document:
    """Read a file from disk (its size is checked before it is read)."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"no such file: {file}")
    try:
        check_size(file.stat().st_size, file.name, limits())
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror}") from None
    return read_bytes(data, filename=file.name, fmt=fmt)
