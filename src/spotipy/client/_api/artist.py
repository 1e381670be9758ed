"""Artists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

from typing_extensions import deprecated

from spotipy import model
from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase, api_path
from spotipy.client._decode import expect_items, expect_model
from spotipy.client._endpoint import endpoint
from spotipy.client._params import ArtistId, ArtistIds, Limit, Market, Offset, SomeOf

if TYPE_CHECKING:
    from spotipy.model import FullArtist, FullTrack, SimpleAlbumPaging

#: Album groups accepted by ``include_groups``.
ALBUM_GROUPS = ("album", "single", "appears_on", "compilation")


class SpotifyArtist(SpotifyBase[Mode]):
    """Artist endpoints."""

    @endpoint(operation="get-an-artist")
    def artist(self, artist_id: ArtistId) -> Flow[FullArtist]:
        """Get an artist.

        Parameters
        ----------
        artist_id
            The artist's ID, URI or URL.
        """
        response = yield self._request("GET", api_path("artists/{}", artist_id))
        return expect_model(response, model.FullArtist)

    @endpoint(operation="get-multiple-artists", max_ids=50, replacement="artist")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def artists(self, artist_ids: ArtistIds) -> Flow[list[FullArtist | None]]:
        """Get several artists, in the order of ``artist_ids`` (``None`` for an unknown ID).

        Parameters
        ----------
        artist_ids
            The artists' IDs, URIs or URLs.
        """
        return self._several("artists", artist_ids, model.FullArtist)

    @endpoint(operation="get-an-artists-albums", max_limit=10)
    def artist_albums(
        self,
        artist_id: ArtistId,
        *,
        include_groups: Annotated[str | Iterable[str] | None, SomeOf(*ALBUM_GROUPS)] = None,
        market: Market = None,
        limit: Limit = 10,
        offset: Offset = 0,
    ) -> Flow[SimpleAlbumPaging]:
        """Get a page of an artist's albums.

        Parameters
        ----------
        artist_id
            The artist's ID, URI or URL.
        include_groups
            Album groups to include: ``album``, ``single``, ``appears_on``,
            ``compilation`` (strings or :class:`~spotipy.model.AlbumGroup` members; one
            string is one group).
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of albums per page, 1 to 10 (Spotify's 2026 cap).
        offset
            Index of the first album.
        """
        params = {
            "include_groups": include_groups,
            "market": market,
            "limit": limit,
            "offset": offset,
        }
        response = yield self._request("GET", api_path("artists/{}/albums", artist_id), params)
        return expect_model(response, model.SimpleAlbumPaging)

    @endpoint(operation="get-an-artists-top-tracks")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def artist_top_tracks(self, artist_id: ArtistId, market: Market) -> Flow[list[FullTrack]]:
        """Get an artist's most popular tracks.

        Parameters
        ----------
        artist_id
            The artist's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``, sent as ``market`` (the
            spec's name; the 2020 spotipy API sent it as ``country``).  ``None`` sends none.
        """
        response = yield self._request(
            "GET", api_path("artists/{}/top-tracks", artist_id), {"market": market}
        )
        return expect_items(response, "tracks", model.FullTrack)

    @endpoint(operation="get-an-artists-related-artists")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def artist_related_artists(self, artist_id: ArtistId) -> Flow[list[FullArtist]]:
        """Get artists similar to an artist.

        Parameters
        ----------
        artist_id
            The artist's ID, URI or URL.
        """
        response = yield self._request("GET", api_path("artists/{}/related-artists", artist_id))
        return expect_items(response, "artists", model.FullArtist)
