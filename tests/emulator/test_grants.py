"""POST /api/token for codes (with and without PKCE) and refresh tokens, with their errors."""

from __future__ import annotations

import httpx
import pytest

from spotipy.emulator import DEFAULT_CLIENT_ID, DEFAULT_USER_ID, Emulator
from tests.emulator.conftest import API, Clock, error
from tests.emulator.oauth import (
    BASIC,
    TOKEN_URL,
    code_for,
    exchange,
    oauth_error,
    pkce_pair,
    refresh,
)

DAY = 24 * 3600


@pytest.fixture
def emu(clock: Clock) -> Emulator:
    """An emulator rotating PKCE grants' refresh tokens, as the extended profile does."""
    return Emulator(seed=0, clock=clock, profile="extended")


PKCE_ONLY: dict[str, str] = {"client_id": DEFAULT_CLIENT_ID}


def _me(http: httpx.Client, token: str) -> httpx.Response:
    return http.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})


def _pkce_code(http: httpx.Client, **params: str | None) -> tuple[str, str]:
    verifier, challenge = pkce_pair()
    code = code_for(http, code_challenge=challenge, code_challenge_method="S256", **params)
    return code, verifier


def _pkce_grant(http: httpx.Client) -> dict[str, object]:
    code, verifier = _pkce_code(http)
    response = exchange(http, code, verifier=verifier, auth=None, **PKCE_ONLY)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


# Authorisation code ----------------------------------------------------------------------


def test_code_exchange(http: httpx.Client) -> None:
    response = exchange(http, code_for(http, scope="user-top-read user-read-email"))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token", "scope"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert set(body["scope"].split(" ")) == {"user-top-read", "user-read-email"}
    assert body["access_token"] != body["refresh_token"]
    assert _me(http, body["access_token"]).json()["id"] == DEFAULT_USER_ID


def test_code_exchange_with_secret_in_the_form(http: httpx.Client) -> None:
    form = {"client_id": BASIC[0], "client_secret": BASIC[1]}
    assert exchange(http, code_for(http), auth=None, **form).status_code == 200


def test_code_exchange_without_scopes(http: httpx.Client) -> None:
    body = exchange(http, code_for(http, scope=None)).json()
    assert body["scope"] == ""


def test_code_without_pkce_needs_the_secret(http: httpx.Client) -> None:
    code = code_for(http)
    response = exchange(http, code, auth=None, **PKCE_ONLY)
    assert oauth_error(response) == (400, "invalid_client", "Invalid client secret")
    # The failed attempt did not use the code up.
    assert exchange(http, code).status_code == 200


@pytest.mark.parametrize(
    ("auth", "form", "description"),
    [
        ((BASIC[0], "wrong"), {}, "Invalid client secret"),
        (("someone-else", BASIC[1]), {}, "Invalid client"),
        (None, {"client_id": "someone-else"}, "Invalid client"),
        (None, {}, "Invalid client"),
    ],
)
def test_code_exchange_with_a_bad_client(
    http: httpx.Client, auth: tuple[str, str] | None, form: dict[str, str], description: str
) -> None:
    response = exchange(http, code_for(http), auth=auth, **form)
    assert oauth_error(response) == (400, "invalid_client", description)


@pytest.mark.parametrize("missing", ["code", "redirect_uri"])
def test_code_exchange_missing_parameters(http: httpx.Client, missing: str) -> None:
    form = {"grant_type": "authorization_code", "code": "AQabc", "redirect_uri": "x"}
    del form[missing]
    response = http.post(TOKEN_URL, data=form, auth=BASIC)
    assert oauth_error(response) == (400, "invalid_request", f"{missing} parameter is missing")


def test_unknown_code(http: httpx.Client) -> None:
    response = exchange(http, "AQnot-a-code")
    assert oauth_error(response) == (400, "invalid_grant", "Invalid authorization code")


def test_code_of_another_client(clock: Clock) -> None:
    # A second emulator with other credentials cannot redeem the first one's codes.
    emu = Emulator(seed=0, clock=clock)
    with httpx.Client(transport=emu.transport()) as http:
        code = code_for(http)
        emu.accounts.clients["other-app"] = "other-secret"
        response = exchange(http, code, auth=("other-app", "other-secret"))
        assert oauth_error(response) == (400, "invalid_grant", "Invalid authorization code")


def test_redirect_uri_must_be_the_one_authorised(emu: Emulator, http: httpx.Client) -> None:
    other = "http://127.0.0.1:9999/callback"
    emu.register_redirect_uri(other)
    code = code_for(http)
    response = exchange(http, code, redirect_uri=other)
    assert oauth_error(response) == (400, "invalid_grant", "Invalid redirect URI")
    assert exchange(http, code).status_code == 200


def test_codes_are_single_use_and_reuse_revokes(http: httpx.Client) -> None:
    code = code_for(http)
    first = exchange(http, code).json()
    assert _me(http, first["access_token"]).status_code == 200
    again = exchange(http, code)
    assert oauth_error(again) == (400, "invalid_grant", "Invalid authorization code")
    # RFC 6749 4.1.2: what the code gave is withdrawn.
    assert error(_me(http, first["access_token"])) == (401, "Invalid access token")
    assert oauth_error(refresh(http, first["refresh_token"])) == (
        400,
        "invalid_grant",
        "Refresh token revoked",
    )


def test_reuse_revokes_tokens_from_later_refreshes_too(emu: Emulator, http: httpx.Client) -> None:
    emu.rotate_refresh_tokens = "always"
    code = code_for(http)
    first = exchange(http, code).json()
    renewed = refresh(http, first["refresh_token"]).json()
    exchange(http, code)
    assert _me(http, renewed["access_token"]).status_code == 401
    assert refresh(http, renewed["refresh_token"]).json()["error_description"] == (
        "Refresh token revoked"
    )


def test_codes_expire_after_ten_minutes(http: httpx.Client, clock: Clock) -> None:
    fresh, stale = code_for(http), code_for(http)
    clock.now += 599
    assert exchange(http, fresh).status_code == 200
    clock.now += 1
    response = exchange(http, stale)
    assert oauth_error(response) == (400, "invalid_grant", "Authorization code expired")


# PKCE ------------------------------------------------------------------------------------


def test_pkce_exchange_needs_no_secret(http: httpx.Client) -> None:
    body = _pkce_grant(http)
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token", "scope"}
    assert _me(http, str(body["access_token"])).status_code == 200


def test_pkce_exchange_with_the_secret_too(http: httpx.Client) -> None:
    code, verifier = _pkce_code(http)
    assert exchange(http, code, verifier=verifier).status_code == 200


def test_pkce_wrong_verifier(http: httpx.Client) -> None:
    code, verifier = _pkce_code(http)
    other, _ = pkce_pair()
    for wrong in [other, verifier + "x", "short", "ü" * 50]:
        response = exchange(http, code, verifier=wrong, auth=None, **PKCE_ONLY)
        assert oauth_error(response) == (400, "invalid_grant", "code_verifier was incorrect")
    # The right verifier still works: failures do not use the code up.
    assert exchange(http, code, verifier=verifier, auth=None, **PKCE_ONLY).status_code == 200


def test_pkce_missing_verifier(http: httpx.Client) -> None:
    code, _ = _pkce_code(http)
    for auth in (None, BASIC):
        response = exchange(http, code, auth=auth, **(PKCE_ONLY if auth is None else {}))
        assert oauth_error(response) == (
            400,
            "invalid_request",
            "code_verifier parameter is missing",
        )


def test_verifier_for_a_code_without_challenge(http: httpx.Client) -> None:
    verifier, _ = pkce_pair()
    response = exchange(http, code_for(http), verifier=verifier)
    assert oauth_error(response) == (400, "invalid_grant", "code_verifier was incorrect")


def test_pkce_with_a_wrong_secret(http: httpx.Client) -> None:
    code, verifier = _pkce_code(http)
    response = exchange(http, code, verifier=verifier, auth=(BASIC[0], "wrong"))
    assert oauth_error(response) == (400, "invalid_client", "Invalid client secret")


# Refresh tokens --------------------------------------------------------------------------


def test_refresh_keeps_the_scopes(http: httpx.Client) -> None:
    first = exchange(http, code_for(http, scope="user-top-read")).json()
    response = refresh(http, first["refresh_token"], scope="user-read-email")
    assert response.status_code == 200
    body = response.json()
    # Spotify's default for grants with a secret: no rotation, so no refresh_token.
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["scope"] == "user-top-read"
    assert body["access_token"] != first["access_token"]
    assert _me(http, body["access_token"]).status_code == 200
    # The refresh token keeps working.
    assert refresh(http, first["refresh_token"]).status_code == 200


def test_pkce_refresh_needs_only_the_client_id_and_rotates(http: httpx.Client) -> None:
    first = _pkce_grant(http)
    response = refresh(http, str(first["refresh_token"]), auth=None, **PKCE_ONLY)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token", "scope"}
    assert body["refresh_token"] != first["refresh_token"]
    old = refresh(http, str(first["refresh_token"]), auth=None, **PKCE_ONLY)
    assert oauth_error(old) == (400, "invalid_grant", "Invalid refresh token")
    assert refresh(http, body["refresh_token"], auth=None, **PKCE_ONLY).status_code == 200


def test_refresh_without_pkce_needs_the_secret(http: httpx.Client) -> None:
    first = exchange(http, code_for(http)).json()
    response = refresh(http, first["refresh_token"], auth=None, **PKCE_ONLY)
    assert oauth_error(response) == (400, "invalid_client", "Invalid client secret")


@pytest.mark.parametrize(
    ("mode", "plain_rotates", "pkce_rotates"),
    [
        ("pkce", False, True),
        ("always", True, True),
        (True, True, True),
        ("never", False, False),
        (False, False, False),
    ],
)
def test_rotation_modes(
    clock: Clock, mode: str | bool, plain_rotates: bool, pkce_rotates: bool
) -> None:
    emu = Emulator(seed=0, clock=clock, rotate_refresh_tokens=mode)  # type: ignore[arg-type]
    assert emu.rotate_refresh_tokens in ("pkce", "always", "never")
    with httpx.Client(transport=emu.transport()) as http:
        plain = exchange(http, code_for(http)).json()["refresh_token"]
        pkce = str(_pkce_grant(http)["refresh_token"])
        for token, rotates, auth, form in [
            (plain, plain_rotates, BASIC, {}),
            (pkce, pkce_rotates, None, PKCE_ONLY),
        ]:
            body = refresh(http, token, auth=auth, **form).json()
            assert ("refresh_token" in body) is rotates
            second = refresh(http, token, auth=auth, **form)
            assert second.status_code == (400 if rotates else 200)


def test_rotation_can_be_switched(emu: Emulator, http: httpx.Client) -> None:
    assert emu.rotate_refresh_tokens == "pkce"
    token = exchange(http, code_for(http)).json()["refresh_token"]
    emu.rotate_refresh_tokens = True
    assert emu.rotate_refresh_tokens == "always"
    new = refresh(http, token).json()["refresh_token"]
    emu.rotate_refresh_tokens = "never"
    assert "refresh_token" not in refresh(http, new).json()
    with pytest.raises(ValueError, match="rotate_refresh_tokens"):
        emu.rotate_refresh_tokens = "sometimes"  # type: ignore[assignment]
    with pytest.raises(ValueError, match="rotate_refresh_tokens"):
        Emulator(seed=0, rotate_refresh_tokens="sometimes")  # type: ignore[arg-type]


def test_refresh_tokens_expire_six_months_after_consent(
    emu: Emulator, http: httpx.Client, clock: Clock
) -> None:
    emu.rotate_refresh_tokens = "always"
    token = exchange(http, code_for(http)).json()["refresh_token"]
    # Rotation does not push the end back: it counts from the user's consent.
    for _ in range(182):
        clock.now += DAY
        token = refresh(http, token).json()["refresh_token"]
    clock.now += DAY - 1
    token = refresh(http, token).json()["refresh_token"]
    clock.now += 1
    response = refresh(http, token)
    assert oauth_error(response) == (400, "invalid_grant", "Refresh token expired")


def test_revoke_refresh_token(emu: Emulator, http: httpx.Client) -> None:
    first = exchange(http, code_for(http)).json()
    emu.revoke_refresh_token(first["refresh_token"])
    response = refresh(http, first["refresh_token"])
    assert oauth_error(response) == (400, "invalid_grant", "Refresh token revoked")
    # Access tokens already issued run their course.
    assert _me(http, first["access_token"]).status_code == 200
    with pytest.raises(KeyError):
        emu.revoke_refresh_token("AQnever-issued")


def test_unknown_refresh_token(http: httpx.Client) -> None:
    response = refresh(http, "AQnot-a-token")
    assert oauth_error(response) == (400, "invalid_grant", "Invalid refresh token")


def test_refresh_token_of_another_client(emu: Emulator, http: httpx.Client) -> None:
    token = exchange(http, code_for(http)).json()["refresh_token"]
    emu.accounts.clients["other-app"] = "other-secret"
    response = refresh(http, token, auth=("other-app", "other-secret"))
    assert oauth_error(response) == (400, "invalid_grant", "Invalid refresh token")


def test_refresh_missing_token(http: httpx.Client) -> None:
    response = http.post(TOKEN_URL, data={"grant_type": "refresh_token"}, auth=BASIC)
    assert oauth_error(response) == (400, "invalid_request", "refresh_token parameter is missing")


def test_access_tokens_from_refreshes_expire(http: httpx.Client, clock: Clock) -> None:
    token = exchange(http, code_for(http)).json()["refresh_token"]
    access = refresh(http, token).json()["access_token"]
    clock.now += 3600
    assert error(_me(http, access)) == (401, "The access token expired")


# Test helpers ----------------------------------------------------------------------------


def test_user_grant(emu: Emulator, http: httpx.Client) -> None:
    grant = emu.user_grant("fasdyr37", ["user-top-read", "user-read-private"])
    assert set(grant) == {"access_token", "token_type", "expires_in", "refresh_token", "scope"}
    assert grant["scope"] == "user-read-private user-top-read"
    assert _me(http, str(grant["access_token"])).json()["id"] == "fasdyr37"
    body = refresh(http, str(grant["refresh_token"])).json()
    assert "refresh_token" not in body
    with pytest.raises(ValueError, match="no user"):
        emu.user_grant("nobody-at-all")
    with pytest.raises(ValueError, match="unknown scopes"):
        emu.user_grant(DEFAULT_USER_ID, ["user-read-everything"])


def test_user_grant_as_pkce(emu: Emulator, http: httpx.Client) -> None:
    grant = emu.user_grant(DEFAULT_USER_ID, pkce=True)
    assert grant["scope"] == ""
    body = refresh(http, str(grant["refresh_token"]), auth=None, **PKCE_ONLY).json()
    assert "refresh_token" in body


def test_token_requests_are_counted(emu: Emulator, http: httpx.Client) -> None:
    grant = emu.user_grant(DEFAULT_USER_ID)
    assert emu.token_requests == []
    refresh(http, str(grant["refresh_token"]))
    refresh(http, str(grant["refresh_token"]))
    http.post(TOKEN_URL, data={"grant_type": "client_credentials"}, auth=BASIC)
    http.post(TOKEN_URL, data={}, auth=BASIC)
    assert emu.token_requests == ["refresh_token", "refresh_token", "client_credentials", ""]
    assert emu.token_requests.count("refresh_token") == 2
    emu.token_requests.clear()
    assert emu.token_requests == []


def test_unsupported_grant_lists_the_supported(http: httpx.Client) -> None:
    response = http.post(TOKEN_URL, data={"grant_type": "password"}, auth=BASIC)
    status, code, description = oauth_error(response)
    assert (status, code) == (400, "unsupported_grant_type")
    for grant in ("authorization_code", "client_credentials", "refresh_token"):
        assert grant in description


def test_client_credentials_need_the_secret(http: httpx.Client) -> None:
    response = http.post(
        TOKEN_URL, data={"grant_type": "client_credentials", "client_id": DEFAULT_CLIENT_ID}
    )
    assert oauth_error(response) == (400, "invalid_client", "Invalid client secret")
