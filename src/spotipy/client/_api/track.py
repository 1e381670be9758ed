"""Tracks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import deprecated

from spotipy import model
from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase, api_path
from spotipy.client._decode import expect_model
from spotipy.client._endpoint import endpoint
from spotipy.client._params import Market, TrackId, TrackIds

if TYPE_CHECKING:
    from spotipy.model import AudioAnalysis, AudioFeatures, FullTrack


class SpotifyTrack(SpotifyBase[Mode]):
    """Track endpoints."""

    @endpoint(operation="get-track")
    def track(self, track_id: TrackId, *, market: Market = None) -> Flow[FullTrack]:
        """Get a track.

        Parameters
        ----------
        track_id
            The track's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``, for track relinking.
        """
        response = yield self._request("GET", api_path("tracks/{}", track_id), {"market": market})
        return expect_model(response, model.FullTrack)

    @endpoint(operation="get-several-tracks", max_ids=50, replacement="track")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def tracks(self, track_ids: TrackIds, *, market: Market = None) -> Flow[list[FullTrack | None]]:
        """Get several tracks, in the order of ``track_ids`` (``None`` for an unknown ID).

        Parameters
        ----------
        track_ids
            The tracks' IDs, URIs or URLs.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        """
        return self._several("tracks", track_ids, model.FullTrack, market=market)

    @endpoint(operation="get-audio-features")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def track_audio_features(self, track_id: TrackId) -> Flow[AudioFeatures]:
        """Get the audio features of a track (tempo, key, energy ...).

        Parameters
        ----------
        track_id
            The track's ID, URI or URL.
        """
        response = yield self._request("GET", api_path("audio-features/{}", track_id))
        return expect_model(response, model.AudioFeatures)

    @endpoint(operation="get-several-audio-features", max_ids=100)
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def tracks_audio_features(self, track_ids: TrackIds) -> Flow[list[AudioFeatures | None]]:
        """Get the audio features of several tracks, in order (``None`` for an unknown ID).

        Parameters
        ----------
        track_ids
            The tracks' IDs, URIs or URLs.
        """
        return self._several(
            "audio_features", track_ids, model.AudioFeatures, path=api_path("audio-features")
        )

    @endpoint(operation="get-audio-analysis")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def track_audio_analysis(self, track_id: TrackId) -> Flow[AudioAnalysis]:
        """Get the audio analysis of a track: bars, beats, sections, segments, tatums.

        Parameters
        ----------
        track_id
            The track's ID, URI or URL.
        """
        response = yield self._request("GET", api_path("audio-analysis/{}", track_id))
        return expect_model(response, model.AudioAnalysis)
