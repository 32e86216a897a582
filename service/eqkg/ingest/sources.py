"""The seed source documents and the data/ file each one becomes.

`make data` walks this list; the slug is the document's name in URIs
(id:{kind}/{slug}) and its named graph (graph/{slug}).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    seed: str  # file name in ../shared/seeds
    profile: str  # plan | response | minutes
    slug: str  # data/{slug}.ttl, graph/{slug}


SOURCES: tuple[Source, ...] = (
    Source("000_1f72321bb5c594b7.txt", "minutes", "palg-undated"),
    Source("001_bda7ddf7c3d0f56a.txt", "minutes", "palg-2019-03-13"),
    Source("002_2bfc2ea67ab4ba52.txt", "minutes", "ppbw-2022-03-17"),
    Source("003_afacf844a6f6c2f5.txt", "plan", "gwent-jsep-2020-2024"),
    Source("004_83a248463a934675.txt", "response", "cardiff-race-equality-taskforce"),
)
