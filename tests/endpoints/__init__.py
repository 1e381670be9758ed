"""One table of every endpoint method, shared by the tests that sweep them all.

Each area of the API lists its :class:`Case` objects in ``tests/endpoints/<area>.py``
(the same area names as ``spotipy/client/_api/`` and ``spotipy/emulator/routes/``); this
module gathers them into :data:`CASES`.  A case is one call of one method with the
options it can send, its arguments written with :class:`Ref` placeholders that
:class:`World` resolves to IDs of the emulator's catalogue.  The sweeps read the rest
from the method's ``@endpoint`` facts: the token it needs (a user token with every scope
the operation lists, or an app token), its quota, its declared checks.

Used by: the happy path of every method sync and async
(``tests/client/test_every_endpoint.py``), every method against every fault
(``test_every_endpoint_errors.py``), the spec's verdict on every request and answer
(``tests/spec/``), and the coverage test that spec, client and emulator hold the same
operations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from spotipy import Spotify
from spotipy.client import Endpoint
from tests.endpoints.world import Ref, World

__all__ = ["CASES", "Case", "Ref", "World", "by_method", "endpoints"]


@dataclass(frozen=True)
class Case:
    """One call of one endpoint method.

    Attributes
    ----------
    method
        The method's name on :class:`~spotipy.Spotify`.
    args, kwargs
        Its arguments; :class:`Ref` values (also inside lists) stand for world IDs.
    name
        The case's ID in test reports; the method's name unless several cases share it.
    setup
        Prepares the emulator's state for the call (start a device, save a track ...).
    token
        ``"user"`` or ``"app"``; ``None`` derives it: a user token when the operation
        lists scopes, else an app token.
    """

    method: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    name: str = ""
    setup: Callable[[World], None] | None = None
    token: str | None = None

    @property
    def id(self) -> str:
        """The name shown in test reports."""
        return self.name or self.method

    @property
    def endpoint(self) -> Endpoint[Any, Any]:
        """The method's descriptor, with its facts."""
        found = getattr(Spotify, self.method)
        assert isinstance(found, Endpoint), f"{self.method} is not an endpoint"
        return found

    @property
    def user(self) -> bool:
        """Whether the call needs a user's token."""
        if self.token is not None:
            return self.token == "user"
        ep = self.endpoint
        return bool(ep.scope or ep.optional_scope)

    @property
    def scopes(self) -> tuple[str, ...]:
        """Every scope the operation lists (required and optional)."""
        ep = self.endpoint
        return (*ep.scope, *ep.optional_scope)

    def bind(self, world: World) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """The arguments with every placeholder resolved."""
        args = tuple(world.resolve(a) for a in self.args)
        return args, {k: world.resolve(v) for k, v in self.kwargs.items()}

    def call(self, spotify: Spotify[Any], world: World) -> Any:
        """Call the method on ``spotify`` (a value, or an awaitable in async mode)."""
        args, kwargs = self.bind(world)
        return getattr(spotify, self.method)(*args, **kwargs)

    def prepare(self, world: World) -> None:
        """Run :attr:`setup`, if any."""
        if self.setup is not None:
            self.setup(world)


def _gather() -> list[Case]:
    from tests.endpoints import (
        album,
        artist,
        audiobook,
        browse,
        chapter,
        episode,
        follow,
        library,
        player,
        playlist,
        search,
        show,
        track,
        user,
    )

    areas = (
        album, artist, audiobook, browse, chapter, episode, follow, library, player,
        playlist, search, show, track, user,
    )  # fmt: skip
    cases = [case for area in areas for case in area.CASES]
    ids = [case.id for case in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"case IDs used twice: {duplicates}"
    return cases


#: Every case of every area.
CASES: list[Case] = _gather()


def endpoints() -> dict[str, Endpoint[Any, Any]]:
    """Every endpoint method of :class:`~spotipy.Spotify`, by name."""
    return {
        name: value
        for name in dir(Spotify)
        if isinstance(value := getattr(Spotify, name), Endpoint)
    }


def by_method() -> dict[str, Case]:
    """The first case of each method."""
    found: dict[str, Case] = {}
    for case in CASES:
        found.setdefault(case.method, case)
    return found
