"""Artists: ``GET /artists/{id}`` and ``GET /artists/{id}/albums``."""

from __future__ import annotations

from typing import Final

from msgspec import Raw

from spotipy.emulator._routing import CATALOGUE, ApiError, Context, web_api
from spotipy.emulator.routes._common import check_market, kept_query, limit_offset, lookup

ALBUM_GROUPS: Final = frozenset({"album", "single", "appears_on", "compilation"})


@web_api.get("/artists/{id}", cache=CATALOGUE)
def get_artist(ctx: Context) -> bytes:
    """Answer an ArtistObject."""
    return ctx.render.artist(lookup(ctx.state.catalogue.artist_index, ctx.params["id"]))


@web_api.get("/artists/{id}/albums", cache=CATALOGUE)
def get_artist_albums(ctx: Context) -> bytes:
    """Answer a page of the artist's albums, grouped album, single, compilation, appears_on."""
    check_market(ctx)
    catalogue = ctx.state.catalogue
    index = lookup(catalogue.artist_index, ctx.params["id"])
    raw_groups = ctx.query.get("include_groups")
    if raw_groups is None:
        groups = ALBUM_GROUPS
    else:
        groups = frozenset(g.strip() for g in raw_groups.split(",") if g.strip())
        if not groups or not groups <= ALBUM_GROUPS:
            raise ApiError(400, "Invalid include_groups")
    # Spotify's 2026 caps: at most 10 a page, 5 unless asked.
    limit, offset = limit_offset(ctx, default=5, maximum=10)
    albums = [(a, g) for a, g in catalogue.discographies[index] if g in groups]
    return ctx.render.page(
        f"/artists/{catalogue.artists[index].id}/albums",
        [Raw(ctx.render.album_simple(a, g)) for a, g in albums[offset : offset + limit]],
        total=len(albums),
        offset=offset,
        limit=limit,
        query=kept_query(ctx),
    )
