"""Tracks."""

from __future__ import annotations

from typing_extensions import deprecated

from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase
from spotipy.client._decode import expect_model
from spotipy.client._endpoint import endpoint
from spotipy.client._params import Market, TrackId, TrackIds
from spotipy.model import FullTrack


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
        response = yield self._request("GET", f"tracks/{track_id}", {"market": market})
        return expect_model(response, FullTrack)

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
        return self._several("tracks", track_ids, FullTrack, market=market)
