"""Typing of the playlist area, sync and async (mypy only)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, assert_type

from spotipy import Spotify
from spotipy.client import Async, Sync
from spotipy.model import FullPlaylist, Image, PlaylistTrackPaging, SimplePlaylistPaging


def sync_calls(spotify: Spotify[Sync]) -> None:
    assert_type(spotify.playlist("x"), FullPlaylist)
    assert_type(spotify.playlist_items("x"), PlaylistTrackPaging)
    assert_type(spotify.playlist_tracks("x"), PlaylistTrackPaging)
    assert_type(spotify.playlist_fields("x", "name"), dict[str, Any])
    assert_type(spotify.playlist_items_fields("x", "total"), dict[str, Any])
    assert_type(spotify.followed_playlists(), SimplePlaylistPaging)
    assert_type(spotify.playlists("u"), SimplePlaylistPaging)  # type: ignore[deprecated]
    assert_type(spotify.playlist_create("n", False, "d", collaborative=True), FullPlaylist)
    assert_type(spotify.playlist_create_for_user("u", "n"), FullPlaylist)  # type: ignore[deprecated]
    assert_type(spotify.playlist_change_details("x", name="n", public=False), None)
    assert_type(spotify.playlist_cover_image("x"), list[Image])
    assert_type(spotify.playlist_cover_image_upload("x", b"\xff\xd8"), None)
    assert_type(spotify.playlist_add("x", ["t"], 0), str)
    assert_type(spotify.playlist_remove("x", ["t"], snapshot_id="s"), str)
    assert_type(spotify.playlist_reorder("x", 0, 3, range_length=2), str)
    assert_type(spotify.playlist_replace("x", ["t"]), str)
    assert_type(spotify.playlist_tracks_add("x", ["t"], position=1), str)
    assert_type(spotify.playlist_tracks_replace("x", ["t"]), str)
    assert_type(spotify.playlist_tracks_reorder("x", 0, 3), str)
    assert_type(spotify.playlist_tracks_remove("x", ["t"]), str)
    assert_type(spotify.playlist_tracks_remove_occurrences("x", [("t", 1)]), str)
    assert_type(spotify.playlist_tracks_remove_indices("x", [0, 2], "s"), str)
    assert_type(spotify.playlist_tracks_add_legacy("x", ["t"]), str)  # type: ignore[deprecated]
    assert_type(spotify.playlist_tracks_update_legacy("x", ["t"]), str)  # type: ignore[deprecated]
    assert_type(spotify.playlist_tracks_remove_legacy("x", ["t"]), str)  # type: ignore[deprecated]


def async_calls(spotify: Spotify[Async]) -> None:
    assert_type(spotify.playlist_fields("x", "name"), Awaitable[dict[str, Any]])
    assert_type(spotify.playlist_items_fields("x", "total"), Awaitable[dict[str, Any]])
    assert_type(spotify.followed_playlists(limit=5), Awaitable[SimplePlaylistPaging])
    assert_type(spotify.playlists("u"), Awaitable[SimplePlaylistPaging])  # type: ignore[deprecated]
    assert_type(spotify.playlist_create("n"), Awaitable[FullPlaylist])
    assert_type(
        spotify.playlist_create_for_user("u", "n"),  # type: ignore[deprecated]
        Awaitable[FullPlaylist],
    )
    assert_type(spotify.playlist_change_details("x", description=""), Awaitable[None])
    assert_type(spotify.playlist_cover_image("x"), Awaitable[list[Image]])
    assert_type(spotify.playlist_cover_image_upload("x", "/9j/"), Awaitable[None])
    assert_type(spotify.playlist_add("x", ["t"]), Awaitable[str])
    assert_type(spotify.playlist_remove("x", ["t"]), Awaitable[str])
    assert_type(spotify.playlist_reorder("x", 0, 3), Awaitable[str])
    assert_type(spotify.playlist_replace("x", ["t"]), Awaitable[str])
    assert_type(spotify.playlist_tracks_add("x", ["t"]), Awaitable[str])
    assert_type(spotify.playlist_tracks_replace("x", ["t"]), Awaitable[str])
    assert_type(spotify.playlist_tracks_reorder("x", 0, 3), Awaitable[str])
    assert_type(spotify.playlist_tracks_remove("x", ["t"]), Awaitable[str])
    assert_type(spotify.playlist_tracks_remove_occurrences("x", [("t", 1)]), Awaitable[str])
    assert_type(spotify.playlist_tracks_remove_indices("x", [0], "s"), Awaitable[str])
    assert_type(spotify.playlist_tracks_add_legacy("x", ["t"]), Awaitable[str])  # type: ignore[deprecated]
    assert_type(
        spotify.playlist_tracks_update_legacy("x", range_start=0, insert_before=2),  # type: ignore[deprecated]
        Awaitable[str],
    )
    assert_type(spotify.playlist_tracks_remove_legacy("x", ["t"]), Awaitable[str])  # type: ignore[deprecated]
