"""Access tokens and the accounts service.

:class:`Token` is an ordinary, expiring access token.  :class:`Credentials` asks
Spotify's accounts service for tokens; like the Web API client it runs every request
as a flow, so it works synchronously or asynchronously.
"""

from __future__ import annotations

import base64
import hashlib
import os
import time
from collections.abc import Awaitable, Iterable, Mapping
from typing import Any, Final, Generic, Literal, overload
from urllib.parse import parse_qs, urlencode, urlsplit

import msgspec

from spotipy._flow import Async, Flow, FlowRunner, Mode, Sync, flow_method
from spotipy._http import Request, Response, check_base_url
from spotipy.errors import (
    PREMIUM_LAPSED,
    AppOwnerPremiumRequired,
    OAuthError,
    RefreshTokenInvalid,
    ResponseError,
    StateMismatch,
    error_for_response,
)
from spotipy.scope import Scope, check_scopes
from spotipy.sender import AsyncSender, Sender, resolve_sender

__all__ = [
    "ACCOUNTS_URL",
    "REFRESH_TOKEN_LIFETIME",
    "AccessToken",
    "Credentials",
    "Token",
    "UserAuth",
    "check_redirect_uri",
    "gen_state",
    "parse_redirect",
    "pkce_challenge",
    "token_from_response",
]

#: Spotify's accounts service.
ACCOUNTS_URL: Final = "https://accounts.spotify.com"
#: Environment variable that overrides the accounts base URL (e.g. for the emulator).
ACCOUNTS_URL_VAR: Final = "SPOTIPY_ACCOUNTS_URL"

#: Seconds before expiry at which a token counts as expiring.
DEFAULT_MARGIN: Final = 60


def _mask(secret: str | None) -> str:
    return "None" if secret is None else "[redacted]"


class AccessToken:
    """Anything whose ``str()`` is a bearer token.

    The client asks a token for its bearer through :meth:`bearer` (sync clients) or
    :meth:`bearer_async` (async clients), and tells it through :meth:`rejected` /
    :meth:`rejected_async` when the Web API refused it.  Ordinary tokens just answer
    :attr:`access_token`; refreshing tokens refresh there.
    """

    @property
    def access_token(self) -> str:
        """The bearer token."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.access_token

    def bearer(self) -> str:
        """Return the bearer token to send now (sync clients)."""
        return self.access_token

    async def bearer_async(self) -> str:
        """Return the bearer token to send now, without blocking (async clients)."""
        return self.access_token

    def rejected(self, bearer: str) -> bool:
        """Learn that the Web API refused ``bearer`` (401).

        Returns
        -------
        bool
            Whether a different bearer is now available, so that the request is
            worth sending once more.  Ordinary tokens cannot renew themselves.
        """
        return False

    async def rejected_async(self, bearer: str) -> bool:
        """Async counterpart of :meth:`rejected`."""
        return False


class _TokenResponse(msgspec.Struct):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int = 3600
    scope: str | None = None
    refresh_token: str | None = None


def _token_info(info: object) -> _TokenResponse:
    """Read a token dict (the 2020 spotipy API's ``Token(token_info)``), or say why not."""
    if not isinstance(info, Mapping):
        raise TypeError(
            "Token() takes a bearer token string or the accounts service's token dict"
            f" (with 'access_token', 'expires_in' ...), not {type(info).__name__}"
        )
    try:
        return msgspec.convert(dict(info), _TokenResponse, strict=False)
    except msgspec.ValidationError as exc:
        raise ValueError(f"Token(dict): not a token dict: {exc}") from None


class _OAuthErrorBody(msgspec.Struct):
    error: str = "unknown_error"
    error_description: str | None = None


_token_decoder: Final = msgspec.json.Decoder(_TokenResponse)
_error_decoder: Final = msgspec.json.Decoder(_OAuthErrorBody)


#: Seconds a refresh token works after the user's consent: about six months since 2026
#: (refreshing does not extend it).
REFRESH_TOKEN_LIFETIME: Final = 183 * 24 * 3600


class Token(AccessToken):
    """An expiring access token from the accounts service.

    Parameters
    ----------
    access_token
        The bearer token, or the accounts service's JSON answer as a dict (as the 2020
        spotipy API took it): ``Token({"access_token": ..., "expires_in": 3600, ...})``
        reads ``access_token``, ``token_type``, ``expires_in``, ``scope`` and
        ``refresh_token`` from it; then only ``uses_pkce`` and ``now`` may be given too.
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
    consented_at
        Unix time of the user's consent that the refresh token comes from, when known
        (set by the code exchange, carried over by refreshes).

    Notes
    -----
    ``str(token)`` is the bearer token, so a token can be given to
    :class:`~spotipy.Spotify` directly.  ``repr`` never shows the token values.

    Raises
    ------
    TypeError
        When ``access_token`` is neither a string nor a mapping, or a dict comes with
        the fields it holds given as keyword arguments too.
    ValueError
        When a dict lacks ``access_token`` or holds a field of the wrong type.
    """

    @overload
    def __init__(
        self,
        access_token: Mapping[str, Any],
        /,
        *,
        uses_pkce: bool = False,
        now: float | None = None,
    ) -> None: ...
    @overload
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
        consented_at: float | None = None,
    ) -> None: ...
    def __init__(
        self,
        access_token: str | Mapping[str, Any],
        *,
        token_type: str = "Bearer",
        expires_in: int = 3600,
        scope: Scope | str | None = None,
        refresh_token: str | None = None,
        uses_pkce: bool = False,
        now: float | None = None,
        consented_at: float | None = None,
    ) -> None:
        if not isinstance(access_token, str):
            fields = (token_type, expires_in, scope, refresh_token, consented_at)
            if fields != ("Bearer", 3600, None, None, None) and isinstance(access_token, Mapping):
                raise TypeError(
                    "Token(dict) reads token_type, expires_in, scope and refresh_token from"
                    " the dict: give them there, not as keyword arguments"
                )
            info = _token_info(access_token)
            access_token, token_type, expires_in = (
                info.access_token,
                info.token_type,
                info.expires_in,
            )
            scope, refresh_token = info.scope, info.refresh_token
        self._access_token = access_token
        self.consented_at = consented_at
        self.token_type = token_type
        self.scope: Scope = scope if isinstance(scope, Scope) else Scope(*(scope or "").split())
        self.refresh_token = refresh_token
        self.uses_pkce = uses_pkce
        self.expires_at: int = int(time.time() if now is None else now) + expires_in
        #: Seconds the token was issued for (``expires_in`` of the answer).
        self.lifetime = expires_in

    @classmethod
    def from_response(
        cls, info: Mapping[str, Any], *, uses_pkce: bool = False, now: float | None = None
    ) -> Token:
        """Build a token from the accounts service's JSON answer (a mapping)."""
        return cls._from_struct(msgspec.convert(info, _TokenResponse), uses_pkce, now)

    @classmethod
    def _from_struct(cls, info: _TokenResponse, uses_pkce: bool, now: float | None) -> Token:
        # An empty or blank refresh token is no refresh token: it counts as absent.
        refresh = info.refresh_token if info.refresh_token and info.refresh_token.strip() else None
        return cls(
            info.access_token,
            token_type=info.token_type,
            expires_in=info.expires_in,
            scope=info.scope,
            refresh_token=refresh,
            uses_pkce=uses_pkce,
            now=now,
        )

    @property
    def access_token(self) -> str:
        """The bearer token."""
        return self._access_token

    @property
    def refresh_expires_at(self) -> float | None:
        """When the refresh token stops working (about six months after consent).

        ``None`` when the consent time is not known (an app token, or a refresh token
        from elsewhere).  Ask the user to authorise again before then: afterwards a
        refresh fails with :class:`~spotipy.errors.RefreshTokenInvalid`.
        """
        if self.consented_at is None or self.refresh_token is None:
            return None
        return self.consented_at + REFRESH_TOKEN_LIFETIME

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
    if status >= 400 and (lapsed := _owner_premium_lapsed(response)) is not None:
        raise lapsed
    if status == 429 or status >= 500:
        # Rate limits and server failures are the same errors as on the Web API, so a
        # 429 carries ``retry_after`` with or without a RetryingSender.
        raise error_for_response(response)
    if 400 <= status < 500:
        try:
            body = _error_decoder.decode(response.content)
        except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
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
    try:
        info = _token_decoder.decode(response.content)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError) as exc:
        raise ResponseError(
            f"{status} from POST {response.request.path}: not a token response ({exc})", response
        ) from None
    return Token._from_struct(info, uses_pkce, None)


def _owner_premium_lapsed(response: Response) -> AppOwnerPremiumRequired | None:
    """The error of a token answer saying the app owner's Premium lapsed, else ``None``.

    Spotify answers ``internal_error`` with "Active premium subscription required for the
    owner of the app" (seen with 4xx and 5xx statuses): not the user's refresh token's
    fault, so never ``invalid_grant``, and not worth retrying for hours.
    """
    try:
        body = _error_decoder.decode(response.content)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return None
    description = body.error_description or ""
    if body.error != "internal_error" or not description.startswith(PREMIUM_LAPSED):
        return None
    return AppOwnerPremiumRequired(
        f"{response.status_code} internal_error from the accounts service: {description}"
        "\nThe app's owner needs an active Spotify Premium subscription; the refresh token"
        " is kept and works again once it is renewed.",
        status=response.status_code,
        error=body.error,
        description=description,
        response=response,
    )


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
        url = accounts_url or os.environ.get(ACCOUNTS_URL_VAR) or ACCOUNTS_URL
        self.accounts_url: str = check_base_url(url, "accounts URL")
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.sender: Sender | AsyncSender = resolve_sender(sender, asynchronous)
        self.is_async: bool = self.sender.is_async

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
        return (yield from self._client_token_flow())

    def _client_token_flow(self) -> Flow[Token]:
        response = yield self._token_request({"grant_type": "client_credentials"})
        token = token_from_response(response)
        # An app token is renewed with the client credentials grant, never refreshed: a
        # refresh token in the answer would make it pass for a user token.
        token.refresh_token = None
        return token

    # -- user authorisation ----------------------------------------------------------

    def _authorise_url(self, params: dict[str, str]) -> str:
        if self.redirect_uri is None:
            raise ValueError("a redirect_uri is needed for user authorisation")
        check_redirect_uri(self.redirect_uri)
        query = {"client_id": self.client_id, "response_type": "code"}
        query["redirect_uri"] = self.redirect_uri
        query.update(params)
        return f"{self.accounts_url}/authorize?{urlencode(query)}"

    def user_authorisation_url(
        self,
        scope: str | Iterable[str] | None = None,
        state: str | None = None,
        show_dialog: bool = False,
    ) -> str:
        """Build the URL that asks a user to authorise the application.

        Parameters
        ----------
        scope
            Scopes to ask for: a string, :class:`~spotipy.scope.Scope`, scope members or
            an iterable of them.  Unknown scopes raise ``ValueError``.
        state
            Opaque value returned with the redirect; use one to detect forged
            redirects (:class:`UserAuth` does this for you).
        show_dialog
            Ask the user to approve again even if they already have.

        Returns
        -------
        str
            The URL to send the user to.
        """
        params = {"show_dialog": "true" if show_dialog else "false"}
        scopes = check_scopes(scope)
        if scopes:
            params["scope"] = str(scopes)
        if state is not None:
            params["state"] = state
        return self._authorise_url(params)

    def pkce_user_authorisation(
        self,
        scope: str | Iterable[str] | None = None,
        state: str | None = None,
        verifier_bytes: int = 32,
        show_dialog: bool = False,
    ) -> tuple[str, str]:
        """Build a PKCE authorisation URL and the verifier that goes with it.

        Parameters
        ----------
        scope
            Scopes to ask for, as in :meth:`user_authorisation_url`.
        state
            Opaque value returned with the redirect.
        verifier_bytes
            Random bytes in the verifier, 32 to 96 (RFC 7636 allows 43 to 128
            characters of base64url).
        show_dialog
            Ask the user to approve again even if they already have.

        Returns
        -------
        tuple[str, str]
            The URL and the code verifier to give to :meth:`request_pkce_token`.
        """
        if not 32 <= verifier_bytes <= 96:
            raise ValueError("verifier_bytes must be between 32 and 96")
        verifier = gen_state(verifier_bytes)  # the same random text, longer
        params = {
            "show_dialog": "true" if show_dialog else "false",
            "code_challenge_method": "S256",
            "code_challenge": pkce_challenge(verifier),
        }
        scopes = check_scopes(scope)
        if scopes:
            params["scope"] = str(scopes)
        if state is not None:
            params["state"] = state
        return self._authorise_url(params), verifier

    def _code_form(self, code: str) -> dict[str, str]:
        if not code:
            raise ValueError("the authorisation code is empty")
        if self.redirect_uri is None:
            raise ValueError("a redirect_uri is needed to exchange an authorisation code")
        return {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
        }

    @flow_method
    def request_user_token(self, code: str) -> Flow[Token]:
        """Exchange an authorisation code for a user token.

        Parameters
        ----------
        code
            The ``code`` of the redirect after the user approved.
        """
        response = yield self._token_request(self._code_form(code))
        return _consented(token_from_response(response))

    @flow_method
    def request_pkce_token(self, code: str, verifier: str) -> Flow[Token]:
        """Exchange an authorisation code for a user token with the PKCE verifier.

        Parameters
        ----------
        code
            The ``code`` of the redirect after the user approved.
        verifier
            The verifier returned by :meth:`pkce_user_authorisation`.
        """
        form = self._code_form(code) | {"client_id": self.client_id, "code_verifier": verifier}
        response = yield self._token_request(form, authenticate=False)
        return _consented(token_from_response(response, uses_pkce=True))

    def _refresh_flow(
        self, refresh_token: str, pkce: bool, consented_at: float | None = None
    ) -> Flow[Token]:
        if not refresh_token:
            raise ValueError("the refresh token is empty")
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
        if pkce:
            form["client_id"] = self.client_id
        response = yield self._token_request(form, authenticate=not pkce)
        token = token_from_response(response, uses_pkce=pkce)
        if token.refresh_token is None:
            # Spotify may not rotate the refresh token; the old one stays valid.
            token.refresh_token = refresh_token
        # A rotated refresh token still expires six months after the same consent.
        token.consented_at = consented_at
        return token

    @flow_method
    def refresh_user_token(
        self, refresh_token: str, *, consented_at: float | None = None
    ) -> Flow[Token]:
        """Get a new user token with a refresh token.

        The answer's refresh token replaces the old one when Spotify sends one; when
        it does not, the old refresh token is kept on the new token.  ``consented_at``
        (the Unix time of the user's consent, as saved with the refresh token) is kept
        on the new token, which then tells its ``refresh_expires_at``.

        Raises
        ------
        RefreshTokenInvalid
            The refresh token expired (six months after authorisation) or was
            revoked: the user must authorise the application again.
        """
        return (yield from self._refresh_flow(refresh_token, False, consented_at))

    @flow_method
    def refresh_pkce_token(
        self, refresh_token: str, *, consented_at: float | None = None
    ) -> Flow[Token]:
        """Get a new user token with the refresh token of a PKCE token (no secret)."""
        return (yield from self._refresh_flow(refresh_token, True, consented_at))

    @flow_method
    def refresh(self, token: Token) -> Flow[Token]:
        """Get a new token like ``token``: a new app token, or a refreshed user token."""
        return (yield from self.refresh_flow(token))

    def refresh_flow(self, token: Token) -> Flow[Token]:
        """Return the bare flow that refreshes ``token`` (for composition)."""
        if token.refresh_token is None:
            return (yield from self._client_token_flow())
        return (
            yield from self._refresh_flow(
                token.refresh_token, pkce=token.uses_pkce, consented_at=token.consented_at
            )
        )


def _consented(token: Token) -> Token:
    # The code was exchanged moments after the user consented.
    token.consented_at = float(int(time.time()))
    return token


def pkce_challenge(verifier: str) -> str:
    """Return the S256 code challenge of a PKCE ``verifier``."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def gen_state(nbytes: int = 16) -> str:
    """Return a fresh random ``state`` value for an authorisation request."""
    import secrets  # here: a program that only reads never needs it

    return secrets.token_urlsafe(nbytes)


def check_redirect_uri(uri: str) -> None:
    """Refuse a redirect URI that Spotify refuses, with the rule that it breaks.

    Since 2025 Spotify accepts ``https`` redirect URIs, and plain ``http`` only for
    the loopback literals ``127.0.0.1`` and ``[::1]`` (with any port);
    ``localhost`` is never accepted.
    """
    parts = urlsplit(uri)
    host = (parts.hostname or "").lower()
    if host == "localhost":
        raise ValueError(
            f"redirect URI {uri!r} uses 'localhost', which Spotify refuses since 2025: "
            "use http://127.0.0.1:PORT/... or http://[::1]:PORT/... (and register that)"
        )
    if parts.scheme == "http" and host not in {"127.0.0.1", "::1"}:
        raise ValueError(
            f"redirect URI {uri!r} is plain http on a non-loopback host: Spotify accepts "
            "https, or http only on 127.0.0.1 or [::1]"
        )
    if parts.scheme in {"http", "https"} and not host:
        raise ValueError(f"redirect URI {uri!r} has no host")


def _printable(text: str, limit: int = 100) -> str:
    """``text`` without control characters, shortened: safe to show in a terminal."""
    cleaned = "".join(c if c.isprintable() else "?" for c in text[:limit])
    return cleaned + ("..." if len(text) > limit else "")


def parse_redirect(url: str) -> tuple[str | None, str | None]:
    """Read ``code`` and ``state`` from a redirect URL, raising its OAuth error.

    Raises
    ------
    OAuthError
        When the redirect carries ``error`` (``access_denied`` when the user
        declined), or carries several codes.
    """
    query = parse_qs(urlsplit(url).query)
    if "error" in query:
        # The text came from a URL anyone could craft: no terminal escapes, no newlines.
        error = _printable(query["error"][0])
        raise OAuthError(
            f"authorisation failed: {error}",
            status=None,
            error=error,
            description=None,
            response=None,
        )
    codes = query.get("code", [])
    states = query.get("state", [])
    if len(codes) > 1 or len(states) > 1:
        raise OAuthError(
            "the redirect carries more than one code or state",
            status=None,
            error="invalid_request",
            description=None,
            response=None,
        )
    return (codes[0] if codes else None), (states[0] if states else None)


class UserAuth(Generic[Mode]):
    """One user authorisation: the URL with a fresh ``state``, and its code exchange.

    Parameters
    ----------
    credentials
        Credentials with a ``redirect_uri``.
    scope
        Scopes to ask for.
    pkce
        Use PKCE (no client secret needed for the exchange).
    show_dialog
        Ask the user to approve again even if they already have.

    Attributes
    ----------
    url
        The URL to send the user to.
    state
        The state expected back with the redirect.
    """

    def __init__(
        self,
        credentials: Credentials[Mode],
        scope: str | Iterable[str] | None = None,
        pkce: bool = False,
        show_dialog: bool = False,
    ) -> None:
        self.credentials: Credentials[Mode] = credentials
        self.pkce = pkce
        self.state: str = gen_state()
        self._verifier: str | None = None
        self.url: str
        if pkce:
            self.url, self._verifier = credentials.pkce_user_authorisation(
                scope, self.state, show_dialog=show_dialog
            )
        else:
            self.url = credentials.user_authorisation_url(scope, self.state, show_dialog)

    def __repr__(self) -> str:
        return f"<UserAuth pkce={self.pkce} {self.credentials!r}>"

    @overload
    def request_token(
        self: UserAuth[Sync],
        code: str | None = None,
        state: str | None = None,
        *,
        url: str | None = None,
    ) -> Token: ...
    @overload
    def request_token(
        self: UserAuth[Async],
        code: str | None = None,
        state: str | None = None,
        *,
        url: str | None = None,
    ) -> Awaitable[Token]: ...
    def request_token(
        self,
        code: str | None = None,
        state: str | None = None,
        *,
        url: str | None = None,
    ) -> Token | Awaitable[Token]:
        """Exchange the redirect's code for a token, after checking its ``state``.

        Give either ``code`` and ``state``, or the whole redirect ``url``.

        Raises
        ------
        StateMismatch
            The state is missing or differs: the redirect is not the answer to
            this authorisation, and its code is not used.
        OAuthError
            The redirect carries an error (``access_denied`` when the user declined).
        """
        if url is not None:
            code, state = parse_redirect(url)
        # Bytes: compare_digest refuses non-ASCII str, and a hostile state may be any text.
        import hmac

        if state is None or not hmac.compare_digest(state.encode(), self.state.encode()):
            raise StateMismatch(
                "the redirect's state does not match the one sent; refusing its code",
                status=None,
                error="invalid_state",
                description=None,
                response=None,
            )
        if not code:
            raise ValueError("the redirect carries no authorisation code")
        result: Token | Awaitable[Token]
        if self._verifier is not None:
            result = self.credentials.request_pkce_token(code, self._verifier)
        else:
            result = self.credentials.request_user_token(code)
        return result
