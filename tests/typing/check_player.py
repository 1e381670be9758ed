"""Typing of the player area and the user's top items, sync and async (mypy only)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import assert_type

from spotipy import Spotify
from spotipy.client import Async, Sync
from spotipy.model import (
    CurrentlyPlaying,
    CurrentlyPlayingContext,
    Device,
    FullArtistOffsetPaging,
    FullTrackPaging,
    PlayHistoryPaging,
    Queue,
    RepeatState,
)


def sync_calls(spotify: Spotify[Sync]) -> None:
    assert_type(spotify.playback(), CurrentlyPlayingContext | None)
    assert_type(spotify.playback("SE", ["track"]), CurrentlyPlayingContext | None)
    assert_type(spotify.playback_currently_playing(market="SE"), CurrentlyPlaying | None)
    assert_type(spotify.playback_recently_played(10, before=1), PlayHistoryPaging)
    assert_type(spotify.playback_devices(), list[Device])
    assert_type(spotify.playback_queue(), Queue)
    assert_type(spotify.playback_queue_add("spotify:episode:x", device_id="d"), None)
    assert_type(spotify.playback_transfer("d", force_play=True), None)
    assert_type(spotify.playback_resume(), None)
    assert_type(spotify.playback_start_tracks(["x", "y"], 1, 500, "d"), None)
    assert_type(spotify.playback_start_context("spotify:album:x", offset="x"), None)
    assert_type(spotify.playback_pause(), None)
    assert_type(spotify.playback_next(), None)
    assert_type(spotify.playback_previous(), None)
    assert_type(spotify.playback_seek(1_000), None)
    assert_type(spotify.playback_repeat(RepeatState.track), None)
    assert_type(spotify.playback_repeat("off"), None)
    assert_type(spotify.playback_shuffle(True), None)
    assert_type(spotify.playback_volume(50), None)
    assert_type(spotify.current_user_top_artists("short_term"), FullArtistOffsetPaging)
    assert_type(spotify.current_user_top_tracks(limit=50), FullTrackPaging)


def async_calls(spotify: Spotify[Async]) -> None:
    assert_type(spotify.playback(), Awaitable[CurrentlyPlayingContext | None])
    assert_type(spotify.playback_currently_playing(), Awaitable[CurrentlyPlaying | None])
    assert_type(spotify.playback_recently_played(after=1), Awaitable[PlayHistoryPaging])
    assert_type(spotify.playback_devices(), Awaitable[list[Device]])
    assert_type(spotify.playback_queue(), Awaitable[Queue])
    assert_type(spotify.playback_queue_add("x"), Awaitable[None])
    assert_type(spotify.playback_transfer("d"), Awaitable[None])
    assert_type(spotify.playback_resume("d"), Awaitable[None])
    assert_type(spotify.playback_start_tracks("x"), Awaitable[None])
    assert_type(spotify.playback_start_context("spotify:playlist:x", 3), Awaitable[None])
    assert_type(spotify.playback_pause("d"), Awaitable[None])
    assert_type(spotify.playback_next("d"), Awaitable[None])
    assert_type(spotify.playback_previous("d"), Awaitable[None])
    assert_type(spotify.playback_seek(0, "d"), Awaitable[None])
    assert_type(spotify.playback_repeat("context", "d"), Awaitable[None])
    assert_type(spotify.playback_shuffle(False, "d"), Awaitable[None])
    assert_type(spotify.playback_volume(0, "d"), Awaitable[None])
    assert_type(spotify.current_user_top_artists(), Awaitable[FullArtistOffsetPaging])
    assert_type(spotify.current_user_top_tracks("long_term", 5, 10), Awaitable[FullTrackPaging])
