"""User-facing messages in English and Welsh.

Welsh strings marked NEEDS_REVIEW await a fluent speaker's check
(docs/decisions); they are shown, never silently invented.
"""

from __future__ import annotations

LANGS = ("en", "cy")
NEEDS_REVIEW = "cy-needs-review"

MESSAGES: dict[str, dict[str, str]] = {
    "site.title": {"en": "Equality objectives knowledge graph",
                   "cy": "Graff gwybodaeth amcanion cydraddoldeb"},
    "nav.home": {"en": "Home", "cy": "Hafan"},
    "nav.sparql": {"en": "SPARQL editor", "cy": "Golygydd SPARQL"},
    "nav.queries": {"en": "Saved queries", "cy": "Ymholiadau wedi'u cadw"},
    "nav.validate": {"en": "Validate a plan", "cy": "Dilysu cynllun"},
    "nav.dataset": {"en": "Dataset", "cy": "Set ddata"},
    "home.loaded": {"en": "What is loaded", "cy": "Beth sydd wedi'i lwytho"},
    "home.graph": {"en": "Graph", "cy": "Graff"},
    "home.triples": {"en": "Triples", "cy": "Triphlygion"},
    "home.total": {"en": "Total", "cy": "Cyfanswm"},
    "home.empty": {"en": "The store is empty: run `eqkg load`.",
                   "cy": "Mae'r storfa'n wag: rhedwch `eqkg load`."},
    "home.intro": {
        "en": "Strategic equality plans, action-plan responses and minutes of Welsh and UK "
              "public bodies as linked data, with saved questions, plan validation and a "
              "SPARQL endpoint.",
        "cy": "Cynlluniau cydraddoldeb strategol, ymatebion i gynlluniau gweithredu a "
              "chofnodion cyrff cyhoeddus Cymru a'r DU fel data cysylltiedig, gyda "
              "chwestiynau wedi'u cadw, dilysu cynlluniau a phwynt terfyn SPARQL.",
    },
    "error.not_found": {"en": "Not found", "cy": "Heb ei ganfod"},
    "error.bad_request": {"en": "Bad request", "cy": "Cais gwallus"},
    "error.store": {"en": "The store is not available", "cy": "Nid yw'r storfa ar gael"},
}


def pick_lang(requested: str | None, accept_language: str | None = None) -> str:
    """The language to answer in: ?lang= first, then the browser's preference, else English."""
    if requested in LANGS:
        return requested  # type: ignore[return-value]
    if accept_language and accept_language.strip().lower().startswith("cy"):
        return "cy"
    return "en"


def t(key: str, lang: str = "en") -> str:
    """The message for `key` in `lang`, falling back to English, then to the key itself."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["en"]
