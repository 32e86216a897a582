"""Similar objectives and commitments across documents (issue 16), on the seed graph."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from eqkg.similarity import (
    SIMILARITY_GRAPH,
    Item,
    compute_links,
    read_items,
    refresh_store,
    snapshot,
    update_links,
)
from eqkg.store import Store

ID = "https://w3id.org/eqkg/id/"
PAIRS = Path(__file__).parent / "fixtures" / "similar_pairs.csv"

# The top links of eleven chosen objectives and commitments, best first (the default method).
TOP_LINKS = {
    "plan/gwent-jsep-2020-2024/objective/1": [
        "meeting/ppbw-2022-03-17/action/4",
    ],
    "plan/gwent-jsep-2020-2024/objective/3/step/6": [
        "response/cardiff-race-equality-taskforce/recommendation/5.6/commitment/1",
        "response/cardiff-race-equality-taskforce/recommendation/4.1",
        "response/cardiff-race-equality-taskforce/recommendation/5.6",
        "response/cardiff-race-equality-taskforce/recommendation/4.3",
        "response/cardiff-race-equality-taskforce/recommendation/3.4/commitment/9",
    ],
    "plan/gwent-jsep-2020-2024/objective/4": [
        "plan/south-wales-joint-equality-plan/objective/representative-workforce",
        "plan/south-wales-joint-equality-plan/objective/workplace-equality",
        "response/cardiff-race-equality-taskforce/recommendation/1.4/commitment/5",
        "response/cardiff-race-equality-taskforce/recommendation/5.4",
        "response/cardiff-race-equality-taskforce/recommendation/5.5",
    ],
    "plan/gwent-jsep-2020-2024/objective/4/step/1": [
        "plan/south-wales-joint-equality-plan/objective/representative-workforce",
        "response/cardiff-race-equality-taskforce/recommendation/1.8/commitment/1",
        "response/cardiff-race-equality-taskforce/recommendation/1.7",
        "response/cardiff-race-equality-taskforce/recommendation/1.8/commitment/2",
        "response/cardiff-race-equality-taskforce/recommendation/1.8",
    ],
    "plan/south-wales-joint-equality-plan/objective/engagement-with-children-and-young-people": [
        "plan/gwent-jsep-2020-2024/objective/3/step/5",
        "response/cardiff-race-equality-taskforce/recommendation/3.3",
        "response/cardiff-race-equality-taskforce/recommendation/3.3/commitment/1",
        "plan/gwent-jsep-2020-2024/objective/2/step/2",
        "plan/gwent-jsep-2020-2024/objective/2/step/3",
    ],
    "plan/south-wales-joint-equality-plan/objective/gypsy-roma-and-traveller-communities": [
        "plan/gwent-jsep-2020-2024/objective/3/step/2/goal/early",
        "response/cardiff-race-equality-taskforce/recommendation/5.2",
        "response/cardiff-race-equality-taskforce/recommendation/5.7",
        "plan/gwent-jsep-2020-2024/objective/2/step/2",
        "plan/gwent-jsep-2020-2024/objective/3/step/3",
    ],
    "plan/south-wales-joint-equality-plan/objective/representative-workforce": [
        "plan/gwent-jsep-2020-2024/objective/4",
        "plan/gwent-jsep-2020-2024/objective/4/step/1",
        "response/cardiff-race-equality-taskforce/recommendation/5.5",
        "response/cardiff-race-equality-taskforce/recommendation/5.4",
        "plan/gwent-jsep-2020-2024/objective/4/step/1/goal/long-term",
    ],
    "response/cardiff-race-equality-taskforce/recommendation/1.4": [
        "plan/gwent-jsep-2020-2024/objective/4/step/6",
        "plan/gwent-jsep-2020-2024/objective/3/step/4",
        "plan/gwent-jsep-2020-2024/objective/3/step/7",
        "plan/gwent-jsep-2020-2024/objective/3/step/3",
        "plan/gwent-jsep-2020-2024/objective/2/step/4",
    ],
    "response/cardiff-race-equality-taskforce/recommendation/3.3": [
        "plan/gwent-jsep-2020-2024/objective/2/step/2",
        "plan/south-wales-joint-equality-plan/objective/engagement-with-children-and-young-people",
        "plan/gwent-jsep-2020-2024/objective/2/step/3",
        "plan/gwent-jsep-2020-2024/objective/3/step/5",
        "plan/gwent-jsep-2020-2024/objective/3/step/4",
    ],
    "response/cardiff-race-equality-taskforce/recommendation/5.4": [
        "plan/gwent-jsep-2020-2024/objective/1/step/3",
        "plan/south-wales-joint-equality-plan/objective/representative-workforce",
        "plan/gwent-jsep-2020-2024/objective/2/step/3",
        "plan/gwent-jsep-2020-2024/objective/2/step/1",
        "plan/gwent-jsep-2020-2024/objective/3/step/4",
    ],
    "response/cardiff-race-equality-taskforce/recommendation/5.5": [
        "plan/south-wales-joint-equality-plan/objective/representative-workforce",
        "plan/gwent-jsep-2020-2024/objective/3/step/3",
        "plan/gwent-jsep-2020-2024/objective/4/step/1",
        "plan/gwent-jsep-2020-2024/objective/3/step/7",
        "plan/gwent-jsep-2020-2024/objective/3/step/4",
    ],
}

_LINKS = """
SELECT ?b ?rank ?score ?method ?version
  (GROUP_CONCAT(DISTINCT STR(?c); separator=" ") AS ?cs)
  (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?ts)
WHERE { GRAPH <%s> {
  <%s> eq:similarTo ?b .
  ?n eq:similaritySource <%s> ; eq:similarityTarget ?b ; eq:rank ?rank ; eq:score ?score ;
     eq:similarityMethod ?method ; eq:methodVersion ?version .
  OPTIONAL { ?n eq:sharedCharacteristic ?c } OPTIONAL { ?n eq:sharedTheme ?t } } }
GROUP BY ?b ?rank ?score ?method ?version ORDER BY ?rank
"""


def links_of(store: Store, iri: str) -> list[dict[str, str]]:
    query = _LINKS % (SIMILARITY_GRAPH, ID + iri, ID + iri)
    return [{k: (str(row[k]) if row[k] is not None else "") for k in
             ("b", "rank", "score", "method", "version", "cs", "ts")}
            for row in store.query(query)]


@pytest.mark.parametrize("source", sorted(TOP_LINKS))
def test_top_links_of_chosen_commitments(store: Store, source: str) -> None:
    assert [r["b"][len(ID):] for r in links_of(store, source)] == TOP_LINKS[source]


def test_gwent_workforce_objective_links_with_score_and_evidence(store: Store) -> None:
    rows = {r["b"][len(ID):]: r for r in links_of(store, "plan/gwent-jsep-2020-2024/objective/4")}
    theme = "https://w3id.org/eqkg/vocab/theme/representative-workforce"
    sw = rows["plan/south-wales-joint-equality-plan/objective/representative-workforce"]
    assert (sw["rank"], sw["score"], sw["ts"], sw["cs"]) == ("1", "0.5814", theme, "")
    for rec, rank, score in (("5.4", "4", "0.3171"), ("5.5", "5", "0.3091")):
        row = rows[f"response/cardiff-race-equality-taskforce/recommendation/{rec}"]
        assert (row["rank"], row["score"], row["ts"]) == (rank, score, theme)
    assert {r["method"] for r in rows.values()} == {"embedding"}
    assert all(r["version"].startswith("eqkg-similarity/2 embedding wordllama/")
               for r in rows.values())


def test_links_only_across_documents_and_five_at_most(store: Store) -> None:
    items = {it.iri: it for it in read_items(store)}
    counts: dict[str, int] = {}
    for row in store.query(f"SELECT ?a ?b WHERE {{ GRAPH <{SIMILARITY_GRAPH}> "
                           "{ ?a eq:similarTo ?b } }"):
        a, b = items[str(row["a"])], items[str(row["b"])]
        assert a.document != b.document
        counts[a.iri] = counts.get(a.iri, 0) + 1
    assert max(counts.values()) == 5
    assert len(items) == 249


def test_shared_characteristic_is_evidence(store: Store) -> None:
    rows = links_of(store, "plan/south-wales-joint-equality-plan/objective/"
                           "engagement-with-children-and-young-people")
    assert {r["cs"] for r in rows} == {"https://w3id.org/eqkg/vocab/characteristic/age"}


def _item(iri: str, doc: str, text: str, themes: tuple[str, ...] = ()) -> Item:
    return Item(iri, "Step", doc, text, frozenset({doc + "#body"}), frozenset(),
                frozenset(f"https://w3id.org/eqkg/vocab/theme/{t}" for t in themes))


def test_incremental_update_equals_full_recomputation(store: Store) -> None:
    items = read_items(store)
    new = [_item("urn:new:1", "urn:doc:new", "Increase workforce representation of ethnic "
                 "minority officers through positive action", ("representative-workforce",)),
           _item("urn:new:2", "urn:doc:new", "Publish hate crime figures by characteristic")]
    before, _ = compute_links(items)
    after, _ = compute_links(items + new)
    updated = update_links(items + new, before, {"urn:doc:new"})
    assert sorted(updated, key=lambda lk: (lk.source, lk.rank)) == \
        sorted(after, key=lambda lk: (lk.source, lk.rank))
    # and removing the document again gives the first links back
    removed = update_links(items, after, {"urn:doc:new"})
    assert sorted(removed, key=lambda lk: (lk.source, lk.rank)) == \
        sorted(before, key=lambda lk: (lk.source, lk.rank))
    assert [lk.target for lk in after if lk.source == "urn:new:1"][0] == (
        ID + "response/cardiff-race-equality-taskforce/recommendation/5.4")


def test_reload_without_change_keeps_the_graph(tmp_path: Path) -> None:
    from eqkg.loader import load_all

    store = Store(tmp_path / "s")
    load_all(store, infer=False)  # without inference no inferred graph, this one included
    assert SIMILARITY_GRAPH not in store.graphs()
    first = refresh_store(store)[SIMILARITY_GRAPH]
    assert refresh_store(store, snapshot(store)) == {}
    assert store.graphs()[SIMILARITY_GRAPH] == first


def test_labelled_pairs_cover_150_and_resolve() -> None:
    with PAIRS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 160
    assert {r["label"] for r in rows} == {"similar", "not similar"}
    assert all(r["rationale"].strip() for r in rows)
    assert len({r["left"] for r in rows}) == 16
