"""Users' players: devices, what plays, the queue and the history.

A placeholder for the player state machine: each user has a :class:`PlayerState`, created
on first use, that the player routes read and change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Device", "PlayerState", "Players", "Repeat"]

Repeat = Literal["off", "track", "context"]
"""The repeat mode, as Spotify names it."""


@dataclass(slots=True)
class Device:
    """A Connect device a user may play on."""

    id: str
    name: str
    type: str = "Computer"
    volume_percent: int | None = 100
    supports_volume: bool = True
    is_private_session: bool = False
    is_restricted: bool = False


@dataclass(slots=True)
class PlayerState:
    """One user's playback.

    Attributes
    ----------
    devices
        The user's available devices.
    active_device
        ID of the device playing, ``None`` when none is active.
    is_playing
        Whether playback runs (else paused).
    context_uri
        The album, playlist, artist or show played from, if any.
    queue
        URIs of the items to play next, first first.
    position_ms
        Progress into the current item.
    shuffle, repeat, volume
        Playback modes.
    recently_played
        ``(uri, played_at)`` of finished items, newest first.
    """

    devices: list[Device] = field(default_factory=list)
    active_device: str | None = None
    is_playing: bool = False
    context_uri: str | None = None
    queue: list[str] = field(default_factory=list)
    position_ms: int = 0
    shuffle: bool = False
    repeat: Repeat = "off"
    volume: int = 100
    recently_played: list[tuple[str, int]] = field(default_factory=list)


class Players:
    """Every user's :class:`PlayerState`."""

    def __init__(self) -> None:
        self._by_user: dict[str, PlayerState] = {}

    def of(self, user: str) -> PlayerState:
        """Return ``user``'s player, creating an idle one on first use."""
        player = self._by_user.get(user)
        if player is None:
            player = self._by_user[user] = PlayerState()
        return player
