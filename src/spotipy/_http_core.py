"""The plain call sent straight to httpcore, beside the httpx seam (:mod:`spotipy._http`).

When :func:`spotipy._http._direct` would already hand a request to the client's
transport, and that transport is exactly httpx's own ``HTTPTransport`` or
``AsyncHTTPTransport``, most of a small call's cost is httpx's model layer: parsing the
URL twice, building ``httpx.Request`` and ``httpx.Response``, the stream and decoder
chain.  This module builds the ``httpcore.Request`` that httpx would have built, hands it
to the transport's connection pool, and reads httpcore's answer into a
:class:`~spotipy._http.Response`.

It only takes requests whose wire form it can spell exactly as httpx does: an absolute
``http``/``https`` URL with a host, without user info or fragment whose target holds only characters
httpx sends unchanged and no dot segments, query parameters of plain strings, no
client-level parameters or cookies, no ``extensions`` keyword.  Anything else returns
``None`` from :func:`plan` and goes the httpx way.  The origin (scheme, host, port) is
parsed by httpx once per client and origin, with the transport httpx would choose for it
(mounts and proxies depend on the origin only); the client keeps these in an attribute
of its own (``_spotipy_origins``), ``False`` for a client with no httpx transport at all
(a mock), which then costs one attribute lookup.

httpcore's failures become httpx's exceptions of the same names, as httpx's transport
maps them, so the seam reports them as it does for httpx; an encoded body is decoded by
httpx itself, so codings and corrupt bodies behave as through httpx.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from typing import Any, Final, NamedTuple
from urllib.parse import urlencode

import httpx

#: Targets httpx sends as they are: unreserved characters, sub-delimiters, ``:@/?`` and
#: valid percent escapes.  Anything else (a space, non-ASCII, a bare ``%``) is left to
#: httpx, which would escape it.
_PLAIN_TARGET: Final = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")
#: httpx refuses longer URLs; they go its way to fail as they do there.
_MAX_URL: Final = 65536
#: Headers httpx computes itself when a request does not set them.
_COMPUTED: Final = ("host", "content-length", "transfer-encoding")
_WITH_LENGTH: Final = frozenset({"POST", "PUT", "PATCH"})
_ORIGINS_PER_CLIENT: Final = 64


class Origin(NamedTuple):
    """What a request needs from its URL's origin, parsed by httpx once."""

    scheme: bytes
    host: bytes
    port: int | None
    netloc: bytes
    """The ``Host`` header httpx sends."""
    pool: Any
    """The httpcore connection pool of httpx's own transport, or ``None`` (go httpx's way)."""


class Plan(NamedTuple):
    """An httpcore request ready to send, and what reading its answer needs."""

    pool: Any
    request: Any
    """The ``httpcore.Request``."""
    url: str
    """The URL as sent, to store cookies an answer sets."""


#: The attribute of an httpx client holding its origins (a dict), or ``False`` when none
#: of its transports is httpx's own (a mock): set by :func:`plan` on first sight.
STATE: Final = "_spotipy_origins"
_core: Any = None  # httpcore, imported with the first plan (httpx imports it lazily too)
_errors: dict[type, type[Exception]] = {}
#: httpcore's exceptions that httpx maps to its own of the same name.
_ERROR_NAMES: Final = (
    "TimeoutException",
    "ConnectTimeout",
    "ReadTimeout",
    "WriteTimeout",
    "PoolTimeout",
    "NetworkError",
    "ConnectError",
    "ReadError",
    "WriteError",
    "ProxyError",
    "UnsupportedProtocol",
    "ProtocolError",
    "LocalProtocolError",
    "RemoteProtocolError",
)


def _origins(client: Any, transport_type: type) -> dict[str, Origin] | None:
    known: dict[str, Origin] | bool | None = getattr(client, STATE, None)
    if known is None:
        # httpx sets a client's mounts when it is made: they do not change afterwards.
        # A subclass choosing transports its own way may look at more than the origin.
        transports = [client._transport, *client._mounts.values()]
        lookup = type(client)._transport_for_url
        known = (
            {}
            if lookup in (httpx.Client._transport_for_url, httpx.AsyncClient._transport_for_url)
            and any(type(t) is transport_type for t in transports)
            else False
        )
        setattr(client, STATE, known)
    return known if isinstance(known, dict) else None


def _origin(origins: dict[str, Origin], client: Any, prefix: str, kind: type) -> Origin | None:
    found = origins.get(prefix)
    if found is not None:
        return found
    try:
        url = httpx.URL(prefix)
    except httpx.InvalidURL:
        return None
    if not url.raw_host:
        # httpx refuses a URL without a host before any connection; httpcore would look
        # up the empty name (which some systems resolve to this machine).
        return None
    transport = client._transport_for_url(url)
    pool = getattr(transport, "_pool", None) if type(transport) is kind else None
    found = Origin(url.raw_scheme, url.raw_host, url.port, url.netloc, pool)
    if len(origins) >= _ORIGINS_PER_CLIENT:
        origins.clear()
    origins[prefix] = found
    return found


def _target(url: str, params: Mapping[str, str] | None, start: int) -> str | None:
    target = url[start:]
    if not _PLAIN_TARGET.fullmatch(target):
        return None
    path = target.split("?", 1)[0]
    if "/." in path:  # dot segments, which httpx removes
        return None
    if params is None:
        return target
    # httpx replaces the URL's query with the parameters (none: no query at all).
    items = list(params.items())
    for key, value in items:
        if type(key) is not str or type(value) is not str:
            return None
    return f"{path}?{urlencode(items)}" if items else path


def plan(
    client: Any,
    method: str,
    url: str,
    params: Mapping[str, str] | None,
    headers: httpx.Headers,
    content: bytes | None,
    request_kwargs: Mapping[str, Any],
    transport_type: type,
) -> Plan | None:
    """Return the httpcore request httpx would send, or ``None`` to go httpx's way.

    The caller has checked that the client is in the plain case (no auth, hooks,
    redirects or ``httpx`` logging).  ``transport_type`` is ``httpx.HTTPTransport`` or
    ``httpx.AsyncHTTPTransport``: a transport of any other type, even a subclass, is
    left to httpx.
    """
    global _core
    origins = _origins(client, transport_type)
    if origins is None:
        return None
    if "extensions" in request_kwargs or len(url) > _MAX_URL or not method.isupper():
        return None
    if url.startswith("http://"):
        slash = url.find("/", 7)
    elif url.startswith("https://"):
        slash = url.find("/", 8)
    else:
        return None
    if slash < 0:
        return None
    prefix = url[:slash]
    if "@" in prefix or "?" in prefix or "#" in prefix:
        return None
    origin = _origin(origins, client, prefix, transport_type)
    if origin is None or origin.pool is None or client.params or len(client.cookies.jar):
        return None
    target = _target(url, params, slash)
    if target is None or len(target) > _MAX_URL:
        return None
    merged = httpx.Headers(client.headers)
    merged.update(headers)
    for name in _COMPUTED:
        if name in merged:
            return None
    raw = [(b"Host", origin.netloc)]
    if content:
        raw.extend(merged.raw)
        raw.append((b"Content-Length", str(len(content)).encode()))
    else:
        if method in _WITH_LENGTH:
            raw.append((b"Content-Length", b"0"))
        raw.extend(merged.raw)
    timeout = request_kwargs.get("timeout", httpx.USE_CLIENT_DEFAULT)
    timeout = client.timeout if timeout is httpx.USE_CLIENT_DEFAULT else httpx.Timeout(timeout)
    if _core is None:
        import httpcore

        _core = httpcore
    request = _core.Request(
        method.encode(),
        _core.URL(scheme=origin.scheme, host=origin.host, port=origin.port, target=target),
        headers=raw,
        content=content or b"",
        extensions={"timeout": timeout.as_dict()},
    )
    return Plan(origin.pool, request, prefix + target)


def as_httpx(exc: Exception) -> Exception:
    """Return httpx's exception for an httpcore one (same name), or ``exc`` itself."""
    if not _errors:
        # Filled in one ``update`` (atomic under the GIL): a thread failing at the same
        # moment never sees half the table and lets an httpcore error through.
        _errors.update({getattr(_core, name): getattr(httpx, name) for name in _ERROR_NAMES})
    for cls in type(exc).__mro__:
        mapped = _errors.get(cls)
        if mapped is not None:
            return mapped(str(exc))
    return exc


def answer(client: Any, plan: Plan, status: int, raw: Any, body: bytes) -> tuple[Any, bytes]:
    """Return httpx's headers and the decoded body of httpcore's answer; keep its cookies.

    ``raw`` is httpcore's header list.  A body with a ``Content-Encoding`` is decoded by
    httpx (a plain ``gzip`` one as httpx's decoder does it): a corrupt one raises
    :class:`httpx.DecodingError`.
    """
    headers = httpx.Headers(raw)
    coding = headers.get("content-encoding")
    if coding == "gzip":
        # Spotify's usual coding, decoded as httpx's gzip decoder does, without building
        # an httpx.Response (about 11 µs of a 15 µs decode of a small page).
        unpacker = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            body = unpacker.decompress(body) + unpacker.flush()
        except zlib.error as exc:
            raise httpx.DecodingError(str(exc)) from exc
    elif coding is not None:
        body = httpx.Response(status, headers=headers, content=body).content
    if "set-cookie" in headers or "set-cookie2" in headers:
        request = httpx.Request(plan.request.method.decode(), plan.url)
        client.cookies.extract_cookies(httpx.Response(status, headers=headers, request=request))
    return headers, body
