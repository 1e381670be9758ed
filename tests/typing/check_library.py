"""Typing of the library area, sync and async (mypy only)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import assert_type

from spotipy import Spotify
from spotipy.client import Async, Sync
from spotipy.model import (
    SavedAlbumPaging,
    SavedAudiobookPaging,
    SavedEpisodePaging,
    SavedShowPaging,
    SavedTrackPaging,
)


def sync_calls(spotify: Spotify[Sync]) -> None:
    assert_type(spotify.saved_albums(market="SE", limit=5, offset=0), SavedAlbumPaging)
    assert_type(spotify.saved_albums_contains(["x"]), list[bool])  # type: ignore[deprecated]
    assert_type(spotify.saved_albums_add("x"), None)  # type: ignore[deprecated]
    assert_type(spotify.saved_albums_delete(["x"]), None)  # type: ignore[deprecated]
    assert_type(spotify.saved_tracks(market="SE", limit=5, offset=0), SavedTrackPaging)
    assert_type(spotify.saved_tracks_contains(["x"]), list[bool])  # type: ignore[deprecated]
    assert_type(spotify.saved_tracks_add(["x"]), None)  # type: ignore[deprecated]
    assert_type(spotify.saved_tracks_delete(["x"]), None)  # type: ignore[deprecated]
    assert_type(spotify.saved_episodes(market="SE", limit=5, offset=0), SavedEpisodePaging)
    assert_type(spotify.saved_episodes_contains(["x"]), list[bool])  # type: ignore[deprecated]
    assert_type(spotify.saved_episodes_add(["x"]), None)  # type: ignore[deprecated]
    assert_type(spotify.saved_episodes_delete(["x"]), None)  # type: ignore[deprecated]
    assert_type(spotify.saved_shows(limit=5, offset=0), SavedShowPaging)
    assert_type(spotify.saved_shows_contains(["x"]), list[bool])  # type: ignore[deprecated]
    assert_type(spotify.saved_shows_add(["x"]), None)  # type: ignore[deprecated]
    assert_type(spotify.saved_shows_delete(["x"]), None)  # type: ignore[deprecated]
    assert_type(spotify.saved_audiobooks(limit=5, offset=0), SavedAudiobookPaging)
    assert_type(spotify.saved_audiobooks_contains(["x"]), list[bool])  # type: ignore[deprecated]
    assert_type(spotify.saved_audiobooks_add(["x"]), None)  # type: ignore[deprecated]
    assert_type(spotify.saved_audiobooks_delete(["x"]), None)  # type: ignore[deprecated]
    assert_type(spotify.library_add(["spotify:track:x"]), None)
    assert_type(spotify.library_remove("spotify:album:x"), None)
    assert_type(spotify.library_contains(["spotify:artist:x"]), list[bool])


def async_calls(spotify: Spotify[Async]) -> None:
    assert_type(spotify.saved_albums(), Awaitable[SavedAlbumPaging])
    assert_type(spotify.saved_albums_contains(["x"]), Awaitable[list[bool]])  # type: ignore[deprecated]
    assert_type(spotify.saved_albums_add(["x"]), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.saved_albums_delete(["x"]), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.saved_tracks(), Awaitable[SavedTrackPaging])
    assert_type(spotify.saved_tracks_contains(["x"]), Awaitable[list[bool]])  # type: ignore[deprecated]
    assert_type(spotify.saved_tracks_add(["x"]), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.saved_tracks_delete(["x"]), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.saved_episodes(), Awaitable[SavedEpisodePaging])
    assert_type(spotify.saved_episodes_contains(["x"]), Awaitable[list[bool]])  # type: ignore[deprecated]
    assert_type(spotify.saved_episodes_add(["x"]), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.saved_episodes_delete(["x"]), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.saved_shows(), Awaitable[SavedShowPaging])
    assert_type(spotify.saved_shows_contains(["x"]), Awaitable[list[bool]])  # type: ignore[deprecated]
    assert_type(spotify.saved_shows_add(["x"]), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.saved_shows_delete(["x"]), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.saved_audiobooks(), Awaitable[SavedAudiobookPaging])
    assert_type(spotify.saved_audiobooks_contains(["x"]), Awaitable[list[bool]])  # type: ignore[deprecated]
    assert_type(spotify.saved_audiobooks_add(["x"]), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.saved_audiobooks_delete(["x"]), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.library_add(["spotify:track:x"]), Awaitable[None])
    assert_type(spotify.library_remove(["spotify:track:x"]), Awaitable[None])
    assert_type(spotify.library_contains(["spotify:track:x"]), Awaitable[list[bool]])
