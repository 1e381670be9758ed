"""Every chunked write says what was applied: a matrix of writes x failing chunk x fault.

Each chunked write of the client (the generic chunk loop of the endpoint descriptor and
the playlist writes done in turn) is run against the emulator with a scripted fault on
one of its chunks: a server error, a dropped connection, a 429 beyond the retry budget
and a client error, sync and async, with and without a retrying sender.  A failure on a
later chunk raises :class:`~spotipy.errors.PartialWriteError` whose ``applied`` and
``pending`` are exact, and the emulator then holds exactly what ``applied`` says; a
failure on the first chunk raises the error itself and changes nothing.

The retrying sender waits on a fake clock, so nothing really waits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from spotipy import Spotify
from spotipy.client._endpoint import Endpoint
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.errors import (
    NotFound,
    PartialWriteError,
    ServiceUnavailable,
    SpotipyError,
    TooManyRequests,
    TransportError,
)
from spotipy.sender import AsyncRetryingSender, RetryingSender
from tests.client.test_chunked_storm import Waits
from tests.conftest import Runner, make_sender
from tests.emulator.conftest import Clock

SCOPES = (
    "user-library-modify",
    "user-follow-modify",
    "playlist-modify-public",
    "playlist-modify-private",
)

#: Chunked operations that only read: a failure raises the error itself.
READS = frozenset(
    {
        "albums",
        "artists",
        "artists_is_following",
        "audiobooks",
        "chapters",
        "episodes",
        "library_contains",
        "saved_albums_contains",
        "saved_audiobooks_contains",
        "saved_episodes_contains",
        "saved_shows_contains",
        "saved_tracks_contains",
        "shows",
        "tracks",
        "tracks_audio_features",
        "users_is_following",
    }
)


@dataclass
class Setup:
    """A write ready to run: its argument, and how to read and predict what it changed."""

    #: The path prefix of the write's requests (where faults are scripted).
    path: str
    argument: list[Any]
    #: The order the chunks are sent in (removals by position go highest first).
    ordered: list[Any]
    call: Callable[[], Any]
    observe: Callable[[], Any]
    expect: Callable[[list[Any]], Any]


@dataclass(frozen=True)
class Write:
    """One chunked write of the client, and how to set it up against an emulator."""

    name: str
    chunks: int
    setup: Callable[[Emulator, Spotify[Any], Runner], Setup]

    def __str__(self) -> str:
        return self.name


def _ids(emulator: Emulator, kind: str, count: int) -> list[str]:
    if kind == "user":
        return [f"someone{i}" for i in range(count)]
    found: list[str] = getattr(emulator.catalogue, f"{kind}_ids")[:count]
    assert len(found) == count, f"the catalogue holds {len(found)} {kind}s, not {count}"
    return found


def _tracks(emulator: Emulator, count: int, start: int = 0) -> list[str]:
    return [f"spotify:track:{t}" for t in emulator.catalogue.track_ids[start : start + count]]


def saved(name: str, path: str, kind: str, count: int, *, remove: bool = False) -> Write:
    """A write to the user's library (or follows): adds, or removes what was there."""
    per = _facts(name).max_ids
    assert per is not None

    def setup(emulator: Emulator, spotify: Spotify[Any], run: Runner) -> Setup:
        ids = _ids(emulator, kind, count)
        keys = [f"spotify:{kind}:{i}" for i in ids]
        held = emulator.state.follows if path == "/v1/me/following" else emulator.state.library
        if remove:
            held.add(DEFAULT_USER_ID, keys, 0.0)
        argument = keys if path == "/v1/me/library" else ids
        as_key = dict(zip(argument, keys, strict=True))

        def expect(applied: list[Any]) -> list[bool]:
            done = {as_key[a] for a in applied}
            return [(k in done) != remove for k in keys]

        return Setup(
            path,
            argument,
            argument,
            lambda: getattr(spotify, name)(argument),
            lambda: held.contains(DEFAULT_USER_ID, keys),
            expect,
        )

    return Write(name, -(-count // per), setup)


def _playlist(spotify: Spotify[Any], run: Runner, items: list[str]) -> str:
    playlist_id: str = run(spotify.playlist_create("Matrix")).id
    if items:
        run(spotify.playlist_add(playlist_id, items))
    return playlist_id


def playlist(name: str, how: str, *, legacy: bool = False) -> Write:
    """A chunked write of 250 playlist items (three requests): ``how`` says which."""
    tail = "tracks" if legacy else "items"

    def setup(emulator: Emulator, spotify: Spotify[Any], run: Runner) -> Setup:
        tracks = _tracks(emulator, 250)
        initial = {"add": [], "replace": _tracks(emulator, 3, start=1000)}.get(how, tracks)
        playlist_id = _playlist(spotify, run, initial)
        snapshot = emulator.state.playlists[playlist_id].snapshot_id
        argument: list[Any] = tracks
        ordered: list[Any] = tracks
        kwargs: dict[str, Any] = {}
        expect: Callable[[list[Any]], Any]
        if how == "add":
            expect = list
        elif how == "remove":
            expect = lambda applied: [u for u in initial if u not in set(applied)]  # noqa: E731
        elif how == "replace":
            # The first request replaces, the others append: none applied, none changed.
            expect = lambda applied: applied or initial  # noqa: E731
        else:  # by position: "indices" or "occurrences", sent highest position first
            positions = list(range(len(initial)))
            pairs = [(initial[p], p) for p in positions]
            argument = pairs if how == "occurrences" else positions
            ordered = argument[::-1]
            kwargs["snapshot_id"] = snapshot

            def expect(applied: list[Any]) -> list[str]:
                gone = {a[1] if isinstance(a, tuple) else a for a in applied}
                return [u for p, u in enumerate(initial) if p not in gone]

        return Setup(
            f"/v1/playlists/{playlist_id}/{tail}",
            argument,
            ordered,
            lambda: getattr(spotify, name)(playlist_id, argument, **kwargs),
            lambda: emulator.catalogue.playlist_item_uris(playlist_id),
            expect,
        )

    return Write(name, 3, setup)


def _facts(name: str) -> Endpoint[Any, Any]:
    found = getattr(Spotify, name)
    assert isinstance(found, Endpoint)
    return found


#: The saving endpoints in pairs: adding, removing, their path, what they save, how many.
SAVED = [
    ("library_add", "library_remove", "/v1/me/library", "track", 100),
    ("artists_follow", "artists_unfollow", "/v1/me/following", "artist", 100),
    ("users_follow", "users_unfollow", "/v1/me/following", "user", 120),
    ("saved_albums_add", "saved_albums_delete", "/v1/me/albums", "album", 50),
    ("saved_tracks_add", "saved_tracks_delete", "/v1/me/tracks", "track", 120),
    ("saved_episodes_add", "saved_episodes_delete", "/v1/me/episodes", "episode", 120),
    ("saved_shows_add", "saved_shows_delete", "/v1/me/shows", "show", 55),
    ("saved_audiobooks_add", "saved_audiobooks_delete", "/v1/me/audiobooks", "audiobook", 55),
]

WRITES = [
    *(
        write
        for add, remove, path, kind, count in SAVED
        for write in (saved(add, path, kind, count), saved(remove, path, kind, count, remove=True))
    ),
    playlist("playlist_add", "add"),
    playlist("playlist_tracks_add", "add"),
    playlist("playlist_tracks_add_legacy", "add", legacy=True),
    playlist("playlist_remove", "remove"),
    playlist("playlist_tracks_remove", "remove"),
    playlist("playlist_tracks_remove_legacy", "remove", legacy=True),
    playlist("playlist_replace", "replace"),
    playlist("playlist_tracks_replace", "replace"),
    playlist("playlist_tracks_update_legacy", "replace", legacy=True),
    playlist("playlist_tracks_remove_occurrences", "occurrences"),
    playlist("playlist_tracks_remove_indices", "indices"),
]


def user_client(emulator: Emulator, mode: str, waits: Waits | None) -> Spotify[Any]:
    """The default user's client; with ``waits``, behind a retrying sender that uses it."""
    sender = make_sender(emulator, mode)
    retry: dict[str, Any] = {"retries": 2, "rate_limit_retries": 2, "clock": waits and waits.clock}
    if waits is not None and mode == "async":
        sender = AsyncRetryingSender(sender=sender, sleep=waits.async_, **retry)
    elif waits is not None:
        sender = RetryingSender(sender=sender, sleep=waits, **retry)
    return Spotify(emulator.user_token(DEFAULT_USER_ID, SCOPES), sender)


def test_the_matrix_walks_every_chunked_write() -> None:
    chunked = {
        name
        for name in dir(Spotify)
        if isinstance(found := getattr(Spotify, name, None), Endpoint) and found.max_ids
    }
    assert {w.name for w in WRITES} == chunked - READS
    assert chunked >= READS


class Fault:
    """A fault kind: how to script it, and the error the write then carries."""

    def __init__(self, name: str, error: type[SpotipyError], **fault: Any) -> None:
        self.name = name
        self.error = error
        self.fault = fault

    def __str__(self) -> str:
        return self.name


FAULTS = [
    # Every matching request meets the fault, so retries cannot get past it either.
    Fault("5xx", ServiceUnavailable, status=503, times=None),
    Fault("dropped", TransportError, drop=True, times=None),
    Fault("429", TooManyRequests, status=429, headers={"Retry-After": "7"}, times=None),
    Fault("4xx", NotFound, status=404),
]

CASES = [(w, n) for w in WRITES for n in range(w.chunks)]


@pytest.mark.parametrize("retrying", [False, True], ids=["plain", "retrying"])
@pytest.mark.parametrize("fault", FAULTS, ids=str)
@pytest.mark.parametrize(("write", "failing"), CASES, ids=[f"{w}-chunk{n + 1}" for w, n in CASES])
def test_a_failed_chunk_names_exactly_what_was_applied(
    write: Write, failing: int, fault: Fault, retrying: bool, mode: str, run: Runner
) -> None:
    clock = Clock()
    emulator = Emulator(seed=0, profile="extended", clock=clock)
    waits = Waits(clock) if retrying else None
    spotify = user_client(emulator, mode, waits)
    ready = write.setup(emulator, spotify, run)
    per = _facts(write.name).max_ids
    assert per is not None
    if failing:  # the chunks before the failing one pass untouched
        emulator.faults.add(path=ready.path, latency=1e-6, times=failing)
    emulator.faults.add(path=ready.path, **fault.fault)
    with pytest.raises(SpotipyError) as raised:
        run(ready.call())
    emulator.faults.clear()
    error = raised.value
    if failing == 0:
        # Nothing was applied: the error itself, and nothing changed.
        assert type(error) is fault.error
        assert ready.observe() == ready.expect([])
        return
    assert isinstance(error, PartialWriteError), repr(error)
    assert isinstance(error.error, fault.error)
    assert error.__cause__ is error.error
    assert error.applied == ready.ordered[: failing * per]
    assert error.pending == ready.ordered[failing * per :]
    assert ready.observe() == ready.expect(error.applied)
