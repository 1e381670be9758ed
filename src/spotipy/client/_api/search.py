"""Search."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Concatenate,
    Final,
    Literal,
    ParamSpec,
    Protocol,
    TypedDict,
    TypeVar,
    overload,
)

from typing_extensions import Unpack

from spotipy import model
from spotipy._flow import Async, Flow, FlowRunner, Mode, Sync, describe
from spotipy.client._base import SEARCH_MAX_OFFSET, SpotifyBase, api_path
from spotipy.client._decode import expect_model
from spotipy.client._endpoint import Endpoint
from spotipy.client._params import Limit, Market, Offset, OneOf, SomeOf, Text
from spotipy.errors import ResponseError

if TYPE_CHECKING:
    from spotipy.model import (
        FullArtistOffsetPaging,
        FullTrackPaging,
        OffsetPaging,
        SimpleAlbumPaging,
        SimpleAudiobookPaging,
        SimpleEpisodePaging,
        SimplePlaylistPaging,
        SimpleShowPaging,
    )

#: Item types that search accepts, each answered under the plural key.
SEARCH_TYPES: Final = ("album", "artist", "playlist", "track", "show", "episode", "audiobook")


P = ParamSpec("P")
T = TypeVar("T")


class SearchOptions(TypedDict, total=False):
    """The keyword options of :meth:`~spotipy.Spotify.search`."""

    market: str | None
    include_external: str | None
    limit: int
    offset: int


# What mypy sees of ``search``: one overload per single type gives the exact paging
# (``tracks, = spotify.search(q)`` is a FullTrackPaging); several types give a tuple of
# pagings of any type.  The runtime object is an ordinary Endpoint.
class _Search(Protocol):
    @overload
    def __call__(self, query: str, **options: Unpack[SearchOptions]) -> tuple[FullTrackPaging]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["track"]] | Literal["track"],
        **options: Unpack[SearchOptions],
    ) -> tuple[FullTrackPaging]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["artist"]] | Literal["artist"],
        **options: Unpack[SearchOptions],
    ) -> tuple[FullArtistOffsetPaging]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["album"]] | Literal["album"],
        **options: Unpack[SearchOptions],
    ) -> tuple[SimpleAlbumPaging]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["playlist"]] | Literal["playlist"],
        **options: Unpack[SearchOptions],
    ) -> tuple[SimplePlaylistPaging]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["show"]] | Literal["show"],
        **options: Unpack[SearchOptions],
    ) -> tuple[SimpleShowPaging]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["episode"]] | Literal["episode"],
        **options: Unpack[SearchOptions],
    ) -> tuple[SimpleEpisodePaging]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["audiobook"]] | Literal["audiobook"],
        **options: Unpack[SearchOptions],
    ) -> tuple[SimpleAudiobookPaging]: ...
    @overload
    def __call__(
        self, query: str, types: Iterable[str], **options: Unpack[SearchOptions]
    ) -> tuple[OffsetPaging[Any], ...]: ...


class _AsyncSearch(Protocol):
    @overload
    def __call__(
        self, query: str, **options: Unpack[SearchOptions]
    ) -> Awaitable[tuple[FullTrackPaging]]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["track"]] | Literal["track"],
        **options: Unpack[SearchOptions],
    ) -> Awaitable[tuple[FullTrackPaging]]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["artist"]] | Literal["artist"],
        **options: Unpack[SearchOptions],
    ) -> Awaitable[tuple[FullArtistOffsetPaging]]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["album"]] | Literal["album"],
        **options: Unpack[SearchOptions],
    ) -> Awaitable[tuple[SimpleAlbumPaging]]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["playlist"]] | Literal["playlist"],
        **options: Unpack[SearchOptions],
    ) -> Awaitable[tuple[SimplePlaylistPaging]]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["show"]] | Literal["show"],
        **options: Unpack[SearchOptions],
    ) -> Awaitable[tuple[SimpleShowPaging]]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["episode"]] | Literal["episode"],
        **options: Unpack[SearchOptions],
    ) -> Awaitable[tuple[SimpleEpisodePaging]]: ...
    @overload
    def __call__(
        self,
        query: str,
        types: tuple[Literal["audiobook"]] | Literal["audiobook"],
        **options: Unpack[SearchOptions],
    ) -> Awaitable[tuple[SimpleAudiobookPaging]]: ...
    @overload
    def __call__(
        self, query: str, types: Iterable[str], **options: Unpack[SearchOptions]
    ) -> Awaitable[tuple[OffsetPaging[Any], ...]]: ...


class _SearchEndpoint(Endpoint[P, T]):
    """The search endpoint, typed per requested type (see :class:`_Search`)."""

    @overload  # type: ignore[override]
    def __get__(self, obj: None, owner: type[Any]) -> _SearchEndpoint[P, T]: ...
    @overload
    def __get__(self, obj: FlowRunner[Sync], owner: type[Any]) -> _Search: ...
    @overload
    def __get__(self, obj: FlowRunner[Async], owner: type[Any]) -> _AsyncSearch: ...
    def __get__(self, obj: FlowRunner[Any] | None, owner: type[Any]) -> Any:
        return super().__get__(obj, owner)


def _search_endpoint(func: Callable[Concatenate[Any, P], Flow[T]]) -> _SearchEndpoint[P, T]:
    return _SearchEndpoint(func, operation="search", max_limit=10, max_offset=SEARCH_MAX_OFFSET)


class SpotifySearch(SpotifyBase[Mode]):
    """Search endpoint."""

    @_search_endpoint
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
            Type checkers see the exact paging class when one type is asked for.
        """
        # Checked (as its default is): the types comma-joined.
        joined = str(types)
        params = {
            "q": query,
            "type": joined,
            "market": market,
            "include_external": include_external,
            "limit": limit,
            "offset": offset,
        }
        response = yield self._request("GET", api_path("search"), params)
        result = expect_model(response, model.SearchResult)
        wanted = joined.split(",")
        if all(getattr(result, f"{t}s") is None for t in wanted):
            # Not one requested result type: this is not a search answer at all.
            raise ResponseError(
                f"{describe(response)}: the body has none of the requested results {wanted}",
                response,
            )
        return tuple(result.paging(t) for t in wanted)
