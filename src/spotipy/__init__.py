"""spotipy: a typed, sync and async client for the Spotify Web API.

``Spotify`` is the Web API client and ``Credentials`` requests access tokens; both
work synchronously or asynchronously.  Submodules: :mod:`spotipy.auth`,
:mod:`spotipy.util`, :mod:`spotipy.sender`, :mod:`spotipy.scope`,
:mod:`spotipy.convert`, :mod:`spotipy.serialise`, :mod:`spotipy.model`,
:mod:`spotipy.client`, :mod:`spotipy.errors` and :mod:`spotipy.emulator`.
"""

from typing import TYPE_CHECKING

from spotipy import _installed
from spotipy._version import __version__

if TYPE_CHECKING:
    from spotipy.auth import Credentials
    from spotipy.client import Spotify

__all__ = ["Credentials", "Spotify", "__version__"]

# plamere's spotipy has the same import name: warn once if it shares this environment.
_installed.check()


def __getattr__(name: str) -> object:
    # Imported on first use: pytest imports spotipy.testing (so this package) at the start
    # of every run, before coverage starts, and the client must not be imported then.
    if name == "Credentials":
        from spotipy.auth import Credentials

        return Credentials
    if name == "Spotify":
        from spotipy.client import Spotify

        return Spotify
    raise AttributeError(f"module 'spotipy' has no attribute {name!r}")
