"""Tracks: ``GET /tracks/{id}``."""

from __future__ import annotations

from spotipy.emulator._routing import CATALOGUE, Context, web_api
from spotipy.emulator.routes._common import check_market, lookup


@web_api.get("/tracks/{id}", cache=CATALOGUE)
def get_track(ctx: Context) -> bytes:
    """Answer a TrackObject."""
    check_market(ctx)
    return ctx.render.track(lookup(ctx.state.catalogue.track_index, ctx.params["id"]))
