"""Benchmark: how well eqkg reads the documents of the reading corpus (tests/corpus/), in every format.

For every ground-truth file `<id>.truth.yaml` and every format it lists, the
file is read with `eqkg.documents.read_path` and `eqkg.ingest.read_document`
WITHOUT a profile (so genre detection is scored too: a document read as the
wrong genre counts as everything missed), and what the reader reports
(`result.report.items`) and mints (`result.graph`) is scored against the truth:

- objectives: a found objective matches a truth objective when their normalised
  texts are similar (token-set overlap >= 0.6, best pairs first, one-to-one);
  recall and precision; a found objective that matches none is *invented*;
- steps: the same rule on step text, within matched objectives;
- characteristics: (objective, characteristic) pairs of matched objectives; found
  = the objective's and its steps' `characteristics` whose basis is not
  "implied"; truth `implied` entries are neither required nor counted wrong;
- leads and dues of matched steps, where the truth gives them;
- attendees, apologies, actions and recommendations for minutes and responses;
- invented people: foaf:Person / eq:Person resources (or person URIs) whose
  name is not among the truth's `people`.

Token-set overlap of two texts = |A ∩ B| / max(|A|, |B|) over their word sets,
after lower-casing, dropping punctuation, a leading "Objective 1:" style label
and a few function words. The functions here are used by
tests/test_reading_corpus.py (the CI gate).

    .venv/bin/python benchmarks/reading.py               # table per document x format, then totals
    .venv/bin/python benchmarks/reading.py --markdown    # the same as a markdown table (docs/benchmarks.md)
    .venv/bin/python benchmarks/reading.py --only dyffryn --format docx --verbose
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"

CHARACTERISTICS = ("age", "disability", "gender-reassignment", "marriage-and-civil-partnership",
                   "pregnancy-and-maternity", "race", "religion-or-belief", "sex", "sexual-orientation")
FORMATS = ("txt", "md", "html", "docx", "odt", "pdf", "csv", "xlsx")
SECTORS = ("police", "local-authority", "health", "education", "fire", "national", "partnership",
           "equality-group")
NATIONS = ("Wales", "England", "Scotland")
GENRES = ("plan", "response", "minutes")
THRESHOLD = 0.6

# ---------------------------------------------------------------- the ground truth

_COMMON = {"id", "body", "sector", "nation", "genre", "layout", "language", "basis", "formats", "people"}
_BY_GENRE = {
    "plan": {"organisation", "objectives"},
    "response": {"recommendations", "organisation"},
    "minutes": {"attendees", "apologies", "actions", "organisation"},
}
_REQUIRED = {"plan": {"objectives"}, "response": {"recommendations"}, "minutes": {"attendees"}}


def truth_files(corpus: Path = CORPUS) -> list[Path]:
    return sorted(corpus.glob("*.truth.yaml"))


def load_truth(path: Path) -> dict:
    """A truth file, checked against the schema in tests/corpus/README.md; ValueError says what is wrong."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = schema_problems(data, path)
    if problems:
        raise ValueError(f"{path.name}: " + "; ".join(problems))
    return data


def schema_problems(data: object, path: Path) -> list[str]:
    """Everything wrong with one truth file (empty when it follows the schema)."""
    if not isinstance(data, dict):
        return ["not a YAML mapping"]
    out: list[str] = []
    stem = path.name[: -len(".truth.yaml")]
    missing = sorted(_COMMON - set(data))
    if missing:
        out.append(f"missing keys {missing}")
    genre = data.get("genre")
    if genre not in GENRES:
        return out + [f"genre {genre!r} is not one of {GENRES}"]
    unknown = sorted(set(data) - _COMMON - _BY_GENRE[genre])
    if unknown:
        out.append(f"keys not in the schema for a {genre}: {unknown}")
    absent = sorted(_REQUIRED[genre] - set(data))
    if absent:
        out.append(f"a {genre} needs {absent}")
    if data.get("id") != stem:
        out.append(f"id {data.get('id')!r} is not the file's stem {stem!r}")
    if data.get("sector") not in SECTORS:
        out.append(f"sector {data.get('sector')!r} is not one of {SECTORS}")
    if data.get("nation") not in NATIONS:
        out.append(f"nation {data.get('nation')!r} is not one of {NATIONS}")
    if data.get("language") not in ("en", "cy"):
        out.append(f"language {data.get('language')!r} is not en or cy")
    for key in ("body", "layout", "basis"):
        if not isinstance(data.get(key), str) or not data.get(key, "").strip():
            out.append(f"{key} must be a non-empty string")
    if "written by eqkg" not in str(data.get("basis", "")).lower():
        out.append("basis must say the document was written by eqkg")
    formats = data.get("formats")
    if not isinstance(formats, list) or not formats:
        out.append("formats must be a non-empty list")
    else:
        for fmt in formats:
            if fmt not in FORMATS:
                out.append(f"format {fmt!r} is not one of {FORMATS}")
            elif not (path.parent / f"{stem}.{fmt}").is_file():
                out.append(f"{stem}.{fmt} is listed but missing")
    if not _strings(data.get("people")):
        out.append("people must be a list of names (possibly empty)")
    for n, objective in enumerate(data.get("objectives") or [], start=1):
        if not isinstance(objective, dict) or not isinstance(objective.get("title"), str):
            out.append(f"objective {n} needs a title")
            continue
        extra = sorted(set(objective) - {"title", "statement", "characteristics", "implied", "steps"})
        if extra:
            out.append(f"objective {n} has keys not in the schema: {extra}")
        for key in ("characteristics", "implied"):
            values = objective.get(key) or []
            bad = [v for v in values if v not in CHARACTERISTICS] if isinstance(values, list) else [values]
            if bad:
                out.append(f"objective {n} {key}: unknown characteristics {bad}")
        for m, step in enumerate(objective.get("steps") or [], start=1):
            if not isinstance(step, dict) or not isinstance(step.get("text"), str):
                out.append(f"objective {n} step {m} needs a text")
            elif set(step) - {"text", "lead", "due"}:
                out.append(f"objective {n} step {m} has keys not in the schema: {sorted(set(step) - {'text', 'lead', 'due'})}")
    for key in ("recommendations", "actions"):
        for n, entry in enumerate(data.get(key) or [], start=1):
            if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
                out.append(f"{key} {n} needs a text")
    for key in ("attendees", "apologies"):
        if key in data and not _strings(data.get(key)):
            out.append(f"{key} must be a list of names")
    return out


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# ---------------------------------------------------------------- matching

_LABEL = re.compile(
    r"^\s*(?:(?:strategic\s+)?(?:equality\s+)?(?:objective|outcome|amcan|canlyniad|theme|priority|action|"
    r"recommendation|argymhelliad)\s*)?(?:no\.?\s*)?[\dIVXivx]+(?:\.\d+)*[a-z]?\s*[:.)\-–—]?\s+",
    re.IGNORECASE)
_STOP = {"a", "an", "and", "the", "of", "to", "for", "in", "on", "at", "by", "with", "we", "will", "our",
         "is", "are", "be", "that", "this", "it", "as", "or", "from", "their", "its", "a'r", "y", "yr", "i"}


def tokens(text: str) -> frozenset[str]:
    """The word set used for matching: lower case, accents kept, label and function words dropped."""
    text = unicodedata.normalize("NFC", text or "")
    text = _LABEL.sub("", text, count=1)
    words = re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text.lower())
    return frozenset(w.replace("’", "'") for w in words if w not in _STOP)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Token-set overlap: shared words over the larger set (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


def similarity(found: list[str], truth: list[str]) -> float:
    """Best overlap between any of a found thing's wordings and any of a truth thing's wordings."""
    return max((overlap(tokens(f), tokens(t)) for f in found if f for t in truth if t), default=0.0)


def match(found: list[list[str]], truth: list[list[str]], threshold: float = THRESHOLD) -> dict[int, int]:
    """One-to-one matching, best pairs first: {found index: truth index} for pairs at or above threshold."""
    pairs = []
    for i, f in enumerate(found):
        for j, t in enumerate(truth):
            score = similarity(f, t)
            if score >= threshold:
                pairs.append((-score, i, j))
    pairs.sort()
    taken_f: set[int] = set()
    taken_t: set[int] = set()
    out: dict[int, int] = {}
    for _, i, j in pairs:
        if i not in taken_f and j not in taken_t:
            out[i] = j
            taken_f.add(i)
            taken_t.add(j)
    return out


def _wordings(title: str, statement: str | None) -> list[str]:
    out = [title]
    if statement:
        out.append(f"{title} {statement}")
    return out


def _same_value(found: object, truth: str) -> bool:
    """Whether a lead or due date read matches the truth's (as written, or the same month and year)."""
    if found is None:
        return False
    text = str(found)
    if overlap(tokens(text), tokens(truth)) >= THRESHOLD:
        return True
    fy, ty = _year_month(text), _year_month(truth)
    return ty != (None, None) and fy == ty


_MONTHS = {m: n for n, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                        "august", "september", "october", "november", "december"], start=1)}


def _year_month(text: str) -> tuple[int | None, int | None]:
    iso = re.search(r"\b(\d{4})-(\d{2})(?:-\d{2})?\b", text)
    if iso:
        return int(iso.group(1)), int(iso.group(2))
    year = re.search(r"\b(20\d{2})\b", text)
    month = next((n for m, n in _MONTHS.items() if re.search(rf"\b{m[:3]}", text.lower())), None)
    return (int(year.group(1)) if year else None), month


_HONORIFIC = re.compile(
    r"\b(?:cllr|councillor|cyng|cynghorydd|dr|doctor|prof|professor|mr|mrs|ms|miss|mx|sir|dame|rev|revd|"
    r"the|chief\s+constable|chief\s+fire\s+officer|obe|mbe|cbe)\b\.?", re.IGNORECASE)


def name_key(name: str) -> frozenset[str]:
    """A person's name as a word set with titles and honours dropped ("Cllr Jane Smith (Chair)" ~ "Jane Smith")."""
    text = re.sub(r"\([^)]*\)", " ", name or "")
    text = _HONORIFIC.sub(" ", text)
    return frozenset(w for w in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text.lower()))


def same_person(found: str, truth: str) -> bool:
    """A name read matches a truth name when one's words contain the other's (initials match initials)."""
    a, b = name_key(found), name_key(truth)
    return bool(a and b) and (a <= b or b <= a)


# ---------------------------------------------------------------- scoring one reading


@dataclass
class Score:
    """The score of one document in one format: counts per measure (tp, truth total, found total)."""

    id: str
    fmt: str
    genre: str
    read_as: str | None = None
    error: str | None = None
    seconds: float = 0.0
    counts: dict[str, Counter] = field(default_factory=dict)
    invented_objectives: list[str] = field(default_factory=list)
    invented_people: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)  # what was not found (for --verbose and messages)

    def add(self, measure: str, tp: int = 0, truth: int = 0, found: int = 0) -> None:
        c = self.counts.setdefault(measure, Counter())
        c["tp"] += tp
        c["truth"] += truth
        c["found"] += found

    def recall(self, measure: str) -> float | None:
        c = self.counts.get(measure)
        return None if not c or not c["truth"] else c["tp"] / c["truth"]

    def precision(self, measure: str) -> float | None:
        c = self.counts.get(measure)
        return None if not c or not c["found"] else c["tp"] / c["found"]


def _items(result, kind: str) -> list[tuple[int, object]]:
    return [(n, item) for n, item in enumerate(result.report.items) if item.kind == kind]


def _chars(item) -> set[str]:
    """Characteristic slugs an item's fields give, leaving out those whose basis is "implied"."""
    value = item.fields.get("characteristics") or {}
    if isinstance(value, dict):
        return {slug for slug, basis in value.items() if str(basis) != "implied"}
    return set(value)


def score_plan(score: Score, truth: dict, result) -> None:
    """Objectives, steps, characteristics, leads and dues of a plan."""
    truth_objectives = truth.get("objectives") or []
    found_objectives = _items(result, "objective") if result is not None else []
    steps_by_parent: dict[int, list] = {}
    if result is not None:
        for _, step in _items(result, "step"):
            steps_by_parent.setdefault(step.parent, []).append(step)
    found_words = [_wordings(str(it.fields.get("title") or it.text), it.fields.get("statement") or None)
                   + [it.text] for _, it in found_objectives]
    truth_words = [_wordings(o["title"], o.get("statement")) for o in truth_objectives]
    pairs = match(found_words, truth_words)
    score.add("objectives", tp=len(pairs), truth=len(truth_objectives), found=len(found_objectives))
    for i, (_, item) in enumerate(found_objectives):
        if i not in pairs:
            score.invented_objectives.append(item.text)
    matched_truth = set(pairs.values())
    for j, objective in enumerate(truth_objectives):
        if j not in matched_truth:
            score.missed.append(f"objective: {objective['title']}")
            truth_steps = objective.get("steps") or []
            score.add("steps", truth=len(truth_steps))
            score.add("characteristics", truth=len(set(objective.get("characteristics") or [])))
            score.add("leads", truth=sum(1 for s in truth_steps if s.get("lead")))
            score.add("dues", truth=sum(1 for s in truth_steps if s.get("due")))
    for i, j in pairs.items():
        index, item = found_objectives[i]
        objective = truth_objectives[j]
        found_steps = steps_by_parent.get(index, [])
        truth_steps = objective.get("steps") or []
        step_pairs = match([[s.text] for s in found_steps], [[s["text"]] for s in truth_steps])
        score.add("steps", tp=len(step_pairs), truth=len(truth_steps), found=len(found_steps))
        matched_steps = {t: f for f, t in step_pairs.items()}
        for t, step in enumerate(truth_steps):
            if t not in matched_steps:
                score.missed.append(f"step: {step['text']}")
            for key, measure in (("lead", "leads"), ("due", "dues")):
                if step.get(key):
                    hit = t in matched_steps and _same_value(found_steps[matched_steps[t]].fields.get(key),
                                                             str(step[key]))
                    score.add(measure, tp=int(hit), truth=1, found=int(hit))
                    if not hit:
                        score.missed.append(f"{key} {step[key]!r} of step: {step['text']}")
        found_chars = _chars(item).union(*(_chars(s) for s in found_steps)) if found_steps else _chars(item)
        want = set(objective.get("characteristics") or [])
        ignore = set(objective.get("implied") or [])
        counted = found_chars - (ignore - want)
        score.add("characteristics", tp=len(counted & want), truth=len(want), found=len(counted))
        for slug in sorted(want - counted):
            score.missed.append(f"characteristic {slug} of objective: {objective['title']}")
        for slug in sorted(counted - want):
            score.missed.append(f"extra characteristic {slug} on objective: {objective['title']}")


def score_named(score: Score, measure: str, kind: str, truth_names: list[str], result) -> None:
    """Recall and precision of names read (attendees, apologies)."""
    found = [it.text for _, it in _items(result, kind)] if result is not None else []
    taken: set[int] = set()
    tp = 0
    for name in truth_names:
        hit = next((i for i, f in enumerate(found) if i not in taken and same_person(f, name)), None)
        if hit is None:
            score.missed.append(f"{kind}: {name}")
        else:
            taken.add(hit)
            tp += 1
    score.add(measure, tp=tp, truth=len(truth_names), found=len(found))


def score_texts(score: Score, measure: str, kind: str, truth_entries: list[dict], result,
                fields: tuple[tuple[str, str], ...]) -> None:
    """Recall and precision of actions or recommendations by text, then of their fields (owner, lead, status)."""
    found = [it for _, it in _items(result, kind)] if result is not None else []
    pairs = match([[f.text] for f in found], [[t["text"]] for t in truth_entries])
    score.add(measure, tp=len(pairs), truth=len(truth_entries), found=len(found))
    by_truth = {t: f for f, t in pairs.items()}
    for t, entry in enumerate(truth_entries):
        if t not in by_truth:
            score.missed.append(f"{kind}: {entry['text']}")
        for key, field_name in fields:
            if entry.get(key):
                value = found[by_truth[t]].fields.get(field_name) if t in by_truth else None
                hit = value is not None and (same_person(str(value), str(entry[key]))
                                             or _same_value(value, str(entry[key])))
                score.add(f"{kind} {key}s", tp=int(hit), truth=1, found=int(hit))


def people_in(graph) -> list[tuple[str, list[str]]]:
    """Every person a reading minted or named: (uri, names), from rdf:type foaf:Person/eq:Person or a person URI."""
    from rdflib import URIRef
    from rdflib.namespace import FOAF, RDF, RDFS, SKOS

    from eqkg.namespaces import EQ, mint

    person_base = mint("person", "")
    found: set[URIRef] = set()
    for cls in (FOAF.Person, EQ.Person):
        found.update(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))
    for s, _, o in graph:
        for term in (s, o):
            if isinstance(term, URIRef) and str(term).startswith(person_base):
                found.add(term)
    out = []
    for uri in sorted(found):
        names = [str(graph.value(uri, p)) for p in (FOAF.name, RDFS.label, SKOS.prefLabel, FOAF.nick)
                 if graph.value(uri, p) is not None]
        if not names:
            from eqkg.ingest.entities import label

            registered = label(uri)
            names = [str(registered)] if registered is not None else []
        out.append((str(uri), names))
    return out


def score_people(score: Score, truth: dict, result) -> None:
    if result is None:
        return
    people = truth.get("people") or []
    for uri, names in people_in(result.graph):
        if not any(same_person(n, p) for n in names for p in people):
            score.invented_people.append(names[0] if names else uri)


def score_reading(truth: dict, fmt: str, result, error: str | None = None) -> Score:
    """The score of one reading (result None when reading failed: everything missed)."""
    score = Score(truth["id"], fmt, truth["genre"], read_as=getattr(result, "profile", None), error=error)
    usable = result if result is not None and result.profile == truth["genre"] else None
    if result is not None and usable is None:
        score.missed.append(f"read as {result.profile}, not {truth['genre']}")
    genre = truth["genre"]
    if genre == "plan":
        score_plan(score, truth, usable)
    elif genre == "minutes":
        score_named(score, "attendees", "attendee", truth.get("attendees") or [], usable)
        score_named(score, "apologies", "apology", truth.get("apologies") or [], usable)
        score_texts(score, "actions", "action", truth.get("actions") or [], usable, (("owner", "owner"),))
    else:
        score_texts(score, "recommendations", "recommendation", truth.get("recommendations") or [], usable,
                    (("lead", "lead"), ("status", "status")))
    score_people(score, truth, result)
    return score


def read_and_score(truth: dict, fmt: str, corpus: Path = CORPUS) -> Score:
    """Read one corpus file as a new user would (no profile) and score it; InputError counts as all missed."""
    from eqkg.documents import read_path
    from eqkg.errors import InputError
    from eqkg.ingest import read_document

    path = corpus / f"{truth['id']}.{fmt}"
    start = time.perf_counter()
    try:
        result = read_document(read_path(path))
        error = None
    except InputError as exc:
        result, error = None, str(exc)
    except Exception as exc:  # a reader that crashes scores nothing, and the table says why
        result, error = None, f"{type(exc).__name__}: {exc}"
    score = score_reading(truth, fmt, result, error)
    score.seconds = time.perf_counter() - start
    return score


def run(corpus: Path = CORPUS, only: str | None = None, fmt: str | None = None) -> list[Score]:
    """Score every document of the corpus in every format it lists."""
    scores = []
    for path in truth_files(corpus):
        truth = load_truth(path)
        if only and only not in truth["id"]:
            continue
        for f in truth["formats"]:
            if fmt and f != fmt:
                continue
            scores.append(read_and_score(truth, f, corpus))
    return scores


# ---------------------------------------------------------------- totals and tables

MEASURES = ("objectives", "steps", "characteristics", "leads", "dues", "attendees", "apologies", "actions",
            "recommendations")


def totals(scores: list[Score], fmt: str = "") -> Score:
    total = Score("total", fmt, "")
    for s in scores:
        for measure, c in s.counts.items():
            total.add(measure, c["tp"], c["truth"], c["found"])
        total.invented_objectives += s.invented_objectives
        total.invented_people += s.invented_people
    return total


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _frac(score: Score, measure: str) -> str:
    c = score.counts.get(measure)
    if not c or not c["truth"]:
        return "–"
    return f"{c['tp']}/{c['truth']}"


def rows(scores: list[Score]) -> tuple[list[str], list[list[str]]]:
    header = ["document", "format", "genre", "objectives R", "objectives P", "steps R", "steps P",
              "characteristics R", "characteristics P", "leads", "dues", "other", "invented", "note"]
    out = []
    by_format = [totals([s for s in scores if s.fmt == f], f) for f in FORMATS if any(s.fmt == f for s in scores)]
    for s in [*scores, *by_format, totals(scores)]:
        other = " ".join(f"{m} {_frac(s, m)}" for m in ("attendees", "apologies", "actions", "recommendations")
                         if s.counts.get(m, {}).get("truth"))
        note = s.error or ""
        if not note and s.read_as and s.read_as != s.genre:
            note = f"read as {s.read_as}"
        state = "ok" if s.read_as == s.genre else "error" if s.error else "wrong"
        out.append([s.id, s.fmt, "–" if s.id == "total" else state,
                    _frac(s, "objectives") if s.id != "total" else _pct(s.recall("objectives")),
                    _pct(s.precision("objectives")),
                    _frac(s, "steps") if s.id != "total" else _pct(s.recall("steps")),
                    _pct(s.precision("steps")),
                    _pct(s.recall("characteristics")), _pct(s.precision("characteristics")),
                    _frac(s, "leads") if s.id != "total" else _pct(s.recall("leads")),
                    _frac(s, "dues") if s.id != "total" else _pct(s.recall("dues")),
                    other, f"{len(s.invented_objectives)} obj, {len(s.invented_people)} people",
                    note[:90]])
    return header, out


def render_text(scores: list[Score]) -> str:
    header, body = rows(scores)
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [header, *body]]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def render_markdown(scores: list[Score]) -> str:
    header, body = rows(scores)
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in body]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score eqkg's readers against the reading corpus.")
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    parser.add_argument("--only", help="only documents whose id contains this")
    parser.add_argument("--format", dest="fmt", choices=FORMATS, help="only this format")
    parser.add_argument("--verbose", action="store_true", help="list what was missed or invented")
    parser.add_argument("--corpus", type=Path, default=CORPUS,
                        help="a folder of documents and .truth.yaml files (default: tests/corpus)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    scores = run(args.corpus, only=args.only, fmt=args.fmt)
    print(render_markdown(scores) if args.markdown else render_text(scores))
    for s in scores:
        if s.error:
            print(f"{s.id}.{s.fmt}: could not read: {s.error}", file=sys.stderr)
        if args.verbose:
            for line in s.missed:
                print(f"{s.id}.{s.fmt}: missed {line}")
            for text in s.invented_objectives:
                print(f"{s.id}.{s.fmt}: invented objective {text!r}")
            for name in s.invented_people:
                print(f"{s.id}.{s.fmt}: invented person {name!r}")
    documents = len({s.id for s in scores})
    print(f"\n{documents} documents, {len(scores)} readings, {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
