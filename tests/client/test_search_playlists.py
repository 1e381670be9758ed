"""Search, playlists and paging: sync and async against the emulator."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from spotipy import Spotify
from spotipy.emulator import BIG_PLAYLIST_ID, Emulator
from spotipy.errors import SpotipyError
from spotipy.model import FullPlaylist, PlaylistTrackPaging
from tests.client.test_catalogue_endpoints import api_requests, raw
from tests.conftest import Runner, make_sender


def test_search_returns_pagings_in_the_order_asked(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    artists, tracks = run(spotify.search("a", ("artist", "track"), limit=4))
    expected = raw(emulator, "search?q=a&type=artist,track&limit=4")
    assert [a.id for a in artists.items] == [a["id"] for a in expected["artists"]["items"]]
    assert [t.id for t in tracks.items] == [t["id"] for t in expected["tracks"]["items"]]
    assert api_requests(emulator)[-1].query["type"] == "artist,track"


def test_search_next_page_unwraps(spotify: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    (tracks,) = run(spotify.search("a", limit=3))
    assert tracks.total > 6
    second = run(spotify.next(tracks))
    assert second is not None
    assert second.offset == 3
    expected = raw(emulator, "search?q=a&type=track&limit=3&offset=3")["tracks"]["items"]
    assert [t.id for t in second.items] == [t["id"] for t in expected]
    back = run(spotify.previous(second))
    assert back is not None
    assert [t.id for t in back.items] == [t.id for t in tracks.items]


def test_search_all_items_stops_at_the_offset_cap(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    (tracks,) = run(spotify.search("a", limit=10, offset=990))
    items = run.collect(spotify.all_items(tracks))
    # Offsets 990..1009 at most: the page at offset 1000 is the last Spotify serves.
    assert 0 < len(items) <= 20
    assert all(int(r.query.get("offset", "0")) <= 1000 for r in api_requests(emulator))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"query": ""}, "query must not be empty"),
        ({"query": "a", "types": ("songs",)}, "unknown types"),
        ({"query": "a", "types": ()}, "types must not be empty"),
        ({"query": "a", "limit": 11}, "between 1 and 10"),
        ({"query": "a", "limit": 0}, "between 1 and 10"),
        ({"query": "a", "offset": 1001}, "at most 1000"),
        ({"query": "a", "include_external": "video"}, "include_external"),
    ],
)
def test_search_validates_before_sending(
    spotify: Spotify[Any], run: Runner, emulator: Emulator, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        run(spotify.search(**kwargs))
    assert api_requests(emulator) == []


def test_playlist(spotify: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    playlist = run(spotify.playlist(BIG_PLAYLIST_ID))
    assert isinstance(playlist, FullPlaylist)
    assert playlist.id == BIG_PLAYLIST_ID
    assert playlist.items is not None
    assert playlist.items.total == 10_000
    assert playlist.tracks is playlist.items or playlist.tracks == playlist.items


def test_playlist_tracks_uses_the_items_endpoint(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    page = run(spotify.playlist_tracks(BIG_PLAYLIST_ID, limit=10))
    assert isinstance(page, PlaylistTrackPaging)
    assert api_requests(emulator)[-1].path == f"/v1/playlists/{BIG_PLAYLIST_ID}/items"
    assert len(page.items) == 10
    expected = raw(emulator, f"playlists/{BIG_PLAYLIST_ID}/items?limit=10")
    assert [e.item.id if e.item else None for e in page.items] == [
        e["item"]["id"] if e.get("item") else None for e in expected["items"]
    ]


def test_playlist_items_limit_cap(spotify: Spotify[Any], run: Runner) -> None:
    with pytest.raises(ValueError, match="between 1 and 50"):
        run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=100))
    with pytest.raises(ValueError, match="unknown additional_types"):
        run(spotify.playlist_items(BIG_PLAYLIST_ID, additional_types=("chapter",)))


def test_seed_paging_story(spotify: Spotify[Any], run: Runner) -> None:
    tracks = run(spotify.playlist_tracks("37i9dQZEVXbMDoHDwVN2tF", limit=10))
    t_next = run(spotify.next(tracks))
    t_prev = run(spotify.previous(t_next))
    assert (tracks.offset, t_next.offset, t_prev.offset) == (0, 10, 0)
    assert [e.item for e in t_prev.items] == [e.item for e in tracks.items]
    assert run(spotify.previous(tracks)) is None

    pages = run.collect(spotify.all_pages(tracks))
    # The rest of the paging comes in the operation's largest pages (50), not 10s.
    assert len(pages) == 1 + 200
    assert [len(page.items) for page in pages[:3]] == [10, 50, 50]
    assert pages[-1].next is None
    items = run.collect(spotify.all_items(tracks))
    assert len(items) == 10_000
    assert run(spotify.next(pages[-1])) is None


@pytest.mark.parametrize("fields", [("item",), ("track",), ("item", "track")])
def test_playlist_entries_understand_item_and_track(
    mode: str, run: Runner, fields: tuple[str, ...]
) -> None:
    emulator = Emulator(seed=0, playlist_item_fields=fields)
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    page = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=5))
    for entry in page.items:
        assert entry.item is not None
        assert entry.track is entry.item


def test_paging_link_to_another_host_is_refused(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    import msgspec

    page = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=5))
    evil = msgspec.structs.replace(page, next="https://evil.example/v1/steal?offset=5")
    before = len(emulator.requests)
    with pytest.raises(SpotipyError, match="refusing to follow"):
        run(spotify.next(evil))
    assert len(emulator.requests) == before


@pytest.mark.parametrize(
    "link",
    [
        "https://api.spotify.com/v1/../../elsewhere?offset=5",
        "https://api.spotify.com/v1/playlists/%2e%2e/%2e%2e/x?offset=5",
        "https://api.spotify.com/v1/me\\..\\x",
        "https://api.spotify.com/v1/me?offset=5\r\nX-Evil: 1",
        "https://api.spotify.com/v1/me?offset=5\x00",
        "https://api.spotify.com/v1/me?q=" + "a" * 100_000,
    ],
)
def test_hostile_paging_links_are_refused_before_sending(
    spotify: Spotify[Any], run: Runner, emulator: Emulator, link: str
) -> None:
    import msgspec

    page = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=5))
    before = len(emulator.requests)
    with pytest.raises(SpotipyError, match="refusing to follow"):
        run(spotify.next(msgspec.structs.replace(page, next=link)))
    assert len(emulator.requests) == before


@pytest.mark.parametrize("back", [0, 1])
def test_a_paging_loop_ends_with_an_error(
    spotify: Spotify[Any], run: Runner, emulator: Emulator, back: int
) -> None:
    import msgspec

    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=5))
    second = run(spotify.next(first))
    assert second is not None
    # A server whose next link points at the page itself, or back at the first one.
    target = second.href if back == 0 else first.href
    looping = msgspec.structs.replace(second, next=target)
    if back:
        looping = msgspec.structs.replace(first, next=second.href)
        emulator.faults.add(
            path=f"/v1/playlists/{BIG_PLAYLIST_ID}/items",
            status=200,
            body=msgspec.json.encode(msgspec.structs.replace(second, next=first.href)),
        )
    with pytest.raises(SpotipyError, match="loops"):
        run.collect(spotify.all_pages(looping))


def test_socket_transport_walks_links(via_socket: Any) -> None:
    # Over a real socket the links point at the loopback server, not at Spotify.
    emulator_token = httpx.post(
        f"{via_socket.accounts_url}/api/token",
        data={"grant_type": "client_credentials"},
        auth=(via_socket.emulator.client_id, via_socket.emulator.client_secret),
    ).json()["access_token"]
    with Spotify(emulator_token) as spotify:
        page = spotify.playlist_items(BIG_PLAYLIST_ID, limit=50, offset=9_900)
        assert page.next is not None
        assert page.next.startswith(via_socket.api_url)
        assert len(list(spotify.all_items(page))) == 100
