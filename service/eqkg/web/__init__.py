"""The Flask web app: home page, and the blueprints of each feature.

Views stay thin: they parse the request, call a library function and render.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, jsonify, render_template, request

from .. import __version__, config
from ..errors import EqkgError
from ..i18n import pick_lang, t
from ..store import Store

# Menu entries, shown when the feature's blueprint is registered.
NAV_LINKS = (
    ("queries.index", "nav.queries"),
    ("sparql.editor", "nav.sparql"),
    ("validate.form", "nav.validate"),
    ("linked.dataset", "nav.dataset"),
    ("linked.ontology", "nav.ontology"),
)


def create_app(store_path: str | os.PathLike[str] | None = None, **settings: Any) -> Flask:
    """Build the app; `settings` override Flask config keys (e.g. SPARQL_TIMEOUT)."""
    app = Flask(__name__)
    app.config.update(
        STORE_PATH=str(config.store_path(store_path)),
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        JSON_SORT_KEYS=False,
    )
    app.config.update(settings)

    @app.before_request
    def _choose_language() -> None:
        g.lang = pick_lang(request.args.get("lang"), request.headers.get("Accept-Language"))

    @app.context_processor
    def _helpers() -> dict[str, Any]:
        nav = [(e, k) for e, k in NAV_LINKS if e in app.view_functions]
        return {"t": t, "lang": g.get("lang", "en"),
                "version": __version__, "nav_links": nav}

    @app.errorhandler(EqkgError)
    def _eqkg_error(exc: EqkgError) -> Any:
        return error_response(str(exc), exc.http_status)

    from .home import bp as home_bp

    app.register_blueprint(home_bp)
    # Feature blueprints register here (one line each).
    from .sparql import bp as sparql_bp
    from .sparql import with_answer_cache

    app.register_blueprint(sparql_bp)
    with_answer_cache(app)
    from .linked import bp as linked_bp

    app.register_blueprint(linked_bp)
    from .validate import bp as validate_bp

    app.register_blueprint(validate_bp)
    from .queries import bp as queries_bp

    app.register_blueprint(queries_bp)
    from .reasoning import bp as reasoning_bp

    app.register_blueprint(reasoning_bp)
    return app


def get_store() -> Store:
    """The app's read-only store, opened on first use and shared by all requests."""
    store = current_app.extensions.get("eqkg.store")
    if store is None:
        path = Path(current_app.config["STORE_PATH"])
        store = Store.open_read_only(path)
        current_app.extensions["eqkg.store"] = store
    return store


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" or request.args.get("format") == "json"


def error_response(message: str, status: int) -> Any:
    """An error as JSON for machines and as a page for people."""
    if wants_json() or request.path.startswith(("/api/", "/sparql")):
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", message=message, status=status), status
