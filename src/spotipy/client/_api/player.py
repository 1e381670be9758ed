"""Playback: state, devices, commands, queue and recently played."""

from __future__ import annotations

from spotipy._flow import Mode
from spotipy.client._base import SpotifyBase


class SpotifyPlayer(SpotifyBase[Mode]):
    """Playback: state, devices, commands, queue and recently played."""
