"""The example of ``docs/workers.md`` runs, with a Redis and an emulator on loopback.

The site-wide docs test skips its blocks (it has no Redis); this one runs them, in
order and in one namespace, as that test runs a page.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from spotipy.auth import Token
from spotipy.emulator import DEFAULT_USER_ID, Emulator, serve
from spotipy.redis import RedisConnection, RedisTokenStore

PAGE = Path(__file__).resolve().parents[2] / "docs" / "workers.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def test_the_workers_page_runs(
    redis_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = BLOCK.findall(PAGE.read_text(encoding="utf-8"))
    assert len(blocks) == 3  # a worker, its async form, a cooldown per developer account
    emulator = Emulator(seed=0)
    with serve(emulator) as server:
        for name, value in {
            "SPOTIPY_CLIENT_ID": emulator.client_id,
            "SPOTIPY_CLIENT_SECRET": emulator.client_secret,
            "SPOTIPY_API_URL": server.api_url,
            "SPOTIPY_ACCOUNTS_URL": server.accounts_url,
            "SPOTIPY_REDIRECT_URI": "http://127.0.0.1:9/callback",
            "REDIS_URL": redis_url,
        }.items():
            monkeypatch.setenv(name, value)
        # The user authorised the app earlier; the token is about to expire.
        store = RedisTokenStore(RedisConnection(redis_url, namespace=emulator.client_id))
        token = Token.from_response(emulator.user_grant(DEFAULT_USER_ID, ["user-read-private"]))
        token.expires_at = int(time.time()) + 5
        store.save("me", token)
        emulator.token_requests.clear()
        namespace: dict[str, object] = {"__name__": "__docs__"}
        for code in blocks:
            exec(compile(code, str(PAGE), "exec"), namespace)
        store.delete("me")
    name = emulator.catalogue.user(DEFAULT_USER_ID)["display_name"]
    assert capsys.readouterr().out.splitlines() == [name, name]
    assert emulator.token_requests == ["refresh_token"]
    cooldown = namespace["cooldown"]
    assert getattr(cooldown, "key", None) == "spotipy:account:my-developer-account:cooldown"
