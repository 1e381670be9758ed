"""Following: artists, users and playlists.

``/me/following`` and ``/playlists/{playlist_id}/followers``.  What a user follows lives in
:attr:`State.follows <spotipy.emulator.state.State.follows>`, by URI, the same store
``/me/library`` writes to.
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import quote

import msgspec
from msgspec import Raw

from spotipy.emulator._catalogue import Playlist, is_base62_id
from spotipy.emulator._params import enum, ids, integer, text
from spotipy.emulator._routing import ApiError, Context, Reply, web_api
from spotipy.emulator.routes.library import body_ids

__all__: list[str] = []

_encode = msgspec.json.encode

_PLAYLIST_MODIFY: Final = ("playlist-modify-public", "playlist-modify-private")
#: The cap of ``/me/following``'s ``ids``.
_MAX_IDS: Final = 50


def _user(ctx: Context) -> str:
    user = ctx.user_id
    assert user is not None  # auth="user" routes
    return user


def _playlist(ctx: Context) -> Playlist:
    playlist_id = ctx.params["playlist_id"]
    if not is_base62_id(playlist_id):
        raise ApiError(400, "Invalid base62 id")
    playlist = ctx.state.playlists.get(playlist_id)
    if playlist is None:
        raise ApiError(404, "Resource not found")
    return playlist


def _granted(ctx: Context) -> frozenset[str]:
    return ctx.token.scopes if ctx.token is not None else frozenset()


# -- playlists ------------------------------------------------------------------------------


@web_api.get(
    "/playlists/{playlist_id}/followers/contains",
    deprecated=True,
    query=(ids(1, "user", required=False),),
)
def check_if_user_follows_playlist(ctx: Context) -> bytes:
    """Answer ``[true]`` or ``[false]``: whether the user asked (the token's by default)
    follows the playlist."""
    playlist = _playlist(ctx)
    asked: list[str] | None = ctx.args["ids"]
    user = asked[0] if asked else ctx.user_id
    if user is None:
        raise ApiError(400, "Missing parameter ids")
    return _encode(ctx.state.follows.contains(user, [f"spotify:playlist:{playlist.id}"]))


@web_api.put(
    "/playlists/{playlist_id}/followers",
    auth="user",
    optional_scopes=_PLAYLIST_MODIFY,
    deprecated=True,
)
def follow_playlist(ctx: Context) -> Reply:
    """Follow the playlist; 200 without a body.

    Following publicly (``{"public": true}``, the default) needs ``playlist-modify-public``,
    privately ``playlist-modify-private``.
    """
    playlist = _playlist(ctx)
    body = ctx.json()
    public = body.get("public", True) if isinstance(body, dict) else True
    if not isinstance(public, bool):
        raise ApiError(400, "Invalid public")
    needed = "playlist-modify-public" if public else "playlist-modify-private"
    if needed not in _granted(ctx):
        raise ApiError(403, "Insufficient client scope")
    ctx.state.follows.add(_user(ctx), [f"spotify:playlist:{playlist.id}"], ctx.state.clock())
    return Reply.no_content(200)


@web_api.delete(
    "/playlists/{playlist_id}/followers",
    auth="user",
    optional_scopes=_PLAYLIST_MODIFY,
    deprecated=True,
)
def unfollow_playlist(ctx: Context) -> Reply:
    """Unfollow the playlist (either playlist-modify scope will do); 200 without a body."""
    playlist = _playlist(ctx)
    if not set(_PLAYLIST_MODIFY) & _granted(ctx):
        raise ApiError(403, "Insufficient client scope")
    ctx.state.follows.remove(_user(ctx), [f"spotify:playlist:{playlist.id}"])
    return Reply.no_content(200)


# -- artists and users ----------------------------------------------------------------------


@web_api.get(
    "/me/following",
    auth="user",
    scopes=("user-follow-read",),
    query=(
        enum("type", ("artist",), required=True),
        text("after"),
        integer("limit", 1, 50, default=20),
    ),
)
def get_followed(ctx: Context) -> bytes:
    """Answer ``{"artists": CursorPaging}`` of followed artists, newest first.

    ``after`` is the last artist of the previous page; an artist not followed gives an
    empty page.
    """
    limit: int = ctx.args["limit"]
    after: str | None = ctx.args["after"]
    if after is not None and not is_base62_id(after):
        raise ApiError(400, "Invalid after")
    followed = [
        uri[len("spotify:artist:") :] for uri, _ in ctx.state.follows.saved(_user(ctx), "artist")
    ]
    start = 0
    if after is not None:
        start = followed.index(after) + 1 if after in followed else len(followed)
    chosen = followed[start : start + limit]
    index = ctx.state.catalogue.artist_index
    base = f"{ctx.render.api_base}/me/following?type=artist"
    more = "" if after is None else f"&after={quote(after)}"
    page: dict[str, Any] = {
        "href": f"{base}{more}&limit={limit}",
        "items": [Raw(ctx.render.artist(index[i])) for i in chosen],
        "limit": limit,
    }
    # The spec types next and cursors.after as strings, but on the last page Spotify sends
    # both as null (the spec's description of "next" says so).
    last = chosen[-1] if chosen else None
    more_pages = last is not None and start + limit < len(followed)
    page["next"] = f"{base}&after={last}&limit={limit}" if more_pages else None
    page["cursors"] = {"after": last if more_pages else None}
    page["total"] = len(followed)
    return _encode({"artists": page})


def _kind_ids(ctx: Context, chosen: list[str]) -> tuple[str, list[str]]:
    kind: str = ctx.args["type"]
    if kind == "artist" and not all(is_base62_id(i) for i in chosen):
        raise ApiError(400, "Invalid base62 id")
    return kind, [f"spotify:{kind}:{i}" for i in chosen]


_TYPE: Final = enum("type", ("artist", "user"), required=True)


@web_api.get(
    "/me/following/contains",
    auth="user",
    scopes=("user-follow-read",),
    deprecated=True,
    query=(_TYPE, ids(_MAX_IDS, "user")),
)
def check_current_user_follows(ctx: Context) -> bytes:
    """Answer whether the user follows each artist or user, in the order asked."""
    _, chosen = _kind_ids(ctx, ctx.args["ids"])
    return _encode(ctx.state.follows.contains(_user(ctx), chosen))


@web_api.put(
    "/me/following",
    auth="user",
    scopes=("user-follow-modify",),
    deprecated=True,
    query=(_TYPE, ids(_MAX_IDS, "user", required=False)),
)
def follow_artists_users(ctx: Context) -> Reply:
    """Follow artists or users (IDs in the query, else in the body); 204."""
    kind, chosen = _kind_ids(ctx, body_ids(ctx, _MAX_IDS, kind="user"))
    if kind == "artist":
        index = ctx.state.catalogue.artist_index
        if any(uri[len("spotify:artist:") :] not in index for uri in chosen):
            raise ApiError(404, "Resource not found")
    ctx.state.follows.add(_user(ctx), chosen, ctx.state.clock())
    return Reply.no_content(204)


@web_api.delete(
    "/me/following",
    auth="user",
    scopes=("user-follow-modify",),
    deprecated=True,
    query=(_TYPE, ids(_MAX_IDS, "user", required=False)),
)
def unfollow_artists_users(ctx: Context) -> Reply:
    """Unfollow artists or users (IDs in the query, else in the body); 204."""
    _, chosen = _kind_ids(ctx, body_ids(ctx, _MAX_IDS, kind="user"))
    ctx.state.follows.remove(_user(ctx), chosen)
    return Reply.no_content(204)
