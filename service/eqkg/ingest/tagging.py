"""Lexicon tagging and coverage claims: which characteristic a text concerns, and on what basis.

Why: the design asks that every coverage statement says where it came from.
A tick in a table is `basis:stated`, a vocabulary label found in the text is
`basis:tagged` (with the label that matched), wording that only implies a
characteristic ("step-free access") is `basis:implied` (with the label), and a
person's assertion is `basis:curated` (with a note). Each claim is a resource
of its own (eq:CoverageClaim) so queries can filter by basis; stated, tagged
and curated claims also get the direct `subject eq:covers concept` (or
`eq:addressesAim`) triple. Implied claims do not: gap checks and coverage
counts never rest on implication (docs/decisions/0007).

Policy themes (ontology/vocab/theme.ttl) are tagged the same way, with the
same claim URIs and evidence, but a theme is not coverage: the direct triple
is `subject eq:theme concept`, and the claim is a reified statement
(rdf:Statement: rdf:subject, rdf:predicate eq:theme, rdf:object) rather than
an eq:CoverageClaim, so counts of coverage claims stay counts of coverage.
Carers are a theme (theme:carers), not a characteristic.

The lexicon is the prefLabels and altLabels of ontology/vocab/characteristic.ttl
(and theme.ttl for themes) in one language, matched as whole words (hyphens
join words), case-insensitively, longest label first; a span of text that
matched one label cannot match a shorter one inside it, and a match inside one
of the concept's eq:excludedPhrase ("sex work") is skipped. A concept with
`eq:basis basis:implied` is an implied term: its matches are implied claims.

Welsh text is matched with the Welsh labels (plus the English labels written
in capitals, such as "BAME" and "LGBTQ+"), and the first word of each Welsh
label and excluded phrase also matches in its mutated forms (soft, nasal,
aspirate, and h- before a vowel), so "crefydd" finds "grefydd", "nghrefydd"
and "chrefydd". `tag_resource` picks the language of each text by counting
common Welsh and English function words (`detect_lang`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from eqkg.config import asset_dir
from eqkg.errors import InputError
from eqkg.ingest.common import Builder
from eqkg.namespaces import AIM, BASIS, EQ, PC, THEME, VOCAB

BASES = ("stated", "tagged", "curated", "implied")
#: Bases whose claims add the direct eq:covers / eq:addressesAim triple.
COVERING_BASES = ("stated", "tagged", "curated")
LANGS = ("en", "cy")


def _fold(text: str) -> str:
    """Unify curly apostrophes, dashes and Unicode forms so labels match the way documents are typed."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")


# ---------------------------------------------------------------- Welsh


#: Initial mutations of Welsh: radical initial -> (soft, nasal, aspirate) forms ("" = the letter drops).
_MUTATIONS: dict[str, tuple[str, ...]] = {
    "p": ("b", "mh", "ph"), "t": ("d", "nh", "th"), "c": ("g", "ngh", "ch"),
    "b": ("f", "m"), "d": ("dd", "n"), "g": ("", "ng"),
    "ll": ("l",), "m": ("f",), "rh": ("r",),
}
_UNMUTATED_DIGRAPHS = ("ch", "ph", "th", "dd", "ff", "ng")
_VOWELS = "aeiouwyâêîôûŵŷáéíóúàèìòù"


def mutations(word: str) -> list[str]:
    """The mutated forms of a Welsh word (lower case): soft, nasal and aspirate mutation, and h- before a vowel.

    Why: Welsh changes the first consonant of a word after many small words
    ("ei grefydd", "yng Nghymru", "a phobl hŷn", "eu hanabledd"), so a label
    written in its radical form would miss most of its occurrences. Words of
    two letters or fewer and forms shorter than three letters are left out
    (too likely to be another word).
    """
    w = _fold(word).casefold()
    if len(w) <= 2 or w.startswith(_UNMUTATED_DIGRAPHS):
        return []
    out: list[str] = []
    for initial in ("ll", "rh", "p", "t", "c", "b", "d", "g", "m"):
        if w.startswith(initial):
            out = [m + w[len(initial):] for m in _MUTATIONS[initial]]
            break
    else:
        if w[0] in _VOWELS:
            out = ["h" + w]
    return [v for v in dict.fromkeys(out) if len(v) >= 3 and v != w and v[0].isalpha()]


#: Function words that say a text is Welsh or English (none is a word of the other language).
_CY_WORDS = frozenset(["y", "yr", "yn", "mae", "ac", "ein", "ei", "gyda", "gan", "drwy", "trwy", "sydd", "bydd", "byddwn", "rydym", "wedi", "hyn", "hynny", "ar", "neu", "o", "i'r", "o'r", "a'r", "i'w", "sy'n", "mewn", "pob", "holl", "ni", "nhw", "fel", "ond", "hefyd", "gyfer", "ag", "ydy", "ydym", "bod", "cael", "gael", "yng", "ym", "rhwng", "ynghylch"])
_EN_WORDS = frozenset(["the", "and", "of", "to", "in", "for", "with", "is", "are", "we", "will", "our", "by", "on", "that", "be", "this", "as", "from", "at", "it", "an", "have", "has", "all", "their", "which", "who", "these", "those", "people"])


def detect_lang(text: str, default: str = "en") -> str:
    """"cy" or "en" by counting Welsh and English function words (and ŵ, ŷ); `default` when they tie.

    Cheap on purpose: it runs on every text tagged, and a plan's objectives,
    steps and table cells are short. A bilingual document gets each text
    tagged in its own language.
    """
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", _fold(text).casefold())
    cy = sum(1 for w in words if w in _CY_WORDS or "ŵ" in w or "ŷ" in w)
    en = sum(1 for w in words if w in _EN_WORDS)
    if cy > en:
        return "cy"
    if en > cy:
        return "en"
    return default


# ---------------------------------------------------------------- the lexicon


@dataclass(frozen=True)
class Match:
    """A concept found in a text, with the label that matched (as the vocabulary spells it) and its basis."""

    concept: URIRef
    label: str
    start: int
    basis: str = "tagged"


class Lexicon:
    """Labels of one or more SKOS schemes, compiled for whole-word, longest-first matching."""

    def __init__(self, labels: list[tuple[str, URIRef]], excluded: dict[URIRef, list[str]] | None = None,
                 *, implied: set[URIRef] | frozenset[URIRef] = frozenset(), welsh: bool = False,
                 top: dict[URIRef, URIRef] | None = None) -> None:
        # Longest first, then alphabetical, so matching is deterministic.
        ordered = sorted({(lab, c) for lab, c in labels}, key=lambda lc: (-len(lc[0]), lc[0].casefold(), str(lc[1])))
        self.entries = ordered
        self.implied = frozenset(implied)
        #: eq:excludedPhrase as read, by concept.
        self.excluded = {c: list(v) for c, v in (excluded or {}).items()}
        self.welsh = welsh
        #: concept -> the top concept it rolls up to (itself for a top concept); empty for theme schemes.
        self.top = dict(top or {})
        variants = _welsh_variants(ordered) if welsh else {}
        self._patterns = [(_phrase(lab, variants.get((lab, concept), ())), lab, concept) for lab, concept in ordered]
        #: Multi-word labels by their first word (and its Welsh mutated forms), for _spanning.
        self._by_first: dict[str, list[tuple[re.Pattern[str], str, URIRef]]] = {}
        for entry, (lab, concept) in zip(self._patterns, ordered, strict=True):
            words = _fold(lab).casefold().split()
            if len(words) > 1:
                for first in {words[0], *(f.casefold() for f in variants.get((lab, concept), ()))}:
                    self._by_first.setdefault(first, []).append(entry)
        #: eq:excludedPhrase: phrases containing a label of the concept that do not mean it ("sex work").
        self._excluded = {c: [_phrase(p, _first_forms(p) if welsh else ()) for p in phrases]
                          for c, phrases in (excluded or {}).items()}

    @classmethod
    def from_files(cls, paths: list[Path], lang: str = "en") -> Lexicon:
        """Read prefLabel/altLabel in `lang` of every concept in the files.

        For Welsh ("cy") the English labels written wholly in capitals
        ("BAME", "LGBTQ+", "BSL") are added, since Welsh documents use them too.
        """
        if lang not in LANGS:
            raise InputError(f"unknown lexicon language {lang!r}; expected one of {LANGS}")
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
                if not (isinstance(concept, URIRef) and isinstance(label, Literal)
                        and (concept, RDF.type, SKOS.Concept) in graph):
                    continue
                if label.language == lang or (lang == "cy" and label.language == "en" and _is_acronym(str(label))):
                    labels.append((str(label), concept))
        implied = {c for c in graph.subjects(EQ.basis, BASIS.implied) if isinstance(c, URIRef)}
        top = {}
        for concept in {c for _, c in labels}:
            broader = graph.value(concept, SKOS.broader)
            top[concept] = broader if isinstance(broader, URIRef) else concept
        return cls(labels, excluded, implied=implied, welsh=lang == "cy", top=top)

    def find(self, text: str) -> list[Match]:
        """Every concept named (or implied) in the text, once each, in order of first occurrence."""
        folded = _fold(text)
        taken: list[tuple[int, int, str]] = []
        found: dict[URIRef, Match] = {}
        for pattern, label, concept in self._patterns:
            for m in pattern.finditer(folded):
                # A span is read once, except that a label shared by two concepts ("LGBT+") names both.
                if any(m.start() < end and start < m.end() and (start, end, lab) != (m.start(), m.end(), label)
                       for start, end, lab in taken):
                    continue
                if any(x.start() <= m.start() and m.end() <= x.end()
                       for ex in self._excluded.get(concept, []) for x in ex.finditer(folded)):
                    continue
                taken.append((m.start(), m.end(), label))
                if concept not in found or m.start() < found[concept].start:
                    basis = "implied" if concept in self.implied else "tagged"
                    found[concept] = Match(concept, label, m.start(), basis)
        for start, phrase in _distributed(folded):
            for concept, label in self._spanning(phrase):
                if concept not in found:
                    basis = "implied" if concept in self.implied else "tagged"
                    found[concept] = Match(concept, label, start, basis)
        return sorted(found.values(), key=lambda x: (x.start, str(x.concept)))

    def _spanning(self, phrase: str) -> list[tuple[URIRef, str]]:
        """Concepts whose label matches the whole of a distributed phrase ("gender pay gaps"
        out of "gender and ethnicity pay gaps"); a label of the first word alone does not
        count, the text has already been read for it."""
        first_word = phrase.split()[0]
        first = len(first_word)
        out = []
        for pattern, label, concept in self._by_first.get(first_word.casefold(), ()):
            m = pattern.match(phrase)
            if m and m.end() == len(phrase) and m.end() > first and not any(
                    x.start() == 0 for ex in self._excluded.get(concept, []) for x in ex.finditer(phrase)):
                out.append((concept, label))
        return out

    def tag(self, text: str) -> list[tuple[URIRef, str]]:
        """(concept, matched label) pairs for the concepts a text names (implied terms left out)."""
        return [(m.concept, m.label) for m in self.find(text) if m.basis == "tagged"]

    def bases(self, text: str) -> dict[str, str]:
        """{characteristic slug: "tagged" | "implied"} for a text, rolled up to the top concepts.

        The reading-report convention (fields["characteristics"]); a
        characteristic both named and implied is "tagged".
        """
        out: dict[str, str] = {}
        for m in self.find(text):
            slug = concept_slug(self.top.get(m.concept, m.concept))
            if out.get(slug) != "tagged":
                out[slug] = m.basis
        return out

    def lookup(self, label: str) -> URIRef | None:
        """The concept whose label equals this wording (case, apostrophes and spacing ignored; implied terms left out)."""
        key = _key(label)
        hits = {c for lab, c in self.entries if _key(lab) == key and c not in self.implied}
        return next(iter(hits)) if len(hits) == 1 else None


_COORDINATED_WORD = r"[^\W\d_][\w'’-]*"
_CONJUNCTION = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+|a\s+|neu\s+)?|\s(?:and|or|a|ac|neu)\s|\s*[&/]\s*)", re.I)
_WORD = re.compile(_COORDINATED_WORD)
_CONJUNCTION_WORDS = {"and", "or", "a", "ac", "neu"}


def _distributed(text: str) -> list[tuple[int, str]]:
    """Each modifier of a coordination joined to the words after the last one:
    "gender and ethnicity pay gaps" gives "gender pay", "gender pay gaps" and
    "gender pay gaps <next word>"; "older and disabled people" gives "older people".

    Officers write shared heads ("older and disabled people", "disability, race and
    gender pay gaps"); the lexicon's multi-word labels name only the last modifier's
    phrase. Returns (offset of the modifier, phrase) pairs, one to three head words each.
    """
    out: list[tuple[int, str]] = []
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)
             if m.group().casefold() not in _CONJUNCTION_WORDS]
    for i in range(len(words)):
        conjuncts, j = [i], i
        while j + 1 < len(words) and _CONJUNCTION.fullmatch(text[words[j][1]:words[j + 1][0]]):
            j += 1
            conjuncts.append(j)
        if len(conjuncts) < 2 or (i > 0 and _CONJUNCTION.fullmatch(text[words[i - 1][1]:words[i][0]])):
            continue  # not a coordination, or not its first word (read from its first word once)
        head = words[j + 1:j + 4]
        for k in conjuncts[:-1]:
            for n in range(1, len(head) + 1):
                if not text[words[j][1]:head[0][0]].isspace() or any(
                        not text[a[1]:b[0]].isspace() for a, b in zip(head, head[1:n], strict=False)):
                    break
                out.append((words[k][0], " ".join([words[k][2], *(w[2] for w in head[:n])])))
    return out


def _is_acronym(label: str) -> bool:
    return any(ch.isalpha() for ch in label) and not any(ch.islower() for ch in label)


def _first_forms(label: str) -> tuple[str, ...]:
    """The mutated forms of a label's first word (Welsh mutates a phrase at its start)."""
    words = _fold(label).split()
    return tuple(mutations(words[0])) if words else ()


def _first_word_mutations(label: str) -> tuple[str, ...]:
    words = _fold(label).split()
    return tuple(" ".join([v, *words[1:]]) for v in _first_forms(label))


def _welsh_variants(entries: list[tuple[str, URIRef]]) -> dict[tuple[str, URIRef], tuple[str, ...]]:
    """Mutated forms of each label's first word, dropping any form that another concept's label (or form) also gives."""
    owners: dict[str, set[URIRef]] = {}
    forms = {}
    for label, concept in entries:
        forms[(label, concept)] = _first_word_mutations(label)
        for form in (label, *forms[(label, concept)]):
            owners.setdefault(_key(form), set()).add(concept)
    return {lc: tuple(f.split()[0] for f in fs if owners[_key(f)] == {lc[1]}) for lc, fs in forms.items()}


def _phrase(label: str, first_forms: tuple[str, ...] = ()) -> re.Pattern[str]:
    """A whole-word pattern for a label: spaces match any spacing; hyphens and apostrophes join words.

    An apostrophe joins words only after a letter ("Gwent's"); after a space it
    is an opening quotation mark, so "'reverse mentoring'" matches.
    `first_forms` are other spellings of the first word (Welsh mutations).
    """
    words = [re.escape(w) for w in _fold(label).split()]
    if first_forms:
        words[0] = "(?:" + "|".join([words[0], *(re.escape(f) for f in first_forms)]) + ")"
    return re.compile(r"(?<![\w-])(?<!\w')" + r"\s+".join(words) + r"(?!\w)(?!-(?!" + _JOINED_SUFFIXES + r"\b))",
                      re.I)


#: Words a label may be joined to by a hyphen and still name its concept ("female-only", "age-related",
#: "faith-based", "dementia-friendly"); any other hyphenated word is a different word ("non-disabled").
_JOINED_SUFFIXES = ("(?:only|friendly|related|specific|led|inclusive|focused|sensitive|based|appropriate|"
                    "aware|confident|proof)")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", _fold(text).replace("'", "").replace("&", "and")).strip(" .:").casefold()


@lru_cache(maxsize=8)
def lexicon(*schemes: str, lang: str = "en") -> Lexicon:
    """The lexicon of vocabulary schemes by file name ("characteristic", "theme") in a language, read once per process."""
    vocab = asset_dir("ontology") / "vocab"
    return Lexicon.from_files([vocab / f"{s}.ttl" for s in schemes], lang=lang)


def characteristics(lang: str = "en") -> Lexicon:
    """The protected-characteristic lexicon (the one that drives coverage tagging)."""
    return lexicon("characteristic", lang=lang)


def theme_lexicon(lang: str = "en") -> Lexicon:
    """The policy-theme lexicon (compares commitments across bodies)."""
    return lexicon("theme", lang=lang)


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
    it records an ambiguity, not coverage. An implied claim (basis "implied")
    names the concept with eq:claimCharacteristic but adds no eq:covers either:
    the text implies the characteristic without naming it. A theme claim is the
    reified statement `subject eq:theme concept` with the same basis and evidence.
    """
    if basis not in BASES:
        raise InputError(f"unknown coverage basis {basis!r}; expected one of {BASES}")
    is_theme = str(concept).startswith(str(THEME))
    if is_theme and uncertain:
        raise InputError("a theme claim cannot be uncertain: untagged text simply has no theme")
    if basis == "implied" and (uncertain or is_theme):
        raise InputError("an implied claim names a characteristic with certainty of wording; it cannot be uncertain or a theme")
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
        if basis in COVERING_BASES:
            builder.add(subject, EQ.addressesAim if is_aim else EQ.covers, concept)
    builder.report.count(f"claim:{basis}{':uncertain' if uncertain else ''}")
    return claim


def document_lang(builder: Builder) -> str:
    """The language the builder's document declares (dcterms:language), "en" when none or not en/cy."""
    value = builder.graph.value(builder.document, DCTERMS.language)
    return str(value) if value is not None and str(value) in LANGS else "en"


def text_lang(text: str, lang: str | None = None, default: str = "en") -> str:
    """The lexicon language for a text: `lang` when given, else detected (ties go to `default`)."""
    if lang is None:
        return detect_lang(text, default)
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}; expected one of {LANGS}")
    return lang


def characteristic_bases(text: str, lang: str | None = None) -> dict[str, str]:
    """{characteristic slug: "tagged" | "implied"} that tagging would claim for a text (reading reports)."""
    return characteristics(text_lang(text, lang)).bases(text)


def tag_resource(builder: Builder, subject: URIRef, text: str, location: str | None,
                 *, themes: bool = True, lang: str | None = None) -> list[URIRef]:
    """Add a claim for every characteristic concept the text names (basis:tagged) or implies (basis:implied),
    and a basis:tagged theme claim for every theme.

    `themes=False` for things that are not commitments or objectives (indicators
    already have the theme of the section that lists them). `lang` ("en" or
    "cy") forces the lexicon language; by default each text's language is
    detected, ties going to the document's dcterms:language.
    """
    lang = text_lang(text, lang, document_lang(builder))
    lexicons = [characteristics(lang), theme_lexicon(lang)] if themes else [characteristics(lang)]
    claims = []
    for lex in lexicons:
        for m in lex.find(text):
            claims.append(add_claim(builder, subject, m.concept, m.basis, location=location, matched_label=m.label))
    return claims
