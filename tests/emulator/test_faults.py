"""Scripted faults: statuses, headers, bodies, drops, latency, and their matching rules."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from spotipy.emulator import Emulator
from tests.emulator.conftest import ACCOUNTS, API, error


@pytest.fixture
def artist_url(emu: Emulator) -> str:
    return f"/artists/{emu.catalogue.artist_ids[0]}"


def test_429_with_retry_after(emu: Emulator, app: httpx.Client, artist_url: str) -> None:
    fault = emu.faults.add(status=429, headers={"Retry-After": "2"}, path="/v1/artists")
    response = app.get(artist_url)
    assert error(response) == (429, "API rate limit exceeded")
    assert response.headers["retry-after"] == "2"
    assert fault.hits == 1
    assert app.get(artist_url).status_code == 200
    assert len(emu.faults) == 0


def test_429_without_retry_after(emu: Emulator, app: httpx.Client, artist_url: str) -> None:
    emu.faults.add(status=429)
    assert "retry-after" not in app.get(artist_url).headers


def test_server_error_burst(emu: Emulator, app: httpx.Client, artist_url: str) -> None:
    emu.faults.add(status=503, times=2)
    assert [app.get(artist_url).status_code for _ in range(3)] == [503, 503, 200]


@pytest.mark.parametrize(
    ("status", "message"),
    [(500, "Server error"), (502, "Bad gateway"), (504, "Gateway Timeout"), (418, "I'm a Teapot")],
)
def test_statuses_carry_spotify_error_bodies(
    emu: Emulator, app: httpx.Client, artist_url: str, status: int, message: str
) -> None:
    emu.faults.add(status=status)
    assert error(app.get(artist_url)) == (status, message)


def test_malformed_body(emu: Emulator, app: httpx.Client, artist_url: str) -> None:
    emu.faults.add(body=b"<html>not json")
    response = app.get(artist_url)
    assert response.status_code == 200
    assert response.content == b"<html>not json"
    assert response.headers["content-type"].startswith("application/json")


def test_body_as_text_and_own_content_type(
    emu: Emulator, app: httpx.Client, artist_url: str
) -> None:
    emu.faults.add(status=502, body="<h1>Bad gateway</h1>", headers={"Content-Type": "text/html"})
    response = app.get(artist_url)
    assert response.status_code == 502
    assert response.text == "<h1>Bad gateway</h1>"
    assert response.headers.get_list("content-type") == ["text/html"]


def test_status_without_error_has_empty_body(
    emu: Emulator, app: httpx.Client, artist_url: str
) -> None:
    emu.faults.add(status=204)
    response = app.get(artist_url)
    assert (response.status_code, response.content) == (204, b"")


def test_matching_by_method_and_path(emu: Emulator, app: httpx.Client, artist_url: str) -> None:
    emu.faults.add(status=500, method="post")
    emu.faults.add(status=502, path="/v1/tracks")
    assert app.get(artist_url).status_code == 200
    assert app.get(f"/tracks/{emu.catalogue.track_ids[0]}").status_code == 502
    assert len(emu.faults) == 1
    assert app.post("/me").status_code == 500
    assert len(emu.faults) == 0


def test_faults_are_consumed_in_order(emu: Emulator, app: httpx.Client, artist_url: str) -> None:
    emu.faults.add(status=500)
    emu.faults.add(status=502)
    assert [f.status for f in emu.faults] == [500, 502]
    assert [app.get(artist_url).status_code for _ in range(3)] == [500, 502, 200]


def test_forever_and_clear(emu: Emulator, app: httpx.Client, artist_url: str) -> None:
    fault = emu.faults.add(status=503, times=None)
    assert {app.get(artist_url).status_code for _ in range(5)} == {503}
    assert fault.hits == 5
    emu.faults.clear()
    assert app.get(artist_url).status_code == 200


def test_drop_raises_read_error(emu: Emulator, app: httpx.Client, artist_url: str) -> None:
    emu.faults.add(drop=True)
    with pytest.raises(httpx.ReadError):
        app.get(artist_url)
    assert app.get(artist_url).status_code == 200


def test_connect_fail_raises_connect_error(
    emu: Emulator, app: httpx.Client, artist_url: str
) -> None:
    emu.faults.add(connect_fail=True)
    with pytest.raises(httpx.ConnectError):
        app.get(artist_url)


def test_async_drop_and_latency(emu: Emulator, artist_url: str) -> None:
    emu.faults.add(drop=True)
    emu.faults.add(latency=0.05)

    async def run() -> tuple[float, int]:
        headers = {"Authorization": f"Bearer {emu.app_token()}"}
        async with httpx.AsyncClient(
            transport=emu.transport(), base_url=API, headers=headers
        ) as client:
            with pytest.raises(httpx.ReadError):
                await client.get(artist_url)
            started = time.perf_counter()
            response = await client.get(artist_url)
            return time.perf_counter() - started, response.status_code

    elapsed, status = asyncio.run(run())
    assert status == 200
    assert elapsed >= 0.05


def test_latency_delays_a_sync_answer(emu: Emulator, app: httpx.Client, artist_url: str) -> None:
    emu.faults.add(status=503, latency=0.05)
    started = time.perf_counter()
    assert app.get(artist_url).status_code == 503
    assert time.perf_counter() - started >= 0.05


def test_after_handling_changes_state_then_fails(emu: Emulator, http: httpx.Client) -> None:
    # The token request succeeds on the emulator's side (a token is issued), but the caller
    # sees a broken answer: replaying it would issue a second token.
    emu.faults.add(status=502, path="/api/token", after_handling=True)
    response = http.post(
        f"{ACCOUNTS}/api/token",
        data={"grant_type": "client_credentials"},
        auth=(emu.client_id, emu.client_secret),
    )
    assert response.status_code == 502
    assert response.json() == {"error": "server_error", "error_description": "Bad Gateway"}
    assert len(emu.accounts.tokens) == 1


def test_after_handling_drop(emu: Emulator, http: httpx.Client) -> None:
    emu.faults.add(drop=True, path="/api/token", after_handling=True)
    with pytest.raises(httpx.ReadError):
        http.post(
            f"{ACCOUNTS}/api/token",
            data={"grant_type": "client_credentials"},
            auth=(emu.client_id, emu.client_secret),
        )
    assert len(emu.accounts.tokens) == 1


@pytest.mark.parametrize(
    ("status", "code"),
    [(429, "temporarily_unavailable"), (500, "server_error"), (400, "invalid_request")],
)
def test_accounts_faults_answer_like_oauth(
    emu: Emulator, http: httpx.Client, status: int, code: str
) -> None:
    emu.faults.add(status=status, path="/api/token")
    response = http.post(f"{ACCOUNTS}/api/token", data={"grant_type": "client_credentials"})
    assert response.status_code == status
    assert response.json()["error"] == code


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "needs a status"),
        ({"status": 200, "times": 0}, "at least 1"),
        ({"status": 1000}, "not an HTTP status"),
        ({"drop": True, "connect_fail": True}, "either drops"),
        ({"connect_fail": True, "after_handling": True}, "never connected"),
        ({"latency": -1}, "negative"),
    ],
)
def test_bad_faults_are_refused(emu: Emulator, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        emu.faults.add(**kwargs)  # type: ignore[arg-type]


def test_faulted_requests_are_logged(emu: Emulator, app: httpx.Client, artist_url: str) -> None:
    emu.faults.add(status=500)
    app.get(artist_url)
    assert emu.requests[-1].path == f"/v1{artist_url}"


def test_request_log(emu: Emulator, user: httpx.Client) -> None:
    user.get("/me", params={"market": "SE", "x": "1"})
    user.post("/me", content=b"payload")
    first, second = emu.requests[-2:]
    assert (first.method, first.path, first.query) == ("GET", "/v1/me", {"market": "SE", "x": "1"})
    assert first.url == f"{API}/me?market=SE&x=1"
    assert first.headers["Authorization"].startswith("Bearer ")
    assert "authorization" in first.headers
    assert "[redacted]" in repr(first.headers)
    assert second.body == b"payload"
    assert len(emu.requests) == 2
    assert [r.method for r in emu.requests] == ["GET", "POST"]
    assert "2 requests" in repr(emu.requests)
    emu.requests.clear()
    assert len(emu.requests) == 0
    assert repr(emu) == ("Emulator(seed=0, client_id='emulator-client-id', profile='development')")
