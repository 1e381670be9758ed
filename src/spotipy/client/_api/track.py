"""Tracks."""

from __future__ import annotations

from spotipy._flow import Flow, Mode, endpoint, expect_model
from spotipy.client._base import SpotifyBase, check_market, ids
from spotipy.model import FullTrack


class SpotifyTrack(SpotifyBase[Mode]):
    """Track endpoints."""

    @endpoint(operation="get-track")
    def track(self, track_id: str, *, market: str | None = None) -> Flow[FullTrack]:
        """Get a track.

        Parameters
        ----------
        track_id
            The track's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``, for track relinking.
        """
        (track_id,) = ids(track_id, "track")
        params = {"market": check_market(market)}
        response = yield self._request("GET", f"tracks/{track_id}", params)
        return expect_model(response, FullTrack)
