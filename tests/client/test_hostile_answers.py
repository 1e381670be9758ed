"""Answers and inputs that used to escape as raw third-party exceptions (httpx, RecursionError)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from spotipy import Spotify
from spotipy.emulator import Emulator
from spotipy.errors import ResponseError, SpotipyError, TransportError
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncRetryingSender,
    PersistentSender,
    RetryingSender,
)
from tests.conftest import Runner, make_sender

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
