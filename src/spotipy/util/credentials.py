"""Self-refreshing tokens and the credentials that make them.

A :class:`RefreshingToken` looks like an access token that never expires: shortly
before its current token expires it asks the accounts service for a new one.  The
refresh is single-flight (however many threads or asyncio tasks need the token at
once, one request is sent), keeps the refresh token when Spotify does not rotate it,
replaces it when Spotify does, and reports every new token to ``on_refresh`` so that
the application can persist the newest refresh token.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Generic, Literal, overload

from spotipy._flow import Async, Mode, Sync, drive_async, drive_sync
from spotipy.auth import AccessToken, Credentials, Token
from spotipy.errors import RefreshTokenInvalid
from spotipy.scope import Scope
from spotipy.sender import AsyncSender, Sender

__all__ = [
    "RefreshingCredentials",
    "RefreshingToken",
    "refresh_pkce_token",
    "refresh_user_token",
    "request_client_token",
]

#: Seconds before expiry at which a refreshing token renews itself.
DEFAULT_MARGIN = 60.0
#: The margin never exceeds this fraction of a token's lifetime: a token endpoint that
#: answers ``expires_in`` below the margin must not make every read refresh again.
MARGIN_FRACTION = 0.5

OnRefresh = Callable[[Token], object]


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


async def notify_async(on_refresh: OnRefresh | None, token: Token) -> None:
    """Call ``on_refresh`` from async code without blocking the event loop.

    A coroutine function is awaited; a plain function (which may write a file) runs on
    a worker thread.
    """
    if on_refresh is None:
        return
    if inspect.iscoroutinefunction(on_refresh):
        await on_refresh(token)
        return
    result = await asyncio.to_thread(on_refresh, token)
    if inspect.isawaitable(result):
        await result


class _Flight:
    """One refresh in progress, awaited by every thread or task that needs it."""

    __slots__ = ("done", "error", "future", "loop")

    def __init__(self, loop: asyncio.AbstractEventLoop | None) -> None:
        self.done = threading.Event()
        self.error: BaseException | None = None
        self.loop = loop
        self.future: asyncio.Future[None] | None = loop.create_future() if loop else None

    def finish(self, error: BaseException | None) -> None:
        self.error = error
        self.done.set()
        if self.future is not None and self.loop is not None:
            self.loop.call_soon_threadsafe(self._resolve)

    def _resolve(self) -> None:
        if self.future is not None and not self.future.done():
            self.future.set_result(None)

    def outcome(self) -> None:
        if self.error is not None:
            raise self.error


def _retrieve(task: asyncio.Task[None]) -> None:
    # The leader may be gone (cancelled): the error reaches the waiters through the
    # flight, so the task's own copy is retrieved here, never reported as lost.
    if not task.cancelled():
        task.exception()


def _again(refused: RefreshTokenInvalid) -> RefreshTokenInvalid:
    """A fresh error for a refresh token refused before (no request is sent)."""
    return RefreshTokenInvalid(
        f"{refused} (refused before: not sent again; authorise the user again and give the"
        " new token to replace())",
        status=refused.status,
        error=refused.error,
        description=refused.description,
        response=refused.response,
    )


class RefreshingToken(AccessToken):
    """An access token that refreshes itself before it expires.

    Parameters
    ----------
    token
        The current token; it must have a refresh token, or be an app token (which
        is renewed with a new client credentials request).
    credentials
        Credentials to refresh with.  Sync credentials refresh in sync clients
        directly and in async clients on a worker thread (never blocking the event
        loop); async credentials refresh in async clients only.
    on_refresh
        Called with each new :class:`~spotipy.auth.Token`, e.g. to save its refresh
        token.  In an async client an awaitable result is awaited.
    margin
        Seconds before expiry at which to refresh; at most half the token's lifetime is
        used, so a short-lived token is still used for half its life.

    Notes
    -----
    ``str(token)`` gives a fresh bearer token (refreshing first if needed, which
    blocks; async clients use :meth:`bearer_async`).  ``repr`` shows no secrets.
    """

    def __init__(
        self,
        token: Token,
        credentials: Credentials[Any],
        *,
        on_refresh: OnRefresh | None = None,
        margin: float = DEFAULT_MARGIN,
    ) -> None:
        self._token = token
        self.credentials = credentials
        self.on_refresh = on_refresh
        self.margin = margin
        self._lock = threading.Lock()
        self._flight: _Flight | None = None
        # The refusal of the refresh token, kept: it is never sent again.
        self._refused: RefreshTokenInvalid | None = None

    def __repr__(self) -> str:
        return f"<RefreshingToken of {self._token!r}>"

    # -- the token's face ----------------------------------------------------------------

    @property
    def token(self) -> Token:
        """The current underlying token (not refreshed by reading it)."""
        return self._token

    @property
    def access_token(self) -> str:
        """A valid bearer token, refreshed first if it was about to expire."""
        return self.bearer()

    @property
    def refresh_token(self) -> str | None:
        """The newest refresh token."""
        return self._token.refresh_token

    @property
    def token_type(self) -> str:
        """Token type, ``"Bearer"``."""
        return self._token.token_type

    @property
    def scope(self) -> Scope:
        """Scopes of the token."""
        return self._token.scope

    @property
    def consented_at(self) -> float | None:
        """Unix time of the user's consent behind the refresh token, when known."""
        return self._token.consented_at

    @property
    def refresh_expires_at(self) -> float | None:
        """When the refresh token stops working (about six months after consent).

        Ask the user to authorise again before then; ``None`` when not known.
        """
        return self._token.refresh_expires_at

    @property
    def expires_at(self) -> int:
        """Expiry of the current underlying token (it is renewed before then)."""
        return self._token.expires_at

    @property
    def expires_in(self) -> int:
        """Seconds until the current underlying token expires."""
        return self._token.expires_in

    @property
    def is_expiring(self) -> bool:
        """Always ``False``: the token renews itself."""
        return False

    @property
    def uses_pkce(self) -> bool:
        """Whether the token refreshes without a client secret."""
        return self._token.uses_pkce

    # -- deciding -------------------------------------------------------------------------

    @property
    def refused(self) -> bool:
        """Whether Spotify refused the refresh token (``invalid_grant``).

        Every later refresh then raises :class:`~spotipy.errors.RefreshTokenInvalid`
        at once, without a request, until :meth:`replace` gives a new token.
        """
        return self._refused is not None

    def replace(self, token: Token) -> None:
        """Use ``token`` from now on (after the user authorised the app again)."""
        with self._lock:
            self._token = token
            self._refused = None

    def _stale(self, rejected: str | None) -> bool:
        if rejected is not None:
            # The Web API refused this bearer: renew unless someone already did.
            return self._token.access_token == rejected
        lifetime = max(0.0, float(self._token.lifetime))
        return self._token.expiring_within(min(self.margin, lifetime * MARGIN_FRACTION))

    def _join_or_lead(
        self, rejected: str | None, loop: asyncio.AbstractEventLoop | None
    ) -> tuple[_Flight | None, bool]:
        """Return (flight, leader): no flight when the token is fine."""
        with self._lock:
            if not self._stale(rejected):
                return None, False
            if self._refused is not None:
                raise _again(self._refused)
            if self._flight is not None:
                return self._flight, False
            self._flight = _Flight(loop)
            return self._flight, True

    def _land(self, flight: _Flight, new: Token | None, error: BaseException | None) -> None:
        with self._lock:
            if new is not None:
                self._token = new
            if isinstance(error, RefreshTokenInvalid):
                self._refused = error
            self._flight = None
        flight.finish(error)

    # -- sync -----------------------------------------------------------------------------

    def bearer(self) -> str:
        """Return a valid bearer token, refreshing first if needed (blocking)."""
        self._refresh_sync(None)
        return self._token.access_token

    def rejected(self, bearer: str) -> bool:
        """Renew after the Web API refused ``bearer``; tell whether it was renewed."""
        self._refresh_sync(bearer)
        return self._token.access_token != bearer

    def refresh(self) -> None:
        """Refresh now, whatever the expiry (blocking)."""
        self._refresh_sync(self._token.access_token)

    def _refresh_sync(self, rejected: str | None) -> None:
        while True:
            flight, leader = self._join_or_lead(rejected, None)
            if flight is None:
                return
            if not leader:
                if flight.loop is not None and _running_loop() is flight.loop:
                    # Waiting here would block the very loop that runs the refresh.
                    raise RuntimeError(
                        "the token is being refreshed by this event loop: use "
                        "'await token.bearer_async()' instead of str(token) in async code"
                    )
                flight.done.wait()
                flight.outcome()
                continue
            try:
                new = self._request_sync()
                self._notify_sync(new)
            except BaseException as exc:
                self._land(flight, None, exc)
                raise
            self._land(flight, new, None)
            return

    def _request_sync(self) -> Token:
        credentials = self.credentials
        if credentials.is_async:
            raise RuntimeError(
                "this refreshing token has asynchronous credentials: use it in an "
                "asynchronous client, or await bearer_async()"
            )
        token: Token = drive_sync(credentials.refresh_flow(self._token), credentials._send_sync)
        return token

    def _notify_sync(self, new: Token) -> None:
        if self.on_refresh is not None:
            result = self.on_refresh(new)
            if inspect.isawaitable(result):
                raise TypeError("on_refresh returned an awaitable in a synchronous refresh")

    # -- async ----------------------------------------------------------------------------

    async def bearer_async(self) -> str:
        """Return a valid bearer token, refreshing first if needed, without blocking."""
        await self._refresh_async(None)
        return self._token.access_token

    async def rejected_async(self, bearer: str) -> bool:
        """Async counterpart of :meth:`rejected`."""
        await self._refresh_async(bearer)
        return self._token.access_token != bearer

    async def refresh_async(self) -> None:
        """Refresh now, whatever the expiry, without blocking."""
        await self._refresh_async(self._token.access_token)

    async def _refresh_async(self, rejected: str | None) -> None:
        loop = asyncio.get_running_loop()
        while True:
            flight, leader = self._join_or_lead(rejected, loop)
            if flight is None:
                return
            if not leader:
                if flight.future is not None and flight.loop is loop:
                    await asyncio.shield(flight.future)
                else:
                    await asyncio.to_thread(flight.done.wait)
                flight.outcome()
                continue
            # The refresh runs as a task of its own, shielded: a leader cancelled (or
            # timed out by wait_for) while it waits leaves the refresh going, and the
            # waiters get its token instead of the leader's CancelledError.  Sending it
            # again would waste a request, and lose a rotated refresh token.
            task = loop.create_task(self._lead_async(flight))
            task.add_done_callback(_retrieve)
            await asyncio.shield(task)
            return

    async def _lead_async(self, flight: _Flight) -> None:
        try:
            new = await self._request_async()
            await notify_async(self.on_refresh, new)
        except BaseException as exc:
            self._land(flight, None, exc)
            raise
        self._land(flight, new, None)

    async def _request_async(self) -> Token:
        credentials = self.credentials
        flow = credentials.refresh_flow(self._token)
        if credentials.is_async:
            token: Token = await drive_async(flow, credentials._send_async)
            return token
        # Sync credentials: their sender blocks, so it runs on a worker thread.
        return await asyncio.to_thread(drive_sync, flow, credentials._send_sync)


class RefreshingCredentials(Generic[Mode]):
    """Credentials whose token methods return :class:`RefreshingToken` objects.

    Takes the arguments of :class:`~spotipy.auth.Credentials`, plus ``on_refresh``
    given to every token it makes.  The wrapped credentials are :attr:`credentials`.
    """

    @overload
    def __init__(
        self: RefreshingCredentials[Sync],
        client_id: str,
        client_secret: str | None = None,
        redirect_uri: str | None = None,
        sender: Sender | None = None,
        *,
        asynchronous: Literal[False] | None = None,
        accounts_url: str | None = None,
        on_refresh: OnRefresh | None = None,
    ) -> None: ...
    @overload
    def __init__(
        self: RefreshingCredentials[Async],
        client_id: str,
        client_secret: str | None = None,
        redirect_uri: str | None = None,
        sender: AsyncSender | None = None,
        *,
        asynchronous: Literal[True],
        accounts_url: str | None = None,
        on_refresh: OnRefresh | None = None,
    ) -> None: ...
    @overload
    def __init__(
        self: RefreshingCredentials[Async],
        client_id: str,
        client_secret: str | None = None,
        redirect_uri: str | None = None,
        *,
        sender: AsyncSender,
        asynchronous: Literal[True] | None = None,
        accounts_url: str | None = None,
        on_refresh: OnRefresh | None = None,
    ) -> None: ...
    def __init__(
        self,
        client_id: str,
        client_secret: str | None = None,
        redirect_uri: str | None = None,
        sender: Sender | AsyncSender | None = None,
        *,
        asynchronous: bool | None = None,
        accounts_url: str | None = None,
        on_refresh: OnRefresh | None = None,
    ) -> None:
        make: Any = Credentials  # the overloads above already typed the mode
        self.credentials: Credentials[Mode] = make(
            client_id,
            client_secret,
            redirect_uri,
            sender,
            asynchronous=asynchronous,
            accounts_url=accounts_url,
        )
        self.on_refresh = on_refresh

    def __repr__(self) -> str:
        return f"<RefreshingCredentials {self.credentials!r}>"

    def _wrap(self, result: Token | Awaitable[Token], *, notify: bool = True) -> Any:
        # Every new user token goes to on_refresh, the first one included: a refresh
        # may already have rotated the refresh token the application saved.
        on_refresh = self.on_refresh if notify else None
        if isinstance(result, Token):
            if on_refresh is not None:
                outcome = on_refresh(result)
                if inspect.isawaitable(outcome):
                    raise TypeError("on_refresh returned an awaitable in a synchronous call")
            return RefreshingToken(result, self.credentials, on_refresh=self.on_refresh)

        async def wrap() -> RefreshingToken:
            token = await result
            await notify_async(on_refresh, token)
            return RefreshingToken(token, self.credentials, on_refresh=self.on_refresh)

        return wrap()

    def user_authorisation_url(
        self,
        scope: str | Iterable[str] | None = None,
        state: str | None = None,
        show_dialog: bool = False,
    ) -> str:
        """Build the URL that asks a user to authorise the application."""
        return self.credentials.user_authorisation_url(scope, state, show_dialog)

    def pkce_user_authorisation(
        self,
        scope: str | Iterable[str] | None = None,
        state: str | None = None,
        verifier_bytes: int = 32,
    ) -> tuple[str, str]:
        """Build a PKCE authorisation URL and its verifier."""
        return self.credentials.pkce_user_authorisation(scope, state, verifier_bytes)

    @overload
    def request_client_token(self: RefreshingCredentials[Sync]) -> RefreshingToken: ...
    @overload
    def request_client_token(
        self: RefreshingCredentials[Async],
    ) -> Awaitable[RefreshingToken]: ...
    def request_client_token(self) -> Any:
        """Request an app token that renews itself."""
        return self._wrap(self.credentials.request_client_token(), notify=False)

    @overload
    def request_user_token(self: RefreshingCredentials[Sync], code: str) -> RefreshingToken: ...
    @overload
    def request_user_token(
        self: RefreshingCredentials[Async], code: str
    ) -> Awaitable[RefreshingToken]: ...
    def request_user_token(self, code: str) -> Any:
        """Exchange an authorisation code for a self-refreshing user token."""
        return self._wrap(self.credentials.request_user_token(code))

    @overload
    def request_pkce_token(
        self: RefreshingCredentials[Sync], code: str, verifier: str
    ) -> RefreshingToken: ...
    @overload
    def request_pkce_token(
        self: RefreshingCredentials[Async], code: str, verifier: str
    ) -> Awaitable[RefreshingToken]: ...
    def request_pkce_token(self, code: str, verifier: str) -> Any:
        """Exchange a PKCE authorisation code for a self-refreshing user token."""
        return self._wrap(self.credentials.request_pkce_token(code, verifier))

    @overload
    def refresh_user_token(
        self: RefreshingCredentials[Sync], refresh_token: str, *, consented_at: float | None = ...
    ) -> RefreshingToken: ...
    @overload
    def refresh_user_token(
        self: RefreshingCredentials[Async], refresh_token: str, *, consented_at: float | None = ...
    ) -> Awaitable[RefreshingToken]: ...
    def refresh_user_token(self, refresh_token: str, *, consented_at: float | None = None) -> Any:
        """Make a self-refreshing user token from a saved refresh token."""
        return self._wrap(
            self.credentials.refresh_user_token(refresh_token, consented_at=consented_at)
        )

    @overload
    def refresh_pkce_token(
        self: RefreshingCredentials[Sync], refresh_token: str, *, consented_at: float | None = ...
    ) -> RefreshingToken: ...
    @overload
    def refresh_pkce_token(
        self: RefreshingCredentials[Async], refresh_token: str, *, consented_at: float | None = ...
    ) -> Awaitable[RefreshingToken]: ...
    def refresh_pkce_token(self, refresh_token: str, *, consented_at: float | None = None) -> Any:
        """Make a self-refreshing PKCE user token from a saved refresh token."""
        return self._wrap(
            self.credentials.refresh_pkce_token(refresh_token, consented_at=consented_at)
        )


def request_client_token(client_id: str, client_secret: str) -> RefreshingToken:
    """Request an app token that renews itself."""
    return RefreshingCredentials(client_id, client_secret).request_client_token()


def refresh_user_token(
    client_id: str,
    client_secret: str,
    refresh_token: str,
    *,
    on_refresh: OnRefresh | None = None,
    consented_at: float | None = None,
) -> RefreshingToken:
    """Make a self-refreshing user token from a saved refresh token.

    ``consented_at`` (as :meth:`~spotipy.util.TokenFile.consented_at` reads it) lets the
    token tell its ``refresh_expires_at``.
    """
    credentials = RefreshingCredentials(client_id, client_secret, on_refresh=on_refresh)
    return credentials.refresh_user_token(refresh_token, consented_at=consented_at)


def refresh_pkce_token(
    client_id: str,
    refresh_token: str,
    *,
    on_refresh: OnRefresh | None = None,
    consented_at: float | None = None,
) -> RefreshingToken:
    """Make a self-refreshing PKCE user token from a saved refresh token (no secret)."""
    credentials = RefreshingCredentials(client_id, on_refresh=on_refresh)
    return credentials.refresh_pkce_token(refresh_token, consented_at=consented_at)
