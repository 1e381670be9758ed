"""Declarations of a route's query parameters, parsed once before its handler runs.

A route lists what it reads from the query::

    @web_api.get("/albums/{id}/tracks", query=(market(), paging(default=20, maximum=50)))
    def get_album_tracks(ctx: Context) -> bytes:
        limit, offset = ctx.args["limit"], ctx.args["offset"]

and the dispatcher parses the declarations into :attr:`Context.args` (absent optional
parameters get their default), answering Spotify's 400 for a malformed value before the
handler sees it.  Every declaration is built once, at import: parsing a request costs a few
dictionary look-ups and string checks, no regular expression is compiled per request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, Protocol

from spotipy.emulator._catalogue import is_base62_id
from spotipy.emulator._routing import ApiError

__all__ = [
    "Param",
    "boolean",
    "enum",
    "ids",
    "integer",
    "market",
    "paging",
    "text",
    "uris",
]

_MARKET: Final = re.compile(r"[A-Z]{2}")
#: ``spotify:<type>:<base62 id>``, or ``spotify:user:<user id>``.
_URI: Final = re.compile(
    r"spotify:(?:(?:album|artist|track|episode|show|audiobook|chapter|playlist):[0-9A-Za-z]{22}"
    r"|user:[^:,\s]+)"
)
#: Longest integer accepted: more digits is a 400, never a huge number.
_MAX_DIGITS: Final = 9

IdKind = Literal["base62", "user"]
"""What ``ids`` holds: Spotify (base62) IDs, or user IDs (any non-empty text)."""


class Param(Protocol):
    """One declaration: reads its parameter(s) from the query into ``args``."""

    def parse(self, query: Mapping[str, str], args: dict[str, Any]) -> None:
        """Store the parsed value(s) in ``args``.

        Raises
        ------
        ApiError
            400 for a malformed or missing value.
        """


def _missing(name: str) -> ApiError:
    return ApiError(400, f"Missing parameter {name}")


def _invalid(name: str) -> ApiError:
    return ApiError(400, f"Invalid {name}")


def _digits(raw: str, name: str) -> int:
    # isdigit() alone accepts "²" and other Unicode digits; int() would not.
    if not raw.isascii() or not raw.isdigit() or len(raw) > _MAX_DIGITS:
        raise _invalid(name)
    return int(raw)


def _split(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",")]


@dataclass(frozen=True, slots=True)
class _Market:
    def parse(self, query: Mapping[str, str], args: dict[str, Any]) -> None:
        raw = query.get("market")
        if raw is not None and raw != "from_token" and _MARKET.fullmatch(raw) is None:
            raise ApiError(400, "Invalid market code")
        args["market"] = raw


def market() -> Param:
    """Declare ``market``: two upper-case letters or ``from_token``; ``None`` when absent.

    A malformed one answers 400 "Invalid market code".
    """
    return _MARKET_PARAM


_MARKET_PARAM: Final = _Market()


@dataclass(frozen=True, slots=True)
class _Paging:
    default: int
    maximum: int
    max_offset: int | None

    def parse(self, query: Mapping[str, str], args: dict[str, Any]) -> None:
        raw = query.get("limit")
        limit = self.default if raw is None else _digits(raw, "limit")
        if not 1 <= limit <= self.maximum:
            raise _invalid("limit")
        raw = query.get("offset")
        offset = 0 if raw is None else _digits(raw, "offset")
        if self.max_offset is not None and offset > self.max_offset:
            raise _invalid("offset")
        args["limit"] = limit
        args["offset"] = offset


def paging(default: int = 20, maximum: int = 50, max_offset: int | None = None) -> Param:
    """Declare ``limit`` (1..maximum, ``default`` when absent) and ``offset`` (0..max_offset).

    Both are plain decimal digits; anything else answers 400 "Invalid limit" or
    "Invalid offset".
    """
    return _Paging(default, maximum, max_offset)


@dataclass(frozen=True, slots=True)
class _List:
    """A comma-separated list of IDs (``base62`` or ``user``) or of URIs (``uri``)."""

    name: str
    maximum: int
    kind: Literal["base62", "user", "uri"]
    required: bool

    def parse(self, query: Mapping[str, str], args: dict[str, Any]) -> None:
        raw = query.get(self.name)
        if raw is None:
            if self.required:
                raise _missing(self.name)
            args[self.name] = None
            return
        values = _split(raw)
        if len(values) > self.maximum:
            raise ApiError(400, "Too many ids requested")
        if self.kind == "base62":
            if not all(is_base62_id(v) for v in values):
                raise ApiError(400, "Invalid base62 id")
        elif self.kind == "uri":
            if not all(_URI.fullmatch(v) for v in values):
                raise _invalid(self.name)
        elif not all(values):
            raise _invalid(self.name)
        args[self.name] = values


def ids(
    maximum: int, kind: IdKind = "base62", *, name: str = "ids", required: bool = True
) -> Param:
    """Declare a comma-separated list of 1..``maximum`` IDs, parsed into a ``list[str]``.

    More answers 400 "Too many ids requested"; a malformed Spotify ID 400 "Invalid base62
    id".  An absent optional list is ``None``.
    """
    return _List(name, maximum, kind, required)


def uris(maximum: int, *, name: str = "uris", required: bool = True) -> Param:
    """Declare a comma-separated list of 1..``maximum`` Spotify URIs (``list[str]``).

    More answers 400 "Too many ids requested", a malformed URI 400 "Invalid <name>".
    """
    return _List(name, maximum, "uri", required)


@dataclass(frozen=True, slots=True)
class _Enum:
    name: str
    values: frozenset[str]
    multi: bool
    required: bool
    default: Any

    def parse(self, query: Mapping[str, str], args: dict[str, Any]) -> None:
        raw = query.get(self.name)
        if raw is None:
            if self.required:
                raise _missing(self.name)
            args[self.name] = self.default
            return
        if not self.multi:
            if raw not in self.values:
                raise _invalid(self.name)
            args[self.name] = raw
            return
        chosen = [v for v in _split(raw) if v]
        if not chosen or not self.values.issuperset(chosen):
            raise _invalid(self.name)
        args[self.name] = frozenset(chosen)


def enum(
    name: str,
    values: Iterable[str],
    *,
    multi: bool = False,
    required: bool = False,
    default: Any = None,
) -> Param:
    """Declare one of ``values`` (a ``str``), or with ``multi`` a comma-separated set of
    them (a ``frozenset[str]``); anything else answers 400 "Invalid <name>"."""
    return _Enum(name, frozenset(values), multi, required, default)


@dataclass(frozen=True, slots=True)
class _Integer:
    name: str
    low: int
    high: int | None
    required: bool
    default: int | None

    def parse(self, query: Mapping[str, str], args: dict[str, Any]) -> None:
        raw = query.get(self.name)
        if raw is None:
            if self.required:
                raise _missing(self.name)
            args[self.name] = self.default
            return
        negative = raw.startswith("-")
        value = _digits(raw[1:] if negative else raw, self.name)
        value = -value if negative else value
        if value < self.low or (self.high is not None and value > self.high):
            raise _invalid(self.name)
        args[self.name] = value


def integer(
    name: str,
    low: int = 0,
    high: int | None = None,
    *,
    required: bool = False,
    default: int | None = None,
) -> Param:
    """Declare a decimal integer in ``low..high``; else 400 "Invalid <name>"."""
    return _Integer(name, low, high, required, default)


@dataclass(frozen=True, slots=True)
class _Boolean:
    name: str
    required: bool
    default: bool | None

    def parse(self, query: Mapping[str, str], args: dict[str, Any]) -> None:
        raw = query.get(self.name)
        if raw is None:
            if self.required:
                raise _missing(self.name)
            args[self.name] = self.default
        elif raw == "true":
            args[self.name] = True
        elif raw == "false":
            args[self.name] = False
        else:
            raise _invalid(self.name)


def boolean(name: str, *, required: bool = False, default: bool | None = None) -> Param:
    """Declare ``true`` or ``false`` (a ``bool``); else 400 "Invalid <name>"."""
    return _Boolean(name, required, default)


@dataclass(frozen=True, slots=True)
class _Text:
    name: str
    required: bool
    default: str | None

    def parse(self, query: Mapping[str, str], args: dict[str, Any]) -> None:
        raw = query.get(self.name)
        if raw is None or (self.required and not raw):
            if self.required:
                raise _missing(self.name)
            args[self.name] = self.default
            return
        args[self.name] = raw


def text(name: str, *, required: bool = False, default: str | None = None) -> Param:
    """Declare free text (a ``str``); a required one that is absent or empty answers 400
    "Missing parameter <name>"."""
    return _Text(name, required, default)
