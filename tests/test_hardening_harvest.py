"""Issue 17, point 3: a harvest is bounded in time and size and never follows a redirect
off its origin, so no answer is stored credited to the wrong endpoint.

Before the fix (SPARQLWrapper over urllib), a 301/302/303 to another host was followed
and its answer stored as the original endpoint's, a redirect to ftp:// opened a
connection, `--timeout` bounded each socket read only (a server sending 1 byte a
second held the harvest indefinitely) and an answer of any size was read whole.
Each test runs against small HTTP servers on ephemeral loopback ports.
"""

from __future__ import annotations

import contextlib
import gc
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eqkg.cli import main
from eqkg.namespaces import GRAPH
from eqkg.publish.harvest import HarvestError, harvest
from eqkg.store import Store

TARGET = str(GRAPH) + "harvest/hardening"
PROV = "http://www.w3.org/ns/prov#wasDerivedFrom"
PAGE = b"".join(b'<https://data.example.org/id/thing/%d> <http://www.w3.org/2000/01/rdf-schema#label>'
                b' "thing %d" .\n' % (i, i) for i in range(3))


class Endpoint(BaseHTTPRequestHandler):
    """A loopback endpoint whose behaviour each test sets (class attributes of a subclass)."""

    behaviour = "page"
    location = ""
    status = 302
    requests: list[str]
    sent = 0  # bytes of the body written so far ("huge")

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.answer()

    def do_GET(self) -> None:  # noqa: N802
        self.answer()

    def answer(self) -> None:
        type(self).requests.append(f"{self.command} {self.path.split('?')[0]}")
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            getattr(self, "answer_" + self.behaviour)()

    def answer_page(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def answer_redirect(self) -> None:
        if self.path.startswith("/moved"):
            return self.answer_page()
        self.send_response(self.status)
        self.send_header("Location", self.location)
        self.send_header("Content-Length", "0")
        self.end_headers()
        return None

    def answer_trickle(self) -> None:
        """Headers at once, then one byte of the body a second."""
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.flush()
        for byte in PAGE[:20]:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(1)

    def answer_trickle_head(self) -> None:
        """The status line and headers themselves, one byte a second."""
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/turtle\r\nX-Slow: " + b"x" * 100
        for byte in head[:20]:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(1)
        self.close_connection = True

    def answer_huge(self) -> None:
        """An endless answer (stopped at 256 MB), sent as fast as it is read."""
        self.send_response(200)
        self.send_header("Content-Type", "application/n-triples")
        self.send_header("Content-Length", str(1536 * 1024 * 1024))
        self.end_headers()
        line = b'<https://data.example.org/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "%s" .\n'
        chunk = b"".join(line % (b"y" * 40) for _ in range(600))
        while type(self).sent < 256 * 1024 * 1024:
            self.wfile.write(chunk)
            type(self).sent += len(chunk)

    def answer_slow_pages(self) -> None:
        """Full pages of one new triple each, half a second apart, for ever."""
        time.sleep(0.5)
        body = (b'<https://data.example.org/id/n%d> <http://www.w3.org/2000/01/rdf-schema#label>'
                b' "n" .\n' % len(type(self).requests))
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[Any]:
    """Start loopback endpoints: serve(behaviour, **attributes) -> (url, handler class)."""
    servers: list[QuietServer] = []

    def start(behaviour: str, **attributes: Any) -> tuple[str, type[Endpoint]]:
        handler = type("Handler", (Endpoint,), {"behaviour": behaviour, "requests": [],
                                                 "sent": 0, **attributes})
        server = QuietServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/sparql", handler

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def listener() -> Iterator[tuple[int, list[object]]]:
    """A bare TCP port that records every connection made to it (an 'FTP server')."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    seen: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, address = sock.accept()
            except OSError:
                continue
            seen.append(address)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], seen
    stop.set()
    thread.join(timeout=2)
    sock.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty writable store holding a previous harvest that a failure must leave alone."""
    store = Store(tmp_path / "store")
    store.replace_graph(TARGET, [])
    yield store
    del store
    gc.collect()


def previous(store: Store) -> int:
    return store.graphs().get(TARGET, 0)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_port_is_refused(serve: Any, store: Store, status: int) -> None:
    other, other_handler = serve("page")
    url, _ = serve("redirect", location=other, status=status)
    with pytest.raises(HarvestError, match=f"redirected the harvest to {other}, another origin"):
        harvest(store, url, TARGET, timeout=5)
    assert other_handler.requests == []  # never contacted
    assert previous(store) == 0


@pytest.mark.parametrize("target", ["http://localhost:{port}/moved", "https://127.0.0.1:{port}/x",
                                    "//localhost:{port}/moved"])
def test_a_redirect_to_another_host_or_scheme_is_refused(serve: Any, store: Store,
                                                         target: str) -> None:
    url, handler = serve("redirect")
    port = url.split(":")[2].split("/")[0]
    handler.location = target.format(port=port)
    with pytest.raises(HarvestError, match="another origin"):
        harvest(store, url, TARGET, timeout=5)
    assert handler.requests == ["POST /sparql"]


def test_a_redirect_to_ftp_opens_no_connection(serve: Any, store: Store,
                                               listener: tuple[int, list[object]]) -> None:
    port, connections = listener
    url, _ = serve("redirect", location=f"ftp://127.0.0.1:{port}/plan.ttl")
    with pytest.raises(HarvestError, match="which is not http\\(s\\); refused"):
        harvest(store, url, TARGET, timeout=5, follow_other_origins=True)
    time.sleep(0.5)
    assert connections == []


def test_a_same_origin_redirect_is_followed_and_credited_to_who_answered(
        serve: Any, store: Store) -> None:
    url, handler = serve("redirect", status=307)
    handler.location = "/moved/sparql"
    result = harvest(store, url, TARGET, timeout=5)
    moved = url.replace("/sparql", "/moved/sparql")
    assert (result.triples, result.pages, result.answered_by) == (3, 1, (moved,))
    assert handler.requests == ["POST /sparql", "POST /moved/sparql"]
    credited = {str(o) for o in store.graph_triples(TARGET).objects(predicate=_iri(PROV))}
    assert credited == {moved}


def test_a_cross_origin_redirect_when_allowed_is_credited_to_the_other_endpoint(
        serve: Any, store: Store) -> None:
    other, other_handler = serve("page")
    url, _ = serve("redirect", location=other, status=303)
    result = harvest(store, url, TARGET, timeout=5, follow_other_origins=True)
    assert result.answered_by == (other,) and result.triples == 3
    assert other_handler.requests == ["GET /sparql"]  # 303: the query moves into the URL
    graph = store.graph_triples(TARGET)
    assert {str(o) for o in graph.objects(predicate=_iri(PROV))} == {other}
    label = [str(o) for s, p, o in graph if str(p).endswith("#label") and str(s) == TARGET]
    assert label == [f"Harvested from {other} (asked at {url})"]


def test_redirect_loops_end(serve: Any, store: Store) -> None:
    url, handler = serve("redirect", status=302, location="/sparql")
    with pytest.raises(HarvestError, match="redirected the harvest more than 5 times"):
        harvest(store, url, TARGET, timeout=5)
    assert len(handler.requests) == 6


@pytest.mark.parametrize("behaviour", ["trickle", "trickle_head"])
def test_a_one_byte_a_second_answer_is_cut_off_at_the_time_limit(
        serve: Any, store: Store, behaviour: str) -> None:
    url, _ = serve(behaviour)
    started = time.monotonic()
    with pytest.raises(HarvestError, match="did not answer within 2 s"):
        harvest(store, url, TARGET, timeout=2)
    assert time.monotonic() - started < 3.5
    assert previous(store) == 0


def test_the_whole_harvest_has_a_deadline(serve: Any, store: Store) -> None:
    url, handler = serve("slow_pages")
    started = time.monotonic()
    with pytest.raises(HarvestError, match="ran past its deadline of 1.8 s"):
        harvest(store, url, TARGET, page_size=1, timeout=5, deadline=1.8)
    assert time.monotonic() - started < 3
    assert 2 <= len(handler.requests) <= 4


def test_an_oversized_answer_is_refused_as_it_streams(serve: Any, store: Store) -> None:
    url, handler = serve("huge")
    started = time.monotonic()
    with pytest.raises(HarvestError, match="sent an answer larger than 1 MB, this harvest's "
                                           "limit per answer"):
        harvest(store, url, TARGET, timeout=30, max_bytes=1024 * 1024)
    assert time.monotonic() - started < 10
    time.sleep(0.3)
    # Stopped after about 1 MB (plus what the sockets' buffers held), not 1.5 GB.
    assert handler.sent < 16 * 1024 * 1024
    assert previous(store) == 0


def test_cli_harvest_limits_and_redirect_flag(serve: Any, tmp_path: Path) -> None:
    runner = CliRunner()
    store_dir = str(tmp_path / "cli-store")
    huge, _ = serve("huge")
    result = runner.invoke(main, ["--store", store_dir, "harvest", huge, "--max-mb", "1"])
    assert result.exit_code == 1
    assert result.output == (f"Error: {huge} sent an answer larger than 1 MB, this harvest's "
                             "limit per answer; stopped (use a smaller --page-size, or raise "
                             "--max-mb)\n")
    other, _ = serve("page")
    url, _ = serve("redirect", location=other, status=301)
    # A failed command's traceback keeps its store open until collected: a fresh store each.
    refused = runner.invoke(main, ["--store", store_dir + "2", "harvest", url])
    assert refused.exit_code == 1 and "another origin" in refused.output
    followed = runner.invoke(main, ["--store", store_dir + "3", "harvest", url,
                                    "--follow-cross-origin-redirects"])
    assert followed.exit_code == 0, followed.output
    assert followed.output.startswith(f"Harvested 3 triples in 1 page(s) from {other} into <")


def _iri(value: str) -> Any:
    from rdflib import URIRef

    return URIRef(value)
