"""Issue 17, points 6 and 10: no 5xx for hostile addresses; security headers on every
answer; a per-client limit on uploads with a clear 429 in the page's language.

Before the fix, /id/ and /vocab/ paths holding a space, backslash, `|`, `"`, `<`, NUL
or bytes that were not UTF-8 answered 500 ("Invalid IRI code point"), a raw byte
that was not UTF-8 in the query string of `//` answered 500 (UnicodeDecodeError),
no answer carried Content-Security-Policy, X-Content-Type-Options, X-Frame-Options
or Referrer-Policy, and uploads were not limited.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from eqkg.web import create_app


@pytest.fixture(scope="module")
def client(store_path: Path) -> FlaskClient:
    return create_app(store_path).test_client()


HOSTILE_PATHS = [
    "/id/a%20b", "/id/a b", "/id/a%5Cb", "/id/a\\b", "/id/a|b", "/id/a%7Cb", '/id/a"b',
    "/id/a%22b", "/id/a<b", "/id/a%3Cb", "/id/a%00b", "/id/%ff", "/id/%c3%28", "/id/a%20b.ttl",
    "/id/organisation/gwent-police%20x", "/vocab/a%20b", "/vocab/a|b", "/vocab/%00",
    "/vocab/characteristic/race%7C.jsonld", "/vocab/%ed%a0%80",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_path_that_cannot_be_an_iri_is_404_not_500(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert "is not a valid IRI" in response.get_json()["error"]
    assert client.get(path).status_code == 404  # the HTML page too


def raw_request(url: str, target: bytes) -> tuple[int, bytes]:
    """Send `target` byte for byte (no client library would send these bytes)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


@pytest.mark.parametrize("target", [b"//?\xff", b"//x?\xff", b"/?\xff", b"/sparql?\xff",
                                    b"/id/organisation/gwent-police?lang=\xc3\x28",
                                    b"/id/a%20b", b"/id/a|b", b"/id/%ff", b"/vocab/a%22b"])
def test_raw_bytes_over_http_give_a_4xx(live_server: str, target: bytes) -> None:
    status, data = raw_request(live_server, target)
    assert 400 <= status < 500, data[:300]


def test_a_query_string_that_is_not_utf8_is_400_in_the_page_language(
        client: FlaskClient) -> None:
    page = client.get("//", environ_overrides={"QUERY_STRING": "\xff"},
                      headers={"Accept-Language": "cy"})
    assert page.status_code == 400
    assert "Nid yw cyfeiriad y cais hwn yn destun UTF-8 dilys" in page.get_data(as_text=True)
    api = client.get("/api/queries", environ_overrides={"QUERY_STRING": "a=\xc3\x28"})
    assert api.status_code == 400
    assert api.get_json()["error"].startswith("The address of this request is not valid UTF-8")


ROUTES = ["/", "/editor", "/sparql", "/sparql?query=ASK%7B%7D", "/dataset", "/ontology",
          "/id/organisation/gwent-police", "/vocab/characteristic/race.ttl", "/context.jsonld",
          "/validate", "/queries", "/api/queries", "/static/eqkg.css", "/no/such/page",
          "/id/a%20b"]


@pytest.mark.parametrize("path", ROUTES)
def test_every_answer_carries_the_security_headers(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code < 500
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = dict(part.strip().split(" ", 1) for part in
               response.headers["Content-Security-Policy"].split(";"))
    assert csp["frame-ancestors"] == "'none'"
    assert csp["default-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert re.fullmatch(r"'self' 'nonce-[A-Za-z0-9_-]{22}'", csp["script-src"])
    assert csp["connect-src"] == "'self'"


def test_the_editor_script_carries_the_nonce_of_its_answer(client: FlaskClient) -> None:
    first, second = client.get("/editor"), client.get("/editor")
    nonces = []
    for response in (first, second):
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])[1]
        scripts = re.findall(r"<script([^>]*)>", response.get_data(as_text=True))
        assert scripts == [' src="/static/yasgui/yasgui.min.js"', ' src="/static/yasgui-labels.js"',
                           f' nonce="{nonce}"', ' type="module" src="/static/eqkg.js"']
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_uploads_are_limited_per_client_with_a_429(store_path: Path) -> None:
    client = create_app(store_path, UPLOAD_RATE_LIMIT="3/minute").test_client()
    for _ in range(3):
        assert client.post("/api/validate", data=b"", content_type="text/csv").status_code == 400
    refused = client.post("/api/validate", data=b"", content_type="text/csv")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 20
    assert refused.get_json()["error"].startswith(
        "Too many uploads from your address: this site validates at most 3 a minute")
    page = client.post("/validate?lang=cy", data={"text": "x"})
    assert page.status_code == 429
    text = page.get_data(as_text=True)
    assert "Gormod o geisiadau" in text and "3 y funud ar y mwyaf" in text
    other = client.post("/api/validate", data=b"", content_type="text/csv",
                        environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 400  # another client has its own allowance
    assert client.get("/validate").status_code == 200  # reading the form is not limited
    assert client.get("/api/queries").status_code == 200


def test_the_token_bucket_refills_at_its_rate() -> None:
    from eqkg.web import TokenBucket

    bucket = TokenBucket(2, per=60.0)
    assert [bucket.take("a", now=0.0) for _ in range(3)] == [0.0, 0.0, 30.0]
    assert bucket.take("b", now=0.0) == 0.0
    assert bucket.take("a", now=29.0) == pytest.approx(1.0)
    assert bucket.take("a", now=61.0) == 0.0
    small = TokenBucket(1, per=60.0, max_keys=2)
    for key in ("x", "y", "z"):
        small.take(key, now=0.0)
    assert small.take("x", now=0.0) == 0.0  # forgotten, so full again


def test_the_upload_limit_setting() -> None:
    from eqkg.web import DEFAULT_UPLOAD_RATE, upload_rate

    assert upload_rate(None) == DEFAULT_UPLOAD_RATE == 20
    assert upload_rate("5/minute") == 5 and upload_rate(" 7 ") == 7
    assert upload_rate("0") == 0 and upload_rate("off") == 0
    with pytest.raises(Exception, match="must be a number per minute"):
        upload_rate("fast")


def test_werkzeug_errors_use_the_site_error_page(client: FlaskClient) -> None:
    missing = client.get("/no/such/page?lang=cy")
    assert missing.status_code == 404
    assert "Nid oes tudalen yn y cyfeiriad hwn." in missing.get_data(as_text=True)
    wrong = client.delete("/api/queries")
    assert wrong.status_code == 405
    assert wrong.get_json() == {"error": "This address does not accept that kind of request.",
                                "status": 405}
    assert "GET" in wrong.headers["Allow"]
