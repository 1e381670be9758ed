"""Albums."""

from __future__ import annotations

from spotipy._flow import Flow, Mode, endpoint, expect_model
from spotipy.client._base import SpotifyBase, check_limit, check_market, check_offset, ids
from spotipy.model import FullAlbum, SimpleTrackPaging


class SpotifyAlbum(SpotifyBase[Mode]):
    """Album endpoints."""

    @endpoint(operation="get-an-album")
    def album(self, album_id: str, *, market: str | None = None) -> Flow[FullAlbum]:
        """Get an album.

        Parameters
        ----------
        album_id
            The album's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``, for track relinking.
        """
        (album_id,) = ids(album_id, "album")
        params = {"market": check_market(market)}
        response = yield self._request("GET", f"albums/{album_id}", params)
        return expect_model(response, FullAlbum)

    @endpoint(operation="get-an-albums-tracks", max_limit=50)
    def album_tracks(
        self,
        album_id: str,
        *,
        market: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Flow[SimpleTrackPaging]:
        """Get a page of an album's tracks.

        Parameters
        ----------
        album_id
            The album's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of tracks per page, 1 to 50.
        offset
            Index of the first track.
        """
        (album_id,) = ids(album_id, "album")
        params = {
            "market": check_market(market),
            "limit": check_limit(limit, 50),
            "offset": check_offset(offset),
        }
        response = yield self._request("GET", f"albums/{album_id}/tracks", params)
        return expect_model(response, SimpleTrackPaging)
