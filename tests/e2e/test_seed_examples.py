"""The seed page's examples about clients, senders and paging, verbatim.

They run over a real loopback socket: the emulator is served by uvicorn and the
library finds it through ``SPOTIPY_API_URL`` / ``SPOTIPY_ACCOUNTS_URL``, exactly as a
user would point it somewhere else.  Only the names the examples take for granted
(``token``, ``artist_id``, ``app_token``, ``user_token``) are set up beforehand.
"""

from __future__ import annotations

import asyncio
from typing import Any

from spotipy import Credentials
from spotipy.emulator import DEFAULT_USER_ID


def setup_names(server: Any) -> dict[str, Any]:
    emulator = server.emulator
    credentials = Credentials(emulator.client_id, emulator.client_secret)
    app_token = credentials.request_client_token()
    return {
        "token": app_token,
        "app_token": app_token,
        "user_token": emulator.user_token(DEFAULT_USER_ID, ["user-read-private"]),
        "artist_id": emulator.catalogue.artist_ids[0],
    }


def test_providing_tokens(via_socket: Any) -> None:
    names = setup_names(via_socket)
    token, artist_id = names["token"], names["artist_id"]
    from spotipy import Spotify

    s = Spotify(token)
    a = s.artist(artist_id)
    assert a.id == artist_id


def test_token_as(via_socket: Any) -> None:
    names = setup_names(via_socket)
    app_token, user_token, artist_id = names["app_token"], names["user_token"], names["artist_id"]
    from spotipy import Spotify

    s = Spotify(app_token)
    a = s.artist(artist_id)

    with s.token_as(user_token):
        user = s.current_user()

    assert a.id == artist_id
    assert user.id == DEFAULT_USER_ID
    assert s.token is app_token


def test_persistent_sender(via_socket: Any) -> None:
    from spotipy import Spotify
    from spotipy.sender import PersistentSender

    Spotify(sender=PersistentSender())

    spotify = Spotify(setup_names(via_socket)["token"], sender=PersistentSender())
    assert spotify.artist(setup_names(via_socket)["artist_id"]).name


def test_traversing_paging_objects(via_socket: Any) -> None:
    from spotipy import Spotify

    spotify = Spotify(setup_names(via_socket)["token"])

    tracks = spotify.playlist_tracks("37i9dQZEVXbMDoHDwVN2tF", limit=10)
    t_next = spotify.next(tracks)
    t_prev = spotify.previous(t_next)

    pages = spotify.all_pages(tracks)
    items = spotify.all_items(tracks)

    assert t_prev.offset == 0
    assert t_next.offset == 10
    assert sum(1 for _ in pages) == 1 + 200  # the rest in pages of 50, the largest
    assert sum(1 for _ in items) == 10_000


def test_async_equivalents(via_socket: Any) -> None:
    from spotipy import Spotify
    from spotipy.sender import AsyncPersistentSender

    names = setup_names(via_socket)

    async def story() -> None:
        s = Spotify(names["app_token"], asynchronous=True)
        a = await s.artist(names["artist_id"])
        with s.token_as(names["user_token"]):
            user = await s.current_user()
        assert a.id == names["artist_id"]
        assert user.id == DEFAULT_USER_ID

        async with Spotify(names["token"], sender=AsyncPersistentSender()) as spotify:
            tracks = await spotify.playlist_tracks("37i9dQZEVXbMDoHDwVN2tF", limit=10)
            t_next = await spotify.next(tracks)
            t_prev = await spotify.previous(t_next)
            assert t_prev is not None
            assert t_prev.offset == 0
            pages = [page async for page in spotify.all_pages(tracks)]
            items = [item async for item in spotify.all_items(tracks)]
            assert (len(pages), len(items)) == (1 + 200, 10_000)

        credentials = Credentials(
            via_socket.emulator.client_id, via_socket.emulator.client_secret, asynchronous=True
        )
        token = await credentials.request_client_token()
        assert str(token)

    asyncio.run(story())
