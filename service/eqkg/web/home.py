"""The home page: the main tasks, the documents in the graph, and what is loaded."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template

from ..i18n import current_lang
from ..publish.describe import collect_labels, display_label
from ..publish.uris import href
from ..store import Store
from . import get_store, wants_json

bp = Blueprint("home", __name__)

# The main tasks, in the order a newcomer needs them: (endpoint, nav message, description).
TASKS = (
    ("queries.index", "nav.queries", "home.task_queries"),
    ("validate.form", "nav.validate", "home.task_validate"),
    ("sparql.editor", "nav.sparql", "home.task_sparql"),
    ("linked.dataset", "nav.dataset", "home.task_dataset"),
    ("linked.ontology", "nav.ontology", "home.task_ontology"),
)
DOCUMENTS = """
SELECT ?document ?kind (SAMPLE(?title0) AS ?title) WHERE {
  ?document a eq:Document, ?kind ; dcterms:title ?title0 .
  ?kind rdfs:subClassOf eq:Document .
  FILTER(?kind != eq:Document)
} GROUP BY ?document ?kind ORDER BY ?kind ?title
"""


def documents(store: Store, lang: str) -> list[dict[str, str]]:
    """The source documents (plans, responses, minutes), each with its kind, linked."""
    rows = list(store.select(DOCUMENTS))
    labels = collect_labels(store, {str(row["kind"]) for row in rows})
    return [{"title": str(row["title"]), "href": href(str(row["document"]), lang),
             "iri": str(row["document"]),
             "kind": display_label(str(row["kind"]), labels, lang),
             "kind_href": href(str(row["kind"]), lang)} for row in rows]


@bp.get("/")
def index() -> Any:
    store = get_store()
    graphs = store.graphs()
    if wants_json():
        return jsonify({"graphs": graphs, "triples": sum(graphs.values())})
    lang = current_lang()
    return render_template("home.html", graphs=graphs, total=sum(graphs.values()),
                           documents=documents(store, lang) if graphs else [],
                           tasks=TASKS, graph_href=lambda iri: href(iri, lang))
