"""Parameter checks shared by the route modules, with Spotify's error messages."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

from spotipy.emulator._catalogue import is_base62_id
from spotipy.emulator._routing import ApiError, Context

__all__ = ["check_market", "kept_query", "limit_offset", "lookup"]

_INTEGER: Final = re.compile(r"-?[0-9]+")
_MARKET: Final = re.compile(r"[A-Z]{2}")


def _integer(ctx: Context, name: str, default: int, low: int, high: int | None) -> int:
    raw = ctx.query.get(name)
    if raw is None:
        return default
    if _INTEGER.fullmatch(raw) is None:
        raise ApiError(400, f"Invalid {name}")
    value = int(raw)
    if value < low or (high is not None and value > high):
        raise ApiError(400, f"Invalid {name}")
    return value


def limit_offset(
    ctx: Context, *, default: int, maximum: int, max_offset: int | None = None
) -> tuple[int, int]:
    """Read ``limit`` (1..maximum) and ``offset`` (0..max_offset) from the query.

    Raises
    ------
    ApiError
        400 "Invalid limit" or "Invalid offset".
    """
    limit = _integer(ctx, "limit", default, 1, maximum)
    offset = _integer(ctx, "offset", 0, 0, max_offset)
    return limit, offset


def check_market(ctx: Context) -> None:
    """Refuse a ``market`` that is neither a country code nor ``from_token``."""
    market = ctx.query.get("market")
    if market is not None and market != "from_token" and _MARKET.fullmatch(market) is None:
        raise ApiError(400, "Invalid market code")


def lookup(index: Mapping[str, int], raw_id: str) -> int:
    """Find an object by Spotify ID.

    Raises
    ------
    ApiError
        400 "Invalid base62 id" for a malformed ID, 404 "Resource not found" for an unknown
        one.
    """
    if not is_base62_id(raw_id):
        raise ApiError(400, "Invalid base62 id")
    found = index.get(raw_id)
    if found is None:
        raise ApiError(404, "Resource not found")
    return found


def kept_query(
    ctx: Context, *, drop: Sequence[str] = (), first: Sequence[tuple[str, str]] = ()
) -> list[tuple[str, str]]:
    """Query parameters a paging link carries on: all but offset, limit and ``drop``."""
    skip = {"offset", "limit", *drop}
    return [*first, *((k, v) for k, v in ctx.query_items if k not in skip)]
