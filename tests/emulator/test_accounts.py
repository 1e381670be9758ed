"""The accounts service: POST /api/token with client credentials, and token expiry.

Codes and refresh tokens are in test_grants.py, /authorize in test_authorize.py.
"""

from __future__ import annotations

import base64

import httpx
import pytest

from spotipy.emulator import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_USER_ID, Emulator
from tests.emulator.conftest import ACCOUNTS, API, Clock, error

TOKEN_URL = f"{ACCOUNTS}/api/token"
GRANT = {"grant_type": "client_credentials"}
BASIC = (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)


def test_defaults_are_the_published_credentials(emu: Emulator) -> None:
    assert (emu.client_id, emu.client_secret) == BASIC


def test_client_credentials_with_basic_auth(emu: Emulator, http: httpx.Client) -> None:
    response = http.post(TOKEN_URL, data=GRANT, auth=BASIC)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert response.headers["cache-control"] == "no-store"
    artist = emu.catalogue.artist_ids[0]
    answer = http.get(
        f"{API}/artists/{artist}", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert answer.status_code == 200


def test_client_credentials_in_the_form(http: httpx.Client) -> None:
    form = {**GRANT, "client_id": DEFAULT_CLIENT_ID, "client_secret": DEFAULT_CLIENT_SECRET}
    assert http.post(TOKEN_URL, data=form).status_code == 200


def test_each_token_is_new(http: httpx.Client) -> None:
    first = http.post(TOKEN_URL, data=GRANT, auth=BASIC).json()["access_token"]
    second = http.post(TOKEN_URL, data=GRANT, auth=BASIC).json()["access_token"]
    assert first != second


@pytest.mark.parametrize(
    ("auth", "description"),
    [
        (("someone-else", DEFAULT_CLIENT_SECRET), "Invalid client"),
        ((DEFAULT_CLIENT_ID, "wrong"), "Invalid client secret"),
        (None, "Invalid client"),
    ],
)
def test_bad_client(http: httpx.Client, auth: tuple[str, str] | None, description: str) -> None:
    response = http.post(TOKEN_URL, data=GRANT, auth=auth)
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_client", "error_description": description}


@pytest.mark.parametrize(
    "header",
    ["Bearer abc", "Basic !!!not-base64!!!", "Basic " + base64.b64encode(b"\xff").decode()],
)
def test_malformed_client_authentication(http: httpx.Client, header: str) -> None:
    response = http.post(TOKEN_URL, data=GRANT, headers={"Authorization": header})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_client"


def test_custom_credentials(clock: Clock) -> None:
    emu = Emulator(seed=0, client_id="mine", client_secret="s3cret", clock=clock)
    with httpx.Client(transport=emu.transport()) as http:
        assert http.post(TOKEN_URL, data=GRANT, auth=("mine", "s3cret")).status_code == 200
        assert http.post(TOKEN_URL, data=GRANT, auth=BASIC).status_code == 400


def test_unsupported_grant(http: httpx.Client) -> None:
    response = http.post(TOKEN_URL, data={"grant_type": "password"}, auth=BASIC)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "unsupported_grant_type"
    assert "client_credentials" in body["error_description"]


def test_missing_grant(http: httpx.Client) -> None:
    response = http.post(TOKEN_URL, data={"scope": "x"}, auth=BASIC)
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": "grant_type parameter is missing",
    }


def test_form_encoding_is_required(http: httpx.Client) -> None:
    response = http.post(TOKEN_URL, json=GRANT, auth=BASIC)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert "Content-Type" in response.json()["error_description"]


def test_token_endpoint_needs_post(http: httpx.Client) -> None:
    assert error(http.get(TOKEN_URL)) == (405, "Method not allowed")


def test_unknown_accounts_path(http: httpx.Client) -> None:
    assert error(http.get(f"{ACCOUNTS}/api/nothing")) == (404, "Service not found")


def test_token_expires_by_the_clock(emu: Emulator, http: httpx.Client, clock: Clock) -> None:
    token = http.post(TOKEN_URL, data=GRANT, auth=BASIC).json()["access_token"]
    url = f"{API}/artists/{emu.catalogue.artist_ids[0]}"
    headers = {"Authorization": f"Bearer {token}"}
    clock.now += 3599
    assert http.get(url, headers=headers).status_code == 200
    clock.now += 1
    response = http.get(url, headers=headers)
    assert error(response) == (401, "The access token expired")
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_expire_token(emu: Emulator, app: httpx.Client) -> None:
    url = f"/artists/{emu.catalogue.artist_ids[0]}"
    assert app.get(url).status_code == 200
    emu.expire_token(app.headers["Authorization"].removeprefix("Bearer "))
    assert error(app.get(url)) == (401, "The access token expired")
    with pytest.raises(KeyError):
        emu.expire_token("never-issued")


def test_user_token_checks_user_and_scopes(emu: Emulator) -> None:
    assert emu.user_token(DEFAULT_USER_ID, ["playlist-read-private"]).startswith("BQ")
    with pytest.raises(ValueError, match="no user"):
        emu.user_token("nobody-at-all")
    with pytest.raises(ValueError, match="unknown scopes: user-read-everything"):
        emu.user_token(DEFAULT_USER_ID, ["user-read-everything"])
