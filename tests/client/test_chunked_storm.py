"""Chunked writes meeting 429s: waited out and carried on, or a PartialWriteError that says
what was applied; a server error on a non-idempotent chunk is never replayed.

Against the emulator's rate limit with its clock faked: the retrying sender's waits move
the same clock on, so nothing really waits.  Sync and async, through the real senders.
"""

from __future__ import annotations

from typing import Any

import pytest

from spotipy import Spotify
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.errors import InternalServerError, PartialWriteError, TooManyRequests
from spotipy.sender import AsyncRetryingSender, RetryingSender
from tests.conftest import Runner, make_sender
from tests.emulator.conftest import Clock

SCOPES = ("user-library-modify", "playlist-modify-public", "playlist-modify-private")


class Waits:
    """The sleep of a retrying sender: records each wait and moves the fake clock on."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.now += seconds

    async def async_(self, seconds: float) -> None:
        self(seconds)


def user_client(emulator: Emulator, mode: str, waits: Waits | None, **retry: Any) -> Spotify[Any]:
    """The default user's client; with ``waits``, behind a retrying sender that uses it."""
    inner = make_sender(emulator, mode)
    sender: Any = inner
    if waits is not None and mode == "async":
        sender = AsyncRetryingSender(sender=inner, sleep=waits.async_, clock=waits.clock, **retry)
    elif waits is not None:
        sender = RetryingSender(sender=inner, sleep=waits, clock=waits.clock, **retry)
    return Spotify(emulator.user_token(DEFAULT_USER_ID, SCOPES), sender)


def track_uris(emulator: Emulator, count: int, start: int = 0) -> list[str]:
    return [f"spotify:track:{t}" for t in emulator.catalogue.track_ids[start : start + count]]


def writes(emulator: Emulator, method: str, path: str) -> list[Any]:
    return [r for r in emulator.requests if r.method == method and r.path == path]


def test_a_library_add_of_500_waits_out_the_rate_limit(mode: str, run: Runner) -> None:
    clock = Clock()
    emulator = Emulator(seed=0, clock=clock, rate_limit=(5, 30))
    waits = Waits(clock)
    spotify = user_client(emulator, mode, waits)
    uris = track_uris(emulator, 500)
    assert run(spotify.library_add(uris)) is None  # no PartialWriteError: 13 chunks of 40
    assert all(emulator.state.library.contains(DEFAULT_USER_ID, uris))
    sent = writes(emulator, "PUT", "/v1/me/library")
    assert len(sent) == 13 + emulator.rate_limited
    assert emulator.rate_limited == 2  # five chunks a window: two waits of a whole window
    assert waits.waits == [30, 30]
    # Each chunk was admitted once, in order; a refused one went again, not the next.
    admitted = [r.query["uris"] for r in sent]
    assert list(dict.fromkeys(admitted)) == [",".join(uris[i : i + 40]) for i in range(0, 500, 40)]


def test_a_playlist_add_of_1000_waits_out_the_rate_limit(mode: str, run: Runner) -> None:
    clock = Clock()
    emulator = Emulator(seed=0, clock=clock, rate_limit=(4, 30))
    waits = Waits(clock)
    spotify = user_client(emulator, mode, waits)
    playlist_id = run(spotify.playlist_create("Storm")).id
    clock.now += 30  # the creation leaves the window
    uris = track_uris(emulator, 1000)
    snapshot = run(spotify.playlist_add(playlist_id, uris))  # ten chunks of 100
    assert isinstance(snapshot, str)
    assert emulator.catalogue.playlist_item_uris(playlist_id) == uris  # each chunk once
    posts = writes(emulator, "POST", f"/v1/playlists/{playlist_id}/items")
    assert len(posts) == 10 + emulator.rate_limited
    assert emulator.rate_limited == 2
    assert waits.waits == [30, 30]


def test_without_a_retrying_sender_the_429_names_what_was_applied(mode: str, run: Runner) -> None:
    clock = Clock()
    emulator = Emulator(seed=0, clock=clock, rate_limit=(3, 30))
    spotify = user_client(emulator, mode, None)
    uris = track_uris(emulator, 200)
    with pytest.raises(PartialWriteError) as raised:
        run(spotify.library_add(uris))
    assert raised.value.applied == uris[:120]
    assert raised.value.pending == uris[120:]
    assert isinstance(raised.value.error, TooManyRequests)
    assert raised.value.error.retry_after == 30
    assert emulator.state.library.contains(DEFAULT_USER_ID, uris[119:121]) == [True, False]
    # Safe to resume with the pending items once the window has passed.
    clock.now += 30
    run(spotify.library_add(raised.value.pending))
    assert all(emulator.state.library.contains(DEFAULT_USER_ID, uris))


def test_a_429_is_resent_but_a_server_error_on_a_non_idempotent_chunk_is_not(
    mode: str, run: Runner
) -> None:
    clock = Clock()
    emulator = Emulator(seed=0, clock=clock)
    waits = Waits(clock)
    spotify = user_client(emulator, mode, waits, retries=3)
    playlist_id = run(spotify.playlist_create("Careful")).id
    path = f"/v1/playlists/{playlist_id}/items"
    # The second chunk meets a 429 (resent after its Retry-After), then a 500 after
    # Spotify applied it: adding items is not idempotent, so it is not sent a third time.
    emulator.faults.add(method="POST", path=path, latency=0.001, times=1)
    emulator.faults.add(method="POST", path=path, status=429, headers={"Retry-After": "4"})
    emulator.faults.add(method="POST", path=path, status=500, after_handling=True)
    uris = track_uris(emulator, 250)
    with pytest.raises(PartialWriteError) as raised:
        run(spotify.playlist_add(playlist_id, uris))
    assert waits.waits == [4]
    assert len(writes(emulator, "POST", path)) == 3  # chunk 1, chunk 2 refused, chunk 2 once
    assert raised.value.applied == uris[:100]
    assert raised.value.pending == uris[100:]  # chunk 2 included: the 500 leaves it unknown
    assert isinstance(raised.value.error, InternalServerError)
    # Spotify did apply it; a replay would have added those hundred twice.
    assert emulator.catalogue.playlist_item_uris(playlist_id) == uris[:200]


def test_when_the_retry_budget_is_spent_the_error_names_what_was_applied(
    mode: str, run: Runner
) -> None:
    clock = Clock()
    emulator = Emulator(seed=0, clock=clock, rate_limit=(3, 30))
    waits = Waits(clock)
    spotify = user_client(emulator, mode, waits, rate_limit_retries=0)
    uris = track_uris(emulator, 200)
    with pytest.raises(PartialWriteError) as raised:
        run(spotify.library_add(uris))
    assert raised.value.applied == uris[:120]
    assert raised.value.pending == uris[120:]
    assert isinstance(raised.value.error, TooManyRequests)
