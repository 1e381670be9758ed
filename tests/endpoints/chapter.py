"""Cases of the chapter area."""

from __future__ import annotations

from tests.endpoints import Case, Ref

CASES: list[Case] = [
    Case("chapter", (Ref("chapter"),), {"market": "SE"}),
    Case("chapters", (Ref("chapters"),), {"market": "SE"}),
]
