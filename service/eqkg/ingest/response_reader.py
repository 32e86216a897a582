"""General response reader: recommendations and a body's response to them, read from the document model's blocks.

Why a second reader: the seed response reader (eqkg.ingest.response) reads
one layout (markdown tables headed Reference | Recommendation | Lead Officer
| Timeline, with the response in the rows that follow). Other bodies publish
responses as tables with Recommendation | Response | Lead | Timescale | Status
columns, as "Recommendation N" headings followed by "Response:", "Lead:",
"Timescale:" and "Status:" paragraphs, or as numbered lists. This reader
works on `Document.blocks` only and gives the seed reader's RDF terms:
eq:ActionPlanResponse, eq:Recommendation (eq:reference, eq:text, eq:lead with
the wording in eq:wording, eq:timeline via timelines, eq:status with the
wording kept in an eq:note), tagged like the seed's recommendations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from eqkg.documents.model import Document, Location
from eqkg.errors import InputError
from eqkg.ingest import entities
from eqkg.ingest.common import Builder, Fit, IngestResult, mint_ref
from eqkg.ingest.minutes_reader import header_index, label_value, structured
from eqkg.ingest.statuses import document_rag_key, read_status, statuses
from eqkg.ingest.tagging import lexicon, tag_resource
from eqkg.ingest.timelines import add_timeline
from eqkg.namespaces import DOCTYPE, EQ, slugify

__all__ = ["COLUMNS", "fits", "read", "statuses"]

COLUMNS = {
    "reference": ("no", "number", "ref", "reference", "rec no", "recommendation no", "recommendation number", "id"),
    "recommendation": ("recommendation", "recommendations", "recommendation text", "what was recommended",
                       "recommended action"),
    "response": ("response", "our response", "management response", "council response", "organisation response",
                 "agreed action", "management action", "action", "actions", "proposed action", "action taken",
                 "response and action", "planned action", "agreed management action"),
    "lead": ("lead", "lead officer", "owner", "responsible", "responsible officer", "responsibility", "who",
             "by whom", "lead person", "lead service", "accountable", "responsible manager", "action owner"),
    "timeline": ("timeline", "timescale", "timescales", "by when", "deadline", "target date", "due date", "due",
                 "completion date", "date", "when", "target", "implementation date"),
    "status": ("status", "progress", "rag", "rag status", "progress update", "update", "current status",
               "rag rating", "delivery status", "progress status", "statws", "statws rag"),
    # context and updates: read and kept as notes, never taken for the recommendation or its status
    "finding": ("finding", "findings", "issue", "issue identified", "observation", "what we found"),
    "update": ("update", "progress update", "latest update", "progress to date", "comments", "commentary"),
    "agreed": ("agreed", "agreed y n", "accepted", "accepted y n", "agreed yes no", "accepted yes no"),
}
LABELS = {
    "response": r"(?:[A-Za-z'\u2019]+\s+){0,2}response|agreed action|management action|action",
    "lead": "lead|lead officer|owner|responsible officer|responsible|responsibility|lead service",
    "timeline": "timeline|timescale|timescales|by when|deadline|target date|due date|due|completion date",
    "status": "status|progress|rag status|rag rating|rag|progress update|update|statws",
}
#: "Recommendation 1 - Title", "Recommendation 2 (Grade 3)", "Rec. A:"; never "Recommendation to Cabinet".
_REC_HEADING = re.compile(r"(?i)^(?:recommendation|rec\.?)\s+(?P<ref>\d{1,2}(?:\.\d{1,2})*|(?-i:[A-Z]))(?![\w'])"
                          r"\s*[:.)\-\u2013\u2014]?\s*(?P<text>.*)$")
_RECS_SECTION = re.compile(r"(?i)\brecommendations?\b")
_REJECTED = re.compile(r"(?i)\b(?:not accepted|rejected|declined|not agreed)\b")


@dataclass
class Rec:
    """One recommendation as read."""

    reference: str
    text: str
    location: Location
    source: str
    fields: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    how: str = ""
    title: str | None = None


class ResponseReader:
    """One reading of one document."""

    def __init__(self, document: Document, slug: str | None) -> None:
        self.document = document
        self.blocks = structured(document)
        self.title, self.title_loc = self._title()
        self.slug = slug or slugify(self.title or "") or "response"
        self.doc = mint_ref("response", self.slug)
        self.b = Builder(self.doc, EQ.ActionPlanResponse, document.source_name, self.slug)
        self.report = self.b.report
        self.ctx = entities.Context(self.doc)
        self.layouts: list[str] = []
        self.rag_key = document_rag_key(self.blocks)  # "Green = on track" where the document gives a key

    def _title(self) -> tuple[str | None, Location | None]:
        for block in self.blocks[:6]:
            if block.kind == "heading" or (block.kind == "paragraph" and len(block.text.split()) <= 16):
                return block.text, block.location
        return None, None

    # ------------------------------------------------------------ reading

    def recommendations(self) -> list[Rec]:
        recs = self._from_tables()
        if recs:
            return recs
        recs = self._from_headings()
        if recs:
            return recs
        return self._from_list()

    def _from_tables(self) -> list[Rec]:
        recs: list[Rec] = []
        theme = None
        for block in self.blocks:
            if block.kind == "heading":
                theme = block.text if not _REC_HEADING.match(block.text) and block.level > 1 else theme
                continue
            if block.kind != "table" or len(block.rows) < 2:
                continue
            header = block.rows[0].cells
            cols = header_index(header, COLUMNS)
            if "recommendation" not in cols and "finding" in cols:
                cols["recommendation"] = cols.pop("finding")
            if "recommendation" not in cols:
                continue
            unmapped = [h for k, h in enumerate(header) if k not in cols.values() and h.strip()]
            self.layouts.append(f"table ({' | '.join(header)})")
            if unmapped:
                self.report.note(f"columns not read: {', '.join(unmapped)} (table at {block.location.render()})")
            for row in block.rows[1:]:
                cells = row.cells

                def cell(role: str, cells: tuple[str, ...] = cells, cols: dict[str, int] = cols) -> str:
                    k = cols.get(role)
                    return cells[k].strip() if k is not None and k < len(cells) else ""

                text = cell("recommendation")
                if not text:
                    continue
                ref = cell("reference")
                lead_ref = re.match(r"^(?:recommendation\s+)?(\d{1,2}(?:\.\d{1,2})*)[.):]?\s+(\S.*)$", text, re.I)
                if not ref and lead_ref:
                    ref, text = lead_ref.group(1), lead_ref.group(2)
                ref = ref.rstrip(".") or str(len(recs) + 1)
                fields = {role: cell(role) for role in ("response", "lead", "timeline", "status", "finding", "update",
                                                        "agreed") if cell(role)}
                recs.append(Rec(ref, text, row.location, " | ".join(cells), fields, theme, "table"))
        return recs

    def _from_headings(self) -> list[Rec]:
        """"Recommendation N" headings or lines; a heading's own words are a title when the text follows it.

        The recommendation's text is then the paragraph(s) under the heading,
        up to the first "Response:", "Lead:", "Timescale:" or "Status:" line; a
        heading at the same or a higher level ends the recommendation.
        """
        recs: list[Rec] = []
        current: Rec | None = None
        level = 0
        labelled = False
        theme = None
        for block in self.blocks:
            text = block.text
            heading = _REC_HEADING.match(text) if block.kind in ("heading", "paragraph") or block.strong else None
            if heading and (block.kind == "heading" or block.strong or not heading.group("text")
                            or len(heading.group("text").split()) <= 60):
                words = heading.group("text").strip()
                current = Rec(heading.group("ref"), words, block.location, text,
                              theme=theme, how="'Recommendation N' headings")
                if _is_title(words):
                    current.text, current.title = "", words
                recs.append(current)
                level = block.level if block.kind == "heading" else 99
                labelled = False
                continue
            if block.kind == "heading":
                if current is not None and (block.level <= 2 or block.level <= level):
                    current = None
                theme = text if block.level > 1 and not _RECS_SECTION.search(text) else theme
                continue
            if current is None or block.kind == "table":
                continue
            if self._labelled(current, text):
                labelled = True
                continue
            if not labelled and (not current.text or current.title):
                current.text = f"{current.text} {text}".strip() if current.text else text
                current.source = f"{current.source} {text}"
            elif "response" in current.fields and "status" not in current.fields and "lead" not in current.fields:
                current.fields["response"] += "\n" + text
        for rec in recs:
            if not rec.text:
                rec.text = rec.title or ""
        return [r for r in recs if r.text]

    def _from_list(self) -> list[Rec]:
        recs: list[Rec] = []
        current: Rec | None = None
        section = False
        theme = None
        for block in self.blocks:
            text = block.text
            if block.kind == "heading":
                section = bool(_RECS_SECTION.search(text)) or section and block.level > 2
                theme = text if block.level > 1 and not _RECS_SECTION.search(text) else theme
                current = None if not section else current
                continue
            if block.kind == "item" and block.level == 0 and block.ordered:
                ref = re.sub(r"[().]", "", block.marker) or str(len(recs) + 1)
                body, fields = _inline_labels(text)
                current = Rec(ref, body, block.location, text, fields, theme, "numbered list")
                if section or fields:
                    recs.append(current)
                continue
            if current is not None and current in recs:
                self._labelled(current, text)
        return recs

    def _labelled(self, rec: Rec, text: str) -> bool:
        """A "Response:" / "Lead:" / "Timescale:" / "Status:" paragraph or item belonging to a recommendation."""
        for role, labels in LABELS.items():
            value = label_value(text, labels)
            if value is not None:
                body, more = _inline_labels(value)
                rec.fields[role] = body
                rec.fields.update({k: v for k, v in more.items() if k not in rec.fields})
                return True
        return False

    # ------------------------------------------------------------ writing

    def write(self, recs: list[Rec]) -> None:
        b = self.b
        b.add(self.doc, EQ.documentType, DOCTYPE["action-plan-response"])
        if self.title:
            b.text(self.doc, DCTERMS.title, self.title)
        for block in self.blocks[:10]:
            org = label_value(block.text, "organisation|organization|response from|response by")
            if org and block.kind != "table" and len(org.split()) <= 10 and not org.endswith("."):
                for part in re.split(r"\s*&\s*|\s+and\s+", org):
                    b.add(self.doc, EQ.organisation, entities.resolve_organisation(part, self.ctx))
                break
        themes: dict[str, URIRef] = {}
        thematic = lexicon("theme")
        seen: set[str] = set()
        for n, rec in enumerate(recs, 1):
            ref = rec.reference if rec.reference not in seen else f"{rec.reference}-{n}"
            seen.add(ref)
            uri = mint_ref("response", self.slug, "recommendation", ref)
            loc = rec.location.render()
            b.resource(uri, EQ.Recommendation, loc)
            b.add(self.doc, EQ.hasRecommendation, uri)
            b.text(uri, EQ.reference, rec.reference)
            b.text(uri, EQ.text, rec.text)
            if rec.theme:
                if rec.theme not in themes:
                    theme = mint_ref("response", self.slug, "theme", slugify(rec.theme) or str(len(themes) + 1))
                    b.resource(theme, EQ.Theme, loc)
                    b.add(self.doc, EQ.theme, theme)
                    b.text(theme, SKOS.prefLabel, rec.theme)
                    b.add(theme, EQ.number, Literal(len(themes) + 1, datatype=XSD.integer))
                    concept = thematic.lookup(rec.theme)
                    if concept is not None:
                        b.add(theme, SKOS.closeMatch, concept)
                    themes[rec.theme] = theme
                b.add(uri, EQ.theme, themes[rec.theme])
            lead = rec.fields.get("lead")
            if lead:
                self._lead(uri, lead, loc)
            else:
                self.report.note(f"recommendation {rec.reference} ({loc}): no lead")
            timeline = rec.fields.get("timeline")
            if timeline:
                add_timeline(b, uri, timeline, loc)
            found: list[URIRef] = []
            for role in ("finding", "agreed", "update"):
                if rec.fields.get(role):
                    b.text(uri, EQ.note, f"{role.capitalize()}: {rec.fields[role]}")
            if rec.title:
                b.text(uri, DCTERMS.title, rec.title)
            rag_note = None
            for role in ("response", "status"):
                wording = rec.fields.get(role)
                if not wording:
                    continue
                b.text(uri, EQ.note, f"{role.capitalize()}: {wording}")
                head = re.split(r"(?<=[.!?])\s", wording, maxsplit=1)[0] if role == "response" else wording
                if role == "status":  # a status cell: labels, whole-cell words, RAG colours through the key
                    status_read = read_status(head, self.rag_key)
                    named = status_read.concepts
                    if not named:
                        rag_note = status_read.ambiguity
                else:
                    named = statuses(head, sentence=True)
                for status in named:
                    if status not in found:
                        found.append(status)
                if _REJECTED.search(head):
                    self.report.note(f"recommendation {rec.reference}: '{head}' is not a status of the vocabulary; "
                                     "kept as written")
            for status in found:
                b.add(uri, EQ.status, status)
            if rag_note and not found:
                b.text(uri, EQ.ambiguity, rag_note)
            if (rec.fields.get("status") or rec.fields.get("response")) and not found:
                self.report.unsure(f"the status of recommendation {rec.reference} could not be mapped; "
                                   "its wording is kept")
            tag_resource(b, uri, rec.text, loc)
            status_words = rec.fields.get("status") or ""
            b.report.item("recommendation", rec.text, loc, source=rec.source, uri=str(uri), number=rec.reference,
                          **{k: v for k, v in (("lead", lead), ("timeline", timeline), ("status", status_words),
                                               ("response", rec.fields.get("response")), ("title", rec.title),
                                               ("update", rec.fields.get("update"))) if v})

    def _lead(self, uri: URIRef, wording: str, loc: str) -> None:
        """eq:lead people (name-shaped parts only), the wording kept; posts and bodies are wording only."""
        self.b.text(uri, EQ.wording, wording)
        for part in [p.strip() for p in re.split(r"\s*(?:/|;|&|\band\b|\n|,)\s*", wording) if p.strip()]:
            name = re.sub(r"\s*\([^)]*\)\s*$", "", part)
            if entities.looks_like_person_name(name):
                person = entities.resolve_person(name, self.ctx)
                self.b.add(uri, EQ.lead, person)
                entities.describe_unregistered(self.b, person, name, loc)
            else:
                self.report.note(f"{loc}: lead '{part}' names a post or body, not a person; kept as wording")

    def read(self) -> IngestResult:
        recs = self.recommendations()
        if not recs:
            raise InputError("no recommendations were found (looked for numbered recommendations, 'Recommendation N' "
                             "headings and tables with a Recommendation column): is this a response to recommendations?")
        self.layouts.append(recs[0].how)
        self.write(recs)
        for message in self.ctx.report:
            self.report.note(message)
        self.report.layout = "; ".join(dict.fromkeys(self.layouts))
        return self.b.result("response")


def _is_title(words: str) -> bool:
    """Whether the words after "Recommendation N" are a title (or a grade) rather than the recommendation itself.

    A title is short and is not a sentence; when no paragraph follows it, it
    stays the recommendation's text.
    """
    if not words or re.fullmatch(r"\([^()]*\)", words):
        return True
    return len(words.split()) <= 12 and not re.search(r"[.!?]$", words)


def _inline_labels(text: str) -> tuple[str, dict[str, str]]:
    """A text with labelled parts ("Increase X. Response: Accepted. Lead: Head of HR.") -> ("Increase X.", {...})."""
    names = "|".join(f"(?P<{role}>{labels})" for role, labels in LABELS.items() if role != "response")
    names = f"(?P<response>response|our response)|{names}"
    pattern = re.compile(rf"(?i)(?:^|(?<=[.;]\s)|(?<=\s[\-\u2013]\s))(?:{names})\s*:\s*")
    matches = list(pattern.finditer(text))
    if not matches:
        return text, {}
    fields: dict[str, str] = {}
    for k, match in enumerate(matches):
        role = next(r for r, v in match.groupdict().items() if v)
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        fields[role] = text[match.end(): end].strip(" ;\u2013-").rstrip(".").strip()
    return text[: matches[0].start()].strip(" \u2013-"), fields


# ---------------------------------------------------------------- reader interface


def fits(document: Document) -> Fit:
    """How much a document looks like a response: several recommendations with response, lead or status words."""
    blocks = structured(document)
    rows = sum(len(b.rows) - 1 for b in blocks if b.kind == "table" and len(b.rows) > 1
               and "recommendation" in header_index(b.rows[0].cells, COLUMNS))
    headings = sum(bool(_REC_HEADING.match(b.text)) for b in blocks if b.kind in ("heading", "paragraph"))
    section = any(b.kind == "heading" and _RECS_SECTION.search(b.text) for b in blocks)
    listed = sum(b.kind == "item" and b.ordered and b.level == 0 for b in blocks) if section else 0
    words = sum(bool(label_value(b.text, "|".join(LABELS.values()))) or bool(re.search(
        r"(?i)\b(?:response|lead|status|timescale)\s*:", b.text)) for b in blocks if b.kind != "table")
    table_words = any({"response", "lead", "status", "timeline"} & header_index(b.rows[0].cells, COLUMNS).keys()
                      for b in blocks if b.kind == "table" and b.rows and "recommendation" in
                      header_index(b.rows[0].cells, COLUMNS))
    units = max(rows, headings, listed)
    if units < 2 or not (words or table_words):
        return Fit(0)
    cues = [f"{units} recommendations", "response, lead or status"]
    return Fit(2 + (units >= 4) + bool(words and table_words), tuple(cues))


def read(document: Document, *, slug: str | None = None) -> IngestResult:
    """Read a response to recommendations of any layout from the document's blocks."""
    if not document.blocks:
        raise InputError("the response is empty")
    return ResponseReader(document, slug).read()
