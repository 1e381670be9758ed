"""Browse, markets and recommendations: ``/browse/...``, ``/markets``, ``/recommendations``.

Every operation here is deprecated (extended quota only).  The data is the catalogue's:
categories over Spotify's editorial playlists, the newest albums, the artists' genres as
recommendation seeds, and recommendations drawn from the seeds' tracks, filtered and
ordered on the invented audio features.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import msgspec
from msgspec import Raw

from spotipy.emulator._catalogue import SPOTIFY_USER_ID, TUNABLE
from spotipy.emulator._params import Param, ids, integer, market, paging, text
from spotipy.emulator._routing import CATALOGUE, ApiError, Context, web_api
from spotipy.emulator.routes._common import kept_query

__all__: list[str] = []

_encode = msgspec.json.encode

#: The message Spotify sends with featured playlists.
FEATURED_MESSAGE: Final = "Editor's picks"
#: Most seeds, of all three kinds together, one recommendation takes.
MAX_SEEDS: Final = 5


def _editorial(ctx: Context) -> list[Any]:
    return [p for p in ctx.state.playlists.values() if p.owner == SPOTIFY_USER_ID]


def _playlist_page(ctx: Context, path: str, playlists: list[Any], message: str) -> bytes:
    limit: int = ctx.args["limit"]
    offset: int = ctx.args["offset"]
    page = ctx.render.page(
        path,
        [Raw(ctx.render.playlist_simple(p)) for p in playlists[offset:][:limit]],
        total=len(playlists),
        offset=offset,
        limit=limit,
        query=kept_query(ctx),
    )
    return _encode({"message": message, "playlists": Raw(page)})


@web_api.get(
    "/browse/featured-playlists",
    cache=CATALOGUE,
    deprecated=True,
    query=(text("locale"), paging(20, 50)),
)
def get_featured_playlists(ctx: Context) -> bytes:
    """Answer Spotify's editorial playlists with a message."""
    return _playlist_page(ctx, "/browse/featured-playlists", _editorial(ctx), FEATURED_MESSAGE)


@web_api.get(
    "/browse/categories", cache=CATALOGUE, deprecated=True, query=(text("locale"), paging(20, 50))
)
def get_categories(ctx: Context) -> bytes:
    """Answer a page of CategoryObjects under ``categories``."""
    limit: int = ctx.args["limit"]
    offset: int = ctx.args["offset"]
    count = len(ctx.state.catalogue.categories)
    page = ctx.render.page(
        "/browse/categories",
        [Raw(ctx.render.category(c)) for c in range(count)[offset:][:limit]],
        total=count,
        offset=offset,
        limit=limit,
        query=kept_query(ctx),
    )
    return _encode({"categories": Raw(page)})


def _category(ctx: Context) -> int:
    found = ctx.state.catalogue.category_index.get(ctx.params["category_id"])
    if found is None:
        raise ApiError(404, "Resource not found")
    return found


@web_api.get(
    "/browse/categories/{category_id}", cache=CATALOGUE, deprecated=True, query=(text("locale"),)
)
def get_category(ctx: Context) -> bytes:
    """Answer a CategoryObject."""
    return ctx.render.category(_category(ctx))


@web_api.get(
    "/browse/categories/{category_id}/playlists",
    cache=CATALOGUE,
    deprecated=True,
    query=(paging(20, 50),),
)
def get_category_playlists(ctx: Context) -> bytes:
    """Answer the category's editorial playlists, its name as the message."""
    category = ctx.state.catalogue.categories[_category(ctx)]
    playlists = [p for i in category.playlists if (p := ctx.state.playlists.get(i)) is not None]
    return _playlist_page(
        ctx, f"/browse/categories/{category.id}/playlists", playlists, category.name
    )


@web_api.get("/browse/new-releases", cache=CATALOGUE, deprecated=True, query=(paging(20, 50),))
def get_new_releases(ctx: Context) -> bytes:
    """Answer a page of the newest SimplifiedAlbumObjects under ``albums``."""
    limit: int = ctx.args["limit"]
    offset: int = ctx.args["offset"]
    albums = ctx.state.catalogue.new_releases
    page = ctx.render.page(
        "/browse/new-releases",
        [Raw(ctx.render.album_simple(a)) for a in albums[offset:][:limit]],
        total=len(albums),
        offset=offset,
        limit=limit,
        query=kept_query(ctx),
    )
    return _encode({"albums": Raw(page)})


@web_api.get("/markets", cache=CATALOGUE, deprecated=True)
def get_available_markets(ctx: Context) -> bytes:
    """Answer the markets where the catalogue is available."""
    return _encode({"markets": ctx.state.catalogue.markets})


@web_api.get("/recommendations/available-genre-seeds", cache=CATALOGUE, deprecated=True)
def get_recommendation_genres(ctx: Context) -> bytes:
    """Answer the genres that seed recommendations: those of the catalogue's artists."""
    return _encode({"genres": ctx.state.catalogue.genres})


# Recommendations ------------------------------------------------------------------------

#: Each tunable attribute's range and whether it is an integer, as the spec declares them.
_RANGES: Final[Mapping[str, tuple[float | None, float | None, bool]]] = {
    "acousticness": (0, 1, False),
    "danceability": (0, 1, False),
    "duration_ms": (None, None, True),
    "energy": (0, 1, False),
    "instrumentalness": (0, 1, False),
    "key": (0, 11, True),
    "liveness": (0, 1, False),
    "loudness": (None, None, False),
    "mode": (0, 1, True),
    "popularity": (0, 100, True),
    "speechiness": (0, 1, False),
    "tempo": (None, None, False),
    "time_signature": (None, 11, True),
    "valence": (0, 1, False),
}


@dataclass(frozen=True, slots=True)
class _Tuning:
    """``min_``, ``max_`` and ``target_`` of every tunable attribute, into ``tuning``."""

    def parse(self, query: Mapping[str, str], args: dict[str, Any]) -> None:
        tuning: dict[str, float] = {}
        for attribute in TUNABLE:
            low, high, whole = _RANGES[attribute]
            for prefix in ("min", "max", "target"):
                name = f"{prefix}_{attribute}"
                raw = query.get(name)
                if raw is None:
                    continue
                try:
                    value = int(raw) if whole else float(raw)
                except ValueError:
                    raise ApiError(400, f"Invalid {name}") from None
                if not math.isfinite(value) or (
                    (low is not None and value < low) or (high is not None and value > high)
                ):
                    raise ApiError(400, f"Invalid {name}")
                tuning[name] = value
        args["tuning"] = tuning


_TUNING: Final[Param] = _Tuning()


@web_api.get(
    "/recommendations",
    cache=CATALOGUE,
    deprecated=True,
    query=(
        integer("limit", 1, 100, default=20),
        market(),
        ids(MAX_SEEDS, name="seed_artists", required=False),
        ids(MAX_SEEDS, "user", name="seed_genres", required=False),
        ids(MAX_SEEDS, name="seed_tracks", required=False),
        _TUNING,
    ),
)
def get_recommendations(ctx: Context) -> bytes:
    """Answer tracks for 1 to 5 seeds, with each seed's pool sizes.

    Unknown artist and track seeds answer 400 "Invalid seed"; an unknown genre seeds
    nothing.
    """
    catalogue = ctx.state.catalogue
    artists: list[str] = ctx.args["seed_artists"] or []
    genres: list[str] = ctx.args["seed_genres"] or []
    tracks: list[str] = ctx.args["seed_tracks"] or []
    count = len(artists) + len(genres) + len(tracks)
    if count == 0:
        raise ApiError(400, "Missing seed: give seed_artists, seed_genres or seed_tracks")
    if count > MAX_SEEDS:
        raise ApiError(400, f"Too many seeds: at most {MAX_SEEDS}")
    try:
        artist_seeds = [catalogue.artist_index[a] for a in artists]
        track_seeds = [catalogue.track_index[t] for t in tracks]
    except KeyError:
        raise ApiError(400, "Invalid seed") from None
    chosen, seeds = catalogue.recommend(
        artist_seeds, genres, track_seeds, ctx.args["tuning"], ctx.args["limit"]
    )
    return ctx.render.recommendations(chosen, seeds)
