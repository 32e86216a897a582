"""Similar objectives and commitments across documents and bodies (issue 16).

`refresh_store` recomputes graph/inferred/similarity after a load; `compute_links` and
`update_links` are the library; `similar_rows` and `partners` answer the pages and the CLI.
See docs/similarity.md and decision 0016.
"""

from __future__ import annotations

from .graph import SIMILARITY_GRAPH, Previous, refresh_store, snapshot
from .items import Item, read_items
from .links import DEFAULT_METHOD, Index, Link, compute_links, method_version, update_links

__all__ = ["DEFAULT_METHOD", "SIMILARITY_GRAPH", "Index", "Item", "Link", "Previous",
           "compute_links", "method_version", "read_items", "refresh_store", "snapshot",
           "update_links"]
