"""The user's library: saved items under ``/me/library``, ``/me/tracks``, ``/me/albums``...

Every kind of saved item has the same four routes (a page of saved items, contains, save,
remove), registered once per kind by :func:`_saved_routes`.  ``/me/library`` (2026) takes
URIs of every kind and writes to the same stores: saved items to
:attr:`State.library <spotipy.emulator.state.State.library>`, artists, users and playlists
to :attr:`State.follows <spotipy.emulator.state.State.follows>`, so a track saved there
shows in ``/me/tracks``, an artist followed there in ``/me/following?type=artist`` and a
playlist followed there in ``/playlists/{id}/followers/contains``.

Beyond the spec, ``PUT`` and ``DELETE /me/library`` take artist URIs too (the spec lists
artists for contains only): the deprecated ``PUT /me/following`` names ``/me/library`` as
its replacement, and clients in the field (plamere's spotipy 2.26, spotifyplus) follow
artists that way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import msgspec
from msgspec import Raw

from spotipy.emulator._catalogue import is_base62_id
from spotipy.emulator._params import Param, ids, market, paging, uris
from spotipy.emulator._render import timestamp
from spotipy.emulator._routing import ApiError, Context, Reply, web_api
from spotipy.emulator.routes._common import kept_query
from spotipy.emulator.state._saved import SavedUris
from spotipy.emulator.state.follow import FOLLOWED_KINDS
from spotipy.emulator.state.library import SAVED_KINDS

__all__: list[str] = []

_encode = msgspec.json.encode

_READ: Final = ("user-library-read",)
_MODIFY: Final = ("user-library-modify",)

#: What ``PUT``/``DELETE /me/library`` take: the spec's list and artists (see above), the
#: same as contains takes.
_WRITABLE: Final = frozenset({*SAVED_KINDS, "artist", "user", "playlist"})
_READABLE: Final = _WRITABLE
#: The scope each kind of URI needs on ``/me/library``; the route lists all three.
_MODIFY_SCOPE: Final = {
    "artist": "user-follow-modify",
    "user": "user-follow-modify",
    "playlist": "playlist-modify-public",
}
_READ_SCOPE: Final = {
    "artist": "user-follow-read",
    "user": "user-follow-read",
    "playlist": "playlist-read-private",
}
_LIBRARY_MODIFY: Final = ("user-library-modify", "user-follow-modify", "playlist-modify-public")
_LIBRARY_READ: Final = ("user-library-read", "user-follow-read", "playlist-read-private")


def _user(ctx: Context) -> str:
    user = ctx.user_id
    assert user is not None  # auth="user" routes
    return user


def _index(ctx: Context, kind: str) -> Mapping[str, int]:
    found: Mapping[str, int] = getattr(ctx.state.catalogue, f"{kind}_index")
    return found


def _require_known(ctx: Context, kind: str, chosen: Iterable[str]) -> None:
    """404 "Resource not found" unless every ID is one of the catalogue (or a playlist)."""
    if kind == "user":
        return  # any user ID may be followed
    known: Any = ctx.state.playlists if kind == "playlist" else _index(ctx, kind)
    if any(i not in known for i in chosen):
        raise ApiError(404, "Resource not found")


def body_ids(ctx: Context, maximum: int, *, kind: str = "base62") -> list[str]:
    """The IDs of a write: the ``ids`` query parameter, else the JSON body's ``ids``.

    Spotify ignores the body when the query names IDs.
    """
    chosen: list[str] | None = ctx.args["ids"]
    if chosen is not None:
        return chosen
    body = ctx.json()
    raw = body.get("ids") if isinstance(body, dict) else None
    if raw is None:
        raise ApiError(400, "Missing parameter ids")
    if not isinstance(raw, list) or not raw or not all(isinstance(v, str) for v in raw):
        raise ApiError(400, "Invalid ids")
    if len(raw) > maximum:
        raise ApiError(400, "Too many ids requested")
    if kind == "base62" and not all(is_base62_id(v) for v in raw):
        raise ApiError(400, "Invalid base62 id")
    if not all(raw):
        raise ApiError(400, "Invalid ids")
    return raw


# -- the per-kind family --------------------------------------------------------------------


def _saved_routes(
    kind: str,
    key: str,
    render: Callable[[Context, int], bytes],
    *,
    cap: int,
    page_query: tuple[Param, ...],
    read_optional: tuple[str, ...] = (),
    delete_query: tuple[Param, ...] = (),
) -> None:
    """Register ``GET /me/<kind>s``, ``GET .../contains``, ``PUT`` and ``DELETE``.

    Parameters
    ----------
    kind
        The URI kind (``"album"``); the path is its plural.
    key
        The saved object's field naming the item (``"album"``).
    render
        Encodes catalogue item ``i`` as the saved object embeds it.
    cap
        Most IDs a contains, save or remove takes.
    page_query
        The page's declared query parameters.
    read_optional
        Optional scopes of the page (the spec's besides ``user-library-read``).
    delete_query
        Further query parameters the spec declares for the removal.
    """
    path = f"/me/{kind}s"
    prefix = f"spotify:{kind}:"

    def page(ctx: Context) -> bytes:
        limit: int = ctx.args["limit"]
        offset: int = ctx.args["offset"]
        index = _index(ctx, kind)
        saved = ctx.state.library.saved(_user(ctx), kind)
        items = [
            {"added_at": timestamp(at), key: Raw(render(ctx, index[uri[len(prefix) :]]))}
            for uri, at in saved[offset : offset + limit]
        ]
        return ctx.render.page(
            path, items, total=len(saved), offset=offset, limit=limit, query=kept_query(ctx)
        )

    def contains(ctx: Context) -> bytes:
        chosen = [prefix + i for i in ctx.args["ids"]]
        return _encode(ctx.state.library.contains(_user(ctx), chosen))

    def save(ctx: Context) -> Reply:
        chosen = body_ids(ctx, cap)
        _require_known(ctx, kind, chosen)
        ctx.state.library.add(_user(ctx), [prefix + i for i in chosen], ctx.state.clock())
        return Reply.no_content(200)

    def remove(ctx: Context) -> Reply:
        chosen = body_ids(ctx, cap)
        ctx.state.library.remove(_user(ctx), [prefix + i for i in chosen])
        return Reply.no_content(200)

    page.__doc__ = f"Answer a page of Saved{kind.title()}Objects, newest first."
    contains.__doc__ = f"Answer whether each {kind} is saved, in the order asked."
    save.__doc__ = f"Save {kind}s (IDs in the query, else in the body); 200 without a body."
    remove.__doc__ = f"Remove {kind}s (IDs in the query, else in the body); 200 without a body."
    writes = (ids(cap, required=False),)
    web_api.get(path, auth="user", scopes=_READ, optional_scopes=read_optional, query=page_query)(
        page
    )
    web_api.get(f"{path}/contains", auth="user", scopes=_READ, deprecated=True, query=(ids(cap),))(
        contains
    )
    web_api.put(path, auth="user", scopes=_MODIFY, deprecated=True, query=writes)(save)
    web_api.delete(
        path, auth="user", scopes=_MODIFY, deprecated=True, query=(*writes, *delete_query)
    )(remove)


def _episode(ctx: Context, i: int) -> bytes:
    token = ctx.token
    resume = token is not None and "user-read-playback-position" in token.scopes
    return ctx.render.episode(i, resume=resume)


_saved_routes(
    "album",
    "album",
    lambda ctx, i: ctx.render.album(i),
    cap=20,
    page_query=(market(), paging(20, 50)),
)
_saved_routes(
    "track",
    "track",
    lambda ctx, i: ctx.render.track(i),
    cap=50,
    page_query=(market(), paging(20, 50)),
)
_saved_routes(
    "episode",
    "episode",
    _episode,
    cap=50,
    page_query=(market(), paging(20, 50)),
    read_optional=("user-read-playback-position",),
)
_saved_routes(
    "show",
    "show",
    lambda ctx, i: ctx.render.show_simple(i),
    cap=50,
    page_query=(paging(20, 50),),
    delete_query=(market(),),
)
_saved_routes(
    "audiobook",
    "audiobook",
    lambda ctx, i: ctx.render.audiobook(i),
    cap=50,
    page_query=(paging(20, 50),),
)


# -- /me/library (2026) ---------------------------------------------------------------------


def _split(
    ctx: Context, allowed: frozenset[str], needs: Mapping[str, str], default: str
) -> list[tuple[str, str]]:
    """``(kind, uri)`` of each URI asked, refusing kinds not ``allowed`` and lacking scopes."""
    found = [(uri.split(":", 2)[1], uri) for uri in ctx.args["uris"]]
    if any(kind not in allowed for kind, _ in found):
        raise ApiError(400, "Invalid uris")
    token = ctx.token
    granted = token.scopes if token is not None else frozenset()
    if any(needs.get(kind, default) not in granted for kind, _ in found):
        raise ApiError(403, "Insufficient client scope")
    return found


def _store(ctx: Context, kind: str) -> SavedUris:
    return ctx.state.follows if kind in FOLLOWED_KINDS else ctx.state.library


def _library_write(ctx: Context, add: bool) -> Reply:
    found = _split(ctx, _WRITABLE, _MODIFY_SCOPE, "user-library-modify")
    user = _user(ctx)
    if add:
        for kind, uri in found:
            _require_known(ctx, kind, [uri.split(":", 2)[2]])
    now = ctx.state.clock()
    for kind, uri in found:
        store = _store(ctx, kind)
        if add:
            store.add(user, [uri], now)
        else:
            store.remove(user, [uri])
    return Reply.no_content(200)


@web_api.put("/me/library", auth="user", optional_scopes=_LIBRARY_MODIFY, query=(uris(40),))
def save_library_items(ctx: Context) -> Reply:
    """Save items, or follow artists, users and playlists; 200 without a body.

    Each URI needs the scope of its kind: ``user-library-modify`` for saved items,
    ``user-follow-modify`` for artists and users, ``playlist-modify-public`` for
    playlists.  Artists are beyond the spec's list (see the module's note).
    """
    return _library_write(ctx, add=True)


@web_api.delete("/me/library", auth="user", optional_scopes=_LIBRARY_MODIFY, query=(uris(40),))
def remove_library_items(ctx: Context) -> Reply:
    """Remove items, or unfollow artists, users and playlists; 200 without a body."""
    return _library_write(ctx, add=False)


@web_api.get("/me/library/contains", auth="user", optional_scopes=_LIBRARY_READ, query=(uris(40),))
def check_library_contains(ctx: Context) -> bytes:
    """Answer whether each URI is saved or followed, in the order asked.

    Saved items need ``user-library-read``, artists and users ``user-follow-read``,
    playlists ``playlist-read-private``.
    """
    found = _split(ctx, _READABLE, _READ_SCOPE, "user-library-read")
    user = _user(ctx)
    return _encode([_store(ctx, kind).contains(user, [uri])[0] for kind, uri in found])
