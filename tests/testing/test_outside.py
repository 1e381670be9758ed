"""The plugin's fixtures in a project outside this repository, run as a user runs pytest.

The project lives in ``tmp_path`` with no conftest and no pytest configuration: the plugin
loads from spotipy's ``pytest11`` entry point alone.  pytest runs in a subprocess
(``python -m pytest``), bounded by a timeout, and the outcome counts are read from its
summary line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

TIMEOUT = 120

EXPORT = '''
"""The user's code: exports a playlist's rows."""


def my_export(spotify, playlist_id):
    page = spotify.playlist_items(playlist_id)
    return [(entry.item.id, entry.item.name) for entry in spotify.all_items(page)]


async def my_async_export(spotify, playlist_id, limit):
    page = await spotify.playlist_items(playlist_id)
    return [entry.item.id async for entry in spotify.all_items(page, max_items=limit)]


def my_env_export(playlist_id):
    """Builds its own client from SPOTIPY_* variables, as deployed code does."""
    from spotipy import Credentials, Spotify, util

    client_id, client_secret = util.config_from_environment()[:2]
    token = Credentials(client_id, client_secret).request_client_token()
    with Spotify(token) as spotify:
        return spotify.playlist_items(playlist_id, limit=7).items
'''

TESTS = """
import asyncio

import pytest

from myexport import my_async_export, my_env_export, my_export

BIG = "37i9dQZEVXbMDoHDwVN2tF"


def test_my_export(spotify):
    rows = my_export(spotify, "37i9dQZEVXbMDoHDwVN2tF")
    assert len(rows) == 10_000


def test_async_export_with_asyncio_run(async_spotify):
    assert len(asyncio.run(my_async_export(async_spotify, BIG, 120))) == 120


@pytest.mark.anyio
async def test_async_export_with_anyio(async_spotify, spotify_emulator):
    assert len(await my_async_export(async_spotify, BIG, 60)) == 60
    assert [r.query["offset"] for r in spotify_emulator.requests] == ["0", "50"]


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.spotify_emulator(profile="extended", seed=5)
def test_marker(spotify, spotify_emulator):
    assert (spotify_emulator.profile, spotify_emulator.seed) == ("extended", 5)
    assert spotify.artist_related_artists(spotify_emulator.catalogue.artist_ids[0])


def test_user_token(make_spotify, spotify_user_token):
    spotify = make_spotify(spotify_user_token("user-read-private"))
    assert spotify.current_user().id == "emulator-user"


def test_socket_server(spotify_emulator_server, spotify_emulator):
    assert len(my_env_export(BIG)) == 7
    assert [r.path for r in spotify_emulator.requests][0] == "/api/token"


def test_fails_on_purpose(spotify):
    # The plugin must not hide failures: this one is counted.
    assert spotify.playlist_items(BIG, limit=1).total == 0
"""


def _environment() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST_", "SPOTIPY_", "COV_CORE_", "COVERAGE_"))
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _counts(summary: str) -> dict[str, int]:
    return {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|errors?)", summary)}


def test_fixtures_work_in_a_project_outside_the_repository(tmp_path: Path):
    (tmp_path / "myexport.py").write_text(dedent(EXPORT))
    (tmp_path / "test_mine.py").write_text(dedent(TESTS))
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--strict-markers", "-q"],
        cwd=tmp_path,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    output = completed.stdout + completed.stderr
    summary = output.strip().splitlines()[-1]
    assert _counts(summary) == {"passed": 6, "failed": 1}, output
    assert completed.returncode == 1, output
    assert "test_mine.py::test_fails_on_purpose" in output
    assert not (tmp_path / "conftest.py").exists()
