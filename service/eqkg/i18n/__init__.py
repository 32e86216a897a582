"""User-facing messages in English and Welsh, and picking the language to answer in.

Every message of the web pages, the validation report, the error pages and the
downloads lives in the gettext catalogues under service/eqkg/translations/
(`messages.pot` for the English source, `cy/LC_MESSAGES/messages.po` for Welsh;
decision 0014), with the message key as `msgctxt`. Code and templates keep calling
`t(key, **fields)`; it looks the Welsh up with `pgettext(key, english)` (or
`npgettext` for a plural message given `n`). A YAML message table left in
service/eqkg/messages/ (decision 0004's format, as other branches still add them) is
read too and wins over the catalogues, until `python -m eqkg.i18n import` folds it in.

`cy_review` (decision 0004) is kept: needs-review Welsh is the `fuzzy` flag in the .po,
shown but marked (the footer of a Welsh page says so).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, negotiate_locale
from babel.dates import format_date as _babel_format_date
from babel.support import Translations
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from .catalogue import (
    CY_PLURALS,
    LANGS,
    NEEDS_REVIEW,
    REVIEW_VALUES,
    TRANSLATIONS,
    read_catalogues,
    read_yaml,
    translations,
)

__all__ = ["LANGS", "NEEDS_REVIEW", "REVIEW_VALUES", "MESSAGES", "PLURALS", "t", "tn", "pick",
           "pick_lang", "current_lang", "has", "needs_review", "format_date", "yes_no",
           "load_messages", "welsh_translations"]

MESSAGE_DIR = Path(__file__).resolve().parent.parent / "messages"


@lru_cache(maxsize=4)
def load_all(folder: Path = MESSAGE_DIR, catalogues: Path = TRANSLATIONS
             ) -> tuple[dict[str, dict], dict[str, dict]]:
    """(messages, plural messages) from the catalogues and any YAML tables left in
    `folder` (a YAML key wins over the catalogue; one defined twice in YAML is an error)."""
    merged = read_catalogues(catalogues)
    merged.update(read_yaml(folder.glob("*.yaml")))
    plain: dict[str, dict] = {}
    plural: dict[str, dict] = {}
    for key, message in merged.items():
        if "en_plural" not in message:
            plain[key] = message
            continue
        plural[key] = message
        forms = message.get("cy") or [""] * len(CY_PLURALS)
        # The YAML-era keys (`reading.steps.one` / `.other`) stay valid for code that names them.
        base = {k: v for k, v in message.items() if k in ("cy_review", "cy_source")}
        plain[f"{key}.one"] = {**base, "en": message["en"], "cy": forms[1]}
        plain[f"{key}.other"] = {**base, "en": message["en_plural"], "cy": forms[-1]}
    return plain, plural


def load_messages(folder: Path = MESSAGE_DIR) -> dict[str, dict[str, str]]:
    """Every message (plural ones also as `key.one` / `key.other`), from the catalogues
    and the YAML tables in `folder`."""
    return load_all(folder)[0]


MESSAGES, PLURALS = load_all()
_CY: Translations = translations({**MESSAGES, **PLURALS})


def welsh_translations() -> Translations:
    """The Welsh gettext catalogue, compiled in memory (for Flask-Babel's gettext too)."""
    return _CY


def pick_lang(requested: str | None, accept_language: str | None = None) -> str:
    """The language to answer in: ?lang= first, then the browser's Accept-Language by
    q-value (Babel's negotiate_locale, so `cy-GB` counts as Welsh), else English."""
    if requested in LANGS:
        return requested  # type: ignore[return-value]
    if accept_language:
        accepted = parse_accept_header(accept_language, LanguageAccept)
        preferred = [value for value, quality in accepted if quality > 0 and value != "*"]
        best = negotiate_locale([p.replace("_", "-") for p in preferred], list(LANGS), sep="-")
        if best:
            return best.split("-")[0].lower()
    return "en"


def current_lang() -> str:
    """The language of the request being answered (set by the web app), else English."""
    from flask import g, has_app_context

    return g.get("lang", "en") if has_app_context() else "en"


def pick(by_lang: Mapping[str, str] | None, lang: str | None = None) -> str | None:
    """From texts keyed by language: `lang`, else English, else untagged, else any; or None."""
    if not by_lang:
        return None
    lang = lang or current_lang()
    for wanted in (lang, "en", ""):
        if by_lang.get(wanted):
            return by_lang[wanted]
    return next((v for v in by_lang.values() if v), None)


def has(key: str) -> bool:
    return key in MESSAGES or key in PLURALS


def _plural_of(key: str, values: Mapping[str, Any]) -> tuple[str, int] | None:
    """The plural message and number for `key` (`reading.steps` or `reading.steps.one`
    with a numeric `n` or `count`), or None."""
    number = values.get("n", values.get("count"))
    if not isinstance(number, int) or isinstance(number, bool):
        return None
    if key in PLURALS:
        return key, number
    stem, _, form = key.rpartition(".")
    return (stem, number) if stem in PLURALS and form in CY_PLURALS else None


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """The message `key` in `lang` (default: the request's), with `{name}` fields filled in.

    A plural message picks its form by `n` (or `count`): Welsh has six (0, 1, 2, 3, 6,
    other). Falls back to English, then to the key itself, so a missing Welsh text shows
    as English rather than as nothing (tests check that none is missing).
    """
    lang = lang or current_lang()
    plural = _plural_of(key, values)
    if plural:
        stem, number = plural
        entry = PLURALS[stem]
        if lang == "cy":
            text = _CY.npgettext(stem, entry["en"], entry["en_plural"], number)
        else:
            text = entry["en"] if number == 1 else entry["en_plural"]
        return text.format(**values)
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = _CY.pgettext(key, entry["en"]) if lang == "cy" else entry["en"]
    return text.format(**values) if values else text


def tn(key: str, n: int, lang: str | None = None, **values: Any) -> str:
    """The plural message `key` for the number `n` ("{n} step" / "{n} cam")."""
    return t(key, lang, n=n, **values)


def needs_review(key: str) -> bool:
    """True when the Welsh of `key` has not been checked by a fluent speaker."""
    entry = MESSAGES.get(key) or PLURALS.get(key, {})
    return entry.get("cy_review", NEEDS_REVIEW) == NEEDS_REVIEW


def format_date(value: _dt.date | str, lang: str | None = None, form: str = "long") -> str:
    """A date as a reader writes it: "31 March 2024" / "31 Mawrth 2024" (Babel, CLDR).
    An ISO string is parsed first; anything else is returned as given."""
    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    locale = Locale("cy") if (lang or current_lang()) == "cy" else Locale("en", "GB")
    return _babel_format_date(value, form, locale=locale)


def yes_no(value: Any, lang: str | None = None) -> str:
    """A boolean (or the text "true"/"false") as Yes/No, Ie/Na; anything else unchanged."""
    text = str(value).strip().lower()
    if value is True or text == "true":
        return t("value.yes", lang)
    if value is False or text == "false":
        return t("value.no", lang)
    return str(value)


def yasgui_labels(lang: str | None = None) -> dict[str, Any]:
    """The SPARQL editor's labels in `lang`: `language` for the DataTables table inside
    YASGUI, and `text`, English wording YASGUI writes itself -> this language's, which
    web/static/yasgui-labels.js swaps in as the editor draws (empty in English)."""
    lang = lang or current_lang()

    def y(name: str) -> str:
        return t(f"yasgui.{name}", lang)

    language = {
        "lengthMenu": y("show_entries"), "info": y("info"), "infoEmpty": y("info_empty"),
        "infoFiltered": y("info_filtered"), "emptyTable": y("empty_table"),
        "zeroRecords": y("zero_records"), "search": y("search"),
        "paginate": {"first": y("first"), "last": y("last"), "next": y("next"),
                     "previous": y("previous")},
        "aria": {"orderable": y("orderable"), "orderableReverse": y("orderable_reverse"),
                 "orderableRemove": y("orderable_remove"),
                 "paginate": {"first": y("first"), "last": y("last"), "next": y("next"),
                              "previous": y("previous")}},
    }
    names = ("query", "run", "new_tab", "endpoint", "table", "response", "download", "filter",
             "simple_view", "ellipse", "add_new_tab", "add_tab", "close_tab", "accept_headers",
             "arguments", "ask_select", "construct_describe", "clear_endpoint", "default_graphs",
             "download_results", "ellipse_short", "header_arguments", "named_graphs",
             "open_settings", "page_size", "request_method", "settings", "shows_response",
             "shows_table", "table_docs", "pagination", "first", "last", "next", "previous")
    text = {} if lang == "en" else {t(f"yasgui.{n}", "en"): y(n) for n in names}
    text.update({} if lang == "en" else {"Share query": t("yasgui.share", lang),
                                         "Show all": t("yasgui.show_all", lang)})
    # "25 results in 0.05 seconds": the numbers are YASGUI's, the wording ours.
    results = "" if lang == "en" else y("results_in")
    return {"language": language, "text": text, "tabName": y("query"), "results": results}
