"""The limits every document is read under, checked in one place before any parser sees the bytes.

Why here and not in each format module: an upload is untrusted. The byte
limit, the zip-container checks (zip bombs, too many members, encrypted
members, XML entity declarations) and the page and block limits bound the
time and memory one document can take, whatever its format. XML parsers are
used with entity resolution and the network off: python-docx parses with
`resolve_entities=False`, odfpy with defusedxml, openpyxl with defusedxml when
installed (odfpy requires it), and our lxml parsers with `no_network=True,
resolve_entities=False`; on top of that an Office container whose XML declares
a DTD or entities is refused outright, since Word, LibreOffice and Excel never
write one.

Settings (environment): EQKG_MAX_DOCUMENT_BYTES (default 20 MB) and
EQKG_MAX_PDF_PAGES (default 500); the others are fixed here.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from eqkg import settings
from eqkg.errors import EqkgError, InputError, TooLarge

__all__ = ["Limits", "BlockList", "check_size", "check_zip", "current_limits", "human_size", "limits",
           "using"]

MB = 1024 * 1024


def human_size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


@dataclass(frozen=True)
class Limits:
    """How much one document may take. Defaults fit the largest real plans (a 200-page PDF is ~5 MB)."""

    max_bytes: int = 20 * MB  # the file as uploaded
    max_unpacked: int = 100 * MB  # docx/odt/xlsx: all members unpacked
    max_ratio: int = 200  # one member's unpacked/packed size, for members over 1 MB
    max_members: int = 5000  # entries in a zip container
    max_pdf_pages: int = 500
    max_blocks: int = 100_000  # blocks plus table rows in one document


def limits() -> Limits:
    """The limits in force: the defaults, with EQKG_MAX_DOCUMENT_BYTES and EQKG_MAX_PDF_PAGES applied."""
    values = {}
    for name, key in (("max_document_bytes", "max_bytes"), ("max_pdf_pages", "max_pdf_pages")):
        try:
            number = settings.get(name)
        except EqkgError as exc:
            raise InputError(str(exc)) from None
        if number:
            values[key] = number
    return Limits(**values)


_CURRENT: ContextVar[Limits | None] = ContextVar("eqkg_document_limits", default=None)


def current_limits() -> Limits:
    """The limits of the reading in progress (read_bytes' `limit`), else those of the environment."""
    return _CURRENT.get() or limits()


@contextmanager
def using(limit: Limits) -> Iterator[Limits]:
    """Make `limit` the one the format modules see while a document is read."""
    token = _CURRENT.set(limit)
    try:
        yield limit
    finally:
        _CURRENT.reset(token)


def check_size(size: int, name: str, limit: Limits) -> None:
    if size > limit.max_bytes:
        raise TooLarge(f"{name} is {human_size(size)}, over the limit of {human_size(limit.max_bytes)} "
                       "(EQKG_MAX_DOCUMENT_BYTES): split the document or remove large images")
    if size == 0:
        raise InputError(f"{name} is empty")


def check_zip(data: bytes, name: str, what: str, limit: Limits) -> zipfile.ZipFile:
    """Open a docx/odt/xlsx container after checking it cannot unpack into more than the limits allow.

    The sizes checked are those the container declares; Python's zipfile never
    unpacks a member past its declared size (it fails the CRC instead), so a
    member that lies about its size cannot get round the limit.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise InputError(f"{name} is damaged: it is not a complete {what} (the zip container "
                         "cannot be opened); save it again from the program that made it") from None
    if len(members) > limit.max_members:
        raise InputError(f"{name} holds {len(members)} files; a {what} has at most {limit.max_members}: "
                         "it is not a document eqkg will read")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise InputError(f"{name} is password-protected: save it again without a password")
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MB and ratio > limit.max_ratio:
            raise InputError(f"{name} would unpack {human_size(member.compress_size)} into "
                             f"{human_size(member.file_size)} ({member.filename}): it looks like a zip "
                             "bomb, not a document, and was not opened")
        if total > limit.max_unpacked:
            raise InputError(f"{name} would unpack to more than {human_size(limit.max_unpacked)} "
                             "(the limit for a document): it looks like a zip bomb or holds very "
                             "large media, and was not opened")
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            with archive.open(member) as stream:
                head = stream.read(65536)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise InputError(f"{name} contains XML with a DOCTYPE or entity declarations "
                                 f"({member.filename}), which a real {what} never has; it was not opened")
    return archive


class BlockList(list):
    """The blocks of a document being read: appending past the block limit stops the reading."""

    def __init__(self, name: str, limit: Limits | None = None) -> None:
        super().__init__()
        self.name = name
        self.max = (limit or current_limits()).max_blocks
        self.rows = 0

    def append(self, block) -> None:  # type: ignore[override]
        self.rows += len(block.rows)
        if len(self) + self.rows >= self.max:
            raise InputError(f"{self.name} has more than {self.max} paragraphs, list items and table "
                             "rows; eqkg reads documents up to that size: split it")
        super().append(block)
