"""The app's rate limit shared through Redis, through the rate-limited senders."""

from __future__ import annotations

import asyncio
import logging

import pytest

from spotipy import Spotify
from spotipy.emulator import Emulator
from spotipy.redis import RedisConnection, RedisRateLimit
from spotipy.sender import AsyncRateLimitedSender, Limiter, RateLimit, RateLimitedSender
from tests.conftest import Runner, make_sender
from tests.redis.conftest import RedisServer


def limit(url: str, namespace: str, requests: int = 3, per: float = 2.0) -> RedisRateLimit:
    return RedisRateLimit(RedisConnection(url, namespace=namespace), requests, per)


def test_workers_share_one_window(redis_url: str, namespace: str) -> None:
    one, other = limit(redis_url, namespace), limit(redis_url, namespace)
    assert isinstance(one, Limiter)
    waits = [one.reserve(), other.reserve(), one.reserve(), other.reserve(), one.reserve()]
    assert waits[:3] == [0.0, 0.0, 0.0]
    # The 4th and 5th slots fall one window after the 1st and 2nd.
    assert 1.9 < waits[3] <= 2.0
    assert 1.9 < waits[4] <= 2.0
    separate = RedisRateLimit(one.connection, 3, 2.0, name="other")
    assert separate.reserve() == 0.0
    assert "3 per 2 s" in repr(one)


def test_rate_limited_senders_wait_for_the_shared_slot(
    mode: str, run: Runner, emulator: Emulator, redis_url: str, namespace: str
) -> None:
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)

    async def sleep_async(seconds: float) -> None:
        waits.append(seconds)

    shared = limit(redis_url, namespace, requests=2, per=5.0)
    underlying = make_sender(emulator, mode)
    if run.is_async:
        sender = AsyncRateLimitedSender(shared, underlying, sleep=sleep_async)
    else:
        sender = RateLimitedSender(shared, underlying, sleep=sleep)
    spotify = Spotify(emulator.app_token(), sender)
    artist = emulator.catalogue.artist_ids[0]
    for _ in range(3):
        assert run(spotify.artist(artist)).id == artist
    assert len(waits) == 1
    assert 4.5 < waits[0] <= 5.0
    assert sum(r.path.startswith("/v1/") for r in emulator.requests) == 3
    if run.is_async:
        run(shared.connection.aclose())


def test_bad_limits_are_refused(redis_url: str, namespace: str, emulator: Emulator) -> None:
    connection = RedisConnection(redis_url, namespace=namespace)
    with pytest.raises(ValueError, match="requests"):
        RedisRateLimit(connection, 0)
    with pytest.raises(ValueError, match="per"):
        RedisRateLimit(connection, 1, per=float("nan"))
    with pytest.raises(TypeError, match="reserve"):
        RateLimitedSender(object(), make_sender(emulator, "sync"))  # type: ignore[arg-type]
    assert asyncio.run(RateLimit(1).reserve_async()) == 0.0


def test_the_shared_limit_fails_open_when_redis_is_gone(
    own_redis: RedisServer, namespace: str, caplog: pytest.LogCaptureFixture
) -> None:
    shared = limit(own_redis.url, namespace, requests=1)
    assert shared.reserve() == 0.0
    own_redis.stop()
    with caplog.at_level(logging.WARNING, "spotipy"):
        assert shared.reserve() == 0.0

        async def main() -> float:
            wait = await shared.reserve_async()
            await shared.connection.aclose()
            return wait

        assert asyncio.run(main()) == 0.0
    assert "going on without it" in caplog.text
