"""Bulk exports in a 429 storm: no error, every item in order, and fewer requests when adaptive.

The 10,000-entry playlist is exported with ``all_items(page, concurrency=8)`` through the
real sender stack, sync and async, on a fake clock that only waits move (no real time, so
no verdict depends on how fast the machine is):

* against the emulator's rolling-window rate limit: the emulator's clock and the paging's
  ``sleep`` are one clock, and every request moves it on by a tick;
* against an overloaded server that serves only three requests at a moment of the fake
  clock and refuses the others (429, ``Retry-After: 1``).  There a fixed concurrency keeps
  knocking eight at a time after each wait; the adaptive window asks for fewer.  The first
  three requests after each wait are served, whatever the order the client's threads or
  tasks send them in, so the export always moves on.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest

from spotipy import Spotify
from spotipy.emulator import BIG_PLAYLIST_ID, Emulator
from spotipy.errors import InternalServerError, TooManyRequests
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncRetryingSender,
    PersistentSender,
    RetryingSender,
)
from tests.client.test_bulk import AsyncCrowded, SyncCrowded
from tests.conftest import Runner

PAGES = 200  # 10,000 entries, 50 a page
RATE_LIMITED = b'{"error": {"status": 429, "message": "API rate limit exceeded"}}'


class FakeTime:
    """One clock for the emulator and the paging's waits; requests move it on by ``tick``."""

    def __init__(self, tick: float = 0.05) -> None:
        self.now = 1_700_000_000.0
        self.tick = tick
        self.waits: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.advance(seconds)

    async def sleep_async(self, seconds: float) -> None:
        self.sleep(seconds)


class Ticking(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The emulator's transport; each request takes ``tick`` seconds of the fake clock."""

    def __init__(self, emulator: Emulator, clock: FakeTime) -> None:
        self.inner = emulator.transport()
        self.clock = clock

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.clock.advance(self.clock.tick)
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.clock.advance(self.clock.tick)
        await asyncio.sleep(0)  # let the other requests under way interleave
        return await self.inner.handle_async_request(request)


class Overloaded(SyncCrowded, AsyncCrowded):
    """test_bulk's crowded server (429, Retry-After: 1, to each request beyond ``limit``
    at a moment of the fake clock, which only the paging's waits move), in either mode."""

    def __init__(self, emulator: Emulator, clock: FakeTime, limit: int = 3) -> None:
        super().__init__(emulator, clock, limit)


def client(mode: str, emulator: Emulator, transport: Any) -> Spotify[Any]:
    if mode == "async":
        sender: Any = AsyncPersistentSender(client=httpx.AsyncClient(transport=transport))
    else:
        sender = PersistentSender(client=httpx.Client(transport=transport))
    return Spotify(emulator.app_token(), sender)


def export(
    mode: str, emulator: Emulator, transport: Any, clock: FakeTime, *, adaptive: bool
) -> list[str]:
    """Every entry URI of the big playlist, eight pages at a time."""
    spotify = client(mode, emulator, transport)
    run = Runner(mode)
    try:
        first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
        sleep: Any = clock.sleep_async if mode == "async" else clock.sleep
        items = run.collect(spotify.all_items(first, concurrency=8, adaptive=adaptive, sleep=sleep))
    finally:
        run.close()
    return [entry.item.uri for entry in items]


def api_requests(emulator: Emulator) -> int:
    return sum(1 for r in emulator.requests if r.path.startswith("/v1/"))


@pytest.mark.parametrize("adaptive", [True, False], ids=["adaptive", "fixed"])
def test_an_export_under_the_rate_limit_finishes_in_order(mode: str, adaptive: bool) -> None:
    clock = FakeTime()
    emulator = Emulator(seed=0, clock=clock, rate_limit=(20, 30))
    expected = emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)
    uris = export(mode, emulator, Ticking(emulator, clock), clock, adaptive=adaptive)
    assert uris == expected  # no error, every entry once, in order
    assert emulator.rate_limited > 0  # the storm happened
    assert api_requests(emulator) - emulator.rate_limited == PAGES  # every page admitted once
    # 200 requests at 20 a window cannot take less than nine windows after the first.
    assert sum(clock.waits) >= 9 * 30 - PAGES * clock.tick
    assert all(1 <= wait <= 30 for wait in clock.waits)  # Retry-After, never more
    # About one wait each time the window filled (ten windows), not one per refused request.
    assert len(clock.waits) <= 3 * PAGES // 20


def test_an_overload_storm_costs_fewer_requests_adaptive_than_fixed(mode: str) -> None:
    sent = {}
    for adaptive in (True, False):
        emulator = Emulator(seed=0)
        clock = FakeTime()
        storm = Overloaded(emulator, clock)
        uris = export(mode, emulator, storm, clock, adaptive=adaptive)
        assert uris == emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)
        assert storm.refused > 0
        assert storm.sent - storm.refused == PAGES  # every page admitted once
        assert all(wait == 1 for wait in clock.waits)
        sent[adaptive] = storm.sent
    # Fixed concurrency knocks up to eight at a time against a server that takes three.
    # The async loop runs its tasks in one order: 402 requests adaptive, 552 fixed.  In
    # sync mode the threads' order moves the counts a little: 337-357 adaptive, 440-458
    # fixed, also under CPU stress.
    assert sent[True] < 0.9 * sent[False]


def test_behind_a_retrying_sender_the_window_still_sees_each_429(mode: str) -> None:
    # A retrying sender would wait out each page's 429 on its own and hide it from the
    # window; in bulk paging it hands them up, and still waits out a lone call's 429s.
    emulator = Emulator(seed=0)
    clock = FakeTime()
    storm = Overloaded(emulator, clock)
    sender_waits: list[float] = []
    inner: Any
    if mode == "async":
        inner = AsyncPersistentSender(client=httpx.AsyncClient(transport=storm))

        async def record(seconds: float) -> None:
            sender_waits.append(seconds)

        retrying: Any = AsyncRetryingSender(sender=inner, sleep=record)
    else:
        inner = PersistentSender(client=httpx.Client(transport=storm))
        retrying = RetryingSender(sender=inner, sleep=sender_waits.append)
    spotify = Spotify(emulator.app_token(), retrying)
    run = Runner(mode)
    try:
        first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
        sleep: Any = clock.sleep_async if mode == "async" else clock.sleep
        items = run.collect(spotify.all_items(first, concurrency=8, sleep=sleep))
        assert [e.item.uri for e in items] == emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)
        assert storm.refused > 0
        assert clock.waits  # the paging waited ...
        assert sender_waits == []  # ... and the sender never did
        # Adaptive (337-402 requests), not a fixed window's 440-552.
        assert storm.sent < 430
        emulator.faults.add(path="/v1/", times=1, status=429, headers={"Retry-After": "1"})
        clock.advance(1)  # a moment later: the crowd has gone
        run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=5))  # a lone call: retried
        assert sender_waits == [1]
    finally:
        run.close()


def test_a_storm_without_end_is_given_up(mode: str) -> None:
    emulator = Emulator(seed=0)
    clock = FakeTime()
    spotify = client(mode, emulator, emulator.transport())
    run = Runner(mode)
    try:
        first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
        emulator.faults.add(
            path=f"/v1/playlists/{BIG_PLAYLIST_ID}/items",
            status=429,
            headers={"Retry-After": "2"},
            times=None,
        )
        sleep: Any = clock.sleep_async if mode == "async" else clock.sleep
        with pytest.raises(TooManyRequests) as raised:
            run.collect(spotify.all_items(first, concurrency=4, sleep=sleep))
    finally:
        run.close()
    assert raised.value.retry_after == 2
    assert len(clock.waits) == 50  # 50 waits in a row brought no page: given up
    assert any("brought no page" in note for note in raised.value.__notes__)
    # One wait per signal: the requests in flight during a wait do not wait again.
    refused = api_requests(emulator) - 1
    assert 50 < refused <= 50 * 4 + 4


def test_a_long_retry_after_is_raised_at_once(mode: str) -> None:
    emulator = Emulator(seed=0)
    clock = FakeTime()
    spotify = client(mode, emulator, emulator.transport())
    run = Runner(mode)
    try:
        first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
        emulator.faults.add(status=429, headers={"Retry-After": "61"}, times=None)
        sleep: Any = clock.sleep_async if mode == "async" else clock.sleep
        with pytest.raises(TooManyRequests) as raised:
            run.collect(spotify.all_items(first, concurrency=8, sleep=sleep))
    finally:
        run.close()
    assert clock.waits == []
    assert any("exceeds 60 s" in note for note in raised.value.__notes__)


def test_a_storm_that_passes_costs_one_wait(mode: str) -> None:
    # Five refusals in a row: the requests in flight meet them together, one wait, and the
    # refused pages go out again first, in order.
    emulator = Emulator(seed=0)
    clock = FakeTime()
    spotify = client(mode, emulator, emulator.transport())
    run = Runner(mode)
    try:
        first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
        emulator.faults.add(status=429, headers={"Retry-After": "3"}, times=5)
        sleep: Any = clock.sleep_async if mode == "async" else clock.sleep
        items = run.collect(spotify.all_items(first, concurrency=8, max_items=1000, sleep=sleep))
    finally:
        run.close()
    assert [e.item.uri for e in items] == emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)[
        :1000
    ]
    assert 1 <= len(clock.waits) <= 5
    assert set(clock.waits) == {3}
    assert api_requests(emulator) == 20 + 5  # every page once, plus the five refused


def test_a_page_that_fails_otherwise_is_raised(mode: str) -> None:
    emulator = Emulator(seed=0)
    clock = FakeTime()
    spotify = client(mode, emulator, emulator.transport())
    run = Runner(mode)
    try:
        first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
        emulator.faults.add(status=429, headers={"Retry-After": "1"}, times=2)
        emulator.faults.add(status=500, times=1)
        sleep: Any = clock.sleep_async if mode == "async" else clock.sleep
        with pytest.raises(InternalServerError):
            run.collect(spotify.all_items(first, concurrency=8, sleep=sleep))
    finally:
        run.close()
    assert clock.waits == [1]  # the 429s were waited out once; the 500 is not a 429
    assert api_requests(emulator) < 1 + 2 * 8  # the paging stopped, no page went twice more
