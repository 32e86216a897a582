"""The public-sector pages: the accessibility statement the Public Sector Bodies
Accessibility Regulations 2018 ask for, help for officers, and the privacy note.

Their text is in messages/pages.yaml (English and Welsh). A body that publishes eqkg
names itself and its contact point with EQKG_OPERATOR and EQKG_CONTACT (or the app
settings OPERATOR and CONTACT); without them the statement says who in general terms.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request

from .. import settings
from ..i18n import t

bp = Blueprint("pages", __name__)

# The axe-core version the statement's results were measured with (scripts/install_axe.sh).
AXE_VERSION = "4.14.1"

# Links in every page's footer, shown when their blueprint is registered.
FOOTER_LINKS = (
    ("pages.help", "pages.nav.help"),
    ("pages.accessibility", "pages.nav.accessibility"),
    ("pages.privacy", "pages.nav.privacy"),
    ("linked.dataset", "nav.dataset"),
    ("linked.ontology", "nav.ontology"),
)


@bp.app_context_processor
def _footer() -> dict[str, Any]:
    functions = current_app.view_functions
    return {"footer_links": [(e, k) for e, k in FOOTER_LINKS if e in functions]}


def _setting(name: str) -> str | None:
    """An operator's own detail: the app setting, else EQKG_<NAME> (eqkg.settings), else None."""
    value = current_app.config.get(name) or settings.get(name.lower())
    return (str(value).strip() or None) if value else None


def operator_and_contact() -> dict[str, str]:
    """Who runs this copy and how to reach them, in the page's language."""
    return {"operator": _setting("OPERATOR") or t("pages.a11y.operator_default"),
            "contact": _setting("CONTACT") or t("pages.a11y.contact_default")}


@bp.get("/accessibility")
def accessibility() -> Any:
    results = ("axe", "reflow", "focus", "language", "manual", "screenreader")
    return render_template("pages/accessibility.html", site=request.host_url.rstrip("/"),
                           results=results, axe=AXE_VERSION, **operator_and_contact())


@bp.get("/help", endpoint="help")
def help_page() -> Any:
    return render_template("pages/help.html")


@bp.get("/privacy")
def privacy() -> Any:
    return render_template("pages/privacy.html", **operator_and_contact())
