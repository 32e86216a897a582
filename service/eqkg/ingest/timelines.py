"""Timeline wording ("Q4 2022/23", "Autumn 2022- On-going") read as a date interval, wording always kept.

Why: "which commitments are due before 2023-04-01?" needs dates, but the
documents give quarters of financial years, seasons, months and "on-going".
Each reading rule is written down here and in docs/ingest.md; wording that
fits no rule gets no interval and is reported, never guessed.

Rules (UK public-sector conventions):

- financial year "2022/23" or "2022-23": 1 April 2022 to 31 March 2023;
- quarter "Q4 2022/23": quarters of the financial year (Q1 April-June, ...,
  Q4 January-March of the second calendar year); "Q4 2022" (no /YY): calendar quarter;
- season "Spring 2023": meteorological seasons (spring March-May, summer
  June-August, autumn September-November, winter December-February);
- month "March 2023", "Mar 2023", "Nov 22" (a two-digit year is 20YY);
- year "2023"; ranges "January to April 2023", "2020-2024", "Oct 2022 - March 2023";
- open-ended "Autumn 2022- On-going", "Jan 2023 then rolling": a start, no end;
- "by March 2023": the end only; a leading dash is a bullet ("-March 2023" is March 2023);
- status words with no dates: "Complete(d)", "Ongoing"/"On-going", "In progress", "Rolling".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import TIME, XSD

from eqkg.ingest.common import Builder
from eqkg.namespaces import EQ, STATUS

MONTHS: dict[str, int] = {}
for _n in range(1, 13):
    MONTHS[calendar.month_name[_n].lower()] = _n
    MONTHS[calendar.month_abbr[_n].lower()] = _n
MONTHS["sept"] = 9
#: Welsh month names, with the mutated forms they take after "erbyn", "ym" or "o" (Welsh plans' timescales).
for _n, _names in enumerate((("ionawr",), ("chwefror",), ("mawrth", "fawrth"), ("ebrill",), ("mai", "fai"),
                             ("mehefin", "fehefin"), ("gorffennaf",), ("awst",), ("medi", "fedi"),
                             ("hydref",), ("tachwedd", "dachwedd", "nhachwedd"), ("rhagfyr", "ragfyr")), start=1):
    for _name in _names:
        MONTHS[_name] = _n

SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>\d{4}|\d{2})"
_FY = r"(?P<fy>\d{4})\s*[/-]\s*(?P<fy2>\d{2}|\d{4})"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("quarter", re.compile(r"q(?P<q>[1-4])\s*(?:of\s+)?" + _FY + r"\b", re.I)),
    ("cquarter", re.compile(r"q(?P<q>[1-4])\s+(?P<year>\d{4})\b", re.I)),
    ("season", re.compile(r"(?P<season>spring|summer|autumn|fall|winter)\s+(?P<year>\d{4})\b", re.I)),
    ("fy", re.compile(_FY + r"\b", re.I)),
    ("month", re.compile(_MONTH + r"\s+" + _YEAR + r"\b", re.I)),
    ("year", re.compile(r"(?P<year>\d{4})\b", re.I)),
]
_MONTH_ONLY = re.compile(_MONTH + r"\b", re.I)
_OPEN = re.compile(r"^\s*(?:[-\u2013\u2014]|and|then)?\s*(?:on-?going|rolling|onwards)\b\.?", re.I)
_RANGE_SEP = re.compile(r"^\s*(?:[-\u2013\u2014]|to|until|till)\s*", re.I)

STATUS_WORDS: dict[str, URIRef] = {
    "complete": STATUS["completed"],
    "completed": STATUS["completed"],
    "ongoing": STATUS["ongoing"],
    "on-going": STATUS["ongoing"],
    "on going": STATUS["ongoing"],
    "rolling": STATUS["ongoing"],
    "in progress": STATUS["in-progress"],
}


@dataclass
class Reading:
    """What a timeline wording says: an interval (either end may be open) and any status words."""

    wording: str
    start: date | None = None
    end: date | None = None
    open_ended: bool = False
    statuses: list[URIRef] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # parts of the wording that fit no rule
    #: A line that says only that the work is under way ("Ongoing", "In progress") beside a dated line:
    #: the work started before that date, so the dated line gives the end only.
    under_way: str | None = None

    @property
    def recognised(self) -> bool:
        """Whether any rule read the wording (dates or status words)."""
        return self.start is not None or self.end is not None or bool(self.statuses)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int:
    value = int(text)
    return 2000 + value if value < 100 else value


def _span(kind: str, m: re.Match[str]) -> tuple[date, date]:
    """The first and last day of one matched period."""
    g = m.groupdict()
    if kind in ("quarter", "fy"):
        first = int(g["fy"])
        second = _year(g["fy2"]) if len(g["fy2"]) == 4 else (first // 100) * 100 + int(g["fy2"])
        if kind == "fy":
            return date(first, 4, 1), date(second, 3, 31)
        start_month = {1: 4, 2: 7, 3: 10, 4: 1}[int(g["q"])]
        year = second if g["q"] == "4" else first
        return date(year, start_month, 1), _last_day(year, start_month + 2)
    if kind == "cquarter":
        start_month = 3 * int(g["q"]) - 2
        return date(int(g["year"]), start_month, 1), _last_day(int(g["year"]), start_month + 2)
    if kind == "season":
        first_month, last_month = SEASONS[g["season"].lower()]
        year = int(g["year"])
        end_year = year + 1 if first_month > last_month else year
        return date(year, first_month, 1), _last_day(end_year, last_month)
    if kind == "month":
        month, year = MONTHS[g["month"].lower()], _year(g["year"])
        return date(year, month, 1), _last_day(year, month)
    year = int(g["year"])
    return date(year, 1, 1), date(year, 12, 31)


def _period(text: str) -> tuple[date, date, int] | None:
    """The period at the very start of text: (first day, last day, characters used)."""
    for kind, pattern in _PATTERNS:
        m = pattern.match(text)
        if m:
            first, last = _span(kind, m)
            if kind == "fy" and last.year != first.year + 1:
                continue  # "2020-2024" is a range of years, not a financial year
            return first, last, m.end()
    return None


def _read_part(part: str, reading: Reading) -> None:
    """Read one line of a timeline cell into `reading` (dates widen it; statuses add up)."""
    text = part.strip().strip(".;,").strip()
    text = re.sub(r"^[-\u2013\u2014\u2022]\s*", "", text)  # a bullet dash
    by = re.match(r"(?:by|before|no later than)\s+", text, re.I)
    if by:
        text = text[by.end():]
    lowered = text.lower()
    if lowered in STATUS_WORDS:
        _add_status(reading, STATUS_WORDS[lowered])
        return
    found = _period(text)
    start: date | None = None
    if found is None:
        # "January to April 2023": a month without a year, taking the year of the end.
        m = _MONTH_ONLY.match(text)
        sep = _RANGE_SEP.match(text[m.end():]) if m else None
        if m and sep:
            after = text[m.end() + sep.end():]
            end_found = _period(after)
            if end_found is not None:
                start = date(end_found[0].year, MONTHS[m.group("month").lower()], 1)
                _widen(reading, None if by else start, end_found[1])
                _rest(reading, after[end_found[2]:])
                return
        reading.unread.append(part.strip())
        return
    first, last, used = found
    rest = text[used:]
    open_m = _OPEN.match(rest)
    if open_m:
        _widen(reading, first, None)
        reading.open_ended = True
        _add_status(reading, STATUS["ongoing"])
        _rest(reading, rest[open_m.end():])
        return
    sep = _RANGE_SEP.match(rest)
    if sep:
        end_found = _period(rest[sep.end():])
        if end_found is not None:
            _widen(reading, None if by else first, end_found[1])
            _rest(reading, rest[sep.end() + end_found[2]:])
            return
    _widen(reading, None if by else first, last)
    _rest(reading, rest)


def _rest(reading: Reading, rest: str) -> None:
    """Trailing words after a period: status words are read, anything else is reported as unread."""
    words = rest.strip(" .;,-\u2013\u2014").strip()
    if not words:
        return
    lowered = words.lower()
    for wording, status in STATUS_WORDS.items():
        if lowered == wording or lowered.endswith(" " + wording):
            _add_status(reading, status)
            if lowered == wording:
                return
    reading.unread.append(words)


def _add_status(reading: Reading, status: URIRef) -> None:
    if status not in reading.statuses:
        reading.statuses.append(status)


def _widen(reading: Reading, start: date | None, end: date | None) -> None:
    if start is not None:
        reading.start = start if reading.start is None else min(reading.start, start)
    if end is not None:
        reading.end = end if reading.end is None else max(reading.end, end)


def normalise(wording: str) -> Reading:
    """Read a timeline wording (one cell; lines or paragraphs are read one by one)."""
    reading = Reading(wording=wording.strip())
    parts = [p for p in re.split(r"\n+", wording) if p.strip()]
    for part in parts:
        _read_part(part, reading)
    if reading.open_ended:
        reading.end = None
    under_way = [p.strip() for p in parts
                 if STATUS_WORDS.get(p.strip().strip(".;,").strip().lower()) in (STATUS["ongoing"], STATUS["in-progress"])]
    if under_way and len(parts) > 1 and reading.end is not None:
        reading.start = None
        reading.under_way = under_way[0]
    return reading


def add_timeline(builder: Builder, subject: URIRef, wording: str, location: str | None) -> Reading:
    """Attach an eq:Timeline to a commitment: wording kept, interval and eq:startDate/eq:dueDate when read.

    The timeline is `{subject}/timeline`; its ends are time:Instant nodes
    `{subject}/timeline/beginning` and `.../end`. Unread wording is reported.
    """
    reading = normalise(wording)
    timeline = builder.resource(URIRef(f"{subject}/timeline"), EQ.Timeline, location)
    builder.add(subject, EQ.timeline, timeline)
    builder.text(timeline, EQ.wording, wording)
    if reading.start is not None:
        begin = builder.resource(URIRef(f"{timeline}/beginning"), TIME.Instant, location)
        builder.add(begin, TIME.inXSDDate, Literal(reading.start.isoformat(), datatype=XSD.date))
        builder.add(timeline, TIME.hasBeginning, begin)
        builder.add(subject, EQ.startDate, Literal(reading.start.isoformat(), datatype=XSD.date))
    if reading.end is not None:
        end = builder.resource(URIRef(f"{timeline}/end"), TIME.Instant, location)
        builder.add(end, TIME.inXSDDate, Literal(reading.end.isoformat(), datatype=XSD.date))
        builder.add(timeline, TIME.hasEnd, end)
        builder.add(subject, EQ.dueDate, Literal(reading.end.isoformat(), datatype=XSD.date))
    for status in reading.statuses:
        builder.add(timeline, EQ.status, status)
    if reading.unread:
        note = "; ".join(f"not read as dates: {u!r}" for u in reading.unread)
        builder.text(timeline, EQ.ambiguity, note)
        builder.report.note(f"timeline {wording!r} ({location}): {note}")
    if reading.under_way:
        builder.text(timeline, EQ.ambiguity,
                     f"{reading.under_way!r} says the work is already under way, so the dated entry is read as its "
                     "end only; the start is not given")
    elif len([p for p in wording.split("\n") if p.strip()]) > 1 and (reading.start or reading.end):
        builder.text(timeline, EQ.ambiguity, "the timeline gives several entries; the interval spans all of them")
    builder.report.count("timeline")
    return reading
