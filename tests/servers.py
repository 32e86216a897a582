"""Real SPARQL servers for the remote-store tests: Oxigraph server and Virtuoso Open Source.

Each server is its own process on free loopback ports with its data in a temporary folder,
started by `start_oxigraph` / `start_virtuoso` (the session fixtures `oxigraph_server` and
`virtuoso_server` in conftest.py call them) and always stopped. scripts/install_stores.sh
installs both; where it could not (no root, no apt-get) the fixtures skip with the command
to run, except under CI (the CI variable set), where a missing server fails the run.

The two servers differ; docs/stores-servers.md says how, and tests/test_servers.py proves
each protocol operation eqkg uses on both:
- Oxigraph: /query, /update, /store (Graph Store Protocol), no authentication; started
  without --union-default-graph (which would make it ignore a query's FROM), so a client
  asks for the union per request with the `union-default-graph` parameter.
- Virtuoso: /sparql-auth and /sparql-graph-crud-auth for a user made here (Digest
  authentication, as Virtuoso ships); the default graph of a query is the union of
  all graphs, Virtuoso's own system graphs included (`system_graphs`).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

#: The command that installs both servers (what a skip message tells the reader to run).
INSTALL_COMMAND = "scripts/install_stores.sh (as root; `make test` runs it)"
VIRTUOSO_APT = "apt-get install --no-install-recommends virtuoso-opensource"
#: How long a server may take to answer its first query before the fixture gives up.
START_DEADLINE_S = 60.0


class ServerUnavailable(RuntimeError):
    """The server's program is not installed here (the fixture skips, or fails under CI)."""


@dataclass
class SparqlServer:
    """One running SPARQL server, as eqkg's remote store sees it.

    `auth` applies to all three URLs; `auth_scheme` says how to send it: "digest" for
    Virtuoso's authenticated endpoints (the only scheme they take), None for Oxigraph
    (no authentication). `requests_auth()` is the matching requests auth object.
    """

    kind: str  # "oxigraph" | "virtuoso"
    base_url: str
    query_url: str
    update_url: str
    gsp_url: str
    auth: tuple[str, str] | None
    auth_scheme: str | None
    folder: Path
    process: subprocess.Popen[bytes]
    #: Graphs the server keeps for itself (Virtuoso); reset() leaves them, queries see them.
    system_graphs: frozenset[str] = frozenset()
    #: Seconds from starting the process to the first answered query (setup included).
    startup_s: float = 0.0
    #: Virtuoso only: (isql port, dba password) for administration through isql-vt.
    admin: tuple[int, str] | None = field(default=None, repr=False)

    def requests_auth(self) -> AuthBase | None:
        """The requests auth object for `auth` in this server's scheme."""
        if self.auth is None:
            return None
        if self.auth_scheme == "digest":
            return HTTPDigestAuth(*self.auth)
        return HTTPBasicAuth(*self.auth)

    def graphs(self) -> set[str]:
        """The named graphs holding triples, the server's own system graphs left out.
        (GROUP BY, not DISTINCT: Virtuoso 7.2 times out on DISTINCT ?g at 100k triples.)"""
        answer = requests.post(
            self.query_url, data={"query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
            headers={"Accept": "application/sparql-results+json"},
            auth=self.requests_auth(), timeout=30)
        answer.raise_for_status()
        found = {b["g"]["value"] for b in answer.json()["results"]["bindings"]}
        return found - self.system_graphs

    def reset(self) -> None:
        """Empty every graph the tests could have written (all of them on Oxigraph, the
        default graph included; all but the system graphs on Virtuoso)."""
        if self.kind == "oxigraph":
            update = "DROP ALL"
        else:
            graphs = sorted(self.graphs())
            if not graphs:
                return
            update = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)
        answer = requests.post(self.update_url, data={"update": update},
                               auth=self.requests_auth(), timeout=60)
        answer.raise_for_status()

    def stop(self) -> None:
        """Stop the process (politely, then not) and remove its folder."""
        stop_process(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)


# --------------------------------------------------------------------------- helpers

def free_port() -> int:
    """A port nothing listens on now (the OS's choice for port 0 on loopback)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a server process and wait for it; kill it if it lingers."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def _die_with_parent() -> None:
    """In the child before exec: on Linux, be sent SIGTERM when the test process dies, so
    a killed pytest leaves no server behind (elsewhere the fixtures' teardown must do)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _wait_until_answering(proc: subprocess.Popen[bytes], url: str, log: Path,
                          auth: AuthBase | None = None,
                          deadline_s: float = START_DEADLINE_S) -> None:
    """Poll `url` (an ASK query) until it answers 200; raise with the log's tail if the
    process exits or the deadline passes."""
    deadline = time.monotonic() + deadline_s
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering:\n"
                               + _tail(log))
        try:
            answer = requests.get(url, params={"query": "ASK {}"}, auth=auth, timeout=2)
            if answer.status_code == 200:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"server did not answer within {deadline_s:.0f} s:\n"
                               + _tail(log))
        time.sleep(0.1)


@contextmanager
def _stopped_on_failure(proc: subprocess.Popen[bytes], folder: Path) -> Iterator[None]:
    try:
        yield
    except BaseException:
        stop_process(proc)
        shutil.rmtree(folder, ignore_errors=True)
        raise


# --------------------------------------------------------------------------- Oxigraph

def oxigraph_binary() -> str:
    """The `oxigraph` server program of the `oxigraph` PyPI package (in the venv)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        raise ServerUnavailable(
            f"the Oxigraph server is not installed: run {INSTALL_COMMAND}"
            " or `.venv/bin/pip install oxigraph`")
    return found


def start_oxigraph(folder: Path, *, timeout_s: int | None = None,
                   union_default_graph: bool = False) -> SparqlServer:
    """Start `oxigraph serve` on a free loopback port with its store in `folder`.

    `timeout_s` is Oxigraph's --timeout-s (a server-side limit on each query);
    `union_default_graph` its --union-default-graph (off: with it on, FROM is ignored)."""
    binary = oxigraph_binary()
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [binary, "serve", "--location", str(folder / "store"),
               "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    if timeout_s is not None:
        command += ["--timeout-s", str(timeout_s)]
    log = folder / "oxigraph.log"
    started = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    base = f"http://127.0.0.1:{port}"
    with _stopped_on_failure(proc, folder):
        _wait_until_answering(proc, base + "/query", log)
    return SparqlServer(kind="oxigraph", base_url=base, query_url=base + "/query",
                        update_url=base + "/update", gsp_url=base + "/store",
                        auth=None, auth_scheme=None, folder=folder, process=proc,
                        startup_s=time.monotonic() - started)


# --------------------------------------------------------------------------- Virtuoso

VIRTUOSO = "/usr/bin/virtuoso-t"
ISQL = "/usr/bin/isql-vt"
#: The user eqkg's tests write as (a SPARQL_UPDATE role, read and write on all graphs).
VIRTUOSO_USER = "eqkg"

VIRTUOSO_INI = """\
; A minimal Virtuoso for tests: its own files, loopback ports, little memory.
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
AllowOSCalls = 0
DirsAllowed = {dir}
; about 8 kB a buffer: {buffers} buffers is {buffer_mb} MB of page cache
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
MaxQueryMem = 256M

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 10
ServerThreads = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
; Virtuoso cuts a result at ResultSetMaxRows rows without an error (default 10000)
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = 0
; seconds; 0 = no limit. Past it Virtuoso may answer 200 with a partial result
MaxQueryExecutionTime = {max_query_s}
"""


def virtuoso_installed() -> bool:
    return os.access(VIRTUOSO, os.X_OK) and os.access(ISQL, os.X_OK)


def isql(port: int, password: str, sql: str, *, timeout: float = 60) -> str:
    """Run SQL through isql-vt as dba; raise with Virtuoso's message when a statement fails."""
    done = subprocess.run([ISQL, f"127.0.0.1:{port}", "dba", password],
                          input=sql + "\n", capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0 or "*** Error" in done.stdout or "*** Error" in done.stderr:
        raise RuntimeError(f"isql-vt failed ({done.returncode}): {done.stdout}{done.stderr}")
    return done.stdout


def start_virtuoso(folder: Path, *, max_query_s: int = 30, max_rows: int = 1_000_000,
                   buffers: int = 10_000) -> SparqlServer:
    """Start Virtuoso (`virtuoso-t +foreground`) with a fresh database in `folder`, on free
    loopback HTTP and ISQL ports; set a random dba password, make the write user and the
    and note the system graphs.

    `max_query_s` is [SPARQL] MaxQueryExecutionTime (0: none; without one, a query a client
    gave up on runs on in the server); `max_rows` is
    ResultSetMaxRows; `buffers` (8 kB each) bounds the page cache."""
    if not virtuoso_installed():
        raise ServerUnavailable(
            f"Virtuoso is not installed: run {INSTALL_COMMAND} or, as root, {VIRTUOSO_APT}")
    folder.mkdir(parents=True, exist_ok=True)
    http_port, isql_port = free_port(), free_port()
    while isql_port == http_port:
        isql_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(
        dir=folder, isql_port=isql_port, http_port=http_port, buffers=buffers,
        buffer_mb=buffers * 8 // 1000, dirty_buffers=buffers * 3 // 4, max_rows=max_rows,
        max_query_s=max_query_s))
    log = folder / "virtuoso.log"
    started = time.monotonic()
    with (folder / "virtuoso.out").open("wb") as out:
        # +foreground: the process is the server (nothing daemonised to lose track of)
        proc = subprocess.Popen([VIRTUOSO, "+configfile", str(ini), "+foreground"],
                                cwd=folder, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    base = f"http://127.0.0.1:{http_port}"
    dba_password = secrets.token_hex(12)
    user_password = secrets.token_hex(12)
    with _stopped_on_failure(proc, folder):
        _wait_until_answering(proc, base + "/sparql", log)
        # The fresh database's dba password is "dba": replace it first.
        isql(isql_port, "dba", f"USER_SET_PASSWORD('dba', '{dba_password}');")
        isql(isql_port, dba_password, "\n".join([
            f"DB.DBA.USER_CREATE('{VIRTUOSO_USER}', '{user_password}');",
            f'GRANT SPARQL_UPDATE TO "{VIRTUOSO_USER}";',
            # 3 = read and write, on every graph (1 = read only)
            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{VIRTUOSO_USER}', 3);",
            "checkpoint;",
        ]))
        server = SparqlServer(
            kind="virtuoso", base_url=base, query_url=base + "/sparql-auth",
            update_url=base + "/sparql-auth", gsp_url=base + "/sparql-graph-crud-auth",
            auth=(VIRTUOSO_USER, user_password), auth_scheme="digest", folder=folder,
            process=proc, admin=(isql_port, dba_password))
        _wait_until_answering(proc, server.query_url, log, auth=server.requests_auth())
        server.system_graphs = frozenset(server.graphs())
        server.startup_s = time.monotonic() - started
    return server
