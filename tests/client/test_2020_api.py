"""What the 2020 spotipy API offered and this one keeps: ``Token(dict)``, ``Model.asdict()``.

Each runs over HTTP against the emulator, sync and async: the token dict is the accounts
service's own JSON answer, the models are decoded from the Web API's answers.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import httpx
import msgspec
import pytest

from spotipy import Spotify
from spotipy.auth import Token
from spotipy.emulator import Emulator
from spotipy.model import FullAlbum, PlaylistTrackPaging
from tests.conftest import Runner

PLAYLIST_ID = "37i9dQZEVXbMDoHDwVN2tF"


def token_info(emulator: Emulator) -> dict[str, Any]:
    """The accounts service's JSON answer to a client-credentials request."""
    with httpx.Client(transport=emulator.transport()) as client:
        response = client.post(
            "https://accounts.spotify.com/api/token",
            data={"grant_type": "client_credentials"},
            auth=(emulator.client_id, emulator.client_secret),
        )
    assert response.status_code == 200
    info: dict[str, Any] = response.json()
    return info


def test_a_token_is_built_from_the_token_dict(run: Runner, emulator: Emulator, sender: Any) -> None:
    info = token_info(emulator)
    token = Token(info, now=1_000)
    assert token.access_token == info["access_token"]
    assert str(token) == info["access_token"]
    assert token.token_type == info["token_type"]
    assert token.expires_at == 1_000 + info["expires_in"]
    assert token.refresh_token is None
    album_id = emulator.catalogue.album_ids[0]
    album = run(Spotify(Token(info), sender).album(album_id))
    assert album.id == album_id
    sent = emulator.requests[-1]
    assert sent.headers["authorization"] == f"Bearer {info['access_token']}"


def test_a_user_token_dict_keeps_its_refresh_token_and_scope() -> None:
    info = {
        "access_token": "a",
        "token_type": "Bearer",
        "scope": "user-read-private playlist-read-private",
        "expires_in": 3600,
        "refresh_token": "r",
    }
    token = Token(info)
    assert token.refresh_token == "r"
    assert set(token.scope) == {"user-read-private", "playlist-read-private"}


@pytest.mark.parametrize(
    ("info", "error", "words"),
    [
        ({"token_type": "Bearer", "expires_in": 3600}, ValueError, "access_token"),
        ({"access_token": "a", "expires_in": "soon"}, ValueError, "expires_in"),
        (["access_token", "a"], TypeError, "token dict"),
        (42, TypeError, "token dict"),
    ],
)
def test_a_bad_token_dict_is_refused_with_why(
    info: Any, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        Token(info)


def test_a_token_dict_with_its_fields_given_again_is_refused() -> None:
    with pytest.raises(TypeError, match="from the dict"):
        Token({"access_token": "a"}, expires_in=10)  # type: ignore[call-overload]


def test_asdict_is_recursive_and_keeps_objects(
    run: Runner, emulator: Emulator, spotify: Spotify[Any]
) -> None:
    album = run(spotify.album(emulator.catalogue.album_ids[0]))
    assert isinstance(album, FullAlbum)
    data = album.asdict()
    assert data == _reference_asdict(album)
    assert data["id"] == album.id
    assert data["artists"][0] == _reference_asdict(album.artists[0])
    assert isinstance(data["artists"][0], dict)
    assert isinstance(data["tracks"]["items"][0], dict)
    assert data["tracks"]["items"][0]["name"] == album.tracks.items[0].name

    page = run(spotify.playlist_items(PLAYLIST_ID))
    assert isinstance(page, PlaylistTrackPaging)
    item = page.asdict()["items"][0]
    assert isinstance(item, dict)
    assert isinstance(item["added_at"], datetime)  # kept as an object, as in 2020
    assert item["added_at"] == page.items[0].added_at
    assert isinstance(item["track"], dict)


def _reference_asdict(value: Any) -> Any:
    """What the 2020 library's ``dataclasses.asdict`` gave, written out independently."""
    if isinstance(value, msgspec.Struct):
        return {
            f.name: _reference_asdict(getattr(value, f.name)) for f in msgspec.structs.fields(value)
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _reference_asdict(dataclasses.asdict(value))
    if isinstance(value, list):
        return [_reference_asdict(v) for v in value]
    if isinstance(value, dict):
        return {k: _reference_asdict(v) for k, v in value.items()}
    return value
