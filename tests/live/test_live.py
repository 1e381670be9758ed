"""Against the real Spotify: opt-in with ``pytest -m live``, skipped without credentials.

Needs ``SPOTIPY_CLIENT_ID`` and ``SPOTIPY_CLIENT_SECRET``; uses an app token only.
"""

from __future__ import annotations

import asyncio
import os

import pytest

from spotipy import Credentials, Spotify
from spotipy.client import Sync

pytestmark = pytest.mark.live

#: Stable catalogue IDs (an artist and one of its albums).
ARTIST = "0OdUWJ0sBjDrqHygGUXeCF"


@pytest.fixture(scope="module")
def credentials() -> Credentials[Sync]:
    client_id = os.environ.get("SPOTIPY_CLIENT_ID")
    client_secret = os.environ.get("SPOTIPY_CLIENT_SECRET")
    if not client_id or not client_secret:
        pytest.skip("SPOTIPY_CLIENT_ID and SPOTIPY_CLIENT_SECRET are not set")
    for name in ("SPOTIPY_API_URL", "SPOTIPY_ACCOUNTS_URL"):
        os.environ.pop(name, None)
    return Credentials(client_id, client_secret)


def test_catalogue_story(credentials: Credentials[Sync]) -> None:
    token = credentials.request_client_token()
    with Spotify(token) as spotify:
        artist = spotify.artist(ARTIST)
        assert artist.id == ARTIST
        albums = spotify.artist_albums(ARTIST, limit=5)
        assert albums.items
        (tracks,) = spotify.search("piano", limit=5)
        assert tracks.items
        second = spotify.next(tracks)
        assert second is not None
        assert second.offset == 5


def test_async_story(credentials: Credentials[Sync]) -> None:
    async def story() -> str:
        token = credentials.request_client_token()
        async with Spotify(token, asynchronous=True) as spotify:
            artist = await spotify.artist(ARTIST)
            return artist.name

    assert asyncio.run(story())
