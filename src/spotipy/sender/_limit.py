"""A client-side rate limit: requests per rolling window, shared by senders.

Spotify counts an app's requests over a rolling 30-second window.  A :class:`RateLimit`
keeps the send times of the last ``requests`` requests; a request whose slot would fall
inside the window waits until the oldest of them is ``per`` seconds old.  Slots are
reserved under a lock and the wait happens outside it, so threads and asyncio tasks (of
any number of senders given the same limit) share one budget fairly, first come first
served, and no wait blocks the bookkeeping.

The senders take any :class:`Limiter`: ``spotipy.redis.RedisRateLimit`` keeps the same
budget for every worker process of an app.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

from spotipy._http import Request, Response
from spotipy.sender._base import AsyncSender, AsyncWrappingSender, Sender, WrappingSender

__all__ = ["AsyncRateLimitedSender", "Limiter", "RateLimit", "RateLimitedSender"]


async def _sleep(seconds: float) -> None:
    import asyncio  # here, not at the top: a sync program never loads asyncio

    await asyncio.sleep(seconds)


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


def _check_limiter(limit: object) -> None:
    if not isinstance(limit, Limiter):
        raise TypeError(
            f"limit must have reserve() and reserve_async(), not {type(limit).__name__}"
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


class RateLimitedSender(WrappingSender):
    """Send through another sender, keeping to a :class:`RateLimit`.

    Give several senders the same limit to share one budget.

    Parameters
    ----------
    limit
        The limit to keep to: a :class:`RateLimit` or any :class:`Limiter`.
    sender
        The sender to wrap.
    sleep
        Waits the given seconds (injectable for tests).
    """

    def __init__(
        self, limit: Limiter, sender: Sender, *, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        _check_limiter(limit)
        super().__init__(sender)
        self.limit = limit
        self._sleep = sleep

    def send(self, request: Request) -> Response:
        """Wait for a slot of the limit, then send ``request``."""
        wait = self.limit.reserve()
        if wait > 0:
            self._sleep(wait)
        return self.sender.send(request)


class AsyncRateLimitedSender(AsyncWrappingSender):
    """The async counterpart of :class:`RateLimitedSender` (it may share the same limit).

    Parameters
    ----------
    limit
        The limit to keep to: a :class:`RateLimit` or any :class:`Limiter`.
    sender
        The async sender to wrap.
    sleep
        Awaitable wait of the given seconds (injectable for tests).
    """

    def __init__(
        self,
        limit: Limiter,
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
        wait = await self.limit.reserve_async()
        if wait > 0:
            await self._sleep(wait)
        return await self.sender.send(request)
