"""Podcast episodes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import deprecated

from spotipy import model
from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase, api_path
from spotipy.client._decode import expect_model
from spotipy.client._endpoint import endpoint
from spotipy.client._params import EpisodeId, EpisodeIds, Market

if TYPE_CHECKING:
    from spotipy.model import FullEpisode


class SpotifyEpisode(SpotifyBase[Mode]):
    """Podcast episodes."""

    @endpoint(operation="get-an-episode", optional_scope=("user-read-playback-position",))
    def episode(self, episode_id: EpisodeId, *, market: Market = None) -> Flow[FullEpisode]:
        """Get an episode with its show.

        A user token with ``user-read-playback-position`` adds its ``resume_point``.

        Parameters
        ----------
        episode_id
            The episode's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        """
        response = yield self._request(
            "GET", api_path("episodes/{}", episode_id), {"market": market}
        )
        return expect_model(response, model.FullEpisode)

    @endpoint(
        operation="get-multiple-episodes",
        optional_scope=("user-read-playback-position",),
        max_ids=50,
        replacement="episode",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def episodes(
        self, episode_ids: EpisodeIds, *, market: Market = None
    ) -> Flow[list[FullEpisode | None]]:
        """Get several episodes, in the order of ``episode_ids`` (``None`` for an unknown ID).

        Parameters
        ----------
        episode_ids
            The episodes' IDs, URIs or URLs.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        """
        return self._several("episodes", episode_ids, model.FullEpisode, market=market)
