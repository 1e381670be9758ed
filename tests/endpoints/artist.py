"""Cases of the artist area."""

from __future__ import annotations

from tests.endpoints import Case, Ref

CASES: list[Case] = [
    Case("artist", (Ref("artist"),)),
    Case("artists", (Ref("artists"),)),
    Case(
        "artist_albums",
        (Ref("artist"),),
        {"include_groups": ["album", "single"], "market": "SE", "limit": 10, "offset": 1},
    ),
]
CASES += [
    Case("artist_top_tracks", (Ref("artist"), "SE")),
    Case("artist_related_artists", (Ref("artist"),)),
]
