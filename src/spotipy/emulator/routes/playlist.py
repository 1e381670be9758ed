"""Playlists: the object and its entries under ``/items`` and ``/tracks``, Spotify's
``fields`` filter, the user's playlists, creating and changing playlists, their items and
their covers.

Writes follow Spotify: only the owner (or a collaborator of a collaborative playlist) may
change the items, only the owner the details; the scope needed is
``playlist-modify-public`` for a public playlist and ``playlist-modify-private`` for a
private one (the spec lists both, as optional scopes here, and the handler asks for the
one the playlist needs).  Every change gives the playlist a new snapshot ID.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
from dataclasses import dataclass, field
from typing import Any, Final

import msgspec
from msgspec import Raw

from spotipy.emulator._catalogue import Playlist, is_base62_id
from spotipy.emulator._params import integer, market, paging, text, uris
from spotipy.emulator._routing import PRIVATE, ApiError, Context, Reply, web_api
from spotipy.emulator.routes._common import kept_query

#: Most items one write may carry.
MAX_ITEMS: Final = 100
#: Largest cover Spotify accepts: 256 KB of base64 text.
MAX_COVER_BYTES: Final = 256 * 1024
#: The scopes the spec lists for playlist writes; which one is needed depends on the playlist.
MODIFY: Final = ("playlist-modify-public", "playlist-modify-private")
#: The scopes that widen the user's playlist listings.
READ: Final = ("playlist-read-private", "playlist-read-collaborative")

_encode = msgspec.json.encode
_decode = msgspec.json.decode


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


# -- fields= ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Fields:
    """A parsed ``fields`` filter: the names kept (with their own filter, or ``None`` for
    the whole value) and the names left out with ``!``."""

    keep: dict[str, Fields | None] = field(default_factory=dict)
    drop: set[str] = field(default_factory=set)

    def add(self, name: str, sub: Fields | None) -> None:
        """Keep ``name`` (filtered by ``sub``), merging with what was already asked."""
        if name not in self.keep:
            self.keep[name] = sub
            return
        old = self.keep[name]
        if old is None or sub is None:
            self.keep[name] = None
        else:
            for key, value in sub.keep.items():
                old.add(key, value)
            old.drop |= sub.drop

    def apply(self, value: Any) -> Any:
        """Filter ``value``: objects keep the fields asked, lists are filtered item by item."""
        if isinstance(value, list):
            return [self.apply(v) for v in value]
        if not isinstance(value, dict):
            return value
        if self.keep:
            kept = {
                k: (v if sub is None else sub.apply(v))
                for k, sub in self.keep.items()
                if (v := value.get(k, _ABSENT)) is not _ABSENT
            }
        else:
            kept = dict(value)
        for name in self.drop:
            kept.pop(name, None)
        return kept


_ABSENT: Final = object()


@functools.lru_cache(maxsize=256)
def parse_fields(raw: str) -> Fields:
    """Parse Spotify's ``fields`` syntax: ``a,b.c,d(e,f(g)),!h``.

    A dot selects one nested field, parentheses several; ``!`` leaves a field out.

    Raises
    ------
    ApiError
        400 "Invalid fields" for unbalanced parentheses, empty names, or nesting
        deeper than :data:`MAX_FIELDS_DEPTH`.
    """
    parser = _FieldParser(raw.replace(" ", ""))
    found = parser.list()
    if parser.at != len(parser.text):
        raise ApiError(400, "Invalid fields")
    return found


#: Deepest nesting of a ``fields`` filter (Spotify's objects are a few levels deep).
MAX_FIELDS_DEPTH: Final = 32


class _FieldParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.depth = 0

    def deeper(self) -> None:
        """Go one level down; a filter nested deeper than any object is refused."""
        self.depth += 1
        if self.depth > MAX_FIELDS_DEPTH:
            raise ApiError(400, "Invalid fields")

    def list(self) -> Fields:
        found = Fields()
        while True:
            self.item(found)
            if self.peek() != ",":
                return found
            self.at += 1

    def item(self, into: Fields) -> None:
        exclude = self.peek() == "!"
        if exclude:
            self.at += 1
        name = self.name()
        if exclude:
            into.drop.add(name)
            return
        nxt = self.peek()
        if nxt == ".":
            self.at += 1
            sub = Fields()
            self.deeper()
            self.item(sub)
            self.depth -= 1
            into.add(name, sub)
        elif nxt == "(":
            self.at += 1
            self.deeper()
            sub = self.list()
            self.depth -= 1
            if self.peek() != ")":
                raise ApiError(400, "Invalid fields")
            self.at += 1
            into.add(name, sub)
        else:
            into.add(name, None)

    def name(self) -> str:
        start = self.at
        while self.at < len(self.text) and self.text[self.at] not in ",.()!":
            self.at += 1
        if self.at == start:
            raise ApiError(400, "Invalid fields")
        return self.text[start : self.at]

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""


def _filtered(ctx: Context, body: bytes, *, entries: bool) -> bytes:
    """Apply ``ctx.args["fields"]``, if given, to an encoded answer.

    On ``/items`` (``entries``) the 2026 rule holds: an entry's object is named ``item``,
    and a filter naming ``track`` finds nothing there (when the emulator sends ``item``).
    """
    raw = ctx.args.get("fields")
    if not raw:
        return body
    chosen = parse_fields(raw)
    data = _decode(body)
    if entries and "item" in ctx.state.options.playlist_item_fields:
        for entry in data.get("items") or ():
            if isinstance(entry, dict):
                entry.pop("track", None)
    return _encode(chosen.apply(data))


# -- reading ---------------------------------------------------------------------------------


@web_api.get("/playlists/{playlist_id}", cache=PRIVATE, query=(market(), text("fields")))
def get_playlist(ctx: Context) -> Reply:
    """Answer a PlaylistObject, filtered by ``fields`` when given.

    The entries are embedded only for callers who may read them (see
    :meth:`Playlists.can_read_items`).
    """
    playlist = _playlist(ctx)
    visible = ctx.state.playlists.can_read_items(playlist, ctx.user_id)
    body = ctx.render.playlist(playlist, with_items=visible)
    return Reply(_filtered(ctx, body, entries=False), etag=_etag(ctx, playlist, visible))


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
    body = _filtered(ctx, body, entries=endpoint == "items")
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
    query=(market(), paging(default=20, maximum=50), text("fields")),
)
def get_playlist_items(ctx: Context) -> Reply:
    """Answer a page of PlaylistTrackObjects (at most 50), filtered by ``fields``."""
    return _entries(ctx, "items")


@web_api.get(
    "/playlists/{playlist_id}/tracks",
    cache=PRIVATE,
    optional_scopes=_ENTRY_SCOPES,
    query=(market(), paging(default=20, maximum=100), text("fields")),
    deprecated=True,
)
def get_playlist_tracks(ctx: Context) -> Reply:
    """Answer a page of PlaylistTrackObjects from the deprecated twin (at most 100)."""
    return _entries(ctx, "tracks")


# -- the user's playlists --------------------------------------------------------------------


def _listing(ctx: Context, user_id: str, path: str) -> bytes:
    """A page of ``user_id``'s playlists as the token may see them.

    The token's own user sees private playlists with ``playlist-read-private`` and
    collaborative ones with ``playlist-read-collaborative``; others see public ones.
    """
    limit: int = ctx.args["limit"]
    offset: int = ctx.args["offset"]
    state = ctx.state
    followed = [uri.rsplit(":", 1)[-1] for uri, _ in state.follows.saved(user_id, "playlist")]
    scopes = ctx.token.scopes if ctx.token is not None else frozenset()
    own = ctx.user_id == user_id

    def visible(p: Playlist) -> bool:
        if p.collaborative:
            return own and "playlist-read-collaborative" in scopes
        if not p.public:
            return own and "playlist-read-private" in scopes
        return own or p.owner == user_id

    chosen = [p for p in state.playlists.of_user(user_id, followed) if visible(p)]
    return ctx.render.page(
        path,
        [Raw(ctx.render.playlist_simple(p)) for p in chosen[offset : offset + limit]],
        total=len(chosen),
        offset=offset,
        limit=limit,
        query=kept_query(ctx),
    )


@web_api.get(
    "/me/playlists",
    auth="user",
    optional_scopes=("playlist-read-private",),
    query=(paging(20, 50, max_offset=100_000),),
)
def get_my_playlists(ctx: Context) -> bytes:
    """Answer a page of the user's SimplifiedPlaylistObjects (owned, collaborative, followed).

    The spec lists only ``playlist-read-private``; ``playlist-read-collaborative`` also
    widens the answer, as Spotify documents for the scope.
    """
    assert ctx.user_id is not None
    return _listing(ctx, ctx.user_id, "/me/playlists")


@web_api.get(
    "/users/{user_id}/playlists",
    optional_scopes=READ,
    query=(paging(20, 50, max_offset=100_000),),
    deprecated=True,
)
def get_users_playlists(ctx: Context) -> bytes:
    """Answer a page of a user's public SimplifiedPlaylistObjects (all for the user)."""
    user_id = ctx.params["user_id"]
    if user_id not in ctx.state.catalogue.user_by_id:
        raise ApiError(404, "Resource not found")
    return _listing(ctx, user_id, f"/users/{user_id}/playlists")


# -- creating and changing playlists ---------------------------------------------------------


def _need(ctx: Context, *scopes: str) -> None:
    assert ctx.token is not None
    if not set(scopes) <= ctx.token.scopes:
        raise ApiError(403, "Insufficient client scope")


def _body(ctx: Context, found: Any = None) -> dict[str, Any]:
    """The JSON object of the request (``found``, when the caller decoded it already)."""
    if found is None:
        found = ctx.json()
    if found is None:
        return {}
    if not isinstance(found, dict):
        raise ApiError(400, "Error parsing json")
    return found


def _optional(body: dict[str, Any], name: str, kind: type[Any]) -> Any:
    value = body.get(name)
    if value is not None and type(value) is not kind:
        raise ApiError(400, f"Invalid {name}")
    return value


def _create(ctx: Context, owner: str) -> Reply:
    body = _body(ctx)
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ApiError(400, "Missing required field: name")
    public = _optional(body, "public", bool)
    collaborative = bool(_optional(body, "collaborative", bool))
    description = _optional(body, "description", str) or ""
    public = True if public is None else public
    if public and collaborative:
        raise ApiError(400, "Collaborative playlists can only be private.")
    if collaborative:
        _need(ctx, *MODIFY)
    else:
        _need(ctx, ctx.state.playlists.modify_scope(public))
    created = ctx.state.playlists.create(
        owner, name, public=public, collaborative=collaborative, description=description
    )
    return Reply(ctx.render.playlist(created, with_items=True), status=201)


@web_api.post("/me/playlists", auth="user", optional_scopes=MODIFY)
def create_playlist(ctx: Context) -> Reply:
    """Create a playlist for the token's user: 201 with its PlaylistObject."""
    assert ctx.user_id is not None
    return _create(ctx, ctx.user_id)


@web_api.post("/users/{user_id}/playlists", auth="user", optional_scopes=MODIFY, deprecated=True)
def create_playlist_for_user(ctx: Context) -> Reply:
    """Create a playlist for ``user_id``, who must be the token's user."""
    assert ctx.user_id is not None
    if ctx.params["user_id"] != ctx.user_id:
        raise ApiError(403, "You cannot create a playlist for another user.")
    return _create(ctx, ctx.user_id)


@web_api.put("/playlists/{playlist_id}", auth="user", optional_scopes=MODIFY)
def change_playlist_details(ctx: Context) -> Reply:
    """Change the details given; only the owner may (200, no body)."""
    playlist = _playlist(ctx)
    assert ctx.user_id is not None
    if ctx.user_id != playlist.owner:
        raise ApiError(403, "You cannot change details of playlists you don't own.")
    body = _body(ctx)
    public = _optional(body, "public", bool)
    _need(ctx, ctx.state.playlists.modify_scope(playlist.public))
    if public is not None and public != playlist.public:
        _need(ctx, ctx.state.playlists.modify_scope(public))
    ctx.state.playlists.change_details(
        playlist,
        name=_optional(body, "name", str),
        public=public,
        collaborative=_optional(body, "collaborative", bool),
        description=_optional(body, "description", str),
    )
    return Reply.no_content(200)


# -- items -----------------------------------------------------------------------------------


def _editable(ctx: Context) -> Playlist:
    """The playlist, if the token's user may change its items with the token's scopes."""
    playlist = _playlist(ctx)
    assert ctx.user_id is not None
    if not ctx.state.playlists.can_change_items(playlist, ctx.user_id):
        raise ApiError(403, "Forbidden")
    _need(ctx, ctx.state.playlists.modify_scope(playlist.public))
    return playlist


def _snapshot(playlist: Playlist, status: int = 200) -> Reply:
    return Reply(_encode({"snapshot_id": playlist.snapshot_id}), status=status)


def _uris(ctx: Context, body: dict[str, Any]) -> list[Any] | None:
    """The URIs of the query (which wins, as Spotify documents) or of the body."""
    found = ctx.args.get("uris")
    if found is None:
        found = body.get("uris")
        if found is not None and not isinstance(found, list):
            raise ApiError(400, "Invalid uris")
    if found is not None and len(found) > MAX_ITEMS:
        raise ApiError(400, f"You can add a maximum of {MAX_ITEMS} tracks per request.")
    return found


def _int(
    body: dict[str, Any], name: str, *, required: bool = False, default: int | None = None
) -> Any:
    value = body.get(name)
    if value is None:
        if required:
            raise ApiError(400, f"Missing required field: {name}")
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(400, f"Invalid {name}")
    return value


def _snapshot_arg(body: dict[str, Any]) -> str | None:
    value = body.get("snapshot_id")
    if value is not None and not isinstance(value, str):
        raise ApiError(400, "Invalid snapshot_id")
    return value


def _add(ctx: Context) -> Reply:
    playlist = _editable(ctx)
    # Spotify also takes the URIs as a bare JSON array (plamere's spotipy sends one),
    # besides the spec's {"uris": [...]}.
    sent = ctx.json()
    body = {"uris": sent} if isinstance(sent, list) else _body(ctx, sent)
    found = _uris(ctx, body)
    if not found:
        raise ApiError(400, "No uris provided")
    position = ctx.args["position"]
    if position is None:
        position = _int(body, "position")
    assert ctx.user_id is not None
    state = ctx.state.playlists
    state.add(playlist, state.entries_for(found, ctx.user_id, ctx.state.clock()), position)
    return _snapshot(playlist, 201)


def _put(ctx: Context) -> Reply:
    playlist = _editable(ctx)
    body = _body(ctx)
    found = _uris(ctx, body)
    state = ctx.state.playlists
    if found is not None:
        assert ctx.user_id is not None
        state.replace(playlist, state.entries_for(found, ctx.user_id, ctx.state.clock()))
        return _snapshot(playlist)
    state.reorder(
        playlist,
        _int(body, "range_start", required=True),
        _int(body, "insert_before", required=True),
        _int(body, "range_length", default=1),
        _snapshot_arg(body),
    )
    return _snapshot(playlist)


def _delete(ctx: Context, key: str) -> Reply:
    """Remove items: ``{key: [{uri, positions?}], positions?, snapshot_id?}``."""
    playlist = _editable(ctx)
    body = _body(ctx)
    listed = body.get(key)
    bare = body.get("positions")
    if listed is None and bare is None:
        raise ApiError(400, f"Missing required field: {key}")
    if not isinstance(listed or [], list) or not isinstance(bare or [], list):
        raise ApiError(400, f"Invalid {key}")
    listed = listed or []
    bare = bare or []
    if len(listed) + len(bare) > MAX_ITEMS:
        raise ApiError(400, f"You can remove a maximum of {MAX_ITEMS} tracks per request.")
    whole: list[str] = []
    refs: list[tuple[str | None, int]] = []
    for one in listed:
        uri = one.get("uri") if isinstance(one, dict) else None
        if not isinstance(uri, str):
            raise ApiError(400, f"Invalid {key}")
        positions = one.get("positions")
        if positions is None:
            whole.append(uri)
        else:
            refs.extend((uri, _position(p)) for p in _list(positions))
    refs.extend((None, _position(p)) for p in bare)
    if not whole and not refs:
        raise ApiError(400, "No uris provided")
    ctx.state.playlists.remove(playlist, whole, refs, _snapshot_arg(body))
    return _snapshot(playlist)


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise ApiError(400, "Invalid positions")
    return value


def _position(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(400, "Invalid positions")
    return value


_ADD_QUERY: Final = (integer("position"), uris(MAX_ITEMS, required=False))
_PUT_QUERY: Final = (uris(MAX_ITEMS, required=False),)


@web_api.post(
    "/playlists/{playlist_id}/items", auth="user", optional_scopes=MODIFY, query=_ADD_QUERY
)
def add_items(ctx: Context) -> Reply:
    """Insert items (from the query's or the body's ``uris``): 201 with the snapshot ID."""
    return _add(ctx)


@web_api.put(
    "/playlists/{playlist_id}/items", auth="user", optional_scopes=MODIFY, query=_PUT_QUERY
)
def reorder_or_replace_items(ctx: Context) -> Reply:
    """Replace the items (``uris``) or move a range of them: 200 with the snapshot ID."""
    return _put(ctx)


@web_api.delete("/playlists/{playlist_id}/items", auth="user", optional_scopes=MODIFY)
def remove_items(ctx: Context) -> Reply:
    """Remove items by URI (every occurrence), URI and position, or bare position."""
    return _delete(ctx, "items")


@web_api.post(
    "/playlists/{playlist_id}/tracks",
    auth="user",
    optional_scopes=MODIFY,
    query=_ADD_QUERY,
    deprecated=True,
)
def add_tracks(ctx: Context) -> Reply:
    """The deprecated twin of :func:`add_items`."""
    return _add(ctx)


@web_api.put(
    "/playlists/{playlist_id}/tracks",
    auth="user",
    optional_scopes=MODIFY,
    query=_PUT_QUERY,
    deprecated=True,
)
def reorder_or_replace_tracks(ctx: Context) -> Reply:
    """The deprecated twin of :func:`reorder_or_replace_items`."""
    return _put(ctx)


@web_api.delete(
    "/playlists/{playlist_id}/tracks", auth="user", optional_scopes=MODIFY, deprecated=True
)
def remove_tracks(ctx: Context) -> Reply:
    """The deprecated twin of :func:`remove_items`, its list named ``tracks``."""
    return _delete(ctx, "tracks")


# -- covers ----------------------------------------------------------------------------------


@web_api.get("/playlists/{playlist_id}/images")
def get_playlist_cover(ctx: Context) -> bytes:
    """Answer the playlist's ImageObjects, as its ``images`` shows them."""
    playlist = _playlist(ctx)
    images = _decode(ctx.render.playlist_simple(playlist))["images"]
    return _encode(images)


@web_api.put(
    "/playlists/{playlist_id}/images",
    auth="user",
    scopes=("ugc-image-upload",),
    optional_scopes=MODIFY,
)
def upload_playlist_cover(ctx: Context) -> Reply:
    """Store a base64 JPEG as the cover: 202, no body.

    Refused: another content type (415), more than 256 KB of base64 (413), text that is
    not base64 of a JPEG (400).
    """
    playlist = _editable(ctx)
    kind = ctx.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "image/jpeg":
        raise ApiError(415, "Unsupported media type: send image/jpeg")
    text = b"".join(ctx.body.split())
    if len(text) > MAX_COVER_BYTES:
        raise ApiError(413, "Payload too large: at most 256 KB of base64")
    try:
        jpeg = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(400, "Image is not valid base64") from None
    if jpeg[:2] != b"\xff\xd8":
        raise ApiError(400, "Image is not a JPEG")
    ctx.state.playlists.upload_cover(playlist, jpeg)
    return Reply.no_content(202)
