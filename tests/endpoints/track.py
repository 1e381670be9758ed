"""Cases of the track area."""

from __future__ import annotations

from tests.endpoints import Case, Ref

CASES: list[Case] = [
    Case("track", (Ref("track"),), {"market": "SE"}),
    Case("tracks", (Ref("tracks"),), {"market": "SE"}),
]
CASES += [
    Case("track_audio_features", (Ref("track"),)),
    Case("tracks_audio_features", (Ref("tracks"),)),
    Case("track_audio_analysis", (Ref("track"),)),
]
