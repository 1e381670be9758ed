"""The httpx seam: the only module of the client that imports httpx.

Flows build :class:`Request` objects and receive :class:`Response` objects; senders turn
them into httpx calls here.  Keeping the seam narrow lets the rest of the library stay
transport-agnostic and keeps header handling case-insensitive end to end
(:class:`httpx.Headers`, never a plain ``dict``).
"""

from __future__ import annotations

import asyncio
import functools
import ssl
import time
from collections.abc import Mapping
from typing import Any, Final

import httpx

from spotipy.errors import TransportError

__all__ = [
    "Headers",
    "Request",
    "Response",
    "split_kwargs",
]

Headers = httpx.Headers
"""Case-insensitive multi-dict of HTTP headers."""

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
        self.method = method
        self.url = url
        self.params = params
        self.headers = httpx.Headers(headers)
        self.content = content
        self.idempotent = method not in {"POST", "PATCH"} if idempotent is None else idempotent

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
        self.status_code = status_code
        self.headers = headers if isinstance(headers, httpx.Headers) else httpx.Headers(headers)
        self.content = content
        self.request = request

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


def _build(client: httpx.Client | httpx.AsyncClient, request: Request, kw: dict[str, Any]) -> Any:
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


def _deadline(request_kwargs: dict[str, Any]) -> float:
    value = request_kwargs.get("deadline", DEFAULT_DEADLINE)
    if not (isinstance(value, (int, float)) and 0 < value < float("inf")):
        raise ValueError(f"deadline must be a positive finite number of seconds, not {value!r}")
    return float(value)


def _late(request: Request, deadline: float) -> TransportError:
    # Headers may have arrived, so the request was sent: never replayed unless idempotent.
    return TransportError(
        f"no complete answer within the deadline of {deadline:g} s during {request!r}",
        request,
        sent=True,
    )


def _invalid(exc: httpx.InvalidURL, request: Request) -> TransportError:
    # A URL httpx refuses (too long, control characters) was never sent.
    return TransportError(f"invalid URL for {request!r}: {exc}", request, sent=False)


def _failure(exc: httpx.RequestError, request: Request) -> TransportError:
    # ``sent`` is False only when the request certainly never left this machine
    # (connection refused, DNS failure, pool timeout): only then is a replay of a
    # non-idempotent request harmless.  A body that cannot be decoded (a corrupt
    # gzip stream) arrived, so the request was sent.
    sent = not isinstance(
        exc,
        httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout | httpx.UnsupportedProtocol,
    )
    return TransportError(f"{type(exc).__name__} during {request!r}", request, sent=sent)


def send_sync(
    client: httpx.Client,
    request: Request,
    request_kwargs: dict[str, Any],
    send_kwargs: dict[str, Any],
) -> Response:
    """Send ``request`` with a sync httpx client and wrap the answer."""
    deadline = _deadline(request_kwargs)
    end = time.monotonic() + deadline
    try:
        built = _build(client, request, request_kwargs)
        raw = client.send(built, stream=True, **send_kwargs)
        try:
            parts = []
            for part in raw.iter_bytes():
                parts.append(part)
                if time.monotonic() > end:
                    raise _late(request, deadline)
        finally:
            raw.close()
    except httpx.InvalidURL as exc:
        raise _invalid(exc, request) from None
    except httpx.RequestError as exc:
        raise _failure(exc, request) from exc
    return Response(raw.status_code, raw.headers, b"".join(parts), request)


async def send_async(
    client: httpx.AsyncClient,
    request: Request,
    request_kwargs: dict[str, Any],
    send_kwargs: dict[str, Any],
) -> Response:
    """Send ``request`` with an async httpx client and wrap the answer."""
    deadline = _deadline(request_kwargs)
    try:
        built = _build(client, request, request_kwargs)
        async with asyncio.timeout(deadline):
            raw = await client.send(built, **send_kwargs)
    except TimeoutError:
        raise _late(request, deadline) from None
    except httpx.InvalidURL as exc:
        raise _invalid(exc, request) from None
    except httpx.RequestError as exc:
        raise _failure(exc, request) from exc
    return Response(raw.status_code, raw.headers, raw.content, request)


@functools.cache
def _default_ssl_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()


def _with_shared_ssl(client_kwargs: dict[str, Any]) -> dict[str, Any]:
    # Loading the CA bundle costs ~15 ms per client: a transient sender would pay it on
    # every request.  The default context is immutable in use, so clients share one.
    if "verify" in client_kwargs or "cert" in client_kwargs or "transport" in client_kwargs:
        return client_kwargs
    return {**client_kwargs, "verify": _default_ssl_context()}


def new_client(client_kwargs: dict[str, Any]) -> httpx.Client:
    """Create a sync httpx client from client-level keyword arguments."""
    return httpx.Client(**_with_shared_ssl(client_kwargs))


def new_async_client(client_kwargs: dict[str, Any]) -> httpx.AsyncClient:
    """Create an async httpx client from client-level keyword arguments."""
    return httpx.AsyncClient(**_with_shared_ssl(client_kwargs))


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
    """
    parsed = httpx.URL(url)
    if parsed.scheme == "https" and parsed.host:
        return url.rstrip("/")
    if parsed.scheme == "http" and is_loopback_host(parsed.host):
        return url.rstrip("/")
    raise ValueError(
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


def url_origin_and_path(url: str) -> tuple[str, str]:
    """Split an absolute URL into its origin (``scheme://host:port``) and path."""
    parsed = httpx.URL(url)
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.raw_host.decode()}{port}", parsed.path
