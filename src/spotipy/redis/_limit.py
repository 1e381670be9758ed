"""Requests per rolling window for every worker of an app, kept in Redis.

The server counts a request when it arrives, and a request arrives some time after the
worker was told to send it: how long depends on the worker's scheduling and the network,
and differs from request to request.  A limit that hands out send times (``per`` seconds
after the slot ``requests`` slots before) therefore lets more than ``requests`` requests
into some window at the server whenever an early request travels longer than a later one.

So the shared limit counts what it knows for sure.  A request is *admitted* now or not at
all; it is counted *in flight* from its admission until its answer is back, and then as
*answered* at the moment the answer came, for ``per`` seconds more.  The server saw it
between those two moments, so a request admitted while fewer than ``requests`` are in
flight or answered in the last ``per`` seconds can never share a window of ``per``
seconds at the server with ``requests`` others, however late or out of order any of them
arrive.  The price is the round trip: a request holds its share of the budget for
``per`` seconds plus its own latency.

Both sets live in Redis as sorted sets; one Lua script admits (or says how long to wait
before asking again), another records an answer.  They read Redis's own clock, so
workers on machines whose clocks differ still share one window.  A worker that dies with
a request in flight never says it was answered: after ``lease`` seconds that request
counts as answered then.
"""

from __future__ import annotations

import logging
import math
import secrets
import time
from collections.abc import Callable
from typing import Final

from spotipy.redis._connection import RedisConnection, RedisUnavailable, positive_seconds

__all__ = ["RedisRateLimit"]

logger = logging.getLogger("spotipy")

# KEYS: answered, in flight.  ARGV: requests, per, lease, ticket, now ('' for Redis's
# clock).  Answers '' when admitted (the ticket is in flight), else the seconds to wait
# before asking again.
_ENTER: Final = """
local n = tonumber(ARGV[1])
local per = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local now = tonumber(ARGV[5])
if now == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local lost = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'WITHSCORES')
for i = 1, #lost, 2 do
  redis.call('ZADD', KEYS[1], lost[i + 1], lost[i])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. string.format('%.6f', now - per))
local answered = redis.call('ZCARD', KEYS[1])
local flying = redis.call('ZCARD', KEYS[2])
if answered + flying < n then
  redis.call('ZADD', KEYS[2], now + lease, ARGV[4])
  local ms = math.ceil((lease + per) * 1000)
  redis.call('PEXPIRE', KEYS[1], ms)
  redis.call('PEXPIRE', KEYS[2], ms)
  return ''
end
if flying >= n then
  return string.format('%.6f', per)
end
local rank = answered + flying - n
local oldest = redis.call('ZRANGE', KEYS[1], rank, rank, 'WITHSCORES')
return string.format('%.6f', math.max(tonumber(oldest[2]) + per - now, 0) + 0.000001)
"""

# KEYS: answered, in flight.  ARGV: ticket, per, lease, now ('' for Redis's clock).
_LEAVE: Final = """
local now = tonumber(ARGV[4])
if now == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], math.ceil((tonumber(ARGV[3]) + tonumber(ARGV[2])) * 1000))
return 1
"""

#: Seconds between two warnings that Redis failed (the limit then fails open).
_WARN_EVERY: Final = 30.0
#: Seconds a request may stay in flight before it counts as answered, by default: more
#: than a request may take (its sender's deadline, 30 s by default).
DEFAULT_LEASE: Final = 60.0


class RedisRateLimit:
    """At most ``requests`` requests in any ``per`` seconds, for every worker of an app.

    A :class:`~spotipy.sender.Gate`: give it to ``RateLimitedSender`` or
    ``AsyncRateLimitedSender`` in every worker.  It counts each request from the moment
    it is admitted until ``per`` seconds after its answer came, so the server never sees
    more than ``requests`` in a window, however late or out of order requests arrive:
    no margin is needed.

    Parameters
    ----------
    connection
        The app's Redis.
    requests
        Requests allowed in one window, all workers together.
    per
        The window in seconds (Spotify's is 30).
    name
        Several limits of one app keep apart by name.
    lease
        Seconds a request may stay in flight before it counts as answered (a worker that
        died never says): keep it above the sender's deadline.
    clock
        Seconds, for tests; by default the limit reads Redis's own clock.

    Raises
    ------
    ValueError
        For a non-positive or non-finite limit.

    Notes
    -----
    When Redis fails mid-run the limit fails open (no wait; a warning is logged at most
    every 30 s): Spotify's own 429s, and a shared cooldown, still hold the workers back.
    """

    def __init__(
        self,
        connection: RedisConnection,
        requests: int,
        per: float = 30.0,
        *,
        name: str = "rate-limit",
        lease: float = DEFAULT_LEASE,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if isinstance(requests, bool) or not isinstance(requests, int) or requests < 1:
            raise ValueError(f"requests must be an int >= 1, got {requests!r}")
        if not (isinstance(per, (int, float)) and math.isfinite(per) and per > 0):
            raise ValueError(f"per must be a positive number of seconds, got {per!r}")
        self.connection = connection
        self.requests = requests
        self.per: float = float(per)
        self.lease: float = positive_seconds("lease", lease)
        self.key: str = connection.key(name)
        self._keys = [connection.key(name, "answered"), connection.key(name, "in-flight")]
        self._clock = clock
        self._warned = -math.inf

    def __repr__(self) -> str:
        return f"RedisRateLimit({self.requests} per {self.per:g} s, {self.key!r})"

    def _now(self) -> str:
        return "" if self._clock is None else repr(float(self._clock()))

    def _enter_args(self, ticket: str) -> list[int | str]:
        return [self.requests, repr(self.per), repr(self.lease), ticket, self._now()]

    def _leave_args(self, ticket: str) -> list[str]:
        return [ticket, repr(self.per), repr(self.lease), self._now()]

    def _fail_open(self, error: RedisUnavailable) -> tuple[float, str]:
        now = time.monotonic()
        if now - self._warned >= _WARN_EVERY:
            self._warned = now
            logger.warning("Shared rate limit not kept (going on without it): %s", error)
        return 0.0, ""

    @staticmethod
    def _answer(ticket: str, wait: object) -> tuple[float, str | None]:
        if wait in ("", b"", None):
            return 0.0, ticket
        return max(float(wait), 1e-6), None  # type: ignore[arg-type]

    def enter(self) -> tuple[float, str | None]:
        """Ask to send now: ``(0, ticket)`` when admitted, else ``(seconds, None)``.

        After ``seconds``, ask again.  Give the ticket to :meth:`leave` once the answer
        is back (or the request failed).
        """
        ticket = secrets.token_hex(8)
        script = self.connection.client.register_script(_ENTER)
        args = self._enter_args(ticket)
        try:
            wait = self.connection.run(
                "admitting a request to the shared rate limit",
                lambda: script(keys=self._keys, args=args),
            )
        except RedisUnavailable as error:
            return self._fail_open(error)
        return self._answer(ticket, wait)

    async def enter_async(self) -> tuple[float, str | None]:
        """Async counterpart of :meth:`enter`."""
        ticket = secrets.token_hex(8)
        script = self.connection.async_client.register_script(_ENTER)
        args = self._enter_args(ticket)
        try:
            wait = await self.connection.run_async(
                "admitting a request to the shared rate limit",
                lambda: script(keys=self._keys, args=args),
            )
        except RedisUnavailable as error:
            return self._fail_open(error)
        return self._answer(ticket, wait)

    def leave(self, ticket: str) -> None:
        """Count the request of ``ticket`` as answered now."""
        if not ticket:
            return  # admitted while Redis failed: nothing to count
        script = self.connection.client.register_script(_LEAVE)
        args = self._leave_args(ticket)
        try:
            self.connection.run(
                "recording an answer in the shared rate limit",
                lambda: script(keys=self._keys, args=args),
            )
        except RedisUnavailable as error:  # it counts as answered after the lease
            self._fail_open(error)

    async def leave_async(self, ticket: str) -> None:
        """Async counterpart of :meth:`leave`."""
        if not ticket:
            return
        script = self.connection.async_client.register_script(_LEAVE)
        args = self._leave_args(ticket)
        try:
            await self.connection.run_async(
                "recording an answer in the shared rate limit",
                lambda: script(keys=self._keys, args=args),
            )
        except RedisUnavailable as error:
            self._fail_open(error)
