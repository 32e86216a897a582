"""The general plan reader: equality objectives and their steps from any document's blocks.

Plans put their objectives in a handful of layouts, and this reader knows
them by their structure, not by one body's wording (docs/ingest.md):

1. **Labelled objectives**: a heading, paragraph, list item or table cell that
   starts "Objective 1", "Equality Objective 2:", "Objective 3 - Title",
   "Amcan 1". Everything up to the next label (or the next heading at the
   same level or above) belongs to that objective. The same number labelled
   twice (a summary, then a section) is one objective.
2. **An objectives section**: a heading or lead-in ("Our equality objectives
   for 2024-2028 are:") followed by a list (each top-level item an objective,
   nested items its steps) or by sub-headings (each an objective, unless every
   sub-heading holds only a bare list: then the sub-headings are themes and
   the list items the objectives), or by headings or bold paragraphs numbered
   "1.", "2." ... (unnumbered headings directly above them are their themes).
3. **Tables** with an objective column (objective / equality objective /
   amcan), read by synonym: action, lead, timescale, measure, characteristics,
   and one tick column per characteristic; the objective cell may be repeated
   or left blank on continuation rows. A table of actions apart whose
   references ("1.1", "EO2.1") or bare objective numbers name objectives read
   elsewhere gives each row to its objective; an objective column of numbers only ("2", "2 and 3", "All")
   gives each row to every objective it names, wherever the table stands. A grid whose columns are the
   objectives ("| Objective 1 | Objective 2 |" over rows "Action 1", "Lead officer", ...) is read by columns.
4. **Outline numbering**: themes "1.", objectives "1.1", actions "1.1.1 ... Lead: X. By: Y." (or objectives
   "1." over actions "1.1"), read when the actions carry leads or dates.

Within an objective: list items, "Action N" blocks, paragraphs after a
lead-in such as "To achieve this we will:", the semicolon clauses of a "To do this we will a; b; c."
sentence and table rows are steps;
"Lead:", "Timescale:", "Measure:" and "Protected characteristics:" lines are
read by synonym into the step (or objective) they follow. Nothing is read
from text that does not have one of these shapes, and the reading report says
which layout was used and where the reader was unsure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS, XSD

from eqkg.config import asset_dir
from eqkg.documents.model import Block, Document, Location, Row
from eqkg.errors import InputError
from eqkg.ingest import entities
from eqkg.ingest.common import Builder, Fit, IngestResult, mint_ref
from eqkg.ingest.statuses import document_rag_key, read_status
from eqkg.ingest.tagging import add_claim, characteristics, detect_lang, tag_resource
from eqkg.ingest.timelines import add_timeline
from eqkg.namespaces import DOCTYPE, EQ, PC, slugify

__all__ = ["fits", "read"]

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "un": 1, "dau": 2, "tri": 3, "pedwar": 4, "pump": 5, "chwech": 6, "saith": 7, "wyth": 8,
    "naw": 9, "deg": 10,
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_NUMBER = (r"(\d{1,2}|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
           + r"|x|ix|viii|vii|vi|v|iv|iii|ii|i|(?-i:[A-H])(?=\s*[:.\-–—)]))")
#: What plans call their objectives besides "objective": only with a number or letter after them ("Priority D –",
#: "Commitment 2:", "Aim 1."), never the bare word ("Our aim is ...").
_OTHER_WORD = (r"(?:(?:our\s+)?(?:equality\s+|edi\s+|strategic\s+)?(?:commitment|priority|aim|goal|ambition|outcome|"
               r"ymrwymiad|blaenoriaeth|nod)(?=\s*(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten)\s*[:.\-–—)]|"
               r"(?-i:[A-H])\s*[:.\-–—)])))")
_LABEL_WORD = (r"(?:(?:our\s+)?(?:strategic\s+)?(?:equality\s+|diversity\s+|inclusion\s+)?objective"
               r"|(?:our\s+)?equality\s+outcome|" + _OTHER_WORD + r"|eo(?=\s*\d)|amcan(?:\s+cydraddoldeb)?)")
#: "Objective 1", "Equality Objective 2:", "Objective 3 - Title", "Amcan 1." at the start of a block.
_LABEL = re.compile(rf"^\W{{0,3}}{_LABEL_WORD}\s*(?:no\.?\s*|number\s+|rhif\s+)?{_NUMBER}(?![\w.]\w)"
                    r"(?:\s*\([^)]{1,12}\))?\s*(?P<sep>[:.\-–—)|]|$)?\s*(?P<rest>.*)$", re.I | re.S)
#: "Action 1", "Action 2:" at the start of a block.
_ACTION = re.compile(r"^\W{0,3}(?:(?:action|step|cam|gweithred)\s*\d{1,2}(?:\.\d{1,2})?|objective\s*\d{1,2}\.\d{1,2})\s*(?:[:.\-–—)]\s*|$)(?P<rest>.*)$",
                     re.I | re.S)
_OBJECTIVES_HEADING = re.compile(r"\b(objectives|equality outcomes|h?amcanion|what we will do|"
                                 r"our (?:\w+ )?(?:equality )?(?:priorities|commitments|goals|aims|outcomes)|"
                                 r"(?:equality|strategic|edi|inclusion|diversity) (?:priorities|commitments|goals|aims)|"
                                 r"ein (?:\w+ )?(?:blaenoriaethau|hymrwymiadau|nodau|canlyniadau))\b", re.I)
_NOT_OURS = re.compile(
    r"\b(previous|last|former|progress|review(?:ing)?|achieve(?:d|ments)|engagement|consultation|how we|"
    r"developed|setting|set our|legal|duty|duties|background|monitor(?:ing)?|introduction|about|"
    r"annual report|report on|cyflwyniad|cynnydd|blaenorol|contents|cynnwys|dyletswydd\w*|ein rôl|our role|"
    r"message|foreword|rhagair|contact|cysylltu|glossary|geirfa)\b", re.I)
#: Lead-ins after which paragraphs are steps.
_STEPS_LEAD_IN = re.compile(
    r"^(?:to achieve (?:this|these|our|the)\b.*|(?:what|how) we (?:will|are going to) (?:do|achieve|deliver)\b.*|"
    r"how we will (?:get there|make (?:this|it) happen|meet (?:this|it))\b.*|how we will do (?:this|it)\b.*|"
    r"activities\b.*|our plan\b.*|sut y byddwn yn cyflawni.*|"
    r"we will\s*:?|(?:key )?actions?\s*(?:we will take)?\s*:?|steps?\s*:?|our (?:actions|commitments|steps)\b.*|"
    r"this (?:means|will include) we will\s*:?|in order to achieve this.*|camau\b.*|byddwn yn\s*:?|"
    r"er mwyn cyflawni.*|beth fyddwn ni.n ei wneud.*)$", re.I)
_MEASURES_LEAD_IN = re.compile(
    r"^(?:how we will (?:know|measure)\b.*|(?:success |performance )?measures?\b.*|(?:key )?performance indicators?.*|"
    r"kpis?\b.*|what success (?:will )?look(?:s)? like.*|how will we know.*|sut y byddwn yn gwybod.*|mesurau.*|"
    r"targets?\b.*)$", re.I)
#: Sub-headings whose paragraphs state the objective ("Outcome we want").
_STATEMENT_LEAD_IN = re.compile(
    r"^(?:(?:the )?outcomes? we want.*|what we want to achieve.*|our aim\b.*|(?:the )?aim\b.*|what will be different.*|"
    r"what this means.*|the outcome\b.*|ein nod\b.*|y canlyniad.*)$", re.I)
_CONTEXT_LEAD_IN = re.compile(
    r"^(?:why (?:is )?this (?:is )?(?:important|matters)\b.*|why we chose.*|background.*|what the evidence.*|"
    r"evidence.*|context.*|the evidence.*|pam mae hyn yn bwysig.*|tystiolaeth.*)$", re.I)

#: Field labels in running text ("Lead: Head of HR") and table headers, by meaning.
_FIELDS: dict[str, tuple[str, ...]] = {
    "lead": ("lead", "lead officer", "lead officers", "lead service", "lead department", "owner", "owners",
             "responsible", "responsible officer", "responsible officers", "responsibility", "responsible service",
             "service", "services", "accountable", "who", "who will lead", "who is responsible", "led by",
             "lead directorate", "directorate", "department", "arweinydd", "arweinwyr", "swyddog arweiniol",
             "cyfrifol", "perchennog", "pwy"),
    "due": ("timescale", "timescales", "timeline", "timeframe", "time frame", "by when", "when", "deadline",
            "target date", "due", "due date", "date", "completion date", "target", "by", "delivery date",
            "completion", "target completion", "target completion date", "end date", "date due", "complete by",
            "amserlen", "erbyn pryd", "dyddiad", "dyddiad targed", "erbyn"),
    "measure": ("measure", "measures", "success measure", "success measures", "measure of success",
                "measures of success", "how we will know", "how will we know", "how we will measure success",
                "how we will measure progress", "kpi", "kpis", "key performance indicator",
                "performance indicator", "performance measure", "performance measures", "outcome", "outcomes",
                "expected outcome", "expected outcomes", "indicator", "indicators", "evidence of success",
                "mesur", "mesurau", "mesur llwyddiant", "canlyniad", "canlyniadau", "measured by",
                "measured through", "how success will be measured", "how we will measure it",
                "how we will measure this", "sut y byddwn yn mesur", "mesurir gan"),
    "characteristics": ("protected characteristic", "protected characteristics", "characteristic",
                        "characteristics", "characteristics covered", "protected characteristics covered",
                        "who this covers", "who it covers", "equality groups", "groups", "nodweddion",
                        "who it is for", "who it's for", "who this is for", "who benefits", "target group",
                        "target groups", "beneficiaries", "groups affected", "pwy sy'n elwa",
                        "nodweddion gwarchodedig", "nodwedd warchodedig"),
    "objective": ("objective", "objectives", "equality objective", "equality objectives", "our objective",
                  "strategic objective", "equality outcome", "equality outcomes", "amcan", "amcanion",
                  "amcan cydraddoldeb", "obj", "obj no", "objective no", "objective number", "objective ref"),
    "step": ("action", "actions", "step", "steps", "what we will do", "what will we do", "activity",
             "activities", "key actions", "action required", "actions required", "how we will achieve this",
             "how we will do this", "commitment", "commitments", "task", "tasks", "we will", "cam", "camau",
             "gweithred", "gweithredoedd", "beth fyddwn ni'n ei wneud", "what we said we would do",
             "what we said we'd do", "what we planned to do", "what we promised to do", "what we committed to do",
             "planned action", "planned actions", "agreed action", "agreed actions", "beth ddywedon ni y byddem yn ei wneud"),
    "status": ("status", "rag", "rag status", "rag rating", "current status", "progress status",
               "delivery status", "statws", "statws rag", "statws cyfredol"),
    "ref": ("ref", "reference", "no", "no.", "number", "#", "id", "cyf", "rhif"),
    "description": ("description", "title", "summary", "detail", "details", "what we want to achieve",
                    "disgrifiad", "teitl"),
}
_FIELD_LINE = re.compile(
    r"^\W{0,3}(?P<label>[A-Za-zâêîôûŵŷ'’ ]{1,40}?)\s*[:\-–—]\s+(?P<value>\S.*)$", re.S)
_ORG_LINE = re.compile(r"^(?:organisation|organization|body|public body|sefydliad|corff)\s*[:\-–]\s*(.+)$", re.I)
_ORG_NAME = re.compile(
    r"((?:[A-Z][\w'’&.-]*\s+(?:(?:of|and|for|the|&)\s+)*){0,6}"
    r"(?:Police and Crime Commissioner(?: for(?: [A-Z][\w'’-]+| and)+)?|"
    r"County Borough Council|County Council|Borough Council|City Council|City and County Council|District Council|"
    r"Council|Constabulary|Police(?: Service| Force)?(?: Scotland)?|Health Board|University Health Board|"
    r"NHS(?: Foundation)? Trust|Fire and Rescue Service|Fire and Rescue Authority|Fire and Rescue|"
    r"Combined Authority|Integration Joint Board|Housing Association|University(?: of(?: [A-Z][\w'’-]+)+)?|"
    r"College|Commission|Authority|Agency|Ombudsman|Government|Cyngor(?: [A-Z][\w'’-]+)+|Heddlu(?: [A-Z][\w'’-]+)+|"
    r"Bwrdd Iechyd(?: [A-Z][\w'’-]+)+|Prifysgol(?: [A-Z][\w'’-]+)+|"
    r"Gwasanaeth Tân ac Achub(?: [A-Z][\w'’-]+)+|Comisiynydd Heddlu a Throseddu(?: [A-Z][\w'’-]+)+|"
    r"Awdurdod Tân ac Achub(?: [A-Z][\w'’-]+)+)(?![\w'’]))")
_ALL = re.compile(r"^(?:all(?: nine| 9)?(?: protected)?(?: characteristics| pcs| groups)?|pob un|y cyfan|"
                  r"pob nodwedd(?: warchodedig)?|y naw nodwedd(?: warchodedig)?)\.?$", re.I)
#: Wording inside a sentence that names every protected characteristic at once.
_ALL_NAMED = re.compile(r"\b(?:all|each of|every one of)\s+(?:of\s+)?(?:the\s+|our\s+)?(?:nine\s+|9\s+)?"
                        r"protected\s+characteristics\b|\bpob\s+un\s+o.r\s+naw\s+nodwedd\s+warchodedig\b|"
                        r"\by\s+naw\s+nodwedd\s+warchodedig\s+i\s+gyd\b|"
                        r"\bpob\s+nodwedd\s+warchodedig\b", re.I)
_TICK = re.compile(r"^(?:✓|✔|☑|✅|x|y|yes|ie|oes|1|true|•|●)$", re.I)
_MINUTES_SIGNS = re.compile(r"^(?:present|attendees|in attendance|apologies|minutes of|cofnodion|yn bresennol|"
                            r"ymddiheuriadau)\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z‘'\"(])")


# ---------------------------------------------------------------- what is read


@dataclass
class Fields:
    """Lead, timescale, measure and stated characteristics, as written."""

    lead: str | None = None
    due: str | None = None
    measure: list[str] = field(default_factory=list)
    stated: list[tuple[str, str]] = field(default_factory=list)  # (wording, location)
    status: str | None = None  # "On track", "Amber", "Ar waith": as written

    def take(self, key: str, value: str, location: str) -> bool:
        value = re.sub(r"(?:\s+[–—-])+$", "", value.strip().rstrip(".;,").strip()).strip()  # "X – Timescale: Y"
        if not value:
            return False
        if key == "lead":
            self.lead = value if self.lead is None else f"{self.lead}; {value}"
        elif key == "due":
            self.due = value if self.due is None else f"{self.due}; {value}"
        elif key == "measure":
            self.measure.append(value)
        elif key == "characteristics":
            self.stated.append((value, location))
        elif key == "status":
            self.status = value if self.status is None else f"{self.status}; {value}"
        else:
            return False
        return True


@dataclass
class StepRead:
    text: str
    location: Location
    source: str
    fields: Fields = field(default_factory=Fields)
    from_item: bool = False
    level: int = 0
    details: list[str] = field(default_factory=list)
    reference: str | None = None  # as written before the step ("1.1", "A3")
    lang: str | None = None  # the language of the lead-in it was listed under, when one was seen


@dataclass
class ObjectiveRead:
    number: int | None
    title: str
    location: Location
    source: str
    statement: str = ""
    steps: list[StepRead] = field(default_factory=list)
    fields: Fields = field(default_factory=Fields)
    context: list[str] = field(default_factory=list)
    other_titles: list[str] = field(default_factory=list)
    theme: str | None = None
    rank: int = 0  # where the label stood: heading 3, bold paragraph 2, paragraph 1, list item 0
    notes: list[str] = field(default_factory=list)  # what could not be placed inside it
    remarks: list[str] = field(default_factory=list)  # the plan's own notes on it ("Note: ...", a table's note row)
    translations: list[ObjectiveRead] = field(default_factory=list)  # the same objective in another language
    lang: str | None = None  # its language where the document says so (a bilingual heading's other half)


@dataclass
class Reading:
    objectives: list[ObjectiveRead]
    layout: str
    unsure: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- small readers


def _number(word: str) -> int:
    low = word.casefold()
    if low.isdigit():
        return int(low)
    if word in "ABCDEFGH" and len(word) == 1:  # "Priority D": the fourth
        return ord(word) - ord("A") + 1
    return _WORD_NUMBERS.get(low) or _ROMAN[low]


def label_of(text: str, heading: bool) -> tuple[int, str] | None:
    """(number, the rest) when a block starts with an objective label; prose ("Objective 1 is ...") is not."""
    m = _LABEL.match(text.strip())
    if not m:
        return None
    rest = m.group("rest").strip()
    if not m.group("sep") and rest and not heading:
        return None  # "Objective 1 is linked to ..." in running text
    if not m.group("sep") and rest and heading and rest[:1].islower():
        return None
    return _number(m.group(1)), rest.strip(" :.-–—")


def _uncontract(text: str) -> str:
    """ "what we'll do" -> "what we will do": headers written as people speak."""
    return re.sub(r"\b(we|you|they|i)'(ll|re|ve)\b",
                  lambda m: f"{m.group(1)} " + {"ll": "will", "re": "are", "ve": "have"}[m.group(2)], text)


def _field_key(label: str) -> str | None:
    key = _uncontract(re.sub(r"\s+", " ", label.casefold().replace("’", "'").strip(" .:()*")))
    for name, words in _FIELDS.items():
        if key in words:
            return name
    return None


@lru_cache(maxsize=1)
def _inline_fields() -> re.Pattern[str]:
    words = sorted((w for k in ("lead", "due", "measure", "characteristics", "status") for w in _FIELDS[k]
                    if len(w) > 3), key=len, reverse=True)
    short = sorted({w for k in ("lead", "due") for w in _FIELDS[k] if len(w) <= 3} | {"when"}, key=len, reverse=True)
    # Short labels ("By:", "Who:", "Pwy:") only at the start or after a sentence ends, never inside one.
    return re.compile(r"(?:^|(?<=\s))(?:" + "|".join(re.escape(w) for w in words) + r")\s*:\s|"
                      r"(?:^|(?<=[.;]\s))(?:" + "|".join(re.escape(w) for w in short) + r")\s*:\s", re.I)


def field_lines(text: str) -> list[tuple[str, str]]:
    """Every "Label: value" of a block, also when a format joined several lines into one paragraph."""
    text = _CAPITAL_SHORT_LABEL.sub("; ", text.strip()) if _inline_fields().match(text.strip()) else text.strip()
    starts = [m.start() for m in _inline_fields().finditer(text)]
    if not starts or starts[0] != 0:
        found = field_line(text)
        return [found] if found else []
    pieces = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    found = [field_line(p) for p in pieces]
    return [f for f in found if f is not None] if all(found) else ([field_line(text)] if field_line(text) else [])


def field_line(text: str) -> tuple[str, str] | None:
    """("lead", "Head of HR") for "Lead officer: Head of HR"; None for other text."""
    m = _FIELD_LINE.match(text.strip())
    if not m:
        return None
    key = _field_key(m.group("label")) or _label_guess(m.group("label"))
    if key in ("lead", "due", "measure", "characteristics", "status"):
        return key, m.group("value").strip()
    return None


_LABEL_START = (
    ("characteristics", re.compile(r"^(?:protected )?characteristics?\b|^(?:equality )?groups\b|^pcs?\b|"
                                   r"^nodweddion\b|^who (?:this|it) (?:benefits|covers|helps)\b", re.I)),
    ("lead", re.compile(r"^(?:lead|owner|responsib|accountable|arweinydd|swyddog arweiniol)", re.I)),
    ("due", re.compile(r"^(?:when|timescale|timeframe|by when|deadline|target date|due|completion|"
                       r"delivery date|end date|amserlen|erbyn pryd)\b", re.I)),
    ("measure", re.compile(r"^(?:how we will (?:know|measure)|measures?\b|success measures?|kpis?\b|"
                           r"performance (?:measure|indicator)|mesur)", re.I)),
)


def _label_guess(label: str) -> str | None:
    """A longer label that starts with a field's word: "Characteristics this objective addresses"."""
    label = label.strip(" *")
    if len(label.split()) > 6:
        return None
    return next((key for key, pattern in _LABEL_START if pattern.search(label)), None)


def numbered(text: str) -> tuple[int | None, str]:
    """(1, "Diverse workforce") for "1. Diverse workforce" or "1) ..."; (None, text) otherwise."""
    m = re.match(r"^\s*(\d{1,2})(?:[.)]|\s*[-–:])\s+(\S.*)$", text, re.S)
    return (int(m.group(1)), m.group(2).strip()) if m else (None, text.strip())


_WHEN = re.compile(r"\b(?:19|20)\d{2}\b|\b(?:january|february|march|april|may|june|july|august|september|october|"
                   r"november|december|spring|summer|autumn|winter|q[1-4]|quarterly|annually|yearly|monthly|"
                   r"ongoing|on-going|each year|every year|each quarter|by end of|ionawr|chwefror|mawrth|ebrill|"
                   r"mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr|parhaus|bob blwyddyn)\b", re.I)


_STEP_REF = re.compile(r"^\(?(?:\d{1,2}\.\d{1,2}(?:\.\d{1,2})?|[A-Z]{1,3}\d{1,2}(?:\.\d{1,2})?)\)?[.:)]?\s+(?=\S)")
_FIELD_AFTER_SENTENCE = re.compile(
    r"(?<=[.;!?)])\s+(?=(?:lead(?: officer)?|owner|responsible(?: officer)?|when|timescale|by when|deadline|"
    r"target date|completion(?: date)?|due(?: date)?|measure(?: of success)?|success measure|kpi|by|who|"
    r"arweinydd|amserlen|pwy|erbyn)\s*:)", re.I)


#: A capitalised field label after a step's words with no full stop before it ("... by 75% Lead: X By: Y"),
#: as markdown joins an item's continuation lines.
_FIELD_AFTER_WORDS = re.compile(
    r"\s+(?=(?:Lead(?: officer)?|Owner|Responsible(?: officer)?|When|Who|Timescale|By when|Deadline|Target date|"
    r"Due(?: date)?|Arweinydd|Amserlen|Erbyn|Pwy)\s*:\s)")
_CAPITAL_SHORT_LABEL = re.compile(r"(?<=\S)\s+(?=(?:By|Who|When|Pwy|Erbyn):\s)")


def step_parts(text: str) -> tuple[str, str | None, Fields]:
    """A step's wording, its reference as written ("1.1"), and the fields written after it.

    "1.1 Run guided walks. Lead: Community Engagement Officer. When: every year." -> ("Run guided walks.",
    "1.1", lead and timescale); "Do this (Head of Housing, March 2025)" -> ("Do this", None, ...).
    """
    text = text.strip()
    reference = None
    ref = _STEP_REF.match(text)
    if ref:
        reference = ref.group().strip(" .:)(")
        text = text[ref.end():]
    splits = [m for m in (_FIELD_AFTER_SENTENCE.search(text), _FIELD_AFTER_WORDS.search(text)) if m]
    split = min(splits, key=lambda m: m.start()) if splits else None  # "Do X – Lead: Y; By: Z": the first field
    if split and text[:split.start()].count("(") > text[:split.start()].count(")"):
        split = None  # "Do X (Responsible: Y – Timescale: Z)": the fields in brackets, read below
    if split:
        found = field_lines(text[split.end():])
        if found:
            fields = Fields()
            for key, value in found:
                fields.take(key, value.rstrip(". "), "")
            return re.sub(r"(?:\s+[–—-])+$", "", text[:split.start()].strip()), reference, fields
    wording, fields = trailing_fields(text)
    return wording, reference, fields


def trailing_fields(text: str) -> tuple[str, Fields]:
    """A step written "Do this (Head of Housing, March 2025)" -> ("Do this", lead and timescale).

    Only a final parenthesis whose every part reads as a labelled field, a timescale, or (first) a
    lead such as a post or team is taken; anything else stays in the step's wording.
    """
    fields = Fields()
    m = re.match(r"^(?P<text>.+?)\s*\((?P<inner>[^()]{3,120})\)\.?$", text, re.S)
    if not m:
        return text, fields
    # "(Lead: Superintendent, Crime Prevention; Ongoing)": where semicolons part the fields, commas are inside them.
    splitter = r";\s*" if ";" in m.group("inner") else r"[;,]\s*|\s+[–—-]\s+"
    parts = [p.strip() for p in re.split(splitter, m.group("inner")) if p.strip()]
    taken: list[tuple[str, str]] = []
    for n, part in enumerate(parts):
        found = field_line(part)
        if found:
            taken.append(found)
        elif _WHEN.search(part) and len(part.split()) <= 6:
            taken.append(("due", re.sub(r"^(?:by|erbyn)\s+", "", part, flags=re.I)))
        elif n == 0 and len(parts) > 1 and part[:1].isupper() and len(part.split()) <= 8:
            taken.append(("lead", part))
        else:
            return text, Fields()
    if not any(key in ("lead", "due") for key, _ in taken):
        return text, Fields()
    for key, value in taken:
        fields.take(key, value, "")
    return m.group("text").strip(), fields


def split_title(text: str) -> tuple[str, str]:
    """A long label text "Title. Statement ..." -> (title, statement); a short one is all title."""
    text = text.strip()
    parts = _SENTENCE.split(text, maxsplit=1)
    if len(parts) == 2 and len(parts[0].split()) <= 14 and len(parts[1].split()) >= 4:
        return parts[0].rstrip(". "), parts[1].strip()
    for sep in (" – ", " — ", " - "):
        head, found, tail = text.partition(sep)
        if found and len(head.split()) <= 10 and len(tail.split()) >= 4:
            return head.strip(), tail.strip()
    return text.rstrip(". ") if len(text.split()) <= 40 else text, ""


#: A sentence that says it is the way the objective will be achieved, its steps following in the same sentence:
#: "To do this we will ...", "To achieve this, we will ...", "How we will achieve this: we will ...",
#: "We will do this by: ...", "Er mwyn cyflawni hyn byddwn yn ...".
_STEPS_SENTENCE = re.compile(
    r"^(?:(?:so\s+)?(?:to|in order to)\s+(?:do|achieve|deliver|meet|make)\s+(?:this|these|that|it|them)"
    r"(?:\s+(?:objective|outcome|happen)s?)?\s*,?\s*we\s+will|"
    r"(?:how|what)\s+we\s+will\s+(?:do|achieve|deliver|meet|get there|make (?:this|it) happen)(?:\s+(?:this|it))?"
    r"(?:\s+objective)?\s*[:\-–—]\s*(?:we\s+will\b)?|"
    r"we\s+will\s+(?:do|achieve|deliver|meet)\s+(?:this|it|these)\s+by\s*:?|"
    r"er\s+mwyn\s+(?:cyflawni|gwneud)\s+hyn,?\s+byddwn\s+(?:yn)?|sut\s+y\s+byddwn\s+yn\s+cyflawni\s+hyn\s*:\s*"
    r"(?:byddwn\s+yn)?)\s*:?\s*(?P<rest>\S.*)$", re.I | re.S)


def semicolon_steps(text: str, introduced: bool = False) -> list[str] | None:
    """The steps of one sentence introduced as the way the objective will be achieved and listing them with
    semicolons ("To do this we will check X; offer Y; and train Z.", "Actions: a; b; c"): ["check X",
    "offer Y", "train Z"], the lead-in's "we will" and the "and" before the last clause dropped. `introduced`:
    the lead-in stood apart just before ("How we will achieve this" over "We will a; b; c."), so the sentence
    need only start "We will". None for any other text, a sentence with semicolons that is not so introduced
    included, and for such a sentence naming only one thing."""
    text = text.strip()
    m = _STEPS_SENTENCE.match(text)
    if m:
        rest = m.group("rest")
    elif ":" in text and 0 < len(text.partition(":")[0].split()) <= 8 and _is_lead_in(text.partition(":")[0]):
        rest = text.partition(":")[2]  # "Our actions: a; b; c"
    elif introduced and re.match(r"^(?:we\s+will|byddwn\s+yn)\s", text, re.I):
        rest = text
    else:
        return None
    welsh = detect_lang(text, default="en") == "cy"
    rest = rest.strip().rstrip(".").strip()
    clauses = [c.strip() for c in re.split(r"\s*;\s*", rest) if c.strip()]
    if len(clauses) < 2:
        return None
    clauses[-1] = re.sub(r"^(?:and|a|ac)\s+" if welsh else r"^and\s+", "", clauses[-1], flags=re.I)
    clauses = [re.sub(r"^(?:we\s+will|byddwn\s+yn)\s+", "", c, flags=re.I) for c in clauses]
    if any(len(c.split()) < 2 for c in clauses):
        return None  # "...; etc.": not a list of actions
    return clauses


def _is_lead_in(text: str) -> bool:
    return bool(_STEPS_LEAD_IN.match(text.strip().rstrip(":").strip()))


# ---------------------------------------------------------------- tables


@dataclass
class TableColumns:
    by_key: dict[str, int]
    ticks: dict[int, URIRef]  # column -> characteristic concept
    headers: tuple[str, ...] = ()

    @property
    def has_objectives(self) -> bool:
        return "objective" in self.by_key


def table_columns(header: Row) -> TableColumns | None:
    """The meaning of each header cell (by synonym), or None when the row is no header we know."""
    by_key: dict[str, int] = {}
    ticks: dict[int, URIRef] = {}
    lex = characteristics()
    for i, cell in enumerate(header.cells):
        text = cell.strip()
        if not text or len(text.split()) > 8:
            continue  # a header names a column in a few words; a sentence is a row of data
        key = _field_key(text)
        if key is None and _LABEL.match(text) is None:
            key = _header_guess(text)
        if key is not None and key not in by_key:
            by_key[key] = i
            continue
        concept = lex.lookup(text)
        if concept is not None and _top_characteristic(concept) is not None and len(text.split()) <= 5:
            ticks[i] = concept
    outcome = by_key.get("measure")
    if ("objective" not in by_key and outcome is not None and "description" in by_key
            and re.fullmatch(r"(?:equality )?outcomes?", header.cells[outcome].strip(), re.I)):
        by_key["objective"] = by_key.pop("measure")  # "Outcome | Description": numbers, then wording
    if ("objective" not in by_key and outcome is not None and "step" in by_key and outcome < by_key["step"]
            and re.fullmatch(r"(?:equality |long[- ]term )?outcomes?", header.cells[outcome].strip(), re.I)):
        # "Outcome" left of the actions is what the actions serve (Scottish bodies' equality outcomes);
        # right of them it would be how success is measured.
        by_key["objective"] = by_key.pop("measure")
        later = next((i for i, c in enumerate(header.cells) if i != outcome and c.strip() and
                      (_field_key(c) or _header_guess(c)) == "measure"), None)
        if later is not None:
            by_key["measure"] = later
    if "objective" not in by_key and "step" in by_key:
        # "Our commitment | Action | ...", "Priority | What we will do": what the actions serve, left of them.
        fallback = next((i for i, c in enumerate(header.cells[:by_key["step"]]) if i not in by_key.values()
                         and _SERVED.search(c)), None)
        if fallback is not None:
            by_key["objective"] = fallback
    if "objective" not in by_key and "step" not in by_key:
        return None
    return TableColumns(by_key, ticks, header.cells)


#: Header words of a column that states what the actions beside it serve, in tables without an objective column.
_SERVED = re.compile(r"\b(?:commitments?|priorit(?:y|ies)|aims?|goals?|outcomes?|ambitions?|ymrwymiad\w*|"
                     r"blaenoriaeth\w*|nod(?:au)?)\b", re.I)


#: Words inside a longer header, by the column they name (first match wins, in this order).
_HEADER_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((key, re.compile(pattern)) for key, pattern in (
    ("objective", r"\bobjective|\bamcan"),
    ("step", r"\b(actions?|what we will do|steps?|activit|tasks?|cam|camau|gweithred\w*|"
             r"what we (?:said|promised|planned|committed|agreed)\b(?: (?:we would|we'd|to))?(?: do)?)\b"),
    ("lead", r"\b(lead|owner|responsib|arweinydd)"),
    ("due", r"\b(timescales?|by when|deadline|target date|due|amserlen|when|completion|end date)\b"),
    ("measure", r"\b(measure|kpi|indicator|how we will know|success|outcome|mesur)"),
    ("characteristics", r"\b(characteristic|nodwedd|pcs?\b|groups? affected|who benefits|who (?:it|this) is for|"
                        r"target groups?)"),
))


def _header_guess(text: str) -> str | None:
    """Longer headers: "Equality objective (what we want to achieve)", "Actions to deliver", "Lead officer/team"."""
    low = _uncontract(text.casefold().replace("’", "'"))
    key = _field_key(re.split(r"[(/:]", low)[0].strip())
    return key or next((name for name, pattern in _HEADER_WORDS if pattern.search(low)), None)


def _cell(row: Row, index: int | None) -> str:
    if index is None or index >= len(row.cells):
        return ""
    return row.cells[index].strip()


def _row_fields(row: Row, cols: TableColumns, fields: Fields) -> None:
    where = row.location.render()
    for key in ("lead", "due", "measure", "characteristics", "status"):
        fields.take(key, _cell(row, cols.by_key.get(key)), where)
    for i in cols.ticks:
        if _TICK.match(_cell(row, i)):
            fields.stated.append((row_header_of(cols, i), where))


def row_header_of(cols: TableColumns, index: int) -> str:
    """The header wording of a tick column (read again by the lexicon when the claim is written)."""
    return cols.headers[index]


def read_table(block: Block, into: ObjectiveRead | None, reading: list[ObjectiveRead],
               unplaced: list[str] | None = None) -> bool:
    """Steps (into an objective) or objectives with steps (into the reading) from one table; False if no header fits."""
    if unplaced is None:
        unplaced = into.notes if into is not None else []
    rows = list(block.rows)
    if shared_table(block) is not None:
        return True  # its rows go where its objective column says, once every objective is read (shared_actions)
    if read_record(rows, into, reading):
        return True
    if into is None and read_grid(rows, reading):
        return True
    start = next((i for i, r in enumerate(rows[:4]) if table_columns(r) is not None), None)
    if start is None or any(re.search(r"recommendation|argymhelliad", c, re.I) for c in rows[start].cells):
        return False  # a response's table of recommendations, not a plan's
    cols = table_columns(rows[start])
    assert cols is not None
    read_columns = set(cols.by_key.values()) | set(cols.ticks)
    for i, header in enumerate(rows[start].cells):
        if header.strip() and i not in read_columns:
            unplaced.append(f"{rows[start].location.render()}: column {header.strip()!r} is not one the reader "
                            "knows (objective, action, lead, timescale, measure, characteristics, status); not read")
    current = into
    for row in rows[start + 1:]:
        if not any(c.strip() for c in row.cells):
            continue
        if current is not None and _note_row(row, rows[start], row is rows[-1]):
            current.remarks.append(" ".join(dict.fromkeys(c.strip() for c in row.cells if c.strip())))
            continue  # a note across the foot of the table ("Contributes to ..."), not an action
        spanning = _label_row(row) if into is None else None
        if spanning is not None:  # "Objective 2: ..." across the row, its actions in the rows below
            number, rest = spanning
            title, statement = split_title(rest)
            current = ObjectiveRead(number, title, row.location, " | ".join(c for c in row.cells if c.strip()),
                                    statement)
            reading.append(current)
            continue
        objective_text = _cell(row, cols.by_key.get("objective")) if into is None else ""
        described = _cell(row, cols.by_key.get("description"))
        if described and re.fullmatch(r"\d{1,2}\.?", objective_text):  # "4 | Our staff are treated fairly"
            objective_text = f"{objective_text.rstrip('.')}. {described}"
        step_text = _cell(row, cols.by_key.get("step"))
        filled = [c for c in row.cells if c.strip()]
        if (objective_text and len(filled) == 1 and "step" in cols.by_key and not label_of(objective_text, True)
                and numbered(objective_text)[0] is None):
            unplaced.append(f"{row.location.render()}: {objective_text!r} stands alone under the table's "
                            "header; not read as an objective")
            continue
        source = " | ".join(c for c in row.cells if c.strip())
        if objective_text and (current is None or not _same_text(objective_text, current)):
            label = label_of(objective_text, heading=True)
            number, rest = label if label else numbered(objective_text)
            title, statement = split_title(rest) if rest else (objective_text, "")
            bare = _BARE_NUMBER.fullmatch(objective_text)
            if bare and not label:  # "1 | Install lifts ...": the number of an objective given elsewhere
                number, title, statement = int(bare.group(1)), "", ""
            current = ObjectiveRead(number, title, row.location, source, statement)
            if cols.by_key.get("ref") is not None and number is None:
                current.number = _leading_number(_cell(row, cols.by_key["ref"]))
            reading.append(current)
        if current is None:
            continue
        if step_text:
            for text in cell_steps(row, cols.by_key["step"]):
                step = table_step(text, row.location, source)
                _row_fields(row, cols, step.fields)
                current.steps.append(step)
        elif objective_text:
            _row_fields(row, cols, current.fields)
    return True


#: An objective cell that only numbers the objective ("1", "2."): its wording is given elsewhere in the plan.
_BARE_NUMBER = re.compile(r"(\d{1,2})\.?")


def _note_row(row: Row, header: Row, last: bool) -> bool:
    """A row of one cell spanning a table of several columns, at its foot, that is a sentence: the table's note."""
    filled = {c.strip() for c in row.cells if c.strip()}
    text = next(iter(filled)) if len(filled) == 1 else ""
    spans = len(row.cells) == 1 or (len(row.cells) > 1 and all(c.strip() == text for c in row.cells))
    return (last and spans and len(header.cells) > 1 and len(text.split()) >= 5 and not label_of(text, True)
            and (text.endswith(".") or re.match(r"^(?:note|notes|nodyn|nodiadau)\b", text, re.I) is not None))


def _label_row(row: Row) -> tuple[int, str] | None:
    """A row whose cells all say the same "Objective N: title" (a merged row across the table)."""
    filled = {c.strip() for c in row.cells if c.strip()}
    if len(filled) != 1:
        return None
    return label_of(next(iter(filled)), heading=True)


def read_record(rows: list[Row], into: ObjectiveRead | None, reading: list[ObjectiveRead]) -> bool:
    """A two-column table that describes one objective: "Objective | ...", "Actions | ...", "Lead | ..."."""
    keyed = [(_field_key(r.cells[0]) or _header_guess(r.cells[0]), r) for r in rows
             if len([c for c in r.cells if c.strip()]) == 2 and r.cells[0].strip() and len(r.cells[0].split()) <= 6]
    keys = [k for k, _ in keyed if k is not None]
    if len(keyed) != len(rows) or len(keys) < 2 or ("objective" not in keys and "step" not in keys):
        return False
    if into is None and "objective" not in keys:
        return False
    target = into
    for key, row in keyed:
        value = next(c for c in row.cells[1:] if c.strip()).strip()
        where = row.location.render()
        if key == "objective" and into is None:
            label = label_of(value, heading=True)
            number, rest = label if label else numbered(value)
            title, statement = split_title(rest)
            target = ObjectiveRead(number, title, row.location, value, statement)
            reading.append(target)
        elif key == "objective" and target is not None and not target.title:
            target.title, target.statement = split_title(value)  # "### Outcome 1" above, its wording here
        elif target is None:
            continue
        elif key == "step":
            for part in cell_steps(row, next(i for i, c in enumerate(row.cells[1:], start=1) if c.strip())):
                target.steps.append(table_step(part, row.location, value))
        elif key in ("lead", "due", "measure", "characteristics", "status"):
            target.fields.take(key, value, where)
        else:
            target.context.append(value)
    return True


def _row_key(text: str) -> str | None:
    """What a grid's first-column cell names: "Lead officer" -> lead, "Action 2" -> step, "Title" -> description."""
    text = text.strip()
    if not text or len(text.split()) > 8:
        return None
    return _field_key(text) or _header_guess(text) or ("step" if _ACTION.match(text) else None)


def read_grid(rows: list[Row], reading: list[ObjectiveRead]) -> bool:
    """A grid whose columns are the objectives: a top row "| Objective 1 | Objective 2 | ..." (or a first row
    keyed "Objective") and rows named in the first column ("Title", "Action 1", "Action 2", "Lead officer",
    "Target date", "Protected characteristics"). Each column is one objective, read down: its title and
    statement, one step per action row (an empty cell is no step), and the lead, date and characteristics of
    the column, which are the objective's and so its steps'. False for any other table."""
    rows = [r for r in rows if any(c.strip() for c in r.cells)]
    if len(rows) < 3 or len(rows[0].cells) < 3:
        return False
    keys = [_row_key(r.cells[0]) for r in rows]
    heads = [c.strip() for c in rows[0].cells[1:]]
    labels = [label_of(c, heading=True) if c else None for c in heads]
    by_label = all(labels[i] for i, c in enumerate(heads) if c) and sum(1 for c in heads if c) >= 2
    # Titles over the columns with nothing above the row names: a grid only if its rows say what each column's
    # actions are for (a lead, a date, a description), not a table of figures.
    by_title = not rows[0].cells[0].strip() and sum(1 for c in heads if c) >= 2 and all(
        len(c.split()) <= 12 for c in heads)
    if not (by_label or by_title or keys[0] == "objective") or (by_label and rows[0].cells[0].strip()
                                                                and keys[0] is None):
        return False
    body, body_keys = rows[1:], keys[1:]
    if "step" not in body_keys or any(k is None for k in body_keys):
        return False
    if not by_label and keys[0] != "objective" and not {"lead", "due", "description"} & set(body_keys):
        return False
    for column, head in enumerate(heads, start=1):
        if not head:
            continue
        label = labels[column - 1]
        number, rest = label if by_label and label else numbered(head)
        title, statement = split_title(rest) if rest else ("", "")
        objective = ObjectiveRead(number, title, rows[0].location, head, statement)
        for row, key in zip(body, body_keys, strict=True):
            value = _cell(row, column)
            if not value:
                continue
            if key == "step":
                objective.steps.extend(table_step(text, row.location, value) for text in cell_steps(row, column))
            elif key in ("objective", "description"):
                if not objective.title:
                    objective.title, objective.statement = split_title(value)
                elif not objective.statement:
                    objective.statement = value
                else:
                    objective.context.append(value)
            elif not objective.fields.take(key, value, row.location.render()):
                objective.context.append(value)
        reading.append(objective)
    return True


_BULLET = re.compile(r"^\s*(?:[•◦▪●○■\-–*]|\d{1,2}[.)]|[a-z][.)]|\(\w{1,3}\))\s+")


def table_step(text: str, location: Location, source: str) -> StepRead:
    """A step from a table cell, with a reference or the lead and timescale written after it read apart."""
    wording, reference, fields = step_parts(text)
    return StepRead(wording, location, source, fields=fields, reference=reference)


def cell_steps(row: Row, index: int) -> list[str]:
    """The actions a cell lists: its paragraphs or items where the format keeps them apart, its "•" bullets
    where they were run together, else the cell as one action. A lead-in ending ":" is not an action."""
    lines = row.lines[index] if index < len(row.lines) else ()
    if len(lines) > 1:
        parts = [_BULLET.sub("", line).strip() for line in lines]
    else:
        parts = [p.strip(" ;") for p in re.split(r"\s*[•◦▪●]\s*", _cell(row, index))]
    parts = [p for p in parts if p]
    clauses = semicolon_steps(parts[0], introduced=True) if len(parts) == 1 else None
    if clauses:  # "We will a; b; and c." under an action column
        return clauses
    whole = _one_action_with_sublist(parts)
    if whole:
        return [whole]
    parts = [p for p in parts if not p.endswith(":")]
    return parts or ([_cell(row, index)] if _cell(row, index) else [])


#: A lead-in that ends on a word the list completes ("including:", "such as:", "in:"): no colon when joined.
_OPEN_ENDED = re.compile(r"\b(?:including|include|includes|such as|for|in|on|to|with|by|across|at|from|of|"
                         r"gan gynnwys|fel)\s*:$", re.I)


def _one_action_with_sublist(parts: list[str]) -> str | None:
    """One action written as sentences ending in "...:" and a short sub-list ("This will apply to all posts,
    including: • apprenticeships • graduate posts"): the whole cell, the sub-list joined in ("... including
    apprenticeships and graduate posts"). Not when the text before the list is a lead-in ("We will:",
    "Actions:") or a few words, nor when the listed items are actions of their own (long, or with their own
    lead or date)."""
    if len(parts) < 2 or not parts[0].endswith(":") or any(p.endswith(":") for p in parts[1:]):
        return None
    lead, items = parts[0], [p.rstrip(" .;,") for p in parts[1:]]
    if _is_lead_in(lead) or len(lead.split()) < 6:
        return None
    if any(len(item.split()) > 10 for item in items):
        return None
    if any(fields.lead or fields.due for _, _, fields in map(step_parts, items)):
        return None
    joined = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    return f"{lead[:-1].rstrip() if _OPEN_ENDED.search(lead) else lead} {joined}"


def _leading_number(text: str) -> int | None:
    m = re.match(r"^\s*(\d{1,2})\b", text)
    return int(m.group(1)) if m else None


def _same_text(text: str, objective: ObjectiveRead) -> bool:
    key = _norm(text)
    bare = _BARE_NUMBER.fullmatch(text.strip())
    if bare and objective.number is not None:
        return int(bare.group(1)) == objective.number
    return key in (_norm(objective.title), _norm(f"{objective.title}. {objective.statement}"), _norm(objective.source)) \
        or (label_of(text, True) or (None, ""))[0] == objective.number and objective.number is not None


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


# ---------------------------------------------------------------- objective bodies


_STRUCTURAL_HEADINGS = re.compile(
    r"^(?:what we will do|how we will (?:do|achieve|deliver|measure|know)|actions?|key actions|steps|our actions|"
    r"what success (?:will )?look|how we will measure|measures?|success measures?|outcomes?|why (?:is )?this|"
    r"why this|we will|lead|timescales?|who (?:will|is)|camau|byddwn|mesurau|pam|evidence|background|"
    r"performance|kpis?|to achieve this|context|outcomes? we want|how we will get there|ein nod)\b", re.I)


_NOTE_LINE = re.compile(r"^\W{0,2}(?:please )?(?:note|notes|nodyn|nodiadau|n\.b\.)\s*[:\-–—]\s*", re.I)


class BodyReader:
    """Reads the blocks of one objective's region into its statement, steps and fields."""

    def __init__(self, objective: ObjectiveRead, unsure: list[str]) -> None:
        self.objective = objective
        self.unsure = unsure
        self.mode = "statement"  # statement | steps | actions | measures | context
        self.step: StepRead | None = None
        self.pending_action: tuple[Location, str] | None = None
        self.lead_in_level: int | None = None
        self.blocks: list[Block] = []
        self.index = 0
        self.fields_follow_steps = False
        self.lang: str | None = None  # the language of the last lead-in ("We will:" / "Byddwn yn:")
        self.by_items = False  # steps mode came from a bulleted list itself, not from a lead-in or heading
        self.absorbed = 0  # following blocks already read into the step before them (its sub-list)

    def _target(self) -> Fields:
        return self.step.fields if self.step is not None else self.objective.fields

    def _add_step(self, text: str, block: Block) -> None:
        text, reference, fields = step_parts(re.sub(r"^[•◦▪●○■]\s*", "", text))
        self.step = StepRead(text, block.location, block.text, fields=fields, from_item=block.kind == "item",
                             level=block.level, reference=reference, lang=self.lang)
        self.objective.steps.append(self.step)

    def feed(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        for i, block in enumerate(blocks):
            self.index = i
            if self.absorbed:
                self.absorbed -= 1
                continue
            self.block(block, blocks[i + 1] if i + 1 < len(blocks) else None)

    def _list_goes_on(self) -> bool:
        """Whether, after the field lines that follow, the list continues (the fields were the step's)."""
        for block in self.blocks[self.index + 1:]:
            if block.kind in ("paragraph", "item") and field_lines(block.text):
                continue
            return block.kind == "item"
        return False

    def block(self, block: Block, following: Block | None) -> None:
        text = block.text.strip()
        where = block.location.render()
        if block.kind == "table":
            if not read_table(block, self.objective, None):
                self.objective.context.append(f"table at {where}")
            self.step = None
            return
        if not text:
            return
        if _NOTE_LINE.match(text) and block.kind != "heading":
            self.objective.remarks.append(_NOTE_LINE.sub("", text).strip())
            return  # "Note: the pilot runs in two wards first": the plan's remark, not a step
        found = field_lines(text) if block.kind != "heading" else []
        if found:
            # After a list, a "Lead:" paragraph is the objective's; inside an item or an "Action N" block, the step's.
            after_list = (self.step is not None and self.step.from_item and block.kind != "item"
                          and not self._list_goes_on() and not self.fields_follow_steps)
            target = self.objective.fields if after_list else self._target()
            if self.step is not None and self.step.from_item and target is self.step.fields:
                self.fields_follow_steps = True  # this plan writes each step's lead under the step
            for key, value in found:
                target.take(key, value, where)
            return
        bold_lead_in = block.kind != "heading" and text.endswith(":") and _is_lead_in(text)  # "**We will:**"
        if block.kind == "heading" or (block.strong and len(text.split()) <= 8 and not bold_lead_in) or (
                _pseudo_heading(block) and (_looks_like_section(text) or _MEASURES_LEAD_IN.match(text)
                                            or _CONTEXT_LEAD_IN.match(text))):
            self._heading(text, block)
            return
        introduced = self.mode == "steps" and not self.by_items and self.step is None
        clauses = semicolon_steps(text, introduced) if block.kind in ("paragraph", "item") else None
        if clauses:  # "To do this we will a; b; and c.": each clause a step
            for clause in clauses:
                self._add_step(clause, block)
            self.step = None  # a "Lead:" line after the sentence is the objective's, not its last clause's
            return
        action = _ACTION.match(text)
        if action:
            rest = action.group("rest").strip()
            if rest:
                self._add_step(rest, block)
            else:
                self.pending_action = (block.location, text)
            self.mode = "actions"
            return
        if self.pending_action is not None and block.kind in ("paragraph", "item"):
            self._add_step(text, block)
            self.pending_action = None
            return
        if _is_lead_in(text) and (text.endswith(":") or len(text.split()) <= 12):
            self.mode, self.by_items = "steps", False
            self.step = None
            self.lang = detect_lang(text, default="cy" if re.match(r"(?i)byddwn|camau|er mwyn", text) else "en")
            return
        if _MEASURES_LEAD_IN.match(text.rstrip(":")) and text.endswith(":"):
            self.mode = "measures"
            return
        if block.kind == "item":
            self._item(block, following)
            return
        self._paragraph(text, block)

    def _heading(self, text: str, block: Block) -> None:
        clean = text.rstrip(":").strip()
        self.step, self.by_items = None, False
        if _MEASURES_LEAD_IN.match(clean):
            self.mode = "measures"
        elif _STATEMENT_LEAD_IN.match(clean):
            self.mode = "statement"
        elif _CONTEXT_LEAD_IN.match(clean):
            self.mode = "context"
        elif _STEPS_LEAD_IN.match(clean) or _STRUCTURAL_HEADINGS.match(clean):
            self.mode = "steps"
        elif _ACTION.match(text):
            rest = _ACTION.match(text).group("rest").strip()  # type: ignore[union-attr]
            if rest:
                self._add_step(rest, block)
            else:
                self.pending_action = (block.location, text)
            self.mode = "actions"
        elif not self.objective.title:
            self.objective.title = clean
        else:
            self.objective.context.append(clean)

    def _item(self, block: Block, following: Block | None) -> None:
        text = block.text.strip()
        if self.mode == "measures":
            self.objective.fields.measure.append(text)
            return
        if self.mode == "context":
            self.objective.context.append(text)
            return
        nested_follows = following is not None and following.kind == "item" and following.level > block.level
        if text.endswith(":") and nested_follows and self.blocks:
            sub = []
            for later in self.blocks[self.index + 1:]:
                if later.kind != "item" or later.level <= block.level:
                    break
                sub.append(later)
            whole = _one_action_with_sublist([text, *(b.text.strip() for b in sub)]) \
                if all(b.level == sub[0].level for b in sub) else None
            if whole:  # "Offer X. This applies to all posts, including:" and its short sub-list: one step
                self._add_step(whole, block)
                self.step.source = " ".join([block.text, *(b.text for b in sub)])  # type: ignore[union-attr]
                self.absorbed = len(sub)
                return
        if text.endswith(":") and nested_follows:
            self.lead_in_level = block.level
            return  # a lead-in item whose sub-items are the steps
        step = self.step
        if (step is not None and step.from_item and block.level > step.level
                and (self.lead_in_level is None or step.level > self.lead_in_level)):
            step.details.append(text)  # a sub-point of the step above
            return
        self._add_step(text, block)
        if self.mode == "statement":
            self.mode, self.by_items = "steps", True

    def _paragraph(self, text: str, block: Block) -> None:
        if self.mode == "actions":  # "Action N" blocks: only the paragraph after the label is the step
            self.objective.context.append(text)
            return
        if self.mode == "steps":
            if self.by_items and self.step is not None and self.step.from_item:
                self.objective.context.append(text)  # a paragraph after a bulleted list with no lead-in: prose
                return
            if _NOT_A_STEP.search(text) or len(text.split()) < 3:
                self.objective.context.append(text)
            else:
                self._add_step(text, block)
            return
        if self.mode == "measures":
            self.objective.fields.measure.append(text)
            return
        if self.mode == "context":
            self.objective.context.append(text)
            return
        if not self.objective.title:
            title, statement = split_title(text)
            self.objective.title, self.objective.statement = title, statement
        elif not self.objective.statement:
            self.objective.statement = text
        elif re.match(r"^(?:we will|we'll|byddwn)\b", text, re.I):
            self._add_step(text, block)
        else:
            self.objective.context.append(text)


# ---------------------------------------------------------------- layouts


def _heading_level(block: Block) -> int:
    return block.level if block.kind == "heading" else 99


def _region_end(blocks: list[Block], start: int, level: int, stop: set[int]) -> int:
    """The index after an objective's region: the next label, or a heading at `level` or above that is no sub-heading."""
    for k in range(start + 1, len(blocks)):
        if k in stop:
            return k
        b = blocks[k]
        if b.kind == "heading" and b.level <= level and not _STRUCTURAL_HEADINGS.match(b.text.strip()):
            return k
        if (b.kind == "heading" or _pseudo_heading(b)) and not _STRUCTURAL_HEADINGS.match(b.text.strip()) \
                and not _ACTION.match(b.text) and _looks_like_section(b.text) \
                and not (k == start + 1 and b.kind != "heading"):  # the line under a label is its own wording
            return k
        section = _SECTION_NUMBER_TEXT.match(b.text.strip())
        if section and b.kind == "paragraph" and len(b.text.split()) <= 5 and _pseudo_heading(
                replace(b, text=b.text.strip()[section.end():])) and _looks_like_section(b.text):
            return k  # "5 Governance", "6 Monitoring and review": the plan's next numbered section
        if (b.kind == "item" and b.ordered and b.level == 0 and re.fullmatch(r"\d{1,2}[.)]?", b.marker or "")
                and (blocks[k - 1].kind != "item" or _marker_style(blocks[k - 1]) == "bullet")
                and (k + 1 == len(blocks) or blocks[k + 1].kind != "item")
                and len(b.text.split()) <= 5 and _pseudo_heading(replace(b, kind="paragraph"))
                and _looks_like_section(b.text)):
            return k  # "8. Monitoring arrangements" standing alone in plain text: the next numbered section
    return len(blocks)


#: Lines of a page or a letter, not actions: page footers, contact details, addresses.
_NOT_A_STEP = re.compile(r"\bpage \d+ of \d+\b|^page \d+$|@\w+\.\w|\b(?:tel|telephone|phone|ffôn)\s*:?\s*\+?\d|"
                         r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|^https?://\S+$|^www\.", re.I)


#: "5 " before a section heading in plain text ("5 Governance"); a step's "1.2 " is not one.
_SECTION_NUMBER_TEXT = re.compile(r"^\d{1,2}\.?\s+(?=[A-Z])")


def _pseudo_heading(block: Block) -> bool:
    """A short unpunctuated line standing alone: a heading in a format that does not mark headings (txt, PDF)."""
    text = block.text.strip()
    return (block.kind == "paragraph" and 0 < len(text.split()) <= 8 and text[:1].isupper()
            and text[-1:] not in ".:;!?," and not field_lines(text))


def _looks_like_section(text: str) -> bool:
    """A heading that starts another part of the plan (monitoring, consultation, contact...), not an objective's sub-heading."""
    return bool(re.search(r"\b(monitor|review|consult|engagement|contact|glossary|appendix|publication|report|"
                          r"address|find out more|get in touch|other formats|"
                          r"procurement|impact assessment|welsh language|governance|reporting|further information|"
                          r"accessib|alternative formats|next steps|conclusion|atodiad|cysylltu)\w*", text, re.I))


#: A contents line's leader and page number after a title ("Title ........ 3", "Title\t3").
_CONTENTS_LEADER = re.compile(r"\s*(?:\.{3,}|…+|·{3,}|_{3,})\s*\d{1,3}\s*$|\t+\d{1,3}\s*$")
#: A label's bracketed context before (or instead of) its title: "(Domain 1: Commissioned services)".
_LABEL_BRACKET = re.compile(r"^\((?P<inner>[^()]{3,120})\)\s*(?:[:.\-–—]\s*)?(?P<rest>.*)$", re.S)


#: The area of a framework an objective belongs to, written after its label: "Domain 1: ...", "Theme 2 – ...".
_AREA_LABEL = re.compile(r"^(?:eds\s*(?:2022)?\s*)?(?:domain|theme|pillar|strand|area|workstream|parth|thema)\s*"
                         r"\d{1,2}[a-d]?\s*[:\-–—]\s*\S", re.I)


def labelled(blocks: list[Block], unsure: list[str]) -> list[ObjectiveRead]:
    """Layout 1: blocks labelled "Objective N"; the same number twice is one objective."""
    starts: list[tuple[int, int, str, str]] = []
    for k, b in enumerate(blocks):
        if b.kind == "table":
            continue
        heading = b.kind == "heading" or b.strong
        found = label_of(b.text, heading=heading)
        other = ""
        if not found:  # "Casgliadau i bawb / Objective 1: Collections for everyone": a bilingual heading
            parts = [p.strip() for p in re.split(r"\s+[/|]\s+", b.text) if p.strip()]
            labelled_parts = [(i, label_of(p, heading=heading)) for i, p in enumerate(parts)]
            hit = next(((i, f) for i, f in labelled_parts if f), None)
            if hit and len(parts) == 2:
                found, other = hit[1], parts[1 - hit[0]]
        if found and not other and re.search(r"\s[/|]\s", found[1]):
            # "Amcan 1: Casgliadau i bawb / Objective 1: Collections for everyone": English first, Welsh kept.
            parts = [p.strip() for p in re.split(r"\s+[/|]\s+", found[1]) if p.strip()]
            if len(parts) == 2:
                texts = [(label_of(p, heading=True) or (None, p))[1] for p in parts]
                english = 1 if detect_lang(texts[0]) == "cy" or label_of(parts[1], True) else 0
                found, other = (found[0], texts[english]), texts[1 - english]
        if found:
            starts.append((k, *found, other))
    if not starts:
        return []
    stop = {k for k, _, _, _ in starts}
    by_number: dict[int, ObjectiveRead] = {}
    order: list[ObjectiveRead] = []
    for k, number, rest, other in starts:
        block = blocks[k]
        end = _region_end(blocks, k, _heading_level(block) if block.kind == "heading" else 99, stop)
        body = blocks[k + 1:end]
        rest = _CONTENTS_LEADER.sub("", rest)  # "Objective 1: Title ........ 3" in a contents list
        bracket = _LABEL_BRACKET.match(rest)
        context = None
        if bracket:  # "Objective 1 (Domain 1: Services)": the title follows (the next heading or paragraph)
            rest, context = bracket.group("rest").strip(), bracket.group("inner").strip()
        elif _AREA_LABEL.match(rest) and body and (body[0].kind == "heading" or body[0].strong):
            rest, context = "", rest  # "Objective 1 – Domain 1: Services" over the title in bold
        title, statement = split_title(rest) if rest else ("", "")
        fresh = ObjectiveRead(number, title, block.location, block.text, statement)
        if context:
            fresh.remarks.append(context)
        if other:
            primary = detect_lang(title) if detect_lang(title) != detect_lang(other) else "en"
            fresh.translations.append(ObjectiveRead(number, other, block.location, other,
                                                    lang="cy" if primary == "en" else "en"))
        reader = BodyReader(fresh, unsure)
        reader.feed(body)
        if other:
            _one_language(fresh, unsure)
        fresh.rank = _rank(block)
        if number in by_number:
            _merge(by_number[number], fresh, unsure)
        else:
            by_number[number] = fresh
            order.append(fresh)
    return order


def _language(objective: ObjectiveRead) -> str:
    """The language an objective is written in: its label says ("Amcan 1" / "Objective 1"), else its words."""
    if objective.lang:
        return objective.lang
    if re.match(r"^\W*amcan\b", objective.source, re.I):
        return "cy"
    if re.match(r"^\W*(?:\w+\s+)?(?:objective|outcome)\b", objective.source, re.I):
        return "en"
    return detect_lang(f"{objective.title} {objective.statement}")


def _same_language(a: ObjectiveRead, b: ObjectiveRead) -> bool:
    return _language(a) == _language(b)


def _merge(kept: ObjectiveRead, more: ObjectiveRead, unsure: list[str]) -> None:
    """The same objective labelled twice (summary and section): one objective, every wording kept.

    The wording under a heading wins over a contents or summary line; a title that differs only by a
    trailing page number ("Fair pay 12") is the same title.
    """
    if not _same_language(kept, more):  # a bilingual plan: the same objective in Welsh, not more steps
        if not kept.steps and not kept.fields.stated:
            # Both headings stand over one body in both languages: each takes the steps in its language.
            lang = _language(kept)
            langs = _step_languages(more.steps, lang)
            own = [s for s, step_lang in zip(more.steps, langs, strict=True) if step_lang == lang]
            kept.steps, more.steps = own, [s for s in more.steps if s not in own]
            kept.fields.stated.extend(more.fields.stated)
            kept.fields.lead = kept.fields.lead or more.fields.lead
            kept.fields.due = kept.fields.due or more.fields.due
            kept.fields.measure.extend(more.fields.measure)
            kept.context.extend(c for c in more.context if detect_lang(c, default=lang) == lang)
        kept.translations.append(more)
        return
    if more.rank > kept.rank and more.title:
        kept.title, more.title = more.title, kept.title
        kept.location, kept.source, kept.rank = more.location, more.source, more.rank
    if more.title and _bare(more.title) == _bare(kept.title) and re.search(r"\s\d{1,3}$", kept.title) \
            and not re.search(r"\s\d{1,3}$", more.title):
        kept.title = more.title  # the contents line's "Fair pay 12" and the section's "Fair pay": the section's
    if more.title and _bare(more.title) != _bare(kept.title):
        if not kept.title:
            kept.title = more.title
        elif _bare(more.title) not in {_bare(t) for t in kept.other_titles}:
            kept.other_titles.append(more.title)
    if more.statement and not kept.statement:
        kept.statement = more.statement
    kept.steps.extend(more.steps)
    kept.context.extend(more.context)
    for key in ("lead", "due"):
        if getattr(kept.fields, key) is None:
            setattr(kept.fields, key, getattr(more.fields, key))
    kept.fields.measure.extend(more.fields.measure)
    kept.fields.stated.extend(more.fields.stated)


def _step_languages(steps: list[StepRead], default: str) -> list[str]:
    """Each step's language. Steps given in turn in two languages (English, its Welsh, English, ...) take the
    language of their turn when the words of most of them say so: a short Welsh step with no function word
    ("Ariannu 20 clwb i fenywod") is still the Welsh one of its pair."""
    said = [s.lang or detect_lang(s.source, default="?") for s in steps]
    if len(steps) >= 2 and len(steps) % 2 == 0:
        turns = [{x for x in said[p::2] if x != "?"} for p in (0, 1)]
        votes = [[x for x in said[p::2] if x != "?"] for p in (0, 1)]
        if all(len(t) >= 1 for t in turns):
            first = max(set(votes[0]), key=votes[0].count)
            second = max(set(votes[1]), key=votes[1].count)
            agree = sum(v.count(m) for v, m in ((votes[0], first), (votes[1], second)))
            if first != second and agree >= 0.75 * (len(votes[0]) + len(votes[1])):
                return [first if n % 2 == 0 else second for n in range(len(steps))]
    return [x if x != "?" else default for x in said]


def _one_language(objective: ObjectiveRead, unsure: list[str]) -> None:
    """A bilingual objective lists its steps twice ("Byddwn yn:" and "We will:"): keep those in the title's
    language, once; the other language's list is the same steps translated."""
    lang = detect_lang(objective.title)
    langs = {s.lang for s in objective.steps if s.lang}
    if len(langs) > 1:
        kept = [s for s in objective.steps if s.lang in (lang, None)]
        if kept:
            objective.steps = kept
            objective.notes.append(f"its steps are listed in Welsh and in English; the {len(kept)} in "
                                   f"{'Welsh' if lang == 'cy' else 'English'} are read, the others are their translation")


def _rank(block: Block) -> int:
    return {"heading": 3, "paragraph": 2 if block.strong else 1}.get(block.kind, 0)


def _bare(title: str) -> str:
    return re.sub(r"\s+\d{1,3}$", "", _norm(title))


def sectioned(blocks: list[Block], unsure: list[str]) -> tuple[list[ObjectiveRead], str]:
    """Layout 2: lists or sub-headings under "objectives" headings or lead-ins (the innermost ones, all of them)."""
    candidates = [k for k, b in enumerate(blocks) if _objectives_heading(b)]
    found: list[ObjectiveRead] = []
    layouts: list[str] = []
    for k in candidates:
        b = blocks[k]
        inverted = False
        if b.kind == "heading":
            end = next((j for j in range(k + 1, len(blocks)) if blocks[j].kind == "heading"
                        and blocks[j].level <= b.level), len(blocks))
            if end == k + 1 and end < len(blocks) and blocks[end].level < b.level \
                    and numbered(blocks[end].text)[0] is not None:
                # "Our objectives" set smaller than the numbered objective headings under it (a web page's
                # levels need not nest): its region runs to the next heading of its own level.
                end = next((j for j in range(k + 1, len(blocks)) if blocks[j].kind == "heading"
                            and blocks[j].level == b.level), len(blocks))
                inverted = True
        elif _pseudo_heading(b):  # an unmarked heading (plain text, PDF): up to the next unmarked section heading
            end = next((j for j in range(k + 1, len(blocks)) if blocks[j].kind == "heading" or (
                _pseudo_heading(blocks[j]) and (_looks_like_section(blocks[j].text)
                                                or _NOT_OURS.search(blocks[j].text)))), len(blocks))
        else:  # a lead-in paragraph: its list follows directly
            end = next((j for j in range(k + 1, len(blocks)) if blocks[j].kind in ("heading", "table")
                        or (blocks[j].kind == "paragraph" and j > k + 1 and blocks[j - 1].kind == "item")),
                       len(blocks))
        if any(k < j < end and not (inverted and blocks[j].kind != "heading" and _is_lead_in(blocks[j].text))
               for j in candidates):
            continue  # a title such as "Equality Objectives 2024-28": the sections are the ones inside it
        more, layout = _section_objectives(blocks[k + 1:end], unsure)
        if not more and b.kind == "heading" and all(x.kind == "paragraph" for x in blocks[k + 1:end]):
            # "Our objectives" with only prose under it, the theme headings beside it at its own level and the
            # numbered objectives under those: the themes run on to the next part of the plan.
            wider = next((j for j in range(end, len(blocks)) if blocks[j].kind == "heading"
                          and blocks[j].level <= b.level and (_looks_like_section(blocks[j].text)
                                                              or _NOT_OURS.search(blocks[j].text))), len(blocks))
            themed: list[str] = []
            more = _numbered_heads(blocks[k + 1:wider], themed, min_themes=2) or []
            if more:
                unsure.extend(themed)
                layout = "numbered headings under theme headings after an objectives heading"
        if more and b.kind == "paragraph":
            theme = next((blocks[j].text.strip() for j in range(k - 1, -1, -1) if blocks[j].kind == "heading"), None)
            for objective in more:
                objective.theme = objective.theme or theme
        found += more
        if more and layout not in layouts:
            layouts.append(layout)
    return found, "; ".join(layouts)


#: "3.1 " before a sub-heading: the document's section number, not the objective's.
_SECTION_NUMBER = re.compile(r"^\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\.?\s+")


def _marker_style(block: Block) -> str:
    """How a list item is numbered: "digit" (1.), "letter" ((a), a.), "roman" ((ii), iv.), or "bullet"."""
    mark = (block.marker or "").strip("()").rstrip(".)")
    if not block.ordered or not mark:
        return "bullet"
    if mark.isdigit():
        return "digit"
    if re.fullmatch(r"[ivxlc]+", mark, re.I) and mark.lower() not in ("c", "l", "v", "x"):
        return "roman"
    return "letter"


def _objectives_heading(block: Block) -> bool:
    """ "Our equality objectives", "Equality objectives 2024-2028", "... Our objectives under this theme are:"

    (not "Progress on our previous objectives" or "How we set our objectives"). For a paragraph, its last
    sentence is the lead-in.
    """
    text = block.text.strip()
    if block.kind == "paragraph":
        if not (text.endswith(":") or block.strong or _pseudo_heading(block)):
            return False
        text = _SENTENCE.split(text)[-1]
    elif block.kind != "heading":
        return False
    if not _OBJECTIVES_HEADING.search(text) or len(text.split()) > 25:
        return False
    return not _NOT_OURS.search(text)


#: A footnote mark at the end of a heading ("... communities[1]", "... people²"): not part of the title.
_FOOTNOTE_MARK = re.compile(r"\s*(?:\[\d{1,2}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")


def _head_rank(block: Block) -> int | None:
    """How high a block stands as a heading: a heading's level; a short bold paragraph (a Word document
    without heading styles) below every real heading; None for anything else."""
    if block.kind == "heading":
        return block.level
    if block.kind == "paragraph" and block.strong and (len(block.text.split()) <= 15 or (
            len(block.text.split()) <= 40 and numbered(block.text)[0] is not None)):
        return 7  # a numbered one may carry its statement ("1. Accessible stations. We will ...")
    return None


def _inner_heading(text: str) -> bool:
    """A sub-heading inside an objective ("We will:", "How we will measure success", "Lead: ..."), not one
    that groups or ends objectives."""
    clean = text.strip().rstrip(":").strip()
    if re.match(r"^(?:our |the |equality |edi )*action plans?\b", clean, re.I):
        return False  # "Action plan": the plan's next part (its table of actions), not an objective's actions
    return bool(_STRUCTURAL_HEADINGS.match(clean) or _STEPS_LEAD_IN.match(clean) or _MEASURES_LEAD_IN.match(clean)
                or _STATEMENT_LEAD_IN.match(clean) or _CONTEXT_LEAD_IN.match(clean) or _ACTION.match(clean)
                or _NOTE_LINE.match(clean) or field_lines(text))


def _heading_number(block: Block) -> int | None:
    """1 for a heading "1. Build trust ..." (not a section number "3.1 ...", not "1. we will ...")."""
    text = block.text.strip()
    if _SECTION_NUMBER.match(text):
        return None
    number, rest = numbered(text)
    return number if number is not None and rest[:1].isupper() else None


def _numbered_heads(region: list[Block], unsure: list[str], min_themes: int = 0) -> list[ObjectiveRead] | None:
    """Objectives written as headings (or bold paragraphs) numbered 1, 2, 3 ... under an objectives heading,
    with no word "Objective": either in a Word document without heading styles (every heading a bold
    paragraph), or grouped under unnumbered theme headings ("Our Communities", "Our People") that stand
    directly above the numbered ones. The themes are kept as each objective's theme, never read as objectives;
    an unnumbered heading after the last objective ("Action plan", "Governance") ends it. None when the region
    is not laid out so (plain numbered sub-headings are read by the general sub-heading reading)."""
    heads = [(i, r) for i, b in enumerate(region) if (r := _head_rank(b)) is not None and not _inner_heading(b.text)]
    numbers = {i: n for i, _ in heads if (n := _heading_number(region[i])) is not None}
    if len(numbers) < 2:
        return None
    rank = next(r for i, r in heads if i in numbers)
    run = [i for i, r in heads if r == rank and i in numbers]
    if [numbers[i] for i in run] != list(range(1, len(run) + 1)) or len(run) < 2:
        return None
    seq = [(i, r) for i, r in heads if r <= rank and i not in run or i in run]

    def only_prose(a: int, b: int) -> bool:
        return all(x.kind == "paragraph" for x in region[a + 1:b])

    first_head = seq[0][0]
    themed = first_head not in run and len(seq) > 1 and seq[1][0] == run[0] and only_prose(first_head, run[0])
    flat = region[run[0]].kind != "heading"
    if not (themed or flat):
        return None
    themes = {i for n, (i, _) in enumerate(seq) if themed and i not in run and n + 1 < len(seq)
              and seq[n + 1][0] in run and only_prose(i, seq[n + 1][0])}
    if len(themes) < min_themes:
        return None
    found: list[ObjectiveRead] = []
    theme: str | None = None
    for n, (i, _) in enumerate(seq):
        if i in themes:
            theme = region[i].text.strip().rstrip(":")
            continue
        if i not in run:
            continue
        last = i == run[-1]
        end = next((j for j, r in seq[n + 1:] if j in run or j in themes or r < rank or last), len(region))
        _, text = numbered(region[i].text.strip())
        title, statement = split_title(_FOOTNOTE_MARK.sub("", text.rstrip(":")))
        obj = ObjectiveRead(numbers[i], title, region[i].location, region[i].text, statement, theme=theme,
                            rank=_rank(region[i]))
        BodyReader(obj, unsure).feed(region[i + 1:end])
        found.append(obj)
    if themes:
        unsure.append("the numbered headings are read as the objectives and the headings above them ("
                      + ", ".join(repr(region[i].text.strip()) for i in sorted(themes)) + ") as their themes")
    return found


def _section_objectives(region: list[Block], unsure: list[str]) -> tuple[list[ObjectiveRead], str]:
    grouped = _numbered_heads(region, unsure)
    if grouped:
        return grouped, "numbered headings under an objectives heading"
    subheadings = [i for i, b in enumerate(region) if b.kind == "heading"]
    if subheadings:
        top = min(region[i].level for i in subheadings)
        heads = [i for i in subheadings if region[i].level == top]
        bodies = [region[h + 1:(heads[n + 1] if n + 1 < len(heads) else len(region))] for n, h in enumerate(heads)]
        bare_lists = all(body and all(b.kind == "item" for b in body) for body in bodies)
        if bare_lists and all(len(region[h].text.split()) <= 6 for h in heads):
            found = []
            for h, body in zip(heads, bodies, strict=True):
                for item in body:
                    if item.level == 0:
                        title, statement = split_title(item.text)
                        obj = ObjectiveRead(None, title, item.location, item.text, statement,
                                            theme=region[h].text.strip())
                        found.append(obj)
                    elif found:
                        found[-1].steps.append(StepRead(item.text, item.location, item.text))
            unsure.append("the objectives are read as the list items under the theme headings "
                          + ", ".join(repr(region[h].text.strip()) for h in heads))
            return found, "themed lists under an objectives heading"
        found = []
        for h, body in zip(heads, bodies, strict=True):
            number, heading = numbered(_SECTION_NUMBER.sub("", region[h].text.strip()).rstrip(":")
                                       if _SECTION_NUMBER.match(region[h].text.strip()) else
                                       region[h].text.strip().rstrip(":"))
            obj = ObjectiveRead(number, heading, region[h].location, region[h].text)
            BodyReader(obj, unsure).feed(body)
            found.append(obj)
        while (len(found) > 1 and found[-1].number is None
               and (_looks_like_section(found[-1].title) or _NOT_OURS.search(found[-1].title))
               and (not found[-1].steps or all(_NOT_A_STEP.search(s.text) for s in found[-1].steps)
                    or all(o.number is not None for o in found[:-1]))):
            # "Reporting", "Contact us" after the objectives: another part of the plan, not an objective
            unsure.append(f"the heading {found[-1].title!r} after the objectives is read as another part of "
                          "the plan, not as an objective")
            found.pop()
        return found, "sub-headings under an objectives heading"
    items = [b for b in region if b.kind == "item"]
    if items:
        top = min(b.level for b in items)
        first = next(b for b in items if b.level == top)
        # The objectives are the items numbered as the first one is ("1." ... and not "(a)" or "•"), whatever
        # their depth (plain text and PDFs lose indents); bulleted lists fall back to depth.
        style = _marker_style(first)
        by_style = style != "bullet"
        found = []
        current: ObjectiveRead | None = None
        reader: BodyReader | None = None
        for b in region:
            if b.kind == "item" and (_marker_style(b) == style if by_style else b.level == top):
                number, text = numbered(f"{b.marker} {b.text}") if b.ordered else (None, b.text)
                title, statement = split_title(text)
                current = ObjectiveRead(number, title, b.location, b.text, statement)
                found.append(current)
                reader = BodyReader(current, unsure)
                reader.mode = "statement"  # a paragraph right under the item states it
            elif reader is not None:
                reader.block(b, None)
        return found, "a list under an objectives heading"
    tables = [b for b in region if b.kind == "table"]
    found = []
    for t in tables:
        read_table(t, None, found)
    return found, "a table under an objectives heading" if found else ""


def tabled(blocks: list[Block], unplaced: list[str]) -> list[ObjectiveRead]:
    """Layout 3: tables with an objective column."""
    found: list[ObjectiveRead] = []
    for b in blocks:
        if b.kind == "table":
            read_table(b, None, found, unplaced)
    return found


def section_headings(blocks: list[Block]) -> list[Block]:
    """Bold (or upper-case), short, numbered list items ("3. Our equality objectives"), as a PDF, plain text or a
    Word document without heading styles gives its numbered section headings, read as the headings they are.

    Their level: that of the last such line (they are siblings), else one below the heading they follow when
    it names the objectives (they are the objectives), else that heading's level.
    """
    out: list[Block] = []
    last_heading: Block | None = None
    level: int | None = None
    under_bold = False  # below a bold "Our equality objectives" paragraph (no heading styles): its list stays one
    for b in blocks:
        if b.kind == "paragraph" and (b.strong or _pseudo_heading(b)):
            under_bold = _objectives_heading(b) or (under_bold and not _looks_like_section(b.text))
        if b.kind == "item" and (b.strong or (b.text.isupper() and len(b.text) > 3)) and b.ordered \
                and re.fullmatch(r"\d{1,2}[.)]?", b.marker or "") and not (under_bold and level is None) \
                and len(b.text.split()) <= 10 and not b.text.rstrip().endswith((".", ";", ",")):
            if level is None:
                base = last_heading.level if last_heading is not None else 1
                level = base + 1 if last_heading is not None and _objectives_heading(last_heading) else base
            out.append(replace(b, kind="heading", level=level))
            continue
        if b.kind == "heading":
            last_heading, under_bold = b, False
        out.append(b)
    return out


_ENGLISH_HEADER = re.compile(r"^(?:english|saesneg)$", re.I)
_WELSH_HEADER = re.compile(r"^(?:cymraeg|welsh)$", re.I)


def _bilingual_columns(block: Block) -> tuple[int, bool] | None:
    """(the English column, whether the first row only names the languages) of a two-column table that gives
    the same text in English and in Welsh side by side; None for any other table."""
    rows = [r for r in block.rows if any(c.strip() for c in r.cells)]
    if len(rows) < 3 or any(len(r.cells) != 2 for r in rows):
        return None
    first = [c.strip() for c in rows[0].cells]
    for english in (0, 1):
        if _ENGLISH_HEADER.match(first[english]) and _WELSH_HEADER.match(first[1 - english]):
            return english, True
    both = [r for r in rows if all(c.strip() for c in r.cells)]
    votes = [(detect_lang(r.cells[0], default="?"), detect_lang(r.cells[1], default="?")) for r in both]
    en_left = sum(1 for v in votes if v == ("en", "cy"))
    en_right = sum(1 for v in votes if v == ("cy", "en"))
    if max(en_left, en_right) >= 3 and max(en_left, en_right) >= 0.6 * len(both) and min(en_left, en_right) == 0:
        return (0 if en_left else 1), False
    return None


def _cell_blocks(row: Row, index: int) -> list[Block]:
    """A cell's paragraphs as the blocks they would be outside a table: bullets as items, the rest paragraphs."""
    lines = row.lines[index] if index < len(row.lines) and len(row.lines[index]) > 1 else \
        tuple(("• " if n else "") + p for n, p in enumerate(re.split(r"\s*[•◦▪●]\s*", row.cells[index])) if p)
    if row.cells[index].lstrip().startswith(("•", "◦", "▪", "●")) and lines and not lines[0].startswith("•"):
        lines = ("• " + lines[0], *lines[1:])
    out = []
    for line in lines:
        line = line.strip()
        marked = _BULLET.match(line)
        if not line:
            continue
        if marked:
            out.append(Block("item", line[marked.end():].strip(), row.location, marker=marked.group().strip()))
        else:
            out.append(Block("paragraph", line, row.location))
    return out


def unfold_bilingual(blocks: list[Block], unsure: list[str]) -> list[Block]:
    """A plan laid out as a two-column English | Cymraeg table is read from its English column, as if it
    were the document; where both cells of a row are objective labels they are kept together ("Amcan 1: ... /
    Objective 1: ...") so the Welsh wording stays the objective's translation. The Welsh steps are the same
    steps translated: never more objectives or steps."""
    out: list[Block] = []
    for block in blocks:
        found = _bilingual_columns(block) if block.kind == "table" else None
        if found is None:
            out.append(block)
            continue
        english, header = found
        rows = [r for r in block.rows if any(c.strip() for c in r.cells)][1 if header else 0:]
        for row in rows:
            en, cy = row.cells[english].strip(), row.cells[1 - english].strip()
            if en and cy and label_of(en, True) and label_of(cy, True):
                out.append(Block("paragraph", f"{cy} / {en}", row.location, strong=True))
                continue
            out.extend(_cell_blocks(row, english) if en else _cell_blocks(row, 1 - english))
        unsure.append(f"the table at {block.location.render()} gives the plan in English and Welsh side by side: "
                      "the English column is read, the Welsh column is its translation")
    return out


_KEY_PAIR = re.compile(r"^\W{0,2}(?P<abbr>[A-Z][A-Za-z+]{0,4})\s*(?:=|:|–|—|-)\s*(?P<name>[^\W\d][\w ’'/-]{2,60}?)\W*$")
_KEY_ABBR = re.compile(r"[A-Z][A-Za-z+]{0,4}")


@lru_cache(maxsize=1024)
def _key_concept(name: str) -> URIRef | None:
    for lang in ("en", "cy"):
        concept = characteristics(lang).lookup(name)
        if concept is not None and _top_characteristic(concept) is not None:
            return concept
    return None


def characteristic_key(blocks: list[Block]) -> dict[str, str]:
    """{"GR": "Gender reassignment", ...} from a key the plan gives for its tick columns ("A = Age; D =
    Disability; ..." in a paragraph, or a two-column key table): only pairs whose name is a characteristic,
    and only a key of two or more of them."""
    key: dict[str, str] = {}
    for block in blocks:
        pairs: list[tuple[str, str]] = []
        if block.kind == "table":
            pairs = [(r.cells[0].strip(), r.cells[1].strip()) for r in block.rows
                     if len(r.cells) == 2 and _KEY_ABBR.fullmatch(r.cells[0].strip())]
        else:
            for part in re.split(r"[;\n]|\.\s+|,\s+(?=[A-Z][A-Za-z+]{0,4}\s*(?:=|:|–|—|-)\s)", block.text):
                m = _KEY_PAIR.match(part.strip())
                if m and _field_key(m.group("abbr")) is None and len(m.group("name").split()) <= 5:
                    pairs.append((m.group("abbr"), m.group("name").strip()))
        if len(pairs) < 2:
            continue  # a key names several columns; "Lead: Head of HR" is a field
        found = {abbr: name for abbr, name in pairs if _key_concept(name) is not None}
        if len(found) >= 2:
            key.update(found)
    return key


def apply_key(blocks: list[Block], key: dict[str, str], unplaced: list[str]) -> list[Block]:
    """Tables whose header has tick columns named by the plan's key ("A", "D", "GR") get the names the key
    gives them, so the ticks are read as those characteristics; without a key, columns of ticks under
    abbreviations are named as not read (which characteristic each is would be a guess)."""
    out: list[Block] = []
    for block in blocks:
        index = next((i for i, r in enumerate(block.rows[:4]) if table_columns(r) is not None), None) \
            if block.kind == "table" else None
        if index is None:
            out.append(block)
            continue
        header = block.rows[index]
        short = [i for i, c in enumerate(header.cells) if _KEY_ABBR.fullmatch(c.strip()) and _field_key(c) is None
                 and _key_concept(c) is None]
        named = [i for i in short if header.cells[i].strip() in key]
        if len(named) >= 2:
            cells = tuple(key[c.strip()] if i in named else c for i, c in enumerate(header.cells))
            rows = list(block.rows)
            rows[index] = replace(header, cells=cells)
            out.append(replace(block, rows=tuple(rows)))
            continue
        ticked = [i for i in short if any(_TICK.match(_cell(r, i)) for r in block.rows[index + 1:])]
        if len(ticked) >= 2:
            unplaced.append(f"{header.location.render()}: the columns "
                            + ", ".join(repr(header.cells[i].strip()) for i in ticked)
                            + " hold ticks, but no key in the document says which characteristic each is; not read")
        out.append(block)
    return out


#: A block's outline number: "1." (or "1)") on the first level, "1.1", "1.1.1" below it.
_OUTLINE_WORD = r"(?:(?:theme|objective|outcome|priority|action|step|thema|amcan|cam|gweithred)\s+)?"
_OUTLINE_TOP = re.compile(r"^\s*" + _OUTLINE_WORD + r"(\d{1,2})(?:[.)]|\s*[:\-–—])\s+(?=\S)", re.I)
_OUTLINE_DEEP = re.compile(r"^\s*" + _OUTLINE_WORD + r"(\d{1,2}(?:\.\d{1,2}){1,3})(?:[.)]|\s*[:\-–—])?\s+(?=\S)",
                           re.I)


def _outline_number(block: Block) -> tuple[tuple[int, ...], str] | None:
    """((1, 2), "Who tells our stories?") for a block "1.2 Who tells our stories?"; the number of a numbered
    list item is its marker. None for a block without one (tables, prose, "20 bus stations")."""
    if block.kind == "table":
        return None
    text = block.text.strip()
    marker = (block.marker or "").strip()
    if block.ordered and re.fullmatch(r"\d{1,2}(?:\.\d{1,2}){0,3}[.)]?", marker) and not _OUTLINE_DEEP.match(text):
        return tuple(int(n) for n in marker.rstrip(".)").split(".")), text  # a Word list numbered "1.1.1"
    m = _OUTLINE_DEEP.match(text) or _OUTLINE_TOP.match(text)
    if not m:
        return None
    return tuple(int(n) for n in m.group(1).split(".")), text[m.end():].strip()


def _outline(blocks: list[Block]) -> tuple[int, dict[int, tuple[tuple[int, ...], str]], set[int], set[int]] | None:
    """A plan numbered on several levels whose deepest level is its actions, each with its lead or date
    ("1.1.1 Add audio description. Lead: Head of Interpretation. By: 2027."): (the actions' depth, every
    numbered block, the objectives' blocks, the actions' blocks). The objectives are the level just above the
    actions, the blocks whose number begins the actions' numbers; a level above them is the themes. None when
    the document is not so numbered (a report's section numbers have no actions with leads under them)."""
    numbers = {k: n for k, b in enumerate(blocks) if (n := _outline_number(b)) is not None}
    depths = [len(n) for n, _ in numbers.values()]
    deep = max((d for d in set(depths) if depths.count(d) >= 2 and d >= 2), default=None)
    if deep is None:
        return None
    actions = {k for k, (n, _) in numbers.items() if len(n) == deep}
    parents = {numbers[k][0][:-1] for k in actions}
    objectives = {k for k, (n, _) in numbers.items() if len(n) == deep - 1 and n in parents
                  and any(j > k and numbers[j][0][:-1] == n for j in actions)}
    if len(objectives) < 2:
        return None
    with_fields = 0
    for k in actions:
        fields = step_parts(numbers[k][1])[2]
        follow = blocks[k + 1] if k + 1 < len(blocks) else None
        if fields.lead or fields.due or (follow is not None and follow.kind != "table" and k + 1 not in numbers
                                         and any(key in ("lead", "due") for key, _ in field_lines(follow.text))):
            with_fields += 1
    if with_fields * 2 < len(actions):
        return None
    return deep, numbers, objectives, actions


def outlined(blocks: list[Block], outline: tuple[int, dict[int, tuple[tuple[int, ...], str]], set[int], set[int]],
             unsure: list[str]) -> list[ObjectiveRead]:
    """Layout 4: a plan numbered 1. / 1.1 / 1.1.1 (themes, objectives, actions) or 1. / 1.1 (objectives,
    actions): each objective is read with the actions numbered under it (their leads and dates read from
    them); a theme is its objectives' theme note. An objective ends at the next numbered block above the
    actions' level or at a heading that is not numbered ("Monitoring")."""
    deep, numbers, objectives, actions = outline
    themes = {numbers[k][0]: numbers[k][1] for k in numbers if len(numbers[k][0]) == deep - 2}
    found: list[ObjectiveRead] = []
    for k in sorted(objectives):
        number, title = numbers[k]
        end = next((j for j in range(k + 1, len(blocks)) if (j in numbers and len(numbers[j][0]) < deep)
                    or (j not in numbers and (blocks[j].kind == "heading" or _pseudo_heading(blocks[j])))),
                   len(blocks))
        body = blocks[k + 1:end]
        first = next((n for n, j in enumerate(range(k + 1, end)) if j in actions), len(body))
        title, statement = split_title(_FOOTNOTE_MARK.sub("", title.rstrip(":")))
        obj = ObjectiveRead(None, title, blocks[k].location, blocks[k].text, statement,
                            theme=themes.get(number[:-1]), rank=_rank(blocks[k]))
        reader = BodyReader(obj, unsure)
        reader.feed(body[:first])
        reader.mode, reader.step = "steps", None
        for j in range(k + 1 + first, end):
            if j in actions:  # its number (and any "Action" word before it) is its reference, not its wording
                reader._add_step(numbers[j][1], blocks[j])
                reader.step.reference = reader.step.reference or ".".join(map(str, numbers[j][0]))  # type: ignore[union-attr]
            else:
                reader.blocks, reader.index = blocks[k + 1:end], j - k - 1
                reader.block(blocks[j], blocks[j + 1] if j + 1 < end else None)
        found.append(obj)
    unsure.append(f"the plan is numbered on {deep} levels: the items numbered like "
                  f"{'.'.join(str(n) for n in numbers[min(objectives)][0])} are read as the objectives and those "
                  f"numbered like {'.'.join(str(n) for n in numbers[min(actions)][0])} as their actions"
                  + ("; the first level is their themes" if themes else ""))
    return found


#: A contents line: a title, a leader of dots (or "…", "·", "_") and a page number ("Monitoring and review ..... 6").
_CONTENTS_LINE = re.compile(r"\S.*?\s*(?:\.{3,}|(?:\.\s){3,}|…+|·{3,}|_{3,})\s*\d{1,3}\s*$")
#: A contents line whose page number follows a tab ("Monitoring and review\t6"): one only among others so written.
_CONTENTS_TAB = re.compile(r"\S.*\t+\d{1,3}\s*$")


def without_contents(blocks: list[Block]) -> list[Block]:
    """The blocks without the plan's contents lines, which are never objectives or steps: every line with a
    dot leader and a page number, and lines ending in a tab and a page number where three or more come
    together (a Word contents field)."""
    tabbed = [b.kind != "table" and bool(_CONTENTS_TAB.match(b.text.strip("\n "))) for b in blocks]
    drop = {k for k, b in enumerate(blocks) if b.kind != "table" and _CONTENTS_LINE.fullmatch(b.text.strip())}
    drop |= {k for k in range(len(blocks)) if tabbed[k] and sum(tabbed[max(0, k - 2):k + 3]) >= 3}
    for k, b in enumerate(blocks):  # under a "Contents" heading, the page-numbered lines that follow it
        if b.kind != "table" and re.fullmatch(r"(?:table of )?contents|cynnwys|cynnwys y ddogfen", b.text.strip(" :"),
                                              re.I):
            j = k + 1
            while j < len(blocks) and blocks[j].kind != "table" and (
                    j in drop or _PAGE_NUMBERED.fullmatch(blocks[j].text.strip())):
                drop.add(j)
                j += 1
    grown = True
    while grown:  # "Objective 2: Fair pay 4" beside them, its leader lost (a tab read as a space): the same list
        more = {j for k in drop for j in (k - 1, k + 1) if 0 <= j < len(blocks) and j not in drop
                and blocks[j].kind != "table" and _PAGE_NUMBERED.fullmatch(blocks[j].text.strip())}
        grown = bool(more)
        drop |= more
    return [b for k, b in enumerate(blocks) if k not in drop]


#: A short line ending in a page number: a contents line when it stands beside others.
_PAGE_NUMBERED = re.compile(r"(?:\S+\s+){0,13}(?!(?:to|and|or|a|i)\s)\S*[^\W\d]\S*\s+\d{1,3}", re.I)  # not "2024 to 28"


def read_objectives(document: Document) -> Reading:
    """The objectives of a plan in whichever layout it uses (empty when none is recognised)."""
    unsure: list[str] = []
    unplaced: list[str] = []
    blocks = unfold_bilingual(document.blocks, unsure)
    blocks = section_headings(apply_key(without_contents(blocks), characteristic_key(blocks), unplaced))
    found = labelled(blocks, unsure)
    layout = "objectives labelled 'Objective N'" if found else ""
    outline = _outline(blocks)
    if not found and outline is not None and outline[0] >= 3:
        found, layout = outlined(blocks, outline, unsure), "a plan numbered on three levels (themes, objectives, actions)"
    if not found:
        found, layout = sectioned(blocks, unsure)
    if not found and outline is not None:
        found, layout = outlined(blocks, outline, unsure), "a plan numbered on two levels (objectives, actions)"
    tables = tabled(blocks, unplaced)
    if not found:
        found = [t for t in tables if t.title or t.statement]  # a bare "1" names an objective read nowhere
        layout = "a table with an objective column" if found else ""
    else:
        join_tables(found, tables, unsure)
    _number_objectives(found)
    shared_actions(blocks, found, unsure)
    actions_apart(blocks, found, unsure)
    actions_by_reference(blocks, found, unsure)
    return Reading(found, layout, unsure, unplaced)


def join_tables(found: list[ObjectiveRead], tables: list[ObjectiveRead], unsure: list[str]) -> None:
    """Objectives also given in a table (a summary, or an action plan beside a list of objectives): what the
    table says of each counts, its actions where the objective has none; objectives only in the table are
    added when numbered, else reported (they may be the same objectives worded differently)."""
    extra = []
    for row in tables:
        objective = next((o for o in found if _matches(row, o)), None)
        if objective is None and not (row.title or row.statement):
            unsure.append(f"a table at {row.location.render()} gives actions for objective {row.number}, which "
                          "was not found; not read")
            continue
        if objective is None:
            extra.append(row)
            continue
        if objective is row:
            continue
        objective.fields.stated.extend(row.fields.stated)
        objective.fields.lead = objective.fields.lead or row.fields.lead
        objective.fields.due = objective.fields.due or row.fields.due
        objective.fields.measure.extend(m for m in row.fields.measure if m not in objective.fields.measure)
        if not objective.steps:
            objective.steps = row.steps
    if extra and all(o.number is not None for o in extra):
        found += [o for o in extra if o.number not in {f.number for f in found}]
    elif extra:
        unsure.append(f"a table lists {len(extra)} objectives without a number beside the ones read elsewhere "
                      f"(first: {extra[0].title!r} at {extra[0].location.render()}); not read, to avoid "
                      "counting an objective twice")


#: "Actions for objective 1", "Objective 2 actions", "Camau ar gyfer amcan 3": steps listed apart from their objective.
_ACTIONS_FOR = re.compile(
    r"^\W{0,3}(?:(?:key\s+)?(?:actions?|steps|activities|what we will do|camau)\s+(?:for|under|towards|to deliver|"
    r"ar gyfer)\s+(?:equality\s+)?(?:objective|outcome|amcan)\s+(\d{1,2})|(?:equality\s+)?(?:objective|outcome|amcan)"
    r"\s+(\d{1,2})\s*[:\-–—]?\s*(?:actions?|steps|camau))\b.{0,60}$", re.I)


def actions_apart(blocks: list[Block], found: list[ObjectiveRead], unsure: list[str]) -> None:
    """Steps listed under "Actions for objective N" headings, for objectives read elsewhere without steps."""
    by_number = {o.number: o for o in found if o.number is not None}
    for k, block in enumerate(blocks):
        m = _ACTIONS_FOR.match(block.text.strip()) if block.kind in ("heading", "paragraph") else None
        if not m:
            continue
        objective = by_number.get(int(m.group(1) or m.group(2)))
        if objective is None or objective.steps:
            continue
        level = block.level if block.kind == "heading" else 99
        end = next((j for j in range(k + 1, len(blocks)) if (blocks[j].kind == "heading" and blocks[j].level <= level)
                    or _ACTIONS_FOR.match(blocks[j].text.strip())), len(blocks))
        reader = BodyReader(objective, unsure)
        reader.mode = "steps"
        reader.feed(blocks[k + 1:end])


#: An objective cell that only names objectives by number: "2", "2 and 3", "Objectives 1, 2 & 4", "Amcan 3".
_OBJECTIVE_REFS = re.compile(r"^(?:(?:equality\s+)?(?:objectives?|obj\.?|eo|o|amcan(?:ion)?)\s*)?\d{1,2}"
                             r"(?:\s*(?:,|&|\+|/|and|a|ac|or|neu|to|i|-|–)\s*\d{1,2})*\.?$", re.I)
#: An objective cell that names every objective: "All", "All objectives", "Pob amcan".
_ALL_OBJECTIVES = re.compile(r"^(?:all(?:\s+(?:four|five|six|three|of\s+them|\d))?(?:\s+(?:equality\s+)?objectives)?|"
                             r"both|pob\s+un|pob\s+amcan|y\s+ddau|y\s+cyfan|yr\s+holl\s+amcanion)\.?$", re.I)


def _objective_refs(text: str) -> tuple[int, ...] | None:
    """(2, 3) for "2 and 3"; () for "All"; None for a cell that is not only objective numbers."""
    text = text.strip()
    if _ALL_OBJECTIVES.match(text):
        return ()
    if not _OBJECTIVE_REFS.match(text):
        return None
    numbers: list[int] = []
    for m in re.finditer(r"(\d{1,2})(?:\s*(?:-|–|to|i)\s*(\d{1,2}))?", text):
        low, high = int(m.group(1)), int(m.group(2) or m.group(1))
        numbers += range(low, high + 1) if low <= high <= low + 10 else [low, high]  # "1-3", "1 to 3": 1, 2, 3
    return tuple(dict.fromkeys(numbers))


def shared_table(block: Block) -> tuple[TableColumns, list[tuple[Row, tuple[int, ...]]]] | None:
    """A table of actions whose objective column only names the objectives each row serves ("2", "3",
    "2 and 3", "All"): (its columns, each row with the numbers it names, () for all). A row with its objective
    cell left blank serves the objectives of the row above. None for any other table (one whose objective
    cells carry wording, or that describes its numbered objectives in a column of their own)."""
    if block.kind != "table":
        return None
    start = next((i for i, r in enumerate(block.rows[:4]) if table_columns(r) is not None), None)
    if start is None:
        return None
    cols = table_columns(block.rows[start])
    assert cols is not None
    if not cols.has_objectives or "step" not in cols.by_key or "description" in cols.by_key:
        return None
    placed: list[tuple[Row, tuple[int, ...]]] = []
    refs: tuple[int, ...] | None = None
    for row in block.rows[start + 1:]:
        if not any(c.strip() for c in row.cells):
            continue
        given = _cell(row, cols.by_key["objective"])
        if given:
            refs = _objective_refs(given)
            if refs is None:
                return None
        if refs is None or not _cell(row, cols.by_key["step"]):
            return None
        placed.append((row, refs))
    if not placed or not any(refs for _, refs in placed):
        return None
    return cols, placed


def shared_actions(blocks: list[Block], found: list[ObjectiveRead], unsure: list[str]) -> None:
    """Tables of actions whose objective column names the objectives by number (shared_table): each row is a
    step of every objective it names ("2 and 3": both; "All": every objective read), wherever the table
    stands, never of the objective whose section it happens to be in. Numbers that name no objective read are
    reported, their rows not placed; a step an objective already has is not added twice."""
    by_number = {o.number: o for o in found if o.number is not None}
    if not by_number:
        return
    for block in blocks:
        shared = shared_table(block)
        if shared is None:
            continue
        cols, placed = shared
        missing: list[int] = []
        for row, refs in placed:
            targets = list(by_number.values()) if not refs else [by_number[n] for n in refs if n in by_number]
            missing += [n for n in refs if n not in by_number and n not in missing]
            source = " | ".join(c for c in row.cells if c.strip())
            for objective in targets:
                have = {_norm(s.text) for s in objective.steps}
                for text in cell_steps(row, cols.by_key["step"]):
                    step = table_step(text, row.location, source)
                    if _norm(step.text) in have:
                        continue
                    _row_fields(row, cols, step.fields)
                    objective.steps.append(step)
        for number in missing:
            unsure.append(f"a table at {block.location.render()} gives actions for objective {number}, which "
                          "was not found; not read")
        if any(len(refs) != 1 for _, refs in placed):
            unsure.append(f"the actions in the table at {block.location.render()} are placed under the objectives "
                          "its objective column names (a row that names several is a step of each)")


#: An action's reference that names its objective first: "1.1", "2.3", "EO2.1", "O3-2", "(4.1)".
_OBJECTIVE_REF = re.compile(r"^\W{0,2}(?:[A-Z]{1,4}\s?)?(\d{1,2})\s?[.\-–/]\s?\d{1,2}[a-z]?\W{0,2}$")


def _objective_of_ref(text: str) -> int | None:
    m = _OBJECTIVE_REF.match(text.strip())
    return int(m.group(1)) if m else None


def actions_by_reference(blocks: list[Block], found: list[ObjectiveRead], unsure: list[str]) -> None:
    """One table of actions apart from the objectives (an "Action plan" at the end), with no objective column
    but a reference on every row that starts with its objective's number ("1.1", "2.3", "EO2.1"): each row is
    a step of the objective its reference names. Read only for objectives that have no steps of their own, and
    only when every row's reference names an objective that was read."""
    by_number = {o.number: o for o in found if o.number is not None}
    bare = {n for n, o in by_number.items() if not o.steps}
    if not bare:
        return
    for block in blocks:
        if block.kind != "table":
            continue
        start = next((i for i, r in enumerate(block.rows[:4]) if table_columns(r) is not None), None)
        if start is None:
            continue
        header = block.rows[start]
        cols = table_columns(header)
        assert cols is not None
        if cols.has_objectives or "step" not in cols.by_key:
            continue
        rows = [r for r in block.rows[start + 1:] if any(c.strip() for c in r.cells)]
        placed: list[tuple[int, str, Row]] = []
        for row in rows:
            step_text = _cell(row, cols.by_key["step"])
            given = _cell(row, cols.by_key.get("ref"))
            reference = given or (step_parts(step_text)[1] or "")
            number = _objective_of_ref(reference)
            if number is None or number not in by_number:
                placed = []
                break
            placed.append((number, reference.strip(" .:()"), row))
        if len({n for n, _, _ in placed}) < 2 or not {n for n, _, _ in placed} <= bare:
            continue
        for number, reference, row in placed:
            source = " | ".join(c for c in row.cells if c.strip())
            for text in cell_steps(row, cols.by_key["step"]):
                step = table_step(text, row.location, source)
                step.reference = step.reference or reference
                _row_fields(row, cols, step.fields)
                by_number[number].steps.append(step)
        unsure.append(f"the actions in the table at {block.location.render()} are placed under the objectives "
                      "their references name (the first number of '1.1', '2.3')")
        bare -= {n for n, _, _ in placed}


def _matches(a: ObjectiveRead, b: ObjectiveRead) -> bool:
    return (a.number is not None and a.number == b.number) or _norm(a.title) == _norm(b.title)


def _number_objectives(found: list[ObjectiveRead]) -> None:
    """Objectives without a number as written are numbered in reading order; repeated numbers are kept apart."""
    used: set[int] = set()
    for n, obj in enumerate(found, start=1):
        if obj.number is None or obj.number in used:
            obj.number = n if n not in used else max(used) + 1
        used.add(obj.number)


# ---------------------------------------------------------------- the plan itself


def plan_title(document: Document) -> str:
    """The plan's title: its first heading, else the file's own title (unless it is a placeholder such as
    "untitled" or "Microsoft Word - plan.docx"), else the line that names the plan, else the first line."""
    for b in document.blocks[:15]:
        if b.kind == "heading" and b.text.strip() and not label_of(b.text, True):
            return b.text.strip()
    if document.title and document.title.strip() and not _PLACEHOLDER_TITLE.match(document.title.strip()):
        return document.title.strip()
    for b in document.blocks[:15]:  # no headings (a spreadsheet, plain text): the line that names the plan
        text = b.text.strip()
        if b.kind == "paragraph" and len(text.split()) <= 25 and _TITLE_LINE.search(text):
            return text
    first = next((b.text.strip() for b in document.blocks if b.text.strip()), "")
    return first[:150]


_PLACEHOLDER_TITLE = re.compile(r"^(?:untitled|document\s*\d*|microsoft word - .*|.*\.(?:docx?|pdf|odt|rtf))$",
                                re.I)
_TITLE_LINE = re.compile(r"\b(plan|objectives|outcomes|scheme|cynllun|amcanion)\b", re.I)


def plan_organisation(document: Document) -> tuple[str | None, str | None]:
    """(name, where) of the body whose plan this is: an "Organisation:" line, else a body's name on the first page."""
    for b in document.blocks[:80]:
        m = _ORG_LINE.match(b.text.strip())
        if m:
            return m.group(1).strip().rstrip("."), b.location.render()
        for row in b.rows[:8]:
            if len(row.cells) >= 2 and _ORG_LINE.match(f"{row.cells[0]}: {row.cells[1]}"):
                return row.cells[1].strip(), row.location.render()
    candidates = ([(document.title, "document properties")] if document.title else []) + \
        [(b.text, b.location.render()) for b in document.blocks[:12] if b.kind != "table"]
    for text, where in candidates:
        m = _ORG_NAME.search(text or "")
        if m:
            name = _trim_name(m.group(1))
            if len(name.split()) >= 2:
                return name, where
    return None, None


_TITLE_WORDS = frozenset({"equality", "equalities", "strategic", "plan", "objectives", "objective", "annual",
                          "report", "scheme", "diversity", "inclusion", "action", "cynllun", "cydraddoldeb"})


def _trim_name(name: str) -> str:
    """A body's name without a leading article or the document-title words caught after it."""
    words = re.sub(r"^(?:The|Our|Y|Yr)\s+", "", name.strip()).split()
    while words and words[-1].casefold().strip(",.") in _TITLE_WORDS:
        words.pop()
    return " ".join(words)


# ---------------------------------------------------------------- fit and read


def fits(document: Document) -> Fit:
    """A plan fits when objectives are found in one of the layouts and the document is not minutes."""
    reading = read_objectives(document)
    if not reading.objectives:
        return Fit(0)
    minutes_signs = sum(1 for b in document.blocks[:60] if _MINUTES_SIGNS.match(b.text.strip()))
    labelled_layout = reading.layout.startswith("objectives labelled")
    # "Priority 1:" or "Aim 2:" may head an agenda item; only the words objective, outcome and amcan outweigh
    # a minutes' "Present:" and "Apologies:".
    objective_words = labelled_layout and any(re.match(r"^\W*(?:\w+\s+){0,3}?(?:objective|outcome|amcan)\b",
                                                       o.source, re.I) for o in reading.objectives)
    if minutes_signs >= 2 and not objective_words:
        return Fit(0, ("minutes",))
    cues = [f"{len(reading.objectives)} objectives ({reading.layout})"]
    score = (4 if labelled_layout else 3) + min(2, len(reading.objectives) // 3)
    if re.search(r"strategic equality plan|equality plan|equality objectives|equality outcomes|"
                 r"cynllun cydraddoldeb|amcanion cydraddoldeb", document.text, re.I):
        cues.append("named as an equality plan")
        score += 1
    return Fit(score, tuple(cues))


def read(document: Document, *, slug: str | None = None) -> IngestResult:
    """The plan as RDF with its reading report; InputError when no objective is found."""
    reading = read_objectives(document)
    if not reading.objectives:
        raise InputError(
            "no equality objectives found: looked for headings or paragraphs starting 'Objective 1' "
            "(or 'Equality objective 1', 'Amcan 1'), a list or sub-headings under an 'objectives' heading, "
            "and tables with an 'objective' column")
    return PlanWriter(document, reading, slug).write()


def _slug(title: str, organisation: str | None) -> str:
    """The plan's slug: its title, led by its body's name when the title does not already name it."""
    words = slugify(title)
    if organisation and slugify(organisation) not in words:
        words = f"{slugify(organisation)}-{words}"
    if len(words) > 80:
        words = words[:81].rsplit("-", 1)[0]
    return words.strip("-") or "plan"


class PlanWriter:
    """Writes what was read as RDF in the ontology's terms, and the reading report beside it."""

    def __init__(self, document: Document, reading: Reading, slug: str | None) -> None:
        self.document = document
        self.reading = reading
        self.title = plan_title(document)
        self.organisation = plan_organisation(document)
        self.slug = slug or _slug(self.title, self.organisation[0])
        self.doc = mint_ref("plan", self.slug)
        self.b = Builder(self.doc, EQ.StrategicEqualityPlan, document.source_name, self.slug)
        self.ctx = entities.Context(self.doc)
        self.rag_key = document_rag_key(document.blocks)  # "Green = on track" where the plan gives a key

    def write(self) -> IngestResult:
        b, report = self.b, self.b.report
        report.layout = self.reading.layout
        b.add(self.doc, EQ.documentType, DOCTYPE["strategic-equality-plan"])
        b.add(self.doc, EQ.knownFrom, EQ.wholeDocument)  # its gaps are the plan's, not of a partial view
        b.text(self.doc, DCTERMS.title, self.title)
        self._organisation()
        for obj in self.reading.objectives:
            self._objective(obj)
        for reason in self.reading.unsure:
            report.unsure(reason)
        for message in self.reading.unplaced:
            report.note(message)
        for note in self.document.notes:
            report.note(note)
        steps = sum(len(o.steps) for o in self.reading.objectives)
        if steps == 0:
            report.unsure("no steps or actions were found under any objective", "medium")
        if any(not o.title for o in self.reading.objectives):
            report.unsure("some objectives have no title", "low")
        if self.reading.layout.startswith("themed"):
            report.unsure("the document's headings could be objectives or themes", "medium")
        for message in self.ctx.report:
            report.note(message)
        return b.result("plan")

    def _organisation(self) -> None:
        name, where = self.organisation
        if not name:
            self.b.report.note("the plan's organisation could not be identified (add an 'Organisation:' line)")
            return
        org = entities.resolve_organisation(name, self.ctx)
        self.b.add(self.doc, EQ.organisation, org)
        if entities.label(org) is None:
            self.b.resource(org, EQ.Organisation, where)
            self.b.add(org, SKOS.prefLabel, Literal(name))
        self.b.report.item("organisation", name, where or "", source=name, uri=str(org))

    def _objective(self, obj: ObjectiveRead) -> None:
        b = self.b
        number = obj.number or 0
        uri = mint_ref("plan", self.slug, "objective", str(number))
        where = obj.location.render()
        b.resource(uri, EQ.EqualityObjective, where)
        b.add(self.doc, EQ.hasObjective, uri)
        b.add(uri, EQ.number, Literal(number, datatype=XSD.integer))
        b.text(uri, DCTERMS.title, obj.title)
        for other in obj.other_titles:
            b.text(uri, DCTERMS.title, other)
        b.text(uri, EQ.text, obj.statement)
        for other in obj.translations:
            lang = _language(other)
            if other.title:
                b.add(uri, DCTERMS.title, Literal(other.title, lang=lang))
            if other.statement:
                b.add(uri, EQ.text, Literal(other.statement, lang=lang))
            b.report.note(f"objective {number} is also given in {'Welsh' if lang == 'cy' else 'English'} "
                          f"({other.location.render()}); its steps there are the same steps, not read twice")
        if obj.theme:
            b.text(uri, EQ.note, f"Listed under the heading {obj.theme!r}.")
        for remark in obj.remarks:
            b.text(uri, EQ.note, remark)
        if len(obj.other_titles):
            b.report.note(f"objective {number} is worded differently in different places: "
                          + "; ".join(repr(t) for t in [obj.title, *obj.other_titles]))
        self._fields(uri, obj.fields, where)
        # The objective's own words and its rationale ("Why this matters") name whom it is for.
        wording = " ".join(t for t in (obj.title, obj.statement, *obj.other_titles, *obj.context) if t)
        claims = tag_resource(b, uri, wording, where)
        claims += self._stated(uri, obj.fields, where)
        claims += self._all_named(uri, " ".join(t for t in (obj.title, obj.statement) if t), where)
        index = b.report.item("objective", obj.title or obj.statement, where, source=obj.source, uri=str(uri),
                              number=number, title=obj.title, statement=obj.statement,
                              characteristics=_characteristics(claims), lead=obj.fields.lead,
                              due=obj.fields.due, measure="; ".join(obj.fields.measure) or None,
                              **({"status": obj.fields.status} if obj.fields.status else {}))
        for message in obj.notes:
            b.report.note(f"objective {number}, {message}")
        if not obj.steps:
            b.report.note(f"objective {number} has no steps")
        for n, step in enumerate(obj.steps, start=1):
            self._step(uri, n, step, index, obj.fields)

    def _step(self, objective: URIRef, n: int, step: StepRead, parent: int, given: Fields) -> None:
        b = self.b
        uri = URIRef(f"{objective}/step/{n}")
        where = step.location.render()
        b.resource(uri, EQ.Step, where)
        b.add(objective, EQ.hasStep, uri)
        b.add(uri, EQ.number, Literal(n, datatype=XSD.integer))
        b.text(uri, EQ.text, step.text)
        b.text(uri, EQ.reference, step.reference)
        for detail in step.details:
            b.text(uri, EQ.note, f"Sub-point: {detail}")
        self._fields(uri, step.fields, where)
        claims = tag_resource(b, uri, step.text, where) + self._stated(uri, step.fields, where)
        claims += self._all_named(uri, step.text, where)
        # A lead or timescale given once for the objective is its steps' too: the report says so (and where
        # it came from); the RDF keeps it on the objective, where the plan wrote it.
        inherited = [k for k in ("lead", "due") if not getattr(step.fields, k) and getattr(given, k)]
        b.report.item("step", step.text, where, source=step.source, parent=parent, uri=str(uri),
                      characteristics=_characteristics(claims), lead=step.fields.lead or given.lead,
                      due=step.fields.due or given.due, measure="; ".join(step.fields.measure) or None,
                      **({"status": step.fields.status} if step.fields.status else {}),
                      **({"from_objective": ", ".join(inherited)} if inherited else {}))

    def _fields(self, uri: URIRef, fields: Fields, where: str) -> None:
        """Lead as written (a post or team is not a person: no one is minted), timescale read, measures."""
        b = self.b
        if fields.lead:
            lead = b.resource(URIRef(f"{uri}/lead"), PROV.Agent, where)
            b.add(uri, EQ.lead, lead)
            b.add(lead, RDFS.label, Literal(fields.lead))
            b.text(lead, EQ.wording, fields.lead)
        if fields.due:
            add_timeline(b, uri, fields.due, where)
        if fields.status:  # kept as written; a concept only where a label or the document's RAG key names one
            b.text(uri, EQ.progressUpdate, fields.status)
            status_read = read_status(fields.status, self.rag_key)
            for status in status_read.concepts:
                b.add(uri, EQ.status, status)
            if status_read.ambiguity:
                b.text(uri, EQ.ambiguity, status_read.ambiguity)
        for k, measure in enumerate(fields.measure, start=1):
            indicator = b.resource(URIRef(f"{uri}/measure/{k}"), EQ.PerformanceIndicator, where)
            b.add(uri, EQ.measuredBy, indicator)
            b.text(indicator, EQ.text, measure)

    def _all_named(self, uri: URIRef, text: str, where: str) -> list[URIRef]:
        """A step or objective whose own words name all the characteristics ("a survey that asks about all
        nine protected characteristics") covers each of them, as written (basis tagged, the phrase kept)."""
        m = _ALL_NAMED.search(text)
        if not m:
            return []
        return [add_claim(self.b, uri, concept, "tagged", location=where, matched_label=m.group())
                for concept in _top_concepts()]

    def _stated(self, uri: URIRef, fields: Fields, where: str) -> list[URIRef]:
        """Characteristics the plan states for an objective or step ("Protected characteristics: All")."""
        claims: list[URIRef] = []
        for wording, location in fields.stated:
            if _ALL.match(wording.strip()):
                for concept in _top_concepts():
                    claims.append(add_claim(self.b, uri, concept, "stated", location=location,
                                            matched_label=wording.strip()))
                continue
            named = characteristics(detect_lang(wording)).tag(wording) or characteristics("cy").tag(wording)
            if not named:
                self.b.report.note(f"{location}: characteristics {wording!r} name none of the nine")
            for concept, label in named:
                claims.append(add_claim(self.b, uri, concept, "stated", location=location, matched_label=label))
        return claims


# ---------------------------------------------------------------- characteristics


@lru_cache(maxsize=1)
def _vocabulary() -> Graph:
    graph = Graph()
    graph.parse(asset_dir("ontology") / "vocab" / "characteristic.ttl", format="turtle")
    return graph


@lru_cache(maxsize=1)
def _top_concepts() -> tuple[URIRef, ...]:
    graph = _vocabulary()
    return tuple(sorted(o for o in graph.objects(None, SKOS.hasTopConcept) if isinstance(o, URIRef)))


@lru_cache(maxsize=256)
def _top_characteristic(concept: URIRef) -> URIRef | None:
    """The protected characteristic a concept rolls up to through skos:broader (None for other concepts)."""
    tops = set(_top_concepts())
    seen: set[URIRef] = set()
    todo = [concept]
    while todo:
        node = todo.pop()
        if node in tops:
            return node
        if node in seen:
            continue
        seen.add(node)
        todo.extend(o for o in _vocabulary().objects(node, SKOS.broader) if isinstance(o, URIRef))
    return None


def _characteristics(claims: list[URIRef]) -> dict[str, str]:
    """{characteristic slug: basis} from claim URIs ({subject}/claim/{basis}/{concept-slug})."""
    found: dict[str, str] = {}
    rank = {"stated": 0, "curated": 1, "tagged": 2, "implied": 3}
    for claim in claims:
        parts = str(claim).split("/claim/", 1)[-1].split("/", 1)
        if len(parts) != 2:
            continue
        basis, slug = parts
        top = _top_characteristic(URIRef(str(PC) + slug))
        if top is None:
            continue
        key = str(top)[len(str(PC)):]
        if key not in found or rank.get(basis, 9) < rank.get(found[key], 9):
            found[key] = basis
    return dict(sorted(found.items()))

