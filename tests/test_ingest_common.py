"""The ingestion framework: byte-stable Turtle, profile detection, timelines, lexicon tagging, make data."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from eqkg import config
from eqkg.documents import read_bytes
from eqkg.errors import InputError
from eqkg.ingest import READERS, detect_profile, ingest_file, ingest_text, read_document
from eqkg.ingest.common import (
    Builder,
    Lines,
    clean_cell,
    mint_ref,
    serialize_turtle,
    split_cells,
    write_turtle,
)
from eqkg.ingest.plan import MISSING, _placements
from eqkg.ingest.sources import SOURCES, Source
from eqkg.ingest.tagging import Lexicon, characteristics, claim_uri
from eqkg.ingest.timelines import normalise
from eqkg.namespaces import AIM, EQ, PC, STATUS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = config.seeds_dir()
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seed documents at {SEEDS}")


def _builder() -> Builder:
    return Builder(mint_ref("plan", "t"), EQ.StrategicEqualityPlan, "t.txt", "t")


def test_turtle_is_independent_of_insertion_order(tmp_path: Path) -> None:
    triples = [(mint_ref("plan", "t", "objective", str(n)), EQ.text, Literal(f"objective \"{n}\"\nline two"))
               for n in range(5)]
    a, b = _builder(), _builder()
    for t in triples:
        a.graph.add(t)
    for t in reversed(triples):
        b.graph.add(t)
    write_turtle(a.graph, tmp_path / "a.ttl")
    write_turtle(b.graph, tmp_path / "b.ttl")
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()
    assert Graph().parse(tmp_path / "a.ttl").isomorphic(a.graph)


def test_prefixes_sorted_and_unicode_kept() -> None:
    b = _builder()
    b.text(b.document, EQ.note, "Gwent\u2019s \u2713 \\ tab\there")
    text = serialize_turtle(b.graph)
    prefixes = [line.split()[1] for line in text.splitlines() if line.startswith("@prefix")]
    assert prefixes == sorted(prefixes)
    assert "Gwent\u2019s \u2713" in text
    assert Graph().parse(data=text, format="turtle").isomorphic(b.graph)


def test_blank_nodes_are_refused() -> None:
    b = _builder()
    b.graph.add((b.document, EQ.timeline, BNode()))
    with pytest.raises(InputError, match="blank node"):
        serialize_turtle(b.graph)
    with pytest.raises(InputError, match="blank node"):
        b.result("plan")


def test_builder_records_source_and_place() -> None:
    b = _builder()
    node = b.resource(mint_ref("plan", "t", "objective", "1"), EQ.EqualityObjective, Lines.loc(3, 7))
    assert (node, EQ.source, b.document) in b.graph
    assert (node, EQ.sourceLocation, Literal("lines 3-7")) in b.graph
    assert Lines.loc(4) == "line 4"


def test_lines_and_cells() -> None:
    lines = Lines("a\r\nb\n\nc")
    assert len(lines) == 4 and lines[2] == "b" and lines.find("^c") == 4 and lines.find_all("^[ab]") == [1, 2]
    assert clean_cell("<p>Hayley&nbsp;Beynon</p> <p>John Paxton</p>") == "Hayley Beynon John Paxton"
    assert split_cells("|  <p>1.1</p> | text | | |") == ["<p>1.1</p>", "text", "", ""]


@needs_seeds
@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.slug)
def test_profile_detected_for_every_seed(source: Source) -> None:
    assert detect_profile(read_bytes((SEEDS / source.seed).read_bytes(), source.seed)) == source.profile


def test_profile_detection_refuses_to_guess() -> None:
    with pytest.raises(InputError, match="--profile"):
        detect_profile(read_bytes(b"A shopping list: eggs, milk.", "list.txt"))
    with pytest.raises(InputError, match="no text to read"):
        detect_profile(read_bytes(b"   ", "blank.txt"))
    assert detect_profile(read_bytes(b"Objective 1\n\nTo achieve this objective, we need to\tTimeline",
                                     "plan.txt")) == "plan"


def test_unusable_input_gives_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown profile"):
        read_document(read_bytes(b"Objective 1: Fair pay", "plan.txt"), "novel")
    with pytest.raises(InputError, match="no such file"):
        ingest_file(tmp_path / "missing.txt")
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="save it as UTF-8"):
        ingest_file(tmp_path / "bin.txt")
    with pytest.raises(InputError, match="does not read as a plan"):
        ingest_text("STRATEGIC EQUALITY PLAN 2024 | 2028\n\nCONTENTS\n\n" + "x" * 130, profile="plan")
    with pytest.raises(InputError, match="does not read as a response"):
        ingest_text("TASKFORCE\n\nResponse: Someone\n\nContents:\n\nPg 1 Health\n\nHealth\n", profile="response")
    assert set(READERS) == {"plan", "response", "minutes"}


@pytest.mark.parametrize(("wording", "start", "end", "statuses"), [
    ("Q4 2022/23", date(2023, 1, 1), date(2023, 3, 31), []),
    ("Q1 2023/24", date(2023, 4, 1), date(2023, 6, 30), []),
    ("Spring 2023", date(2023, 3, 1), date(2023, 5, 31), []),
    ("Winter 2022", date(2022, 12, 1), date(2023, 2, 28), []),
    ("Autumn 2022- On-going", date(2022, 9, 1), None, ["ongoing"]),
    ("2022/23", date(2022, 4, 1), date(2023, 3, 31), []),
    ("2022-23", date(2022, 4, 1), date(2023, 3, 31), []),
    ("2020-2024", date(2020, 1, 1), date(2024, 12, 31), []),
    ("March 2023", date(2023, 3, 1), date(2023, 3, 31), []),
    ("Nov 22", date(2022, 11, 1), date(2022, 11, 30), []),
    ("January to April 2023", date(2023, 1, 1), date(2023, 4, 30), []),
    ("Oct 2022 - March 2023", date(2022, 10, 1), date(2023, 3, 31), []),
    ("by March 2023", None, date(2023, 3, 31), []),
    ("Jan 2023 then rolling", date(2023, 1, 1), None, ["ongoing"]),
    ("Oct 2022-Ongoing.", date(2022, 10, 1), None, ["ongoing"]),
    ("Complete", None, None, ["completed"]),
    ("Ongoing", None, None, ["ongoing"]),
    ("On-going", None, None, ["ongoing"]),
    # audit: "In progress" beside a date means the work has started, so the date is the end only
    ("Aug 2023\nIn progress", None, date(2023, 8, 31), ["in-progress"]),
    ("Ongoing\nSummer 2023", None, date(2023, 8, 31), ["ongoing"]),
])
def test_timeline_normalisation(wording: str, start: date | None, end: date | None, statuses: list[str]) -> None:
    reading = normalise(wording)
    assert (reading.start, reading.end) == (start, end)
    assert reading.statuses == [STATUS[s] for s in statuses]
    assert reading.unread == []
    assert reading.wording == wording.strip()


def test_unknown_timeline_wording_is_reported_not_guessed() -> None:
    reading = normalise("6 months-1 Year")
    assert (reading.start, reading.end, reading.unread) == (None, None, ["6 months-1 Year"])
    partly = normalise("January to April 2023 \u2013 Engagement plan to be updated")
    assert partly.end == date(2023, 4, 30) and partly.unread == ["Engagement plan to be updated"]


def test_lexicon_matches_whole_words_longest_first() -> None:
    lex = characteristics()
    found = dict(lex.tag("Engage with our youth and ethnic minority communities; racist bullying; embraced."))
    assert found[PC["race/ethnic-minority"]] == "ethnic minority communities"
    assert PC["age/young-people"] in found
    assert PC.race not in found  # "embraced" does not contain the word "race"
    assert lex.tag("Gwent\u2019s Gypsy, Roma and Traveller communities")[0][0] == PC["race/gypsy-roma-traveller"]


def test_lexicon_lookup_and_claim_uris() -> None:
    lex = Lexicon([("Religion and Belief", PC["religion-or-belief"]), ("Sex", PC.sex)])
    assert lex.lookup("religion & belief") == PC["religion-or-belief"]
    assert lex.lookup("gender") is None
    subject = URIRef("https://w3id.org/eqkg/id/plan/p/objective/1/step/2")
    assert str(claim_uri(subject, PC["race/ethnic-minority"], "tagged")).endswith("/claim/tagged/race/ethnic-minority")
    assert str(claim_uri(subject, AIM["foster-good-relations"], "stated")).endswith(
        "/claim/stated/aim/foster-good-relations")


def test_short_row_placements() -> None:
    # 2 cells under 3 headings: column 0 is ticked only if the gap is not there, so no column is certain.
    # The column without a cell takes MISSING (blank or ticked, unknown), never a silent blank (audit).
    assert _placements(["tick", "tick"], 3) == [{"tick", MISSING}, {"tick", MISSING}, {"tick", MISSING}]
    assert _placements(["tick", ""], 3) == [{"tick", MISSING}, {"tick", "", MISSING}, {"", MISSING}]
    assert _placements(["tick", "", "tick"], 2) == [{"tick", ""}, {"", "tick"}]
    assert _placements(["tick", ""], 2) == [{"tick"}, {""}]


@needs_seeds
def test_make_data_reproduces_data_byte_for_byte() -> None:
    done = subprocess.run([sys.executable, "-m", "eqkg.ingest.build_data", "--check", "--seeds", str(SEEDS)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "up to date (5 files)" in done.stdout


def test_build_data_without_seeds_fails_cleanly(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "eqkg.ingest.build_data", "--check", "--seeds",
                           str(tmp_path / "none")], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.startswith("error: no seed documents") and "Traceback" not in done.stderr


@needs_seeds
def test_cli_ingest_writes_turtle_and_reports(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eqkg.cli import main

    seed = next(s for s in SOURCES if s.profile == "response")
    out = tmp_path / "response.ttl"
    result = CliRunner().invoke(main, ["ingest", str(SEEDS / seed.seed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "recommendation 31" in result.output
    assert out.read_bytes() == (config.asset_dir("data") / f"{seed.slug}.ttl").read_bytes()


def test_cli_ingest_refuses_unknown_genre(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eqkg.cli import main

    (tmp_path / "note.txt").write_text("hello world\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "note.txt")])
    assert result.exit_code == 1
    assert "give --profile" in result.output and "Traceback" not in result.output


def test_excluded_phrases_do_not_tag() -> None:
    """Regression: "sex workers" in the 2019 PALG minutes was tagged as the characteristic sex."""
    lex = characteristics()
    tagged = {concept for concept, _ in lex.tag("Support for sex workers and the sex trade")}
    assert PC.sex not in tagged
    assert PC.sex in {concept for concept, _ in lex.tag("Pay gaps by sex and ethnicity")}
    assert not lex.tag("We have faith in the process")
