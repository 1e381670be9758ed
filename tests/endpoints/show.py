"""Cases of the show area."""

from __future__ import annotations

from tests.endpoints import Case, Ref

CASES: list[Case] = [
    Case("show", (Ref("show"),), {"market": "SE"}),
    Case("shows", (Ref("shows"),), {"market": "SE"}),
    Case("show_episodes", (Ref("show"),), {"market": "SE", "limit": 50, "offset": 1}),
]
