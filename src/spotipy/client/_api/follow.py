"""Following artists, users and playlists."""

from __future__ import annotations

from spotipy._flow import Mode
from spotipy.client._base import SpotifyBase


class SpotifyFollow(SpotifyBase[Mode]):
    """Following artists, users and playlists."""
