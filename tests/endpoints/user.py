"""Cases of the user area."""

from __future__ import annotations

from tests.endpoints import Case, Ref

CASES: list[Case] = [
    Case("current_user", ()),
    Case("user", (Ref("user_id"),)),
]
CASES += [
    Case("current_user_top_artists", (), {"time_range": "short_term", "limit": 50, "offset": 3}),
    Case("current_user_top_tracks", (), {"time_range": "long_term", "limit": 5, "offset": 10}),
]
