"""Playlist entries: track or item, episodes, local files, unknown types and nulls."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from spotipy.model import (
    FullEpisode,
    FullPlaylist,
    FullTrack,
    LocalAlbum,
    LocalArtist,
    LocalTrack,
    PlaylistTrack,
    PlaylistTrackPaging,
    PlaylistTracksRef,
    SimplePlaylist,
    UnknownItem,
    decode,
)
from spotipy.serialise import to_json
from tests.unit import test_model_payloads as p


def _entry(payload: dict[str, Any]) -> PlaylistTrack:
    return decode(p.encode(payload), PlaylistTrack)


def _page(*entries: Any) -> PlaylistTrackPaging:
    return decode(p.encode(p.paging(list(entries), "playlists/x/items")), PlaylistTrackPaging)


# -- item and track ------------------------------------------------------------------


@pytest.mark.parametrize("keys", [("item",), ("track",), ("item", "track"), ("track", "item")])
def test_item_and_track_are_both_set(keys: tuple[str, ...]) -> None:
    entry = _entry(p.playlist_entry(p.full_track(), keys=keys))
    assert isinstance(entry.item, FullTrack)
    assert entry.track is entry.item
    assert entry.item.id == "11dFghVXANMlKmJXsNCbNl"


def test_item_wins_when_both_differ() -> None:
    payload = p.playlist_entry(p.full_track(), keys=("item",))
    payload["track"] = p.full_track("2takcwOaAZWiXQijPHIx7B")
    entry = _entry(payload)
    assert entry.item is not None
    assert entry.item.id == "11dFghVXANMlKmJXsNCbNl"
    assert entry.track is entry.item


def test_null_item_falls_back_to_track() -> None:
    payload = p.playlist_entry(p.full_track(), keys=("track",))
    payload["item"] = None
    entry = _entry(payload)
    assert isinstance(entry.item, FullTrack)
    assert entry.track is entry.item


@pytest.mark.parametrize("keys", [(), ("item",), ("track",), ("item", "track")])
def test_entry_without_an_item(keys: tuple[str, ...]) -> None:
    entry = _entry(p.playlist_entry(None, keys=keys))
    assert entry.item is None
    assert entry.track is None
    assert entry.added_by is not None  # the rest of the entry is kept


def test_constructed_entries_mirror_too() -> None:
    track = decode(p.encode(p.full_track()), FullTrack)
    assert PlaylistTrack(item=track).track is track
    assert PlaylistTrack(track=track).item is track
    assert PlaylistTrack().item is None


# -- what an entry can hold ----------------------------------------------------------


def test_episode_entry() -> None:
    entry = _entry(p.playlist_entry(p.full_episode()))
    assert isinstance(entry.item, FullEpisode)
    assert entry.item.show is not None
    assert entry.item.show.name == "Tide Tables"


def test_episode_that_is_not_track_shaped() -> None:
    odd = p.full_episode()
    odd["album"] = "not an album"  # fails as a track, not as an episode
    entry = _entry(p.playlist_entry(odd))
    assert isinstance(entry.item, FullEpisode)
    assert entry.item.name == "Episode 12: Spring tides"


def test_local_track_entry() -> None:
    entry = _entry(p.playlist_entry(p.local_track()))
    assert entry.is_local is True
    item = entry.item
    assert isinstance(item, LocalTrack)
    assert item.id is None
    assert item.uri == "spotify:local:Me:Home+Recordings:Demo+3:187"
    assert item.name == "Demo 3"
    assert item.duration_ms == 187000
    assert isinstance(item.album, LocalAlbum)
    assert item.album.name == "Home Recordings"
    assert item.artists is not None
    assert item.artists == [LocalArtist(name="Me", external_urls={}, type="artist")]


def test_local_item_in_an_entry_not_marked_local() -> None:
    payload = p.playlist_entry(p.local_track())
    del payload["is_local"]
    assert isinstance(_entry(payload).item, LocalTrack)


@pytest.mark.parametrize("kind", ["audiobook", "video", "merch"])
def test_unknown_item_type_keeps_the_page_and_the_data(kind: str) -> None:
    odd = {
        "id": "5Q3VmNWhHUQqC3c5nuYtO5",
        "uri": f"spotify:{kind}:5Q3VmNWhHUQqC3c5nuYtO5",
        "name": "Something new",
        "type": kind,
        "novel": {"field": [1, 2, 3]},
    }
    page = _page(p.playlist_entry(p.full_track()), p.playlist_entry(odd))
    first, second = page.items
    assert isinstance(first.item, FullTrack)
    item = second.item
    assert isinstance(item, UnknownItem)
    assert item == odd  # everything Spotify sent
    assert (item.id, item.uri, item.name, item.type) == (
        odd["id"],
        odd["uri"],
        "Something new",
        kind,
    )
    assert second.track is item
    assert repr(item).startswith("UnknownItem({")


def test_unknown_item_attributes_tolerate_odd_values() -> None:
    item = UnknownItem({"id": 5, "name": None})
    assert item.id is None
    assert item.name is None
    assert item.uri is None
    assert item.type is None


def test_malformed_track_becomes_unknown_not_an_error() -> None:
    broken = p.full_track()
    broken["duration_ms"] = "three minutes"
    page = _page(p.playlist_entry(broken), p.playlist_entry(p.full_track()))
    assert isinstance(page.items[0].item, UnknownItem)
    assert page.items[0].item["duration_ms"] == "three minutes"
    assert isinstance(page.items[1].item, FullTrack)


def test_malformed_episode_becomes_unknown() -> None:
    broken = p.full_episode()
    broken["duration_ms"] = "an hour"
    entry = _entry(p.playlist_entry(broken))
    assert isinstance(entry.item, UnknownItem)
    assert entry.item.type == "episode"


def test_track_without_type_is_a_track() -> None:
    payload = p.full_track()
    del payload["type"]
    assert isinstance(_entry(p.playlist_entry(payload)).item, FullTrack)


@pytest.mark.parametrize("value", ["a string", 42, [1, 2], True])
def test_item_that_is_not_an_object(value: Any) -> None:
    entry = _entry(p.playlist_entry(value))
    assert entry.item is None


def test_null_entries_are_dropped() -> None:
    page = _page(None, p.playlist_entry(p.full_track()), None)
    assert len(page.items) == 1


def test_mixed_page() -> None:
    page = _page(
        p.playlist_entry(p.full_track(), keys=("item",)),
        p.playlist_entry(p.full_episode(), keys=("track",)),
        p.playlist_entry(p.local_track()),
        p.playlist_entry(None),
        p.playlist_entry({"type": "chapter", "id": "c", "uri": "spotify:chapter:c", "name": "n"}),
    )
    kinds = [type(e.item).__name__ for e in page.items]
    assert kinds == ["FullTrack", "FullEpisode", "LocalTrack", "NoneType", "UnknownItem"]
    assert all(e.track is e.item for e in page.items)


def _shapes() -> dict[str, Any]:
    """Entries of every shape, each decoded on its own as PlaylistTrack first."""
    local_unmarked = p.playlist_entry(p.local_track())
    del local_unmarked["is_local"]
    untyped = p.full_track()
    del untyped["type"]
    differ = p.playlist_entry(p.full_track(), keys=("item",))
    differ["track"] = p.full_track("2takcwOaAZWiXQijPHIx7B")
    null_item = p.playlist_entry(p.full_track(), keys=("track",))
    null_item["item"] = None
    odd_time = p.playlist_entry(p.full_track())
    odd_time["added_at"] = "yesterday"
    broken = p.full_track()
    broken["duration_ms"] = "three minutes"
    local_full = p.full_track()
    local_full["is_local"] = True  # a local file with all a track's fields
    return {
        "item only": p.playlist_entry(p.full_track(), keys=("item",)),
        "track only": p.playlist_entry(p.full_track(), keys=("track",)),
        "item and track differ": differ,
        "null item, a track": null_item,
        "no item": p.playlist_entry(None),
        "not an object": p.playlist_entry("a string"),
        "track without type": p.playlist_entry(untyped),
        "odd added_at": odd_time,
        "episode": p.playlist_entry(p.full_episode()),
        "local": p.playlist_entry(p.local_track()),
        "local, not marked": local_unmarked,
        "local, track-shaped": p.playlist_entry(local_full),
        "chapter": p.playlist_entry({"type": "chapter", "id": "c", "name": "n"}),
        "malformed track": p.playlist_entry(broken),
    }


@pytest.mark.parametrize("shape", list(_shapes()))
@pytest.mark.parametrize("where", [0, 1, 2])
def test_a_page_decodes_each_entry_as_the_entry_alone(shape: str, where: int) -> None:
    # A page of tracks is decoded typed in one go; whatever its entries hold, each must
    # come out as it does decoded on its own (item and track the same object).
    entries: list[Any] = [p.playlist_entry(p.full_track(f"{n:022}")) for n in range(3)]
    entries[where] = _shapes()[shape]
    page = _page(*entries)
    alone = [_entry(entry) for entry in entries]
    assert page.items == alone
    assert [type(e.item) for e in page.items] == [type(e.item) for e in alone]
    assert all(e.track is e.item for e in page.items)
    assert type(page) is PlaylistTrackPaging
    assert all(type(e) is PlaylistTrack for e in page.items)


def test_entries_round_trip_through_json() -> None:
    page = _page(
        p.playlist_entry(p.full_track(), keys=("item",)),
        p.playlist_entry(p.full_episode()),
        p.playlist_entry(p.local_track()),
        p.playlist_entry(None),
        p.playlist_entry({"type": "video", "id": "v", "nested": {"a": [1]}}),
    )
    again = decode(to_json(page).encode(), type(page))
    assert again == page
    assert [type(e.item) for e in again.items] == [type(e.item) for e in page.items]


# -- playlists -----------------------------------------------------------------------


@pytest.mark.parametrize("keys", [("items",), ("tracks",), ("items", "tracks")])
def test_full_playlist_items_and_tracks(keys: tuple[str, ...]) -> None:
    playlist = decode(p.encode(p.full_playlist(keys=keys)), FullPlaylist)
    assert playlist.items is not None
    assert playlist.tracks is playlist.items
    assert len(playlist.items.items) == 3
    assert isinstance(playlist.items, PlaylistTrackPaging)


def test_full_playlist_without_entries() -> None:
    playlist = decode(p.encode(p.full_playlist(keys=())), FullPlaylist)
    assert playlist.items is None
    assert playlist.tracks is None
    payload = p.full_playlist(keys=("tracks",))
    payload["items"] = None
    assert decode(p.encode(payload), FullPlaylist).items is not None


def test_full_playlist_with_a_broken_entry_page_raises() -> None:
    payload = p.full_playlist(keys=())
    payload["items"] = {"href": "h", "total": 1}  # no items: not a page
    with pytest.raises(msgspec.ValidationError):
        decode(p.encode(payload), FullPlaylist)


@pytest.mark.parametrize("keys", [("items",), ("tracks",), ("items", "tracks")])
def test_simple_playlist_items_and_tracks(keys: tuple[str, ...]) -> None:
    playlist = decode(p.encode(p.simple_playlist(keys=keys)), SimplePlaylist)
    assert playlist.items == PlaylistTracksRef(
        href=f"{p.API}/playlists/3cEYpjA9oz9GiPac4AsH4n/items", total=3
    )
    assert playlist.tracks is playlist.items


def test_full_playlist_round_trips() -> None:
    playlist = decode(p.encode(p.full_playlist(keys=("tracks",))), FullPlaylist)
    assert decode(to_json(playlist).encode(), FullPlaylist) == playlist
