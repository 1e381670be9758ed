"""Convert between Spotify IDs, URIs and URLs.

A Spotify object has three textual forms::

    ID    6rqhFgbbKwnb9MLmUQDhG6
    URI   spotify:track:6rqhFgbbKwnb9MLmUQDhG6
    URL   https://open.spotify.com/track/6rqhFgbbKwnb9MLmUQDhG6

Catalogue IDs (albums, artists, tracks, playlists ...) are exactly 22 base62 characters.
User IDs are usernames: ``spotify``, ``smedjan``, a Facebook number or a random string.
They are checked by a looser rule (see :func:`check_id`).

Every failure raises :class:`~spotipy.errors.ConversionError` (also a ``ValueError``)
whose message names the offending value, shortened to about 80 characters, and says
what was expected.

The checks run on every API call, so the common case (a valid bare ID) is a handful of
string-method calls, well under a microsecond.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final
from urllib.parse import unquote

from spotipy.errors import ConversionError

__all__ = [
    "ID_ALPHABET",
    "ID_LENGTH",
    "IdentifierType",
    "check_id",
    "check_type",
    "from_uri",
    "from_url",
    "id_from",
    "is_id",
    "to_uri",
    "to_url",
    "uri_from",
]

#: The characters of a catalogue ID (base62).
ID_ALPHABET: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#: The length of every catalogue ID.
ID_LENGTH: Final = 22


class IdentifierType(StrEnum):
    """Enumerate the kinds of object that Spotify IDs, URIs and URLs name.

    Each member is a ``str`` equal to its value (``IdentifierType.track == "track"``).
    """

    album = "album"
    artist = "artist"
    audiobook = "audiobook"
    chapter = "chapter"
    episode = "episode"
    playlist = "playlist"
    show = "show"
    track = "track"
    user = "user"


_TYPES: Final[dict[str, IdentifierType]] = {member.value: member for member in IdentifierType}
_TYPE_NAMES: Final = ", ".join(_TYPES)
_URI_PREFIX: Final[dict[IdentifierType, str]] = {t: f"spotify:{t.value}:" for t in IdentifierType}
_URL_PREFIX: Final[dict[IdentifierType, str]] = {
    t: f"https://open.spotify.com/{t.value}/" for t in IdentifierType
}
_USER: Final = IdentifierType.user
_PLAYLIST: Final = IdentifierType.playlist

# A user ID goes into URL paths, into comma-separated ``ids=`` lists and between the
# colons of a URI, so the characters that would change the structure of any of those are
# refused; a ``%`` must start a percent-escape (Spotify writes ``spotify_espa%C3%B1a``).
_USER_ID: Final = re.compile(r"(?:[^\s/\\?#:,%]|%[0-9A-Fa-f]{2})+")
# The locale prefix of shared links: ``/intl-de/``, ``/intl-pt/``, ``/intl-zh-tw/``.
_INTL: Final = re.compile(r"intl-[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,4})?")
_BASE62: Final = frozenset(ID_ALPHABET)
#: What a percent-escape in a user ID may not stand for: it would change the URL's structure.
_UNSAFE_DECODED: Final = frozenset("/\\?#:,%\x00\r\n\t ")
#: Spotify user names are short; a longer "ID" is hostile input (it would make a huge URL).
_MAX_USER_ID: Final = 128
_SHOWN: Final = 80
_URI_SHAPE: Final = "'spotify:<type>:<id>'"
_URL_SHAPE: Final = "'https://open.spotify.com/<type>/<id>'"


def _show(value: object) -> str:
    """Return ``repr(value)`` shortened to at most about 80 characters."""
    text = repr(value)
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 3] + "..."
    return text


def _type(type_: object) -> IdentifierType:
    """Return the member for a type name, or raise ConversionError."""
    try:
        return _TYPES[type_]  # type: ignore[index]
    except (KeyError, TypeError):
        raise ConversionError(
            f"Invalid identifier type {_show(type_)}: expected one of {_TYPE_NAMES}"
        ) from None


def _is_catalogue_id(value: object) -> bool:
    return (
        isinstance(value, str) and len(value) == ID_LENGTH and value.isascii() and value.isalnum()
    )


def _is_user_id(value: object) -> bool:
    if not (
        isinstance(value, str)
        and _USER_ID.fullmatch(value) is not None
        and value.isprintable()
        and len(value) <= _MAX_USER_ID
    ):
        return False
    # A decoding proxy reads "%2e%2e" as ".." and "%2F" as "/": judge the decoded text too.
    decoded = unquote(value) if "%" in value else value
    return decoded not in (".", "..") and not _UNSAFE_DECODED.intersection(decoded)


def _id_problem(id_: object, type_: IdentifierType | None) -> str:
    """Explain why ``id_`` is not a valid ID of ``type_`` (called only on failure)."""
    if not isinstance(id_, str):
        return f"expected a str, got {type(id_).__name__}"
    if not id_:
        return "the ID is empty"
    if type_ is _USER:
        return (
            "expected a username without whitespace, control characters or any of "
            "'/ \\ ? # : ,', with '%' only in percent-escapes that stand for none of those,"
            " at most 128 characters, and not '.' or '..'"
        )
    expected = f"expected {ID_LENGTH} base62 characters (0-9, A-Z, a-z)"
    bad = next((char for char in id_ if char not in _BASE62), None)
    if bad is not None:
        hint = ""
        if ":" in id_ or "/" in id_:
            hint = " (this looks like a URI or URL: use id_from to extract the ID)"
        return f"{expected}, found {bad!r}{hint}"
    return f"{expected}, got {len(id_)}"


def _type_label(type_: IdentifierType | None) -> str:
    return "Spotify" if type_ is None else type_.value


def check_type(type_: str) -> None:
    """Check that a value names an identifier type.

    Parameters
    ----------
    type_
        A type name such as ``"track"``, or an :class:`IdentifierType` member.

    Raises
    ------
    ConversionError
        If ``type_`` is not one of the :class:`IdentifierType` values (case-sensitive).
    """
    _type(type_)


def check_id(id_: str, type_: str | None = None) -> None:
    """Check that a value is a valid bare ID.

    Parameters
    ----------
    id_
        The ID to check.
    type_
        The kind of object the ID names.  For ``None`` or any catalogue type, the ID must
        be exactly 22 base62 characters.  For ``"user"`` it must be a non-empty username
        that is safe inside a URL path, a URI and a comma-separated list: no whitespace,
        control characters, ``/``, ``\\``, ``?``, ``#``, ``:`` or ``,``; ``%`` only as
        part of a percent-escape such as ``%C3%B1``; and neither ``.`` nor ``..``.

    Raises
    ------
    ConversionError
        If the ID is invalid, or ``type_`` is not an identifier type.
    """
    if type_ is None:
        if _is_catalogue_id(id_):
            return
        checked = None
    else:
        checked = _type(type_)
        if _is_user_id(id_) if checked is _USER else _is_catalogue_id(id_):
            return
    problem = _id_problem(id_, checked)
    raise ConversionError(f"Invalid {_type_label(checked)} ID {_show(id_)}: {problem}")


def is_id(value: object, type_: str | None = None) -> bool:
    """Tell whether a value is a valid bare ID, without raising.

    Parameters
    ----------
    value
        The candidate ID.
    type_
        As for :func:`check_id`; an unknown type gives ``False``.

    Returns
    -------
    bool
        Whether :func:`check_id` would accept ``value``.
    """
    if type_ is None:
        return _is_catalogue_id(value)
    try:
        checked = _TYPES[type_]
    except (KeyError, TypeError):
        return False
    return _is_user_id(value) if checked is _USER else _is_catalogue_id(value)


def to_uri(type_: str, id_: str) -> str:
    """Build a URI from a type and an ID.

    Parameters
    ----------
    type_
        The identifier type, e.g. ``"track"``.
    id_
        The bare ID.

    Returns
    -------
    str
        ``spotify:<type>:<id>``, e.g. ``spotify:track:6rqhFgbbKwnb9MLmUQDhG6``.

    Raises
    ------
    ConversionError
        If the type or the ID is invalid.
    """
    checked = _type(type_)
    check_id(id_, checked)
    return _URI_PREFIX[checked] + id_


def to_url(type_: str, id_: str) -> str:
    """Build an ``open.spotify.com`` URL from a type and an ID.

    Parameters
    ----------
    type_
        The identifier type, e.g. ``"track"``.
    id_
        The bare ID.

    Returns
    -------
    str
        ``https://open.spotify.com/<type>/<id>``.

    Raises
    ------
    ConversionError
        If the type or the ID is invalid.
    """
    checked = _type(type_)
    check_id(id_, checked)
    return _URL_PREFIX[checked] + id_


def _parts(
    type_text: str, id_: str, value: str, kind: str, shape: str
) -> tuple[IdentifierType, str]:
    """Check the type and ID found inside a URI or URL."""
    checked = _TYPES.get(type_text)
    if checked is None:
        raise ConversionError(
            f"Invalid Spotify {kind} {_show(value)}: unknown type {_show(type_text)}, "
            f"expected one of {_TYPE_NAMES}"
        )
    if _is_user_id(id_) if checked is _USER else _is_catalogue_id(id_):
        return checked, id_
    problem = _id_problem(id_, checked)
    raise ConversionError(
        f"Invalid Spotify {kind} {_show(value)}: bad {checked.value} ID, {problem}; "
        f"expected {shape}"
    )


def from_uri(uri: str) -> tuple[IdentifierType, str]:
    """Split a Spotify URI into its type and ID.

    Besides ``spotify:<type>:<id>``, the legacy playlist form
    ``spotify:user:<user>:playlist:<id>`` is accepted and read as the playlist.

    Parameters
    ----------
    uri
        The URI, e.g. ``spotify:track:6rqhFgbbKwnb9MLmUQDhG6``.

    Returns
    -------
    tuple[IdentifierType, str]
        The type (a ``str`` enum member) and the bare ID.

    Raises
    ------
    ConversionError
        If the value is not a Spotify URI with a known type and a valid ID.
    """
    if not isinstance(uri, str):
        raise ConversionError(
            f"Invalid Spotify URI {_show(uri)}: expected a str, got {type(uri).__name__}"
        )
    parts = uri.split(":")
    if parts[0] == "spotify":
        if len(parts) == 3:
            return _parts(parts[1], parts[2], uri, "URI", _URI_SHAPE)
        if len(parts) == 5 and parts[1] == "user" and parts[3] == "playlist":
            return _parts("playlist", parts[4], uri, "URI", _URI_SHAPE)
        if len(parts) > 1 and parts[1] == "local":
            raise ConversionError(
                f"Invalid Spotify URI {_show(uri)}: local files have no Spotify ID"
            )
    raise ConversionError(f"Invalid Spotify URI {_show(uri)}: expected {_URI_SHAPE}")


def from_url(url: str) -> tuple[IdentifierType, str]:
    """Split an ``open.spotify.com`` URL into its type and ID.

    Accepted: ``https://``, ``http://`` or no scheme; a query string (``?si=...``) and a
    fragment, both ignored; a trailing slash; the locale prefix (``/intl-de/``); the embed
    prefix (``/embed/``); and the legacy ``/user/<user>/playlist/<id>`` form, read as the
    playlist.  Surrounding whitespace is stripped.

    Parameters
    ----------
    url
        The URL, e.g. ``https://open.spotify.com/track/6rqhFgbbKwnb9MLmUQDhG6?si=abc``.

    Returns
    -------
    tuple[IdentifierType, str]
        The type (a ``str`` enum member) and the bare ID.

    Raises
    ------
    ConversionError
        If the value is not an ``open.spotify.com`` URL with a known type and a valid ID.
        Short links (``spotify.link``) are refused: they must be followed first.
    """
    if not isinstance(url, str):
        raise ConversionError(
            f"Invalid Spotify URL {_show(url)}: expected a str, got {type(url).__name__}"
        )
    text = url.strip()
    scheme = text[:8].lower()
    if scheme.startswith("https://"):
        rest = text[8:]
    elif scheme.startswith("http://"):
        rest = text[7:]
    else:
        rest = text
    host, _, path = rest.partition("/")
    host = host.lower()
    if host != "open.spotify.com":
        hint = ""
        if host in ("spotify.link", "spotify.app.link"):
            hint = " (short links must be followed first, see Spotify.follow_short_link)"
        raise ConversionError(f"Invalid Spotify URL {_show(url)}: expected {_URL_SHAPE}{hint}")
    segments = path.split("?", 1)[0].split("#", 1)[0].split("/")
    if len(segments) > 1 and segments[-1] == "":
        segments.pop()
    if segments and _INTL.fullmatch(segments[0]):
        del segments[0]
    if segments and segments[0] == "embed":
        del segments[0]
    if len(segments) == 2:
        return _parts(segments[0], segments[1], url, "URL", _URL_SHAPE)
    if len(segments) == 4 and segments[0] == "user" and segments[2] == "playlist":
        return _parts("playlist", segments[3], url, "URL", _URL_SHAPE)
    raise ConversionError(f"Invalid Spotify URL {_show(url)}: expected {_URL_SHAPE}")


def id_from(value: str, type_: str) -> str:
    """Return the bare ID from an ID, a URI or a URL of the given type.

    Parameters
    ----------
    value
        A bare ID, a URI (``spotify:track:...``) or a URL (``https://open.spotify.com/...``).
    type_
        The identifier type that is wanted, e.g. ``"track"``.

    Returns
    -------
    str
        The bare ID.

    Raises
    ------
    ConversionError
        If ``value`` is none of the three forms, or is a URI or URL of another type
        (an album URI where a track is wanted).
    """
    wanted = _type(type_)
    if wanted is not _USER and _is_catalogue_id(value):
        return value
    if not isinstance(value, str):
        raise ConversionError(
            f"Invalid {wanted.value} ID, URI or URL {_show(value)}: "
            f"expected a str, got {type(value).__name__}"
        )
    if value.startswith("spotify:"):
        found, id_ = from_uri(value)
        kind = "URI"
    elif "/" in value:
        found, id_ = from_url(value)
        kind = "URL"
    else:
        if wanted is _USER and _is_user_id(value):
            return value
        problem = _id_problem(value, wanted)
        raise ConversionError(f"Invalid {wanted.value} ID, URI or URL {_show(value)}: {problem}")
    if found is not wanted:
        raise ConversionError(
            f"Expected a {wanted.value} ID, URI or URL, got a {found.value} {kind}: {_show(value)}"
        )
    return id_


def uri_from(value: str, type_: str) -> str:
    """Return the URI for an ID, a URI or a URL of the given type.

    Parameters
    ----------
    value
        A bare ID, a URI (``spotify:track:...``) or a URL (``https://open.spotify.com/...``).
    type_
        The identifier type that is wanted, e.g. ``"track"``.

    Returns
    -------
    str
        ``spotify:<type>:<id>``.  A legacy ``spotify:user:<user>:playlist:<id>`` URI comes
        back in the modern form.

    Raises
    ------
    ConversionError
        As for :func:`id_from`.
    """
    wanted = _type(type_)
    prefix = _URI_PREFIX[wanted]
    if isinstance(value, str) and value.startswith(prefix):
        id_ = value[len(prefix) :]
        if _is_user_id(id_) if wanted is _USER else _is_catalogue_id(id_):
            return value
    return prefix + id_from(value, wanted)
