"""Linked-data pages: dereferenceable /id/, /vocab/, /ontology and /graph/ IRIs, the
dataset description (/dataset, /.well-known/void), the JSON-LD context and the dumps.

Hash-less IRIs are answered directly (200) in the negotiated representation rather
than with a 303 redirect; see docs/linked-data.md for why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    stream_with_context,
)
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from ..errors import InputError, NotFound
from ..i18n import current_lang, pick, t
from ..namespaces import EQ, GRAPH, ONTOLOGY_GRAPH, SCHEMA
from ..publish import conneg
from ..publish.context import load_context
from ..publish.dataset import (
    data_license,
    describe_dataset,
    describe_subset,
    graph_kind,
    gzip_chunks,
    nquads_chunks,
)
from ..publish.describe import (
    Description,
    curie,
    describe,
    describe_graph,
    description_of,
    display_label,
)
from ..publish.uris import ONTOLOGY_IRI, dataset_iri, href, iri_for, local_path
from ..store.terms import iri_text
from . import get_store
from .queries import queries_about
from .summaries import summarise

bp = Blueprint("linked", __name__)

def site_url() -> str:
    """Where this server answers (SITE_URL overrides it behind a proxy); ends with '/'."""
    url = current_app.config.get("SITE_URL") or request.url_root
    return url if url.endswith("/") else url + "/"


def _truthy(value: str | None) -> bool:
    return (value or "").lower() in {"1", "true", "yes", "on"}


def rdf_response(data: Graph, rep: conneg.Representation) -> Response:
    """Serialise RDF in the chosen representation, with headers caches and browsers need."""
    body = conneg.serialize(data, rep, context=load_context()["@context"],
                            context_ref=site_url() + "context.jsonld")
    response = Response(body, content_type=rep.content_type)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.vary.add("Accept")
    return response


def alternates(path: str, *, by_query: bool = False) -> list[tuple[str, str, str]]:
    """(name, media type, URL) of every RDF representation of the page at `path`."""
    return [(r.name, r.mimetype,
             f"{path}?format={r.name}" if by_query else f"{path}.{r.extension}")
            for r in conneg.REPRESENTATIONS if r.rdflib]


def _own_literal(desc: Description, predicate: URIRef, lang: str) -> str | None:
    """The resource's own (asserted) literal for `predicate`, in `lang` if it has one."""
    by_lang = {st.object.language or "": str(st.object) for st in desc.about(desc.subject)
               if st.predicate == predicate and isinstance(st.object, Literal) and not st.inferred}
    return pick(by_lang, lang)


def heading(desc: Description, lang: str) -> str:
    """The page heading: the resource's label; for an unlabelled one (a step, an action),
    its kind and number or date ("Step 3", "Meeting 2022-03-17"); else its compact name."""
    own = desc.label(desc.iri, lang)
    if own:
        return own
    kinds = [st.object for st in desc.about(desc.subject) if st.predicate == RDF.type
             and not st.inferred and str(st.object).startswith(str(EQ))]
    if not kinds:
        return curie(desc.iri)
    number = next(filter(None, (_own_literal(desc, p, lang) for p in (
        EQ.reference, EQ.number, SCHEMA.startDate, DCTERMS.date))), "")
    return f"{display_label(str(kinds[0]), desc.labels, lang)} {number}".strip()


def page_helpers(desc: Description) -> dict[str, Any]:
    lang = current_lang()

    def label(term: Any) -> str:
        if isinstance(term, URIRef):
            return display_label(str(term), desc.labels, lang)
        if isinstance(term, BNode):
            return "_:" + str(term)[:8]
        return str(term)

    def anchor(term: Any) -> str:
        iri = str(term)
        return iri[len(str(EQ)):] if iri.startswith(str(EQ)) else ""

    def grouped(statements: list[Any], key: str) -> list[tuple[URIRef, list[Any]]]:
        groups: dict[URIRef, list[Any]] = {}
        for st in statements:
            groups.setdefault(st.predicate, []).append(st)
        order = sorted(groups, key=lambda p: (p != RDF.type, label(p).lower()))
        return [(p, sorted(groups[p], key=lambda st: (st.inferred, label(getattr(st, key)))))
                for p in order]

    return {
        "desc": desc, "label": label, "curie": lambda t: curie(str(t)),
        "heading": heading(desc, lang), "wording": _own_literal(desc, EQ.text, lang),
        "href": lambda t: href(str(t), lang), "anchor": anchor, "grouped": grouped,
        "is_iri": lambda t: isinstance(t, URIRef), "is_literal": lambda t: isinstance(t, Literal),
        "is_ours": lambda t: local_path(str(t)) is not None, "kind": graph_kind,
    }


def answer(desc: Description, path: str, ext: conneg.Representation | None,
           *, template: str = "linked/resource.html", **extra: Any) -> Any:
    """HTML page or RDF for a description, by extension, ?format= or Accept."""
    rep = conneg.negotiate(request.accept_mimetypes, request.args.get("format"), ext)
    if rep.name != "html":
        data = desc.dataset() if rep.quads else desc.graph(
            inferred=_truthy(request.args.get("inferred")))
        response = rdf_response(data, rep)
        response.headers["Content-Location"] = f"{path}.{rep.extension}"
        return response
    if template == "linked/resource.html":
        extra.setdefault("summary", summarise(get_store(), desc.iri, desc.types(), current_lang()))
        extra.setdefault("paged", statement_pages(desc))
        extra.setdefault("csv_url", f"{path}.csv")
    from ..similarity.views import similar_rows  # issue 16: the similar-links block

    page = render_template(template, alternates=alternates(path), **page_helpers(desc),
                           related=queries_about(desc.iri), **extra,
                           similar=similar_rows(get_store(), str(desc.iri), current_lang()))
    response = Response(page, content_type="text/html; charset=utf-8")
    response.vary.add("Accept")
    return response


STATEMENTS_PER_PAGE = 200


@dataclass
class StatementPage:
    """One page of a statement table: the statements shown and links to the others."""

    statements: list[Any]
    page: int
    pages: int
    total: int
    first: int
    last: int
    arg: str

    def url(self, number: int) -> str:
        args = request.args.to_dict()
        args[self.arg] = str(number)
        return request.path + "?" + urlencode(args) + f"#{self.arg}"


def _page_of(statements: list[Any], arg: str) -> StatementPage:
    try:
        wanted = int(request.args.get(arg, "1"))
    except ValueError:
        raise InputError(f"{arg} must be a whole number") from None
    total = len(statements)
    pages = max(1, -(-total // STATEMENTS_PER_PAGE))
    page = min(max(1, wanted), pages)
    start = (page - 1) * STATEMENTS_PER_PAGE
    shown = statements[start:start + STATEMENTS_PER_PAGE]
    return StatementPage(shown, page, pages, total, start + 1 if shown else 0,
                         start + len(shown), arg)


def statement_pages(desc: Description) -> dict[str, StatementPage]:
    """The resource's own statements and the statements pointing at it, paged (grouped by
    property in the order the table shows them, so a group is split only at a page end)."""
    lang = current_lang()

    def order(statements: list[Any], key: str) -> list[Any]:
        def sort_key(st: Any) -> tuple[Any, ...]:
            pred = display_label(str(st.predicate), desc.labels, lang).lower()
            return (st.predicate != RDF.type, pred, str(st.predicate), st.inferred,
                    display_label(str(getattr(st, key)), desc.labels, lang))
        return sorted(statements, key=sort_key)

    return {"own": _page_of(order(desc.about(desc.subject), "object"), "statements"),
            "incoming": _page_of(order(desc.incoming, "subject"), "links")}


def statements_csv(desc: Description, lang: str) -> bytes:
    """Every statement about the resource as CSV (UTF-8 with a BOM), headed in `lang`."""
    from ..i18n.downloads import to_csv

    def text(term: Any) -> str:
        return display_label(str(term), desc.labels, lang) if isinstance(term, URIRef) \
            else str(term)

    header = [t(k, lang) for k in ("linked.subject_col", "linked.property", "linked.value",
                                   "linked.value_address", "linked.graph",
                                   "linked.inferred_col")]
    rows = [[text(st.subject), text(st.predicate), text(st.object),
             str(st.object) if isinstance(st.object, URIRef) else "", st.graph,
             t("answers.bool_true" if st.inferred else "answers.bool_false", lang)]
            for st in [*desc.outgoing, *desc.incoming]]
    return to_csv(header, rows)


def valid_iri(kind: str, rest: str) -> str:
    """The IRI a path names, or NotFound when it could not be an IRI at all (a space,
    backslash, `|`, `"`, `<`, a control character, or bytes that were not UTF-8):
    the store cannot hold such a resource, so the answer is 404, not a server error."""
    iri = iri_for(kind, rest)
    try:
        iri_text(iri)
    except InputError:
        shown = "".join(c if c.isprintable() and c != "\ufffd" else f"\\u{ord(c):04x}"
                        for c in iri)
        raise NotFound(f"no resource at this address: <{shown}> is not a valid IRI") from None
    return iri


def resolve(kind: str, rest: str) -> tuple[Description, conneg.Representation | None, str]:
    """The description a path names: /id/x.ttl is x in Turtle unless x.ttl itself exists."""
    store = get_store()
    iri = valid_iri(kind, rest)
    stem, ext = conneg.split_extension(rest)
    if ext is not None:
        try:
            return describe(store, valid_iri(kind, stem)), ext, f"/{kind}/{stem}"
        except NotFound:
            pass
    return describe(store, iri), None, f"/{kind}/{rest}"


@bp.get("/id/<path:rest>")
def resource(rest: str) -> Any:
    if rest.endswith(".csv"):  # the statement table as CSV, unless x.csv itself exists
        try:
            desc = describe(get_store(), valid_iri("id", rest[:-4]))
        except NotFound:
            pass
        else:
            lang = current_lang()
            name = rest[:-4].replace("/", "-")
            return Response(statements_csv(desc, lang), content_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition":
                                     f'attachment; filename="{name}-{lang}.csv"',
                                     "Access-Control-Allow-Origin": "*"})
    if rest.endswith(".json"):  # the .json twin of a page: its JSON-LD, unless x.json exists
        try:
            desc = describe(get_store(), valid_iri("id", rest[:-5]))
        except NotFound:
            pass
        else:
            return answer(desc, f"/id/{rest[:-5]}", conneg.lookup("jsonld"))
    desc, ext, path = resolve("id", rest)
    return answer(desc, path, ext)


@bp.get("/vocab/<path:rest>")
def vocab(rest: str) -> Any:
    desc, ext, path = resolve("vocab", rest)
    return answer(desc, path, ext)


@bp.get("/ontology.<ext>")
@bp.get("/ontology")
def ontology(ext: str | None = None) -> Any:
    rep = None
    if ext is not None:
        rep = conneg.lookup(ext)
        if rep is None or rep.extension != ext:
            raise NotFound(f"no representation of the ontology with extension .{ext}")
    desc = describe_graph(get_store(), str(ONTOLOGY_GRAPH), ONTOLOGY_IRI)
    lang = current_lang()
    toc = sorted((s for s in desc.subjects()[1:] if str(s).startswith(str(EQ))),
                 key=lambda s: display_label(str(s), desc.labels, lang).lower())
    return answer(desc, "/ontology", rep, template="linked/ontology.html", toc=toc)


@bp.get("/graph/<path:rest>")
def graph(rest: str) -> Any:
    store = get_store()
    stem, ext = conneg.split_extension(rest)
    graphs = store.graphs()
    if ext is None or iri_for("graph", stem) not in graphs:
        stem, ext = rest, None
    iri = iri_for("graph", stem)
    if iri not in graphs:
        raise NotFound(f"no graph <{iri}> in this knowledge graph; see /dataset for the list")
    desc = description_of(iri, describe_subset(store, iri, site_url()), dataset_iri())
    return answer(desc, f"/graph/{stem}", ext)


@bp.get("/.well-known/void")
@bp.get("/dataset")
def dataset() -> Any:
    store = get_store()
    rep = conneg.negotiate(request.accept_mimetypes, request.args.get("format"))
    description = describe_dataset(store, site_url())
    if rep.name != "html":
        return rdf_response(description, rep)
    graphs = store.graphs()
    rows = [(iri, count, graph_kind(iri)) for iri, count in graphs.items()]
    vocabularies = sorted(str(v) for v in description.objects(None, URIRef(
        "http://rdfs.org/ns/void#vocabulary")))
    return render_template("linked/dataset.html", rows=rows, total=sum(graphs.values()),
                           vocabularies=vocabularies, license=data_license(),
                           href=lambda iri: href(iri, current_lang()), curie=curie,
                           dump_path=_dump_path, alternates=alternates("/dataset", by_query=True))


def _dump_path(graph_iri: str) -> str | None:
    if graph_iri.startswith(str(GRAPH)):
        return f"/dumps/graph/{graph_iri[len(str(GRAPH)):]}.nq.gz"
    return None


@bp.get("/context.jsonld")
def context() -> Any:
    import json

    response = Response(json.dumps(load_context(), ensure_ascii=False, indent=1),
                        content_type="application/ld+json; charset=utf-8")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/dumps/")
def dumps() -> Any:
    return redirect("/dataset#dumps")


def _dump(graph_iri: str | None, filename: str) -> Response:
    store = get_store()
    chunks = nquads_chunks(store, graph_iri)  # NotFound for an unknown graph, before streaming
    response = Response(stream_with_context(gzip_chunks(chunks)), content_type="application/gzip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/dumps/all.nq.gz")
def dump_all() -> Any:
    return _dump(None, "eqkg-all.nq.gz")


@bp.get("/dumps/graph/<path:rest>")
def dump_graph(rest: str) -> Any:
    if not rest.endswith(".nq.gz"):
        raise NotFound("graph dumps are named /dumps/graph/{graph}.nq.gz")
    name = rest[: -len(".nq.gz")]
    return _dump(iri_for("graph", name), "eqkg-" + name.replace("/", "-") + ".nq.gz")
