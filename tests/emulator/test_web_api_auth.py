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


# Scopes ------------------------------------------------------------------------------------


@pytest.fixture
def scoped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Serve one extra route that needs two scopes (no current route demands any)."""
    from spotipy.emulator._routing import Context, RouteTable
    from spotipy.emulator.routes import web_api

    table = RouteTable("/v1")
    for route in web_api:
        table.route(
            route.method,
            route.template,
            auth=route.auth,
            cache=route.cache_control,
            scopes=route.scopes,
            optional_scopes=route.optional_scopes,
            query=route.query,
            deprecated=route.deprecated,
        )(route.handler)

    @table.get("/me/scoped", auth="user", scopes=("user-library-read", "user-top-read"))
    def scoped_route(ctx: Context) -> bytes:
        return b"{}"

    @table.get("/scoped-any", scopes=("user-library-read",))
    def scoped_any(ctx: Context) -> bytes:
        return b"{}"

    monkeypatch.setattr("spotipy.emulator._core.web_api", table)


@pytest.mark.usefixtures("scoped")
@pytest.mark.parametrize(
    ("scopes", "status"),
    [
        (["user-library-read", "user-top-read"], 200),
        (["user-library-read", "user-top-read", "streaming"], 200),
        (["user-library-read"], 403),
        ([], 403),
    ],
)
def test_missing_scope(emu: Emulator, http: httpx.Client, scopes: list[str], status: int) -> None:
    token = emu.user_token(DEFAULT_USER_ID, scopes)
    response = http.get(f"{API}/me/scoped", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == status
    if status == 403:
        assert response.json() == {"error": {"status": 403, "message": "Insufficient client scope"}}


@pytest.mark.usefixtures("scoped")
def test_app_tokens_pass_scope_checks(emu: Emulator, app: httpx.Client, user: httpx.Client) -> None:
    # An app token carries no scopes and is let through: scopes concern users' data.
    assert app.get("/scoped-any").status_code == 200
    assert error(user.get("/scoped-any")) == (403, "Insufficient client scope")


def test_me_without_optional_scopes(emu: Emulator, http: httpx.Client) -> None:
    token = emu.user_token(DEFAULT_USER_ID)
    response = http.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert not {"email", "country", "product"} & set(response.json())


def test_me_with_optional_scopes_adds_private_fields() -> None:
    emu = Emulator(seed=0, deprecated_fields=True)
    with httpx.Client(transport=emu.transport()) as http:
        for scopes, fields in [
            ([], set()),
            (["user-read-email"], {"email"}),
            (["user-read-private"], {"country", "product"}),
        ]:
            token = emu.user_token(DEFAULT_USER_ID, scopes)
            body = http.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"}).json()
            assert {"email", "country", "product"} & set(body) == fields


def test_playlist_entries_need_no_scope(emu: Emulator, http: httpx.Client) -> None:
    # Not even playlist-read-private for the user's own private playlists (see the route).
    token = emu.user_token(DEFAULT_USER_ID)
    owned = emu.catalogue.playlists_owned_by(DEFAULT_USER_ID)
    assert {emu.state.playlists[p].public for p in owned} == {True, False}
    for playlist in owned:
        response = http.get(
            f"{API}/playlists/{playlist}/items", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200
