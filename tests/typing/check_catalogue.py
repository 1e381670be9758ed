"""Typing of the catalogue areas (shows, episodes, audiobooks, chapters, browse, artist
extras, audio features), sync and async (mypy only)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import assert_type

from spotipy import Spotify
from spotipy.client import Async, Sync
from spotipy.model import (
    AudioAnalysis,
    AudioFeatures,
    Category,
    CategoryPaging,
    FullArtist,
    FullAudiobook,
    FullChapter,
    FullEpisode,
    FullShow,
    FullTrack,
    Recommendations,
    SimpleAlbumPaging,
    SimpleChapterPaging,
    SimpleEpisodePaging,
    SimplePlaylistPaging,
    SimpleShow,
)


def sync_calls(spotify: Spotify[Sync]) -> None:
    assert_type(spotify.show("x", market="SE"), FullShow)
    assert_type(spotify.shows(["x"]), list[SimpleShow | None])  # type: ignore[deprecated]
    assert_type(spotify.show_episodes("x", limit=5), SimpleEpisodePaging)
    assert_type(spotify.episode("x"), FullEpisode)
    assert_type(spotify.episodes("x"), list[FullEpisode | None])  # type: ignore[deprecated]
    assert_type(spotify.audiobook("x"), FullAudiobook)
    assert_type(spotify.audiobooks(["x"]), list[FullAudiobook | None])  # type: ignore[deprecated]
    assert_type(spotify.audiobook_chapters("x", offset=3), SimpleChapterPaging)
    assert_type(spotify.chapter("x"), FullChapter)
    assert_type(spotify.chapters(["x"]), list[FullChapter | None])  # type: ignore[deprecated]
    assert_type(spotify.artist_top_tracks("x", "SE"), list[FullTrack])  # type: ignore[deprecated]
    assert_type(spotify.artist_related_artists("x"), list[FullArtist])  # type: ignore[deprecated]
    assert_type(spotify.featured_playlists(locale="sv_SE"), tuple[str, SimplePlaylistPaging])  # type: ignore[deprecated]
    assert_type(spotify.new_releases(limit=3), SimpleAlbumPaging)  # type: ignore[deprecated]
    assert_type(spotify.categories(), CategoryPaging)  # type: ignore[deprecated]
    assert_type(spotify.category("toplists"), Category)  # type: ignore[deprecated]
    assert_type(spotify.category_playlists("toplists"), SimplePlaylistPaging)  # type: ignore[deprecated]
    assert_type(spotify.available_markets(), list[str])  # type: ignore[deprecated]
    assert_type(spotify.recommendations(genres=["folk"], min_energy=0.4), Recommendations)  # type: ignore[deprecated]
    assert_type(spotify.recommendation_genre_seeds(), list[str])  # type: ignore[deprecated]
    assert_type(spotify.track_audio_features("x"), AudioFeatures)  # type: ignore[deprecated]
    assert_type(spotify.tracks_audio_features(["x"]), list[AudioFeatures | None])  # type: ignore[deprecated]
    assert_type(spotify.track_audio_analysis("x"), AudioAnalysis)  # type: ignore[deprecated]


def async_calls(spotify: Spotify[Async]) -> None:
    assert_type(spotify.show("x"), Awaitable[FullShow])
    assert_type(spotify.shows(["x"]), Awaitable[list[SimpleShow | None]])  # type: ignore[deprecated]
    assert_type(spotify.show_episodes("x"), Awaitable[SimpleEpisodePaging])
    assert_type(spotify.episode("x"), Awaitable[FullEpisode])
    assert_type(spotify.episodes(["x"]), Awaitable[list[FullEpisode | None]])  # type: ignore[deprecated]
    assert_type(spotify.audiobook("x"), Awaitable[FullAudiobook])
    assert_type(spotify.audiobooks(["x"]), Awaitable[list[FullAudiobook | None]])  # type: ignore[deprecated]
    assert_type(spotify.audiobook_chapters("x"), Awaitable[SimpleChapterPaging])
    assert_type(spotify.chapter("x"), Awaitable[FullChapter])
    assert_type(spotify.chapters(["x"]), Awaitable[list[FullChapter | None]])  # type: ignore[deprecated]
    assert_type(spotify.artist_top_tracks("x", None), Awaitable[list[FullTrack]])  # type: ignore[deprecated]
    assert_type(spotify.artist_related_artists("x"), Awaitable[list[FullArtist]])  # type: ignore[deprecated]
    assert_type(spotify.featured_playlists(), Awaitable[tuple[str, SimplePlaylistPaging]])  # type: ignore[deprecated]
    assert_type(spotify.new_releases(), Awaitable[SimpleAlbumPaging])  # type: ignore[deprecated]
    assert_type(spotify.categories(locale="sv_SE"), Awaitable[CategoryPaging])  # type: ignore[deprecated]
    assert_type(spotify.category("toplists"), Awaitable[Category])  # type: ignore[deprecated]
    assert_type(spotify.category_playlists("toplists"), Awaitable[SimplePlaylistPaging])  # type: ignore[deprecated]
    assert_type(spotify.available_markets(), Awaitable[list[str]])  # type: ignore[deprecated]
    assert_type(spotify.recommendations("x", target_tempo=120), Awaitable[Recommendations])  # type: ignore[deprecated]
    assert_type(spotify.recommendation_genre_seeds(), Awaitable[list[str]])  # type: ignore[deprecated]
    assert_type(spotify.track_audio_features("x"), Awaitable[AudioFeatures])  # type: ignore[deprecated]
    assert_type(spotify.tracks_audio_features("x"), Awaitable[list[AudioFeatures | None]])  # type: ignore[deprecated]
    assert_type(spotify.track_audio_analysis("x"), Awaitable[AudioAnalysis])  # type: ignore[deprecated]
