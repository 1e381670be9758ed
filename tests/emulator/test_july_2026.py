"""The emulator's July 2026 options: a quota per developer account, spurious 401s, and the
app owner's Premium lapse at the token endpoint; as constructor arguments and CLI flags."""

from __future__ import annotations

import json

import httpx
import pytest

from spotipy.emulator import Emulator
from tests.emulator.test_cli import _read_lines, _start, _usage_error

DAY = 86400.0


def get(emulator: Emulator, token: str, path: str = "/v1/artists/") -> httpx.Response:
    with httpx.Client(transport=emulator.transport()) as client:
        artist = emulator.catalogue.artist_ids[0]
        return client.get(
            f"https://api.spotify.com{path}{artist}", headers={"Authorization": f"Bearer {token}"}
        )


def token_request(emulator: Emulator, client_id: str, secret: str) -> httpx.Response:
    with httpx.Client(transport=emulator.transport()) as client:
        return client.post(
            "https://accounts.spotify.com/api/token",
            data={"grant_type": "client_credentials"},
            auth=(client_id, secret),
        )


def test_the_quota_answers_429_quota_exceeded_per_developer_account() -> None:
    now = [1000.0]
    emulator = Emulator(
        quota_budget=(2, DAY), clients={"second": "s2"}, clock=lambda: now[0], profile="extended"
    )
    emulator.register_client("elsewhere", "s3", developer="another-developer")
    first = emulator.app_token()
    second = token_request(emulator, "second", "s2").json()["access_token"]
    other = token_request(emulator, "elsewhere", "s3").json()["access_token"]
    assert get(emulator, first).status_code == 200
    now[0] += 1800
    assert get(emulator, second).status_code == 200
    refused = get(emulator, first)
    assert refused.status_code == 429
    assert refused.json() == {
        "error": {"status": 429, "message": "Too many requests", "reason": "QUOTA_EXCEEDED"}
    }
    assert int(refused.headers["retry-after"]) == DAY - 1800  # until the first one leaves
    assert get(emulator, other).status_code == 200
    assert emulator.quota_exceeded == 1
    assert emulator.quota_budget == (2, DAY)
    now[0] += DAY - 1800  # the first request left the window: one more fits
    again = token_request(emulator, "second", "s2").json()["access_token"]
    assert get(emulator, again).status_code == 200
    with pytest.raises(ValueError, match="already registered"):
        emulator.register_client("second", "x")


def test_every_nth_request_is_a_spurious_401() -> None:
    emulator = Emulator(spurious_401=3, profile="extended")
    token = emulator.app_token()
    statuses = [get(emulator, token).status_code for _ in range(6)]
    assert statuses == [200, 200, 401, 200, 200, 401]
    missing = get(emulator, "not-a-token")
    assert missing.status_code == 401
    assert missing.json()["error"]["message"] != ("Access token missing")
    assert get(emulator, token).status_code == 200
    with pytest.raises(ValueError):
        Emulator(spurious_401=0)


def test_the_token_endpoint_refuses_while_the_owner_premium_has_lapsed() -> None:
    emulator = Emulator(owner_premium_lapsed=True)
    refused = token_request(emulator, emulator.client_id, emulator.client_secret)
    assert refused.status_code == 400
    body = refused.json()
    assert body["error"] == "internal_error"
    assert body["error_description"].startswith(
        "Active premium subscription required for the owner of the app"
    )
    emulator.owner_premium_lapsed = False
    assert token_request(emulator, emulator.client_id, emulator.client_secret).status_code == 200


def test_the_cli_flags() -> None:
    process = _start(
        "--port",
        "0",
        "--profile",
        "extended",
        "--quota-budget",
        "1",
        "--extra-client",
        "second:s2",
        "--spurious-401",
        "5",
        "--owner-premium-lapsed",
    )
    try:
        printed = dict(_read_lines(process, 9))
        assert printed["quota_budget"] == "1 requests per 86400 s per developer account"
        assert printed["spurious_401"] == "every 5 requests"
        assert printed["owner_premium_lapsed"] == "yes"
        refused = httpx.post(
            f"{printed['accounts_url']}/api/token",
            data={"grant_type": "client_credentials"},
            auth=("second", "s2"),
            timeout=10,
        )
        assert json.loads(refused.text)["error"] == "internal_error"
    finally:
        process.terminate()
        process.communicate(timeout=10)
    assert "--quota-window needs --quota-budget" in _usage_error("--quota-window", "60")
