"""``spotipy backup`` and ``restore`` as a shell user meets them: signals, rate limits.

Every case runs the console script in a subprocess against the emulator on a loopback
socket, whose answers are slowed down where the command is to be interrupted.  Waits are
bounded and generous: they guard against hangs, never measure speed.
"""

from __future__ import annotations

import json
import signal
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from spotipy.emulator import DEFAULT_USER_ID, Server
from tests.cli.conftest import Env, environment
from tests.cli.test_commands import other_user
from tests.cli.test_console_script import interrupt, spotipy

#: Seconds a slowed answer takes: far longer than a prompt exit may take.
SLOW = 30


@pytest.fixture
def script_env(server: Server, tmp_path: Path) -> Iterator[Env]:
    found = environment(server, tmp_path)
    found.login_directly()
    yield found
    server.emulator.faults.clear()


def _temporary_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def _owned_names(env: Env, user: str) -> list[str]:
    spotify = env.library_client(user)
    listed = spotify.all_items(spotify.followed_playlists(limit=50))
    return [p.name for p in listed if p is not None and p.owner is not None and p.owner.id == user]


def _complete(folder: Path) -> bool:
    return bool(json.loads((folder / "manifest.json").read_text())["complete"])


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_ends_a_backup_reading_playlists_and_a_rerun_resumes(
    script_env: Env, tmp_path: Path, signum: int
) -> None:
    folder = tmp_path / "lib"
    # Every playlist's items take SLOW s: the readers' threads are all in a request.
    script_env.emulator.faults.add(method="GET", path="/v1/playlists/", latency=SLOW, times=None)
    code, _ = interrupt(
        script_env, ["backup", str(folder)], (folder / "playlists.json").exists, signum
    )
    assert code == 128 + signum
    assert not _temporary_files(tmp_path)
    assert not _complete(folder)  # checkpointed, not finished
    result = spotipy(script_env, "backup", str(folder), "-q")
    assert result.returncode == 0, result.stderr
    assert _complete(folder)
    assert not _temporary_files(tmp_path)


def test_ctrl_c_ends_a_backup_started_with_sigint_ignored(script_env: Env, tmp_path: Path) -> None:
    # A shell starts background jobs (and CI its steps, at times) with SIGINT ignored,
    # and Python then leaves it ignored: the tool answers it as its async commands do.
    folder = tmp_path / "lib"
    script_env.emulator.faults.add(method="GET", path="/v1/playlists/", latency=SLOW, times=None)
    code, _ = interrupt(
        script_env,
        ["backup", str(folder)],
        (folder / "playlists.json").exists,
        signal.SIGINT,
        ignore_sigint=True,
    )
    assert code == 128 + signal.SIGINT
    assert not _temporary_files(tmp_path)


def test_a_signal_ends_a_backup_paging_a_collection(script_env: Env, tmp_path: Path) -> None:
    spotify = script_env.library_client()
    tracks = script_env.emulator.catalogue.track_ids[:120]
    spotify.library_add([f"spotify:track:{t}" for t in tracks])  # three pages
    faults = script_env.emulator.faults
    faults.add(method="GET", path="/v1/me/tracks", latency=0.001)  # the first page arrives
    faults.add(method="GET", path="/v1/me/tracks", latency=SLOW, times=None)  # the rest: slow
    folder = tmp_path / "lib"
    code, _ = interrupt(
        script_env, ["backup", str(folder)], lambda: len(faults) == 1, signal.SIGTERM
    )
    assert code == 128 + signal.SIGTERM
    assert not _temporary_files(tmp_path)
    result = spotipy(script_env, "backup", str(folder), "-q")
    assert result.returncode == 0, result.stderr
    liked = json.loads((folder / "liked_songs.json").read_text())["items"]
    assert len(liked) >= 120


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGHUP])
def test_a_signal_ends_a_restore_and_a_rerun_adds_nothing_twice(
    script_env: Env, tmp_path: Path, signum: int
) -> None:
    folder = tmp_path / "lib"
    result = spotipy(script_env, "backup", str(folder), "-q")
    assert result.returncode == 0, result.stderr
    target = other_user(script_env, 4 if signum == signal.SIGINT else 5)
    before = Counter(_owned_names(script_env, target))
    script_env.login_directly(target)
    # Every write takes SLOW s; the mapping is written before the first playlist is made.
    script_env.emulator.faults.add(method="POST", path="/v1/", latency=SLOW, times=None)
    mapping = folder / f"restore-{target}.json"
    code, _ = interrupt(script_env, ["restore", str(folder)], mapping.exists, signum)
    assert code == 128 + signum
    assert not _temporary_files(tmp_path)
    result = spotipy(script_env, "restore", str(folder), "-q")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Restored: "), result.stderr
    again = spotipy(script_env, "restore", str(folder), "-q")
    assert again.returncode == 0, again.stderr
    assert again.stderr.startswith("Restored: 0 playlists created, 0 entries added"), again.stderr
    made = Counter(_owned_names(script_env, target)) - before
    listed = json.loads((folder / "playlists.json").read_text())
    source = Counter(p["name"] for p in listed if p["owner"]["id"] == DEFAULT_USER_ID)
    assert made == source  # the playlist made before the signal was not made twice


def test_rate_limit_waits_are_lines_when_piped(script_env: Env, tmp_path: Path) -> None:
    spotify = script_env.library_client()
    tracks = script_env.emulator.catalogue.track_ids[:120]
    spotify.library_add([f"spotify:track:{t}" for t in tracks])  # three pages
    faults = script_env.emulator.faults
    # The listing's first page: the sender waits and sends it again.
    faults.add(method="GET", path="/v1/me/playlists", status=429, headers={"Retry-After": "1"})
    # A page the bulk paging reads after the first: the paging waits.
    faults.add(method="GET", path="/v1/me/tracks", latency=0.001)
    faults.add(method="GET", path="/v1/me/tracks", status=429, headers={"Retry-After": "2"})
    result = spotipy(script_env, "backup", str(tmp_path / "lib"))
    assert result.returncode == 0, result.stderr
    assert len(faults) == 0
    lines = result.stderr.splitlines()
    assert "spotipy: waiting 1 s: rate limited" in lines  # inside the sender's retry
    assert "spotipy: waiting 2 s: rate limited" in lines  # of the bulk paging
    assert any(line.startswith("Backed up ") for line in lines)
