"""Following: what following changes, seen through later calls, and Spotify's errors."""

from __future__ import annotations

from typing import Any

import pytest

from spotipy import Spotify
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.errors import ConversionError, Forbidden, NotFound
from spotipy.model import FullArtistCursorPaging
from tests.client.test_library import SCOPES, api_requests, user_client
from tests.conftest import Runner


@pytest.fixture
def user(emulator: Emulator, mode: str) -> Spotify[Any]:
    return user_client(emulator, mode)


def other_playlist(emulator: Emulator) -> str:
    owned = set(emulator.catalogue.playlists_owned_by(DEFAULT_USER_ID))
    return next(p for p in emulator.catalogue.playlist_ids if p not in owned)


def test_followed_artists_pages_by_cursor(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    artists = emulator.catalogue.artist_ids[10:15]
    run(user.artists_follow(artists))
    first = run(user.followed_artists(limit=2))
    assert isinstance(first, FullArtistCursorPaging)
    assert first.total == 5
    newest_first = artists[::-1]
    assert [a.id for a in first.items] == newest_first[:2]
    assert first.cursors is not None
    assert first.cursors.after == newest_first[1]
    pages = run.collect(user.all_pages(first))
    assert [a.id for p in pages for a in p.items] == newest_first
    # The rest comes in the operation's largest pages: 3 artists in one page, not two.
    assert [len(p.items) for p in pages] == [2, 3]
    assert pages[-1].next is None
    after = run(user.followed_artists(after=f"spotify:artist:{newest_first[2]}"))
    assert [a.id for a in after.items] == newest_first[3:]
    assert "after=" in emulator.requests[-1].url


def test_follow_then_is_following_then_unfollow(
    user: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    c = emulator.catalogue
    artists, users = c.artist_ids[:3], c.user_ids[2:5]
    run(user.artists_follow(artists[:2]))
    run(user.users_follow(users[1]))  # one string is one ID
    assert run(user.artists_is_following(artists)) == [True, True, False]
    assert run(user.users_is_following(users)) == [False, True, False]
    # Artists and users are kept apart even when the IDs could be either.
    assert run(user.library_contains([f"spotify:artist:{artists[0]}"])) == [True]
    run(user.artists_unfollow([artists[0]]))
    run(user.users_unfollow(users))
    assert run(user.artists_is_following(artists)) == [False, True, False]
    assert run(user.users_is_following(users)) == [False, False, False]
    assert run(user.followed_artists()).total == 1


def test_playlist_follow_and_unfollow(user: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    playlist = other_playlist(emulator)
    assert run(user.playlist_is_following(playlist)) == [False]
    run(user.playlist_follow(playlist, public=False))
    assert emulator.requests[-1].body == b'{"public":false}'
    assert run(user.playlist_is_following(playlist)) == [True]
    assert run(user.playlist_is_following(playlist, DEFAULT_USER_ID)) == [True]
    assert run(user.library_contains([f"spotify:playlist:{playlist}"])) == [True]
    # Another user's answer is their own.
    other = emulator.catalogue.user_ids[3]
    assert run(user.playlist_is_following(playlist, [f"spotify:user:{other}"])) == [False]
    run(user.playlist_unfollow(playlist))
    assert run(user.playlist_is_following(playlist)) == [False]


def test_following_a_playlist_needs_the_matching_scope(
    run: Runner, mode: str, emulator: Emulator
) -> None:
    playlist = other_playlist(emulator)
    public_only = user_client(emulator, mode, ("playlist-modify-public",))
    run(public_only.playlist_follow(playlist))
    with pytest.raises(Forbidden) as info:
        run(public_only.playlist_follow(playlist, public=False))
    assert (info.value.status, info.value.message) == (403, "Insufficient client scope")
    assert run(public_only.playlist_is_following(playlist)) == [True]


def test_follow_errors(user: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    playlist = other_playlist(emulator)
    before = api_requests(emulator)
    with pytest.raises(ValueError, match="at most 1"):
        run(user.playlist_is_following(playlist, emulator.catalogue.user_ids[:2]))
    with pytest.raises(ConversionError):
        run(user.followed_artists(after="spotify:album:" + "a" * 22))
    with pytest.raises(TypeError):
        run(user.playlist_follow(playlist, public="false"))  # type: ignore[arg-type]
    with pytest.raises(ConversionError):
        run(user.users_follow(["not a user!"]))
    assert api_requests(emulator) == before
    with pytest.raises(NotFound):
        run(user.artists_follow(["0" * 22]))
    with pytest.raises(NotFound):
        run(user.playlist_follow("0" * 22))
    assert run(user.followed_artists()).total == 0


def test_scopes_are_explained(run: Runner, mode: str, emulator: Emulator) -> None:
    writer = user_client(emulator, mode, tuple(s for s in SCOPES if s != "user-follow-read"))
    with pytest.raises(Forbidden, match="needs scope: user-follow-read") as info:
        run(writer.followed_artists())
    assert info.value.message == "Insufficient client scope"
