"""Static checks of the client's modes, run by ``mypy --strict`` (not by pytest)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any, assert_type

from spotipy import Credentials, Spotify
from spotipy.auth import Token
from spotipy.client import Async, Sync
from spotipy.model import (
    FullAlbum,
    FullArtist,
    FullArtistOffsetPaging,
    FullPlaylist,
    FullTrack,
    FullTrackPaging,
    OffsetPaging,
    PlaylistTrack,
    PlaylistTrackPaging,
    PrivateUser,
    SimpleAlbumPaging,
    SimpleEpisodePaging,
    SimpleShowPaging,
    SimpleTrack,
    SimpleTrackPaging,
)
from spotipy.sender import AsyncPersistentSender, PersistentSender, RetryingSender


def sync_client(token: Token) -> None:
    spotify = Spotify(token)
    assert_type(spotify, Spotify[Sync])
    assert_type(Spotify(token, PersistentSender()), Spotify[Sync])
    assert_type(Spotify(sender=RetryingSender(retries=2)), Spotify[Sync])
    assert_type(spotify.album("x"), FullAlbum)
    assert_type(spotify.album_tracks("x", limit=10), SimpleTrackPaging)
    assert_type(spotify.artist("x"), FullArtist)
    assert_type(spotify.artist_albums("x"), SimpleAlbumPaging)
    assert_type(spotify.track("x", market="SE"), FullTrack)
    assert_type(spotify.search("q", ("track",)), tuple[FullTrackPaging])
    assert_type(spotify.search("q"), tuple[FullTrackPaging])
    assert_type(spotify.search("q", ("artist",), limit=5), tuple[FullArtistOffsetPaging])
    assert_type(spotify.search("q", "album"), tuple[SimpleAlbumPaging])
    assert_type(spotify.search("q", ("show",)), tuple[SimpleShowPaging])
    # ``types`` (and ``query``) by keyword, as the README writes it.
    assert_type(spotify.search("q", types=("track",), limit=10), tuple[FullTrackPaging])
    assert_type(spotify.search(query="q", types="album"), tuple[SimpleAlbumPaging])
    tracks, _albums = spotify.search("q", ("track", "album"))
    assert_type(tracks, OffsetPaging[Any])
    assert_type(spotify.current_user(), PrivateUser)
    assert_type(spotify.playlist("x"), FullPlaylist)
    page = spotify.playlist_tracks("x", limit=10)
    assert_type(page, PlaylistTrackPaging)
    assert_type(spotify.next(page), PlaylistTrackPaging | None)
    assert_type(spotify.previous(page), PlaylistTrackPaging | None)
    assert_type(spotify.all_pages(page), Iterator[PlaylistTrackPaging])
    assert_type(spotify.all_items(page), Iterator[PlaylistTrack])
    assert_type(spotify.all_items(page, concurrency=8, max_items=100), Iterator[PlaylistTrack])
    assert_type(spotify.all_pages(page, concurrency=4), Iterator[PlaylistTrackPaging])
    tracks = spotify.album_tracks("x")
    assert_type(spotify.all_items(tracks), Iterator[SimpleTrack])
    with spotify.token_as("other") as same:
        assert_type(same, Spotify[Sync])
    assert_type(Credentials("id", "secret").request_client_token(), Token)


async def async_client(token: Token) -> None:
    spotify = Spotify(token, asynchronous=True)
    assert_type(spotify, Spotify[Async])
    assert_type(Spotify(token, AsyncPersistentSender()), Spotify[Async])
    assert_type(Spotify(sender=AsyncPersistentSender()), Spotify[Async])
    assert_type(spotify.album("x"), Awaitable[FullAlbum])
    assert_type(await spotify.artist("x"), FullArtist)
    assert_type(await spotify.current_user(), PrivateUser)
    assert_type(await spotify.search("q", ("episode",)), tuple[SimpleEpisodePaging])
    page = await spotify.playlist_items("x", limit=10)
    assert_type(page, PlaylistTrackPaging)
    assert_type(await spotify.next(page), PlaylistTrackPaging | None)
    assert_type(await spotify.previous(page), PlaylistTrackPaging | None)
    assert_type(spotify.all_pages(page), AsyncIterator[PlaylistTrackPaging])
    assert_type(spotify.all_items(page), AsyncIterator[PlaylistTrack])
    with spotify.token_as("other") as same:
        assert_type(same, Spotify[Async])
    creds = Credentials("id", "secret", asynchronous=True)
    assert_type(await creds.request_client_token(), Token)
