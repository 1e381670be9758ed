"""Look-ups and paging links shared by the route modules, with Spotify's error messages."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import msgspec
from msgspec import Raw

from spotipy.emulator._catalogue import is_base62_id
from spotipy.emulator._routing import ApiError, Context

__all__ = ["kept_query", "lookup", "several"]


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


def several(
    ctx: Context, key: str, index: Mapping[str, int], render: Callable[[int], bytes]
) -> bytes:
    """Answer a several-IDs get: ``{key: [object or null, ...]}`` in the order asked.

    ``ctx.args["ids"]`` comes from an ``ids(...)`` declaration; an ID the catalogue does
    not hold is answered with ``null`` in its place, as Spotify does.
    """
    found = (index.get(i) for i in ctx.args["ids"])
    items = [None if i is None else Raw(render(i)) for i in found]
    return msgspec.json.encode({key: items})
