"""Concrete senders over httpx: transient, persistent and singleton, sync and async.

They reach httpx only through :mod:`spotipy._http`.  A client passed in or assigned may
be an :mod:`httpx` or an :mod:`httpx2` one; the senders create httpx clients.  Keyword
arguments are split there into client arguments (``verify``, ``proxy``, ``transport``,
``limits``, ``http2`` ...), per-request arguments (``timeout``, ``extensions``) and
arguments of ``send`` (``follow_redirects``, ``auth``).  The requests-style names of the
2020 spotipy API (``proxies``, a ``(connect, read)`` ``timeout``, ``verify`` naming a CA
bundle, ``cert``, ``allow_redirects``) are mapped to httpx's first (``requests_style``);
any other name is refused.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final, TypeVar

from spotipy import _http
from spotipy.sender._base import AsyncSender, Sender

if TYPE_CHECKING:
    import ssl

    import httpx
    import httpx2

    from spotipy._http import Request, Response

__all__ = [
    "AsyncPersistentSender",
    "AsyncSingletonSender",
    "AsyncTransientSender",
    "PersistentSender",
    "SingletonSender",
    "TransientSender",
]

logger = logging.getLogger("spotipy.sender")


class _Options:
    """Sender keyword arguments, resolved against the module default and split.

    ``default_requests_kwargs`` (read from :mod:`spotipy.sender` now, at construction)
    is used only when no keyword argument is given: an ``or`` fallback, not a merge.
    When the sender uses a client it did not create, explicit client-level arguments
    are an error, while client-level arguments from the module default are ignored
    (that client is already configured).
    """

    __slots__ = ("client", "request", "send")

    def __init__(self, kwargs: dict[str, Any], owner: str, *, external_client: bool) -> None:
        from spotipy import sender as facade  # the facade holds the user-assignable default

        explicit = bool(kwargs)
        chosen = kwargs if explicit else dict(facade.default_requests_kwargs)
        chosen = requests_style(chosen, owner)
        self.client, self.request, self.send = _http.split_kwargs(chosen)
        if external_client and self.client:
            if explicit:
                names = ", ".join(sorted(self.client))
                raise ValueError(
                    f"{owner} got client-level keyword arguments ({names}) together with an "
                    "existing client: configure that client instead"
                )
            self.client = {}


#: What ``requests``' ``Session.send`` took and the 2020 spotipy API passed on.
REQUESTS_KWARGS: Final = ("proxies", "timeout", "verify", "cert", "allow_redirects")
#: The keyword arguments of ``httpx.Client`` and its sends that senders take as they are.
HTTPX_KWARGS: Final = (
    "auth",
    "base_url",
    "cookies",
    "default_encoding",
    "deadline",
    "event_hooks",
    "extensions",
    "follow_redirects",
    "headers",
    "http1",
    "http2",
    "limits",
    "max_redirects",
    "mounts",
    "params",
    "proxy",
    "timeout",
    "transport",
    "trust_env",
    "verify",
)
_ACCEPTED: Final = frozenset(REQUESTS_KWARGS) | frozenset(HTTPX_KWARGS)


def requests_style(kwargs: dict[str, Any], owner: str) -> dict[str, Any]:
    """Map the requests-style keyword arguments of the 2020 spotipy API to httpx's.

    ``proxies`` (one URL, or a dict of scheme to URL naming one proxy) becomes
    ``proxy``; a ``timeout`` pair ``(connect, read)`` becomes httpx's four-part timeout;
    ``verify`` naming a CA bundle file or folder and ``cert`` (a file, or a
    ``(cert, key)`` pair) become one :class:`ssl.SSLContext`; ``allow_redirects``
    becomes ``follow_redirects``.  httpx's own names pass as they are; any other
    name is refused with the list of those accepted.
    """
    unknown = sorted(set(kwargs) - _ACCEPTED)
    if unknown:
        raise TypeError(
            f"{owner} got unexpected keyword arguments {', '.join(map(repr, unknown))}; it"
            f" accepts the requests-style {', '.join(REQUESTS_KWARGS)} and httpx's"
            f" {', '.join(sorted(set(HTTPX_KWARGS) - set(REQUESTS_KWARGS)))}"
        )
    if not ({"proxies", "cert", "allow_redirects"} & set(kwargs)) and not (
        isinstance(kwargs.get("verify"), str) or isinstance(kwargs.get("timeout"), tuple)
    ):
        return kwargs  # nothing requests-style: as given
    mapped = dict(kwargs)
    if "proxies" in mapped:
        mapped["proxy"] = _proxy(mapped.pop("proxies"), "proxy" in mapped, owner)
    if "allow_redirects" in mapped:
        if "follow_redirects" in mapped:
            raise TypeError(f"{owner}: give allow_redirects or follow_redirects, not both")
        mapped["follow_redirects"] = mapped.pop("allow_redirects")
    timeout = mapped.get("timeout")
    if isinstance(timeout, tuple) and len(timeout) == 2:
        connect, read = timeout  # requests' (connect, read): httpx's four parts
        mapped["timeout"] = (connect, read, read, read)
    if isinstance(mapped.get("verify"), str) or "cert" in mapped:
        mapped["verify"] = _ssl_context(mapped.get("verify", True), mapped.pop("cert", None))
    return mapped


def _proxy(proxies: Any, both: bool, owner: str) -> Any:
    if both:
        raise TypeError(f"{owner}: give proxies (requests' name) or proxy, not both")
    if proxies is None or isinstance(proxies, str):
        return proxies
    if isinstance(proxies, Mapping):
        urls = {url for url in proxies.values() if url is not None}
        if len(urls) <= 1:
            return next(iter(urls), None)
    raise ValueError(
        f"{owner}: proxies must name one proxy (a URL, or a dict such as"
        " {'https': url} whose values are that URL); for a proxy per scheme or host,"
        " pass an httpx client made with mounts="
    )


def _ssl_context(verify: Any, cert: Any) -> ssl.SSLContext:
    import os
    import ssl

    if isinstance(verify, ssl.SSLContext):
        raise TypeError("cert cannot be combined with an SSLContext: load it into that context")
    try:
        if isinstance(verify, str):
            folder = os.path.isdir(verify)
            context = ssl.create_default_context(
                cafile=None if folder else verify, capath=verify if folder else None
            )
        else:
            context = ssl.create_default_context()
            if not verify:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
        if cert is not None:
            certfile, keyfile = (cert, None) if isinstance(cert, str) else cert
            context.load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(f"verify={verify!r}, cert={cert!r}: cannot be loaded ({exc})") from None
    return context


def _log(request: Request, response: Response) -> None:
    # Path only: query strings may carry authorisation codes, headers carry tokens.
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s %s -> %d", request.method, request.path, response.status_code)


def _options(
    sender: object, kwargs: dict[str, Any], client: object, *, asynchronous: bool
) -> _Options:
    """The options of a pooled sender, after checking the mode of a client passed in."""
    if client is not None:
        _http.check_client(client, asynchronous=asynchronous)
    return _Options(kwargs, type(sender).__name__, external_client=client is not None)


_Client = TypeVar("_Client")


def _shared(cls: Any, make: Callable[[dict[str, Any]], _Client]) -> _Client:
    """The client shared by the instances of the singleton sender ``cls``, made now if
    there is none (its class attribute ``client``, which users may assign)."""
    with cls._lock:
        if cls.client is None:
            cls.client = make({})
        found: _Client = cls.client
        return found


def _unshare(cls: Any) -> Any:
    """Take the shared client of the singleton sender ``cls`` away (to be closed)."""
    with cls._lock:
        client, cls.client = cls.client, None
    return client


class _SyncHttpx(Sender):
    """What the sync senders over httpx share: their options and one logged send."""

    _options: _Options

    def _send_on(self, client: httpx.Client | httpx2.Client, request: Request) -> Response:
        options = self._options
        response = _http.send_sync(client, request, options.request, options.send)
        _log(request, response)
        return response


class _AsyncHttpx(AsyncSender):
    """The async counterpart of :class:`_SyncHttpx`."""

    _options: _Options

    async def _send_on(
        self, client: httpx.AsyncClient | httpx2.AsyncClient, request: Request
    ) -> Response:
        options = self._options
        response = await _http.send_async(client, request, options.request, options.send)
        _log(request, response)
        return response


class TransientSender(_SyncHttpx):
    """Send each request on a new connection, with a client made for that request.

    The default sender: nothing is kept between requests, so nothing needs closing.

    Parameters
    ----------
    **kwargs
        Keyword arguments for the underlying client and send, for example
        ``timeout=10`` or ``verify=False``.  When none are given,
        ``spotipy.sender.default_requests_kwargs`` is used.
    """

    def __init__(self, **kwargs: Any) -> None:
        self._options = _Options(kwargs, type(self).__name__, external_client=False)

    def send(self, request: Request) -> Response:
        """Send ``request`` on a fresh client that is closed afterwards."""
        with _http.new_client(self._options.client) as client:
            return self._send_on(client, request)


class AsyncTransientSender(_AsyncHttpx):
    """Send each request on a new connection (async).

    The async counterpart of :class:`TransientSender`.

    Parameters
    ----------
    **kwargs
        Keyword arguments for the underlying client and send; when none are given,
        ``spotipy.sender.default_requests_kwargs`` is used.
    """

    def __init__(self, **kwargs: Any) -> None:
        self._options = _Options(kwargs, type(self).__name__, external_client=False)

    async def send(self, request: Request) -> Response:
        """Send ``request`` on a fresh client that is closed afterwards."""
        async with _http.new_async_client(self._options.client) as client:
            return await self._send_on(client, request)


class PersistentSender(_SyncHttpx):
    """Send requests through one pooled client per sender instance.

    Connections are reused between requests.  Close the sender (or use it as a
    context manager) to close the client it created.  A client passed in belongs to
    the caller and is left open.

    Parameters
    ----------
    client
        An existing :class:`httpx.Client` or ``httpx2.Client`` to use; one is created
        when omitted.
    **kwargs
        Keyword arguments for the client and send; when none are given,
        ``spotipy.sender.default_requests_kwargs`` is used.  Client-level arguments
        (``verify``, ``proxy``, ``transport`` ...) cannot be combined with ``client``.

    Raises
    ------
    ValueError
        When client-level keyword arguments are given together with ``client``, or
        when a URL among them (such as ``proxy``) is malformed.
    TypeError
        When ``client`` is not a sync httpx or httpx2 client.
    """

    client: httpx.Client | httpx2.Client
    """The pooled client."""

    def __init__(self, client: httpx.Client | httpx2.Client | None = None, **kwargs: Any) -> None:
        self._options = _options(self, kwargs, client, asynchronous=False)
        self._owns_client = client is None
        self.client = _http.new_client(self._options.client) if client is None else client
        self._closed = False

    @property
    def session(self) -> httpx.Client | httpx2.Client:
        """The pooled client (the 2020 spotipy API's name for it)."""
        return self.client

    def send(self, request: Request) -> Response:
        """Send ``request`` through the pooled client."""
        if self._closed:
            raise RuntimeError(f"{type(self).__name__} is closed")
        return self._send_on(self.client, request)

    def close(self) -> None:
        """Close the client if this sender created it; a passed-in client stays open."""
        self._closed = True
        if self._owns_client:
            self.client.close()


class AsyncPersistentSender(_AsyncHttpx):
    """Send requests through one pooled async client per sender instance.

    The async counterpart of :class:`PersistentSender`.

    Parameters
    ----------
    client
        An existing :class:`httpx.AsyncClient` or ``httpx2.AsyncClient`` to use; one is
        created when omitted.  A client passed in belongs to the caller and is left open
        by :meth:`close`.
    **kwargs
        Keyword arguments for the client and send; when none are given,
        ``spotipy.sender.default_requests_kwargs`` is used.

    Raises
    ------
    ValueError
        When client-level keyword arguments are given together with ``client``, or
        when a URL among them (such as ``proxy``) is malformed.
    TypeError
        When ``client`` is not an async httpx or httpx2 client.
    """

    client: httpx.AsyncClient | httpx2.AsyncClient
    """The pooled client."""

    def __init__(
        self, client: httpx.AsyncClient | httpx2.AsyncClient | None = None, **kwargs: Any
    ) -> None:
        self._options = _options(self, kwargs, client, asynchronous=True)
        self._owns_client = client is None
        self.client = _http.new_async_client(self._options.client) if client is None else client
        self._closed = False

    @property
    def session(self) -> httpx.AsyncClient | httpx2.AsyncClient:
        """The pooled client (the 2020 spotipy API's name for it)."""
        return self.client

    async def send(self, request: Request) -> Response:
        """Send ``request`` through the pooled client."""
        if self._closed:
            raise RuntimeError(f"{type(self).__name__} is closed")
        return await self._send_on(self.client, request)

    async def close(self) -> None:
        """Close the client if this sender created it; a passed-in client stays open."""
        self._closed = True
        if self._owns_client:
            await self.client.aclose()


class SingletonSender(_SyncHttpx):
    """Send requests through one client shared by every instance.

    The shared client is the class attribute ``SingletonSender.client``.  It is
    created on first use; users may assign their own :class:`httpx.Client` to it.
    Closing an instance leaves the shared client open; :meth:`close_client` closes it
    (a new one is created when it is needed again).

    Parameters
    ----------
    **kwargs
        Per-request and send keyword arguments (``timeout``, ``extensions``,
        ``follow_redirects``, ``auth``); when none are given,
        ``spotipy.sender.default_requests_kwargs`` is used.  Client-level arguments are
        refused: configure the shared client by assigning it instead.

    Raises
    ------
    ValueError
        When client-level keyword arguments are given.
    """

    client: ClassVar[httpx.Client | None] = None
    """The client shared by all instances, or ``None`` before first use."""

    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, **kwargs: Any) -> None:
        self._options = _Options(kwargs, type(self).__name__, external_client=True)
        self.shared_client()

    @classmethod
    def shared_client(cls) -> httpx.Client:
        """Return the shared client, creating it if there is none yet."""
        return _shared(cls, _http.new_client)

    @classmethod
    def close_client(cls) -> None:
        """Close the shared client; the next request creates a new one."""
        client = _unshare(cls)
        if client is not None:
            client.close()

    @property
    def session(self) -> httpx.Client:
        """The shared client (the 2020 spotipy API's name for it)."""
        return self.shared_client()

    def send(self, request: Request) -> Response:
        """Send ``request`` through the shared client."""
        return self._send_on(self.shared_client(), request)


class AsyncSingletonSender(_AsyncHttpx):
    """Send requests through one async client shared by every instance.

    The async counterpart of :class:`SingletonSender`, sharing the class attribute
    ``AsyncSingletonSender.client``.  An async client's connections belong to one
    event loop: close the shared client (:meth:`close_client`) before its loop ends
    if another loop will use it later.

    Parameters
    ----------
    **kwargs
        Per-request and send keyword arguments; when none are given,
        ``spotipy.sender.default_requests_kwargs`` is used.  Client-level arguments
        are refused.

    Raises
    ------
    ValueError
        When client-level keyword arguments are given.
    """

    client: ClassVar[httpx.AsyncClient | None] = None
    """The client shared by all instances, or ``None`` before first use."""

    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, **kwargs: Any) -> None:
        self._options = _Options(kwargs, type(self).__name__, external_client=True)
        self.shared_client()

    @classmethod
    def shared_client(cls) -> httpx.AsyncClient:
        """Return the shared client, creating it if there is none yet."""
        return _shared(cls, _http.new_async_client)

    @classmethod
    async def close_client(cls) -> None:
        """Close the shared client; the next request creates a new one."""
        client = _unshare(cls)
        if client is not None:
            await client.aclose()

    @property
    def session(self) -> httpx.AsyncClient:
        """The shared client (the 2020 spotipy API's name for it)."""
        return self.shared_client()

    async def send(self, request: Request) -> Response:
        """Send ``request`` through the shared client."""
        return await self._send_on(self.shared_client(), request)
