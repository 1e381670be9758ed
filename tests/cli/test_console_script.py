"""The installed ``spotipy`` console script, run in a subprocess against the emulator.

The script finds the emulator (served on 127.0.0.1 by this test process) through the
``SPOTIPY_*`` variables only, as a shell user would point it at Spotify.  Every subprocess
has a timeout.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import queue
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from spotipy.emulator import BIG_PLAYLIST_ID, DEFAULT_USER_ID, Server
from tests.cli.conftest import Env, environment, free_port

TIMEOUT = 60
SCRIPT = shutil.which("spotipy", path=str(Path(sys.executable).parent))


@pytest.fixture
def script_env(server: Server, tmp_path: Path) -> Env:
    return environment(server, tmp_path)


def child_env(env: Env, **changes: str | None) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SPOTIPY_")}
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        base.pop(name, None)
    merged = {**base, **env.vars, **changes}
    return {k: v for k, v in merged.items() if v is not None}


def spotipy(env: Env, *args: str, **changes: str | None) -> subprocess.CompletedProcess[str]:
    assert SCRIPT is not None, "the console script is not installed next to the interpreter"
    return subprocess.run(
        [SCRIPT, *args],
        env=child_env(env, **changes),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def assert_one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("spotipy: error: ")
    return lines[0]


#: Seconds an interrupted command may take to end: below the slowed answers of the tests and
#: the deadline of the requests under way (15 s), which an exit that waited for them would take.
ENDS_WITHIN = 10

#: Starts the command given after it with SIGINT ignored (ignored signals survive exec).
IGNORING_SIGINT = [
    sys.executable,
    "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN);"
    " os.execv(sys.argv[1], sys.argv[1:])",
]


def interrupt(
    env: Env,
    args: list[str],
    started: Callable[[], bool],
    signum: int,
    ignore_sigint: bool = False,
    ends_within: float = ENDS_WITHIN,
) -> tuple[int, str]:
    """Run ``spotipy *args``, send ``signum`` once ``started()``; its status and stderr.

    With ``ignore_sigint`` the tool starts with SIGINT ignored, as a shell starts a
    background job.  It must end within ``ends_within`` seconds of the signal, saying
    in its last line that it was interrupted, with no traceback.
    """
    assert SCRIPT is not None
    process = subprocess.Popen(
        [*(IGNORING_SIGINT if ignore_sigint else []), SCRIPT, *args],
        env=child_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while not started():
            assert time.monotonic() < deadline, "the command did not get there"
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        time.sleep(0.5)  # most likely a slowed request is out now (either way: fine)
        process.send_signal(signum)
        _, err = process.communicate(timeout=ends_within)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
        env.emulator.faults.clear()
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] in (
        "spotipy: interrupted",
        "spotipy: stopped by " + signal.Signals(signum).name,
    )
    return process.returncode, err


def test_the_script_is_installed() -> None:
    assert SCRIPT is not None
    assert Path(SCRIPT).parent == Path(sys.executable).parent


def test_export_csv_and_json_then_import(script_env: Env, tmp_path: Path) -> None:
    result = spotipy(script_env, "playlist", "export", BIG_PLAYLIST_ID, "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # quiet: no progress lines
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 10_000
    expected = script_env.emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID)
    assert [r["uri"] for r in rows] == expected

    target = tmp_path / "big.json"
    result = spotipy(
        script_env, "playlist", "export", BIG_PLAYLIST_ID, "--output", str(target), "-q"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data) == 10_000
    assert [r["uri"] for r in data] == expected

    script_env.login_directly()
    result = spotipy(script_env, "playlist", "import", str(target), "--name", "Ten thousand")
    assert result.returncode == 0, result.stderr
    uri = result.stdout.strip()
    spotify = script_env.library_client()
    created = spotify.playlist(uri)
    assert created.name == "Ten thousand"
    assert created.owner is not None
    assert created.owner.id == DEFAULT_USER_ID
    page = spotify.playlist_items(uri)
    items = [e.item.uri for e in spotify.all_items(page, concurrency=8) if e.item is not None]
    assert items == expected


def _drain(fd: int, into: list[bytes]) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed its end
            return
        if not chunk:
            return
        into.append(chunk)


def export_on_a_terminal(
    env: Env, **changes: str | None
) -> tuple[subprocess.CompletedProcess[bytes], bytes]:
    """Export the big playlist as JSON with standard error on a pseudo-terminal.

    Returns the finished child (standard output piped) and all it drew on the terminal.
    """
    assert SCRIPT is not None
    master, slave = pty.openpty()
    drawn: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(master, drawn), daemon=True)
    reader.start()
    try:
        result = subprocess.run(
            [SCRIPT, "playlist", "export", BIG_PLAYLIST_ID, "--format", "json"],
            env=child_env(env, **changes),
            stdout=subprocess.PIPE,
            stderr=slave,
            timeout=TIMEOUT,
            check=False,
        )
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    return result, b"".join(drawn)


def test_progress_bar_only_on_a_terminal(script_env: Env) -> None:
    result, drawn = export_on_a_terminal(script_env)
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 10_000  # stdout holds the data only
    assert b"10000/10000" in drawn


def _lines(stream: io.TextIOBase | None) -> Iterator[str]:
    assert stream is not None
    yield from iter(stream.readline, "")


def test_login_stores_a_private_token_then_whoami(script_env: Env) -> None:
    assert SCRIPT is not None
    process = subprocess.Popen(
        [SCRIPT, "login", "--no-browser", "--timeout", "30"],
        env=child_env(script_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(
        target=lambda: [lines.put(line) for line in _lines(process.stderr)],  # type: ignore[arg-type]
        daemon=True,
    )
    reader.start()
    try:
        seen: list[str] = []
        while not seen or not seen[-1].startswith("http"):
            seen.append(lines.get(timeout=TIMEOUT).strip())
        # The user opens the URL: the emulator approves at once and redirects the
        # browser to the script's one-shot loopback server.
        with httpx.Client(trust_env=False, timeout=10, follow_redirects=True) as browser:
            page = browser.get(seen[-1])
        assert page.status_code == 200
        assert "Authorisation received" in page.text
        process.wait(timeout=TIMEOUT)  # stderr is the reader thread's: no communicate()
        assert process.stdout is not None
        out = process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    reader.join(timeout=10)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()
    rest = []
    while not lines.empty():
        rest.append(lines.get_nowait())
    assert process.returncode == 0, rest
    assert out == ""
    assert any("Logged in as Emulator Listener" in line for line in rest)
    assert stat.S_IMODE(os.stat(script_env.token_path).st_mode) == 0o600
    refresh = script_env.token_path.read_text(encoding="utf-8").split(" = ")[1].split()[0]

    result = spotipy(script_env, "whoami")
    assert result.returncode == 0, result.stderr
    assert "emulator-user" in result.stdout
    assert refresh not in result.stdout + result.stderr + "".join(seen + rest)


def test_unknown_playlist_is_exit_1_and_one_line(script_env: Env) -> None:
    result = spotipy(script_env, "playlist", "export", "0000000000000000000000")
    assert "404" in assert_one_error_line(result)


def test_network_failure_is_exit_1(script_env: Env) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    result = spotipy(
        script_env,
        "search",
        "blue",
        SPOTIPY_API_URL=f"{closed}/v1",
        SPOTIPY_ACCOUNTS_URL=closed,
    )
    assert "check the network" in assert_one_error_line(result)


def test_missing_credentials_name_the_variables(script_env: Env) -> None:
    result = spotipy(script_env, "whoami", SPOTIPY_CLIENT_ID=None, SPOTIPY_CLIENT_SECRET=None)
    line = assert_one_error_line(result)
    assert "SPOTIPY_CLIENT_ID and SPOTIPY_CLIENT_SECRET" in line


def test_bad_usage_is_exit_2(script_env: Env) -> None:
    result = spotipy(script_env, "playlist", "export", "not-a-playlist")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Invalid value for 'PLAYLIST'" in result.stderr


def test_emulator_prints_the_lines_of_python_m_spotipy_emulator(script_env: Env) -> None:
    assert SCRIPT is not None
    args = ["--port", "0", "--client-id", "cli-id", "--auto-approve", DEFAULT_USER_ID]
    process = subprocess.Popen(
        [SCRIPT, "emulator", *args],
        env=child_env(script_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        printed = dict(process.stdout.readline().strip().split(": ", 1) for _ in range(7))
        assert list(printed) == [
            "api_url",
            "accounts_url",
            "client_id",
            "client_secret",
            "redirect_uri",
            "auto_approve",
            "profile",
        ]
        assert printed["client_id"] == "cli-id"
        assert printed["auto_approve"] == DEFAULT_USER_ID
        answer = httpx.post(
            f"{printed['accounts_url']}/api/token",
            data={"grant_type": "client_credentials"},
            auth=("cli-id", printed["client_secret"]),
            timeout=10,
        )
        assert answer.status_code == 200
        # The tool itself runs against it, pointed there by the printed lines.
        result = spotipy(
            script_env,
            "search",
            "blue",
            SPOTIPY_API_URL=printed["api_url"],
            SPOTIPY_ACCOUNTS_URL=printed["accounts_url"],
            SPOTIPY_CLIENT_ID="cli-id",
            SPOTIPY_CLIENT_SECRET=printed["client_secret"],
        )
        assert result.returncode == 0, result.stderr
        assert "spotify:track:" in result.stdout
    finally:
        process.terminate()
        _, err = process.communicate(timeout=TIMEOUT)
    assert "Traceback" not in err
