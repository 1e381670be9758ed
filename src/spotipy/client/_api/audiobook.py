"""Audiobooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import deprecated

from spotipy import model
from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase, api_path
from spotipy.client._decode import expect_model
from spotipy.client._endpoint import endpoint
from spotipy.client._params import AudiobookId, AudiobookIds, Limit, Market, Offset

if TYPE_CHECKING:
    from spotipy.model import FullAudiobook, SimpleChapterPaging


class SpotifyAudiobook(SpotifyBase[Mode]):
    """Audiobooks."""

    @endpoint(operation="get-an-audiobook")
    def audiobook(self, audiobook_id: AudiobookId, *, market: Market = None) -> Flow[FullAudiobook]:
        """Get an audiobook with the first page of its chapters.

        Parameters
        ----------
        audiobook_id
            The audiobook's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``: audiobooks are
            available in a few markets only.
        """
        response = yield self._request(
            "GET", api_path("audiobooks/{}", audiobook_id), {"market": market}
        )
        return expect_model(response, model.FullAudiobook)

    @endpoint(operation="get-multiple-audiobooks", max_ids=50, replacement="audiobook")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def audiobooks(
        self, audiobook_ids: AudiobookIds, *, market: Market = None
    ) -> Flow[list[FullAudiobook | None]]:
        """Get several audiobooks, in the order of ``audiobook_ids`` (``None`` if unknown).

        Parameters
        ----------
        audiobook_ids
            The audiobooks' IDs, URIs or URLs.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        """
        return self._several("audiobooks", audiobook_ids, model.FullAudiobook, market=market)

    @endpoint(operation="get-audiobook-chapters", max_limit=50)
    def audiobook_chapters(
        self,
        audiobook_id: AudiobookId,
        *,
        market: Market = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Flow[SimpleChapterPaging]:
        """Get a page of an audiobook's chapters.

        Parameters
        ----------
        audiobook_id
            The audiobook's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of chapters per page, 1 to 50.
        offset
            Index of the first chapter.
        """
        params = {"market": market, "limit": limit, "offset": offset}
        response = yield self._request(
            "GET", api_path("audiobooks/{}/chapters", audiobook_id), params
        )
        return expect_model(response, model.SimpleChapterPaging)
