"""Playback: state, devices, commands, queue and recently played."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, TypeAlias, TypeVar

from spotipy import model
from spotipy._flow import Flow, Mode, describe
from spotipy._http import Response
from spotipy.client._api.playlist import ITEM_TYPES, ItemTypes
from spotipy.client._base import ApiPath, SpotifyBase, api_path
from spotipy.client._decode import expect_model, expect_no_content
from spotipy.client._endpoint import endpoint
from spotipy.client._params import Check, Flag, Int, Limit, Market, OneOf, Text, Timestamp, Uris
from spotipy.errors import ResponseError

if TYPE_CHECKING:
    from spotipy.client._endpoint import Endpoint
    from spotipy.model import (
        CurrentlyPlaying,
        CurrentlyPlayingContext,
        Device,
        PlayHistoryPaging,
        Queue,
        RepeatState,
    )

__all__ = ["SpotifyPlayer"]

PT = TypeVar("PT", bound="CurrentlyPlaying")

_READ: Final = ("user-read-playback-state",)
_MODIFY: Final = ("user-modify-playback-state",)


class PlayableList(Uris):
    """Track and episode URIs (bare IDs are tracks) sent in one request, never split."""

    listed = False

    def __init__(self) -> None:
        super().__init__("track", "episode")


class PlayableUri(Check):
    """One track or episode URI, URL or ID (a bare ID is a track); the flow gets the URI."""

    _uris = Uris("track", "episode")

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> str:
        return self._uris.one(value)


class PlaybackOffset(Check):
    """Where playback starts: an index (``{"position": n}``) or an item (``{"uri": ...}``)."""

    _item = Uris("track", "episode")

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> dict[str, Any] | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 0:
                raise ValueError(f"{name} must be at least 0, got {value}")
            return {"position": value}
        if isinstance(value, str):
            return {"uri": self._item.one(value)}
        raise TypeError(f"{name} must be an int or a str, not {type(value).__name__}")


#: A device ID, as ``playback_devices`` lists them; ``None``: the active device.
DeviceId: TypeAlias = Annotated[str | None, Text()]
#: Where playback starts: the index of an item, or the ID or URI of one.
Offset: TypeAlias = Annotated[int | str | None, PlaybackOffset()]
#: Progress into an item, in milliseconds.
PositionMs: TypeAlias = Annotated[int | None, Int(0)]
Repeat: TypeAlias = Annotated[
    'RepeatState | Literal["track", "context", "off"]', OneOf("track", "context", "off")
]
Volume: TypeAlias = Annotated[int, Int(0, 100)]


class SpotifyPlayer(SpotifyBase[Mode]):
    """Playback: state, devices, commands, queue and recently played.

    Commands need Spotify Premium: a free user's command raises
    :class:`~spotipy.errors.Forbidden` with ``reason="PREMIUM_REQUIRED"``.  A command that
    names no device while none is active raises :class:`~spotipy.errors.NotFound` with
    ``reason="NO_ACTIVE_DEVICE"``; the error's message explains every reason code.
    """

    # -- state ---------------------------------------------------------------------------

    @endpoint(operation="get-information-about-the-users-current-playback", scope=_READ)
    def playback(
        self, market: Market = None, additional_types: ItemTypes = ITEM_TYPES
    ) -> Flow[CurrentlyPlayingContext | None]:
        """Get the playback state: item, device, progress, shuffle and repeat.

        Parameters
        ----------
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        additional_types
            Item types to return besides tracks; episodes are included by default.

        Returns
        -------
        CurrentlyPlayingContext or None
            ``None`` when Spotify answers 204: no device is active.
        """
        params = {"market": market, "additional_types": additional_types}
        response = yield self._request("GET", api_path("me/player"), params)
        return _expect_playing(response, model.CurrentlyPlayingContext)

    @endpoint(
        operation="get-the-users-currently-playing-track", scope=("user-read-currently-playing",)
    )
    def playback_currently_playing(
        self, market: Market = None, additional_types: ItemTypes = ITEM_TYPES
    ) -> Flow[CurrentlyPlaying | None]:
        """Get the item playing now.

        Parameters
        ----------
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        additional_types
            Item types to return besides tracks; episodes are included by default.

        Returns
        -------
        CurrentlyPlaying or None
            ``None`` when Spotify answers 204: nothing is playing.
        """
        params = {"market": market, "additional_types": additional_types}
        response = yield self._request("GET", api_path("me/player/currently-playing"), params)
        return _expect_playing(response, model.CurrentlyPlaying)

    @endpoint(operation="get-recently-played", scope=("user-read-recently-played",), max_limit=50)
    def playback_recently_played(
        self,
        limit: Limit = 20,
        after: Annotated[int | None, Timestamp()] = None,
        before: Annotated[int | None, Timestamp()] = None,
    ) -> Flow[PlayHistoryPaging]:
        """Get the tracks played most recently, newest first (a cursor paging).

        Parameters
        ----------
        limit
            Number of items per page, 1 to 50.
        after
            Unix time in milliseconds: only plays after it.  Give ``after`` or
            ``before``, not both.
        before
            Unix time in milliseconds: only plays before it.

        Raises
        ------
        ValueError
            When both ``after`` and ``before`` are given (nothing is sent).
        """
        if after is not None and before is not None:
            raise ValueError("give after or before, not both")
        params = {"limit": limit, "after": after, "before": before}
        response = yield self._request("GET", api_path("me/player/recently-played"), params)
        return expect_model(response, model.PlayHistoryPaging)

    @endpoint(operation="get-a-users-available-devices", scope=_READ)
    def playback_devices(self) -> Flow[list[Device]]:
        """Get the user's available devices."""
        response = yield self._request("GET", api_path("me/player/devices"))
        found = expect_model(response, dict[str, list[model.Device]])
        if "devices" not in found:
            raise ResponseError(f"{describe(response)}: the body has no 'devices' list", response)
        return found["devices"]

    @endpoint(
        operation="get-queue", scope=("user-read-currently-playing", "user-read-playback-state")
    )
    def playback_queue(self) -> Flow[Queue]:
        """Get the item playing and the queue: what plays next, in order."""
        response = yield self._request("GET", api_path("me/player/queue"))
        queue = expect_model(response, model.Queue)
        if queue.queue is None:
            raise ResponseError(f"{describe(response)}: the body has no 'queue' list", response)
        return queue

    # -- commands ------------------------------------------------------------------------

    def _command(
        self,
        method: str,
        path: ApiPath,
        params: Mapping[str, object] | None = None,
        body: object = None,
    ) -> Flow[None]:
        """The player command: a request under ``me/player`` answered without a body."""
        response = yield self._request(method, path, params, body)
        return expect_no_content(response)

    @endpoint(operation="add-to-queue", scope=_MODIFY)
    def playback_queue_add(
        self, uri: Annotated[str, PlayableUri()], device_id: DeviceId = None
    ) -> Flow[None]:
        """Add a track or an episode to the end of the queue: it plays after those queued.

        Parameters
        ----------
        uri
            The track's or episode's URI or URL, or a track ID.
        device_id
            Device to act on; the active device by default.
        """
        return self._command(
            "POST", api_path("me/player/queue"), {"uri": uri, "device_id": device_id}
        )

    @endpoint(operation="transfer-a-users-playback", scope=_MODIFY)
    def playback_transfer(
        self, device_id: Annotated[str, Text()], force_play: Annotated[bool, Flag()] = False
    ) -> Flow[None]:
        """Move playback to another device.

        Parameters
        ----------
        device_id
            The device to play on.
        force_play
            Start playing there; ``False`` keeps the current state (playing or paused).
        """
        return self._command(
            "PUT", api_path("me/player"), None, {"device_ids": [device_id], "play": force_play}
        )

    @endpoint(operation="start-a-users-playback", scope=_MODIFY)
    def playback_resume(self, device_id: DeviceId = None) -> Flow[None]:
        """Resume playback.

        Parameters
        ----------
        device_id
            Device to play on; the active device by default.
        """
        return self._command("PUT", api_path("me/player/play"), {"device_id": device_id})

    @endpoint(operation="start-a-users-playback", scope=_MODIFY)
    def playback_start_tracks(
        self,
        track_ids: Annotated[str | Iterable[str], PlayableList()],
        offset: Offset = None,
        position_ms: PositionMs = None,
        device_id: DeviceId = None,
    ) -> Flow[None]:
        """Play a list of tracks and episodes.

        Parameters
        ----------
        track_ids
            Track or episode URIs or URLs, or track IDs, in play order.
        offset
            Where to start: the index of an item, or its ID or URI.
        position_ms
            Progress into the first item, in milliseconds.
        device_id
            Device to play on; the active device by default.
        """
        return self._command(
            "PUT",
            api_path("me/player/play"),
            {"device_id": device_id},
            _play({"uris": track_ids}, offset, position_ms),
        )

    @endpoint(operation="start-a-users-playback", scope=_MODIFY)
    def playback_start_context(
        self,
        context_uri: Annotated[str, Text()],
        offset: Offset = None,
        position_ms: PositionMs = None,
        device_id: DeviceId = None,
    ) -> Flow[None]:
        """Play an album, artist, playlist or show.

        Parameters
        ----------
        context_uri
            The context's URI, such as ``spotify:album:...``.
        offset
            Where to start: the index of an item, or its ID or URI.
        position_ms
            Progress into the first item, in milliseconds.
        device_id
            Device to play on; the active device by default.
        """
        return self._command(
            "PUT",
            api_path("me/player/play"),
            {"device_id": device_id},
            _play({"context_uri": context_uri}, offset, position_ms),
        )

    @endpoint(operation="pause-a-users-playback", scope=_MODIFY)
    def playback_pause(self, device_id: DeviceId = None) -> Flow[None]:
        """Pause playback (``reason="ALREADY_PAUSED"`` when paused).

        Parameters
        ----------
        device_id
            Device to act on; the active device by default.
        """
        return self._command("PUT", api_path("me/player/pause"), {"device_id": device_id})

    @endpoint(operation="skip-users-playback-to-next-track", scope=_MODIFY)
    def playback_next(self, device_id: DeviceId = None) -> Flow[None]:
        """Skip to the next item (never retried: a replay would skip twice).

        Parameters
        ----------
        device_id
            Device to act on; the active device by default.
        """
        return self._command("POST", api_path("me/player/next"), {"device_id": device_id})

    @endpoint(operation="skip-users-playback-to-previous-track", scope=_MODIFY)
    def playback_previous(self, device_id: DeviceId = None) -> Flow[None]:
        """Go back to the previous item (never retried: a replay would go back twice).

        Parameters
        ----------
        device_id
            Device to act on; the active device by default.
        """
        return self._command("POST", api_path("me/player/previous"), {"device_id": device_id})

    @endpoint(operation="seek-to-position-in-currently-playing-track", scope=_MODIFY)
    def playback_seek(
        self, position_ms: Annotated[int, Int(0)], device_id: DeviceId = None
    ) -> Flow[None]:
        """Move to a position in the current item.

        Parameters
        ----------
        position_ms
            Position in milliseconds; past the item's end, the next item starts.
        device_id
            Device to act on; the active device by default.
        """
        return self._command(
            "PUT", api_path("me/player/seek"), {"position_ms": position_ms, "device_id": device_id}
        )

    @endpoint(operation="set-repeat-mode-on-users-playback", scope=_MODIFY)
    def playback_repeat(self, state: Repeat, device_id: DeviceId = None) -> Flow[None]:
        """Set the repeat mode.

        Parameters
        ----------
        state
            ``"track"``, ``"context"`` or ``"off"`` (or a :class:`~spotipy.model.RepeatState`).
        device_id
            Device to act on; the active device by default.
        """
        return self._command(
            "PUT", api_path("me/player/repeat"), {"state": state, "device_id": device_id}
        )

    @endpoint(operation="toggle-shuffle-for-users-playback", scope=_MODIFY)
    def playback_shuffle(
        self, state: Annotated[bool, Flag()], device_id: DeviceId = None
    ) -> Flow[None]:
        """Turn shuffle on or off.

        Parameters
        ----------
        state
            ``True`` to shuffle, ``False`` to play in order.
        device_id
            Device to act on; the active device by default.
        """
        return self._command(
            "PUT", api_path("me/player/shuffle"), {"state": state, "device_id": device_id}
        )

    @endpoint(operation="set-volume-for-users-playback", scope=_MODIFY)
    def playback_volume(self, volume_percent: Volume, device_id: DeviceId = None) -> Flow[None]:
        """Set the volume (``reason="VOLUME_CONTROL_DISALLOW"`` if the device has none).

        Parameters
        ----------
        volume_percent
            Volume from 0 to 100.
        device_id
            Device to act on; the active device by default.
        """
        return self._command(
            "PUT",
            api_path("me/player/volume"),
            {"volume_percent": volume_percent, "device_id": device_id},
        )


def _play(what: dict[str, object], offset: object, position_ms: int | None) -> dict[str, object]:
    """The body of ``PUT /me/player/play``: what to play (context or URIs), and options.

    ``offset`` is what :class:`PlaybackOffset` made of the argument.
    """
    body = dict(what)
    if offset is not None:
        body["offset"] = offset
    if position_ms is not None:
        body["position_ms"] = position_ms
    return body


def _expect_playing(response: Response, type_: type[PT]) -> PT | None:
    """Decode a playback answer: ``None`` for 204 (nothing), else ``type_``.

    Spotify always sends ``is_playing``; a body without it is not a playback state.
    """
    if response.status_code == 204 or (response.status_code < 400 and not response.content):
        return None
    found = expect_model(response, type_)
    if found.is_playing is None:
        raise ResponseError(
            f"{describe(response)}: the body is not the expected {type_.__name__}", response
        )
    return found
