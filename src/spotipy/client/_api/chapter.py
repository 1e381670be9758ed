"""Audiobook chapters."""

from __future__ import annotations

from spotipy._flow import Mode
from spotipy.client._base import SpotifyBase


class SpotifyChapter(SpotifyBase[Mode]):
    """Audiobook chapters."""
