"""The user's library: saved albums, tracks, episodes, shows, audiobooks and /me/library.

Every kind of saved item has the same four operations (a page of saved items, contains,
add, delete), written once as the helpers below; each method is its facts, signature,
docstring and one line.  Spotify's 2026 ``/me/library`` operations take URIs of every kind
(and artists, users and playlists, which are followed) in one list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeAlias, TypeVar

from typing_extensions import deprecated

from spotipy import model
from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase, api_path
from spotipy.client._decode import expect_model, expect_no_content
from spotipy.client._endpoint import endpoint
from spotipy.client._params import (
    AlbumIds,
    AudiobookIds,
    EpisodeIds,
    IdList,
    Limit,
    Market,
    Offset,
    ShowIds,
    TrackIds,
    Uris,
)
from spotipy.model.paging import Paging

if TYPE_CHECKING:
    from spotipy.model import (
        SavedAlbumPaging,
        SavedAudiobookPaging,
        SavedEpisodePaging,
        SavedShowPaging,
        SavedTrackPaging,
    )

PT = TypeVar("PT", bound=Paging[Any])

#: What ``PUT`` and ``DELETE /me/library`` take (bare IDs are tracks): the spec's list and
#: artists, which the spec lists for contains only, while the deprecated ``PUT
#: /me/following`` names ``/me/library`` as its replacement (clients in the field, such as
#: plamere's spotipy 2.26, follow artists there).
LIBRARY_KINDS: Final = (
    "track",
    "album",
    "episode",
    "show",
    "audiobook",
    "artist",
    "user",
    "playlist",
)
#: What ``GET /me/library/contains`` takes: the same.
CONTAINS_KINDS: Final = LIBRARY_KINDS

LibraryUris: TypeAlias = Annotated[IdList, Uris(*LIBRARY_KINDS)]
ContainsUris: TypeAlias = Annotated[IdList, Uris(*CONTAINS_KINDS)]

#: The scopes of ``/me/library``: which one a request needs depends on its URIs' kinds.
LIBRARY_MODIFY: Final = ("user-library-modify", "user-follow-modify", "playlist-modify-public")
LIBRARY_READ: Final = ("user-library-read", "user-follow-read", "playlist-read-private")

_READ: Final = ("user-library-read",)
_MODIFY: Final = ("user-library-modify",)


class SpotifyLibrary(SpotifyBase[Mode]):
    """The user's library: saved albums, tracks, episodes, shows, audiobooks and /me/library."""

    # -- the family's flows -------------------------------------------------------------

    def _saved_page(
        self, kind: str, type_: type[PT], *, market: str | None = None, limit: int, offset: int
    ) -> Flow[PT]:
        """``GET /me/<kind>s``: a page of saved items, newest first."""
        params = {"market": market, "limit": limit, "offset": offset}
        response = yield self._request("GET", api_path("me/{}", f"{kind}s"), params)
        return expect_model(response, type_)

    def _saved_contains(self, kind: str, ids: Sequence[str]) -> Flow[list[bool]]:
        """``GET /me/<kind>s/contains?ids=...``: whether each is saved, in order."""
        response = yield self._request(
            "GET", api_path("me/{}/contains", f"{kind}s"), {"ids": ",".join(ids)}
        )
        return expect_model(response, list[bool])

    def _saved_write(
        self, method: str, kind: str, ids: Sequence[str], *, in_body: bool = False
    ) -> Flow[None]:
        """``PUT`` or ``DELETE /me/<kind>s``: IDs in the query, or in a JSON body."""
        path = api_path("me/{}", f"{kind}s")
        if in_body:
            request = self._request(method, path, body={"ids": list(ids)})
        else:
            request = self._request(method, path, {"ids": ",".join(ids)})
        response = yield request
        return expect_no_content(response)

    def _library(self, method: str, uris: Sequence[str]) -> Flow[None]:
        """``PUT`` or ``DELETE /me/library?uris=...``."""
        response = yield self._request(method, api_path("me/library"), {"uris": ",".join(uris)})
        return expect_no_content(response)

    def _library_contains(self, uris: Sequence[str]) -> Flow[list[bool]]:
        """``GET /me/library/contains?uris=...``: whether each is saved or followed."""
        response = yield self._request(
            "GET", api_path("me/library/contains"), {"uris": ",".join(uris)}
        )
        return expect_model(response, list[bool])

    # -- /me/library (2026) -------------------------------------------------------------

    @endpoint(operation="save-library-items", optional_scope=LIBRARY_MODIFY, max_ids=40)
    def library_add(self, uris: LibraryUris) -> Flow[None]:
        """Save items to the user's library, or follow artists, users and playlists.

        Parameters
        ----------
        uris
            URIs or URLs of tracks, albums, episodes, shows, audiobooks, artists, users
            or playlists (a bare ID is a track; one string is one URI).  Saving needs
            ``user-library-modify``, following an artist or a user ``user-follow-modify``
            and following a playlist ``playlist-modify-public``.  Spotify's reference lists
            artists for :meth:`library_contains` only, but names this operation as the
            replacement of the deprecated :meth:`artists_follow`.
        """
        return self._library("PUT", uris)

    @endpoint(operation="remove-library-items", optional_scope=LIBRARY_MODIFY, max_ids=40)
    def library_remove(self, uris: LibraryUris) -> Flow[None]:
        """Remove items from the user's library, or unfollow artists, users and playlists.

        Parameters
        ----------
        uris
            URIs or URLs of tracks, albums, episodes, shows, audiobooks, artists, users
            or playlists (a bare ID is a track; one string is one URI).  The scopes are
            those of :meth:`library_add`.
        """
        return self._library("DELETE", uris)

    @endpoint(operation="check-library-contains", optional_scope=LIBRARY_READ, max_ids=40)
    def library_contains(self, uris: ContainsUris) -> Flow[list[bool]]:
        """Tell, for each URI in order, whether the user saved or follows it.

        Parameters
        ----------
        uris
            URIs or URLs of tracks, albums, episodes, shows, audiobooks, artists, users
            or playlists (a bare ID is a track; one string is one URI).  Saved items need
            ``user-library-read``, artists and users ``user-follow-read`` and playlists
            ``playlist-read-private``.
        """
        return self._library_contains(uris)

    # -- albums ---------------------------------------------------------------------------

    @endpoint(operation="get-users-saved-albums", scope=_READ, max_limit=50)
    def saved_albums(
        self, *, market: Market = None, limit: Limit = 20, offset: Offset = 0
    ) -> Flow[SavedAlbumPaging]:
        """Get a page of the user's saved albums, most recently saved first.

        Parameters
        ----------
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of albums per page, 1 to 50.
        offset
            Index of the first album.
        """
        return self._saved_page(
            "album", model.SavedAlbumPaging, market=market, limit=limit, offset=offset
        )

    @endpoint(
        operation="check-users-saved-albums",
        scope=_READ,
        max_ids=20,
        replacement="library_contains",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_albums_contains(self, album_ids: AlbumIds) -> Flow[list[bool]]:
        """Tell, for each album in order, whether the user saved it.

        Parameters
        ----------
        album_ids
            The albums' IDs, URIs or URLs.
        """
        return self._saved_contains("album", album_ids)

    @endpoint(operation="save-albums-user", scope=_MODIFY, max_ids=20, replacement="library_add")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_albums_add(self, album_ids: AlbumIds) -> Flow[None]:
        """Save albums to the user's library.

        Parameters
        ----------
        album_ids
            The albums' IDs, URIs or URLs.
        """
        return self._saved_write("PUT", "album", album_ids)

    @endpoint(
        operation="remove-albums-user", scope=_MODIFY, max_ids=20, replacement="library_remove"
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_albums_delete(self, album_ids: AlbumIds) -> Flow[None]:
        """Remove albums from the user's library.

        Parameters
        ----------
        album_ids
            The albums' IDs, URIs or URLs.
        """
        return self._saved_write("DELETE", "album", album_ids)

    # -- tracks ---------------------------------------------------------------------------

    @endpoint(operation="get-users-saved-tracks", scope=_READ, max_limit=50)
    def saved_tracks(
        self, *, market: Market = None, limit: Limit = 20, offset: Offset = 0
    ) -> Flow[SavedTrackPaging]:
        """Get a page of the user's saved tracks, most recently saved first.

        Parameters
        ----------
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``, for track relinking.
        limit
            Number of tracks per page, 1 to 50.
        offset
            Index of the first track.
        """
        return self._saved_page(
            "track", model.SavedTrackPaging, market=market, limit=limit, offset=offset
        )

    @endpoint(
        operation="check-users-saved-tracks",
        scope=_READ,
        max_ids=50,
        replacement="library_contains",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_tracks_contains(self, track_ids: TrackIds) -> Flow[list[bool]]:
        """Tell, for each track in order, whether the user saved it.

        Parameters
        ----------
        track_ids
            The tracks' IDs, URIs or URLs.
        """
        return self._saved_contains("track", track_ids)

    @endpoint(operation="save-tracks-user", scope=_MODIFY, max_ids=50, replacement="library_add")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_tracks_add(self, track_ids: TrackIds) -> Flow[None]:
        """Save tracks to the user's library (the IDs go in the body, as Spotify asks).

        Parameters
        ----------
        track_ids
            The tracks' IDs, URIs or URLs.
        """
        return self._saved_write("PUT", "track", track_ids, in_body=True)

    @endpoint(
        operation="remove-tracks-user", scope=_MODIFY, max_ids=50, replacement="library_remove"
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_tracks_delete(self, track_ids: TrackIds) -> Flow[None]:
        """Remove tracks from the user's library.

        Parameters
        ----------
        track_ids
            The tracks' IDs, URIs or URLs.
        """
        return self._saved_write("DELETE", "track", track_ids)

    # -- episodes -------------------------------------------------------------------------

    @endpoint(
        operation="get-users-saved-episodes",
        scope=_READ,
        optional_scope=("user-read-playback-position",),
        max_limit=50,
    )
    def saved_episodes(
        self, *, market: Market = None, limit: Limit = 20, offset: Offset = 0
    ) -> Flow[SavedEpisodePaging]:
        """Get a page of the user's saved episodes, most recently saved first.

        Parameters
        ----------
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of episodes per page, 1 to 50.
        offset
            Index of the first episode.
        """
        return self._saved_page(
            "episode", model.SavedEpisodePaging, market=market, limit=limit, offset=offset
        )

    @endpoint(
        operation="check-users-saved-episodes",
        scope=_READ,
        max_ids=50,
        replacement="library_contains",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_episodes_contains(self, episode_ids: EpisodeIds) -> Flow[list[bool]]:
        """Tell, for each episode in order, whether the user saved it.

        Parameters
        ----------
        episode_ids
            The episodes' IDs, URIs or URLs.
        """
        return self._saved_contains("episode", episode_ids)

    @endpoint(operation="save-episodes-user", scope=_MODIFY, max_ids=50, replacement="library_add")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_episodes_add(self, episode_ids: EpisodeIds) -> Flow[None]:
        """Save episodes to the user's library.

        Parameters
        ----------
        episode_ids
            The episodes' IDs, URIs or URLs.
        """
        return self._saved_write("PUT", "episode", episode_ids)

    @endpoint(
        operation="remove-episodes-user", scope=_MODIFY, max_ids=50, replacement="library_remove"
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_episodes_delete(self, episode_ids: EpisodeIds) -> Flow[None]:
        """Remove episodes from the user's library.

        Parameters
        ----------
        episode_ids
            The episodes' IDs, URIs or URLs.
        """
        return self._saved_write("DELETE", "episode", episode_ids)

    # -- shows ----------------------------------------------------------------------------

    @endpoint(operation="get-users-saved-shows", scope=_READ, max_limit=50)
    def saved_shows(self, *, limit: Limit = 20, offset: Offset = 0) -> Flow[SavedShowPaging]:
        """Get a page of the user's saved shows, most recently saved first.

        Parameters
        ----------
        limit
            Number of shows per page, 1 to 50.
        offset
            Index of the first show.
        """
        return self._saved_page("show", model.SavedShowPaging, limit=limit, offset=offset)

    @endpoint(
        operation="check-users-saved-shows",
        scope=_READ,
        max_ids=50,
        replacement="library_contains",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_shows_contains(self, show_ids: ShowIds) -> Flow[list[bool]]:
        """Tell, for each show in order, whether the user saved it.

        Parameters
        ----------
        show_ids
            The shows' IDs, URIs or URLs.
        """
        return self._saved_contains("show", show_ids)

    @endpoint(operation="save-shows-user", scope=_MODIFY, max_ids=50, replacement="library_add")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_shows_add(self, show_ids: ShowIds) -> Flow[None]:
        """Save shows to the user's library.

        Parameters
        ----------
        show_ids
            The shows' IDs, URIs or URLs.
        """
        return self._saved_write("PUT", "show", show_ids)

    @endpoint(
        operation="remove-shows-user", scope=_MODIFY, max_ids=50, replacement="library_remove"
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_shows_delete(self, show_ids: ShowIds) -> Flow[None]:
        """Remove shows from the user's library.

        Parameters
        ----------
        show_ids
            The shows' IDs, URIs or URLs.
        """
        return self._saved_write("DELETE", "show", show_ids)

    # -- audiobooks -----------------------------------------------------------------------

    @endpoint(operation="get-users-saved-audiobooks", scope=_READ, max_limit=50)
    def saved_audiobooks(
        self, *, limit: Limit = 20, offset: Offset = 0
    ) -> Flow[SavedAudiobookPaging]:
        """Get a page of the user's saved audiobooks, most recently saved first.

        Parameters
        ----------
        limit
            Number of audiobooks per page, 1 to 50.
        offset
            Index of the first audiobook.
        """
        return self._saved_page("audiobook", model.SavedAudiobookPaging, limit=limit, offset=offset)

    @endpoint(
        operation="check-users-saved-audiobooks",
        scope=_READ,
        max_ids=50,
        replacement="library_contains",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_audiobooks_contains(self, audiobook_ids: AudiobookIds) -> Flow[list[bool]]:
        """Tell, for each audiobook in order, whether the user saved it.

        Parameters
        ----------
        audiobook_ids
            The audiobooks' IDs, URIs or URLs.
        """
        return self._saved_contains("audiobook", audiobook_ids)

    @endpoint(
        operation="save-audiobooks-user", scope=_MODIFY, max_ids=50, replacement="library_add"
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_audiobooks_add(self, audiobook_ids: AudiobookIds) -> Flow[None]:
        """Save audiobooks to the user's library.

        Parameters
        ----------
        audiobook_ids
            The audiobooks' IDs, URIs or URLs.
        """
        return self._saved_write("PUT", "audiobook", audiobook_ids)

    @endpoint(
        operation="remove-audiobooks-user",
        scope=_MODIFY,
        max_ids=50,
        replacement="library_remove",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def saved_audiobooks_delete(self, audiobook_ids: AudiobookIds) -> Flow[None]:
        """Remove audiobooks from the user's library.

        Parameters
        ----------
        audiobook_ids
            The audiobooks' IDs, URIs or URLs.
        """
        return self._saved_write("DELETE", "audiobook", audiobook_ids)
