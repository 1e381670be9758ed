"""Search: matching, one paging object per type, links, limits and errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from spotipy.emulator import Emulator
from tests.emulator.conftest import error

ALL_TYPES = "album,artist,playlist,track,show,episode,audiobook"


def _search(app: httpx.Client, **params: Any) -> Any:
    response = app.get("/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_one_paging_per_type(app: httpx.Client) -> None:
    result = _search(app, q="a", type=ALL_TYPES)
    assert set(result) == {f"{t}s" for t in ALL_TYPES.split(",")}
    for kind, page in result.items():
        assert page["limit"] == 5, kind
        assert page["offset"] == 0
        assert page["total"] > 0, kind  # "a" is in some name of every type
        assert page["href"].startswith("https://api.spotify.com/v1/search?offset=0&limit=5")


def test_only_requested_types(app: httpx.Client) -> None:
    assert set(_search(app, q="a", type="track")) == {"tracks"}


def test_match_is_case_insensitive_substring(emu: Emulator, app: httpx.Client) -> None:
    name = emu.catalogue.track(emu.catalogue.track_ids[42])["name"]
    word = max(name.split(), key=len)
    probe = word[1:-1].upper() if len(word) > 3 else word.upper()
    tracks = _search(app, q=probe, type="track", limit=10)["tracks"]
    assert tracks["total"] >= 1
    for item in tracks["items"]:
        assert probe.lower() in item["name"].lower()


def test_every_word_must_match(emu: Emulator, app: httpx.Client) -> None:
    name = next(
        emu.catalogue.track(t)["name"]
        for t in emu.catalogue.track_ids
        if len(emu.catalogue.track(t)["name"].split()) >= 2
    )
    first, second = name.split()[:2]
    tracks = _search(app, q=f"{second} {first}", type="track", limit=10)["tracks"]
    assert tracks["total"] >= 1
    for item in tracks["items"]:
        lowered = item["name"].lower()
        assert first.lower() in lowered
        assert second.lower() in lowered
    assert _search(app, q=f"{first} qqqqq", type="track")["tracks"]["total"] == 0


def test_field_filters(emu: Emulator, app: httpx.Client) -> None:
    album = emu.catalogue.album(emu.catalogue.album_ids[0])
    artist = album["artists"][0]["name"]
    year = album["release_date"][:4]
    tracks = _search(app, q=f'artist:"{artist}" album:"{album["name"]}"', type="track")
    assert tracks["tracks"]["total"] >= album["total_tracks"]
    by_year = _search(app, q=f"year:{year}", type="album", limit=10)["albums"]
    assert all(a["release_date"].startswith(year) for a in by_year["items"])
    assert by_year["total"] >= 1
    in_range = _search(app, q=f"year:{int(year) - 1}-{int(year) + 1}", type="album")["albums"]
    assert in_range["total"] >= by_year["total"]
    upc = _search(app, q=f"upc:{emu.state.catalogue.albums[0].upc}", type="album")["albums"]
    assert [a["id"] for a in upc["items"]] == [album["id"]]
    first = album["tracks"]["items"][0]["id"]
    isrc = emu.state.catalogue.tracks[emu.state.catalogue.track_index[first]].isrc
    found = _search(app, q=f"isrc:{isrc}", type="track")["tracks"]["items"]
    assert [t["id"] for t in found] == [album["tracks"]["items"][0]["id"]]


def test_filters_per_type(emu: Emulator, app: httpx.Client) -> None:
    artist = emu.catalogue.artist(emu.catalogue.artist_ids[0])["name"]
    result = _search(app, q=f'artist:"{artist}"', type="artist,playlist,show")
    assert result["artists"]["total"] >= 1
    assert result["playlists"]["total"] == 0  # no field filter applies to playlists
    assert result["shows"]["total"] == 0
    genre = next(g for a in emu.state.catalogue.artists for g in a.genres)
    by_genre = _search(app, q=f'genre:"{genre}"', type="artist,track,album")
    assert by_genre["artists"]["total"] >= 1
    assert by_genre["tracks"]["total"] >= 1
    assert by_genre["albums"]["total"] == 0  # genre does not apply to albums
    assert _search(app, q="year:1900-1901", type="track,artist")["tracks"]["total"] == 0
    assert _search(app, q="year:soon", type="album")["albums"]["total"] == 0
    assert _search(app, q="tag:new", type="album,track")["tracks"]["total"] == 0
    assert _search(app, q="tag:hipster", type="album")["albums"]["total"] == 300
    assert _search(app, q="track:a", type="track")["tracks"]["total"] > 0
    unknown = _search(app, q="mood:happy", type="track")["tracks"]
    assert unknown["total"] == 0  # an unknown field is just text, found nowhere
    album = emu.catalogue.album(emu.catalogue.album_ids[0])
    by_album = _search(app, q=f'album:"{album["name"]}" ""', type="album", limit=10)["albums"]
    assert album["id"] in [a["id"] for a in by_album["items"]]
    assert _search(app, q="isrc:x", type="album")["albums"]["total"] == 0
    by_artist = _search(app, q=f'artist:"{artist}"', type="album", limit=10)["albums"]
    assert by_artist["total"] >= 1


def test_only_public_playlists(emu: Emulator, app: httpx.Client) -> None:
    found = _search(app, q="a", type="playlist", limit=10)["playlists"]
    public = [p for p in emu.state.playlists.values() if p.public and "a" in p.name.lower()]
    assert found["total"] == len(public)
    assert all(item["public"] for item in found["items"])


def test_next_links_walk_the_results(app: httpx.Client) -> None:
    first = _search(app, q="a", type="track", limit=10, market="SE")["tracks"]
    assert "query=a&type=track" in first["next"]
    assert "market=SE" in first["next"]
    second = app.get(first["next"]).json()["tracks"]
    assert second["offset"] == 10
    assert app.get(second["previous"]).json()["tracks"]["items"] == first["items"]


def test_offset_cap(app: httpx.Client) -> None:
    page = _search(app, q="a", type="track", limit=10, offset=990)["tracks"]
    assert page["total"] > 1000
    assert page["next"] is not None
    last = app.get(page["next"]).json()["tracks"]
    assert last["offset"] == 1000
    assert last["next"] is None
    assert error(app.get("/search", params={"q": "a", "type": "track", "offset": 1001})) == (
        400,
        "Invalid offset",
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "track"}, "No search query"),
        ({"q": "  ", "type": "track"}, "No search query"),
        ({"q": "a"}, "Missing parameter type"),
        ({"q": "a", "type": "tracks"}, "Bad search type field tracks"),
        ({"q": "a", "type": "track,chapter"}, "Bad search type field chapter"),
        ({"q": "a", "type": "track", "limit": 11}, "Invalid limit"),
        ({"q": "a", "type": "track", "limit": 0}, "Invalid limit"),
        ({"q": "a", "type": "track", "include_external": "video"}, "Invalid include_external"),
        ({"q": "a", "type": "track", "market": "xx"}, "Invalid market code"),
    ],
)
def test_errors(app: httpx.Client, params: dict[str, object], message: str) -> None:
    assert error(app.get("/search", params=params)) == (400, message)


def test_include_external_audio(app: httpx.Client) -> None:
    assert _search(app, q="a", type="episode", include_external="audio")["episodes"]["total"]


def test_null_playlists_on_request() -> None:
    emu = Emulator(seed=0, search_playlist_nulls=True)
    with httpx.Client(
        transport=emu.transport(),
        base_url="https://api.spotify.com/v1",
        headers={"Authorization": f"Bearer {emu.app_token()}"},
    ) as app:
        items = _search(app, q="a", type="playlist", limit=10)["playlists"]["items"]
    assert None in items
    assert any(item is not None for item in items)
