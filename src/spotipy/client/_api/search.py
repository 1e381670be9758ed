"""Search."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from spotipy._flow import Flow, Mode, describe, endpoint, expect_model
from spotipy.client._base import (
    SEARCH_MAX_OFFSET,
    SpotifyBase,
    check_limit,
    check_market,
    check_offset,
)
from spotipy.errors import ResponseError
from spotipy.model import OffsetPaging, SearchResult

#: Item types that search accepts, each answered under the plural key.
SEARCH_TYPES: Final = ("album", "artist", "playlist", "track", "show", "episode", "audiobook")


class SpotifySearch(SpotifyBase[Mode]):
    """Search endpoint."""

    @endpoint(operation="search", max_limit=10)
    def search(
        self,
        query: str,
        types: Iterable[str] = ("track",),
        *,
        market: str | None = None,
        include_external: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> Flow[tuple[OffsetPaging[Any], ...]]:
        """Search the catalogue.

        Parameters
        ----------
        query
            Search query, with Spotify's field filters (``artist:``, ``year:`` ...).
        types
            Item types to search for: ``album``, ``artist``, ``playlist``, ``track``,
            ``show``, ``episode``, ``audiobook``.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        include_external
            ``"audio"`` to mark externally hosted audio as playable.
        limit
            Number of results per type, 1 to 10 (Spotify's 2026 cap).
        offset
            Index of the first result, 0 to 1000.

        Returns
        -------
        tuple
            One paging per requested type, in the order of ``types``.  Their
            :meth:`~spotipy.Spotify.next` pages work as for any other paging.
        """
        if not isinstance(query, str) or not query.strip():
            raise ValueError("search query must be a non-empty string")
        wanted = [str(t) for t in ([types] if isinstance(types, str) else types)]
        if not wanted:
            raise ValueError("no search types given")
        unknown = sorted(set(wanted) - set(SEARCH_TYPES))
        if unknown:
            raise ValueError(f"unknown search types {unknown}; expected some of {SEARCH_TYPES}")
        if include_external not in (None, "audio"):
            raise ValueError("include_external must be None or 'audio'")
        params = {
            "q": query,
            "type": ",".join(wanted),
            "market": check_market(market),
            "include_external": include_external,
            "limit": check_limit(limit, 10),
            "offset": check_offset(offset, SEARCH_MAX_OFFSET),
        }
        response = yield self._request("GET", "search", params)
        result = expect_model(response, SearchResult)
        if all(getattr(result, f"{t}s") is None for t in wanted):
            # Not one requested result type: this is not a search answer at all.
            raise ResponseError(
                f"{describe(response)}: the body has none of the requested results {wanted}",
                response,
            )
        return tuple(result.paging(t) for t in wanted)
