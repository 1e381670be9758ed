"""A 429's pause shared by every worker of an app."""

from __future__ import annotations

import logging
import math
import time
from typing import Final

from spotipy.redis._connection import RedisConnection, RedisUnavailable
from spotipy.sender._retry import check_pause

__all__ = ["RedisCooldown"]

logger = logging.getLogger("spotipy")

# The pause is the key's own expiry, so no clock of any worker is involved: the key
# lives exactly as long as every worker must wait.  A shorter pause never shortens a
# longer one.
_PAUSE: Final = """
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
end
return 1
"""

#: Seconds between two warnings that Redis failed (the cooldown then fails open).
_WARN_EVERY: Final = 30.0


class RedisCooldown:
    """A :class:`~spotipy.sender.Cooldown` that every worker of an app shares.

    Give it to ``RetryingSender(cooldown=...)`` (or ``AsyncRetryingSender``): a 429 any
    worker receives pauses every worker's requests for its ``Retry-After``.

    Parameters
    ----------
    connection
        The app's Redis.
    name
        Several cooldowns of one app keep apart by name.
    account
        A developer account's name, shared by the workers of every client ID it holds:
        the cooldown's key is then the account's (``spotipy:account:<account>:<name>``),
        not the app's namespace.  Since July 2026 development-mode quota is counted per
        developer account, so a 429 ``QUOTA_EXCEEDED`` met by one app pauses them all.

    Notes
    -----
    When Redis fails mid-run the cooldown fails open: :meth:`remaining` answers 0 and
    :meth:`pause` does nothing (a warning is logged, at most every 30 s), so the workers
    go on with their own retries, and Spotify's 429s still pause each of them.
    """

    def __init__(
        self, connection: RedisConnection, *, name: str = "cooldown", account: str | None = None
    ) -> None:
        self.connection = connection
        if account is None:
            self.key: str = connection.key(name)
        else:
            if not isinstance(account, str) or not account or any(c.isspace() for c in account):
                raise ValueError(
                    f"account must be a non-empty string without spaces, not {account!r}"
                )
            self.key = ":".join(("spotipy", "account", account, name))
        self._pause = connection.client.register_script(_PAUSE)
        self._warned = -math.inf

    def __repr__(self) -> str:
        return f"<RedisCooldown {self.key!r} at {self.connection.location}>"

    def _fail_open(self, error: RedisUnavailable) -> None:
        now = time.monotonic()
        if now - self._warned >= _WARN_EVERY:
            self._warned = now
            logger.warning("Shared cooldown not consulted (going on without it): %s", error)

    @staticmethod
    def _seconds(ms: object) -> float:
        return max(0, int(ms)) / 1000 if isinstance(ms, (int, str)) else 0.0

    def remaining(self) -> float:
        """Return the seconds every worker must still wait (0 when none)."""
        try:
            ms = self.connection.run(
                "reading the cooldown", lambda: self.connection.client.pttl(self.key)
            )
        except RedisUnavailable as error:
            self._fail_open(error)
            return 0.0
        return self._seconds(ms)

    def pause(self, seconds: float) -> None:
        """Make every worker wait ``seconds`` from now (a shorter pause never shortens)."""
        ms = math.ceil(check_pause(seconds) * 1000)
        if ms <= 0:
            return
        try:
            self.connection.run("publishing a cooldown", lambda: self._pause([self.key], [ms]))
        except RedisUnavailable as error:
            self._fail_open(error)

    async def remaining_async(self) -> float:
        """Async counterpart of :meth:`remaining`."""
        client = self.connection.async_client
        try:
            ms = await self.connection.run_async(
                "reading the cooldown", lambda: client.pttl(self.key)
            )
        except RedisUnavailable as error:
            self._fail_open(error)
            return 0.0
        return self._seconds(ms)

    async def pause_async(self, seconds: float) -> None:
        """Async counterpart of :meth:`pause`."""
        ms = math.ceil(check_pause(seconds) * 1000)
        if ms <= 0:
            return
        client = self.connection.async_client
        script = client.register_script(_PAUSE)
        try:
            await self.connection.run_async(
                "publishing a cooldown", lambda: script(keys=[self.key], args=[ms])
            )
        except RedisUnavailable as error:
            self._fail_open(error)
