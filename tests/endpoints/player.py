"""Cases of the player area."""

from __future__ import annotations

from tests.endpoints import Case

CASES: list[Case] = []
