"""Strategic Equality Plan parser: objectives, steps, phased goals and the equality-objectives tables.

How a plan of this genre is read (docs/ingest.md has the full account):

- the cover (before CONTENTS) gives the title and period; the foreword names
  the organisations and its signatories;
- an objective may appear three times with different wording: in the summary
  ("Objective 1" / "Title:" / statement), in its own section ("OBJECTIVE 1" /
  "Title: statement" followed by "To achieve this objective, we need to") and
  as the heading of its table ("Objective 1: Title. Statement."). Every
  distinct title is kept as dcterms:title and every distinct statement as eq:text;
- in an objective section, a paragraph followed by a phase heading that
  starts a new round of phases ("Early phase work") is a step; the other
  paragraphs belong to the current phase's goal (eq:PhasedGoal);
- commitments outside the objectives (the vision's "we will" bullets, "we
  will:" lists, a strategy's pledges, governance and review arrangements)
  are read from the running text before the objectives by the rules in
  eqkg.ingest.pledges, and become eq:Pledge resources of the plan;
- table rows are read by position. A row whose number of cells differs
  from its header is ambiguous: every placement of the missing (or extra)
  cells is tried, a missing cell may have been blank or ticked, and only a
  column that is ticked under every placement is read as ticked; the others
  are recorded as uncertain (never shifted).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from itertools import combinations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from eqkg.errors import InputError
from eqkg.ingest import entities, pledges
from eqkg.ingest.common import Builder, Fit, IngestResult, Lines, clean_cell, mint_ref
from eqkg.ingest.tagging import add_claim, characteristics, lexicon, tag_resource
from eqkg.ingest.timelines import normalise
from eqkg.namespaces import DOCTYPE, EQ, PHASE, slugify

TICKS = frozenset({"✓", "✔", "☑", "✅", "yes", "y"})
_OBJECTIVE_HEADING = re.compile(r"^objective\s+(\d+)\s*$", re.I)
_OBJECTIVE_TABLE = re.compile(r"^objective\s+(\d+)\s*:\s*(.+?)\.\s+(.+)$", re.I)
_STEPS_HEADER = re.compile(r"^to achieve this objective", re.I)
_PHASE = re.compile(
    r"^[-•*\s]*(early phase work|early stage work|early phase|medium[- ]term goals?|long[- ]term goals?)\**\s*:?\s*",
    re.I,
)
_TABLE_HEADING = re.compile(r"^equality objectives\b.*\d{4}", re.I)
_SEPARATOR = re.compile(r"^[-\s\t|:]+$")
_PERIOD = re.compile(r"(\d{4})\s*[|/–-]\s*(\d{4})")
_SECTION = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+([A-Z][A-Z0-9'’&,?()\- ]+)$")
_SMALL_WORDS = frozenset({"a", "an", "and", "by", "for", "in", "of", "on", "or", "the", "to", "with"})
PHASE_ORDER = {"early": 1, "medium-term": 2, "long-term": 3}


def _phase(marker: str) -> str:
    low = marker.lower()
    return "early" if low.startswith("early") else "medium-term" if low.startswith("medium") else "long-term"


def _key(text: str) -> str:
    """A comparison key: case, spacing and final full stop ignored."""
    return re.sub(r"\s+", " ", text).strip().rstrip(".").casefold()


@dataclass
class Objective:
    number: int
    titles: list[tuple[str, str]] = field(default_factory=list)  # (title, location)
    statements: list[tuple[str, str]] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)

    def add_title(self, title: str, location: str) -> None:
        if location not in self.locations:
            self.locations.append(location)
        if title and _key(title) not in {_key(t) for t, _ in self.titles}:
            self.titles.append((title, location))

    def add_statement(self, text: str, location: str) -> None:
        if text and _key(text) not in {_key(t) for t, _ in self.statements}:
            self.statements.append((text, location))


@dataclass
class Step:
    text: str
    line: int
    goals: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


class PlanParser:
    """One parse of one plan."""

    def __init__(self, text: str, source_name: str, slug: str | None) -> None:
        self.lines = Lines(text)
        self.body_start = self._body_start()
        self.title, self.period, self.cover_wording = self._cover()
        self.slug = slug or slugify(self.title) or "plan"
        self.doc = mint_ref("plan", self.slug)
        self.b = Builder(self.doc, EQ.StrategicEqualityPlan, source_name, self.slug)
        self.ctx = entities.Context(self.doc)
        self.objectives: dict[int, Objective] = {}
        self.sections: list[tuple[int, str]] = []
        self.pledges = pledges.Found()

    # ------------------------------------------------------------ reading

    def _body_start(self) -> int:
        """The first line of running text (contents lists and cover lines are short)."""
        return self.lines.find(r"^.{120,}") or 1

    def _cover(self) -> tuple[str, tuple[str, str] | None, str]:
        """(title, (first year, last year) or None, cover wording) from the lines before CONTENTS."""
        end = self.lines.find(r"(?i)^\s*contents\b", end=self.body_start) or min(len(self.lines), 15)
        self.cover_end = end - 1
        words = " ".join(line.strip() for _, line in self.lines.numbered(1, end - 1) if line.strip())
        period = _PERIOD.search(words)
        name = words[: period.start()].strip() if period else words
        if not name:
            raise InputError("the plan has no title before its contents (is this a strategic equality plan?)")
        title = " ".join(w if any(c.islower() for c in w) else w.capitalize() for w in name.split())
        if period:
            title = f"{title} {period.group(1)}\u2013{period.group(2)}"
        return title, (period.group(1), period.group(2)) if period else None, words

    def _sections(self) -> list[tuple[int, str]]:
        """(line, "section 4.6 Responsibility and Governance Arrangements") for each numbered heading.

        A numbered upper-case line is a section heading only if the contents list
        names it (so the numbered list of police and crime priorities is not);
        without a contents list every such line is one.
        """
        contents = [line.strip() for _, line in self.lines.numbered(self.cover_end + 2, self.body_start - 1)
                    if line.strip() and not re.match(r"(?i)^page\s+\d+$", line.strip())]
        found = []
        for k, raw in self.lines.numbered(self.body_start):
            m = _SECTION.match(raw.strip())
            if not m:
                continue
            title = m.group(2).strip()
            if contents and max(difflib.SequenceMatcher(None, _key(title), _key(c)).ratio() for c in contents) < 0.85:
                continue
            words = [w.capitalize() if i == 0 or w.lower() not in _SMALL_WORDS else w.lower()
                     for i, w in enumerate(title.split())]
            found.append((k, f"section {m.group(1)} {' '.join(words)}"))
        return found

    def section_of(self, line: int) -> str:
        """The location prefix of a line before the objectives: its numbered section, else "introduction"."""
        current = "introduction"
        for k, name in self.sections:
            if k > line:
                break
            current = name
        return current

    def _plan_agents(self, subject: str) -> list[URIRef]:
        """The plan's organisations that a sentence subject names, all of it ("OPCC and Gwent Police leadership")."""
        mine = set(self.b.graph.objects(self.doc, EQ.organisation))
        reg = entities.registry()
        found: list[URIRef] = []
        for piece in re.split(r"\s*(?:,|&|\band\b)\s*", subject):
            piece = re.sub(r"(?i)\s+leadership$", "", piece.strip())
            if not piece:
                continue
            org = reg.decided(piece, self.ctx)
            if org is None:
                orgs = reg.organisations.get(entities.normalise(piece), set())
                org = next(iter(orgs)) if len(orgs) == 1 else None
            if org is None or org not in mine:
                return []
            found.append(org)
        return found

    def read_pledges(self) -> None:
        """Commitments, aims and miscounted pledge lists in the running text before the objectives' steps."""
        self.sections = self._sections()
        first_steps = self.lines.find(_STEPS_HEADER, self.body_start) or len(self.lines) + 1
        end = max((k for k, _ in self.sections if k < first_steps), default=first_steps)
        reader = pledges.Reader(self.lines, self._plan_agents, self.section_of)
        self.pledges = reader.read(self.body_start, end)

    def objective(self, number: int) -> Objective:
        return self.objectives.setdefault(number, Objective(number))

    def read_objectives(self) -> None:
        """Summary and section forms of each objective, and the steps of each section."""
        n = self.body_start
        total = len(self.lines)
        first_table = self.lines.find(_TABLE_HEADING, self.body_start) or total + 1
        while n <= total and n < first_table:
            m = _OBJECTIVE_HEADING.match(self.lines[n].strip())
            if not m:
                n += 1
                continue
            obj = self.objective(int(m.group(1)))
            following = [(k, line.strip()) for k, line in self.lines.numbered(n + 1, n + 8) if line.strip()]
            if not following:
                break
            k1, first = following[0]
            if first.endswith(":") and len(following) > 1:  # summary form: "Title:" then statement
                k2, statement = following[1]
                loc = f"summary of objectives, {Lines.loc(n, k2)}"
                obj.add_title(first.rstrip(":").strip(), loc)
                obj.add_statement(statement, loc)
                n = k2 + 1
                continue
            title, _, statement = first.partition(":")
            loc = f"objective {obj.number} section, {Lines.loc(n, k1)}"
            obj.add_title(title.strip(), loc)
            obj.add_statement(statement.strip(), loc)
            end = self._section_end(k1 + 1, first_table)
            self.read_steps(obj, k1 + 1, end)
            n = end

    def _section_end(self, start: int, limit: int) -> int:
        for k, line in self.lines.numbered(start, limit - 1):
            if _OBJECTIVE_HEADING.match(line.strip()):
                return k
        return limit

    def read_steps(self, obj: Objective, start: int, end: int) -> None:
        """Steps and their phased goals between an objective's title line and the next objective."""
        items: list[tuple[str, int, str]] = []  # (kind, line, text): kind is text | step | phase
        for k, raw in self.lines.numbered(start, end - 1):
            line = raw.strip()
            if not line or _STEPS_HEADER.match(line) or _SEPARATOR.match(line):
                continue
            if "<p" in line and "\t" in line:  # one HTML row: step cell, then a cell of phase paragraphs
                step_cell, _, rest = line.partition("\t")
                items.append(("step", k, clean_cell(step_cell)))
                for para in re.findall(r"<p[^>]*>(.*?)</p>", rest, flags=re.S):
                    text = clean_cell(para)
                    pm = _PHASE.match(text)
                    if pm:
                        items.append(("phase", k, _phase(pm.group(1))))
                        text = text[pm.end():]
                    if text:
                        items.append(("text", k, text))
                continue
            pm = _PHASE.match(line)
            if pm and not line[pm.end():].strip():
                items.append(("phase", k, _phase(pm.group(1))))
                continue
            items.append(("text", k, clean_cell(line)))
        step: Step | None = None
        phase: str | None = None
        for i, (kind, k, text) in enumerate(items):
            nxt = items[i + 1] if i + 1 < len(items) else None
            starts_round = (
                nxt is not None and nxt[0] == "phase"
                and (phase is None or PHASE_ORDER[nxt[2]] <= PHASE_ORDER[phase])
            )
            if kind == "step" or (kind == "text" and starts_round):
                step = Step(text, k)
                obj.steps.append(step)
                phase = None
            elif kind == "phase":
                phase = text
            elif step is None or phase is None:
                self.b.report.note(f"objective {obj.number}: text at line {k} is neither a step nor a goal: {text[:60]!r}")
            else:
                step.goals.setdefault(phase, []).append((k, text))

    def read_tables(self) -> None:
        """The equality-objectives tables: ticks per step for characteristics and general-duty aims."""
        table = 0
        columns: list[URIRef | None] | None = None
        names: list[str] = []
        obj: Objective | None = None
        row = 0
        start = self.lines.find(_TABLE_HEADING, self.body_start)
        if start is None:
            self.b.report.note("no equality objectives table found")
            return
        for k, raw in self.lines.numbered(start):
            line = raw.strip()
            if not line:
                continue
            if _TABLE_HEADING.match(line):
                table += 1
                continue
            m = _OBJECTIVE_TABLE.match(line)
            if m and "\t" not in raw:
                obj = self.objective(int(m.group(1)))
                loc = f"equality objectives table {table}, {Lines.loc(k)}"
                obj.add_title(m.group(2).strip(), loc)
                obj.add_statement(m.group(3).strip(), loc)
                row = 0
                continue
            if "\t" not in raw or _SEPARATOR.match(line):
                continue
            fields = [f.strip() for f in raw.rstrip("\n").split("\t")]
            header = self._header(fields)
            if header is not None:
                names, columns = header
                continue
            if not fields[0]:  # a group heading ("PROTECTED CHARACTERISTICS ... EQUALITY DUTIES")
                continue
            row += 1
            if obj is None or columns is None:
                self.b.report.note(f"table row at line {k} comes before its objective or header; not placed")
                continue
            self._row(obj, table, row, k, fields[0], fields[1:], names, columns)

    def _header(self, fields: list[str]) -> tuple[list[str], list[URIRef | None]] | None:
        """Column names and concepts, if this line is a header (three or more known column names)."""
        while fields and not fields[0]:
            fields = fields[1:]
        concepts = [self._column(f) for f in fields]
        if sum(c is not None for c in concepts) < 3 or any(c in TICKS for c in (f.lower() for f in fields)):
            return None
        return fields, concepts

    @staticmethod
    def _column(name: str) -> URIRef | None:
        if not name:
            return None
        return characteristics().lookup(name) or lexicon("aim").lookup(name)

    def _row(self, obj: Objective, table: int, row: int, line: int, label: str, cells: list[str],
             names: list[str], columns: list[URIRef | None]) -> None:
        """Place one table row's ticks on its step (by position within the objective)."""
        loc = f"equality objectives table {table}, row {row} ({Lines.loc(line)})"
        if row > len(obj.steps):
            self.b.report.note(f"{loc}: objective {obj.number} has no step {row}; row {label[:50]!r} not placed")
            return
        step_uri = self.step_uri(obj.number, row)
        step = obj.steps[row - 1]
        similarity = difflib.SequenceMatcher(None, _key(step.text), _key(label)).ratio()
        if similarity < 0.6:
            self.b.report.note(f"{loc}: row wording {label[:50]!r} differs from step {row}; placed by position")
            self.b.text(step_uri, EQ.ambiguity, f"The table row placed on this step by position reads differently: {label!r}.")
        if _key(label) != _key(step.text):
            self.b.text(step_uri, DCTERMS.alternative, label)
        values = ["tick" if c.lower() in TICKS else "" if not c else "other" for c in cells]
        possible = _placements(values, len(columns))
        certain = len(values) == len(columns)
        self.b.report.count("table row")
        uncertain_names = []
        for j, concept in enumerate(columns):
            options = possible[j]
            if concept is None:
                if "tick" in options or MISSING in options:
                    self.b.report.note(f"{loc}: a possible tick under unknown column {names[j]!r} not placed")
                continue
            if options == {"tick"}:
                add_claim(self.b, step_uri, concept, "stated", location=loc)
                self.b.report.count("tick")
            elif options & {"tick", "other", MISSING}:
                uncertain_names.append(names[j])
                why = (f"the tick for {names[j]!r} cannot be placed with certainty"
                       if options & {"tick", "other"} else
                       f"{names[j]!r} is ticked only if the cell missing from this row is this column's and was ticked")
                add_claim(self.b, step_uri, concept, "stated", location=loc, uncertain=True,
                          note=f"The row has {len(values)} cells under {len(columns)} column headings; {why}.")
        if not certain:
            self.b.text(step_uri, EQ.ambiguity, _short_row_ambiguity(table, row, line, cells, len(columns), uncertain_names))
            self.b.report.note(f"{loc}: {len(cells)} cells under {len(columns)} headings; "
                               f"{len(uncertain_names)} columns recorded as uncertain")

    # ------------------------------------------------------------ writing

    def step_uri(self, objective: int, step: int) -> URIRef:
        return mint_ref("plan", self.slug, "objective", str(objective), "step", str(step))

    def write_document(self) -> None:
        b, doc = self.b, self.doc
        b.add(doc, EQ.documentType, DOCTYPE["strategic-equality-plan"])
        b.add(doc, EQ.knownFrom, EQ.wholeDocument)  # read whole: its gaps are the plan's own
        b.text(doc, DCTERMS.title, self.title)
        b.text(doc, EQ.sourceLocation, f"cover, {Lines.loc(1, self.cover_end)}")
        intro = self.lines.find(r"Strategic Equality Plan (?:for )?\d{4}", self.body_start)
        if intro is not None:
            sentence = self.lines[intro]
            m = re.search(r"(?:to the (?:\w+ )?)?((?:[A-Z][\w']*[ ,]+(?:(?:of|the|for|and)\s+)*)+"
                          r"(?:Joint )?Strategic Equality Plan (?:for )?\d{4}\s*[–-]\s*\d{4})", sentence)
            if m:
                b.text(doc, DCTERMS.alternative, m.group(1))
                for org in self._organisations(m.group(1)):
                    b.add(doc, EQ.organisation, org)
        if (doc, EQ.organisation, None) not in b.graph:
            b.report.note("the plan's organisations could not be identified")
        if self.period:
            reading = normalise(f"{self.period[0]}-{self.period[1]}")
            if reading.start and reading.end:
                b.add(doc, EQ.periodStart, Literal(reading.start.isoformat(), datatype=XSD.date))
                b.add(doc, EQ.periodEnd, Literal(reading.end.isoformat(), datatype=XSD.date))
                b.text(doc, EQ.ambiguity,
                       f"The plan gives its period in years only ({self.cover_wording!r}); "
                       f"read as {reading.start.isoformat()} to {reading.end.isoformat()}.")
        self._signatories()
        self._coverage_statements()

    def _organisations(self, text: str) -> list[URIRef]:
        """Registry organisations named in a wording, longest label first, without overlaps."""
        reg = entities.registry()
        folded = entities.normalise(text)
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, URIRef]] = []
        for label in sorted(reg.organisations, key=len, reverse=True):
            orgs = reg.organisations[label]
            if len(orgs) != 1:
                continue
            for m in re.finditer(rf"(?<![\w']){re.escape(label)}(?![\w'])", folded):
                if not any(m.start() < e and s < m.end() for s, e in taken):
                    taken.append((m.start(), m.end()))
                    found.append((m.start(), next(iter(orgs))))
        return [org for _, org in sorted(found)]

    def _signatories(self) -> None:
        """Upper-case name lines followed by an upper-case role line, before the first numbered section."""
        end = self.lines.find(r"^\s*1\.\s+[A-Z]", self.body_start) or len(self.lines)
        for k, line in self.lines.numbered(self.body_start, end - 1):
            name = line.strip()
            role = self.lines[k + 1].strip() if k < len(self.lines) else ""
            if (re.fullmatch(r"[A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+){1,3}", name) and role.isupper()
                    and len(role.split()) >= 2):
                person = entities.resolve_person(name.title(), self.ctx)
                self.b.add(self.doc, DCTERMS.contributor, person)
                self.b.report.count("signatory")

    def _coverage_statements(self) -> None:
        """Sentences in which the plan says which characteristics its objectives cover, or why some are left out."""
        lex = characteristics()
        for k, line in self.lines.numbered(self.body_start):
            for sentence in re.split(r"(?<=[.;])\s+", line.strip()):
                if re.search(r"objectives?\b[^.]*\bset\b[^.]*\b(?:every|all)\b[^.]*protected characteristic",
                             sentence, re.I):
                    self.b.text(self.doc, EQ.note, f"The plan states ({Lines.loc(k)}): {sentence}")
                if re.search(r"\b(?:no|not)\b[^.]*\bobjectives?\b[^.]*\b(?:because|reason)", sentence, re.I):
                    for concept, _label in lex.tag(sentence):
                        uri = mint_ref("plan", self.slug, "gap-reason", str(k))
                        self.b.resource(uri, EQ.GapReason, Lines.loc(k))
                        self.b.add(self.doc, EQ.gapReason, uri)
                        self.b.add(uri, EQ.gapCharacteristic, concept)
                        self.b.text(uri, EQ.text, sentence)
                        self.b.report.count("gap reason")

    def write_objectives(self) -> None:
        b = self.b
        if not self.objectives:
            raise InputError("no objectives found: a plan of this genre lists them as 'Objective 1', 'Objective 2', ...")
        for number in sorted(self.objectives):
            obj = self.objectives[number]
            uri = mint_ref("plan", self.slug, "objective", str(number))
            b.resource(uri, EQ.EqualityObjective, None)
            for loc in obj.locations:
                b.text(uri, EQ.sourceLocation, loc)
            b.add(self.doc, EQ.hasObjective, uri)
            b.add(uri, EQ.number, Literal(number, datatype=XSD.integer))
            for title, _ in obj.titles:
                b.text(uri, DCTERMS.title, title)
            for statement, _ in obj.statements:
                b.text(uri, EQ.text, statement)
            if len(obj.titles) > 1:
                b.report.note(f"objective {number} has {len(obj.titles)} titles: "
                              + "; ".join(repr(t) for t, _ in obj.titles))
            b.report.item("objective", (obj.titles[0][0] if obj.titles else ""), ", ".join(obj.locations),
                          uri=str(uri), number=number, title=obj.titles[0][0] if obj.titles else "",
                          statement=obj.statements[0][0] if obj.statements else "")
            tag_resource(b, uri, " ".join(t for t, _ in obj.titles + obj.statements),
                         obj.titles[0][1] if obj.titles else None)
            if not obj.steps:
                b.report.note(f"objective {number} has no steps")
            for i, step in enumerate(obj.steps, start=1):
                self.write_step(uri, number, i, step)

    def write_step(self, objective: URIRef, number: int, index: int, step: Step) -> None:
        b = self.b
        uri = self.step_uri(number, index)
        loc = f"objective {number} section, {Lines.loc(step.line)}"
        b.resource(uri, EQ.Step, loc)
        b.add(objective, EQ.hasStep, uri)
        b.add(uri, EQ.number, Literal(index, datatype=XSD.integer))
        b.text(uri, EQ.text, step.text)
        parent = max(i for i, item in enumerate(b.report.items) if item.kind == "objective")
        b.report.item("step", step.text, loc, source=self.lines[step.line], parent=parent, uri=str(uri))
        tag_resource(b, uri, step.text, loc)
        for phase, parts in sorted(step.goals.items(), key=lambda kv: PHASE_ORDER[kv[0]]):
            goal = b.resource(URIRef(f"{uri}/goal/{phase}"), EQ.PhasedGoal,
                              f"objective {number} section, {Lines.loc(parts[0][0], parts[-1][0])}")
            b.add(uri, EQ.hasGoal, goal)
            b.add(goal, EQ.phase, PHASE[phase])
            b.text(goal, EQ.text, "\n".join(text for _, text in parts))
            b.report.count("goal")
        for phase in PHASE_ORDER:
            if phase not in step.goals:
                b.report.note(f"objective {number} step {index}: no {phase} goal")

    def write_pledges(self) -> None:
        """eq:Pledge resources of the plan ({plan}/commitment/{n}, in document order), the aims, the miscounts."""
        b = self.b
        for n, found in enumerate(self.pledges.pledges, start=1):
            loc = f"{found.section}, {Lines.loc(found.line)}"
            uri = b.resource(mint_ref("plan", self.slug, "commitment", str(n)), EQ.Pledge, loc)
            b.add(self.doc, EQ.hasCommitment, uri)
            b.add(uri, EQ.number, Literal(n, datatype=XSD.integer))
            b.text(uri, EQ.text, found.text)
            for org in found.leads:
                b.add(uri, EQ.lead, org)
            if found.aim:
                b.text(uri, EQ.note, f"Listed under the aim {found.aim!r}.")
            if found.intro:
                b.text(uri, EQ.note, f"Listed after {found.intro!r}.")
            b.report.count("pledge")
            tag_resource(b, uri, found.text, loc)
        for aim in self.pledges.aims:
            b.text(self.doc, EQ.note, f"Aim of the plan ({'; '.join(aim.places)}): {aim.text}")
            b.report.count("aim")
        for odd in self.pledges.miscounted:
            message = (f"{odd.section}, {Lines.loc(odd.intro_line)}: {odd.intro!r} announces {odd.announced} "
                       f"but {odd.listed} {'is' if odd.listed == 1 else 'are'} listed "
                       f"({Lines.loc(odd.first, odd.last)}); the missing "
                       f"{'ones are' if odd.announced - odd.listed > 1 else 'one is'} not named in the plan.")
            b.text(self.doc, EQ.ambiguity, message[0].upper() + message[1:])
            b.report.note(message)

    def build(self) -> IngestResult:
        self.read_objectives()
        self.read_tables()
        self.write_document()
        self.read_pledges()
        self.write_objectives()
        self.write_pledges()
        for message in self.ctx.report:
            self.b.report.note(message)
        return self.b.result("plan")


def _short_row_ambiguity(table: int, row: int, line: int, cells: list[str], width: int, possibly: list[str]) -> str:
    """What is known, and only that, about a row whose cell count differs from its header."""
    written = " | ".join(c or "(blank)" for c in cells)
    n, ticks = len(cells), sum(c.lower() in TICKS for c in cells)
    where = f"Equality objectives table {table}, row {row} ({Lines.loc(line)}) has {n} cells under {width} column headings"
    if n < width:
        d = width - n
        known = (f"{d} column{'s have' if d > 1 else ' has'} no cell; which, and whether "
                 f"{'those cells were' if d > 1 else 'that cell was'} ticked, is not known, so no tick in this row "
                 f"can be placed with certainty and nothing is shifted. The {n} cells as written hold {ticks} ticks, "
                 f"so between {ticks} and {ticks + d} of the {width} columns are ticked "
                 f"({width - ticks} unticked if the missing cell{'s were' if d > 1 else ' was'} blank, "
                 f"{width - ticks - d} if ticked)")
    else:
        known = (f"{n - width} cell{'s are' if n - width > 1 else ' is'} too many and which is unknown, "
                 f"so only a tick that holds whichever cell is dropped is read")
    return f"{where}: {known}. Cells as written: {written}. Possibly ticked: {', '.join(possibly) or 'none'}."


#: The value of a column that has no cell in a short row: its content is unknown.
MISSING = "missing"


def _placements(values: list[str], width: int) -> list[set[str]]:
    """For each of `width` columns, the values it can take over every placement of the row's cells.

    Equal counts give one placement. With d cells missing, each choice of d
    columns left without a cell is a placement, and those columns take
    MISSING: a lost cell may have been blank or ticked. With d cells too
    many, each choice of d cells to drop is a placement. More than three
    missing or extra cells: every column may take any value seen.
    """
    n = len(values)
    if n == width:
        return [{v} for v in values]
    if abs(n - width) > 3:
        return [set(values) | {"", MISSING} for _ in range(width)]
    options: list[set[str]] = [set() for _ in range(width)]
    if n < width:
        for gaps in combinations(range(width), width - n):
            it = iter(values)
            for j in range(width):
                options[j].add(MISSING if j in gaps else next(it))
    else:
        for drops in combinations(range(n), n - width):
            kept = [v for i, v in enumerate(values) if i not in drops]
            for j in range(width):
                options[j].add(kept[j])
    return options


def parse(text: str, *, source_name: str = "<text>", slug: str | None = None) -> IngestResult:
    """Plan text -> RDF (plan, objectives, steps, phased goals, coverage claims) and a report."""
    if not text.strip():
        raise InputError("the plan is empty")
    return PlanParser(text, source_name, slug).build()


def fits(document) -> Fit:
    """The text layout of the seed plan: objective sections headed by a bare "OBJECTIVE N" line, with "To
    achieve this objective". The phrase alone is not the layout: a plan that writes "Objective 1: Title" lines
    (after a numbered contents list, say) is read by the general reader, which finds them."""
    if document.format not in ("txt", "md"):
        return Fit(0)
    if not any(_OBJECTIVE_HEADING.match(line.strip()) for line in document.text.splitlines()):
        return Fit(0)
    cues = tuple(c for c in ("to achieve this objective", "early phase") if c in document.text.casefold())
    return Fit(10 * len(cues) if "to achieve this objective" in cues else 0, cues)


def read(document, *, slug: str | None = None) -> IngestResult:
    return parse(document.text, source_name=document.source_name, slug=slug)
