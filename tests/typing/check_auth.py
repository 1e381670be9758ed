"""Static checks of the auth side's modes, run by ``mypy --strict`` (not by pytest)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import assert_type

from spotipy import Credentials, Spotify
from spotipy.auth import Token, UserAuth
from spotipy.client import Async, Sync
from spotipy.sender import AsyncPersistentSender
from spotipy.util import RefreshingCredentials, RefreshingToken


def sync_auth() -> None:
    credentials = Credentials("id", "secret", "http://127.0.0.1:8080/callback")
    assert_type(credentials, Credentials[Sync])
    assert_type(credentials.user_authorisation_url("user-read-email", "state"), str)
    url, verifier = credentials.pkce_user_authorisation()
    assert_type(credentials.request_user_token("code"), Token)
    assert_type(credentials.request_pkce_token("code", verifier), Token)
    token = credentials.refresh_user_token("refresh")
    assert_type(credentials.refresh(token), Token)
    auth = UserAuth(credentials, "user-read-email")
    assert_type(auth, UserAuth[Sync])
    assert_type(auth.request_token(url=url), Token)
    refreshing = RefreshingCredentials("id", "secret", "http://127.0.0.1:8080/callback")
    assert_type(refreshing.request_user_token("code"), RefreshingToken)
    assert_type(Spotify(refreshing.request_client_token()), Spotify[Sync])


async def async_auth() -> None:
    credentials = Credentials("id", "secret", asynchronous=True)
    assert_type(credentials, Credentials[Async])
    assert_type(credentials.request_client_token(), Awaitable[Token])
    assert_type(await credentials.request_user_token("code"), Token)
    assert_type(Credentials("id", sender=AsyncPersistentSender()), Credentials[Async])
    auth = UserAuth(credentials)
    assert_type(await auth.request_token("code", "state"), Token)
    refreshing = RefreshingCredentials("id", "secret", asynchronous=True)
    assert_type(await refreshing.refresh_user_token("r"), RefreshingToken)
    token = await refreshing.request_client_token()
    assert_type(await token.bearer_async(), str)
