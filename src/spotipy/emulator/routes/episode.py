"""Episodes: ``GET /episodes/{id}`` and ``GET /episodes``."""

from __future__ import annotations

from spotipy.emulator._params import ids, market
from spotipy.emulator._routing import PRIVATE, Context, web_api
from spotipy.emulator.routes._common import lookup, several
from spotipy.emulator.routes.show import PLAYBACK_POSITION, resumes

__all__: list[str] = []


@web_api.get("/episodes/{id}", cache=PRIVATE, optional_scopes=PLAYBACK_POSITION, query=(market(),))
def get_episode(ctx: Context) -> bytes:
    """Answer an EpisodeObject."""
    index = lookup(ctx.state.catalogue.episode_index, ctx.params["id"])
    return ctx.render.episode(index, resume=resumes(ctx))


@web_api.get(
    "/episodes",
    cache=PRIVATE,
    optional_scopes=PLAYBACK_POSITION,
    deprecated=True,
    query=(ids(50), market()),
)
def get_several_episodes(ctx: Context) -> bytes:
    """Answer several EpisodeObjects, ``null`` for unknown IDs."""
    resume = resumes(ctx)
    return several(
        ctx,
        "episodes",
        ctx.state.catalogue.episode_index,
        lambda i: ctx.render.episode(i, resume=resume),
    )
