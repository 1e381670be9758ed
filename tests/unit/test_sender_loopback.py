"""Senders against a real HTTP server on 127.0.0.1: connections, and headers on the wire."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from spotipy._http import Request
from spotipy.errors import TransportError
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncRetryingSender,
    AsyncTransientSender,
    PersistentSender,
    RetryingSender,
    SingletonSender,
    TransientSender,
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class CountingServer(ThreadingHTTPServer):
    """Count accepted connections and requests per path."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.connections = 0
        self.hits: dict[str, int] = {}

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class JsonHandler(BaseHTTPRequestHandler):
    """A quiet handler that answers JSON (``_answer``); the tests' servers build on it."""

    def _answer(self, status: int, body: bytes, *headers: tuple[str, str]) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


class Handler(JsonHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so that reuse is visible
    timeout = 5
    disable_nagle_algorithm = True
    server: CountingServer

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.connections += 1

    def do_GET(self) -> None:
        with self.server.lock:
            hits = self.server.hits[self.path] = self.server.hits.get(self.path, 0) + 1
        # /limited/<header name>: the first hit is a 429 whose Retry-After header is
        # spelled exactly as given, the next ones succeed.
        if self.path.startswith("/limited/") and hits == 1:
            self._answer(429, b'{"error": {"status": 429}}', (self.path.rsplit("/", 1)[1], "0"))
        else:
            self._answer(200, b'{"ok": true}')


@pytest.fixture
def server() -> Iterator[CountingServer]:
    httpd = CountingServer()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_transient_sender_opens_a_connection_per_request(server: CountingServer) -> None:
    sender = TransientSender()
    for _ in range(3):
        assert sender.send(Request("GET", f"{server.url}/v1/me")).status_code == 200
    assert server.hits == {"/v1/me": 3}
    assert server.connections == 3


def test_persistent_sender_reuses_one_connection(server: CountingServer) -> None:
    with PersistentSender() as sender:
        for _ in range(3):
            assert sender.send(Request("GET", f"{server.url}/v1/me")).status_code == 200
    assert server.hits == {"/v1/me": 3}
    assert server.connections == 1


def test_singleton_senders_share_one_connection(
    server: CountingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SingletonSender, "client", None)
    try:
        for _ in range(3):
            SingletonSender().send(Request("GET", f"{server.url}/v1/me"))
    finally:
        SingletonSender.close_client()
    assert server.connections == 1


@pytest.mark.anyio
async def test_async_transient_sender_opens_a_connection_per_request(
    server: CountingServer,
) -> None:
    sender = AsyncTransientSender()
    for _ in range(3):
        assert (await sender.send(Request("GET", f"{server.url}/v1/me"))).status_code == 200
    assert server.connections == 3


@pytest.mark.anyio
async def test_async_persistent_sender_reuses_one_connection(server: CountingServer) -> None:
    async with AsyncPersistentSender() as sender:
        for _ in range(3):
            assert (await sender.send(Request("GET", f"{server.url}/v1/me"))).status_code == 200
    assert server.connections == 1


@pytest.mark.parametrize("header", ["retry-after", "RETRY-AFTER", "Retry-After"])
def test_retry_after_is_read_whatever_its_case(server: CountingServer, header: str) -> None:
    sleeps: list[float] = []
    with RetryingSender(sender=PersistentSender(), sleep=sleeps.append) as sender:
        response = sender.send(Request("GET", f"{server.url}/limited/{header}"))
    assert response.status_code == 200
    assert server.hits == {f"/limited/{header}": 2}
    assert sleeps == [0.0]


@pytest.mark.anyio
@pytest.mark.parametrize("header", ["retry-after", "RETRY-AFTER"])
async def test_retry_after_is_read_whatever_its_case_async(
    server: CountingServer, header: str
) -> None:
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async with AsyncRetryingSender(sender=AsyncPersistentSender(), sleep=sleep) as sender:
        response = await sender.send(Request("GET", f"{server.url}/limited/{header}"))
    assert response.status_code == 200
    assert sleeps == [0.0]


def test_refused_connection_is_not_sent() -> None:
    httpd = CountingServer()
    url = httpd.url
    httpd.server_close()  # nothing listens on the port any more
    with pytest.raises(TransportError) as info:
        TransientSender(timeout=2).send(Request("POST", f"{url}/v1/me/player/next"))
    assert info.value.sent is False
