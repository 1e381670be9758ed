"""Access tokens and the accounts service.

:class:`Token` is an ordinary, expiring access token.  :class:`Credentials` asks
Spotify's accounts service for tokens; like the Web API client it runs every request
as a flow, so it works synchronously or asynchronously.
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Mapping
from typing import Any, Final, Literal, overload

import msgspec

from spotipy._flow import Async, Flow, FlowRunner, Mode, Sync, flow_method
from spotipy._http import Request, Response, check_base_url
from spotipy.errors import OAuthError, RefreshTokenInvalid, ResponseError, error_for_response
from spotipy.scope import Scope
from spotipy.sender import AsyncSender, Sender, resolve_sender

__all__ = [
    "ACCOUNTS_URL",
    "AccessToken",
    "Credentials",
    "Token",
]

#: Spotify's accounts service.
ACCOUNTS_URL: Final = "https://accounts.spotify.com"
#: Environment variable that overrides the accounts base URL (e.g. for the emulator).
ACCOUNTS_URL_VAR: Final = "SPOTIPY_ACCOUNTS_URL"

#: Seconds before expiry at which a token counts as expiring.
DEFAULT_MARGIN: Final = 60


def _mask(secret: str | None) -> str:
    if secret is None:
        return "None"
    return f"'{secret[:4]}…'" if len(secret) > 12 else "'…'"


class AccessToken:
    """Anything whose ``str()`` is a bearer token."""

    @property
    def access_token(self) -> str:
        """The bearer token."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.access_token


class _TokenResponse(msgspec.Struct):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int = 3600
    scope: str | None = None
    refresh_token: str | None = None


class _OAuthErrorBody(msgspec.Struct):
    error: str = "unknown_error"
    error_description: str | None = None


_token_decoder: Final = msgspec.json.Decoder(_TokenResponse)
_error_decoder: Final = msgspec.json.Decoder(_OAuthErrorBody)


class Token(AccessToken):
    """An expiring access token from the accounts service.

    Parameters
    ----------
    access_token
        The bearer token.
    token_type
        Token type, ``"Bearer"``.
    expires_in
        Seconds until expiry, counted from ``now``.
    scope
        Scopes granted (a :class:`~spotipy.scope.Scope`; empty for app tokens).
    refresh_token
        Refresh token of a user token, ``None`` for an app token.
    uses_pkce
        Whether the token was obtained with PKCE (refreshed without a secret).
    now
        Clock reading at which ``expires_in`` started, defaults to the current time.

    Notes
    -----
    ``str(token)`` is the bearer token, so a token can be given to
    :class:`~spotipy.Spotify` directly.  ``repr`` never shows the token values.
    """

    def __init__(
        self,
        access_token: str,
        *,
        token_type: str = "Bearer",
        expires_in: int = 3600,
        scope: Scope | str | None = None,
        refresh_token: str | None = None,
        uses_pkce: bool = False,
        now: float | None = None,
    ) -> None:
        self._access_token = access_token
        self.token_type = token_type
        self.scope = scope if isinstance(scope, Scope) else Scope(*(scope or "").split())
        self.refresh_token = refresh_token
        self.uses_pkce = uses_pkce
        self.expires_at = int(time.time() if now is None else now) + expires_in

    @classmethod
    def from_response(
        cls, info: Mapping[str, Any], *, uses_pkce: bool = False, now: float | None = None
    ) -> Token:
        """Build a token from the accounts service's JSON answer (a mapping)."""
        return cls._from_struct(msgspec.convert(info, _TokenResponse), uses_pkce, now)

    @classmethod
    def _from_struct(cls, info: _TokenResponse, uses_pkce: bool, now: float | None) -> Token:
        return cls(
            info.access_token,
            token_type=info.token_type,
            expires_in=info.expires_in,
            scope=info.scope,
            refresh_token=info.refresh_token,
            uses_pkce=uses_pkce,
            now=now,
        )

    @property
    def access_token(self) -> str:
        """The bearer token."""
        return self._access_token

    @property
    def expires_in(self) -> int:
        """Seconds until the token expires (negative when it has expired)."""
        return self.expires_at - int(time.time())

    @property
    def is_expiring(self) -> bool:
        """Whether the token expires within :data:`DEFAULT_MARGIN` seconds."""
        return self.expiring_within(DEFAULT_MARGIN)

    def expiring_within(self, margin: float) -> bool:
        """Tell whether the token expires within ``margin`` seconds."""
        return self.expires_at - time.time() < margin

    def __repr__(self) -> str:
        kind = "user" if self.refresh_token else "application"
        return (
            f"<Token {kind} access_token={_mask(self._access_token)} "
            f"refresh_token={_mask(self.refresh_token)} scope='{self.scope}' "
            f"expires_at={self.expires_at}>"
        )


def _basic(client_id: str, client_secret: str) -> str:
    raw = f"{client_id}:{client_secret}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def token_from_response(response: Response, *, uses_pkce: bool = False) -> Token:
    """Turn an accounts-service answer into a :class:`Token` or raise its error."""
    status = response.status_code
    if 400 <= status < 500:
        try:
            body = _error_decoder.decode(response.content)
        except (msgspec.DecodeError, msgspec.ValidationError):
            body = _OAuthErrorBody(error=response.reason_phrase.lower().replace(" ", "_"))
        detail = f": {body.error_description}" if body.error_description else ""
        text = f"{status} {body.error} from the accounts service{detail}"
        cls = RefreshTokenInvalid if body.error == "invalid_grant" else OAuthError
        raise cls(
            text,
            status=status,
            error=body.error,
            description=body.error_description,
            response=response,
        )
    if status >= 500:
        raise error_for_response(response)
    try:
        info = _token_decoder.decode(response.content)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise ResponseError(
            f"{status} from POST {response.request.path}: not a token response ({exc})", response
        ) from None
    return Token._from_struct(info, uses_pkce, None)


class Credentials(FlowRunner[Mode]):
    """An application's credentials, and the requests they make to the accounts service.

    Parameters
    ----------
    client_id
        The application's client ID.
    client_secret
        The application's client secret (not needed for PKCE).
    redirect_uri
        Redirect URI registered for the application.
    sender
        Sender for the requests; an async sender makes the credentials asynchronous.
    asynchronous
        ``True`` for asynchronous credentials when no sender is given.
    accounts_url
        Accounts service base URL; defaults to ``$SPOTIPY_ACCOUNTS_URL`` or Spotify's.
    """

    @overload
    def __init__(
        self: Credentials[Sync],
        client_id: str,
        client_secret: str | None = None,
        redirect_uri: str | None = None,
        sender: Sender | None = None,
        *,
        asynchronous: Literal[False] | None = None,
        accounts_url: str | None = None,
    ) -> None: ...
    @overload
    def __init__(
        self: Credentials[Async],
        client_id: str,
        client_secret: str | None = None,
        redirect_uri: str | None = None,
        sender: AsyncSender | None = None,
        *,
        asynchronous: Literal[True],
        accounts_url: str | None = None,
    ) -> None: ...
    @overload
    def __init__(
        self: Credentials[Async],
        client_id: str,
        client_secret: str | None = None,
        redirect_uri: str | None = None,
        *,
        sender: AsyncSender,
        asynchronous: Literal[True] | None = None,
        accounts_url: str | None = None,
    ) -> None: ...
    def __init__(
        self,
        client_id: str,
        client_secret: str | None = None,
        redirect_uri: str | None = None,
        sender: Sender | AsyncSender | None = None,
        *,
        asynchronous: bool | None = None,
        accounts_url: str | None = None,
    ) -> None:
        if not client_id:
            raise ValueError("client_id must be a non-empty string")
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.sender = resolve_sender(sender, asynchronous)
        self.is_async = self.sender.is_async
        url = accounts_url or os.environ.get(ACCOUNTS_URL_VAR) or ACCOUNTS_URL
        self.accounts_url = check_base_url(url, "accounts URL")

    def __repr__(self) -> str:
        return (
            f"<Credentials client_id={self.client_id!r} "
            f"client_secret={'[redacted]' if self.client_secret else None} "
            f"redirect_uri={self.redirect_uri!r} {self.accounts_url}>"
        )

    def _token_request(self, form: dict[str, str], *, authenticate: bool = True) -> Request:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if authenticate:
            if self.client_secret is None:
                raise ValueError("this request needs a client secret; none was given")
            headers["Authorization"] = _basic(self.client_id, self.client_secret)
        from urllib.parse import urlencode

        # A token request is not idempotent: an authorisation code works only once.
        return Request(
            "POST",
            f"{self.accounts_url}/api/token",
            headers=headers,
            content=urlencode(form).encode(),
            idempotent=False,
        )

    @flow_method
    def request_client_token(self) -> Flow[Token]:
        """Request an application token (client credentials grant).

        Returns
        -------
        Token
            An app token without a refresh token (an awaitable in async mode).
        """
        response = yield self._token_request({"grant_type": "client_credentials"})
        return token_from_response(response)
