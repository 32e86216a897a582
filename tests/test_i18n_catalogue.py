"""The gettext catalogues: YAML tables fold in idempotently, the review state survives the
round trip (needs-review = fuzzy; label-attested and checked as translator comments), and
Babel reads the .po back as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from eqkg.i18n import __main__ as cli
from eqkg.i18n.catalogue import TRANSLATIONS, po_path, read_catalogues

TABLE = """\
pages:
  title: {en: Pages, cy: Tudalennau}
  attested:
    en: Protected characteristic
    cy: Nodwedd warchodedig
    cy_review: label-attested
    cy_source: https://www.legislation.gov.uk/ukpga/2010/15/section/4/welsh
  rows:
    one: {en: "{n} row", cy: "{n} rhes"}
    other: {en: "{n} rows", cy: "{n} rhes"}
"""


@pytest.fixture
def catalogues(tmp_path: Path) -> Path:
    folder = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, folder)
    return folder


def test_import_is_idempotent_and_keeps_the_review_state(catalogues: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture) -> None:
    before = len(read_catalogues(catalogues))
    table = tmp_path / "pages.yaml"
    table.write_text(TABLE, encoding="utf-8")
    assert cli.main(["import", str(table), "--keep", "--translations", str(catalogues)]) == 0
    first = {p: p.read_bytes() for p in catalogues.rglob("*.po*")}
    assert cli.main(["import", str(table), "--translations", str(catalogues)]) == 0
    assert "no change" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in catalogues.rglob("*.po*")} == first
    assert not table.exists()  # imported tables are removed unless --keep
    messages = read_catalogues(catalogues)
    assert len(messages) == before + 3
    assert messages["pages.title"] == {"en": "Pages", "cy": "Tudalennau",
                                       "cy_review": "needs-review"}
    assert messages["pages.attested"]["cy_review"] == "label-attested"
    assert messages["pages.attested"]["cy_source"].endswith("/section/4/welsh")
    assert messages["pages.rows"]["cy"] == ["{n} rhes"] * 6
    with po_path("cy", catalogues).open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.get("Pages", context="pages.title").fuzzy
    attested = catalog.get("Protected characteristic", context="pages.attested")
    assert not attested.fuzzy and "cy_review: label-attested" in attested.user_comments


def test_import_refuses_bad_tables(catalogues: Path, tmp_path: Path) -> None:
    table = tmp_path / "bad.yaml"
    table.write_text("x: {en: One, cy: Un, cy_review: fine}\n", encoding="utf-8")
    assert cli.main(["import", str(table), "--translations", str(catalogues)]) == 2
    assert table.exists()
    assert cli.main(["import", str(tmp_path / "missing.yaml")]) == 2


def test_check_counts_the_catalogue(capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["check"]) == 0
    out = capsys.readouterr().out
    count = len(read_catalogues())
    assert out.startswith(f"{count} messages; {count} Welsh marked needs-review (fuzzy); 0 without")


def test_a_yaml_table_left_in_messages_is_read_over_the_catalogues(tmp_path: Path) -> None:
    """A branch merged with a new YAML table works before the import is run."""
    from eqkg.i18n import load_messages

    (tmp_path / "coverage.yaml").write_text(
        "coverage:\n  title: {en: Coverage, cy: Cwmpas}\n"
        "report:\n  conforms: {en: No violations., cy: Dim achosion o dorri rheolau.}\n",
        encoding="utf-8")
    messages = load_messages(tmp_path)
    assert messages["coverage.title"]["cy"] == "Cwmpas"
    assert messages["report.conforms"]["en"] == "No violations."  # the YAML wins
    assert messages["queries.run"]["cy"] == "Dangos yr ateb"  # the catalogues are still read


def test_query_limit_details_are_welsh_on_welsh_pages() -> None:
    """The query path's 503 details (time limit, row cap of a resource page) in Welsh."""
    from eqkg.i18n.errors import localise

    assert str(localise("the query was stopped after 10 s, this endpoint's time limit; narrow "
                        "it down (LIMIT, more specific patterns) and try again", "cy")) == (
        "cafodd yr ymholiad ei atal ar ôl 10 e, terfyn amser y pwynt terfyn hwn; culhewch ef "
        "(LIMIT, patrymau mwy penodol) a rhowch gynnig arall arni")
    assert str(localise("<https://w3id.org/eqkg/id/x> has more than 10000 statements, over this "
                        "service's row cap (EQKG_MAX_ROWS): its page is not shown; ask the SPARQL "
                        "endpoint for its statements a page at a time", "cy")).startswith(
        "mae gan <https://w3id.org/eqkg/id/x> fwy na 10000 o ddatganiadau")
