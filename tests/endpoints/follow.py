"""Cases of the follow area."""

from __future__ import annotations

from tests.endpoints import Case

CASES: list[Case] = []
