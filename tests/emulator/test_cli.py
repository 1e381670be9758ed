"""``python -m spotipy.emulator``: prints where it listens, serves, refuses non-loopback."""

from __future__ import annotations

import signal
import subprocess
import sys

import httpx

from spotipy.emulator import DEFAULT_REDIRECT_URI


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "spotipy.emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _usage_error(*args: str) -> str:
    """Start the emulator with ``args`` it refuses; what it says (it exits with status 2)."""
    process = _start(*args)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 2
    return err


def _read_lines(process: subprocess.Popen[str], count: int) -> list[tuple[str, str]]:
    assert process.stdout is not None
    lines = [process.stdout.readline().strip().split(": ", 1) for _ in range(count)]
    return [(name, value) for name, value in lines]


def _read_urls(process: subprocess.Popen[str]) -> dict[str, str]:
    """The URLs, credentials and the default redirect URI."""
    printed = dict(_read_lines(process, 5))
    assert printed["redirect_uri"] == DEFAULT_REDIRECT_URI
    return printed


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
    assert "loopback" in _usage_error("--port", "0", "--host", "0.0.0.0")


def test_redirect_uris_and_auto_approve() -> None:
    first, second = "http://127.0.0.1:5555/callback", "https://app.example/cb"
    process = _start(
        "--port",
        "0",
        "--redirect-uri",
        first,
        "--redirect-uri",
        second,
        "--auto-approve",
        "fasdyr37",
    )
    try:
        printed = _read_lines(process, 7)
        assert printed[4:] == [
            ("redirect_uri", first),
            ("redirect_uri", second),
            ("auto_approve", "fasdyr37"),
        ]
        accounts = dict(printed)["accounts_url"]
        params = {
            "client_id": "emulator-client-id",
            "response_type": "code",
            "redirect_uri": second,
            "state": "s",
        }
        response = httpx.get(f"{accounts}/authorize", params=params, timeout=10)
        assert response.status_code == 302
        assert response.headers["location"].startswith(f"{second}?code=")
        params["redirect_uri"] = DEFAULT_REDIRECT_URI  # replaced, no longer registered
        assert httpx.get(f"{accounts}/authorize", params=params, timeout=10).status_code == 400
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_refuses_bad_redirect_uris_and_users() -> None:
    for flag, value, message in [
        ("--redirect-uri", "http://localhost:8080/callback", "loopback IP literal"),
        ("--auto-approve", "nobody-at-all", "no user"),
    ]:
        assert message in _usage_error("--port", "0", flag, value)


def test_profile() -> None:
    for flags, status in (((), 403), (("--profile", "extended"), 200)):
        process = _start("--port", "0", *flags)
        try:
            printed = dict(_read_lines(process, 6))
            assert printed["profile"] == (flags[1] if flags else "development")
            token = httpx.post(
                f"{printed['accounts_url']}/api/token",
                data={"grant_type": "client_credentials"},
                auth=("emulator-client-id", "emulator-client-secret"),
                timeout=10,
            ).json()["access_token"]
            response = httpx.get(
                f"{printed['api_url']}/users/spotify",
                headers={"Authorization": f"Bearer {token}"},
                timeout=10,
            )
            assert response.status_code == status
        finally:
            process.terminate()
            process.communicate(timeout=10)
    assert "invalid choice" in _usage_error("--profile", "production")
