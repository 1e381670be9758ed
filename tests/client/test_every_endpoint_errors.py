"""Every endpoint meets every kind of failure, sync and async, through real senders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from spotipy import Spotify
from spotipy.emulator import BIG_PLAYLIST_ID, DEFAULT_USER_ID, Emulator
from spotipy.errors import (
    InternalServerError,
    NotFound,
    ResponseError,
    ServiceUnavailable,
    SpotipyError,
    TooManyRequests,
    TransportError,
    Unauthorised,
)
from tests.conftest import Runner

Call = Callable[[Spotify[Any], Emulator], Any]


def own_playlist(emulator: Emulator) -> str:
    # Since February 2026 a user reads the items of their own playlists only.
    return str(emulator.catalogue.playlists_owned_by(DEFAULT_USER_ID)[0])


CALLS: dict[str, Call] = {
    "album": lambda s, e: s.album(e.catalogue.album_ids[0]),
    "album_tracks": lambda s, e: s.album_tracks(e.catalogue.album_ids[0]),
    "artist": lambda s, e: s.artist(e.catalogue.artist_ids[0]),
    "artist_albums": lambda s, e: s.artist_albums(e.catalogue.artist_ids[0]),
    "track": lambda s, e: s.track(e.catalogue.track_ids[0]),
    "search": lambda s, e: s.search("a", ("track", "artist")),
    "current_user": lambda s, e: s.current_user(),
    "user": lambda s, e: s.user(DEFAULT_USER_ID),
    "playlist": lambda s, e: s.playlist(BIG_PLAYLIST_ID),
    "playlist_items": lambda s, e: s.playlist_items(own_playlist(e), limit=5),
    "playlist_tracks": lambda s, e: s.playlist_tracks(own_playlist(e), limit=5),
}

FAULTS: dict[str, tuple[dict[str, Any], type[SpotipyError]]] = {
    "404": ({"status": 404}, NotFound),
    "401": ({"status": 401}, Unauthorised),
    "429 with Retry-After": ({"status": 429, "headers": {"Retry-After": "3"}}, TooManyRequests),
    "429 without Retry-After": ({"status": 429}, TooManyRequests),
    "500": ({"status": 500}, InternalServerError),
    "503": ({"status": 503}, ServiceUnavailable),
    "HTML body": ({"status": 200, "body": b"<html>maintenance</html>"}, ResponseError),
    "wrong JSON": ({"status": 200, "body": b'{"items": 7, "id": []}'}, ResponseError),
    "dropped": ({"drop": True}, TransportError),
}


def test_every_endpoint_is_listed() -> None:
    from tests.spec.test_requests_conform import endpoints

    assert sorted(CALLS) == sorted(endpoints())


@pytest.fixture
def user_spotify(spotify: Spotify[Any], emulator: Emulator) -> Spotify[Any]:
    # A user token with the scopes these endpoints can use.
    spotify.token = emulator.user_token(
        DEFAULT_USER_ID, ["user-read-private", "user-read-email", "playlist-read-private"]
    )
    return spotify


@pytest.mark.parametrize("endpoint", sorted(CALLS))
def test_success(
    user_spotify: Spotify[Any], run: Runner, emulator: Emulator, endpoint: str
) -> None:
    assert run(CALLS[endpoint](user_spotify, emulator)) is not None


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("endpoint", sorted(CALLS))
def test_failure(
    user_spotify: Spotify[Any], run: Runner, emulator: Emulator, endpoint: str, fault: str
) -> None:
    spec, error = FAULTS[fault]
    emulator.faults.add(path="/v1/", times=1, **spec)
    with pytest.raises(error) as info:
        run(CALLS[endpoint](user_spotify, emulator))
    message = str(info.value)
    assert "Bearer" not in message
    if isinstance(info.value, TooManyRequests):
        assert info.value.retry_after == (3 if "with" in fault and "out" not in fault else None)
    if not isinstance(info.value, TransportError):
        assert "/v1/" in message  # names the endpoint
