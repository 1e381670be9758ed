"""The accounts service: registered clients, a token store and ``POST /api/token``.

Grants are looked up in :data:`GRANTS` by ``grant_type``; the authorisation-code, PKCE and
refresh grants slot in there (and ``/authorize`` into :data:`accounts`) without touching the
client authentication or the token store.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qsl

import msgspec

from spotipy.emulator._routing import Context, OAuthError, Reply, RouteTable

__all__ = [
    "ACCESS_TOKEN_LIFETIME",
    "GRANTS",
    "SCOPES",
    "Accounts",
    "TokenInfo",
    "TokenStore",
    "accounts",
]

#: Seconds an access token lives, as Spotify's do.
ACCESS_TOKEN_LIFETIME: Final = 3600

#: Every scope Spotify knows; a token asked for with another name is refused.
SCOPES: Final = frozenset(
    {
        "ugc-image-upload",
        "user-read-playback-state",
        "user-modify-playback-state",
        "user-read-currently-playing",
        "app-remote-control",
        "streaming",
        "playlist-read-private",
        "playlist-read-collaborative",
        "playlist-modify-private",
        "playlist-modify-public",
        "user-follow-modify",
        "user-follow-read",
        "user-read-playback-position",
        "user-top-read",
        "user-read-recently-played",
        "user-library-modify",
        "user-library-read",
        "user-read-email",
        "user-read-private",
        "user-personalized",
        "user-soa-link",
        "user-soa-unlink",
        "soa-manage-entitlements",
        "soa-manage-partner",
        "soa-create-partner",
    }
)

#: The accounts service's routes, served at the root (``/api/token``).
accounts: Final = RouteTable()


@dataclass(slots=True)
class TokenInfo:
    """What the emulator knows about an issued access token.

    Attributes
    ----------
    client_id
        The application the token was issued to.
    user_id
        The user the token acts for; ``None`` for a client-credentials (app) token.
    scopes
        Granted scopes.
    expires_at
        Expiry in the clock's seconds.
    """

    client_id: str
    user_id: str | None
    scopes: frozenset[str]
    expires_at: float


class TokenStore:
    """Issued access tokens and their expiry, judged by an injectable clock.

    Parameters
    ----------
    clock
        Returns the current time in seconds.
    """

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._tokens: dict[str, TokenInfo] = {}

    def issue(
        self,
        client_id: str,
        user_id: str | None,
        scopes: Iterable[str] = (),
        lifetime: float = ACCESS_TOKEN_LIFETIME,
    ) -> str:
        """Mint an access token and remember it."""
        # Opaque and unguessable like Spotify's ("BQ..." and about 120 characters long).
        value = "BQ" + secrets.token_urlsafe(90)
        self._tokens[value] = TokenInfo(
            client_id, user_id, frozenset(scopes), self._clock() + lifetime
        )
        return value

    def get(self, value: str) -> TokenInfo | None:
        """Return what is known of ``value``, expired or not; ``None`` if never issued."""
        return self._tokens.get(value)

    def is_expired(self, info: TokenInfo) -> bool:
        """Tell whether ``info`` has expired by the clock."""
        return self._clock() >= info.expires_at

    def __len__(self) -> int:
        """Count the tokens ever issued."""
        return len(self._tokens)

    def expire(self, value: str) -> None:
        """Make a token expired now.

        Raises
        ------
        KeyError
            If the token was never issued.
        """
        self._tokens[value].expires_at = self._clock() - 1


class Accounts:
    """Registered applications and the tokens issued to them.

    Parameters
    ----------
    client_id, client_secret
        The one application the emulator accepts.
    clock
        Time source for expiry.
    """

    def __init__(self, client_id: str, client_secret: str, clock: Callable[[], float]) -> None:
        self.clients = {client_id: client_secret}
        self.tokens = TokenStore(clock)

    def authenticate(self, ctx: Context, form: dict[str, str]) -> str:
        """Return the client ID the request proves it is, from Basic auth or the form.

        Raises
        ------
        OAuthError
            ``invalid_client`` for unknown clients or wrong secrets.
        """
        header = ctx.headers.get("authorization")
        if header is not None:
            scheme, _, encoded = header.partition(" ")
            if scheme.lower() != "basic":
                raise OAuthError("invalid_client", "Invalid client")
            try:
                decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise OAuthError("invalid_client", "Invalid client") from None
            client_id, _, secret = decoded.partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if client_id not in self.clients:
            raise OAuthError("invalid_client", "Invalid client")
        if not secrets.compare_digest(self.clients[client_id].encode(), secret.encode()):
            # Spotify names the secret when the client ID is known.
            raise OAuthError("invalid_client", "Invalid client secret")
        return client_id


def _client_credentials(ctx: Context, client_id: str, form: dict[str, str]) -> dict[str, object]:
    token = ctx.accounts.tokens.issue(client_id, None)
    # No scope and no refresh token: an app token acts for no user and is simply re-requested.
    return {"access_token": token, "token_type": "Bearer", "expires_in": ACCESS_TOKEN_LIFETIME}


Grant = Callable[[Context, str, dict[str, str]], dict[str, object]]

#: Token grants by ``grant_type``.
GRANTS: Final[dict[str, Grant]] = {"client_credentials": _client_credentials}


@accounts.post("/api/token", auth="none", cache="no-store")
def token(ctx: Context) -> Reply:
    """Exchange client credentials (and later codes or refresh tokens) for an access token."""
    content_type = ctx.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise OAuthError(
            "invalid_request", "Content-Type must be application/x-www-form-urlencoded"
        )
    form = dict(parse_qsl(ctx.body.decode("utf-8", "replace"), keep_blank_values=True))
    grant_type = form.get("grant_type")
    if not grant_type:
        raise OAuthError("invalid_request", "grant_type parameter is missing")
    grant = GRANTS.get(grant_type)
    if grant is None:
        known = ", ".join(sorted(GRANTS))
        raise OAuthError("unsupported_grant_type", f"grant_type must be one of: {known}")
    client_id = ctx.accounts.authenticate(ctx, form)
    return Reply(
        msgspec.json.encode(grant(ctx, client_id, form)), headers=(("pragma", "no-cache"),)
    )
