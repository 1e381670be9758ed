"""Paging links: absolute, followable, carrying the query on, null at the ends."""

from __future__ import annotations

import asyncio

import httpx

from spotipy.emulator import BIG_PLAYLIST_ID, Emulator
from tests.emulator.conftest import API


def test_walk_the_big_playlist_by_next_links(app: httpx.Client) -> None:
    url: str | None = f"/playlists/{BIG_PLAYLIST_ID}/items?limit=50&market=SE"
    count = pages = 0
    previous = None
    while url:
        page = app.get(url).json()
        assert page["previous"] == previous
        assert page["total"] == 10_000
        count += len(page["items"])
        pages += 1
        previous = page["href"]
        url = page["next"]
        if url:
            assert url.startswith(f"{API}/playlists/{BIG_PLAYLIST_ID}/items?offset=")
            assert url.endswith("&limit=50&market=SE")
    assert (count, pages) == (10_000, 200)


def test_follow_on_from_the_playlist_object(emu: Emulator, app: httpx.Client) -> None:
    page = app.get(f"/playlists/{BIG_PLAYLIST_ID}").json()["items"]
    uris = [e["item"]["uri"] for e in page["items"]]
    for _ in range(2):
        page = app.get(page["next"]).json()
        uris += [e["item"]["uri"] for e in page["items"]]
    assert page["offset"] == 150
    assert uris == emu.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)[:200]


def test_walk_backwards(app: httpx.Client) -> None:
    page = app.get(f"/playlists/{BIG_PLAYLIST_ID}/items?offset=120&limit=50").json()
    offsets = [page["offset"]]
    while page["previous"]:
        page = app.get(page["previous"]).json()
        offsets.append(page["offset"])
    # From offset 120 back: 70, 20, then 0 (a previous link never goes below zero).
    assert offsets == [120, 70, 20, 0]


def test_page_links(extended: httpx.Client) -> None:
    app = extended
    page = app.get(f"/playlists/{BIG_PLAYLIST_ID}/tracks?offset=9990&limit=100").json()
    assert page["offset"] == 9990
    assert len(page["items"]) == 10
    assert page["next"] is None
    assert page["previous"] == f"{API}/playlists/{BIG_PLAYLIST_ID}/tracks?offset=9890&limit=100"
    first = app.get(f"/playlists/{BIG_PLAYLIST_ID}/tracks?limit=100").json()
    assert first["previous"] is None


def test_entries_repeat_the_catalogue_in_order(emu: Emulator, app: httpx.Client) -> None:
    uris = emu.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)
    assert len(uris) == 10_000
    assert len(set(uris)) < 10_000  # more entries than tracks: some repeat
    page = app.get(f"/playlists/{BIG_PLAYLIST_ID}/items?offset=4321&limit=3").json()
    assert [e["item"]["uri"] for e in page["items"]] == uris[4321:4324]


def test_async_client_walks_too(emu: Emulator) -> None:
    async def walk() -> int:
        headers = {"Authorization": f"Bearer {emu.app_token()}"}
        async with httpx.AsyncClient(transport=emu.transport(), headers=headers) as client:
            url: str | None = f"{API}/playlists/{BIG_PLAYLIST_ID}/items?limit=50&offset=8000"
            count = 0
            while url:
                page = (await client.get(url)).json()
                count += len(page["items"])
                url = page["next"]
            return count

    assert asyncio.run(walk()) == 2_000


def test_links_follow_the_host_asked() -> None:
    emu = Emulator(seed=0)
    answer = emu.handle(
        "GET",
        f"http://127.0.0.1:9999/v1/playlists/{BIG_PLAYLIST_ID}/items?limit=2",
        {"Authorization": f"Bearer {emu.app_token()}"},
    )
    body = answer.body.decode()
    assert '"next":"http://127.0.0.1:9999/v1/playlists/' in body
    assert '"href":"http://127.0.0.1:9999/v1/tracks/' in body
    assert "api.spotify.com" not in body


def test_many_hosts_do_not_grow_without_bound() -> None:
    emu = Emulator(seed=0)
    token = emu.app_token()
    track = emu.catalogue.track_ids[0]
    for port in range(20):
        answer = emu.handle(
            "GET",
            f"http://127.0.0.1:{port}/v1/tracks/{track}",
            [("Authorization", f"Bearer {token}")],
        )
        assert answer.status == 200
    assert len(emu._renderers) <= 8
    assert emu.catalogue.track(emu.catalogue.track_ids[0])["href"].startswith(API)
