"""Podcast shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import deprecated

from spotipy import model
from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase, api_path
from spotipy.client._decode import expect_model
from spotipy.client._endpoint import endpoint
from spotipy.client._params import Limit, Market, Offset, ShowId, ShowIds

if TYPE_CHECKING:
    from spotipy.model import FullShow, SimpleEpisodePaging, SimpleShow


class SpotifyShow(SpotifyBase[Mode]):
    """Podcast shows."""

    @endpoint(operation="get-a-show", optional_scope=("user-read-playback-position",))
    def show(self, show_id: ShowId, *, market: Market = None) -> Flow[FullShow]:
        """Get a show with the first page of its episodes.

        A user token with ``user-read-playback-position`` adds each episode's
        ``resume_point``.

        Parameters
        ----------
        show_id
            The show's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``: only a show available
            there is answered.
        """
        response = yield self._request("GET", api_path("shows/{}", show_id), {"market": market})
        return expect_model(response, model.FullShow)

    @endpoint(operation="get-multiple-shows", max_ids=50, replacement="show")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def shows(self, show_ids: ShowIds, *, market: Market = None) -> Flow[list[SimpleShow | None]]:
        """Get several shows, in the order of ``show_ids`` (``None`` for an unknown ID).

        Parameters
        ----------
        show_ids
            The shows' IDs, URIs or URLs.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        """
        return self._several("shows", show_ids, model.SimpleShow, market=market)

    @endpoint(
        operation="get-a-shows-episodes",
        optional_scope=("user-read-playback-position",),
        max_limit=50,
    )
    def show_episodes(
        self,
        show_id: ShowId,
        *,
        market: Market = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Flow[SimpleEpisodePaging]:
        """Get a page of a show's episodes.

        Parameters
        ----------
        show_id
            The show's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of episodes per page, 1 to 50.
        offset
            Index of the first episode.
        """
        params = {"market": market, "limit": limit, "offset": offset}
        response = yield self._request("GET", api_path("shows/{}/episodes", show_id), params)
        return expect_model(response, model.SimpleEpisodePaging)
