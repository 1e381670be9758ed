"""Tracks: ``GET /tracks/{id}``, audio features and audio analysis."""

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


@web_api.get("/audio-features/{id}", cache=CATALOGUE, deprecated=True)
def get_audio_features(ctx: Context) -> bytes:
    """Answer the track's AudioFeaturesObject."""
    return ctx.render.audio_features(lookup(ctx.state.catalogue.track_index, ctx.params["id"]))


@web_api.get("/audio-features", cache=CATALOGUE, deprecated=True, query=(ids(100),))
def get_several_audio_features(ctx: Context) -> bytes:
    """Answer several AudioFeaturesObjects, ``null`` for unknown IDs."""
    index = ctx.state.catalogue.track_index
    return several(ctx, "audio_features", index, ctx.render.audio_features)


@web_api.get("/audio-analysis/{id}", cache=CATALOGUE, deprecated=True)
def get_audio_analysis(ctx: Context) -> bytes:
    """Answer the track's AudioAnalysisObject."""
    return ctx.render.audio_analysis(lookup(ctx.state.catalogue.track_index, ctx.params["id"]))
