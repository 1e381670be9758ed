"""Cases of the playlist area."""

from __future__ import annotations

from tests.endpoints import Case, Ref

CASES: list[Case] = [
    Case("playlist", (Ref("big_playlist"),), {"market": "SE"}),
    Case("playlist_items", (Ref("own_playlist"),), {"market": "SE", "limit": 50, "offset": 1}),
    Case("playlist_tracks", (Ref("own_playlist"),), {"limit": 5}),
]
CASES += [
    Case("playlist_tracks_legacy", (Ref("own_playlist"),), {"market": "SE", "limit": 100}),
]
