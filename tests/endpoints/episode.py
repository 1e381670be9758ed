"""Cases of the episode area."""

from __future__ import annotations

from tests.endpoints import Case, Ref

CASES: list[Case] = [
    Case("episode", (Ref("episode"),), {"market": "SE"}),
    Case("episodes", (Ref("episodes"),), {"market": "SE"}),
]
