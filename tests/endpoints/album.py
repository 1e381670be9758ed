"""Cases of the album area."""

from __future__ import annotations

from tests.endpoints import Case, Ref

CASES: list[Case] = [
    Case("album", (Ref("album"),), {"market": "SE"}),
    Case("albums", (Ref("albums"),), {"market": "SE"}),
    Case("album_tracks", (Ref("album"),), {"market": "SE", "limit": 50, "offset": 3}),
]
