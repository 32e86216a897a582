"""General minutes reader: any body's minutes, read from the document model's blocks.

Why a second reader: the seed minutes reader (eqkg.ingest.minutes) reads the
seed text layouts line by line; other bodies write minutes as Word documents,
PDFs, web pages or markdown with headings, lists and tables. This reader
works on `Document.blocks` only, and gives the same RDF terms as the seed
reader (eq:Meeting, eq:Participation, eq:AgendaItem, eq:ActionItem, agreements
as eq:Commitment), each with `Location.render()` as eq:sourceLocation.

What it reads (docs/ingest.md, "Minutes of other bodies"):

- the meeting's date and body from the title lines ("Minutes of the Equality
  Steering Group, 5 June 2023", "Date: ...", "Meeting: ...");
- the attendee block ("Present", "Attendees", "In attendance", a Name | Role
  table), which ends at the first agenda item, and apologies ("Apologies were
  received from A, B and C", "Apologies: A, B", an apologies table or column);
- agenda items: numbered headings, numbered list items or "Item N";
- actions: "ACTION:" lines (an owner and due before the text split off:
  "ACTION - Name - by date: text"), sentences marked "(action)" or "- ACTION"
  ("It was agreed that A and B would ..." owned by A and B), an "Actions"
  section, action columns of tables and action logs (No. | Action | Owner |
  Due | Status); owners written as initials are resolved against the
  attendees' initials (unique match only);
- agreements: "The group agreed ...", "It was agreed ...", "an agreement was
  made ...", "Agreed: ...", "RESOLVED that ...", "XX agreed to ...".

Honesty rules: a person is minted only from a wording shaped like a name
(`entities.looks_like_person_name`); anything else is reported as unplaced.
Guesses lower the report's confidence with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, TIME, XSD

from eqkg.documents.model import Block, Document, Location, Row
from eqkg.errors import InputError
from eqkg.ingest import entities
from eqkg.ingest.common import Builder, Fit, IngestResult, mint_ref
from eqkg.ingest.statuses import document_rag_key, read_status
from eqkg.ingest.tagging import tag_resource
from eqkg.ingest.timelines import add_timeline, normalise
from eqkg.namespaces import DOCTYPE, EQ, SCHEMA

__all__ = ["fits", "read", "structured"]

# ---------------------------------------------------------------- the block view (shared with response_reader)

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST = re.compile(r"^(?P<marker>[-*\u2022\u25aa\u25e6\u2023\u27a4\u2013]|\(?\d{1,2}[.)]|\d{1,2}(?:\.\d{1,2})+\.?"
                   r"|\(?[a-z][.)]|\([ivx]{1,4}\))\s+(?P<text>\S.*)$")
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*|_)(\S(?:.*?\S)?)\1(?![\w*])")
_SEPARATOR = re.compile(r"^:?-{2,}:?$")


def clean(text: str) -> str:
    """Wording without markdown emphasis, links or escapes, spaces collapsed."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = re.sub(r"\\([()\[\]*_#|.-])", r"\1", text)
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _cells(text: str) -> tuple[str, ...]:
    body = text.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    return tuple(clean(c) for c in body.split("|"))


def structured(document: Document) -> list[Block]:
    """The document's blocks, with the structure a plain-text source writes in characters recovered.

    A format module that reads text one paragraph per line leaves "## 2.
    Budget", "1. Welcome", "- Jane Smith" and "| a | b |" as paragraphs; here
    they become a heading, list items and one table (rows keep their own
    locations), and tab-separated lines become a table. Blocks that already
    have their kind pass through with their emphasis marks removed.
    """
    out: list[Block] = []
    pending: list[tuple[tuple[str, ...], Location]] = []
    separated = False
    tabbed = False
    last_line: int | None = None

    def flush() -> None:
        nonlocal pending, separated, tabbed
        if pending:
            rows = tuple(Row(cells, loc) for cells, loc in pending)
            out.append(Block("table", "", pending[0][1], rows=rows, header=separated or tabbed))
        pending, separated, tabbed = [], False, False

    for block in document.blocks:
        if block.kind != "paragraph":
            flush()
            if block.kind == "table":
                out.append(block)
            else:
                out.append(replace(block, text=clean(block.text)))
            continue
        raw = block.text.strip()
        gap = bool(pending) and None not in (last_line, block.location.line) and \
            block.location.line - last_line > 1  # type: ignore[operator]
        last_line = block.location.line
        if raw.startswith("|") and raw.count("|") >= 2:
            cells = _cells(raw)
            if gap or (pending and tabbed):
                flush()
            if all(_SEPARATOR.match(c) or not c for c in cells):
                if len(pending) > 1:  # a second header row: a new table starts
                    last = pending.pop()
                    flush()
                    pending.append(last)
                separated = True
                continue
            pending.append((cells, block.location))
            continue
        if "\t" in raw:
            if pending and (not tabbed or gap):
                flush()
            tabbed = True
            pending.append((tuple(clean(c) for c in raw.split("\t")), block.location))
            continue
        flush()
        heading = _MD_HEADING.match(raw)
        if heading:
            out.append(Block("heading", clean(heading.group(2)), block.location, level=len(heading.group(1))))
            continue
        item = _LIST.match(raw)
        if item:
            marker = item.group("marker")
            ordered = marker[0].isalnum() or marker[0] == "("
            out.append(Block("item", clean(item.group("text")), block.location, level=0, marker=marker,
                             ordered=ordered, strong=block.strong))
            continue
        out.append(replace(block, text=clean(raw)))
    flush()
    return [b for b in out if b.text or b.rows]


def label_value(text: str, labels: str) -> str | None:
    """The value after a label ("Lead: Jane Smith" -> "Jane Smith") when the text starts with one of the labels."""
    match = re.match(rf"(?i)^(?:{labels})\s*[:\-\u2013]\s*(.*)$", text.strip())
    return match.group(1).strip() if match else None


def header_index(header: tuple[str, ...], synonyms: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Column index of each role ("lead", "due", ...) whose synonyms name a header cell.

    An exact match beats a partial one ("Status" is the status column even
    when "Progress update" also starts with a status word), and a role's first
    synonym beats its others ("Recommendation" is the recommendation, not
    "Finding"); ties go to the earlier role, then the earlier column.
    """
    keys = [re.sub(r"\s+", " ", re.sub(r"[^a-z ]", " ", c.casefold())).strip() for c in header]
    candidates: list[tuple[int, int, int, str]] = []
    for r, (role, words) in enumerate(synonyms.items()):
        for i, key in enumerate(keys):
            if not key:
                continue
            if key in words:
                rank = 0 if key == words[0] else 1
            elif any(key.startswith(w + " ") for w in words if len(w) > 3):
                rank = 2
            else:
                continue
            candidates.append((rank, r, i, role))
    found: dict[str, int] = {}
    for _, _, i, role in sorted(candidates):
        if role not in found and i not in found.values():
            found[role] = i
    return found


# ---------------------------------------------------------------- dates and cues

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATE_DMY = re.compile(rf"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?(?: of)?\s+{_MONTH}\.?,?\s+(\d{{4}})\b")
_DATE_MDY = re.compile(rf"(?i)\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_DATE_NUM = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _month(word: str) -> int:
    word = word.casefold()
    return next(i for name, i in MONTHS.items() if name.startswith(word[:3]))


def find_date(text: str) -> tuple[date, str] | None:
    """The first date written in a text ("Thursday 17th March 2022", "5/6/2023", "2023-06-05"), with its wording."""
    for pattern, order in ((_DATE_DMY, "dmy"), (_DATE_MDY, "mdy"), (_DATE_ISO, "ymd"), (_DATE_NUM, "dmy-num")):
        match = pattern.search(text)
        if not match:
            continue
        try:
            if order == "dmy":
                when = date(int(match.group(3)), _month(match.group(2)), int(match.group(1)))
            elif order == "mdy":
                when = date(int(match.group(3)), _month(match.group(1)), int(match.group(2)))
            elif order == "ymd":
                when = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            else:
                when = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            continue
        return when, match.group(0)
    return None


_ATTENDEES = r"present|attendees|attendance|in attendance(?: for (?:items?|agenda items?) [\w ,&/-]{1,20}?)?|" \
             r"members present|those present|attending|also present|also in attendance|officers in attendance|members"
_APOLOGIES = r"apologies(?: for absence)?(?: received)?(?: from)?|apologies received"
_ATTENDEE_LABEL = re.compile(rf"(?i)^(?P<label>{_ATTENDEES})\s*(?:[:\-\u2013]\s*(?P<rest>.*))?$")
_APOLOGY_LABEL = re.compile(rf"(?i)^(?P<label>{_APOLOGIES})\s*(?:[:\-\u2013]\s*(?P<rest>.*))?$")
_APOLOGY_SENTENCE = re.compile(
    r"(?i)\bapologies(?: for absence)?(?: were| had been| have been)?(?: received| noted| given| tendered| sent)?"
    r"\s+(?:from|for|by)\s+(?P<names>[^.]+)")
_ITEM_WORD = re.compile(r"(?i)^(?:agenda\s+)?item\s+(?P<num>\d{1,2})\s*[:.)\-\u2013]?\s*(?P<title>.*)$")
_NUMBERED_TITLE = re.compile(r"^(?P<num>\d{1,2})(?:[.):]|\s*[\-\u2013])?\s+(?P<title>\S.*)$")
_SUB_NUMBERED = re.compile(r"^(?P<num>\d{1,2}\.\d{1,2})\.?\s+(?P<title>\S.*)$")
_ACTION_LINE = re.compile(
    r"(?:^|(?<=[.!?]\s))\W*(?:action(?: point)?s?)(?:\s+\d{1,3}(?:[./-]\d{1,4})?)?\s*(?:\((?P<paren>[^)]*)\))?"
    r"(?:\s+(?:by|for|on)\s+(?P<on>[^:]{2,40}?))?\s*[:\-\u2013]\s*(?P<text>\S.+)$", re.I)
_ACTION_SECTION = re.compile(r"(?i)^(?:summary of |schedule of |new |agreed )?actions?(?: points?| log| arising"
                             r"(?: from the meeting)?| list| tracker| summary| agreed)?\s*:?$")
_OTHER_SECTION = re.compile(r"(?i)^(?:minutes|notes|agenda|decisions?|date (?:and time )?of (?:the )?next meeting"
                            r".*|next meeting.*|close|any other business|aob)\s*:?$")
_CHAIR = re.compile(r"(?i)^(?:co-?chair|vice[- ]chair|chair(?:person|ing)?|in the chair)$")
_NOTE_TAKER = re.compile(r"(?i)^(?P<label>notes?(?: taken by)?|minutes?(?: taken by)?|minute[- ]taker|"
                         r"note[- ]taker|minuted by|clerk|secretariat)\s*[:\-\u2013]\s*(?P<rest>\S.*)$")
#: Header cells that name a group of people, so that each column of the table is a list of names.
_GROUPS = (r"(?:(?:elected |board |committee |panel |council |co-?opted |independent |lay |external |other )?"
           r"(?:members?|officers?|councillors?|advisers?|advisors?|staff|attendees|representatives|observers|"
           r"partners)(?: present| in attendance)?|(?:also )?in attendance|(?:also )?present|"
           r"apologies(?: for absence)?|absent)")
_GROUP_HEADER = re.compile(rf"(?i)^{_GROUPS}\s*:?$")
#: "Officers: A (role) and B (role)" before the first agenda item: a list of attendees under a group's name.
_GROUP_LABEL = re.compile(rf"(?i)^(?P<label>{_GROUPS})\s*:\s*(?P<rest>\S.*)$")
_SKIP_CELL = {"", "-", "\u2013", "none", "n/a", "na", "no action", "nil", "no actions", "noted", "tbc"}

ACTION_COLUMNS = {
    "number": ("no", "number", "ref", "reference", "action no", "item", "id"),
    "action": ("action", "actions", "action required", "agreed action", "agreed actions", "action point",
               "action points", "description", "task", "action agreed", "actions agreed", "actions arising"),
    "owner": ("owner", "lead", "responsible", "person responsible", "by whom", "who", "action by", "assigned to",
              "lead officer", "responsibility", "action owner", "lead person", "responsible officer"),
    "due": ("due", "due date", "by when", "deadline", "target date", "date due", "timescale", "when", "by",
            "completion date", "target"),
    "status": ("status", "progress", "update", "rag", "rag status", "progress update", "comments"),
}
ITEM_COLUMNS = {
    "item": ("item", "agenda item", "no", "number", "ref"),
    "title": ("title", "topic", "subject", "agenda item", "heading"),
    "action": ACTION_COLUMNS["action"],
    "owner": ACTION_COLUMNS["owner"],
    "due": ACTION_COLUMNS["due"],
}
PEOPLE_COLUMNS = {
    "name": ("name", "names", "attendee", "attendees", "member", "members", "present", "who", "person",
             "in attendance"),
    "apologies": ("apologies", "apologies received", "apologies for absence", "absent"),
    "role": ("role", "title", "position", "job title", "post", "representing", "organisation", "organization",
             "on behalf of", "service", "department", "body"),
}

_OWNER_AT_START = re.compile(r"^(?P<owner>(?:[A-Z]{2,4}|[A-Z][^\W\d_]+(?: [A-Z][\w'-]+){1,2}|(?:the )?chair|all)"
                             r"(?:\s*(?:/|,|&|and)\s*(?:[A-Z]{2,4}|[A-Z][^\W\d_]+(?: [A-Z][\w'-]+){1,2}))*)"
                             r"\s+(?:to|will)\s+(?P<what>\S.*)$", re.I)
#: "Estates to ...", "Head of HR will ...": a team or post as the action's subject (checked with team_or_post).
_TEAM_AT_START = re.compile(r"^(?P<owner>[^\s,;:]\S*(?: \S+){0,6}?)\s+(?:to|will)\s+(?!be\b)(?P<what>\S.*)$")
_OWNER_AT_END = re.compile(r"^(?P<what>.*\S)\s*(?:\((?P<paren>[^)]+)\)|[\-\u2013]\s*(?P<dash>[A-Z][\w' ./&-]{1,40}))\s*\.?$")
_OWNER_LABEL = re.compile(r"(?i)\b(?:owner|lead|responsible|by whom|assigned to)\s*:\s*(?P<owner>[^;.]+)")
_DUE = re.compile(rf"(?i)\b(?:by|before|due(?: date)?:?|deadline:?)\s+(?P<due>(?:the )?(?:end of |early |mid[- ]|late )?"
                  rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}(?:\s+\d{{4}})?|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|"
                  rf"(?:the )?next meeting|q[1-4](?:\s+\d{{4}}(?:/\d{{2}})?)?)")

#: An action flag in brackets at the end of a paragraph: "... with the unions in April. (Action: KL)".
_TRAILING_FLAG = re.compile(r"(?i)^(?P<before>.*?)\s*[(\[]\s*actions?(?:\s+(?:by|for|owner))?\s*[:\-\u2013]?\s*"
                            r"(?P<owner>[^()\[\]]{1,60}?)\s*[)\]]\s*\.?$")
_OWNER_WORDS = re.compile(r"(?i)^(?:(?:the )?chair(?:person)?|all(?: members)?|everyone|officers|the clerk|clerk|"
                          r"secretariat)$")
_DUE_PART = re.compile(rf"(?i)^(?:(?:by|before|due(?: by)?|deadline|target(?: date)?|for)\s*:?\s+)?"
                       rf"(?P<due>(?:the )?(?:end of |early |mid[- ]|late )?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}"
                       rf"(?:\s+\d{{4}})?|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|(?:the )?next meeting|"
                       rf"q[1-4](?:\s+\d{{4}}(?:/\d{{2}})?)?|ongoing)\.?$")
_GROUP_WORDS = r"group|committee|board|panel|forum|meeting|members|network|partnership|sub-?group|council|cabinet|" \
               r"task ?force|steering group|everyone|all"
_AGREED = re.compile(
    rf"(?i)^(?P<subject>(?:the )?(?:[A-Z][\w-]* ){{0,3}}(?:{_GROUP_WORDS}))\s+(?:(?:unanimously|formally|then|also) )?"
    r"agreed\b(?! with)(?P<rest>.*)$")
_AGREED_PASSIVE = re.compile(
    r"(?i)(?P<phrase>\bit was (?:(?:unanimously|formally|also|further) )?agreed\b|\ban agreement was (?:made|reached)\b|"
    r"^(?:it was )?resolved\b|^agreed\s*[:\-\u2013]|^agreed (?:that|to)\b|^decision\s*[:\-\u2013])")
_PERSON_AGREED = re.compile(r"^(?P<who>[A-Z]{2,4}|(?:Dr |Cllr |Prof )?[A-Z][^\W\d_]+ [A-Z][\w'-]+) agreed to\b")
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'\u201c])")
#: A sentence marked as an action after it, with no owner in the mark: "... (action).", "... [Action]", "... - ACTION".
_MARKED_SENTENCE = re.compile(r"^(?P<before>.*?\S)\s*(?:[(\[]\s*action\s*[)\]]|[\-\u2013\u2014]\s*(?:ACTION|Action))\s*\.?$")
#: "It was agreed that A and B would ...", "The group agreed that HR will ...": the subject owns the action.
_AGREED_THAT = re.compile(r"(?i)^(?:it was (?:(?:unanimously|formally|also|further) )?agreed|(?:the )?(?:\w+ ){0,3}?"
                          r"agreed|agreed)\s+that\s+(?P<owner>\S.*?)\s+(?:would|will|should|were to|was to|are to|"
                          r"is to)\s+(?!be\b)(?P<what>\S.*)$")
#: Separators between an owner and a due date written before the action ("Name - by date:", "(Name, date)").
_HEAD_SEPARATOR = re.compile(r"\s*[,;]\s*|\s+[\-\u2013\u2014]\s+|\s*[\u2013\u2014]\s*")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.split(text.strip()) if s.strip()]


# ---------------------------------------------------------------- what was read


@dataclass
class Entry:
    """One person as listed (attendee or apology)."""

    name: str
    written: str
    role: str | None
    location: Location
    initials: str | None = None
    chair: str | None = None
    group: str | None = None
    uri: URIRef | None = None
    source: str = ""


@dataclass
class AgendaItem:
    number: str
    title: str
    location: Location
    source: str
    index: int  # position of its block
    subs: list[AgendaItem] = field(default_factory=list)


@dataclass
class Action:
    text: str
    location: Location
    source: str
    owner: str | None = None
    due: str | None = None
    status: str | None = None
    number: str | None = None
    how: str = ""


def _initials_of(name: str) -> set[str]:
    """The initials a name may be written as: "Jane A. Smith" -> {"JAS", "JS"}; "Hannah Jenkins-Jones" -> {"HJJ"}."""
    _, bare, _ = entities.split_name(name)
    words = [w for w in re.split(r"[\s]+", bare) if w]
    if words and words[0].rstrip(".").casefold() in {"dr", "cllr", "prof", "mr", "mrs", "ms", "miss", "mx", "sir"}:
        words = words[1:]
    letters = ["".join(p[0] for p in w.split("-") if p) for w in words if w[:1].isupper()]
    found = {"".join(letters).upper()}
    if len(letters) > 2:
        found.add((letters[0] + letters[-1]).upper())
    return {f for f in found if 2 <= len(f) <= 4}


class MinutesReader:
    """One reading of one document."""

    def __init__(self, document: Document, slug: str | None) -> None:
        self.document = document
        self.blocks = structured(document)
        self.rag_key = document_rag_key(self.blocks)  # "Green = on track" where the minutes give a key
        self.items = self._agenda()
        self.first_item = self.items[0].index if self.items else len(self.blocks)
        self.title_text, self.date, self.date_wording, self.title_loc, self.place = self._title()
        self.body_wording, self.body = self._body()
        self.slug = slug or self._slug()
        self.doc = mint_ref("minutes", self.slug)
        self.meeting = mint_ref("meeting", self.slug)
        self.b = Builder(self.doc, EQ.Minutes, document.source_name, self.slug)
        self.report = self.b.report
        self.ctx = entities.Context(self.doc)
        self.attendees: list[Entry] = []
        self.apologies: list[Entry] = []
        self.layouts: list[str] = []
        self.initials: dict[str, set[URIRef]] = {}

    # ------------------------------------------------------------ title

    def _title(self) -> tuple[str | None, date | None, str | None, Location | None, str | None]:
        """Title text, date (and its wording), title location and place, from the blocks before the first section."""
        limit = min(self.first_item, 12, len(self.blocks))
        for i, block in enumerate(self.blocks[:limit]):
            if _ATTENDEE_LABEL.match(block.text) or _APOLOGY_LABEL.match(block.text):
                limit = i
                break
        title = when = wording = place = None
        loc = None
        for block in self.blocks[:limit]:
            if block.kind == "table":
                continue
            text = block.text
            venue = label_value(text, "venue|location|place|held at|where")
            if venue is not None:
                place = venue
                continue
            found = find_date(text)
            if found and when is None:
                when, wording = found
                loc = loc or block.location
            if label_value(text, "date|time|date and time") is not None:
                continue
            if title is None and re.search(r"[A-Za-z]{3}", text):
                title, loc = text, block.location
        if when is None:
            for block in self.blocks[: min(self.first_item, 15)]:
                found = find_date(block.text) if block.kind != "table" else None
                if found:
                    when, wording = found
                    break
        return title, when, wording, loc, place

    def _body(self) -> tuple[str | None, URIRef | None]:
        """The body whose meeting this is, from a "Meeting:" line or the title."""
        wording = None
        for block in self.blocks[: min(self.first_item, 12)]:
            value = label_value(block.text, "meeting|committee|group|board|forum|body|meeting of")
            if value:
                wording = value
                break
        if wording is None and self.title_text:
            wording = self.title_text
        if not wording:
            return None, None
        name = wording
        if self.date_wording:
            name = name.replace(self.date_wording, " ")
        name = re.sub(r"(?i)^(?:draft |confirmed |approved |unconfirmed )?(?:minutes|notes)(?: of| from)?(?: the)?"
                      r"(?: (?:meeting|meetings) of(?: the)?)?\s*", "", name.strip())
        name = re.sub(r"(?i)\b(?:(?:draft|confirmed|approved) )?(?:meeting )?(?:minutes|notes)\b", " ", name)
        name = re.sub(r"(?i)\b(?:held|which took place)\b.*$|\b(?:meeting|on|at)\s*$", " ", name)
        name = re.sub(r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b\d{1,2}[:.]\d{2}\s*(?:am|pm)?", " ", name)
        name = re.sub(r"\s+", " ", name).strip(" ,:;-\u2013\u2014|")
        name = re.sub(r"(?i)\s+(?:meeting|on|of|held)$", "", name).strip(" ,:;-\u2013")
        if not name or not re.search(r"[A-Za-z]{3}", name):
            return None, None
        bare = re.sub(r"\s*\([^)]*\)\s*$", "", name)
        found = entities.find_organisation(bare)
        return name, found or entities.resolve_organisation(bare)

    def _slug(self) -> str:
        acronym = "meeting"
        if self.body_wording:
            paren = re.search(r"\(([A-Z]{2,8})\)", self.body_wording)
            bare = re.sub(r"\s*\([^)]*\)", "", self.body_wording)
            stop = {"for", "of", "and", "the", "in", "on", "&"}
            acronym = paren.group(1).lower() if paren else "".join(
                w[0] for w in bare.lower().split() if w not in stop and w[0].isalnum()) or "meeting"
        return f"{acronym}-{self.date.isoformat()}" if self.date else f"{acronym}-undated"

    # ------------------------------------------------------------ agenda

    def _agenda(self) -> list[AgendaItem]:
        """Agenda items: numbered headings (or "Item N"), else numbered title-like list items, numbered in sequence."""
        headings: list[tuple[int, str, str, Block]] = []
        items: list[tuple[int, str, str, Block]] = []
        for i, block in enumerate(self.blocks):
            if block.kind == "table":
                continue
            text = block.text
            if _ACTION_LINE.match(text):
                continue
            word = _ITEM_WORD.match(text)
            if word and (block.kind in ("heading", "paragraph") or block.strong):
                headings.append((i, word.group("num"), word.group("title") or f"Item {word.group('num')}", block))
                continue
            if block.kind == "heading" or (block.kind == "paragraph" and block.strong):
                m = _NUMBERED_TITLE.match(text)
                if m and _title_like(m.group("title")):
                    headings.append((i, m.group("num"), m.group("title"), block))
                continue
            number = re.fullmatch(r"\(?(\d{1,2})[.)]", block.marker)
            if block.kind == "item" and block.ordered and block.level == 0 and number and _title_like(text):
                items.append((i, number.group(1), text, block))
        for i, block in enumerate(self.blocks):
            if block.kind != "table" or len(block.rows) < 2:
                continue
            cols = header_index(block.rows[0].cells, ITEM_COLUMNS)
            if "item" not in cols or not ({"action", "title"} & cols.keys() or len(block.rows[0].cells) > 1):
                continue
            for row in block.rows[1:]:
                cell = row.cells[cols["item"]] if cols["item"] < len(row.cells) else ""
                title = row.cells[cols["title"]] if "title" in cols and cols["title"] < len(row.cells) else ""
                m = _NUMBERED_TITLE.match(cell) or re.fullmatch(r"(?P<num>\d{1,2})\.?(?P<title>)", cell)
                if m and (m.group("title") or title):
                    carrier = Block("paragraph", " | ".join(row.cells), row.location)
                    headings.append((i, m.group("num"), m.group("title") or title, carrier))
        chosen = self._sequence(headings) if len(self._sequence(headings)) >= 2 else self._sequence(items)
        agenda = [AgendaItem(num, title, block.location, block.text, i) for i, num, title, block in chosen]
        if agenda:
            subs = [(i, m) for i, b in enumerate(self.blocks)
                    if b.kind != "table" and (m := _SUB_NUMBERED.match(b.text if b.kind != "item" else f"{b.marker} {b.text}"))
                    and (b.kind == "heading" or b.strong or b.kind == "item") and _title_like(m.group("title"))]
            for i, m in subs:
                parent = next((a for a in reversed(agenda) if a.index < i), None)
                if parent is not None and m.group("num").split(".")[0] == parent.number:
                    parent.subs.append(AgendaItem(m.group("num"), m.group("title"), self.blocks[i].location,
                                                  self.blocks[i].text, i))
        return agenda

    @staticmethod
    def _sequence(candidates: list[tuple[int, str, str, Block]]) -> list[tuple[int, str, str, Block]]:
        """The candidates numbered 1, 2, 3 ... in order (a list restarting at 1 inside an item is not the agenda)."""
        chosen: list[tuple[int, str, str, Block]] = []
        for candidate in candidates:
            if int(candidate[1]) == len(chosen) + 1:
                chosen.append(candidate)
            elif chosen and int(candidate[1]) == 1 and len(chosen) == 1:
                chosen = [candidate]
        return chosen

    def _item_at(self, index: int) -> AgendaItem | None:
        current = None
        for item in self.items:
            if item.index <= index:
                current = item
        return current

    # ------------------------------------------------------------ people

    def _people(self) -> None:
        """Attendee and apology blocks, tables and apology sentences, in document order."""
        i = 0
        limit = len(self.blocks)
        while i < limit:
            block = self.blocks[i]
            if block.kind == "table":
                if i < self.first_item:
                    self._people_table(block, None)
                i += 1
                continue
            taker = _NOTE_TAKER.match(block.text) if i < self.first_item and block.kind != "heading" else None
            if taker and all(_has_name(p) for p in _split_names(taker.group("rest"))):
                self.layouts.append(f"note-taker after '{taker.group('label')}:'")
                for part in _split_names(taker.group("rest")):
                    self._entry(part, block, "attendee", group=None, source=block.text, role=taker.group("label"))
                i += 1
                continue
            attendee = _ATTENDEE_LABEL.match(block.text) if i < self.first_item or block.kind == "heading" else None
            grouped = _GROUP_LABEL.match(block.text) if i < self.first_item and block.kind != "heading" else None
            if grouped and not attendee and not _APOLOGY_LABEL.match(block.text) and \
                    _has_name(_split_names(grouped.group("rest"))[0]):
                self.layouts.append(f"attendee list after '{grouped.group('label')}:'")
                for part in _split_names(grouped.group("rest")):
                    self._entry(part, block, "attendee", group=grouped.group("label"), source=block.text)
                i += 1
                continue
            apology = _APOLOGY_LABEL.match(block.text)
            if attendee and (attendee.group("label").casefold() != "members" or block.kind == "heading"):
                i = self._list_block(i, attendee, "attendee")
                continue
            if apology:
                i = self._list_block(i, apology, "apology")
                continue
            for sentence in _sentences(block.text) if block.kind != "heading" else []:
                found = _APOLOGY_SENTENCE.search(sentence)
                if found and not _APOLOGY_LABEL.match(sentence):
                    self.layouts.append("apologies in a sentence")
                    for part in _split_names(found.group("names")):
                        self._entry(part, block, "apology", group=None, source=sentence)
            i += 1

    def _list_block(self, i: int, label: re.Match[str], kind: str) -> int:
        """Names after an attendee or apology label: inline, or the blocks after it up to the next section."""
        block = self.blocks[i]
        group = label.group("label")
        rest = (label.group("rest") or "").strip()
        if rest:
            rest, j = self._wrapped(rest, i)
            self.layouts.append(f"{kind} list after '{group}:'")
            for part in _split_names(rest):
                self._entry(part, block, kind, group=group, source=block.text)
            return j
        self.layouts.append(f"{kind} block under '{group}'")
        j = i + 1
        while j < len(self.blocks):
            nxt = self.blocks[j]
            if j >= self.first_item or (j in {it.index for it in self.items}):
                break
            text = nxt.text
            if nxt.kind == "heading" and not _is_group_heading(text):
                break
            if _ATTENDEE_LABEL.match(text) or _APOLOGY_LABEL.match(text) or _ACTION_SECTION.match(text) \
                    or _OTHER_SECTION.match(text) or _APOLOGY_SENTENCE.search(text):
                break
            if nxt.kind == "table":
                self._people_table(nxt, kind)
                j += 1
                continue
            if nxt.kind == "paragraph" and len(text.split()) > 14 and text.endswith("."):
                break
            if nxt.kind == "heading" or (nxt.kind == "paragraph" and _is_group_heading(text) and not _has_name(text)):
                group = text.rstrip(":")
                j += 1
                continue
            text, after = self._wrapped(text, j)
            parts = _split_names(text) if (";" in text or _several_names(text)) else [text]
            for part in parts:
                self._entry(part, nxt, kind, group=None if group == label.group("label") else group, source=text)
            j = after
        return j

    def _wrapped(self, text: str, i: int) -> tuple[str, int]:
        """A list of names hard-wrapped over several lines, joined again; and the index of the block after it.

        Why: plain-text minutes wrap a long "Present:" list at a fixed width, so one
        entry runs over a line break ("Jo Bloggs (Equality and Diversity" / "Officer); ...").
        A line continues on the next one while a bracket is left open, or while a
        ";"-separated list does not end with a separator and the next line starts
        without a label of its own; only lines that follow directly (no blank line).
        """
        j = i + 1
        while j < len(self.blocks) and j < self.first_item:
            nxt, here = self.blocks[j], self.blocks[j - 1]
            if nxt.kind != "paragraph" or here.kind not in ("paragraph", "heading", "item"):
                break
            lines = (here.location.line, nxt.location.line)
            if None in lines or lines[1] - lines[0] != 1:  # type: ignore[operator]
                break
            more = nxt.text.strip()
            if _ATTENDEE_LABEL.match(more) or _APOLOGY_LABEL.match(more) or _GROUP_LABEL.match(more) or \
                    _NOTE_TAKER.match(more) or _APOLOGY_SENTENCE.search(more) or _ITEM_WORD.match(more):
                break
            open_bracket = text.count("(") > text.count(")")
            open_list = ";" in text and not text.rstrip().endswith((";", ".")) and ":" not in more
            if not (open_bracket or open_list):
                break
            text = f"{text} {more}"
            j += 1
        return text, j

    def _people_table(self, block: Block, kind: str | None) -> None:
        """A table of people: Name | Role, a Present | Apologies table, or rows under an attendee heading."""
        rows = list(block.rows)
        if not rows:
            return
        header = rows[0].cells
        if len(rows) > 1 and all(_GROUP_HEADER.match(c.strip()) for c in header):
            self._group_table(block)
            return
        cols = header_index(header, PEOPLE_COLUMNS)
        if "name" in cols or "apologies" in cols:
            body = rows[1:]
        elif kind is not None:
            cols = {"name": 0, **({"role": 1} if len(rows[0].cells) > 1 else {})}
            body = rows if entities.looks_like_person_name(_strip_markers(rows[0].cells[0])[0]) else rows[1:]
        else:
            return
        self.layouts.append(f"{'people' if kind is None else kind} table")
        for row in body:
            carrier = Block("paragraph", " | ".join(row.cells), row.location)
            role_cells = [c for k, c in enumerate(row.cells) if k not in (cols.get("name"), cols.get("apologies"))
                          and c.strip()]
            role = ", ".join(role_cells) or None
            if "name" in cols and cols["name"] < len(row.cells) and row.cells[cols["name"]].strip():
                column_kind = kind or ("apology" if "apologies" not in cols and rows[0].cells[cols["name"]].casefold()
                                       .startswith("absent") else "attendee")
                self._entry(row.cells[cols["name"]], carrier, column_kind, group=None, source=carrier.text,
                            role=role if "apologies" not in cols else None)
            if "apologies" in cols and cols["apologies"] < len(row.cells) and row.cells[cols["apologies"]].strip():
                self._entry(row.cells[cols["apologies"]], carrier, "apology", group=None, source=carrier.text)

    def _group_table(self, block: Block) -> None:
        """A table whose header cells each name a group of people ("Members | Officers"): every column is a list."""
        header = block.rows[0].cells
        self.layouts.append(f"people table of groups ({' | '.join(header)})")
        for k, group in enumerate(header):
            kind = "apology" if re.match(r"(?i)^(?:apologies|absent)", group.strip()) else "attendee"
            for row in block.rows[1:]:
                cell = row.cells[k].strip() if k < len(row.cells) else ""
                if cell.casefold() in _SKIP_CELL:
                    continue
                carrier = Block("paragraph", cell, row.location)
                for part in _split_names(cell) if ";" in cell or _several_names(cell) else [cell]:
                    self._entry(part, carrier, kind, group=group.strip(), source=" | ".join(row.cells))

    def _entry(self, written: str, block: Block, kind: str, *, group: str | None, source: str,
               role: str | None = None) -> None:
        """One listed person: the name part must look like a name, else it is reported and not minted."""
        written = written.strip().rstrip(".;,")
        if not written:
            return
        name, extra_role, initials, chair = _parse_entry(written)
        entries = self.attendees if kind == "attendee" else self.apologies
        if not entities.looks_like_person_name(name):
            previous = entries[-1] if entries else None
            if previous is not None and previous.location == block.location and written[:1].isupper():
                previous.role = ", ".join(x for x in (previous.role, written) if x)
                previous.initials = previous.initials or initials
                return
            self.report.note(f"{kind}: '{written}' ({block.location.render()}) is not a person's name; not read as one")
            self.report.unsure(f"some {kind} lines were not names and were left out")
            return
        if role and not chair:
            marker = re.match(r"(?i)^(co-?chair|vice[- ]chair|chair(?:person)?)\b[\s,]*", role)
            chair = marker.group(1) if marker else None
        entry = Entry(name, written, ", ".join(x for x in (extra_role, role) if x) or None, block.location,
                      initials, chair, group)
        entry.source = source
        entries.append(entry)

    def _write_people(self) -> None:
        for kind, entries in (("attendee", self.attendees), ("apology", self.apologies)):
            for n, entry in enumerate(entries, 1):
                who = entities.resolve_person(entry.name, self.ctx)
                entry.uri = who
                entities.describe_unregistered(self.b, who, entry.name, entry.location.render())
                if entry.initials:
                    self.ctx.define_initials(entry.initials, who)
                    self.initials.setdefault(entry.initials, set()).add(who)
                for initials in _initials_of(entry.name):
                    self.initials.setdefault(initials, set()).add(who)
                self._participation(entry, kind, n, who)

    def _participation(self, entry: Entry, kind: str, n: int, who: URIRef) -> None:
        b = self.b
        loc = entry.location.render()
        part = b.resource(mint_ref("meeting", self.slug, "attendance" if kind == "attendee" else "apology", str(n)),
                          EQ.Participation, loc)
        b.add(self.meeting, EQ.participation, part)
        b.add(self.meeting, EQ.attendee if kind == "attendee" else EQ.apology, who)
        b.add(part, EQ.person, who)
        b.text(part, SCHEMA.roleName, kind)
        b.text(part, EQ.wording, entry.written)
        title, _, _ = entities.split_name(entry.name)
        b.text(part, EQ.roleWording, entry.role or title)
        if entry.group:
            b.text(part, EQ.note, f"Listed under '{entry.group}'.")
        org = None
        for wording in (entry.role, entry.group):
            if wording and org is None:
                org = entities.find_organisation(wording, self.ctx)
        if org is None:
            known = entities.affiliations(who, self.doc)
            org = known[0] if len(known) == 1 else None
        if org is not None:
            b.add(part, EQ.organisation, org)
        else:
            b.text(part, EQ.ambiguity, "The minutes do not state which organisation this person represented.")
        if entry.chair and kind == "attendee" and not re.match(r"(?i)vice", entry.chair):
            b.add(self.meeting, EQ.chair, who)
        self.report.item(kind, entry.name, loc, source=entry.source, uri=str(who),
                         **{k: v for k, v in (("role", entry.role), ("initials", entry.initials),
                                              ("chair", entry.chair)) if v})

    # ------------------------------------------------------------ owners

    def _owners(self, wording: str) -> tuple[list[URIRef], list[str]]:
        """People an owner wording names, and the parts that name nobody for certain (kept as written)."""
        people: list[URIRef] = []
        unresolved: list[str] = []
        if team_or_post(wording) and not re.search(r"[/,;&\n]", wording) and not re.fullmatch(r"[A-Z]{2,4}", wording):
            return people, [wording.strip(" .")]  # "Head of Policy and Performance": one post, not two owners
        for part in [p.strip(" .") for p in re.split(r"\s*(?:/|,|;|&|\band\b|\n)\s*", wording) if p.strip(" .")]:
            if re.fullmatch(r"[A-Z]{2,4}", part):
                found = self.initials.get(part, set())
                if len(found) == 1:
                    people.append(next(iter(found)))
                else:
                    unresolved.append(part)
                    why = "match several attendees" if found else "match no attendee"
                    self.report.note(f"owner initials '{part}' {why}; kept as written")
                    self.report.unsure(f"owner initials '{part}' could not be matched to one attendee")
                continue
            if re.fullmatch(r"(?i)(?:the )?chair(?:person)?", part):
                chairs = list(self.b.graph.objects(self.meeting, EQ.chair))
                if len(chairs) == 1:
                    people.append(chairs[0])  # type: ignore[arg-type]
                    continue
            if _TITLED_SURNAME.fullmatch(part) and not entities.looks_like_person_name(part):
                surname = entities.normalise(part.split(" ")[-1])
                listed = {e.uri for e in self.attendees + self.apologies if e.uri is not None and
                          entities.normalise(entities.split_name(e.name)[1].split(" ")[-1]) == surname}
                if len(listed) == 1:
                    people.append(next(iter(listed)))
                else:
                    unresolved.append(part)
                    self.report.note(f"owner '{part}' names {'several attendees' if listed else 'no attendee'}; "
                                     "kept as written")
                continue
            if entities.looks_like_person_name(part):
                key = entities.normalise(entities.split_name(part)[1])
                listed = [e.uri for e in self.attendees + self.apologies
                          if e.uri is not None and entities.normalise(entities.split_name(e.name)[1]) == key]
                who = listed[0] if listed else entities.resolve_person(part, self.ctx)
                if not listed:
                    entities.describe_unregistered(self.b, who, part, "owner")
                people.append(who)
                continue
            unresolved.append(part)
        return people, unresolved

    # ------------------------------------------------------------ actions

    def _actions(self) -> list[Action]:
        actions: list[Action] = []
        section = False
        last_text: Block | None = None  # the text a following "ACTION: KL" flag line belongs to
        for block in self.blocks:
            if block.kind == "table":
                actions += self._table_actions(block)
                last_text = None
                continue
            text = block.text
            if block.kind == "heading" or (block.kind == "paragraph" and block.strong):
                last_text = None
                section = bool(_ACTION_SECTION.match(text))
                if section:
                    self.layouts.append(f"actions listed under '{text}'")
                continue
            if block.kind == "paragraph" and _ACTION_SECTION.match(text):
                section = True
                self.layouts.append(f"actions listed under '{text}'")
                continue
            flag = _TRAILING_FLAG.match(text)
            marked = [m for m in map(_MARKED_SENTENCE.match, _sentences(text)) if m] if not flag else []
            if marked and block.kind in ("paragraph", "item"):
                for m in marked:  # "It was agreed that A would ... (action)."
                    sentence = _sentences(m.group("before"))[-1]
                    actions.append(self._action_from_text(sentence, block, None, "sentence marked as an action"))
                last_text = None
                continue
            line = None if flag else _ACTION_LINE.search(text)
            bare = flag.group("owner") if flag else line.group("text").strip(" .") if line else None
            if flag and flag.group("before").strip():
                sentence = _last_action_sentence(flag.group("before"))
                actions.append(self._action_from_text(sentence, block, flag.group("owner").strip(), "bracketed flag"))
                last_text = None
                continue
            if bare is not None and _owner_only(bare) and not (line and (line.group("paren") or line.group("on"))):
                before = text[: line.start()].strip() if line else ""
                if before and len(before.split()) >= 3:  # "... on each site. ACTION: Estates" in one paragraph
                    sentence = _last_action_sentence(before)
                    actions.append(self._action_from_text(sentence, block, bare, "flag after its action"))
                    last_text = None
                elif last_text is not None:
                    sentence = _last_action_sentence(last_text.text)
                    action = self._action_from_text(sentence, last_text, bare, "flag line after its action")
                    action.source = f"{last_text.text} / {text}"
                    actions.append(action)
                    last_text = None
                else:
                    self.report.note(f"action flag '{text}' ({block.location.render()}) follows no text; not read")
                continue
            if line:
                owner = line.group("paren") or line.group("on")
                actions.append(self._action_from_text(line.group("text"), block, owner, "action line"))
                last_text = None
                continue
            if section and block.kind in ("item", "paragraph"):
                if block.kind == "paragraph" and (_OTHER_SECTION.match(text) or len(text.split()) > 40):
                    section = False
                    continue
                actions.append(self._action_from_text(text, block, None, "actions section"))
                last_text = None
                continue
            last_text = block if block.kind in ("paragraph", "item") else None
        return _dedupe(actions, self.report)

    def _known_owner(self, wording: str) -> bool:
        """Whether every part of an owner wording is an attendee or apology (by name, initials or titled
        surname), the chair, or a team, function or post; read without minting anyone.

        Why: a capitalised phrase before a colon ("Pride Month: order flags") is shaped like a name;
        only the meeting's own people (or a team) make it an owner there.
        """
        if not wording.strip():
            return False
        if team_or_post(wording, strict=True):
            return True
        listed = self.attendees + self.apologies
        for part in [p.strip(" .") for p in re.split(r"\s*(?:/|,|;|&|\band\b)\s*", wording) if p.strip(" .")]:
            if re.fullmatch(r"[A-Z]{2,4}", part):
                ok = sum(1 for e in listed if part == e.initials or part in _initials_of(e.name)) == 1
            elif _OWNER_WORDS.fullmatch(part) or team_or_post(part, strict=True):
                ok = True
            elif _TITLED_SURNAME.fullmatch(part) or entities.looks_like_person_name(part):
                surname = entities.normalise(entities.split_name(part)[1].split(" ")[-1])
                ok = any(entities.normalise(entities.split_name(e.name)[1].split(" ")[-1]) == surname
                         for e in listed)
            else:
                ok = False
            if not ok:
                return False
        return True

    def _action_from_text(self, text: str, block: Block, owner: str | None, how: str) -> Action:
        text = text.strip()
        due_part = None
        if owner is not None and (written := _owner_and_due(_HEAD_SEPARATOR.split(owner))) and written[1]:
            owner, due_part = written[0], written[1]  # "Action (Name, date): ..."
        if owner is None and (head := _split_head(text)) and (head[2] or self._known_owner(head[1] or "")):
            text, owner, due_part = head[0], head[1], due_part or head[2]  # a head with no date: a listed owner only
        if (agreed := _agreed_that(text)) and self._known_owner(agreed[1]):
            text, owner = agreed[0].rstrip(" ."), owner or agreed[1]
        wording = text
        parts = [p.strip() for p in re.split(r"\s+[\-\u2013\u2014]\s+", text)]
        if len(parts) >= 2 and len(parts[0].split()) >= 3:
            tail = parts[1:]
            dues = [p for p in tail if _DUE_PART.match(p)]
            owners = [p for p in tail if p not in dues and _owner_only(p, strict=True)]
            if len(dues) + len(owners) == len(tail) and len(owners) <= 1 and len(dues) <= 1 and (owner is None or
                                                                                               not owners):
                wording = text = parts[0].rstrip(" ,;")
                owner = owners[0] if owners else owner
                due_part = _DUE_PART.match(dues[0]).group("due") if dues else None  # type: ignore[union-attr]
        if owner is None:
            label = _OWNER_LABEL.search(text)
            start = _OWNER_AT_START.match(text)
            end = _OWNER_AT_END.match(text)
            if label:
                owner = label.group("owner").strip()
                wording = text[: label.start()].strip(" ;,.-\u2013") or text
            elif start:
                owner = start.group("owner")
            elif (subject := _TEAM_AT_START.match(text)) and team_or_post(subject.group("owner")):
                owner = subject.group("owner")
            elif end and (end.group("paren") or end.group("dash")):
                candidate = (end.group("paren") or end.group("dash")).strip()
                if re.fullmatch(r"[A-Z]{2,4}(?:\s*(?:/|,|&|and)\s*[A-Z]{2,4})*", candidate) or \
                        entities.looks_like_person_name(candidate) or re.fullmatch(r"(?i)all|chair|the chair", candidate) \
                        or team_or_post(candidate, strict=True):
                    owner = candidate
                    wording = end.group("what").rstrip(" ,;-\u2013")
        due = _DUE.search(text)
        return Action(wording, block.location, block.text, owner, due_part or (due.group("due") if due else None),
                      how=how)

    def _table_actions(self, block: Block) -> list[Action]:
        rows = list(block.rows)
        if len(rows) < 2:
            return []
        header = rows[0].cells
        cols = header_index(header, ACTION_COLUMNS)
        if "action" not in cols:
            return []
        kind = "action log" if ("owner" in cols or "due" in cols or "status" in cols) else "action column"
        self.layouts.append(f"{kind} table ({' | '.join(header)})")
        found = []
        for row in rows[1:]:
            cells = row.cells
            cell = cells[cols["action"]] if cols["action"] < len(cells) else ""
            if cell.strip().casefold() in _SKIP_CELL:
                continue

            def at(role: str, cells: tuple[str, ...] = cells) -> str | None:
                k = cols.get(role)
                value = cells[k].strip() if k is not None and k < len(cells) else ""
                return value or None

            source = " | ".join(cells)
            carrier = Block("paragraph", source, row.location)
            owner = at("owner")
            for piece in [p for p in re.split(r"\s*;\s*|\n", cell) if p.strip()]:
                action = self._action_from_text(piece, carrier, owner, kind)
                action.due = at("due") or action.due
                action.status = at("status")
                number = at("number")
                action.number = number if number and re.fullmatch(r"\d{1,3}", number) else None
                found.append(action)
        return found

    def _write_actions(self, actions: list[Action]) -> None:
        b = self.b
        for n, action in enumerate(actions, 1):
            loc = action.location.render()
            node = b.resource(URIRef(f"{self.meeting}/action/{n}"), EQ.ActionItem, loc)
            b.add(node, EQ.arisingFrom, self.meeting)
            b.add(node, EQ.number, Literal(n, datatype=XSD.integer))
            if action.number and action.number != str(n):
                b.text(node, EQ.reference, action.number)
            b.text(node, EQ.text, action.text)
            item = self._item_at(self._block_index(action.location))
            if item is not None:
                b.add(self._item_uri(item), EQ.hasPart, node)
            if action.owner:
                b.text(node, EQ.wording, action.owner)
                people, unresolved = self._owners(action.owner)
                for who in people:
                    b.add(node, EQ.lead, who)
                teams = [u for u in unresolved if team_or_post(u)]
                others = [u for u in unresolved if u not in teams]
                if teams:
                    b.text(node, EQ.note, f"The owner '{', '.join(teams)}' is a team, post or body: kept as written, "
                                          "no person is named.")
                if others:
                    b.text(node, EQ.ambiguity, f"The owner '{', '.join(others)}' is kept as written: it names "
                                               "no attendee for certain.")
            if action.due:
                _due(b, node, action.due, loc)
            if action.status:
                b.text(node, EQ.progressUpdate, action.status)
                status_read = read_status(action.status, self.rag_key)
                found = list(dict.fromkeys(normalise(action.status).statuses + status_read.concepts))
                for status in found:
                    b.add(node, EQ.status, status)
                if not found and status_read.ambiguity:
                    b.text(node, EQ.ambiguity, status_read.ambiguity)
            tag_resource(b, node, action.text, loc)
            b.report.item("action", action.text, loc, source=action.source, uri=str(node),
                          **{k: v for k, v in (("owner", action.owner), ("due", action.due),
                                               ("status", action.status)) if v})
        if actions:
            ways = sorted({a.how for a in actions})
            self.layouts.append("actions from " + ", ".join(ways))

    def _block_index(self, location: Location) -> int:
        for i, block in enumerate(self.blocks):
            if block.location == location or any(r.location == location for r in block.rows):
                return i
        return 0

    # ------------------------------------------------------------ agreements

    def _agreements(self) -> None:
        b = self.b
        count = 0
        units: list[Block] = []
        for block in self.blocks:
            if block.kind == "table":
                if "name" in header_index(block.rows[0].cells, PEOPLE_COLUMNS) if block.rows else True:
                    continue
                units += [Block("paragraph", cell, row.location) for row in block.rows[1:] for cell in row.cells]
            elif block.kind != "heading":
                units.append(block)
        for block in units:
            for sentence in _sentences(block.text):
                person = _PERSON_AGREED.match(sentence)
                group = None if person else _AGREED.match(sentence)
                passive = None if person or group else _AGREED_PASSIVE.search(sentence)
                if not (person or group or passive):
                    continue
                count += 1
                loc = block.location.render()
                node = b.resource(mint_ref("meeting", self.slug, "agreement", str(count)), EQ.Commitment, loc)
                b.add(node, EQ.arisingFrom, self.meeting)
                b.text(node, EQ.text, sentence)
                b.text(node, EQ.note, "An agreement in the minute text; the minutes do not mark it as an action.")
                if person:
                    by = person.group("who")
                    b.text(node, EQ.wording, by)
                    people, _ = self._owners(by)
                    for who in people:
                        b.add(node, EQ.lead, who)
                else:
                    by = group.group("subject") if group else "the meeting"
                    if group:
                        b.text(node, EQ.wording, by)
                    else:
                        b.text(node, EQ.note, f"Worded without a subject ('{passive.group('phrase')}'): "  # type: ignore[union-attr]
                                              "read as the meeting's agreement.")
                    if self.body is not None:
                        b.add(node, EQ.lead, self.body)
                tag_resource(b, node, sentence, loc)
                b.report.item("agreement", sentence, loc, source=block.text, uri=str(node), by=by)

    # ------------------------------------------------------------ writing

    def _item_uri(self, item: AgendaItem) -> URIRef:
        return mint_ref("meeting", self.slug, "item", item.number)

    def _write_meeting(self) -> None:
        b = self.b
        b.add(self.doc, EQ.documentType, DOCTYPE["minutes"])
        b.add(self.doc, EQ.records, self.meeting)
        body_name = self.body_wording or "an unnamed body"
        b.text(self.doc, DCTERMS.title, self.title_text if self.title_text and "minute" in self.title_text.casefold()
               else f"Minutes of a meeting of the {body_name}" if self.body_wording else "Minutes")
        meeting = b.resource(self.meeting, EQ.Meeting, self.title_loc.render() if self.title_loc else "document")
        b.add(meeting, EQ.recordedIn, self.doc)
        if self.body is not None:
            b.add(meeting, EQ.meetingOf, self.body)
            b.add(self.doc, EQ.organisation, self.body)
        else:
            b.text(meeting, EQ.ambiguity, "The minutes do not name the body whose meeting this is.")
            self.report.note("meeting: body not named")
            self.report.unsure("the minutes' title names no body")
        if self.date is not None:
            b.add(meeting, SCHEMA.startDate, Literal(self.date.isoformat(), datatype=XSD.date))
            b.text(meeting, EQ.wording, self.date_wording)
        else:
            b.text(meeting, EQ.ambiguity, "The minutes give no date for the meeting.")
            self.report.note("meeting: no date")
            self.report.unsure("no meeting date was found in the title lines")
        if self.place:
            b.text(meeting, EQ.place, self.place)
        self.report.count("meeting")
        for item in self.items:
            node = self._agenda_node(item)
            b.add(self.meeting, EQ.hasAgendaItem, node)
            for sub in item.subs:
                b.add(node, EQ.hasPart, self._agenda_node(sub, sub=True))

    def _agenda_node(self, item: AgendaItem, *, sub: bool = False) -> URIRef:
        b = self.b
        node = b.resource(self._item_uri(item), EQ.AgendaItem, item.location.render())
        b.text(node, DCTERMS.title, item.title)
        if re.fullmatch(r"\d+", item.number):
            b.add(node, EQ.number, Literal(int(item.number), datatype=XSD.integer))
        else:
            b.text(node, EQ.reference, item.number)
        b.report.item("agenda sub-item" if sub else "agenda item", item.title, item.location.render(),
                      source=item.source, uri=str(node), number=item.number)
        return node

    def read(self) -> IngestResult:
        self._people()
        actions = self._actions()
        if not (self.attendees or self.apologies or self.items or actions):
            raise InputError("no attendees, apologies, agenda items or actions were found: is this minutes? "
                             "(looked for 'Present'/'Attendees'/'Apologies' lists, numbered agenda items, "
                             "'ACTION:' lines and action tables)")
        if not (self.attendees or self.apologies or self.items):
            self.report.unsure("an action log with no meeting record: its actions are kept under the log's title")
        self._write_meeting()
        self._write_people()
        if not self.attendees:
            self.b.text(self.meeting, EQ.ambiguity, "The minutes list no attendees.")
            self.report.note("meeting: no attendee list")
            self.report.unsure("no attendee list was found")
        self._write_actions(actions)
        self._agreements()
        for message in self.ctx.report:
            self.report.note(message)
        if self.items:
            self.layouts.insert(0, f"{len(self.items)} numbered agenda items")
        self.report.layout = "; ".join(dict.fromkeys(self.layouts))
        return self.b.result("minutes")


# ---------------------------------------------------------------- helpers


def _title_like(text: str) -> bool:
    """An agenda title: short, not a sentence."""
    words = text.split()
    return 0 < len(words) <= 14 and not (text.endswith(".") and len(words) > 6) and not re.match(
        r"(?i)^action\b", text)


def _is_group_heading(text: str) -> bool:
    """A short line naming a group of attendees ("Council officers", "Members:")."""
    return text.endswith(":") and len(text.split()) <= 5


def _has_name(text: str) -> bool:
    return entities.looks_like_person_name(_parse_entry(text)[0])


def _masked(text: str) -> str:
    """The text with every character inside brackets replaced by NUL (same length), so separators are found at depth 0."""
    out = []
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
            out.append(ch if depth == 1 else "\x00")
        elif ch in ")]" and depth:
            depth -= 1
            out.append(ch if depth == 0 else "\x00")
        else:
            out.append("\x00" if depth else ch)
    return "".join(out)


def _split_top(text: str, separator: str, maxsplit: int = 0) -> list[str]:
    """`re.split` on the separator, only where it stands outside brackets ("A (Chair, HR), B" -> two parts)."""
    masked = _masked(text)
    parts: list[str] = []
    last = 0
    for match in re.finditer(separator, masked):
        if maxsplit and len(parts) == maxsplit:
            break
        parts.append(text[last: match.start()])
        last = match.end()
    parts.append(text[last:])
    return parts


_LIST_SEPARATOR = r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*"
#: Plural titles before a list of names ("Councillors A, B and C"): each name takes the singular.
_PLURAL_TITLES = {"councillors": "Councillor", "cllrs": "Cllr", "drs": "Dr", "doctors": "Dr",
                  "professors": "Professor", "profs": "Prof", "messrs": "Mr"}


def _several_names(text: str) -> bool:
    parts = [p for p in _split_top(text, _LIST_SEPARATOR) if p.strip()]
    return sum(entities.looks_like_person_name(_parse_entry(p)[0]) for p in parts) >= 2


def _split_names(text: str) -> list[str]:
    """A list of names written in a line: "A, B and C" or "A; B; C", split only outside brackets.

    Roles in brackets stay with their name ("Martin Cheung (Chief Executive,
    Office of the PCC)"); a group between semicolons is split again on commas
    and "and" when it holds several names ("Mr A Tull and Ms B Francis"); a
    plural title ("Councillors A, B and C") is given to each name of its group.
    """
    text = re.sub(r"\s+", " ", text).strip().rstrip(".")
    groups = [g.strip() for g in _split_top(text, r"\s*;\s*")] if ";" in _masked(text) else [text]
    out: list[str] = []
    for group in groups:
        if not group:
            continue
        plural = re.match(r"(?i)^(?P<title>[a-z]+)\s+(?=\S)", group)
        title = _PLURAL_TITLES.get(plural.group("title").casefold()) if plural else None
        if title:
            group = group[plural.end():]  # type: ignore[union-attr]
        parts = [p.strip() for p in _split_top(group, _LIST_SEPARATOR)] if (len(groups) == 1 or title or
                                                                          _several_names(group)) else [group]
        for part in parts:
            if not part:
                continue
            if title and entities.split_name(part)[0] is None and \
                    part.split(" ")[0].rstrip(".").casefold() not in {"mr", "mrs", "ms", "miss", "mx", "dr", "prof"}:
                part = f"{title} {part}"
            out.append(part)
    return out


def _strip_markers(text: str) -> tuple[str, str | None, str | None]:
    """(text without bracketed initials/chair markers, initials, chair marker)."""
    initials = chair = None
    for paren in re.findall(r"\(([^()]*)\)", text):
        inner = paren.strip()
        if re.fullmatch(r"[A-Z]{2,4}", inner):
            initials = inner
            text = text.replace(f"({paren})", " ")
        elif _CHAIR.match(inner):
            chair = inner
            text = text.replace(f"({paren})", " ")
    return re.sub(r"\s+", " ", text).strip(), initials, chair


_TRAILING_PAREN = re.compile(r"\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$")


def _parse_entry(written: str) -> tuple[str, str | None, str | None, str | None]:
    """(name, role, initials, chair) of one listed person: "Jane Smith (JS) - Head of HR, Example Council (Chair)".

    Separators inside brackets do not split: "Professor A Okoro (Pro
    Vice-Chancellor, Research) (Chair)" is one name, its role and a chair marker.
    """
    text, initials, chair = _strip_markers(written)
    prefix = re.match(r"(?i)^(?P<label>co-?chair|vice[- ]chair|chair(?:person)?|clerk|secretary|minutes|minute taker|"
                      r"note taker|notes)\s*[:\-\u2013]\s*(?P<rest>.+)$", text)
    role_parts: list[str] = []
    if prefix:
        text = prefix.group("rest")
        if _CHAIR.match(prefix.group("label")):
            chair = prefix.group("label")
        else:
            role_parts.append(prefix.group("label"))
    pieces = _split_top(text, r"\s+[\-\u2013\u2014]\s+|\s*,\s*|\t|\s*:\s+", maxsplit=1)
    name, role = pieces[0].strip(), (pieces[1] if len(pieces) > 1 else "")
    trailing: list[str] = []
    while (paren := _TRAILING_PAREN.search(name)) and paren.start() > 0:
        trailing.insert(0, paren.group(1).strip())
        name = name[: paren.start()].strip()
    role_parts[:0] = [t for t in trailing if t]
    role = role.strip()
    marker = re.match(r"(?i)^(co-?chair|vice[- ]chair|chair(?:person)?)\b[\s,]*(.*)$", role)
    if marker:
        chair = chair or marker.group(1)
        role = marker.group(2).strip()
    if role:
        role_parts.append(role)
    return name, ", ".join(p for p in role_parts if p) or None, initials, chair


def _owner_only(text: str, strict: bool = False) -> bool:
    """Whether a wording is only an owner: initials ("KL", "KL/DW"), a name, a titled surname ("Cllr Oduya"), "Chair"."""
    text = text.strip(" .")
    if team_or_post(text, strict):
        return True
    parts = [p.strip() for p in re.split(r"\s*(?:/|,|&|\band\b)\s*", text) if p.strip()]
    return bool(parts) and len(parts) <= 4 and all(
        re.fullmatch(r"[A-Z]{2,4}", p) or entities.looks_like_person_name(p) or _TITLED_SURNAME.fullmatch(p)
        or _OWNER_WORDS.fullmatch(p) or team_or_post(p, strict) for p in parts)


_TITLED_SURNAME = re.compile(r"(?:Cllr|Councillor|Dr|Prof|Professor|Mr|Mrs|Ms|Miss|Mx)\.? [A-Z][\w'\u2019-]+")

#: The last word of a team's or body's name ("HR team", "Facilities Management Team", "Chief Executive's Office").
_TEAM_NOUNS = frozenset((
    "team", "teams", "unit", "department", "dept", "service", "services", "office", "directorate", "division",
    "function", "secretariat", "network", "networks", "group", "board", "committee", "panel", "forum",
    "partnership", "union", "unions", "officers", "managers", "leads", "staff", "members", "colleagues", "trust",
    "council", "hub", "centre", "tîm", "adran", "uned", "gwasanaeth", "gwasanaethau"))
#: Functions named alone as owners ("Owner: Estates", "Procurement to ...").
_FUNCTIONS = frozenset((
    "estates", "facilities", "procurement", "finance", "hr", "human resources", "communications", "comms", "legal",
    "payroll", "recruitment", "governance", "marketing", "admissions", "ict", "it", "audit", "workforce", "housing",
    "planning", "safeguarding", "people services", "organisational development", "od", "learning and development",
    "occupational health", "health and safety", "policy", "performance", "secretariat", "estates and facilities",
    "adnoddau dynol", "cyllid", "cyfathrebu", "ystadau", "caffael"))
#: Posts named as owners ("Head of Policy and Performance", "Director of Finance", "Equality Officer").
_POST = re.compile(r"(?i)^(?:the )?(?:(?:deputy |assistant |interim |acting )?(?:head|director|chief|manager|lead|"
                   r"officer|clerk|secretary|chair|adviser|advisor|co-?ordinator|pennaeth|cyfarwyddwr|swyddog|"
                   r"rheolwr)\b.*|(?:[\w'\u2019&-]+ ){0,4}(?:manager|officer|lead|director|adviser|advisor|"
                   r"co-?ordinator|executive|clerk|secretary|champion))$")


def team_or_post(text: str, strict: bool = False) -> bool:
    """Whether an owner wording names a team, a function, a post or a body rather than a person.

    Why: "Action: HR team to ...", "Owner: Estates", "Lead: Communications Team", "All
    members": such an owner is kept as written and never minted as a person. `strict`
    (for words in brackets or after a dash at the end of an action, which may be
    anything: "(British Sign Language)") asks for a team word, a function or a post;
    otherwise capitalised words holding a word no name holds ("Building Control")
    are enough, where the place already says it is the owner.
    """
    text = re.sub(r"\s+", " ", text.strip(" .;,")).replace("\u2019", "'")
    words = text.split(" ")
    if not text or len(words) > 7 or any(ch.isdigit() for ch in text) or not (text[:1].isupper()
                                                                            or words[0].casefold() == "the"):
        return False
    low = re.sub(r"^the ", "", text.casefold())
    if low in _FUNCTIONS or _OWNER_WORDS.fullmatch(text):
        return True
    if _POST.match(text):
        return True
    last = low.split(" ")[-1]
    if last in _TEAM_NOUNS and not entities.looks_like_person_name(text):
        return True
    if strict:
        return False
    # "Building Control", "Talent Acquisition", "T\u00eem Cyfathrebu": capitalised words, one of them never a name's
    capitalised = all(w[:1].isupper() or w in ("and", "of", "&", "for", "the") for w in words[1:])
    return capitalised and len(words) <= 5 and entities.has_non_name_word(text) \
        and not entities.looks_like_person_name(text) and not re.search(r"(?i)\b(?:to|will)\b", text)


_NAME_JOINERS = frozenset(("of", "and", "the", "for", "&", "/", "a", "ac"))


def _owner_and_due(parts: list[str]) -> tuple[str | None, str | None] | None:
    """(owner, due) when every part is an owner or a due date ("Leila Haddad", "by 31 May"), else None.

    Why: owners and dates written before an action ("ACTION - Name - by date: text",
    "Action (Name, date): text") must leave the action's text; any other word keeps them in it.
    """
    owners: list[str] = []
    due = None
    for part in (p.strip(" .") for p in parts):
        found = _DUE_PART.match(part) if part else None
        if found and due is None:
            due = found.group("due")
        elif part and not found and _owner_only(part, strict=True) and all(
                w[:1].isupper() or w.casefold() in _TEAM_NOUNS or w in _NAME_JOINERS for w in part.split()):
            owners.append(part)  # capitalised words, or a team noun: not "Survey all staff"
        else:
            return None
    return (", ".join(owners) or None, due) if owners or due else None


def _split_head(text: str) -> tuple[str, str | None, str | None] | None:
    """(action text, owner, due) when the action opens with its owner and/or due date, else None.

    "Name - by date: text" (a colon ends the head) and "Name - date - text" (dashes
    only: the text is what follows the owner and date, at least three words).
    """
    colon = re.match(r"^(?P<head>[^:]{2,80}?)\s*:\s+(?P<rest>\S.*)$", text)
    if colon and (found := _owner_and_due(_HEAD_SEPARATOR.split(colon.group("head")))):
        return colon.group("rest"), found[0], found[1]
    parts = re.split(r"\s+[\-\u2013\u2014]\s+", text)
    for k in (2, 1):
        rest = " \u2013 ".join(parts[k:])
        if len(parts) > k and len(rest.split()) >= 3 and (found := _owner_and_due(parts[:k])):
            return rest, found[0], found[1]
    return None


def _agreed_that(sentence: str) -> tuple[str, str] | None:
    """(what, owner) for "It was agreed that A and B would <what>" when A and B are shaped like owners
    (the reader then checks they are attendees, posts or teams)."""
    m = _AGREED_THAT.match(sentence.strip())
    if not m or not _owner_only(m.group("owner")):
        return None
    what = m.group("what").strip()
    return what[:1].upper() + what[1:], m.group("owner")


def _last_action_sentence(text: str) -> str:
    """The sentence of a paragraph an action flag belongs to: the last one saying who will do what, else the last."""
    sentences = _sentences(re.sub(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+", "", text.strip()))
    if not sentences:
        return text.strip()
    for sentence in reversed(sentences):
        if _OWNER_AT_START.match(sentence) or re.search(r"(?i)\b(?:will|to)\b", sentence):
            return sentence
    return sentences[-1]


def _due(builder: Builder, node: URIRef, wording: str, location: str) -> None:
    """A due date: a day ("30 June 2023") is the end of the action's timeline; other wordings go to timelines."""
    found = find_date(wording)
    if found is None or found[1].strip() != wording.strip():
        add_timeline(builder, node, wording, location)
        return
    day = Literal(found[0].isoformat(), datatype=XSD.date)
    timeline = builder.resource(URIRef(f"{node}/timeline"), EQ.Timeline, location)
    builder.add(node, EQ.timeline, timeline)
    builder.text(timeline, EQ.wording, wording)
    end = builder.resource(URIRef(f"{timeline}/end"), TIME.Instant, location)
    builder.add(end, TIME.inXSDDate, day)
    builder.add(timeline, TIME.hasEnd, end)
    builder.add(node, EQ.dueDate, day)
    builder.report.count("timeline")


def _dedupe(actions: list[Action], report) -> list[Action]:
    """One action recorded twice (an "ACTION:" line and its action-table row) is read once, from the table."""
    tabled = {"action log", "action column"}
    tables = [a for a in actions if a.how in tabled or a.how.endswith("table")]
    kept = []
    for action in actions:
        if not (action.how in tabled or action.how.endswith("table")):
            key = _key(action.text)
            twin = next((t for t in tables if key and (_key(t.text) in key or key in _key(t.text))), None)
            if twin is not None:
                report.note(f"action '{action.text}' ({action.location.render()}) is also in the action table; read once")
                twin.owner = twin.owner or action.owner
                twin.due = twin.due or action.due
                continue
        kept.append(action)
    return kept


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 ]", " ", text.casefold())).strip()


# ---------------------------------------------------------------- reader interface

_PLAN_SIGNS = re.compile(r"(?i)\b(?:equality )?objective\s*\d|\bour (?:equality )?objectives\b|\bwe will\b|"
                         r"\bstrategic equality plan\b|\bamcan \d")


def fits(document: Document) -> Fit:
    """How much a document looks like minutes: a date line, Present/Attendees/Apologies, agenda items, actions.

    A plan (objectives, "we will") without an attendee or apology list scores 0,
    so that forcing a plan to be read as minutes is refused.
    """
    blocks = structured(document)
    cues: list[str] = []
    head = blocks[:15]
    people = any(_ATTENDEE_LABEL.match(b.text) or _APOLOGY_LABEL.match(b.text) for b in blocks
                 if b.kind != "table" and not re.match(r"(?i)^members\b", b.text)) or any(
        _APOLOGY_SENTENCE.search(b.text) for b in blocks if b.kind != "table") or any(
        header_index(b.rows[0].cells, PEOPLE_COLUMNS).keys() & {"name", "apologies"} and
        any(entities.looks_like_person_name(_parse_entry(r.cells[0])[0]) for r in b.rows[1:])
        for b in blocks if b.kind == "table" and len(b.rows) > 1)
    if people:
        cues.append("attendees or apologies")
    titled = any(re.search(r"(?i)\bminutes\b|\bnotes of (?:the )?meeting\b|\baction (?:log|tracker)\b|\bcofnodion\b", b.text) for b in head)
    if titled:
        cues.append("'minutes' in the title")
    if any(find_date(b.text) for b in head if b.kind != "table"):
        cues.append("a date line")
    reader = MinutesReader.__new__(MinutesReader)
    reader.blocks = blocks
    agenda = MinutesReader._agenda(reader)
    if len(agenda) >= 2:
        cues.append(f"{len(agenda)} numbered agenda items")
    actions = sum(bool(_ACTION_LINE.search(b.text)) for b in blocks if b.kind != "table") + sum(
        "action" in header_index(b.rows[0].cells, ACTION_COLUMNS) for b in blocks if b.kind == "table" and b.rows)
    if actions:
        cues.append("actions")
    plan = sum(len(_PLAN_SIGNS.findall(b.text)) for b in blocks if b.kind != "table")
    if not people and not (titled and (len(agenda) >= 2 or actions)):
        return Fit(0)
    if plan >= 3 and not people:
        return Fit(0)
    score = 2 * people + titled + ("a date line" in cues) + (len(agenda) >= 2) + bool(actions)
    return Fit(score, tuple(cues))


def read(document: Document, *, slug: str | None = None) -> IngestResult:
    """Read minutes of any layout from the document's blocks."""
    if not document.blocks:
        raise InputError("the minutes are empty")
    return MinutesReader(document, slug).read()
