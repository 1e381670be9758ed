"""Many workers, one app: tokens, 429 cooldown and rate limit shared through Redis.

An application that runs several processes (web workers, job queues) shares through
Redis what one process would keep in memory:

* :class:`RedisTokenStore` keeps each user's token (refresh token, access token and its
  expiry) under a key of the app's namespace; its :class:`SharedRefreshingToken`
  refreshes single-flight across processes (a lock per user key, with an expiry), and a
  refresh token Spotify refused is never sent again by any worker;
* :class:`RedisCooldown` makes a 429 seen by one worker pause every worker of the app
  (give it to ``RetryingSender(cooldown=...)``);
* :class:`RedisRateLimit` keeps every worker of the app to one budget of requests per
  rolling window (give it to ``RateLimitedSender``).

Everything here needs the ``redis`` extra (``pip install 'spotipy-client[redis]'``, redis-py
5 or later with its asyncio client).  See ``docs/workers.md``.
"""

from __future__ import annotations

try:
    import redis as _redis  # noqa: F401  (the extra's presence is checked here)
except ImportError as _missing:  # pragma: no cover - redis is in the test environment
    raise ImportError(
        "spotipy.redis needs the 'redis' extra (redis-py 5 or later):"
        " pip install 'spotipy-client[redis]'"
    ) from _missing

from spotipy.redis._connection import RedisConnection, RedisUnavailable
from spotipy.redis._cooldown import RedisCooldown
from spotipy.redis._limit import RedisRateLimit
from spotipy.redis._tokens import RedisTokenStore, SharedRefreshingToken, TokenStoreError

__all__ = [
    "RedisConnection",
    "RedisCooldown",
    "RedisRateLimit",
    "RedisTokenStore",
    "RedisUnavailable",
    "SharedRefreshingToken",
    "TokenStoreError",
]
