"""Cases of the user area."""

from __future__ import annotations

from tests.endpoints import Case, Ref

CASES: list[Case] = [
    Case("current_user", ()),
    Case("user", (Ref("user_id"),)),
]
