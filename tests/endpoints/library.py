"""Cases of the library area: saved albums, tracks, episodes, shows, audiobooks, /me/library."""

from __future__ import annotations

from collections.abc import Callable

from tests.endpoints import Case, Ref, World


def saved(kind: str, name: str) -> Callable[[World], None]:
    """A setup that saves the world's ``name`` IDs of ``kind`` for the world's user."""

    def setup(world: World) -> None:
        ids = world.resolve(Ref(name))
        state = world.emulator.state
        state.library.add(world.user_id, [f"spotify:{kind}:{i}" for i in ids], state.clock())

    return setup


def _family(kind: str, plural: str, page: dict[str, object]) -> list[Case]:
    """The four cases of one kind: its page (with ``page`` options), contains, add, delete."""
    setup = saved(kind, plural)
    return [
        Case(f"saved_{plural}", kwargs=page, setup=setup),
        Case(f"saved_{plural}_contains", (Ref(plural),), setup=setup),
        Case(f"saved_{plural}_add", (Ref(plural),)),
        Case(f"saved_{plural}_delete", (Ref(plural),), setup=setup),
    ]


def _library_saved(world: World) -> None:
    state = world.emulator.state
    state.library.add(world.user_id, world.library_uris[:5], state.clock())
    state.follows.add(world.user_id, world.library_uris[5:], state.clock())


PAGE = {"limit": 5, "offset": 0}
MARKET_PAGE = {"market": "SE", **PAGE}

CASES: list[Case] = [
    *_family("album", "albums", MARKET_PAGE),
    *_family("track", "tracks", MARKET_PAGE),
    *_family("episode", "episodes", MARKET_PAGE),
    *_family("show", "shows", PAGE),
    *_family("audiobook", "audiobooks", PAGE),
    Case("library_add", (Ref("library_uris"),)),
    Case("library_remove", (Ref("library_uris"),), setup=_library_saved),
    Case("library_contains", (Ref("library_contains_uris"),), setup=_library_saved),
]
