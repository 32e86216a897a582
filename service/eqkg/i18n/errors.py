"""Error details in the page's language.

Library code raises `EqkgError`s with an English one-line detail (the CLI prints it
as is). On a Welsh page the detail is matched against the English of every message
under `error.detail.` (its `{fields}` match any text) and of every other message, and
shown in Welsh with the fields copied across; a field named `detail` is translated
again, so nested wording ("parameter 'x' of q: 'y' is not an allowed value") is Welsh
throughout. A detail no message matches stays English and is marked `lang="en"`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

from . import MESSAGES, t

PREFIX = "error.detail."
# Details that wrap another ({detail}) are tried first, outermost first.
WRAPPERS = ("error.detail.parameter", "error.detail.allowed")
_FIELD = re.compile(r"\{(\w+)(?:[:!][^}]*)?\}")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _worded(text: str) -> bool:
    """True when a message has words of its own besides its fields: "{label}: {row}" has
    none and would match any detail with a colon in it."""
    return bool(_WORD.search(_FIELD.sub("", text)))


def _pattern(english: str) -> re.Pattern[str]:
    parts, last = [], 0
    for match in _FIELD.finditer(english):
        parts.append(re.escape(english[last:match.start()]))
        parts.append(f"(?P<{match.group(1)}>.+?)" if match.group(1) not in
                     {p[4:p.index('>')] for p in parts if p.startswith("(?P<")}
                     else f"(?P={match.group(1)})")
        last = match.end()
    parts.append(re.escape(english[last:]))
    return re.compile("".join(parts), re.DOTALL)


@lru_cache(maxsize=1)
def _details() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(key, pattern) of the messages with fields, the error details first and then the
    more specific (more literal text) first."""
    keys = [k for k, m in MESSAGES.items() if "{" in m["en"] and _worded(m["en"])]
    keys.sort(key=lambda k: (WRAPPERS.index(k) if k in WRAPPERS else len(WRAPPERS),
                             not k.startswith(PREFIX), -len(_FIELD.sub("", MESSAGES[k]["en"]))))
    return tuple((k, _pattern(MESSAGES[k]["en"])) for k in keys)


@lru_cache(maxsize=1)
def _welsh() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """Welsh texts and patterns: a detail raised already in Welsh (`t(key, "cy")`)."""
    texts = frozenset(m["cy"] for m in MESSAGES.values() if m.get("cy") and "{" not in m["cy"])
    patterns = tuple(_pattern(m["cy"]) for m in MESSAGES.values()
                     if m.get("cy") and "{" in m["cy"] and _worded(m["cy"]))
    return texts, patterns


@lru_cache(maxsize=1)
def _exact() -> dict[str, str]:
    """English text -> key for every message without fields (a detail raised from `t`)."""
    return {m["en"]: k for k, m in MESSAGES.items() if "{" not in m["en"]}


def translate(message: str, lang: str, depth: int = 0) -> str | None:
    """`message` in `lang`, or None when no message matches it."""
    if lang == "en":
        return message
    texts, patterns = _welsh()
    if message in texts or any(p.fullmatch(message) for p in patterns):
        return message
    if message in _exact():
        return t(_exact()[message], lang)
    if depth > 3:
        return None
    for key, pattern in _details():
        match = pattern.fullmatch(message)
        if not match:
            continue
        fields = match.groupdict()
        if "detail" in fields:
            inner = translate(fields["detail"], lang, depth + 1)
            if inner is None:
                continue
            fields["detail"] = inner
        return t(key, lang, **fields)
    return None


def localise(message: str, lang: str) -> str | Markup:
    """The detail for an error page: translated, or the English marked `lang="en"`."""
    translated = translate(message, lang)
    if translated is not None:
        return translated
    return Markup('<span lang="en">{}</span>').format(message)
