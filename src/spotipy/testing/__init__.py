"""A pytest plugin: fixtures that wire spotipy's clients to the built-in emulator.

Installed with spotipy, the plugin is loaded by pytest through the ``pytest11`` entry
point ``spotipy`` (``-p no:spotipy`` turns it off).  A test of your own code then takes a
client that talks in-process to a fresh :class:`~spotipy.emulator.Emulator`::

    def test_my_export(spotify):
        rows = my_export(spotify, "37i9dQZEVXbMDoHDwVN2tF")
        assert len(rows) == 10_000

The fixtures (documented in :mod:`spotipy.testing.fixtures` and on the docs page
"Testing with the emulator"):

==========================  ===========================================================
``spotify_emulator``        a fresh :class:`~spotipy.emulator.Emulator` for the test
``spotify``                 a sync :class:`~spotipy.Spotify` with an app token
``async_spotify``           the same, asynchronous (closed at teardown)
``spotify_user``            a sync client acting for the emulator's user, every scope
``async_spotify_user``      the same, asynchronous
``spotify_user_token``      ``(scopes=None, *, user=...) -> Token``: a user token
``make_spotify``            ``(token=None, *, asynchronous=False, ...) -> Spotify``
``spotify_emulator_server`` the test's emulator on a loopback socket, ``SPOTIPY_*`` set
``spotify_emulator_options`` the keyword arguments ``spotify_emulator`` is built with
==========================  ===========================================================

The emulator is configured per test with the marker
``@pytest.mark.spotify_emulator(profile="development", seed=1, ...)`` (any keyword
argument of :class:`~spotipy.emulator.Emulator`; markers on the module, class and function
combine, the closest winning), for a whole project with the ini option
``spotify_emulator_profile``, or by overriding the ``spotify_emulator`` fixture.

This module stays cheap to import, since pytest imports it at the start of every run:
it imports nothing but :mod:`typing`, and registers the fixtures (a module that imports
the client and the emulator only inside its fixtures) when pytest configures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Protocol, overload

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pytest

    from spotipy.auth import Token
    from spotipy.client import Async, Quota, Spotify, Sync

__all__ = ["MARKER", "PROFILE_INI", "SpotifyFactory", "UserTokenFactory"]

#: The marker that configures a test's emulator.
MARKER = "spotify_emulator"
#: The ini option choosing the emulator's profile for a whole project.
PROFILE_INI = "spotify_emulator_profile"
_FIXTURES = "spotipy.testing.fixtures"


class UserTokenFactory(Protocol):
    """The type of the ``spotify_user_token`` fixture, for annotations."""

    def __call__(self, scopes: str | Iterable[str] | None = None, *, user: str = ...) -> Token:
        """Return a user token for ``user`` holding ``scopes``."""
        ...


class SpotifyFactory(Protocol):
    """The type of the ``make_spotify`` fixture, for annotations."""

    @overload
    def __call__(
        self,
        token: object = None,
        *,
        asynchronous: Literal[False] = False,
        api_url: str | None = None,
        quota: Quota | None = None,
        chunked_on: bool = True,
        max_limits_on: bool = False,
    ) -> Spotify[Sync]: ...
    @overload
    def __call__(
        self,
        token: object = None,
        *,
        asynchronous: Literal[True],
        api_url: str | None = None,
        quota: Quota | None = None,
        chunked_on: bool = True,
        max_limits_on: bool = False,
    ) -> Spotify[Async]: ...


def pytest_addoption(parser: pytest.Parser) -> None:
    """Declare the ini option ``spotify_emulator_profile``."""
    parser.addini(
        PROFILE_INI,
        "profile of the spotipy plugin's emulator: development (the default) or extended",
        default="",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``spotify_emulator`` marker and the fixtures."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): keyword arguments for the test's spotipy Emulator "
        "(profile, seed, auto_approve, ...); the closest marker wins",
    )
    if not config.pluginmanager.has_plugin(_FIXTURES):
        # Imported now, not at module level: pytest loads this module before coverage
        # measurement starts, and the fixtures' module should be measured.
        import importlib

        config.pluginmanager.register(importlib.import_module(_FIXTURES), _FIXTURES)
