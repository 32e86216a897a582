"""Bad inputs: each is refused with one line a person can act on, quickly, before any parser sees it."""

from __future__ import annotations

import importlib.util
import io
import os
import time
import zipfile
from pathlib import Path

import pytest

from eqkg.documents import Limits, detect_format, is_rdf, read_bytes, read_path
from eqkg.errors import InputError

_SPEC = importlib.util.spec_from_file_location(
    "documents_samples", Path(__file__).parent / "fixtures" / "documents" / "samples.py")
samples = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(samples)

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + os.urandom(1024)


def random_bytes() -> bytes:
    return bytes((i * 7919 + 13) % 256 for i in range(4096))  # every byte value, deterministic


def docx_with_doctype() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(samples_docx := io.BytesIO(samples.to_docx())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY lol "lol">]>', 1)
            target.writestr(member, data)
    del samples_docx
    return out.getvalue()


CASES = {
    "scanned pdf": (samples.scanned_pdf, "plan.pdf",
                    "plan.pdf: the PDF has no text layer (it looks scanned); eqkg reads text PDFs only: "
                    "OCR it or upload the Word version"),
    "encrypted pdf": (lambda: samples.to_pdf(encrypt="secret"), "plan.pdf",
                      "plan.pdf is password-protected (encrypted): save or export it again without a password"),
    "zip bomb as docx": (samples.zip_bomb, "plan.docx",
                         "plan.docx would unpack 199 KB into 200.0 MB (word/document.xml): it looks like a "
                         "zip bomb, not a document, and was not opened"),
    "zip bomb as xlsx": (lambda: samples.zip_bomb("xl/workbook.xml"), "plan.xlsx",
                         "plan.xlsx would unpack 199 KB into 200.0 MB (xl/workbook.xml): it looks like a "
                         "zip bomb, not a document, and was not opened"),
    "50 MB file": (lambda: b"a" * (50 * 1024 * 1024), "plan.txt",
                   "plan.txt is 50.0 MB, over the limit of 20.0 MB (EQKG_MAX_DOCUMENT_BYTES): split the document "
                   "or remove large images"),
    "pdf named docx": (lambda: samples.to_pdf(footer=False), "plan.docx",
                       "plan.docx is named as a Word document but is a PDF: rename it .pdf"),
    "docx named pdf": (samples.to_docx, "plan.pdf", "plan.pdf is named as a PDF but is a Word document: "
                       "rename it .docx"),
    "random bytes named pdf": (random_bytes, "plan.pdf",
                               "plan.pdf is named as a PDF but is not a readable document (its bytes are "
                               "not text or any document format)"),
    "random bytes named txt": (random_bytes, "plan.txt",
                               "plan.txt is named as plain text but is not a readable document (its bytes "
                               "are not text or any document format)"),
    "random bytes unnamed": (random_bytes, None,
                             "the file is not a readable document (its bytes are not text or any document "
                             "format); eqkg reads .txt, .md, .html, .docx, .odt, .pdf, .csv, .xlsx documents"),
    "ole2 named docx": (lambda: OLE2, "plan.docx",
                        "plan.docx is a password-protected or old-format Office file: save it as "
                        ".docx/.xlsx without a password"),
    "ole2 named xlsx": (lambda: OLE2, "plan.xlsx",
                        "plan.xlsx is a password-protected or old-format Office file: save it as "
                        ".docx/.xlsx without a password"),
    "old word": (lambda: OLE2, "plan.doc",
                 "plan.doc: old Word .doc files cannot be read: open it in Word and save it as .docx (or PDF)"),
    "old excel": (lambda: OLE2, "plan.xls",
                  "plan.xls: old Excel .xls files cannot be read: save the sheet as .xlsx or CSV"),
    "image": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.png",
              "scan.png is a PNG image; eqkg reads .txt, .md, .html, .docx, .odt, .pdf, .csv, .xlsx documents "
              "(a scan needs OCR first)"),
    "damaged docx": (lambda: samples.to_docx()[:3000], "plan.docx",
                     "plan.docx is damaged: it is not a complete Word document (the zip container cannot "
                     "be opened); save it again from the program that made it"),
    "doctype in docx": (docx_with_doctype, "plan.docx",
                        "plan.docx contains XML with a DOCTYPE or entity declarations (word/document.xml), "
                        "which a real Word document never has; it was not opened"),
    "damaged pdf": (lambda: b"%PDF-1.7\n1 0 obj << >> endobj\n", "plan.pdf",
                    "plan.pdf is damaged or not a complete PDF (No /Root object! - Is this really a PDF?); "
                    "save or export it again"),
    "empty": (lambda: b"", "plan.txt", "plan.txt is empty"),
    "turtle": (lambda: b"@prefix eq: <https://w3id.org/eqkg/ontology#> .\n", "plan.ttl",
               "plan.ttl is RDF (Turtle), not a document to read: give it to `eqkg validate` or `eqkg load`"),
}


@pytest.fixture(scope="module")
def inputs() -> dict[str, bytes]:
    return {case: make() for case, (make, _, _) in CASES.items()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_line_input_error(case: str, inputs: dict[str, bytes]) -> None:
    _, filename, message = CASES[case]
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_bytes(inputs[case], filename)
    assert time.perf_counter() - started < 2.0
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def test_fifty_megabyte_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "plan.pdf"
    with big.open("wb") as out:
        out.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match=r"^plan.pdf is 50.0 MB, over the limit of 20.0 MB"):
        read_path(big)


def test_limits_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EQKG_MAX_PDF_PAGES", "2")
    with pytest.raises(InputError, match=r"^plan.pdf has 3 pages; eqkg reads PDFs of up to 2 pages"):
        read_bytes(samples.to_pdf(pages=3), "plan.pdf")
    monkeypatch.setenv("EQKG_MAX_DOCUMENT_BYTES", "1000")
    with pytest.raises(InputError, match=r"^plan.md is 2 KB, over the limit of 1000 bytes"):
        read_bytes(samples.to_md() * 5, "plan.md")
    with pytest.raises(InputError, match=r"^plan.txt has more than 10 paragraphs, list items and table rows"):
        read_bytes(b"line\n" * 20, "plan.txt", limit=Limits(max_blocks=10))


def test_encrypted_zip_member_is_password_protected() -> None:
    data = bytearray(samples.to_docx())
    central = data.rfind(b"PK\x01\x02")  # the last member's central directory entry: set its encrypted flag
    data[central + 8] |= 0x1
    with pytest.raises(InputError, match=r"^plan.docx is password-protected: save it again without a password$"):
        read_bytes(bytes(data), "plan.docx")


def test_formats_are_detected_from_the_bytes_and_rdf_is_routed_elsewhere() -> None:
    assert detect_format(samples.to_docx(), None) == "docx"
    assert detect_format(samples.to_odt(), "upload") == "odt"
    assert detect_format(samples.to_pdf(), None, "application/octet-stream") == "pdf"
    assert detect_format(samples.to_html(), None) == "html"
    assert detect_format(samples.to_md(), "plan.md") == "md"
    assert detect_format(samples.to_md(), None) == "txt"
    assert detect_format(b"a,b\n1,2\n", None, "text/csv") == "csv"
    assert detect_format(b"@prefix eq: <x#> .\n", None) == "turtle"
    assert detect_format(b'{"@context": {}, "@id": "x"}', None) == "json-ld"
    assert detect_format(b"<a> <b> <c> .\n", "data.nt") == "n-triples"
    assert [is_rdf(f) for f in ("turtle", "json-ld", "n-triples", "rdf-xml", "docx", "txt")] == [
        True, True, True, True, False, False]


def test_a_format_given_by_the_caller_is_checked_against_the_bytes() -> None:
    with pytest.raises(InputError, match=r"^plan.txt is named as plain text but is a PDF: rename it .pdf$"):
        read_bytes(samples.to_pdf(), "plan", fmt="txt")
    assert read_bytes(samples.to_md(), None, fmt="md").format == "md"


def test_utf16_and_undecodable_text() -> None:
    assert read_bytes("Amcan 1: ŵ\n".encode("utf-16"), "plan.txt").blocks[0].text == "Amcan 1: ŵ"
    with pytest.raises(InputError, match=r"^plan.txt is named as plain text but is not a readable document"):
        read_bytes(b"abc\x81\x8d\x90 text", "plan.txt")
