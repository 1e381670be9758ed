"""Route tables, the per-request context handlers receive, and the errors they raise.

A route module registers handlers with a decorator, declaring the query parameters it reads
(see :mod:`spotipy.emulator._params`)::

    from spotipy.emulator._params import market, paging, uris
    from spotipy.emulator._routing import CATALOGUE, Context, Reply, web_api

    @web_api.get("/albums/{id}/tracks", cache=CATALOGUE, query=(market(), paging()))
    def get_album_tracks(ctx: Context) -> bytes:
        limit, offset = ctx.args["limit"], ctx.args["offset"]  # parsed, in range
        ...

    @web_api.put("/me/library", auth="user", scopes=("user-library-modify",),
                 query=(uris(40, required=False),))
    def save_items(ctx: Context) -> Reply:
        body = ctx.json()  # None for an empty body, 400 "Error parsing json" if malformed
        ...
        return Reply.no_content(200)

The dispatcher authenticates, refuses a ``deprecated=True`` route with 403 "Forbidden" in
the ``development`` profile, parses ``query`` into :attr:`Context.args` (400 on a bad
value), then calls the handler; an :class:`ApiError` raised anywhere becomes Spotify's error
envelope.  Adding an area of the API is adding a module to :mod:`spotipy.emulator.routes`.
Path templates are spelled exactly as in Spotify's OpenAPI description (without the ``/v1``
prefix), and ``deprecated`` is the spec's flag, which lets tests hold every registered route
against the spec.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, TypedDict, Unpack
from urllib.parse import unquote

import msgspec

if TYPE_CHECKING:
    from spotipy.emulator._accounts import Accounts, TokenInfo
    from spotipy.emulator._params import Param
    from spotipy.emulator._render import Renderer
    from spotipy.emulator._wire import Headers
    from spotipy.emulator.state import State

__all__ = [
    "CATALOGUE",
    "PRIVATE",
    "ApiError",
    "Auth",
    "Context",
    "Handler",
    "HttpError",
    "OAuthError",
    "Reply",
    "Route",
    "RouteOptions",
    "RouteTable",
    "accounts",
    "web_api",
]

#: Cache policy of catalogue data, the same for every caller.
CATALOGUE: Final = "public, max-age=7200"
#: Cache policy of data that depends on the caller or changes: revalidate every time.
PRIVATE: Final = "private, max-age=0"

Auth = Literal["none", "any", "user"]
"""What a route needs: no token (accounts), any access token, or a token acting for a user."""

_encode = msgspec.json.encode
_decode = msgspec.json.decode


class HttpError(Exception):
    """An error answer; subclasses decide the body format."""

    def __init__(self, status: int, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.headers = dict(headers or {})

    def body(self) -> bytes:
        """Return the encoded error body."""
        raise NotImplementedError


class ApiError(HttpError):
    """A Web API error, answered as ``{"error": {"status": ..., "message": ...}}``.

    Parameters
    ----------
    status
        HTTP status code.
    message
        Spotify's short description; the reason phrase of the status when omitted.
    headers
        Extra response headers.
    reason
        The player's error reason (``NO_ACTIVE_DEVICE``, ``PREMIUM_REQUIRED``, ...), sent
        as ``error.reason`` only when given.
    """

    def __init__(
        self,
        status: int,
        message: str | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        reason: str | None = None,
    ) -> None:
        super().__init__(status, headers)
        self.message = message if message is not None else HTTPStatus(status).phrase
        self.reason = reason

    def body(self) -> bytes:
        """Return the encoded ErrorObject (or player ErrorObject) envelope."""
        return error_body(self.status, self.message, self.reason)


class OAuthError(HttpError):
    """An accounts-service error, answered as RFC 6749 prescribes.

    Parameters
    ----------
    error
        The error code, such as ``invalid_client``.
    description
        Human-readable ``error_description``.
    status
        HTTP status code, 400 unless given.
    """

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(status)
        self.error = error
        self.description = description

    def body(self) -> bytes:
        """Return the encoded OAuth error object."""
        return _encode({"error": self.error, "error_description": self.description})


def error_body(status: int, message: str, reason: str | None = None) -> bytes:
    """Encode Spotify's error envelope, with the player's ``reason`` when given."""
    if reason is None:
        return _encode({"error": {"status": status, "message": message}})
    return _encode({"error": {"status": status, "message": message, "reason": reason}})


@dataclass(slots=True)
class Reply:
    """A handler's answer when a bare body with the route's defaults is not enough."""

    body: bytes
    status: int = 200
    etag: str | None = None
    content_type: str | None = "application/json; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def no_content(cls, status: int = 204) -> Reply:
        """An answer with an empty body and no content type.

        Spotify answers most library, follow and player writes with 200 and an empty body;
        some with 201 or 204 (check the operation's responses in the spec).
        """
        return cls(b"", status, content_type=None)


@dataclass(slots=True)
class Context:
    """Everything a handler may look at for one request."""

    method: str
    path: str
    query: dict[str, str]
    query_items: list[tuple[str, str]]
    headers: Headers
    body: bytes
    params: dict[str, str]
    origin: str
    token: TokenInfo | None
    state: State
    render: Renderer
    accounts: Accounts
    #: The route's declared query parameters, parsed (see :mod:`spotipy.emulator._params`).
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def user_id(self) -> str | None:
        """The user the token acts for; ``None`` for an app token or no token."""
        return self.token.user_id if self.token is not None else None

    def json(self) -> Any:
        """Decode the JSON request body; ``None`` when the body is empty.

        Raises
        ------
        ApiError
            400 "Error parsing json" for a body that is not JSON (or nested too deep
            to decode).
        """
        if not self.body.strip():
            return None
        try:
            return _decode(self.body)
        except (msgspec.DecodeError, RecursionError):
            # Nested thousands deep, a body is input too: the caller's error, not ours.
            raise ApiError(400, "Error parsing json") from None


Handler = Callable[[Context], "bytes | Reply"]

# re.escape turns "{id}" into "\{id\}"; this finds the escaped placeholders.
_PARAM = re.compile(r"\\\{([a-z_]+)\\\}")


@dataclass(frozen=True, slots=True)
class Route:
    """One operation: method, path template, handler and its policies.

    Attributes
    ----------
    scopes
        Scopes a user's token must hold, else 403 "Insufficient client scope".
    optional_scopes
        Scopes Spotify's spec lists for the operation that it does not demand of every
        caller: they widen the answer (``/me``) or the handler checks them case by case.
    query
        Declared query parameters, parsed into :attr:`Context.args` before the handler.
    deprecated
        The spec's ``deprecated: true``: since November 2024 and February 2026 only apps
        with extended quota may call it; the ``development`` profile answers 403.
    """

    method: str
    template: str
    handler: Handler
    auth: Auth
    cache_control: str | None
    pattern: re.Pattern[str]
    scopes: frozenset[str] = frozenset()
    optional_scopes: frozenset[str] = frozenset()
    query: tuple[Param, ...] = ()
    deprecated: bool = False

    def parse_query(self, query: Mapping[str, str]) -> dict[str, Any]:
        """Parse the declared query parameters.

        Raises
        ------
        ApiError
            400 for a malformed or missing parameter.
        """
        args: dict[str, Any] = {}
        for param in self.query:
            param.parse(query, args)
        return args

    @property
    def literal_segments(self) -> int:
        """How many path segments are fixed text; more specific routes are tried first."""
        return sum(1 for s in self.template.split("/") if s and not s.startswith("{"))

    def match(self, path: str) -> dict[str, str] | None:
        """Return the decoded path parameters if ``path`` fits the template."""
        found = self.pattern.fullmatch(path)
        if found is None:
            return None
        return {k: unquote(v) for k, v in found.groupdict().items()}


class RouteOptions(TypedDict, total=False):
    """The keyword arguments of :meth:`RouteTable.route` and its per-method shorthands.

    Attributes
    ----------
    auth
        What the route needs: no token, any token (the default) or a user's token.
    cache
        ``Cache-Control`` of its answers, :data:`PRIVATE` by default.
    scopes
        Scopes a user's token must hold.
    optional_scopes
        Scopes the spec lists that the operation does not demand (see :class:`Route`).
    query
        Query parameter declarations, parsed into :attr:`Context.args`.
    deprecated
        The spec's ``deprecated`` flag of the operation.
    """

    auth: Auth
    cache: str | None
    scopes: Iterable[str]
    optional_scopes: Iterable[str]
    query: Iterable[Param]
    deprecated: bool


class _Register(Protocol):
    def __call__(
        self, template: str, **options: Unpack[RouteOptions]
    ) -> Callable[[Handler], Handler]: ...


class _Verb:
    """``table.get(template, **options)``: :meth:`RouteTable.route` with the method bound."""

    def __init__(self, method: str) -> None:
        self.method = method

    def __get__(self, table: RouteTable, owner: type[RouteTable] | None = None) -> _Register:
        method = self.method

        def register(
            template: str, **options: Unpack[RouteOptions]
        ) -> Callable[[Handler], Handler]:
            return table.route(method, template, **options)

        return register


class RouteTable:
    """Routes of one service, found by method and path.

    Parameters
    ----------
    prefix
        Path prefix every template is served under, e.g. ``/v1``.
    """

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self._routes: list[Route] = []

    def route(
        self, method: str, template: str, **options: Unpack[RouteOptions]
    ) -> Callable[[Handler], Handler]:
        """Register the decorated function as the handler of ``method template``.

        Parameters
        ----------
        method
            HTTP method.
        template
            Path template as the spec spells it, without the table's prefix.
        **options
            See :class:`RouteOptions`.
        """

        def register(handler: Handler) -> Handler:
            if any(r.method == method and r.template == template for r in self._routes):
                raise ValueError(f"{method} {template} is registered twice")
            regex = _PARAM.sub(r"(?P<\1>[^/]+)", re.escape(template))
            route = Route(
                method,
                template,
                handler,
                options.get("auth", "any"),
                options.get("cache", PRIVATE),
                re.compile(re.escape(self.prefix) + regex),
                frozenset(options.get("scopes", ())),
                frozenset(options.get("optional_scopes", ())),
                tuple(options.get("query", ())),
                options.get("deprecated", False),
            )
            self._routes.append(route)
            self._routes.sort(key=lambda r: -r.literal_segments)
            return handler

        return register

    #: Register a GET handler: ``@table.get(template, **options)``.
    get: _Verb = _Verb("GET")
    #: Register a POST handler.
    post: _Verb = _Verb("POST")
    #: Register a PUT handler.
    put: _Verb = _Verb("PUT")
    #: Register a DELETE handler.
    delete: _Verb = _Verb("DELETE")

    def __iter__(self) -> Iterator[Route]:
        return iter(self._routes)

    def resolve(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        """Find the route for ``method path``.

        Raises
        ------
        ApiError
            404 "Service not found" for an unknown path, 405 for a known path and another
            method.
        """
        if len(path) > len(self.prefix) + 1 and path.endswith("/"):
            path = path[:-1]  # Spotify serves /v1/me/ as /v1/me
        allowed: list[str] = []
        for route in self._routes:
            params = route.match(path)
            if params is None:
                continue
            if route.method == method:
                return route, params
            allowed.append(route.method)
        if allowed:
            raise ApiError(405, "Method not allowed", {"allow": ", ".join(sorted(set(allowed)))})
        raise ApiError(404, "Service not found")


#: The Web API, served under ``/v1``.
web_api: Final = RouteTable("/v1")
#: The accounts service (``/authorize``, ``/api/token``), served at the root.
accounts: Final = RouteTable()
