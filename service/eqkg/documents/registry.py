"""The one format registry: file suffix, content type and first bytes -> format name -> module.

Why one registry: the CLI, /validate and the ingest functions must agree on
what a file is. The name and the content type say what the sender claims;
the first bytes say what the file is. A claim the bytes contradict (a PDF
named plan.docx, random bytes named .pdf) is refused with what the file
actually is, never read as something else. RDF formats are registered too,
marked `rdf`, so callers can route them to the RDF loaders instead.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from eqkg.errors import InputError

__all__ = ["DOCUMENT_FORMATS", "FORMATS", "RDF_FORMATS", "Format", "claimed_format", "detect_format",
           "sniff"]


@dataclass(frozen=True)
class Format:
    name: str
    label: str  # "a Word document": used in messages
    suffixes: tuple[str, ...]
    content_types: tuple[str, ...]
    module: str | None = None  # eqkg.documents.formats.<name>; None for RDF
    rdf: bool = False
    binary: bool = False  # a container or binary format whose first bytes identify it

    @property
    def suffix(self) -> str:
        return self.suffixes[0]


_F = Format
FORMATS: dict[str, Format] = {f.name: f for f in (
    _F("txt", "plain text", (".txt", ".text"), ("text/plain",), "eqkg.documents.formats.txt"),
    _F("md", "markdown", (".md", ".markdown"), ("text/markdown", "text/x-markdown"),
       "eqkg.documents.formats.md"),
    _F("html", "a web page", (".html", ".htm", ".xhtml"), ("text/html", "application/xhtml+xml"),
       "eqkg.documents.formats.html"),
    _F("docx", "a Word document", (".docx",),
       ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
       "eqkg.documents.formats.docx", binary=True),
    _F("odt", "an OpenDocument text document", (".odt",), ("application/vnd.oasis.opendocument.text",),
       "eqkg.documents.formats.odt", binary=True),
    _F("pdf", "a PDF", (".pdf",), ("application/pdf",), "eqkg.documents.formats.pdf", binary=True),
    _F("csv", "a CSV file", (".csv",), ("text/csv", "application/csv"), "eqkg.documents.formats.csv"),
    _F("xlsx", "an Excel workbook", (".xlsx",),
       ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
       "eqkg.documents.formats.xlsx", binary=True),
    _F("turtle", "RDF (Turtle)", (".ttl", ".turtle"), ("text/turtle", "application/x-turtle"), rdf=True),
    _F("json-ld", "RDF (JSON-LD)", (".jsonld", ".json"), ("application/ld+json", "application/json"),
       rdf=True),
    _F("n-triples", "RDF (N-Triples)", (".nt",), ("application/n-triples",), rdf=True),
    _F("rdf-xml", "RDF (RDF/XML)", (".rdf", ".owl"), ("application/rdf+xml",), rdf=True),
)}
DOCUMENT_FORMATS = tuple(n for n, f in FORMATS.items() if not f.rdf)
RDF_FORMATS = tuple(n for n, f in FORMATS.items() if f.rdf)

#: suffixes refused with advice (formats people have but eqkg does not read).
REFUSED = {
    ".doc": "old Word .doc files cannot be read: open it in Word and save it as .docx (or PDF)",
    ".xls": "old Excel .xls files cannot be read: save the sheet as .xlsx or CSV",
    ".rtf": "RTF files cannot be read: open it in Word and save it as .docx",
    ".ppt": "PowerPoint files cannot be read: save the slides as PDF",
    ".pptx": "PowerPoint files cannot be read: save the slides as PDF",
    ".pages": "Apple Pages files cannot be read: export it as Word (.docx) or PDF",
    ".ods": "OpenDocument spreadsheets cannot be read: save the sheet as .xlsx or CSV",
}

_BY_SUFFIX = {s: f.name for f in FORMATS.values() for s in f.suffixes}
_BY_TYPE = {t: f.name for f in FORMATS.values() for t in f.content_types}
_GENERIC_TYPES = ("", "text/plain", "application/octet-stream", "binary/octet-stream")

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
           (b"II*\x00", "a TIFF image (a scan?)"), (b"MM\x00*", "a TIFF image (a scan?)"))


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        return "zip:damaged"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "zip:a PowerPoint presentation"
    if "mimetype" in names:
        mimetype = zipfile.ZipFile(io.BytesIO(data)).read("mimetype")[:100].decode("ascii", "replace")
        if mimetype.strip() == "application/vnd.oasis.opendocument.text":
            return "odt"
        return f"zip:an OpenDocument file of type {mimetype.strip()}"
    return "zip:a zip archive"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > len(head) // 100:
        return True
    try:
        head.decode("utf-8")
        return False
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut at the end of the sample
            return False
    undefined = set(b"\x81\x8d\x8f\x90\x9d")  # bytes Windows-1252 does not define
    return any(b in undefined for b in head)


_RDF_HEAD = re.compile(rb"(@prefix|@base|prefix\s|base\s)", re.I)
_NT_LINE = re.compile(rb"^(<[^>\s]+>|_:\S+)\s+<[^>\s]+>\s+")


def sniff(data: bytes) -> str:
    """What the bytes are: a format name, "text", "ole2", "binary", or "zip:<what>" / "image:<what>"."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(OLE2):
        return "ole2"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(b"{\\rtf"):
        return "rtf"
    for magic, what in _IMAGES:
        if data.startswith(magic):
            return "image:" + what
    if _looks_binary(data):
        return "binary"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or (head.startswith(b"<?xml") and b"<html" in head):
        return "html"
    if head.startswith(b"<?xml") and b"rdf:rdf" in head or head.startswith(b"<rdf:rdf"):
        return "rdf-xml"
    if _RDF_HEAD.match(head) or _NT_LINE.match(head):
        return "n-triples" if _NT_LINE.match(head) and not _RDF_HEAD.match(head) else "turtle"
    if head[:1] in (b"{", b"[") and b'"@context"' in data[:65536]:
        return "json-ld"
    return "text"


def _describe(actual: str) -> str:
    if actual in FORMATS:
        return FORMATS[actual].label
    return {"ole2": "an old-format or password-protected Office file", "rtf": "an RTF file",
            "binary": "not a readable document (its bytes are not text or any document format)",
            "text": "plain text"}.get(actual, actual.split(":", 1)[-1])


def claimed_format(filename: str | None, content_type: str | None) -> str | None:
    """The format the name (else the content type) claims, or None; refused suffixes raise."""
    name = Path(filename or "").name
    suffix = Path(name).suffix.lower()
    if suffix in REFUSED:
        raise InputError(f"{name}: {REFUSED[suffix]}")
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime not in _GENERIC_TYPES:
        return _BY_TYPE.get(mime)
    return None


def detect_format(data: bytes, filename: str | None = None, content_type: str | None = None) -> str:
    """The format to read the bytes as: a name of FORMATS (RDF ones included), checked against the bytes.

    Raises InputError when the file is not something eqkg reads, or when its
    name says one format and its bytes another.
    """
    name = Path(filename).name if filename else "the file"
    claimed = claimed_format(filename, content_type)
    actual = sniff(data)
    binary_claim = claimed is not None and FORMATS[claimed].binary
    if actual == "ole2":
        if claimed in ("docx", "xlsx", "odt") or claimed is None:
            raise InputError(f"{name} is a password-protected or old-format Office file: save it as "
                             ".docx/.xlsx without a password")
        raise InputError(f"{name} is named as {FORMATS[claimed].label} but is an old-format or "
                         "password-protected Office file: save it as .docx/.xlsx without a password")
    if actual == "rtf":
        raise InputError(f"{name} is an RTF file: open it in Word and save it as .docx")
    if actual == "zip:damaged" and claimed in ("docx", "xlsx", "odt"):
        what = FORMATS[claimed].label.split(" ", 1)[1]
        raise InputError(f"{name} is damaged: it is not a complete {what} (the zip "
                         "container cannot be opened); save it again from the program that made it")
    if claimed is not None and actual == claimed:
        return claimed
    if claimed is not None and binary_claim:
        raise InputError(f"{name} is named as {FORMATS[claimed].label} but is {_describe(actual)}"
                         + (f": rename it {FORMATS[actual].suffix}" if actual in FORMATS else ""))
    if claimed is not None and actual in ("text", "html", "turtle", "n-triples", "rdf-xml", "json-ld"):
        return claimed  # a text claim over text bytes: the name decides (a .txt holding HTML is text)
    if claimed is not None:
        raise InputError(f"{name} is named as {FORMATS[claimed].label} but is {_describe(actual)}"
                         + (f": rename it {FORMATS[actual].suffix}" if actual in FORMATS else ""))
    if actual in FORMATS:
        return actual
    if actual == "text":
        return "txt"
    raise InputError(f"{name} is {_describe(actual)}; eqkg reads "
                     + ", ".join(FORMATS[f].suffix for f in DOCUMENT_FORMATS) + " documents"
                     + (" (a scan needs OCR first)" if actual.startswith("image:") else ""))
