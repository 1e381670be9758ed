"""Errors raised by spotipy.

The tree::

    SpotipyError
    ├── HTTPError                 an error status from the Web API
    │   ├── ClientError           4xx
    │   │   ├── BadRequest            400
    │   │   ├── Unauthorised          401
    │   │   ├── Forbidden             403
    │   │   │   ├── ExtendedQuotaRequired  the operation needs extended quota
    │   │   │   └── PremiumRequired        the app owner's Premium lapsed
    │   │   ├── NotFound              404
    │   │   └── TooManyRequests       429 (``retry_after``)
    │   │       └── QuotaExceeded         429 ``QUOTA_EXCEEDED``: the quota, not the rate
    │   └── ServerError           5xx
    │       ├── InternalServerError   500
    │       ├── BadGateway            502
    │       └── ServiceUnavailable    503
    ├── PartialWriteError         a chunked write failed after some chunks were applied
    ├── ResponseError             a successful status with a body that is not what was expected
    ├── TransportError            no response at all (connection, timeout)
    ├── OAuthError                the accounts service refused a token request
    │   ├── RefreshTokenInvalid   ``invalid_grant`` on refresh: re-authorise, never retry
    │   ├── AppOwnerPremiumRequired  the app owner's Premium lapsed (token endpoint)
    │   └── StateMismatch         a redirect whose ``state`` is not the one sent
    ├── ConversionError           a bad ID, URI, URL or type (also a ``ValueError``)
    └── FileError                 a token or configuration file that cannot be read or written

Messages name the endpoint (method and path) and status, and carry Spotify's own
message and, for player errors, the explanation of its ``reason``.  No message ever
contains a token or a client secret.
"""

from __future__ import annotations

import datetime
import email.utils
import time
from typing import TYPE_CHECKING, Any, Final

import msgspec

if TYPE_CHECKING:
    from spotipy._http import Request, Response

__all__ = [
    "PLAYER_ERROR_REASONS",
    "PREMIUM_LAPSED",
    "QUOTA_EXCEEDED",
    "AppOwnerPremiumRequired",
    "BadGateway",
    "BadRequest",
    "ClientError",
    "ConversionError",
    "ExtendedQuotaRequired",
    "FileError",
    "Forbidden",
    "HTTPError",
    "InternalServerError",
    "NotFound",
    "OAuthError",
    "PartialWriteError",
    "PremiumRequired",
    "QuotaExceeded",
    "RefreshTokenInvalid",
    "ResponseError",
    "ServerError",
    "ServiceUnavailable",
    "SpotipyError",
    "StateMismatch",
    "TooManyRequests",
    "TransportError",
    "Unauthorised",
    "error_for_response",
    "is_quota_exceeded",
    "parse_retry_after",
]

#: Readable explanations of the ``reason`` codes of player errors.
PLAYER_ERROR_REASONS: Final[dict[str, str]] = {
    "NO_PREV_TRACK": "The command requires a previous track, but there is none in the context.",
    "NO_NEXT_TRACK": "The command requires a next track, but there is none in the context.",
    "NO_SPECIFIC_TRACK": "The requested track does not exist.",
    "ALREADY_PAUSED": "The command requires playback to not be paused.",
    "NOT_PAUSED": "The command requires playback to be paused.",
    "NOT_PLAYING_LOCALLY": "The command requires playback on the local device.",
    "NOT_PLAYING_TRACK": "The command requires that a track is currently playing.",
    "NOT_PLAYING_CONTEXT": "The command requires that a context is currently playing.",
    "ENDLESS_CONTEXT": "The shuffle command cannot be applied on an endless context.",
    "CONTEXT_DISALLOW": "The command could not be performed on the context.",
    "ALREADY_PLAYING": "The track should not be restarted if the same track and context is "
    "already playing, and there is a resume point.",
    "RATE_LIMITED": "The user is rate limited due to too frequent track play, "
    "also known as cat-on-the-keyboard spamming.",
    "REMOTE_CONTROL_DISALLOW": "The context cannot be remote-controlled.",
    "DEVICE_NOT_CONTROLLABLE": "Not possible to remote control the device.",
    "VOLUME_CONTROL_DISALLOW": "Not possible to remote control the device's volume.",
    "NO_ACTIVE_DEVICE": "Requires an active device and the user has none.",
    "PREMIUM_REQUIRED": "The request is prohibited for non-premium users.",
    "UNKNOWN": "Certain actions are restricted because of unknown reasons.",
}


class SpotipyError(Exception):
    """Base class of every error raised by spotipy."""


class ConversionError(SpotipyError, ValueError):
    """An invalid Spotify ID, URI, URL or identifier type."""


class FileError(SpotipyError, OSError):
    """A token or configuration file could not be read, understood or written.

    Raised by :class:`~spotipy.util.TokenFile` and :func:`~spotipy.util.config_to_file`
    (also an ``OSError``, so ``except OSError`` still catches it).  The message names the
    file and says why; it never shows a temporary file's name nor the file's content.

    Attributes
    ----------
    path
        The file, as the caller named it (a symlink's own path, not its target).
    """

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path

    def __str__(self) -> str:
        return str(self.args[0])


class ResponseError(SpotipyError):
    """A response whose body could not be read as the expected JSON.

    Attributes
    ----------
    response
        The offending response.
    """

    def __init__(self, message: str, response: Response) -> None:
        super().__init__(message)
        self.response = response


class TransportError(SpotipyError):
    """No HTTP response was received (connection refused, timeout, dropped).

    Attributes
    ----------
    request
        The request that failed.
    sent
        Whether the request may have reached the server before the failure.
    """

    def __init__(self, message: str, request: Request, *, sent: bool) -> None:
        super().__init__(message)
        self.request = request
        self.sent = sent


class HTTPError(SpotipyError):
    """An error status from the Web API.

    Attributes
    ----------
    request
        The request that was answered.
    response
        The answer.
    status
        HTTP status code.
    message
        Spotify's error message, or the reason phrase.
    reason
        Spotify's player error reason code (``NO_ACTIVE_DEVICE`` ...), if any.
    required_scope
        Scopes the operation needs (set for 401 and 403 answers of Web API endpoints).
    missing_scope
        Those of :attr:`required_scope` the token was not granted, when the token says
        which scopes it holds; ``None`` when that is not known.
    sent
        Whether the request was sent: ``False`` for an answer the client gave itself
        before sending (a scope the token is known to lack; extended quota).
    """

    required_scope: tuple[str, ...] = ()
    missing_scope: tuple[str, ...] | None = None
    sent: bool = True

    def __init__(
        self,
        text: str,
        *,
        request: Request,
        response: Response,
        message: str,
        reason: str | None = None,
    ) -> None:
        super().__init__(text)
        self.request = request
        self.response = response
        self.status: int = response.status_code
        self.message = message
        self.reason = reason


class ClientError(HTTPError):
    """A 4xx answer: the request was wrong."""


class ServerError(HTTPError):
    """A 5xx answer: Spotify failed."""


class BadRequest(ClientError):
    """400 Bad Request."""


class Unauthorised(ClientError):
    """401 Unauthorized: a missing, invalid or expired token."""


class Forbidden(ClientError):
    """403 Forbidden: the token lacks a scope, or the action is not allowed."""


class ExtendedQuotaRequired(Forbidden):
    """The operation is served only to apps with extended quota.

    Since November 2024 (and for every app since February 2026) Spotify answers 403 to
    development-mode apps for the operations its spec marks deprecated.  Raised for such a
    403, and before anything is sent by a client created with ``quota="development"``; then
    :attr:`sent` is ``False`` and :attr:`response` is a stand-in 403 built by the client.

    Attributes
    ----------
    operation
        Spotify's ``operationId``.
    replacement
        The method to use instead, if Spotify offers one.
    sent
        Whether the request was sent (and Spotify refused it).
    """

    def __init__(
        self,
        text: str,
        *,
        operation: str,
        replacement: str | None,
        sent: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(text, **kwargs)
        self.operation = operation
        self.replacement = replacement
        self.sent = sent


class PremiumRequired(Forbidden):
    """403 "Active premium subscription required for the owner of the app".

    A development-mode app works only while its owner has Spotify Premium; every call
    fails until the subscription is renewed.
    """


class NotFound(ClientError):
    """404 Not Found."""


class TooManyRequests(ClientError):
    """429 Too Many Requests.

    Attributes
    ----------
    retry_after
        Seconds the server asked to wait (``Retry-After``), or ``None`` if it did not say.
    """

    def __init__(self, text: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self.retry_after = retry_after


class QuotaExceeded(TooManyRequests):
    """429 with ``"reason": "QUOTA_EXCEEDED"``: the app's quota is spent, not its rate.

    Since July 2026 Spotify counts a development-mode quota per developer account (all
    the client IDs of one developer share it) apart from the rolling 30-second rate
    limit.  Its ``Retry-After`` can be hours, so nothing in spotipy waits it out or
    retries it: retrying senders, bulk paging and chunked writes raise it at once.

    Attributes
    ----------
    retry_after
        Seconds Spotify asked to wait, or ``None`` if it did not say.
    """


class InternalServerError(ServerError):
    """500 Internal Server Error."""


class BadGateway(ServerError):
    """502 Bad Gateway."""


class ServiceUnavailable(ServerError):
    """503 Service Unavailable."""


class PartialWriteError(SpotipyError):
    """A write split into chunks failed after some chunks had been applied.

    Nothing is retried or applied twice: :attr:`applied` took effect, :attr:`pending`
    did not (it includes the chunk that failed, which Spotify may or may not have
    applied when the failure was a lost connection: see :attr:`error`).

    Attributes
    ----------
    applied
        Items of the chunks Spotify confirmed, in order.
    pending
        Items not confirmed, in order.
    error
        The error of the chunk that failed (also the ``__cause__``).
    result
        What the last confirmed chunk returned (a playlist's snapshot ID), if anything.
    """

    def __init__(
        self,
        text: str,
        *,
        applied: list[Any],
        pending: list[Any],
        error: SpotipyError,
        result: object = None,
    ) -> None:
        super().__init__(text)
        self.applied = applied
        self.pending = pending
        self.error = error
        self.result = result


class OAuthError(SpotipyError):
    """The accounts service refused a token request.

    Attributes
    ----------
    status
        HTTP status of the answer, ``None`` for an error in a redirect.
    error
        OAuth ``error`` code (``invalid_client``, ``invalid_grant``,
        ``access_denied`` ...).
    description
        OAuth ``error_description``, if any.
    response
        The answer, ``None`` for an error in a redirect.
    """

    def __init__(
        self,
        text: str,
        *,
        status: int | None,
        error: str,
        description: str | None,
        response: Response | None,
    ) -> None:
        super().__init__(text)
        self.status = status
        self.error = error
        self.description = description
        self.response = response


class StateMismatch(OAuthError):
    """The ``state`` of an authorisation redirect is not the one that was sent.

    The redirect may be forged (cross-site request forgery): its code is not used.
    """


class RefreshTokenInvalid(OAuthError):
    """The refresh token was refused (``invalid_grant``): expired or revoked.

    Spotify's refresh tokens expire six months after authorisation.  Retrying cannot
    help: the user has to authorise the application again.
    """


class AppOwnerPremiumRequired(OAuthError):
    """The accounts service refused a token: the app owner's Premium has lapsed.

    Spotify answers ``internal_error`` with "Active premium subscription required for
    the owner of the app" (since July 2026) until the owner renews, which can take a few
    hours to be seen.  The user's refresh token is not at fault and is kept: it works
    again once the owner's subscription is active.  Never retried.
    """


#: How Spotify's 403 begins when the app owner's Premium has lapsed.
PREMIUM_LAPSED: Final = "Active premium subscription required for the owner of the app"

#: The ``reason`` of a 429 for a spent quota rather than the rolling rate limit.
QUOTA_EXCEEDED: Final = "QUOTA_EXCEEDED"

_BY_STATUS: Final[dict[int, type[HTTPError]]] = {
    400: BadRequest,
    401: Unauthorised,
    403: Forbidden,
    404: NotFound,
    429: TooManyRequests,
    500: InternalServerError,
    502: BadGateway,
    503: ServiceUnavailable,
}


class _ErrorBody(msgspec.Struct):
    message: str | None = None
    reason: str | None = None


class _ErrorEnvelope(msgspec.Struct):
    error: _ErrorBody | str | None = None
    error_description: str | None = None


_envelope_decoder: Final = msgspec.json.Decoder(_ErrorEnvelope)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Read a ``Retry-After`` value given in seconds or as an HTTP date (RFC 9110).

    Seconds are ASCII digits only: ``float()`` would also take ``1_0``, ``1e3``,
    ``inf`` or ``nan``, which are not Retry-After values.  Returns seconds to wait
    (never negative), or ``None`` when absent or unreadable.
    """
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        # An absurd number of digits is still a (very long) wait, never an overflow.
        return float(value) if len(value) < 16 else float("1e15")
    if value[:1].isdigit():
        return None  # "1_0", "1.5", "10 s": not an HTTP date either
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        # "-0000" means UTC with unknown origin (RFC 5322); never the local zone.
        when = when.replace(tzinfo=datetime.UTC)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _spotify_message(response: Response) -> tuple[str, str | None]:
    try:
        envelope = _envelope_decoder.decode(response.content)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return response.reason_phrase, None
    error = envelope.error
    if isinstance(error, _ErrorBody):
        return error.message or response.reason_phrase, error.reason
    if isinstance(error, str):
        return envelope.error_description or error, None
    return response.reason_phrase, None


def is_quota_exceeded(response: Response) -> bool:
    """Tell whether ``response`` is a 429 for a spent quota (``QUOTA_EXCEEDED``)."""
    if response.status_code != 429:
        return False
    return _spotify_message(response)[1] == QUOTA_EXCEEDED


def error_for_response(response: Response) -> HTTPError:
    """Build the error that an error status of the Web API stands for."""
    request = response.request
    status = response.status_code
    message, reason = _spotify_message(response)
    text = f"{status} {response.reason_phrase} from {request.method} {request.path}: {message}"
    if reason is not None:
        explanation = PLAYER_ERROR_REASONS.get(reason)
        text += f"\n{reason}: {explanation}" if explanation else f"\nreason: {reason}"
    cls = _BY_STATUS.get(status)
    if status == 403 and message.startswith(PREMIUM_LAPSED):
        cls = PremiumRequired
        text += (
            "\nThe app's owner needs an active Spotify Premium subscription: development-mode"
            " apps stop working when it lapses."
        )
    if cls is None:
        cls = ServerError if status >= 500 else ClientError
    common: dict[str, Any] = {
        "request": request,
        "response": response,
        "message": message,
        "reason": reason,
    }
    if cls is TooManyRequests:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if retry_after is not None:
            text += f" (Retry-After: {retry_after:g} s)"
        if reason == QUOTA_EXCEEDED:
            text += (
                "\nThe quota of the app's developer account is spent (not the rate limit):"
                " not retried."
            )
            return QuotaExceeded(text, retry_after=retry_after, **common)
        return TooManyRequests(text, retry_after=retry_after, **common)
    return cls(text, **common)
