"""Cases of the browse area: categories, featured playlists, markets, recommendations."""

from __future__ import annotations

from tests.endpoints import Case, Ref

CASES: list[Case] = [
    Case(
        "featured_playlists",
        (),
        {
            "country": "SE",
            "locale": "sv_SE",
            "timestamp": "2026-02-01T09:00:00",
            "limit": 3,
            "offset": 1,
        },
    ),
    Case("new_releases", (), {"country": "SE", "limit": 50, "offset": 5}),
    Case("categories", (), {"country": "SE", "locale": "sv_SE", "limit": 5, "offset": 2}),
    Case("category", (Ref("category"),), {"country": "SE", "locale": "sv_SE"}),
    Case("category_playlists", (Ref("category"),), {"country": "SE", "limit": 2, "offset": 0}),
    Case("available_markets"),
    Case(
        "recommendations",
        (),
        {
            "artist_ids": [Ref("artist")],
            "genres": [Ref("genre")],
            "track_ids": Ref("tracks"),
            "limit": 100,
            "market": "SE",
            # Integers where the spec sets a maximum (the request sweep reads them as int).
            "min_popularity": 5,
            "max_popularity": 100,
            "min_duration_ms": 60_000,
            "target_tempo": 120.0,
        },
    ),
    Case("recommendation_genre_seeds"),
]
