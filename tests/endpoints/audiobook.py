"""Cases of the audiobook area."""

from __future__ import annotations

from tests.endpoints import Case, Ref

CASES: list[Case] = [
    Case("audiobook", (Ref("audiobook"),), {"market": "SE"}),
    Case("audiobooks", (Ref("audiobooks"),), {"market": "SE"}),
    Case("audiobook_chapters", (Ref("audiobook"),), {"market": "SE", "limit": 50, "offset": 2}),
]
