"""Users."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, TypeVar

from typing_extensions import deprecated

from spotipy import model
from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase, api_path
from spotipy.client._decode import expect_model
from spotipy.client._endpoint import endpoint
from spotipy.client._params import Limit, Offset, OneOf, UserId
from spotipy.model.paging import OffsetPaging

if TYPE_CHECKING:
    from spotipy.model import FullArtistOffsetPaging, FullTrackPaging, PrivateUser, PublicUser

PT = TypeVar("PT", bound=OffsetPaging[Any])
#: Over what time top items are computed.
TimeRange: TypeAlias = Annotated[
    Literal["short_term", "medium_term", "long_term"],
    OneOf("short_term", "medium_term", "long_term"),
]


class SpotifyUser(SpotifyBase[Mode]):
    """User profile endpoints."""

    @endpoint(
        operation="get-current-users-profile",
        optional_scope=("user-read-private", "user-read-email"),
    )
    def current_user(self) -> Flow[PrivateUser]:
        """Get the profile of the user the token belongs to (needs a user token)."""
        response = yield self._request("GET", api_path("me"))
        return expect_model(response, model.PrivateUser)

    @endpoint(operation="get-users-profile")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def user(self, user_id: UserId) -> Flow[PublicUser]:
        """Get a user's public profile.

        Parameters
        ----------
        user_id
            The user's ID (user name), URI or URL.
        """
        response = yield self._request("GET", api_path("users/{}", user_id))
        return expect_model(response, model.PublicUser)

    @endpoint(operation="get-users-top-artists", scope=("user-top-read",), max_limit=50)
    def current_user_top_artists(
        self, time_range: TimeRange = "medium_term", limit: Limit = 20, offset: Offset = 0
    ) -> Flow[FullArtistOffsetPaging]:
        """Get a page of the current user's top artists.

        Parameters
        ----------
        time_range
            Over what time the affinities are computed: ``"short_term"`` (about four
            weeks), ``"medium_term"`` (about six months) or ``"long_term"`` (about a year).
        limit
            Number of artists per page, 1 to 50.
        offset
            Index of the first artist.
        """
        return self._top("artists", time_range, limit, offset, model.FullArtistOffsetPaging)

    @endpoint(operation="get-users-top-tracks", scope=("user-top-read",), max_limit=50)
    def current_user_top_tracks(
        self, time_range: TimeRange = "medium_term", limit: Limit = 20, offset: Offset = 0
    ) -> Flow[FullTrackPaging]:
        """Get a page of the current user's top tracks.

        Parameters
        ----------
        time_range
            Over what time the affinities are computed: ``"short_term"`` (about four
            weeks), ``"medium_term"`` (about six months) or ``"long_term"`` (about a year).
        limit
            Number of tracks per page, 1 to 50.
        offset
            Index of the first track.
        """
        return self._top("tracks", time_range, limit, offset, model.FullTrackPaging)

    def _top(
        self, kind: str, time_range: str, limit: int, offset: int, type_: type[PT]
    ) -> Flow[PT]:
        """The top items: ``GET me/top/<kind>``, a page of ``type_``."""
        params = {"time_range": time_range, "limit": limit, "offset": offset}
        response = yield self._request("GET", api_path("me/top/{}", kind), params)
        return expect_model(response, type_)
