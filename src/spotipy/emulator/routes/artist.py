"""Artists: ``GET /artists/{id}``, its albums, top tracks and related artists."""

from __future__ import annotations

from typing import Final

import msgspec
from msgspec import Raw

from spotipy.emulator._params import enum, ids, market, paging
from spotipy.emulator._routing import CATALOGUE, Context, web_api
from spotipy.emulator.routes._common import kept_query, lookup, several

ALBUM_GROUPS: Final = frozenset({"album", "single", "appears_on", "compilation"})


@web_api.get("/artists/{id}", cache=CATALOGUE)
def get_artist(ctx: Context) -> bytes:
    """Answer an ArtistObject."""
    return ctx.render.artist(lookup(ctx.state.catalogue.artist_index, ctx.params["id"]))


@web_api.get(
    "/artists/{id}/albums",
    cache=CATALOGUE,
    query=(
        enum("include_groups", ALBUM_GROUPS, multi=True, default=ALBUM_GROUPS),
        market(),
        # Spotify's 2026 caps: at most 10 a page, 5 unless asked.
        paging(default=5, maximum=10),
    ),
)
def get_artist_albums(ctx: Context) -> bytes:
    """Answer a page of the artist's albums, grouped album, single, compilation, appears_on."""
    catalogue = ctx.state.catalogue
    index = lookup(catalogue.artist_index, ctx.params["id"])
    groups: frozenset[str] = ctx.args["include_groups"]
    limit: int = ctx.args["limit"]
    offset: int = ctx.args["offset"]
    albums = [(a, g) for a, g in catalogue.discographies[index] if g in groups]
    return ctx.render.page(
        f"/artists/{catalogue.artists[index].id}/albums",
        [Raw(ctx.render.album_simple(a, g)) for a, g in albums[offset : offset + limit]],
        total=len(albums),
        offset=offset,
        limit=limit,
        query=kept_query(ctx),
    )


@web_api.get("/artists", cache=CATALOGUE, deprecated=True, query=(ids(50),))
def get_several_artists(ctx: Context) -> bytes:
    """Answer several ArtistObjects, ``null`` for unknown IDs."""
    return several(ctx, "artists", ctx.state.catalogue.artist_index, ctx.render.artist)


@web_api.get("/artists/{id}/top-tracks", cache=CATALOGUE, deprecated=True, query=(market(),))
def get_artist_top_tracks(ctx: Context) -> bytes:
    """Answer the artist's ten most popular TrackObjects."""
    catalogue = ctx.state.catalogue
    index = lookup(catalogue.artist_index, ctx.params["id"])
    tracks = [Raw(ctx.render.track(t)) for t in catalogue.top_tracks(index)]
    return msgspec.json.encode({"tracks": tracks})


@web_api.get("/artists/{id}/related-artists", cache=CATALOGUE, deprecated=True)
def get_artist_related_artists(ctx: Context) -> bytes:
    """Answer up to 20 related ArtistObjects: sharing genres first, then co-credited ones."""
    catalogue = ctx.state.catalogue
    index = lookup(catalogue.artist_index, ctx.params["id"])
    artists = [Raw(ctx.render.artist(a)) for a in catalogue.related_artists[index]]
    return msgspec.json.encode({"artists": artists})
