"""Route tables, the per-request context handlers receive, and the errors they raise.

A route module registers handlers with a decorator::

    @web_api.get("/albums/{id}", cache=CATALOGUE)
    def get_album(ctx: Context) -> bytes: ...

so adding an area of the API is adding a module to :mod:`spotipy.emulator.routes`.  Path
templates are spelled exactly as in Spotify's OpenAPI description (without the ``/v1`` prefix),
which lets a test hold every registered route against the spec.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Final, Literal
from urllib.parse import unquote

import msgspec

if TYPE_CHECKING:
    from spotipy.emulator._accounts import Accounts, TokenInfo
    from spotipy.emulator._render import Renderer
    from spotipy.emulator._state import State
    from spotipy.emulator._wire import Headers

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
    """

    def __init__(
        self, status: int, message: str | None = None, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(status, headers)
        self.message = message if message is not None else HTTPStatus(status).phrase

    def body(self) -> bytes:
        """Return the encoded ErrorObject envelope."""
        return error_body(self.status, self.message)


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


def error_body(status: int, message: str) -> bytes:
    """Encode Spotify's error envelope."""
    return _encode({"error": {"status": status, "message": message}})


@dataclass(slots=True)
class Reply:
    """A handler's answer when a bare body with the route's defaults is not enough."""

    body: bytes
    status: int = 200
    etag: str | None = None
    content_type: str | None = "application/json; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


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

    @property
    def user_id(self) -> str | None:
        """The user the token acts for; ``None`` for an app token or no token."""
        return self.token.user_id if self.token is not None else None


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
    """

    method: str
    template: str
    handler: Handler
    auth: Auth
    cache_control: str | None
    pattern: re.Pattern[str]
    scopes: frozenset[str] = frozenset()
    optional_scopes: frozenset[str] = frozenset()

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
        self,
        method: str,
        template: str,
        *,
        auth: Auth = "any",
        cache: str | None = PRIVATE,
        scopes: Iterable[str] = (),
        optional_scopes: Iterable[str] = (),
    ) -> Callable[[Handler], Handler]:
        """Register the decorated function as the handler of ``method template``.

        ``scopes`` are those a user's token must hold; ``optional_scopes`` are those the
        spec lists but the operation does not demand (see :class:`Route`).
        """

        def register(handler: Handler) -> Handler:
            if any(r.method == method and r.template == template for r in self._routes):
                raise ValueError(f"{method} {template} is registered twice")
            regex = _PARAM.sub(r"(?P<\1>[^/]+)", re.escape(template))
            route = Route(
                method,
                template,
                handler,
                auth,
                cache,
                re.compile(re.escape(self.prefix) + regex),
                frozenset(scopes),
                frozenset(optional_scopes),
            )
            self._routes.append(route)
            self._routes.sort(key=lambda r: -r.literal_segments)
            return handler

        return register

    def get(
        self,
        template: str,
        *,
        auth: Auth = "any",
        cache: str | None = PRIVATE,
        scopes: Iterable[str] = (),
        optional_scopes: Iterable[str] = (),
    ) -> Callable[[Handler], Handler]:
        """Register a GET handler."""
        return self.route(
            "GET", template, auth=auth, cache=cache, scopes=scopes, optional_scopes=optional_scopes
        )

    def post(
        self,
        template: str,
        *,
        auth: Auth = "any",
        cache: str | None = PRIVATE,
        scopes: Iterable[str] = (),
        optional_scopes: Iterable[str] = (),
    ) -> Callable[[Handler], Handler]:
        """Register a POST handler."""
        return self.route(
            "POST", template, auth=auth, cache=cache, scopes=scopes, optional_scopes=optional_scopes
        )

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
