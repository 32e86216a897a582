"""Structures found by the sixth held-out reading (Welsh trans words, minutes actions), in our own words."""

from __future__ import annotations

import pytest

from eqkg.ingest.tagging import lexicon, mutations

# ---------------------------------------------------------------- Welsh "traws"


@pytest.mark.parametrize(("text", "expected"), [
    # "traws" alone, after a list of adjectives, with the aspirate mutation after "a".
    ("Rydym am i staff lesbiaidd, hoyw, deurywiol a thraws deimlo'n ddiogel.",
     {"sexual-orientation": "tagged", "gender-reassignment": "tagged"}),
    ("Cefnogi gweithwyr traws yn y gweithle.", {"gender-reassignment": "tagged"}),
    ("Grŵp cymorth i bobl draws a'u teuluoedd.", {"gender-reassignment": "tagged"}),
    ("Ni fydd neb yn cael ei fwlio am fod yn draws.", {"gender-reassignment": "tagged"}),
    ("Canllawiau ar gyfer disgyblion trawsrywiol.", {"gender-reassignment": "tagged"}),
    # The Welsh LGBTQ+ label names both characteristics, as the English one does.
    ("Sefydlu fforwm LHDTC+ i'r holl staff.", {"sexual-orientation": "tagged", "gender-reassignment": "tagged"}),
])
def test_welsh_trans_words_name_gender_reassignment(text: str, expected: dict[str, str]) -> None:
    assert lexicon("characteristic", lang="cy").bases(text) == expected


@pytest.mark.parametrize("text", [
    "Byddwn yn gweithio ar draws y sefydliad i wella'r gwasanaeth.",   # "ar draws" = across
    "Ar hyd ac ar draws y sir mae'r galw yn cynyddu.",
    "Mae angen trawsnewid y ffordd rydym yn recriwtio.",             # trawsnewid = transform
    "Partneriaeth drawsffiniol gyda'r awdurdodau cyfagos.",           # cross-border, one word
    "Cynllun gweithredu traws-sector ar gyfer y rhanbarth.",          # hyphenated prefix
    "Cynllun gweithredu traws sector ar gyfer y rhanbarth.",          # the prefix written apart
    "Grŵp llywio traws adrannol a fydd yn cwrdd bob chwarter.",
    "Teithio ar fysiau Traws Cymru rhwng y trefi.",
])
def test_welsh_traws_meaning_across_or_cross_is_not_trans(text: str) -> None:
    assert lexicon("characteristic", lang="cy").bases(text) == {}


def test_traws_mutates_like_other_welsh_labels() -> None:
    assert mutations("traws") == ["draws", "nhraws", "thraws"]


def test_english_draws_is_not_read_with_the_welsh_labels() -> None:
    assert lexicon("characteristic", lang="en").bases("The report draws on staff survey results.") == {}
