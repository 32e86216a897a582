"""The minutes parser: meetings, participants, agenda items, actions and reported plans as RDF.

Why it reads the way it does: minutes come in several layouts, and the three
seed documents show them all. A header (body, place, date) may be present or
missing; attendees are either "Name<TAB>Role" rows or a column of
"Name (INITIALS)" lines, each optionally followed by a role line, under group
headings; actions are marked by an action table, by "ACTION:" lines, by an
"Actions arising" list, or reported as updates on a previous meeting's
actions. The parser recognises each layout by its shape, never by the seed's
line numbers, and records what it cannot place (an undefined initial, a row
with fewer cells than its header, a missing date) as eq:ambiguity instead of
guessing. People and organisations go through eqkg.ingest.entities, so the
same person gets the same URI in every document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from eqkg.errors import InputError
from eqkg.ingest import entities
from eqkg.ingest.common import Builder, Fit, IngestResult, Lines, mint_ref
from eqkg.namespaces import DOCTYPE, EQ, SCHEMA, STATUS, slugify

__all__ = ["parse"]

MONTHS = {
    m: i
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1
    )
}
_DATE = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+),?\s+(\d{4})\b",
    re.I,
)
_NUMBERED = re.compile(r"^(\d+)\.\s+(\S.*)$")
_SUBNUMBERED = re.compile(r"^-?\s*(\d+\.\d+)\.?\**\s*(\S.*)$")
_INITIALS_PAREN = re.compile(r"\s*\(([A-Z]{2,4})\)\s*$")
_SPEAKER = re.compile(
    r"\b([A-Z]{2,4}) (?:welcomed|provided|confirmed|advised|informed|noted|queried|agreed|asked|thanked|invited|referred|welcomed|suggested|encouraged|presented|explained|stated|mentioned)\b"
)
_WHEN = re.compile(
    r"\b(?:in|by|before) ((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})\b"
)
_ACTION_LINE = re.compile(r"^ACTION:\s*(.+)$", re.I)
_STATUS_WORDS = {
    "completed": STATUS["completed"],
    "complete": STATUS["completed"],
    "ongoing": STATUS["ongoing"],
    "on-going": STATUS["ongoing"],
    "in progress": STATUS["in-progress"],
    "deferred": STATUS["deferred"],
    "not started": STATUS["not-started"],
}
_STOP = {"for", "of", "and", "the", "in", "on"}


def parse_date(line: str) -> date | None:
    """A date written as "13 March 2019" or "Thursday 17th March 2022" (else None)."""
    match = _DATE.match(line.strip())
    if not match or match.group(2).lower() not in MONTHS:
        return None
    try:
        return date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError:
        return None


def _is_title(text: str, max_words: int) -> bool:
    """A heading-like line: short, no sentence-ending full stop, no tab."""
    text = text.strip()
    return bool(text) and "\t" not in text and not text.endswith(".") and len(text.split()) <= max_words


@dataclass
class Item:
    """An agenda item: its number as written, title and line span."""

    number: str
    title: str
    first: int
    last: int
    position: int
    subs: list[Item] = field(default_factory=list)


@dataclass
class Person:
    """One row of an attendee or apology list."""

    name: str  # without initials or chair marker
    written: str  # the whole name cell as written
    role: str | None
    line: int
    role_line: int | None
    group: str | None
    initials: str | None
    chair: str | None  # "Chair" / "Co-chair" marker as written


class MinutesParser:
    """One parse of one document (state: lines, builder, resolution context)."""

    def __init__(self, text: str, source_name: str, slug: str | None) -> None:
        self.lines = Lines(text)
        furniture = self._page_furniture()
        self.skip = {n for n, line in self.lines.numbered() if line.strip() in furniture}
        self.header = self._header()
        self.body = self._body()
        self.date = self.header.get("date")
        self.slug = slug or self._slug()
        self.doc = mint_ref("minutes", self.slug)
        self.meeting = mint_ref("meeting", self.slug)
        self.b = Builder(self.doc, EQ.Minutes, source_name, self.slug)
        self.ctx = entities.Context(self.doc)
        self.items = self._agenda()

    # ------------------------------------------------------------ reading

    def _page_furniture(self) -> set[str]:
        """Lines repeated three times or more (page headers and footers)."""
        counts: dict[str, int] = {}
        for _, line in self.lines.numbered():
            key = line.strip()
            if key and len(key.split()) > 2:
                counts[key] = counts.get(key, 0) + 1
        return {k for k, v in counts.items() if v >= 3}

    def content(self, start: int = 1, end: int | None = None) -> list[tuple[int, str]]:
        """Non-empty, non-furniture lines in a range, stripped."""
        return [(n, line.strip()) for n, line in self.lines.numbered(start, end) if line.strip() and n not in self.skip]

    def _header(self) -> dict[str, object]:
        """Body, place and date from the lines before the "Minutes" line, if there is one."""
        stop = self.lines.find(re.compile(r"^\s*(minutes|attendees|present)\s*$", re.I))
        header: dict[str, object] = {}
        if stop is None:
            return header
        header["minutes_line"] = stop
        for n, line in self.content(1, stop - 1):
            when = parse_date(line)
            if when is not None and "date" not in header:
                header["date"], header["date_wording"], header["date_line"] = when, line, n
            elif "body" not in header:
                header["body"], header["body_line"] = line, n
            elif "place" not in header:
                header["place"], header["place_line"] = line, n
        return header

    def _body(self) -> URIRef | None:
        """The body whose meeting this is: the header's first line, else "X meetings/members" in the text."""
        written = self.header.get("body")
        if isinstance(written, str):
            found = entities.find_organisation(re.sub(r"\s*\([^)]*\)\s*$", "", written))
            return found or entities.resolve_organisation(re.sub(r"\s*\([^)]*\)\s*$", "", written))
        for n, line in self.content():
            match = re.search(r"\b([A-Z][A-Za-z]{2,})\s+(?:meetings?|members)\b", line)
            if match:
                found = entities.find_organisation(match.group(1))
                if found is not None:
                    self.header["body_inferred"] = (match.group(0), n)
                    return found
        return None

    def _slug(self) -> str:
        """{body acronym}-{yyyy-mm-dd} or {acronym}-undated (sources.py gives seeds theirs)."""
        acronym = "meeting"
        if self.body is not None:
            labels = [str(x) for x in entities.registry().graph.objects(self.body, SKOS_ALT)]
            short = [x for x in labels if re.fullmatch(r"[A-Z]{2,8}", x)]
            name = str(entities.label(self.body) or "")
            acronym = short[0].lower() if short else "".join(w[0] for w in name.lower().split() if w not in _STOP)
        return f"{acronym}-{self.date.isoformat()}" if isinstance(self.date, date) else f"{acronym}-undated"

    def _agenda(self) -> list[Item]:
        """Numbered headings in sequence (1., 2., ...); all "1." means the numbering was lost."""
        candidates = [
            (n, m.group(1), m.group(2).strip())
            for n, line in self.content()
            if (m := _NUMBERED.match(line)) and _is_title(m.group(2), 25)
        ]
        lost = len(candidates) > 1 and all(num == "1" for _, num, _ in candidates)
        chosen: list[tuple[int, str, str]] = []
        for n, num, title in candidates:
            if lost or int(num) == len(chosen) + 1:
                chosen.append((n, num, title))
        items: list[Item] = []
        for i, (n, num, title) in enumerate(chosen):
            last = (chosen[i + 1][0] - 1) if i + 1 < len(chosen) else len(self.lines)
            items.append(Item(num, title, n, self._trim(n, last), i + 1))
        for item in items:
            subs = [
                (n, m.group(1), m.group(2).strip().strip("*").strip())
                for n, line in self.content(item.first + 1, item.last)
                if (m := _SUBNUMBERED.match(line)) and m.group(1).split(".")[0] == item.number
                and _is_title(m.group(2).strip("*").strip(), 12)
            ]
            for j, (n, num, title) in enumerate(subs):
                last = (subs[j + 1][0] - 1) if j + 1 < len(subs) else item.last
                item.subs.append(Item(num, title, n, self._trim(n, last), j + 1))
        if lost:
            self.lost_numbering = True
        return items

    def _trim(self, first: int, last: int) -> int:
        """The last non-empty, non-furniture line of a span."""
        lines = self.content(first, last)
        return lines[-1][0] if lines else first

    # ------------------------------------------------------------ building

    def build(self) -> IngestResult:
        """Everything, in document order."""
        self._document()
        self._participants()
        self._agenda_items()
        self._actions()
        self._reported_plans()
        self._agreements()
        for message in self.ctx.report:
            self.b.report.note(message)
        return self.b.result("minutes")

    def _document(self) -> None:
        b, h = self.b, self.header
        body_name = str(entities.label(self.body)) if self.body is not None else "an unnamed body"
        b.add(self.doc, EQ.documentType, DOCTYPE["minutes"])
        b.add(self.doc, EQ.records, self.meeting)
        written = h.get("body")
        title = f"Minutes: {written}" if isinstance(written, str) else f"Minutes of a meeting of the {body_name}"
        b.text(self.doc, DCTERMS.title, title)
        meeting = b.resource(self.meeting, EQ.Meeting, self._header_location())
        b.add(meeting, EQ.recordedIn, self.doc)
        if self.body is not None:
            b.add(meeting, EQ.meetingOf, self.body)
            b.add(self.doc, EQ.organisation, self.body)
            if "body_inferred" in h:
                wording, n = h["body_inferred"]  # type: ignore[misc]
                b.text(meeting, EQ.note, f"No heading names the body; the minutes speak of '{wording}' (line {n}).")
        else:
            b.text(meeting, EQ.ambiguity, "The minutes do not name the body whose meeting this is.")
            b.report.note("meeting: body not named")
        if isinstance(self.date, date):
            b.add(meeting, SCHEMA.startDate, Literal(self.date.isoformat(), datatype=XSD.date))
            b.text(meeting, EQ.wording, str(h["date_wording"]))
        else:
            b.text(meeting, EQ.ambiguity, "The minutes give no date for the meeting.")
            b.text(self.doc, EQ.ambiguity, "Undated: neither the minutes nor their heading give a meeting date.")
            b.report.note("meeting: no date")
        if isinstance(h.get("place"), str):
            b.text(meeting, EQ.place, str(h["place"]))
        else:
            b.text(meeting, EQ.ambiguity, "The minutes do not say where the meeting was held.")
        if getattr(self, "lost_numbering", False):
            b.text(self.doc, EQ.ambiguity, "Every agenda item is numbered '1.' (the list numbering was lost); items are numbered here by position.")
        b.report.count("meeting")
        self._next_meeting()

    def _header_location(self) -> str:
        lines = [v for k, v in self.header.items() if k.endswith("_line") and isinstance(v, int)]
        return Lines.loc(min(lines), max(lines)) if lines else "whole document"

    def _next_meeting(self) -> None:
        """'Date and time of next meeting' followed by a date: the next meeting, as announced."""
        n = self.lines.find(r"(?i)^\s*date (and time )?of (the )?next meeting")
        if n is None:
            return
        for m, line in self.content(n + 1, n + 4):
            when = parse_date(line)
            if when is None:
                continue
            slug = self.slug.rsplit("-", 3)[0] if isinstance(self.date, date) else self.slug
            nxt = self.b.resource(mint_ref("meeting", f"{slug}-{when.isoformat()}"), EQ.Meeting, Lines.loc(n, m))
            self.b.add(nxt, SCHEMA.startDate, Literal(when.isoformat(), datatype=XSD.date))
            self.b.text(nxt, EQ.wording, line)
            if self.body is not None:
                self.b.add(nxt, EQ.meetingOf, self.body)
            self.b.text(nxt, EQ.note, "Announced as the next meeting in these minutes.")
            self.b.report.count("next meeting")
            return

    # ------------------------------------------------------------ participants

    def _section(self, heading: str) -> tuple[int, int] | None:
        """The line span of a list section ("Attendees", "Apologies") up to the next section."""
        start = self.lines.find(rf"(?i)^\s*{heading}\s*:?\s*$")
        if start is None:
            return None
        ends = [
            n
            for n in (
                self.lines.find(r"(?i)^\s*(apologies|attendees|present|actions arising.*|action log)\s*:?\s*$", start + 1),
                self.items[0].first if self.items else None,
            )
            if n is not None and n > start
        ]
        return start + 1, (min(ends) - 1 if ends else len(self.lines))

    def _read_list(self, first: int, last: int) -> list[Person]:
        """Attendee rows in either layout (tab rows, or name lines with role lines under group headings)."""
        rows = self.content(first, last)
        if any("\t" in line for _, line in rows):
            people = []
            for n, line in rows:
                name, _, role = (c.strip() for c in line.partition("\t"))
                people.append(self._person(name, role or None, n, n if role else None, None))
            return people
        is_name = [bool(_INITIALS_PAREN.search(line)) for _, line in rows]
        people, group, alternating, i = [], None, None, 0
        while i < len(rows):
            n, line = rows[i]
            if not is_name[i]:
                group, alternating, i = line, None, i + 1
                continue
            nxt_is_role = i + 1 < len(rows) and not is_name[i + 1]
            if alternating is None:
                alternating = nxt_is_role
            if alternating and nxt_is_role:
                people.append(self._person(line, rows[i + 1][1], n, rows[i + 1][0], group))
                i += 2
            else:
                people.append(self._person(line, None, n, None, group))
                i += 1
        return people

    @staticmethod
    def _person(written: str, role: str | None, line: int, role_line: int | None, group: str | None) -> Person:
        raw = written
        initials = None
        match = _INITIALS_PAREN.search(written)
        if match:
            initials, written = match.group(1), written[: match.start()].strip()
        chair = None
        marker = re.search(r"\s+-\s+(chair|co-chair|vice-chair)$", written, re.I)
        if marker:
            chair, written = marker.group(1), written[: marker.start()].strip()
        if role:
            paren = re.search(r"\((chair|co-chair|vice-chair)\)", role, re.I)
            if paren:
                chair = paren.group(1)
        return Person(written, raw, role, line, role_line, group, initials, chair)

    def _participants(self) -> None:
        counters = {"attendee": 0, "apology": 0}
        for heading, kind in (("(attendees|present|in attendance)", "attendee"), ("apologies", "apology")):
            span = self._section(heading)
            if span is None:
                continue
            for person in self._read_list(*span):
                counters[kind] += 1
                self._participation(person, kind, counters[kind])
        if not counters["attendee"]:
            self.b.text(self.meeting, EQ.ambiguity, "The minutes list no attendees.")
            self.b.report.note("meeting: no attendee list")
            self._speakers()
        if (self.meeting, EQ.chair, None) not in self.b.graph:
            self.b.text(self.meeting, EQ.ambiguity, "The minutes name no chair.")
            self.b.report.note("meeting: no chair named")
        if not counters["apology"]:
            mention = self.lines.find(r"(?i)\bnoted apologies\b|\bapologies\b")
            if mention is not None and self._section("apologies") is None:
                self.b.text(self.meeting, EQ.ambiguity, f"Apologies are mentioned (line {mention}) but not listed.")

    def _speakers(self) -> None:
        """Without an attendee list, the people the text names as speaking (by initials) took part.

        Their initials are not defined by the document, so each gets a local URI
        and an ambiguity; sameness.ttl may record a candidate, never a merge.
        """
        first_seen: dict[str, int] = {}
        for n, line in self.content():
            for match in _SPEAKER.finditer(line):
                first_seen.setdefault(match.group(1), n)
        for i, (initials, n) in enumerate(sorted(first_seen.items(), key=lambda kv: kv[1]), 1):
            who = entities.resolve_person(initials, self.ctx)
            self._ensure_person(who, initials, Lines.loc(n))
            part = self.b.resource(mint_ref("meeting", self.slug, "speaker", str(i)), EQ.Participation, Lines.loc(n))
            self.b.add(self.meeting, EQ.participation, part)
            self.b.add(self.meeting, EQ.participant, who)
            self.b.add(part, EQ.person, who)
            self.b.text(part, SCHEMA.roleName, "speaker")
            self.b.text(part, EQ.wording, initials)
            self.b.text(part, EQ.ambiguity, f"Named only by the initials '{initials}' in the minute text (first at line {n}); the minutes have no attendee list to define them.")
            self.b.report.count("speaker")

    def _participation(self, p: Person, kind: str, n: int) -> None:
        b = self.b
        title, _, _ = entities.split_name(p.name)
        who = entities.resolve_person(p.name, self.ctx)
        if p.initials:
            self.ctx.define_initials(p.initials, who)
        self._ensure_person(who, p.name, Lines.loc(p.line))
        last = p.role_line or p.line
        part = b.resource(
            mint_ref("meeting", self.slug, "attendance" if kind == "attendee" else "apology", str(n)),
            EQ.Participation,
            Lines.loc(p.line, last),
        )
        b.add(self.meeting, EQ.participation, part)
        b.add(self.meeting, EQ.attendee if kind == "attendee" else EQ.apology, who)
        b.add(part, EQ.person, who)
        b.text(part, SCHEMA.roleName, kind)
        b.text(part, EQ.wording, p.written)
        role = p.role or title
        b.text(part, EQ.roleWording, role)
        if p.group:
            b.text(part, EQ.note, f"Listed under '{p.group}'.")
        org = self._organisation_of(p, who)
        if org is not None:
            b.add(part, EQ.organisation, org)
        else:
            b.text(part, EQ.ambiguity, "The minutes do not state which organisation this person represented.")
            b.report.note(f"{kind}: organisation of {p.name!r} (line {p.line}) not stated")
        if p.role and (partial := re.search(r"\((from [^)]*)\)", p.role)):
            b.text(part, EQ.note, f"Apologies {partial.group(1)}: attended part of the meeting.")
        if p.chair and kind == "attendee":
            b.add(self.meeting, EQ.chair, who)
        b.report.count(kind)

    def _organisation_of(self, p: Person, who: URIRef) -> URIRef | None:
        """The role wording's organisation, else the group heading's, else the registry's for this document."""
        for wording in (p.role, p.group):
            if wording:
                found = entities.find_organisation(wording, self.ctx)
                if found is not None:
                    return found
        known = entities.affiliations(who, self.doc)
        return known[0] if len(known) == 1 else None

    def _ensure_person(self, who: URIRef, written: str, location: str) -> None:
        """A person not in the registry is described here, from this document."""
        entities.describe_unregistered(self.b, who, written, location)

    # ------------------------------------------------------------ agenda

    def _agenda_items(self) -> None:
        for item in self.items:
            node = self._item_node(item, None)
            self.b.add(self.meeting, EQ.hasAgendaItem, node)
            for sub in item.subs:
                self.b.add(node, EQ.hasPart, self._item_node(sub, item))

    def _item_uri(self, item: Item, parent: Item | None) -> URIRef:
        number = str(item.position) if getattr(self, "lost_numbering", False) and parent is None else item.number
        return mint_ref("meeting", self.slug, "item", number)

    def _item_node(self, item: Item, parent: Item | None) -> URIRef:
        b = self.b
        node = b.resource(self._item_uri(item, parent), EQ.AgendaItem, Lines.loc(item.first, item.last))
        b.text(node, DCTERMS.title, item.title)
        if getattr(self, "lost_numbering", False) and parent is None:
            b.add(node, EQ.number, Literal(item.position, datatype=XSD.integer))
            b.text(node, EQ.reference, f"{item.number}.")
            b.text(node, EQ.note, f"Written as '{item.number}.'; numbered {item.position} by position.")
        else:
            _number(b, node, item.number)
        b.report.count("agenda item" if parent is None else "agenda sub-item")
        return node

    def _item_of(self, line: int) -> Item | None:
        for item in self.items:
            if item.first <= line <= item.last:
                return item
        return None

    # ------------------------------------------------------------ actions

    def _actions(self) -> None:
        tables = self._action_tables()
        current = [t for t in tables if not t["previous"]]
        previous = [t for t in tables if t["previous"]]
        for table in previous:
            self._previous_actions(table)
        self._update_items()
        action_lines = [(n, m.group(1).strip()) for n, line in self.content() if (m := _ACTION_LINE.match(line))]
        rows = [row for t in current for row in t["rows"]]
        if rows:
            self._table_actions(rows, action_lines)
        elif action_lines:
            for i, (n, text) in enumerate(action_lines, 1):
                lead_wording, _, what = text.partition(" to ")
                self._action(self.meeting, i, str(i), what[:1].upper() + what[1:], lead_wording, None, Lines.loc(n))
        self._arising_list()

    def _action_tables(self) -> list[dict[str, object]]:
        """Tab-separated tables whose header has an action column and a lead column."""
        tables = []
        for n, line in self.content():
            cells = [c.strip().lower() for c in line.split("\t")]
            if "\t" not in line or not any(c.startswith("action") for c in cells):
                continue
            lead_col = next((i for i, c in enumerate(cells) if c in {"lead", "person responsible", "owner", "responsible"}), None)
            if lead_col is None:
                continue
            text_col = next(i for i, c in enumerate(cells) if c in {"description", "action"} and i > 0) if any(
                c in {"description", "action"} for c in cells[1:]
            ) else 1
            update_col = next((i for i, c in enumerate(cells) if c in {"update", "progress", "status"}), None)
            before = " ".join(line for _, line in self.content(max(1, n - 4), n - 1)).lower()
            rows, last = [], n
            for m, _ in self.content(n + 1):
                row = self.lines[m].rstrip("\n")
                parts = [c.strip() for c in row.split("\t")]
                if "\t" not in row and not re.match(r"^\d+\s", row):
                    break
                last = m
                rows.append((m, parts, len(cells)))
            tables.append({
                "line": n, "last": last, "rows": rows, "lead": lead_col, "text": text_col, "update": update_col,
                "previous": update_col is not None or "previous meeting" in before,
            })
        for t in tables:
            t["rows"] = [(m, parts, t) for m, parts, _ in t["rows"]]  # type: ignore[attr-defined]
        return tables

    def _previous_meeting(self, location: str) -> URIRef:
        """The unnamed previous meeting whose actions these minutes update.

        Its eq:sourceLocation is where these minutes speak of it (the action
        table or the "Action updates" item), so it is traceable like any
        other extracted resource.
        """
        node = mint_ref("meeting", self.slug, "previous-meeting")
        self.b.add(node, EQ.sourceLocation, Literal(location))
        if (node, RDF.type, EQ.Meeting) not in self.b.graph:
            b = self.b
            b.resource(node, EQ.Meeting, None)
            if self.body is not None:
                b.add(node, EQ.meetingOf, self.body)
            b.text(node, EQ.ambiguity, "These minutes report on actions from 'the previous meeting' without giving its date.")
            b.text(node, EQ.note, "The meeting before the one these minutes record.")
        return node

    def _previous_actions(self, table: dict[str, object]) -> None:
        item = self._item_of(table["line"])  # type: ignore[arg-type]
        where = Lines.loc(item.first, item.last) if item else Lines.loc(table["line"], table["last"])  # type: ignore[arg-type]
        prev = self._previous_meeting(where)
        for m, parts, _ in table["rows"]:  # type: ignore[union-attr]
            if not parts or not re.fullmatch(r"\d+", parts[0]):
                filled = [p for p in parts if p]
                item = self._item_of(m)
                target = self._item_uri(item, None) if item else self.meeting
                self.b.text(target, EQ.note, " ".join(filled))
                self.b.text(
                    target, EQ.ambiguity,
                    f"Line {m} sits in the action table but has no action number and fewer filled cells than the header; kept as a note, not attached to an action.",
                )
                self.b.report.note(f"action table: line {m} has no action number; kept as a note")
                continue
            text = parts[table["text"]] if len(parts) > table["text"] else ""  # type: ignore[operator,index]
            lead = parts[table["lead"]] if len(parts) > table["lead"] else ""  # type: ignore[operator,index]
            update = parts[table["update"]] if table["update"] is not None and len(parts) > table["update"] else None  # type: ignore[operator,index]
            self._action(prev, int(parts[0]), parts[0], text, lead, update, Lines.loc(m), reported=True)

    def _table_actions(self, rows: list[tuple[int, list[str], dict[str, object]]], action_lines: list[tuple[int, str]]) -> None:
        unmatched = list(action_lines)
        for m, parts, t in rows:
            if not parts or not re.fullmatch(r"\d+", parts[0]):
                self.b.report.note(f"action table: line {m} has no action number")
                continue
            text = parts[t["text"]] if len(parts) > t["text"] else ""  # type: ignore[operator,index]
            lead = parts[t["lead"]] if len(parts) > t["lead"] else ""  # type: ignore[operator,index]
            match = next((a for a in unmatched if _norm(text) in _norm(a[1])), None)
            extra = None
            if match is not None:
                unmatched.remove(match)
                extra = match
            node = self._action(self.meeting, int(parts[0]), parts[0], text, lead, None, Lines.loc(m))
            if extra is not None:
                self.b.add(node, EQ.sourceLocation, Literal(Lines.loc(extra[0])))
                self.b.text(node, EQ.note, f"Also recorded in the minute text as 'ACTION: {extra[1]}'.")
                line_lead = extra[1].partition(" to ")[0]
                if entities.resolve_person(line_lead, self.ctx) not in set(self.b.graph.objects(node, EQ.lead)):
                    self.b.text(node, EQ.ambiguity, f"The action line names '{line_lead}' but the table names '{lead}'.")
        for n, text in unmatched:
            self.b.report.note(f"action line {n} ('{text}') matches no row of the action table")

    def _arising_list(self) -> None:
        """An "Actions arising" heading followed by one action per line (unnumbered)."""
        start = self.lines.find(r"(?i)^\s*actions? arising( from the meeting)?\s*:?\s*$")
        if start is None:
            return
        end = min([i.first for i in self.items if i.first > start] or [len(self.lines) + 1]) - 1
        for i, (n, line) in enumerate(self.content(start + 1, end), 1):
            node = self._action(self.meeting, i, None, line.strip(), None, None, Lines.loc(n))
            self.b.text(node, EQ.note, f"Unnumbered in the list 'Actions arising from the meeting' (line {start}); numbered {i} by position.")

    def _update_items(self) -> None:
        """An agenda item titled "Action updates": each short title line is a previous action, then its update."""
        for item in self.items:
            if not re.search(r"(?i)\baction updates?\b|matters arising", item.title):
                continue
            prev = self._previous_meeting(Lines.loc(item.first, item.last))
            body = self.content(item.first + 1, item.last)
            n_action = 0
            for i, (n, line) in enumerate(body):
                if not _is_title(line, 15) or re.match(r"^[A-Z]{2,4}\s", line):
                    continue
                update = []
                for m, para in body[i + 1 :]:
                    if _is_title(para, 15):
                        break
                    update.append((m, para))
                n_action += 1
                last = update[-1][0] if update else n
                node = self._action(prev, n_action, None, line, None, " ".join(p for _, p in update) or None, Lines.loc(n, last), reported=True)
                self.b.text(node, EQ.note, f"Unnumbered under agenda item '{item.title}'; numbered {n_action} by position.")
                speakers = sorted({s for _, p in update for s in re.findall(r"\b([A-Z]{2,4}) (?:provided|confirmed|advised)", p)})
                self.b.text(node, EQ.ambiguity, "The minutes do not say who leads this action" + (f"; the update was given by {', '.join(speakers)}." if speakers else "."))

    def _action(
        self,
        meeting: URIRef,
        index: int,
        number: str | None,
        text: str,
        lead: str | None,
        update: str | None,
        location: str,
        *,
        reported: bool = False,
    ) -> URIRef:
        """One eq:ActionItem (URI meeting/{slug}/action/{n}) with text, lead, update and status."""
        b = self.b
        node = b.resource(URIRef(f"{meeting}/action/{index}"), EQ.ActionItem, location)
        b.add(node, EQ.arisingFrom, meeting)
        if number is not None:
            _number(b, node, number)
        b.text(node, EQ.text, text)
        if not text:
            b.report.note(f"action {index} ({location}) has no text")
        if lead:
            b.text(node, EQ.wording, lead)
            for person in entities.resolve_people(lead, self.ctx):
                b.add(node, EQ.lead, person)
                self._ensure_person(person, lead, location)
        if update:
            b.text(node, EQ.progressUpdate, update)
            status = _status(update)
            if status is not None:
                b.add(node, EQ.status, status)
        if reported:
            b.add(self.doc, EQ.reportsOn, node)
        when = _WHEN.search(text)
        if when:
            timeline(b, node, when.group(1), location)
        tag(b, node, text, location)
        b.report.count("previous action reported" if reported else "action")
        return node

    # ------------------------------------------------------------ agreements

    def _agreements(self) -> None:
        """Agreements in the forms minutes use, as eq:Commitment (not eq:ActionItem), in document order.

        "XX agreed to ..." is the named person's; "The group agreed (that|to) ...",
        "It was agreed ...", "an agreement was made ..." and "RESOLVED that ..." are
        the meeting's (eq:lead: the body whose meeting it is). A person who then
        confirms it ("LJ confirmed that this would be the agreed approach") is
        recorded with prov:wasAttributedTo and the sentence as a note. "XX agreed
        that ..." and "agreed with ..." are a person agreeing with a view, not a
        decision, and are not read.
        """
        count = 0
        for n, line in self.content():
            sentences = _sentences(line)
            for i, sentence in enumerate(sentences):
                person = _PERSON_AGREED.search(sentence)
                group = None if person else _GROUP_AGREED.search(sentence)
                if person is None and group is None:
                    continue
                count += 1
                b = self.b
                location = Lines.loc(n)
                node = b.resource(mint_ref("meeting", self.slug, "agreement", str(count)), EQ.Commitment, location)
                b.add(node, EQ.arisingFrom, self.meeting)
                b.text(node, EQ.note, "An agreement in the minute text; the minutes do not mark it as an action.")
                if person is not None:
                    text = person.group(0)
                    b.text(node, EQ.wording, person.group(1))
                    who = entities.resolve_person(person.group(1), self.ctx)
                    b.add(node, EQ.lead, who)
                    self._ensure_person(who, person.group(1), location)
                else:
                    text = sentence
                    subject = group.group("subject") if group is not None else None
                    if subject:
                        b.text(node, EQ.wording, subject)
                    else:
                        passive = group.group("passive") if group is not None else ""
                        b.text(node, EQ.note, f"Worded without a subject ('{passive}'): read as the meeting's agreement.")
                    if self.body is not None:
                        b.add(node, EQ.lead, self.body)
                    else:
                        b.text(node, EQ.ambiguity, "Agreed by the meeting, whose body the minutes do not name.")
                    following = sentences[i + 1] if i + 1 < len(sentences) else ""
                    confirmed = _CONFIRMED.match(following)
                    if confirmed:
                        who = entities.resolve_person(confirmed.group(1), self.ctx)
                        b.add(node, PROV.wasAttributedTo, who)
                        self._ensure_person(who, confirmed.group(1), location)
                        b.text(node, EQ.note, f"Confirmed by {confirmed.group(1)}: '{following}'")
                b.text(node, EQ.text, text)
                tag(b, node, text, location)
                b.report.count("agreement")

    # ------------------------------------------------------------ reported plans

    def _reported_plans(self) -> None:
        """An agenda item "... Equality Plan Update": the plan, and one objective per short heading under it."""
        for item in self.items:
            match = re.search(r"(?i)\b((?:joint |strategic )?equality plan)\b", item.title)
            if not match:
                continue
            body = self.content(item.first + 1, item.last)
            if not body:
                continue
            intro = body[0][1]
            orgs = self._organisations_in(intro)
            area = next(
                (re.sub(r"\s+Police$", "", str(entities.label(o))) for o in orgs if str(entities.label(o) or "").endswith(" Police")),
                "",
            )
            in_text = re.search(re.escape(match.group(1)), intro, flags=re.I)
            written = in_text.group(0) if in_text else match.group(1)
            name = f"{area} {written}".strip()
            b = self.b
            plan = b.resource(mint_ref("plan", slugify(name)), EQ.StrategicEqualityPlan, Lines.loc(body[0][0]))
            b.text(plan, DCTERMS.title, written)
            b.text(plan, RDFS_LABEL, name)
            b.add(plan, EQ.documentType, DOCTYPE["strategic-equality-plan"])
            # Only the headings the minutes report: what they leave out is not a gap of the plan.
            b.add(plan, EQ.knownFrom, EQ.reportInMinutes)
            for org in orgs:
                b.add(plan, EQ.organisation, org)
            b.text(
                plan, EQ.ambiguity,
                f"Known only from these minutes (agenda item '{item.title}'): its period, date and the full wording of its objectives are not given here.",
            )
            b.add(self.doc, EQ.reportsOn, plan)
            b.add(self._item_uri(item, None), EQ.reportsOn, plan)
            b.report.count("reported plan")
            for i, (n, line) in enumerate(body[1:], 1):
                if not _is_title(line, 8):
                    continue
                paras = []
                for m, para in body[i + 1 :]:
                    if _is_title(para, 8):
                        break
                    paras.append((m, para))
                last = paras[-1][0] if paras else n
                obj = b.resource(URIRef(f"{plan}/objective/{slugify(line)}"), EQ.EqualityObjective, Lines.loc(n, last))
                b.text(obj, DCTERMS.title, line)
                b.add(plan, EQ.hasObjective, obj)
                b.add(obj, EQ.objectiveOf, plan)
                if paras:
                    b.text(obj, EQ.progressUpdate, " ".join(p for _, p in paras))
                b.add(self.doc, EQ.reportsOn, obj)
                tag(b, obj, line, Lines.loc(n))
                b.report.count("reported objective")

    def _organisations_in(self, text: str) -> list[URIRef]:
        """Organisations named in a sentence: decided mentions for this document, then registry labels."""
        reg = entities.registry()
        found: list[URIRef] = []
        key = entities.normalise(text)
        for (doc, wording), target in sorted(reg.mentions.items()):
            if doc == str(self.doc) and wording in key and target not in found and (target, RDF.type, EQ.Organisation) in reg.graph:
                found.append(target)
        for piece in re.split(r"\band\b|,", text):
            org = entities.find_organisation(piece, self.ctx)
            if org is not None and org not in found:
                found.append(org)
        return found


_PERSON_AGREED = re.compile(r"\b([A-Z]{2,4}) agreed to ([^.]+)\.")
_GROUP_AGREED = re.compile(
    r"^(?P<subject>(?:the )?(?:group|committee|board|panel|forum|meeting|members|network|partnership)) "
    r"(?:unanimously |formally )?agreed (?:that|to)\b"
    r"|(?P<passive>\bit was (?:unanimously |formally )?agreed\b|^resolved(?: that|:)|\ban agreement was (?:made|reached)\b)",
    re.I,
)
_CONFIRMED = re.compile(r"^([A-Z]{2,4}) confirmed that this (?:would be|was|is) the agreed\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _sentences(line: str) -> list[str]:
    """The sentences of a line, split after a full stop before a capital."""
    return [s.strip() for s in _SENTENCE_END.split(line.strip()) if s.strip()]


def _number(builder: Builder, node: URIRef, number: str) -> None:
    """eq:number as xsd:integer (decision 0002); a dotted number ("3.1") is an eq:reference instead."""
    if re.fullmatch(r"\d+", number):
        builder.add(node, EQ.number, Literal(int(number), datatype=XSD.integer))
    else:
        builder.text(node, EQ.reference, number)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def _status(update: str) -> URIRef | None:
    """The status a progress update starts with ("Completed – ...", "Ongoing – ...")."""
    head = re.split(r"\s[–-]\s|[.:;,]", update.strip(), maxsplit=1)[0].strip().lower()
    return _STATUS_WORDS.get(head)


def tag(builder: Builder, node: URIRef, text: str, location: str) -> None:
    """Tag a text with the characteristic and theme lexicons (basis:tagged), when the tagging module is present."""
    try:
        from eqkg.ingest import tagging
    except ImportError:
        return
    tagging.tag_resource(builder, node, text, location)


def timeline(builder: Builder, node: URIRef, wording: str, location: str) -> None:
    """A timeline ("to be discussed in June 2022") read as an interval, when the timelines module is present."""
    try:
        from eqkg.ingest import timelines
    except ImportError:
        return
    timelines.add_timeline(builder, node, wording, location)


SKOS_ALT = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")



def parse(text: str, *, source_name: str = "<text>", slug: str | None = None) -> IngestResult:
    """Minutes text -> RDF (meeting, participants, agenda, actions, reported plans) and a report."""
    if not text.strip():
        raise InputError("the minutes are empty")
    return MinutesParser(text, source_name, slug).build()


_ATTENDEE_HEADING = re.compile(r"(?i)^\s*(attendees|present|in attendance)\s*:?\s*$")
_INITIALS_ROW = re.compile(r"^[A-Z][^\t()]*\S \([A-Z]{2,4}\)$")
#: Cues of layouts this reader does not read (markdown structure, sentences listing apologies, "Item N").
_OTHER_LAYOUT = re.compile(r"(?im)^\s*(#{1,6}\s|\|)|apologies (?:for absence )?(?:were|have been|had been) "
                           r"(?:received|noted|given)|^\s*(?:agenda )?item\s+\d+\b")


def fits(document) -> Fit:
    """Whether the text has the seed minutes' layout (then this reader reads it; else the general one does).

    The cues are what parse() relies on: a heading block with a date above an
    "Attendees"/"Present" line followed by "Name<TAB>Role" rows or
    "Name (INITIALS)" lines (the 2019 PALG and 2022 PPBW minutes), or agenda
    items all numbered "1." with speakers named by initials (the undated PALG
    minutes). Markdown headings or tables, "Apologies were received from ..."
    and "Item N" headings belong to other layouts.
    """
    if document.format not in ("txt", "md") or _OTHER_LAYOUT.search(document.text):
        return Fit(0)
    lines = Lines(document.text)
    heading = lines.find(_ATTENDEE_HEADING)
    if heading is not None:
        dated = any(parse_date(line) for _, line in lines.numbered(1, heading - 1))
        rows = 0
        for _, line in lines.numbered(heading + 1, heading + 80):
            text = line.strip()
            if _NUMBERED.match(text):
                break
            if ("\t" in text and entities.looks_like_person_name(text.split("\t")[0].strip())) or \
                    _INITIALS_ROW.match(text):
                rows += 1
        if dated and rows >= 3:
            return Fit(3, ("dated heading", "attendee rows as Name<TAB>Role or Name (INITIALS)"))
        return Fit(0)
    numbered = [m.group(1) for _, line in lines.numbered() if (m := _NUMBERED.match(line.strip()))]
    speakers = sum(len(_SPEAKER.findall(line)) for _, line in lines.numbered())
    if len(numbered) >= 3 and set(numbered) == {"1"} and speakers >= 3:
        return Fit(2, ("agenda items all numbered '1.'", "speakers named by initials"))
    return Fit(0)


def read(document, *, slug: str | None = None) -> IngestResult:
    """Read a document of the seed layout (its text, line by line)."""
    return parse(document.text, source_name=document.source_name, slug=slug)
