"""Browse: categories, featured playlists, new releases, markets, recommendations.

Every operation here is deprecated: Spotify serves them only to apps with extended quota,
and offers no replacement.  Spotify's spec no longer declares ``country`` (nor
``timestamp``) for the browse operations; the 2020 spotipy API's arguments of those names are still
accepted and checked, but not sent, since Spotify refuses undeclared parameters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeVar

import msgspec
from typing_extensions import deprecated

from spotipy import model
from spotipy._flow import Flow, Mode
from spotipy.client._base import SpotifyBase, api_path
from spotipy.client._decode import expect_items, expect_model, expect_page
from spotipy.client._endpoint import endpoint
from spotipy.client._params import Check, Ids, Limit, Market, Offset, Text

if TYPE_CHECKING:
    from spotipy.client._endpoint import Endpoint
    from spotipy.model import (
        Category,
        CategoryPaging,
        Recommendations,
        SimpleAlbumPaging,
        SimplePlaylistPaging,
    )

__all__ = ["CategoryId", "SeedGenres", "SeedIds", "Tuning"]

T = TypeVar("T")

#: Most seeds (artists, genres and tracks together) one recommendation takes.
MAX_SEEDS: Final = 5


class _Featured(msgspec.Struct, kw_only=True):
    """A message with a paging of playlists (featured and category playlists)."""

    message: str | None = None
    playlists: model.SimplePlaylistPaging


# Checks ----------------------------------------------------------------------------------

_CATEGORY_ID: Final = re.compile(r"[0-9A-Za-z_-]{1,100}")


class CategoryId(Check):
    """A browse category's ID (``toplists``, ``0JQ5DAqbMKFQ00XGBls6ym``): safe in a path."""

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> str:
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
        if _CATEGORY_ID.fullmatch(value) is None:
            raise ValueError(f"{name} must be letters, digits, '_' or '-', got {value[:80]!r}")
        return value


class SeedIds(Check):
    """Seed IDs, URIs or URLs of ``kind`` (one string is one ID), or ``None``.

    The flow gets bare IDs.  Unlike :class:`~spotipy.client._params.Ids` the list is never
    split into requests: all seeds go in one request.
    """

    def __init__(self, kind: str) -> None:
        self.ids = Ids(kind)

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> list[str] | None:
        if value is None:
            return None
        return self.ids(value, name, facts)

    def __repr__(self) -> str:
        return f"SeedIds({self.ids.kind!r})"


class SeedGenres(Check):
    """Genre seeds (one string is one genre), or ``None``."""

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> list[str] | None:
        if value is None:
            return None
        genres = [value] if isinstance(value, str) else value
        if not isinstance(genres, Iterable):
            raise TypeError(f"{name} must be a str or an iterable of str")
        found = list(genres)
        if not found:
            raise ValueError(f"{name} must not be empty")
        for genre in found:
            if not isinstance(genre, str):
                raise TypeError(f"{name} must hold str, not {type(genre).__name__}")
            if not genre.strip() or "," in genre:
                raise ValueError(f"{name} must hold non-empty genres without commas: {genre!r}")
        return found


#: Range of each tunable attribute (``None``: unbounded) and whether it is an integer,
#: as Spotify declares them.
_RANGES: Final[Mapping[str, tuple[float | None, float | None, bool]]] = {
    "acousticness": (0, 1, False),
    "danceability": (0, 1, False),
    "duration_ms": (0, None, True),
    "energy": (0, 1, False),
    "instrumentalness": (0, 1, False),
    "key": (0, 11, True),
    "liveness": (0, 1, False),
    "loudness": (None, None, False),
    "mode": (0, 1, True),
    "popularity": (0, 100, True),
    "speechiness": (0, 1, False),
    "tempo": (0, None, False),
    "time_signature": (0, 11, True),
    "valence": (0, 1, False),
}


class Tuning(Check):
    """``min_``, ``max_`` and ``target_`` keywords of each :class:`RecommendationAttribute`.

    The descriptor passes the whole ``**attributes`` dict; any other keyword, a value of
    the wrong type or out of the attribute's range raises before a request.
    """

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> dict[str, float]:
        checked: dict[str, float] = {}
        for key, number in dict(value).items():
            prefix, _, attribute = str(key).partition("_")
            if prefix not in ("min", "max", "target") or attribute not in _RANGES:
                raise ValueError(
                    f"unknown recommendation attribute {key!r}: expected min_, max_ or target_"
                    f" and one of {sorted(_RANGES)}"
                )
            low, high, whole = _RANGES[attribute]
            if isinstance(number, bool) or not isinstance(number, int | float):
                raise TypeError(f"{key} must be a number, not {type(number).__name__}")
            if whole and not isinstance(number, int):
                raise TypeError(f"{key} must be an int, not {type(number).__name__}")
            if not math.isfinite(number) or (
                (low is not None and number < low) or (high is not None and number > high)
            ):
                bounds = f"{'-inf' if low is None else low} and {'inf' if high is None else high}"
                raise ValueError(f"{key} must be between {bounds}, got {number}")
            checked[key] = number
        return checked


def _seeds(*groups: Any) -> list[str | None]:
    """The checked seed lists comma-joined, checking there are 1 to 5 seeds in all.

    The one rule across arguments, so no single declared check can hold it; it runs in
    the flow before the request.
    """
    count = sum(len(g) for g in groups if g)
    if not 1 <= count <= MAX_SEEDS:
        raise ValueError(
            f"recommendations take 1 to {MAX_SEEDS} seeds (artists, genres and tracks"
            f" together), got {count}"
        )
    return [",".join(g) if g else None for g in groups]


class SpotifyBrowse(SpotifyBase[Mode]):
    """Browse: categories, featured playlists, new releases, markets, recommendations."""

    @endpoint(operation="get-featured-playlists", max_limit=50)
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def featured_playlists(
        self,
        country: Market = None,
        locale: Annotated[str | None, Text()] = None,
        timestamp: Annotated[str | None, Text()] = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Flow[tuple[str, SimplePlaylistPaging]]:
        """Get Spotify's featured playlists and the message that goes with them.

        Parameters
        ----------
        country
            ISO 3166-1 alpha-2 country code: checked but not sent, as Spotify's spec no
            longer declares it for this operation.
        locale
            Language and country of the message, e.g. ``sv_SE`` (sent as ``locale``).
        timestamp
            Local time in ISO 8601, e.g. ``2014-10-23T09:00:00``: checked but not sent,
            as Spotify's spec no longer declares it.
        limit
            Number of playlists per page, 1 to 50.
        offset
            Index of the first playlist.

        Returns
        -------
        tuple
            The message (``""`` when Spotify sends none) and a page of playlists.
        """
        params = {"locale": locale, "limit": limit, "offset": offset}
        response = yield self._request("GET", api_path("browse/featured-playlists"), params)
        found = expect_model(response, _Featured)
        return found.message or "", found.playlists

    @endpoint(operation="get-new-releases", max_limit=50)
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def new_releases(
        self, country: Market = None, limit: Limit = 20, offset: Offset = 0
    ) -> Flow[SimpleAlbumPaging]:
        """Get a page of new album releases.

        Parameters
        ----------
        country
            ISO 3166-1 alpha-2 country code: checked but not sent, as Spotify's spec no
            longer declares it for this operation.
        limit
            Number of albums per page, 1 to 50.
        offset
            Index of the first album.
        """
        params = {"limit": limit, "offset": offset}
        response = yield self._request("GET", api_path("browse/new-releases"), params)
        return expect_page(response, model.SimpleAlbumPaging)

    @endpoint(operation="get-categories", max_limit=50)
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def categories(
        self,
        country: Market = None,
        locale: Annotated[str | None, Text()] = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Flow[CategoryPaging]:
        """Get a page of browse categories.

        Parameters
        ----------
        country
            ISO 3166-1 alpha-2 country code: checked but not sent, as Spotify's spec no
            longer declares it for this operation.
        locale
            Language and country of the names, e.g. ``sv_SE`` (sent as ``locale``).
        limit
            Number of categories per page, 1 to 50.
        offset
            Index of the first category.
        """
        params = {"locale": locale, "limit": limit, "offset": offset}
        response = yield self._request("GET", api_path("browse/categories"), params)
        return expect_page(response, model.CategoryPaging)

    @endpoint(operation="get-a-category")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def category(
        self,
        category_id: Annotated[str, CategoryId()],
        country: Market = None,
        locale: Annotated[str | None, Text()] = None,
    ) -> Flow[Category]:
        """Get a browse category.

        Parameters
        ----------
        category_id
            The category's ID, e.g. ``toplists``.
        country
            ISO 3166-1 alpha-2 country code: checked but not sent, as Spotify's spec no
            longer declares it for this operation.
        locale
            Language and country of the name, e.g. ``sv_SE`` (sent as ``locale``).
        """
        response = yield self._request(
            "GET", api_path("browse/categories/{}", category_id), {"locale": locale}
        )
        return expect_model(response, model.Category)

    @endpoint(operation="get-a-categories-playlists", max_limit=50)
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def category_playlists(
        self,
        category_id: Annotated[str, CategoryId()],
        country: Market = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Flow[SimplePlaylistPaging]:
        """Get a page of a category's playlists.

        Parameters
        ----------
        category_id
            The category's ID, e.g. ``toplists``.
        country
            ISO 3166-1 alpha-2 country code: checked but not sent, as Spotify's spec no
            longer declares it for this operation.
        limit
            Number of playlists per page, 1 to 50.
        offset
            Index of the first playlist.
        """
        params = {"limit": limit, "offset": offset}
        response = yield self._request(
            "GET", api_path("browse/categories/{}/playlists", category_id), params
        )
        return expect_model(response, _Featured).playlists

    @endpoint(operation="get-available-markets")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def available_markets(self) -> Flow[list[str]]:
        """Get the country codes of the markets where Spotify is available."""
        response = yield self._request("GET", api_path("markets"))
        return expect_items(response, "markets", str)

    @endpoint(operation="get-recommendations", max_limit=100)
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def recommendations(
        self,
        /,
        artist_ids: Annotated[str | Iterable[str] | None, SeedIds("artist")] = None,
        genres: Annotated[str | Iterable[str] | None, SeedGenres()] = None,
        track_ids: Annotated[str | Iterable[str] | None, SeedIds("track")] = None,
        limit: Limit = 20,
        market: Market = None,
        **attributes: Annotated[float, Tuning()],
    ) -> Flow[Recommendations]:
        """Get tracks recommended from seed artists, genres and tracks.

        Parameters
        ----------
        artist_ids
            Seed artists' IDs, URIs or URLs (sent as ``seed_artists``).
        genres
            Seed genres, from :meth:`recommendation_genre_seeds` (sent as ``seed_genres``).
        track_ids
            Seed tracks' IDs, URIs or URLs (sent as ``seed_tracks``).
        limit
            Number of tracks, 1 to 100.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        **attributes
            ``min_<attribute>``, ``max_<attribute>`` and ``target_<attribute>`` of each
            :class:`~spotipy.model.RecommendationAttribute`, e.g. ``min_energy=0.4``,
            ``target_tempo=120``.

        Raises
        ------
        ValueError
            With no seed or more than 5 in all, or an unknown attribute keyword, before
            any request.
        """
        artists, chosen_genres, tracks = _seeds(artist_ids, genres, track_ids)
        params: dict[str, object] = {
            "limit": limit,
            "market": market,
            "seed_artists": artists,
            "seed_genres": chosen_genres,
            "seed_tracks": tracks,
            **attributes,
        }
        response = yield self._request("GET", api_path("recommendations"), params)
        return expect_model(response, model.Recommendations)

    @endpoint(operation="get-recommendation-genres")
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def recommendation_genre_seeds(self) -> Flow[list[str]]:
        """Get the genres that may seed recommendations."""
        response = yield self._request("GET", api_path("recommendations/available-genre-seeds"))
        return expect_items(response, "genres", str)
