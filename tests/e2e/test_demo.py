"""The README's first command: the demo runs against the emulator and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_runs() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPOTIPY_")}
    env["COLUMNS"] = "100"
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "all_items yielded 10000 items" in out
    assert "current_user()" in out
    assert "refresh token restored" in out
    assert "renewed and the call retried" in out
    assert "emulator-client-secret" not in out
    assert "access_token=[redacted]" in out  # shown as text, not eaten as Rich markup
    words = " ".join(out.split())  # rich wraps long lines at the terminal's width
    assert "playlist_add(120 URIs) sent 2 requests" in words
    assert "120 items now" in words
    assert "library_contains(6 tracks) -> [True, True, True, True, True, False]" in words
    assert "needs extended quota" in words
    assert "artists_is_following -> [True]" in words
    assert "next up" in words
    assert "sent 4 single-album requests" in words
    assert "None]" in words  # the unknown album, in its place
    assert "call 4: QuotaExceeded, Retry-After 24.0 h: raised at once, not retried" in words
    assert "(4 requests sent in all)" in words


def test_live_needs_credentials() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPOTIPY_")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py"), "--live"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "SPOTIPY_CLIENT_ID" in result.stderr
