"""Commitments a plan makes outside its objectives: "we will" sentences, pledge lists and aims.

Why a module of its own: a strategic equality plan commits to more than its
objectives' steps (governance arrangements, a Welsh language strategy's
pledges, how the plan will be communicated and reviewed), and those
commitments are written as sentences and bullet lists in the running text,
not as table rows. The rules below say which sentences are read as
commitments, so a reader can check every pledge against them
(docs/ingest.md, "Commitments outside the objectives"):

1. A bullet list introduced by "... we will:" or "... pledges:" /
   "... commitments:": every bullet is a pledge. When the introduction
   announces a number ("four key pledges:") that differs from the bullets
   listed, the difference is reported, never filled in.
2. Any other sentence or bullet is a pledge when it is worded as one:
   (a) "we will ..." at its start or after an introductory clause ("Through our
   Plan, we will embed ..."), but not "we will need to";
   (b) "<the plan's organisations> [leadership] will ..." or "our leaders will
   ..." (the organisations named become the pledge's lead), but not
   "... will help / enable / need";
   (c) a passive "<the plan, its objectives, progress, arrangements> will be
   <done>" whose subject is not a pronoun ("The Plan will be reviewed every
   year", not "They will be kept under review");
   (d) "<someone> has/have set out a (joint) commitment to ...";
   (e) "(Initial) plans / arrangements are in place to ...".
3. "We aim to:" / "We want to:" introduce the plan's aims. In a list of bullets
   right after the introduction, each bullet is an aim; otherwise the short
   unpunctuated lines after it are aim headings, and the bullets under a
   heading are read by rule 2 and remember their aim.

Sentences that describe consequences ("This will enable ..."), duties imposed
by others ("The Police and Justice Act 2006 provides an extended duty for the
OPCC to:") or values ("We strive to:") are not commitments.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import URIRef

from eqkg.ingest.common import Lines, clean_cell

_BULLET = re.compile(r"^[-•*➤]\s+")
_AIMS_INTRO = re.compile(r"\bwe (?:aim|want) to\s*:$", re.I)
_PLEDGES_INTRO = re.compile(r"\bwe will\s*:$|\b(?:pledges|commitments)\s*:$", re.I)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_ANNOUNCED = re.compile(r"\b(\d+|" + "|".join(_NUMBERS) + r")\s+(?:key\s+|main\s+)?(?:pledges|commitments)\s*:$", re.I)
_WE_WILL = re.compile(r"^(?:.*?,\s*)?we will\s+(?!need\b)\w", re.I)
_AGENT_WILL = re.compile(r"^(?:.*?,\s*)?(?P<subject>[^,]+?)\s+will\s+(?!(?:also\s+)?(?:need|help|enable)\b)\w", re.I)
_OUR_LEADERS = re.compile(r"^our (?:leaders|leadership)$", re.I)
_PASSIVE = re.compile(r"^(?!(?i:this|that|it|they|these|those|there)\b)[A-Z][^,]*?\bwill (?:also )?be (?!able\b)\w+ed\b")
_SET_OUT = re.compile(r"\bha(?:ve|s) set out an? (?:\w+ )?commitment to\b", re.I)
_IN_PLACE = re.compile(r"^(?:initial\s+)?(?:plans|arrangements) (?:are|have been put) in place to\b", re.I)
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z])")


@dataclass
class Pledge:
    """One commitment found in the running text, with its place and what introduces it."""

    text: str
    line: int
    section: str
    leads: list[URIRef] = field(default_factory=list)
    aim: str | None = None
    intro: str | None = None


@dataclass
class Aim:
    """One aim of the plan as written, with every place it is written."""

    text: str
    places: list[str] = field(default_factory=list)


@dataclass
class ListCount:
    """A list whose introduction announces a number of items that differs from the items listed."""

    intro: str
    intro_line: int
    announced: int
    listed: int
    first: int
    last: int
    section: str


@dataclass
class Found:
    """Everything the reader found."""

    pledges: list[Pledge] = field(default_factory=list)
    aims: list[Aim] = field(default_factory=list)
    miscounted: list[ListCount] = field(default_factory=list)


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences (split after . or ; before a capital letter)."""
    return [s.strip() for s in _SENTENCE.split(paragraph) if s.strip()]


def _key(text: str) -> str:
    text = text.replace("\u2019", "'").strip()
    text = re.sub(r"[;.,]?\s*(?:and|or)?\s*$", "", text)
    return re.sub(r"\s+", " ", text).strip(" ;.,").casefold()


class Reader:
    """Reads one stretch of a plan's running text.

    `agents(subject)` returns the plan's organisations that a sentence subject
    names ("Gwent Police", "The OPCC", "OPCC and Gwent Police leadership"), or
    an empty list if it names anything else; `section_of(line)` gives the
    location prefix ("section 4.6 Responsibility and Governance Arrangements").
    """

    def __init__(self, lines: Lines, agents: Callable[[str], list[URIRef]], section_of: Callable[[int], str]) -> None:
        self.lines = lines
        self.agents = agents
        self.section_of = section_of
        self.found = Found()

    def commitment(self, sentence: str) -> tuple[bool, list[URIRef]]:
        """Whether a sentence is worded as a commitment (rule 2), and the organisations it names as agents."""
        if sentence.rstrip().endswith(":"):
            return False, []
        if _WE_WILL.search(sentence) or _SET_OUT.search(sentence) or _IN_PLACE.search(sentence):
            return True, []
        m = _AGENT_WILL.search(sentence)
        if m:
            subject = m.group("subject").strip()
            if _OUR_LEADERS.match(subject):
                return True, []
            named = self.agents(re.sub(r"^the\s+", "", subject, flags=re.I))
            if named:
                return True, named
        if _PASSIVE.search(sentence):
            return True, []
        return False, []

    def read(self, start: int, end: int) -> Found:
        """Pledges, aims and miscounted lists between lines start and end (exclusive)."""
        mode: str | None = None  # None | "pledges" | "aims" | "aim-bullets" | "other-list"
        aim: str | None = None
        intro: tuple[int, str] | None = None
        announced: int | None = None
        items: list[int] = []
        for k, raw in self.lines.numbered(start, end - 1):
            line = clean_cell(raw).strip("* ")
            if not line:
                continue
            bullet = _BULLET.match(line)
            if bullet:
                text = line[bullet.end():].strip()
                if mode == "pledges":
                    items.append(k)
                    self._add(text, k, [], aim=None, intro=intro[1] if intro else None)
                elif mode == "aims" and aim is None:
                    self._aim(text, k)
                else:
                    for sentence in sentences(text):
                        self._sentence(sentence, k, aim if mode == "aims" else None)
                continue
            self._close(mode, intro, announced, items)
            if mode == "aims" and self.section_of(k) == self.section_of(intro[0] if intro else k) \
                    and not line.endswith((".", ":")) and len(line) < 150:
                aim = line
                self._aim(line, k)
                continue
            mode, aim, intro, announced, items = None, None, None, None, []
            parts = sentences(line)
            for sentence in parts:
                self._sentence(sentence, k, None)
            last = parts[-1] if parts else ""
            if last.endswith(":"):
                intro = (k, last)
                if _PLEDGES_INTRO.search(last):
                    mode = "pledges"
                    m = _ANNOUNCED.search(last)
                    if m:
                        word = m.group(1).lower()
                        announced = int(word) if word.isdigit() else _NUMBERS[word]
                elif _AIMS_INTRO.search(last):
                    mode = "aims"
                else:
                    mode = "other-list"
        self._close(mode, intro, announced, items)
        return self.found

    def _sentence(self, sentence: str, line: int, aim: str | None) -> None:
        is_commitment, leads = self.commitment(sentence)
        if is_commitment:
            self._add(sentence, line, leads, aim=aim, intro=None)

    def _add(self, text: str, line: int, leads: list[URIRef], *, aim: str | None, intro: str | None) -> None:
        text = re.sub(r";\s*(?:and)?$", "", text.strip())  # list punctuation, not wording
        self.found.pledges.append(Pledge(text, line, self.section_of(line), leads, aim, intro))

    def _aim(self, text: str, line: int) -> None:
        place = f"{self.section_of(line)}, {Lines.loc(line)}"
        for known in self.found.aims:
            if _key(known.text) == _key(text):
                known.places.append(place)
                return
        self.found.aims.append(Aim(re.sub(r"[;,.]?\s*(?:and|or)?\s*$", "", text.strip()).rstrip(" ;."), [place]))

    def _close(self, mode: str | None, intro: tuple[int, str] | None, announced: int | None, items: list[int]) -> None:
        if mode == "pledges" and intro is not None and announced is not None and announced != len(items):
            self.found.miscounted.append(ListCount(intro[1], intro[0], announced, len(items),
                                                   items[0] if items else intro[0], items[-1] if items else intro[0],
                                                   self.section_of(intro[0])))
