"""Response caching: pure rules (a subset of RFC 9111) and the thin senders around them.

The rules of this private cache, in the order a request meets them:

* only ``GET`` is looked up and stored.  Any other method passes through; an unsafe one
  (not ``GET``, ``HEAD``, ``OPTIONS`` or ``TRACE``) drops every entry under its URL path,
  whatever the query, before it is sent and again when it is answered (RFC 9111 §4.4);
* a ``GET`` carrying ``Cache-Control: no-store`` or its own precondition (``If-None-Match``
  and the like) is not answered from the cache;
* an entry is found by method, the full URL (:func:`~spotipy._http.canonical_url`: the
  query spelt one way, whether it came in the URL or in ``params``) and the request
  headers it was selected by (:func:`vary_names`): those the response's ``Vary`` names,
  plus ``Authorization`` unless the response is ``public``.  Responses that depend on
  the token are therefore never shared between tokens.  Storing and looking up build the
  key with the same function;
* a fresh entry (:func:`is_fresh`) is answered without any request, as a new
  :class:`~spotipy._http.Response` bound to the caller's request with an ``Age`` header,
  unless the request says ``Cache-Control: no-cache``;
* a stale entry with a validator is revalidated: the request goes out with
  ``If-None-Match`` (from ``ETag``) and/or ``If-Modified-Since`` (from ``Last-Modified``).
  A 304 refreshes the entry (its headers are updated from the 304 and its age starts
  again) and the stored body is answered as a 200; any other answer replaces the entry
  when it may be stored and drops it otherwise;
* a response is stored (:func:`admit`) when it is a 200 to a ``GET``, neither request nor
  response says ``no-store``, ``Vary`` is not ``*``, and it can be reused: it has a
  validator or is fresh on arrival.  ``private`` responses are stored (this is a private
  cache) under the token; ``s-maxage`` is ignored (it is for shared caches);
* freshness (:func:`freshness_lifetime`) comes from ``max-age``, else ``Expires`` minus
  ``Date``; ``no-cache``, ``max-age=0``, an unreadable ``max-age`` or ``Expires`` mean
  "stale at once" (store, revalidate every time).  There is no heuristic freshness.
  The age (:func:`age`) follows RFC 9111 §4.2.3, ``Age`` header included;
* at ``max_size`` entries the least recently used one is evicted.
"""

from __future__ import annotations

import email.utils
import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Final, NamedTuple

from spotipy._http import Headers, Request, Response, canonical_url
from spotipy.sender._base import AsyncSender, AsyncWrappingSender, Sender, WrappingSender
from spotipy.sender._defaults import default_underlying_async_sender, default_underlying_sender

__all__ = [
    "SAFE_METHODS",
    "STORABLE_STATUSES",
    "AsyncCachingSender",
    "CacheEntry",
    "CacheKey",
    "CachingSender",
    "admit",
    "age",
    "cache_key",
    "conditional_headers",
    "freshness_lifetime",
    "is_fresh",
    "is_storable",
    "parse_cache_control",
    "refreshed",
    "vary_names",
]

logger = logging.getLogger("spotipy")

#: Methods that change nothing on the server; any other invalidates (RFC 9111 §4.4).
SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
#: Statuses stored: complete successful answers only, so that a hit is always a 200.
STORABLE_STATUSES: Final = frozenset({200})
#: Fields a 304 does not overwrite in the stored response (RFC 9111 §3.2): they describe
#: the 304's own (empty) body, not the stored one.
_NOT_UPDATED: Final = frozenset(
    {"content-length", "content-encoding", "transfer-encoding", "content-range"}
)
#: Request headers that make the request conditional on the caller's own terms.
_PRECONDITIONS: Final = (
    "if-none-match",
    "if-modified-since",
    "if-match",
    "if-unmodified-since",
    "if-range",
)
#: One Cache-Control directive: a name, and a token or quoted-string value.
_DIRECTIVE: Final = re.compile(r'([^\s=,]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*))?')


class CacheKey(NamedTuple):
    """Where an entry is stored: method, canonical URL and the selecting headers.

    Attributes
    ----------
    method
        The request method.
    url
        The full URL as :func:`~spotipy._http.canonical_url` spells it.
    vary
        ``(name, digest)`` for each selecting request header, by name; the digest is
        ``None`` when the request lacked the header.  Values are hashed so that no token
        sits in the cache (or in a ``repr``) in clear.
    """

    method: str
    url: str
    vary: tuple[tuple[str, str | None], ...]

    @property
    def path(self) -> str:
        """The URL without its query: what unsafe requests invalidate."""
        return self.url.partition("?")[0]

    @property
    def names(self) -> tuple[str, ...]:
        """The names of the selecting headers."""
        return tuple(name for name, _ in self.vary)


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """A stored response and when it was fetched.

    Attributes
    ----------
    key
        Where it is stored.
    status_code
        The stored status.
    headers
        The stored response headers (never mutated: updates build new ones).
    content
        The stored body.
    request_time
        Clock time just before the request that fetched or revalidated it was sent.
    response_time
        Clock time just after its answer arrived.
    """

    key: CacheKey
    status_code: int
    headers: Headers
    content: bytes
    request_time: float
    response_time: float


# Parsing ---------------------------------------------------------------------------------


def parse_cache_control(value: str | None) -> dict[str, str | None]:
    """Parse a ``Cache-Control`` value into directives.

    Names are lower-cased (they are case-insensitive), quoted values unquoted, and a
    repeated directive keeps its first value.

    Parameters
    ----------
    value
        The header value (several header lines joined by commas), or ``None``.

    Returns
    -------
    dict
        Directive names mapped to their values, ``None`` for directives without one.
    """
    directives: dict[str, str | None] = {}
    for match in _DIRECTIVE.finditer(value or ""):
        name, argument = match.group(1).lower(), match.group(2)
        if argument is not None and argument.startswith('"'):
            argument = re.sub(r"\\(.)", r"\1", argument[1:-1])
        directives.setdefault(name, argument)
    return directives


def _seconds(value: str | None) -> int | None:
    # delta-seconds (RFC 9111 §1.2.2): ASCII digits only.
    if value is None or not (value.isascii() and value.isdigit()):
        return None
    return int(value)


def _http_date(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:  # "-0000" parses naive, yet HTTP dates are always UTC
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


# Pure policy -----------------------------------------------------------------------------


def freshness_lifetime(headers: Headers, received: float) -> float:
    """Return how many seconds a response stays fresh (RFC 9111 §4.2.1).

    ``no-cache`` gives 0 (revalidate every time).  Otherwise ``max-age`` wins (an
    unreadable one gives 0); ``s-maxage`` is ignored, for this is a private cache.
    Without ``max-age``, ``Expires`` minus ``Date`` (an unreadable ``Expires`` gives 0).
    Without either, 0: there is no heuristic freshness.

    Parameters
    ----------
    headers
        The response headers.
    received
        Clock time the response arrived, standing in for a missing or unreadable ``Date``.

    Returns
    -------
    float
        The freshness lifetime in seconds, never negative.
    """
    directives = parse_cache_control(headers.get("cache-control"))
    if "no-cache" in directives:
        return 0.0
    if "max-age" in directives:
        return float(_seconds(directives["max-age"]) or 0)
    expires_value = headers.get("expires")
    if expires_value is None:
        return 0.0
    expires = _http_date(expires_value)
    if expires is None:
        return 0.0
    date = _http_date(headers.get("date"))
    return max(0.0, expires - (received if date is None else date))


def age(headers: Headers, request_time: float, response_time: float, now: float) -> float:
    """Return the current age of a stored response in seconds (RFC 9111 §4.2.3).

    The larger of the apparent age (arrival minus ``Date``) and the ``Age`` header plus
    the request's round trip, plus the time spent in the cache since.

    Parameters
    ----------
    headers
        The stored response headers.
    request_time
        Clock time just before the request was sent.
    response_time
        Clock time just after the response arrived.
    now
        The current clock time.

    Returns
    -------
    float
        The age in seconds, never negative.
    """
    date = _http_date(headers.get("date"))
    apparent = 0.0 if date is None else max(0.0, response_time - date)
    corrected = (_seconds(headers.get("age")) or 0) + max(0.0, response_time - request_time)
    return max(apparent, corrected) + max(0.0, now - response_time)


def is_fresh(entry: CacheEntry, now: float) -> bool:
    """Tell whether ``entry`` may be answered at ``now`` without asking the server."""
    lifetime = freshness_lifetime(entry.headers, entry.response_time)
    return lifetime > age(entry.headers, entry.request_time, entry.response_time, now)


def vary_names(headers: Headers) -> tuple[str, ...]:
    """Return the request headers a response is selected by, lower-cased and sorted.

    Those that ``Vary`` names, plus ``authorization`` unless the response is ``public``:
    Spotify's answers depend on the token, so only a response that says it may be shared
    is shared between tokens.  ``("*",)`` when ``Vary`` is ``*`` (never reusable).

    Parameters
    ----------
    headers
        The response headers.

    Returns
    -------
    tuple of str
        Header names.
    """
    names = {name.strip().lower() for line in headers.get_list("vary") for name in line.split(",")}
    names.discard("")
    if "*" in names:
        return ("*",)
    if "public" not in parse_cache_control(headers.get("cache-control")):
        names.add("authorization")
    return tuple(sorted(names))


def _digest(value: str | None) -> str | None:
    return None if value is None else hashlib.blake2b(value.encode()).hexdigest()


def _key(method: str, url: str, headers: Headers, names: Iterable[str]) -> CacheKey:
    # The single place keys are made, for storing and for looking up alike.
    return CacheKey(method, url, tuple((name, _digest(headers.get(name))) for name in names))


def cache_key(request: Request, vary: Iterable[str] = ()) -> CacheKey:
    """Return the key of ``request`` for a response selected by the headers ``vary``.

    Parameters
    ----------
    request
        The request.
    vary
        Selecting header names, lower-cased and sorted, as :func:`vary_names` gives them.

    Returns
    -------
    CacheKey
        The method, the canonical URL (``params`` merged into the query) and the digests
        of the selecting headers' values.
    """
    return _key(request.method, canonical_url(request.url, request.params), request.headers, vary)


def is_storable(request: Request, response: Response) -> bool:
    """Tell whether a response may be stored at all (RFC 9111 §3, private cache).

    A 200 to a ``GET`` whose request and response do not say ``no-store`` and whose
    ``Vary`` is not ``*``.  ``private`` is no obstacle: entries are keyed by the token.
    """
    if request.method != "GET" or response.status_code not in STORABLE_STATUSES:
        return False
    if "no-store" in parse_cache_control(request.headers.get("cache-control")):
        return False
    if "no-store" in parse_cache_control(response.headers.get("cache-control")):
        return False
    return vary_names(response.headers) != ("*",)


def _has_validator(headers: Headers) -> bool:
    return "etag" in headers or "last-modified" in headers


def admit(
    request: Request, response: Response, request_time: float, response_time: float
) -> CacheEntry | None:
    """Return the entry to store for ``response``, or ``None`` when it is not stored.

    Stored are responses that :func:`is_storable` allows and that can ever be reused:
    they carry a validator (``ETag``, ``Last-Modified``) or are fresh on arrival.

    Parameters
    ----------
    request
        The caller's request (without any validator the cache added).
    response
        Its answer.
    request_time, response_time
        Clock times around the exchange.
    """
    if not is_storable(request, response):
        return None
    names = vary_names(response.headers)
    entry = CacheEntry(
        key=cache_key(request, names),
        status_code=response.status_code,
        headers=Headers(response.headers),
        content=response.content,
        request_time=request_time,
        response_time=response_time,
    )
    if _has_validator(entry.headers) or is_fresh(entry, response_time):
        return entry
    return None


def conditional_headers(entry: CacheEntry) -> Headers:
    """Return the validators to revalidate ``entry`` with.

    ``If-None-Match`` carries the stored ``ETag`` (never an ``ETag`` request header) and
    ``If-Modified-Since`` the stored ``Last-Modified``; empty when there is neither.
    """
    conditions = Headers()
    etag = entry.headers.get("etag")
    if etag is not None:
        conditions["If-None-Match"] = etag
    last_modified = entry.headers.get("last-modified")
    if last_modified is not None:
        conditions["If-Modified-Since"] = last_modified
    return conditions


def refreshed(
    entry: CacheEntry, not_modified: Headers, request_time: float, response_time: float
) -> CacheEntry:
    """Return ``entry`` freshened by a 304 (RFC 9111 §4.3.4).

    Every header field the 304 carries replaces the stored field of that name, except
    those describing the 304's own empty body (``Content-Length`` and the like); the
    status and body stay, and the age starts again from the revalidation.
    """
    updated = {name.lower() for name in not_modified} - _NOT_UPDATED
    headers = Headers(
        [(k, v) for k, v in entry.headers.multi_items() if k.lower() not in updated]
        + [(k, v) for k, v in not_modified.multi_items() if k.lower() in updated]
    )
    return CacheEntry(
        entry.key, entry.status_code, headers, entry.content, request_time, response_time
    )


def _bypasses(request: Request) -> bool:
    # The caller wants the server's own answer: a no-store request, or preconditions of
    # its own that a stored 200 could not honour.
    directives = parse_cache_control(request.headers.get("cache-control"))
    return "no-store" in directives or any(name in request.headers for name in _PRECONDITIONS)


# The store -------------------------------------------------------------------------------


class _Store:
    """Entries in least-recently-used order, behind a lock held for no I/O.

    ``_tree`` indexes the keys by URL path, then by full URL, so that a lookup looks only
    at the variants of one URL and an invalidation finds a path's entries at once.
    """

    def __init__(self, max_size: int | None) -> None:
        self.max_size = max_size
        self._entries: OrderedDict[CacheKey, CacheEntry] = OrderedDict()
        # path -> url -> keys, most recently stored last (dicts as ordered sets)
        self._tree: dict[str, dict[str, dict[CacheKey, None]]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, request: Request) -> CacheEntry | None:
        url = canonical_url(request.url, request.params)
        with self._lock:
            variants = self._tree.get(url.partition("?")[0], {}).get(url, {})
            for key in reversed(variants):
                if key == _key(request.method, url, request.headers, key.names):
                    self._entries.move_to_end(key)
                    return self._entries[key]
        return None

    def put(self, entry: CacheEntry) -> None:
        key = entry.key
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            variants = self._tree.setdefault(key.path, {}).setdefault(key.url, {})
            variants.pop(key, None)
            variants[key] = None
            while self.max_size is not None and len(self._entries) > self.max_size:
                oldest, _ = self._entries.popitem(last=False)
                self._unindex(oldest)

    def discard(self, key: CacheKey) -> None:
        with self._lock:
            if self._entries.pop(key, None) is not None:
                self._unindex(key)

    def invalidate(self, path: str) -> None:
        with self._lock:
            for variants in self._tree.pop(path, {}).values():
                for key in variants:
                    del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._tree.clear()

    def _unindex(self, key: CacheKey) -> None:
        urls = self._tree[key.path]
        variants = urls[key.url]
        del variants[key]
        if not variants:
            del urls[key.url]
            if not urls:
                del self._tree[key.path]


# The loops -------------------------------------------------------------------------------


class _Plan(NamedTuple):
    """What to do with one request: answer ``hit``, or send ``outgoing``."""

    hit: Response | None
    outgoing: Request
    stored: CacheEntry | None  # the entry found but not answered with, if any


def _with_headers(request: Request, extra: Headers) -> Request:
    headers = Headers(request.headers)
    headers.update(extra)
    return Request(
        request.method,
        request.url,
        params=request.params,
        headers=headers,
        content=request.content,
        idempotent=request.idempotent,
    )


def _serve(entry: CacheEntry, request: Request, now: float) -> Response:
    headers = Headers(entry.headers)  # a copy: the caller may change it
    current = age(entry.headers, entry.request_time, entry.response_time, now)
    headers["age"] = str(int(current))
    return Response(entry.status_code, headers, entry.content, request)


class _CacheLoop:
    """The store, the clock and the steps shared by the sync and async senders."""

    def __init__(self, max_size: int | None, clock: Callable[[], float]) -> None:
        if max_size is not None and max_size < 1:
            raise ValueError(f"max_size must be at least 1, or None; got {max_size!r}")
        self._store = _Store(max_size)
        self._clock = clock

    @property
    def max_size(self) -> int | None:
        """Most entries kept; ``None`` for no limit."""
        return self._store.max_size

    def clear(self) -> None:
        """Forget every stored response."""
        self._store.clear()

    def _invalidate(self, request: Request) -> None:
        path = canonical_url(request.url, request.params).partition("?")[0]
        self._store.invalidate(path)

    def _plan(self, request: Request) -> _Plan:
        if request.method != "GET":
            if request.method not in SAFE_METHODS:
                self._invalidate(request)
            return _Plan(None, request, None)
        if _bypasses(request):
            return _Plan(None, request, None)
        entry = self._store.find(request)
        if entry is None:
            return _Plan(None, request, None)
        now = self._clock()
        no_cache = "no-cache" in parse_cache_control(request.headers.get("cache-control"))
        if not no_cache and is_fresh(entry, now):
            logger.debug("Cache hit: %s %s", request.method, request.path)
            return _Plan(_serve(entry, request, now), request, entry)
        conditions = conditional_headers(entry)
        outgoing = _with_headers(request, conditions) if conditions else request
        return _Plan(None, outgoing, entry)

    def _complete(
        self, request: Request, plan: _Plan, response: Response, request_time: float
    ) -> Response:
        response_time = self._clock()
        if request.method not in SAFE_METHODS:
            # Again after the answer: a GET may have stored the old state meanwhile.
            self._invalidate(request)
        stored = plan.stored
        if stored is not None and response.status_code == 304:
            logger.debug("Cache revalidated: %s %s", request.method, request.path)
            renewed = refreshed(stored, response.headers, request_time, response_time)
            self._store.put(renewed)
            return _serve(renewed, request, response_time)
        entry = admit(request, response, request_time, response_time)
        if entry is not None:
            self._store.put(entry)
        if stored is not None and (entry is None or entry.key != stored.key):
            self._store.discard(stored.key)
        if response.request is not request:
            # Bound to the caller's request, not to the copy that carried validators.
            return Response(response.status_code, response.headers, response.content, request)
        return response


class CachingSender(WrappingSender, _CacheLoop):
    """Cache responses as Spotify's ``Cache-Control``, ``ETag`` and ``Vary`` allow.

    A private, in-memory HTTP cache in front of another sender; see the module
    documentation of :mod:`spotipy.sender._cache` for the exact rules.  Fresh entries are
    answered without a request, stale ones with a validator are revalidated
    (``If-None-Match``), responses that depend on the token are stored per token, and
    unsafe requests invalidate their URL path.  Safe for use from several threads.

    Parameters
    ----------
    max_size
        Most responses kept, the least recently used evicted first; ``None`` for no
        limit.
    sender
        The sender to wrap; when omitted, a new ``spotipy.sender.default_sender_type()``
        (a :class:`TransientSender` when that type is itself a wrapping sender).
        Closing this sender closes it.
    clock
        Returns the POSIX time (injectable for tests).

    Raises
    ------
    ValueError
        When ``max_size`` is below 1.
    """

    def __init__(
        self,
        max_size: int | None = 1024,
        sender: Sender | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        _CacheLoop.__init__(self, max_size, clock)
        WrappingSender.__init__(self, default_underlying_sender() if sender is None else sender)

    def send(self, request: Request) -> Response:
        """Answer ``request`` from the cache, or send it and store the answer."""
        plan = self._plan(request)
        if plan.hit is not None:
            return plan.hit
        request_time = self._clock()
        response = self.sender.send(plan.outgoing)
        return self._complete(request, plan, response, request_time)


class AsyncCachingSender(AsyncWrappingSender, _CacheLoop):
    """Cache responses as Spotify's headers allow, in front of an async sender.

    The async counterpart of :class:`CachingSender`, with the same rules.  The store's
    lock is held only for dictionary operations, never across an ``await``, so it does
    not block the event loop.

    Parameters
    ----------
    max_size
        Most responses kept, the least recently used evicted first; ``None`` for no
        limit.
    sender
        The async sender to wrap; when omitted, a new
        ``spotipy.sender.default_async_sender_type()``.  Closing this sender closes it.
    clock
        Returns the POSIX time (injectable for tests).

    Raises
    ------
    ValueError
        When ``max_size`` is below 1.
    """

    def __init__(
        self,
        max_size: int | None = 1024,
        sender: AsyncSender | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        _CacheLoop.__init__(self, max_size, clock)
        underlying = default_underlying_async_sender() if sender is None else sender
        AsyncWrappingSender.__init__(self, underlying)

    async def send(self, request: Request) -> Response:
        """Answer ``request`` from the cache, or send it and store the answer."""
        plan = self._plan(request)
        if plan.hit is not None:
            return plan.hit
        request_time = self._clock()
        response = await self.sender.send(plan.outgoing)
        return self._complete(request, plan, response, request_time)
