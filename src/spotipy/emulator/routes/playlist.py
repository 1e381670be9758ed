"""Playlists: the playlist object and its entries under ``/items`` and ``/tracks``."""

from __future__ import annotations

import hashlib

from spotipy.emulator._catalogue import Playlist, is_base62_id
from spotipy.emulator._params import market, paging
from spotipy.emulator._routing import PRIVATE, ApiError, Context, Reply, web_api
from spotipy.emulator.routes._common import kept_query


def _playlist(ctx: Context) -> Playlist:
    playlist_id = ctx.params["playlist_id"]
    if not is_base62_id(playlist_id):
        raise ApiError(400, "Invalid base62 id")
    playlist = ctx.state.playlists.get(playlist_id)
    if playlist is None:
        raise ApiError(404, "Resource not found")
    return playlist


def _etag(ctx: Context, playlist: Playlist, visible: bool) -> str:
    # The body depends on the version, the URL asked and what the caller may see.
    query = "&".join(f"{k}={v}" for k, v in sorted(ctx.query_items))
    key = f"{playlist.snapshot_id}|{ctx.origin}|{ctx.path}?{query}|{visible}"
    return '"' + hashlib.blake2b(key.encode(), digest_size=16).hexdigest() + '"'


@web_api.get("/playlists/{playlist_id}", cache=PRIVATE, query=(market(),))
def get_playlist(ctx: Context) -> Reply:
    """Answer a PlaylistObject.

    The entries are embedded only for callers who may read them (see
    :meth:`Playlists.can_read_items`); ``fields`` is not applied.
    """
    playlist = _playlist(ctx)
    visible = ctx.state.playlists.can_read_items(playlist, ctx.user_id)
    body = ctx.render.playlist(playlist, with_items=visible)
    return Reply(body, etag=_etag(ctx, playlist, visible))


def _entries(ctx: Context, endpoint: str) -> Reply:
    playlist = _playlist(ctx)
    limit: int = ctx.args["limit"]
    offset: int = ctx.args["offset"]
    if not ctx.state.playlists.can_read_items(playlist, ctx.user_id):
        raise ApiError(403, "Forbidden")
    body = ctx.render.entries_page(
        playlist,
        f"/playlists/{playlist.id}/{endpoint}",
        offset=offset,
        limit=limit,
        query=kept_query(ctx),
    )
    return Reply(body, etag=_etag(ctx, playlist, True))


# The spec lists playlist-read-private for the entries, but Spotify does not demand it:
# app tokens (which carry no scopes) read public playlists, and a private playlist is
# readable by ID.  Who may read the entries is decided by Playlists.can_read_items instead
# (the February 2026 owner-or-collaborator rule), for users with or without the scope.
_ENTRY_SCOPES = ("playlist-read-private",)


@web_api.get(
    "/playlists/{playlist_id}/items",
    cache=PRIVATE,
    optional_scopes=_ENTRY_SCOPES,
    query=(market(), paging(default=20, maximum=50)),
)
def get_playlist_items(ctx: Context) -> Reply:
    """Answer a page of PlaylistTrackObjects (at most 50)."""
    return _entries(ctx, "items")


@web_api.get(
    "/playlists/{playlist_id}/tracks",
    cache=PRIVATE,
    optional_scopes=_ENTRY_SCOPES,
    query=(market(), paging(default=20, maximum=100)),
    deprecated=True,
)
def get_playlist_tracks(ctx: Context) -> Reply:
    """Answer a page of PlaylistTrackObjects from the deprecated twin (at most 100)."""
    return _entries(ctx, "tracks")
