"""One malformed item never costs the user the rest of the page or list."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import msgspec
import pytest

from spotipy import Spotify
from spotipy.emulator import Emulator
from spotipy.errors import ResponseError
from spotipy.model import FullAlbum, SimpleAlbum, SimpleTrack, UnknownItem
from tests.conftest import Runner, make_sender


def answer(emulator: Emulator, path: str) -> Any:
    """The emulator's own answer, as plain JSON."""
    with httpx.Client(transport=emulator.transport()) as http:
        token = emulator.app_token()
        got = http.get(
            f"https://api.spotify.com/v1/{path}", headers={"Authorization": f"Bearer {token}"}
        )
    return got.json()


def serve(emulator: Emulator, path: str, body: Any) -> None:
    emulator.faults.add(
        path=f"/v1/{path.split('?')[0]}", status=200, body=msgspec.json.encode(body)
    )


def test_a_bad_album_in_search_keeps_the_others(
    mode: str, run: Runner, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    body = answer(emulator, "search?q=a&type=album,track&limit=10")
    body["albums"]["items"][3]["name"] = ["not", "a", "name"]  # one malformed album
    serve(emulator, "search", body)
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    with caplog.at_level(logging.WARNING, logger="spotipy"):
        albums, tracks = run(spotify.search("a", ("album", "track"), limit=10))
    assert len(albums.items) == 10
    assert isinstance(albums.items[3], UnknownItem)
    assert albums.items[3].id == body["albums"]["items"][3]["id"]
    assert all(isinstance(a, SimpleAlbum) for n, a in enumerate(albums.items) if n != 3)
    assert len(tracks.items) == 10
    assert "kept as UnknownItem" in caplog.text


def test_a_bad_track_in_an_album_keeps_the_album(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    album_id = emulator.catalogue.album_ids[0]
    body = answer(emulator, f"albums/{album_id}")
    body["tracks"]["items"][0]["duration_ms"] = "long"
    serve(emulator, f"albums/{album_id}", body)
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    album = run(spotify.album(album_id))
    assert isinstance(album, FullAlbum)
    assert isinstance(album.tracks.items[0], UnknownItem)
    assert all(isinstance(t, SimpleTrack) for t in album.tracks.items[1:])
    assert album.tracks.total == body["tracks"]["total"]


def test_a_bad_entry_of_album_tracks_keeps_the_page(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    album_id = emulator.catalogue.album_ids[0]
    body = answer(emulator, f"albums/{album_id}/tracks?limit=5")
    body["items"][1] = {"id": 7}
    serve(emulator, f"albums/{album_id}/tracks", body)
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    page = run(spotify.album_tracks(album_id, limit=5))
    assert [type(t).__name__ for t in page.items].count("UnknownItem") == 1
    assert len(page.items) == len(body["items"])


def test_a_bad_item_of_a_several_ids_answer_keeps_its_place(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    ids = emulator.catalogue.album_ids[:3]
    body = answer(emulator, f"albums?ids={','.join(ids)}")
    body["albums"][1]["release_date"] = {"bad": True}
    body["albums"].append(None)
    serve(emulator, "albums", body)
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    albums = run(spotify.albums(ids))
    assert [a.id if a is not None else None for a in albums] == [*ids, None]
    assert isinstance(albums[1], UnknownItem)


def test_a_body_that_is_not_a_page_is_still_an_error(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    album_id = emulator.catalogue.album_ids[0]
    serve(emulator, f"albums/{album_id}/tracks", {"items": "nope", "total": 3})
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    with pytest.raises(ResponseError):
        run(spotify.album_tracks(album_id))
