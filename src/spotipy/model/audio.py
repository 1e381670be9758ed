"""Audio features and analysis of tracks (endpoints Spotify restricted in 2024)."""

from __future__ import annotations

from typing import Any

from spotipy.model._base import Model

__all__ = ["AudioAnalysis", "AudioFeatures", "Section", "Segment", "TimeInterval"]


class AudioFeatures(Model, kw_only=True):
    """High-level audio features of a track.

    Attributes
    ----------
    id
        Spotify ID of the track.
    acousticness
        Confidence from 0 to 1 that the track is acoustic.
    danceability
        How suitable for dancing, 0 to 1.
    duration_ms
        Length in milliseconds.
    energy
        Perceived intensity, 0 to 1.
    instrumentalness
        Likelihood of no vocals, 0 to 1.
    key
        Pitch class of the key, -1 if unknown.
    liveness
        Likelihood of a live audience, 0 to 1.
    loudness
        Average loudness in dB.
    mode
        1 for major, 0 for minor.
    speechiness
        Presence of spoken words, 0 to 1.
    tempo
        Estimated tempo in BPM.
    time_signature
        Estimated beats per bar, 3 to 7.
    valence
        Musical positiveness, 0 to 1.
    """

    id: str
    uri: str | None = None
    acousticness: float | None = None
    analysis_url: str | None = None
    danceability: float | None = None
    duration_ms: int | None = None
    energy: float | None = None
    instrumentalness: float | None = None
    key: int | None = None
    liveness: float | None = None
    loudness: float | None = None
    mode: int | None = None
    speechiness: float | None = None
    tempo: float | None = None
    time_signature: int | None = None
    track_href: str | None = None
    type: str | None = "audio_features"
    valence: float | None = None


class TimeInterval(Model, kw_only=True):
    """A span of a track: a bar, beat or tatum.

    Attributes
    ----------
    start
        Start in seconds.
    duration
        Length in seconds.
    confidence
        Reliability, 0 to 1.
    """

    start: float | None = None
    duration: float | None = None
    confidence: float | None = None


class Section(TimeInterval, kw_only=True):
    """A section of a track, such as a verse or chorus."""

    loudness: float | None = None
    tempo: float | None = None
    tempo_confidence: float | None = None
    key: int | None = None
    key_confidence: float | None = None
    mode: int | None = None
    mode_confidence: float | None = None
    time_signature: int | None = None
    time_signature_confidence: float | None = None


class Segment(TimeInterval, kw_only=True):
    """A short segment of a track with a roughly constant sound."""

    loudness_start: float | None = None
    loudness_max: float | None = None
    loudness_max_time: float | None = None
    loudness_end: float | None = None
    pitches: list[float] | None = None
    timbre: list[float] | None = None


class AudioAnalysis(Model, kw_only=True):
    """Low-level audio analysis of a track.

    Attributes
    ----------
    meta
        Analyser details, as sent.
    track
        Track-level analysis values, as sent (required: without it the answer is no
        analysis).
    bars, beats, tatums
        Rhythmic intervals.
    sections
        Large sections.
    segments
        Short segments.
    """

    meta: dict[str, Any] | None = None
    track: dict[str, Any]
    bars: list[TimeInterval] | None = None
    beats: list[TimeInterval] | None = None
    sections: list[Section] | None = None
    segments: list[Segment] | None = None
    tatums: list[TimeInterval] | None = None
