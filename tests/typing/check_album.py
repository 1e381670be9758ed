"""Typing of the album, artist, track and user areas, sync and async (mypy only)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import assert_type

from spotipy import Spotify
from spotipy.client import Async, Sync
from spotipy.model import FullAlbum, FullArtist, FullTrack, PlaylistTrackPaging, PublicUser


def sync_calls(spotify: Spotify[Sync]) -> None:
    assert_type(spotify.albums(["x"]), list[FullAlbum | None])  # type: ignore[deprecated]
    assert_type(spotify.artists("x"), list[FullArtist | None])  # type: ignore[deprecated]
    assert_type(spotify.tracks(["x"], market="SE"), list[FullTrack | None])  # type: ignore[deprecated]
    assert_type(spotify.user("x"), PublicUser)  # type: ignore[deprecated]
    assert_type(spotify.playlist_tracks_legacy("x"), PlaylistTrackPaging)  # type: ignore[deprecated]
    with spotify.chunked(False) as same, spotify.max_limits(True):
        assert_type(same, Spotify[Sync])


def async_calls(spotify: Spotify[Async]) -> None:
    assert_type(spotify.albums(["x"]), Awaitable[list[FullAlbum | None]])  # type: ignore[deprecated]
    assert_type(spotify.user("x"), Awaitable[PublicUser])  # type: ignore[deprecated]


def market_lists(track: FullTrack, album: FullAlbum) -> None:
    # Shared between the objects that sent equal lists, so immutable: tuples.
    assert_type(track.available_markets, tuple[str, ...] | None)
    assert_type(album.available_markets, tuple[str, ...] | None)
