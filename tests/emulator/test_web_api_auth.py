"""Bearer tokens on the Web API: missing, malformed, unknown, expired, of the wrong kind."""

from __future__ import annotations

import httpx
import pytest

from spotipy.emulator import DEFAULT_USER_ID, Emulator
from tests.emulator.conftest import API, error


@pytest.fixture
def artist_url(emu: Emulator) -> str:
    return f"{API}/artists/{emu.catalogue.artist_ids[0]}"


def test_no_token(http: httpx.Client, artist_url: str) -> None:
    response = http.get(artist_url)
    assert error(response) == (401, "No token provided")
    assert response.headers["www-authenticate"] == 'Bearer realm="spotify"'


def test_empty_bearer(http: httpx.Client, artist_url: str) -> None:
    assert error(http.get(artist_url, headers={"Authorization": "Bearer "})) == (
        401,
        "No token provided",
    )


def test_other_scheme(http: httpx.Client, artist_url: str) -> None:
    response = http.get(artist_url, headers={"Authorization": "Basic Zm9vOmJhcg=="})
    assert error(response) == (400, "Only valid bearer authentication supported")


def test_unknown_token(http: httpx.Client, artist_url: str) -> None:
    response = http.get(artist_url, headers={"Authorization": "Bearer nonsense"})
    assert error(response) == (401, "Invalid access token")
    assert 'error_description="Invalid access token"' in response.headers["www-authenticate"]


def test_scheme_is_case_insensitive(emu: Emulator, http: httpx.Client, artist_url: str) -> None:
    headers = {"authorization": f"bearer {emu.app_token()}"}
    assert http.get(artist_url, headers=headers).status_code == 200


def test_token_of_another_emulator(http: httpx.Client, artist_url: str) -> None:
    other = Emulator(seed=0).app_token()
    assert error(http.get(artist_url, headers={"Authorization": f"Bearer {other}"})) == (
        401,
        "Invalid access token",
    )


def test_app_token_on_a_user_endpoint(app: httpx.Client) -> None:
    assert error(app.get("/me")) == (401, "Unauthorized.")


def test_user_token_on_catalogue(emu: Emulator, user: httpx.Client) -> None:
    assert user.get(f"/artists/{emu.catalogue.artist_ids[0]}").status_code == 200


def test_user_token_reaches_me(user: httpx.Client) -> None:
    assert user.get("/me").json()["id"] == DEFAULT_USER_ID
