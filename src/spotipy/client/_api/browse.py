"""Browse: categories, featured playlists, new releases, markets, recommendations."""

from __future__ import annotations

from spotipy._flow import Mode
from spotipy.client._base import SpotifyBase


class SpotifyBrowse(SpotifyBase[Mode]):
    """Browse: categories, featured playlists, new releases, markets, recommendations."""
