"""``python -m spotipy.emulator``: prints where it listens, serves, refuses non-loopback."""

from __future__ import annotations

import signal
import subprocess
import sys

import httpx


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "spotipy.emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_urls(process: subprocess.Popen[str]) -> dict[str, str]:
    assert process.stdout is not None
    return dict(process.stdout.readline().strip().split(": ", 1) for _ in range(4))


def test_serves_and_prints_its_urls() -> None:
    process = _start("--port", "0", "--client-id", "cli-id", "--client-secret", "cli-secret")
    try:
        printed = _read_urls(process)
        assert printed["client_id"] == "cli-id"
        assert printed["client_secret"] == "cli-secret"
        accounts = printed["accounts_url"]
        assert accounts.startswith("http://127.0.0.1:")
        assert not accounts.endswith(":0")
        assert printed["api_url"] == f"{accounts}/v1"
        token = httpx.post(
            f"{accounts}/api/token",
            data={"grant_type": "client_credentials"},
            auth=("cli-id", "cli-secret"),
            timeout=10,
        ).json()["access_token"]
        response = httpx.get(
            f"{printed['api_url']}/search?q=a&type=artist",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert response.status_code == 200
        assert response.json()["artists"]["href"].startswith(printed["api_url"])
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    # uvicorn stops gracefully, then lets the signal end the process as it would have.
    assert process.returncode == -signal.SIGTERM
    assert "Traceback" not in err


def test_interrupt_ends_quietly() -> None:
    process = _start("--port", "0")
    try:
        assert _read_urls(process)["client_id"] == "emulator-client-id"
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    assert process.returncode == 130
    assert "Traceback" not in err


def test_refuses_a_public_host() -> None:
    process = _start("--port", "0", "--host", "0.0.0.0")
    _, err = process.communicate(timeout=30)
    assert process.returncode == 2
    assert "loopback" in err
