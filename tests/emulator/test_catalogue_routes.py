"""Albums, artists, tracks and users: success, validation and headers."""

from __future__ import annotations

import httpx
import pytest

from spotipy.emulator import DEFAULT_USER_ID, Emulator
from tests.emulator.conftest import API, error


def test_album(emu: Emulator, app: httpx.Client) -> None:
    album_id = emu.catalogue.album_ids[0]
    response = app.get(f"/albums/{album_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == album_id
    assert body["uri"] == f"spotify:album:{album_id}"
    assert body["external_urls"]["spotify"] == f"https://open.spotify.com/album/{album_id}"
    assert body["tracks"]["total"] == body["total_tracks"]
    assert body["tracks"]["href"].endswith(f"/albums/{album_id}/tracks?offset=0&limit=50")
    assert {c["type"] for c in body["copyrights"]} == {"C", "P"}
    assert "popularity" not in body
    assert "available_markets" not in body


def test_catalogue_headers(emu: Emulator, app: httpx.Client) -> None:
    response = app.get(f"/tracks/{emu.catalogue.track_ids[0]}")
    headers = response.headers
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert headers["cache-control"] == "public, max-age=7200"
    assert headers["x-robots-tag"] == "noindex"
    assert headers["access-control-allow-origin"] == "*"
    assert "max-age" in headers["strict-transport-security"]
    assert headers["date"].endswith(" GMT")
    assert int(headers["content-length"]) == len(response.content)


def test_date_follows_the_clock(emu: Emulator, app: httpx.Client) -> None:
    response = app.get(f"/tracks/{emu.catalogue.track_ids[0]}")
    assert response.headers["date"] == "Tue, 14 Nov 2023 22:13:20 GMT"


def test_album_tracks_pages(emu: Emulator, app: httpx.Client) -> None:
    album_id = max(emu.catalogue.album_ids, key=lambda a: len(emu.catalogue.album_track_ids(a)))
    track_ids = emu.catalogue.album_track_ids(album_id)
    first = app.get(f"/albums/{album_id}/tracks", params={"limit": 5}).json()
    assert [t["id"] for t in first["items"]] == track_ids[:5]
    assert first["total"] == len(track_ids)
    default = app.get(f"/albums/{album_id}/tracks").json()
    assert default["limit"] == 20
    assert "album" not in default["items"][0]  # simplified tracks
    late = app.get(f"/albums/{album_id}/tracks", params={"offset": len(track_ids)}).json()
    assert late["items"] == []
    assert late["next"] is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"limit": 0}, "Invalid limit"),
        ({"limit": 51}, "Invalid limit"),
        ({"limit": "ten"}, "Invalid limit"),
        ({"offset": -1}, "Invalid offset"),
        ({"offset": "1.5"}, "Invalid offset"),
        ({"market": "sweden"}, "Invalid market code"),
    ],
)
def test_album_tracks_validation(
    emu: Emulator, app: httpx.Client, query: dict[str, object], message: str
) -> None:
    response = app.get(f"/albums/{emu.catalogue.album_ids[0]}/tracks", params=query)
    assert error(response) == (400, message)


@pytest.mark.parametrize("route", ["albums", "artists", "tracks", "albums/{}/tracks"])
def test_ids_are_checked(app: httpx.Client, route: str) -> None:
    path = route if "{}" in route else f"{route}/{{}}"
    assert error(app.get("/" + path.format("not-base62!"))) == (400, "Invalid base62 id")
    assert error(app.get("/" + path.format("0" * 22))) == (404, "Resource not found")


def test_artist(emu: Emulator, app: httpx.Client) -> None:
    artist_id = emu.catalogue.artist_ids[2]
    body = app.get(f"/artists/{artist_id}").json()
    assert body["id"] == artist_id
    assert body["type"] == "artist"
    assert len(body["images"]) == 3
    assert "followers" not in body


def test_artist_albums(emu: Emulator, app: httpx.Client) -> None:
    artist_id = emu.catalogue.artist_ids[1]
    expected = emu.catalogue.artist_album_ids(artist_id)
    page = app.get(f"/artists/{artist_id}/albums").json()
    assert page["limit"] == 5
    assert page["total"] == len(expected)
    seen = []
    url: str | None = f"/artists/{artist_id}/albums?limit=2&market=SE"
    while url:
        page = app.get(url).json()
        seen += [a["id"] for a in page["items"]]
        url = page["next"]
        if url:
            assert "market=SE" in url
    assert seen == expected


def test_artist_albums_groups(app: httpx.Client) -> None:
    # album_group is deprecated: only an emulator asked for deprecated fields sends it.
    emu = Emulator(seed=0, deprecated_fields=True)
    headers = {"Authorization": f"Bearer {emu.app_token()}"}
    with httpx.Client(transport=emu.transport(), base_url=API, headers=headers) as old:
        pages = {
            artist: old.get(f"/artists/{artist}/albums", params={"limit": 10}).json()
            for artist in emu.catalogue.artist_ids[:10]
        }
        artist, everything = next(
            (a, p) for a, p in pages.items() if len({x["album_group"] for x in p["items"]}) > 1
        )
        chosen = everything["items"][0]["album_group"]
        only = old.get(
            f"/artists/{artist}/albums", params={"include_groups": chosen, "limit": 10}
        ).json()
    assert {a["album_group"] for a in only["items"]} == {chosen}
    assert only["total"] < everything["total"]
    assert f"include_groups={chosen}" in only["href"]
    current = app.get(f"/artists/{artist}/albums", params={"limit": 10}).json()
    assert [a["id"] for a in current["items"]] == [a["id"] for a in everything["items"]]
    assert all("album_group" not in a for a in current["items"])


@pytest.mark.parametrize("groups", ["albums", "", "album,,nope"])
def test_artist_albums_bad_groups(emu: Emulator, app: httpx.Client, groups: str) -> None:
    response = app.get(
        f"/artists/{emu.catalogue.artist_ids[0]}/albums", params={"include_groups": groups}
    )
    assert error(response) == (400, "Invalid include_groups")


def test_artist_albums_limit_cap(emu: Emulator, app: httpx.Client) -> None:
    url = f"/artists/{emu.catalogue.artist_ids[0]}/albums"
    assert app.get(url, params={"limit": 10}).status_code == 200
    assert error(app.get(url, params={"limit": 11})) == (400, "Invalid limit")


def test_track(emu: Emulator, app: httpx.Client) -> None:
    track_id = emu.catalogue.track_ids[10]
    body = app.get(f"/tracks/{track_id}", params={"market": "SE"}).json()
    assert body["id"] == track_id
    assert body["is_local"] is False
    assert body["album"]["type"] == "album"
    # Development-mode apps lost external_ids with the other fields of February 2026.
    assert "external_ids" not in body
    assert "popularity" not in body
    assert "preview_url" not in body


def test_deprecated_fields_on_request(emu: Emulator) -> None:
    old = Emulator(seed=0, deprecated_fields=True)
    track = old.catalogue.track(emu.catalogue.track_ids[0])
    assert track["external_ids"]["isrc"].startswith("ZZ")
    assert 0 <= track["popularity"] <= 100
    assert track["available_markets"]
    assert track["preview_url"] is None
    artist = old.catalogue.artist(emu.catalogue.artist_ids[0])
    assert artist["followers"]["href"] is None
    album = old.catalogue.album(emu.catalogue.album_ids[0])
    assert album["genres"] == []
    assert album["label"]


def test_me(user: httpx.Client) -> None:
    response = user.get("/me")
    body = response.json()
    assert body["id"] == DEFAULT_USER_ID
    assert body["type"] == "user"
    assert body["account_id"]
    assert response.headers["cache-control"] == "private, max-age=0"
    for removed in ("email", "country", "product", "followers", "explicit_content"):
        assert removed not in body


@pytest.mark.parametrize(
    ("scopes", "present", "absent"),
    [
        ([], {"followers"}, {"email", "country", "product"}),
        (["user-read-email"], {"email"}, {"country", "product"}),
        (["user-read-private"], {"country", "product", "explicit_content"}, {"email"}),
    ],
)
def test_me_deprecated_fields_follow_scopes(
    scopes: list[str], present: set[str], absent: set[str]
) -> None:
    emu = Emulator(seed=0, deprecated_fields=True)
    token = emu.user_token(DEFAULT_USER_ID, scopes)
    with httpx.Client(transport=emu.transport()) as http:
        body = http.get(
            "https://api.spotify.com/v1/me", headers={"Authorization": f"Bearer {token}"}
        ).json()
    assert present <= set(body)
    assert not absent & set(body)


def test_public_user(emu: Emulator) -> None:
    # GET /users/{user_id} is deprecated: only the extended profile serves it.
    extended = Emulator(seed=0, profile="extended", deprecated_fields=False)
    headers = {"Authorization": f"Bearer {extended.app_token()}"}
    with httpx.Client(transport=extended.transport(), base_url=API, headers=headers) as app:
        body = app.get(f"/users/{DEFAULT_USER_ID}").json()
        assert body == emu.catalogue.user(DEFAULT_USER_ID)
        assert body["uri"] == f"spotify:user:{DEFAULT_USER_ID}"
        assert "followers" not in body
        assert error(app.get("/users/nobody-here")) == (404, "Resource not found")


def test_every_user_answers(emu: Emulator, extended: httpx.Client) -> None:
    for user_id in emu.catalogue.user_ids:
        assert extended.get(f"/users/{user_id}").json()["id"] == user_id


def test_unknown_path_and_method(app: httpx.Client) -> None:
    assert error(app.get("/nothing/here")) == (404, "Service not found")
    assert error(app.get("/v2/me")) == (404, "Service not found")
    response = app.delete("/me")
    assert error(response) == (405, "Method not allowed")
    assert response.headers["allow"] == "GET"


def test_cors_preflight(app: httpx.Client) -> None:
    response = app.options("/me")
    assert response.status_code == 200
    assert "Authorization" in response.headers["access-control-allow-headers"]
    assert response.content == b""
