"""Playback state, devices, the queue and listening history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

from spotipy.model._base import Model, is_null, timestamp
from spotipy.model.member import ExternalUrls
from spotipy.model.paging import CursorPaging
from spotipy.model.playlist import PlaylistItem, decode_playable
from spotipy.model.track import FullTrack
from spotipy.serialise import SerialisableEnum

if TYPE_CHECKING:
    from datetime import datetime

__all__ = [
    "Actions",
    "Context",
    "ContextType",
    "CurrentlyPlaying",
    "CurrentlyPlayingContext",
    "CurrentlyPlayingType",
    "Device",
    "DeviceType",
    "Disallows",
    "PlayHistory",
    "PlayHistoryPaging",
    "Queue",
    "RepeatState",
]


class RepeatState(SerialisableEnum):
    """Repeat mode of playback."""

    context = "context"
    off = "off"
    track = "track"


class CurrentlyPlayingType(SerialisableEnum):
    """Kind of what is playing."""

    ad = "ad"
    episode = "episode"
    track = "track"
    unknown = "unknown"


class ContextType(SerialisableEnum):
    """Kind of a playback context."""

    album = "album"
    artist = "artist"
    collection = "collection"
    playlist = "playlist"
    show = "show"


class DeviceType(SerialisableEnum):
    """Kind of a playback device (lookup ignores case: ``DeviceType("tv")``)."""

    Automobile = "Automobile"
    AudioDongle = "AudioDongle"
    AVR = "AVR"
    CastAudio = "CastAudio"
    CastVideo = "CastVideo"
    Computer = "Computer"
    GameConsole = "GameConsole"
    Smartphone = "Smartphone"
    Speaker = "Speaker"
    STB = "STB"
    Tablet = "Tablet"
    TV = "TV"
    Unknown = "Unknown"


class Device(Model, kw_only=True):
    """A device that can play.

    Attributes
    ----------
    id
        Device ID; may be ``None``.
    name
        Human-readable name.
    type
        Kind of device, e.g. ``Computer`` (see :class:`DeviceType`).
    is_active
        Whether it is the current playback device.
    is_private_session
        Whether it is in a private session.
    is_restricted
        Whether Web API commands are refused on it.
    supports_volume
        Whether its volume can be set.
    volume_percent
        Volume from 0 to 100, if known.
    """

    id: str | None = None
    name: str | None = None
    type: str | None = None
    is_active: bool | None = None
    is_private_session: bool | None = None
    is_restricted: bool | None = None
    supports_volume: bool | None = None
    volume_percent: int | None = None


class Context(Model, kw_only=True):
    """Where playback comes from: an album, artist, playlist or show.

    Attributes
    ----------
    type
        Kind of context (see :class:`ContextType`).
    uri
        Spotify URI of the context.
    href
        Web API link to the context.
    external_urls
        Known external URLs, by service.
    """

    type: str | None = None
    uri: str | None = None
    href: str | None = None
    external_urls: ExternalUrls | None = None


class Disallows(Model, kw_only=True):
    """Playback actions that are not allowed now (``True`` means disallowed)."""

    interrupting_playback: bool | None = None
    pausing: bool | None = None
    resuming: bool | None = None
    seeking: bool | None = None
    skipping_next: bool | None = None
    skipping_prev: bool | None = None
    toggling_repeat_context: bool | None = None
    toggling_repeat_track: bool | None = None
    toggling_shuffle: bool | None = None
    transferring_playback: bool | None = None


class Actions(Disallows, kw_only=True):
    """Playback actions available now.

    Spotify documents the disallowed actions directly on this object but sends them
    nested under ``disallows``; both forms are understood, and the nested one also
    fills the flat fields, so ``actions.pausing`` reads the same either way.

    Attributes
    ----------
    disallows
        The nested form, when sent.
    """

    disallows: Disallows | None = None

    def __post_init__(self) -> None:
        nested = self.disallows
        if nested is not None:
            for name in Disallows.__struct_fields__:
                if getattr(self, name) is None:
                    setattr(self, name, getattr(nested, name))


class CurrentlyPlaying(Model, kw_only=True):
    """What is playing now.

    Attributes
    ----------
    item
        The track or episode (a :data:`~spotipy.model.PlaylistItem`), or ``None``
        (an ad, or nothing).
    currently_playing_type
        ``track``, ``episode``, ``ad`` or ``unknown`` (see
        :class:`CurrentlyPlayingType`).
    is_playing
        Whether playback is running.
    progress_ms
        Position in the item, in milliseconds.
    timestamp
        Unix time in milliseconds of the last change.
    context
        Where playback comes from, if anywhere.
    actions
        What can be done now.
    """

    if TYPE_CHECKING:
        item: PlaylistItem | None = None
    else:
        # Resolved in __post_init__: an unknown item type must not fail the response.
        item: msgspec.Raw = None
    currently_playing_type: str | None = None
    is_playing: bool | None = None
    progress_ms: int | None = None
    timestamp: int | None = None
    context: Context | None = None
    actions: Actions | None = None

    def __post_init__(self) -> None:
        value: Any = self.item
        if isinstance(value, msgspec.Raw):
            value = None if is_null(value) else decode_playable(value, None)
        self.item = value


class CurrentlyPlayingContext(CurrentlyPlaying, kw_only=True):
    """Playback state: what is playing, on which device, how.

    Attributes
    ----------
    device
        The active device.
    repeat_state
        ``off``, ``track`` or ``context`` (see :class:`RepeatState`).
    shuffle_state
        Whether shuffle is on.
    smart_shuffle
        Whether smart shuffle is on, when Spotify says.
    """

    device: Device | None = None
    repeat_state: str | None = None
    shuffle_state: bool | None = None
    smart_shuffle: bool | None = None


class Queue(Model, kw_only=True):
    """The user's queue.

    Attributes
    ----------
    currently_playing
        What is playing now, if anything.
    queue
        What plays next, in order.
    """

    if TYPE_CHECKING:
        currently_playing: PlaylistItem | None = None
        queue: list[PlaylistItem] | None = None
    else:
        currently_playing: msgspec.Raw = None
        queue: list[msgspec.Raw] | None = None

    def __post_init__(self) -> None:
        value: Any = self.currently_playing
        if isinstance(value, msgspec.Raw):
            value = None if is_null(value) else decode_playable(value, None)
        self.currently_playing = value
        queue: Any = self.queue
        if queue:
            items = []
            for raw in queue:
                item = decode_playable(raw, None) if isinstance(raw, msgspec.Raw) else raw
                if item is not None:
                    items.append(item)
            self.queue = items


class PlayHistory(Model, kw_only=True):
    """A track the user listened to.

    Attributes
    ----------
    track
        The track.
    played_at
        When it was played, in UTC; ``None`` if Spotify does not say.
    context
        Where it was played from, if anywhere.
    """

    track: FullTrack
    if TYPE_CHECKING:
        played_at: datetime | None = None
    else:
        played_at: Any = None
    context: Context | None = None

    def __post_init__(self) -> None:
        self.played_at = timestamp(self.played_at)


class PlayHistoryPaging(CursorPaging[PlayHistory], kw_only=True):
    """Cursor paging of recently played tracks (cursors are Unix times in ms)."""
