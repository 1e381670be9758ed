"""Users' players: devices, what plays, the queue and the history.

Each user has a :class:`PlayerState`, created on first use, that the player routes read and
change.  The state machine knows URIs and times only; the routes resolve contexts into the
URIs they hold, check the caller's subscription, and render the answers.

Spotify's refusals are raised here as :class:`~spotipy.emulator._routing.ApiError` with the
player's ``reason`` codes: ``NO_ACTIVE_DEVICE`` (404) when a command names no device and
none is active, ``ALREADY_PAUSED``, ``NO_NEXT_TRACK``, ``NO_PREV_TRACK``,
``NOT_PLAYING_TRACK``, ``VOLUME_CONTROL_DISALLOW`` and ``DEVICE_NOT_CONTROLLABLE`` (403).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from spotipy.emulator._catalogue import DEFAULT_USER_ID
from spotipy.emulator._routing import ApiError

__all__ = ["Device", "Played", "PlayerSnapshot", "PlayerState", "Players", "Repeat"]

Repeat = Literal["off", "track", "context"]
"""The repeat mode, as Spotify names it."""

#: The devices the default user starts with, all inactive: (name, type, supports volume).
DEFAULT_DEVICES: Final = (
    ("Emulator Laptop", "Computer", True),
    ("Emulator Phone", "Smartphone", False),
)
#: How many items ``GET /me/player/queue`` lists.
QUEUE_SHOWN: Final = 20
#: How many plays the history keeps, newest first.
HISTORY_KEPT: Final = 200

_RESTRICTED: Final = "Player command failed: Restriction violated"


def _refused(reason: str, message: str = _RESTRICTED, status: int = 403) -> ApiError:
    return ApiError(status, message, reason=reason)


def device_id(user: str, name: str, n: int) -> str:
    """A 40-hex-digit device ID, as Spotify's look, derived from user, name and number."""
    return hashlib.blake2b(f"{user}:{name}:{n}".encode(), digest_size=20).hexdigest()


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


@dataclass(frozen=True, slots=True)
class Played:
    """One entry of the history: what played, when (Unix ms), from which context."""

    uri: str
    played_at: int
    context_uri: str | None


@dataclass(frozen=True, slots=True)
class PlayerSnapshot:
    """A read-only copy of a user's player (:meth:`Emulator.player`).

    Attributes
    ----------
    devices
        Copies of the user's devices.
    active_device
        ID of the active device, ``None`` when none is.
    is_playing
        Whether playback runs.
    item
        URI of the item loaded (playing or paused), ``None`` when nothing is.
    context_uri
        The album, playlist, artist or show played from, if any.
    queue
        URIs the user queued, next first.
    progress_ms
        Progress into the item now.
    shuffle, repeat
        Playback modes.
    recently_played
        The history, newest first.
    """

    devices: tuple[Device, ...]
    active_device: str | None
    is_playing: bool
    item: str | None
    context_uri: str | None
    queue: tuple[str, ...]
    progress_ms: int
    shuffle: bool
    repeat: Repeat
    recently_played: tuple[Played, ...]


@dataclass(slots=True)
class PlayerState:
    """One user's playback, and the commands that change it.

    Attributes
    ----------
    user
        Whose player it is.
    devices
        The user's available devices.
    active_device
        ID of the device playing, ``None`` when none is active.
    is_playing
        Whether playback runs (else paused).
    context_uri
        The album, playlist, artist or show played from, if any.
    items
        URIs of the context's items (or of the list started), in play order.
    index
        Index in :attr:`items` of the item playing, or of the last one played before a
        queued item.
    current
        URI of the item loaded, ``None`` when nothing is.
    from_queue
        Whether :attr:`current` came from the queue.
    queue
        URIs the user queued, first first.
    position_ms
        Progress into :attr:`current` at :attr:`changed_at`.
    changed_at
        When the state last changed, in clock seconds (progress runs from here).
    shuffle, repeat
        Playback modes.
    recently_played
        Finished items, newest first.
    """

    user: str = ""
    devices: list[Device] = field(default_factory=list)
    active_device: str | None = None
    is_playing: bool = False
    context_uri: str | None = None
    items: list[str] = field(default_factory=list)
    index: int = 0
    current: str | None = None
    from_queue: bool = False
    queue: list[str] = field(default_factory=list)
    position_ms: int = 0
    changed_at: float = 0.0
    shuffle: bool = False
    repeat: Repeat = "off"
    recently_played: list[Played] = field(default_factory=list)

    # -- reading ---------------------------------------------------------------------

    def progress(self, now: float) -> int:
        """Progress into the current item at ``now`` (it runs while playing)."""
        if not self.is_playing:
            return self.position_ms
        return self.position_ms + max(0, int((now - self.changed_at) * 1000))

    def active(self) -> Device | None:
        """The active device, if any."""
        if self.active_device is None:
            return None
        return self.device(self.active_device)

    def device(self, device_id: str) -> Device:
        """The user's device ``device_id``.

        Raises
        ------
        ApiError
            404 "Device not found".
        """
        for device in self.devices:
            if device.id == device_id:
                return device
        raise ApiError(404, "Device not found")

    def upcoming(self) -> list[str]:
        """What plays next: the queue, then the rest of the items."""
        rest = self.items[self.index + 1 :]
        return [*self.queue, *rest][:QUEUE_SHOWN]

    def can_skip_next(self) -> bool:
        """Whether ``next`` has somewhere to go."""
        return bool(
            self.queue
            or self.index + 1 < len(self.items)
            or (self.repeat == "context" and self.items)
        )

    def can_skip_previous(self) -> bool:
        """Whether ``previous`` has somewhere to go."""
        return self.from_queue or self.index > 0 or (self.repeat == "context" and bool(self.items))

    def snapshot(self, now: float) -> PlayerSnapshot:
        """A read-only copy of this player at ``now``."""
        return PlayerSnapshot(
            devices=tuple(replace(d) for d in self.devices),
            active_device=self.active_device,
            is_playing=self.is_playing,
            item=self.current,
            context_uri=self.context_uri,
            queue=tuple(self.queue),
            progress_ms=self.progress(now),
            shuffle=self.shuffle,
            repeat=self.repeat,
            recently_played=tuple(self.recently_played),
        )

    # -- devices ---------------------------------------------------------------------

    def add_device(
        self,
        name: str,
        type: str = "Computer",
        *,
        supports_volume: bool = True,
        volume_percent: int | None = 100,
        is_restricted: bool = False,
    ) -> Device:
        """Make a new (inactive) device available to the user."""
        device = Device(
            device_id(self.user, name, len(self.devices)),
            name,
            type,
            volume_percent if supports_volume else None,
            supports_volume,
            is_restricted=is_restricted,
        )
        self.devices.append(device)
        return device

    def target(self, device_id: str | None) -> Device:
        """The device a command acts on: ``device_id`` (which becomes active) or the active one.

        Raises
        ------
        ApiError
            404 ``NO_ACTIVE_DEVICE`` without ``device_id`` and an active device; 404
            "Device not found" for an unknown ``device_id``; 403 ``DEVICE_NOT_CONTROLLABLE``
            for a restricted device.
        """
        if device_id is None:
            device = self.active()
            if device is None:
                raise ApiError(
                    404, "Player command failed: No active device found", reason="NO_ACTIVE_DEVICE"
                )
        else:
            device = self.device(device_id)
        if device.is_restricted:
            raise _refused(
                "DEVICE_NOT_CONTROLLABLE", "Player command failed: Device not controllable"
            )
        self.active_device = device.id
        return device

    # -- commands --------------------------------------------------------------------

    def _settle(self, now: float) -> None:
        # Fold the progress made so far into position_ms: a change starts from here.
        self.position_ms = self.progress(now)
        self.changed_at = now

    def _finish(self, now: float) -> None:
        # The current item stops playing: it goes into the history.
        if self.current is None:
            return
        played_at = int(now * 1000)
        if self.recently_played and played_at <= self.recently_played[0].played_at:
            played_at = self.recently_played[0].played_at + 1  # cursors must be distinct
        context = None if self.from_queue else self.context_uri
        self.recently_played.insert(0, Played(self.current, played_at, context))
        del self.recently_played[HISTORY_KEPT:]

    def _load(self, uri: str, now: float, position_ms: int = 0) -> None:
        self.current = uri
        self.position_ms = position_ms
        self.changed_at = now

    def start(
        self,
        device_id: str | None,
        now: float,
        *,
        context_uri: str | None,
        items: list[str],
        index: int,
        position_ms: int,
    ) -> None:
        """Play ``items[index]`` (of ``context_uri``, if any) from ``position_ms``."""
        self.target(device_id)
        self._settle(now)
        self._finish(now)
        self.context_uri = context_uri
        self.items = items
        self.index = index
        self.from_queue = False
        self._load(items[index], now, position_ms)
        self.is_playing = True

    def resume(self, device_id: str | None, now: float) -> None:
        """Resume what is loaded (on ``device_id``, if given)."""
        self.target(device_id)
        if self.current is None:
            raise _refused("NOT_PLAYING_TRACK")
        self._settle(now)
        self.is_playing = True

    def pause(self, device_id: str | None, now: float) -> None:
        """Pause playback."""
        self.target(device_id)
        if not self.is_playing:
            raise _refused("ALREADY_PAUSED")
        self._settle(now)
        self.is_playing = False

    def next(self, device_id: str | None, now: float) -> None:
        """Skip to the queue's first item, else the next item (wrapping with repeat context)."""
        self.target(device_id)
        if self.current is None or not self.can_skip_next():
            raise _refused("NO_NEXT_TRACK")
        self._settle(now)
        self._finish(now)
        if self.queue:
            self.from_queue = True
            self._load(self.queue.pop(0), now)
            return
        self.index = self.index + 1 if self.index + 1 < len(self.items) else 0
        self.from_queue = False
        self._load(self.items[self.index], now)

    def previous(self, device_id: str | None, now: float) -> None:
        """Go back to the previous item (wrapping with repeat context)."""
        self.target(device_id)
        if self.current is None or not self.can_skip_previous():
            raise _refused("NO_PREV_TRACK")
        self._settle(now)
        self._finish(now)
        if not self.from_queue:
            self.index = self.index - 1 if self.index > 0 else len(self.items) - 1
        self.from_queue = False
        self._load(self.items[self.index], now)

    def seek(self, position_ms: int, device_id: str | None, now: float) -> None:
        """Move to ``position_ms`` in the current item."""
        self.target(device_id)
        if self.current is None:
            raise _refused("NOT_PLAYING_TRACK")
        self.position_ms = position_ms
        self.changed_at = now

    def set_repeat(self, state: Repeat, device_id: str | None, now: float) -> None:
        """Set the repeat mode."""
        self.target(device_id)
        self._settle(now)
        self.repeat = state

    def set_shuffle(self, state: bool, device_id: str | None, now: float) -> None:
        """Turn shuffle on or off (the emulator keeps the order: shuffle is a flag)."""
        self.target(device_id)
        self._settle(now)
        self.shuffle = state

    def set_volume(self, volume_percent: int, device_id: str | None) -> None:
        """Set the target device's volume.

        Raises
        ------
        ApiError
            403 ``VOLUME_CONTROL_DISALLOW`` when the device does not support volume.
        """
        device = self.target(device_id)
        if not device.supports_volume:
            raise _refused(
                "VOLUME_CONTROL_DISALLOW", "Player command failed: Cannot control device volume"
            )
        device.volume_percent = volume_percent

    def transfer(self, device_id: str, play: bool | None, now: float) -> None:
        """Move playback to ``device_id``; ``play`` starts it, ``None`` or ``False`` keeps
        the current playing state."""
        self._settle(now)
        self.target(device_id)
        if play and self.current is not None:
            self.is_playing = True

    def add_to_queue(self, uri: str, device_id: str | None) -> None:
        """Queue ``uri`` after the items queued before."""
        self.target(device_id)
        self.queue.append(uri)


class Players:
    """Every user's :class:`PlayerState`, and the subscriptions the player sees.

    The default user starts with two inactive devices (:data:`DEFAULT_DEVICES`), so that a
    demo can start playback by device ID; every other user starts with none.
    """

    def __init__(self) -> None:
        self._by_user: dict[str, PlayerState] = {}
        #: Subscriptions set by :meth:`Emulator.set_product`, over the catalogue's.
        self.products: dict[str, str] = {}

    def of(self, user: str) -> PlayerState:
        """Return ``user``'s player, creating an idle one on first use."""
        player = self._by_user.get(user)
        if player is None:
            player = self._by_user[user] = PlayerState(user)
            if user == DEFAULT_USER_ID:
                for name, kind, volume in DEFAULT_DEVICES:
                    player.add_device(name, kind, supports_volume=volume)
        return player

    def product(self, user: str, catalogue_product: str) -> str:
        """The user's subscription as the player sees it: an override, else the catalogue's."""
        return self.products.get(user, catalogue_product)
