"""What a page sends many times is held once: market lists are shared tuples.

Through the real sender stack against the emulator (whose ``extended`` profile sends
``available_markets`` on every track and album), in both modes.
"""

from __future__ import annotations

from typing import Any

from spotipy import Spotify
from spotipy.emulator import BIG_PLAYLIST_ID, Emulator
from spotipy.model import FullTrack
from tests.conftest import Runner


def test_a_page_holds_one_market_tuple(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    page = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
    tracks = [entry.item for entry in page.items if isinstance(entry.item, FullTrack)]
    assert len(tracks) > 40
    held = [t.available_markets for t in tracks]
    held += [t.album.available_markets for t in tracks if t.album is not None]
    assert len(held) > 80
    assert held[0] == tuple(emulator.catalogue.markets)
    assert all(markets is held[0] for markets in held)


def test_every_page_of_a_bulk_read_shares_it(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
    entries = run.collect(spotify.all_items(first, concurrency=4))
    assert len(entries) == 10_000
    distinct = {id(e.item.available_markets) for e in entries if isinstance(e.item, FullTrack)}
    assert len(distinct) == 1
