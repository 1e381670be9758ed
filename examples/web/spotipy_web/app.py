"""The Starlette application: log in with Spotify, list the user's playlists, log out.

Routes
------
``GET /``
    The start page with "Log in" (or a redirect to the playlists when logged in).
``GET /login``
    Starts an authorisation (PKCE, with a fresh ``state``) bound to the browser's
    session, and redirects to Spotify's consent page.
``GET <callback>``
    The redirect URI's path (``/callback``): checks the ``state`` against the session
    (once only), exchanges the code with the PKCE verifier, starts the logged-in session.
``GET /playlists``
    The user's playlists, through a token that refreshes itself.
``POST /logout``
    Ends the session (the form carries the session's CSRF value).

The app is asynchronous through and through: Starlette calls ``async`` handlers, so the
client is ``Spotify[Async]`` over one pooled ``httpx.AsyncClient``.  A slow Spotify then
holds a coroutine, not one of a few worker threads, and refreshes are single-flight per
user across all of the user's concurrent requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import os
import secrets
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from spotipy import Credentials, Spotify
from spotipy.auth import UserAuth, check_redirect_uri
from spotipy.client import Async
from spotipy.errors import OAuthError, RefreshTokenInvalid, SpotipyError
from spotipy.scope import Scope, scope
from spotipy.sender import AsyncPersistentSender
from spotipy.util import RefreshingToken

from . import pages
from .store import Session, SessionStore, TokenStore

__all__ = ["SCOPE", "Settings", "WebApp", "create_app", "settings_from_environment"]

log = logging.getLogger("spotipy_web")

#: What the app asks for: reading the user's playlists, private and collaborative ones too.
SCOPE: Final = Scope(scope.playlist_read_private, scope.playlist_read_collaborative)
#: Playlists shown at most on the page.
MAX_SHOWN: Final = 200
#: The routes the callback's path may not take.
_RESERVED: Final = frozenset({"/", "/login", "/logout", "/playlists"})


@dataclass(frozen=True)
class Settings:
    """The application's configuration.

    Parameters
    ----------
    client_id
        The Spotify app's client ID.  No client secret is needed: the app logs users in
        with PKCE, and refreshes their PKCE tokens with the client ID alone.
    redirect_uri
        The redirect URI registered for the app; its path is the callback route.  Plain
        ``http`` only on ``127.0.0.1`` / ``[::1]`` (Spotify's rule since 2025).
    token_dir
        Directory of the users' refresh tokens (created ``0700``, files ``0600``).
    session_key
        Key that signs the session cookie; a random one by default (sessions then end
        when the process stops, as they do anyway: they live in memory).
    api_url, accounts_url
        Base URLs, ``None`` for ``$SPOTIPY_API_URL`` / ``$SPOTIPY_ACCOUNTS_URL`` or
        Spotify's (the emulator's for tests and demos).
    scope
        Scopes to ask for.
    secure_cookies
        Send the session cookie with ``Secure`` (and the ``__Host-`` prefix); ``None``:
        when the redirect URI is ``https``.  On a plain-http loopback address the cookie
        never leaves the machine, and a ``Secure`` cookie would not be sent back.
    session_lifetime
        Seconds a session lasts.
    max_sessions
        Sessions kept at most (the oldest end first).
    timeout
        Seconds of httpx's timeouts for each request to Spotify.
    """

    client_id: str
    redirect_uri: str
    token_dir: Path
    session_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    api_url: str | None = None
    accounts_url: str | None = None
    scope: Scope = SCOPE
    secure_cookies: bool | None = None
    session_lifetime: int = 8 * 3600
    max_sessions: int = 10_000
    timeout: float = 10.0

    @property
    def callback_path(self) -> str:
        """The path of the redirect URI, where Spotify sends the user back."""
        return urlsplit(self.redirect_uri).path or "/"

    @property
    def secure(self) -> bool:
        """Whether the session cookie is ``Secure``."""
        if self.secure_cookies is not None:
            return self.secure_cookies
        return urlsplit(self.redirect_uri).scheme == "https"

    @property
    def cookie_name(self) -> str:
        """The session cookie's name: ``__Host-`` prefixed when it is ``Secure``."""
        return "__Host-spotipy-web" if self.secure else "spotipy-web"

    def check(self) -> None:
        """Refuse settings that cannot work, saying why.

        Raises
        ------
        ValueError
            For an empty client ID or session key, a redirect URI that Spotify refuses
            or whose path is one of the app's other routes, or bounds that are not
            positive.
        """
        if not self.client_id:
            raise ValueError("client_id is empty: set SPOTIPY_CLIENT_ID")
        if len(self.session_key) < 16:
            raise ValueError("session_key must have at least 16 characters")
        check_redirect_uri(self.redirect_uri)
        if self.callback_path in _RESERVED:
            raise ValueError(
                f"the redirect URI's path {self.callback_path!r} is taken by another route; "
                "use e.g. /callback"
            )
        if self.session_lifetime <= 0 or self.max_sessions < 1 or self.timeout <= 0:
            raise ValueError("session_lifetime, max_sessions and timeout must be positive")


def settings_from_environment(environ: Mapping[str, str] | None = None) -> Settings:
    """Read :class:`Settings` from environment variables.

    ``SPOTIPY_CLIENT_ID`` and ``SPOTIPY_REDIRECT_URI`` are needed;
    ``SPOTIPY_WEB_TOKEN_DIR`` (default ``./spotipy-web-tokens``),
    ``SPOTIPY_WEB_SESSION_KEY`` (default: random), ``SPOTIPY_API_URL`` and
    ``SPOTIPY_ACCOUNTS_URL`` are optional.  ``SPOTIPY_CLIENT_SECRET`` is not read: with
    PKCE the server needs no secret, so none can leak from it.

    Raises
    ------
    ValueError
        Naming the variables that are missing.
    """
    env = os.environ if environ is None else environ
    missing = [v for v in ("SPOTIPY_CLIENT_ID", "SPOTIPY_REDIRECT_URI") if not env.get(v)]
    if missing:
        raise ValueError(f"set {' and '.join(missing)} (see examples/web/README.md)")
    settings = Settings(
        client_id=env["SPOTIPY_CLIENT_ID"],
        redirect_uri=env["SPOTIPY_REDIRECT_URI"],
        token_dir=Path(env.get("SPOTIPY_WEB_TOKEN_DIR") or "spotipy-web-tokens"),
        api_url=env.get("SPOTIPY_API_URL") or None,
        accounts_url=env.get("SPOTIPY_ACCOUNTS_URL") or None,
    )
    key = env.get("SPOTIPY_WEB_SESSION_KEY")
    return dataclasses.replace(settings, session_key=key) if key else settings


def _single(request: Request, name: str) -> str | None:
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise ValueError(f"more than one {name}")
    return values[0] if values else None


def _same(sent: object, expected: str) -> bool:
    return isinstance(sent, str) and secrets.compare_digest(sent.encode(), expected.encode())


def _see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303, headers=pages.HEADERS)


class WebApp:
    """The application's parts and its request handlers.

    Parameters
    ----------
    settings
        The configuration (checked here).
    transport
        An httpx transport for every request to Spotify, e.g. an emulator's
        ``transport()`` in tests; ``None`` for the network.
    """

    def __init__(
        self, settings: Settings, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        settings.check()
        self.settings = settings
        client = httpx.AsyncClient(transport=transport, timeout=settings.timeout)
        self.sender = AsyncPersistentSender(client=client)
        self.credentials: Credentials[Async] = Credentials(
            settings.client_id,
            None,
            settings.redirect_uri,
            sender=self.sender,
            accounts_url=settings.accounts_url,
        )
        self.spotify: Spotify[Async] = Spotify(None, self.sender, api_url=settings.api_url)
        self.tokens = TokenStore(settings.token_dir)
        self.sessions = SessionStore(
            settings.session_lifetime, settings.max_sessions, on_end=self._forget_if_last
        )

    def __repr__(self) -> str:
        return f"<WebApp {self.settings.client_id!r} {self.sessions!r}>"

    async def aclose(self) -> None:
        """Close the connections to Spotify."""
        await self.sender.client.aclose()

    # -- sessions -----------------------------------------------------------------------

    def session(self, request: Request) -> Session | None:
        """The live session named by the request's cookie, if any."""
        return self.sessions.get(request.session.get("sid"))

    def _forget_if_last(self, session: Session) -> None:
        user_id = session.user_id
        if user_id is not None and not self.sessions.of_user(user_id):
            self.tokens.forget(user_id)

    async def _end(self, request: Request, session: Session) -> None:
        self.sessions.end(session)
        request.session.clear()
        await asyncio.to_thread(self._forget_if_last, session)

    # -- handlers -----------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        """The start page, or the playlists for a logged-in user."""
        session = self.session(request)
        if session is not None and session.user_id is not None:
            return _see_other("/playlists")
        return pages.home()

    async def login(self, request: Request) -> Response:
        """Start a PKCE authorisation bound to this browser's session."""
        session = self.session(request)
        if session is not None and session.user_id is not None:
            return _see_other("/playlists")
        if session is None:
            session = self.sessions.new()
            request.session["sid"] = session.sid
        auth = UserAuth(self.credentials, self.settings.scope, pkce=True)
        session.begin_login(auth)
        return RedirectResponse(auth.url, status_code=303, headers=pages.HEADERS)

    async def callback(self, request: Request) -> Response:
        """Finish an authorisation: check ``state``, exchange the code, log the user in."""
        try:
            state, code, error = (_single(request, n) for n in ("state", "code", "error"))
        except ValueError:
            return pages.error("Login failed", "The answer from Spotify is malformed.", 400)
        session = self.session(request)
        # Taken whatever the answer: a state is good for one redirect only.
        auth = session.take_login(state) if session is not None and state else None
        if error is not None:
            log.info("Spotify did not authorise the login: %r", pages.shorten(error))
            return pages.error("Login cancelled", f"Spotify answered: {pages.shorten(error)}.", 400)
        if session is None or auth is None or state is None:
            log.warning("a callback without a matching login was refused")
            return pages.error(
                "Login failed",
                "This login is unknown, was already used, or belongs to another browser. "
                "Please log in again.",
                400,
            )
        if not code:
            return pages.error("Login failed", "Spotify sent no authorisation code.", 400)
        try:
            token = await auth.request_token(code=code, state=state)
            with self.spotify.token_as(token):
                user = await self.spotify.current_user()
        except OAuthError as exc:
            log.warning("Spotify refused the code exchange: %r", pages.shorten(exc.error))
            return pages.error("Login failed", "Spotify refused the login. Try again.", 400)
        except SpotipyError as exc:
            log.warning("the login failed on Spotify's side: %s", type(exc).__name__)
            return pages.error("Spotify is unavailable", "Please try again later.", 502)
        saver = self.tokens.saver(user.id)
        refreshing = RefreshingToken(token, self.credentials, on_refresh=saver)
        await asyncio.to_thread(self.tokens.put, user.id, refreshing)
        # A new ID at log-in: an ID someone learnt before (fixation) is now worthless.
        session = self.sessions.renew(session)
        session.pending.clear()
        session.csrf = secrets.token_urlsafe(32)
        session.user_id = user.id
        session.display_name = user.display_name or user.id
        request.session["sid"] = session.sid
        log.info("user %r logged in", user.id)
        return _see_other("/playlists")

    async def playlists(self, request: Request) -> Response:
        """List the logged-in user's playlists."""
        session = self.session(request)
        user_id = session.user_id if session is not None else None
        token = self.tokens.get(user_id) if user_id is not None else None
        if session is None or user_id is None or token is None:
            return _see_other("/")
        try:
            with self.spotify.token_as(token):
                page = await self.spotify.followed_playlists(limit=50)
                rows = [
                    pages.PlaylistRow(
                        p.name,
                        (p.owner.display_name or p.owner.id) if p.owner else "unknown",
                        p.items.total if p.items is not None else None,
                    )
                    async for p in self.spotify.all_items(page, max_items=MAX_SHOWN)
                ]
        except RefreshTokenInvalid:
            log.info("Spotify no longer accepts the refresh token of user %r", user_id)
            await self._end(request, session)
            response = pages.home("Spotify asks you to log in again.")
            response.status_code = 401
            return response
        except SpotipyError as exc:
            log.warning("reading playlists failed: %s", type(exc).__name__)
            return pages.error("Spotify is unavailable", "Please try again later.", 502)
        total = page.total if page.total is not None else len(rows)
        return pages.playlists(session.display_name or user_id, rows, total, session.csrf)

    async def logout(self, request: Request) -> Response:
        """End the session; the form must carry the session's CSRF value."""
        session = self.session(request)
        form = await request.form(max_files=0, max_fields=4)
        if session is None or not _same(form.get("csrf"), session.csrf):
            return pages.error("Not logged out", "The log-out form has expired.", 403)
        if session.user_id is not None:
            log.info("user %r logged out", session.user_id)
        await self._end(request, session)
        return _see_other("/")


def create_app(
    settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None
) -> Starlette:
    """Build the ASGI application.

    Parameters
    ----------
    settings
        The configuration, e.g. :func:`settings_from_environment`.
    transport
        An httpx transport for every request to Spotify (tests: an emulator's).

    Returns
    -------
    Starlette
        The app; its :class:`WebApp` is ``app.state.web``.

    Raises
    ------
    ValueError
        When the settings cannot work (:meth:`Settings.check`).
    """
    web = WebApp(settings, transport)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await web.aclose()

    session_cookie = Middleware(
        SessionMiddleware,
        secret_key=settings.session_key,
        session_cookie=settings.cookie_name,
        max_age=settings.session_lifetime,
        same_site="lax",
        https_only=settings.secure,
    )
    routes = [
        Route("/", web.home, methods=["GET"]),
        Route("/login", web.login, methods=["GET"]),
        Route(settings.callback_path, web.callback, methods=["GET"]),
        Route("/playlists", web.playlists, methods=["GET"]),
        Route("/logout", web.logout, methods=["POST"]),
    ]
    app = Starlette(routes=routes, middleware=[session_cookie], lifespan=lifespan)
    app.state.web = web
    return app
