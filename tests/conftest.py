"""Shared fixtures: a store built from the repository's assets, and a live server on loopback."""

from __future__ import annotations

import gc
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import Graph

from eqkg import config
from eqkg.ingest.sources import Source
from eqkg.loader import load_all
from eqkg.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = config.seeds_dir()
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seed documents at {SEEDS}")


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once per test session from ontology/, vocab and data/ (with inference)."""
    path = tmp_path_factory.mktemp("store") / "store"
    store = Store(path)
    load_all(store)
    store.flush()
    del store
    gc.collect()
    return path


@pytest.fixture(scope="session")
def store(store_path: Path) -> Store:
    """The session store, read-only: tests must not change it."""
    return Store.open_read_only(store_path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(store_path: Path, *extra: str, env: dict[str, str] | None = None
                 ) -> tuple[subprocess.Popen[bytes], str]:
    """Start `eqkg serve` as a real process on a free loopback port and wait until it answers."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "eqkg.cli", "--store", str(store_path), "serve",
         "--host", "127.0.0.1", "--port", str(port), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            raise RuntimeError(f"eqkg serve exited early: {out}")
        try:
            requests.get(url + "/", timeout=1)
            return proc, url
        except requests.ConnectionError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("eqkg serve did not start within 30 s")


@pytest.fixture(scope="session")
def live_server(store_path: Path) -> Iterator[str]:
    """The base URL of `eqkg serve` running on loopback over the session store."""
    proc, url = start_server(store_path)
    yield url
    stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server started by start_server (politely, then not)."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def source_graph(source: Source, which: str) -> Graph:
    """A seed document's graph, either parsed now from the seed ("parsed") or as committed
    in data/ ("committed"), so the same assertions check the parser and the data."""
    from eqkg.ingest import ingest_file

    if which == "committed":
        return Graph().parse(config.asset_dir("data") / f"{source.slug}.ttl")
    seed = config.seeds_dir() / source.seed
    if not seed.is_file():
        pytest.skip(f"no seed document at {seed}")
    return ingest_file(seed).graph

# ---------------------------------------------------------------- a real browser (Debian's Chromium)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
#: Browser tests skip, with this reason, only where scripts/install_browser.sh could not install Chromium.
needs_browser = pytest.mark.skipif(
    not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)),
    reason="no Chromium/ChromeDriver: run scripts/install_browser.sh (make test does)")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium through Selenium, offline (Selenium Manager never downloads)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()

# -------------------------------------------------------- real SPARQL servers (tests/servers.py)

def _running_server(kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Start one server for the session; skip with the install command where it is not
    installed (fail instead under CI, where scripts/install_stores.sh must have run)."""
    import servers

    folder = tmp_path_factory.mktemp(kind)
    try:
        # A server-side time limit, so a query a client gave up on stops on the server too.
        server = (servers.start_oxigraph(folder, timeout_s=5) if kind == "oxigraph"
                  else servers.start_virtuoso(folder))
    except servers.ServerUnavailable as missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} (CI must run the server tests)")
        pytest.skip(str(missing))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A running Oxigraph server (no authentication; union default graph per request): a
    servers.SparqlServer with query_url, update_url, gsp_url, auth, kind and reset()."""
    yield from _running_server("oxigraph", tmp_path_factory)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A running Virtuoso (Digest-authenticated endpoints for a write user): a
    servers.SparqlServer with query_url, update_url, gsp_url, auth, kind and reset()."""
    yield from _running_server("virtuoso", tmp_path_factory)


@pytest.fixture(params=["oxigraph", "virtuoso"])
def sparql_server(request: pytest.FixtureRequest) -> object:
    """Each real server in turn, emptied (reset) before the test."""
    server = request.getfixturevalue(f"{request.param}_server")
    server.reset()
    return server
