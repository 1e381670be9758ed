"""The user's library: saved albums, tracks, episodes, shows, audiobooks and /me/library."""

from __future__ import annotations

from spotipy._flow import Mode
from spotipy.client._base import SpotifyBase


class SpotifyLibrary(SpotifyBase[Mode]):
    """The user's library: saved albums, tracks, episodes, shows, audiobooks and /me/library."""
