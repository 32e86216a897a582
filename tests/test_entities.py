"""Entity resolution against the curated registry and sameness decisions (no seeds needed)."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, ORG, RDF, SKOS

from eqkg.errors import InputError
from eqkg.ingest import entities
from eqkg.ingest.entities import Context, resolve_organisation, resolve_people, resolve_person
from eqkg.namespaces import EQ, ID

PPBW = ID["minutes/ppbw-2022-03-17"]
PALG_2019 = ID["minutes/palg-2019-03-13"]
PALG_UNDATED = ID["minutes/palg-undated"]
GWENT_PLAN = ID["plan/gwent-jsep-2020-2024"]
CARDIFF = ID["response/cardiff-race-equality-taskforce"]
DOCUMENTS = {PPBW, PALG_2019, PALG_UNDATED, GWENT_PLAN, CARDIFF}


def person(slug: str) -> URIRef:
    return ID[f"person/{slug}"]


def org(slug: str) -> URIRef:
    return ID[f"organisation/{slug}"]


@pytest.mark.parametrize(
    ("mention", "document", "expected"),
    [
        ("PCC Cuthbert", PPBW, "jeff-cuthbert"),
        ("Jeff Cuthbert", PPBW, "jeff-cuthbert"),
        ("JEFF CUTHBERT", GWENT_PLAN, "jeff-cuthbert"),
        ("CC Kelly", PPBW, "pam-kelly"),
        ("PAM KELLY", GWENT_PLAN, "pam-kelly"),
        ("PCC Michael", PPBW, "alun-michael"),
        ("Mark Drakeford MS", PPBW, "mark-drakeford"),
        ("The First Minister", PPBW, "mark-drakeford"),
        ("CC Vaughan", PPBW, "jeremy-vaughan"),
        ("DPCC Thomas", PPBW, "eleri-thomas"),
        ("ACC Thorne", PPBW, "david-thorne"),
        ("ACC Throne", PPBW, "david-thorne"),
        ("Minister Hart", PPBW, "simon-hart"),
        ("Tracey Cooper", PPBW, "tracy-cooper"),
        ("ACC Gilmer", PALG_2019, "jenny-gilmer"),
        ("Detective Inspector Mark Vaughan", PALG_2019, "mark-vaughan"),
        ("C/I John Wainwright", PALG_2019, "john-wainwright"),
        ("Emma Wools", CARDIFF, "emma-wools"),
    ],
)
def test_mentions_resolve_to_one_uri(mention: str, document: URIRef, expected: str) -> None:
    ctx = Context(document)
    assert resolve_person(mention, ctx) == person(expected)
    assert ctx.report == []


def test_title_rule_works_without_a_document() -> None:
    """Title + surname is a rule over the registry, not a list of aliases."""
    assert resolve_person("PCC Cuthbert") == person("jeff-cuthbert")
    assert resolve_person("CC Vaughan") == person("jeremy-vaughan")
    assert resolve_person("DCC Blakeman") == person("amanda-blakeman")
    assert resolve_person("Assistant Chief Constable Jenny Gilmer") == person("jenny-gilmer")


def test_initials_resolve_only_inside_the_defining_document() -> None:
    palg_2019 = Context(PALG_2019)
    palg_2019.define_initials("HJJ", resolve_person("Hannah Jenkins-Jones", palg_2019))
    assert resolve_person("HJJ", palg_2019) == person("hannah-jenkins-jones")
    undated = Context(PALG_UNDATED)
    assert resolve_person("HJJ", undated) == person("palg-undated-hjj")
    assert resolve_person("MJ", undated) == person("palg-undated-mj")
    assert any("'MJ'" in line for line in undated.report)


def test_uncertain_matches_are_candidates_not_merges() -> None:
    g = entities.registry().graph
    pairs = {
        (person("palg-undated-hjj"), person("hannah-jenkins-jones")),
        (person("palg-undated-lj"), person("lee-jones")),
        (person("palg-2019-03-13-ljj"), person("lee-jones")),
        (person("dpcc-wools"), person("emma-wools")),
        (org("ccc"), org("cardiff-council")),
    }
    for local, candidate in pairs:
        assert (local, EQ.sameAsCandidate, candidate) in g
        assert local != candidate
    assert resolve_person("DPCC Wools", Context(PPBW)) == person("dpcc-wools")
    assert resolve_person("DPCC Wools", Context(PPBW)) != person("emma-wools")
    assert g.value(predicate=EQ.person, object=person("dpcc-wools")) is None  # not a decision made
    assert resolve_organisation("CCC", Context(CARDIFF)) == org("ccc")


def test_same_surname_different_people_stay_apart() -> None:
    assert resolve_person("Mark Vaughan") != resolve_person("Jeremy Vaughan")
    ctx = Context(PPBW)
    assert resolve_person("Thomas", ctx) == person("ppbw-2022-03-17-thomas")
    assert any("several people" in line for line in ctx.report)


@pytest.mark.parametrize(
    ("mention", "document", "expected"),
    [
        ("OPCC", GWENT_PLAN, "opcc-gwent"),
        ("OPCC", CARDIFF, "opcc-south-wales"),
        ("Police and Crime Commissioner's Team", PALG_2019, "opcc-south-wales"),
        ("South Wales Police", PALG_2019, "south-wales-police"),
        ("SWP", None, "south-wales-police"),
        ("Office of the Police and Crime Commissioner for Gwent", None, "opcc-gwent"),
        ("the Policing Partnership Board for Wales", None, "policing-partnership-board-for-wales"),
        ("WG", None, "welsh-government"),
    ],
)
def test_organisations(mention: str, document: URIRef | None, expected: str) -> None:
    assert resolve_organisation(mention, Context(document)) == org(expected)


def test_ambiguous_abbreviation_without_document_is_minted_and_reported() -> None:
    ctx = Context()
    assert resolve_organisation("OPCC", ctx) == org("opcc")
    assert ctx.report


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("Deputy Chief Constable, Gwent Police", "gwent-police"),
        ("Police and Crime Commissioner, North Wales", "opcc-north-wales"),
        ("Chief Executive Gwent PCC", "opcc-gwent"),
        ("Chief Constable, Dyfed Powys", "dyfed-powys-police"),
        ("Director General Health, Chief Executive NHS Wales, WG", "welsh-government"),
    ],
)
def test_organisation_in_role_wording(wording: str, expected: str) -> None:
    assert entities.find_organisation(wording) == org(expected)


def test_several_leads_in_one_wording() -> None:
    assert resolve_people("Gary Jones and Dylan Owen") == [person("gary-jones"), person("dylan-owen")]
    assert resolve_people("Angela Hughes/ Mitchell Jones") == [person("angela-hughes"), person("mitchell-jones")]


def test_unknown_person_is_minted_and_reported() -> None:
    ctx = Context(PPBW)
    assert resolve_person("Dame Carol Black", ctx) == person("carol-black")
    assert ctx.report == ["person: 'Dame Carol Black' is not in the registry; minted a URI"]
    with pytest.raises(InputError):
        resolve_person("   ")


def test_every_registry_entry_cites_a_seed_document() -> None:
    g = entities.registry().graph
    kinds = (EQ.Person, EQ.Organisation, EQ.Membership)
    entries = [s for k in kinds for s in g.subjects(RDF.type, k)]
    assert len(entries) > 100
    for entry in entries:
        sources = set(g.objects(entry, EQ.source))
        assert sources, entry
        assert sources <= DOCUMENTS, entry
    for post in g.subjects(RDF.type, EQ.Post):
        if g.value(post, ORG.heldBy) is not None:
            assert set(g.objects(post, EQ.source)) <= DOCUMENTS and g.value(post, EQ.source) is not None


def test_posts_and_memberships_of_cross_document_people() -> None:
    g = entities.registry().graph
    pcc_gwent = ID["organisation/opcc-gwent/post/police-and-crime-commissioner"]
    cc_gwent = ID["organisation/gwent-police/post/chief-constable"]
    assert (pcc_gwent, ORG.heldBy, person("jeff-cuthbert")) in g
    assert set(g.objects(pcc_gwent, EQ.source)) == {PPBW, GWENT_PLAN}
    assert (cc_gwent, ORG.heldBy, person("pam-kelly")) in g
    assert set(g.objects(person("pam-kelly"), EQ.source)) == {PPBW, GWENT_PLAN}
    assert entities.affiliations(person("sarah-rhodes"), PPBW) == [org("welsh-government")]
    assert str(g.value(org("south-wales-police"), SKOS.prefLabel)) == "South Wales Police"
    assert set(g.objects(org("south-wales-police"), EQ.source)) == {PALG_UNDATED, PALG_2019, PPBW, CARDIFF}


def test_curated_files_parse_as_plain_turtle() -> None:
    """Any RDF toolchain can read them: no project code needed."""
    for path in entities.curated_paths():
        g = Graph().parse(path, format="turtle")
        assert len(g) > 50
    names = {str(n) for n in entities.registry().graph.objects(None, FOAF.name)}
    assert {"Jeff Cuthbert", "Pam Kelly", "Alun Michael", "Hannah Jenkins-Jones", "Siân Brown"} <= names


def _data_graphs() -> dict[str, Graph]:
    from eqkg import config

    folder = config.asset_dir("data")
    return {p.stem: Graph().parse(p) for p in sorted(folder.glob("*.ttl"))}


def test_every_person_in_the_data_has_a_name_or_its_initials() -> None:
    """Audit: 'Simon Gilbert' (Cardiff response, 3.6) was minted with no foaf:name anywhere."""
    reg = entities.registry().graph
    unnamed = []
    for slug, g in _data_graphs().items():
        people = {o for p in (EQ.lead, EQ.person, EQ.attendee, EQ.apology, EQ.chair, EQ.participant)
                  for o in g.objects(None, p)}
        for who in people - set(reg.subjects(RDF.type, EQ.Organisation)):  # plan pledges name bodies as leads (seed 003, lines 150, 429, 431)
            if not any((who, prop, None) in graph for graph in (g, reg) for prop in (FOAF.name, FOAF.nick)):
                unnamed.append((slug, str(who)))
    assert unnamed == []
    assert str(reg.value(person("simon-gilbert"), FOAF.name)) == "Simon Gilbert"


def test_response_parser_describes_a_lead_the_registry_does_not_know() -> None:
    from eqkg.ingest import ingest_text

    text = ("A TASKFORCE\n\nResponse: A Council\n\nContents:\n\nPg 2 Health\n\nHealth\n\n"
            "| Reference | Recommendation | Lead Officer | Timeline |\n|---|---|---|---|\n"
            "| 1.1 | Improve ethnicity recording | Zelda Quillfeather | March 2023 |\n"
            "| <p>Response: Recommendation Accepted.</p> | | | |\n")
    result = ingest_text(text, profile="response", source_name="t.txt", slug="t")
    who = person("zelda-quillfeather")
    assert str(result.graph.value(who, FOAF.name)) == "Zelda Quillfeather"
    assert (who, RDF.type, EQ.Person) in result.graph


def test_every_person_and_organisation_in_the_sameness_decisions_is_described() -> None:
    """Audit: person/palg-2019-03-13-ljj appeared only as the subject of eq:sameAsCandidate."""
    reg = entities.registry().graph
    graphs = [reg, *_data_graphs().values()]
    named = {s for g in graphs for s in g.subjects(RDF.type, None)}
    mentioned = {o for s, p, o in reg if isinstance(o, URIRef) and "/id/person/" in str(o) or "/id/organisation/" in str(o)}
    mentioned |= {s for s in reg.subjects(EQ.sameAsCandidate, None)}
    # organisation/ccc is the minted URI of an uncertain abbreviation, described in sameness.ttl
    assert sorted(str(x) for x in mentioned - named if "/link/" not in str(x)) == []
    assert str(reg.value(person("palg-2019-03-13-ljj"), FOAF.nick)) == "LJJ"
