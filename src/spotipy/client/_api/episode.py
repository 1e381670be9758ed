"""Podcast episodes."""

from __future__ import annotations

from spotipy._flow import Mode
from spotipy.client._base import SpotifyBase


class SpotifyEpisode(SpotifyBase[Mode]):
    """Podcast episodes."""
