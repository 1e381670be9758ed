"""Following artists, users and playlists.

Artists and users share one flow for each action (``/me/following?type=...``), written
once as the helpers below; each method is its facts, signature, docstring and one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeAlias

from typing_extensions import deprecated

from spotipy import model
from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase, api_path
from spotipy.client._decode import expect_model, expect_no_content, expect_page
from spotipy.client._endpoint import endpoint
from spotipy.client._params import (
    ArtistIds,
    Flag,
    Id,
    IdList,
    Ids,
    Limit,
    PlaylistId,
    UserIds,
)

if TYPE_CHECKING:
    from spotipy.client._endpoint import Endpoint
    from spotipy.model import FullArtistCursorPaging


class OptionalId(Id):
    """One ID, URI or URL of ``kind``, or ``None``; the flow gets the bare ID."""

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> str | None:  # type: ignore[override]
        return None if value is None else super().__call__(value, name, facts)


class FewIds(Ids):
    """``None``, or at most ``most`` IDs of ``kind``: a list Spotify answers as a whole,
    never split into requests (one string is one ID; the flow gets bare IDs)."""

    listed = False

    def __init__(self, kind: str, most: int) -> None:
        super().__init__(kind)
        self.most = most

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> list[str] | None:  # type: ignore[override]
        if value is None:
            return None
        found = super().__call__(value, name, facts)
        if len(found) > self.most:
            raise ValueError(f"{name} holds {len(found)} IDs; Spotify takes at most {self.most}")
        return found

    def __repr__(self) -> str:
        return f"FewIds({self.kind!r}, {self.most})"


#: The user asked about: Spotify takes one user, and answers for the token's user without.
FollowerId: TypeAlias = Annotated[IdList | None, FewIds("user", 1)]
AfterArtist: TypeAlias = Annotated[str | None, OptionalId("artist")]

_PLAYLIST_MODIFY: Final = ("playlist-modify-public", "playlist-modify-private")
_READ: Final = ("user-follow-read",)
_MODIFY: Final = ("user-follow-modify",)


class SpotifyFollow(SpotifyBase[Mode]):
    """Following artists, users and playlists."""

    # -- the family's flows -------------------------------------------------------------

    def _following_contains(self, type_: str, ids: Sequence[str]) -> Flow[list[bool]]:
        """``GET /me/following/contains?type=...&ids=...``: whether each is followed."""
        params = {"type": type_, "ids": ",".join(ids)}
        response = yield self._request("GET", api_path("me/following/contains"), params)
        return expect_model(response, list[bool])

    def _following_write(self, method: str, type_: str, ids: Sequence[str]) -> Flow[None]:
        """``PUT`` (follow) or ``DELETE`` (unfollow) ``/me/following?type=...&ids=...``."""
        params = {"type": type_, "ids": ",".join(ids)}
        response = yield self._request(method, api_path("me/following"), params)
        return expect_no_content(response)

    def _playlist_followers(self, method: str, playlist_id: str, body: object) -> Flow[None]:
        """``PUT`` or ``DELETE /playlists/{id}/followers``."""
        response = yield self._request(
            method, api_path("playlists/{}/followers", playlist_id), body=body
        )
        return expect_no_content(response)

    # -- playlists ------------------------------------------------------------------------

    @endpoint(operation="check-if-user-follows-playlist", replacement="library_contains")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def playlist_is_following(
        self, playlist_id: PlaylistId, user_ids: FollowerId = None
    ) -> Flow[list[bool]]:
        """Tell whether the user follows a playlist, as a one-item list.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        user_ids
            The user to ask about (an ID, URI or URL, or a list of one): Spotify only
            answers for the token's own user, which is what ``None`` asks.
        """
        return self._playlist_is_following(playlist_id, user_ids)

    def _playlist_is_following(
        self, playlist_id: str, user_ids: Sequence[str] | None
    ) -> Flow[list[bool]]:
        params = {"ids": None if user_ids is None else ",".join(user_ids)}
        path = api_path("playlists/{}/followers/contains", playlist_id)
        response = yield self._request("GET", path, params)
        return expect_model(response, list[bool])

    @endpoint(
        operation="follow-playlist", optional_scope=_PLAYLIST_MODIFY, replacement="library_add"
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def playlist_follow(
        self, playlist_id: PlaylistId, *, public: Annotated[bool, Flag()] = True
    ) -> Flow[None]:
        """Follow a playlist.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        public
            Show the playlist on the user's profile (needs ``playlist-modify-public``);
            ``False`` follows it privately (needs ``playlist-modify-private``).
        """
        return self._playlist_followers("PUT", playlist_id, {"public": public})

    @endpoint(
        operation="unfollow-playlist",
        optional_scope=_PLAYLIST_MODIFY,
        replacement="library_remove",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def playlist_unfollow(self, playlist_id: PlaylistId) -> Flow[None]:
        """Unfollow a playlist (for its owner: delete it from their profile).

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        """
        return self._playlist_followers("DELETE", playlist_id, None)

    # -- artists --------------------------------------------------------------------------

    @endpoint(operation="get-followed", scope=_READ, max_limit=50)
    def followed_artists(
        self, *, limit: Limit = 20, after: AfterArtist = None
    ) -> Flow[FullArtistCursorPaging]:
        """Get a page of the artists the user follows; :meth:`next` follows the cursor.

        Parameters
        ----------
        limit
            Number of artists per page, 1 to 50.
        after
            The last artist (ID, URI or URL) of the previous page.
        """
        return self._followed_artists(limit, after)

    def _followed_artists(self, limit: int, after: str | None) -> Flow[FullArtistCursorPaging]:
        params = {"type": "artist", "limit": limit, "after": after}
        response = yield self._request("GET", api_path("me/following"), params)
        return expect_page(response, model.FullArtistCursorPaging)

    @endpoint(
        operation="check-current-user-follows",
        scope=_READ,
        max_ids=50,
        replacement="library_contains",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def artists_is_following(self, artist_ids: ArtistIds) -> Flow[list[bool]]:
        """Tell, for each artist in order, whether the user follows them.

        Parameters
        ----------
        artist_ids
            The artists' IDs, URIs or URLs.
        """
        return self._following_contains("artist", artist_ids)

    # Spotify names "Save Items to Library" as the replacement; its reference lists no artist
    # URIs there, but library_add takes them (see its docstring).
    @endpoint(
        operation="follow-artists-users", scope=_MODIFY, max_ids=50, replacement="library_add"
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def artists_follow(self, artist_ids: ArtistIds) -> Flow[None]:
        """Follow artists.

        Parameters
        ----------
        artist_ids
            The artists' IDs, URIs or URLs.
        """
        return self._following_write("PUT", "artist", artist_ids)

    @endpoint(
        operation="unfollow-artists-users", scope=_MODIFY, max_ids=50, replacement="library_remove"
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def artists_unfollow(self, artist_ids: ArtistIds) -> Flow[None]:
        """Unfollow artists.

        Parameters
        ----------
        artist_ids
            The artists' IDs, URIs or URLs.
        """
        return self._following_write("DELETE", "artist", artist_ids)

    # -- users ----------------------------------------------------------------------------

    @endpoint(
        operation="check-current-user-follows",
        scope=_READ,
        max_ids=50,
        replacement="library_contains",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def users_is_following(self, user_ids: UserIds) -> Flow[list[bool]]:
        """Tell, for each user in order, whether the user follows them.

        Parameters
        ----------
        user_ids
            The users' IDs, URIs or URLs.
        """
        return self._following_contains("user", user_ids)

    @endpoint(
        operation="follow-artists-users", scope=_MODIFY, max_ids=50, replacement="library_add"
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def users_follow(self, user_ids: UserIds) -> Flow[None]:
        """Follow users.

        Parameters
        ----------
        user_ids
            The users' IDs, URIs or URLs.
        """
        return self._following_write("PUT", "user", user_ids)

    @endpoint(
        operation="unfollow-artists-users",
        scope=_MODIFY,
        max_ids=50,
        replacement="library_remove",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def users_unfollow(self, user_ids: UserIds) -> Flow[None]:
        """Unfollow users.

        Parameters
        ----------
        user_ids
            The users' IDs, URIs or URLs.
        """
        return self._following_write("DELETE", "user", user_ids)
