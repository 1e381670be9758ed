"""Socket reads and writes held to the attempt's deadline, for the sync clients spotipy makes.

httpx's timeouts bound each read, not a whole answer: a peer that drips its headers one
byte at a time keeps a sync call alive for ever.  The async path wraps the attempt in
``asyncio.timeout``; a sync thread cannot be interrupted so, so the clients spotipy creates
get a network backend whose streams give each read and write only the time left before
the deadline that :func:`bounded_by` sets for the current attempt.  Past it, the next read
raises httpcore's ``ReadTimeout``, which the sender reports as the deadline.  A client the
user brings keeps its own backend: its body is still checked as it streams.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore

_END: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "spotipy_deadline", default=None
)


@contextlib.contextmanager
def bounded_by(end: float) -> Iterator[None]:
    """Hold socket operations of this thread's streams to the monotonic time ``end``."""
    token = _END.set(end)
    try:
        yield
    finally:
        _END.reset(token)


def _left(timeout: float | None, late: type[Exception]) -> float | None:
    end = _END.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise late("the deadline of the attempt has passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _left(timeout, httpcore.ConnectTimeout)
        return _Stream(
            self._backend.connect_tcp(host, port, bounded, local_address, socket_options)
        )

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def hold_to_deadlines(transports: Iterable[object]) -> None:
    """Give the connection pools of httpx's own transports the deadline-aware backend.

    Transports of another kind (a mock, a user's own) are left as they are.
    """
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, _Backend):
            pool._network_backend = _Backend(backend)  # type: ignore[union-attr]
