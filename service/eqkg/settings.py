"""Every EQKG_* setting in one typed object, loaded once: defaults, then an optional config
file (EQKG_CONFIG, TOML or JSON), then the environment, then command-line overrides.

`SETTINGS` lists each variable once with its type, default and meaning; the table
in docs/stores.md ("Settings") is generated from it (`settings_table()`), and the
CLI's options take their defaults from here instead of repeating `envvar=`s. One
parser per type: booleans accept 1/0, true/false, yes/no, on/off, nothing else.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import EqkgError


@dataclass(frozen=True)
class Setting:
    name: str  # the field of Settings
    env: str  # the environment variable
    kind: type
    default: Any
    help: str
    secret: bool = False  # never shown (repr, logs, error messages)
    what: str = ""  # how a message names it ("query timeout"); default: the variable


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "EQKG_STORE", str, "var/store",
            "The store: a folder (embedded Oxigraph) or the http(s) URL of a SPARQL "
            "server's query endpoint."),
    Setting("store_update", "EQKG_STORE_UPDATE", str, None,
            "A remote store's SPARQL Update endpoint (default: by the server's convention)."),
    Setting("store_gsp", "EQKG_STORE_GSP", str, None,
            "A remote store's Graph Store Protocol endpoint (default: by convention)."),
    Setting("store_kind", "EQKG_STORE_KIND", str, None,
            "oxigraph, fuseki, virtuoso or sparql: which server's conventions to use "
            "(default: guessed from the URL)."),
    Setting("store_user", "EQKG_STORE_USER", str, None, "User for a remote store."),
    Setting("store_password", "EQKG_STORE_PASSWORD", str, None,
            "Password for a remote store.", secret=True),
    Setting("store_token", "EQKG_STORE_TOKEN", str, None,
            "Bearer token for a remote store (instead of user and password).", secret=True),
    Setting("store_auth", "EQKG_STORE_AUTH", str, "basic",
            "basic or digest: how the user and password are sent (Virtuoso: digest)."),
    Setting("home", "EQKG_HOME", str, None,
            "The folder holding ontology/, data/, shapes/ and queries/."),
    Setting("seeds", "EQKG_SEEDS", str, None, "The seed documents (../shared/seeds)."),
    Setting("base", "EQKG_BASE", str, None, "Where data URIs are minted (https://w3id.org/eqkg/id/)."),
    Setting("data_license", "EQKG_DATA_LICENSE", str, None, "The dataset's licence IRI."),
    Setting("operator", "EQKG_OPERATOR", str, None,
            "Who runs this copy (the accessibility and privacy pages)."),
    Setting("contact", "EQKG_CONTACT", str, None,
            "How to reach them (the accessibility and privacy pages)."),
    Setting("host", "EQKG_HOST", str, "127.0.0.1", "`eqkg serve`: the address to listen on."),
    Setting("port", "EQKG_PORT", int, 5000, "`eqkg serve`: the port.", what="port"),
    Setting("query_timeout", "EQKG_QUERY_TIMEOUT", float, 10.0,
            "Seconds a query may run (every query: /sparql, saved queries, pages).", what="query timeout"),
    Setting("max_rows", "EQKG_MAX_ROWS", int, 10_000, "Rows of one answer.", what="max rows"),
    Setting("max_mb", "EQKG_MAX_MB", float, 50.0, "MB of one answer (0: no cap).", what="answer size cap (MB)"),
    Setting("max_query_length", "EQKG_MAX_QUERY_LENGTH", int, 100_000,
            "Characters of one query.", what="max query length"),
    Setting("query_workers", "EQKG_QUERY_WORKERS", int, None,
            "Query worker processes (default: the number of CPUs, at least 2).", what="query workers"),
    Setting("query_memory_mb", "EQKG_QUERY_MEMORY_MB", str, "2048",
            "MB one query may use above its worker's store (0: no limit)."),
    Setting("query_in_memory", "EQKG_QUERY_IN_MEMORY", bool, True,
            "Workers answer from an in-memory copy of the embedded store.", what="in-memory serving"),
    Setting("query_cache_mb", "EQKG_QUERY_CACHE_MB", int, 64, "MB of cached answers (0: none).", what="result cache size (MB)"),
    Setting("client_queries", "EQKG_CLIENT_QUERIES", int, None,
            "Queries one client may run at once (default: half the general workers).", what="queries per client"),
    Setting("client_queue", "EQKG_CLIENT_QUEUE", int, 3, "Queries one client may have waiting.", what="queries a client may queue"),
    Setting("query_queue", "EQKG_QUERY_QUEUE", int, 16, "Queries waiting, all clients.", what="query queue length"),
    Setting("query_queue_seconds", "EQKG_QUERY_QUEUE_SECONDS", float, 5.0,
            "Longest wait for a worker.", what="query queue wait"),
    Setting("reserved_workers", "EQKG_RESERVED_WORKERS", int, None,
            "Workers kept for cheap queries (default: 1 when there are 2 or more).", what="reserved workers"),
    Setting("cheap_seconds", "EQKG_CHEAP_SECONDS", float, 1.0,
            "A query past this is heavy: off the reserved worker.", what="cheap query limit"),
    Setting("service_allowlist", "EQKG_SERVICE_ALLOWLIST", str, None,
            "Remote endpoints SERVICE/FROM may reach (docs/sparql.md)."),
    Setting("upload_rate_limit", "EQKG_UPLOAD_RATE_LIMIT", str, None,
            "Uploads per client per minute to /validate (0: none; default 20)."),
    Setting("trusted_proxies", "EQKG_TRUSTED_PROXIES", int, 0,
            "Reverse proxies in front of `eqkg serve`.", what="the number of trusted proxies"),
    Setting("harvest_max_mb", "EQKG_HARVEST_MAX_MB", float, None, "MB one harvest may fetch."),
    Setting("max_document_bytes", "EQKG_MAX_DOCUMENT_BYTES", int, None,
            "Bytes of one uploaded document."),
    Setting("max_pdf_pages", "EQKG_MAX_PDF_PAGES", int, None, "Pages of one PDF."),
    Setting("validate_timeout", "EQKG_VALIDATE_TIMEOUT", float, None,
            "Seconds one validation may run."),
    Setting("validate_memory_mb", "EQKG_VALIDATE_MEMORY_MB", float, None,
            "MB one validation may use."),
    Setting("validate_max_items", "EQKG_VALIDATE_MAX_ITEMS", int, None,
            "Objectives and steps one plan may have."),
    Setting("validate_workers", "EQKG_VALIDATE_WORKERS", int, None, "Validation workers."),
)
BY_ENV = {s.env: s for s in SETTINGS}
BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """The settings in force (see SETTINGS for each one's meaning)."""

    store: str = "var/store"
    store_update: str | None = None
    store_gsp: str | None = None
    store_kind: str | None = None
    store_user: str | None = None
    store_password: str | None = None
    store_token: str | None = None
    store_auth: str = "basic"
    home: str | None = None
    seeds: str | None = None
    base: str | None = None
    data_license: str | None = None
    operator: str | None = None
    contact: str | None = None
    host: str = "127.0.0.1"
    port: int = 5000
    query_timeout: float = 10.0
    max_rows: int = 10_000
    max_mb: float = 50.0
    max_query_length: int = 100_000
    query_workers: int | None = None
    query_memory_mb: str = "2048"  # a number of MB, or 0 / none / unlimited
    query_in_memory: bool = True
    query_cache_mb: int = 64
    client_queries: int | None = None
    client_queue: int = 3
    query_queue: int = 16
    query_queue_seconds: float = 5.0
    reserved_workers: int | None = None
    cheap_seconds: float = 1.0
    service_allowlist: str | None = None
    upload_rate_limit: str | None = None
    trusted_proxies: int = 0
    harvest_max_mb: float | None = None
    max_document_bytes: int | None = None
    max_pdf_pages: int | None = None
    validate_timeout: float | None = None
    validate_memory_mb: float | None = None
    validate_max_items: int | None = None
    validate_workers: int | None = None

    def __repr__(self) -> str:
        shown = []
        for f in fields(self):
            value = getattr(self, f.name)
            if BY_NAME[f.name].secret and value is not None:
                value = "***"
            shown.append(f"{f.name}={value!r}")
        return "Settings(" + ", ".join(shown) + ")"

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given values (None leaves a value as it is), parsed as from text."""
        values = {}
        for name, value in overrides.items():
            if value is None:
                continue
            setting = BY_NAME.get(name)
            if setting is None:
                raise EqkgError(f"no setting named {name!r}")
            values[name] = parse_value(setting, value)
        return Settings(**{**self._values(), **values})

    def _values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def remote(self) -> bool:
        return self.store.lower().startswith(("http://", "https://"))


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def parse_bool(value: Any, what: str) -> bool:
    """The one boolean parser: 1/0, true/false, yes/no, on/off (any case)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise EqkgError(f"{what} must be true or false, not {value!r} (1/0, yes/no, on/off)")


def parse_value(setting: Setting, value: Any) -> Any:
    """A setting's value from text (environment, file) or a typed value (CLI)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return setting.default
    what = setting.what or setting.env
    if setting.kind is bool:
        return parse_bool(value, what)
    if setting.kind in (int, float):
        try:
            number = setting.kind(value)
        except (TypeError, ValueError):
            raise EqkgError(f"{what} must be a number, not {value!r}") from None
        if number < 0:
            raise EqkgError(f"{what} must not be negative, not {value!r}")
        return number
    return str(value)


def _read_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EqkgError(f"cannot read the settings file {path}: {exc.strerror}") from None
    try:
        if path.suffix == ".json":
            data = json.loads(text)
        else:
            import tomllib

            data = tomllib.loads(text)
    except (ValueError, ImportError) as exc:
        raise EqkgError(f"the settings file {path} is not valid: {exc}") from None
    if not isinstance(data, dict):
        raise EqkgError(f"the settings file {path} must hold a table of settings")
    out = {}
    for key, value in data.items():
        setting = BY_NAME.get(key) or BY_ENV.get(key)
        if setting is None:
            raise EqkgError(f"the settings file {path} names an unknown setting {key!r}")
        out[setting.name] = value
    return out


def load_settings(environ: Mapping[str, str] | None = None, *,
                  config_file: str | os.PathLike[str] | None = None,
                  **overrides: Any) -> Settings:
    """Defaults < config file (`config_file` or EQKG_CONFIG) < environment < `overrides`."""
    env = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    path = config_file or env.get("EQKG_CONFIG")
    if path:
        raw.update(_read_file(Path(path)))
    for setting in SETTINGS:
        value = env.get(setting.env)
        if value is not None and value.strip():
            raw[setting.name] = value
    values = {name: parse_value(BY_NAME[name], value) for name, value in raw.items()}
    return Settings(**values).with_overrides(**overrides)


_LOADED: dict[tuple[tuple[str, str], ...], tuple[dict[str, Any], Settings | None]] = {}


_CONFIG_FILE: str | None = None  # `eqkg --config FILE`, for the whole process


def use_config_file(path: str | os.PathLike[str] | None) -> None:
    """Make `path` this process's settings file (the CLI's --config; before EQKG_CONFIG)."""
    global _CONFIG_FILE
    _CONFIG_FILE = None if path is None else str(path)


def _environment_key() -> tuple[tuple[str, str], ...]:
    found = sorted((k, v) for k, v in os.environ.items() if k.startswith("EQKG_"))
    if _CONFIG_FILE:
        found = [(k, v) for k, v in found if k != "EQKG_CONFIG"] + [("EQKG_CONFIG", _CONFIG_FILE)]
    return tuple(found)


def _raw_of_environment(key: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """The unparsed values of the config file and the environment, read once per
    environment (tests change it; a server's stays as it started)."""
    if key not in _LOADED:
        env = dict(key)
        raw: dict[str, Any] = {}
        if env.get("EQKG_CONFIG"):
            raw.update(_read_file(Path(env["EQKG_CONFIG"])))
        for setting in SETTINGS:
            value = env.get(setting.env)
            if value is not None and value.strip():
                raw[setting.name] = value
        if len(_LOADED) > 64:
            _LOADED.clear()
        _LOADED[key] = (raw, None)
    return _LOADED[key][0]


def current() -> Settings:
    """The settings of this process (config file and environment), loaded once and kept
    until the environment changes. Modules read their setting here, never os.environ."""
    key = _environment_key()
    raw = _raw_of_environment(key)
    found = _LOADED[key][1]
    if found is None:
        found = Settings(**{name: parse_value(BY_NAME[name], v) for name, v in raw.items()})
        _LOADED[key] = (raw, found)
    return found


def get(name: str) -> Any:
    """One setting of this process, parsed alone: a bad value in another setting does
    not stop a module that does not use it (namespaces.py reads EQKG_BASE on import)."""
    setting = BY_NAME[name]
    raw = _raw_of_environment(_environment_key())
    return parse_value(setting, raw.get(name))


def settings_table() -> str:
    """The Markdown table of every setting (docs/stores.md)."""
    lines = ["| variable | setting | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = "" if s.default is None else f"`{s.default}`"
        lines.append(f"| `{s.env}` | `{s.name}` | {default} | {s.help} |")
    return "\n".join(lines) + "\n"


__all__ = ["SETTINGS", "Setting", "Settings", "current", "load_settings", "parse_bool",
           "settings_table", "get", "use_config_file"]
