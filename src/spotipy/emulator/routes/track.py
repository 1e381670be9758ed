"""Tracks: ``GET /tracks/{id}``."""

from __future__ import annotations

from spotipy.emulator._params import ids, market
from spotipy.emulator._routing import CATALOGUE, Context, web_api
from spotipy.emulator.routes._common import lookup, several


@web_api.get("/tracks/{id}", cache=CATALOGUE, query=(market(),))
def get_track(ctx: Context) -> bytes:
    """Answer a TrackObject."""
    return ctx.render.track(lookup(ctx.state.catalogue.track_index, ctx.params["id"]))


@web_api.get("/tracks", cache=CATALOGUE, deprecated=True, query=(ids(50), market()))
def get_several_tracks(ctx: Context) -> bytes:
    """Answer several TrackObjects, ``null`` for unknown IDs."""
    return several(ctx, "tracks", ctx.state.catalogue.track_index, ctx.render.track)
