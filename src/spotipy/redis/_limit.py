"""Requests per rolling window for every worker of an app, kept in Redis.

The script keeps the send times of the app's last ``requests`` slots in one Redis list,
and answers how long the caller must wait, as :class:`spotipy.sender.RateLimit` does in
one process: a slot falls ``per`` seconds after the one ``requests`` slots before it.
It runs atomically in Redis and reads Redis's own clock, so workers on machines whose
clocks differ still share one window, first come first served.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Final

from spotipy.redis._connection import RedisConnection, RedisUnavailable

__all__ = ["RedisRateLimit"]

logger = logging.getLogger("spotipy")

_RESERVE: Final = """
local n = tonumber(ARGV[1])
local per = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local at = now
if redis.call('LLEN', KEYS[1]) >= n then
  at = math.max(now, tonumber(redis.call('LINDEX', KEYS[1], -n)) + per)
end
redis.call('RPUSH', KEYS[1], string.format('%.6f', at))
redis.call('LTRIM', KEYS[1], -n, -1)
redis.call('PEXPIRE', KEYS[1], math.ceil((at - now + per) * 1000))
return string.format('%.6f', at - now)
"""

#: Seconds between two warnings that Redis failed (the limit then fails open).
_WARN_EVERY: Final = 30.0


class RedisRateLimit:
    """At most ``requests`` requests in any ``per`` seconds, for every worker of an app.

    A :class:`~spotipy.sender.Limiter`: give it to ``RateLimitedSender`` or
    ``AsyncRateLimitedSender`` in every worker.

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
    ) -> None:
        if isinstance(requests, bool) or not isinstance(requests, int) or requests < 1:
            raise ValueError(f"requests must be an int >= 1, got {requests!r}")
        if not (isinstance(per, (int, float)) and math.isfinite(per) and per > 0):
            raise ValueError(f"per must be a positive number of seconds, got {per!r}")
        self.connection = connection
        self.requests = requests
        self.per: float = float(per)
        self.key: str = connection.key(name)
        self._script = connection.client.register_script(_RESERVE)
        self._warned = -math.inf

    def __repr__(self) -> str:
        return f"RedisRateLimit({self.requests} per {self.per:g} s, {self.key!r})"

    def _fail_open(self, error: RedisUnavailable) -> float:
        now = time.monotonic()
        if now - self._warned >= _WARN_EVERY:
            self._warned = now
            logger.warning("Shared rate limit not kept (going on without it): %s", error)
        return 0.0

    def reserve(self) -> float:
        """Take the app's next slot; return the seconds to wait before sending in it."""
        args: list[int | str] = [self.requests, repr(self.per)]
        try:
            wait = self.connection.run(
                "reserving a rate-limit slot", lambda: self._script([self.key], args)
            )
        except RedisUnavailable as error:
            return self._fail_open(error)
        return max(0.0, float(wait))

    async def reserve_async(self) -> float:
        """Async counterpart of :meth:`reserve`."""
        client = self.connection.async_client
        script = client.register_script(_RESERVE)
        args: list[int | str] = [self.requests, repr(self.per)]
        try:
            wait = await self.connection.run_async(
                "reserving a rate-limit slot", lambda: script(keys=[self.key], args=args)
            )
        except RedisUnavailable as error:
            return self._fail_open(error)
        return max(0.0, float(wait))
