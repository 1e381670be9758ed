"""Playlists: the object, its entries under /items and /tracks, access rules and ETags."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from spotipy.emulator import BIG_PLAYLIST_ID, DEFAULT_USER_ID, Emulator
from tests.emulator.conftest import API, error


def _client(emu: Emulator, token: str) -> httpx.Client:
    return httpx.Client(
        transport=emu.transport(), base_url=API, headers={"Authorization": f"Bearer {token}"}
    )


def _mixed(emu: Emulator) -> str:
    owned = emu.catalogue.playlists_owned_by(DEFAULT_USER_ID)
    return next(p for p in emu.catalogue.playlists_containing("local") if p in owned)


def _private(emu: Emulator) -> str:
    return next(
        p
        for p in emu.catalogue.playlists_owned_by(DEFAULT_USER_ID)
        if not emu.catalogue.playlist(p)["public"]
    )


def test_big_playlist(app: httpx.Client) -> None:
    response = app.get(f"/playlists/{BIG_PLAYLIST_ID}")
    body = response.json()
    assert body["id"] == BIG_PLAYLIST_ID
    assert body["owner"]["id"] == "spotify"
    assert body["public"] is True
    assert body["snapshot_id"]
    assert body["followers"]["total"] > 0
    items = body["items"]
    assert items["total"] == 10_000
    assert items["limit"] == 100
    assert len(items["items"]) == 100
    assert items["href"] == f"{API}/playlists/{BIG_PLAYLIST_ID}/items?offset=0&limit=100"
    # The next page comes from /items, which serves at most 50 a page.
    assert items["next"] == f"{API}/playlists/{BIG_PLAYLIST_ID}/items?offset=100&limit=50"
    assert body["tracks"] == items
    assert response.headers["cache-control"] == "private, max-age=0"
    assert response.headers["etag"].startswith('"')


def test_entries_carry_item_and_track(emu: Emulator, user: httpx.Client) -> None:
    page = user.get(f"/playlists/{_mixed(emu)}/items", params={"limit": 50}).json()
    kinds = set()
    for entry in page["items"]:
        assert entry["item"] == entry["track"]
        assert entry["added_by"]["type"] == "user"
        assert entry["added_at"].endswith("Z")
        kinds.add((entry["item"]["type"], entry["is_local"]))
    assert kinds == {("track", False), ("episode", False), ("track", True)}
    local = next(e["item"] for e in page["items"] if e["is_local"])
    assert local["id"] is None
    assert local["uri"].startswith("spotify:local:")
    episode = next(e["item"] for e in page["items"] if e["item"]["type"] == "episode")
    assert episode["show"]["type"] == "show"


@pytest.mark.parametrize(
    ("fields", "present", "absent"),
    [(("item",), "item", "track"), (("track",), "track", "item")],
)
def test_item_field_names_on_request(fields: tuple[str, ...], present: str, absent: str) -> None:
    emu = Emulator(seed=0, playlist_item_fields=fields)
    with _client(emu, emu.app_token()) as app:
        page = app.get(f"/playlists/{BIG_PLAYLIST_ID}/items", params={"limit": 3}).json()
        playlist = app.get(f"/playlists/{BIG_PLAYLIST_ID}").json()
        found = app.get("/search", params={"q": "a", "type": "playlist"}).json()
    assert all(present in e and absent not in e for e in page["items"])
    assert f"{present}s" in playlist
    assert f"{absent}s" not in playlist
    simple = found["playlists"]["items"][0]
    assert simple[f"{present}s"]["href"].endswith(f"/{present}s")
    assert f"{absent}s" not in simple


@pytest.mark.parametrize("fields", [(), ("items",), ("item", "item")])
def test_item_field_names_are_checked(fields: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="playlist_item_fields"):
        Emulator(seed=0, playlist_item_fields=fields)


def test_items_limits(app: httpx.Client, extended: httpx.Client) -> None:
    url = f"/playlists/{BIG_PLAYLIST_ID}"
    assert app.get(f"{url}/items").json()["limit"] == 20
    assert app.get(f"{url}/items", params={"limit": 50}).status_code == 200
    assert error(app.get(f"{url}/items", params={"limit": 51})) == (400, "Invalid limit")
    assert extended.get(f"{url}/tracks", params={"limit": 100}).json()["limit"] == 100
    assert error(extended.get(f"{url}/tracks", params={"limit": 101})) == (400, "Invalid limit")
    assert error(app.get(f"{url}/items", params={"offset": -5})) == (400, "Invalid offset")


def test_tracks_twin_serves_the_same_entries(extended: httpx.Client) -> None:
    url = f"/playlists/{BIG_PLAYLIST_ID}"
    items = extended.get(f"{url}/items", params={"limit": 7, "offset": 30}).json()
    tracks = extended.get(f"{url}/tracks", params={"limit": 7, "offset": 30}).json()
    assert items["items"] == tracks["items"]
    assert tracks["next"].startswith(f"{API}{url}/tracks?")


def test_tracks_twin_is_refused_in_development(app: httpx.Client) -> None:
    url = f"/playlists/{BIG_PLAYLIST_ID}/tracks"
    assert error(app.get(url)) == (403, "Forbidden")


def test_ids_are_checked(app: httpx.Client, extended: httpx.Client) -> None:
    for client, suffix in ((app, ""), (app, "/items"), (extended, "/tracks")):
        assert error(client.get(f"/playlists/bad-id{suffix}")) == (400, "Invalid base62 id")
        assert error(client.get(f"/playlists/{'0' * 22}{suffix}")) == (404, "Resource not found")


def test_owner_reads_own_private_playlist(emu: Emulator, user: httpx.Client) -> None:
    playlist_id = _private(emu)
    assert user.get(f"/playlists/{playlist_id}/items").status_code == 200
    assert "items" in user.get(f"/playlists/{playlist_id}").json()


def test_collaborator_reads_entries(emu: Emulator, user: httpx.Client) -> None:
    playlist_id = emu.catalogue.playlists_shared_with(DEFAULT_USER_ID)[0]
    assert user.get(f"/playlists/{playlist_id}/items").status_code == 200


def test_other_users_are_refused_entries(emu: Emulator, user: httpx.Client) -> None:
    # Since February 2026 only owners and collaborators may read a playlist's entries.
    assert error(user.get(f"/playlists/{BIG_PLAYLIST_ID}/items")) == (403, "Forbidden")
    assert error(user.get(f"/playlists/{BIG_PLAYLIST_ID}/tracks")) == (403, "Forbidden")
    body = user.get(f"/playlists/{BIG_PLAYLIST_ID}").json()
    assert body["id"] == BIG_PLAYLIST_ID
    assert "items" not in body
    assert "tracks" not in body


def test_extended_quota_lifts_the_rule() -> None:
    emu = Emulator(seed=0, extended_quota=True)
    with _client(emu, emu.user_token(DEFAULT_USER_ID)) as user:
        assert user.get(f"/playlists/{BIG_PLAYLIST_ID}/items").status_code == 200


def test_app_token_reads_public_playlists_only(emu: Emulator, app: httpx.Client) -> None:
    assert app.get(f"/playlists/{BIG_PLAYLIST_ID}/items").status_code == 200
    private = _private(emu)
    assert error(app.get(f"/playlists/{private}/items")) == (403, "Forbidden")
    assert "items" not in app.get(f"/playlists/{private}").json()


def test_empty_playlist(emu: Emulator, user: httpx.Client) -> None:
    empty = next(
        p
        for p in emu.catalogue.playlists_owned_by(DEFAULT_USER_ID)
        if not emu.catalogue.playlist_item_uris(p)
    )
    body = user.get(f"/playlists/{empty}").json()
    assert body["images"] == []
    assert body["items"]["items"] == []
    assert body["items"]["next"] is None
    assert user.get(f"/playlists/{empty}/items").json()["total"] == 0


def test_etag_revalidation(app: httpx.Client) -> None:
    url = f"/playlists/{BIG_PLAYLIST_ID}/items?limit=5"
    first = app.get(url)
    etag = first.headers["etag"]
    assert app.get(url).headers["etag"] == etag
    again = app.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert app.get(url, headers={"If-None-Match": f'W/{etag}, "other"'}).status_code == 304
    assert app.get(url, headers={"If-None-Match": "*"}).status_code == 304
    assert app.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200
    other_page = app.get(f"/playlists/{BIG_PLAYLIST_ID}/items?limit=5&offset=5")
    assert other_page.headers["etag"] != etag


def test_etag_changes_with_the_snapshot(emu: Emulator, app: httpx.Client) -> None:
    url = f"/playlists/{BIG_PLAYLIST_ID}"
    before = app.get(url)
    emu.state.playlists[BIG_PLAYLIST_ID].touch()
    after = app.get(url, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.json()["snapshot_id"] != before.json()["snapshot_id"]


def test_owner_and_others_get_different_etags(emu: Emulator, user: httpx.Client) -> None:
    with _client(emu, emu.app_token()) as app:
        as_app = app.get(f"/playlists/{BIG_PLAYLIST_ID}").headers["etag"]
    assert user.get(f"/playlists/{BIG_PLAYLIST_ID}").headers["etag"] != as_app


def test_uploaded_cover_has_no_size(emu: Emulator) -> None:
    sizes: list[Any] = [
        image["height"]
        for p in emu.catalogue.playlist_ids
        for image in emu.catalogue.playlist(p)["images"]
    ]
    assert None in sizes
    assert 640 in sizes
