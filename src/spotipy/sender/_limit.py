"""A client-side rate limit: requests per rolling window, shared by senders.

Spotify counts an app's requests over a rolling 30-second window.  A :class:`RateLimit`
keeps the send times of the last ``requests`` requests; a request whose slot would fall
inside the window waits until the oldest of them is ``per`` seconds old.  Slots are
reserved under a lock and the wait happens outside it, so threads and asyncio tasks (of
any number of senders given the same limit) share one budget fairly, first come first
served, and no wait blocks the bookkeeping.

The senders take any :class:`Limiter`, or a :class:`Gate`, which admits a request only
when it may go now and hears when its answer is back: ``spotipy.redis.RedisRateLimit``
keeps the same budget for every worker process of an app that way.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Final, Protocol, runtime_checkable

from spotipy._http import Request, Response
from spotipy.sender._base import AsyncSender, AsyncWrappingSender, Sender, WrappingSender
from spotipy.sender._steps import Call, Sleep, Steps, run_async, run_sync
from spotipy.sender._steps import async_sleep as _sleep

__all__ = ["AsyncRateLimitedSender", "Gate", "Limiter", "RateLimit", "RateLimitedSender"]


@runtime_checkable
class Limiter(Protocol):
    """Hands out send slots: what :class:`RateLimitedSender` keeps to.

    :class:`RateLimit` is one process's; ``spotipy.redis.RedisRateLimit`` is shared by
    every worker of an app.
    """

    def reserve(self) -> float:
        """Take the next slot; return the seconds to wait before sending in it."""
        ...

    async def reserve_async(self) -> float:
        """Async counterpart of :meth:`reserve`."""
        ...


@runtime_checkable
class Gate(Protocol):
    """Admits a request only when it may be sent now, and hears when its answer is back.

    :class:`RateLimitedSender` asks :meth:`enter` until it is admitted, sleeping the
    seconds it is told between two asks, sends, and then calls :meth:`leave` with the
    ticket (also when the request failed).  ``spotipy.redis.RedisRateLimit`` is one.
    """

    def enter(self) -> tuple[float, str | None]:
        """``(0, ticket)`` when the request may go now, else ``(seconds to wait, None)``."""
        ...

    async def enter_async(self) -> tuple[float, str | None]:
        """Async counterpart of :meth:`enter`."""
        ...

    def leave(self, ticket: str) -> None:
        """The request admitted with ``ticket`` has its answer (or failed)."""
        ...

    async def leave_async(self, ticket: str) -> None:
        """Async counterpart of :meth:`leave`."""
        ...


#: Asks of a gate before a request goes anyway (a gate that never admits is broken).
_MAX_ASKS: Final = 100_000


def _check_limiter(limit: object) -> None:
    if not isinstance(limit, (Limiter, Gate)):
        raise TypeError(
            "limit must have reserve() and reserve_async(), or enter() and leave(), not"
            f" {type(limit).__name__}"
        )


class RateLimit:
    """At most ``requests`` requests in any ``per`` seconds.

    Parameters
    ----------
    requests
        Requests allowed in one window.
    per
        The window, in seconds (Spotify's is 30).
    clock
        Monotonic seconds (injectable for tests).

    Raises
    ------
    ValueError
        For a non-positive or non-finite limit.
    """

    def __init__(
        self, requests: int, per: float = 30.0, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if isinstance(requests, bool) or not isinstance(requests, int) or requests < 1:
            raise ValueError(f"requests must be an int >= 1, got {requests!r}")
        if not (isinstance(per, (int, float)) and math.isfinite(per) and per > 0):
            raise ValueError(f"per must be a positive number of seconds, got {per!r}")
        self.requests = requests
        self.per: float = float(per)
        self._clock = clock
        self._lock = threading.Lock()
        self._slots: deque[float] = deque()

    def __repr__(self) -> str:
        return f"RateLimit({self.requests} per {self.per:g} s)"

    def reserve(self) -> float:
        """Take the next slot; return the seconds to wait before sending in it."""
        with self._lock:
            now = self._clock()
            slots = self._slots
            at = now if len(slots) < self.requests else max(now, slots[0] + self.per)
            slots.append(at)
            while len(slots) > self.requests:
                slots.popleft()
            return at - now

    async def reserve_async(self) -> float:
        """Async counterpart of :meth:`reserve` (the bookkeeping never blocks)."""
        return self.reserve()


def _admitted(limit: Limiter | Gate, request: Request) -> Steps[Response]:
    """Send ``request`` in a slot of ``limit``: a gate is asked until it admits the request
    and hears when its answer is back (also when it failed); a limiter hands out a slot."""
    if isinstance(limit, Gate):
        ticket = ""
        for _ in range(_MAX_ASKS):
            wait, admitted = yield Call(limit, "enter")
            if admitted is not None:
                ticket = admitted
                break
            yield Sleep(wait)
        try:
            response: Response = yield request
        finally:
            yield Call(limit, "leave", (ticket,))
        return response
    wait = yield Call(limit, "reserve")
    if wait > 0:
        yield Sleep(wait)
    sent: Response = yield request
    return sent


class RateLimitedSender(WrappingSender):
    """Send through another sender, keeping to a :class:`RateLimit`.

    Give several senders the same limit to share one budget.

    Parameters
    ----------
    limit
        The limit to keep to: a :class:`RateLimit`, any :class:`Limiter`, or a
        :class:`Gate` (``spotipy.redis.RedisRateLimit``).
    sender
        The sender to wrap.
    sleep
        Waits the given seconds (injectable for tests).
    """

    def __init__(
        self, limit: Limiter | Gate, sender: Sender, *, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        _check_limiter(limit)
        super().__init__(sender)
        self.limit = limit
        self._sleep = sleep

    def send(self, request: Request) -> Response:
        """Wait for a slot of the limit, then send ``request``."""
        return run_sync(_admitted(self.limit, request), self.sender.send, self._sleep)


class AsyncRateLimitedSender(AsyncWrappingSender):
    """The async counterpart of :class:`RateLimitedSender` (it may share the same limit).

    Parameters
    ----------
    limit
        The limit to keep to: a :class:`RateLimit`, any :class:`Limiter`, or a
        :class:`Gate` (``spotipy.redis.RedisRateLimit``).
    sender
        The async sender to wrap.
    sleep
        Awaitable wait of the given seconds (injectable for tests).
    """

    def __init__(
        self,
        limit: Limiter | Gate,
        sender: AsyncSender,
        *,
        sleep: Callable[[float], Awaitable[None]] = _sleep,
    ) -> None:
        _check_limiter(limit)
        super().__init__(sender)
        self.limit = limit
        self._sleep = sleep

    async def send(self, request: Request) -> Response:
        """Wait for a slot of the limit without blocking the loop, then send ``request``."""
        return await run_async(_admitted(self.limit, request), self.sender.send, self._sleep)
