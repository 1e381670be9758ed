"""Users."""

from __future__ import annotations

from typing_extensions import deprecated

from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase
from spotipy.client._decode import expect_model
from spotipy.client._endpoint import endpoint
from spotipy.client._params import UserId
from spotipy.model import PrivateUser, PublicUser


class SpotifyUser(SpotifyBase[Mode]):
    """User profile endpoints."""

    @endpoint(
        operation="get-current-users-profile",
        optional_scope=("user-read-private", "user-read-email"),
    )
    def current_user(self) -> Flow[PrivateUser]:
        """Get the profile of the user the token belongs to (needs a user token)."""
        response = yield self._request("GET", "me")
        return expect_model(response, PrivateUser)

    @endpoint(operation="get-users-profile")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def user(self, user_id: UserId) -> Flow[PublicUser]:
        """Get a user's public profile.

        Parameters
        ----------
        user_id
            The user's ID (user name), URI or URL.
        """
        response = yield self._request("GET", f"users/{user_id}")
        return expect_model(response, PublicUser)
