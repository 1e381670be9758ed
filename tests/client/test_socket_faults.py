"""Faults the emulator cannot script, from a raw loopback socket: what a broken peer does.

Each case is a script the server plays on every connection after reading the request:
closing at once, resetting, half-closing after the status line, truncating the body,
corrupt encodings, a garbage status line, malformed chunks, dripping headers or body, or
never answering.  A read call and a write call meet each case through the real senders,
sync and async: each must end with a :class:`~spotipy.errors.TransportError` within its
deadline, and the write is never sent twice.  The cases tried are printed in the summary.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from spotipy import Spotify
from spotipy.errors import SpotipyError, TransportError
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncRetryingSender,
    PersistentSender,
    RetryingSender,
)

ARTIST = "0TnOYISbd1XYRBk9myaseg"
PLAYLIST = "3cEYpjA9oz9GiPac4AsH4n"
TRACK_URI = "spotify:track:4iV5W9uYEdYUVa79Axb7Rh"
DEADLINE = 1.0

Script = Callable[[socket.socket, threading.Event], None]

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
JSON = b'{"id": "x", "snapshot_id": "s"}'


def _head(extra: bytes = b"", length: int | None = len(JSON)) -> bytes:
    sized = b"" if length is None else f"Content-Length: {length}\r\n".encode()
    return HEAD + extra + sized + b"\r\n"


def closed(conn: socket.socket, _stop: threading.Event) -> None:
    conn.close()


def reset(conn: socket.socket, _stop: threading.Event) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def half_closed(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    conn.shutdown(socket.SHUT_WR)
    stop.wait(3)


def truncated(conn: socket.socket, _stop: threading.Event) -> None:
    conn.sendall(_head(length=100) + JSON[:10])
    conn.close()


def corrupt_gzip(conn: socket.socket, _stop: threading.Event) -> None:
    body = b"\x1f\x8b\x08\x00garbage-not-gzip"
    conn.sendall(_head(b"Content-Encoding: gzip\r\n", len(body)) + body)


def corrupt_deflate(conn: socket.socket, _stop: threading.Event) -> None:
    body = b"\x78\x9cnot deflate at all"
    conn.sendall(_head(b"Content-Encoding: deflate\r\n", len(body)) + body)


def garbage_status(conn: socket.socket, _stop: threading.Event) -> None:
    conn.sendall(b"SPOTIFY/9 ???\r\n\r\n")
    conn.close()


def bad_chunks(conn: socket.socket, _stop: threading.Event) -> None:
    conn.sendall(_head(b"Transfer-Encoding: chunked\r\n", None) + b"zz\r\nnot a chunk\r\n")
    conn.close()


def bad_length(conn: socket.socket, _stop: threading.Event) -> None:
    conn.sendall(HEAD + b"Content-Length: twelve\r\n\r\n" + JSON)
    conn.close()


def header_drip(conn: socket.socket, stop: threading.Event) -> None:
    for byte in _head() + JSON:  # bounded: about 120 bytes
        if stop.wait(0.2):
            return
        conn.sendall(bytes([byte]))


def body_drip(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(_head())
    for byte in JSON:  # bounded: 31 bytes
        if stop.wait(0.2):
            return
        conn.sendall(bytes([byte]))


def silent(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait(5)


SCRIPTS: dict[str, Script] = {
    "closed before answering": closed,
    "reset": reset,
    "half-closed after the status line": half_closed,
    "truncated body": truncated,
    "corrupt gzip": corrupt_gzip,
    "corrupt deflate": corrupt_deflate,
    "garbage status line": garbage_status,
    "malformed chunks": bad_chunks,
    "unreadable Content-Length": bad_length,
    "headers dripping": header_drip,
    "body dripping": body_drip,
    "never answers": silent,
}

TRIED: dict[str, int] = {"cases": 0}


class RawServer:
    """Plays one script on every connection; counts the requests it read."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.requests: list[bytes] = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []
        self.acceptor = threading.Thread(target=self._accept, daemon=True)
        self.acceptor.start()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._play, args=(conn,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _play(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                request += chunk
            self.requests.append(request.split(b"\r\n", 1)[0])
            self.script(conn, self.stop)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.acceptor.join(5)
        for thread in self.threads:
            thread.join(5)
        self.sock.close()


@pytest.fixture(params=sorted(SCRIPTS))
def server(request: pytest.FixtureRequest) -> Iterator[RawServer]:
    running = RawServer(SCRIPTS[request.param])
    yield running
    running.close()


def _client(server: RawServer, mode: str) -> Spotify[Any]:
    if mode == "async":
        inner: Any = AsyncPersistentSender(deadline=DEADLINE, timeout=2.0)
        return Spotify("token", AsyncRetryingSender(retries=2, sender=inner, sleep=_no_sleep),
                       api_url=server.api_url)  # fmt: skip
    sender = RetryingSender(
        retries=2, sender=PersistentSender(deadline=DEADLINE, timeout=2.0), sleep=lambda _: None
    )
    return Spotify("token", sender, api_url=server.api_url)


async def _no_sleep(_seconds: float) -> None:
    return None


def _call(spotify: Spotify[Any], mode: str, call: Callable[[Spotify[Any]], Any]) -> SpotipyError:

    async def awaited() -> None:
        await call(spotify)

    def either() -> None:
        if mode == "async":
            asyncio.run(awaited())
        else:
            call(spotify)

    with pytest.raises(SpotipyError) as info:
        either()
    assert isinstance(info.value, TransportError), repr(info.value)
    assert "token" not in str(info.value).split("/v1")[0].lower() or "Bearer" not in str(info.value)
    TRIED["cases"] += 1
    return info.value


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_read_ends_with_a_transport_error(server: RawServer, mode: str) -> None:
    error = _call(_client(server, mode), mode, lambda s: s.artist(ARTIST))
    # Three attempts at most (retries=2), each held to its deadline: a peer that drips or
    # says nothing is cut off by the deadline (1 s), before any read timeout (2 s) and
    # long before its answer would be through (6 to 24 s).
    if server.script in (header_drip, body_drip, silent):
        assert "deadline" in str(error)
    assert 1 <= len(server.requests) <= 3
    assert all(line.startswith(b"GET /v1/artists/") for line in server.requests)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_write_is_never_sent_twice(server: RawServer, mode: str) -> None:
    _call(_client(server, mode), mode, lambda s: s.playlist_add(PLAYLIST, [TRACK_URI]))
    # Whether or not the peer processed it, an unanswered write is not replayed.
    assert [line.split(b"?")[0] for line in server.requests] == [
        f"POST /v1/playlists/{PLAYLIST}/items HTTP/1.1".encode()
    ]


def test_zz_report_cases_tried(capsys: pytest.CaptureFixture[str]) -> None:
    # Runs after the cases above (pytest keeps file order): the figure for the log.
    with capsys.disabled():
        print(
            f"\nsocket fault suite: {TRIED['cases']} calls over {len(SCRIPTS)} broken-peer"
            " scripts (read and write, sync and async), each a TransportError in time"
        )
    assert TRIED["cases"] in (0, 4 * len(SCRIPTS))
