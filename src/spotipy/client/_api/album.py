"""Albums."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import deprecated

from spotipy import model
from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase, api_path
from spotipy.client._decode import expect_model
from spotipy.client._endpoint import endpoint
from spotipy.client._params import AlbumId, AlbumIds, Limit, Market, Offset

if TYPE_CHECKING:
    from spotipy.model import FullAlbum, SimpleTrackPaging


class SpotifyAlbum(SpotifyBase[Mode]):
    """Album endpoints."""

    @endpoint(operation="get-an-album")
    def album(self, album_id: AlbumId, *, market: Market = None) -> Flow[FullAlbum]:
        """Get an album.

        Parameters
        ----------
        album_id
            The album's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``, for track relinking.
        """
        response = yield self._request("GET", api_path("albums/{}", album_id), {"market": market})
        return expect_model(response, model.FullAlbum)

    @endpoint(operation="get-multiple-albums", max_ids=20, replacement="album")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def albums(self, album_ids: AlbumIds, *, market: Market = None) -> Flow[list[FullAlbum | None]]:
        """Get several albums, in the order of ``album_ids`` (``None`` for an unknown ID).

        Parameters
        ----------
        album_ids
            The albums' IDs, URIs or URLs.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        """
        return self._several("albums", album_ids, model.FullAlbum, market=market)

    @endpoint(operation="get-an-albums-tracks", max_limit=50)
    def album_tracks(
        self,
        album_id: AlbumId,
        *,
        market: Market = None,
        limit: Limit = 20,
        offset: Offset = 0,
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
        params = {"market": market, "limit": limit, "offset": offset}
        response = yield self._request("GET", api_path("albums/{}/tracks", album_id), params)
        return expect_model(response, model.SimpleTrackPaging)
