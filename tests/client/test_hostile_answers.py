"""Answers and inputs that used to escape as raw third-party exceptions (httpx, RecursionError)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from spotipy import Spotify
from spotipy.emulator import Emulator
from spotipy.errors import BadRequest, ResponseError, SpotipyError, TransportError
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncRetryingSender,
    PersistentSender,
    RetryingSender,
)
from tests.conftest import Runner, answer_json, make_sender

CORRUPT_GZIP = {"status": 200, "headers": {"Content-Encoding": "gzip"}, "body": b"\x1f\x8bnot gzip"}


def retrying(emulator: Emulator, mode: str) -> Any:
    transport = emulator.transport()
    if mode == "async":
        inner: Any = AsyncPersistentSender(client=httpx.AsyncClient(transport=transport))
        return AsyncRetryingSender(retries=2, sender=inner)
    return RetryingSender(
        retries=2, sender=PersistentSender(client=httpx.Client(transport=transport))
    )


def test_a_corrupt_gzip_body_is_a_transport_error(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    emulator.faults.add(path="/v1/artists/", times=1, **CORRUPT_GZIP)
    with pytest.raises(TransportError) as info:
        run(spotify.artist(emulator.catalogue.artist_ids[0]))
    assert info.value.sent


def test_a_corrupt_gzip_body_is_retried(mode: str, run: Runner, emulator: Emulator) -> None:
    spotify = Spotify(emulator.app_token(), retrying(emulator, mode))
    emulator.faults.add(path="/v1/artists/", times=1, **CORRUPT_GZIP)
    artist = run(spotify.artist(emulator.catalogue.artist_ids[0]))
    assert artist.id == emulator.catalogue.artist_ids[0]


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_json_nested_too_deep_is_a_response_error(
    mode: str, run: Runner, emulator: Emulator, depth: int
) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    body = b'{"id": "x", "name": "n", "uri": "u", "x": ' + b"[" * depth + b"]" * depth + b"}"
    emulator.faults.add(path="/v1/artists/", times=1, status=200, body=body)
    with pytest.raises(ResponseError):
        run(spotify.artist(emulator.catalogue.artist_ids[0]))
    emulator.faults.add(path="/v1/artists/", times=1, status=404, body=b'{"error": ' + body + b"}")
    with pytest.raises(SpotipyError):
        run(spotify.artist(emulator.catalogue.artist_ids[0]))


def test_a_huge_query_is_refused_as_a_spotipy_error(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    before = len(emulator.requests)
    with pytest.raises(SpotipyError):
        run(spotify.search("a" * 100_000))
    with pytest.raises(SpotipyError):
        run(spotify.artist("a" * 100_000))
    assert len(emulator.requests) == before


@pytest.mark.parametrize("value", ["²", "9" * 5_000])
@pytest.mark.parametrize("name", ["offset", "limit"])
@pytest.mark.parametrize("concurrency", [1, 10])
def test_a_next_link_with_a_number_int_refuses_is_no_raw_value_error(
    mode: str, run: Runner, emulator: Emulator, name: str, value: str, concurrency: int
) -> None:
    """A next link whose offset or limit is a Unicode digit or thousands of digits long:
    the paging goes on as the server's link says (here the emulator refuses it), never
    with a raw ``ValueError`` from reading the number."""
    import json

    from spotipy.emulator import BIG_PLAYLIST_ID

    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    path = f"/v1/playlists/{BIG_PLAYLIST_ID}/items"
    page = answer_json(emulator, f"{path}?limit=50")
    page["next"] = page["next"].replace(f"{name}=", f"{name}={value}&x=", 1)
    emulator.faults.add(path=path, times=1, body=json.dumps(page).encode())
    first = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50))
    assert first.next is not None
    assert f"{name}={value}&" in first.next

    async def collect_async() -> list[Any]:
        return [item async for item in spotify.all_items(first, concurrency=concurrency)]

    def collect() -> list[Any]:
        if mode == "async":
            return run(collect_async())
        return list(spotify.all_items(first, concurrency=concurrency))

    if name == "offset" and concurrency > 1:
        # Bulk paging writes each page's offset itself: the link's own value is unused.
        assert len(collect()) == len(emulator.state.playlists[BIG_PLAYLIST_ID].entries)
    else:
        # The link is sent as the server gave it, and the emulator refuses the number.
        with pytest.raises(BadRequest):
            collect()
