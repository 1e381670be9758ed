"""Bulk paging's schedule: pages held, the fetcher that goes straight on, leaving early.

Through the real sender stack against the emulator, sync and async: the pages held never
exceed ``concurrency`` (counted at the server while the caller holds back), the caller's
context reaches every fetcher, and leaving the paging early (or cancelling it) ends every
fetcher.  The step protocol itself is driven by hand once, with the client's own page
flow and sender, to show the fetcher that brings the page the caller waits for handing it
over and sending the next request before the caller decodes the page.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest

from spotipy import Spotify
from spotipy._flow import Emit
from spotipy.client import _bulk
from spotipy.emulator import BIG_PLAYLIST_ID, Emulator
from spotipy.errors import ResponseError
from tests.client.test_bulk_storm import client
from tests.conftest import Runner, make_sender

CONCURRENCY = 4
PAGES = 200  # the big playlist: 10,000 entries, 50 a page


def api_requests(emulator: Emulator) -> int:
    return sum(1 for r in emulator.requests if r.path.startswith("/v1/"))


def page_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("spotipy-page")]


class Counted(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The emulator's transport, noting at each request how far it runs ahead of the caller:
    requests sent after the first page, less the pages after the first the caller has."""

    def __init__(self, emulator: Emulator) -> None:
        self.inner = emulator.transport()
        self.changed = threading.Condition()
        self.sent = 0
        self.received = 0
        self.ahead: list[int] = []

    def _note(self) -> None:
        with self.changed:
            self.sent += 1
            self.ahead.append(self.sent - 1 - self.received)
            self.changed.notify_all()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._note()
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._note()
        await asyncio.sleep(0)  # let the other fetchers interleave
        return await self.inner.handle_async_request(request)

    def filled(self) -> bool:
        """The fetchers sent every page there is room for while the caller holds back."""
        return self.sent - 1 >= min(PAGES - 1, self.received + CONCURRENCY)


def test_the_pages_held_never_exceed_concurrency(mode: str) -> None:
    # After each page the caller holds back until the fetchers sent every page there is
    # room for; the server counts how far they ever ran ahead of it.
    emulator = Emulator(seed=0)
    counted = Counted(emulator)
    spotify = client(mode, emulator, counted)
    run = Runner(mode)

    def received() -> None:
        with counted.changed:
            counted.received += 1

    async def read_async(pages: Any) -> None:
        await anext(pages)  # the first page, read before the paging
        async for _ in pages:
            received()
            for _ in range(10_000):  # bounded: a few loop turns fill the window
                if counted.filled():
                    break
                await asyncio.sleep(0)
            assert counted.filled()

    try:
        first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
        pages = spotify.all_pages(first, concurrency=CONCURRENCY)
        if run.is_async:
            assert run.loop is not None
            run.loop.run_until_complete(read_async(pages))
        else:
            next(pages)  # the first page, read before the paging
            for _ in pages:
                received()
                with counted.changed:  # bounded: each request moves it on
                    assert counted.changed.wait_for(counted.filled, timeout=10)
    finally:
        run.close()
    assert counted.sent == PAGES  # every page once
    assert counted.received == PAGES - 1
    # The fetchers ran ahead as far as the pages the paging may hold (in flight or waiting
    # to be handed out), never further but for the one on its way to the caller.
    assert CONCURRENCY <= max(counted.ahead) <= CONCURRENCY + 1


def test_every_fetcher_uses_the_callers_token(mode: str, run: Runner, emulator: Emulator) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
    other = emulator.app_token()
    before = len(emulator.requests)
    with spotify.token_as(other):
        items = run.collect(spotify.all_items(first, concurrency=CONCURRENCY, max_items=1_000))
    assert len(items) == 1_000
    sent = emulator.requests[before:]
    assert len(sent) == 19
    assert {r.headers["Authorization"] for r in sent} == {f"Bearer {other}"}
    assert page_threads() == []  # the pool is gone with the paging


def test_leaving_early_ends_every_fetcher(mode: str, run: Runner, emulator: Emulator) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
    before = api_requests(emulator)

    async def two_pages_async(pages: Any) -> int:
        taken = [await anext(pages), await anext(pages)]
        await pages.aclose()
        for _ in range(1_000):  # bounded: the cancelled fetchers end in a few loop turns
            if asyncio.all_tasks() == {asyncio.current_task()}:
                break
            await asyncio.sleep(0)
        assert asyncio.all_tasks() == {asyncio.current_task()}
        return len(taken)

    pages = spotify.all_pages(first, concurrency=CONCURRENCY)
    if run.is_async:
        assert run.loop is not None
        taken = run.loop.run_until_complete(two_pages_async(pages))
    else:
        taken = len([next(pages), next(pages)])
        pages.close()  # waits for the requests under way
        assert page_threads() == []
    sent = api_requests(emulator) - before
    # The second page and what the window sent meanwhile, no more; and nothing after.
    assert 1 <= sent <= 1 + CONCURRENCY + 1
    assert taken == 2
    run(spotify.playlist(BIG_PLAYLIST_ID))  # the client goes on
    assert api_requests(emulator) - before == sent + 1


def test_cancelling_a_waiting_caller_cancels_its_fetchers(emulator: Emulator) -> None:
    class Stuck(httpx.AsyncBaseTransport):
        """The first page answers; every later request waits until it is cancelled."""

        def __init__(self) -> None:
            self.inner = emulator.transport()
            self.waiting = 0
            self.cancelled = 0

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.params.get("offset", "0") == "0":
                return await self.inner.handle_async_request(request)
            self.waiting += 1
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                self.cancelled += 1
                raise
            raise AssertionError("never answered")

    async def main() -> None:
        stuck = Stuck()
        spotify = client("async", emulator, stuck)
        first = await spotify.playlist_items(BIG_PLAYLIST_ID, limit=50)

        async def read() -> list[Any]:
            return [item async for item in spotify.all_items(first, concurrency=CONCURRENCY)]

        reader = asyncio.create_task(read())
        for _ in range(1_000):  # bounded: the fetchers start within a few loop turns
            if stuck.waiting == CONCURRENCY:
                break
            await asyncio.sleep(0)
        assert stuck.waiting == CONCURRENCY
        reader.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reader
        for _ in range(1_000):
            if asyncio.all_tasks() == {asyncio.current_task()}:
                break
            await asyncio.sleep(0)
        assert asyncio.all_tasks() == {asyncio.current_task()}
        assert stuck.cancelled == CONCURRENCY  # every request under way was cancelled

    asyncio.run(main())


def test_a_page_that_does_not_decode_is_raised_in_its_turn(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    # The caller decodes the answers: a broken body is raised when its page's turn comes,
    # after the pages before it, and the paging ends.
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
    emulator.faults.add(path=f"/v1/playlists/{BIG_PLAYLIST_ID}/items", body=b"{not json")
    received: list[Any] = []

    pages = spotify.all_pages(first, concurrency=CONCURRENCY)

    async def read_async() -> None:
        async for page in pages:
            received.append(page)  # noqa: PERF401 (kept when the paging raises)

    def read() -> None:
        if run.is_async:
            assert run.loop is not None
            run.loop.run_until_complete(read_async())
        else:
            received.extend(pages)

    with pytest.raises(ResponseError, match="not JSON"):
        read()
    expected = emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)
    uris = [entry.item.uri for page in received for entry in page.items]
    assert uris == expected[: len(uris)]  # in order up to the broken page
    assert len(received) <= CONCURRENCY + 1
    assert page_threads() == []


def test_the_links_are_the_servers_own(run: Runner, emulator: Emulator, mode: str) -> None:
    # The pages' links are the next link as sent with another offset: the very links the
    # server gives page after page (a search's query stays encoded as it was).
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
    (tracks,) = run(spotify.search("a", "track", limit=10))
    for page in (first, tracks):
        pages = run.collect(spotify.all_pages(page, max_items=300))
        served = [p.next for p in pages[:-1]]
        assert list(_bulk.remaining_links(page, 300) or ()) == served
        assert len(served) >= 5


def test_the_fetcher_that_brings_the_awaited_page_goes_straight_on(emulator: Emulator) -> None:
    # The steps driven by hand with the client's page flow and sender.
    spotify = Spotify(emulator.app_token(), make_sender(emulator, "sync"))
    first = spotify.playlist_items(BIG_PLAYLIST_ID, limit=50)
    links = _bulk.remaining_links(first, 400)
    assert links is not None
    assert len(links) == 7
    bulk = _bulk.Bulk(links, 2, lambda url: spotify._follow(url, type(first)))
    woken: list[bool] = []
    bulk.wake = lambda: woken.append(True)

    def advance(steps: _bulk.Steps, reply: Any = None) -> _bulk.Step:
        return steps.send(reply)

    caller = bulk.pages()
    start = advance(caller)
    assert isinstance(start, _bulk.Start)
    assert len(start.slots) == 2
    fetchers = [bulk.fetcher(slot) for slot in start.slots]
    sends = [advance(fetcher) for fetcher in fetchers]
    assert all(isinstance(send, _bulk.Send) for send in sends)
    assert isinstance(advance(caller), _bulk.Park)  # the caller waits for page 1
    assert bulk.parked
    before = api_requests(emulator)
    request = sends[0].request  # type: ignore[union-attr]
    step = advance(fetchers[0], spotify._send_sync(request))
    # Page 1's fetcher handed it over, woke the caller and sends page 3 at once: page 1
    # is not decoded yet.
    assert woken == [True]
    assert not bulk.parked
    assert isinstance(step, _bulk.Send)
    assert str(step.request.url) == links[2]
    assert api_requests(emulator) == before + 1
    hand = advance(caller)
    assert isinstance(hand, _bulk.Hand)
    page = hand.slot.take()  # decoded by the caller
    expected = emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)
    assert [entry.item.uri for entry in page.items] == expected[50:100]
    emit = advance(caller, page)  # the page goes back in, to be handed out
    assert isinstance(emit, Emit)
    assert list(emit.values) == [page]
    caller.close()
    assert bulk.closed
