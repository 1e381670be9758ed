"""The client-side rate limit: requests per rolling window, shared by senders."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest

from spotipy import Spotify
from spotipy.emulator import Emulator
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncRateLimitedSender,
    PersistentSender,
    RateLimit,
    RateLimitedSender,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_slots_fall_outside_the_rolling_window() -> None:
    clock = Clock()
    limit = RateLimit(2, per=30, clock=clock)
    assert [limit.reserve() for _ in range(5)] == [0, 0, 30, 30, 60]
    clock.now += 100  # the window has rolled past every slot
    assert limit.reserve() == 0


def test_senders_share_one_limit_sync_and_async() -> None:
    emulator = Emulator(seed=0)
    clock = Clock()
    limit = RateLimit(3, per=30, clock=clock)
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.now += seconds

    async def async_sleep(seconds: float) -> None:
        sleep(seconds)

    transport = emulator.transport()
    one = Spotify(
        emulator.app_token(),
        RateLimitedSender(
            limit, PersistentSender(client=httpx.Client(transport=transport)), sleep=sleep
        ),
    )
    other: Any = Spotify(
        emulator.app_token(),
        AsyncRateLimitedSender(
            limit,
            AsyncPersistentSender(client=httpx.AsyncClient(transport=transport)),
            sleep=async_sleep,
        ),
    )
    artist = emulator.catalogue.artist_ids[0]
    for _ in range(3):
        one.artist(artist)
    assert waits == []

    async def main() -> None:
        await other.artist(artist)  # the fourth request of the shared budget waits

    asyncio.run(main())
    assert waits == [30]
    assert sum(1 for r in emulator.requests if r.path.startswith("/v1/")) == 4


def test_threads_get_distinct_slots() -> None:
    clock = Clock()
    limit = RateLimit(5, per=10, clock=clock)
    waits: list[float] = []
    lock = threading.Lock()

    def take() -> None:
        wait = limit.reserve()
        with lock:
            waits.append(wait)

    threads = [threading.Thread(target=take) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert sorted(waits) == [0] * 5 + [10] * 5 + [20] * 5 + [30] * 5


@pytest.mark.parametrize(("requests", "per"), [(0, 30), (2.5, 30), (5, 0), (5, float("nan"))])
def test_a_senseless_limit_is_refused(requests: Any, per: float) -> None:
    with pytest.raises(ValueError, match="must be"):
        RateLimit(requests, per)
