"""The plain call straight to httpcore (spotipy._http_core) against httpx's own path.

A raw socket server on 127.0.0.1 records the exact bytes of every request and answers
canned bytes.  Each case is sent twice through the seam (:func:`send_sync` and
:func:`send_async`): by a client whose transport is httpx's own (the shortcut), and by one
whose transport is a subclass of it (which the shortcut refuses, so httpx builds and
sends the request).  Both must put the same bytes on the wire and return the same
status, headers and body, or fail with the same error.
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import socket
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from spotipy import Spotify, _http_core
from spotipy._http import Request, new_async_client, new_client, send_async, send_sync
from spotipy.emulator import Emulator, serve
from spotipy.errors import TransportError
from spotipy.sender import AsyncPersistentSender, PersistentSender

JSON = b'{"id": "x", "name": "Ann"}'
Answer = Callable[[socket.socket], bool]
"""Answer one request on a connection; return whether to keep the connection open."""


def canned(head: bytes, body: bytes = JSON, *, length: bool = True) -> Answer:
    sized = f"Content-Length: {len(body)}\r\n".encode() if length else b""

    def answer(conn: socket.socket) -> bool:
        conn.sendall(b"HTTP/1.1 200 OK\r\n" + head + sized + b"\r\n" + body)
        return True

    return answer


def chunked(conn: socket.socket) -> bool:
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\n" + JSON[:5] + b"\r\n" + f"{len(JSON) - 5:x}\r\n".encode() + JSON[5:] + b"\r\n"
        b"0\r\n\r\n"
    )
    return True


def truncated(conn: socket.socket) -> bool:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + JSON)
    return False


def deflated(body: bytes, wbits: int) -> bytes:
    packer = zlib.compressobj(wbits=wbits)
    return packer.compress(body) + packer.flush()


class RecordingServer:
    """Record every request's bytes, answer each with ``self.answer``; count connections."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.answer: Answer = canned(b"Content-Type: application/json\r\n")
        self.requests: list[bytes] = []
        self.connections = 0
        self.stopped = threading.Event()
        self.threads: list[threading.Thread] = []
        self.accepting = threading.Thread(target=self._accept, daemon=True)
        self.accepting.start()

    def _accept(self) -> None:
        while not self.stopped.is_set():  # bounded: ends when the fixture closes
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        with conn:
            data = b""
            for _ in range(100):  # bounded: a test sends a few requests per connection
                try:
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            return
                        data += chunk
                    head, _, rest = data.partition(b"\r\n\r\n")
                    length = 0
                    for line in head.split(b"\r\n")[1:]:
                        name, _, value = line.partition(b":")
                        if name.strip().lower() == b"content-length":
                            length = int(value)
                    while len(rest) < length:
                        chunk = conn.recv(65536)
                        if not chunk:
                            return
                        rest += chunk
                    self.requests.append(head + b"\r\n\r\n" + rest[:length])
                    data = rest[length:]
                    if not self.answer(conn):
                        return
                except OSError:
                    return

    def close(self) -> None:
        self.stopped.set()
        self.accepting.join(5)
        self.sock.close()
        for thread in self.threads:
            thread.join(5)


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    running = RecordingServer()
    yield running
    running.close()


class Refused(httpx.HTTPTransport):
    """httpx's transport under another type: the shortcut leaves it to httpx."""


class AsyncRefused(httpx.AsyncHTTPTransport):
    """The async counterpart of :class:`Refused`."""


@dataclass
class Case:
    name: str
    method: str = "GET"
    path: str = "/v1/artists/x"
    params: dict[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    answer: Answer | None = None
    client_headers: dict[str, str] = field(default_factory=dict)
    kwargs: dict[str, Any] = field(default_factory=dict)
    shortcut: bool = True
    """Whether the plain client takes the shortcut (else both go httpx's way)."""


JSON_HEAD = b"Content-Type: application/json\r\n"
CASES = [
    Case("get"),
    Case("get with params", params={"ids": "a,b", "market": "SE", "q": "x y/é:@%?&=+"}),
    Case("empty params drop the query", path="/v1/search?q=old", params={}),
    Case("params replace the query", path="/v1/search?q=old", params={"q": "new"}),
    Case("query in the URL", path="/v1/me/tracks?offset=50&limit=50&ids=a%2Cb"),
    Case("post with body", "POST", headers={"Content-Type": "application/json"}, content=b"{}"),
    Case("post without body", "POST"),
    Case("put with body", "PUT", headers={"Content-Type": "image/jpeg"}, content=b"\xff" * 9),
    Case("put without body", "PUT"),
    Case("put with an empty body", "PUT", content=b""),
    Case("delete with body", "DELETE", content=b'{"ids": ["a"]}'),
    Case("delete without body", "DELETE"),
    Case("client headers", client_headers={"X-Extra": "1", "user-agent": "app/2"}),
    Case(
        "request headers override",
        headers={"accept": "application/json", "User-Agent": "mine", "Authorization": "Bearer t"},
        client_headers={"Accept-Encoding": "gzip"},
    ),
    Case("timeout", kwargs={"timeout": 3.0, "deadline": 5.0}),
    Case("identity", answer=canned(JSON_HEAD + b"Content-Encoding: identity\r\n")),
    Case("gzip", answer=canned(b"Content-Encoding: gzip\r\n", gzip.compress(JSON))),
    Case("deflate zlib", answer=canned(b"Content-Encoding: deflate\r\n", deflated(JSON, 15))),
    Case("deflate raw", answer=canned(b"Content-Encoding: deflate\r\n", deflated(JSON, -15))),
    Case(
        "two codings",
        answer=canned(b"Content-Encoding: deflate, gzip\r\n", gzip.compress(deflated(JSON, 15))),
    ),
    Case("unknown coding", answer=canned(b"Content-Encoding: foo\r\n")),
    Case("corrupt gzip", answer=canned(b"Content-Encoding: gzip\r\n", b"\x1f\x8bnot gzip")),
    Case("truncated gzip", answer=canned(b"Content-Encoding: gzip\r\n", gzip.compress(JSON)[:-9])),
    Case("empty gzip", answer=canned(b"Content-Encoding: gzip\r\n", b"")),
    Case("two gzip members", answer=canned(b"Content-Encoding: gzip\r\n", gzip.compress(JSON) * 2)),
    Case("gzip in capitals", answer=canned(b"content-encoding: GZIP\r\n", gzip.compress(JSON))),
    Case("chunked", answer=chunked),
    Case("repeated headers", answer=canned(b"Vary: a\r\nvary: b\r\nX-Odd:  spaced \r\n")),
    Case("truncated body", answer=truncated),
    Case(
        "params needing escapes",
        params={"a b&c=d+é/~*'()!": "v &=+ü%;:@,$", "": "", "k": ""},
    ),
    Case("host in client headers", client_headers={"Host": "other.test"}, shortcut=False),
    Case("host in request headers", headers={"host": "other.test:81"}, shortcut=False),
    Case("unusual next link", path="/v1/a b/é?x=ü", shortcut=False),
    Case("dot segments", path="/v1/./artists/../artists/x", shortcut=False),
    Case("bare percent", path="/v1/artists/100%", shortcut=False),
    Case("fragment", path="/v1/artists/x#top", shortcut=False),
]


def outcome(client: httpx.Client, case: Case, server: RecordingServer) -> tuple[Any, ...]:
    try:
        response = send_sync(client, _requests(case, server), case.kwargs, {})
    except TransportError as error:
        return ("error", str(error), error.sent, type(error.__cause__).__name__)
    return (response.status_code, response.headers.raw, response.content)


class Counted:
    """Count calls of httpx's ``build_request`` (the way the shortcut avoids)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        for cls in (httpx.Client, httpx.AsyncClient):
            monkeypatch.setattr(cls, "build_request", self._wrap(cls.build_request))

    def _wrap(self, build: Callable[..., Any]) -> Callable[..., Any]:
        def build_request(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return build(*args, **kwargs)

        return build_request


def _requests(case: Case, server: RecordingServer) -> Request:
    return Request(
        case.method,
        server.url + case.path,
        params=case.params,
        headers=case.headers,
        content=case.content,
    )


def prepared(case: Case, server: RecordingServer, monkeypatch: pytest.MonkeyPatch) -> Counted:
    """Set the case's answer on the server; count ``build_request`` calls from now."""
    if case.answer is not None:
        server.answer = case.answer
    return Counted(monkeypatch)


def same_both_ways(results: list[tuple[Any, ...]], server: RecordingServer) -> None:
    """The shortcut and httpx's way gave the same answer and sent the same bytes."""
    assert results[0] == results[1]
    assert len(server.requests) == 2
    assert server.requests[0] == server.requests[1]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_same_wire_and_answer_as_httpx_sync(
    case: Case, server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = prepared(case, server, monkeypatch)
    results = []
    for transport in (None, Refused()):
        client = new_client({} if transport is None else {"transport": transport})
        client.headers.update(case.client_headers)
        with client:
            before = built.calls
            results.append(outcome(client, case, server))
            assert (built.calls == before) is (case.shortcut and transport is None)
    same_both_ways(results, server)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_same_wire_and_answer_as_httpx_async(
    case: Case, server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = prepared(case, server, monkeypatch)

    async def one(transport: httpx.AsyncBaseTransport | None) -> tuple[Any, ...]:
        client = new_async_client({} if transport is None else {"transport": transport})
        client.headers.update(case.client_headers)
        async with client:
            before = built.calls
            request = _requests(case, server)
            try:
                response = await send_async(client, request, case.kwargs, {})
            except TransportError as error:
                result: tuple[Any, ...] = ("error", str(error), error.sent)
                result += (type(error.__cause__).__name__,)
            else:
                result = (response.status_code, response.headers.raw, response.content)
            assert (built.calls == before) is (case.shortcut and transport is None)
            return result

    results = [asyncio.run(one(None)), asyncio.run(one(AsyncRefused()))]
    same_both_ways(results, server)


def cookie_setter(conn: socket.socket) -> bool:
    body = b"{}"
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nSet-Cookie: sid=abc; Path=/\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    return True


def test_a_cookie_set_by_an_answer_is_sent_next(server: RecordingServer) -> None:
    server.answer = cookie_setter
    wires: list[list[bytes]] = []
    for mode in ("sync", "async"):
        for transport in ("plain", "refused"):
            server.requests.clear()
            if mode == "sync":
                kw = {} if transport == "plain" else {"transport": Refused()}
                with new_client(kw) as client:
                    for _ in range(2):
                        send_sync(client, Request("GET", server.url + "/v1/me"), {}, {})
                    assert dict(client.cookies) == {"sid": "abc"}
            else:

                async def twice(transport: str = transport) -> None:
                    kw = {} if transport == "plain" else {"transport": AsyncRefused()}
                    async with new_async_client(kw) as client:
                        for _ in range(2):
                            await send_async(client, Request("GET", server.url + "/v1/me"), {}, {})
                        assert dict(client.cookies) == {"sid": "abc"}

                asyncio.run(twice())
            first, second = server.requests
            assert b"cookie:" not in first.lower()
            assert b"\r\nCookie: sid=abc\r\n" in second
            wires.append(server.requests[:])
    # The same bytes, whether the first request took the shortcut or not.
    assert wires[0] == wires[1] == wires[2] == wires[3]


def test_a_refused_connection_was_not_sent() -> None:
    with socket.create_server(("127.0.0.1", 0)) as free:
        url = f"http://127.0.0.1:{free.getsockname()[1]}/v1/me"
    # Nothing listens there now: the connection is refused.
    with new_client({}) as client:
        assert _http_core.plan(
            client, "GET", url, None, httpx.Headers(), None, {}, httpx.HTTPTransport
        )
        with pytest.raises(TransportError, match="ConnectError") as info:
            send_sync(client, Request("POST", url), {}, {})
    assert info.value.sent is False
    assert isinstance(info.value.__cause__, httpx.ConnectError)

    async def main() -> TransportError:
        async with new_async_client({}) as client:
            with pytest.raises(TransportError, match="ConnectError") as info:
                await send_async(client, Request("POST", url), {}, {})
        return info.value

    error = asyncio.run(main())
    assert error.sent is False


def test_a_connection_is_reused_after_an_answer_not_after_a_broken_one(
    server: RecordingServer,
) -> None:
    good = server.answer
    with new_client({}) as client:
        for _ in range(3):
            send_sync(client, Request("GET", server.url + "/v1/me"), {}, {})
        assert server.connections == 1
        server.answer = truncated
        with pytest.raises(TransportError, match="RemoteProtocolError") as info:
            send_sync(client, Request("GET", server.url + "/v1/me"), {}, {})
        assert info.value.sent is True
        server.answer = good
        send_sync(client, Request("GET", server.url + "/v1/me"), {}, {})
        assert server.connections == 2

    async def main() -> None:
        async with new_async_client({}) as client:
            for _ in range(3):
                await send_async(client, Request("GET", server.url + "/v1/me"), {}, {})
            assert server.connections == 3
            server.answer = truncated
            with pytest.raises(TransportError, match="RemoteProtocolError"):
                await send_async(client, Request("GET", server.url + "/v1/me"), {}, {})
            server.answer = good
            await send_async(client, Request("GET", server.url + "/v1/me"), {}, {})
            assert server.connections == 4

    asyncio.run(main())


def test_a_dripping_body_is_held_to_the_deadline_and_released(server: RecordingServer) -> None:
    stop = threading.Event()

    def drip(conn: socket.socket) -> bool:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
        for _ in range(100):  # bounded: 100 bytes, 0.1 s apart at most
            if stop.wait(0.1):
                break
            conn.sendall(b" ")
        return False

    good = server.answer
    # One connection at most: a response left unreleased would keep the next request
    # waiting for the pool, which then fails with a PoolTimeout instead of answering.
    one = {"limits": httpx.Limits(max_connections=1), "timeout": 5.0}
    try:
        # spotipy's client stops reading at the deadline; a user's own client (no
        # deadline-aware sockets) is stopped by the check after each chunk.
        for client in (new_client(one), httpx.Client(**one)):
            server.answer = drip
            with client:
                request = Request("GET", server.url + "/v1/me")
                with pytest.raises(TransportError, match=r"deadline of 0\.5 s") as info:
                    send_sync(client, request, {"deadline": 0.5}, {})
                assert info.value.sent is True
                server.answer = good
                assert send_sync(client, request, {}, {}).content == JSON

        async def main() -> None:
            server.answer = drip
            async with new_async_client(one) as client:
                request = Request("GET", server.url + "/v1/me")
                with pytest.raises(TransportError, match=r"deadline of 0\.5 s"):
                    await send_async(client, request, {"deadline": 0.5}, {})
                server.answer = good
                assert (await send_async(client, request, {}, {})).content == JSON

        asyncio.run(main())
    finally:
        stop.set()


def test_the_default_senders_take_the_shortcut_others_do_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built = Counted(monkeypatch)
    emulator = Emulator(seed=0)
    artist = emulator.catalogue.artist_ids[0]
    token = emulator.app_token()
    with serve(emulator) as running:
        with Spotify(token, PersistentSender(), api_url=running.api_url) as spotify:
            assert spotify.artist(artist).id == artist
        assert built.calls == 0

        async def main() -> None:
            async with Spotify(token, AsyncPersistentSender(), api_url=running.api_url) as spotify:
                assert (await spotify.artist(artist)).id == artist

        asyncio.run(main())
        assert built.calls == 0
        # A client with auth, an httpx2 client, or an in-process emulator transport goes
        # httpx's way (httpx2's requests are built by httpx2, not counted here).
        sender = PersistentSender(auth=Passing())
        with Spotify(token, sender, api_url=running.api_url) as spotify:
            spotify.artist(artist)
        assert built.calls == 1
        httpx2 = pytest.importorskip("httpx2")
        plans: list[object] = []
        monkeypatch.setattr(_http_core, "plan", lambda *args: plans.append(args))
        with (
            httpx2.Client() as client,
            Spotify(token, PersistentSender(client=client), api_url=running.api_url) as spotify,
        ):
            spotify.artist(artist)
        assert plans == []
    with Spotify(token, PersistentSender(transport=emulator.transport())) as spotify:
        spotify.artist(artist)
    assert built.calls == 2


class Passing(httpx.Auth):
    """An auth that changes nothing: its mere presence needs ``Client.send``."""

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        yield request


# Through a proxy.  The recording server acts as an HTTP proxy: for an http:// target
# it records the absolute-form request it is given; for https:// the CONNECT it is
# asked for, which it refuses.  The target's host is never resolved.

TARGET = "http://api.example.test"
SECRET = "s3cr3t-pw"
#: The Proxy-Authorization of ``user:SECRET``, which must reach the proxy and no log.
BASIC = b"Basic dXNlcjpzM2NyM3QtcHc="


class OwnChoice(httpx.Client):
    """A client choosing its transports its own way (as httpx does, environment
    proxies included): the shortcut leaves it to httpx, which builds the request."""

    def _transport_for_url(self, url: httpx.URL) -> httpx.BaseTransport:
        return super()._transport_for_url(url)


class AsyncOwnChoice(httpx.AsyncClient):
    """The async counterpart of :class:`OwnChoice`."""

    def _transport_for_url(self, url: httpx.URL) -> httpx.AsyncBaseTransport:
        return super()._transport_for_url(url)


def proxy_refusing_connect(conn: socket.socket) -> bool:
    conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
    return False


@dataclass
class Route:
    name: str
    kwargs: Callable[[str, bool], dict[str, Any]]
    """Client arguments, given the proxy's URL and whether the client is async."""
    env: Callable[[str], dict[str, str]] = lambda _: {}
    """Environment variables set before the clients are made, given the proxy's URL."""
    target: str | None = TARGET
    """The origin requested (``None``: the recording server itself, not as a proxy)."""
    shortcut: bool = True
    answer: Answer | None = None


def _user_info(url: str) -> str:
    return url.replace("http://", f"http://user:{SECRET}@")


def _mount(proxy: str, asynchronous: bool) -> dict[str, Any]:
    kind = httpx.AsyncHTTPTransport if asynchronous else httpx.HTTPTransport
    return {"mounts": {TARGET: kind(proxy=proxy), "all://other.test": None}}


def _refused_mount(proxy: str, asynchronous: bool) -> dict[str, Any]:
    kind = AsyncRefused if asynchronous else Refused
    return {"mounts": {"all://": kind(proxy=proxy)}}


ROUTES = [
    Route("proxy", lambda proxy, _: {"proxy": proxy}),
    Route("proxy with user info", lambda proxy, _: {"proxy": _user_info(proxy)}),
    Route(
        "https through a proxy with user info",
        lambda proxy, _: {"proxy": _user_info(proxy)},
        target="https://api.example.test",
        answer=proxy_refusing_connect,
    ),
    Route("HTTP_PROXY", lambda *_: {}, lambda proxy: {"HTTP_PROXY": proxy}),
    Route("ALL_PROXY with user info", lambda *_: {}, lambda p: {"ALL_PROXY": _user_info(p)}),
    Route(
        "HTTP_PROXY, another host in NO_PROXY",
        lambda *_: {},
        lambda proxy: {"HTTP_PROXY": proxy, "NO_PROXY": "other.test,localhost"},
    ),
    Route(
        # A proxy where nothing listens: the request must go straight to the server.
        "HTTP_PROXY, the host in NO_PROXY",
        lambda *_: {},
        lambda _: {"HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": "other.test,127.0.0.1"},
        target=None,
    ),
    Route("mounts", _mount),
    Route("a mounted transport of another type", _refused_mount, shortcut=False),
]
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def routed(route: Route, server: RecordingServer, monkeypatch: pytest.MonkeyPatch) -> Request:
    """Set the route's environment and answer; return the request to send through it."""
    for name in PROXY_VARIABLES:
        for spelling in (name, name.lower()):
            monkeypatch.delenv(spelling, raising=False)
    for name, value in route.env(server.url).items():
        monkeypatch.setenv(name, value)
    if route.answer is not None:
        server.answer = route.answer
    origin = server.url if route.target is None else route.target
    return Request("GET", origin + "/v1/artists/x", params={"market": "SE"})


def through_route(route: Route, server: RecordingServer, results: list[tuple[Any, ...]]) -> None:
    """Check both ways agreed, the proxy saw what httpx sends, and no secret leaked."""
    same_both_ways(results, server)
    line = server.requests[0].split(b"\r\n", 1)[0]
    if route.target is None:
        assert line == b"GET /v1/artists/x?market=SE HTTP/1.1"
    elif route.target.startswith("https"):
        assert line == b"CONNECT api.example.test:443 HTTP/1.1"
    else:
        assert line == b"GET http://api.example.test/v1/artists/x?market=SE HTTP/1.1"
    authorised = b"\r\nProxy-Authorization: " + BASIC + b"\r\n" in server.requests[0]
    assert authorised is ("user info" in route.name)
    assert SECRET.encode() not in server.requests[0]
    assert SECRET not in repr(results)


def _outcome(error: TransportError) -> tuple[Any, ...]:
    cause = error.__cause__
    assert SECRET not in f"{error!s}{error!r}{cause!s}{cause!r}"
    return ("error", str(error), error.sent, type(cause).__name__)


class Watched:
    """A route's environment (``monkeypatch``) and the debug logs it must keep clean."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture):
        self.monkeypatch, self.caplog = monkeypatch, caplog
        for name in ("spotipy", "httpcore"):  # not httpx: its log line needs its send
            caplog.set_level(logging.DEBUG, logger=name)

    def prepare(self, route: Route, server: RecordingServer) -> tuple[Request, Counted]:
        """The route's request (its environment set); ``build_request`` counted from now."""
        return routed(route, server, self.monkeypatch), Counted(self.monkeypatch)

    def check(self) -> None:
        """No proxy secret reached the logs."""
        assert SECRET not in self.caplog.text
        assert BASIC.decode() not in self.caplog.text


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> Watched:
    return Watched(monkeypatch, caplog)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_through_a_proxy_same_wire_and_answer_as_httpx_sync(
    route: Route, server: RecordingServer, watched: Watched
) -> None:
    request, built = watched.prepare(route, server)
    results = []
    for client in (
        new_client(route.kwargs(server.url, False)),
        OwnChoice(**route.kwargs(server.url, False)),
    ):
        with client:
            before = built.calls
            try:
                response = send_sync(client, request, {}, {})
            except TransportError as error:
                results.append(_outcome(error))
            else:
                results.append((response.status_code, response.headers.raw, response.content))
            assert (built.calls == before) is (route.shortcut and type(client) is httpx.Client)
    through_route(route, server, results)
    watched.check()


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_through_a_proxy_same_wire_and_answer_as_httpx_async(
    route: Route, server: RecordingServer, watched: Watched
) -> None:
    request, built = watched.prepare(route, server)

    async def one(client: httpx.AsyncClient) -> tuple[Any, ...]:
        async with client:
            before = built.calls
            try:
                response = await send_async(client, request, {}, {})
            except TransportError as error:
                result = _outcome(error)
            else:
                result = (response.status_code, response.headers.raw, response.content)
            assert (built.calls == before) is (route.shortcut and type(client) is httpx.AsyncClient)
            return result

    kwargs = route.kwargs
    results = [
        asyncio.run(one(new_async_client(kwargs(server.url, True)))),
        asyncio.run(one(AsyncOwnChoice(**kwargs(server.url, True)))),
    ]
    through_route(route, server, results)
    watched.check()


@pytest.mark.parametrize("name", ["proxy", "proxies"])
def test_a_senders_proxy_takes_the_shortcut_as_httpx_would(
    name: str, server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = _user_info(server.url)
    # requests' spelling names the proxy per scheme; httpx's is one URL.
    given = {name: proxy if name == "proxy" else {"http": proxy, "https": proxy}}
    request = Request("GET", TARGET + "/v1/artists/x", params={"market": "SE"})
    built = Counted(monkeypatch)
    answers = []
    with PersistentSender(**given) as sender:
        answers.append(sender.send(request).content)
        origins = getattr(sender.client, _http_core.STATE)
        assert origins
        assert SECRET not in f"{origins!r}{sender!r}"
    assert built.calls == 0
    with OwnChoice(proxy=proxy) as client, PersistentSender(client=client) as sender:
        answers.append(sender.send(request).content)
    assert built.calls == 1

    async def main() -> None:
        async with AsyncPersistentSender(**given) as sender:
            answers.append((await sender.send(request)).content)
        assert built.calls == 1
        async with AsyncOwnChoice(proxy=proxy) as client:
            answers.append((await AsyncPersistentSender(client=client).send(request)).content)
        assert built.calls == 2

    asyncio.run(main())
    assert answers == [JSON] * 4
    assert len(server.requests) == 4
    assert len(set(server.requests)) == 1
    assert server.requests[0].startswith(b"GET " + TARGET.encode() + b"/v1/artists/x?market=SE ")
    assert b"\r\nProxy-Authorization: " + BASIC + b"\r\n" in server.requests[0]


def test_client_headers_changed_between_calls_are_sent(
    server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = Counted(monkeypatch)
    wires = []
    for transport in (None, Refused()):
        server.requests.clear()
        with new_client({} if transport is None else {"transport": transport}) as client:
            for value in ("1", "2"):
                client.headers["X-Call"] = value
                send_sync(client, Request("GET", server.url + "/v1/me"), {}, {})
            del client.headers["X-Call"]
            client.headers["User-Agent"] = "app/3"
            send_sync(client, Request("GET", server.url + "/v1/me"), {}, {})
        wires.append(server.requests[:])
    assert built.calls == 3  # by httpx for the refused transport, none for the shortcut
    assert wires[0] == wires[1]
    first, second, third = wires[0]
    assert b"\r\nX-Call: 1\r\n" in first
    assert b"\r\nX-Call: 2\r\n" in second
    assert b"x-call" not in third.lower()
    assert b"\r\nUser-Agent: app/3\r\n" in third


@pytest.mark.parametrize("origin", ["http://", "http://:{port}", "https://:{port}"])
def test_a_url_without_host_fails_as_in_httpx_before_any_connection(
    origin: str, server: RecordingServer
) -> None:
    port = server.url.rsplit(":", 1)[1]
    request = Request("GET", origin.format(port=port) + "/v1/me", headers={"Authorization": "t"})
    results: list[tuple[Any, ...]] = []
    for transport in (None, Refused()):
        with new_client({} if transport is None else {"transport": transport}) as client:
            with pytest.raises(TransportError) as info:
                send_sync(client, request, {}, {})
            results.append(_outcome(info.value))

    async def one(transport: httpx.AsyncBaseTransport | None) -> tuple[Any, ...]:
        async with new_async_client({} if transport is None else {"transport": transport}) as c:
            with pytest.raises(TransportError) as info:
                await send_async(c, request, {}, {})
        return _outcome(info.value)

    results += [asyncio.run(one(None)), asyncio.run(one(AsyncRefused()))]
    assert results == [results[0]] * 4
    assert results[0][2:] == (False, "UnsupportedProtocol")
    assert server.connections == 0


@pytest.mark.parametrize("host", ["a..b", "x" * 64 + ".example"])
def test_a_host_name_the_idna_codec_refuses_is_an_invalid_url_sync(host: str) -> None:
    # httpx accepts these names; the sync name lookup cannot encode them: no raw
    # UnicodeError escapes, whether the shortcut or httpx sends.
    request = Request("GET", f"http://{host}/v1/me")
    for transport in (None, Refused()):
        with new_client({} if transport is None else {"transport": transport}) as client:
            with pytest.raises(TransportError, match="invalid URL") as info:
                send_sync(client, request, {}, {})
            assert info.value.sent is False


@pytest.mark.parametrize(
    "proxy", [f"http://user:{SECRET}@127.0.0.1:port", f"http://u:{SECRET}@[::1"]
)
def test_a_malformed_proxy_url_is_a_value_error_without_its_secret(proxy: str) -> None:
    for make in (PersistentSender, AsyncPersistentSender):
        with pytest.raises(ValueError, match="invalid URL in the client arguments") as info:
            make(proxy=proxy)
        assert SECRET not in f"{info.value}{info.value!r}"
