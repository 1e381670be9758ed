"""Fixtures of the backup tests: an emulator on a loopback socket, libraries built in its
state, clients over HTTP through the real sender stack, and a summary of a backup that two
accounts' backups can be compared by."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from spotipy import Spotify
from spotipy.backup._backup import iter_playlists
from spotipy.backup._layout import COLLECTIONS
from spotipy.cli._app import DEFAULT_SCOPES
from spotipy.client import Sync
from spotipy.emulator import DEFAULT_USER_ID, Emulator, Server, serve
from spotipy.sender import PersistentSender, RetryingSender

#: What backup and restore run with: the scopes ``spotipy login`` asks for.
SCOPES = DEFAULT_SCOPES
#: A fixed time for what the tests put in the emulator's state.
T0 = 1_700_000_000


def no_sleep(seconds: float) -> None:
    return None


def make_client(server: Server, user: str, *, quota: Any = None) -> Spotify[Sync]:
    """A client for ``user`` over the socket, retrying 429s, 5xx and drops without waiting."""
    http = httpx.Client(trust_env=False, timeout=30)
    sender = RetryingSender(
        retries=3,
        sender=PersistentSender(client=http),
        rate_limit_retries=20,
        backoff=0,
        sleep=no_sleep,
    )
    token = server.emulator.user_token(user, SCOPES)
    return Spotify(token, sender, api_url=server.api_url, quota=quota)


@contextlib.contextmanager
def running(emulator: Emulator) -> Iterator[Server]:
    with serve(emulator, host="127.0.0.1", port=0) as server:
        yield server


def fresh_users(emulator: Emulator, count: int) -> list[str]:
    """Users who own, collaborate on and follow nothing."""
    busy = {p.owner for p in emulator.state.playlists.values()}
    for p in emulator.state.playlists.values():
        busy |= set(p.collaborators)
    found = [u for u in emulator.catalogue.user_ids if u not in busy and u != DEFAULT_USER_ID]
    assert len(found) >= count, found
    return found[:count]


def build_library(
    emulator: Emulator,
    user: str = DEFAULT_USER_ID,
    *,
    playlists: int = 12,
    big: int = 300,
    liked: int = 120,
    saved: int = 6,
    artists: int = 10,
) -> None:
    """Give ``user`` playlists (the first holding ``big`` entries, with repeats and an
    episode), liked songs, albums, shows, episodes, audiobooks, followed artists and two
    followed playlists of other users, each at its own time."""
    state, cat = emulator.state, emulator.catalogue
    tracks, n_tracks = cat.track_ids, len(cat.track_ids)
    for n in range(playlists):
        public = n % 3 == 0
        playlist = state.playlists.create(
            user,
            f"Playlist {n:03}",
            public=public,
            collaborative=n % 4 == 1 and not public,
            description=f"Number {n}" if n % 2 else "",
        )
        size = big if n == 0 else n % 9
        uris = [f"spotify:track:{tracks[(n * 131 + i * 7) % n_tracks]}" for i in range(size)]
        if size > 3:
            uris.insert(2, uris[0])  # a repeat
            uris.insert(3, f"spotify:episode:{cat.episode_ids[n]}")
        state.playlists.add(playlist, state.playlists.entries_for(uris, user, T0 + n), None)
    at = T0
    kinds = (
        ("track", tracks[:liked]),
        ("album", cat.album_ids[:saved]),
        ("show", cat.show_ids[:saved]),
        ("episode", cat.episode_ids[-saved:]),
        ("audiobook", cat.audiobook_ids[:saved]),
    )
    for kind, ids in kinds:
        for item_id in ids:
            at += 60
            state.library.add(user, [f"spotify:{kind}:{item_id}"], at)
    for artist_id in cat.artist_ids[:artists]:
        at += 60
        state.follows.add(user, [f"spotify:artist:{artist_id}"], at)
    for playlist_id in cat.editorial_playlist_ids[:2]:
        at += 60
        state.follows.add(user, [f"spotify:playlist:{playlist_id}"], at)


def _uris(entries: list[dict[str, Any]]) -> list[str]:
    return [
        e["item"]["uri"]
        for e in entries
        if isinstance(e.get("item"), dict) and not e.get("is_local") and e["item"].get("uri")
    ]


def summary(folder: Path) -> dict[str, Any]:
    """What a backup holds, as two accounts holding the same library would share it:
    playlists by content (their IDs and owners differ), others' playlists by ID, and
    every collection's URIs in order."""
    manifest = json.loads((folder / "manifest.json").read_text())
    owner = manifest["account"]["id"]
    own = []
    others = []
    for p in iter_playlists(folder):
        if p["owner"]["id"] == owner:
            assert p["entries"] is not None, p["id"]
            details = (p["name"], p["description"] or "", p["public"], p["collaborative"])
            own.append((*details, tuple(_uris(p["entries"]))))
        else:
            others.append(p["id"])
    found: dict[str, Any] = {"own": sorted(own), "others": sorted(others)}
    for name in (*COLLECTIONS, "artists"):
        info = manifest["collections"][name]
        items = json.loads((folder / info["file"]).read_text())["items"]
        found[name] = _uris(items)
    return found


def files(folder: Path) -> dict[str, Any]:
    """Every file of a backup, the manifest without its times."""
    found: dict[str, Any] = {}
    for path in sorted(folder.rglob("*.json")):
        name = str(path.relative_to(folder))
        if name.startswith("restore-"):
            continue
        value = json.loads(path.read_text())
        if name == "manifest.json":
            for key in ("started_at", "finished_at", "last_run"):
                value.pop(key, None)
            for kept in (*value["playlists"].values(), *value["collections"].values()):
                kept.pop("taken_at", None)
        found[name] = value
    return found


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(seed=0, profile="extended")


@pytest.fixture
def server(emulator: Emulator) -> Iterator[Server]:
    with running(emulator) as found:
        yield found
