"""Turn an uploaded plan in any accepted format into RDF in the ontology's terms, and say what was read.

Three routes, chosen by the format (`read_plan`):

- RDF (Turtle, JSON-LD) is parsed as given: there is no document to read;
- the equality objectives template (CSV/XLSX whose header row starts with
  "objective" and has characteristic or aim columns) is read strictly, cell by cell;
- everything else (Word, ODT, PDF, HTML, markdown, text and other spreadsheets)
  goes through the one document model (`eqkg.documents.read_bytes`) and the
  plan readers (`eqkg.ingest.read_document(..., profile="plan")`).

The template and document routes keep a reading report (eqkg.ingest.common.Report:
every objective and step beside the source it came from) so that people see
what was read before they see the judgment. Every problem that makes a file
unusable raises InputError with one line a person can act on. Nothing here
fetches anything: JSON-LD contexts must be inline or our own /context.jsonld,
which is read from the local file.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from openpyxl.utils import get_column_letter
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .. import config
from ..documents.safety import limits as document_limits
from ..errors import InputError, TooLarge
from ..ingest.common import Report as Reading
from ..namespaces import BASIS, DOCTYPE, DUTY, EQ, PREFIXES, mint, slugify
from . import template
from .engine import oxigraph_graph, plans_in

#: The base IRI of an uploaded plan's relative IRIs: never the server's working directory (issue 17).
UPLOAD_BASE = "https://upload.invalid/"
#: One limit for every upload: the document readers' (EQKG_MAX_DOCUMENT_BYTES, 20 MB by default).
MAX_BYTES = document_limits().max_bytes
MAX_XLSX_UNPACKED = 40 * 1024 * 1024
#: Input formats: RDF, and the document formats of eqkg.documents ("text" is kept as a name for txt).
RDF_FORMATS = ("turtle", "json-ld")
DOCUMENT_FORMATS = ("docx", "odt", "pdf", "html", "md", "txt", "csv", "xlsx")
FORMATS = (*RDF_FORMATS, *DOCUMENT_FORMATS, "text")
#: What the file inputs accept (the `accept` attribute and the CLI help).
ACCEPTED_SUFFIXES = (".docx", ".odt", ".pdf", ".html", ".htm", ".md", ".txt", ".csv", ".xlsx",
                     ".ttl", ".jsonld", ".json")
SUFFIXES = {
    ".ttl": "turtle", ".turtle": "turtle", ".jsonld": "json-ld", ".json": "json-ld",
    ".csv": "csv", ".xlsx": "xlsx", ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".docx": "docx", ".odt": "odt", ".pdf": "pdf", ".html": "html", ".htm": "html",
}
CONTENT_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/ld+json": "json-ld",
    "application/json": "json-ld", "text/csv": "csv", "text/markdown": "md", "text/plain": "txt",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt", "application/pdf": "pdf",
    "text/html": "html", "application/xhtml+xml": "html",
}
#: The largest a zip-based upload (docx, odt, xlsx) may unpack to: a zip bomb is refused unopened.
MAX_UNPACKED = MAX_XLSX_UNPACKED
# Our own context: the w3id address, this server on loopback, or a relative reference.
OWN_CONTEXT = re.compile(
    r"^(https?://(w3id\.org/eqkg|localhost(:\d+)?|127\.0\.0\.1(:\d+)?))?/?context\.jsonld$")


def human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def detect_format(data: bytes, filename: str | None = None, content_type: str | None = None) -> str:
    """The input format from the file name, else the content type, else the first bytes."""
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xls":
        raise InputError("old Excel .xls files are not supported: save the sheet as .xlsx or CSV")
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in CONTENT_TYPES and mime not in ("text/plain", "application/octet-stream"):
        return CONTENT_TYPES[mime]
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    if data.startswith(b"%PDF"):
        return "pdf"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if re.match(rb"<(!doctype html|html[\s>])", head, flags=re.I):
        return "html"
    if head[:1] in (b"{", b"["):
        return "json-ld"
    if re.match(rb"(@prefix|@base|prefix\s|base\s|<[^>\s]*>\s)", head, flags=re.I):
        return "turtle"
    first = head.split(b"\n", 1)[0].lower()
    if b"objective" in first and (b"," in first or b";" in first or b"\t" in first):
        return "csv"
    return "txt"


def _zip_format(data: bytes) -> str:
    """docx, odt or xlsx from a zip's member names (xlsx when it is no readable zip: its reader says so)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        return "odt"
    return "xlsx"


def check_unpacked(data: bytes, name: str) -> None:
    """Refuse a zip container (docx, odt, xlsx) that unpacks to more than MAX_UNPACKED (a zip bomb)."""
    if not data.startswith(b"PK\x03\x04"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
    except zipfile.BadZipFile:
        return  # not a readable zip: the format's reader says what is wrong
    if unpacked > MAX_UNPACKED:
        raise InputError(f"{name} unpacks to {human_size(unpacked)}; the limit is "
                         f"{human_size(MAX_UNPACKED)} (is it really a {Path(name).suffix or 'document'} file?)")


@dataclass
class LoadedPlan:
    """An upload as a plan graph, with what was read from it.

    kind: "rdf" (parsed as given: no reading), "template" (the equality objectives
    table) or "document" (read by the plan readers); reading: the reading report
    (None for RDF); source: the file name as uploaded.
    """

    graph: Graph
    kind: str
    source: str
    reading: Reading | None = None


def read_plan(data: bytes, filename: str | None = None, fmt: str | None = None,
              content_type: str | None = None) -> LoadedPlan:
    """Parse an upload into a graph holding at least one eq:StrategicEqualityPlan, keeping the reading."""
    if len(data) > MAX_BYTES:
        raise TooLarge(f"the file is {human_size(len(data))}, over the limit of {human_size(MAX_BYTES)} "
                       "(EQKG_MAX_DOCUMENT_BYTES)")
    if not data.strip():
        raise InputError("the file is empty")
    fmt = fmt or detect_format(data, filename, content_type)
    if fmt == "text":
        fmt = "txt"
    if fmt not in FORMATS:
        raise InputError(f"unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}")
    source = Path(filename).name if filename else "<upload>"
    name = Path(filename).stem if filename else None
    if fmt in ("docx", "odt", "xlsx"):
        check_unpacked(data, source)
    if fmt == "turtle":
        loaded = LoadedPlan(parse_turtle(data), "rdf", source)
    elif fmt == "json-ld":
        loaded = LoadedPlan(parse_jsonld(data), "rdf", source)
    else:
        rows = _csv_rows_for_routing(data) if fmt == "csv" else \
            xlsx_rows(data, strict=False) if fmt == "xlsx" else None
        if rows is not None and is_template(rows):
            if fmt == "xlsx":
                rows = xlsx_rows(data)
            elif fmt == "csv":
                rows = csv_rows(data)  # a template must be UTF-8: this says which byte is not
            graph, reading = read_table(rows, name)
            loaded = LoadedPlan(graph, "template", source, reading)
        else:
            result = read_document_plan(data, filename, fmt, content_type)
            loaded = LoadedPlan(result.graph, "document", source, result.report)
    if not plans_in(loaded.graph):
        raise InputError(f"the {fmt} input describes no plan (no resource of type "
                         "eq:StrategicEqualityPlan); see docs/validation.md for what a plan needs")
    return loaded


def load_plan(data: bytes, filename: str | None = None, fmt: str | None = None,
              content_type: str | None = None) -> Graph:
    """Parse an upload into a graph holding at least one eq:StrategicEqualityPlan."""
    return read_plan(data, filename, fmt, content_type).graph


def read_document_plan(data: bytes, filename: str | None, fmt: str, content_type: str | None):
    """Any document format -> the document model -> the plan readers (an IngestResult)."""
    from ..documents import read_bytes
    from ..ingest import read_document

    document = read_bytes(data, filename=filename or f"upload.{fmt}", content_type=content_type,
                          fmt=fmt)
    return read_document(document, profile="plan")


def decode_text(data: bytes) -> str:
    """UTF-8 text (a BOM is dropped); other encodings are refused with the offending byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X} on line {line}); save it "
            "as UTF-8 (in Excel: Save As > 'CSV UTF-8')") from None


def parse_turtle(data: bytes) -> Graph:
    """The plan in a pyoxigraph store, seen as an rdflib Graph (oxrdflib): validation queries the
    store as it is, and pyoxigraph's parser reads Turtle ten times faster than rdflib's (3.4 s
    for the 68,000 triples of a 3,200-objective plan, against 0.4 s)."""
    decode_text(data)  # a file that is not UTF-8 is refused with the byte and line
    store = ox.Store()
    try:
        store.bulk_extend(ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=UPLOAD_BASE))
    except Exception as exc:  # noqa: BLE001 - SyntaxError, or ValueError for a bad IRI or term
        detail = " ".join(str(exc).split())
        raise InputError(f"malformed Turtle: {detail[:300]}") from None
    return oxigraph_graph(store)


# ---------------------------------------------------------------- JSON-LD


def local_context() -> dict[str, Any]:
    """Our own context, from ontology/context.jsonld when present, else the project prefixes."""
    path = config.asset_dir("ontology") / "context.jsonld"
    if path.is_file():
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            return doc.get("@context", doc)
        except (OSError, ValueError):
            pass
    return dict(PREFIXES)


def inline_contexts(node: Any) -> Any:
    """Replace references to our own context by its local copy; refuse any other remote context."""
    if isinstance(node, list):
        return [inline_contexts(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        out[key] = _context_value(value) if key == "@context" else inline_contexts(value)
    return out


def _context_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_context_value(v) for v in value]
    if isinstance(value, str):
        if OWN_CONTEXT.match(value):
            return local_context()
        raise InputError(f"JSON-LD context {value!r} is remote; remote contexts are never fetched: "
                         "put the context inline or use /context.jsonld")
    if isinstance(value, dict):
        if "@import" in value:
            raise InputError("JSON-LD @import fetches a remote context; put the context inline")
        return inline_contexts(value)
    return value


def parse_jsonld(data: bytes) -> Graph:
    text = decode_text(data)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON on line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    doc = inline_contexts(doc)
    graph = Graph()
    try:
        graph.parse(data=json.dumps(doc), format="json-ld", publicID=UPLOAD_BASE, base=UPLOAD_BASE)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - the JSON-LD processor raises many types
        raise InputError(f"unusable JSON-LD: {' '.join(str(exc).split())[:300]}") from None
    return graph


# ---------------------------------------------------------------- tables


@dataclass
class Cell:
    value: Any
    ref: str  # spreadsheet reference such as "C7"

    @property
    def text(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, datetime):
            return self.value.date().isoformat()
        if isinstance(self.value, date):
            return self.value.isoformat()
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value).strip()


Row = list[Cell]


def _cells(values: Iterable[Any], row_number: int) -> Row:
    return [Cell(v, f"{get_column_letter(i)}{row_number}") for i, v in enumerate(values, start=1)]


def csv_rows(data: bytes) -> list[Row]:
    text = decode_text(data)
    if "\x00" in text:
        raise InputError("the CSV file contains NUL bytes: is it really a CSV text file?")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}") from None
    return [_cells(r, n) for n, r in enumerate(rows, start=1)]


def _csv_rows_for_routing(data: bytes) -> list[Row]:
    """The rows, to tell the template from other tables: text that is not UTF-8 is read as
    Windows-1252 here (the document reader decides how to read other tables)."""
    try:
        return csv_rows(data)
    except InputError:
        return csv_rows(data.decode("cp1252", errors="replace").encode("utf-8"))


def xlsx_rows(data: bytes, strict: bool = True) -> list[Row]:
    """The first sheet's rows; when strict (the template), formulas and merged cells are refused
    (their meaning is not in the cell)."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
    except zipfile.BadZipFile:
        raise InputError("the file is not a valid .xlsx workbook (save it again from your "
                         "spreadsheet program as .xlsx)") from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise InputError(f"the workbook unpacks to {human_size(unpacked)}; the limit is "
                         f"{human_size(MAX_XLSX_UNPACKED)}")
    try:
        book = load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for bad files
        raise InputError(f"cannot read the workbook: {' '.join(str(exc).split())[:200]}") from None
    sheet = book.worksheets[0]
    if not strict:
        return [[Cell(c.value, c.coordinate) for c in values] for values in sheet.iter_rows()]
    if sheet.merged_cells.ranges:
        ranges = ", ".join(str(r) for r in list(sheet.merged_cells.ranges)[:3])
        raise InputError(f"sheet {sheet.title!r} has merged cells ({ranges}): unmerge them so "
                         "that every tick sits in its own cell")
    rows: list[Row] = []
    for values in sheet.iter_rows(values_only=False):
        row = []
        for cell in values:
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
                raise InputError(f"cell {cell.coordinate} holds a formula ({str(cell.value)[:40]}); "
                                 "replace formulas by their values (copy, paste values)")
            row.append(Cell(cell.value, cell.coordinate))
        rows.append(row)
    return rows


def _blank(row: Row) -> bool:
    return all(c.text == "" for c in row)


def is_template(rows: list[Row]) -> bool:
    """Whether a table is the equality objectives template: some row starts with "objective" and
    names at least one characteristic or aim column (a table of objectives with other columns,
    such as lead and timescale only, is a plan for the plan readers)."""
    index = template.header_index()
    for row in rows:
        if not row or _blank(row):
            continue
        first = index.get(template.normalise(row[0].text))
        if first is not None and first.key == "objective":
            found = (index.get(template.normalise(c.text)) for c in row[1:] if c.text)
            if any(col is not None and col.concept is not None for col in found):
                return True
    return False


def find_header(rows: list[Row]) -> int:
    """The index of the header row: the first row whose first cell is 'objective'."""
    index = template.header_index()
    for i, row in enumerate(rows):
        if _blank(row):
            continue
        first = template.normalise(row[0].text)
        if index.get(first) is not None and index[first].key == "objective":
            return i
        if template.meta_key(row[0].text) is None:
            raise InputError(
                f"row {i + 1}: expected the header row (first cell 'objective') or a plan detail "
                f"such as 'title' or 'organisation', found {row[0].text[:40]!r}; download the "
                "template to see the layout")
    raise InputError("no header row found: the first column of the header must be 'objective' "
                     "(download the template to see the layout)")


def header_columns(row: Row) -> dict[int, template.Column]:
    """Column position -> column; unknown, duplicate or missing headers are errors."""
    index = template.header_index()
    found: dict[int, template.Column] = {}
    seen: dict[str, str] = {}
    for i, cell in enumerate(row):
        if cell.text == "":
            continue
        col = index.get(template.normalise(cell.text))
        if col is None:
            raise InputError(f"cell {cell.ref}: unknown column {cell.text!r}; expected "
                             + ", ".join(c.header for c in template.columns()))
        if col.key in seen:
            raise InputError(f"cell {cell.ref}: column {cell.text!r} repeats {seen[col.key]}")
        seen[col.key] = cell.ref
        found[i] = col
    missing = [c.header for c in template.columns()
               if c.key not in seen and c.key not in template.OPTIONAL_COLUMNS]
    if missing:
        raise InputError(f"the header lacks column(s) {', '.join(missing)}; every characteristic and "
                         "aim needs its own column (leave it unticked for a gap)")
    return found


def parse_date(cell: Cell) -> Literal:
    if isinstance(cell.value, (datetime, date)):
        return Literal(cell.text, datatype=XSD.date)
    text = cell.text
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or None
    uk = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if match:
            value = date(int(match[1]), int(match[2]), int(match[3]))
        elif uk:
            value = date(int(uk[3]), int(uk[2]), int(uk[1]))
        else:
            raise ValueError
    except ValueError:
        raise InputError(f"cell {cell.ref}: {text!r} is not a date; write it as YYYY-MM-DD") from None
    return Literal(value.isoformat(), datatype=XSD.date)


class TableBuilder:
    """Builds the plan graph row by row; IRIs follow decision 0001 under id:plan/{slug}."""

    def __init__(self, meta: list[Row], fallback_name: str | None) -> None:
        self.graph = Graph()
        for prefix, ns in PREFIXES.items():
            self.graph.bind(prefix, ns)
        title = next((r[1].text for r in meta if template.meta_key(r[0].text) == "title"
                      and len(r) > 1 and r[1].text), None)
        self.slug = slugify(title or fallback_name or "") or "draft-plan"
        self.plan = URIRef(mint("plan", self.slug))
        g = self.graph
        g.add((self.plan, RDF.type, EQ.StrategicEqualityPlan))
        g.add((self.plan, EQ.documentType, DOCTYPE["strategic-equality-plan"]))
        if title:
            g.add((self.plan, DCTERMS.title, Literal(title)))
        self.objective: URIRef | None = None
        self.objective_text = ""
        self.objectives = 0
        self.steps = 0
        self.reading = Reading(layout="template")
        self.item: int | None = None  # the reading item of the objective being read
        for row in meta:
            self.meta(row)

    def meta(self, row: Row) -> None:
        key = template.meta_key(row[0].text)
        values = [c for c in row[1:] if c.text]
        if key is None or key == "title" or not values:
            return
        g, plan = self.graph, self.plan
        if key == "organisation":
            for cell in values:
                for name in (n.strip() for n in cell.text.split(";")):
                    if name:
                        org = URIRef(mint("organisation", slugify(name) or "unnamed"))
                        g.add((plan, EQ.organisation, org))
                        g.add((org, RDF.type, EQ.Organisation))
                        g.add((org, SKOS.prefLabel, Literal(name)))
        elif key in ("published", "period start", "period end", "review date"):
            prop = {"published": DCTERMS.issued, "period start": EQ.periodStart,
                    "period end": EQ.periodEnd, "review date": EQ.reviewDate}[key]
            g.add((plan, prop, parse_date(values[0])))
        elif key == "socio-economic duty":
            if template.parse_tick(values[0].value, f"cell {values[0].ref}"):
                g.add((plan, EQ.addressesDuty, DUTY["socio-economic-duty"]))
        elif key == "reason":
            self.reason(row)

    def reason(self, row: Row) -> None:
        cells = row[1:]
        if len(cells) < 2 or not cells[0].text or not cells[1].text:
            raise InputError(f"row {row[0].ref[1:]}: a reason row needs the characteristic in "
                             "column B and the reason in column C")
        col = template.header_index().get(template.normalise(cells[0].text))
        if col is None or col.kind != "characteristic":
            raise InputError(f"cell {cells[0].ref}: {cells[0].text!r} is not a protected characteristic")
        node = URIRef(f"{self.plan}/gap-reason/{col.key}")
        g = self.graph
        g.add((self.plan, EQ.gapReason, node))
        g.add((node, RDF.type, EQ.GapReason))
        g.add((node, EQ.gapCharacteristic, col.concept))
        g.add((node, EQ.text, Literal(cells[1].text)))
        g.add((node, EQ.sourceLocation, Literal(f"row {row[0].ref[1:]}")))

    def row(self, row: Row, cols: dict[int, template.Column]) -> None:
        by_key = {col.key: row[i] for i, col in cols.items() if i < len(row)}
        objective = by_key.get("objective")
        step = by_key.get("step")
        number = row[0].ref[1:]
        objective_text = objective.text if objective else ""
        step_text = step.text if step else ""
        if objective_text and objective_text != self.objective_text:
            self.new_objective(objective_text, number)
            node = self.objective
        elif not step_text:
            if objective_text:
                raise InputError(f"row {number}: objective {objective_text[:40]!r} is repeated "
                                 "without a step")
            raise InputError(f"row {number}: the row has no objective and no step")
        else:
            node = None
        if step_text:
            if self.objective is None:
                raise InputError(f"row {number}: a step with no objective above it")
            node = self.new_step(step_text, number)
        assert node is not None
        fields = self.cells(node, row, cols)
        self.reading.items[-1].fields.update(fields)

    def new_objective(self, text: str, row_number: str) -> None:
        """An objective row; a cell of several lines is a title (the first line) and a statement."""
        self.objectives += 1
        self.steps = 0
        self.objective = URIRef(f"{self.plan}/objective/{self.objectives}")
        self.objective_text = text
        g = self.graph
        g.add((self.plan, EQ.hasObjective, self.objective))
        g.add((self.objective, RDF.type, EQ.EqualityObjective))
        g.add((self.objective, EQ.number, Literal(self.objectives)))
        title, _, statement = (part.strip() for part in text.partition("\n"))
        if statement:
            g.add((self.objective, DCTERMS.title, Literal(title)))
            g.add((self.objective, EQ.text, Literal(statement)))
        else:
            g.add((self.objective, EQ.text, Literal(text)))
        g.add((self.objective, EQ.sourceLocation, Literal(f"row {row_number}")))
        self.item = self.reading.item(
            "objective", title, f"row {row_number}", source=" ".join(text.split()),
            uri=str(self.objective), number=self.objectives, title=title,
            statement=statement)

    def new_step(self, text: str, row_number: str) -> URIRef:
        assert self.objective is not None
        self.steps += 1
        step = URIRef(f"{self.objective}/step/{self.steps}")
        g = self.graph
        g.add((self.objective, EQ.hasStep, step))
        g.add((step, RDF.type, EQ.Step))
        g.add((step, EQ.number, Literal(self.steps)))
        g.add((step, EQ.text, Literal(text)))
        g.add((step, EQ.sourceLocation, Literal(f"row {row_number}")))
        self.reading.item("step", text, f"row {row_number}", source=text, parent=self.item,
                          uri=str(step))
        return step

    def cells(self, node: URIRef, row: Row, cols: dict[int, template.Column]) -> dict[str, object]:
        """Add the row's ticks and details to its objective or step; return them as reading fields."""
        g = self.graph
        fields: dict[str, object] = {"characteristics": {}}
        for i, col in cols.items():
            cell = row[i] if i < len(row) else None
            if cell is None:
                continue
            if col.concept is not None:
                where = f"cell {cell.ref} (column {col.header!r})"
                if not template.parse_tick(cell.value, where):
                    continue
                if col.kind == "aim":
                    g.add((node, EQ.addressesAim, col.concept))
                    fields.setdefault("aims", []).append(col.key)  # type: ignore[union-attr]
                    continue
                fields["characteristics"][col.key] = "stated"  # type: ignore[index]
                claim = URIRef(f"{node}/claim/{col.key}")
                g.add((node, EQ.covers, col.concept))
                g.add((node, EQ.claim, claim))
                g.add((claim, RDF.type, EQ.CoverageClaim))
                g.add((claim, EQ.claimCharacteristic, col.concept))
                g.add((claim, EQ.basis, BASIS.stated))
                g.add((claim, EQ.sourceLocation, Literal(f"cell {cell.ref}")))
            elif cell.text and col.key in template.OPTIONAL_COLUMNS:
                self.detail(node, col.key, cell.text)
                fields[{"timeline": "due"}.get(col.key, col.key)] = cell.text
        return fields

    def detail(self, node: URIRef, key: str, text: str) -> None:
        g = self.graph
        target = URIRef(f"{node}/{key}")
        if key == "lead":
            g.add((node, EQ.lead, target))
            g.add((target, RDF.type, PROV.Agent))
            g.add((target, RDFS.label, Literal(text)))
            g.add((target, EQ.wording, Literal(text)))
        elif key == "timeline":
            g.add((node, EQ.timeline, target))
            g.add((target, RDF.type, EQ.Timeline))
            g.add((target, EQ.wording, Literal(text)))
        else:
            g.add((node, EQ.measuredBy, target))
            g.add((target, RDF.type, EQ.PerformanceIndicator))
            g.add((target, EQ.text, Literal(text)))


def table_to_graph(rows: list[Row], fallback_name: str | None = None) -> Graph:
    """An equality objectives table (rows of cells) as a plan graph."""
    return read_table(rows, fallback_name)[0]


def read_table(rows: list[Row], fallback_name: str | None = None) -> tuple[Graph, Reading]:
    """An equality objectives table as a plan graph, and the reading (each row read, by row number)."""
    if not rows or all(_blank(r) for r in rows):
        raise InputError("the table is empty")
    header_at = find_header(rows)
    cols = header_columns(rows[header_at])
    builder = TableBuilder([r for r in rows[:header_at] if not _blank(r)], fallback_name)
    for row in rows[header_at + 1:]:
        if not _blank(row):
            builder.row(row, cols)
    if builder.objectives == 0:
        raise InputError("the table has a header but no objective rows below it")
    return builder.graph, builder.reading
