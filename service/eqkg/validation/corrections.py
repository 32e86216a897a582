"""Correct the reading before checking again: the /validate correction form <-> the objectives template.

Why the template: a corrected plan must be judged exactly like a filled-in
template (the same rows, ticks and checks), and downloaded as one, so that a
plan fixed once can be reused. The form works without JavaScript:

- `from_report(report)` turns what was read (the validated graph, with the
  reading's source text and places) into a `PlanEntry`, the form's contents:
  one objective per fieldset, its characteristic ticks merged with its steps'
  (as the coverage matrix merges them), its steps one input each;
- `parse_form(form)` reads the submitted form back (field names below);
- `check(entry)` lists the corrections that cannot be made (`FieldError`: the
  control's id and a bilingual message, for the error summary);
- `to_rows(entry)` applies the moves, splits and merges and writes the
  template's rows, which `to_csv`, `to_xlsx` and `to_turtle` serialise.

Ticks stay where they were read: the objective's own (`o{i}-own`) on its row,
each step's (`s{j}-ticks`) on the step's row and with the step when it moves,
because the checks judge each node (a step whose only characteristic is
marriage and civil partnership does not count for aims (b) and (c)). The
boxes show the objective's merged ticks: unticking one removes it from the
objective and its steps; ticking a new one puts it on the objective's row.

Field names: `plan_title`, `organisation`, `published`, `period_start`,
`period_end`, `review_date`, `socio_economic`, `reason-{slug}`; `objectives`
and `steps` (how many); per objective i (1-based) `o{i}-title`,
`o{i}-statement`, `o{i}-char` and `o{i}-aim` (repeated: ticked slugs),
`o{i}-lead`, `o{i}-timeline`, `o{i}-measure`, `o{i}-merge`, `o{i}-split`,
`o{i}-split-title`, `o{i}-add`, `o{i}-where`, `o{i}-bases`, `o{i}-own`; per step j
`s{j}-text`, `s{j}-objective` (i), `s{j}-lead`, `s{j}-timeline`, `s{j}-measure`,
`s{j}-where`, `s{j}-ticks`; the added objective `new-title`, `new-statement`, `new-char`,
`new-aim`, `new-steps`; and `source` (the uploaded file's name).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS

from ..errors import InputError
from ..i18n import downloads, t
from ..namespaces import DUTY, EQ
from . import template
from .engine import plans_in
from .inputs import Cell, Row, read_table
from .report import _descendants, _marks

MAX_ITEMS = 500  # objectives or steps a form may carry
TICK = "✓"
COUNTED = ("stated", "curated", "asserted")
DATE_FIELDS = ("published", "period_start", "period_end", "review_date")
META_ROWS = (("title", "title"), ("organisation", "organisation"), ("published", "published"),
             ("period start", "period_start"), ("period end", "period_end"),
             ("review date", "review_date"))


class FormData(Protocol):
    """What a submitted form offers (werkzeug's MultiDict, or a dict of lists in tests)."""

    def get(self, key: str, default: Any = ...) -> Any: ...

    def getlist(self, key: str) -> list[str]: ...


@dataclass
class StepEntry:
    """One step in the form; `objective` is the 1-based position of the objective it belongs to."""

    text: str
    objective: int
    lead: str = ""
    timeline: str = ""
    measure: str = ""
    where: str = ""  # where it was read, as "location: source text"
    ticks: list[str] = field(default_factory=list)  # characteristics and aims ticked on the step


@dataclass
class ObjectiveEntry:
    """One objective in the form: its words, ticks (with the basis each was read on) and details."""

    title: str = ""
    statement: str = ""
    characteristics: list[str] = field(default_factory=list)
    aims: list[str] = field(default_factory=list)
    bases: dict[str, str] = field(default_factory=dict)  # slug -> basis as read (shown beside the box)
    own: list[str] = field(default_factory=list)  # ticks on the objective's own row (not its steps')
    lead: str = ""
    timeline: str = ""
    measure: str = ""
    merge: bool = False
    split: str = ""
    split_title: str = ""
    add: str = ""
    where: str = ""


@dataclass
class PlanEntry:
    """The whole correction form."""

    title: str = ""
    organisation: str = ""
    published: str = ""
    period_start: str = ""
    period_end: str = ""
    review_date: str = ""
    socio_economic: bool = False
    reasons: dict[str, str] = field(default_factory=dict)  # characteristic slug -> reason
    objectives: list[ObjectiveEntry] = field(default_factory=list)
    steps: list[StepEntry] = field(default_factory=list)
    new: ObjectiveEntry = field(default_factory=ObjectiveEntry)
    source: str = "<upload>"

    def steps_of(self, number: int) -> list[tuple[int, StepEntry]]:
        """(1-based step index in the form, step) of objective `number`, in form order."""
        return [(j, s) for j, s in enumerate(self.steps, start=1) if s.objective == number]


@dataclass(frozen=True)
class FieldError:
    """A correction that cannot be made: the id of the control to fix and what to do."""

    field: str
    message: str


# ---------------------------------------------------------------- from what was read


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _literals(graph: Graph, node: Any, *preds: URIRef) -> list[str]:
    out: list[str] = []
    for pred in preds:
        for value in graph.objects(node, pred):
            if isinstance(value, Literal) and str(value).strip() and str(value) not in out:
                out.append(str(value).strip())
    return out


def _names(graph: Graph, node: Any, pred: URIRef) -> str:
    """The wording of the leads, timelines or measures of a node, joined with '; '."""
    found: list[str] = []
    for target in graph.objects(node, pred):
        words = (_literals(graph, target, EQ.wording) or _literals(graph, target, EQ.text)
                 or _literals(graph, target, SKOS.prefLabel, RDFS.label, FOAF.name))
        if isinstance(target, Literal):
            words = [str(target)]
        for word in words[:1]:
            if word not in found:
                found.append(word)
    return "; ".join(found)


def _timeline(graph: Graph, node: Any) -> str:
    """The timeline's wording; for phased goals (no timeline), the phases they are set for."""
    wording = _names(graph, node, EQ.timeline)
    if wording:
        return wording
    phases = sorted({str(p).rsplit("/", 1)[-1] for goal in graph.objects(node, EQ.hasGoal)
                     for p in graph.objects(goal, EQ.phase)})
    return ", ".join(phases) + (" phase goals" if phases else "")


def _where(location: str, source: str) -> str:
    source = _one_line(source)
    if len(source) > 300:
        source = source[:299] + "…"
    return f"{location}: {source}" if location and source else location or source


def from_report(report: Any) -> PlanEntry:
    """The form's contents from a validation report (CheckedReport): what was read, ready to correct.

    Ticks come from the coverage matrix (an objective's own merged with its
    steps'). Text mentions (basis tagged) are ticked only where the plan ticks
    nothing, because only then does the check count them: a confirmed
    correction must not change the judgment by itself.
    """
    data = report.run.data
    plans = plans_in(data)
    entry = PlanEntry(source=getattr(report, "source", "<upload>"))
    if not plans:
        return entry
    plan = plans[0]
    entry.title = "; ".join(_literals(data, plan, DCTERMS.title))
    orgs = []
    for org in data.objects(plan, EQ.organisation):
        names = _literals(data, org, SKOS.prefLabel, RDFS.label, FOAF.name)
        if names and names[0] not in orgs:
            orgs.append(names[0])
    entry.organisation = "; ".join(orgs)
    for name, pred in (("published", DCTERMS.issued), ("period_start", EQ.periodStart),
                       ("period_end", EQ.periodEnd), ("review_date", EQ.reviewDate)):
        value = data.value(plan, pred)
        setattr(entry, name, str(value) if value is not None else "")
    entry.socio_economic = (None, EQ.addressesDuty, DUTY["socio-economic-duty"]) in data
    by_concept = {c.concept: c.key for c in report.columns}
    for reason in data.objects(plan, EQ.gapReason):
        concept = data.value(reason, EQ.gapCharacteristic)
        text = " ".join(_literals(data, reason, EQ.text))
        if concept in by_concept and text:
            entry.reasons[by_concept[concept]] = text
    reading = getattr(report, "reading", None)
    items = {i.uri: i for i in reading.items} if reading is not None else {}
    objectives = set(data.objects(plan, EQ.hasObjective))
    tagged_counts = report.tagged_counts
    current = 0
    descendants = _descendants()
    for row in report.matrix:
        if row.kind == "objective":
            if row.node not in objectives:
                current = -1
                continue
            current = len(entry.objectives) + 1
            objective = _objective(data, row, items, tagged_counts, report.columns)
            own = _marks(data, row.node, list(report.columns), descendants)
            objective.own = _ticked(own, tagged_counts)
            entry.objectives.append(objective)
        elif current > 0:
            item = items.get(str(row.node))
            location = item.location if item else (str(data.value(row.node, EQ.sourceLocation) or ""))
            entry.steps.append(StepEntry(
                _one_line(" ".join(_literals(data, row.node, EQ.text))), current,
                lead=_names(data, row.node, EQ.lead), timeline=_timeline(data, row.node),
                measure=_names(data, row.node, EQ.measuredBy),
                where=_where(location, item.source if item else ""),
                ticks=_ticked(row.cells, tagged_counts)))
    return entry


def _ticked(marks: Mapping[str, str], tagged_counts: bool) -> list[str]:
    """The columns a set of matrix marks ticks: what the plan states, and text mentions only
    where they count (no ticks anywhere in the plan); implied wording and uncertain ticks never."""
    return [key for key, mark in marks.items()
            if mark in COUNTED or (tagged_counts and mark == "tagged")]


def _objective(data: Graph, row: Any, items: Mapping[str | None, Any], tagged_counts: bool,
               columns: list[template.Column]) -> ObjectiveEntry:
    node = row.node
    titles = _literals(data, node, DCTERMS.title)
    texts = _literals(data, node, EQ.text)
    if titles:
        title, statement = "; ".join(titles), " ".join(t for t in texts if t not in titles)
    else:
        title, statement = (texts[0] if texts else ""), " ".join(texts[1:])
    entry = ObjectiveEntry(_one_line(title), statement.strip(), lead=_names(data, node, EQ.lead),
                           timeline=_timeline(data, node), measure=_names(data, node, EQ.measuredBy))
    ticked = _ticked(row.cells, tagged_counts)
    for col in columns:
        mark = row.cells.get(col.key, "")
        if not mark:
            continue
        entry.bases[col.key] = mark
        if col.key in ticked and col.kind == "characteristic":
            entry.characteristics.append(col.key)
        elif col.key in ticked and col.kind == "aim":
            entry.aims.append(col.key)
    item = items.get(str(node))
    location = item.location if item else str(data.value(node, EQ.sourceLocation) or "")
    entry.where = _where(location, item.source if item else "")
    return entry


# ---------------------------------------------------------------- the submitted form


def _text(form: FormData, key: str) -> str:
    value = form.get(key, "")
    return str(value if value is not None else "").strip()


def _count(form: FormData, key: str) -> int:
    raw = _text(form, key)
    if not raw.isdigit() or int(raw) > MAX_ITEMS:
        raise InputError(t("correct.errors.form", detail=f"{key}={raw[:20]!r}"))
    return int(raw)


def _ticks(form: FormData, key: str, kind: str) -> list[str]:
    keys = {c.key for c in template.columns() if c.kind == kind}
    return [v for v in form.getlist(key) if v in keys]


def parse_form(form: FormData) -> PlanEntry:
    """The correction form as submitted (before its moves, splits and merges are applied)."""
    entry = PlanEntry(
        title=_one_line(_text(form, "plan_title")), organisation=_text(form, "organisation"),
        published=_text(form, "published"), period_start=_text(form, "period_start"),
        period_end=_text(form, "period_end"), review_date=_text(form, "review_date"),
        socio_economic=bool(_text(form, "socio_economic")), source=_text(form, "source") or "<upload>")
    for col in template.columns():
        if col.kind == "characteristic" and _text(form, f"reason-{col.key}"):
            entry.reasons[col.key] = _one_line(_text(form, f"reason-{col.key}"))
    for i in range(1, _count(form, "objectives") + 1):
        bases = dict(part.split(":", 1) for part in _text(form, f"o{i}-bases").split(";")
                     if ":" in part)
        entry.objectives.append(ObjectiveEntry(
            title=_one_line(_text(form, f"o{i}-title")), statement=_text(form, f"o{i}-statement"),
            characteristics=_ticks(form, f"o{i}-char", "characteristic"),
            aims=_ticks(form, f"o{i}-aim", "aim"), bases=bases,
            lead=_text(form, f"o{i}-lead"), timeline=_text(form, f"o{i}-timeline"),
            measure=_text(form, f"o{i}-measure"), merge=bool(_text(form, f"o{i}-merge")),
            split=_text(form, f"o{i}-split"), split_title=_one_line(_text(form, f"o{i}-split-title")),
            add=_text(form, f"o{i}-add"), where=_text(form, f"o{i}-where"),
            own=_keys(_text(form, f"o{i}-own"))))
    for j in range(1, _count(form, "steps") + 1):
        raw = _text(form, f"s{j}-objective")
        entry.steps.append(StepEntry(
            _one_line(_text(form, f"s{j}-text")), int(raw) if raw.isdigit() else 0,
            lead=_text(form, f"s{j}-lead"), timeline=_text(form, f"s{j}-timeline"),
            measure=_text(form, f"s{j}-measure"), where=_text(form, f"s{j}-where"),
            ticks=_keys(_text(form, f"s{j}-ticks"))))
    entry.new = ObjectiveEntry(
        title=_one_line(_text(form, "new-title")), statement=_text(form, "new-statement"),
        characteristics=_ticks(form, "new-char", "characteristic"), aims=_ticks(form, "new-aim", "aim"),
        add=_text(form, "new-steps"))
    return entry


def _keys(text: str) -> list[str]:
    """Column keys from a hidden field ("race sex ..."), unknown ones dropped."""
    known = {c.key for c in template.columns() if c.concept is not None}
    return [k for k in text.split() if k in known]


def _lines(text: str) -> list[str]:
    return [_one_line(line) for line in text.splitlines() if line.strip()]


def _empty(obj: ObjectiveEntry, steps: list[StepEntry]) -> bool:
    return not (obj.title or obj.statement.strip() or obj.add.strip() or any(s.text for s in steps))


def check(entry: PlanEntry, lang: str = "en") -> list[FieldError]:
    """Every correction that cannot be made, in form order (empty: the form can be applied)."""
    errors: list[FieldError] = []
    for name in DATE_FIELDS:
        value = getattr(entry, name)
        if value and not _is_date(value):
            label = re.sub(r"\s*\(.*\)$", "", t(f"correct.{name}", lang))
            errors.append(FieldError(name, t("correct.errors.date", lang, field=label)))
    previous_title = None
    for i, obj in enumerate(entry.objectives, start=1):
        steps = [s for _, s in entry.steps_of(i)]
        if obj.merge and i == 1:
            errors.append(FieldError("o1-merge", t("correct.errors.first_merge", lang)))
        elif not obj.merge and not obj.title and not _empty(obj, steps):
            errors.append(FieldError(f"o{i}-title", t("correct.errors.no_title", lang, n=i)))
        if obj.split:
            kept = [s for s in steps if s.text]
            if len(kept) < 2:
                errors.append(FieldError(f"o{i}-split", t("correct.errors.split_none", lang, n=i)))
            elif not obj.split.isdigit() or not 2 <= int(obj.split) <= len(kept):
                errors.append(FieldError(f"o{i}-split", t("correct.errors.split_range", lang, n=i,
                                                          last=len(kept))))
            if not obj.split_title:
                errors.append(FieldError(f"o{i}-split-title",
                                         t("correct.errors.split_title", lang, n=i)))
        if (obj.title and not obj.merge and not obj.split and previous_title is not None
                and obj.title.casefold() == previous_title):
            errors.append(FieldError(f"o{i}-title", t("correct.errors.same_title", lang, n=i)))
        if obj.title and not obj.merge:
            previous_title = obj.title.casefold()
        elif obj.split:
            previous_title = None
    for j, step in enumerate(entry.steps, start=1):
        if not 1 <= step.objective <= len(entry.objectives):
            errors.append(FieldError(f"s{j}-objective", t("correct.errors.step_objective", lang, n=j)))
    new = entry.new
    if not new.title and (new.statement.strip() or new.add.strip()):
        errors.append(FieldError("new-title", t("correct.errors.new_title", lang)))
    if not errors and not _apply(entry):
        errors.append(FieldError("o1-title" if entry.objectives else "new-title",
                                 t("correct.errors.no_objectives", lang)))
    return errors


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


# ---------------------------------------------------------------- applying it


@dataclass
class _Final:
    text: str  # the template's objective cell: the title, and the statement on the next line
    ticks: set[str]  # on the objective's own row
    lead: str
    timeline: str
    measure: str
    steps: list[StepEntry]


def _cell(title: str, statement: str) -> str:
    statement = _one_line(statement)
    return f"{title}\n{statement}" if statement and statement != title else title


def _apply(entry: PlanEntry) -> list[_Final]:
    """The objectives after moves, splits, merges, removals and the added objective."""
    out: list[_Final] = []
    for i, obj in enumerate(entry.objectives, start=1):
        ticked = set(obj.characteristics) | set(obj.aims)
        steps = [StepEntry(s.text, i, s.lead, s.timeline, s.measure, s.where,
                           [k for k in s.ticks if k in ticked])
                 for _, s in entry.steps_of(i) if s.text]
        steps += [StepEntry(line, i) for line in _lines(obj.add)]
        if _empty(obj, steps) and not obj.merge:
            continue
        on_steps = {k for s in steps for k in s.ticks}
        own = (set(obj.own) | (ticked - on_steps)) & ticked
        parts = [(obj.title, obj.statement, steps, own)]
        if obj.split.isdigit() and 2 <= int(obj.split) <= len(steps):
            k = int(obj.split) - 1
            parts = [(obj.title, obj.statement, steps[:k], own),
                     (obj.split_title, "", steps[k:], set())]
        for n, (title, statement, part_steps, part_ticks) in enumerate(parts):
            final = _Final(_cell(title, statement), set(part_ticks),
                           obj.lead, obj.timeline, obj.measure, list(part_steps))
            if n == 0 and obj.merge and out:
                into = out[-1]
                words = _one_line(f"{title} {statement}")
                if words:
                    head, _, rest = into.text.partition("\n")
                    into.text = _cell(head, f"{rest} {words}".strip())
                into.ticks |= final.ticks
                into.steps += final.steps
                into.lead, into.timeline, into.measure = (into.lead or obj.lead,
                                                          into.timeline or obj.timeline,
                                                          into.measure or obj.measure)
            elif title:
                out.append(final)
    new = entry.new
    if new.title:
        out.append(_Final(_cell(new.title, new.statement), set(new.characteristics) | set(new.aims),
                          "", "", "", [StepEntry(line, 0) for line in _lines(new.add)]))
    return out


def to_rows(entry: PlanEntry) -> list[list[str]]:
    """The corrected plan as the template's rows (plan details, header, objectives and steps)."""
    cols = template.columns()
    width = len(cols)
    rows: list[list[str]] = []
    for key, name in META_ROWS:
        value = entry.title if name == "title" else getattr(entry, name)
        rows.append([key, _one_line(value)])
    rows.append(["socio-economic duty", TICK if entry.socio_economic else ""])
    for col in cols:
        if col.key in entry.reasons:
            rows.append(["reason", col.header, entry.reasons[col.key]])
    rows.append([])
    rows.append([c.header for c in cols])
    for final in _apply(entry):
        rows.append(_row(cols, final.text, "", final.ticks, final.lead, final.timeline,
                         final.measure))
        for step in final.steps:
            rows.append(_row(cols, "", step.text, set(step.ticks), step.lead, step.timeline,
                             step.measure))
    return [r + [""] * (width - len(r)) for r in rows]


def _row(cols: tuple[template.Column, ...], objective: str, step: str, ticks: set[str], lead: str,
         timeline: str, measure: str) -> list[str]:
    values = {"objective": objective, "step": step, "lead": _one_line(lead),
              "timeline": _one_line(timeline), "measure": _one_line(measure)}
    return [TICK if c.key in ticks else values.get(c.key, "") for c in cols]


# ---------------------------------------------------------------- files


def to_csv(rows: list[list[str]]) -> bytes:
    """The rows as the CSV template (UTF-8 with a BOM, as template.template_csv)."""
    return downloads.to_csv([], rows)


def to_xlsx(rows: list[list[str]]) -> bytes:
    """The rows as the XLSX template (sheet "plan", header in bold; text never becomes a formula)."""
    header = next((i for i, values in enumerate(rows, start=1)
                   if values and values[0] == "objective"), None)
    return downloads.to_xlsx([], rows, "plan", bold_row=header)


def table(rows: list[list[str]]) -> list[Row]:
    """The rows as the template reader's cells (A1 references), without a round trip through a file."""
    from openpyxl.utils import get_column_letter

    return [[Cell(v, f"{get_column_letter(c)}{r}") for c, v in enumerate(values, start=1)]
            for r, values in enumerate(rows, start=1)]


def to_turtle(rows: list[list[str]], name: str | None = None) -> str:
    """The corrected plan as Turtle: the graph the template reader makes of the rows."""
    graph, _ = read_table(table(rows), name)
    return graph.serialize(format="turtle")
