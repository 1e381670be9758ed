"""One app's connection to Redis, in both modes, and the errors it raises."""

from __future__ import annotations

import asyncio
import math
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, Final, TypeVar
from urllib.parse import urlsplit

import redis
import redis.asyncio
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import ExponentialBackoff
from redis.client import NEVER_DECODE
from redis.exceptions import DataError, RedisError, ResponseError
from redis.retry import Retry

from spotipy.errors import SpotipyError

__all__ = ["DEFAULT_URL", "NEVER_DECODE", "RedisConnection", "RedisUnavailable", "WrongType"]

T = TypeVar("T")

#: Where a connection goes when given no URL.
DEFAULT_URL: Final = "redis://127.0.0.1:6379/0"
#: Seconds any Redis command (and connecting) may take, by default.
DEFAULT_TIMEOUT: Final = 5.0


class RedisUnavailable(SpotipyError):
    """Redis could not be reached, or failed a command.

    The message says what was being done and, where it matters, what was not saved.
    It never contains the Redis password or any token.
    """


class WrongType(SpotipyError):
    """A Redis key holds another type than the command expects: damaged data, not Redis failing.

    Raised by :meth:`RedisConnection.run`; its callers turn it into an error that names
    what was damaged.
    """


def safe_location(url: str) -> str:
    """``host:port/db`` of a Redis URL, without user name or password."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "?"
        port = parts.port
    except ValueError:
        return "(unreadable URL)"
    if parts.scheme == "unix":
        return f"unix:{parts.path}"
    return f"{parts.scheme}://{host}:{port or 6379}{parts.path or ''}"


def _check_namespace(namespace: object) -> str:
    if not isinstance(namespace, str) or not namespace or any(c.isspace() for c in namespace):
        raise ValueError(f"namespace must be a non-empty string without spaces, not {namespace!r}")
    return namespace


def positive_seconds(name: str, value: object) -> float:
    """Refuse a value that is not a positive, finite number of seconds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
    return float(value)


class RedisConnection:
    """The Redis of one app: a URL, a key namespace and a client per mode.

    Parameters
    ----------
    url
        A redis-py URL: ``redis://[[user]:password@]host:port/db``, ``rediss://`` for
        TLS, or ``unix:///path/to/socket``.
    namespace
        What every key starts with after ``spotipy:``: one per app (its client ID, say),
        so that apps sharing a Redis never share tokens or limits.
    timeout
        Seconds a command, or connecting, may take.
    check
        Ping at once: an unreachable Redis is then a :class:`RedisUnavailable` here,
        not at the first refresh.  Async code may pass ``False`` and await
        :meth:`check_async`.

    Raises
    ------
    RedisUnavailable
        When ``check`` is on and Redis does not answer.
    ValueError
        For an empty namespace, a bad timeout or a URL redis-py cannot read.

    Notes
    -----
    The sync client is shared by every thread.  The async client is made per event loop
    (a redis-py asyncio client belongs to the loop it first ran in); close it with
    :meth:`aclose` before the loop ends.
    """

    def __init__(
        self,
        url: str = DEFAULT_URL,
        *,
        namespace: str,
        timeout: float = DEFAULT_TIMEOUT,
        check: bool = True,
    ) -> None:
        self.namespace: str = _check_namespace(namespace)
        self.timeout: float = positive_seconds("timeout", timeout)
        self.location: str = safe_location(url)
        self._url = url
        self._options: dict[str, Any] = {
            "socket_timeout": self.timeout,
            "socket_connect_timeout": self.timeout,
            "decode_responses": True,
            # A lost connection is tried once more at once, then reported.
            "retry": Retry(ExponentialBackoff(cap=0.2, base=0.05), 1),
        }
        try:
            self.client: redis.Redis = redis.Redis.from_url(url, **self._options)
        except (ValueError, RedisError) as error:
            raise ValueError(f"not a Redis URL redis-py can use: {type(error).__name__}") from None
        self._async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, redis.asyncio.Redis]
        self._async = weakref.WeakKeyDictionary()
        if check:
            self.check()

    def __repr__(self) -> str:
        return f"<RedisConnection {self.location} namespace={self.namespace!r}>"

    def key(self, *parts: str) -> str:
        """The full Redis key of ``parts`` in this app's namespace."""
        return ":".join(("spotipy", self.namespace, *parts))

    @property
    def async_client(self) -> redis.asyncio.Redis:
        """The asyncio client of the running event loop (made on first use)."""
        loop = asyncio.get_running_loop()
        client = self._async.get(loop)
        if client is None:
            # The same options, with the asyncio flavour of the retry policy.
            options = self._options | {
                "retry": AsyncRetry(ExponentialBackoff(cap=0.2, base=0.05), 1)
            }
            client = self._async[loop] = redis.asyncio.Redis.from_url(self._url, **options)
        return client

    def run(self, doing: str, call: Callable[[], T]) -> T:
        """Run a sync Redis ``call``, turning its failure into :class:`RedisUnavailable`."""
        try:
            return call()
        except RedisError as error:
            raise self._failure(doing, error) from None

    async def run_async(self, doing: str, call: Callable[[], Awaitable[T]]) -> T:
        """Await an async Redis ``call``, turning its failure into :class:`RedisUnavailable`."""
        try:
            return await call()
        except RedisError as error:
            raise self._failure(doing, error) from None

    def _failure(self, doing: str, error: RedisError) -> Exception:
        # Not every RedisError is Redis failing: damaged data and bad values are told apart.
        if isinstance(error, ResponseError) and str(error).startswith("WRONGTYPE"):
            return WrongType(f"a key of the wrong Redis type met while {doing}")
        if isinstance(error, DataError):  # refused before sending: a value Redis cannot take
            return TypeError(f"a value Redis cannot take while {doing}: {error}")
        return self.unavailable(doing, error)

    def unavailable(self, doing: str, error: BaseException) -> RedisUnavailable:
        """The error for a Redis failure while ``doing`` something."""
        return RedisUnavailable(
            f"Redis at {self.location} failed while {doing}: {type(error).__name__}: {error}"
        )

    def check(self) -> None:
        """Ping Redis; raise :class:`RedisUnavailable` when it does not answer."""
        self.run("answering PING", self.client.ping)

    async def check_async(self) -> None:
        """Async counterpart of :meth:`check`."""
        client = self.async_client
        await self.run_async("answering PING", client.ping)

    def close(self) -> None:
        """Close the sync client's connections."""
        self.client.close()

    async def aclose(self) -> None:
        """Close the async client of the running loop (and the sync client's connections)."""
        client = self._async.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()
        self.close()
