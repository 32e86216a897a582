"""The `eqkg` command line: thin wrappers over the library, one-line errors, no tracebacks."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__, config
from .errors import EqkgError, InputError, NotFound
from .settings import Settings, load_settings, use_config_file
from .store import Store, TripleStore, in_memory, is_remote

FORMATS = click.Choice(["table", "csv", "json"])
SAVED_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class UnusableInput(click.ClickException):
    """Exit code 2, as for a usage error: the file, query or parameter given cannot be used as it is."""

    exit_code = 2


class FriendlyGroup(click.Group):
    """Turns every error into a one-line message: exit 2 for unusable input, 1 for anything else."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            raise UnusableInput(str(exc)) from None
        except EqkgError as exc:
            raise click.ClickException(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:  # noqa: BLE001 - last line of defence for users
            raise click.ClickException(f"unexpected error: {type(exc).__name__}: {exc}") from None


def settings_of(ctx: click.Context) -> Settings:
    """The settings in force: config file, environment, then the command line's options."""
    found = ctx.obj.get("settings")
    if found is None:
        found = load_settings(config_file=ctx.obj.get("config"), store=ctx.obj.get("store"))
        ctx.obj["settings"] = found
    return found


def location_of(ctx: click.Context) -> str:
    return config.store_location(settings_of(ctx).store)


def open_store(ctx: click.Context, *, read_only: bool = False) -> TripleStore:
    """The store (a folder, or a SPARQL server by URL); for reading a folder, only a
    complete one (a load that did not finish is refused)."""
    location = location_of(ctx)
    if is_remote(location):
        from .store.remote import RemoteStore

        return RemoteStore.from_settings(location, settings_of(ctx), read_only=read_only)
    if read_only:
        return Store.open_complete(location)
    return Store(location, read_only=read_only)


def reading_store(ctx: click.Context, allow: Any = None) -> TripleStore:
    """The store as a command reads it: every query with the time limit, row and byte
    caps and guard of the web pages (eqkg.sparql.service)."""
    from .sparql.service import command_store

    conf = settings_of(ctx)
    return command_store(open_store(ctx, read_only=True), timeout=conf.query_timeout,
                         max_rows=conf.max_rows, max_bytes=int(conf.max_mb * 1024 * 1024),
                         allow=allow)


@click.group(cls=FriendlyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", metavar="FOLDER|URL",
              help="Store folder, or a SPARQL server's query URL (default: var/store, or "
                   "$EQKG_STORE; docs/stores.md).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Settings file (TOML or JSON; default $EQKG_CONFIG).")
@click.version_option(__version__, prog_name="eqkg")
@click.pass_context
def main(ctx: click.Context, store: str | None, config_file: str | None) -> None:
    """eqkg: a knowledge graph of public bodies' equality objectives."""
    ctx.ensure_object(dict)
    ctx.obj["store"] = store
    ctx.obj["config"] = config_file
    if config_file:
        use_config_file(config_file)  # every module's settings, not only the CLI's


@main.command()
@click.option("--no-infer", is_flag=True, help="Skip OWL 2 RL materialisation.")
@click.option("--reasoner", type=click.Choice(["hybrid", "owlrl"]), default="hybrid",
              show_default=True,
              help="hybrid: reasonable plus SPARQL rules; owlrl: the slower reference.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def load(ctx: click.Context, no_infer: bool, reasoner: str, quiet: bool) -> None:
    """Build the store from ontology/, ontology/vocab/ and data/ (then infer).

    The new store is built next to the old one and switched in with one rename when
    it is complete: a running `eqkg serve` keeps answering and moves to it, and a
    load that is stopped part-way leaves the old store as it was."""
    from tqdm import tqdm

    from .loader import asset_files, load_remote, rebuild

    location = location_of(ctx)
    remote = is_remote(location)
    steps = 2 * len(list(asset_files())) + (0 if no_infer else 1)
    with tqdm(total=steps, disable=quiet, unit="step", file=sys.stderr) as bar:
        def progress(label: str) -> None:
            bar.set_description(label[:50])
            bar.update(1)

        if remote:
            target = open_store(ctx)
            summary = load_remote(target, infer=not no_infer, progress=progress,
                                  reasoner=reasoner)
            where = f"{location} (each graph replaced by a Graph Store Protocol PUT)"
        else:
            built = rebuild(location, infer=not no_infer, progress=progress,
                            reasoner=reasoner)
            summary = built.summary
            where = f"{location} (built in {built.build})"
    click.echo(f"Loaded {len(summary.graphs)} graphs, {summary.total} asserted triples "
               f"into {where}.")
    if summary.inferred:
        click.echo(f"Inferred {sum(summary.inferred.values())} triples "
                   f"in {len(summary.inferred)} graph(s).")
    elif not no_infer:
        click.echo("Inferred graphs up to date (no asserted graph changed).")
    for stale in summary.removed:
        click.echo(f"Removed stale graph <{stale}>.")
    if not no_infer:  # the load has just brought every inferred graph up to date
        report_consistency(open_store(ctx, read_only=True), stale=[])


def report_consistency(store: TripleStore, stale: list[str] | None = None) -> None:
    """Print the consistency findings; exit 1 when any is an error."""
    from .reasoning import check_consistency, has_errors

    findings = check_consistency(store, stale)
    for finding in findings:
        click.echo(finding.to_text(), err=True)
    if has_errors(findings):
        raise click.ClickException(
            f"the knowledge graph is inconsistent: {len(findings)} finding(s) above")
    click.echo("Consistent: no OWL 2 RL inconsistency found"
               + (f" ({len(findings)} warning(s))." if findings else "."))


@main.command()
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def check(ctx: click.Context, fmt: str) -> None:
    """Report inconsistencies (owl:Nothing, disjointness, functional clashes) and missing
    or stale inferred graphs; exit 1 if any."""
    from .reasoning.materialisation import out_of_date

    store = in_memory(open_store(ctx, read_only=True))
    stale = out_of_date(store)
    if fmt == "text":
        report_consistency(store, stale)
    else:
        import json

        from .reasoning import check_consistency, has_errors

        findings = check_consistency(store, stale)
        click.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=1))
        if has_errors(findings):
            ctx.exit(1)
    if stale:
        raise click.ClickException(
            f"{len(stale)} inferred graph(s) are missing or out of date (e.g. <{stale[0]}>): "
            "answers that depend on inference are incomplete; run `eqkg load`")


@main.command()
@click.argument("subject")
@click.argument("predicate")
@click.argument("obj", metavar="OBJECT")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def explain(ctx: click.Context, subject: str, predicate: str, obj: str, fmt: str) -> None:
    """Say why a triple holds: eqkg explain id:... a eq:Commitment (prefixed names or <IRI>s)."""
    from .reasoning import explain as explain_triple
    from .reasoning import parse_iri, parse_term

    found = reading_store(ctx).run(explain_triple, parse_iri(subject), parse_iri(predicate),
                                   parse_term(obj))
    if fmt == "json":
        import json

        click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(found.to_text())


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--profile", type=click.Choice(["plan", "response", "minutes"]), default=None,
              help="Document genre (detected from the wording when not given).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the Turtle here instead of standard output.")
@click.option("--slug", default=None, help="The document's slug in URIs (default: from its title).")
@click.option("--quiet", "-q", is_flag=True, help="Do not print the report of what was found.")
def ingest(file: str, profile: str | None, output: str | None, slug: str | None, quiet: bool) -> None:
    """Read a plan, response or minutes document into RDF (Turtle), with a report on standard error."""
    from .ingest import ingest_file
    from .ingest.common import serialize_turtle, write_turtle

    result = ingest_file(file, profile, slug=slug)
    if output:
        write_turtle(result.graph, output)
    else:
        click.echo(serialize_turtle(result.graph), nl=False)
    if not quiet:
        click.echo(f"{result.profile}: {result.document} (graph <{result.graph_iri}>)", err=True)
        click.echo(result.report.render(), err=True)


@main.command()
@click.pass_context
def info(ctx: click.Context) -> None:
    """List the graphs in the store with their triple counts (a complete store only)."""
    from .store import read_marker

    store = open_store(ctx, read_only=True)
    graphs = store.graphs()
    width = max((len(g) for g in graphs), default=5)
    click.echo(f"{'graph'.ljust(width)}  triples")
    for iri, count in graphs.items():
        click.echo(f"{iri.ljust(width)}  {count:>7}")
    real = getattr(store, "real_path", None)
    marker = (read_marker(real) if real is not None else None) or {}
    click.echo(f"{len(graphs)} graphs, {sum(graphs.values())} triples in {store.location}"
               + (f" (loaded {marker['completed']})" if marker.get("completed") else ""))


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError(f"--param {pair!r}: expected key=value")
        params[key.strip()] = value
    return params


@main.command()
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A saved query's parameter (repeatable).")
@click.option("--format", "-f", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--asserted-only", is_flag=True,
              help="Answer from asserted data only, leaving out inferred triples.")
@click.option("--allow-service", "allow_service", multiple=True, metavar="IRI",
              help="IRI prefix SERVICE/FROM may reach (repeatable; default none, "
                   "or $EQKG_SERVICE_ALLOWLIST), as for `eqkg serve`.")
@click.pass_context
def query(ctx: click.Context, query: str, params: tuple[str, ...], fmt: str,
          asserted_only: bool, allow_service: tuple[str, ...]) -> None:
    """Run SPARQL given inline, from a .rq file, or a saved query by NAME.

    The query passes the endpoint's guard first: SPARQL Update, and SERVICE, LOAD or
    a remote FROM to anything off the allow-list, are refused (exit 2) before the
    store, which would contact the IRI, ever sees them."""
    from .results import render
    from .sparql import guard

    allow = guard.AllowList.parse([*allow_service, settings_of(ctx).service_allowlist or ""])
    store = reading_store(ctx, allow)
    values = parse_params(params)
    path = Path(query)
    if SAVED_NAME.match(query) and not _is_file(path):
        from . import saved_queries

        table = saved_queries.run(store, query, values, inferred=not asserted_only)
        click.get_binary_stream("stdout").write(render(table, fmt))  # the API's bytes (eqkg.results)
        return
    if path.suffix in {".rq", ".sparql"} or ("\n" not in query and _is_file(path)):
        try:
            query = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read query file {path}: {exc}") from exc
    if values:
        raise InputError("--param applies to saved queries only")
    if SAVED_NAME.match(query):
        raise NotFound(f"no saved query or file named {query!r}")
    try:
        info = guard.analyse(query)
        guard.check(info, allow, store.graphs() if info.targets else {})
    except (guard.Refused, guard.TooDeep) as exc:
        raise UnusableInput(str(exc)) from None
    try:
        answer = store.query(query, inferred=not asserted_only)
    except (RuntimeError, ValueError) as exc:
        raise InputError(f"the query could not be evaluated: {exc}") from None
    click.get_binary_stream("stdout").write(render(answer, fmt))


def _is_file(path: Path) -> bool:
    """Whether a query argument names a file (a long query text is no file name)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


@main.command("queries")
@click.option("--lang", type=click.Choice(["en", "cy"]), default="en", show_default=True)
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def list_queries(lang: str, fmt: str) -> None:
    """List the saved queries with their parameters (run one with `eqkg query NAME`)."""
    import json

    from . import saved_queries

    library = saved_queries.load_library()
    if fmt == "json":
        click.echo(json.dumps([q.metadata() for q in library.values()], ensure_ascii=False,
                              indent=1))
        return
    for q in library.values():
        params = " ".join(f"{p.name}={p.default or ''}" if p.default else p.name
                          for p in q.parameters)
        click.echo(f"{q.name:<32} {q.title_in(lang)}")
        if params:
            click.echo(f"{'':<32} --param {params}  [{', '.join(q.tags)}]")
        else:
            click.echo(f"{'':<32} [{', '.join(q.tags)}]")


@main.command()
@click.option("--host", help="Address to listen on (default 127.0.0.1, or $EQKG_HOST).")
@click.option("--port", type=int, help="Port (default 5000, or $EQKG_PORT).")
@click.option("--threads", default=16, show_default=True, type=click.IntRange(1),
              help="Threads of the production server (they parse requests and wait for "
                   "query workers, so they are cheap).")
@click.option("--timeout", type=click.FloatRange(min=0.1),
              help="SPARQL time limit in seconds (default 10, or $EQKG_QUERY_TIMEOUT).")
@click.option("--max-rows", type=click.IntRange(1),
              help="Cap on result rows (default 10000, or $EQKG_MAX_ROWS).")
@click.option("--max-mb", type=click.FloatRange(min=0), metavar="MB",
              help="Cap on an answer's size in MB, marked like the row cap "
                   "(default 50; 0: none; or $EQKG_MAX_MB).")
@click.option("--client-queries", type=click.IntRange(1),
              help="Queries one client (address) may run at once (default: half the "
                   "workers not reserved for cheap queries, at least 1).")
@click.option("--query-workers", type=click.IntRange(1),
              help="SPARQL worker processes (default: CPU count, at least 2).")
@click.option("--query-memory", type=click.IntRange(0),
              metavar="MB", help="Memory limit per SPARQL worker (default 2048; 0: none).")
@click.option("--allow-service", "allow_service", multiple=True, metavar="IRI",
              help="IRI prefix SERVICE/FROM may reach (repeatable; default none, "
                   "or $EQKG_SERVICE_ALLOWLIST).")
@click.option("--on-disk", is_flag=True, default=None,
              help="Workers query the store on disk instead of an in-memory copy "
                   "(slower; for stores larger than memory; or $EQKG_QUERY_IN_MEMORY=0).")
@click.option("--cache", "cache_mb", type=click.IntRange(0),
              metavar="MB", help="Memory for answers to repeated SPARQL queries "
                                 "(default 64; 0: evaluate every query).")
@click.option("--debug", is_flag=True, help="Flask's development server with reloading.")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, threads: int,
          timeout: float | None,
          max_rows: int | None, max_mb: float | None, client_queries: int | None,
          query_workers: int | None, query_memory: int | None,
          allow_service: tuple[str, ...], on_disk: bool | None, cache_mb: int | None,
          debug: bool) -> None:
    """Serve the web pages and the SPARQL endpoint (a complete store only; a new
    `eqkg load` is picked up while serving)."""
    from .store import require_complete
    from .web import create_app

    conf = settings_of(ctx).with_overrides(host=host, port=port)
    host, port = conf.host, conf.port
    location = location_of(ctx)
    if is_remote(location):
        open_store(ctx, read_only=True).graphs()  # an unreachable server fails here, on one line
    else:
        require_complete(location)
    settings = {key: value for key, value in (
        ("SPARQL_TIMEOUT", timeout), ("SPARQL_MAX_ROWS", max_rows),
        ("SPARQL_MAX_MB", max_mb), ("SPARQL_CLIENT_QUERIES", client_queries),
        ("SPARQL_WORKERS", query_workers), ("SPARQL_MEMORY_MB", query_memory),
        ("SPARQL_IN_MEMORY", False if on_disk else None), ("SPARQL_CACHE_MB", cache_mb),
        ("SERVICE_ALLOWLIST", " ".join(allow_service) or None)) if value is not None}
    app = create_app(store_path=location, EQKG_SETTINGS=conf, **settings)
    if debug:
        click.echo(f"eqkg serving on http://{host}:{port}/ (Ctrl-C to stop)")
        app.run(host=host, port=port, debug=True)
        return
    import waitress

    from .web.sparql import pool
    from .web.sparql import settings as settings_of_app

    with app.app_context():
        limits = settings_of_app()
        if not is_remote(location):
            click.echo(f"starting {limits.workers} query workers"
                       + (" (each copies the store into memory)" if limits.in_memory else ""))
        pool()  # start the query workers now: a broken store or setting fails here, on one line
    click.echo(f"eqkg serving on http://{host}:{port}/ (Ctrl-C to stop)")
    # Waitress drops X-Forwarded-* headers unless told the peer is trusted; with
    # EQKG_TRUSTED_PROXIES the app's ProxyFix reads them (the client for fair queuing
    # and the upload limit), so waitress must pass them on.
    trusted = bool(app.config.get("TRUSTED_PROXIES", conf.trusted_proxies)
                   not in (None, "", "0", 0))
    waitress.serve(app, host=host, port=port, threads=threads, ident="eqkg",
                   clear_untrusted_proxy_headers=not trusted)



@main.command()
@click.argument("endpoint")
@click.option("--graph", "graph_iri", metavar="IRI",
              help="Target graph (default: graph/harvest/{slug of the endpoint}).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Time limit per request, in seconds, from connecting to the last byte.")
@click.option("--deadline", default=1800.0, show_default=True,
              type=click.FloatRange(min=0.1), help="Time limit for the whole harvest, in seconds.")
@click.option("--max-mb", type=click.FloatRange(min=0.001),
              help="Largest answer accepted per page, in MB (default 50, or "
                   "$EQKG_HARVEST_MAX_MB).")
@click.option("--page-size", default=1000, show_default=True, type=int,
              help="Triples per CONSTRUCT page.")
@click.option("--follow-cross-origin-redirects", is_flag=True,
              help="Follow a redirect to another scheme, host or port (http(s) only); "
                   "the data is then credited to the URL that answered.")
@click.pass_context
def harvest(ctx: click.Context, endpoint: str, graph_iri: str | None, timeout: float,
            deadline: float, max_mb: float, page_size: int,
            follow_cross_origin_redirects: bool) -> None:
    """Pull another body's plans from its SPARQL ENDPOINT into a graph of their own."""
    from .publish.harvest import harvest as run_harvest

    max_mb = max_mb or settings_of(ctx).harvest_max_mb or 50.0
    result = run_harvest(open_store(ctx), endpoint, graph_iri, page_size=page_size,
                         timeout=timeout, deadline=deadline,
                         max_bytes=int(max_mb * 1024 * 1024),
                         follow_other_origins=follow_cross_origin_redirects)
    sources = ", ".join(result.answered_by) or result.endpoint
    click.echo(f"Harvested {result.triples} triples in {result.pages} page(s) from "
               f"{sources} into <{result.graph}> ({result.seconds} s).")


@main.command()
@click.option("--graph", "graph_iri", metavar="IRI", help="Dump one named graph only.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="File to write; gzipped when it ends in .gz.")
@click.pass_context
def dump(ctx: click.Context, graph_iri: str | None, output: str) -> None:
    """Write the store (or one graph) as N-Quads, the dump format of /dataset."""
    from .publish.dataset import write_dump

    path = Path(output)
    count = write_dump(open_store(ctx, read_only=True), path, graph_iri,
                       compress=path.suffix == ".gz")
    click.echo(f"Wrote {count} quads to {path}.")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "-f", "output", type=click.Choice(["text", "html", "json", "ttl"]),
              default="text", show_default=True, help="Report format (ttl: the SHACL report).")
@click.option("--lang", type=click.Choice(["en", "cy"]), default="en", show_default=True)
@click.option("--input-format",
              type=click.Choice(["turtle", "json-ld", "docx", "odt", "pdf", "html", "md", "txt",
                                 "csv", "xlsx", "text"]),
              help="Input format (default: from the file name, else the content).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option("--compare", is_flag=True,
              help="Add 'How your plan compares' with the bodies of its sector in the store.")
@click.option("--sector", help="The plan's sector for --compare (default: from its body's name).")
@click.pass_context
def validate(ctx: click.Context, file: str, output: str, lang: str, input_format: str | None,
             output_file: str | None, compare: bool = False, sector: str | None = None) -> None:
    """Validate a plan for gaps: exit 0 no violations, 1 violations, 2 unusable input.

    FILE is a Word (.docx), OpenDocument (.odt), PDF, HTML, markdown, text, CSV
    or XLSX document, or Turtle / JSON-LD; "-" reads standard input. What was
    read (each objective and step with its place in the document) is printed
    before the findings.
    """
    from . import validation
    from .validation import worker
    from .validation.inputs import human_size

    try:
        if file == "-":
            data = sys.stdin.buffer.read(validation.MAX_BYTES + 1)
        else:
            size = Path(file).stat().st_size
            if size > validation.MAX_BYTES:
                raise InputError(f"the file is {human_size(size)}, over the limit of "
                                 f"{human_size(validation.MAX_BYTES)} (EQKG_MAX_DOCUMENT_BYTES)")
            with open(file, "rb") as fh:
                data = fh.read(validation.MAX_BYTES + 1)
        # The same limits as the web app (EQKG_VALIDATE_TIMEOUT, _MEMORY_MB, _MAX_ITEMS), in a worker.
        job = worker.Job(data, None if file == "-" else file, input_format, None, lang, (output,),
                         limits=worker.Limits.from_env())
        outcome = worker.outcome_or_raise(worker.validate_once(job))
    except OSError as exc:
        raise UnusableInput(f"cannot read {file}: {exc.strerror}") from None
    except EqkgError as exc:  # unusable input, too large, or past the time or memory limit
        raise UnusableInput(f"{file}: {' '.join(str(exc).split())}") from None
    text = outcome.rendered[output]
    if compare:
        text = _with_comparison(ctx, text, data, file, input_format, output, lang, sector)
    if output_file:
        Path(output_file).write_text(text, encoding="utf-8")
    else:
        click.echo(text)
    if not outcome.conforms:
        sys.exit(1)


@main.command()
@click.argument("bodies", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--lang", type=click.Choice(["en", "cy"]), default="en", show_default=True)
@click.pass_context
def partners(ctx: click.Context, bodies: tuple[str, ...], fmt: str, lang: str) -> None:
    """Two or more bodies (slug or IRI): the commitments they share and those only one makes."""
    import json

    from .i18n import t
    from .similarity.views import partners as partnership

    try:
        result = partnership(open_store(ctx, read_only=True), list(bodies), lang)
    except (NotFound, InputError) as exc:  # a body that is not there is unusable input: exit 2
        raise UnusableInput(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        return
    click.echo(" + ".join(b["name"] for b in result.bodies))
    click.echo(t("partners.joint", lang, n=len(result.joint)))
    click.echo(f"{t('partners.shared', lang)} ({len(result.shared)})")
    for s in result.shared:
        click.echo(f"  {s['score']:.2f}  {s['left']['text'][:70]}  <->  {s['right']['text'][:70]}")
    for b in result.bodies:
        only = result.only[b["iri"]]
        click.echo(f"{t('partners.only', lang, body=b['name'])} ({len(only)})")
        for x in only:
            click.echo(f"  {x['text'][:120]}")


def _with_comparison(ctx: click.Context, text: str, data: bytes, file: str,
                     input_format: str | None, output: str, lang: str, sector: str | None) -> str:
    """The report with the peer comparison added (text, or a "comparison" key in JSON)."""
    import json

    from .validation import compare, read_plan

    try:
        plan = read_plan(data, None if file == "-" else file, input_format).graph
        result = compare.compare_plan(open_store(ctx, read_only=True), plan, sector, lang)
    except EqkgError as exc:
        raise UnusableInput(f"{file}: {' '.join(str(exc).split())}") from None
    if output == "json":
        return json.dumps({**json.loads(text), "comparison": result.as_dict()},
                          ensure_ascii=False, indent=1)
    if output == "html":
        section = compare.to_html(result, lang)
        return text.replace("</body>", section + "</body>", 1) if "</body>" in text \
            else text + section
    return text + "\n\n" + compare.to_text(result, lang)


if __name__ == "__main__":  # pragma: no cover
    main()
