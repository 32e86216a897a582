"""Issue 17, points 2, 6 and 8: the guard's own work is bounded and its allow-list
compares normalised IRIs by whole path segments.

Before the fix, 32 KB of `a.` took 2.5 s to lex here (14.9 s on the server that
reported it; quadratic: 4 KB 0.04 s, 8 KB 0.17 s, 16 KB 0.69 s), 3,000 nested
braces crashed a query worker, and `--allow-service http://h/allowed` admitted
`/allowed/../secret`, `/allowed/%2e%2e/x` and `/allowedEVIL`.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eqkg.errors import EqkgError
from eqkg.sparql import guard
from eqkg.sparql.guard import AllowList, Refused, analyse, check, tokens

LOCAL = {"https://w3id.org/eqkg/graph/ontology"}
SIZE = 64 * 1024
# A generous bound for a loaded two-core machine: linear lexing takes about 2.5 ms per
# KB here at worst; the quadratic lexer took over 75 ms per KB at 32 KB and more beyond.
MS_PER_KB = 15

# Pieces that each made some lexer rescan the rest of the text: names with dots (a
# prefix may hold dots, so every letter began a scan to the next colon), unterminated
# strings, IRIs and long strings, comments, escapes, brackets.
UNITS = ["a.", "a\u00b7", "ab1.", "a-", "(", "{", "[", "<a", '"a', "'''a", "#c\n", "_:a.",
         "?a", "@en-", "a:b.", ":", "\\u0053", "aa:", "a.:", "'", '"""', "<", "\\", "é.",
         "a.b.c:d.", "SERVICE ", "PREFIX a: <http://x/> ", " ", "\n", "0.5", "é"]


def timed_analysis(text: str) -> float:
    """Seconds to lex `text` and analyse it (an InputError such as nesting counts as done)."""
    started = time.perf_counter()
    list(tokens(text))
    with contextlib.suppress(EqkgError):
        analyse(text)
    return time.perf_counter() - started


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(UNITS), min_size=1, max_size=12))
def test_lexing_is_linear_on_adversarial_text(pattern: list[str]) -> None:
    """Eight times the text costs about eight times the time (64 times if quadratic). A ratio, not a
    clock bound, so that a loaded machine slows both sizes alike; each size timed at its best of three."""
    unit = "".join(pattern)

    def text(size: int) -> str:
        return "SELECT * WHERE { ?s ?p ?o } # x\n" + unit * (size // len(unit) + 1)

    small = min(timed_analysis(text(SIZE // 8)) for _ in range(3))
    large = min(timed_analysis(text(SIZE)) for _ in range(3))
    assert large < 32 * small + 0.1, (pattern, small, large)  # linear: ~8x; quadratic: ~64x
    assert large < MS_PER_KB * SIZE / 1024 / 1000 * 4, (pattern, large)  # and never wildly slow


@pytest.mark.parametrize("unit", ["a.", "a\u00b7", "é.", "ab1."])
def test_a_run_of_dotted_names_costs_the_same_per_kb_at_8_and_64_kb(unit: str) -> None:
    # Timed in turn, best of five each, so that a busy spell slows both sizes alike (one CI
    # run under a load average of 7 measured 6.6 ms and 1.6 s when they were timed apart).
    small, large = float("inf"), float("inf")
    for _ in range(5):
        small = min(small, timed_analysis(unit * (4 * 1024 // len(unit))))
        large = min(large, timed_analysis(unit * (SIZE // len(unit))))
    # 16 times the text: about 16 times the time when linear, 256 times when quadratic.
    assert large < 96 * small + 0.1, (small, large)  # linear: ~16x; quadratic: ~256x


def test_prefixed_names_are_still_single_tokens() -> None:
    text = "a.b:c.d e:f a.a.a ex:x\\.y :z _:b.c"
    assert [(t.kind, t.text) for t in tokens(text)] == [
        ("pname", "a.b:c.d"), ("pname", "e:f"), ("word", "a"), ("other", "."),
        ("word", "a"), ("other", "."), ("word", "a"), ("pname", "ex:x\\.y"),
        ("pname", ":z"), ("bnode", "_:b.c")]


def test_the_analysis_stops_at_its_deadline() -> None:
    text = "SELECT * WHERE { ?s ?p ?o } " + "a." * 40_000
    with pytest.raises(guard.AnalysisTimeout, match="longer than this endpoint's time limit"):
        analyse(text, budget=1e-9)
    assert analyse(text, budget=10).form == "SELECT"
    assert guard.AnalysisTimeout.http_status == 503


@pytest.mark.parametrize(("query", "depth"), [
    ("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000, 3000),
    ("SELECT * WHERE { FILTER(" + "(" * 20_000 + "1" + ")" * 20_000 + ") }", 20_002),
    ("SELECT * WHERE { ?s ?p " + "[ ?p " * 300 + "1" + " ]" * 300 + " }", 301),
    ("SELECT * WHERE { " + "{" * 100, 101),  # unbalanced counts too
])
def test_deep_nesting_is_refused_before_parsing(query: str, depth: int) -> None:
    with pytest.raises(guard.TooDeep, match=f"query too deeply nested: {depth} levels"):
        analyse(query)
    assert guard.TooDeep.http_status == 400


def test_nesting_up_to_the_limit_is_accepted() -> None:
    n = guard.MAX_NESTING - 1  # plus the WHERE braces
    query = "SELECT * WHERE { " + "{" * n + " ?s ?p ?o " + "}" * n + " }"
    assert analyse(query).form == "SELECT"
    assert guard.nesting_depth(tokens(query)) == guard.MAX_NESTING
    assert guard.nesting_depth(tokens('SELECT * { ?s ?p "((((" } # ((((')) == 1


ALLOW = AllowList.parse("http://h/allowed")


@pytest.mark.parametrize("iri", [
    "http://h/allowed/../secret",
    "http://h/allowed/%2e%2e/x",
    "http://h/allowed/%2E%2E/secret",
    "http://h/allowed/.%2e/secret",
    "http://h/allowedEVIL",
    "http://h/allowed-evil/x",
    "http://h/allowed/..%2fsecret",
    "http://h/allowed/%2F../secret",
    "http://h/allowed\\..\\secret",
    "http://h/secret/../allowed/../secret",
    "http://h:8080/allowed/x",
    "https://h/allowed/x",
    "http://h.evil/allowed/x",
    "http://h@evil/allowed/x",
    "http://user@h/allowed/x",
    "http://h:99999/allowed/x",
    "ftp://h/allowed/x",
    "http:///allowed/x",
])
def test_the_allow_list_refuses_what_only_looks_allowed(iri: str) -> None:
    assert not ALLOW.allows(iri)
    if "\\" in iri:
        return  # not an IRI token in SPARQL at all (the parser refuses it)
    with pytest.raises(Refused, match="is refused: federated query"):
        check(analyse(f"SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}"), ALLOW, LOCAL)


@pytest.mark.parametrize("iri", [
    "http://h/allowed",
    "http://h/allowed/x",
    "HTTP://H/allowed/x",
    "http://h:80/allowed/x",
    "http://h/allowed/./x",
    "http://h/allowed/y/../x",
    "http://h/%61llowed/x",
    "http://h/allowed/x?query=1",
])
def test_the_allow_list_admits_normalised_iris_under_an_entry(iri: str) -> None:
    assert ALLOW.allows(iri)
    check(analyse(f"SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}"), ALLOW, LOCAL)


def test_allow_list_entries_are_normalised_too() -> None:
    allow = AllowList.parse("HTTPS://Other.Example:443/a/./b/, http://h")
    assert allow.allows("https://other.example/a/b/c")
    assert not allow.allows("https://other.example/a/bc")
    assert allow.allows("http://h/anything/at/all")
    with pytest.raises(EqkgError, match="not an absolute"):
        AllowList.parse("http://user@h/")


def test_the_web_endpoint_refuses_deep_nesting_with_400(store_path: Path) -> None:
    from eqkg.web import create_app

    client = create_app(store_path, TESTING=True).test_client()
    for query in ("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
                  "SELECT * WHERE { FILTER(" + "(" * 20_000 + "1" + ")" * 20_000 + ") }"):
        response = client.post("/sparql", data={"query": query})
        assert response.status_code == 400
        assert response.get_json()["error"].startswith("query too deeply nested")
    allowed = create_app(store_path, TESTING=True,
                         SERVICE_ALLOWLIST="http://127.0.0.1:9/allowed").test_client()
    for iri in ("http://127.0.0.1:9/allowed/../secret", "http://127.0.0.1:9/allowed/%2e%2e/x",
                "http://127.0.0.1:9/allowedEVIL"):
        response = allowed.get("/sparql", query_string={
            "query": f"SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}"})
        assert response.status_code == 403, iri
        assert "is refused: federated query" in response.get_json()["error"]
