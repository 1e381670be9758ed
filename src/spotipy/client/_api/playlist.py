"""Playlists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from spotipy._flow import Flow, Mode, endpoint, expect_model
from spotipy.client._base import SpotifyBase, check_limit, check_market, check_offset, ids
from spotipy.model import FullPlaylist, PlaylistTrackPaging

#: Item types a playlist can hold, asked for by default so episodes are not hidden.
ITEM_TYPES: Final = ("track", "episode")


def _types(additional_types: Iterable[str]) -> str:
    wanted = [str(t) for t in additional_types]
    unknown = sorted(set(wanted) - set(ITEM_TYPES))
    if unknown:
        raise ValueError(f"unknown item types {unknown}; expected some of {ITEM_TYPES}")
    return ",".join(wanted)


class SpotifyPlaylist(SpotifyBase[Mode]):
    """Playlist endpoints."""

    @endpoint(
        operation="get-playlist",
        optional_scope=("playlist-read-private", "playlist-read-collaborative"),
    )
    def playlist(
        self,
        playlist_id: str,
        *,
        market: str | None = None,
        additional_types: Iterable[str] = ITEM_TYPES,
    ) -> Flow[FullPlaylist]:
        """Get a playlist with its first page of items.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        additional_types
            Item types to return besides tracks; episodes are included by default.
        """
        (playlist_id,) = ids(playlist_id, "playlist")
        params = {"market": check_market(market), "additional_types": _types(additional_types)}
        response = yield self._request("GET", f"playlists/{playlist_id}", params)
        return expect_model(response, FullPlaylist)

    @endpoint(operation="get-playlists-items", scope=("playlist-read-private",), max_limit=50)
    def playlist_items(
        self,
        playlist_id: str,
        *,
        market: str | None = None,
        limit: int = 50,
        offset: int = 0,
        additional_types: Iterable[str] = ITEM_TYPES,
    ) -> Flow[PlaylistTrackPaging]:
        """Get a page of a playlist's items (tracks and episodes).

        Uses ``GET /playlists/{id}/items``, which replaced ``/tracks`` in February 2026.
        Spotify serves it for playlists the current user owns or collaborates on.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of items per page, 1 to 50 (Spotify's 2026 cap).
        offset
            Index of the first item.
        additional_types
            Item types to return besides tracks; episodes are included by default.
        """
        (playlist_id,) = ids(playlist_id, "playlist")
        params = {
            "market": check_market(market),
            "limit": check_limit(limit, 50),
            "offset": check_offset(offset),
            "additional_types": _types(additional_types),
        }
        response = yield self._request("GET", f"playlists/{playlist_id}/items", params)
        return expect_model(response, PlaylistTrackPaging)

    @endpoint(operation="get-playlists-items", scope=("playlist-read-private",), max_limit=50)
    def playlist_tracks(
        self,
        playlist_id: str,
        *,
        market: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Flow[PlaylistTrackPaging]:
        """Get a page of a playlist's items (the seed's name for :meth:`playlist_items`).

        Sends ``GET /playlists/{id}/items`` like :meth:`playlist_items`: the old
        ``/tracks`` path is deprecated and answers the same data, so there is no
        reason to use it.  Episodes are returned too.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of items per page, 1 to 50 (Spotify's 2026 cap).
        offset
            Index of the first item.
        """
        flow: Flow[PlaylistTrackPaging] = SpotifyPlaylist.playlist_items.flow(
            self, playlist_id, market=market, limit=limit, offset=offset
        )
        return (yield from flow)
