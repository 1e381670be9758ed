"""Web API routes, one module per area; importing this package registers them all.

The modules are named as the client's areas (``client/_api/<area>.py``): ``album``,
``artist``, ``audiobook``, ``browse``, ``chapter``, ``episode``, ``follow``, ``library``,
``player``, ``playlist``, ``search``, ``show``, ``track`` and ``user``.  A route declares its
method and path as the spec spells them, its scopes, the spec's ``deprecated`` flag and the
query parameters it reads; the handler finds them parsed in ``ctx.args``::

    from spotipy.emulator._params import ids, market
    from spotipy.emulator._routing import Context, Reply, web_api

    @web_api.get("/tracks", deprecated=True, query=(ids(50), market()))
    def get_several_tracks(ctx: Context) -> bytes:
        found = [ctx.state.catalogue.track_index.get(i) for i in ctx.args["ids"]]
        ...

    @web_api.put("/me/tracks", auth="user", scopes=("user-library-modify",),
                 deprecated=True, query=(ids(50, required=False),))
    def save_tracks(ctx: Context) -> Reply:
        chosen = ctx.args["ids"] or (ctx.json() or {}).get("ids", [])
        ctx.state.library.add(ctx.user_id, [f"spotify:track:{i}" for i in chosen], ...)
        return Reply.no_content(200)

Errors are raised as :class:`~spotipy.emulator._routing.ApiError` (with ``reason=`` for the
player).  Mutable data lives in :mod:`spotipy.emulator.state`, one module per area.  The
emulator takes :data:`web_api` from here, so it always sees every area imported below.
"""

from __future__ import annotations

from spotipy.emulator._routing import web_api
from spotipy.emulator.routes import (
    album,
    artist,
    audiobook,
    browse,
    chapter,
    episode,
    follow,
    library,
    player,
    playlist,
    search,
    show,
    track,
    user,
)

__all__ = [
    "album",
    "artist",
    "audiobook",
    "browse",
    "chapter",
    "episode",
    "follow",
    "library",
    "player",
    "playlist",
    "search",
    "show",
    "track",
    "user",
    "web_api",
]
