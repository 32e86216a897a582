"""The ontology and vocabularies: they parse, are bilingual, link to legislation,
stay consistent under OWL 2 RL, and give an unambiguous tagging lexicon."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import owlrl
import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from eqkg import config
from eqkg.namespaces import AIM, DUTY, EQ, PC

ONTOLOGY = config.asset_dir("ontology")
VOCAB_FILES = sorted((ONTOLOGY / "vocab").glob("*.ttl"))
SCHEMES = ["aim", "basis", "characteristic", "document-type", "duty", "phase", "sector", "status",
           "theme"]
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")  # where owlrl records inconsistencies
LEG = "http://www.legislation.gov.uk/id/ukpga/2010/15/section/"
CY_REVIEW_VALUES = {"needs-review", "label-attested", "checked"}
ID = Namespace("urn:test:")

CHARACTERISTIC_SECTIONS = {
    "age": {5},
    "disability": {6},
    "gender-reassignment": {7},
    "marriage-and-civil-partnership": {8},
    "race": {9},
    "religion-or-belief": {10},
    "sex": {11},
    "sexual-orientation": {12},
    "pregnancy-and-maternity": {17, 18},
}
AIMS = ["eliminate-discrimination", "advance-equality-of-opportunity", "foster-good-relations"]


def parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse(ONTOLOGY / "eqkg.ttl")


@pytest.fixture(scope="module")
def vocab() -> Graph:
    graph = Graph()
    for path in VOCAB_FILES:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def everything(ontology: Graph, vocab: Graph) -> Graph:
    return ontology + vocab


@pytest.fixture(scope="module")
def closure(everything: Graph) -> Graph:
    """OWL 2 RL closure of ontology + vocabularies + a few test individuals."""
    graph = Graph()
    graph += everything
    graph.add((ID.step, EQ.covers, URIRef(PC + "race/gypsy-roma-traveller")))
    graph.add((ID.plan, RDF.type, EQ.StrategicEqualityPlan))
    graph.add((ID.plan, EQ.organisation, ID.gwent))
    graph.add((ID.plan, EQ.hasObjective, ID.objective))
    graph.add((ID.objective, EQ.hasStep, ID.step))
    graph.add((ID.step, EQ.hasGoal, ID.goal))
    graph.add((ID.step, EQ.lead, ID.person))
    graph.add((ID.person, RDF.type, EQ.Person))
    graph.add((ID.step, EQ.dueDate, Literal("2023-03-31", datatype=XSD.date)))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


# --- parsing -------------------------------------------------------------------------------


def test_every_vocabulary_file_is_one_of_the_decided_schemes() -> None:
    assert [p.stem for p in VOCAB_FILES] == SCHEMES


@pytest.mark.parametrize("path", [ONTOLOGY / "eqkg.ttl", *VOCAB_FILES], ids=lambda p: p.name)
def test_file_parses_with_rdflib_and_pyoxigraph(path: Path) -> None:
    graph = parse(path)
    with path.open("rb") as fh:
        oxi = list(ox.parse(fh, format=ox.RdfFormat.TURTLE))
    assert len(graph) > 0
    assert len(oxi) == len(graph)


def test_ontology_header(ontology: Graph) -> None:
    ont = URIRef("https://w3id.org/eqkg/ontology")
    assert (ont, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ont, OWL.versionIRI) == URIRef("https://w3id.org/eqkg/ontology/0.1.0")
    assert ontology.value(ont, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ont, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    assert ontology.value(ont, DCTERMS.creator) is not None
    for prop in (DCTERMS.title, DCTERMS.description):
        assert {o.language for o in ontology.objects(ont, prop)} == {"en", "cy"}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_each_file_holds_one_scheme_and_its_concepts(scheme: str) -> None:
    graph = parse(ONTOLOGY / "vocab" / f"{scheme}.ttl")
    iri = URIRef(f"https://w3id.org/eqkg/vocab/{scheme}")
    assert list(graph.subjects(RDF.type, SKOS.ConceptScheme)) == [iri]
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for concept in concepts:
        assert str(concept).startswith(f"{iri}/")
        assert (concept, SKOS.inScheme, iri) in graph
        assert re.fullmatch(r"[a-z0-9-]+(/[a-z0-9-]+)?", str(concept)[len(iri) + 1:])
    tops = set(graph.objects(iri, SKOS.hasTopConcept))
    assert tops == set(graph.subjects(SKOS.topConceptOf, iri))
    assert tops <= concepts


# --- the decided terms exist ----------------------------------------------------------------


def test_exactly_nine_protected_characteristics(vocab: Graph) -> None:
    scheme = URIRef("https://w3id.org/eqkg/vocab/characteristic")
    found = set(vocab.subjects(RDF.type, EQ.ProtectedCharacteristic))
    assert found == {PC[slug] for slug in CHARACTERISTIC_SECTIONS}
    assert found == set(vocab.objects(scheme, SKOS.hasTopConcept))


def test_exactly_three_general_duty_aims(vocab: Graph) -> None:
    assert set(vocab.subjects(RDF.type, EQ.GeneralDutyAim)) == {AIM[a] for a in AIMS}


def test_decision_0001_concept_slugs_exist(vocab: Graph) -> None:
    decided = {
        "duty": ["socio-economic-duty", "welsh-specific-duties", "welsh-language-standards",
                 "public-sector-equality-duty"],
        "status": ["proposed", "accepted", "in-progress", "completed", "deferred", "draft",
                   "ongoing", "not-started", "partially-accepted"],
        "document-type": ["strategic-equality-plan", "action-plan-response", "minutes",
                          "progress-report"],
        "phase": ["early", "medium-term", "long-term"],
        "basis": ["stated", "tagged", "curated"],
    }
    concepts = set(vocab.subjects(RDF.type, SKOS.Concept))
    for scheme, slugs in decided.items():
        for slug in slugs:
            assert URIRef(f"https://w3id.org/eqkg/vocab/{scheme}/{slug}") in concepts


def words(text: str) -> list[str]:
    return text.split()


def test_decision_0001_terms_are_declared(ontology: Graph) -> None:
    classes = words("""Organisation Person Post Membership Participation Document StrategicEqualityPlan
        ActionPlanResponse Minutes ProgressReport EqualityObjective Commitment Step Recommendation
        ActionItem Pledge PhasedGoal PerformanceIndicator Meeting AgendaItem Timeline CoverageClaim
        GapReason ProtectedCharacteristic GeneralDutyAim Duty Status Phase Theme""")
    objects = words("""covers addressesAim addressesDuty hasPart partOf hasObjective objectiveOf hasStep
        stepOf hasGoal goalOf hasCommitment commitmentOf hasRecommendation recommendationOf
        hasIndicator organisation lead timeline status phase theme arisingFrom hasAction
        measuredBy recordedIn records reportsOn meetingOf chair attendee apology participant
        participation person claim claimCharacteristic basis source gapCharacteristic gapReason
        sameAsCandidate uncertainCharacteristic""")
    data = words("""text reference number wording dueDate startDate progressUpdate matchedLabel note
        ambiguity sourceLocation roleWording place reviewDate periodStart periodEnd""")
    for kind, names in ((OWL.Class, classes), (OWL.ObjectProperty, objects),
                        (OWL.DatatypeProperty, data)):
        for name in names:
            assert (EQ[name], RDF.type, kind) in ontology, name


# --- bilingual labels and definitions ----------------------------------------------------------


def eq_terms(ontology: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {s for k in kinds for s in ontology.subjects(RDF.type, k)
            if isinstance(s, URIRef) and s.startswith(str(EQ))}


def languages(graph: Graph, subject: URIRef, *props: URIRef) -> set[str | None]:
    return {o.language for p in props for o in graph.objects(subject, p) if isinstance(o, Literal)}


def test_every_ontology_term_has_en_and_cy_label_and_definition(ontology: Graph) -> None:
    terms = eq_terms(ontology)
    assert len(terms) >= 90
    for term in terms:
        assert languages(ontology, term, RDFS.label) == {"en", "cy"}, term
        assert languages(ontology, term, SKOS.definition) == {"en", "cy"}, term


def test_every_concept_and_scheme_has_en_and_cy_label_and_definition(vocab: Graph) -> None:
    resources = set(vocab.subjects(RDF.type, SKOS.Concept)) | set(
        vocab.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(resources) > 100
    for res in resources:
        assert languages(vocab, res, SKOS.prefLabel) == {"en", "cy"}, res
        assert languages(vocab, res, SKOS.definition) == {"en", "cy"}, res
        for lang in ("en", "cy"):  # SKOS: at most one prefLabel per language
            assert len([o for o in vocab.objects(res, SKOS.prefLabel) if o.language == lang]) == 1


def test_every_welsh_text_carries_a_review_status(everything: Graph) -> None:
    """Welsh nobody fluent has checked is marked, never silently presented as checked."""
    with_cy = {s for s, o in everything.subject_objects()
               if isinstance(s, URIRef) and isinstance(o, Literal) and o.language == "cy"}
    for res in with_cy:
        status = {str(o) for o in everything.objects(res, EQ.cyReview)}
        assert len(status) == 1 and status <= CY_REVIEW_VALUES, res
        if status == {"label-attested"}:
            assert everything.value(res, EQ.cySource) is not None, res
    attested = set(everything.subjects(EQ.cyReview, Literal("label-attested")))
    assert {PC[s] for s in CHARACTERISTIC_SECTIONS} | {AIM[a] for a in AIMS} <= attested
    assert not set(everything.subjects(EQ.cyReview, Literal("checked")))


def test_statutory_welsh_labels(vocab: Graph) -> None:
    expected = {
        "age": "oedran", "disability": "anabledd", "gender-reassignment": "ailbennu rhywedd",
        "marriage-and-civil-partnership": "priodas a phartneriaeth sifil",
        "pregnancy-and-maternity": "beichiogrwydd a mamolaeth", "race": "hil",
        "religion-or-belief": "crefydd neu gred", "sex": "rhyw",
        "sexual-orientation": "cyfeiriadedd rhywiol",
    }
    for slug, welsh in expected.items():
        cy = [o for o in vocab.objects(PC[slug], SKOS.prefLabel) if o.language == "cy"]
        assert cy == [Literal(welsh, lang="cy")]


# --- legislation -----------------------------------------------------------------------------


def test_every_characteristic_links_to_its_section(vocab: Graph) -> None:
    for slug, sections in CHARACTERISTIC_SECTIONS.items():
        links = {str(o) for o in vocab.objects(PC[slug], EQ.legislation)}
        assert links == {f"{LEG}{n}" for n in sections}, slug


def test_aims_and_duties_link_to_legislation(vocab: Graph) -> None:
    for a in AIMS:
        assert str(vocab.value(AIM[a], EQ.legislation)) == f"{LEG}149"
    assert str(vocab.value(DUTY["socio-economic-duty"], EQ.legislation)) == f"{LEG}1"
    assert vocab.value(DUTY["socio-economic-duty"], EQ.inForceFrom) == Literal(
        "2021-03-31", datatype=XSD.date)
    assert str(vocab.value(DUTY["public-sector-equality-duty"], EQ.legislation)) == f"{LEG}149"
    assert str(vocab.value(DUTY["welsh-specific-duties"], EQ.legislation)) == (
        "http://www.legislation.gov.uk/id/wsi/2011/1064")
    assert str(vocab.value(DUTY["welsh-language-standards"], EQ.legislation)) == (
        "http://www.legislation.gov.uk/id/mw/2011/1")
    specific = set(vocab.subjects(SKOS.broader, DUTY["welsh-specific-duties"]))
    assert {str(s).rsplit("/", 1)[1] for s in specific} == {
        "publish-equality-objectives", "steps-and-timescales",
        "publish-reasons-for-no-objective", "review-objectives", "strategic-equality-plan"}


def test_marriage_and_civil_partnership_counts_for_aim_a_only(vocab: Graph) -> None:
    """s.149(7), machine-readably: the relevant aims of each characteristic are listed in full."""
    for slug in CHARACTERISTIC_SECTIONS:
        aims = set(vocab.objects(PC[slug], EQ.relevantAim))
        if slug == "marriage-and-civil-partnership":
            assert aims == {AIM["eliminate-discrimination"]}
        else:
            assert aims == {AIM[a] for a in AIMS}
    assert vocab.value(PC["marriage-and-civil-partnership"], SKOS.scopeNote) is not None


# --- OWL 2 RL ------------------------------------------------------------------------------


def test_owl_rl_closure_is_consistent(closure: Graph) -> None:
    errors = [str(closure.value(m, ERR.error)) for m in closure.subjects(RDF.type, ERR.ErrorMessage)]
    assert errors == []
    assert list(closure.subjects(RDF.type, OWL.Nothing)) == []


def test_covers_rolls_up_through_skos_broader(closure: Graph) -> None:
    assert set(closure.objects(ID.step, EQ.covers)) == {
        URIRef(PC + "race/gypsy-roma-traveller"), PC.race}


def test_part_of_is_inverse_transitive_and_carries_the_organisation(closure: Graph) -> None:
    assert (ID.goal, EQ.goalOf, ID.step) in closure
    assert (ID.goal, EQ.partOf, ID.plan) in closure
    assert (ID.plan, EQ.hasPart, ID.goal) in closure
    assert (ID.goal, DCTERMS.isPartOf, ID.plan) in closure
    for part in (ID.objective, ID.step, ID.goal):
        assert (part, EQ.organisation, ID.gwent) in closure, part
    assert (ID.gwent, RDF.type, EQ.Organisation) in closure


def test_kinds_of_commitment_are_commitments(closure: Graph) -> None:
    assert (ID.step, RDF.type, EQ.Step) in closure  # from the range of eq:hasStep
    assert (ID.step, RDF.type, EQ.Commitment) in closure
    assert (ID.goal, RDF.type, EQ.Commitment) in closure
    assert (ID.objective, RDF.type, EQ.EqualityObjective) in closure
    assert (ID.step, PROV.wasAttributedTo, ID.person) in closure
    assert (ID.person, RDF.type, PROV.Agent) in closure
    for kind in ("Step", "Recommendation", "ActionItem", "Pledge", "PhasedGoal"):
        assert (EQ[kind], RDFS.subClassOf, EQ.Commitment) in closure


def test_disjointness_is_enforced(everything: Graph) -> None:
    """A resource typed both Person and Organisation is reported as inconsistent."""
    graph = Graph()
    graph += everything
    graph.add((ID.x, RDF.type, EQ.Person))
    graph.add((ID.x, RDF.type, EQ.Organisation))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    assert list(graph.subjects(RDF.type, ERR.ErrorMessage))


def test_ontology_stays_in_owl_2_rl_syntax(ontology: Graph) -> None:
    """No constructs owlrl cannot reason with: no restrictions, unions or blank-node classes."""
    for construct in (OWL.someValuesFrom, OWL.unionOf, OWL.allValuesFrom, OWL.cardinality,
                      OWL.minCardinality, OWL.maxCardinality, OWL.oneOf):
        assert not list(ontology.triples((None, construct, None))), construct
    for prop in (RDFS.subClassOf, RDFS.domain, RDFS.range, OWL.equivalentClass):
        assert not [o for o in ontology.objects(None, prop) if isinstance(o, BNode)], prop


# --- the tagging lexicon -------------------------------------------------------------------


def lexicon(vocab: Graph, scheme: str) -> dict[tuple[str, str], set[URIRef]]:
    """(language, lower-cased label) -> the concepts of one scheme that carry it."""
    iri = URIRef(f"https://w3id.org/eqkg/vocab/{scheme}")
    table: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for concept in vocab.subjects(SKOS.inScheme, iri):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in vocab.objects(concept, prop):
                table[(label.language, str(label).lower())].add(concept)
    return table


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_label_names_two_concepts(vocab: Graph, scheme: str) -> None:
    """One label, one concept; except that LGBT+ and its variants name lesbian, gay and bisexual people
    and trans people alike, so they are labels of both (docs/decisions/0007)."""
    both = {PC["sexual-orientation/lgbt"], PC["gender-reassignment/trans"]}
    clashes = {k: v for k, v in lexicon(vocab, scheme).items()
               if len(v) > 1 and not (v == both and re.search(r"lgbt|lhdt", k[1]))}
    assert clashes == {}


def test_gender_alone_is_not_a_characteristic_label(vocab: Graph) -> None:
    """Ambiguous between sex and gender reassignment (docs/decisions/0002)."""
    table = lexicon(vocab, "characteristic")
    for word in ("gender", "minority", "equal pay", "pay gap", "domestic abuse", "wellbeing"):
        assert ("en", word) not in table


def test_characteristic_terms_hang_under_one_characteristic(vocab: Graph) -> None:
    terms = set(vocab.subjects(RDF.type, EQ.CharacteristicTerm))
    assert len(terms) >= 40
    for term in terms:
        broader = list(vocab.objects(term, SKOS.broader))
        assert len(broader) == 1 and (broader[0], RDF.type, EQ.ProtectedCharacteristic) in vocab
        assert str(term).startswith(f"{broader[0]}/")


def whole_words(phrases: list[str]) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(p) for p in ordered) + r")(?![\w-])",
                      re.IGNORECASE)


def tag(text: str, table: dict[tuple[str, str], set[URIRef]], vocab: Graph) -> set[URIRef]:
    """A reference whole-word, longest-first matcher that honours eq:excludedPhrase,
    rolled up to the top concepts."""
    pattern = whole_words([label for lang, label in table if lang == "en"])
    found: set[URIRef] = set()
    for match in pattern.finditer(text):
        for concept in table[("en", match.group(1).lower())]:
            excluded = [str(p) for p in vocab.objects(concept, EQ.excludedPhrase)]
            if excluded and any(m.start() <= match.start() and match.end() <= m.end()
                                for m in whole_words(excluded).finditer(text)):
                continue
            found |= {concept, *vocab.objects(concept, SKOS.broader)}
    return {c for c in found if (c, RDF.type, EQ.ProtectedCharacteristic) in vocab}


@pytest.mark.parametrize(("text", "expected"), [
    # the header row of the Gwent plan's equality objectives table (seed 003)
    ("Age\tDisability\tGender Reassignment\tReligion and Belief\tSex\tRace\tSexual Orientation"
     "\tPregnancy and Maternity\tMarriage or Civil Partnership", set(CHARACTERISTIC_SECTIONS)),
    # steps and recommendations of seeds 003 and 004, and minutes 000
    ("Develop work with partners to better understand local approaches to Gypsy, Roma and "
     "Traveller communities.", {"race"}),
    ("Engage with our communities, and particularly our youth and ethnic minority communities",
     {"age", "race"}),
    ("Promote and embed the principle that when children and young people are engaged with or by "
     "our services, they are treated according to their age.", {"age"}),
    ("Maximise opportunities to identify improved mental health and wellbeing as an outcome",
     {"disability"}),
    ("Initiate work to review the OPCC's gender pay performance", {"sex"}),
    ("Extend the work of Schools of Sanctuary to a broader network of schools and support the "
     "participation of refugee and asylum-seeking communities", {"race"}),
    ("Black and Asian Minority Ethnic Staff Network Chair", {"race"}),
    ("the force's Black, Asian and Minority Ethnic Recruitment Team ... the BAME Recruitment team",
     {"race"}),
    ("MJ advised that the force was researching into neurodiversity assessments. Learning "
     "Disabilities", {"disability"}),
    ("men, non-binary and transgender sex workers", {"sex", "gender-reassignment"}),
    ("Estimated population of people that identify as lesbian, gay or bisexual is 2.7%",
     {"sexual-orientation"}),
    ("Recruit using name-blind and address-blind CVs", set()),
    ("MV provided an overview of the typology associated with sex work, differentiating between "
     "street sex workers, indoor sex workers", set()),
    ("This would strengthen the rights of victims and hopefully encourage confidence and faith in "
     "the Criminal Justice System.", set()),
    ("further develop proactive and inclusive engagement with our faith and ethnic minority "
     "communities", {"religion-or-belief", "race"}),
    ("Be transparent and provide reassurance around the use of police powers", set()),
])
def test_lexicon_tags_seed_wording(vocab: Graph, text: str, expected: set[str]) -> None:
    table = lexicon(vocab, "characteristic")
    assert tag(text, table, vocab) == {PC[s] for s in expected}
