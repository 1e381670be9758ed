"""The emulator as an ASGI 3 application, and :func:`serve` to put it on a loopback socket.

uvicorn is an optional extra (``spotipy[emulator]``): it is imported only when serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote

if TYPE_CHECKING:
    from spotipy.emulator._core import Emulator

__all__ = ["AsgiApp", "Server", "bind", "listen", "loopback_url", "serve"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_STARTUP_TIMEOUT: Final = 10.0
_UNFINISHED: Final = "ASGI callable returned without completing response"


class AsgiApp:
    """Serve an :class:`Emulator` to any ASGI 3 server.

    A scripted dropped connection starts the response and then stops: the server closes
    the connection and the client sees it break mid-response.  (ASGI offers an application
    no way to refuse a connection, so ``connect_fail`` behaves the same here.)

    Parameters
    ----------
    emulator
        The emulator to ask.
    """

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        # Requests held by scripted latency, and the event loops of servers shutting down.
        self._held: set[asyncio.Future[None]] = set()
        self._closing: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()

    def release(self) -> None:
        """Answer at once the requests scripted latency holds on the running event loop.

        A server calls it when it shuts down (:func:`make_server`'s server does): the
        held requests are answered instead of cancelled (which prints tracebacks), and
        latency no longer holds requests on that loop.
        """
        loop = asyncio.get_running_loop()
        self._closing.add(loop)
        for waiter in list(self._held):
            if waiter.get_loop() is loop and not waiter.done():
                waiter.set_result(None)

    async def _hold(self, delay: float) -> None:
        loop = asyncio.get_running_loop()
        if loop in self._closing:
            return
        waiter = loop.create_future()
        self._held.add(waiter)
        timer = loop.call_later(delay, _wake, waiter)
        try:
            await waiter
        finally:
            timer.cancel()
            self._held.discard(waiter)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection scope."""
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)
        # Web sockets are not part of Spotify's API: unanswered, the server refuses them.

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        # Nothing to set up or tear down: acknowledge startup, then shutdown.
        while (await receive())["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        chunks = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        answer = self.emulator.handle(
            scope["method"], _url(scope, headers), headers, b"".join(chunks)
        )
        if answer.delay:
            await self._hold(answer.delay)
        start = {
            "type": "http.response.start",
            "status": answer.status,
            "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers],
        }
        if answer.disconnect is not None:
            # The promised body never follows: the server must close the connection.
            start["headers"] = [(b"content-length", b"1")]
            await send(start)
            return
        await send(start)
        await send({"type": "http.response.body", "body": answer.body})


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def _url(scope: Scope, headers: list[tuple[str, str]]) -> str:
    host = next((v for k, v in headers if k.lower() == "host"), None)
    if host is None:
        server_host, server_port = scope.get("server") or ("127.0.0.1", 80)
        host = loopback_authority(server_host, server_port)
    raw_path = scope.get("raw_path")
    path = raw_path.decode("latin-1") if raw_path else quote(scope["path"])
    query = scope.get("query_string", b"").decode("latin-1")
    scheme = scope.get("scheme", "http")
    return f"{scheme}://{host}{path}" + (f"?{query}" if query else "")


def loopback_authority(host: str, port: int) -> str:
    """Write ``host:port`` for a URL, bracketing IPv6 addresses."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def loopback_url(host: str, port: int) -> str:
    """Return the ``http://`` origin of a loopback server."""
    return f"http://{loopback_authority(host, port)}"


def _require_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"the emulator serves only on loopback addresses, not {host!r}")


def bind(host: str, port: int) -> socket.socket:
    """Open a listening socket, as :func:`listen` does, on a loopback address only.

    Raises
    ------
    ValueError
        If ``host`` is not a loopback address.
    """
    _require_loopback(host)
    return listen(host, port)


def listen(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """Open a listening TCP socket for an ASGI server such as uvicorn.

    Connections it accepts get ``TCP_NODELAY`` from asyncio, so small responses on a
    kept-alive connection are not held back by Nagle's algorithm.  :func:`serve` and
    ``python -m spotipy.emulator`` listen on such a socket (on loopback addresses only);
    this function takes any address, to serve :class:`AsgiApp` or one's own application.

    Parameters
    ----------
    host
        The address to listen on: an IPv6 literal, or an IPv4 address or a name of one.
    port
        The port, or 0 for a free one (``sock.getsockname()[1]`` tells which).

    Returns
    -------
    socket.socket
        The bound, listening socket; the caller closes it.  Pass it on as
        ``uvicorn.Server(config).run(sockets=[sock])``.

    Raises
    ------
    ValueError
        If ``port`` is not an int from 0 to 65535.
    OSError
        If the address cannot be bound (in use, not an address of this machine).
    """
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ValueError(f"the port must be a number from 0 to 65535, not {port!r}")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # Naming the protocol matters: accepted sockets inherit it, and asyncio sets TCP_NODELAY
    # only on sockets whose proto is IPPROTO_TCP.  With proto 0, Nagle's algorithm holds
    # back the body uvicorn writes after the response head until the client's delayed ACK
    # (about 40 ms on Linux) for every request on a kept-alive connection.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


@dataclass(frozen=True, slots=True)
class Server:
    """A running socket server, as :func:`serve` yields it.

    Attributes
    ----------
    emulator
        The emulator served.
    host, port
        Where it listens.
    api_url
        The Web API base URL, e.g. ``http://127.0.0.1:8765/v1``.
    accounts_url
        The accounts service base URL, e.g. ``http://127.0.0.1:8765``.
    """

    emulator: Emulator
    host: str
    port: int
    api_url: str
    accounts_url: str


class _QuietDrops(logging.Filter):
    """Hide uvicorn's complaint about the responses a scripted drop leaves unfinished,
    and the traceback of a request cancelled because the server is stopping."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info is not None and isinstance(record.exc_info[1], asyncio.CancelledError):
            return False
        return not record.getMessage().startswith(_UNFINISHED)


def make_server(emulator: Emulator) -> Any:
    """Build a quiet uvicorn server for ``emulator``.

    Raises
    ------
    ImportError
        If uvicorn, the ``emulator`` extra, is not installed.
    """
    try:
        import uvicorn
    except ImportError as error:  # pragma: no cover - uvicorn is in the test environment
        raise ImportError(
            "serving the emulator on a socket needs uvicorn: pip install 'spotipy-client[emulator]'"
        ) from error

    class _Server(uvicorn.Server):
        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            # Requests held by scripted latency are answered, not cancelled with tracebacks.
            emulator.asgi.release()
            await super().shutdown(sockets)

    config = uvicorn.Config(
        emulator.asgi,
        lifespan="off",
        log_config=None,
        log_level="warning",
        access_log=False,
        server_header=False,
        date_header=False,  # the emulator writes its own, from its clock
        timeout_graceful_shutdown=2,
    )
    return _Server(config)


@contextlib.contextmanager
def quiet_drops() -> Iterator[None]:
    """Silence uvicorn's error log for scripted drops while the block runs."""
    logger = logging.getLogger("uvicorn.error")
    quiet = _QuietDrops()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


@contextlib.contextmanager
def serve(emulator: Emulator, host: str = "127.0.0.1", port: int = 0) -> Iterator[Server]:
    """Serve ``emulator`` on a loopback socket from a background thread.

    Parameters
    ----------
    emulator
        The emulator to serve.
    host
        A loopback address; anything else is refused.
    port
        The port, or 0 for a free one.

    Yields
    ------
    Server
        Where the server listens, once it accepts connections.

    Raises
    ------
    ValueError
        If ``host`` is not a loopback address, or ``port`` not from 0 to 65535.
    OSError
        If the port is in use.
    RuntimeError
        If the server does not start.
    """
    server = make_server(emulator)  # first: without uvicorn, no socket is left open
    sock = bind(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="spotipy-emulator", daemon=True
    )
    origin = loopback_url(host, bound_port)
    with quiet_drops():
        thread.start()
        deadline = time.monotonic() + _STARTUP_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:  # pragma: no cover
                server.should_exit = True
                sock.close()
                raise RuntimeError("the emulator's server did not start")
            time.sleep(0.005)
        try:
            yield Server(emulator, str(bound_host), bound_port, f"{origin}/v1", origin)
        finally:
            server.should_exit = True
            thread.join(_STARTUP_TIMEOUT)
            sock.close()
