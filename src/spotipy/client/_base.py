"""The client's base: token, base URL, request building and paging helpers."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Generator,
    Iterator,
    Mapping,
    Sequence,
)
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeVar, overload
from urllib.parse import parse_qs, quote, unquote, urlsplit

import msgspec

from spotipy._flow import (
    Async,
    Emit,
    Flow,
    FlowRunner,
    Mode,
    Sync,
    drive_async,
    drive_sync,
    emitted_async,
    emitted_sync,
)
from spotipy._http import (
    Request,
    Response,
    check_base_url,
    query_number,
    url_origin_and_path,
)
from spotipy.auth import AccessToken
from spotipy.client._decode import expect_listed, expect_page
from spotipy.client._endpoint import Endpoint, Quota
from spotipy.errors import ExtendedQuotaRequired, SpotipyError
from spotipy.model.paging import OffsetPaging, Paging
from spotipy.sender import AsyncSender, Sender, resolve_sender

if TYPE_CHECKING:
    from typing import Self

__all__ = ["API_URL", "ApiPath", "SpotifyBase", "api_path"]

#: Spotify's Web API base URL.
API_URL: Final = "https://api.spotify.com/v1"
#: Environment variable that overrides the Web API base URL (e.g. for the emulator).
API_URL_VAR: Final = "SPOTIPY_API_URL"

#: Spotify refuses search offsets above this.
SEARCH_MAX_OFFSET: Final = 1000

T = TypeVar("T")
PT = TypeVar("PT", bound=Paging[Any])
OT = TypeVar("OT", bound=OffsetPaging[Any])

_UNSET: Final[Any] = object()


def _text(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


# -- request paths -------------------------------------------------------------------------

#: A fixed segment of a path template: Spotify's paths are lower-case words and hyphens.
_LITERAL: Final = re.compile(r"[a-z0-9-]+")
#: Where a proxy that decodes the path could see a separator inside a segment.
_SEPARATOR: Final = re.compile(r"[/\\]")


class ApiPath(str):
    """A request path under the API URL whose variable segments are percent-encoded.

    Only :func:`api_path` makes one, and ``SpotifyBase._request`` takes nothing else: a
    path glued together by an f-string fails type checking, and raises ``TypeError``.
    """

    __slots__ = ()


@functools.cache
def _template(template: str) -> tuple[str, ...]:
    """The fixed text around the template's ``{}`` placeholders (checked once)."""
    for segment in template.split("/"):
        if segment != "{}" and _LITERAL.fullmatch(segment) is None:
            raise ValueError(
                f"path template {template!r}: each segment must be '{{}}' or a lower-case"
                f" word, not {segment!r}"
            )
    return tuple(template.split("{}"))


def _segment(value: object) -> str:
    """Percent-encode one segment's value completely, refusing what no ID can be."""
    if not isinstance(value, str):
        raise TypeError(f"a path segment must be a str, not {type(value).__name__}")
    if value.isascii() and value.isalnum():
        return value  # catalogue IDs and words: nothing to encode
    shown = repr(value[:80])
    try:
        text = unquote(value, errors="strict")
    except UnicodeDecodeError:
        raise ValueError(f"{shown} cannot be a path segment: its escapes are not UTF-8") from None
    if not text:
        raise ValueError("an empty string cannot be a path segment")
    if not text.isprintable():
        raise ValueError(f"{shown} cannot be a path segment: it holds control characters")
    if any(part in (".", "..") for part in _SEPARATOR.split(text)):
        raise ValueError(f"{shown} cannot be a path segment: it reads as a dot segment")
    return quote(text, safe="")


def api_path(template: str, *segments: str) -> ApiPath:
    """Build a request path from a template and its variable segments.

    Each segment is percent-encoded completely: only letters, digits and ``-._~`` are
    sent as they are; ``/``, ``%``, ``?``, ``#``, spaces and non-ASCII text are escaped.
    A valid escape in a value is read as the character it stands for, as Spotify writes
    user IDs (``spotify_espa%C3%B1a`` is sent as it is, ``a b`` as ``a%20b``), so the
    server decodes exactly the value's text.

    Parameters
    ----------
    template
        The path under the API URL, a literal such as ``"albums/{}/tracks"``: each
        ``{}`` stands for a whole segment.
    *segments
        The values of the placeholders, in order.

    Returns
    -------
    ApiPath
        The path, which ``SpotifyBase._request`` accepts.

    Raises
    ------
    ValueError
        For a segment that is empty, holds control characters or escapes that are not
        UTF-8, or that a server or a proxy decoding the path could read as a dot segment
        (``.``, ``..``, ``%2e%2e``, ``..%2Fme``); for a malformed template.
    TypeError
        For a segment that is not a ``str``, or more or fewer segments than placeholders.

    Examples
    --------
    >>> api_path("albums/{}/tracks", "4aawyAB9vmqN3uQ7FjRGTy")
    'albums/4aawyAB9vmqN3uQ7FjRGTy/tracks'
    >>> api_path("users/{}", "a/b c")
    'users/a%2Fb%20c'
    """
    fixed = _template(template)
    if len(segments) != len(fixed) - 1:
        raise TypeError(
            f"path template {template!r} takes {len(fixed) - 1} segments, got {len(segments)}"
        )
    path = fixed[0]
    for n, value in enumerate(segments, 1):
        path += _segment(value) + fixed[n]
    return ApiPath(path)


class SpotifyBase(FlowRunner[Mode]):
    """Token handling, request building and paging shared by every endpoint area.

    Parameters
    ----------
    token
        Any object whose ``str()`` is the bearer token: a
        :class:`~spotipy.auth.Token`, a refreshing token or a plain string.
        ``None`` sends requests without a token.
    sender
        Sender to send requests with; defaults as described in :mod:`spotipy.sender`.
        An async sender makes the client asynchronous.
    asynchronous
        Force the mode when no sender is given: ``True`` gives an async client.
    api_url
        Web API base URL; defaults to ``$SPOTIPY_API_URL`` or Spotify's.  Plain
        ``http://`` is accepted only for loopback hosts (the emulator).
    quota
        The app's quota, if known: with ``"development"`` an operation that needs
        extended quota raises :class:`~spotipy.errors.ExtendedQuotaRequired` before
        anything is sent.  ``None`` (or ``"extended"``) sends every call.
    chunked_on
        Split lists longer than an operation's cap into several requests (the default).
        Off, too long a list raises ``ValueError`` before any request.
    max_limits_on
        Ask for the largest page an operation serves when ``limit`` is not given.
    batch_fallback_on
        Answer the several-IDs reads (``albums``, ``artists``, ``tracks``, ``episodes``,
        ``shows``, ``audiobooks``, ``chapters``) one ID at a time, with their single-ID
        replacement, when Spotify does not serve the batch: with ``quota="development"``,
        and after Spotify refused such a batch with a quota 403 (the default).  Off, those
        calls raise :class:`~spotipy.errors.ExtendedQuotaRequired` as before.
    """

    def __init__(
        self,
        token: object = None,
        sender: Sender | AsyncSender | None = None,
        *,
        asynchronous: bool | None = None,
        api_url: str | None = None,
        quota: Quota | None = None,
        chunked_on: bool = True,
        max_limits_on: bool = False,
        batch_fallback_on: bool = True,
    ) -> None:
        if quota not in (None, "development", "extended"):
            raise ValueError(f"quota must be None, 'development' or 'extended', not {quota!r}")
        url = api_url or os.environ.get(API_URL_VAR) or API_URL
        self.api_url: str = check_base_url(url, "API URL")
        self._link_prefix = self.api_url + "/"
        self.sender: Sender | AsyncSender = resolve_sender(sender, asynchronous)
        self.is_async: bool = self.sender.is_async
        self._token = token
        # One context variable per client: a token set by ``token_as`` is seen only by
        # the thread or asyncio task that set it.
        self._token_var: ContextVar[object] = ContextVar(f"spotipy-token-{id(self)}")
        self.quota: Quota | None = quota
        self._chunked_on = bool(chunked_on)
        self._max_limits_on = bool(max_limits_on)
        self._chunked_var: ContextVar[bool] = ContextVar(f"spotipy-chunked-{id(self)}")
        self._max_limits_var: ContextVar[bool] = ContextVar(f"spotipy-max-limits-{id(self)}")
        #: Answer several-IDs reads one ID at a time when the batch is not served.
        self.batch_fallback_on: bool = bool(batch_fallback_on)
        #: Spotify refused a several-IDs read with a quota 403: the batches are not tried
        #: again by this client.
        self.batch_refused: bool = False
        #: The largest page of the paging operations called, by request path (bounded).
        self._page_limits: dict[str, int] = {}

    def __repr__(self) -> str:
        mode = "async" if self.is_async else "sync"
        return f"<{type(self).__name__} {mode} {self.api_url} sender={type(self.sender).__name__}>"

    # -- token -------------------------------------------------------------------------

    @property
    def token(self) -> object:
        """The token used for requests: the one of an enclosing :meth:`token_as`, if any."""
        token = self._token_var.get(_UNSET)
        return self._token if token is _UNSET else token

    @token.setter
    def token(self, value: object) -> None:
        self._token = value

    @contextmanager
    def token_as(self, token: object) -> Iterator[Self]:
        """Use ``token`` for requests made inside the block.

        The previous token is restored when the block ends, also when it raises.  The
        replacement is private to the current thread or asyncio task (a context
        variable), so concurrent users of one client do not see each other's tokens.
        A call uses the token in force when it is made: a coroutine made inside the
        block and awaited after it, or a paging iterator read after it, still acts
        with ``token``.

        Parameters
        ----------
        token
            Token to use, as in the constructor.

        Examples
        --------
        >>> with spotify.token_as(user_token):  # doctest: +SKIP
        ...     user = spotify.current_user()
        """
        reset = self._token_var.set(token)
        try:
            yield self
        finally:
            self._token_var.reset(reset)

    # -- chunking and page sizes --------------------------------------------------------

    @property
    def chunked_on(self) -> bool:
        """Whether long lists are split into requests of an operation's cap (assignable)."""
        return self._chunked_var.get(self._chunked_on)

    @chunked_on.setter
    def chunked_on(self, value: bool) -> None:
        self._chunked_on = bool(value)

    @property
    def max_limits_on(self) -> bool:
        """Whether pages default to the largest ``limit`` of their operation (assignable)."""
        return self._max_limits_var.get(self._max_limits_on)

    @max_limits_on.setter
    def max_limits_on(self, value: bool) -> None:
        self._max_limits_on = bool(value)

    @contextmanager
    def chunked(self, on: bool = True) -> Iterator[Self]:
        """Turn chunking on or off inside the block (for this thread or task only).

        Examples
        --------
        >>> with spotify.chunked(False):  # doctest: +SKIP
        ...     spotify.tracks(track_ids[:50])
        """
        reset = self._chunked_var.set(bool(on))
        try:
            yield self
        finally:
            self._chunked_var.reset(reset)

    @contextmanager
    def max_limits(self, on: bool = True) -> Iterator[Self]:
        """Ask for the largest pages inside the block (for this thread or task only)."""
        reset = self._max_limits_var.set(bool(on))
        try:
            yield self
        finally:
            self._max_limits_var.reset(reset)

    # A 401 means Spotify did not act on the request, and since July 2026 it answers
    # 401 ("Access token missing") to some requests that carried a valid token: every
    # request of the client (endpoints, paging, bulk paging, through any sender) is sent
    # once more after a 401, never twice.  A refreshing token renews first (single
    # flight; a refresh token refused before is never sent again: that raises); any
    # other token is sent again as it is.  A second 401 is the caller's Unauthorised.

    def _send_sync(self, request: Request) -> Response:
        return self._send_sync_as(self.token, request)

    async def _send_async(self, request: Request) -> Response:
        return await self._send_async_as(self.token, request)

    def _run(self, flow: Flow[T], token: object = _UNSET) -> T | Coroutine[Any, Any, T]:
        # The token in force when the call is made, not when (in async mode) its
        # coroutine is awaited: one made inside ``token_as`` acts as that token.
        if token is _UNSET:
            token = self.token
        if self.is_async:
            return drive_async(flow, functools.partial(self._send_async_as, token))
        return drive_sync(flow, functools.partial(self._send_sync_as, token))

    def _send_sync_as(self, token: object, request: Request) -> Response:
        if token is None:
            return self.sender.send(request)  # type: ignore[return-value]
        renewable = token if isinstance(token, AccessToken) else None
        bearer = str(token) if renewable is None else renewable.bearer()
        request.headers["Authorization"] = f"Bearer {bearer}"
        response: Response = self.sender.send(request)  # type: ignore[assignment]
        if response.status_code != 401:
            return response
        if renewable is not None and renewable.rejected(bearer):
            request.headers["Authorization"] = f"Bearer {renewable.bearer()}"
        return self.sender.send(request)  # type: ignore[return-value]

    async def _send_async_as(self, token: object, request: Request) -> Response:
        if token is None:
            return await self.sender.send(request)  # type: ignore[misc, no-any-return]
        renewable = token if isinstance(token, AccessToken) else None
        bearer = str(token) if renewable is None else await renewable.bearer_async()
        request.headers["Authorization"] = f"Bearer {bearer}"
        response: Response = await self.sender.send(request)  # type: ignore[misc]
        if response.status_code != 401:
            return response
        if renewable is not None and await renewable.rejected_async(bearer):
            request.headers["Authorization"] = f"Bearer {await renewable.bearer_async()}"
        return await self.sender.send(request)  # type: ignore[misc, no-any-return]

    # -- several-IDs reads in development mode -------------------------------------------

    def _batch_read(
        self, ep: Endpoint[Any, Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        """Run a several-IDs read: the batch, or one request per ID when not served."""
        token = self.token  # in force now, also when the coroutine is awaited later
        send_as = self._send_async_as if self.is_async else self._send_sync_as
        send: Callable[[Request], Any] = functools.partial(send_as, token)
        drive: Callable[..., Any] = drive_async if self.is_async else drive_sync
        return drive(self._batch_steps(ep, args, kwargs), self._each_carry(send))

    def _batch_steps(
        self, ep: Endpoint[Any, Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Generator[Request | _EachId, Any, Any]:
        """The batch's flow; where it is not served, one step reading the IDs one by one."""
        if not self._one_by_one():
            try:
                return (yield from ep.flow(self, *args, **kwargs))
            except ExtendedQuotaRequired as refused:
                self._batch_was_refused(refused)
        from spotipy.client import _bulk  # only these reads and bulk paging need it

        return (yield _EachId(_bulk.each_id(self, ep, args, kwargs)))

    def _each_carry(self, send: Callable[[Request], Any]) -> Callable[[Any], Any]:
        """Carry a batch's steps out in this client's mode: requests, and the IDs one by one
        (in threads, or in tasks: a list, or an awaitable of it)."""

        def carry(step: Request | _EachId) -> Any:
            if isinstance(step, _EachId):
                from spotipy.client import _bulk

                if self.is_async:
                    return _bulk.collect_async(step.bulk, send)
                return list(_bulk.run_sync(step.bulk, send))
            return send(step)

        return carry

    def _one_by_one(self) -> bool:
        return self.batch_fallback_on and (self.quota == "development" or self.batch_refused)

    def _batch_was_refused(self, refused: ExtendedQuotaRequired) -> None:
        """Remember Spotify's quota 403 for a batch (then go one by one), or raise it."""
        if not (refused.sent and self.batch_fallback_on):
            raise refused
        self.batch_refused = True

    def send(self, request: Request) -> Response | Coroutine[Any, Any, Response]:
        """Send a prepared request with this client's token and sender."""
        token = self.token  # in force now, also when the coroutine is awaited later
        if self.is_async:
            return self._send_async_as(token, request)
        return self._send_sync_as(token, request)

    # -- request building --------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: ApiPath,
        params: Mapping[str, object] | None = None,
        body: object = None,
        *,
        content: bytes | None = None,
        content_type: str = "application/json",
        idempotent: bool | None = None,
    ) -> Request:
        """Build a request to ``path`` under the API URL.

        ``path`` comes from :func:`api_path`, which encodes every variable segment.
        ``params`` with ``None`` values are left out; ``body`` is sent as JSON, or
        ``content`` as it is with ``content_type``.  ``idempotent`` overrides the verb's
        meaning for retries (a ``PUT`` that moves playlist items is not idempotent).
        """
        if type(path) is not ApiPath:
            raise TypeError(f"request paths are built by api_path, not given as {path!r:.80}")
        query = None
        if params:
            query = {k: _text(v) for k, v in params.items() if v is not None}
        url = f"{self.api_url}/{path}"
        if body is not None:
            content = msgspec.json.encode(body)
        if content is None:
            return Request(method, url, params=query, idempotent=idempotent)
        return Request(
            method,
            url,
            params=query,
            headers={"Content-Type": content_type},
            content=content,
            idempotent=idempotent,
        )

    # -- families ----------------------------------------------------------------------

    def _several(
        self,
        key: str,
        ids: Sequence[str],
        type_: type[T],
        *,
        path: ApiPath | None = None,
        **params: object,
    ) -> Flow[list[T | None]]:
        """The several-IDs get: ``GET <path>?ids=...`` answering ``{key: [...]}``."""
        query = {"ids": ",".join(ids), **params}
        response = yield self._request("GET", path or api_path("{}", key), query)
        return expect_listed(response, key, type_)

    # -- paging ------------------------------------------------------------------------

    def _check_link(self, url: str) -> None:
        # A paging link elsewhere would receive the bearer token: refuse it.  The prefix
        # is checked on the normalised link: "<base>/v1/../../elsewhere" starts with the
        # prefix but resolves outside it, and control characters never reach httpx.
        if not isinstance(url, str) or not url.isprintable() or len(url) > _MAX_LINK:
            raise SpotipyError("refusing to follow a malformed paging link")
        head = url.partition("?")[0]
        if not head.startswith(self._link_prefix):
            raise SpotipyError(
                f"refusing to follow a paging link to {_origin(url)}: it is not under"
                f" {self.api_url}"
            )
        rest = head[len(self._link_prefix) :]
        segments = unquote(rest).split("/")
        if any(part in (".", "..") for part in segments) or "\\" in rest:
            raise SpotipyError(
                f"refusing to follow a paging link that leaves {self.api_url} (dot segments)"
            )

    def _learn_max_limit(self, request: Request, max_limit: int) -> None:
        """Remember the largest page of the paging operation that sent ``request``.

        The next links of its pagings have the same path: :meth:`all_pages` asks for
        that page size when it fetches the rest (:meth:`_rest_link`).
        """
        limits = self._page_limits
        path = request.path
        if path not in limits and len(limits) >= _MAX_PAGE_PATHS:
            del limits[next(iter(limits))]  # the oldest
        limits[path] = max_limit

    def _rest_link(self, link: str | None) -> str | None:
        """``link`` (a page's next link) asking for its operation's largest page.

        The link's ``limit`` is raised to the ``max_limit`` of the paging operation that
        was called at the link's path; its ``offset`` (or cursor) stays as Spotify wrote
        it, so the next page starts right after the page the link came from, and each
        page after it starts where the one before ended (Spotify's links count in the
        limit asked for).  Any other link is left as it is.
        """
        if link is None or not self._page_limits:
            return link
        head, _, query = link.partition("?")
        max_limit = self._page_limits.get(urlsplit(head).path)
        if max_limit is None or not query:
            return link
        fields = query.split("&")
        for index, field in enumerate(fields):
            name, _, value = field.partition("=")
            number = query_number(value) if name == "limit" else None
            if number is not None and number < max_limit:
                fields[index] = f"limit={max_limit}"
                return f"{head}?{'&'.join(fields)}"
        return link

    def _follow(self, url: str | None, type_: type[PT]) -> Flow[PT | None]:
        if url is None:
            return None
        self._check_link(url)
        if _beyond_search_cap(url):
            return None
        response = yield Request("GET", url)
        return expect_page(response, type_)

    @overload
    def next(self: SpotifyBase[Sync], page: PT) -> PT | None: ...
    @overload
    def next(self: SpotifyBase[Async], page: PT) -> Awaitable[PT | None]: ...
    def next(self, page: PT) -> PT | Awaitable[PT | None] | None:
        """Retrieve the page after ``page``, or ``None`` when it is the last one.

        Works for offset and cursor pagings, including the wrapped pagings of search.

        Raises
        ------
        TypeError
            When ``page`` is not a page of results (in async mode, when awaited).
        """
        return self._run(self._adjacent(page, "next", Paging))

    @overload
    def previous(self: SpotifyBase[Sync], page: OT) -> OT | None: ...
    @overload
    def previous(self: SpotifyBase[Async], page: OT) -> Awaitable[OT | None]: ...
    def previous(self, page: OT) -> OT | Awaitable[OT | None] | None:
        """Retrieve the page before ``page``, or ``None`` when it is the first one.

        Raises
        ------
        TypeError
            When ``page`` is not an offset paging (in async mode, when awaited).
        """
        return self._run(self._adjacent(page, "previous", OffsetPaging))

    def _adjacent(self, page: Any, link: str, kind: type[Paging[Any]]) -> Flow[Any]:
        """The page that ``page``'s ``link`` names; ``page`` is checked in the flow."""
        _check_page(page, kind)
        return (yield from self._follow(getattr(page, link), type(page)))

    @overload
    def all_pages(
        self: SpotifyBase[Sync],
        page: PT,
        *,
        concurrency: int = 1,
        max_items: int | None = None,
        adaptive: bool = True,
        sleep: Callable[[float], None] | None = None,
    ) -> Iterator[PT]: ...
    @overload
    def all_pages(
        self: SpotifyBase[Async],
        page: PT,
        *,
        concurrency: int = 1,
        max_items: int | None = None,
        adaptive: bool = True,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> AsyncIterator[PT]: ...
    def all_pages(
        self,
        page: PT,
        *,
        concurrency: int = 1,
        max_items: int | None = None,
        adaptive: bool = True,
        sleep: Callable[[float], Any] | None = None,
    ) -> Iterator[PT] | AsyncIterator[PT]:
        """Iterate over ``page`` and every page after it, in order.

        An async client returns an async iterator (``async for``).

        Parameters
        ----------
        page
            The first page.
        concurrency
            With more than 1, the pages of an offset paging that says its ``total`` are
            fetched that many at a time (threads in sync mode, tasks in async mode), still
            handed out in order and never more than ``concurrency`` held at once.  The
            paging ends at the first page with no ``next`` link or no items, as following
            the links one at a time would, whatever ``total`` said (a ``total`` above the
            truth costs at most ``concurrency`` requests past the end).
        max_items
            Stop once the pages handed out hold this many items.
        adaptive
            With ``concurrency``: a 429 makes the whole paging wait its ``Retry-After``
            once (the 429s of requests already under way are the same signal) and halves
            the requests in flight; the refused pages are sent again first, within that
            window, which then grows back by one request a window's worth of pages, up
            to ``concurrency``.  ``False`` keeps ``concurrency`` requests in flight (the
            refused pages are all sent again after the wait).  Either way a
            ``Retry-After`` above 60 s, or 50 waits in a row with no page arriving, raises
            the :class:`~spotipy.errors.TooManyRequests`.
        sleep
            Waits the given seconds after a 429: ``time.sleep`` (sync) or
            ``asyncio.sleep`` (async) by default; injectable for tests and simulations.

        Raises
        ------
        ValueError, TypeError
            For a senseless ``concurrency`` or ``max_items``, or a ``page`` that is not
            a page of results, before any request.
        """
        from spotipy.client._bulk import check_concurrency, check_max_items

        _check_page(page, Paging)
        check_concurrency(concurrency)
        check_max_items(max_items)
        token = self.token  # the pages are read later, with the token in force now
        return self._pages(page, concurrency, max_items, adaptive, sleep, token, _whole)

    def _pages(
        self,
        page: Paging[Any],
        concurrency: int,
        max_items: int | None,
        adaptive: bool,
        sleep: Callable[[float], Any] | None,
        token: object,
        hand: Callable[[Any], Sequence[Any]],
    ) -> Iterator[Any] | AsyncIterator[Any]:
        """What ``hand`` makes of ``page`` and each page after it, in order: an iterator,
        an async one in async mode.

        With ``concurrency`` above 1 and the pages' links known (see
        :func:`~spotipy.client._bulk.remaining_links`), a bulk paging fetches them;
        else :meth:`_page_steps` follows the links one at a time.
        """
        send_as = self._send_async_as if self.is_async else self._send_sync_as
        send: Callable[[Request], Any] = functools.partial(send_as, token)
        bulk = self._bulk(page, concurrency, max_items, adaptive, hand)
        if bulk is not None:
            from spotipy.client import _bulk

            return (_bulk.run_async if self.is_async else _bulk.run_sync)(bulk, send, sleep)
        emitted = emitted_async if self.is_async else emitted_sync
        return emitted(self._page_steps(page, max_items, hand), send)

    def _page_steps(
        self, page: Paging[Any], max_items: int | None, hand: Callable[[Any], Sequence[Any]]
    ) -> Generator[Request | Emit, Response, None]:
        """Hand ``page`` out, then follow its next link, until the end or ``max_items``."""
        seen: set[str] = set()
        current: Paging[Any] | None = page
        count = 0
        while current is not None:
            yield Emit(hand(current))
            count += len(current.items)
            if max_items is not None and count >= max_items:
                return
            link = self._rest_link(current.next)
            _no_loop(current, link, seen)
            current = yield from self._follow(link, type(current))

    def _bulk(
        self,
        page: Paging[Any],
        concurrency: int,
        max_items: int | None,
        adaptive: bool,
        hand: Callable[[Any], Sequence[Any]],
    ) -> Any:
        """The bulk paging of ``page`` and the pages after it, or ``None``.

        ``None`` when one request at a time is asked for or the links of the pages are
        not known (see :func:`~spotipy.client._bulk.remaining_links`); else its schedule
        (:class:`~spotipy.client._bulk.Bulk`), the first page handed out first.
        """
        if concurrency == 1:
            return None
        from spotipy.client import _bulk  # only bulk reads need it (and threads or tasks)

        links = _bulk.remaining_links(page, max_items, self._rest_link(page.next))
        if links is None:
            return None
        type_ = type(page)
        return _bulk.Bulk(
            links, concurrency, lambda url: self._follow(url, type_), adaptive, hand, page, _at_end
        )

    @overload
    def all_items(
        self: SpotifyBase[Sync],
        page: Paging[T],
        *,
        concurrency: int = 1,
        max_items: int | None = None,
        adaptive: bool = True,
        sleep: Callable[[float], None] | None = None,
    ) -> Iterator[T]: ...
    @overload
    def all_items(
        self: SpotifyBase[Async],
        page: Paging[T],
        *,
        concurrency: int = 1,
        max_items: int | None = None,
        adaptive: bool = True,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> AsyncIterator[T]: ...
    def all_items(
        self,
        page: Paging[T],
        *,
        concurrency: int = 1,
        max_items: int | None = None,
        adaptive: bool = True,
        sleep: Callable[[float], Any] | None = None,
    ) -> Iterator[T] | AsyncIterator[T]:
        """Iterate over the items of ``page`` and of every page after it, in order.

        ``concurrency``, ``max_items``, ``adaptive`` and ``sleep`` are those of
        :meth:`all_pages`; at most ``max_items`` items are yielded.
        """
        from spotipy.client._bulk import check_concurrency, check_max_items

        _check_page(page, Paging)
        check_concurrency(concurrency)
        check_max_items(max_items)
        token = self.token  # the pages are read later, with the token in force now
        return self._pages(page, concurrency, max_items, adaptive, sleep, token, _Items(max_items))


class _EachId(NamedTuple):
    """Step of a several-IDs read: read the IDs one by one, as ``bulk`` schedules them."""

    bulk: Any


def _at_end(page: Paging[Any] | None) -> bool:
    """Whether a bulk paging ends with ``page``: no page, no next link or no items (as
    following the links one at a time would), whatever the first page's ``total`` said."""
    return page is None or page.next is None or not page.items


def _whole(page: Paging[Any]) -> tuple[Paging[Any]]:
    """What ``all_pages`` hands out of a page: the page."""
    return (page,)


class _Items:
    """What ``all_items`` hands out of each page: its items, ``max_items`` at most."""

    __slots__ = ("left",)

    def __init__(self, max_items: int | None) -> None:
        self.left = max_items

    def __call__(self, page: Paging[Any]) -> Sequence[Any]:
        if self.left is None:
            return page.items
        items = page.items[: self.left]
        self.left -= len(items)
        return items


#: Longest paging link followed (Spotify's are a few hundred characters).
_MAX_LINK: Final = 8192
#: Request paths whose paging operation's largest page a client remembers.
_MAX_PAGE_PATHS: Final = 512


def _origin(url: str) -> str:
    try:
        return url_origin_and_path(url)[0]
    except Exception:  # an unparsable link is only named in the error, never sent
        return "an unparsable address"


def _no_loop(page: Paging[Any], link: str | None, seen: set[str]) -> None:
    """Stop a paging whose next ``link`` (``page.next``, or asking for larger pages) was
    followed before, or goes back to an offset not after ``page``'s (a loop)."""
    if link is None or page.next is None:
        return
    back = page.next == page.href or link in seen or page.next in seen
    if not back and isinstance(page, OffsetPaging) and page.offset is not None:
        offset = parse_qs(urlsplit(link).query).get("offset", [""])[0]
        number = query_number(offset)
        back = number is not None and number <= page.offset
    if back:
        raise SpotipyError("the paging loops: its next link points at a page already read")
    seen.update((link, page.next))


def _beyond_search_cap(url: str) -> bool:
    # Spotify answers 400 past search's offset cap instead of ending the paging.
    _, path = url_origin_and_path(url)
    if not path.endswith("/search"):
        return False
    offset = parse_qs(urlsplit(url).query).get("offset", ["0"])[0]
    number = query_number(offset)
    return number is not None and number > SEARCH_MAX_OFFSET


def _check_page(page: object, kind: type[Paging[Any]]) -> None:
    """Refuse a ``page`` that is not a paging of ``kind`` (offset or any)."""
    if not isinstance(page, kind):
        wanted = "an offset paging" if kind is OffsetPaging else "a page of results (a Paging)"
        raise TypeError(f"page must be {wanted}, not {type(page).__name__}")
