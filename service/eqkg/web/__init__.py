"""The Flask web app: home page, and the blueprints of each feature.

Views stay thin: they parse the request, call a library function and render.
The factory also holds what every route shares on the public web (decision
0009): security headers on every answer, one error page for every 4xx/5xx,
raw request bytes that are not UTF-8 answered 400, and a per-client rate
limit on uploads.
"""

from __future__ import annotations

import logging
import math
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.middleware.proxy_fix import ProxyFix

from .. import __version__, config
from ..errors import EqkgError, InputError
from ..i18n import format_date, pick_lang, t, tn, welsh_translations, yasgui_labels, yes_no
from ..i18n.errors import localise
from ..settings import get as setting
from ..store import TripleStore, open_store

log = logging.getLogger(__name__)

# Uploads each client may send per minute to POST /validate and /api/validate.
DEFAULT_UPLOAD_RATE = 20
# Routes whose work is large per request (a plan is parsed and validated).
RATE_LIMITED = frozenset({"validate.results", "validate.api"})


def content_security_policy(nonce: str) -> str:
    """Everything from this origin only: scripts by file or with this answer's nonce,
    styles may be inline (YASGUI and CodeMirror set them), no plugins, no framing."""
    return "; ".join((
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class TokenBucket:
    """At most `rate` events per `per` seconds for each key, refilled continuously.

    Kept in memory for the server process (waitress runs one), remembering the
    `max_keys` most recent clients; a forgotten client starts again with a full bucket.
    """

    def __init__(self, rate: int, per: float = 60.0, max_keys: int = 10_000):
        self.rate, self.per, self.max_keys = rate, per, max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str, now: float | None = None) -> float:
        """Spend one token: 0 when allowed, else the seconds until one is available."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(key, (float(self.rate), now))
            tokens = min(float(self.rate), tokens + (now - last) * self.rate / self.per)
            wait = 0.0
            if tokens >= 1:
                tokens -= 1
            else:
                wait = (1 - tokens) * self.per / self.rate
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
            return wait


def upload_rate(value: Any) -> int:
    """Uploads per minute from config/env: a positive number, or 0 / off for no limit."""
    if value is None or value == "":
        return DEFAULT_UPLOAD_RATE
    text = str(value).strip().lower().removesuffix("/minute").removesuffix("/min")
    if text in ("0", "off", "none", "unlimited"):
        return 0
    try:
        rate = int(text)
    except ValueError:
        raise EqkgError(f"the upload rate limit must be a number per minute (or 0 for none), "
                        f"not {value!r}") from None
    if rate < 0:
        raise EqkgError(f"the upload rate limit must not be negative, not {value!r}")
    return rate


class RejectUndecodableQuery:
    """WSGI middleware: a query string that is not UTF-8 cannot be read by any route
    (Werkzeug raises UnicodeDecodeError). It is dropped and marked, so the app answers
    400 with its usual error page instead of failing with 500."""

    def __init__(self, app: Callable[..., Iterable[bytes]]):
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        raw = environ.get("QUERY_STRING", "")
        try:
            raw.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            environ["QUERY_STRING"] = ""
            environ["eqkg.bad_query_string"] = True
        return self.app(environ, start_response)

# Menu entries, shown when the feature's blueprint is registered.
NAV_LINKS = (
    ("queries.index", "nav.queries"),
    ("sparql.editor", "nav.sparql"),
    ("validate.form", "nav.validate"),
    ("coverage.page", "nav.coverage"),
    ("linked.dataset", "nav.dataset"),
    ("linked.ontology", "nav.ontology"),
)


def create_app(store_path: str | os.PathLike[str] | None = None, **settings: Any) -> Flask:
    """Build the app; `settings` override Flask config keys (e.g. SPARQL_TIMEOUT)."""
    app = Flask(__name__)
    app.config.update(
        STORE_PATH=config.store_location(store_path),
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        JSON_SORT_KEYS=False,
    )
    app.config.update(settings)
    rate = upload_rate(app.config.get("UPLOAD_RATE_LIMIT", setting("upload_rate_limit")))
    uploads = TokenBucket(rate) if rate else None
    app.extensions["eqkg.upload_limit"] = uploads
    _with_babel(app)

    @app.before_request
    def _choose_language() -> None:
        g.csp_nonce = secrets.token_urlsafe(16)
        g.lang = pick_lang(request.args.get("lang"), request.headers.get("Accept-Language"))
        if request.environ.get("eqkg.bad_query_string"):
            raise InputError(t("error.bad_query_string"))

    @app.before_request
    def _limit_uploads() -> Any:
        if uploads is None or request.endpoint not in RATE_LIMITED:
            return None
        wait = uploads.take(request.remote_addr or "unknown")
        if not wait:
            return None
        seconds = max(1, math.ceil(wait))
        body, status = error_response(t("error.rate_limited", limit=rate, seconds=seconds), 429)
        response = app.make_response((body, status))
        response.headers["Retry-After"] = str(seconds)
        return response

    @app.after_request
    def _security_headers(response: Response) -> Response:
        nonce = g.get("csp_nonce") or secrets.token_urlsafe(16)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(nonce))
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.context_processor
    def _helpers() -> dict[str, Any]:
        nav = [(e, k) for e, k in NAV_LINKS if e in app.view_functions]
        return {"t": t, "tn": tn, "format_date": format_date, "yes_no": yes_no,
                "yasgui_labels": yasgui_labels,
                "lang": g.get("lang", "en"), "csp_nonce": g.get("csp_nonce", ""),
                "version": __version__, "nav_links": nav}

    @app.errorhandler(EqkgError)
    def _eqkg_error(exc: EqkgError) -> Any:
        return error_response(str(exc), exc.http_status)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Any:
        """Werkzeug's 4xx/5xx (unknown path, wrong method, ...) as this site's error page,
        or JSON for machines; redirects pass through."""
        if exc.code is None or exc.code < 400:
            return exc
        message = exc.description or t("error.other")
        if message == type(exc).description:  # Werkzeug's own English wording
            key = f"error.default.{exc.code}"
            message = t(key) if t(key) != key else message
        body, status = error_response(message, exc.code)
        response = app.make_response((body, status))
        for name, value in exc.get_headers():
            if name.lower() not in ("content-type", "content-length"):
                response.headers[name] = value
        return response

    @app.errorhandler(InternalServerError)
    def _server_error(exc: InternalServerError) -> Any:
        """An unexpected failure: logged with its traceback, answered without it."""
        return error_response(t("error.unexpected"), 500)

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
    from .similar import bp as similar_bp

    app.register_blueprint(similar_bp)
    from .pages import bp as pages_bp

    app.register_blueprint(pages_bp)
    from .coverage import bp as coverage_bp

    app.register_blueprint(coverage_bp)
    app.wsgi_app = RejectUndecodableQuery(app.wsgi_app)  # type: ignore[method-assign]
    hops = _count(app.config.get("TRUSTED_PROXIES", setting("trusted_proxies")),
                  "the number of trusted proxies")
    if hops:
        # Behind a reverse proxy, the client (for the upload limit) is the address the
        # proxy saw, and the site's own URL is the one the proxy was asked for.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops,  # type: ignore[method-assign]
                                x_proto=hops, x_host=hops)
    return app


def _with_babel(app: Flask) -> None:
    """Flask-Babel for the request's locale (the language chosen in `_choose_language`)
    and its gettext/format_date in templates; its Welsh catalogue is the one eqkg.i18n
    reads from the .po file at start-up (decision 0014), so nothing is compiled."""
    from flask_babel import Babel

    babel = Babel(app, locale_selector=lambda: g.get("lang", "en"))
    with app.app_context():
        babel.domain_instance.cache[("cy", "messages")] = welsh_translations()


def _count(value: Any, what: str) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        raise EqkgError(f"{what} must be a whole number, not {value!r}") from None
    if number < 0:
        raise EqkgError(f"{what} must not be negative, not {value!r}")
    return number


def open_served_store() -> TripleStore:
    """The store itself (a folder read-only, or a SPARQL server), opened on first use: the
    query runner reads it; pages read through `get_store`."""
    store = current_app.extensions.get("eqkg.store.inner")
    if store is None:
        store = open_store(current_app.config["STORE_PATH"], read_only=True,
                           settings=current_app.config.get("EQKG_SETTINGS"))
        current_app.extensions["eqkg.store.inner"] = store
    return store


def get_store() -> TripleStore:
    """The app's store as pages see it: every read through the one query path (guard,
    time limit, row and byte caps, cache; eqkg.sparql.service), shared by all requests."""
    store = current_app.extensions.get("eqkg.store")
    if store is None:
        from .sparql import served_store

        store = served_store()
        current_app.extensions["eqkg.store"] = store
    return store


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" or request.args.get("format") == "json"


def error_response(message: str, status: int) -> Any:
    """An error as JSON for machines and as a page for people."""
    if wants_json() or request.path.startswith(("/api/", "/sparql")):
        return jsonify({"error": message, "status": status}), status
    shown = localise(message, g.get("lang", "en")) if isinstance(message, str) else message
    return render_template("error.html", message=shown, status=status), status
