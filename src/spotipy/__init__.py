"""spotipy: a typed, sync and async client for the Spotify Web API.

``Spotify`` is the Web API client and ``Credentials`` requests access tokens; both
work synchronously or asynchronously.  Submodules: :mod:`spotipy.auth`,
:mod:`spotipy.util`, :mod:`spotipy.sender`, :mod:`spotipy.scope`,
:mod:`spotipy.convert`, :mod:`spotipy.serialise`, :mod:`spotipy.model`,
:mod:`spotipy.client`, :mod:`spotipy.errors` and :mod:`spotipy.emulator`.
"""

from spotipy._version import __version__
from spotipy.auth import Credentials
from spotipy.client import Spotify

__all__ = ["Credentials", "Spotify", "__version__"]
