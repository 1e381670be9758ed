"""Socket reads and writes held to the attempt's deadline, for the sync clients spotipy makes.

httpx's timeouts bound each read, not a whole answer: a peer that drips its headers one
byte at a time keeps a sync call alive for ever.  The async path wraps the attempt in
``asyncio.timeout``; a sync thread cannot be interrupted so, so the clients spotipy creates
get a network backend whose streams give each read and write only the time left before
the deadline that :func:`bounded_by` sets for the current attempt.  Past it, the next read
raises httpcore's ``ReadTimeout``, which the sender reports as the deadline.  A client the
user brings keeps its own backend: its body is still checked as it streams.

httpcore is imported when the first client is made (:func:`hold_to_deadlines`), as httpx
itself does, not when spotipy is imported.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterable

_END: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "spotipy_deadline", default=None
)


class bounded_by:
    """Hold socket operations of this thread's streams to the monotonic time ``end``.

    A class rather than a generator-based context manager: it is entered on every call.
    """

    __slots__ = ("_end", "_token")

    def __init__(self, end: float) -> None:
        self._end = end

    def __enter__(self) -> None:
        self._token = _END.set(self._end)

    def __exit__(self, *exc: object) -> None:
        _END.reset(self._token)


def left(timeout: float | None, late: type[Exception]) -> float | None:
    """Return the smaller of ``timeout`` and the time left; raise ``late`` once it is spent."""
    end = _END.get()
    if end is None:
        return timeout
    remaining = end - time.monotonic()
    if remaining <= 0:
        raise late("the deadline of the attempt has passed")
    return remaining if timeout is None else min(timeout, remaining)


def hold_to_deadlines(transports: Iterable[object]) -> None:
    """Give the connection pools of httpx's own transports the deadline-aware backend.

    Transports of another kind (a mock, a user's own) are left as they are.
    """
    import httpcore

    from spotipy._deadline_backend import Backend

    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, Backend):
            pool._network_backend = Backend(backend)  # type: ignore[union-attr]
