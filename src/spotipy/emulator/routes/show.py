"""Shows: ``GET /shows/{id}``, ``GET /shows/{id}/episodes`` and ``GET /shows``.

The spec lists ``user-read-playback-position`` for shows and episodes, but Spotify answers
without it: the scope only adds each episode's ``resume_point``.
"""

from __future__ import annotations

from typing import Final

from msgspec import Raw

from spotipy.emulator._params import ids, market, paging
from spotipy.emulator._routing import CATALOGUE, PRIVATE, Context, web_api
from spotipy.emulator.routes._common import kept_query, lookup, several

__all__ = ["PLAYBACK_POSITION", "resumes"]

#: The optional scope of shows and episodes: it adds resume points.
PLAYBACK_POSITION: Final = ("user-read-playback-position",)


def resumes(ctx: Context) -> bool:
    """Whether the caller's token may see resume points (a user's, with the scope)."""
    token = ctx.token
    return token is not None and token.user_id is not None and PLAYBACK_POSITION[0] in token.scopes


@web_api.get("/shows/{id}", cache=PRIVATE, optional_scopes=PLAYBACK_POSITION, query=(market(),))
def get_show(ctx: Context) -> bytes:
    """Answer a ShowObject with its first page of episodes."""
    index = lookup(ctx.state.catalogue.show_index, ctx.params["id"])
    return ctx.render.show(index, resume=resumes(ctx))


@web_api.get(
    "/shows/{id}/episodes",
    cache=PRIVATE,
    optional_scopes=PLAYBACK_POSITION,
    query=(market(), paging(20, 50)),
)
def get_show_episodes(ctx: Context) -> bytes:
    """Answer a page of the show's SimplifiedEpisodeObjects."""
    catalogue = ctx.state.catalogue
    show = catalogue.shows[lookup(catalogue.show_index, ctx.params["id"])]
    limit: int = ctx.args["limit"]
    offset: int = ctx.args["offset"]
    resume = resumes(ctx)
    return ctx.render.page(
        f"/shows/{show.id}/episodes",
        [Raw(ctx.render.episode_simple(e, resume=resume)) for e in show.episodes[offset:][:limit]],
        total=len(show.episodes),
        offset=offset,
        limit=limit,
        query=kept_query(ctx),
    )


@web_api.get("/shows", cache=CATALOGUE, deprecated=True, query=(ids(50), market()))
def get_several_shows(ctx: Context) -> bytes:
    """Answer several SimplifiedShowObjects, ``null`` for unknown IDs."""
    return several(ctx, "shows", ctx.state.catalogue.show_index, ctx.render.show_simple)
