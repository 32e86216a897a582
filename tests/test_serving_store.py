"""A store is complete or refused (#17 point 4, #13 item 5): `eqkg load` builds beside the
store and switches a link; a killed load leaves the old store; `eqkg serve` keeps answering
through a load and then answers from the new build."""

from __future__ import annotations

import gc
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from conftest import start_server, stop

from eqkg.loader import builds_dir
from eqkg.store import COMPLETE_MARKER, Store, read_marker

G1 = "https://w3id.org/eqkg/graph/test"


def eqkg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "eqkg.cli", *args], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})


def copy_store(source: Path, target: Path) -> Path:
    """A private copy of the session store in the new layout (a link to a build)."""
    build = builds_dir(target) / "seed"
    build.parent.mkdir(parents=True)
    shutil.copytree(os.path.realpath(source), build)
    os.symlink(os.path.relpath(build, target.parent), target)
    return target


def graph_count(store: Path) -> int:
    result = eqkg("--store", str(store), "info")
    assert result.returncode == 0, result.stderr
    return int(result.stdout.splitlines()[-1].split()[0])


def test_a_store_without_its_marker_is_refused_by_every_reader(tmp_path: Path) -> None:
    writer = Store(tmp_path / "s")  # written in place, as a load killed part-way leaves it
    writer.replace_graph(G1, [])
    writer.flush()
    del writer
    gc.collect()
    for args in (("info",), ("query", "ASK {}"), ("check",),
                 ("serve", "--port", "0")):
        result = eqkg("--store", str(tmp_path / "s"), *args)
        assert result.returncode == 1, args
        assert "incomplete" in result.stderr and "eqkg load" in result.stderr, args
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr


def test_load_switches_a_link_and_writes_the_marker_last(tmp_path: Path) -> None:
    store = tmp_path / "var" / "store"
    result = eqkg("--store", str(store), "load", "-q", "--no-infer")
    assert result.returncode == 0, result.stderr
    assert store.is_symlink()
    build = Path(os.path.realpath(store))
    assert build.parent == builds_dir(store)
    marker = read_marker(store)
    assert marker is not None and marker["inferred"] is False and marker["graphs"] == 20
    assert (build / COMPLETE_MARKER).is_file()
    # --no-infer leaves the inferred graphs missing: `eqkg check` says so and fails.
    check = eqkg("--store", str(store), "check")
    assert check.returncode == 1
    assert "8 inferred graph(s) are missing or out of date" in check.stderr


def test_a_killed_load_leaves_the_old_complete_store(store_path: Path, tmp_path: Path) -> None:
    store = copy_store(store_path, tmp_path / "store")
    before = graph_count(store)
    assert before == 29  # issue 16: + vocab/sector, curated/sectors, inferred/similarity
    old_build = os.path.realpath(store)
    load = subprocess.Popen([sys.executable, "-m", "eqkg.cli", "--store", str(store), "load"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Kill it while it writes graphs into its new build (the progress bar says "store ...").
    deadline = time.monotonic() + 60
    seen = b""
    assert load.stderr is not None
    while time.monotonic() < deadline and b"store https" not in seen:
        ready, _, _ = select.select([load.stderr], [], [], 0.5)
        if ready:
            seen += os.read(load.stderr.fileno(), 65536)
    assert b"store https" in seen, seen
    os.kill(load.pid, signal.SIGKILL)
    load.wait()
    partial = [p for p in builds_dir(store).iterdir() if str(p) != old_build]
    assert len(partial) == 1 and read_marker(partial[0]) is None  # the half-built store
    assert os.path.realpath(store) == old_build
    assert graph_count(store) == before
    # The next load removes what the killed one left and switches to a complete build.
    result = eqkg("--store", str(store), "load", "-q")
    assert result.returncode == 0, result.stderr
    assert not partial[0].exists()
    assert graph_count(store) == 29


def test_a_killed_first_load_leaves_no_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load = subprocess.Popen([sys.executable, "-m", "eqkg.cli", "--store", str(store), "load"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
            builds_dir(store).is_dir() and any(builds_dir(store).iterdir())):
        time.sleep(0.05)
    time.sleep(1.0)
    os.kill(load.pid, signal.SIGKILL)
    load.wait()
    result = eqkg("--store", str(store), "info")
    assert result.returncode == 1
    assert "no store" in result.stderr and "eqkg load" in result.stderr


COUNT = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a eq:ProtectedCharacteristic }"
EXTRA = """@prefix eq: <https://w3id.org/eqkg/ontology#> .
<https://w3id.org/eqkg/id/test-characteristic> a eq:ProtectedCharacteristic .
"""


def test_load_while_serving_switches_without_a_failed_request(store_path: Path,
                                                              tmp_path: Path) -> None:
    """#13 item 5: queries in a loop during `eqkg load` all succeed; the new data follows."""
    home = tmp_path / "home"
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(Path(__file__).resolve().parents[1] / folder, home / folder)
    store = copy_store(store_path, tmp_path / "store")
    proc, url = start_server(store, "--query-workers", "2", "--timeout", "20",
                             env={"EQKG_HOME": str(home)})
    statuses: list[int] = []
    answers: list[int] = []
    stop_loop = threading.Event()

    def loop() -> None:
        while not stop_loop.is_set():
            r = requests.get(url + "/sparql", params={"query": COUNT, "format": "json"},
                             timeout=30)
            statuses.append(r.status_code)
            if r.status_code == 200:
                answers.append(int(r.json()["results"]["bindings"][0]["n"]["value"]))
            time.sleep(0.05)

    try:
        thread = threading.Thread(target=loop)
        thread.start()
        time.sleep(0.5)
        (home / "data" / "zz-test.ttl").write_text(EXTRA, encoding="utf-8")
        result = eqkg("--store", str(store), "load", "-q", env={"EQKG_HOME": str(home)})
        assert result.returncode == 0, result.stderr
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not answers or answers[-1] != 10):
            time.sleep(0.2)
        time.sleep(0.5)
        stop_loop.set()
        thread.join()
        # The answer cache was cleared too: a page asks the new store.
        page = requests.get(url + "/sparql", params={"query": COUNT, "format": "json"})
        assert page.json()["results"]["bindings"][0]["n"]["value"] == "10"
    finally:
        stop_loop.set()
        stop(proc)
    assert set(statuses) == {200}, statuses
    assert answers[0] == 9 and answers[-1] == 10
    assert len(statuses) >= 20


def test_two_loads_in_the_same_second_get_their_own_builds(tmp_path) -> None:
    """A second load within one second from one process found the first one's build folder
    ("Directory exists"): each build gets a fresh folder."""
    from click.testing import CliRunner

    from eqkg.cli import main

    runner = CliRunner()
    store = str(tmp_path / "store")
    for _ in range(3):
        result = runner.invoke(main, ["--store", store, "load", "-q", "--no-infer"])
        assert result.exit_code == 0, result.output
