"""The player: ``/me/player`` and its commands, devices, queue and history.

The state machine is :mod:`spotipy.emulator.state.player`; this module parses requests,
resolves contexts into the URIs they hold, refuses commands of users without Premium (403
``PREMIUM_REQUIRED``) and renders the answers: the playback state, devices, contexts, the
queue and the cursor-paged history.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import urlencode

import msgspec
from msgspec import Raw

from spotipy.emulator._catalogue import is_base62_id
from spotipy.emulator._params import boolean, enum, integer, market, text, uris
from spotipy.emulator._routing import ApiError, Context, Reply, web_api
from spotipy.emulator.state.player import Device, PlayerState

__all__: list[str] = []

_encode = msgspec.json.encode
_OPEN: Final = "https://open.spotify.com"

_READ: Final = ("user-read-playback-state",)
_MODIFY: Final = ("user-modify-playback-state",)
_DEVICE: Final = text("device_id")
_TYPES: Final = enum(
    "additional_types", ("track", "episode"), multi=True, default=frozenset({"track"})
)
#: Kinds a context URI may name, and how many of an artist's tracks its context plays.
_CONTEXTS: Final = frozenset({"album", "artist", "playlist", "show"})
_ARTIST_TRACKS: Final = 10
#: Longest cursor accepted (Unix ms have 13 digits).
_CURSOR_DIGITS: Final = 16


# -- look-ups ------------------------------------------------------------------------------


def _player(ctx: Context) -> PlayerState:
    assert ctx.user_id is not None  # auth="user"
    return ctx.state.players.of(ctx.user_id)


def _commanded(ctx: Context) -> PlayerState:
    """The caller's player, for a command: only Premium users may command it."""
    assert ctx.user_id is not None
    user = ctx.state.catalogue.user_by_id.get(ctx.user_id)
    product = ctx.state.players.product(ctx.user_id, user.product if user else "free")
    if product != "premium":
        raise ApiError(403, "Player command failed: Premium required", reason="PREMIUM_REQUIRED")
    return ctx.state.players.of(ctx.user_id)


def _split_uri(uri: str) -> tuple[str, str]:
    parts = uri.split(":")
    if len(parts) != 3 or parts[0] != "spotify" or not is_base62_id(parts[2]):
        return "", ""
    return parts[1], parts[2]


def _playable(ctx: Context, uri: str) -> tuple[str, int] | None:
    """``("track" or "episode", catalogue index)`` of a playable URI, ``None`` if unknown."""
    kind, id_ = _split_uri(uri)
    catalogue = ctx.state.catalogue
    index = {"track": catalogue.track_index, "episode": catalogue.episode_index}.get(kind, {})
    found = index.get(id_)
    return None if found is None else (kind, found)


def _item(ctx: Context, uri: str, types: frozenset[str] = frozenset({"track", "episode"})) -> Any:
    """The rendered TrackObject or EpisodeObject of ``uri``; ``None`` for other types."""
    found = _playable(ctx, uri)
    if found is None or found[0] not in types:
        return None
    kind, i = found
    return Raw(ctx.render.track(i) if kind == "track" else ctx.render.episode(i))


def _duration(ctx: Context, uri: str) -> int:
    found = _playable(ctx, uri)
    if found is None:
        return 0
    kind, i = found
    catalogue = ctx.state.catalogue
    return catalogue.tracks[i].duration_ms if kind == "track" else catalogue.episodes[i].duration_ms


def _context_items(ctx: Context, context_uri: object) -> list[str]:
    """The playable URIs of an album, artist, playlist or show, in play order.

    Raises
    ------
    ApiError
        400 for a malformed context URI, 404 for an unknown one, 403 ``CONTEXT_DISALLOW``
        for one without playable items.
    """
    kind, id_ = _split_uri(context_uri) if isinstance(context_uri, str) else ("", "")
    if kind not in _CONTEXTS:
        raise ApiError(400, "Invalid context uri")
    catalogue = ctx.state.catalogue
    found: list[str] | None = None
    if kind == "album" and id_ in catalogue.album_index:
        album = catalogue.albums[catalogue.album_index[id_]]
        found = [f"spotify:track:{catalogue.tracks[t].id}" for t in album.tracks]
    elif kind == "artist" and id_ in catalogue.artist_index:
        artist = catalogue.artist_index[id_]
        found = []
        for a, _ in catalogue.discographies[artist]:
            for t in catalogue.albums[a].tracks:
                if artist in catalogue.tracks[t].artists and len(found) < _ARTIST_TRACKS:
                    found.append(f"spotify:track:{catalogue.tracks[t].id}")
    elif kind == "show" and id_ in catalogue.show_index:
        show = catalogue.shows[catalogue.show_index[id_]]
        found = [f"spotify:episode:{catalogue.episodes[e].id}" for e in show.episodes]
    elif kind == "playlist" and id_ in ctx.state.playlists:
        found = []
        for entry in ctx.state.playlists[id_].entries:
            if entry.kind == "track":
                found.append(f"spotify:track:{catalogue.tracks[entry.index].id}")
            elif entry.kind == "episode":
                found.append(f"spotify:episode:{catalogue.episodes[entry.index].id}")
    if found is None:
        raise ApiError(404, "Context not found")
    if not found:
        raise ApiError(
            403, "Player command failed: Restriction violated", reason="CONTEXT_DISALLOW"
        )
    return found


# -- rendering -----------------------------------------------------------------------------


def _device(device: Device, active: bool) -> dict[str, Any]:
    return {
        "id": device.id,
        "is_active": active,
        "is_private_session": device.is_private_session,
        "is_restricted": device.is_restricted,
        "name": device.name,
        "supports_volume": device.supports_volume,
        "type": device.type,
        "volume_percent": device.volume_percent,
    }


def _context(ctx: Context, uri: str) -> dict[str, Any]:
    kind, id_ = _split_uri(uri)
    return {
        "external_urls": {"spotify": f"{_OPEN}/{kind}/{id_}"},
        "href": f"{ctx.render.api_base}/{kind}s/{id_}",
        "type": kind,
        "uri": uri,
    }


def _playing(
    ctx: Context, player: PlayerState, now: float, types: frozenset[str]
) -> dict[str, Any]:
    """The fields CurrentlyPlayingObject and CurrentlyPlayingContextObject share.

    Spotify sends ``null`` for a missing ``context``, ``item`` (nothing loaded, or a type
    the caller did not list in ``additional_types``) or ``progress_ms``, as the spec's
    descriptions say ("Can be null") though its types do not allow it; and ``actions``
    nested under ``disallows`` (thelinmichael/spotify-web-api-node #415), not flat as
    the spec has them.  Tracks are always supported: ``additional_types`` names the others.
    """
    obj: dict[str, Any] = {"context": None}
    if player.context_uri is not None and not player.from_queue:
        obj["context"] = _context(ctx, player.context_uri)
    current = player.current
    obj["progress_ms"] = obj["item"] = None
    if current is not None:
        obj["progress_ms"] = min(player.progress(now), _duration(ctx, current))
        obj["item"] = _item(ctx, current, types | {"track"})
        obj["currently_playing_type"] = current.split(":")[1]
    else:
        obj["currently_playing_type"] = "unknown"
    # The spec's DisallowsObject: an action set to true is not allowed now.
    disallows = {"pausing": True} if not player.is_playing else {"resuming": True}
    if not player.can_skip_previous():
        disallows["skipping_prev"] = True
    if not player.can_skip_next():
        disallows["skipping_next"] = True
    obj["actions"] = {"disallows": disallows}
    obj["is_playing"] = player.is_playing
    return obj


def _timestamp_ms(ms: int) -> str:
    seconds, rest = divmod(ms, 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{rest:03d}Z"


# -- state ---------------------------------------------------------------------------------


@web_api.get("/me/player", auth="user", scopes=_READ, query=(market(), _TYPES))
def get_playback(ctx: Context) -> bytes | Reply:
    """Answer a CurrentlyPlayingContextObject, or 204 when no device is active."""
    player = _player(ctx)
    device = player.active()
    if device is None:
        return Reply.no_content(204)
    now = ctx.state.clock()
    obj = {
        "device": _device(device, True),
        "repeat_state": player.repeat,
        "shuffle_state": player.shuffle,
        # Not in the spec (felix-hilden/tekore #320); the emulator has no smart shuffle.
        "smart_shuffle": False,
        "timestamp": int(player.changed_at * 1000),
        **_playing(ctx, player, now, ctx.args["additional_types"]),
    }
    return _encode(obj)


@web_api.get(
    "/me/player/currently-playing",
    auth="user",
    scopes=("user-read-currently-playing",),
    query=(market(), _TYPES),
)
def get_currently_playing(ctx: Context) -> bytes | Reply:
    """Answer a CurrentlyPlayingObject, or 204 when nothing is loaded, as Spotify does."""
    player = _player(ctx)
    if player.active_device is None or player.current is None:
        return Reply.no_content(204)
    now = ctx.state.clock()
    obj = {"timestamp": int(now * 1000), **_playing(ctx, player, now, ctx.args["additional_types"])}
    return _encode(obj)


@web_api.get("/me/player/devices", auth="user", scopes=_READ)
def get_devices(ctx: Context) -> bytes:
    """Answer ``{"devices": [DeviceObject, ...]}``."""
    player = _player(ctx)
    return _encode({"devices": [_device(d, d.id == player.active_device) for d in player.devices]})


@web_api.get("/me/player/queue", auth="user", scopes=("user-read-currently-playing", *_READ))
def get_queue(ctx: Context) -> bytes:
    """Answer a QueueObject: what plays now, then the queue and the rest of the context."""
    player = _player(ctx)
    obj: dict[str, Any] = {}
    if player.current is not None:
        obj["currently_playing"] = _item(ctx, player.current)
    obj["queue"] = [item for uri in player.upcoming() if (item := _item(ctx, uri)) is not None]
    return _encode(obj)


def _cursor(ctx: Context, name: str) -> int | None:
    raw = ctx.args[name]
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > _CURSOR_DIGITS:
        raise ApiError(400, f"Invalid {name}")
    return int(raw)


@web_api.get(
    "/me/player/recently-played",
    auth="user",
    scopes=("user-read-recently-played",),
    query=(integer("limit", 1, 50, default=20), text("after"), text("before")),
)
def get_recently_played(ctx: Context) -> bytes:
    """Answer a CursorPagingPlayHistoryObject: the tracks played, newest first."""
    after, before = _cursor(ctx, "after"), _cursor(ctx, "before")
    if after is not None and before is not None:
        raise ApiError(400, "Only one of after or before may be given")
    limit: int = ctx.args["limit"]
    history = [p for p in _player(ctx).recently_played if p.uri.startswith("spotify:track:")]
    if after is not None:
        newer = [p for p in history if p.played_at > after]
        chosen = newer[-limit:]  # the plays right after the cursor, still newest first
    else:
        chosen = [p for p in history if before is None or p.played_at < before][:limit]
    items = []
    for played in chosen:
        context = played.context_uri
        entry: dict[str, Any] = {
            "track": _item(ctx, played.uri),
            "played_at": _timestamp_ms(played.played_at),
            "context": None if context is None else _context(ctx, context),
        }
        items.append(entry)
    base = f"{ctx.render.api_base}/me/player/recently-played"
    query = urlencode(ctx.query_items)
    obj: dict[str, Any] = {"href": f"{base}?{query}" if query else base, "items": items}
    obj["limit"] = limit
    # Spotify sends null where the spec's types allow none: "next" on the last page (the
    # spec's description says so) and "cursors" on an empty one.
    obj["next"] = None
    obj["cursors"] = None
    if chosen:
        oldest = chosen[-1].played_at
        obj["cursors"] = {"after": str(chosen[0].played_at), "before": str(oldest)}
        if any(p.played_at < oldest for p in history):
            obj["next"] = f"{base}?before={oldest}&limit={limit}"
    return _encode(obj)


# -- commands ------------------------------------------------------------------------------


def _command(ctx: Context, act: Callable[[PlayerState, str | None, float], None]) -> Reply:
    """Run a command on the caller's player (Premium only); Spotify answers 204."""
    act(_commanded(ctx), ctx.args.get("device_id"), ctx.state.clock())
    return Reply.no_content(204)


def _start(player: PlayerState, device_id: str | None, now: float, ctx: Context) -> None:
    body = ctx.json()
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ApiError(400, "Error parsing json")
    context_uri, listed = body.get("context_uri"), body.get("uris")
    if context_uri is None and listed is None:
        player.resume(device_id, now)
        return
    if context_uri is not None and listed is not None:
        raise ApiError(400, "Only one of context_uri or uris may be given")
    if listed is not None:
        if not isinstance(listed, list) or not listed:
            raise ApiError(400, "Invalid uris")
        for uri in listed:
            if not isinstance(uri, str) or _playable(ctx, uri) is None:
                raise ApiError(400, f"Invalid track uri: {uri}")
        items = [str(u) for u in listed]
    else:
        items = _context_items(ctx, context_uri)
    index = _offset(body.get("offset"), items)
    position = body.get("position_ms", 0)
    if isinstance(position, bool) or not isinstance(position, int) or position < 0:
        raise ApiError(400, "Invalid position_ms")
    player.start(
        device_id,
        now,
        context_uri=context_uri if listed is None else None,
        items=items,
        index=index,
        position_ms=position,
    )


def _offset(offset: object, items: list[str]) -> int:
    if offset is None:
        return 0
    if isinstance(offset, dict):
        position, uri = offset.get("position"), offset.get("uri")
        if isinstance(position, int) and not isinstance(position, bool):
            if 0 <= position < len(items):
                return position
        elif isinstance(uri, str) and uri in items:
            return items.index(uri)
    raise ApiError(400, "Invalid offset")


def _transfer(player: PlayerState, now: float, ctx: Context) -> None:
    body = ctx.json()
    if not isinstance(body, dict) or not isinstance(body.get("device_ids"), list):
        raise ApiError(400, "Missing device_ids")
    targets = body["device_ids"]
    if len(targets) != 1 or not isinstance(targets[0], str):
        raise ApiError(400, "Only one device_id is currently supported")
    play = body.get("play")
    if play is not None and not isinstance(play, bool):
        raise ApiError(400, "Invalid play")
    player.transfer(targets[0], play, now)


@web_api.put("/me/player", auth="user", scopes=_MODIFY)
def transfer_playback(ctx: Context) -> Reply:
    """Move playback to the one device named in the body."""
    return _command(ctx, lambda p, _, now: _transfer(p, now, ctx))


@web_api.put("/me/player/play", auth="user", scopes=_MODIFY, query=(_DEVICE,))
def start_playback(ctx: Context) -> Reply:
    """Start a context or a list of URIs, or resume."""
    return _command(ctx, lambda p, d, now: _start(p, d, now, ctx))


@web_api.put("/me/player/pause", auth="user", scopes=_MODIFY, query=(_DEVICE,))
def pause_playback(ctx: Context) -> Reply:
    """Pause (403 ``ALREADY_PAUSED`` when paused)."""
    return _command(ctx, lambda p, d, now: p.pause(d, now))


@web_api.post("/me/player/next", auth="user", scopes=_MODIFY, query=(_DEVICE,))
def skip_next(ctx: Context) -> Reply:
    """Skip to the next item (403 ``NO_NEXT_TRACK`` at the end)."""
    return _command(ctx, lambda p, d, now: p.next(d, now))


@web_api.post("/me/player/previous", auth="user", scopes=_MODIFY, query=(_DEVICE,))
def skip_previous(ctx: Context) -> Reply:
    """Go back to the previous item (403 ``NO_PREV_TRACK`` at the start)."""
    return _command(ctx, lambda p, d, now: p.previous(d, now))


@web_api.put(
    "/me/player/seek",
    auth="user",
    scopes=_MODIFY,
    query=(integer("position_ms", 0, required=True), _DEVICE),
)
def seek(ctx: Context) -> Reply:
    """Move to a position in the current item."""
    position: int = ctx.args["position_ms"]
    return _command(ctx, lambda p, d, now: p.seek(position, d, now))


@web_api.put(
    "/me/player/repeat",
    auth="user",
    scopes=_MODIFY,
    query=(enum("state", ("track", "context", "off"), required=True), _DEVICE),
)
def set_repeat(ctx: Context) -> Reply:
    """Set the repeat mode."""
    state = ctx.args["state"]
    return _command(ctx, lambda p, d, now: p.set_repeat(state, d, now))


@web_api.put(
    "/me/player/shuffle",
    auth="user",
    scopes=_MODIFY,
    query=(boolean("state", required=True), _DEVICE),
)
def set_shuffle(ctx: Context) -> Reply:
    """Turn shuffle on or off."""
    state: bool = ctx.args["state"]
    return _command(ctx, lambda p, d, now: p.set_shuffle(state, d, now))


@web_api.put(
    "/me/player/volume",
    auth="user",
    scopes=_MODIFY,
    query=(integer("volume_percent", 0, 100, required=True), _DEVICE),
)
def set_volume(ctx: Context) -> Reply:
    """Set the device's volume (403 ``VOLUME_CONTROL_DISALLOW`` if it has none)."""
    volume: int = ctx.args["volume_percent"]
    return _command(ctx, lambda p, d, _: p.set_volume(volume, d))


@web_api.post(
    "/me/player/queue",
    auth="user",
    scopes=_MODIFY,
    query=(uris(1, name="uri"), _DEVICE),
)
def add_to_queue(ctx: Context) -> Reply:
    """Queue a track or an episode: it plays next, after those queued before."""
    uri: str = ctx.args["uri"][0]
    return _command(ctx, lambda p, d, _: p.add_to_queue(_queueable(ctx, uri), d))


def _queueable(ctx: Context, uri: str) -> str:
    if _playable(ctx, uri) is None:
        raise ApiError(400, "Invalid uri")
    return uri
