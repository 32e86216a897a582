"""The gettext catalogues of the interface text, and folding YAML message tables into them.

The English source catalogue is `translations/messages.pot`; the Welsh one is
`translations/cy/LC_MESSAGES/messages.po` (both under service/eqkg/, so they ship in
the package). Each message is one entry with `msgctxt` = its key (`queries.run`),
`msgid` = the English and `msgstr` = the Welsh, so code keeps calling `t(key)` and a
translator's tool (Poedit, Weblate) sees the English beside the Welsh. The `.po` files
are read directly when the app starts (Babel's reader, compiled in memory): nothing is
built, so a clean clone works as it is. See docs/decisions/0014-gettext-catalogues.md.

Review state (decision 0004): `needs-review` Welsh carries the `fuzzy` flag (shown,
and marked); `label-attested` and `checked` are translator comments
(`cy_review: checked`, `cy_source: URL`) on entries without the flag.

Plural messages (a YAML group with `one` and `other` children, and optionally the
other CLDR categories `zero`, `two`, `few`, `many` for Welsh) become one gettext entry
with `msgid_plural` and Welsh's six forms (CLDR: zero, one, two, few, many, other).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

PACKAGE = Path(__file__).resolve().parent.parent
TRANSLATIONS = PACKAGE / "translations"
POT = TRANSLATIONS / "messages.pot"
LANGS = ("en", "cy")
NEEDS_REVIEW = "needs-review"
REVIEW_VALUES = (NEEDS_REVIEW, "label-attested", "checked")
# CLDR plural categories in the order of Welsh's Plural-Forms (n==0, 1, 2, 3, 6, other).
CY_PLURALS = ("zero", "one", "two", "few", "many", "other")
PLURAL_KEYS = frozenset(CY_PLURALS)
PROJECT = "eqkg"
HEADER = ("Interface text of eqkg (web pages, validation report, downloads).\n"
          "msgctxt is the message key used by t(key); see docs/decisions/0014.")


def po_path(lang: str, folder: Path = TRANSLATIONS) -> Path:
    return folder / lang / "LC_MESSAGES" / "messages.po"


# -- YAML message tables (the format of decision 0004) --------------------------------

def _is_plural_group(node: Mapping[str, Any]) -> bool:
    return ("one" in node and "other" in node and set(node) <= PLURAL_KEYS
            and all(isinstance(v, Mapping) and "en" in v for v in node.values()))


def flatten_yaml(node: Mapping[str, Any], prefix: str, where: str) -> Iterator[tuple[str, dict]]:
    """(dotted key, message) for every message of a YAML table; a plural group is one
    message with `en_plural` and a `cy` list of six forms."""
    for key, value in node.items():
        name = f"{prefix}{key}"
        if not isinstance(value, Mapping):
            raise ValueError(f"{where}: {name} is not a message or a group of messages")
        if "en" in value:
            unknown = set(value) - {*LANGS, "cy_review", "cy_source"}
            if unknown or not isinstance(value["en"], str):
                raise ValueError(f"{where}: {name} has unexpected fields {sorted(unknown)}")
            if value.get("cy_review", NEEDS_REVIEW) not in REVIEW_VALUES:
                raise ValueError(f"{where}: {name} has cy_review {value['cy_review']!r}; "
                                 f"expected one of {', '.join(REVIEW_VALUES)}")
            yield name, dict(value)
        elif _is_plural_group(value):
            other = value["other"]
            forms = [value.get(c, other if c != "one" else value["one"]).get("cy", "")
                     for c in CY_PLURALS]
            reviews = {v.get("cy_review", NEEDS_REVIEW) for v in value.values()}
            message = {"en": value["one"]["en"], "en_plural": other["en"], "cy": forms,
                       "cy_review": NEEDS_REVIEW if NEEDS_REVIEW in reviews or len(reviews) > 1
                       else reviews.pop()}
            yield name, message
        else:
            yield from flatten_yaml(value, name + ".", where)


def read_yaml(paths: Iterable[Path]) -> dict[str, dict]:
    """The messages of YAML tables, merged; a key defined twice is an error."""
    out: dict[str, dict] = {}
    for path in sorted(paths):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, message in flatten_yaml(data, "", path.name):
            if key in out:
                raise ValueError(f"{path.name}: message {key} is defined twice")
            out[key] = message
    return out


# -- .po / .pot ----------------------------------------------------------------------------

def _comments(message: Mapping[str, Any]) -> list[str]:
    out = []
    review = message.get("cy_review", NEEDS_REVIEW)
    if review != NEEDS_REVIEW:
        out.append(f"cy_review: {review}")
    if message.get("cy_source"):
        out.append(f"cy_source: {message['cy_source']}")
    return out


def _flags(message: Mapping[str, Any], lang: str) -> set[str]:
    flags = set()
    text = message["en"] + message.get("en_plural", "")
    if "{" in text:
        flags.add("python-brace-format")
    if lang == "cy" and message.get("cy_review", NEEDS_REVIEW) == NEEDS_REVIEW:
        flags.add("fuzzy")
    return flags


def build_catalogues(messages: Mapping[str, Mapping[str, Any]]) -> tuple[Catalog, Catalog]:
    """The English template (.pot) and the Welsh catalogue (.po) of `messages`, in key order."""
    pot = Catalog(project=PROJECT, header_comment="# " + HEADER.replace("\n", "\n# "),
                  fuzzy=False)
    cy = Catalog(locale="cy", project=PROJECT, header_comment="# " + HEADER.replace("\n", "\n# "),
                 fuzzy=False)
    cy.language_team = "Welsh"
    for catalog in (pot, cy):
        catalog.last_translator = "eqkg contributors"
    for key in sorted(messages):
        message = messages[key]
        msgid: Any = message["en"]
        if "en_plural" in message:
            msgid = (message["en"], message["en_plural"])
            pot.add(msgid, ("",) * 2, context=key, flags=_flags(message, "en"))
            cy_text: Any = tuple(message["cy"])
        else:
            pot.add(msgid, "", context=key, flags=_flags(message, "en"))
            cy_text = message.get("cy", "")
        cy.add(msgid, cy_text, context=key, flags=_flags(message, "cy"),
               user_comments=_comments(message))
    return pot, cy


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=False,
             include_lineno=False, ignore_obsolete=True)
    text = out.getvalue().decode("utf-8")
    # The creation date would change on every write; drop it so writes are idempotent.
    lines = [ln for ln in text.splitlines(keepends=True)
             if not ln.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:'))]
    return "".join(lines).encode("utf-8")


def write_catalogues(messages: Mapping[str, Mapping[str, Any]],
                     folder: Path = TRANSLATIONS) -> list[Path]:
    """Write messages.pot and cy/messages.po; returns the files that changed."""
    pot, cy = build_catalogues(messages)
    changed = []
    for path, catalog in ((folder / "messages.pot", pot), (po_path("cy", folder), cy)):
        data = _po_bytes(catalog)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            changed.append(path)
    return changed


def _read(path: Path, locale: str | None) -> Catalog | None:
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, abort_invalid=True)


def read_catalogues(folder: Path = TRANSLATIONS) -> dict[str, dict]:
    """Messages by key from the .pot (English) and cy .po (Welsh and its review state)."""
    out: dict[str, dict] = {}
    pot = _read(folder / "messages.pot", None)
    for entry in pot or ():
        if not entry.id or not entry.context:
            continue
        if isinstance(entry.id, tuple):
            out[entry.context] = {"en": entry.id[0], "en_plural": entry.id[1]}
        else:
            out[entry.context] = {"en": entry.id}
    cy = _read(po_path("cy", folder), "cy")
    for entry in cy or ():
        if not entry.id or not entry.context:
            continue
        message = out.setdefault(entry.context, {
            "en": entry.id[0] if isinstance(entry.id, tuple) else entry.id})
        if isinstance(entry.id, tuple):
            message["en_plural"] = entry.id[1]
            message["cy"] = list(entry.string)
        else:
            message["cy"] = entry.string
        review = NEEDS_REVIEW if entry.fuzzy else "checked"
        for comment in entry.user_comments:
            name, _, value = comment.partition(":")
            if name.strip() == "cy_review":
                review = value.strip() if not entry.fuzzy else NEEDS_REVIEW
            elif name.strip() == "cy_source":
                message["cy_source"] = value.strip()
        message["cy_review"] = review
    return out


def translations(messages: Mapping[str, Mapping[str, Any]]) -> Translations:
    """A gettext Translations for Welsh, compiled in memory with the fuzzy entries kept
    (needs-review Welsh is shown, and marked, rather than replaced by English)."""
    _, cy = build_catalogues({k: m for k, m in messages.items() if m.get("cy")})
    out = io.BytesIO()
    write_mo(out, cy, use_fuzzy=True)
    out.seek(0)
    return Translations(out, domain="messages")


def fold_in(yaml_paths: Iterable[Path], folder: Path = TRANSLATIONS) -> tuple[int, list[Path]]:
    """Add or update the catalogues with the messages of YAML tables (idempotent):
    a key already in the catalogues takes the YAML's text and review state."""
    messages = read_catalogues(folder)
    new = read_yaml(yaml_paths)
    messages.update(new)
    return len(new), write_catalogues(messages, folder)
