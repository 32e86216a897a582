"""Safety checks made before a query reaches the store.

Oxigraph (like rdflib) follows SERVICE IRIs over HTTP, so the endpoint must
know, before evaluation, every IRI a query would contact. The guard lexes the
query with the SPARQL 1.1 terminals (strings, comments, IRIs, prefixed names,
variables and language tags are single tokens, so a keyword hidden inside
them is never mistaken for one, and `SERVICE<http://x>` without a space is
still seen) and resolves the IRI after each SERVICE, FROM, FROM NAMED and
LOAD against the query's BASE and PREFIX declarations and the project's
predeclared prefixes. It also recognises SPARQL Update, which the endpoint
refuses outright.

Refusal is the default: a SERVICE by variable, or one whose IRI cannot be
resolved, is refused; only IRIs under an allow-list entry pass (and, for
FROM / FROM NAMED, the graphs the store holds, which only select data).

The guard runs in the web process before any worker sees the query, so its
own work is bounded: lexing is linear in the query's length (each character is
looked at a fixed number of times, whatever the input), it stops at a deadline,
and a query nested deeper than MAX_NESTING is refused before the parser (whose
recursion it would exhaust) ever sees it.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from .. import settings
from ..errors import EqkgError, InputError
from ..namespaces import PREFIXES


class Refused(EqkgError):
    """The query asks for something this endpoint does not do (remote access, updates)."""

    http_status = 403


class TooDeep(InputError):
    """Brackets nested deeper than the parser can take without exhausting its stack."""


class AnalysisTimeout(EqkgError):
    """Reading the query took longer than the request's time budget."""

    http_status = 503


# Braces, parentheses and brackets open at once. Hand-written queries stay under 15;
# Oxigraph's recursive parser crashes its process at a few thousand levels, and nested
# blank-node brackets cost it seconds from about a hundred (measured, SECURITY.md).
MAX_NESTING = 64
_OPENERS = frozenset("{([")
_CLOSERS = frozenset("})]")


QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
# Every SPARQL terminal that matters to the guard except prefixed names, which are
# matched separately (see `tokens`): a prefix may contain dots, so trying one at each
# letter of `a.a.a.a...` would rescan the rest of the run every time (quadratic).
_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
             |\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\.))*\"\"\"
             |'(?:[^'\\\n\r]|\\.)*'
             |\"(?:[^\"\\\n\r]|\\.)*\")
  | (?P<iri><(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<bnode>_:[\w.\-\u00B7]*)
  | (?P<word>[A-Za-z_][\w\-]*)
  | (?P<other>\^\^|&&|\|\||<=|>=|!=|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_PNAME = re.compile(
    r"""(?:[^\W\d_][\w.\-\u00B7]*)?:
        (?:[\w:%\-\u00B7]|\\[_~.\-!$&'()*+,;=/?\#@%]|\.(?=[\w:%\-\\]))*""",
    re.VERBOSE,
)
_PNAME_START = re.compile(r"[^\W\d_]|:")
_NAME_RUN = re.compile(r"[^\W\d_][\w.\-\u00B7]*")  # what a prefix could span
_DEADLINE_EVERY = 4096  # tokens between looks at the clock
_UCHAR_RE = re.compile(_UCHAR)
_PN_LOCAL_ESC = re.compile(r"\\(.)")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


@dataclass(frozen=True)
class Target:
    """An IRI a query names after SERVICE, FROM, FROM NAMED or LOAD."""

    keyword: str  # "SERVICE", "FROM", "FROM NAMED" or "LOAD"
    written: str  # as written in the query (<iri>, prefix:name or ?var)
    iri: str | None  # resolved absolute IRI, None for a variable or an unresolvable name


@dataclass
class QueryInfo:
    """What the guard learnt from a query's text."""

    form: str | None = None  # SELECT, ASK, CONSTRUCT, DESCRIBE; None if unrecognised
    update: str | None = None  # the update keyword when the text is SPARQL Update
    targets: list[Target] = field(default_factory=list)

    @property
    def services(self) -> list[Target]:
        return [t for t in self.targets if t.keyword == "SERVICE"]

    @property
    def from_default(self) -> list[Target]:
        return [t for t in self.targets if t.keyword == "FROM"]

    @property
    def from_named(self) -> list[Target]:
        return [t for t in self.targets if t.keyword == "FROM NAMED"]

    @property
    def has_dataset(self) -> bool:
        """The query chooses its own dataset with FROM / FROM NAMED."""
        return any(t.keyword in ("FROM", "FROM NAMED") for t in self.targets)

    @property
    def result_kind(self) -> str | None:
        """'bindings' (SELECT), 'boolean' (ASK), 'graph' (CONSTRUCT, DESCRIBE) or None."""
        return {"SELECT": "bindings", "ASK": "boolean", "CONSTRUCT": "graph",
                "DESCRIBE": "graph"}.get(self.form or "")


def tokens(text: str, deadline: float | None = None) -> Iterator[Token]:
    """The significant tokens of a SPARQL text (whitespace and comments dropped).

    Linear in the length of `text`: a prefixed name is tried once per run of name
    characters (when the run is not followed by ':', no position inside it can start
    one, so the run is lexed without trying again). With `deadline` (a
    time.monotonic() value), AnalysisTimeout is raised once it has passed.
    """
    pos, end = 0, len(text)
    no_pname_before = 0
    count = 0
    while pos < end:
        count += 1
        if deadline is not None and count % _DEADLINE_EVERY == 0 and \
                time.monotonic() > deadline:
            raise AnalysisTimeout("reading the query took longer than this endpoint's time "
                                  "limit; send a shorter query")
        if pos >= no_pname_before and _PNAME_START.match(text, pos):
            match = _PNAME.match(text, pos)
            if match is not None:
                yield Token("pname", match.group())
                pos = match.end()
                continue
            run = _NAME_RUN.match(text, pos)
            no_pname_before = run.end() if run is not None else pos + 1
        match = _TOKEN.match(text, pos)
        if match is None:  # pragma: no cover - `other` matches any character
            raise InputError(f"the query cannot be read at character {pos}")
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            yield Token(kind, match.group())
        pos = match.end()


def unescape_codepoints(text: str) -> str:
    r"""Apply SPARQL's \uXXXX / \UXXXXXXXX escapes (spec 19.2: processed before parsing)."""
    return _UCHAR_RE.sub(lambda m: chr(int(m.group()[2:], 16)), text)


def analyse(query: str, predeclared: dict[str, str] | None = None,
            budget: float | None = None) -> QueryInfo:
    """Find the query form, any update keyword and every SERVICE/FROM/LOAD target.

    The text is analysed as written and, when it holds codepoint escapes, once
    more with them applied: a conformant parser applies them before parsing,
    Oxigraph only inside IRIs and strings, and the guard must see what either
    would. Raises TooDeep past MAX_NESTING, and AnalysisTimeout after `budget`
    seconds.
    """
    deadline = None if budget is None else time.monotonic() + budget
    info = _analyse(query, PREFIXES if predeclared is None else predeclared, deadline)
    if _UCHAR_RE.search(query):
        again = _analyse(unescape_codepoints(query), PREFIXES if predeclared is None
                         else predeclared, deadline)
        seen = {(t.keyword, t.iri) for t in info.targets}
        info.targets += [t for t in again.targets if (t.keyword, t.iri) not in seen]
        info.update = info.update or again.update
    return info


@functools.lru_cache(maxsize=1024)
def analyse_cached(query: str, budget: float | None = None) -> QueryInfo:
    """`analyse` with the endpoint's prefixes, remembered per query text: clients repeat
    the same queries (saved queries, dashboards), and lexing a long prologue costs about
    0.2 ms. Refusals are not remembered. Callers must treat the shared result as
    read-only."""
    return analyse(query, budget=budget)


def nesting_depth(toks: Iterable[Token]) -> int:
    """The deepest nesting of braces, parentheses and brackets (unbalanced text counts too)."""
    depth = deepest = 0
    for tok in toks:
        if tok.kind == "other":
            if tok.text in _OPENERS:
                depth += 1
                deepest = max(deepest, depth)
            elif tok.text in _CLOSERS:
                depth = max(0, depth - 1)
    return deepest


def _analyse(query: str, predeclared: dict[str, str],
             deadline: float | None = None) -> QueryInfo:
    toks = list(tokens(query, deadline))
    depth = nesting_depth(toks)
    if depth > MAX_NESTING:
        raise TooDeep(f"query too deeply nested: {depth} levels of braces, parentheses or "
                      f"brackets; this endpoint accepts at most {MAX_NESTING}")
    info = QueryInfo()
    prefixes = dict(predeclared)
    base: str | None = None
    i = 0
    in_prologue = True
    while i < len(toks):
        tok = toks[i]
        word = tok.text.upper() if tok.kind == "word" else ""
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if word == "BASE" and nxt is not None and nxt.kind == "iri":
            base = _resolve_iri(nxt.text, base) or base
            i += 2
            continue
        if word == "PREFIX" and nxt is not None and nxt.kind == "pname" and i + 2 < len(toks):
            iri_tok = toks[i + 2]
            if iri_tok.kind == "iri":
                iri = _resolve_iri(iri_tok.text, base)
                if iri is not None:
                    prefixes[nxt.text.split(":", 1)[0]] = iri
            i += 3
            continue
        if in_prologue and word:
            in_prologue = False
            if word in QUERY_FORMS:
                info.form = word
            elif word in UPDATE_KEYWORDS:
                info.update = word
        if word in ("SERVICE", "FROM", "LOAD"):
            if word == "LOAD":
                info.update = info.update or "LOAD"
            # SERVICE SILENT <iri>, LOAD SILENT <iri>, FROM NAMED <iri>
            j = _skip_word(toks, i + 1, "NAMED" if word == "FROM" else "SILENT")
            keyword = "FROM NAMED" if word == "FROM" and j > i + 1 else word
            info.targets.append(_target(keyword, toks[j] if j < len(toks) else None,
                                        base, prefixes))
            i = j + 1
            continue
        i += 1
    return info


def _skip_word(toks: list[Token], j: int, word: str) -> int:
    """The index after an optional keyword at position j (SILENT, NAMED)."""
    if j < len(toks) and toks[j].kind == "word" and toks[j].text.upper() == word:
        return j + 1
    return j


def _target(keyword: str, tok: Token | None, base: str | None,
            prefixes: dict[str, str]) -> Target:
    if tok is None:
        return Target(keyword, "", None)
    if tok.kind == "iri":
        return Target(keyword, tok.text, _resolve_iri(tok.text, base))
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        ns = prefixes.get(prefix)
        iri = None if ns is None else ns + _PN_LOCAL_ESC.sub(r"\1", local)
        return Target(keyword, tok.text, iri)
    return Target(keyword, tok.text, None)


def _resolve_iri(written: str, base: str | None) -> str | None:
    """The absolute IRI of an <...> token, or None when it is relative and there is no BASE."""
    iri = unescape_codepoints(written[1:-1])
    if urlsplit(iri).scheme:
        return iri
    return urljoin(base, iri) if base else None


# -- the allow-list ------------------------------------------------------------


_DEFAULT_PORTS = {"http": 80, "https": 443}
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# After normalisation these still let a server see a path other than the one compared:
# an encoded / or \ (some servers decode them into separators) or a raw backslash.
_AMBIGUOUS_PATH = re.compile(r"%2F|%5C|\\", re.IGNORECASE)


@dataclass(frozen=True)
class Origin:
    """An IRI reduced to what the allow-list compares (RFC 3986 section 6 normalisation)."""

    scheme: str
    host: str
    port: int | None
    path: str
    query: str


def normalise_iri(iri: str) -> Origin | None:
    """Scheme and host in lower case, default port made explicit, percent-escapes of
    unreserved characters decoded (others upper-cased), dot segments removed (RFC 3986
    5.2.4). None when the IRI has no host, carries user information, or has a path a
    server could read differently (an encoded slash or backslash)."""
    try:
        parts = urlsplit(iri.strip())
        port = parts.port
        host = parts.hostname
    except ValueError:
        return None
    if not parts.scheme or not host or "@" in parts.netloc:
        return None
    scheme = parts.scheme.lower()
    path = _PERCENT.sub(_normalise_escape, parts.path)
    if _AMBIGUOUS_PATH.search(path):
        return None
    return Origin(scheme, host.rstrip(".").lower(),
                  port if port is not None else _DEFAULT_PORTS.get(scheme),
                  _remove_dot_segments(path or "/"),
                  _PERCENT.sub(_normalise_escape, parts.query))


def _normalise_escape(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else "%" + match.group(1).upper()


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 5.2.4, as urllib.parse.urljoin applies it to an absolute path."""
    return urlsplit(urljoin("http://h", path if path.startswith("/") else "/" + path)).path


def _under(path: str, entry: str) -> bool:
    """Whether `path` is `entry` or below it, by whole segments (/a admits /a and /a/b,
    never /ab)."""
    if entry.endswith("/"):
        return path.startswith(entry)
    return path == entry or path.startswith(entry + "/")


@dataclass(frozen=True)
class AllowList:
    """IRI prefixes that SERVICE / FROM may name. Empty by default: nothing remote is allowed.

    Entries and IRIs are normalised (`normalise_iri`) before comparison: scheme,
    host and port must be equal (so `http://good.example` never admits
    `http://good.example.evil.net/`), and the path must be the entry's path or lie
    below it by whole segments, after dot segments are removed (so `/allowed`
    admits neither `/allowed/../secret`, `/allowed/%2e%2e/x` nor `/allowedEVIL`).
    """

    entries: tuple[str, ...] = ()

    @classmethod
    def parse(cls, value: str | Iterable[str] | None) -> AllowList:
        """From 'iri1, iri2 iri3' (env/config) or a list of strings."""
        if value is None:
            return cls()
        items = re.split(r"[\s,]+", value) if isinstance(value, str) else list(value)
        entries = []
        for item in items:
            for part in re.split(r"[\s,]+", item.strip()):
                if not part:
                    continue
                if normalise_iri(part) is None:
                    raise EqkgError(f"allow-list entry {part!r} is not an absolute http(s) IRI")
                entries.append(part)
        return cls(tuple(entries))

    @classmethod
    def from_env(cls) -> AllowList:
        return cls.parse(settings.get("service_allowlist"))

    def allows(self, iri: str) -> bool:
        target = normalise_iri(iri)
        if target is None:
            return False
        for entry in self.entries:
            allowed = normalise_iri(entry)
            if (allowed is not None
                    and (target.scheme, target.host, target.port)
                    == (allowed.scheme, allowed.host, allowed.port)
                    and _under(target.path, allowed.path)
                    and (not allowed.query or target.query == allowed.query)):
                return True
        return False

    def __bool__(self) -> bool:
        return bool(self.entries)


def check(info: QueryInfo, allow: AllowList, local_graphs: Collection[str]) -> None:
    """Raise Refused unless the query is a read-only query touching only allowed IRIs."""
    if info.update is not None:
        detail = ""
        loads = [t for t in info.targets if t.keyword == "LOAD"]
        if loads:
            detail = f" (LOAD {loads[0].written or 'without an IRI'})"
        raise Refused(f"SPARQL Update{detail} is refused: this endpoint is read-only")
    for target in info.targets:
        if target.keyword == "LOAD":
            continue
        if target.iri is None:
            what = target.written or "nothing"
            raise Refused(f"{target.keyword} {what} is refused: only explicit IRIs on this "
                          "endpoint's allow-list may be named there")
        if target.keyword != "SERVICE" and target.iri in local_graphs:
            continue
        if not allow.allows(target.iri):
            role = ("federated query" if target.keyword == "SERVICE"
                    else "remote dataset (not a graph in this store)")
            raise Refused(f"{target.keyword} <{target.iri}> is refused: {role} to an IRI "
                          "that is not on this endpoint's allow-list")


def check_protocol_graphs(graphs: Iterable[str], allow: AllowList,
                          local_graphs: Collection[str], parameter: str) -> None:
    """default-graph-uri / named-graph-uri follow the same rule as FROM / FROM NAMED."""
    for iri in graphs:
        if iri not in local_graphs and not allow.allows(iri):
            raise Refused(f"{parameter} <{iri}> is refused: not a graph in this store and "
                          "not on this endpoint's allow-list")
