"""Search."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Final

from spotipy._flow import Flow, Mode, describe
from spotipy.client._base import SEARCH_MAX_OFFSET, SpotifyBase
from spotipy.client._decode import expect_model
from spotipy.client._endpoint import endpoint
from spotipy.client._params import Limit, Market, Offset, OneOf, SomeOf, Text
from spotipy.errors import ResponseError
from spotipy.model import OffsetPaging, SearchResult

#: Item types that search accepts, each answered under the plural key.
SEARCH_TYPES: Final = ("album", "artist", "playlist", "track", "show", "episode", "audiobook")


class SpotifySearch(SpotifyBase[Mode]):
    """Search endpoint."""

    @endpoint(operation="search", max_limit=10, max_offset=SEARCH_MAX_OFFSET)
    def search(
        self,
        query: Annotated[str, Text()],
        types: Annotated[str | Iterable[str], SomeOf(*SEARCH_TYPES)] = ("track",),
        *,
        market: Market = None,
        include_external: Annotated[str | None, OneOf("audio")] = None,
        limit: Limit = 10,
        offset: Offset = 0,
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
        joined = types if isinstance(types, str) else ",".join(types)
        params = {
            "q": query,
            "type": joined,
            "market": market,
            "include_external": include_external,
            "limit": limit,
            "offset": offset,
        }
        response = yield self._request("GET", "search", params)
        result = expect_model(response, SearchResult)
        wanted = joined.split(",")
        if all(getattr(result, f"{t}s") is None for t in wanted):
            # Not one requested result type: this is not a search answer at all.
            raise ResponseError(
                f"{describe(response)}: the body has none of the requested results {wanted}",
                response,
            )
        return tuple(result.paging(t) for t in wanted)
