"""Typing of the follow area, sync and async (mypy only)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import assert_type

from spotipy import Spotify
from spotipy.client import Async, Sync
from spotipy.model import FullArtistCursorPaging


def sync_calls(spotify: Spotify[Sync]) -> None:
    assert_type(spotify.playlist_is_following("x"), list[bool])  # type: ignore[deprecated]
    assert_type(spotify.playlist_is_following("x", ["u"]), list[bool])  # type: ignore[deprecated]
    assert_type(spotify.playlist_follow("x", public=False), None)  # type: ignore[deprecated]
    assert_type(spotify.playlist_unfollow("x"), None)  # type: ignore[deprecated]
    assert_type(spotify.followed_artists(limit=5, after="x"), FullArtistCursorPaging)
    assert_type(spotify.artists_is_following(["x"]), list[bool])  # type: ignore[deprecated]
    assert_type(spotify.artists_follow(["x"]), None)  # type: ignore[deprecated]
    assert_type(spotify.artists_unfollow("x"), None)  # type: ignore[deprecated]
    assert_type(spotify.users_is_following(["x"]), list[bool])  # type: ignore[deprecated]
    assert_type(spotify.users_follow(["x"]), None)  # type: ignore[deprecated]
    assert_type(spotify.users_unfollow(["x"]), None)  # type: ignore[deprecated]
    page = spotify.followed_artists()
    assert_type(spotify.next(page), FullArtistCursorPaging | None)


def async_calls(spotify: Spotify[Async]) -> None:
    assert_type(spotify.playlist_is_following("x"), Awaitable[list[bool]])  # type: ignore[deprecated]
    assert_type(spotify.playlist_follow("x"), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.playlist_unfollow("x"), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.followed_artists(), Awaitable[FullArtistCursorPaging])
    assert_type(spotify.artists_is_following(["x"]), Awaitable[list[bool]])  # type: ignore[deprecated]
    assert_type(spotify.artists_follow(["x"]), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.artists_unfollow(["x"]), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.users_is_following(["x"]), Awaitable[list[bool]])  # type: ignore[deprecated]
    assert_type(spotify.users_follow(["x"]), Awaitable[None])  # type: ignore[deprecated]
    assert_type(spotify.users_unfollow(["x"]), Awaitable[None])  # type: ignore[deprecated]
