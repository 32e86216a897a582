"""Benchmark: the document readers (eqkg.documents) against the alternatives, on a real-size document.

The document is a text file (default: the largest seed document, a 40-page
equality plan) read into blocks by the txt reader, then written as .docx
(python-docx), .pdf (reportlab), .md and .html in a temporary folder, so
every format holds the same text. Each reader reads each file `--repeat`
times; the best time is reported, with the time per PDF page and per
paragraph, and what each alternative gives back (structure or only text).

    .venv/bin/pip install -e '.[bench]'           # mammoth and pypdf, the alternatives
    .venv/bin/python benchmarks/documents.py [--source plan.txt] [--repeat 3]
"""

from __future__ import annotations

import argparse
import html
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

from eqkg import config
from eqkg.documents import Document, read_bytes


def largest_seed() -> Path:
    seeds = sorted(config.seeds_dir().glob("*.txt"), key=lambda p: p.stat().st_size)
    if not seeds:
        sys.exit(f"no seed documents in {config.seeds_dir()}; give --source")
    return seeds[-1]


def write_docx(document: Document) -> bytes:
    import docx

    out = docx.Document()
    for block in document.blocks:
        if block.kind == "heading":
            out.add_heading(block.text, min(block.level, 9))
        elif block.kind == "item":
            style = "List Number" if block.ordered else "List Bullet"
            out.add_paragraph(block.text, style=style + (f" {block.level + 1}" if 0 < block.level < 3 else ""))
        elif block.kind == "table":
            width = max(len(r.cells) for r in block.rows)
            table = out.add_table(rows=len(block.rows), cols=width)
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row.cells):
                    table.cell(r, c).text = value
        else:
            out.add_paragraph(block.text)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def write_pdf(document: Document) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    styles = getSampleStyleSheet()
    story = []
    for block in document.blocks:
        text = html.escape(block.text)
        if block.kind == "heading":
            story.append(Paragraph(text, styles["Heading1" if block.level == 1 else "Heading2"]))
        elif block.kind == "item":
            story.append(Paragraph(text, styles["BodyText"], bulletText=block.marker or "•"))
        elif block.kind == "table":
            width = max(len(r.cells) for r in block.rows)
            # a cell taller than a page cannot be laid out: long cells are cut for the PDF only
            cells = [[Paragraph(html.escape(c[:500]), styles["BodyText"]) for c in r.cells] + [""] * (width - len(r.cells))
                     for r in block.rows]
            table = Table(cells, colWidths=[450 / width] * width)
            table.setStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
            story.append(table)
        else:
            story.append(Paragraph(text, styles["BodyText"]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def best(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=None, help="a text document (default: the largest seed)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    source = args.source or largest_seed()
    text_doc = read_bytes(source.read_bytes(), source.name)
    md = text_doc.text.encode("utf-8")
    page = "".join(f"<h{min(b.level, 6)}>{html.escape(b.text)}</h{min(b.level, 6)}>" if b.kind == "heading"
                   else f"<p>{html.escape(b.text)}</p>" for b in text_doc.blocks if b.kind != "table")
    files = {"docx": write_docx(text_doc), "pdf": write_pdf(text_doc), "md": md,
             "html": f"<html><body><main>{page}</main></body></html>".encode()}
    import pdfplumber

    pages = len(pdfplumber.open(io.BytesIO(files["pdf"])).pages)
    paragraphs = sum(1 for b in text_doc.blocks if b.kind != "table")
    print(f"source: {source.name}: {len(text_doc.blocks)} blocks ({paragraphs} paragraphs/items/headings), "
          f"PDF {pages} pages, docx {len(files['docx']) // 1024} KB, pdf {len(files['pdf']) // 1024} KB\n")

    runs: list[tuple[str, str, Callable[[], object], str]] = [
        ("docx", "eqkg (python-docx)", lambda: read_bytes(files["docx"], "p.docx"), "blocks"),
        ("pdf", "eqkg (pdfplumber)", lambda: read_bytes(files["pdf"], "p.pdf"), "blocks"),
        ("md", "eqkg (markdown-it-py)", lambda: read_bytes(files["md"], "p.md"), "blocks"),
        ("html", "eqkg (lxml.html)", lambda: read_bytes(files["html"], "p.html"), "blocks"),
    ]
    try:
        import mammoth

        runs.append(("docx", "mammoth convert_to_html", lambda: mammoth.convert_to_html(io.BytesIO(files["docx"])),
                     "HTML (to be parsed again)"))
        runs.append(("docx", "mammoth extract_raw_text",
                     lambda: mammoth.extract_raw_text(io.BytesIO(files["docx"])), "text only"))
    except ImportError:
        print("mammoth not installed (pip install -e '.[bench]'): left out")
    try:
        import pypdf

        runs.append(("pdf", "pypdf extract_text",
                     lambda: [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(files["pdf"])).pages],
                     "text only, no sizes or tables"))
    except ImportError:
        print("pypdf not installed (pip install -e '.[bench]'): left out")
    runs.append(("pdf", "pdfplumber extract_text (no layout)",
                 lambda: [p.extract_text() for p in pdfplumber.open(io.BytesIO(files["pdf"])).pages], "text only"))
    try:
        import markdown

        runs.append(("md", "python-markdown to HTML", lambda: markdown.markdown(md.decode(), extensions=["tables"]),
                     "HTML, no line numbers"))
    except ImportError:
        pass

    print(f"| format | reader | best of {args.repeat} (ms) | ms per PDF page | ms per paragraph | gives |")
    print("|---|---|---:|---:|---:|---|")
    for fmt, label, run, gives in runs:
        seconds, result = best(run, args.repeat)
        ms = seconds * 1000
        per_page = f"{ms / pages:.1f}" if fmt == "pdf" else ""
        detail = f"{len(result.blocks)} blocks" if isinstance(result, Document) else gives
        print(f"| {fmt} | {label} | {ms:.0f} | {per_page} | {ms / paragraphs:.2f} | {detail} |")


if __name__ == "__main__":
    main()
