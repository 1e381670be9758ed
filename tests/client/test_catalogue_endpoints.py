"""Albums, artists, tracks and users: every call sync and async against the emulator."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from spotipy import Spotify
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.errors import ConversionError, NotFound, Unauthorised
from spotipy.model import FullAlbum, FullArtist, FullTrack, PrivateUser, PublicUser
from tests.conftest import Runner, make_sender


def raw(emulator: Emulator, path: str, token: str | None = None) -> Any:
    """Read what the emulator answers, with plain httpx and no spotipy code."""
    token = token or emulator.app_token()
    with httpx.Client(transport=emulator.transport()) as client:
        response = client.get(
            f"https://api.spotify.com/v1/{path}", headers={"Authorization": f"Bearer {token}"}
        )
    response.raise_for_status()
    return response.json()


def api_requests(emulator: Emulator) -> list[Any]:
    return [r for r in emulator.requests if r.path.startswith("/v1/")]


def test_album(spotify: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    album_id = emulator.catalogue.album_ids[3]
    album = run(spotify.album(album_id))
    expected = raw(emulator, f"albums/{album_id}")
    assert isinstance(album, FullAlbum)
    assert (album.id, album.name, album.uri) == (expected["id"], expected["name"], expected["uri"])
    assert [a.id for a in album.artists] == [a["id"] for a in expected["artists"]]
    assert album.tracks.total == expected["tracks"]["total"]


def test_album_accepts_uri_and_url(spotify: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    album_id = emulator.catalogue.album_ids[0]
    by_uri = run(spotify.album(f"spotify:album:{album_id}"))
    by_url = run(spotify.album(f"https://open.spotify.com/album/{album_id}?si=abc"))
    assert by_uri.id == by_url.id == album_id


def test_bad_id_fails_before_any_request(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    before = len(api_requests(emulator))
    with pytest.raises(ConversionError):
        run(spotify.album("not/an id"))
    with pytest.raises(ConversionError):
        run(spotify.track(f"spotify:album:{emulator.catalogue.album_ids[0]}"))
    with pytest.raises(ValueError, match="limit"):
        run(spotify.album_tracks(emulator.catalogue.album_ids[0], limit=51))
    with pytest.raises(ValueError, match="offset"):
        run(spotify.album_tracks(emulator.catalogue.album_ids[0], offset=-1))
    assert len(api_requests(emulator)) == before


def test_unknown_album_is_not_found(spotify: Spotify[Any], run: Runner) -> None:
    with pytest.raises(NotFound) as info:
        run(spotify.album("0" * 22))
    assert info.value.status == 404
    assert "GET /v1/albums/" in str(info.value)


def test_album_tracks_pages(spotify: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    album_id = max(
        emulator.catalogue.album_ids[:40],
        key=lambda a: raw(emulator, f"albums/{a}")["tracks"]["total"],
    )
    total = raw(emulator, f"albums/{album_id}")["tracks"]["total"]
    first = run(spotify.album_tracks(album_id, limit=2))
    assert first.total == total
    assert len(first.items) == min(2, total)
    names = [t.name for t in run.collect(spotify.all_items(first))]
    expected = [t["name"] for t in raw(emulator, f"albums/{album_id}/tracks?limit=50")["items"]]
    assert names == expected


def test_artist(spotify: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    artist_id = emulator.catalogue.artist_ids[5]
    artist = run(spotify.artist(artist_id))
    assert isinstance(artist, FullArtist)
    assert artist.name == raw(emulator, f"artists/{artist_id}")["name"]


def test_artist_albums(spotify: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    artist_id = emulator.catalogue.artist_ids[0]
    page = run(spotify.artist_albums(artist_id, limit=3))
    expected = raw(emulator, f"artists/{artist_id}/albums?limit=10")
    assert page.total == expected["total"]
    everything = run.collect(spotify.all_items(page))
    assert [a.id for a in everything][:10] == [a["id"] for a in expected["items"]]
    assert len(everything) == expected["total"]


def test_artist_albums_validates(spotify: Spotify[Any], run: Runner) -> None:
    with pytest.raises(ValueError, match="between 1 and 10"):
        run(spotify.artist_albums("0" * 22, limit=20))
    with pytest.raises(ValueError, match="unknown include_groups"):
        run(spotify.artist_albums("0" * 22, include_groups=["albums"]))


def test_artist_albums_groups_are_sent(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    artist_id = emulator.catalogue.artist_ids[0]
    page = run(spotify.artist_albums(artist_id, include_groups=["album", "single"]))
    assert api_requests(emulator)[-1].query["include_groups"] == "album,single"
    # album_group is gone from 2026 answers (deprecated); album_type is still sent.
    assert all((a.album_group or a.album_type) in {"album", "single"} for a in page.items)


def test_track(spotify: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    track_id = emulator.catalogue.track_ids[7]
    track = run(spotify.track(track_id, market="SE"))
    assert isinstance(track, FullTrack)
    assert api_requests(emulator)[-1].query["market"] == "SE"
    expected = raw(emulator, f"tracks/{track_id}")
    assert (track.name, track.duration_ms) == (expected["name"], expected["duration_ms"])


def test_current_user_needs_a_user_token(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    user_token = emulator.user_token(DEFAULT_USER_ID, ["user-read-private", "user-read-email"])
    with spotify.token_as(user_token):
        me = run(spotify.current_user())
    assert isinstance(me, PrivateUser)
    assert me.id == DEFAULT_USER_ID
    with pytest.raises(Unauthorised):
        run(spotify.current_user())


def test_user(mode: str, run: Runner) -> None:
    # GET /users/{id} needs extended quota since 2024.
    emulator = Emulator(seed=0, profile="extended")
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    user = run(spotify.user(DEFAULT_USER_ID))
    assert isinstance(user, PublicUser)
    assert api_requests(emulator)[-1].path == f"/v1/users/{DEFAULT_USER_ID}"
    assert user.display_name == raw(emulator, f"users/{DEFAULT_USER_ID}")["display_name"]


def test_one_string_is_one_value_and_empty_lists_are_refused(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    artist = emulator.catalogue.artist_ids[0]
    run(spotify.artist_albums(artist, include_groups="single"))
    assert api_requests(emulator)[-1].query["include_groups"] == "single"
    run(spotify.playlist("37i9dQZEVXbMDoHDwVN2tF", additional_types="episode"))
    assert api_requests(emulator)[-1].query["additional_types"] == "episode"
    before = len(api_requests(emulator))
    with pytest.raises(ValueError, match="must not be empty"):
        run(spotify.playlist("37i9dQZEVXbMDoHDwVN2tF", additional_types=[]))
    with pytest.raises(ValueError, match="must not be empty"):
        run(spotify.artist_albums(artist, include_groups=()))
    assert len(api_requests(emulator)) == before
