"""Bulk paging: concurrent pages in order, max_items, and a 429 storm survived (AIMD)."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

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


class Crowded:
    """A server that answers 429 (Retry-After: 0) while more than ``limit`` requests of
    the client are in flight at once; every request takes ``latency`` seconds."""

    def __init__(self, emulator: Emulator, limit: int = 3, latency: float = 0.01) -> None:
        self.inner = emulator.transport()
        self.limit = limit
        self.latency = latency
        self.lock = threading.Lock()
        self.active = 0
        self.sent = 0
        self.refused = 0

    def _enter(self) -> bool:
        with self.lock:
            self.active += 1
            self.sent += 1
            busy = self.active > self.limit
            self.refused += busy
            return busy

    def _leave(self) -> None:
        with self.lock:
            self.active -= 1

    def refusal(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "0"}, content=RATE_LIMITED)


class SyncCrowded(Crowded, httpx.BaseTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        busy = self._enter()
        try:
            time.sleep(self.latency)
            return self.refusal(request) if busy else self.inner.handle_request(request)
        finally:
            self._leave()


class AsyncCrowded(Crowded, httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        busy = self._enter()
        try:
            await asyncio.sleep(self.latency)
            if busy:
                return self.refusal(request)
            return await self.inner.handle_async_request(request)
        finally:
            self._leave()


def export(mode: str, emulator: Emulator, crowded: Crowded) -> int:
    """All items of 40 pages at concurrency 10 through the crowded server; the count."""
    if mode == "async":
        client: Any = AsyncPersistentSender(client=httpx.AsyncClient(transport=crowded))
    else:
        client = PersistentSender(client=httpx.Client(transport=crowded))
    spotify = Spotify(emulator.app_token(), client)
    runner = Runner(mode)
    try:
        first = runner(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
        items = runner.collect(spotify.all_items(first, concurrency=10, max_items=2_000))
    finally:
        runner.close()
    assert [e.item.uri for e in items] == emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)[
        :2000
    ]
    return len(items)


def test_a_429_storm_slows_the_export_down_instead_of_failing(mode: str) -> None:
    emulator = Emulator(seed=0)
    crowded = (AsyncCrowded if mode == "async" else SyncCrowded)(emulator)
    assert export(mode, emulator, crowded) == 2000
    assert crowded.refused > 0  # the storm happened
    assert crowded.sent - crowded.refused == 40  # every page once, the first included
    # Every refusal halved the window and was waited out: the export finished.


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
    started = time.monotonic()
    with pytest.raises(TooManyRequests) as info:
        run.collect(spotify.all_items(first, concurrency=4))
    assert info.value.retry_after == 3600
    assert time.monotonic() - started < 10


def test_a_playlists_embedded_page_continues_with_smaller_pages(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    # The playlist object embeds 100 entries; its next link asks /items for 50 at a time.
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    playlist = run(spotify.playlist(BIG_PLAYLIST_ID))
    items = run.collect(spotify.all_items(playlist.items, concurrency=6, max_items=1_000))
    expected = emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)[:1000]
    assert [e.item.uri for e in items] == expected
