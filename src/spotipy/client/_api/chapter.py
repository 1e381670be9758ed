"""Chapters of audiobooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import deprecated

from spotipy import model
from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase, api_path
from spotipy.client._decode import expect_model
from spotipy.client._endpoint import endpoint
from spotipy.client._params import ChapterId, ChapterIds, Market

if TYPE_CHECKING:
    from spotipy.model import FullChapter


class SpotifyChapter(SpotifyBase[Mode]):
    """Chapters of audiobooks."""

    @endpoint(operation="get-a-chapter")
    def chapter(self, chapter_id: ChapterId, *, market: Market = None) -> Flow[FullChapter]:
        """Get a chapter with its audiobook.

        Parameters
        ----------
        chapter_id
            The chapter's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        """
        response = yield self._request(
            "GET", api_path("chapters/{}", chapter_id), {"market": market}
        )
        return expect_model(response, model.FullChapter)

    @endpoint(operation="get-several-chapters", max_ids=50, replacement="chapter")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def chapters(
        self, chapter_ids: ChapterIds, *, market: Market = None
    ) -> Flow[list[FullChapter | None]]:
        """Get several chapters, in the order of ``chapter_ids`` (``None`` for an unknown ID).

        Parameters
        ----------
        chapter_ids
            The chapters' IDs, URIs or URLs.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        """
        return self._several("chapters", chapter_ids, model.FullChapter, market=market)
