"""Playlists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Final, TypeAlias

from typing_extensions import deprecated

from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase
from spotipy.client._decode import expect_model
from spotipy.client._endpoint import endpoint
from spotipy.client._params import Limit, Market, Offset, PlaylistId, SomeOf
from spotipy.model import FullPlaylist, PlaylistTrackPaging

#: Item types a playlist can hold, asked for by default so episodes are not hidden.
ITEM_TYPES: Final = ("track", "episode")
#: ``additional_types``: one string is one type; an empty list is refused.
ItemTypes: TypeAlias = Annotated[str | Iterable[str], SomeOf(*ITEM_TYPES)]
#: The scopes that let a user read private and collaborative playlists.
READ_PRIVATE: Final = ("playlist-read-private", "playlist-read-collaborative")


class SpotifyPlaylist(SpotifyBase[Mode]):
    """Playlist endpoints."""

    @endpoint(operation="get-playlist", optional_scope=READ_PRIVATE)
    def playlist(
        self,
        playlist_id: PlaylistId,
        *,
        market: Market = None,
        additional_types: ItemTypes = ITEM_TYPES,
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
        params = {"market": market, "additional_types": _joined(additional_types)}
        response = yield self._request("GET", f"playlists/{playlist_id}", params)
        return expect_model(response, FullPlaylist)

    @endpoint(operation="get-playlists-items", scope=("playlist-read-private",), max_limit=50)
    def playlist_items(
        self,
        playlist_id: PlaylistId,
        *,
        market: Market = None,
        limit: Limit = 50,
        offset: Offset = 0,
        additional_types: ItemTypes = ITEM_TYPES,
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
        params = {
            "market": market,
            "limit": limit,
            "offset": offset,
            "additional_types": _joined(additional_types),
        }
        response = yield self._request("GET", f"playlists/{playlist_id}/items", params)
        return expect_model(response, PlaylistTrackPaging)

    @endpoint(operation="get-playlists-items", scope=("playlist-read-private",), max_limit=50)
    def playlist_tracks(
        self,
        playlist_id: PlaylistId,
        *,
        market: Market = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Flow[PlaylistTrackPaging]:
        """Get a page of a playlist's items (the seed's name for :meth:`playlist_items`).

        Sends ``GET /playlists/{id}/items`` like :meth:`playlist_items`: the old
        ``/tracks`` path needs extended quota and answers the same data, so there is no
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
        return SpotifyPlaylist.playlist_items.func(
            self, playlist_id, market=market, limit=limit, offset=offset
        )

    @endpoint(
        operation="get-playlists-tracks",
        scope=("playlist-read-private",),
        max_limit=100,
        replacement="playlist_items",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def playlist_tracks_legacy(
        self,
        playlist_id: PlaylistId,
        *,
        market: Market = None,
        limit: Limit = 100,
        offset: Offset = 0,
        additional_types: ItemTypes = ITEM_TYPES,
    ) -> Flow[PlaylistTrackPaging]:
        """Get a page of a playlist's items from the deprecated ``/tracks`` path.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of items per page, 1 to 100.
        offset
            Index of the first item.
        additional_types
            Item types to return besides tracks; episodes are included by default.
        """
        params = {
            "market": market,
            "limit": limit,
            "offset": offset,
            "additional_types": _joined(additional_types),
        }
        response = yield self._request("GET", f"playlists/{playlist_id}/tracks", params)
        return expect_model(response, PlaylistTrackPaging)


def _joined(types: str | Iterable[str]) -> str:
    # The default is a tuple; values a caller gives are already joined by SomeOf.
    return types if isinstance(types, str) else ",".join(types)
