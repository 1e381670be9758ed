"""The emulator: a sans-I/O imitation of Spotify's Web API and accounts service.

:meth:`Emulator.handle` takes a request (method, absolute URL, headers, body) and returns an
:class:`EmulatorResponse`; adapters put it behind :class:`httpx.MockTransport`
(:meth:`Emulator.transport`), an ASGI app (:attr:`Emulator.asgi`) and a socket
(:func:`spotipy.emulator.serve`).  Requests are routed by path alone: ``/v1/...`` is the Web
API, anything else the accounts service, so clients keep Spotify's real base URLs.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from email.utils import formatdate
from http import HTTPStatus
from typing import TYPE_CHECKING, Final
from urllib.parse import parse_qsl, urlsplit

import msgspec

# _consent and _token register /authorize and /api/token in the accounts table.
from spotipy.emulator import _consent, _token  # noqa: F401
from spotipy.emulator._accounts import (
    DEFAULT_REDIRECT_URI,
    SCOPES,
    Accounts,
    Rotation,
    TokenInfo,
    check_redirect_uri,
    rotation,
)
from spotipy.emulator._asgi import AsgiApp
from spotipy.emulator._catalogue import catalogue
from spotipy.emulator._faults import Fault, Faults
from spotipy.emulator._profiles import PROFILES, Profile
from spotipy.emulator._ratelimit import RollingWindow, check_rate_limit
from spotipy.emulator._render import Renderer
from spotipy.emulator._routing import (
    PRIVATE,
    ApiError,
    Context,
    HttpError,
    OAuthError,
    Reply,
    Route,
    accounts,
    error_body,
)
from spotipy.emulator._view import CatalogueView
from spotipy.emulator._wire import (
    Disconnect,
    EmulatorResponse,
    Headers,
    RecordedRequest,
    RequestLog,
)
from spotipy.emulator.routes import web_api
from spotipy.emulator.state import Options, State
from spotipy.emulator.state.player import PlayerSnapshot

if TYPE_CHECKING:
    import httpx

__all__ = ["DEFAULT_CLIENT_ID", "DEFAULT_CLIENT_SECRET", "Emulator"]

#: The client ID an emulator accepts unless told otherwise.
DEFAULT_CLIENT_ID: Final = "emulator-client-id"
#: The client secret an emulator accepts unless told otherwise.
DEFAULT_CLIENT_SECRET: Final = "emulator-client-secret"
#: The developer account the emulator's client IDs belong to unless told otherwise.
DEFAULT_DEVELOPER: Final = "developer"

SPOTIFY_API_ORIGIN: Final = "https://api.spotify.com"
logger = logging.getLogger("spotipy.emulator")
_JSON: Final = "application/json; charset=utf-8"
_ALWAYS: Final = (
    ("x-robots-tag", "noindex"),
    ("access-control-allow-origin", "*"),
    ("strict-transport-security", "max-age=31536000"),
    ("x-content-type-options", "nosniff"),
)
_PREFLIGHT: Final = (
    ("access-control-allow-methods", "GET, POST, OPTIONS, PUT, DELETE, PATCH"),
    (
        "access-control-allow-headers",
        "Accept, App-Platform, Authorization, Content-Type, Origin, Retry-After, "
        "Spotify-App-Version, X-Cloud-Trace-Context, client-token, content-access-token",
    ),
    ("access-control-max-age", "604800"),
)
#: Spotify's own wording for statuses a fault may script.
_MESSAGES: Final = {
    429: "API rate limit exceeded",
    500: "Server error",
    502: "Bad gateway",
    503: "Service unavailable",
}
#: Distinct origins whose encoded objects stay cached; more is a misbehaving Host header.
_MAX_RENDERERS: Final = 8


class Emulator:
    """An in-memory, deterministic Spotify: Web API and accounts service.

    Parameters
    ----------
    seed
        Seed of the invented catalogue; equal seeds give equal data.
    client_id, client_secret
        The application credentials the accounts service accepts.
    clock
        Time source in seconds, for token expiry and ``Date`` headers.
    profile
        What kind of app the emulator serves: ``"development"`` (the default, what a new
        app meets in 2026: operations the spec marks deprecated answer 403 "Forbidden",
        fields removed in February 2026 are left out, users read the entries only of their
        own playlists, refresh tokens are never rotated) or ``"extended"`` (extended quota:
        every operation, the deprecated fields, any playlist's entries, ``"pkce"``
        rotation).  The three options below, when given, override the profile's choice.
    playlist_item_fields
        Names under which a playlist entry carries its object: ``("item", "track")`` (both,
        as Spotify does since February 2026), ``("item",)`` or ``("track",)``.  The same
        choice names a playlist's entries ``items`` and/or ``tracks``.
    deprecated_fields
        Also send fields the spec marks deprecated (as extended-quota apps receive them);
        ``None``: the profile's choice.
    extended_quota
        Let users read the entries of any playlist, not only their own (the February 2026
        rule for development-mode apps); ``None``: the profile's choice.
    search_playlist_nulls
        Put ``null`` in place of some playlists in search results, as Spotify sometimes does.
    redirect_uris
        The app's registered redirect URIs; ``/authorize`` accepts only these (exactly, or a
        loopback IP literal registered without a port, with any port).  See
        :meth:`register_redirect_uri` for the rules.
    auto_approve
        A user ID: ``/authorize`` then skips the consent page and redirects at once with a
        code for that user.  ``None`` (the default) shows the consent page.
    rotate_refresh_tokens
        When a refresh answers with a new refresh token, retiring the old one: ``"pkce"``
        (only grants that came from PKCE, as Spotify does for extended-quota apps),
        ``"always"`` (or ``True``) or ``"never"`` (or ``False``); ``None``: the profile's
        choice.
    rate_limit
        Spotify's rate limit as ``(requests, window_seconds)``: each app (client ID) may
        send that many Web API requests in any rolling window of that many seconds
        (Spotify's window is 30 s); more are answered ``429 Too Many Requests`` with
        ``Retry-After`` in whole seconds (the time until one more request fits, at
        least 1).  App and user tokens of one client ID share the count; only ``/v1``
        requests with a valid token count, never the accounts service, and a refused
        request does not count (waiting out the ``Retry-After`` is enough).  ``None``
        (the default): no limit.
    quota_budget
        The development-mode quota since July 2026, as ``(requests, window_seconds)``:
        the Web API requests all the client IDs of one developer account may send in any
        rolling window of that many seconds.  More are answered ``429`` with
        ``{"error": {..., "reason": "QUOTA_EXCEEDED"}}`` and a ``Retry-After`` that can
        be hours, apart from ``rate_limit``.  ``None`` (the default): no quota.
    clients
        More client IDs (``{client_id: client_secret}``) registered to the same developer
        account as ``client_id``: they share its ``quota_budget`` (each keeps its own
        ``rate_limit``).  See :meth:`register_client` for other developer accounts.
    spurious_401
        Answer every ``n``-th Web API request that carries a valid token with 401 "Access
        token missing", as Spotify's gateway has done since July 2026 (the request is not
        executed; sent again, it succeeds).  ``None`` (the default): never.
    owner_premium_lapsed
        The app owner's Premium has lapsed: ``POST /api/token`` answers ``internal_error``
        "Active premium subscription required for the owner of the app ..." for every
        grant, as Spotify's accounts service does since July 2026.  Assignable.

    Attributes
    ----------
    profile : Profile
        The quota profile chosen.
    catalogue : CatalogueView
        IDs and the JSON of every object, for tests.
    faults : Faults
        Scripted faults, see :meth:`Faults.add`.
    requests : RequestLog
        Every request received, oldest first.
    asgi : AsgiApp
        The emulator as an ASGI 3 application.
    """

    def __init__(
        self,
        seed: int = 0,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        clock: Callable[[], float] = time.time,
        *,
        profile: Profile = "development",
        playlist_item_fields: Iterable[str] = ("item", "track"),
        deprecated_fields: bool | None = None,
        extended_quota: bool | None = None,
        search_playlist_nulls: bool = False,
        redirect_uris: Iterable[str] = (DEFAULT_REDIRECT_URI,),
        auto_approve: str | None = None,
        rotate_refresh_tokens: Rotation | bool | None = None,
        rate_limit: tuple[int, float] | None = None,
        quota_budget: tuple[int, float] | None = None,
        clients: Mapping[str, str] | None = None,
        spurious_401: int | None = None,
        owner_premium_lapsed: bool = False,
    ) -> None:
        settings = PROFILES.get(profile)
        if settings is None:
            raise ValueError(f"profile must be 'development' or 'extended', not {profile!r}")
        self.profile: Final[Profile] = profile
        # One request at a time: handlers change state, and sync clients may share the
        # transport across threads.
        self._lock = threading.RLock()
        self._serve_deprecated = settings.serve_deprecated_routes
        if deprecated_fields is None:
            deprecated_fields = settings.deprecated_fields
        if extended_quota is None:
            extended_quota = settings.extended_quota
        if rotate_refresh_tokens is None:
            rotate_refresh_tokens = settings.rotate_refresh_tokens
        self.seed = seed
        self.client_id = client_id
        self.client_secret = client_secret
        self._clock = clock
        self._rate_window: RollingWindow | None = None
        if rate_limit is not None:
            self._rate_window = RollingWindow(*check_rate_limit(rate_limit), clock)
        self.options: Options = Options(
            playlist_item_fields=tuple(playlist_item_fields),
            deprecated_fields=deprecated_fields,
            extended_quota=extended_quota,
            search_playlist_nulls=search_playlist_nulls,
        )
        self.state: State = State(catalogue(seed), self.options, clock)
        self.accounts: Accounts = Accounts(
            client_id,
            client_secret,
            clock,
            redirect_uris=redirect_uris,
            rotate=rotation(rotate_refresh_tokens),
        )
        self._quota_window: RollingWindow | None = None
        if quota_budget is not None:
            self._quota_window = RollingWindow(*check_rate_limit(quota_budget), clock)
        #: The developer account of each registered client ID.
        self._developers: dict[str, str] = {client_id: DEFAULT_DEVELOPER}
        for other_id, other_secret in (clients or {}).items():
            self.register_client(other_id, other_secret)
        if spurious_401 is not None and (
            isinstance(spurious_401, bool) or not isinstance(spurious_401, int) or spurious_401 < 1
        ):
            raise ValueError(f"spurious_401 must be None or an int >= 1, not {spurious_401!r}")
        #: Every n-th Web API request with a valid token answers 401; ``None``: never.
        self.spurious_401 = spurious_401
        self._authorised_requests = 0
        self.owner_premium_lapsed = owner_premium_lapsed
        self.faults: Faults = Faults()
        self.requests: RequestLog = RequestLog()
        self.auto_approve = auto_approve
        self._renderers: dict[str, Renderer] = {}
        self.catalogue: CatalogueView = CatalogueView(
            self.state, self._renderer(SPOTIFY_API_ORIGIN)
        )
        self.asgi: AsgiApp = AsgiApp(self)

    def __repr__(self) -> str:
        return f"Emulator(seed={self.seed}, client_id={self.client_id!r}, profile={self.profile!r})"

    @property
    def routes(self) -> list[tuple[str, str]]:
        """Every operation served, as ``(method, path template)``, Web API paths under /v1."""
        return [(r.method, f"{web_api.prefix}{r.template}") for r in web_api] + [
            (r.method, r.template) for r in accounts
        ]

    # Rate limit -------------------------------------------------------------------------

    @property
    def rate_limit(self) -> tuple[int, float] | None:
        """The rate limit as ``(requests, window_seconds)``; ``None`` when off."""
        window = self._rate_window
        return None if window is None else (window.requests, window.window)

    @property
    def rate_limited(self) -> int:
        """How many requests the rate limit answered with 429 so far (scripted faults aside)."""
        window = self._rate_window
        return 0 if window is None else window.refused

    def _token_client(self, headers: Headers) -> str | None:
        """The client ID of the request's valid bearer token, ``None`` without one."""
        scheme, _, value = headers.get("authorization", "").strip().partition(" ")
        if scheme.lower() != "bearer":
            return None
        info = self.accounts.tokens.get(value.strip())
        if info is None or info.revoked or self.accounts.tokens.is_expired(info):
            return None
        return info.client_id

    def _gateway(self, headers: Headers) -> None:
        # Counted before routing, as Spotify's gateway does: any /v1 request with a valid
        # token, whatever it then answers.  Without one there is no app to count it for.
        client_id = self._token_client(headers)
        if client_id is None:
            return
        self._authorised_requests += 1
        every = self.spurious_401
        if every is not None and self._authorised_requests % every == 0:
            # July 2026: a valid token refused by the gateway; the request is not run.
            raise ApiError(401, "Access token missing")
        if self._rate_window is not None:
            retry_after = self._rate_window.admit(client_id)
            if retry_after is not None:
                raise ApiError(429, _MESSAGES[429], {"retry-after": str(retry_after)})
        if self._quota_window is not None:
            developer = self._developers.get(client_id, client_id)
            retry_after = self._quota_window.admit(developer)
            if retry_after is not None:
                raise ApiError(
                    429,
                    "Too many requests",
                    {"retry-after": str(retry_after)},
                    reason="QUOTA_EXCEEDED",
                )

    # Developer accounts and quota -------------------------------------------------------

    def register_client(
        self, client_id: str, client_secret: str, *, developer: str = DEFAULT_DEVELOPER
    ) -> None:
        """Register another client ID, belonging to the developer account ``developer``.

        Since July 2026 a developer may hold 25 client IDs, and development-mode quota
        is counted per developer account: the client IDs of one ``developer`` share the
        ``quota_budget``.  The accounts service accepts the new credentials at once.

        Raises
        ------
        ValueError
            For an empty client ID or secret, or a client ID already registered.
        """
        if not client_id or not client_secret or not developer:
            raise ValueError("a client needs a non-empty ID, secret and developer account")
        with self._lock:
            if client_id in self.accounts.clients:
                raise ValueError(f"client ID {client_id!r} is already registered")
            self.accounts.clients[client_id] = client_secret
            self._developers[client_id] = developer

    @property
    def quota_budget(self) -> tuple[int, float] | None:
        """The quota per developer account as ``(requests, window_seconds)``, or ``None``."""
        window = self._quota_window
        return None if window is None else (window.requests, window.window)

    @property
    def quota_exceeded(self) -> int:
        """How many requests were answered 429 ``QUOTA_EXCEEDED`` so far."""
        window = self._quota_window
        return 0 if window is None else window.refused

    @property
    def owner_premium_lapsed(self) -> bool:
        """Whether the token endpoint refuses every grant for the app owner's Premium."""
        return self.accounts.owner_premium_lapsed

    @owner_premium_lapsed.setter
    def owner_premium_lapsed(self, value: bool) -> None:
        with self._lock:
            self.accounts.owner_premium_lapsed = bool(value)

    # Accounts ---------------------------------------------------------------------------

    @property
    def auto_approve(self) -> str | None:
        """The user who consents at once to every valid ``/authorize``; ``None``: ask.

        Raises
        ------
        ValueError
            When set to a user the catalogue does not have.
        """
        return self.accounts.auto_approve

    @auto_approve.setter
    def auto_approve(self, user_id: str | None) -> None:
        if user_id is not None and user_id not in self.state.catalogue.user_by_id:
            raise ValueError(f"no user {user_id!r} in the catalogue")
        with self._lock:
            self.accounts.auto_approve = user_id

    @property
    def rotate_refresh_tokens(self) -> Rotation:
        """When refreshes rotate the refresh token: ``"always"``, ``"never"`` or ``"pkce"``.

        May be set, also to ``True`` (``"always"``) or ``False`` (``"never"``).
        """
        return self.accounts.rotate

    @rotate_refresh_tokens.setter
    def rotate_refresh_tokens(self, value: Rotation | bool) -> None:
        mode = rotation(value)
        with self._lock:
            self.accounts.rotate = mode

    @property
    def redirect_uris(self) -> tuple[str, ...]:
        """The app's registered redirect URIs, in registration order."""
        return tuple(self.accounts.redirect_uris)

    def register_redirect_uri(self, uri: str) -> None:
        """Register another redirect URI for the app, as Spotify's dashboard would.

        Spotify's 2025 rules apply: ``https://`` URIs, ``http://`` only on a loopback IP
        literal (``http://127.0.0.1:PORT/...``, ``http://[::1]:PORT/...``; never
        ``localhost``), or an app's own scheme (``myapp://callback``).  A loopback URI
        registered without a port accepts any port.

        Raises
        ------
        ValueError
            If Spotify would refuse to register ``uri``.
        """
        check_redirect_uri(uri)
        with self._lock:
            self.accounts.register_redirect_uri(uri)

    @property
    def token_requests(self) -> list[str]:
        """The ``grant_type`` of every ``POST /api/token`` so far, oldest first.

        A request without one is logged as ``""``; the list may be cleared.
        """
        return self.accounts.token_requests

    def app_token(self) -> str:
        """Mint a client-credentials access token, as ``POST /api/token`` would."""
        with self._lock:
            return self.accounts.tokens.issue(self.client_id, None)

    def _checked_scopes(self, user_id: str, scopes: Iterable[str]) -> frozenset[str]:
        if user_id not in self.state.catalogue.user_by_id:
            raise ValueError(f"no user {user_id!r} in the catalogue")
        granted = frozenset(str(s) for s in scopes)
        unknown = granted - SCOPES
        if unknown:
            raise ValueError(f"unknown scopes: {', '.join(sorted(unknown))}")
        return granted

    def user_token(self, user_id: str, scopes: Iterable[str] = ()) -> str:
        """Mint an access token acting for ``user_id`` with ``scopes``, skipping consent.

        Raises
        ------
        ValueError
            If the user does not exist or a scope is unknown to Spotify.
        """
        granted = self._checked_scopes(user_id, scopes)
        with self._lock:
            return self.accounts.tokens.issue(self.client_id, user_id, granted)

    def user_grant(
        self, user_id: str, scopes: Iterable[str] = (), *, pkce: bool = False
    ) -> dict[str, object]:
        """Authorise ``user_id`` now, skipping ``/authorize``, and return the token answer.

        The answer is what ``POST /api/token`` gives for a code: ``access_token``,
        ``token_type``, ``expires_in``, ``refresh_token`` and ``scope``.  With ``pkce``
        the grant behaves as one that came from PKCE: refreshing needs only the client ID,
        and ``"pkce"`` rotation applies to it.

        Raises
        ------
        ValueError
            If the user does not exist or a scope is unknown to Spotify.
        """
        granted = self._checked_scopes(user_id, scopes)
        with self._lock:
            authorisation = self.accounts.authorise(self.client_id, user_id, granted, pkce=pkce)
            return self.accounts.grant(authorisation, refresh_token=True)

    def revoke_refresh_token(self, token: str) -> None:
        """Withdraw a refresh token: refreshing with it answers "Refresh token revoked".

        Access tokens already issued keep working until they expire.

        Raises
        ------
        KeyError
            If the emulator never issued the token, or rotated it away.
        """
        with self._lock:
            self.accounts.revoke_refresh_token(token)

    def expire_token(self, token: str) -> None:
        """Make ``token`` expired from now on.

        Raises
        ------
        KeyError
            If the emulator never issued the token.
        """
        with self._lock:
            self.accounts.tokens.expire(token)

    # Adapters ---------------------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        """Return an httpx transport answering from this emulator (sync and async clients)."""
        from spotipy.emulator._transport import EmulatorTransport

        return EmulatorTransport(self)

    # Handling ---------------------------------------------------------------------------

    def handle(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        body: bytes = b"",
    ) -> EmulatorResponse:
        """Answer one request.

        Parameters
        ----------
        method
            HTTP method.
        url
            The absolute URL including the query; its scheme and host become the base of
            every link in the answer.
        headers
            Request headers, as a mapping or ``(name, value)`` pairs.
        body
            The request body.

        Returns
        -------
        EmulatorResponse
            Status, headers and body, plus any scripted delay or disconnection.  It never
            raises: input it cannot take is a 400, and a fault of its own a 500, both in
            Spotify's error shape.
        """
        try:
            return self._handle(method, url, headers, body)
        except RecursionError:
            # Input nested too deep for a handler to walk: the caller's error.
            return self._edge_error(url, 400)
        except Exception:
            logger.exception("The emulator failed to answer %s %s", method, _path_of(url))
            return self._edge_error(url, 500)

    def _edge_error(self, url: str, status: int) -> EmulatorResponse:
        phrase = HTTPStatus(status).phrase
        if _is_web_api(_path_of(url)):
            return self._error_response(ApiError(status, phrase))
        return self._error_response(OAuthError(_oauth_code(status), phrase, status))

    def _handle(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        body: bytes,
    ) -> EmulatorResponse:
        method = method.upper()
        try:
            parts = urlsplit(url)
        except ValueError:  # an unbalanced "[" in the host, say
            return self._edge_error("/", 400)
        path = parts.path or "/"
        query_items = parse_qsl(parts.query, keep_blank_values=True)
        request_headers = Headers(headers)
        origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else SPOTIFY_API_ORIGIN
        with self._lock:
            self.requests.append(
                RecordedRequest(method, url, path, dict(query_items), request_headers, body)
            )
            fault = self.faults.take(method, path)
            if fault is not None and fault.replaces_response and not fault.after_handling:
                return self._fault_response(fault, path)
            response = self._dispatch(method, path, query_items, request_headers, body, origin)
        if fault is None:
            return response
        if fault.replaces_response:
            return self._fault_response(fault, path)
        return EmulatorResponse(
            response.status, response.headers, response.body, delay=fault.latency
        )

    def _renderer(self, origin: str) -> Renderer:
        renderer = self._renderers.get(origin)
        if renderer is None:
            if len(self._renderers) >= _MAX_RENDERERS:
                self._renderers = {SPOTIFY_API_ORIGIN: self._renderers[SPOTIFY_API_ORIGIN]}
            renderer = self._renderers[origin] = Renderer(
                self.state.catalogue, self.options, origin
            )
        return renderer

    def _headers(
        self, content_type: str | None, cache_control: str | None, length: int | None
    ) -> list[tuple[str, str]]:
        headers = []
        if content_type is not None:
            headers.append(("content-type", content_type))
        if cache_control is not None:
            headers.append(("cache-control", cache_control))
        headers.append(("date", formatdate(self._clock(), usegmt=True)))
        headers.extend(_ALWAYS)
        if length is not None:
            headers.append(("content-length", str(length)))
        return headers

    def _dispatch(
        self,
        method: str,
        path: str,
        query_items: list[tuple[str, str]],
        headers: Headers,
        body: bytes,
        origin: str,
    ) -> EmulatorResponse:
        if method == "OPTIONS":
            # CORS preflight, so browser code can talk to the socket server.
            return EmulatorResponse(200, [*self._headers(None, None, 0), *_PREFLIGHT], b"")
        table = web_api if _is_web_api(path) else accounts
        try:
            if table is web_api:
                self._gateway(headers)
            route, params = table.resolve(method, path)
            token = self._authenticate(route, headers)
            if route.deprecated and not self._serve_deprecated:
                # Development-mode apps lost these operations (November 2024, February 2026).
                raise ApiError(403, "Forbidden")
            query = dict(query_items)
            ctx = Context(
                method=method,
                path=path,
                query=query,
                query_items=query_items,
                headers=headers,
                body=body,
                params=params,
                origin=origin,
                token=token,
                state=self.state,
                render=self._renderer(origin),
                accounts=self.accounts,
                args=route.parse_query(query) if route.query else {},
            )
            result = route.handler(ctx)
        except HttpError as error:
            return self._error_response(error)
        reply = result if isinstance(result, Reply) else Reply(result)
        if reply.etag is not None and _etag_matches(headers.get("if-none-match"), reply.etag):
            not_modified = self._headers(None, route.cache_control, None)
            return EmulatorResponse(304, [*not_modified, ("etag", reply.etag)], b"")
        # A 204 has no body, so no Content-Length either (RFC 9110, 8.6).
        length = None if reply.status == 204 else len(reply.body)
        response_headers = self._headers(reply.content_type, route.cache_control, length)
        if reply.etag is not None:
            response_headers.append(("etag", reply.etag))
        response_headers.extend(reply.headers)
        return EmulatorResponse(reply.status, response_headers, reply.body)

    def _authenticate(self, route: Route, headers: Headers) -> TokenInfo | None:
        if route.auth == "none":
            return None
        realm = 'Bearer realm="spotify"'
        header = headers.get("authorization", "").strip()
        scheme, _, value = header.partition(" ")
        value = value.strip()
        if not header or (scheme.lower() == "bearer" and not value):
            raise ApiError(401, "No token provided", {"www-authenticate": realm})
        if scheme.lower() != "bearer":
            raise ApiError(400, "Only valid bearer authentication supported")
        info = self.accounts.tokens.get(value)
        if info is None or info.revoked or self.accounts.tokens.is_expired(info):
            expired = info is not None and not info.revoked
            message = "The access token expired" if expired else "Invalid access token"
            challenge = f'{realm}, error="invalid_token", error_description="{message}"'
            raise ApiError(401, message, {"www-authenticate": challenge})
        if route.auth == "user" and info.user_id is None:
            # Spotify answers an app token on a user's endpoint with 401 "Unauthorized."
            # rather than 403: the token is of the wrong kind, not lacking a scope.
            raise ApiError(401, "Unauthorized.")
        if info.user_id is not None and not route.scopes <= info.scopes:
            # App tokens carry no scopes; routes that need a user say so with auth="user".
            raise ApiError(403, "Insufficient client scope")
        return info

    def _error_response(self, error: HttpError) -> EmulatorResponse:
        body = error.body()
        headers = self._headers(_JSON, PRIVATE, len(body))
        headers.extend((k.lower(), v) for k, v in error.headers.items())
        return EmulatorResponse(error.status, headers, body)

    def _fault_response(self, fault: Fault, path: str) -> EmulatorResponse:
        status = fault.status or 200
        body = fault.body
        if body is None:
            if status < 400:
                body = b""
            elif _is_web_api(path):
                body = error_body(status, _MESSAGES.get(status, HTTPStatus(status).phrase))
            else:
                body = msgspec.json.encode(
                    {"error": _oauth_code(status), "error_description": HTTPStatus(status).phrase}
                )
        extra = {k.lower(): v for k, v in fault.headers.items()}
        headers = [
            (k, v)
            for k, v in self._headers(_JSON, PRIVATE, len(body))
            if k not in extra  # a fault's own header replaces the usual one
        ]
        headers.extend(extra.items())
        disconnect: Disconnect | None = None
        if fault.connect_fail:
            disconnect = "connect"
        elif fault.drop:
            disconnect = "read"
        return EmulatorResponse(status, headers, body, delay=fault.latency, disconnect=disconnect)

    # Players ----------------------------------------------------------------------------

    def _player_user(self, user_id: str) -> None:
        if user_id not in self.state.catalogue.user_by_id:
            raise ValueError(f"no user {user_id!r} in the catalogue")

    def add_device(
        self,
        user_id: str,
        name: str,
        type: str = "Computer",
        *,
        supports_volume: bool = True,
        volume_percent: int = 100,
        restricted: bool = False,
        active: bool = False,
    ) -> str:
        """Give ``user_id`` another Connect device and return its ID.

        The device starts inactive unless ``active``: then it becomes the active device,
        with nothing loaded, so commands without ``device_id`` reach it.  A device that
        does not ``supports_volume`` answers volume commands with 403
        ``VOLUME_CONTROL_DISALLOW``; a ``restricted`` one refuses every command.

        Raises
        ------
        ValueError
            If the user does not exist or ``volume_percent`` is not in 0..100.
        """
        self._player_user(user_id)
        if not 0 <= volume_percent <= 100:
            raise ValueError(f"volume_percent must be in 0..100, not {volume_percent}")
        with self._lock:
            player = self.state.players.of(user_id)
            device = player.add_device(
                name,
                type,
                supports_volume=supports_volume,
                volume_percent=volume_percent,
                is_restricted=restricted,
            )
            if active:
                player.active_device = device.id
                player.changed_at = self._clock()
            return device.id

    def player(self, user_id: str) -> PlayerSnapshot:
        """A read-only copy of ``user_id``'s player now: devices, item, queue, history.

        Raises
        ------
        ValueError
            If the user does not exist.
        """
        self._player_user(user_id)
        with self._lock:
            return self.state.players.of(user_id).snapshot(self._clock())

    def set_product(self, user_id: str, product: str) -> None:
        """Set the subscription the player sees for ``user_id``: ``"premium"`` or ``"free"``.

        Player commands of users without Premium answer 403 ``PREMIUM_REQUIRED``; the
        catalogue decides each user's product, and this overrides it for the player
        (``/me`` keeps the catalogue's).

        Raises
        ------
        ValueError
            If the user does not exist or ``product`` is neither value.
        """
        self._player_user(user_id)
        if product not in ("premium", "free"):
            raise ValueError(f"product must be 'premium' or 'free', not {product!r}")
        with self._lock:
            self.state.players.products[user_id] = product


def _is_web_api(path: str) -> bool:
    return path == "/v1" or path.startswith("/v1/")


def _path_of(url: str) -> str:
    """The path of ``url`` for errors and logs (never its query), ``/`` if it has none."""
    try:
        return urlsplit(url).path or "/"
    except ValueError:
        return "/"


def _oauth_code(status: int) -> str:
    if status in (429, 503):
        return "temporarily_unavailable"
    return "server_error" if status >= 500 else "invalid_request"


def _etag_matches(if_none_match: str | None, etag: str) -> bool:
    if if_none_match is None:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates
