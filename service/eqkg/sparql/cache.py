"""Answers to repeated SPARQL requests, replayed before the web framework runs.

The served store is opened read-only and never changes while `eqkg serve`
runs, so an answer stays right until `eqkg load` switches the server to a new
build of the store; then the whole cache is cleared at once (`clear`). Policy officers' pages and
dashboards send the same queries again and again; a repeat costs neither a
worker nor the time limit, nor even Flask's request handling.

`AnswerCache` is WSGI middleware, like a caching proxy in front of the
endpoint: the key is the request as sent (method, query string, content
type, Accept and body), and only answers the endpoint marks as cacheable
(a 200 with `X-EQKG-Cache: miss`) are kept. Errors, the service description
and every other page pass through untouched.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

CACHE_HEADER = "X-EQKG-Cache"  # "hit" or "miss" on every successful /sparql answer

Key = tuple[str, str, str, str, bytes, str]


@dataclass(frozen=True)
class Answer:
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


class ResultCache:
    """A byte-bounded LRU map from request keys to answers, safe to share between threads."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max(0, max_bytes)
        self._entries: OrderedDict[Key, Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.epoch = 0  # advanced by clear(): an answer computed before it is not kept

    @staticmethod
    def size(key: Key, answer: Answer) -> int:
        return len(answer.body) + sum(len(part) for part in key)

    def get(self, key: Key) -> Answer | None:
        with self._lock:
            answer = self._entries.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: Key, answer: Answer, epoch: int | None = None) -> None:
        """Keep an answer; one larger than an eighth of the budget is not kept, so a
        single big export cannot flush everybody else's answers, and neither is one
        computed before the last `clear` (given the `epoch` read when it was asked)."""
        size = self.size(key, answer)
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if key in self._entries or (epoch is not None and epoch != self.epoch):
                return
            self._entries[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                old_key, old = self._entries.popitem(last=False)
                self._bytes -= self.size(old_key, old)

    def clear(self) -> None:
        """Forget every answer (the server switched to a new build of the store)."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self.epoch += 1

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_bytes(self) -> int:
        return self._bytes


StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class AnswerCache:
    """WSGI middleware that replays cached answers to repeated requests to `path`."""

    def __init__(self, app: WSGIApp, cache: ResultCache, path: str = "/sparql",
                 max_body: int = 2 * 1024 * 1024):
        self.app, self.cache, self.path, self.max_body = app, cache, path, max_body

    def key(self, environ: dict[str, Any]) -> Key | None:
        """The request as sent, or None when it is not a query request worth caching
        (then the request body is left unread for the application)."""
        method = environ.get("REQUEST_METHOD", "")
        if environ.get("PATH_INFO") != self.path or method not in ("GET", "POST"):
            return None
        body = b""
        if method == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or -1)
            except ValueError:
                return None
            if not 0 <= length <= self.max_body:
                return None
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)
        # The host is part of the request: relative IRIs resolve against the endpoint's URL.
        return (method, environ.get("QUERY_STRING", ""), environ.get("CONTENT_TYPE", ""),
                environ.get("HTTP_ACCEPT", ""), body,
                environ.get("wsgi.url_scheme", "") + "://" + environ.get("HTTP_HOST", ""))

    def __call__(self, environ: dict[str, Any], start_response: StartResponse
                 ) -> Iterable[bytes]:
        key = self.key(environ)
        if key is None:
            return self.app(environ, start_response)
        answer = self.cache.get(key)
        if answer is not None:
            start_response(answer.status, [*answer.headers, (CACHE_HEADER, "hit")])
            return [answer.body]
        sent: dict[str, Any] = {}
        epoch = self.cache.epoch

        def remember(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sent.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = self.app(environ, remember)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        headers = sent.get("headers", [])
        if sent.get("status", "").startswith("200 ") and (CACHE_HEADER, "miss") in headers:
            self.cache.put(key, Answer(sent["status"], tuple(
                (name, value) for name, value in headers if name != CACHE_HEADER), body), epoch)
        return [body]
