"""Recommendations (an endpoint Spotify restricted in 2024)."""

from __future__ import annotations

from spotipy.model._base import Model
from spotipy.model.track import FullTrack
from spotipy.serialise import SerialisableEnum

__all__ = ["RecommendationAttribute", "RecommendationSeed", "Recommendations"]


class RecommendationAttribute(SerialisableEnum):
    """Tunable track attributes (``min_``, ``max_`` and ``target_`` parameters)."""

    acousticness = "acousticness"
    danceability = "danceability"
    duration_ms = "duration_ms"
    energy = "energy"
    instrumentalness = "instrumentalness"
    key = "key"
    liveness = "liveness"
    loudness = "loudness"
    mode = "mode"
    popularity = "popularity"
    speechiness = "speechiness"
    tempo = "tempo"
    time_signature = "time_signature"
    valence = "valence"


class RecommendationSeed(Model, kw_only=True):
    """One seed of a recommendation and how many tracks it gave.

    Field names are camelCase as Spotify sends them.

    Attributes
    ----------
    id
        ID of the seed artist or track, or the genre.
    type
        ``artist``, ``track`` or ``genre``.
    href
        Web API link to the seed, if it is an artist or track.
    initialPoolSize
        Tracks available before filtering.
    afterFilteringSize
        Tracks left after min/max filters.
    afterRelinkingSize
        Tracks left after relinking.
    """

    id: str | None = None
    type: str | None = None
    href: str | None = None
    initialPoolSize: int | None = None
    afterFilteringSize: int | None = None
    afterRelinkingSize: int | None = None


class Recommendations(Model, kw_only=True):
    """Recommended tracks and the seeds they came from.

    Attributes
    ----------
    seeds
        The seeds.
    tracks
        The recommended tracks (required: without it the answer is no recommendation).
    """

    seeds: list[RecommendationSeed] | None = None
    tracks: list[FullTrack]
