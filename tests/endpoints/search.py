"""Cases of the search area."""

from __future__ import annotations

from tests.endpoints import Case

CASES: list[Case] = [
    Case(
        "search",
        ("a", ("track", "album")),
        {"market": "SE", "include_external": "audio", "limit": 10, "offset": 1},
    ),
]
