"""Artists."""

from __future__ import annotations

from collections.abc import Iterable

from spotipy._flow import Flow, Mode, endpoint, expect_model
from spotipy.client._base import SpotifyBase, check_limit, check_market, check_offset, ids
from spotipy.model import FullArtist, SimpleAlbumPaging

#: Album groups accepted by ``include_groups``.
ALBUM_GROUPS = frozenset({"album", "single", "appears_on", "compilation"})


class SpotifyArtist(SpotifyBase[Mode]):
    """Artist endpoints."""

    @endpoint(operation="get-an-artist")
    def artist(self, artist_id: str) -> Flow[FullArtist]:
        """Get an artist.

        Parameters
        ----------
        artist_id
            The artist's ID, URI or URL.
        """
        (artist_id,) = ids(artist_id, "artist")
        response = yield self._request("GET", f"artists/{artist_id}")
        return expect_model(response, FullArtist)

    @endpoint(operation="get-an-artists-albums", max_limit=10)
    def artist_albums(
        self,
        artist_id: str,
        *,
        include_groups: Iterable[str] | None = None,
        market: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> Flow[SimpleAlbumPaging]:
        """Get a page of an artist's albums.

        Parameters
        ----------
        artist_id
            The artist's ID, URI or URL.
        include_groups
            Album groups to include: ``album``, ``single``, ``appears_on``,
            ``compilation`` (strings or :class:`~spotipy.model.AlbumGroup` members).
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of albums per page, 1 to 10 (Spotify's 2026 cap).
        offset
            Index of the first album.
        """
        (artist_id,) = ids(artist_id, "artist")
        groups = None
        if include_groups is not None:
            wanted = [str(g) for g in include_groups]
            unknown = sorted(set(wanted) - ALBUM_GROUPS)
            if unknown:
                raise ValueError(
                    f"unknown album groups {unknown}; expected some of {sorted(ALBUM_GROUPS)}"
                )
            groups = ",".join(wanted)
        params = {
            "include_groups": groups,
            "market": check_market(market),
            "limit": check_limit(limit, 10),
            "offset": check_offset(offset),
        }
        response = yield self._request("GET", f"artists/{artist_id}/albums", params)
        return expect_model(response, SimpleAlbumPaging)
