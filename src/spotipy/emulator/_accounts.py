"""The accounts service's memory: the registered app, consents, codes and tokens.

Everything a grant needs to decide lives here, judged by an injectable clock; the routes that
use it are in :mod:`spotipy.emulator._token` (``POST /api/token``) and
:mod:`spotipy.emulator._consent` (``/authorize``).

One user's consent to the app is an :class:`Authorisation`.  Its code, and every access and
refresh token issued from it, point back to it, so revoking it (as a reused code does)
revokes them all at once.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import secrets
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final, Literal, get_args
from urllib.parse import SplitResult, urlsplit

from spotipy.emulator._routing import OAuthError
from spotipy.emulator._wire import Headers

__all__ = [
    "ACCESS_TOKEN_LIFETIME",
    "CODE_LIFETIME",
    "DEFAULT_REDIRECT_URI",
    "REFRESH_TOKEN_LIFETIME",
    "SCOPES",
    "SCOPE_DESCRIPTIONS",
    "Accounts",
    "AuthCode",
    "Authorisation",
    "ClientAuth",
    "PendingConsent",
    "RefreshToken",
    "Rotation",
    "TokenInfo",
    "TokenStore",
    "check_redirect_uri",
    "rotation",
]

#: Seconds an access token lives, as Spotify's do.
ACCESS_TOKEN_LIFETIME: Final = 3600
#: Seconds an authorisation code may wait before it is exchanged.
CODE_LIFETIME: Final = 600
#: Seconds a refresh token works after the user's consent: six months (183 days), the rule
#: since 2026.  Rotation does not extend it.
REFRESH_TOKEN_LIFETIME: Final = 183 * 24 * 3600
#: The redirect URI an emulator's app has registered unless told otherwise.
DEFAULT_REDIRECT_URI: Final = "http://127.0.0.1:8080/callback"
#: How many consent pages may wait for an answer; the oldest is forgotten first.
_MAX_PENDING: Final = 1024

Rotation = Literal["always", "never", "pkce"]
"""When a refresh answers with a new refresh token (and the old one stops working): always,
never, or only for grants that came from PKCE (Spotify's behaviour, the default)."""

#: What the consent page says of each scope Spotify knows.
SCOPE_DESCRIPTIONS: Final = {
    "ugc-image-upload": "Upload images to Spotify on your behalf",
    "user-read-playback-state": "Read your currently playing content and devices",
    "user-modify-playback-state": "Control playback on your Spotify clients and devices",
    "user-read-currently-playing": "Read your currently playing content",
    "app-remote-control": "Communicate with the Spotify app on your device",
    "streaming": "Play content and control playback on your other devices",
    "playlist-read-private": "Access your private playlists",
    "playlist-read-collaborative": "Access your collaborative playlists",
    "playlist-modify-private": "Manage your private playlists",
    "playlist-modify-public": "Manage your public playlists",
    "user-follow-modify": "Manage who you are following",
    "user-follow-read": "Access your followers and who you are following",
    "user-read-playback-position": "Read your position in content you have played",
    "user-top-read": "Read your top artists and content",
    "user-read-recently-played": "Access your recently played items",
    "user-library-modify": "Manage your saved content",
    "user-library-read": "Access your saved content",
    "user-read-email": "Get your real email address",
    "user-read-private": "Access your subscription details",
    "user-personalized": "Get personalised recommendations based on your taste",
    "user-soa-link": "Link a partner account to your Spotify account",
    "user-soa-unlink": "Unlink a partner account from your Spotify account",
    "soa-manage-entitlements": "Manage entitlements of linked accounts",
    "soa-manage-partner": "Manage a partner's linked accounts",
    "soa-create-partner": "Create partners for account linking",
}
#: Every scope Spotify knows; a token asked for with another name is refused.
SCOPES: Final = frozenset(SCOPE_DESCRIPTIONS)


def rotation(value: Rotation | bool) -> Rotation:
    """Normalise a rotation setting: ``True`` is ``"always"``, ``False`` is ``"never"``.

    Raises
    ------
    ValueError
        If ``value`` is none of ``"always"``, ``"never"``, ``"pkce"`` or a bool.
    """
    if value is True:
        return "always"
    if value is False:
        return "never"
    if value not in get_args(Rotation):
        raise ValueError(
            f"rotate_refresh_tokens must be 'always', 'never' or 'pkce', not {value!r}"
        )
    return value


def _loopback_host(parts: SplitResult) -> bool:
    # Spotify refuses "localhost" since 2025: only IP literals count as loopback.
    try:
        return ipaddress.ip_address(parts.hostname or "").is_loopback
    except ValueError:
        return False


def check_redirect_uri(uri: str) -> str:
    """Check ``uri`` against the rules Spotify's dashboard applies, and return it.

    HTTPS URIs, ``http://`` on a loopback IP literal (``127.0.0.1``, ``[::1]``; never
    ``localhost``), and an app's own scheme (``myapp://callback``) are accepted.

    Raises
    ------
    ValueError
        If Spotify would not let an app register ``uri``.
    """
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        raise ValueError(f"not a valid redirect URI: {uri!r}") from None
    if not parts.scheme or parts.fragment or uri != uri.strip() or not uri.isprintable():
        # Control characters (CR/LF ...) would end up in a Location header.
        raise ValueError(f"not a valid redirect URI: {uri!r}")
    if parts.scheme == "https" and not parts.hostname:
        raise ValueError(f"an https redirect URI needs a host: {uri!r}")
    if parts.scheme == "http" and not _loopback_host(parts):
        raise ValueError(
            f"http redirect URIs must use a loopback IP literal such as 127.0.0.1 or [::1] "
            f"(Spotify refuses localhost and plain http elsewhere): {uri!r}"
        )
    return uri


def _without_port(parts: SplitResult) -> str:
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    return parts._replace(netloc=host).geturl()


@dataclass(slots=True, eq=False)
class Authorisation:
    """A user's consent to the app, and the root of every token issued from it.

    Attributes
    ----------
    client_id
        The application consented to.
    user_id
        The consenting user.
    scopes
        Granted scopes.
    authorised_at
        When the user consented, in the clock's seconds; refresh tokens expire
        :data:`REFRESH_TOKEN_LIFETIME` later.
    pkce
        Whether the code was bound to a PKCE challenge: such grants need no client secret.
    revoked
        Set when the grant is withdrawn: every token issued from it stops working.
    """

    client_id: str
    user_id: str
    scopes: frozenset[str]
    authorised_at: float
    pkce: bool
    revoked: bool = False


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
    authorisation
        The consent the token was issued from, if it came from a code or a refresh.
    """

    client_id: str
    user_id: str | None
    scopes: frozenset[str]
    expires_at: float
    authorisation: Authorisation | None = None

    @property
    def revoked(self) -> bool:
        """Tell whether the consent behind the token was withdrawn."""
        return self.authorisation is not None and self.authorisation.revoked


@dataclass(slots=True)
class AuthCode:
    """An authorisation code waiting to be exchanged once.

    Attributes
    ----------
    authorisation
        The consent it carries.
    redirect_uri
        The URI given to ``/authorize``; the exchange must repeat it.
    challenge
        The PKCE S256 challenge, if any.
    expires_at
        Expiry in the clock's seconds.
    used
        Set by the first exchange; a second one revokes the authorisation.
    """

    authorisation: Authorisation
    redirect_uri: str
    challenge: str | None
    expires_at: float
    used: bool = False


@dataclass(slots=True)
class RefreshToken:
    """A refresh token and the consent it renews.

    Attributes
    ----------
    authorisation
        The consent it renews; its age decides expiry.
    revoked
        Set by :meth:`Accounts.revoke_refresh_token`.
    """

    authorisation: Authorisation
    revoked: bool = False


@dataclass(frozen=True, slots=True)
class PendingConsent:
    """An ``/authorize`` request shown on the consent page, waiting for Agree or Cancel."""

    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    state: str | None
    challenge: str | None


@dataclass(frozen=True, slots=True)
class ClientAuth:
    """Who a token request says it is.

    Attributes
    ----------
    client_id
        The registered application.
    proven
        Whether the request proved it with the client secret; PKCE grants need not.
    """

    client_id: str
    proven: bool


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
        authorisation: Authorisation | None = None,
    ) -> str:
        """Mint an access token and remember it."""
        # Opaque and unguessable like Spotify's ("BQ..." and about 120 characters long).
        value = "BQ" + secrets.token_urlsafe(90)
        self._tokens[value] = TokenInfo(
            client_id, user_id, frozenset(scopes), self._clock() + lifetime, authorisation
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
    """The registered application, its consents, codes and tokens.

    Parameters
    ----------
    client_id, client_secret
        The one application the emulator accepts.
    clock
        Time source for expiry.
    redirect_uris
        The app's registered redirect URIs.
    rotate
        When refreshes rotate the refresh token.
    auto_approve
        A user ID that consents at once to every valid ``/authorize``; ``None`` shows the
        consent page.

    Attributes
    ----------
    redirect_uris : list[str]
        The registered redirect URIs, in order.
    rotate : Rotation
        When refreshes rotate the refresh token.
    auto_approve : str or None
        The user who consents at once, if any.
    token_requests : list[str]
        The ``grant_type`` of every ``POST /api/token``, oldest first (``""`` if missing).
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        clock: Callable[[], float],
        *,
        redirect_uris: Iterable[str] = (DEFAULT_REDIRECT_URI,),
        rotate: Rotation = "pkce",
        auto_approve: str | None = None,
    ) -> None:
        self.clients: dict[str, str] = {client_id: client_secret}
        self.clock = clock
        self.tokens: TokenStore = TokenStore(clock)
        self.redirect_uris: list[str] = []
        self.rotate = rotation(rotate)
        self.auto_approve = auto_approve
        for uri in redirect_uris:
            self.register_redirect_uri(uri)
        self.codes: dict[str, AuthCode] = {}
        self.refresh_tokens: dict[str, RefreshToken] = {}
        self.pending: OrderedDict[str, PendingConsent] = OrderedDict()
        self.token_requests: list[str] = []
        #: The app owner's Premium lapsed: every grant answers ``internal_error``.
        self.owner_premium_lapsed = False

    # Redirect URIs ----------------------------------------------------------------------

    def register_redirect_uri(self, uri: str) -> None:
        """Register ``uri`` (checked by :func:`check_redirect_uri`) unless it already is."""
        if check_redirect_uri(uri) not in self.redirect_uris:
            self.redirect_uris.append(uri)

    def redirect_uri_allowed(self, uri: str) -> bool:
        """Tell whether ``uri`` matches a registered redirect URI.

        The match is exact, with Spotify's one exception: a loopback IP literal registered
        without a port accepts any port at run time.
        """
        registered = self.redirect_uris
        if uri in registered:
            return True
        try:
            parts = urlsplit(uri)
            port = parts.port
        except ValueError:
            return False
        if parts.scheme != "http" or port is None or not _loopback_host(parts):
            return False
        return _without_port(parts) in registered

    # Clients ----------------------------------------------------------------------------

    def authenticate(self, headers: Headers, form: dict[str, str]) -> ClientAuth:
        """Return who the request says it is, from Basic auth or the form.

        A request may name its client without a secret (the PKCE way); whether that is
        enough is up to the grant.  A secret, when given, must be right.

        Raises
        ------
        OAuthError
            ``invalid_client`` for unknown clients or wrong secrets.
        """
        header = headers.get("authorization")
        secret: str | None
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
            client_id, secret = form.get("client_id", ""), form.get("client_secret")
        if client_id not in self.clients:
            raise OAuthError("invalid_client", "Invalid client")
        if secret is None:
            return ClientAuth(client_id, proven=False)
        if not secrets.compare_digest(self.clients[client_id].encode(), secret.encode()):
            # Spotify names the secret when the client ID is known.
            raise OAuthError("invalid_client", "Invalid client secret")
        return ClientAuth(client_id, proven=True)

    # Consents, codes and refresh tokens -------------------------------------------------

    def remember_pending(self, request: PendingConsent) -> str:
        """Keep a consent page's request server-side; return its opaque ID."""
        request_id = secrets.token_urlsafe(24)
        self.pending[request_id] = request
        while len(self.pending) > _MAX_PENDING:
            self.pending.popitem(last=False)
        return request_id

    def issue_code(
        self,
        client_id: str,
        user_id: str,
        scopes: Iterable[str],
        redirect_uri: str,
        challenge: str | None,
    ) -> str:
        """Record a user's consent and return the code that carries it."""
        now = self.clock()
        authorisation = Authorisation(
            client_id, user_id, frozenset(scopes), now, pkce=challenge is not None
        )
        code = "AQ" + secrets.token_urlsafe(96)
        self.codes[code] = AuthCode(authorisation, redirect_uri, challenge, now + CODE_LIFETIME)
        return code

    def authorise(
        self, client_id: str, user_id: str, scopes: Iterable[str], *, pkce: bool
    ) -> Authorisation:
        """Record a consent given outside ``/authorize`` (test helpers)."""
        return Authorisation(client_id, user_id, frozenset(scopes), self.clock(), pkce)

    def grant(self, authorisation: Authorisation, *, refresh_token: bool) -> dict[str, object]:
        """Issue an access token (and a refresh token if asked) from ``authorisation``.

        Returns
        -------
        dict
            The token endpoint's answer.
        """
        access = self.tokens.issue(
            authorisation.client_id,
            authorisation.user_id,
            authorisation.scopes,
            authorisation=authorisation,
        )
        answer: dict[str, object] = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": ACCESS_TOKEN_LIFETIME,
        }
        if refresh_token:
            answer["refresh_token"] = self.new_refresh_token(authorisation)
        # Spotify lists the granted scopes space-separated, in no promised order.
        answer["scope"] = " ".join(sorted(authorisation.scopes))
        return answer

    def new_refresh_token(self, authorisation: Authorisation) -> str:
        """Mint a refresh token for ``authorisation``."""
        value = "AQ" + secrets.token_urlsafe(96)
        self.refresh_tokens[value] = RefreshToken(authorisation)
        return value

    def rotates(self, authorisation: Authorisation) -> bool:
        """Tell whether refreshing ``authorisation`` answers with a new refresh token."""
        mode = self.rotate
        return mode == "always" or (mode == "pkce" and authorisation.pkce)

    def refresh_expired(self, authorisation: Authorisation) -> bool:
        """Tell whether refresh tokens of ``authorisation`` are past their six months."""
        return self.clock() >= authorisation.authorised_at + REFRESH_TOKEN_LIFETIME

    def revoke_refresh_token(self, value: str) -> None:
        """Withdraw one refresh token; later refreshes with it get "Refresh token revoked".

        Raises
        ------
        KeyError
            If the token was never issued (or was rotated away).
        """
        self.refresh_tokens[value].revoked = True
