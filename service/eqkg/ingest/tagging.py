"""Lexicon tagging and coverage claims: which characteristic a text concerns, and on what basis.

Why: the design asks that every coverage statement says where it came from.
A tick in a table is `basis:stated`, a vocabulary label found in the text is
`basis:tagged` (with the label that matched), and a person's assertion is
`basis:curated` (with a note). Each claim is a resource of its own
(eq:CoverageClaim) so queries can filter by basis; certain claims also get
the direct `subject eq:covers concept` (or `eq:addressesAim`) triple.

Policy themes (ontology/vocab/theme.ttl) are tagged the same way, with the
same claim URIs and evidence, but a theme is not coverage: the direct triple
is `subject eq:theme concept`, and the claim is a reified statement
(rdf:Statement: rdf:subject, rdf:predicate eq:theme, rdf:object) rather than
an eq:CoverageClaim, so counts of coverage claims stay counts of coverage.

The lexicon is the English prefLabels and altLabels of
ontology/vocab/characteristic.ttl (and theme.ttl for themes), matched as
whole words (hyphens join words), case-insensitively, longest label first; a
span of text that matched one label cannot match a shorter one inside it, and
a match inside one of the concept's eq:excludedPhrase ("sex work") is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from eqkg.config import asset_dir
from eqkg.errors import InputError
from eqkg.ingest.common import Builder
from eqkg.namespaces import AIM, BASIS, EQ, PC, THEME, VOCAB

BASES = ("stated", "tagged", "curated")


def _fold(text: str) -> str:
    """Unify curly apostrophes and dashes so labels match the way documents are typed."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")


@dataclass(frozen=True)
class Match:
    """A concept found in a text, with the label that matched (as the vocabulary spells it)."""

    concept: URIRef
    label: str
    start: int


class Lexicon:
    """Labels of one or more SKOS schemes, compiled for whole-word, longest-first matching."""

    def __init__(self, labels: list[tuple[str, URIRef]], excluded: dict[URIRef, list[str]] | None = None) -> None:
        # Longest first, then alphabetical, so matching is deterministic.
        ordered = sorted({(lab, c) for lab, c in labels}, key=lambda lc: (-len(lc[0]), lc[0].casefold(), str(lc[1])))
        self.entries = ordered
        self._patterns = [(_phrase(lab), lab, concept) for lab, concept in ordered]
        #: eq:excludedPhrase: phrases containing a label of the concept that do not mean it ("sex work").
        self._excluded = {c: [_phrase(p) for p in phrases] for c, phrases in (excluded or {}).items()}

    @classmethod
    def from_files(cls, paths: list[Path], lang: str = "en") -> Lexicon:
        """Read prefLabel/altLabel in `lang` of every concept in the files."""
        graph = Graph()
        for path in paths:
            if not path.is_file():
                raise InputError(f"vocabulary file missing: {path}")
            graph.parse(path, format="turtle")
        labels: list[tuple[str, URIRef]] = []
        excluded: dict[URIRef, list[str]] = {}
        for concept, phrase in graph.subject_objects(EQ.excludedPhrase):
            if isinstance(concept, URIRef) and isinstance(phrase, Literal) and phrase.language == lang:
                excluded.setdefault(concept, []).append(str(phrase))
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for concept, label in graph.subject_objects(prop):
                if (isinstance(concept, URIRef) and isinstance(label, Literal) and label.language == lang
                        and (concept, RDF.type, SKOS.Concept) in graph):
                    labels.append((str(label), concept))
        return cls(labels, excluded)

    def find(self, text: str) -> list[Match]:
        """Every concept named in the text, once each, in order of first occurrence."""
        folded = _fold(text)
        taken: list[tuple[int, int]] = []
        found: dict[URIRef, Match] = {}
        for pattern, label, concept in self._patterns:
            for m in pattern.finditer(folded):
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue
                if any(x.start() <= m.start() and m.end() <= x.end()
                       for ex in self._excluded.get(concept, []) for x in ex.finditer(folded)):
                    continue
                taken.append((m.start(), m.end()))
                if concept not in found or m.start() < found[concept].start:
                    found[concept] = Match(concept, label, m.start())
        return sorted(found.values(), key=lambda x: (x.start, str(x.concept)))

    def tag(self, text: str) -> list[tuple[URIRef, str]]:
        """(concept, matched label) pairs for a text."""
        return [(m.concept, m.label) for m in self.find(text)]

    def lookup(self, label: str) -> URIRef | None:
        """The concept whose label equals this wording (case, apostrophes and spacing ignored)."""
        key = _key(label)
        hits = {c for lab, c in self.entries if _key(lab) == key}
        return next(iter(hits)) if len(hits) == 1 else None


def _phrase(label: str) -> re.Pattern[str]:
    """A whole-word pattern for a label: spaces match any spacing; hyphens and apostrophes join words.

    An apostrophe joins words only after a letter ("Gwent's"); after a space it
    is an opening quotation mark, so "'reverse mentoring'" matches.
    """
    words = r"\s+".join(re.escape(w) for w in _fold(label).split())
    return re.compile(r"(?<![\w-])(?<!\w')" + words + r"(?![\w-])", re.I)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", _fold(text).replace("'", "").replace("&", "and")).strip(" .:").casefold()


@lru_cache(maxsize=4)
def lexicon(*schemes: str) -> Lexicon:
    """The lexicon of vocabulary schemes by file name ("characteristic", "theme"), read once per process."""
    vocab = asset_dir("ontology") / "vocab"
    return Lexicon.from_files([vocab / f"{s}.ttl" for s in schemes])


def characteristics() -> Lexicon:
    """The protected-characteristic lexicon (the one that drives coverage tagging)."""
    return lexicon("characteristic")


def theme_lexicon() -> Lexicon:
    """The policy-theme lexicon (compares commitments across bodies)."""
    return lexicon("theme")


# ---------------------------------------------------------------- coverage claims


def concept_slug(concept: URIRef) -> str:
    """The claim-URI slug of a concept: "race", "race/ethnic-minority", "aim/foster-good-relations"."""
    text = str(concept)
    if text.startswith(str(PC)):
        return text[len(str(PC)):]
    if text.startswith(str(VOCAB)):
        return text[len(str(VOCAB)):]
    raise InputError(f"not a vocabulary concept: {concept}")


def claim_uri(subject: URIRef, concept: URIRef, basis: str) -> URIRef:
    """{subject}/claim/{basis}/{concept-slug}: one claim per subject, concept and basis."""
    return URIRef(f"{subject}/claim/{basis}/{concept_slug(concept)}")


def add_claim(
    builder: Builder,
    subject: URIRef,
    concept: URIRef,
    basis: str,
    *,
    location: str | None,
    matched_label: str | None = None,
    note: str | None = None,
    uncertain: bool = False,
) -> URIRef:
    """Record that `subject` covers `concept` (a characteristic or an aim), or has it as theme, on a basis.

    An uncertain claim names the concept with eq:uncertainCharacteristic
    instead of eq:claimCharacteristic and adds no eq:covers / eq:addressesAim:
    it records an ambiguity, not coverage. A theme claim is the reified
    statement `subject eq:theme concept` with the same basis and evidence.
    """
    if basis not in BASES:
        raise InputError(f"unknown coverage basis {basis!r}; expected one of {BASES}")
    is_theme = str(concept).startswith(str(THEME))
    if is_theme and uncertain:
        raise InputError("a theme claim cannot be uncertain: untagged text simply has no theme")
    claim = builder.resource(claim_uri(subject, concept, basis),
                             (RDF.Statement, PROV.Entity) if is_theme else EQ.CoverageClaim, location)
    builder.add(claim, EQ.basis, BASIS[basis])
    builder.text(claim, EQ.matchedLabel, matched_label)
    builder.text(claim, EQ.note, note)
    if is_theme:
        builder.add(claim, RDF.subject, subject)
        builder.add(claim, RDF.predicate, EQ.theme)
        builder.add(claim, RDF.object, concept)
        builder.add(subject, EQ.theme, concept)
        builder.report.count(f"theme:{basis}")
        return claim
    builder.add(subject, EQ.claim, claim)
    is_aim = str(concept).startswith(str(AIM))
    if uncertain:
        builder.add(claim, EQ.uncertainCharacteristic, concept)
        builder.add(subject, EQ.uncertainCharacteristic, concept)
    else:
        builder.add(claim, EQ.claimCharacteristic, concept)
        builder.add(subject, EQ.addressesAim if is_aim else EQ.covers, concept)
    builder.report.count(f"claim:{basis}{':uncertain' if uncertain else ''}")
    return claim


def tag_resource(builder: Builder, subject: URIRef, text: str, location: str | None,
                 *, themes: bool = True) -> list[URIRef]:
    """Add a basis:tagged claim for every characteristic concept the text names, and for every theme.

    `themes=False` for things that are not commitments or objectives (indicators
    already have the theme of the section that lists them).
    """
    lexicons = [characteristics(), theme_lexicon()] if themes else [characteristics()]
    claims = []
    for lex in lexicons:
        for concept, label in lex.tag(text):
            claims.append(add_claim(builder, subject, concept, "tagged", location=location, matched_label=label))
    return claims
