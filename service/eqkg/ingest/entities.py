"""Entity resolution: one URI per real person and organisation across all documents.

Why this module exists: the seed documents name the same people under full
names ("Jeff Cuthbert"), titles ("PCC Cuthbert"), honorifics ("Mark Drakeford
MS"), initials defined in one document ("Lee Jones - Chair (LJ)") and
misspellings ("ACC Throne"). The knowledge graph is only useful if they meet
at one URI, and only honest if uncertain matches stay apart.

The evidence is curated, not coded: data/curated/registry.ttl lists the
organisations, posts and people with the documents that support them, and
data/curated/sameness.ttl records each identity decision with its evidence
(irregular mentions resolved per document, and uncertain candidates recorded
with eq:sameAsCandidate, never merged). This module only applies them, in a
fixed order (docs/entities.md):

1. a decision in sameness.ttl for this wording in this document;
2. initials defined by the document itself (the parser registers them);
3. a full name (or organisation label) in the registry;
4. a title and surname ("CC Vaughan"): people with that surname whose role
   wording starts with the title;
5. a post named alone ("The First Minister") held by exactly one person;
6. otherwise a URI is minted from the wording and the mention is reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF, SKOS

from eqkg.config import asset_dir
from eqkg.errors import InputError
from eqkg.namespaces import EQ, data_base, mint, slugify

if TYPE_CHECKING:
    from eqkg.ingest.common import Builder

#: Titles and ranks written before a name, with the role wording they abbreviate.
TITLES: dict[str, str] = {
    "PCC": "Police and Crime Commissioner",
    "DPCC": "Deputy Police and Crime Commissioner",
    "CC": "Chief Constable",
    "DCC": "Deputy Chief Constable",
    "ACC": "Assistant Chief Constable",
    "Ch Supt": "Chief Superintendent",
    "C/Supt": "Chief Superintendent",
    "Supt": "Superintendent",
    "DCI": "Detective Chief Inspector",
    "DI": "Detective Inspector",
    "DS": "Detective Sergeant",
    "DC": "Detective Constable",
    "C/I": "Chief Inspector",
    "CI": "Chief Inspector",
    "Insp": "Inspector",
    "Sgt": "Sergeant",
    "PC": "Police Constable",
    "PS": "Police Sergeant",
    "PCSO": "Police Community Support Officer",
}
#: Titles written out in full (matched case-insensitively, longest first).
FULL_TITLES: tuple[str, ...] = (
    "Deputy Chief Fire Officer",
    "Assistant Chief Fire Officer",
    "Chief Fire Officer",
    "Area Manager",
    "Group Manager",
    "Station Manager",
    "Watch Manager",
    "Crew Manager",
    "Firefighter",
    "Deputy Police and Crime Commissioner",
    "Police and Crime Commissioner",
    "Assistant Chief Constable",
    "Deputy Chief Constable",
    "Chief Constable",
    "Chief Superintendent",
    "Superintendent",
    "Detective Chief Inspector",
    "Detective Inspector",
    "Detective Sergeant",
    "Detective Constable",
    "Police Community Support Officer",
    "Police Constable",
    "Police Sergeant",
    "Chief Inspector",
    "Inspector",
    "Sergeant",
    "Constable",
    "Deputy Minister",
    "First Minister",
    "Minister",
    "Secretary of State",
    "Councillor",
    "Cllr",
    "Dame",
    "Sir",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
)
#: Post-nominal honorifics ("Mark Drakeford MS").
HONORIFICS: tuple[str, ...] = ("MS", "MP", "AM", "MBE", "OBE", "CBE", "QPM", "KC", "QC")
INITIALS = re.compile(r"[A-Z]{2,4}")
_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")


def normalise(text: str) -> str:
    """A matching key: accents folded, apostrophes and spaces unified, case folded."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"\s+", " ", text).strip(" .,;:").casefold()


@dataclass
class Context:
    """What a parser knows about the document it reads, for resolving its mentions.

    `initials` holds the initials the document itself defines ("(HJJ)"); they
    are never used outside it. `report` collects every mention that could not
    be resolved to a curated entity (minted URIs, ambiguous titles).
    """

    document: URIRef | None = None
    initials: dict[str, URIRef] = field(default_factory=dict)
    report: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        """The document's slug (last path segment of its IRI), for minting local URIs."""
        return str(self.document).rstrip("/").rsplit("/", 1)[-1] if self.document else "unknown"

    def define_initials(self, initials: str, person: URIRef) -> None:
        """Record initials the document defines, e.g. "Lee Jones - Chair (LJ)"."""
        self.initials[initials] = person

    def note(self, message: str) -> None:
        """Add a line to the resolution report, once."""
        if message not in self.report:
            self.report.append(message)


@dataclass
class Registry:
    """The curated registry and sameness decisions, indexed for lookup."""

    graph: Graph
    people: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    surnames: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    organisations: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    roles: dict[URIRef, list[str]] = field(default_factory=lambda: defaultdict(list))
    posts: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    mentions: dict[tuple[str, str], URIRef] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: Graph) -> Registry:
        """Index a graph holding registry.ttl and sameness.ttl."""
        reg = cls(graph)
        for person in graph.subjects(RDF.type, EQ.Person):
            assert isinstance(person, URIRef)
            for name in [*graph.objects(person, FOAF.name), *graph.objects(person, SKOS.altLabel)]:
                reg.people[normalise(str(name))].add(person)
                reg.surnames[normalise(str(name)).split(" ")[-1]].add(person)
            for family in graph.objects(person, FOAF.familyName):
                reg.surnames[normalise(str(family))].add(person)
        for org in graph.subjects(RDF.type, EQ.Organisation):
            assert isinstance(org, URIRef)
            for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
                for label in graph.objects(org, prop):
                    reg.organisations[normalise(str(label))].add(org)
        for membership in graph.subjects(RDF.type, EQ.Membership):
            for person in graph.objects(membership, ORG.member):
                for wording in graph.objects(membership, EQ.roleWording):
                    reg.roles[person].append(normalise(str(wording)))  # type: ignore[index]
        for post in graph.subjects(RDF.type, EQ.Post):
            for label in graph.objects(post, SKOS.prefLabel):
                for holder in graph.objects(post, ORG.heldBy):
                    reg.posts[normalise(str(label))].add(holder)  # type: ignore[arg-type]
                    reg.roles[holder].append(normalise(str(label)))  # type: ignore[index]
        for decision in graph.subjects(RDF.type, EQ.IdentityDecision):
            target = graph.value(decision, EQ.person) or graph.value(decision, EQ.organisation)
            if not isinstance(target, URIRef):
                continue  # an uncertain decision: nothing is merged
            for mention in graph.objects(decision, EQ.mention):
                wording = graph.value(mention, EQ.wording)
                for doc in graph.objects(mention, EQ.source):
                    if wording is not None:
                        reg.mentions[(str(doc), normalise(str(wording)))] = target
        return reg

    def decided(self, mention: str, context: Context | None) -> URIRef | None:
        """A sameness decision for this wording in this document, if any."""
        if context is None or context.document is None:
            return None
        return self.mentions.get((str(context.document), normalise(mention)))


def curated_paths() -> tuple[Path, Path]:
    """data/curated/registry.ttl and sameness.ttl."""
    curated = asset_dir("data") / "curated"
    return curated / "registry.ttl", curated / "sameness.ttl"


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The registry loaded from data/curated (once per process)."""
    graph = Graph()
    for path in curated_paths():
        if not path.is_file():
            raise InputError(f"curated file missing: {path}")
        graph.parse(path, format="turtle", publicID=data_base())
    return Registry.from_graph(graph)


def split_name(mention: str) -> tuple[str | None, str, str | None]:
    """(title, name, parenthetical) of a mention: "PCC Cuthbert" -> ("PCC", "Cuthbert", None)."""
    text = re.sub(r"\s+", " ", mention).strip(" .,;:")
    paren = None
    match = _PAREN.search(text)
    if match:
        paren, text = match.group(1).strip(), text[: match.start()].strip()
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    words = text.split(" ")
    while len(words) > 1 and words[-1].rstrip(",") in HONORIFICS:
        words.pop()
    text = " ".join(words).rstrip(",")
    title = None
    for abbreviation in sorted(TITLES, key=len, reverse=True):
        if text.startswith(abbreviation + " "):
            title, text = TITLES[abbreviation], text[len(abbreviation) + 1 :]
            break
    else:
        for full in FULL_TITLES:
            if normalise(text).startswith(normalise(full) + " ") or normalise(text) == normalise(full):
                title, text = full, text[len(full) :].strip()
                break
    return title, text, paren


def _holds(person: URIRef, title: str, reg: Registry) -> bool:
    """Whether one of the person's role wordings or posts starts with the title."""
    key = normalise(title)
    return any(role == key or role.startswith(key + ",") or role.startswith(key + " ") for role in reg.roles[person])


def _single(found: set[URIRef]) -> URIRef | None:
    return next(iter(found)) if len(found) == 1 else None


def _recorded_decision(kind: str, mention: str, context: Context | None,
                       reg: Registry) -> tuple[str, URIRef | None]:
    """The mention with its spaces normalised, and the URI a curated decision gives it."""
    raw = re.sub(r"\s+", " ", mention).strip()
    if not raw:
        raise InputError(f"empty {kind} mention")
    return raw, reg.decided(raw, context)


def resolve_person(mention: str, context: Context | None = None, reg: Registry | None = None) -> URIRef:
    """The URI of the person a mention denotes (minted and reported when unknown).

    `context` supplies the document (for its decisions and initials) and
    collects the report; without it, document-scoped evidence is not used.
    """
    reg = reg or registry()
    raw, decided = _recorded_decision("person", mention, context, reg)
    if decided is not None:
        return decided
    title, name, paren = split_name(raw)
    if paren and INITIALS.fullmatch(paren) and context is not None and paren in context.initials:
        return context.initials[paren]
    if INITIALS.fullmatch(name) and title is None:
        if context is not None and name in context.initials:
            return context.initials[name]
        decided = reg.decided(name, context)
        if decided is not None:
            return decided
        ctx_slug = context.slug if context else "unknown"
        if context is not None:
            context.note(f"person: initials {name!r} are not defined in {ctx_slug}; minted a local URI")
        return URIRef(mint("person", f"{ctx_slug}-{name.lower()}"))
    key = normalise(name)
    if " " in key or "-" in key:
        found = _single(reg.people.get(key, set()))
        if found is not None:
            return found
    elif key:
        candidates = reg.surnames.get(key, set())
        if title is not None:
            titled = {p for p in candidates if _holds(p, title, reg)}
            found = _single(titled)
            if found is not None:
                return found
            if len(titled) > 1 and context is not None:
                context.note(f"person: {raw!r} matches several people")
        elif len(candidates) > 1 and context is not None:
            context.note(f"person: surname {raw!r} alone matches several people")
    if not key and title is not None:
        found = _single(reg.posts.get(normalise(title), set()))
        if found is not None:
            return found
    if " " not in name.strip():
        # a lone surname or title: meaningful only inside its document
        local = f"{context.slug if context else 'unknown'}-{slugify(raw) or 'unnamed'}"
        if context is not None:
            context.note(f"person: {raw!r} could not be resolved; minted a local URI")
        return URIRef(mint("person", local))
    if context is not None:
        context.note(f"person: {raw!r} is not in the registry; minted a URI")
    return URIRef(mint("person", slugify(name) or "unnamed"))


def resolve_people(wording: str, context: Context | None = None, reg: Registry | None = None) -> list[URIRef]:
    """Every person in a lead wording that may name several ("Angela Hughes/ Mitchell Jones")."""
    parts = [p.strip() for p in re.split(r"\s*(?:/|;|&|\band\b|\n)\s*", wording) if p.strip()]
    return [resolve_person(p, context, reg) for p in parts]


def resolve_organisation(mention: str, context: Context | None = None, reg: Registry | None = None) -> URIRef:
    """The URI of the organisation a mention denotes (minted and reported when unknown)."""
    reg = reg or registry()
    raw, decided = _recorded_decision("organisation", mention, context, reg)
    if decided is not None:
        return decided
    key = normalise(re.sub(r"^the\s+", "", raw, flags=re.I))
    for candidate in (key, re.sub(r"'s$", "", key)):
        found = reg.organisations.get(candidate, set())
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1 and context is not None:
            context.note(f"organisation: {raw!r} names several organisations; minted a URI")
    if context is not None:
        context.note(f"organisation: {raw!r} is not in the registry; minted a URI")
    return URIRef(mint("organisation", slugify(raw) or "unnamed"))


def find_organisation(text: str, context: Context | None = None, reg: Registry | None = None) -> URIRef | None:
    """The organisation named by the longest registry label inside a wording, if any.

    Used for role wordings such as "Deputy Chief Constable, Gwent Police" or
    "Police and Crime Commissioner, North Wales".
    """
    reg = reg or registry()
    decided = reg.decided(text, context)
    if decided is not None:
        return decided
    haystack = f" {normalise(text)} "
    best: tuple[int, URIRef] | None = None
    for label, orgs in reg.organisations.items():
        if len(orgs) != 1 or not re.search(rf"(?<![\w']){re.escape(label)}(?![\w])", haystack):
            continue
        if best is None or len(label) > best[0]:
            best = (len(label), next(iter(orgs)))
    return best[1] if best else None


def affiliations(person: URIRef, document: URIRef, reg: Registry | None = None) -> list[URIRef]:
    """Organisations the registry says a person belonged to, according to one document."""
    reg = reg or registry()
    g = reg.graph
    found = {
        org
        for membership in g.subjects(ORG.member, person)
        if (membership, EQ.source, document) in g
        for org in g.objects(membership, ORG.organization)
    }
    return sorted(found)  # type: ignore[arg-type]


def label(entity: URIRef, reg: Registry | None = None) -> Literal | None:
    """The registry's name for a person or organisation."""
    reg = reg or registry()
    value = reg.graph.value(entity, FOAF.name) or reg.graph.value(entity, SKOS.prefLabel)
    return value if isinstance(value, Literal) else None


def describe_unregistered(builder: Builder, who: URIRef, written: str, location: str) -> None:
    """Describe, in the document's own graph, a person the registry does not know.

    Why: a minted URI with no name is untraceable and unreadable. The name as
    written becomes foaf:name; bare initials become foaf:nick with an
    eq:ambiguity, never a guessed name.
    """
    if label(who) is not None:
        return
    builder.resource(who, EQ.Person, location)
    _, name, _ = split_name(written)
    if re.fullmatch(r"[A-Z]{2,4}", name):
        builder.text(who, FOAF.nick, name)
        builder.text(who, EQ.ambiguity, f"Known only by the initials '{name}', which this document does not define.")
    else:
        builder.text(who, FOAF.name, name)


#: Words that make a wording an agenda heading, a post, a body or a sentence, not a person's name.
_NOT_NAME_WORDS = frozenset(word for line in (
    "welcome welcomes introductions introduction apologies apology minutes matters arising business date next meeting",
    "agenda item items action actions update updates report reports any other aob close closing chair chair's chairs",
    "present attendees attendance absent notes note review terms reference declarations declaration interest",
    "interests discussion presentation summary decision decisions agreed resolved approval approve noted none all",
    "plan plans objective objectives strategy policy budget finance data training equality diversity inclusion",
    "head manager officer director lead chief executive clerk secretary secretariat coordinator co-ordinator adviser",
    "advisor assistant deputy member members representative rep staff vice",
    "gap pay crime survey results gender race disability age sex religion belief hate workforce recruitment progress",
    "performance risk register consultation engagement monitoring assessment impact framework programme project",
    "priorities priority work working feedback questions governance accessibility access safeguarding wellbeing",
    "mental housing youth children people women men older young black asian lgbt lgbtq trans language employee",
    "employees annual quarterly review reviews issues issue updates overview next previous new",
    "the of and for to in on with at by from a an our we will is are was were be",
    "council board police university college committee group service services team department office unit trust",
    "government authority partnership network forum panel commission association society school",
    "health nhs fire rescue county borough city district community communities wales england scotland welsh uk",
    "development organisational organizational care unscheduled nursing patient patients experience learning",
    "planning operations operational corporate resources human hr communications legal estates facilities digital",
    "customer customers support quality safety clinical medical primary education student students academic",
    "registry library procurement commissioning transformation improvement services' partnerships prevention",
    "response protection intelligence neighbourhood neighbourhoods policing professional standards",
    "consultant psychiatrist nurse midwife matron physician surgeon therapist psychologist practitioner",
    "specialist principal senior lecturer paramedic engineer analyst advocate clinician clinical pharmacist",
    "criminal justice custody justice operations estates finance",
    # teams and functions named as owners ("Building Control", "Trade Unions", "Fleet Management")
    "control union unions payroll marketing admissions audit comms ict property talent workforce",
    # Welsh teams, posts and bodies ("Adran Adnoddau Dynol", "T\u00eem Cyfathrebu", "Swyddog Cydraddoldeb")
    "adran t\u00eem gwasanaeth gwasanaethau swyddog swyddogion cyfarwyddwr cyfarwyddwyr pennaeth penaethiaid uned",
    "ystadau aelod aelodau pwyllgor bwrdd gr\u0175p grwp cyngor rheolwr rheolwyr arweinydd arweinwyr cyllid",
    "cydraddoldeb cyfathrebu adnoddau dynol cyfleusterau caffael polisi pob cadeirydd ysgrifennydd",
    "cyfreithiol digidol cwsmeriaid cymunedau iechyd addysg datblygu gweithlu corfforaethol staff",
) for word in line.split())
#: Endings of nouns that name a function, never a person ("Talent Acquisition", "Fleet Management", "Analytics").
_FUNCTION_ENDING = re.compile(r"(?i)^\w{3,}(?:tion|sion|ment|ments|ship|ships|ology|ics)$")
#: Names that have such an ending.
_NAMES_WITH_ENDING = frozenset({"clement", "vincent"})
#: Titles allowed before a name.
_NAME_TITLES = frozenset({"dr", "cllr", "councillor", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir",
                          "dame", "rev", "revd", "lord", "lady"})
#: Lower-case particles inside a name ("Rhian ap Gwilym", "Ludwig van Beethoven").
_PARTICLES = frozenset({"ap", "ab", "de", "van", "von", "der", "den", "le", "la", "da", "di", "du", "bin", "al"})
#: Letters of names: Latin-1 accents and Latin Extended-A, which holds the Welsh circumflexes \u0175 and \u0177
#: ("Ll\u0177r", "Gw\u0175n") and their capitals; written as ranges because `re` has no Unicode classes.
_UPPER = "A-Z\u00C0-\u00D6\u00D8-\u00DE\u0100-\u017F"
_LOWER = "a-z\u00DF-\u00F6\u00F8-\u00FF\u0100-\u017F"
_PROPER = re.compile(rf"[{_UPPER}][{_LOWER}]*(?:['\u2019-][{_UPPER}]?[{_LOWER}]+)*"
                     r"|(?:Mc|Mac|O['\u2019])[A-Z][a-z]+|Mac[A-Z][a-z]+")
_INITIAL = re.compile(r"[A-Z]\.?")
_CAPITALS = re.compile(rf"[{_UPPER}]{{3,}}(?:['\u2019-][{_UPPER}]+)*")


def looks_like_person_name(text: str) -> bool:
    """Whether a wording is shaped like a person's name: 2-4 name words, an optional title and initials.

    Why: a reader must never mint a person from an agenda line ("Welcome and
    introductions"), a post ("Head of HR") or a body ("Example Council"). The
    check is on shape only (capitalised words, no digits, no agenda, post or
    organisation words); the resolver decides who the person is. A surname in
    capitals ("Jane SMITH") is accepted after a first name written normally.
    """
    if any(ch.isdigit() for ch in text) or re.search(r"[()\[\]:;/&|@]", text):
        return False
    title, rest, _ = split_name(text)
    words = re.sub(r"\s+", " ", rest if title and rest else text).strip(" .,").split(" ")
    if words and words[0].rstrip(".").casefold() in _NAME_TITLES:
        words = words[1:]
    while len(words) > 2 and words[-1].rstrip(",") in HONORIFICS:
        words = words[:-1]
    if not 2 <= len(words) <= 4:
        return False
    full = 0
    for i, word in enumerate(words):
        last = i == len(words) - 1
        bare = word.casefold().strip("'\u2019,")
        if bare in _NOT_NAME_WORDS or _not_name_plural(bare) or \
                (_FUNCTION_ENDING.match(bare) and bare not in _NAMES_WITH_ENDING):
            return False
        if not last and _INITIAL.fullmatch(word):
            continue
        if i > 0 and not last and word in _PARTICLES:
            continue
        proper = _PROPER.fullmatch(word) is not None and len(word) > 1
        if not (proper or (last and full and _CAPITALS.fullmatch(word))):
            return False
        full += 1
    return full >= 1 and (full >= 2 or _INITIAL.fullmatch(words[0]) is not None)


def _not_name_plural(word: str) -> bool:
    """A plural of a word that is never a name ("managers", "officers", "nurses"): a team, not a person."""
    return len(word) > 4 and word.endswith("s") and (word[:-1] in _NOT_NAME_WORDS
                                                     or (word.endswith("es") and word[:-2] in _NOT_NAME_WORDS))


def has_non_name_word(text: str) -> bool:
    """Whether a wording holds a word no name holds (a post, team, function or agenda word, or a plural of one)."""
    for word in re.sub(r"\s+", " ", text).strip(" .,").split(" "):
        bare = word.casefold().strip("'\u2019,")
        if bare in _NOT_NAME_WORDS - {"the", "of", "and", "for", "to", "in", "on", "with", "at", "by", "from", "a",
                                      "an", "our", "we", "will", "is", "are", "was", "were", "be"} \
                or _not_name_plural(bare) or (_FUNCTION_ENDING.match(bare) and bare not in _NAMES_WITH_ENDING):
            return True
    return False
