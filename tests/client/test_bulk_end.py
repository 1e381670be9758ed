"""Bulk paging ends where the pages end, whatever ``total`` the first page claims."""

from __future__ import annotations

import json
from typing import Any

import pytest

from spotipy import Spotify
from spotipy.client import _bulk
from spotipy.emulator import BIG_PLAYLIST_ID, Emulator
from spotipy.model.paging import Paging
from tests.conftest import Runner, answer_json, make_sender

CONCURRENCY = 10
PAGE = 50
PATH = f"/v1/playlists/{BIG_PLAYLIST_ID}/items"


def api_requests(emulator: Emulator) -> int:
    return sum(1 for r in emulator.requests if r.path.startswith("/v1/"))


def first_page_claiming(run: Runner, emulator: Emulator, spotify: Spotify[Any], total: int) -> Any:
    """The playlist's first page of 50 entries, as the emulator answers it, but for its
    ``total``: the next answer of the emulator on that path says ``total`` instead."""
    body = answer_json(emulator, f"{PATH}?limit={PAGE}")
    body["total"] = total
    emulator.faults.add(path=PATH, times=1, body=json.dumps(body).encode())
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=PAGE))
    assert first.total == total
    assert first.next is not None
    return first


def real_pages(emulator: Emulator) -> int:
    return -(-len(emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)) // PAGE)


def test_a_first_page_claiming_a_trillion_items_reads_the_playlist_and_stops(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    expected = emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)
    first = first_page_claiming(run, emulator, spotify, 10**12)

    # The links are made as they are asked for: a trillion items cost no memory.
    links = _bulk.remaining_links(first, None)
    assert links is not None
    assert len(links) == 10**12 // PAGE - 1
    assert "offset=999999999950&" in links[-1]
    assert "offset=50&" in links[0]

    before = api_requests(emulator)
    items = run.collect(spotify.all_items(first, concurrency=CONCURRENCY))
    assert [entry.item.uri for entry in items] == expected
    sent = api_requests(emulator) - before
    assert real_pages(emulator) - 1 <= sent <= real_pages(emulator) - 1 + CONCURRENCY

    first = first_page_claiming(run, emulator, spotify, 10**12)
    before = api_requests(emulator)
    pages: list[Paging[Any]] = run.collect(spotify.all_pages(first, concurrency=CONCURRENCY))
    assert len(pages) == real_pages(emulator)
    assert [entry.item.uri for page in pages for entry in page.items] == expected
    assert pages[-1].next is None
    sent = api_requests(emulator) - before
    assert real_pages(emulator) - 1 <= sent <= real_pages(emulator) - 1 + CONCURRENCY


@pytest.mark.parametrize("concurrency", [2, CONCURRENCY])
def test_a_total_overstated_by_a_few_pages_hands_out_no_page_past_the_end(
    mode: str, run: Runner, emulator: Emulator, concurrency: int
) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    expected = emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)
    overstated = len(expected) + 3 * PAGE - 10  # three pages more than there are

    first = first_page_claiming(run, emulator, spotify, overstated)
    items = run.collect(spotify.all_items(first, concurrency=concurrency))
    assert [entry.item.uri for entry in items] == expected

    first = first_page_claiming(run, emulator, spotify, overstated)
    before = api_requests(emulator)
    pages: list[Paging[Any]] = run.collect(spotify.all_pages(first, concurrency=concurrency))
    # The empty pages past the end are not handed out: the pages end as the server's do.
    assert len(pages) == real_pages(emulator)
    assert all(page.items for page in pages)
    assert pages[-1].next is None
    assert [entry.item.uri for page in pages for entry in page.items] == expected
    assert api_requests(emulator) - before <= real_pages(emulator) - 1 + 3
