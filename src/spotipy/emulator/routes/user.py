"""Users: ``GET /me`` and ``GET /users/{user_id}``."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Final

from msgspec import Raw

from spotipy.emulator._params import enum, paging
from spotipy.emulator._routing import CATALOGUE, PRIVATE, ApiError, Context, web_api
from spotipy.emulator.routes._common import kept_query


# The spec lists user-read-private and user-read-email, but Spotify answers /me without
# them: they only add the private fields (country, product, explicit_content, email).
@web_api.get(
    "/me",
    auth="user",
    cache=PRIVATE,
    optional_scopes=("user-read-private", "user-read-email"),
)
def get_me(ctx: Context) -> bytes:
    """Answer the token's user as a PrivateUserObject."""
    # auth="user" let only tokens acting for a user through.
    assert ctx.token is not None
    assert ctx.token.user_id is not None
    return ctx.render.private_user(ctx.token.user_id, ctx.token.scopes)


@web_api.get("/users/{user_id}", cache=CATALOGUE, deprecated=True)
def get_user(ctx: Context) -> bytes:
    """Answer a PublicUserObject."""
    user_id = ctx.params["user_id"]
    if user_id not in ctx.state.catalogue.user_by_id:
        raise ApiError(404, "Resource not found")
    return ctx.render.public_user(user_id)


#: How many top artists and tracks each user has per time range.
TOP_ARTISTS: Final = 40
TOP_TRACKS: Final = 60
_TIME_RANGE: Final = enum(
    "time_range", ("short_term", "medium_term", "long_term"), default="medium_term"
)


def _top(ctx: Context, kind: str, count: int, size: int) -> list[int]:
    """The user's top ``count`` of ``size`` objects: the same per seed, user and range."""
    rng = random.Random(
        f"{ctx.state.catalogue.seed}:top:{ctx.user_id}:{kind}:{ctx.args['time_range']}"
    )
    return rng.sample(range(size), min(count, size))


def _top_page(
    ctx: Context, kind: str, count: int, size: int, render: Callable[[int], bytes]
) -> bytes:
    chosen = _top(ctx, kind, count, size)
    limit: int = ctx.args["limit"]
    offset: int = ctx.args["offset"]
    return ctx.render.page(
        f"/me/top/{kind}",
        [Raw(render(i)) for i in chosen[offset : offset + limit]],
        total=len(chosen),
        offset=offset,
        limit=limit,
        query=kept_query(ctx),
    )


@web_api.get(
    "/me/top/artists",
    auth="user",
    scopes=("user-top-read",),
    query=(_TIME_RANGE, paging(20, 50)),
)
def get_top_artists(ctx: Context) -> bytes:
    """Answer a page of the user's top ArtistObjects for the time range."""
    catalogue = ctx.state.catalogue
    return _top_page(ctx, "artists", TOP_ARTISTS, len(catalogue.artists), ctx.render.artist)


@web_api.get(
    "/me/top/tracks",
    auth="user",
    scopes=("user-top-read",),
    query=(_TIME_RANGE, paging(20, 50)),
)
def get_top_tracks(ctx: Context) -> bytes:
    """Answer a page of the user's top TrackObjects for the time range."""
    catalogue = ctx.state.catalogue
    return _top_page(ctx, "tracks", TOP_TRACKS, len(catalogue.tracks), ctx.render.track)
