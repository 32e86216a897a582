"""Status wordings of action plans, trackers, responses and action logs, read into the status vocabulary.

Why: bodies report progress as "On track", "Delayed", "Behind schedule",
"Partially met", RAG colours ("Amber", a bare "G") or in Welsh ("Ar y trywydd
iawn", "Wedi'i oedi"). The readers keep the wording as written and add a status
concept only where the vocabulary's English or Welsh labels
(ontology/vocab/status.ttl) name one. A RAG colour on its own is not mapped by
guess: green is "on track" in one tracker and "complete" in another, so a colour
is read only through a key the document itself gives ("Green = on track",
a key table "Blue | Complete"); otherwise the colour is kept and the ambiguity
recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from eqkg.documents.model import Block
from eqkg.ingest.tagging import lexicon
from eqkg.namespaces import STATUS

__all__ = ["StatusReading", "document_rag_key", "rag_key", "read_status", "statuses"]

_NEGATED = re.compile(r"(?i)\b(?:not|non|never|un|heb)[\s-]*(?:yet\s+)?$")
#: RAG colours in English and Welsh, by the colour they name.
_COLOURS = {"red": "red", "amber": "amber", "green": "green", "blue": "blue", "grey": "grey", "gray": "grey",
            "coch": "red", "ambr": "amber", "oren": "amber", "gwyrdd": "green", "glas": "blue", "llwyd": "grey"}
_LETTERS = {"r": "red", "a": "amber", "g": "green", "b": "blue"}
_COLOUR_WORDS = "|".join(sorted(_COLOURS, key=len, reverse=True))
#: A status cell that starts with a colour: "Amber", "RAG: Green", "Green - on track", "Amber (some delay)".
_RAG_CELL = re.compile(rf"(?i)^\W*(?:rag(?:\s+(?:status|rating))?\s*[:\-\u2013]?\s*)?(?P<colour>{_COLOUR_WORDS})\b"
                       r"\s*[:=\-\u2013\u2014(/]?\s*(?P<rest>.*?)\W*$")
#: A key line: "Green = on track", "Red: significantly delayed", "Blue - complete", "Amber means some risk".
_KEY_LINE = re.compile(rf"(?i)(?:^|[\s;,|(\u2022])(?P<colour>{_COLOUR_WORDS})\s*(?:=|:|\u2013|\u2014|-|means|\()\s*"
                       r"(?P<meaning>[^=;,|\n()]{2,60})")
#: Whole status cells with no label of their own in the vocabulary (they are too short to find in running text).
_CELL_WORDS = {"met": STATUS["completed"], "done": STATUS["completed"], "closed": STATUS["completed"],
               "finished": STATUS["completed"], "not met": None, "n/a": None}


@dataclass
class StatusReading:
    """What a status wording says: the concepts it names, its RAG colour, and why nothing could be read."""

    wording: str
    concepts: list[URIRef] = field(default_factory=list)
    colour: str | None = None
    through_key: bool = False
    ambiguity: str | None = None


#: Labels that name a status only as a status cell's whole wording or its head; in a sentence they are
#: ordinary words ("a revised date is proposed", "training will be delivered by June").
_CELL_ONLY = frozenset({"proposed", "proposal", "draft", "in draft", "delivered", "achieved", "started",
                        "commenced", "progressing", "overdue", "slipped", "slippage", "rolling", "in hand",
                        "oedi", "wedi dechrau", "ar waith", "ar amser"})
#: A status word after these is what will or should happen, not what has ("will be completed by March").
_MODAL = re.compile(r"(?i)\b(?:will|would|should|could|may|might|must|shall|to|aim to|plan to|expect(?:ed)? to)"
                    r"\s+(?:be\s+)?$")


#: "complete checks on existing staff": the verb with its object, not the state.
_VERB_USE = re.compile(r"(?i)complete\s+(?!(?:and|in|by|on|at|since|as|with|for|from|or|but)\b)[a-z]")


def statuses(wording: str, *, sentence: bool = False) -> list[URIRef]:
    """The status concepts a wording names by the vocabulary's English and Welsh labels; negated ones are left out.

    "Accepted and completed" -> accepted, completed; "Ar y trywydd iawn" ->
    on track; "Not accepted", "Not on track" -> nothing (the wording is kept).
    With `sentence` (a response's first sentence rather than a status cell),
    words that are statuses only in a cell ("proposed", "delivered") and
    statuses after "will", "to be" ... are left out.
    """
    found: list[URIRef] = []
    for lang in ("en", "cy"):
        for match in lexicon("status", lang=lang).find(wording):
            before = wording[: match.start]
            if _NEGATED.search(before[-8:]) and match.concept != STATUS["not-started"]:
                continue
            if sentence and (match.label.casefold().replace("\u2019", "'") in _CELL_ONLY
                             or _MODAL.search(before[-20:]) or _VERB_USE.match(wording[match.start:])):
                continue
            if match.concept not in found:
                found.append(match.concept)
    return found


def _colour(text: str) -> tuple[str, str] | None:
    """(colour, the words after it) when a status cell is a RAG colour, or None."""
    stripped = text.strip().strip(".")
    if stripped.casefold() in _LETTERS:
        return _LETTERS[stripped.casefold()], ""
    m = _RAG_CELL.match(stripped)
    if m is None:
        return None
    colour, rest = _COLOURS[m.group("colour").casefold()], m.group("rest").strip()
    second = re.match(rf"(?i)({_COLOUR_WORDS})\b", rest)
    if second:  # "Red/Amber": between two colours, no one meaning
        return f"{colour}/{_COLOURS[second.group(1).casefold()]}", rest[second.end():].strip(" /-")
    return colour, rest


#: A key by letters, only with "=" or ":" ("RAG (G = on track, A = at risk, R = behind schedule)").
_KEY_LETTER = re.compile(r"(?:^|[\s;,|(])(?P<colour>[RAGB])\s*[=:]\s*(?P<meaning>[^=;,|\n()]{2,60})")


def rag_key(texts: Iterable[str]) -> dict[str, list[URIRef]]:
    """The meaning of each RAG colour where the document gives a key ("Green = on track"); a colour given two
    different meanings is left out (its cells stay ambiguous)."""
    seen: dict[str, set[tuple[URIRef, ...]]] = {}
    for text in texts:
        found = [(_COLOURS[m.group("colour").casefold()], m.group("meaning")) for m in _KEY_LINE.finditer(text)]
        found += [(_LETTERS[m.group("colour").casefold()], m.group("meaning")) for m in _KEY_LETTER.finditer(text)]
        for colour, meaning in found:
            concepts = statuses(meaning)
            if concepts:
                seen.setdefault(colour, set()).add(tuple(concepts))
    return {colour: list(next(iter(meanings))) for colour, meanings in seen.items() if len(meanings) == 1}


def document_rag_key(blocks: Iterable[Block]) -> dict[str, list[URIRef]]:
    """`rag_key` over a document's text: its lines, each table cell, and key tables' rows ("Green | On track")."""
    texts: list[str] = []
    for block in blocks:
        if block.kind != "table":
            texts.append(block.text)
            continue
        for row in block.rows:
            texts.extend(row.cells)
            filled = [c.strip() for c in row.cells if c.strip()]
            if len(filled) >= 2 and filled[0].casefold() in _COLOURS:
                texts.append(f"{filled[0]} = {filled[1]}")
    return rag_key(texts)


def read_status(wording: str, key: dict[str, list[URIRef]] | None = None) -> StatusReading:
    """A status cell or "Status:" value: its concepts by label, else through the document's RAG key, else none
    with the reason (kept as written, never guessed)."""
    text = re.sub(r"\s+", " ", wording).strip()
    reading = StatusReading(text)
    rag = _colour(text)
    if rag is not None:
        reading.colour = rag[0]
    reading.concepts = statuses(text)
    if reading.concepts:
        return reading
    word = text.casefold().strip(" .!")
    if word in _CELL_WORDS:
        concept = _CELL_WORDS[word]
        if concept is not None:
            reading.concepts = [concept]
            return reading
    if reading.colour is not None:
        if key and reading.colour in key:
            reading.concepts = list(key[reading.colour])
            reading.through_key = True
            return reading
        reading.ambiguity = (f"The RAG rating '{text}' is kept as written: the document gives no key to what its "
                             "colours mean.")
        return reading
    reading.ambiguity = f"The status '{text}' names no status of the vocabulary; kept as written."
    return reading
