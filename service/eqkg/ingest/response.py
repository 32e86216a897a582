"""Action-plan response parser: themes, numbered recommendations, responses, commitments and indicators.

How a response of this genre is read (docs/ingest.md has the full account):

- the contents list names the themes; each theme's heading starts its part
  of the document (the heading may be spelt differently from the contents:
  both wordings are kept);
- a recommendation is a table row whose first cell is a reference such as
  "1.1", read by the position of its header (Reference | Recommendation |
  Lead Officer | Timeline);
- everything up to the next recommendation, theme or "Measuring Progress"
  heading is the response: "Response: ..." gives the status (wording kept),
  "Progress to Date ..." starts the progress narrative, and the bullets after
  "Commitment:" or "We will:", and every "➤" bullet, are commitments
  (eq:Pledge); page-break continuation tables are read as part of it;
- "Commitments are draft ..." marks that recommendation's commitments as drafts;
- "Measuring Progress: {theme}" lists the theme's key performance indicators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from eqkg.errors import InputError
from eqkg.ingest import entities
from eqkg.ingest.common import (
    Builder,
    Fit,
    IngestResult,
    Lines,
    clean_cell,
    is_separator,
    mint_ref,
    split_cells,
)
from eqkg.ingest.tagging import lexicon, tag_resource
from eqkg.ingest.timelines import add_timeline
from eqkg.namespaces import DOCTYPE, EQ, STATUS, slugify

_REFERENCE = re.compile(r"^\d+(?:\.\d+)+$")
_RESPONSE = re.compile(r"^response\s*:\s*(.+)$", re.I)
_PROGRESS = re.compile(r"^progress to date\b.*:?$", re.I)
_COMMITMENT = re.compile(r"^commitments?\s*:$", re.I)
_WE_WILL = re.compile(r"^we will\s*:$", re.I)
_DRAFT = re.compile(r"\bcommitments (?:are|remain) \*?draft\b", re.I)
_MEASURING = re.compile(r"^measuring progress\s*:\s*(.+)$", re.I)
_KPI_INTRO = re.compile(r"key performance indicators?\s*:?$", re.I)
_BULLET = re.compile(r"^(➤|•|-|\*|\d+\.)\s+")
#: Words that make a lead wording a post or a body rather than a person's name.
_POST_WORDS = re.compile(
    r"\b(head|director|manager|officer|team|service|services|board|council|partnership|unit|lead|chief|"
    r"department|group|commissioner)\b", re.I)
STATUS_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bpartially accepted\b|\baccepted in part\b", re.I), "partially-accepted"),
    (re.compile(r"\baccepted\b", re.I), "accepted"),
    (re.compile(r"\bcompleted?\b", re.I), "completed"),
    (re.compile(r"\bin progress\b", re.I), "in-progress"),
    (re.compile(r"\bdeferred\b", re.I), "deferred"),
    (re.compile(r"\bon-?going\b", re.I), "ongoing"),
)


def _key(text: str) -> str:
    """Heading comparison key: apostrophes, '&'/'and', case and spacing ignored."""
    text = text.replace("\u2019", "").replace("'", "").replace("&", " and ")
    return re.sub(r"\s+", " ", text).strip(" .:").casefold()


def clean_md(text: str) -> str:
    """Markdown emphasis, links and escapes removed: "*draft*" -> "draft", "[x](#)" -> "x"."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\\([()\[\]*_])", r"\1", text)
    text = re.sub(r"(?<!\w)[*_]{1,2}(\S(?:.*?\S)?)[*_]{1,2}(?!\w)", r"\1", text)
    return text.strip()


def paragraphs(raw: str) -> list[str]:
    """The paragraphs and bullets of one HTML-ish cell or line, each bullet keeping its marker."""
    text = re.sub(r"(?i)</?(p|ul|ol|div)\b[^>]*>|<br\s*/?>", "\n", raw)
    text = re.sub(r"(?i)<li\b[^>]*>", "\n• ", text)
    text = re.sub(r"\s*([➤•])\s*", r"\n\1 ", text)
    out = []
    for part in text.split("\n"):
        cleaned = clean_md(clean_cell(part))
        if cleaned and cleaned not in ("•", "➤"):
            out.append(cleaned)
    return out


@dataclass
class Unit:
    """One paragraph or bullet of the source, with its line."""

    line: int
    text: str


@dataclass
class Theme:
    title: str
    contents_title: str | None
    line: int
    number: int
    slug: str = ""
    indicators: list[Unit] = field(default_factory=list)
    indicator_lines: tuple[int, int] | None = None


@dataclass
class Recommendation:
    reference: str
    line: int
    cells: dict[str, list[str]]
    theme: Theme | None
    units: list[Unit] = field(default_factory=list)
    end: int = 0


class ResponseParser:
    """One parse of one response document."""

    def __init__(self, text: str, source_name: str, slug: str | None) -> None:
        self.lines = Lines(text)
        self.title_lines = self._title()
        self.slug = slug or slugify(self.title_lines[0]) or "response"
        self.doc = mint_ref("response", self.slug)
        self.b = Builder(self.doc, EQ.ActionPlanResponse, source_name, self.slug)
        self.ctx = entities.Context(self.doc)
        self.themes: list[Theme] = []
        self.recommendations: list[Recommendation] = []

    # ------------------------------------------------------------ reading

    def _title(self) -> list[str]:
        """The non-empty lines before the contents (or the first table): title, then subtitle."""
        stop = self.lines.find(r"(?i)^\s*contents\b|^\s*\|") or len(self.lines) + 1
        found = [line.strip() for _, line in self.lines.numbered(1, stop - 1) if line.strip()]
        if not found:
            raise InputError("the response has no title before its contents or first table")
        return found

    def read_themes(self) -> None:
        """Themes from the contents list, located by their headings in the body."""
        contents_at = self.lines.find(r"(?i)^\s*contents\s*:?\s*$")
        entries: list[str] = []
        body_from = 1
        if contents_at is not None:
            for k, line in self.lines.numbered(contents_at + 1):
                text = line.strip()
                if not text:
                    continue
                m = re.match(r"(?i)^(?:pg|page|p\.)\s*\d+\s+(.+)$", text)
                if not m:
                    body_from = k
                    break
                entries.append(m.group(1).strip())
        for entry in entries:
            hit = next((k for k, line in self.lines.numbered(body_from)
                        if _key(line) == _key(entry) and not line.strip().startswith("|")), None)
            if hit is None:
                self.b.report.note(f"theme {entry!r} from the contents has no heading in the body")
                continue
            heading = self.lines[hit].strip()
            self.themes.append(Theme(heading, entry if entry != heading else None, hit, len(self.themes) + 1))
        if not entries:
            self.b.report.note("no contents list: recommendations are not grouped into themes")
        self.themes.sort(key=lambda t: t.line)
        for number, theme in enumerate(self.themes, start=1):
            theme.number = number
            theme.slug = slugify(theme.contents_title or theme.title)

    def theme_at(self, line: int) -> Theme | None:
        current = None
        for theme in self.themes:
            if theme.line <= line:
                current = theme
        return current

    def read_recommendations(self) -> None:
        """Recommendation rows, and the response units that follow each."""
        header: list[str] | None = None
        current: Recommendation | None = None
        theme_lines = {t.line for t in self.themes}
        for k, raw in self.lines.numbered(1):
            line = raw.strip()
            if k in theme_lines or _MEASURING.match(line):
                if current:
                    current.end = k - 1
                current = None
                continue
            if line.startswith("|"):
                cells = split_cells(line)
                names = [_key(clean_cell(c)) for c in cells]
                if "reference" in names and "recommendation" in names:
                    header = names
                    continue
                if is_separator(cells):
                    continue
                first = clean_cell(cells[0]) if cells else ""
                if _REFERENCE.match(first):
                    if current:
                        current.end = k - 1
                    current = self._recommendation(k, cells, header)
                    continue
                if current is not None:
                    for cell in cells:
                        current.units += [Unit(k, p) for p in paragraphs(cell)]
                continue
            if current is not None and line:
                current.units += [Unit(k, p) for p in paragraphs(line)]
        if current:
            current.end = len(self.lines)

    def _recommendation(self, k: int, cells: list[str], header: list[str] | None) -> Recommendation:
        expected = ["reference", "recommendation", "lead officer", "timeline"]
        names = header or expected
        if header is None:
            self.b.report.note(f"recommendation at line {k} has no header row; read as {' | '.join(expected)}")
        by_name: dict[str, list[str]] = {}
        for name, cell in zip(names, cells, strict=False):
            by_name[name] = paragraphs(cell)
        ref = clean_cell(cells[0])
        if len(cells) != len(names):
            self.b.report.note(f"recommendation {ref} (line {k}): {len(cells)} cells under {len(names)} headings")
        rec = Recommendation(ref, k, by_name, self.theme_at(k))
        self.recommendations.append(rec)
        return rec

    def read_indicators(self) -> None:
        """Bullets under "Key Performance Indicators:" after each "Measuring Progress: {theme}" heading."""
        for k in self.lines.find_all(r"(?i)^\s*measuring progress\s*:"):
            name = _MEASURING.match(self.lines[k].strip())
            wanted = _key(name.group(1)) if name else ""
            theme = next((t for t in self.themes if wanted in (_key(t.title), _key(t.contents_title or ""))), None)
            if theme is None:
                theme = self.theme_at(k)
                self.b.report.note(f"line {k}: indicators for {wanted!r} placed in the enclosing theme")
            if theme is None:
                self.b.report.note(f"line {k}: indicators outside any theme; not placed")
                continue
            intro = False
            last = k
            for n, line in self.lines.numbered(k + 1):
                text = line.strip()
                if not text:
                    continue
                if _KPI_INTRO.search(text):
                    intro = True
                    continue
                bullet = _BULLET.match(text)
                if not bullet or not intro:
                    break
                theme.indicators.append(Unit(n, clean_md(text[bullet.end():])))
                last = n
            theme.indicator_lines = (k, last)

    # ------------------------------------------------------------ writing

    def write_document(self) -> None:
        b, doc = self.b, self.doc
        b.add(doc, EQ.documentType, DOCTYPE["action-plan-response"])
        title = self.title_lines[0]
        b.text(doc, DCTERMS.title, title.title() if title.isupper() else title)
        for extra in self.title_lines[1:]:
            b.text(doc, DCTERMS.alternative, extra)
        b.text(doc, EQ.sourceLocation, f"title, {Lines.loc(1, self.lines.find(re.escape(self.title_lines[-1])) or 1)}")
        for extra in self.title_lines[1:]:
            m = re.match(r"(?i)^response\s*:\s*(.+)$", extra)
            if not m:
                continue
            for part in re.split(r"\s*&\s*|\s+and\s+", m.group(1)):
                if re.search(r"(?i)\bpartners\b", part):
                    b.text(doc, EQ.note, f"The response is made by {m.group(1)}; the partners are not listed by name.")
                    continue
                b.add(doc, EQ.organisation, entities.resolve_organisation(part, self.ctx))

    def write_themes(self) -> None:
        b = self.b
        thematic = lexicon("theme")
        for theme in self.themes:
            uri = mint_ref("response", self.slug, "theme", theme.slug)
            b.resource(uri, EQ.Theme, f"theme heading, {Lines.loc(theme.line)}")
            b.add(self.doc, EQ.theme, uri)
            b.text(uri, SKOS.prefLabel, theme.title)
            if theme.contents_title:
                b.text(uri, SKOS.altLabel, theme.contents_title)
                b.report.note(f"theme {theme.number} is spelt {theme.contents_title!r} in the contents "
                              f"and {theme.title!r} as a heading; both kept")
            b.add(uri, EQ.number, Literal(theme.number, datatype=XSD.integer))
            concept = thematic.lookup(theme.title) or thematic.lookup(theme.contents_title or "")
            if concept is not None:
                b.add(uri, SKOS.closeMatch, concept)
            else:
                b.report.note(f"theme {theme.title!r}: no theme vocabulary concept has this label")
            b.report.count("theme")
            if not theme.indicators:
                b.text(uri, EQ.note, "The document lists no key performance indicators for this theme.")
            for n, unit in enumerate(theme.indicators, start=1):
                kpi = b.resource(mint_ref("response", self.slug, "indicator", theme.slug, str(n)),
                                 EQ.PerformanceIndicator, f"{Lines.loc(unit.line)}")
                b.add(self.doc, EQ.hasIndicator, kpi)
                b.add(uri, EQ.measuredBy, kpi)
                b.add(kpi, EQ.theme, uri)
                b.add(kpi, EQ.number, Literal(n, datatype=XSD.integer))
                b.text(kpi, EQ.text, unit.text)
                b.report.count("indicator")
                tag_resource(b, kpi, unit.text, Lines.loc(unit.line), themes=False)

    def write_recommendation(self, rec: Recommendation) -> None:
        b = self.b
        uri = mint_ref("response", self.slug, "recommendation", rec.reference)
        loc = f"recommendation table, {Lines.loc(rec.line)}"
        b.resource(uri, EQ.Recommendation, loc)
        b.text(uri, EQ.sourceLocation, f"response, {Lines.loc(rec.line + 1, max(rec.end, rec.line + 1))}")
        b.add(self.doc, EQ.hasRecommendation, uri)
        b.text(uri, EQ.reference, rec.reference)
        b.text(uri, EQ.text, " ".join(rec.cells.get("recommendation", [])))
        b.report.count("recommendation")
        if rec.theme is not None:
            b.add(uri, EQ.theme, mint_ref("response", self.slug, "theme", rec.theme.slug))
            if not rec.reference.startswith(f"{rec.theme.number}."):
                b.report.note(f"recommendation {rec.reference} is numbered outside its theme {rec.theme.number}")
        self._lead(uri, rec.cells.get("lead officer", []), loc)
        timeline = "\n".join(rec.cells.get("timeline", []))
        reading = add_timeline(b, uri, timeline, loc) if timeline else None
        if reading is None:
            b.report.note(f"recommendation {rec.reference}: no timeline")
        tag_resource(b, uri, " ".join(rec.cells.get("recommendation", [])), loc)
        self._response(uri, rec, reading is not None and STATUS["completed"] in reading.statuses)

    def _lead(self, uri: URIRef, parts: list[str], loc: str) -> None:
        """eq:lead people, with the lead wording kept; posts and bodies are kept as wording only."""
        wording = "\n".join(parts)
        if not wording:
            self.b.report.note(f"{loc}: no lead officer")
            return
        self.b.text(uri, EQ.wording, wording)
        for part in parts:
            if _POST_WORDS.search(re.sub(r"\([^)]*\)", "", part)):
                self.b.report.note(f"{loc}: lead {part!r} names a post or body, not a person; kept as wording")
                continue
            for person in entities.resolve_people(part, self.ctx):
                self.b.add(uri, EQ.lead, person)
                entities.describe_unregistered(self.b, person, part, loc)
        if len(parts) > 1 or re.search(r"/|\band\b|&", wording):
            self.b.report.count("recommendation with several leads")

    def _response(self, uri: URIRef, rec: Recommendation, timeline_complete: bool) -> None:
        """Status, progress narrative and commitments from the units after a recommendation row."""
        b = self.b
        narrative: list[str] = []
        pledges: list[tuple[Unit, str | None]] = []
        mode = "before"
        group: str | None = None
        draft_note: str | None = None
        previous = ""
        for unit in rec.units:
            text = unit.text
            m = _RESPONSE.match(text)
            if m and mode == "before":
                wording = m.group(1).strip().rstrip(".")
                b.text(uri, EQ.note, f"Response: {wording}")
                statuses = self._statuses(wording)
                if not statuses:
                    b.report.note(f"recommendation {rec.reference}: response {wording!r} names no known status")
                for status in statuses:
                    b.add(uri, EQ.status, STATUS[status])
                mode = "narrative"
                continue
            if _PROGRESS.match(text):
                mode = "narrative"
                continue
            if _COMMITMENT.match(text):
                mode, group = "commitments", None
                continue
            if _WE_WILL.match(text):
                mode, group = "commitments", previous
                continue
            if _DRAFT.search(text):
                draft_note = text
            bullet = _BULLET.match(text)
            if text.startswith("➤") or (mode == "commitments" and bullet):
                pledges.append((Unit(unit.line, text[bullet.end():] if bullet else text), group))
                continue
            if mode == "commitments" and not bullet:
                mode = "narrative"
            narrative.append(text)
            previous = text
        if mode == "before" or (uri, EQ.status, None) not in b.graph:
            b.report.note(f"recommendation {rec.reference}: no 'Response:' line")
        if timeline_complete:
            b.add(uri, EQ.status, STATUS["completed"])
        if narrative:
            b.text(uri, EQ.progressUpdate, "\n".join(narrative))
        else:
            b.report.note(f"recommendation {rec.reference}: no progress narrative")
        for n, (unit, heading) in enumerate(pledges, start=1):
            pledge = b.resource(URIRef(f"{uri}/commitment/{n}"), EQ.Pledge, Lines.loc(unit.line))
            b.add(uri, EQ.hasCommitment, pledge)
            b.add(pledge, EQ.number, Literal(n, datatype=XSD.integer))
            b.text(pledge, EQ.text, unit.text)
            if heading:
                b.text(pledge, EQ.note, f"Listed under {heading!r}, 'We will:'.")
            if draft_note:
                b.add(pledge, EQ.status, STATUS["draft"])
                b.text(pledge, EQ.note, draft_note)
            b.report.count("commitment")
            tag_resource(b, pledge, unit.text, Lines.loc(unit.line))
        if not pledges:
            b.report.note(f"recommendation {rec.reference}: no commitments")

    @staticmethod
    def _statuses(wording: str) -> list[str]:
        found: list[str] = []
        for pattern, status in STATUS_RULES:
            if pattern.search(wording) and status not in found:
                if status == "accepted" and "partially-accepted" in found:
                    continue
                found.append(status)
        return found

    def build(self) -> IngestResult:
        self.read_themes()
        self.read_recommendations()
        self.read_indicators()
        if not self.recommendations:
            raise InputError("no recommendations found: a response of this genre has rows such as '| 1.1 | ... |'")
        self.write_document()
        self.write_themes()
        for rec in self.recommendations:
            self.write_recommendation(rec)
        for message in self.ctx.report:
            self.b.report.note(message)
        return self.b.result("response")


def parse(text: str, *, source_name: str = "<text>", slug: str | None = None) -> IngestResult:
    """Response text -> RDF (document, themes, recommendations, commitments, indicators) and a report."""
    if not text.strip():
        raise InputError("the response is empty")
    return ResponseParser(text, source_name, slug).build()



#: The seed layout's recommendation table header, exactly (its columns are read by these names).
SEED_HEADER = ("reference", "recommendation", "lead officer", "timeline")


def fits(document) -> Fit:
    """Whether the text has the seed response's layout (then this reader reads it; else the general one does).

    The cue is what parse() relies on: markdown table rows under the header
    "Reference | Recommendation | Lead Officer | Timeline" with a dotted
    reference ("1.1") in the first cell.
    """
    if document.format not in ("txt", "md"):
        return Fit(0)
    header = refs = 0
    for line in document.text.splitlines():
        if not line.strip().startswith("|"):
            continue
        cells = split_cells(line)
        names = tuple(_key(clean_cell(c)) for c in cells)
        if names == SEED_HEADER:
            header += 1
        elif header and cells and _REFERENCE.match(clean_cell(cells[0])):
            refs += 1
    if header and refs:
        return Fit(3, ("Reference | Recommendation | Lead Officer | Timeline tables", f"{refs} numbered rows"))
    return Fit(0)


def read(document, *, slug: str | None = None) -> IngestResult:
    """Read a document of the seed layout (its text, line by line)."""
    return parse(document.text, source_name=document.source_name, slug=slug)
