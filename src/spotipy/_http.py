"""The httpx seam: where the client's requests become httpx calls.

Flows build :class:`Request` objects and receive :class:`Response` objects; senders turn
them into httpx calls here.  Keeping the seam narrow lets the rest of the library stay
transport-agnostic and keeps header handling case-insensitive end to end
(:class:`httpx.Headers`, never a plain ``dict``).

A sender's client may be an :mod:`httpx` client or an :mod:`httpx2` one (httpx's
maintained continuation, a separate module with its own exceptions): :func:`flavour`
tells which, and each kind's failures are mapped to :class:`~spotipy.errors.TransportError`.

The plain case is sent straight to the client's transport (:func:`_direct`): a client
with no auth, no event hooks, no redirect following and ``httpx`` logging off gains
nothing from ``Client.send``'s layers, and the cookie jar's bookkeeping alone costs
about 30 µs a call.  Cookies are still stored when an answer sets any, so the client
behaves as ``send`` would.  When that transport is httpx's own, :mod:`spotipy._http_core`
skips httpx's models too and hands httpcore's request to its connection pool.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeVar

import httpx

from spotipy import _http_core
from spotipy._deadline import bounded_by, hold_to_deadlines
from spotipy.errors import ConversionError, TransportError

if TYPE_CHECKING:
    import ssl

__all__ = [
    "Flavour",
    "Headers",
    "Request",
    "Response",
    "check_client",
    "flavour",
    "split_kwargs",
]

Headers = httpx.Headers
"""Case-insensitive multi-dict of HTTP headers."""

#: The senders' logger: a send that failed is logged where its error is made.
_sender_log: Final = logging.getLogger("spotipy.sender")
_REDACTED: Final = "[redacted]"
_SECRET_HEADERS: Final = frozenset({"authorization", "proxy-authorization", "cookie"})

#: Keyword arguments that belong to a single request rather than to a client.
_REQUEST_KWARGS: Final = frozenset({"timeout", "extensions", "deadline"})
#: Seconds one attempt may take in all (connecting, headers and body), whatever httpx's
#: per-read timeouts allow: a peer sending a byte every few seconds cannot hold a call.
DEFAULT_DEADLINE: Final = 30.0
#: Keyword arguments of ``httpx.Client.send``.
_SEND_KWARGS: Final = frozenset({"follow_redirects", "auth"})


class Request:
    """An HTTP request, independent of the transport.

    Parameters
    ----------
    method
        HTTP verb in upper case.
    url
        Absolute URL, possibly with a query string of its own.
    params
        Query parameters added to ``url``; values are already strings.
    headers
        Request headers.
    content
        Raw request body.
    idempotent
        Whether replaying the request after an ambiguous failure is harmless.
        Defaults to the verb's HTTP semantics (``POST`` is not idempotent).
    """

    __slots__ = ("content", "headers", "idempotent", "method", "params", "url")

    def __init__(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | httpx.Headers | None = None,
        content: bytes | None = None,
        idempotent: bool | None = None,
    ) -> None:
        self.method: str = method
        self.url: str = url
        self.params: Mapping[str, str] | None = params
        self.headers: httpx.Headers = httpx.Headers(headers)
        self.content: bytes | None = content
        self.idempotent: bool = (
            method not in {"POST", "PATCH"} if idempotent is None else idempotent
        )

    def __repr__(self) -> str:
        # Only the method and the URL without its query: queries may carry codes.
        return f"<Request {self.method} {self.url.split('?', 1)[0]}>"

    def redacted_headers(self) -> dict[str, str]:
        """Return the headers with credentials masked, for logs and errors."""
        return {
            k: (_REDACTED if k.lower() in _SECRET_HEADERS else v) for k, v in self.headers.items()
        }

    @property
    def path(self) -> str:
        """The URL's path without scheme, host or query, for messages."""
        url = self.url.split("?", 1)[0].split("#", 1)[0]
        start = url.find("//")
        slash = url.find("/", start + 2) if start >= 0 else url.find("/")
        return url[slash:] if slash >= 0 else "/"


class Response:
    """An HTTP response: status, case-insensitive headers and the raw body.

    Parameters
    ----------
    status_code
        HTTP status.
    headers
        Response headers.
    content
        Raw body bytes.
    request
        The request this answers.
    """

    __slots__ = ("content", "headers", "request", "status_code")

    def __init__(
        self,
        status_code: int,
        headers: Mapping[str, str] | httpx.Headers | None,
        content: bytes,
        request: Request,
    ) -> None:
        self.status_code: int = status_code
        self.headers: httpx.Headers = (
            headers if isinstance(headers, httpx.Headers) else httpx.Headers(headers)
        )
        self.content: bytes = content
        self.request: Request = request

    def __repr__(self) -> str:
        return f"<Response [{self.status_code}] {self.request.method} {self.request.path}>"

    @property
    def reason_phrase(self) -> str:
        """The standard reason phrase of the status code."""
        return httpx.codes.get_reason_phrase(self.status_code)


def split_kwargs(
    kwargs: Mapping[str, Any],
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Split sender keyword arguments into client, request and send arguments.

    ``timeout`` and ``extensions`` apply per request, ``follow_redirects`` and ``auth``
    are arguments of ``send``, and everything else (``verify``, ``proxy``, ``transport``,
    ``http2``, ``limits`` ...) configures the underlying :class:`httpx.Client`.
    """
    client: dict[str, Any] = {}
    request: dict[str, Any] = {}
    send: dict[str, Any] = {}
    for key, value in kwargs.items():
        if key in _REQUEST_KWARGS:
            request[key] = value
            if key == "deadline":
                _deadline(request)  # refuse a senseless value when the sender is made
        elif key in _SEND_KWARGS:
            send[key] = value
        else:
            client[key] = value
    return client, request, send


class Flavour(NamedTuple):
    """The pieces of one httpx-like library that a sender needs: httpx or httpx2."""

    name: str
    """Module name: ``"httpx"`` or ``"httpx2"``."""
    invalid_url: type[Exception]
    request_error: type[Exception]
    unsent: tuple[type[Exception], ...]
    """Failures after which the request certainly never left this machine."""
    headers: type[Any]
    sync_send: Any
    async_send: Any
    logger: logging.Logger
    """The library's own logger: when it logs requests, ``send`` must run to log them."""


def _make_flavour(module: Any) -> Flavour:
    return Flavour(
        module.__name__,
        module.InvalidURL,
        module.RequestError,
        (
            module.ConnectError,
            module.ConnectTimeout,
            module.PoolTimeout,
            module.UnsupportedProtocol,
        ),
        module.Headers,
        module.Client.send,
        module.AsyncClient.send,
        logging.getLogger(module.__name__),
    )


_flavours: dict[type, Flavour] = {}


def flavour(client: object) -> Flavour:
    """Tell whether ``client`` is an httpx or an httpx2 client (sync or async).

    Raises
    ------
    TypeError
        When it is neither.
    """
    cls = type(client)
    try:
        return _flavours[cls]
    except KeyError:
        pass
    for base in cls.__mro__:
        name = base.__module__.split(".", 1)[0]
        if name in ("httpx", "httpx2") and base.__name__ in ("Client", "AsyncClient"):
            found = _make_flavour(sys.modules[name])
            _flavours[cls] = found
            return found
    raise TypeError(
        f"expected an httpx or httpx2 Client or AsyncClient, not {cls.__module__}.{cls.__name__}"
    )


def check_client(client: object, *, asynchronous: bool) -> Flavour:
    """Check that ``client`` is an httpx or httpx2 client of the wanted mode.

    Raises
    ------
    TypeError
        When it is of neither library, or of the other mode.
    """
    found = flavour(client)
    module = sys.modules[found.name]
    wanted = module.AsyncClient if asynchronous else module.Client
    if not isinstance(client, wanted):
        kind = "an async" if asynchronous else "a sync"
        raise TypeError(
            f"expected {kind} httpx or httpx2 client, not {type(client).__module__}."
            f"{type(client).__name__}"
        )
    return found


def _build(client: Any, request: Request, kw: dict[str, Any]) -> Any:
    if "deadline" in kw:
        kw = {k: v for k, v in kw.items() if k != "deadline"}
    return client.build_request(
        request.method,
        request.url,
        params=request.params,
        headers=request.headers,
        content=request.content,
        **kw,
    )


def _plain(client: Any, send_kwargs: dict[str, Any], fl: Flavour, send: Any) -> bool:
    """Tell whether ``send`` adds nothing a request of ``client`` needs.

    Going straight to the transport skips only what such a request cannot need: auth
    (none is set), redirects (not followed), event hooks (none), the ``httpx`` log line
    (that logger is off) and the cookie jar, which the caller still feeds when an answer
    sets cookies.  A subclass that overrides ``send``, a closed client, or a library
    without the transport lookup goes through ``send``.
    """
    if send_kwargs and (
        set(send_kwargs) != {"follow_redirects"} or send_kwargs["follow_redirects"]
    ):
        return False
    hooks = client.event_hooks
    return not (
        client.auth is not None
        or client.follow_redirects
        or hooks["request"]
        or hooks["response"]
        or client.is_closed
        or type(client).send is not send
        or fl.logger.isEnabledFor(logging.INFO)
    )


def _direct(client: Any, built: Any, plain: bool) -> Any:
    """Return the transport to hand ``built`` to, or ``None`` when ``send`` must run.

    ``plain`` is :func:`_plain`'s verdict; a URL with user info needs ``send``'s auth.
    """
    if not plain or built.url.userinfo:
        return None
    lookup = getattr(client, "_transport_for_url", None)
    return None if lookup is None else lookup(built.url)


def _core_plan(
    client: Any,
    request: Request,
    request_kwargs: dict[str, Any],
    fl: Flavour,
    plain: bool,
    transport_type: type,
) -> _http_core.Plan | None:
    # A client known to have no httpx transport (a mock) is told apart here, in one
    # attribute lookup, so that its calls pay for no more.
    if not plain or fl.name != "httpx" or getattr(client, _http_core.STATE, None) is False:
        return None
    return _http_core.plan(
        client,
        request.method,
        request.url,
        request.params,
        request.headers,
        request.content,
        request_kwargs,
        transport_type,
    )


def _keep_cookies(client: Any, raw: Any, built: Any) -> None:
    raw.request = built
    headers = raw.headers
    if "set-cookie" in headers or "set-cookie2" in headers:
        client.cookies.extract_cookies(raw)


def _headers(raw: Any, fl: Flavour) -> httpx.Headers:
    return raw.headers if fl.headers is httpx.Headers else httpx.Headers(raw.headers.raw)


def _deadline(request_kwargs: dict[str, Any]) -> float:
    value = request_kwargs.get("deadline", DEFAULT_DEADLINE)
    if not (isinstance(value, (int, float)) and 0 < value < float("inf")):
        raise ValueError(f"deadline must be a positive finite number of seconds, not {value!r}")
    return float(value)


def _failed(message: str, request: Request, *, sent: bool) -> TransportError:
    """The error of a send that got no answer, logged as the senders log their sends."""
    error = TransportError(message, request, sent=sent)
    # Path only: query strings may carry authorisation codes, headers carry tokens.
    _sender_log.debug("%s %s -> failed (%s)", request.method, request.path, error)
    return error


def _late(request: Request, deadline: float) -> TransportError:
    # Headers may have arrived, so the request was sent: never replayed unless idempotent.
    return _failed(
        f"no complete answer within the deadline of {deadline:g} s during {request!r}",
        request,
        sent=True,
    )


def _invalid(exc: Exception, request: Request) -> TransportError:
    # A URL httpx refuses (too long, control characters) was never sent.
    return _failed(f"invalid URL for {request!r}: {exc}", request, sent=False)


def _failure(exc: Exception, request: Request, fl: Flavour) -> TransportError:
    # ``sent`` is False only when the request certainly never left this machine
    # (connection refused, DNS failure, pool timeout): only then is a replay of a
    # non-idempotent request harmless.  A body that cannot be decoded (a corrupt
    # gzip stream) arrived, so the request was sent.
    sent = not isinstance(exc, fl.unsent)
    return _failed(f"{type(exc).__name__} during {request!r}", request, sent=sent)


def send_sync(
    client: Any,
    request: Request,
    request_kwargs: dict[str, Any],
    send_kwargs: dict[str, Any],
) -> Response:
    """Send ``request`` with a sync httpx or httpx2 client and wrap the answer."""
    fl = flavour(client)
    deadline = _deadline(request_kwargs)
    end = time.monotonic() + deadline
    try:
        with bounded_by(end):
            return _exchange_sync(client, request, request_kwargs, send_kwargs, fl, end, deadline)
    except fl.invalid_url as exc:
        raise _invalid(exc, request) from None
    except UnicodeError as exc:
        # A host name the IDNA codec cannot encode (an empty or 64-character label),
        # which httpx accepts and the sync socket's name lookup refuses before sending.
        raise _invalid(exc, request) from None
    except (fl.request_error, OSError) as exc:
        # OSError: a socket or TLS failure that the client did not wrap (a TLS alert
        # read after the request was written, such as a refused client certificate).
        if time.monotonic() >= end:
            raise _late(request, deadline) from None
        raise _failure(exc, request, fl) from exc


def _exchange_sync(
    client: Any,
    request: Request,
    request_kwargs: dict[str, Any],
    send_kwargs: dict[str, Any],
    fl: Flavour,
    end: float,
    deadline: float,
) -> Response:
    plain = _plain(client, send_kwargs, fl, fl.sync_send)
    core = _core_plan(client, request, request_kwargs, fl, plain, httpx.HTTPTransport)
    if core is not None:
        return _core_sync(client, core, request, end, deadline)
    built = _build(client, request, request_kwargs)
    transport = _direct(client, built, plain)
    if transport is None:
        raw = client.send(built, stream=True, **send_kwargs)
    else:
        raw = transport.handle_request(built)
    try:
        if transport is not None:
            _keep_cookies(client, raw, built)
        parts = []
        # Checked here too: a user's own client has no deadline-aware sockets.
        for part in raw.iter_bytes():
            parts.append(part)
            if time.monotonic() > end:
                raise _late(request, deadline)
    finally:
        raw.close()
    return Response(raw.status_code, _headers(raw, fl), b"".join(parts), request)


def _core_sync(
    client: Any, core: _http_core.Plan, request: Request, end: float, deadline: float
) -> Response:
    # The plain call straight to httpx's connection pool (see spotipy._http_core).
    try:
        raw = core.pool.handle_request(core.request)
        try:
            parts = []
            for part in raw.stream:
                parts.append(part)
                if time.monotonic() > end:
                    raise _late(request, deadline)
        finally:
            raw.close()
    except Exception as exc:
        mapped = _http_core.as_httpx(exc)
        if mapped is exc:
            raise
        raise mapped from exc
    headers, content = _http_core.answer(client, core, raw.status, raw.headers, b"".join(parts))
    return Response(raw.status, headers, content, request)


async def send_async(
    client: Any,
    request: Request,
    request_kwargs: dict[str, Any],
    send_kwargs: dict[str, Any],
) -> Response:
    """Send ``request`` with an async httpx or httpx2 client and wrap the answer."""
    import asyncio  # imported here: a sync program never needs it

    fl = flavour(client)
    deadline = _deadline(request_kwargs)
    try:
        plain = _plain(client, send_kwargs, fl, fl.async_send)
        core = _core_plan(client, request, request_kwargs, fl, plain, httpx.AsyncHTTPTransport)
        if core is not None:
            async with asyncio.timeout(deadline):
                return await _core_async(client, core, request)
        built = _build(client, request, request_kwargs)
        transport = _direct(client, built, plain)
        async with asyncio.timeout(deadline):
            if transport is None:
                raw = await client.send(built, **send_kwargs)
            else:
                raw = await transport.handle_async_request(built)
                try:
                    _keep_cookies(client, raw, built)
                    await raw.aread()
                finally:
                    await raw.aclose()
    except TimeoutError:
        raise _late(request, deadline) from None
    except fl.invalid_url as exc:
        raise _invalid(exc, request) from None
    except (fl.request_error, OSError) as exc:
        # OSError: a socket or TLS failure that the client did not wrap (anyio's TLS
        # stream raises ssl.SSLError as it is when the server's alert comes with the
        # answer, as a refused client certificate does under TLS 1.3).
        raise _failure(exc, request, fl) from exc
    except ExceptionGroup as group:
        # anyio's connect raises its failures as a group (an out-of-range port is an
        # OverflowError there, a ConnectError in sync mode): the request was not sent.
        if group.split((OSError, OverflowError))[1] is not None:
            raise
        failure = _failed(f"ConnectError during {request!r}", request, sent=False)
        raise failure from group
    return Response(raw.status_code, _headers(raw, fl), raw.content, request)


async def _core_async(client: Any, core: _http_core.Plan, request: Request) -> Response:
    try:
        raw = await core.pool.handle_async_request(core.request)
        try:
            content = await raw.aread()
        finally:
            await raw.aclose()
    except Exception as exc:
        mapped = _http_core.as_httpx(exc)
        if mapped is exc:
            raise
        raise mapped from exc
    headers, content = _http_core.answer(client, core, raw.status, raw.headers, content)
    return Response(raw.status, headers, content, request)


_Client = TypeVar("_Client", httpx.Client, httpx.AsyncClient)


@functools.cache
def _default_ssl_context(trust_env: bool, cafile: str | None, capath: str | None) -> ssl.SSLContext:
    # The arguments are the cache key: httpx reads SSL_CERT_FILE/SSL_CERT_DIR itself.
    return httpx.create_ssl_context(trust_env=trust_env)


def _with_shared_ssl(client_kwargs: dict[str, Any]) -> dict[str, Any]:
    # Loading the CA bundle costs ~15 ms per client: a transient sender would pay it on
    # every request.  The default context is immutable in use, so clients share one
    # per trust_env and per SSL_CERT_FILE/SSL_CERT_DIR (which httpx reads per client:
    # the CA of a TLS-inspecting proxy, say).
    if "verify" in client_kwargs or "cert" in client_kwargs or "transport" in client_kwargs:
        return client_kwargs
    trust_env = bool(client_kwargs.get("trust_env", True))
    env = os.environ if trust_env else {}
    shared = _default_ssl_context(trust_env, env.get("SSL_CERT_FILE"), env.get("SSL_CERT_DIR"))
    return {**client_kwargs, "verify": shared}


def new_client(client_kwargs: dict[str, Any]) -> httpx.Client:
    """Create a sync httpx client from client-level keyword arguments.

    Its sockets are held to each attempt's deadline (see :mod:`spotipy._deadline`).
    """
    client = _made(httpx.Client, client_kwargs)
    hold_to_deadlines([client._transport, *client._mounts.values()])
    return client


def new_async_client(client_kwargs: dict[str, Any]) -> httpx.AsyncClient:
    """Create an async httpx client from client-level keyword arguments."""
    return _made(httpx.AsyncClient, client_kwargs)


def _made(kind: type[_Client], client_kwargs: dict[str, Any]) -> _Client:
    try:
        return kind(**_with_shared_ssl(client_kwargs))
    except httpx.InvalidURL as exc:
        # A malformed proxy (or base) URL: httpx's message names the bad part, never
        # the URL's user info.
        raise ValueError(f"invalid URL in the client arguments: {exc}") from None


def is_loopback_host(host: str) -> bool:
    """Tell whether ``host`` (from a URL) names this machine's loopback interface."""
    import ipaddress

    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, what: str) -> str:
    """Validate a base URL: https anywhere, plain http only on a loopback host.

    Returns the URL without a trailing slash.

    Raises
    ------
    ConversionError
        (a ``ValueError``) for a URL that does not parse, has a port outside 1-65535, or
        is refused (plain http elsewhere than on a loopback host).
    TypeError
        For a URL that is not a ``str``.
    """
    if not isinstance(url, str):
        raise TypeError(f"{what} must be a str, not {type(url).__name__}")
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise ConversionError(f"{what} {url!r} is not a valid URL: {error}") from None
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise ConversionError(f"{what} {url!r} has port {parsed.port}, outside 1-65535")
    if parsed.scheme == "https" and parsed.host:
        return url.rstrip("/")
    if parsed.scheme == "http" and is_loopback_host(parsed.host):
        return url.rstrip("/")
    raise ConversionError(
        f"{what} {url!r} is refused: use https, or plain http only on a loopback address "
        "(127.0.0.1, [::1], localhost)"
    )


def url_join_query(url: str, params: Mapping[str, str]) -> str:
    """Return ``url`` with ``params`` encoded into its query string."""
    return str(httpx.URL(url).copy_merge_params(dict(params)))


def canonical_url(url: str, params: Mapping[str, str] | None = None) -> str:
    """Return the URL a request is sent to, spelt one way only, for cache keys.

    ``params`` are merged into the query as httpx merges them when sending, then the
    query is decoded and encoded again, so ``?q=a%20b`` in ``url`` and ``{"q": "a b"}`` in
    ``params`` give the same text.  The scheme and host are lower-cased, a default port
    and the fragment (never sent) are dropped; the order of parameters is kept.
    """
    merged = httpx.URL(url).copy_merge_params(dict(params or {}))
    return str(merged.copy_with(params=merged.params, fragment=None))


def query_number(value: str) -> int | None:
    """The whole number a query value of a server's link spells, or ``None``.

    Only ASCII digits count, at most 18 of them: ``str.isdigit`` alone accepts ``"²"``
    and other Unicode digits, and ``int`` refuses both those and numbers of thousands of
    digits, so a hostile link would otherwise raise a raw ``ValueError``.
    """
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def url_origin_and_path(url: str) -> tuple[str, str]:
    """Split an absolute URL into its origin (``scheme://host:port``) and path."""
    parsed = httpx.URL(url)
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.raw_host.decode()}{port}", parsed.path
