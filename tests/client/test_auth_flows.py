"""Every grant through ``Credentials`` and ``UserAuth``, sync and async, against the emulator."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from spotipy import Credentials, Spotify
from spotipy.auth import Token, UserAuth, check_redirect_uri, pkce_challenge
from spotipy.emulator import DEFAULT_REDIRECT_URI, DEFAULT_USER_ID, Emulator
from spotipy.errors import OAuthError, RefreshTokenInvalid, StateMismatch
from spotipy.scope import scope
from spotipy.sender import AsyncRetryingSender, RetryingSender
from spotipy.util import RefreshingToken
from tests.conftest import Runner, make_sender

SCOPES = scope.user_read_private + scope.user_read_email


class Clock:
    """An injectable clock for the emulator's expiries."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def approve(emulator: Emulator, url: str) -> str:
    """Be the user's browser: the emulator auto-approves; return the redirect URL."""
    emulator.auto_approve = DEFAULT_USER_ID
    with httpx.Client(transport=emulator.transport()) as browser:
        answer = browser.get(url)
    assert answer.status_code in (302, 303), answer.text
    return str(answer.headers["location"])


def user_credentials(emulator: Emulator, mode: str, **kwargs: Any) -> Credentials[Any]:
    return Credentials(
        emulator.client_id,
        kwargs.pop("client_secret", emulator.client_secret),
        DEFAULT_REDIRECT_URI,
        sender=kwargs.pop("sender", None) or make_sender(emulator, mode),
    )


def code_of(redirect: str) -> str:
    return parse_qs(urlsplit(redirect).query)["code"][0]


def test_authorisation_url(emulator: Emulator) -> None:
    credentials = user_credentials(emulator, "sync")
    url = credentials.user_authorisation_url(SCOPES, state="s1", show_dialog=True)
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("https://accounts.spotify.com/authorize?")
    assert query["scope"] == ["user-read-email user-read-private"]
    assert (query["state"], query["show_dialog"]) == (["s1"], ["true"])
    assert query["redirect_uri"] == [DEFAULT_REDIRECT_URI]
    with pytest.raises(ValueError, match="user-read-emails"):
        credentials.user_authorisation_url("user-read-emails")


def test_authorisation_code_grant(mode: str, run: Runner, emulator: Emulator) -> None:
    credentials = user_credentials(emulator, mode)
    redirect = approve(emulator, credentials.user_authorisation_url(SCOPES, state="s"))
    token = run(credentials.request_user_token(code_of(redirect)))
    assert isinstance(token, Token)
    assert token.refresh_token is not None
    assert token.scope == SCOPES
    spotify = Spotify(token, make_sender(emulator, mode))
    assert run(spotify.current_user()).id == DEFAULT_USER_ID
    assert emulator.token_requests[-1] == "authorization_code"


def test_codes_work_once(mode: str, run: Runner, emulator: Emulator) -> None:
    credentials = user_credentials(emulator, mode)
    code = code_of(approve(emulator, credentials.user_authorisation_url(SCOPES)))
    run(credentials.request_user_token(code))
    with pytest.raises(OAuthError) as info:
        run(credentials.request_user_token(code))
    assert info.value.error == "invalid_grant"
    assert code not in str(info.value)


def test_pkce(mode: str, run: Runner, emulator: Emulator) -> None:
    emulator.rotate_refresh_tokens = "pkce"  # as for apps with extended quota
    credentials = user_credentials(emulator, mode, client_secret=None)
    url, verifier = credentials.pkce_user_authorisation(SCOPES, state="p")
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge"] == [pkce_challenge(verifier)]
    assert query["code_challenge_method"] == ["S256"]
    assert 43 <= len(verifier) <= 128
    code = code_of(approve(emulator, url))
    token = run(credentials.request_pkce_token(code, verifier))
    assert token.uses_pkce
    sent = [r for r in emulator.requests if r.path == "/api/token"][-1]
    assert "authorization" not in sent.headers  # no secret is needed, none is sent
    refreshed = run(credentials.refresh_pkce_token(token.refresh_token))
    assert refreshed.refresh_token != token.refresh_token  # PKCE grants rotate


def test_pkce_wrong_verifier(mode: str, run: Runner, emulator: Emulator) -> None:
    credentials = user_credentials(emulator, mode, client_secret=None)
    url, verifier = credentials.pkce_user_authorisation(SCOPES)
    code = code_of(approve(emulator, url))
    with pytest.raises(OAuthError) as info:
        run(credentials.request_pkce_token(code, verifier[::-1]))
    assert info.value.error == "invalid_grant"
    assert verifier not in str(info.value)


def test_pkce_verifiers_are_fresh(emulator: Emulator) -> None:
    credentials = user_credentials(emulator, "sync")
    verifiers = {credentials.pkce_user_authorisation()[1] for _ in range(50)}
    assert len(verifiers) == 50
    with pytest.raises(ValueError, match="verifier_bytes"):
        credentials.pkce_user_authorisation(verifier_bytes=16)


@pytest.mark.parametrize("pkce", [False, True])
def test_user_auth_checks_state(mode: str, run: Runner, emulator: Emulator, pkce: bool) -> None:
    credentials = user_credentials(emulator, mode)
    auth = UserAuth(credentials, SCOPES, pkce=pkce)
    assert parse_qs(urlsplit(auth.url).query)["state"] == [auth.state]
    redirect = approve(emulator, auth.url)
    forged = redirect.replace(auth.state, "forged-state")
    before = len(emulator.token_requests)
    with pytest.raises(StateMismatch):
        run(auth.request_token(url=forged))
    with pytest.raises(StateMismatch):
        run(auth.request_token(code=code_of(redirect), state=None))
    assert len(emulator.token_requests) == before  # a forged redirect's code is never used
    token = run(auth.request_token(url=redirect))
    assert token.uses_pkce is pkce


def test_user_auth_denied(mode: str, run: Runner, emulator: Emulator) -> None:
    auth = UserAuth(user_credentials(emulator, mode), SCOPES)
    with pytest.raises(OAuthError) as info:
        run(
            auth.request_token(url=f"{DEFAULT_REDIRECT_URI}?error=access_denied&state={auth.state}")
        )
    assert info.value.error == "access_denied"


@pytest.mark.parametrize("rotation", ["always", "never"])
def test_refresh_keeps_or_replaces_the_refresh_token(
    mode: str, run: Runner, emulator: Emulator, rotation: str
) -> None:
    emulator.rotate_refresh_tokens = rotation  # type: ignore[assignment]
    credentials = user_credentials(emulator, mode)
    grant = emulator.user_grant(DEFAULT_USER_ID, ["user-read-private"])
    token = run(credentials.refresh_user_token(grant["refresh_token"]))
    if rotation == "always":
        assert token.refresh_token not in (None, grant["refresh_token"])
        with pytest.raises(RefreshTokenInvalid):
            run(credentials.refresh_user_token(grant["refresh_token"]))
    else:
        assert token.refresh_token == grant["refresh_token"]
    assert run(credentials.refresh(token)).refresh_token is not None


def test_invalid_grant_is_never_retried(mode: str, run: Runner, emulator: Emulator) -> None:
    sleeps: list[float] = []
    inner = make_sender(emulator, mode)
    if mode == "async":

        async def sleep(seconds: float) -> None:
            sleeps.append(seconds)

        sender: Any = AsyncRetryingSender(retries=5, sender=inner, sleep=sleep)
    else:
        sender = RetryingSender(retries=5, sender=inner, sleep=sleeps.append)
    credentials = user_credentials(emulator, mode, sender=sender)
    grant = emulator.user_grant(DEFAULT_USER_ID)
    emulator.revoke_refresh_token(grant["refresh_token"])
    before = len(emulator.token_requests)
    with pytest.raises(RefreshTokenInvalid) as info:
        run(credentials.refresh_user_token(grant["refresh_token"]))
    assert info.value.error == "invalid_grant"
    assert len(emulator.token_requests) == before + 1
    assert sleeps == []
    assert grant["refresh_token"] not in str(info.value)


def test_refresh_token_expires_after_six_months(mode: str, run: Runner) -> None:
    clock = Clock()
    emulator = Emulator(seed=0, clock=clock)
    credentials = user_credentials(emulator, mode)
    grant = emulator.user_grant(DEFAULT_USER_ID)
    clock.now += 184 * 24 * 3600
    with pytest.raises(RefreshTokenInvalid, match="expired"):
        run(credentials.refresh_user_token(grant["refresh_token"]))


def test_refreshing_user_token_in_a_client(mode: str, run: Runner, emulator: Emulator) -> None:
    emulator.rotate_refresh_tokens = "always"
    credentials = user_credentials(emulator, mode)
    grant = emulator.user_grant(DEFAULT_USER_ID, ["user-read-private"])
    first = Token.from_response(grant)
    first.expires_at = int(time.time()) + 5  # about to expire
    saved: list[str | None] = []
    token = RefreshingToken(first, credentials, on_refresh=lambda t: saved.append(t.refresh_token))
    spotify = Spotify(token, make_sender(emulator, mode))
    assert run(spotify.current_user()).id == DEFAULT_USER_ID
    assert saved == [token.refresh_token]
    assert saved[0] != grant["refresh_token"]


@pytest.mark.parametrize(
    "uri",
    [
        "http://localhost:8080/callback",
        "https://localhost/callback",
        "http://example.com/callback",
        "http://192.168.1.2:8080/callback",
    ],
)
def test_redirect_uri_rules(uri: str) -> None:
    with pytest.raises(ValueError, match=r"localhost|loopback|127\.0\.0\.1"):
        check_redirect_uri(uri)
    credentials = Credentials("id", "secret", uri)
    with pytest.raises(ValueError, match="Spotify"):
        credentials.user_authorisation_url()


@pytest.mark.parametrize(
    "uri", ["http://127.0.0.1:8080/cb", "http://[::1]:9000/cb", "https://app.example/cb", "app:/cb"]
)
def test_redirect_uris_spotify_accepts(uri: str) -> None:
    check_redirect_uri(uri)


def test_no_secret_in_repr_or_logs(
    mode: str, run: Runner, emulator: Emulator, debug_log: pytest.LogCaptureFixture
) -> None:
    credentials = user_credentials(emulator, mode)
    code = code_of(approve(emulator, credentials.user_authorisation_url(SCOPES)))
    token = run(credentials.request_user_token(code))
    refreshing = RefreshingToken(token, credentials)
    text = " ".join(
        [repr(credentials), repr(token), repr(refreshing)]
        + [r.getMessage() for r in debug_log.records]
    )
    for secret in (emulator.client_secret, token.access_token, token.refresh_token, code):
        assert secret is not None
        assert secret not in text


def test_token_endpoint_429_carries_retry_after(mode: str, run: Runner, emulator: Emulator) -> None:
    from spotipy.errors import TooManyRequests

    emulator.faults.add(path="/api/token", status=429, headers={"Retry-After": "17"}, times=1)
    credentials = Credentials(
        emulator.client_id, emulator.client_secret, sender=make_sender(emulator, mode)
    )
    with pytest.raises(TooManyRequests) as info:
        run(credentials.request_client_token())
    assert info.value.retry_after == 17


@pytest.mark.parametrize("pkce", [False, True])
def test_the_refresh_tokens_expiry_is_known_and_kept(
    mode: str, run: Runner, emulator: Emulator, pkce: bool, tmp_path: Any
) -> None:
    from spotipy.auth import REFRESH_TOKEN_LIFETIME
    from spotipy.util import RefreshingCredentials, TokenFile

    emulator.rotate_refresh_tokens = "always"  # a rotated token keeps the same consent
    secret: dict[str, Any] = {"client_secret": None} if pkce else {}
    credentials = user_credentials(emulator, mode, **secret)
    if pkce:
        url, verifier = credentials.pkce_user_authorisation(SCOPES, state="p")
        before = time.time()
        token = run(credentials.request_pkce_token(code_of(approve(emulator, url)), verifier))
    else:
        before = time.time()
        url = credentials.user_authorisation_url(SCOPES, state="s")
        token = run(credentials.request_user_token(code_of(approve(emulator, url))))
    assert token.consented_at is not None
    assert before - 1 <= token.consented_at <= time.time()
    assert token.refresh_expires_at == token.consented_at + REFRESH_TOKEN_LIFETIME
    refreshed = run(credentials.refresh(token))
    assert refreshed.refresh_token != token.refresh_token
    assert refreshed.refresh_expires_at == token.refresh_expires_at
    # Saved beside the refresh token, and given back when the app starts again.
    store = TokenFile(tmp_path / "app.ini")
    store.save(refreshed)
    assert store.consented_at() == int(token.consented_at)
    again = RefreshingCredentials(
        emulator.client_id,
        None if pkce else emulator.client_secret,
        sender=make_sender(emulator, mode),
    )
    saved = store.load() or ""
    restored = run(
        again.refresh_pkce_token(saved, consented_at=store.consented_at())
        if pkce
        else again.refresh_user_token(saved, consented_at=store.consented_at())
    )
    assert restored.refresh_expires_at == int(token.consented_at) + REFRESH_TOKEN_LIFETIME
    assert Token("app").refresh_expires_at is None
