"""User-facing messages in English and Welsh, and picking the language to answer in.

Every message of the web pages, the validation report and the CLI's report
summary lives in one of the YAML tables in service/eqkg/messages/ (one file per
feature, nested keys joined with dots: `queries.tag.coverage`), loaded here into
MESSAGES. A message is `{en: ..., cy: ...}`; optional `cy_review` says how far the
Welsh has been checked, with the same values as the ontology's `eq:cyReview`
(NEEDS_REVIEW by default: written by a non-fluent author, shown but flagged).
See docs/decisions/0004-bilingual-messages.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LANGS = ("en", "cy")
NEEDS_REVIEW = "needs-review"
REVIEW_VALUES = (NEEDS_REVIEW, "label-attested", "checked")
MESSAGE_DIR = Path(__file__).resolve().parent / "messages"


def _flatten(node: Mapping[str, Any], prefix: str, where: Path) -> Iterator[tuple[str, dict]]:
    """(dotted key, message) for every leaf mapping that carries an `en` text."""
    for key, value in node.items():
        name = f"{prefix}{key}"
        if not isinstance(value, Mapping):
            raise ValueError(f"{where.name}: {name} is not a message or a group of messages")
        if "en" in value:
            unknown = set(value) - {*LANGS, "cy_review", "cy_source"}
            if unknown or not isinstance(value["en"], str):
                raise ValueError(f"{where.name}: {name} has unexpected fields {sorted(unknown)}")
            if value.get("cy_review", NEEDS_REVIEW) not in REVIEW_VALUES:
                raise ValueError(f"{where.name}: {name} has cy_review {value['cy_review']!r}; "
                                 f"expected one of {', '.join(REVIEW_VALUES)}")
            yield name, dict(value)
        else:
            yield from _flatten(value, name + ".", where)


@lru_cache(maxsize=1)
def load_messages(folder: Path = MESSAGE_DIR) -> dict[str, dict[str, str]]:
    """Every message table in `folder`, merged; a key defined twice is an error."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, message in _flatten(data, "", path):
            if key in out:
                raise ValueError(f"{path.name}: message {key} is defined twice")
            out[key] = message
    return out


MESSAGES: dict[str, dict[str, str]] = load_messages()


def pick_lang(requested: str | None, accept_language: str | None = None) -> str:
    """The language to answer in: ?lang= first, then the browser's preference, else English."""
    if requested in LANGS:
        return requested  # type: ignore[return-value]
    if accept_language and accept_language.strip().lower().startswith("cy"):
        return "cy"
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
    return key in MESSAGES


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """The message `key` in `lang` (default: the request's), with `{name}` fields filled in.

    Falls back to English, then to the key itself, so a missing Welsh text shows
    as English rather than as nothing (tests check that none is missing).
    """
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = pick({k: entry[k] for k in LANGS if k in entry}, lang) or key
    return text.format(**values) if values else text


def needs_review(key: str) -> bool:
    """True when the Welsh of `key` has not been checked by a fluent speaker."""
    entry = MESSAGES.get(key, {})
    return entry.get("cy_review", NEEDS_REVIEW) == NEEDS_REVIEW
