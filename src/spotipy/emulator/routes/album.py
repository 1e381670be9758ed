"""Albums: ``GET /albums/{id}`` and ``GET /albums/{id}/tracks``."""

from __future__ import annotations

from msgspec import Raw

from spotipy.emulator._params import ids, market, paging
from spotipy.emulator._routing import CATALOGUE, Context, web_api
from spotipy.emulator.routes._common import kept_query, lookup, several


@web_api.get("/albums/{id}", cache=CATALOGUE, query=(market(),))
def get_album(ctx: Context) -> bytes:
    """Answer an AlbumObject."""
    return ctx.render.album(lookup(ctx.state.catalogue.album_index, ctx.params["id"]))


@web_api.get("/albums/{id}/tracks", cache=CATALOGUE, query=(market(), paging(20, 50)))
def get_album_tracks(ctx: Context) -> bytes:
    """Answer a page of the album's SimplifiedTrackObjects."""
    catalogue = ctx.state.catalogue
    album = catalogue.albums[lookup(catalogue.album_index, ctx.params["id"])]
    limit: int = ctx.args["limit"]
    offset: int = ctx.args["offset"]
    chosen = album.tracks[offset : offset + limit]
    return ctx.render.page(
        f"/albums/{album.id}/tracks",
        [Raw(ctx.render.track_simple(t)) for t in chosen],
        total=len(album.tracks),
        offset=offset,
        limit=limit,
        query=kept_query(ctx),
    )


@web_api.get("/albums", cache=CATALOGUE, deprecated=True, query=(ids(20), market()))
def get_several_albums(ctx: Context) -> bytes:
    """Answer several AlbumObjects, ``null`` for unknown IDs."""
    return several(ctx, "albums", ctx.state.catalogue.album_index, ctx.render.album)
