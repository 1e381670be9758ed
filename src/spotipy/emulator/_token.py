"""``POST /api/token``: every grant Spotify's accounts service offers, with its errors.

Grants are looked up in :data:`GRANTS` by ``grant_type``.  Errors follow RFC 6749 as Spotify
words them: ``{"error": "invalid_grant", "error_description": "Invalid authorization code"}``
with status 400 (Spotify answers ``invalid_client`` with 400 too, whether the credentials came
by Basic auth or in the form).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from typing import Final
from urllib.parse import parse_qsl

import msgspec

from spotipy.emulator._accounts import ACCESS_TOKEN_LIFETIME, ClientAuth
from spotipy.emulator._routing import Context, OAuthError, Reply, accounts

__all__ = ["GRANTS", "Grant", "s256", "token"]


def s256(verifier: str) -> str:
    """Return the PKCE S256 challenge of ``verifier``: unpadded base64url of its SHA-256."""
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _secret_proven(client: ClientAuth) -> None:
    if not client.proven:
        # The client ID alone identifies only PKCE clients.
        raise OAuthError("invalid_client", "Invalid client secret")


def _required(form: dict[str, str], name: str) -> str:
    value = form.get(name)
    if not value:
        raise OAuthError("invalid_request", f"{name} parameter is missing")
    return value


def _client_credentials(
    ctx: Context, client: ClientAuth, form: dict[str, str]
) -> dict[str, object]:
    _secret_proven(client)
    token = ctx.accounts.tokens.issue(client.client_id, None)
    # No scope and no refresh token: an app token acts for no user and is simply re-requested.
    return {"access_token": token, "token_type": "Bearer", "expires_in": ACCESS_TOKEN_LIFETIME}


def _authorization_code(
    ctx: Context, client: ClientAuth, form: dict[str, str]
) -> dict[str, object]:
    store = ctx.accounts
    value = _required(form, "code")
    redirect_uri = _required(form, "redirect_uri")
    code = store.codes.get(value)
    if code is None or code.authorisation.client_id != client.client_id:
        raise OAuthError("invalid_grant", "Invalid authorization code")
    if code.challenge is None:
        _secret_proven(client)
    if code.used:
        # RFC 6749 4.1.2: a code used twice may have been stolen; withdraw what it gave.
        code.authorisation.revoked = True
        raise OAuthError("invalid_grant", "Invalid authorization code")
    if store.clock() >= code.expires_at:
        raise OAuthError("invalid_grant", "Authorization code expired")
    if redirect_uri != code.redirect_uri:
        raise OAuthError("invalid_grant", "Invalid redirect URI")
    verifier = form.get("code_verifier")
    if code.challenge is not None and not verifier:
        raise OAuthError("invalid_request", "code_verifier parameter is missing")
    if verifier and (
        code.challenge is None
        or not secrets.compare_digest(s256(verifier).encode(), code.challenge.encode())
    ):
        # A verifier for a code issued without a challenge is refused too (OAuth 2.1):
        # otherwise a stolen plain code could pass as a PKCE one.
        raise OAuthError("invalid_grant", "code_verifier was incorrect")
    code.used = True
    return store.grant(code.authorisation, refresh_token=True)


def _refresh_token(ctx: Context, client: ClientAuth, form: dict[str, str]) -> dict[str, object]:
    store = ctx.accounts
    value = _required(form, "refresh_token")
    refresh = store.refresh_tokens.get(value)
    if refresh is None or refresh.authorisation.client_id != client.client_id:
        raise OAuthError("invalid_grant", "Invalid refresh token")
    authorisation = refresh.authorisation
    if not authorisation.pkce:
        _secret_proven(client)
    if refresh.revoked or authorisation.revoked:
        raise OAuthError("invalid_grant", "Refresh token revoked")
    if store.refresh_expired(authorisation):
        raise OAuthError("invalid_grant", "Refresh token expired")
    rotate = store.rotates(authorisation)
    if rotate:
        # The old token stops working: it is forgotten, and so "Invalid refresh token".
        del store.refresh_tokens[value]
    # The scopes stay those of the consent; a "scope" parameter cannot widen them.
    return store.grant(authorisation, refresh_token=rotate)


#: What the accounts service says while the app owner's Premium has lapsed.
OWNER_PREMIUM_LAPSED: Final = (
    "Active premium subscription required for the owner of the app. Once renewed, it can"
    " take a few hours to take effect."
)

Grant = Callable[[Context, ClientAuth, dict[str, str]], dict[str, object]]

#: Token grants by ``grant_type``.
GRANTS: Final[dict[str, Grant]] = {
    "authorization_code": _authorization_code,
    "client_credentials": _client_credentials,
    "refresh_token": _refresh_token,
}


@accounts.post("/api/token", auth="none", cache="no-store")
def token(ctx: Context) -> Reply:
    """Exchange client credentials, a code or a refresh token for an access token."""
    form = dict(parse_qsl(ctx.body.decode("utf-8", "replace"), keep_blank_values=True))
    grant_type = form.get("grant_type", "")
    ctx.accounts.token_requests.append(grant_type)
    content_type = ctx.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise OAuthError(
            "invalid_request", "Content-Type must be application/x-www-form-urlencoded"
        )
    if not grant_type:
        raise OAuthError("invalid_request", "grant_type parameter is missing")
    grant = GRANTS.get(grant_type)
    if grant is None:
        known = ", ".join(sorted(GRANTS))
        raise OAuthError("unsupported_grant_type", f"grant_type must be one of: {known}")
    client = ctx.accounts.authenticate(ctx.headers, form)
    if ctx.accounts.owner_premium_lapsed:
        # July 2026 (spotify-to-plex #126): the app owner's Premium lapsed; the grant
        # itself (a refresh token ...) is not at fault and works again once renewed.
        raise OAuthError("internal_error", OWNER_PREMIUM_LAPSED)
    return Reply(msgspec.json.encode(grant(ctx, client, form)), headers=(("pragma", "no-cache"),))
