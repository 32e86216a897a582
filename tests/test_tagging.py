"""Tagging that sees what officers mean: the wider lexicon, its exclusions, implied terms, carers,
Welsh (mutations and language detection), and the validation summary agreeing with its matrix.
Decisions: docs/decisions/0007-characteristic-lexicon-and-welsh-matching.md."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from eqkg.errors import InputError
from eqkg.ingest.common import Builder
from eqkg.ingest.tagging import (
    Lexicon,
    add_claim,
    characteristic_bases,
    characteristics,
    detect_lang,
    lexicon,
    mutations,
    tag_resource,
    theme_lexicon,
)
from eqkg.namespaces import BASIS, EQ, PC, THEME
from eqkg.validation import inputs, run
from eqkg.validation.report import build_report, summary_text, to_html

ROOT = Path(__file__).resolve().parents[1]
DOC = URIRef("https://w3id.org/eqkg/id/plan/test-plan")
SUBJECT = URIRef(f"{DOC}/objective/1/step/1")


def builder() -> Builder:
    return Builder(DOC, EQ.StrategicEqualityPlan, "test.txt", "test-plan")


# ---------------------------------------------------------------- English wording plans use


@pytest.mark.parametrize(("text", "expected"), [
    ("Increase the number of minority ethnic staff", {"race": "tagged"}),
    ("Listen to racially minoritised communities", {"race": "tagged"}),
    ("Support our Black, Asian and minority ethnic colleagues", {"race": "tagged"}),
    ("BAME applicants reach interview stage", {"race": "tagged"}),
    ("Welcome refugees and asylum seekers", {"race": "tagged"}),
    ("Improve sites for Gypsy, Roma and Traveller families", {"race": "tagged"}),
    ("Plan services for an ageing population", {"age": "tagged"}),
    ("Reduce loneliness among older people", {"age": "tagged"}),
    ("Give children and young people a voice", {"age": "tagged"}),
    ("Support staff with mental ill health", {"disability": "tagged"}),
    ("Make recruitment fair for neurodivergent and neurodiverse candidates", {"disability": "tagged"}),
    ("Train staff in autism awareness", {"disability": "tagged"}),
    ("Offer British Sign Language to Deaf residents", {"disability": "tagged"}),
    ("Work with faith communities", {"religion-or-belief": "tagged"}),
    ("Respect religious holidays", {"religion-or-belief": "tagged"}),
    ("Support LGBTQ+ and LGBT+ staff networks", {"sexual-orientation": "tagged", "gender-reassignment": "tagged"}),
    ("Lesbian, gay and bisexual people feel safe", {"sexual-orientation": "tagged"}),
    ("Guidance for trans and non-binary staff on gender identity", {"gender-reassignment": "tagged"}),
    ("End violence against women and girls", {"sex": "tagged"}),
    ("More women in senior roles", {"sex": "tagged"}),
    ("Close our gender pay gap", {"sex": "tagged"}),
    ("Review maternity leave and breastfeeding facilities", {"pregnancy-and-maternity": "tagged"}),
    ("Staff who are married or in a civil partnership", {"marriage-and-civil-partnership": "tagged"}),
])
def test_wording_plans_use(text: str, expected: dict[str, str]) -> None:
    assert characteristics().bases(text) == expected


@pytest.mark.parametrize("text", [
    "Extend parking at the racecourse",                  # race
    "Improve public transport and transition planning",  # trans
    "Be transparent about decisions",                    # trans
    "Partnership with Sussex, Essex and Middlesex forces",  # sex
    "Manage each stage of the project; see page 4 of the agenda",  # age
    "Act in good faith and keep faith in the process",   # faith
    "Save the file in the shared folder",                # older
    "Fix the accident black spot on the A48",            # Black
    "Printed in black and white",                        # Black
    "Reach out to minority groups",                      # ambiguous: not one characteristic
    "Reduce hate crime",                                 # every characteristic: a theme
    "Book interpreters and translation",                 # BSL, Welsh and community languages alike
    "Publish our pay gap",                               # every characteristic
    "Support carers and young carers",                   # not a protected characteristic
    "Tackle poverty and socio-economic disadvantage",    # the socio-economic duty is separate
])
def test_exclusions_and_deliberate_omissions(text: str) -> None:
    assert characteristics().bases(text) == {}


@pytest.mark.parametrize("text, expected", [
    # A head shared by coordinated modifiers names each modifier's phrase.
    ("Close our gender and ethnicity pay gaps", {"sex": "tagged", "race": "tagged"}),
    ("Report our disability, ethnicity and gender pay gaps",
     {"disability": "tagged", "race": "tagged", "sex": "tagged"}),
    ("Support older and disabled people into work", {"age": "tagged", "disability": "tagged"}),
    ("Young and older people shape our services", {"age": "tagged"}),
    # ...but a coordination whose distributed phrase is no label adds nothing.
    ("Publish and review our data", {}),
    ("Printed in black and white ink", {}),
    ("Recruit staff and older volunteers", {"age": "tagged"}),
])
def test_coordinated_modifiers_share_their_head(text: str, expected: dict[str, str]) -> None:
    assert characteristics().bases(text) == expected


def test_distributed_phrases_are_read_from_the_first_word_of_a_coordination() -> None:
    from eqkg.ingest.tagging import _distributed

    assert _distributed("close our gender and ethnicity pay gaps") == [
        (10, "gender pay"), (10, "gender pay gaps")]
    assert _distributed("disability, race and gender pay gaps") == [
        (0, "disability pay"), (0, "disability pay gaps"), (12, "race pay"), (12, "race pay gaps")]
    assert _distributed("the plan (gender and) pay") == []


def test_a_real_mention_still_matches_beside_an_exclusion() -> None:
    assert characteristics().bases("Black History Month at the racecourse") == {"race": "tagged"}
    assert characteristics().bases("the sex of staff in Essex") == {"sex": "tagged"}
    assert characteristics().bases("trans staff use public transport") == {"gender-reassignment": "tagged"}


# ---------------------------------------------------------------- implied terms


@pytest.mark.parametrize(("text", "expected", "label"), [
    ("Provide step-free access to every office", {"disability": "implied"}, "step-free access"),
    ("Publish in accessible formats and Easy Read", {"disability": "implied"}, "accessible formats"),
    ("Install a wheelchair ramp", {"disability": "implied"}, "wheelchair"),
    ("Open a prayer room at headquarters", {"religion-or-belief": "implied"}, "prayer room"),
    ("Introduce a menopause policy", {"sex": "implied"}, "menopause"),
    ("Support new parents returning to work", {"pregnancy-and-maternity": "implied"}, "new parents"),
    ("Provide gender-neutral toilets", {"gender-reassignment": "implied"}, "gender-neutral toilets"),
    ("Run intergenerational projects", {"age": "implied"}, "intergenerational"),
])
def test_implied_terms(text: str, expected: dict[str, str], label: str) -> None:
    assert characteristics().bases(text) == expected
    assert [m.label for m in characteristics().find(text)] == [label]
    assert characteristics().tag(text) == []  # tag() lists only what a text names


def test_named_beats_implied_for_the_same_characteristic() -> None:
    assert characteristics().bases("Step-free access for disabled people") == {"disability": "tagged"}
    assert characteristics().bases("Wheelchair users and wheelchair ramps") == {"disability": "tagged"}


def test_implied_claim_records_the_label_and_adds_no_coverage() -> None:
    b = builder()
    claims = tag_resource(b, SUBJECT, "Provide step-free access and a prayer room", "line 3")
    g = b.graph
    concept = PC["disability/access-needs"]
    claim = URIRef(f"{SUBJECT}/claim/implied/disability/access-needs")
    assert claim in claims
    assert g.value(claim, EQ.basis) == BASIS.implied
    assert g.value(claim, EQ.claimCharacteristic) == concept
    assert g.value(claim, EQ.matchedLabel) == Literal("step-free access")
    assert (SUBJECT, EQ.claim, claim) in g
    assert list(g.objects(SUBJECT, EQ.covers)) == []
    assert b.report.found["claim:implied"] == 2


def test_implied_claims_pass_the_integrity_shapes() -> None:
    b = builder()
    tag_resource(b, SUBJECT, "Provide step-free access", "line 3")
    graph = Graph()
    for path in [ROOT / "ontology" / "eqkg.ttl", *sorted((ROOT / "ontology" / "vocab").glob("*.ttl"))]:
        graph.parse(path, format="turtle")
    graph += b.graph
    shapes = Graph().parse(ROOT / "shapes" / "integrity.ttl", format="turtle")
    _conforms, results, _text = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True)
    claim = URIRef(f"{SUBJECT}/claim/implied/disability/access-needs")
    assert list(results.subjects(SH.focusNode, claim)) == []
    broken = Graph()
    broken += graph
    broken.remove((claim, EQ.matchedLabel, None))
    _conforms, results, _text = pyshacl.validate(broken, shacl_graph=shapes, inference="none", advanced=True)
    messages = {str(m) for r in results.subjects(SH.focusNode, claim) for m in results.objects(r, SH.resultMessage)}
    assert messages == {"An implied coverage claim must record the label that matched (eq:matchedLabel) "
                        "and the concept it implies (eq:claimCharacteristic)."}


def test_implied_claim_cannot_be_uncertain() -> None:
    with pytest.raises(InputError, match="implied"):
        add_claim(builder(), SUBJECT, PC["disability/access-needs"], "implied", location=None, uncertain=True)


# ---------------------------------------------------------------- carers and socio-economic disadvantage


def test_carers_are_a_theme_and_never_coverage() -> None:
    b = builder()
    tag_resource(b, SUBJECT, "Support unpaid carers, young carers and people in poverty", "line 5")
    g = b.graph
    assert sorted(str(o).rsplit("/", 1)[-1] for o in g.objects(SUBJECT, EQ.theme)) == \
        ["carers", "socio-economic-disadvantage"]
    assert [o for o in g.objects(SUBJECT, EQ.covers) if str(o).startswith(str(PC))] == []
    assert [o for o in g.objects(None, EQ.claimCharacteristic)] == []


def test_carers_in_parents_and_carers_is_not_the_theme() -> None:
    assert theme_lexicon().tag("guidance for parents, carers and children") == \
        [(THEME["children-and-young-people"], "children")]
    assert theme_lexicon().tag("guidance for parents and carers") == []
    assert theme_lexicon().tag("placements for Home Carers and Drivers") == []
    assert theme_lexicon().tag("a carers' network") == [(THEME.carers, "carers")]


# ---------------------------------------------------------------- Welsh


@pytest.mark.parametrize(("word", "forms"), [
    ("crefydd", ["grefydd", "nghrefydd", "chrefydd"]),
    ("pobl", ["bobl", "mhobl", "phobl"]),
    ("tlodi", ["dlodi", "nhlodi", "thlodi"]),
    ("byddar", ["fyddar", "myddar"]),
    ("dall", ["ddall", "nall"]),
    ("gwaith", ["waith", "ngwaith"]),
    ("lleiafrifoedd", ["leiafrifoedd"]),
    ("menywod", ["fenywod"]),
    ("rhyw", ["ryw"]),
    ("anabledd", ["hanabledd"]),
    ("ffydd", []),
    ("chwarae", []),
    ("yn", []),
])
def test_welsh_mutations(word: str, forms: list[str]) -> None:
    assert mutations(word) == forms


@pytest.mark.parametrize(("text", "lang"), [
    ("Byddwn yn cefnogi pobl anabl i gael gwaith.", "cy"),
    ("Mae'r cyngor yn ymrwymo i gydraddoldeb.", "cy"),
    ("We will support disabled people into work.", "en"),
    ("Gypsy, Roma and Traveller communities", "en"),
    ("Roma", "en"),
])
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang
    assert detect_lang("Roma", default="cy") == "cy"


@pytest.mark.parametrize(("text", "expected"), [
    ("Cefnogi pobl anabl", {"disability": "tagged"}),
    ("ar sail hil", {"race": "tagged"}),
    ("a phobl hŷn", {"age": "tagged"}),
    ("ein pobl ifanc", {"age": "tagged"}),
    ("oherwydd eu ffydd neu eu grefydd", {"religion-or-belief": "tagged"}),
    ("gyda'r gymunedau ffydd", {"religion-or-belief": "tagged"}),
    ("eu hanabledd", {"disability": "tagged"}),
    ("yng nghymunedau ffydd Cymru", {"religion-or-belief": "tagged"}),
    ("ar draws y sefydliad", {}),
    ("o ryw fath, i ryw raddau", {}),
    ("ei phriod waith", {}),
    ("gofalwyr di-dâl", {}),
    ("ystafell weddïo", {"religion-or-belief": "implied"}),
    ("staff LHDTC+ a BAME", {"sexual-orientation": "tagged", "gender-reassignment": "tagged", "race": "tagged"}),
])
def test_welsh_tagging_with_mutations(text: str, expected: dict[str, str]) -> None:
    assert characteristics("cy").bases(text) == expected


def test_welsh_match_records_the_label_as_the_vocabulary_spells_it() -> None:
    b = builder()
    tag_resource(b, SUBJECT, "Byddwn yn parchu eu grefydd a'u hanabledd.", "line 9")
    labels = sorted(str(o) for o in b.graph.objects(None, EQ.matchedLabel))
    assert labels == ["anabledd", "crefydd"]
    assert sorted(str(o).rsplit("/", 1)[-1] for o in b.graph.objects(SUBJECT, EQ.covers)) == \
        ["disability", "faith"]


def test_tag_resource_language_follows_the_text_then_the_document() -> None:
    b = builder()
    tag_resource(b, SUBJECT, "pobl anabl", "line 1")       # no function words: the document's "en"
    assert list(b.graph.objects(SUBJECT, EQ.covers)) == []
    tag_resource(b, SUBJECT, "pobl anabl", "line 1", lang="cy")
    assert list(b.graph.objects(SUBJECT, EQ.covers)) == [PC["disability/disabled-people"]]
    english = "Plant the trees with disabled volunteers"     # "plant" is Welsh for children
    assert characteristic_bases(english) == {"disability": "tagged"}


def test_unknown_language_is_refused() -> None:
    with pytest.raises(InputError, match="language"):
        lexicon("characteristic", lang="fr")
    with pytest.raises(InputError, match="language"):
        tag_resource(builder(), SUBJECT, "text", None, lang="de")


def test_english_lexicon_is_unchanged_by_welsh_forms() -> None:
    en = characteristics()
    assert isinstance(en, Lexicon) and not en.welsh
    assert en.bases("plant a phobl ifanc") == {}


def benchmark_module():
    spec = importlib.util.spec_from_file_location("tagging_benchmark", ROOT / "benchmarks" / "tagging.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_welsh_labelled_set_scores() -> None:
    """The figures recorded in decision 0007 (45 sentences, 49 labelled characteristics)."""
    bench = benchmark_module()
    taggers = bench.eqkg_taggers()
    mutation_aware = bench.score(taggers["mutation-aware"])
    exact = bench.score(taggers["exact"])
    assert (mutation_aware["tp"], mutation_aware["fp"], mutation_aware["fn"]) == (50, 0, 0)
    assert (exact["tp"], exact["fp"], exact["fn"]) == (44, 0, 6)


# ---------------------------------------------------------------- the report's summary agrees with its matrix


def _plan_with(label_concept: str, basis: str):
    graph = inputs.load_plan((ROOT / "tests" / "fixtures" / "validate" / "gaps.csv").read_bytes(), "gaps.csv")
    step = next(s for s, t in graph.subject_objects(EQ.text) if str(t) == "Publish pay gap data by sex and ethnicity")
    claim = URIRef(f"{step}/claim/{basis}/{label_concept}")
    graph.add((claim, RDF.type, EQ.CoverageClaim))
    graph.add((claim, EQ.basis, BASIS[basis]))
    graph.add((claim, EQ.claimCharacteristic, PC[label_concept]))
    graph.add((claim, EQ.matchedLabel, Literal("trans" if basis == "tagged" else "gender-neutral toilets")))
    graph.add((step, EQ.claim, claim))
    if basis == "tagged":
        graph.add((step, EQ.covers, PC[label_concept]))
    return graph


@pytest.mark.parametrize(("concept", "basis", "mark", "en", "cy"), [
    ("gender-reassignment/trans", "tagged", "~", "mentioned but not targeted by any objective",
     "wedi'i grybwyll ond heb ei dargedu gan unrhyw amcan"),
    ("gender-reassignment/gender-neutral-facilities", "implied", "≈",
     "implied by the wording but not targeted by any objective",
     "ymhlyg yn y geiriad ond heb ei dargedu gan unrhyw amcan"),
])
def test_summary_says_a_mentioned_gap_is_mentioned(concept: str, basis: str, mark: str, en: str, cy: str) -> None:
    validation = run(_plan_with(concept, basis))
    report = build_report(validation, "en")
    data = report.as_dict()
    assert data["characteristic_gaps"] == [{
        "iri": str(PC["gender-reassignment"]), "label": "gender reassignment", "mentioned": basis, "note": en}]
    column = next(c.key for c in report.columns if c.concept == PC["gender-reassignment"])
    assert [r.cells[column] for r in report.matrix if r.cells[column]] == [basis, basis]  # objective 1, step 1.1
    assert f"Protected characteristics no objective covers: gender reassignment ({en})" in summary_text(report)
    html = to_html(report)
    assert f"<strong>gender reassignment</strong> ({en})" in html and f">{mark}<span" in html
    welsh = build_report(validation, "cy")
    assert f"ailbennu rhywedd ({cy})" in summary_text(welsh)


def test_summary_of_an_unmentioned_gap_has_no_note() -> None:
    graph = inputs.load_plan((ROOT / "tests" / "fixtures" / "validate" / "gaps.csv").read_bytes(), "gaps.csv")
    data = build_report(run(graph), "en").as_dict()
    assert data["characteristic_gaps"] == [{
        "iri": str(PC["gender-reassignment"]), "label": "gender reassignment", "mentioned": None, "note": None}]


@pytest.mark.parametrize(("text", "expected"), [
    ("Provide female-only changing rooms", {"sex": "tagged"}),
    ("Assess age-related needs", {"age": "tagged"}),
    ("Fund faith-based groups", {"religion-or-belief": "tagged"}),
    ("Support non-disabled staff to learn BSL", {"disability": "tagged"}),  # BSL, not "non-disabled"
])
def test_a_label_joined_by_a_hyphen_to_a_common_suffix_still_names_its_concept(text: str, expected: dict) -> None:
    assert characteristics().bases(text) == expected
