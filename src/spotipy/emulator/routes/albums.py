"""Albums: ``GET /albums/{id}`` and ``GET /albums/{id}/tracks``."""

from __future__ import annotations

from msgspec import Raw

from spotipy.emulator._routing import CATALOGUE, Context, web_api
from spotipy.emulator.routes._common import check_market, kept_query, limit_offset, lookup


@web_api.get("/albums/{id}", cache=CATALOGUE)
def get_album(ctx: Context) -> bytes:
    """Answer an AlbumObject."""
    check_market(ctx)
    return ctx.render.album(lookup(ctx.state.catalogue.album_index, ctx.params["id"]))


@web_api.get("/albums/{id}/tracks", cache=CATALOGUE)
def get_album_tracks(ctx: Context) -> bytes:
    """Answer a page of the album's SimplifiedTrackObjects."""
    check_market(ctx)
    catalogue = ctx.state.catalogue
    album = catalogue.albums[lookup(catalogue.album_index, ctx.params["id"])]
    limit, offset = limit_offset(ctx, default=20, maximum=50)
    chosen = album.tracks[offset : offset + limit]
    return ctx.render.page(
        f"/albums/{album.id}/tracks",
        [Raw(ctx.render.track_simple(t)) for t in chosen],
        total=len(album.tracks),
        offset=offset,
        limit=limit,
        query=kept_query(ctx),
    )
