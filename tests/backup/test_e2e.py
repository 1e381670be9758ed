"""End to end over a loopback socket: back up one account, restore it into another, back
that up, and compare; under faults, and with the process killed at random points."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spotipy.backup import backup, restore
from spotipy.backup._backup import iter_playlists
from spotipy.emulator import DEFAULT_USER_ID, Emulator, Server
from spotipy.errors import SpotipyError
from tests.backup.conftest import (
    SCOPES,
    build_library,
    files,
    fresh_users,
    make_client,
    running,
    summary,
)

WORKER = Path(__file__).with_name("_worker.py")
ROOT = Path(__file__).parents[2]


def until_done(call: object, attempts: int = 12) -> int:
    """Run ``call`` again after each failure (as a user would); the failures met."""
    assert callable(call)
    for failures in range(attempts):
        try:
            call()
        except SpotipyError:
            continue
        return failures
    raise AssertionError(f"still failing after {attempts} runs")


def test_a_whole_library_moves_to_another_account(tmp_path: Path) -> None:
    emulator = Emulator(seed=0, profile="extended")
    build_library(emulator, playlists=250, big=10_000, liked=400)
    (target,) = fresh_users(emulator, 1)
    with running(emulator) as server:
        source = make_client(server, DEFAULT_USER_ID)
        first = backup(source, tmp_path / "a")
        assert not first.skipped
        planned = restore(make_client(server, target), tmp_path / "a", dry_run=True)
        assert planned.created == 0
        assert len(planned.plan) > 250
        assert not any(p.owner == target for p in emulator.state.playlists.values())
        done = restore(make_client(server, target), tmp_path / "a")
        copy = backup(make_client(server, target), tmp_path / "b")
    assert not copy.skipped
    a, b = summary(tmp_path / "a"), summary(tmp_path / "b")
    assert len(a["own"]) == 256  # the 250 built and the 6 of the catalogue
    assert max(len(p[-1]) for p in a["own"]) == 10_000 + 2
    assert len(a["liked_songs"]) == 400
    assert a == b
    # The local file of a catalogue playlist is reported, not fatal.
    assert [what for _, what in done.unavailable if "local file" in what]


@pytest.fixture
def library(tmp_path: Path) -> tuple[Emulator, Path]:
    """A small library and its backup taken without faults: what every run must equal."""
    emulator = Emulator(seed=0, profile="extended")
    build_library(emulator)
    with running(emulator) as server:
        backup(make_client(server, DEFAULT_USER_ID), tmp_path / "baseline")
    return emulator, tmp_path / "baseline"


FAULTS = {
    "429 storm": {"status": 429, "headers": {"Retry-After": "0"}, "times": 40},
    "5xx": {"status": 503, "times": 9},
    "dropped connections": {"drop": True, "times": 9},
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_faults_during_backup_and_restore_change_nothing(
    library: tuple[Emulator, Path], fault: str, tmp_path: Path
) -> None:
    emulator, baseline = library
    (target,) = fresh_users(emulator, 1)
    with running(emulator) as server:
        emulator.faults.add(method="GET", **FAULTS[fault])  # type: ignore[arg-type]
        until_done(lambda: backup(make_client(server, DEFAULT_USER_ID), tmp_path / "a"))
        assert len(emulator.faults) == 0
        assert files(tmp_path / "a") == files(baseline)
        emulator.faults.add(path="/v1/playlists", **FAULTS[fault])  # type: ignore[arg-type]
        emulator.faults.add(path="/v1/me", **FAULTS[fault])  # type: ignore[arg-type]
        until_done(lambda: restore(make_client(server, target), tmp_path / "a"))
        assert len(emulator.faults) == 0  # every fault met a request
        emulator.faults.clear()
        backup(make_client(server, target), tmp_path / "b")
    assert summary(tmp_path / "b") == summary(baseline)


def test_a_write_answered_with_a_dropped_connection_is_not_applied_twice(
    library: tuple[Emulator, Path],
) -> None:
    emulator, baseline = library
    (target,) = fresh_users(emulator, 1)
    with running(emulator) as server:
        # Handled, then the connection breaks: the client cannot know the add happened.
        emulator.faults.add(method="POST", path="/v1/playlists/", drop=True, after_handling=True)
        emulator.faults.add(method="PUT", path="/v1/me/library", drop=True, after_handling=True)
        emulator.faults.add(method="POST", path="/v1/me/playlists", drop=True, after_handling=True)
        failures = until_done(lambda: restore(make_client(server, target), baseline))
        assert failures == 2  # the create and the add; the PUT is idempotent: retried
        assert len(emulator.faults) == 0
        assert restore(make_client(server, target), baseline).plan == []
        backup(make_client(server, target), baseline.parent / "b")
    assert summary(baseline.parent / "b") == summary(baseline)


def kill_after(server: Server, mode: str, folder: Path, user: str, requests: int) -> bool:
    """Run the worker in a process and SIGKILL it once the emulator saw ``requests`` more
    requests; whether it was killed (else it finished first)."""
    log = server.emulator.requests
    start = len(log)
    env = {
        **os.environ,
        "WORKER_TOKEN": server.emulator.user_token(user, SCOPES),
        "PYTHONPATH": str(ROOT),
        "NO_PROXY": "127.0.0.1",
    }
    process = subprocess.Popen(
        [sys.executable, str(WORKER), mode, server.api_url, str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(60_000):  # bounded: at most about a minute
            if process.poll() is not None or len(log) - start >= requests:
                break
            time.sleep(0.001)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            return True
        assert process.returncode == 0, process.stderr.read() if process.stderr else ""
        return False
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        if process.stderr:
            process.stderr.close()


@pytest.mark.parametrize("seed", [1, 2])
def test_a_backup_killed_at_random_points_ends_as_an_uninterrupted_one(
    library: tuple[Emulator, Path], seed: int, tmp_path: Path
) -> None:
    emulator, baseline = library
    rng = random.Random(seed)
    folder = tmp_path / "killed"
    total = json.loads((baseline / "manifest.json").read_text())["last_run"]["requests"]
    with running(emulator) as server:
        killed = [
            kill_after(server, "backup", folder, DEFAULT_USER_ID, rng.randrange(1, total))
            for _ in range(2)
        ]
        backup(make_client(server, DEFAULT_USER_ID), folder)
    assert any(killed)
    assert files(folder) == files(baseline)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_restore_killed_at_random_points_adds_nothing_twice(
    library: tuple[Emulator, Path], seed: int, tmp_path: Path
) -> None:
    emulator, baseline = library
    (target,) = fresh_users(emulator, 1)
    rng = random.Random(seed)
    with running(emulator) as server:
        killed = [
            kill_after(server, "restore", baseline, target, rng.randrange(1, 40)) for _ in range(2)
        ]
        restore(make_client(server, target), baseline)
        backup(make_client(server, target), tmp_path / "b")
    assert any(killed)
    assert summary(tmp_path / "b") == summary(baseline)


@pytest.mark.parametrize("after_handling", [True, False], ids=["answer lost", "request lost"])
def test_a_lost_create_never_adopts_a_playlist_the_account_had(
    library: tuple[Emulator, Path], after_handling: bool
) -> None:
    # Either way the client cannot tell whether the playlist was made. When the request
    # never arrived, the only playlist of that name is the account's own: the next run must
    # make the copy rather than fill the account's playlist with the backup's entries.
    emulator, baseline = library
    (target,) = fresh_users(emulator, 1)
    # The first playlist the restore creates, and so the one whose create is lost.
    first = next(p for p in iter_playlists(baseline) if p["owner"]["id"] == DEFAULT_USER_ID)
    name, entries = first["name"], len(first["entries"])
    assert entries > 0
    with running(emulator) as server:
        spotify = make_client(server, target)
        own = spotify.playlist_create(name, False)  # the same name, already there
        emulator.faults.add(
            method="POST", path="/v1/me/playlists", drop=True, after_handling=after_handling
        )
        assert until_done(lambda: restore(make_client(server, target), baseline)) == 1
        assert len(emulator.faults) == 0
    copies = [p for p in emulator.state.playlists.values() if p.name == name]
    assert sorted(len(p.entries) for p in copies if p.owner == target) == [0, entries]
    assert emulator.state.playlists[own.id].entries == []
