"""Every EQKG_* variable is read in one place, eqkg.settings, and each module takes its
setting from there: the environment of a test (or a server) is what the modules see."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eqkg import config, settings
from eqkg.documents.safety import limits
from eqkg.errors import EqkgError, InputError
from eqkg.namespaces import data_base
from eqkg.publish.dataset import DEFAULT_LICENSE, data_license
from eqkg.sparql.guard import AllowList
from eqkg.validation.worker import Limits as ValidationLimits
from eqkg.web import create_app

SERVICE = Path(__file__).resolve().parents[1] / "service" / "eqkg"


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = sorted(str(p.relative_to(SERVICE)) for p in SERVICE.rglob("*.py")
                     if re.search(r"os\.environ|os\.getenv|getenv\(", p.read_text(encoding="utf-8")))
    assert readers == ["settings.py"]


def test_modules_follow_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EQKG_BASE", "https://data.example.wales/id")
    monkeypatch.setenv("EQKG_DATA_LICENSE", "https://creativecommons.org/licenses/by/4.0/")
    monkeypatch.setenv("EQKG_SERVICE_ALLOWLIST", "https://a.example/sparql, https://b.example/q")
    monkeypatch.setenv("EQKG_MAX_PDF_PAGES", "7")
    monkeypatch.setenv("EQKG_VALIDATE_TIMEOUT", "2.5")
    monkeypatch.setenv("EQKG_SEEDS", str(tmp_path / "seeds"))
    monkeypatch.setenv("EQKG_STORE", "http://db.example:7878/query")
    assert data_base() == "https://data.example.wales/id/"
    assert data_license() == "https://creativecommons.org/licenses/by/4.0/"
    assert AllowList.from_env().entries == ("https://a.example/sparql", "https://b.example/q")
    assert limits().max_pdf_pages == 7
    assert ValidationLimits.from_env().seconds == 2.5
    assert config.seeds_dir() == tmp_path / "seeds"
    assert config.store_location() == "http://db.example:7878/query"
    assert settings.current().store == "http://db.example:7878/query"
    monkeypatch.delenv("EQKG_DATA_LICENSE")
    monkeypatch.delenv("EQKG_STORE")
    assert data_license() == DEFAULT_LICENSE
    assert config.store_location() == str(Path("var/store"))


def test_home_is_read_each_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    own = config.project_root()
    monkeypatch.setenv("EQKG_HOME", str(tmp_path))
    assert config.project_root() == tmp_path.resolve()
    monkeypatch.delenv("EQKG_HOME")
    assert config.project_root() == own


def test_the_operator_and_contact_come_from_the_settings(monkeypatch: pytest.MonkeyPatch,
                                                         store_path: Path) -> None:
    monkeypatch.setenv("EQKG_OPERATOR", "Cyngor Sir Enghraifft")
    monkeypatch.setenv("EQKG_CONTACT", "equality@example.gov.wales")
    page = create_app(store_path=store_path, TESTING=True).test_client().get("/accessibility")
    assert page.status_code == 200
    assert b"Cyngor Sir Enghraifft" in page.data and b"equality@example.gov.wales" in page.data


def test_upload_rate_and_proxies_are_checked_at_start(monkeypatch: pytest.MonkeyPatch,
                                                      store_path: Path) -> None:
    monkeypatch.setenv("EQKG_UPLOAD_RATE_LIMIT", "lots")
    with pytest.raises(EqkgError, match="upload rate limit must be a number per minute"):
        create_app(store_path=store_path)
    monkeypatch.setenv("EQKG_UPLOAD_RATE_LIMIT", "0")
    assert create_app(store_path=store_path).extensions["eqkg.upload_limit"] is None
    monkeypatch.setenv("EQKG_TRUSTED_PROXIES", "-1")
    with pytest.raises(EqkgError, match="the number of trusted proxies must not be negative"):
        create_app(store_path=store_path)


def test_a_bad_value_names_its_variable_and_stops_only_its_users(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EQKG_QUERY_TIMEOUT", "soon")
    monkeypatch.setenv("EQKG_VALIDATE_MAX_ITEMS", "0")
    monkeypatch.setenv("EQKG_MAX_DOCUMENT_BYTES", "big")
    assert data_base() == "https://w3id.org/eqkg/id/"  # its own setting is fine
    with pytest.raises(EqkgError, match="^query timeout must be a number, not 'soon'$"):
        settings.current()
    with pytest.raises(EqkgError, match="^EQKG_VALIDATE_MAX_ITEMS must be greater than 0, not 0$"):
        ValidationLimits.from_env()
    with pytest.raises(InputError, match="^EQKG_MAX_DOCUMENT_BYTES must be a number, not 'big'$"):
        limits()


def test_the_one_boolean_parser() -> None:
    for text in ("1", "true", "Yes", "ON"):
        assert settings.parse_bool(text, "x") is True
    for text in ("0", "FALSE", "no", "off"):
        assert settings.parse_bool(text, "x") is False
    with pytest.raises(EqkgError, match="x must be true or false, not 'y'"):
        settings.parse_bool("y", "x")


def test_the_command_lines_settings_file_reaches_every_module(tmp_path: Path) -> None:
    file = tmp_path / "eqkg.toml"
    file.write_text('base = "https://data.example.org/id/"\n'
                    'data_license = "https://example.org/licence"\n')
    try:
        settings.use_config_file(file)
        assert data_base() == "https://data.example.org/id/"
        assert data_license() == "https://example.org/licence"
    finally:
        settings.use_config_file(None)
    assert data_license() == DEFAULT_LICENSE
