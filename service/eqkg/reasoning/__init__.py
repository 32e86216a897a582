"""OWL 2 RL reasoning: materialisation into inferred graphs, consistency checks, explanations.

Asserted and inferred data never mix: inferred triples live only in named
graphs under graph/inferred/ (see docs/reasoning.md).
"""

from __future__ import annotations

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
)
from .terms import parse_iri, parse_term, short

__all__ = [
    "INFERRED_CROSS", "INFERRED_CURATED", "INFERRED_META", "INFERRED_SCHEMA",
    "MaterialisationReport", "graph_role", "inferred_graph_for", "is_noise", "materialise",
    "materialise_store", "parse_iri", "parse_term", "short",
]
