"""all_pages / all_items fetch the rest of a paging in the operation's largest pages.

A first page of 10 must not make a 10,000-item playlist cost 1,000 requests: the pages
after it are asked for with the operation's ``max_limit`` (50 for playlist items), their
offsets following on from the first page, so no item comes twice or goes missing, in
sync and async mode, one request at a time or several.
"""

from __future__ import annotations

import math

import pytest

from spotipy import Spotify
from spotipy.emulator import BIG_PLAYLIST_ID, Emulator
from tests.conftest import Runner, make_sender

MAX_LIMIT = 50  # get-playlists-items


def rest_requests(emulator: Emulator, since: int) -> list[tuple[int, int]]:
    """(offset, limit) of each Web API request after the first ``since``."""
    sent = [r for r in emulator.requests if r.path.startswith("/v1/")][since:]
    return [(int(r.query["offset"]), int(r.query["limit"])) for r in sent]


def api_count(emulator: Emulator) -> int:
    return sum(1 for r in emulator.requests if r.path.startswith("/v1/"))


@pytest.mark.parametrize("concurrency", [1, 4])
def test_the_rest_comes_in_the_largest_pages(
    mode: str, run: Runner, emulator: Emulator, concurrency: int
) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=10))
    assert len(first.items) == 10
    expected = emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)
    assert len(expected) == 10_000
    before = api_count(emulator)
    items = run.collect(spotify.all_items(first, concurrency=concurrency))
    assert [entry.item.uri for entry in items] == expected  # none twice, none missing
    sent = rest_requests(emulator, before)
    assert len(sent) == math.ceil((10_000 - 10) / MAX_LIMIT) == 200  # not 999
    assert sorted(sent) == [(offset, MAX_LIMIT) for offset in range(10, 10_000, MAX_LIMIT)]


@pytest.mark.parametrize("concurrency", [1, 8])
def test_max_items_with_a_small_first_page(
    mode: str, run: Runner, emulator: Emulator, concurrency: int
) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=10, offset=5))
    expected = emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)
    before = api_count(emulator)
    items = run.collect(spotify.all_items(first, concurrency=concurrency, max_items=123))
    assert [entry.item.uri for entry in items] == expected[5:128]
    assert sorted(rest_requests(emulator, before)) == [(15, 50), (65, 50), (115, 50)]


def test_pages_keep_their_order_and_sizes(mode: str, run: Runner, emulator: Emulator) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=7))
    pages = run.collect(spotify.all_pages(first, max_items=7 + 3 * MAX_LIMIT))
    assert [(page.offset, len(page.items)) for page in pages] == [
        (0, 7),
        (7, 50),
        (57, 50),
        (107, 50),
    ]


def test_next_follows_spotifys_link_as_it_is(mode: str, run: Runner, emulator: Emulator) -> None:
    # Only the bulk iterators ask for larger pages: next() is the page Spotify links to.
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=10))
    second = run(spotify.next(first))
    assert second is not None
    assert (second.offset, len(second.items)) == (10, 10)


def test_a_full_first_page_is_followed_as_linked(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=MAX_LIMIT, offset=9_800))
    before = api_count(emulator)
    items = run.collect(spotify.all_items(first))
    assert len(items) == 200
    assert rest_requests(emulator, before) == [(9_850, 50), (9_900, 50), (9_950, 50)]
