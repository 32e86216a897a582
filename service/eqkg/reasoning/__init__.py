"""OWL 2 RL reasoning: materialisation into inferred graphs (the hybrid reasoner, or owlrl),
consistency checks, explanations.

Asserted and inferred data never mix: inferred triples live only in named
graphs under graph/inferred/ (see docs/reasoning.md).
"""

from __future__ import annotations

from .consistency import Finding, check_consistency, has_errors
from .explain import Axiom, Explanation, explain
from .materialisation import (
    INFERRED_CROSS,
    INFERRED_CURATED,
    INFERRED_META,
    INFERRED_SCHEMA,
    MaterialisationReport,
    graph_role,
    inferred_graph_for,
    is_noise,
    materialise,
    materialise_store,
    update_document,
)
from .terms import parse_iri, parse_term, short

__all__ = [
    "Axiom", "Explanation", "Finding", "check_consistency", "explain", "has_errors",
    "INFERRED_CROSS", "INFERRED_CURATED", "INFERRED_META", "INFERRED_SCHEMA",
    "MaterialisationReport", "graph_role", "inferred_graph_for", "is_noise", "materialise",
    "materialise_store", "parse_iri", "parse_term", "short", "update_document",
]
