"""spotipy: a typed, sync and async client for the Spotify Web API."""

from spotipy._version import __version__

__all__ = ["__version__"]
