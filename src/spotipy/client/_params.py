"""Parameter declarations read once by :class:`~spotipy.client.Endpoint`.

An endpoint states what each argument is with an :data:`~typing.Annotated` alias::

    @endpoint(operation="get-an-albums-tracks", max_limit=50)
    def album_tracks(
        self, album_id: AlbumId, *, market: Market = None, limit: Limit = 20, offset: Offset = 0
    ) -> Flow[SimpleTrackPaging]: ...

The descriptor finds the :class:`Check` in each annotation when the endpoint is first
called, and runs the checks on the arguments given inside the flow, before its first
request: a bad argument raises before anything is sent, and in async mode it raises when
the call is awaited.  The flow receives the checked values: bare IDs for ``AlbumId``, a
list of bare IDs for ``AlbumIds``, a list of URIs for ``PlayableUris``, an upper-case
country code for ``Market``.

Limits come from the endpoint's facts (``max_limit``, ``max_offset``, ``max_ids``), so
each number is written once, in ``@endpoint``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeAlias

from spotipy import convert
from spotipy.errors import ConversionError

if TYPE_CHECKING:
    from spotipy.client._endpoint import Endpoint

__all__ = [
    "LIMIT",
    "MARKET",
    "OFFSET",
    "AlbumId",
    "AlbumIds",
    "ArtistId",
    "ArtistIds",
    "AudiobookId",
    "AudiobookIds",
    "ChapterId",
    "ChapterIds",
    "Check",
    "EpisodeId",
    "EpisodeIds",
    "Flag",
    "Id",
    "IdList",
    "Ids",
    "Int",
    "Limit",
    "Market",
    "Offset",
    "OneOf",
    "PlayableUris",
    "PlaylistId",
    "ShowId",
    "ShowIds",
    "SomeOf",
    "Text",
    "Timestamp",
    "TrackId",
    "TrackIds",
    "Uris",
    "UserId",
    "UserIds",
]


class Check:
    """A declared check of one argument; the value it returns is what the flow gets.

    Attributes
    ----------
    listed
        The argument is a list of IDs or URIs that the endpoint splits into requests of
        at most ``max_ids`` (at most one such argument per endpoint).
    """

    listed: bool = False

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> Any:
        """Check ``value`` of argument ``name``; return the value to send."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return type(self).__name__


def _integer(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


def _strings(value: object, name: str) -> list[str]:
    # One string is one value: "single" must not become ["s", "i", ...].
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a str or an iterable of str, not {type(value).__name__}")
    values = list(value)
    if not values:
        raise ValueError(f"{name} must not be empty")
    return values


class Id(Check):
    """One ID, URI or URL of ``kind``; the flow gets the bare ID."""

    def __init__(self, kind: str) -> None:
        convert.check_type(kind)
        self.kind = kind

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> str:
        return convert.id_from(value, self.kind)

    def __repr__(self) -> str:
        return f"Id({self.kind!r})"


class Ids(Check):
    """IDs, URIs or URLs of ``kind`` (one string is one ID); the flow gets bare IDs."""

    listed = True

    def __init__(self, kind: str) -> None:
        convert.check_type(kind)
        self.kind = kind

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> list[str]:
        kind = self.kind
        return [convert.id_from(v, kind) for v in _strings(value, name)]

    def __repr__(self) -> str:
        return f"Ids({self.kind!r})"


class Uris(Check):
    """URIs (or URLs) of the given kinds; a bare ID is taken as one of ``kinds[0]``.

    The flow gets ``spotify:<kind>:<id>`` URIs.
    """

    listed = True

    def __init__(self, *kinds: str) -> None:
        for kind in kinds:
            convert.check_type(kind)
        self.kinds = kinds

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> list[str]:
        return [self.one(v) for v in _strings(value, name)]

    def one(self, value: object) -> str:
        """Turn one ID, URI or URL into a URI of an accepted kind."""
        if not isinstance(value, str):
            raise ConversionError(f"expected a URI, URL or ID, got {type(value).__name__}")
        if convert.is_id(value):
            return convert.to_uri(self.kinds[0], value)
        if value.startswith("spotify:"):
            kind, id_ = convert.from_uri(value)
        else:
            kind, id_ = convert.from_url(value)
        if kind.value not in self.kinds:
            raise ConversionError(
                f"expected a URI of {' or '.join(self.kinds)}, got a {kind.value}: {value[:80]!r}"
            )
        return convert.to_uri(kind, id_)

    def __repr__(self) -> str:
        return f"Uris{self.kinds!r}"


class LimitCheck(Check):
    """A page size, 1 to the endpoint's ``max_limit``."""

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> int:
        limit = _integer(value, name)
        maximum = facts.max_limit or 50
        if not 1 <= limit <= maximum:
            raise ValueError(f"{name} must be between 1 and {maximum}, got {limit}")
        return limit


class OffsetCheck(Check):
    """An index of the first item, 0 to the endpoint's ``max_offset`` if it has one."""

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> int:
        offset = _integer(value, name)
        maximum = facts.max_offset
        if offset < 0 or (maximum is not None and offset > maximum):
            upper = "" if maximum is None else f" and at most {maximum}"
            raise ValueError(f"{name} must be at least 0{upper}, got {offset}")
        return offset


class MarketCheck(Check):
    """An ISO 3166-1 alpha-2 country code (sent upper-case) or ``"from_token"``."""

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> str | None:
        if value is None or value == "from_token":
            return value  # type: ignore[no-any-return]
        if not (isinstance(value, str) and len(value) == 2 and value.isascii() and value.isalpha()):
            raise ValueError(
                f"{name} must be an ISO 3166-1 alpha-2 country code or 'from_token', got {value!r}"
            )
        return value.upper()


class Int(Check):
    """An integer from ``low`` to ``high`` (``None``: unbounded)."""

    def __init__(self, low: int | None = None, high: int | None = None) -> None:
        self.low = low
        self.high = high

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> int | None:
        if value is None:
            return None
        number = _integer(value, name)
        if (self.low is not None and number < self.low) or (
            self.high is not None and number > self.high
        ):
            low = "-inf" if self.low is None else self.low
            high = "inf" if self.high is None else self.high
            raise ValueError(f"{name} must be between {low} and {high}, got {number}")
        return number


class Flag(Check):
    """A boolean, refusing other values (``"false"`` is truthy)."""

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        raise TypeError(f"{name} must be True or False, not {type(value).__name__}")


class OneOf(Check):
    """One of ``values`` (strings or members of a ``StrEnum``)."""

    def __init__(self, *values: str) -> None:
        self.values = values

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> str | None:
        if value is None:
            return None
        text = str(value)
        if text not in self.values:
            raise ValueError(f"{name} must be one of {list(self.values)}, got {value!r}")
        return text


class SomeOf(Check):
    """Some of ``values``: one string is one value; the flow gets them comma-joined."""

    def __init__(self, *values: str) -> None:
        self.values = values

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> str | None:
        if value is None:
            return None
        wanted = [str(v) for v in _strings(value, name)]
        unknown = sorted(set(wanted) - set(self.values))
        if unknown:
            raise ValueError(f"unknown {name} {unknown}; expected some of {list(self.values)}")
        return ",".join(wanted)


class Text(Check):
    """A non-empty string (of at most ``max_length`` characters)."""

    def __init__(self, max_length: int | None = None) -> None:
        self.max_length = max_length

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
        if not value.strip():
            raise ValueError(f"{name} must not be empty")
        if self.max_length is not None and len(value) > self.max_length:
            raise ValueError(f"{name} must be at most {self.max_length} characters")
        return value


class Timestamp(Check):
    """Unix milliseconds, a non-negative finite integer."""

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> int | None:
        if value is None:
            return None
        number = _integer(value, name)
        if number < 0:
            raise ValueError(f"{name} must be a non-negative Unix time in ms, got {number}")
        return number


LIMIT: Final = LimitCheck()
OFFSET: Final = OffsetCheck()
MARKET: Final = MarketCheck()

# Aliases the endpoint signatures use: the type users see, and the check the descriptor runs.
Limit: TypeAlias = Annotated[int, LIMIT]
Offset: TypeAlias = Annotated[int, OFFSET]
Market: TypeAlias = Annotated[str | None, MARKET]
IdList: TypeAlias = str | Sequence[str]

AlbumId: TypeAlias = Annotated[str, Id("album")]
ArtistId: TypeAlias = Annotated[str, Id("artist")]
AudiobookId: TypeAlias = Annotated[str, Id("audiobook")]
ChapterId: TypeAlias = Annotated[str, Id("chapter")]
EpisodeId: TypeAlias = Annotated[str, Id("episode")]
PlaylistId: TypeAlias = Annotated[str, Id("playlist")]
ShowId: TypeAlias = Annotated[str, Id("show")]
TrackId: TypeAlias = Annotated[str, Id("track")]
UserId: TypeAlias = Annotated[str, Id("user")]

AlbumIds: TypeAlias = Annotated[IdList, Ids("album")]
ArtistIds: TypeAlias = Annotated[IdList, Ids("artist")]
AudiobookIds: TypeAlias = Annotated[IdList, Ids("audiobook")]
ChapterIds: TypeAlias = Annotated[IdList, Ids("chapter")]
EpisodeIds: TypeAlias = Annotated[IdList, Ids("episode")]
ShowIds: TypeAlias = Annotated[IdList, Ids("show")]
TrackIds: TypeAlias = Annotated[IdList, Ids("track")]
UserIds: TypeAlias = Annotated[IdList, Ids("user")]
#: Tracks and episodes: what playlists, the queue and playback take.
PlayableUris: TypeAlias = Annotated[IdList, Uris("track", "episode")]
