"""Podcast shows."""

from __future__ import annotations

from spotipy._flow import Mode
from spotipy.client._base import SpotifyBase


class SpotifyShow(SpotifyBase[Mode]):
    """Podcast shows."""
