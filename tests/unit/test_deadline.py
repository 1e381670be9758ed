"""No call can be held open by a slow peer: a deadline per attempt, a budget for retries.

A raw loopback server sends its headers at once and then the body one byte at a time,
each byte well within httpx's per-read timeout: only a deadline on the whole attempt
ends such a call.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import pytest

from spotipy._http import Request
from spotipy.errors import TransportError
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncTransientSender,
    PersistentSender,
    RetryingSender,
    TransientSender,
)

BODY = b'{"id": "' + b"x" * 60 + b'"}'


class DrippingServer:
    """Answers every connection with headers at once, then one body byte every ``gap`` s."""

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.stopped = threading.Event()
        #: Body bytes sent on each connection that has ended (the client hung up, or all).
        self.dripped: list[int] = []
        self.ended = threading.Semaphore(0)
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/slow"

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        sent = 0
        with conn:
            conn.settimeout(5)
            try:
                conn.recv(65536)
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(BODY)}\r\n\r\n".encode()
                )
                for byte in BODY:  # bounded: the body has 70 bytes
                    if self.stopped.wait(self.gap):
                        return
                    conn.sendall(bytes([byte]))
                    sent += 1
            except OSError:
                return
            finally:
                self.dripped.append(sent)
                self.ended.release()

    def given_up(self, connections: int) -> list[int]:
        """The body bytes each of ``connections`` ended connections got (waits for them)."""
        for _ in range(connections):  # bounded: a drip ends within two bytes of a hang-up
            assert self.ended.acquire(timeout=10), "a dripping connection never ended"
        return self.dripped

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(5)
        self.sock.close()


@pytest.fixture
def dripping() -> Iterator[DrippingServer]:
    server = DrippingServer(gap=0.2)
    yield server
    server.close()


def test_a_dripping_body_ends_at_the_deadline_sync(dripping: DrippingServer) -> None:
    for sender in (TransientSender(deadline=1.0), PersistentSender(deadline=1.0)):
        with pytest.raises(TransportError, match="deadline of 1 s") as info:
            sender.send(Request("GET", dripping.url))
        assert info.value.sent
        sender.close()
    # Each call hung up long before the body's 70 bytes (14 s) were through.
    assert all(got < len(BODY) for got in dripping.given_up(2))


def test_a_dripping_body_ends_at_the_deadline_async(dripping: DrippingServer) -> None:
    async def main() -> None:
        sender = AsyncTransientSender(deadline=1.0)
        with pytest.raises(TransportError, match="deadline of 1 s"):
            await sender.send(Request("GET", dripping.url))
        pooled = AsyncPersistentSender(deadline=1.0)
        with pytest.raises(TransportError, match="deadline"):
            await pooled.send(Request("GET", dripping.url))
        await pooled.close()

    asyncio.run(main())
    assert all(got < len(BODY) for got in dripping.given_up(2))


def test_a_quick_answer_is_read_whole(dripping: DrippingServer) -> None:
    fast = DrippingServer(gap=0.0)
    try:
        response = TransientSender(deadline=5.0).send(Request("GET", fast.url))
        assert response.content == BODY
    finally:
        fast.close()


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), "10"])
def test_a_senseless_deadline_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="deadline"):
        TransientSender(deadline=bad)


def test_retries_share_a_total_budget(dripping: DrippingServer) -> None:
    # Every attempt ends at its deadline of 1 s; the budget of 2.5 s allows two more
    # attempts at most, whatever ``retries`` says.
    clock_sleeps: list[float] = []
    sender = RetryingSender(
        retries=50, sender=TransientSender(deadline=1.0), budget=2.5, sleep=clock_sleeps.append
    )
    with pytest.raises(TransportError) as info:
        sender.send(Request("GET", dripping.url))
    assert 1 <= dripping.connections <= 3  # the first attempt and two more at most
    assert len(clock_sleeps) <= 2
    assert any("budget" in note for note in getattr(info.value, "__notes__", []))
