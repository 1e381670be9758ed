"""The two commands of examples/web/README.md: the emulator, then the app, by hand.

Both run as their own processes on loopback; httpx plays the browser (the emulator
auto-approves, so no consent page is needed here; the browser test clicks through it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from spotipy.emulator import DEFAULT_USER_ID, listen

from .conftest import EXAMPLE

#: Seconds a process may take to start or stop.
WAIT = 15.0


def free_port() -> int:
    with listen("127.0.0.1", 0) as sock:
        port: int = sock.getsockname()[1]
        return port


def start(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_until_up(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"exited with {process.returncode}:\n{output}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise AssertionError(f"{url} did not answer within {WAIT} s")


def stop(process: subprocess.Popen[str]) -> str:
    process.terminate()
    try:
        output, _ = process.communicate(timeout=WAIT)
    except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
        process.kill()
        output, _ = process.communicate(timeout=WAIT)
    return output


def test_the_documented_commands_serve_the_app(tmp_path: Path) -> None:
    emulator_port, app_port = free_port(), free_port()
    redirect_uri = f"http://127.0.0.1:{app_port}/callback"
    env = {**os.environ, "PYTHONPATH": os.fspath(EXAMPLE)}
    emulator = start(
        [
            "-m",
            "spotipy.emulator",
            "--port",
            str(emulator_port),
            "--redirect-uri",
            redirect_uri,
            "--auto-approve",
            DEFAULT_USER_ID,
        ],
        env,
        tmp_path,
    )
    app_env = {
        **env,
        "SPOTIPY_CLIENT_ID": "emulator-client-id",
        "SPOTIPY_REDIRECT_URI": redirect_uri,
        "SPOTIPY_API_URL": f"http://127.0.0.1:{emulator_port}/v1",
        "SPOTIPY_ACCOUNTS_URL": f"http://127.0.0.1:{emulator_port}",
    }
    app = start(["-m", "spotipy_web"], app_env, tmp_path)
    url = f"http://127.0.0.1:{app_port}"
    try:
        wait_until_up(f"http://127.0.0.1:{emulator_port}/v1", emulator)
        wait_until_up(f"{url}/", app)
        with httpx.Client(base_url=url, timeout=10) as browser, httpx.Client(timeout=10) as spotify:
            login = browser.get("/login")
            assert login.status_code == 303
            consent = spotify.get(login.headers["location"])
            assert consent.status_code == 302
            callback = consent.headers["location"]
            code = parse_qs(urlsplit(callback).query)["code"][0]
            assert browser.get(callback).headers["location"] == "/playlists"
            page = browser.get("/playlists")
            assert page.status_code == 200
            assert "Playlists of Emulator Listener" in page.text
    finally:
        output = stop(app)
        stop(emulator)
    # The refresh token was saved where the README says, and never logged.
    (token_file,) = (tmp_path / "spotipy-web-tokens").iterdir()
    refresh_token = token_file.read_text().split("SPOTIPY_USER_REFRESH = ")[1].split()[0]
    assert len(refresh_token) > 20
    assert f"serving on {url}/" in output
    assert "GET /callback?[redacted] HTTP/1.1" in output, output
    assert "user 'emulator-user' logged in" in output
    assert code not in output
    assert refresh_token not in output


def test_the_app_names_missing_configuration(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPOTIPY_")}
    env["PYTHONPATH"] = os.fspath(EXAMPLE)
    result = subprocess.run(
        [sys.executable, "-m", "spotipy_web"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert result.returncode == 2
    assert "set SPOTIPY_CLIENT_ID and SPOTIPY_REDIRECT_URI" in result.stderr
