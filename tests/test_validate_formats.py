"""The same plan as Word, PDF, OpenDocument, markdown and text gives the same findings; every kind of
unusable file gives exit 2 from `eqkg validate` with one line and no traceback.

The documents are written here from one plan (python-docx, reportlab, odfpy), never copied in.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from eqkg.cli import main
from eqkg.validation import validate_bytes

TITLE = "Example Borough Council Strategic Equality Plan 2025-2029"
ORGANISATION = "Organisation: Example Borough Council"
PLAN = [
    ("Fair pay and progression", "We will close the gender and ethnicity pay gaps across the council.",
     ["Publish pay gap data by sex and ethnicity every year",
      "Review recruitment and promotion for bias against disabled staff"]),
    ("Accessible services", "Every resident can use our services, whatever their age or disability.",
     ["Make every library and office physically accessible",
      "Offer every form in Welsh, in easy read and in large print",
      "Train front-line staff to support neurodivergent residents"]),
    ("Safer communities", "We will reduce hate crime against minority ethnic, faith and LGBTQ+ residents.",
     ["Work with the police to improve reporting of hate crime"]),
]
INTRO = "To achieve this we will:"


def as_markdown() -> bytes:
    out = [f"# {TITLE}", "", ORGANISATION, ""]
    for n, (title, statement, steps) in enumerate(PLAN, start=1):
        out += [f"## Objective {n}: {title}", "", statement, "", INTRO, ""] + [f"- {s}" for s in steps] + [""]
    return "\n".join(out).encode("utf-8")


def as_text() -> bytes:
    out = [TITLE, "", ORGANISATION, ""]
    for n, (title, statement, steps) in enumerate(PLAN, start=1):
        out += [f"Objective {n}: {title}", "", statement, "", INTRO] + [f"• {s}" for s in steps] + [""]
    return "\n".join(out).encode("utf-8")


def as_docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(TITLE, 1)
    doc.add_paragraph(ORGANISATION)
    for n, (title, statement, steps) in enumerate(PLAN, start=1):
        doc.add_heading(f"Objective {n}: {title}", 2)
        doc.add_paragraph(statement)
        doc.add_paragraph(INTRO)
        for step in steps:
            doc.add_paragraph(step, style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def as_odt() -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P

    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text=TITLE))
    doc.text.addElement(P(text=ORGANISATION))
    for n, (title, statement, steps) in enumerate(PLAN, start=1):
        doc.text.addElement(H(outlinelevel=2, text=f"Objective {n}: {title}"))
        doc.text.addElement(P(text=statement))
        doc.text.addElement(P(text=INTRO))
        items = List()
        for step in steps:
            item = ListItem()
            item.addElement(P(text=step))
            items.addElement(item)
        doc.text.addElement(items)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def as_pdf(encrypt: str | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    y = 800

    def line(text: str, size: int = 11, font: str = "Helvetica", indent: int = 0) -> None:
        nonlocal y
        pdf.setFont(font, size)
        pdf.drawString(60 + indent, y, text)
        y -= size + 9

    line(TITLE, 18, "Helvetica-Bold")
    line(ORGANISATION)
    for n, (title, statement, steps) in enumerate(PLAN, start=1):
        y -= 6
        line(f"Objective {n}: {title}", 14, "Helvetica-Bold")
        line(statement)
        line(INTRO)
        for step in steps:
            line(f"• {step}", indent=12)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def scanned_pdf() -> bytes:
    """A page with a picture and no text layer, as a scanner makes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    png = io.BytesIO()
    from PIL import Image

    Image.new("L", (200, 100), 255).save(png, format="PNG")
    png.seek(0)
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.drawImage(ImageReader(png), 60, 600, 400, 200)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def zip_bomb(member: str) -> bytes:
    """A small zip that unpacks to 300 MB of zeros, under a member name of a real docx/xlsx."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(member, "w", force_zip64=True) as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                fh.write(chunk)
    return buf.getvalue()


FORMATS = {"plan.docx": as_docx, "plan.pdf": as_pdf, "plan.odt": as_odt, "plan.md": as_markdown,
           "plan.txt": as_text}


def finding_keys(report) -> set[tuple[str, ...]]:
    """The findings' keys: the same plan IRI, focus nodes and messages in every format."""
    return {f.key() for f in report.run.findings}


@pytest.fixture(scope="module")
def markdown_findings() -> set[tuple[str, ...]]:
    return finding_keys(validate_bytes(as_markdown(), "plan.md"))


def test_markdown_plan_is_read_as_written() -> None:
    report = validate_bytes(as_markdown(), "plan.md")
    assert report.kind == "document" and report.reading is not None
    objectives = [i.text for i in report.reading.items if i.kind == "objective"]
    steps = [i.text for i in report.reading.items if i.kind == "step"]
    assert objectives == [title for title, _, _ in PLAN]
    assert steps == [s for _, _, plan_steps in PLAN for s in plan_steps]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_gives_the_same_findings(name: str, markdown_findings: set) -> None:
    report = validate_bytes(FORMATS[name](), name)
    assert report.reading is not None
    assert report.reading.found["objective"] == 3 and report.reading.found["step"] == 6
    assert finding_keys(report) == markdown_findings
    # 69: "minority ethnic, faith and LGBTQ+" roll up through skos:broader to race, religion or
    # belief, sexual orientation and gender reassignment (67 while pySHACL dropped skos:broader)
    assert len(markdown_findings) == 69


def validate_cli(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(path)])
    return result.exit_code, result.output


def test_every_format_through_the_cli(tmp_path: Path) -> None:
    for name, make in FORMATS.items():
        path = tmp_path / name
        path.write_bytes(make())
        code, out = validate_cli(path)
        assert code == 1, out
        assert out.splitlines()[0] == f"We read 3 objectives and 6 steps from {name} (confidence: high)"


BAD = {
    "scanned.pdf": scanned_pdf,
    "encrypted.pdf": lambda: as_pdf(encrypt="secret"),
    "bomb.docx": lambda: zip_bomb("word/document.xml"),
    "bomb.xlsx": lambda: zip_bomb("xl/worksheets/sheet1.xml"),
    "huge.txt": lambda: b"Objective 1: " + b"x" * (50 * 1024 * 1024),
    "pdf-named.docx": as_pdf,
    "docx-named.pdf": as_docx,
    "random.docx": lambda: os.urandom(4096),
    "random.pdf": lambda: os.urandom(4096),
    "random.txt": lambda: bytes(range(256)) * 16,
    "random": lambda: os.urandom(4096),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_unusable_files_exit_2_with_one_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(BAD[name]())
    code, out = validate_cli(path)
    assert code == 2, out
    assert out.startswith(f"Error: {path}: ") and out.count("\n") == 1, out
    assert "Traceback" not in out and len(out) < 400
