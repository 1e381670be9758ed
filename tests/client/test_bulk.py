"""Bulk paging: concurrent pages in order, max_items, and a 429 storm survived (AIMD)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Protocol

import httpx
import pytest

from spotipy import Spotify
from spotipy.client import _bulk
from spotipy.emulator import BIG_PLAYLIST_ID, Emulator
from spotipy.sender import AsyncPersistentSender, PersistentSender
from tests.conftest import Runner, make_sender

RATE_LIMITED = b'{"error": {"status": 429, "message": "API rate limit exceeded"}}'


def api_requests(emulator: Emulator) -> int:
    return sum(1 for r in emulator.requests if r.path.startswith("/v1/"))


@pytest.mark.parametrize("concurrency", [1, 4, 10])
def test_concurrent_items_come_in_order(
    mode: str, run: Runner, emulator: Emulator, concurrency: int
) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
    expected = emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)
    before = api_requests(emulator)
    items = run.collect(spotify.all_items(first, concurrency=concurrency))
    assert [e.item.uri for e in items] == expected
    assert api_requests(emulator) - before == 199  # one request a page, none twice


def test_max_items_is_honoured(mode: str, run: Runner, emulator: Emulator) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    for concurrency in (1, 8):
        first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
        before = api_requests(emulator)
        items = run.collect(spotify.all_items(first, concurrency=concurrency, max_items=123))
        assert len(items) == 123
        assert api_requests(emulator) - before == 2  # the two pages after the first
    pages = run.collect(spotify.all_pages(first, max_items=0))
    assert len(pages) == 1


@pytest.mark.parametrize("bad", [0, 33, 2.5, True])
def test_a_senseless_concurrency_is_refused(
    spotify: Spotify[Any], run: Runner, emulator: Emulator, bad: Any
) -> None:
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=5))
    before = api_requests(emulator)
    with pytest.raises((TypeError, ValueError), match="concurrency"):
        spotify.all_items(first, concurrency=bad)
    with pytest.raises(ValueError, match="max_items"):
        spotify.all_pages(first, max_items=-1)
    assert api_requests(emulator) == before


class Moments:
    """A fake clock that only the paging's waits move: one moment lasts until the next wait."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []
        self._lock = threading.Lock()

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.waits.append(seconds)
            self.now += seconds

    async def sleep_async(self, seconds: float) -> None:
        self.sleep(seconds)

    def sleeper(self, mode: str) -> Any:
        return self.sleep_async if mode == "async" else self.sleep


class Clocked(Protocol):
    """A fake clock: its reading."""

    now: float


class Crowded:
    """A server that can take only ``limit`` requests at a moment of the fake clock.

    It answers 429 (Retry-After: 1) to each request beyond ``limit`` that reaches it
    before the client waits: a crowd it cannot serve.  Requests take no real time, and the
    verdict does not depend on how the client's threads or tasks interleave: the first
    ``limit`` requests of each moment are served, whichever they are.
    """

    def __init__(self, emulator: Emulator, clock: Clocked, limit: int = 3) -> None:
        self.inner = emulator.transport()
        self.clock = clock
        self.limit = limit
        self.lock = threading.Lock()
        self.moment = -1.0
        self.crowd = 0
        self.sent = 0
        self.refused = 0

    def _busy(self) -> bool:
        with self.lock:
            if self.clock.now != self.moment:  # the client waited: a new moment
                self.moment, self.crowd = self.clock.now, 0
            self.crowd += 1
            self.sent += 1
            busy = self.crowd > self.limit
            self.refused += busy
            return busy

    def refusal(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "1"}, content=RATE_LIMITED)


class SyncCrowded(Crowded, httpx.BaseTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._busy():
            return self.refusal(request)
        return self.inner.handle_request(request)


class AsyncCrowded(Crowded, httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        busy = self._busy()
        await asyncio.sleep(0)  # let the other requests under way interleave
        if busy:
            return self.refusal(request)
        return await self.inner.handle_async_request(request)


def export(mode: str, emulator: Emulator, crowded: Crowded, clock: Moments) -> int:
    """All items of 40 pages at concurrency 10 through the crowded server; the count."""
    if mode == "async":
        client: Any = AsyncPersistentSender(client=httpx.AsyncClient(transport=crowded))
    else:
        client = PersistentSender(client=httpx.Client(transport=crowded))
    spotify = Spotify(emulator.app_token(), client)
    runner = Runner(mode)
    try:
        first = runner(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
        sleep = clock.sleeper(mode)
        pages = spotify.all_items(first, concurrency=10, max_items=2_000, sleep=sleep)
        items = runner.collect(pages)
    finally:
        runner.close()
    assert [e.item.uri for e in items] == emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)[
        :2000
    ]
    return len(items)


def test_a_429_storm_slows_the_export_down_instead_of_failing(mode: str) -> None:
    emulator = Emulator(seed=0)
    clock = Moments()
    crowded = (AsyncCrowded if mode == "async" else SyncCrowded)(emulator, clock)
    assert export(mode, emulator, crowded, clock) == 2000
    assert crowded.refused > 0  # the storm happened
    assert crowded.sent - crowded.refused == 40  # every page once, the first included
    # Every refusal halved the window and was waited out: the export finished.
    assert clock.waits
    assert all(wait == 1 for wait in clock.waits)


def test_the_window_halves_on_429_and_grows_back_one_by_one() -> None:
    window = _bulk.Window(10)
    window.shrink()
    assert window.size == 5
    window.shrink()
    window.shrink()
    window.shrink()
    assert window.size == 1  # never below one
    for expected in (2, 3, 4):
        window.grow()
        assert window.size == expected
    for _ in range(20):
        window.grow()
    assert window.size == 10  # never above the limit asked for
    assert window.rate_limited == 4


def test_a_long_retry_after_is_raised_not_waited(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    from spotipy.errors import TooManyRequests

    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
    emulator.faults.add(
        path=f"/v1/playlists/{BIG_PLAYLIST_ID}/items", status=429, headers={"Retry-After": "3600"}
    )
    clock = Moments()
    with pytest.raises(TooManyRequests) as info:
        run.collect(spotify.all_items(first, concurrency=4, sleep=clock.sleeper(run.mode)))
    assert info.value.retry_after == 3600
    assert clock.waits == []  # raised, never waited


def test_a_playlists_embedded_page_continues_with_smaller_pages(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    # The playlist object embeds 100 entries; its next link asks /items for 50 at a time.
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    playlist = run(spotify.playlist(BIG_PLAYLIST_ID))
    items = run.collect(spotify.all_items(playlist.items, concurrency=6, max_items=1_000))
    expected = emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)[:1000]
    assert [e.item.uri for e in items] == expected
