"""Playlists: reading them and their items, creating and changing them, their covers.

The item writes come in three generations with one flow each (the helpers at the top of
:class:`SpotifyPlaylist`): Spotify's 2026 names on ``/playlists/{id}/items``
(``playlist_add``, ``playlist_remove``, ``playlist_reorder``, ``playlist_replace``), the
2020 spotipy API's names sending the same 2026 requests (``playlist_tracks_*``), and the
deprecated ``/playlists/{id}/tracks`` twins (``*_legacy``).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeAlias

import msgspec
from typing_extensions import deprecated

from spotipy import model
from spotipy._flow import Flow, Mode, describe
from spotipy._http import Request, Response
from spotipy.client._base import ApiPath, SpotifyBase, api_path
from spotipy.client._decode import expect_json, expect_model, expect_no_content
from spotipy.client._endpoint import Endpoint, endpoint
from spotipy.client._params import (
    Check,
    Flag,
    IdList,
    Int,
    Limit,
    Market,
    Offset,
    PlayableUris,
    PlaylistId,
    SomeOf,
    Text,
    Uris,
    UserId,
)
from spotipy.errors import PartialWriteError, ResponseError, SpotipyError

if TYPE_CHECKING:
    from spotipy.model import FullPlaylist, Image, PlaylistTrackPaging, SimplePlaylistPaging

#: Item types a playlist can hold, asked for by default so episodes are not hidden.
ITEM_TYPES: Final = ("track", "episode")
#: ``additional_types``: one string is one type; an empty list is refused.
ItemTypes: TypeAlias = Annotated[str | Iterable[str], SomeOf(*ITEM_TYPES)]
#: The scopes that let a user read private and collaborative playlists.
READ_PRIVATE: Final = ("playlist-read-private", "playlist-read-collaborative")
#: What the spec lists for reading a playlist's items; Spotify does not demand it (app
#: tokens read public playlists): since 2026 it serves the items of the user's own and
#: collaborative playlists, with or without it.
READ_ITEMS: Final = ("playlist-read-private",)
#: The scopes of playlist writes: a public playlist needs the first, a private one the second.
MODIFY: Final = ("playlist-modify-public", "playlist-modify-private")
#: The largest cover Spotify accepts: 256 KB of base64 text.
MAX_COVER_BYTES: Final = 256 * 1024
#: Spotify's 2026 message for the 2020 spotipy API's ``playlist_create(user_id, name)``.
CREATE_CHANGED: Final = (
    "playlist_create(name, public=...) no longer takes a user ID: Spotify's 2026 API creates"
    " playlists for the current user; use playlist_create_for_user(user_id, name) for the old"
    " operation"
)


# -- checks of this area ------------------------------------------------------------------


class WholeUris(Uris):
    """Playable URIs sent as one replacement, so not split by the endpoint descriptor.

    Replacing cannot be chunked generically (each ``PUT`` would replace the last): the
    flow sends the first ``max_ids`` with ``PUT`` and appends the rest with ``POST``.
    """

    listed = False

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> Any:
        # None: nothing to replace (the deprecated /tracks PUT then reorders instead).
        return None if value is None else super().__call__(value, name, facts)


class Positions(Check):
    """Zero-based positions in a playlist: a non-empty list of distinct ints ``>= 0``."""

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> list[int]:
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            raise TypeError(f"{name} must be a list of int, not {type(value).__name__}")
        found = [_position(v, name) for v in value]
        if not found:
            raise ValueError(f"{name} must not be empty")
        if len(set(found)) != len(found):
            raise ValueError(f"{name} holds a position twice")
        return found


class ItemRefs(Check):
    """``(item, position)`` pairs: an item's ID, URI or URL (a bare ID is a track) and
    the zero-based position of the occurrence; the flow gets ``(uri, position)``."""

    uris: Final = Uris("track", "episode")

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> list[tuple[str, int]]:
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            raise TypeError(f"{name} must be a list of (item, position) pairs")
        found: list[tuple[str, int]] = []
        for pair in value:
            if not isinstance(pair, Sequence) or isinstance(pair, str) or len(pair) != 2:
                raise TypeError(f"{name} must hold (item, position) pairs, not {pair!r:.60}")
            found.append((self.uris.one(pair[0]), _position(pair[1], name)))
        if not found:
            raise ValueError(f"{name} must not be empty")
        if len(set(found)) != len(found):
            raise ValueError(f"{name} holds an occurrence twice")
        return found


class Description(Check):
    """A playlist description: any ``str``, the empty one included (it clears it)."""

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> str | None:
        if value is None or isinstance(value, str):
            return value
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")


class PublicFlag(Check):
    """``public`` of a new playlist; a ``str`` is the 2020 spotipy API's ``user_id`` argument.

    That is ``playlist_create(user_id, name)``, refused with Spotify's 2026 message.
    """

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> bool:
        if isinstance(value, str):
            raise TypeError(CREATE_CHANGED)
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be True or False, not {type(value).__name__}")
        return value


class JpegImage(Check):
    """A JPEG cover: base64 text (``str`` or ASCII ``bytes`` of it) or the raw JPEG bytes.

    The flow gets the base64 text, checked to decode to a JPEG (``FF D8``) and to be at
    most :data:`MAX_COVER_BYTES` long.
    """

    def __call__(self, value: Any, name: str, facts: Endpoint[Any, Any]) -> str:
        if isinstance(value, (bytes, bytearray, memoryview)):
            raw = bytes(value)
            text = base64.b64encode(raw).decode("ascii") if raw[:2] == b"\xff\xd8" else _ascii(raw)
        elif isinstance(value, str):
            text = value
        else:
            raise TypeError(f"{name} must be base64 text or JPEG bytes, not {type(value).__name__}")
        text = "".join(text.split())
        try:
            decoded = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"{name} is not valid base64 text of a JPEG image") from None
        if decoded[:2] != b"\xff\xd8":
            raise ValueError(f"{name} is not a JPEG image (it does not start with FF D8)")
        if len(text) > MAX_COVER_BYTES:
            raise ValueError(
                f"{name} is {len(text)} bytes of base64; Spotify accepts at most"
                f" {MAX_COVER_BYTES} (256 KB)"
            )
        return text


def _position(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: a position must be an int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name}: a position must be at least 0, got {value}")
    return value


def _ascii(raw: bytes) -> str:
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        raise ValueError("the image is neither JPEG bytes nor base64 text") from None


#: The whole list of a replacement (see :class:`WholeUris`).
ReplaceUris: TypeAlias = Annotated[IdList, WholeUris("track", "episode")]
MaybeReplaceUris: TypeAlias = Annotated[IdList | None, WholeUris("track", "episode")]
Position: TypeAlias = Annotated[int | None, Int(0)]
Index: TypeAlias = Annotated[int, Int(0)]
Length: TypeAlias = Annotated[int, Int(1)]
SnapshotId: TypeAlias = Annotated[str | None, Text()]


class _Snapshot(msgspec.Struct):
    snapshot_id: str


def _snapshot(response: Response) -> str:
    """The ``snapshot_id`` of a playlist write's answer."""
    return expect_model(response, _Snapshot).snapshot_id


def _expect_fields(response: Response, fields: str) -> dict[str, Any]:
    """The JSON object of a ``fields=`` answer, holding only the top-level fields asked.

    A field asked with sub-fields (``owner(id)``, ``items.item``) must hold an object or
    a list; with ``!`` exclusions any other field may come too.
    """
    found = expect_json(response)
    if not isinstance(found, dict):
        raise ResponseError(f"{describe(response)}: the body is not a JSON object", response)
    asked: dict[str, bool] = {}
    excluding = False
    for part in _top_level(fields):
        excluding |= part.startswith("!")
        name = part.lstrip("!").split("(", 1)[0].split(".", 1)[0]
        asked[name] = asked.get(name, False) or len(name) < len(part.lstrip("!"))
    for name, value in found.items():
        if name not in asked:
            if excluding:
                continue
            raise ResponseError(
                f"{describe(response)}: the answer holds {name!r}, which fields={fields!r}"
                " does not ask for",
                response,
            )
        if asked[name] and value is not None and not isinstance(value, (dict, list)):
            raise ResponseError(
                f"{describe(response)}: {name!r} is not an object, as fields={fields!r} asks",
                response,
            )
    return found


def _top_level(fields: str) -> list[str]:
    """The comma-separated parts of ``fields`` outside parentheses."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in fields.replace(" ", ""):
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += (char == "(") - (char == ")")
        current += char
    parts.append(current)
    return [p for p in parts if p]


def _chunks(values: Sequence[Any], size: int | None) -> list[list[Any]]:
    step = size or len(values) or 1
    return [list(values[i : i + step]) for i in range(0, len(values), step)]


#: One request of a write done in turn: its items, and how to build it from the
#: snapshot ID the previous request answered (the caller's for the first).
_Step: TypeAlias = tuple[list[Any], Callable[[str | None], Request]]


class SpotifyPlaylist(SpotifyBase[Mode]):
    """Playlist endpoints."""

    # -- the family's flows -------------------------------------------------------------

    def _add(
        self, path: str, playlist_id: str, uris: Sequence[str], position: int | None
    ) -> Flow[str]:
        """``POST /playlists/{id}/<path>``: insert ``uris`` at ``position`` (else append)."""
        body: dict[str, Any] = {"uris": list(uris)}
        if position is not None:
            body["position"] = position
        response = yield self._request(
            "POST", api_path("playlists/{}/{}", playlist_id, path), body=body
        )
        return _snapshot(response)

    def _remove(
        self, path: str, playlist_id: str, uris: Sequence[str], snapshot_id: str | None
    ) -> Flow[str]:
        """``DELETE /playlists/{id}/<path>``: remove every occurrence of ``uris``.

        The body names the list ``items`` on ``/items`` and ``tracks`` on ``/tracks``.
        """
        key = "tracks" if path == "tracks" else "items"
        body: dict[str, Any] = {key: [{"uri": u} for u in uris]}
        if snapshot_id is not None:
            body["snapshot_id"] = snapshot_id
        response = yield self._request(
            "DELETE", api_path("playlists/{}/{}", playlist_id, path), body=body
        )
        return _snapshot(response)

    def _reorder(
        self,
        path: str,
        playlist_id: str,
        range_start: int,
        insert_before: int,
        range_length: int,
        snapshot_id: str | None,
    ) -> Flow[str]:
        """``PUT /playlists/{id}/<path>`` moving a range; never replayed (not idempotent)."""
        body: dict[str, Any] = {
            "range_start": range_start,
            "insert_before": insert_before,
            "range_length": range_length,
        }
        if snapshot_id is not None:
            body["snapshot_id"] = snapshot_id
        request = self._request(
            "PUT", api_path("playlists/{}/{}", playlist_id, path), body=body, idempotent=False
        )
        response = yield request
        return _snapshot(response)

    def _replace(
        self, facts: Endpoint[Any, Any], path: str, playlist_id: str, uris: Sequence[str]
    ) -> Flow[str]:
        """Replace the items: ``PUT`` the first ``max_ids``, then ``POST`` the rest in turn."""
        url = api_path("playlists/{}/{}", playlist_id, path)
        steps: list[_Step] = []
        for n, chunk in enumerate(_chunks(uris, facts.max_ids)):
            method = "PUT" if n == 0 else "POST"
            steps.append((chunk, _builder(self, method, url, {"uris": chunk})))
        return self._in_turn(facts, steps, None)

    def _remove_positions(
        self,
        facts: Endpoint[Any, Any],
        playlist_id: str,
        refs: Sequence[tuple[str | None, int]],
        snapshot_id: str | None,
    ) -> Flow[str]:
        """``DELETE /playlists/{id}/items`` by position, in requests of at most ``max_ids``.

        Positions are sent highest first, so the positions of a later request are not
        moved by an earlier one; each request carries the snapshot ID the last answered.
        Never replayed (a replay would remove other items).
        """
        url = api_path("playlists/{}/items", playlist_id)
        ordered = sorted(refs, key=lambda ref: -ref[1])
        steps: list[_Step] = []
        for chunk in _chunks(ordered, facts.max_ids):
            grouped: dict[str, list[int]] = {}
            bare: list[int] = []
            for uri, at in chunk:
                if uri is None:
                    bare.append(at)
                else:
                    grouped.setdefault(uri, []).append(at)
            body: dict[str, Any] = {
                "items": [{"uri": u, "positions": p} for u, p in grouped.items()]
            }
            if bare:
                body["positions"] = bare
            items = [at if uri is None else (uri, at) for uri, at in chunk]
            steps.append((items, _builder(self, "DELETE", url, body, snapshot=True)))
        return self._in_turn(facts, steps, snapshot_id)

    def _in_turn(
        self, facts: Endpoint[Any, Any], steps: list[_Step], snapshot_id: str | None
    ) -> Flow[str]:
        """Send ``steps`` one after the other, each with the snapshot ID the last answered.

        A failure after the first request raises :class:`~spotipy.errors.PartialWriteError`
        naming the items applied and pending.
        """
        if len(steps) > 1 and not self.chunked_on:
            count = sum(len(items) for items, _ in steps)
            raise ValueError(
                f"{facts.__name__} was given {count} items; it sends at most {facts.max_ids}"
                " a request (chunking is off)"
            )
        applied: list[Any] = []
        snapshot = snapshot_id
        for n, (items, build) in enumerate(steps):
            request = build(snapshot)
            try:
                # A sender's error (a lost connection, a 429 not retried) is thrown in
                # at the yield: it too must name what was applied.
                snapshot = _snapshot((yield request))
            except SpotipyError as error:
                if n == 0:
                    raise
                pending = [v for chunk, _ in steps[n:] for v in chunk]
                raise PartialWriteError(
                    f"{facts.__name__}: {len(applied)} of {len(applied) + len(pending)} items"
                    f" were applied in {n} requests before request {n + 1} failed: {error}",
                    applied=applied,
                    pending=pending,
                    error=error,
                    result=snapshot,
                ) from error
            applied.extend(items)
        assert snapshot is not None
        return snapshot

    def _create(
        self, path: ApiPath, name: str, public: bool, description: str, collaborative: bool
    ) -> Flow[FullPlaylist]:
        """``POST <path>`` creating a playlist (answered 201 with the new playlist)."""
        body = {
            "name": name,
            "public": public,
            "collaborative": collaborative,
            "description": description,
        }
        response = yield self._request("POST", path, body=body)
        return expect_model(response, model.FullPlaylist)

    def _playlists_page(self, path: ApiPath, limit: int, offset: int) -> Flow[SimplePlaylistPaging]:
        """``GET <path>``: a page of simplified playlists."""
        response = yield self._request("GET", path, {"limit": limit, "offset": offset})
        return expect_model(response, model.SimplePlaylistPaging)

    # -- reading -----------------------------------------------------------------------

    @endpoint(operation="get-playlist", optional_scope=READ_PRIVATE)
    def playlist(
        self,
        playlist_id: PlaylistId,
        *,
        market: Market = None,
        additional_types: ItemTypes = ITEM_TYPES,
    ) -> Flow[FullPlaylist]:
        """Get a playlist with its first page of items.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        additional_types
            Item types to return besides tracks; episodes are included by default.
        """
        params = {"market": market, "additional_types": additional_types}
        response = yield self._request("GET", api_path("playlists/{}", playlist_id), params)
        return expect_model(response, model.FullPlaylist)

    @endpoint(operation="get-playlists-items", optional_scope=READ_ITEMS, max_limit=50)
    def playlist_items(
        self,
        playlist_id: PlaylistId,
        *,
        market: Market = None,
        limit: Limit = 50,
        offset: Offset = 0,
        additional_types: ItemTypes = ITEM_TYPES,
    ) -> Flow[PlaylistTrackPaging]:
        """Get a page of a playlist's items (tracks and episodes).

        Uses ``GET /playlists/{id}/items``, which replaced ``/tracks`` in February 2026.
        Spotify serves it for playlists the current user owns or collaborates on.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of items per page, 1 to 50 (Spotify's 2026 cap).
        offset
            Index of the first item.
        additional_types
            Item types to return besides tracks; episodes are included by default.
        """
        params = {
            "market": market,
            "limit": limit,
            "offset": offset,
            "additional_types": additional_types,
        }
        response = yield self._request("GET", api_path("playlists/{}/items", playlist_id), params)
        return expect_model(response, model.PlaylistTrackPaging)

    @endpoint(operation="get-playlists-items", optional_scope=READ_ITEMS, max_limit=50)
    def playlist_tracks(
        self,
        playlist_id: PlaylistId,
        *,
        market: Market = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Flow[PlaylistTrackPaging]:
        """Get a page of a playlist's items (2020 spotipy API name of :meth:`playlist_items`).

        Sends ``GET /playlists/{id}/items`` like :meth:`playlist_items`: the old
        ``/tracks`` path needs extended quota and answers the same data, so there is no
        reason to use it.  Episodes are returned too.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of items per page, 1 to 50 (Spotify's 2026 cap).
        offset
            Index of the first item.
        """
        return SpotifyPlaylist.playlist_items.func(
            self, playlist_id, market=market, limit=limit, offset=offset
        )

    @endpoint(
        operation="get-playlists-tracks",
        optional_scope=READ_ITEMS,
        max_limit=100,
        replacement="playlist_items",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def playlist_tracks_legacy(
        self,
        playlist_id: PlaylistId,
        *,
        market: Market = None,
        limit: Limit = 100,
        offset: Offset = 0,
        additional_types: ItemTypes = ITEM_TYPES,
    ) -> Flow[PlaylistTrackPaging]:
        """Get a page of a playlist's items from the deprecated ``/tracks`` path.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of items per page, 1 to 100.
        offset
            Index of the first item.
        additional_types
            Item types to return besides tracks; episodes are included by default.
        """
        params = {
            "market": market,
            "limit": limit,
            "offset": offset,
            "additional_types": additional_types,
        }
        response = yield self._request("GET", api_path("playlists/{}/tracks", playlist_id), params)
        return expect_model(response, model.PlaylistTrackPaging)

    # -- listings -----------------------------------------------------------------------

    @endpoint(
        operation="get-a-list-of-current-users-playlists",
        optional_scope=READ_PRIVATE,
        max_limit=50,
        max_offset=100_000,
    )
    def followed_playlists(
        self, limit: Limit = 20, offset: Offset = 0
    ) -> Flow[SimplePlaylistPaging]:
        """Get a page of the current user's playlists: owned, collaborative and followed.

        Private playlists are listed with ``playlist-read-private``, collaborative ones
        with ``playlist-read-collaborative``.

        Parameters
        ----------
        limit
            Number of playlists per page, 1 to 50.
        offset
            Index of the first playlist, at most 100,000.
        """
        return self._playlists_page(api_path("me/playlists"), limit, offset)

    @endpoint(
        operation="get-list-users-playlists",
        optional_scope=READ_PRIVATE,
        max_limit=50,
        max_offset=100_000,
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def playlists(
        self, user_id: UserId, limit: Limit = 20, offset: Offset = 0
    ) -> Flow[SimplePlaylistPaging]:
        """Get a page of a user's public playlists (all of them for the current user).

        For the current user prefer :meth:`followed_playlists`, which every app may call.

        Parameters
        ----------
        user_id
            The user's ID, URI or URL.
        limit
            Number of playlists per page, 1 to 50.
        offset
            Index of the first playlist, at most 100,000.
        """
        return self._playlists_page(api_path("users/{}/playlists", user_id), limit, offset)

    # -- fields= ------------------------------------------------------------------------

    @endpoint(operation="get-playlist", optional_scope=READ_PRIVATE)
    def playlist_fields(
        self,
        playlist_id: PlaylistId,
        fields: Annotated[str, Text()],
        *,
        market: Market = None,
        additional_types: ItemTypes = ITEM_TYPES,
    ) -> Flow[dict[str, Any]]:
        """Get only some fields of a playlist, as plain JSON.

        ``fields`` is Spotify's filter: a comma-separated list of field names, with
        parentheses to choose the fields of the objects inside a field (of every element
        of a list), a dot for one nested field, and ``!`` to leave a field out. For
        example ``name,owner(id),items.items(added_at,item(name,uri))``, or
        ``items.items(item(!available_markets))``. Since 2026 entries carry their object
        under ``item``: name ``item(...)``, not ``track(...)``.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        fields
            The filter described above.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        additional_types
            Item types to return besides tracks; episodes are included by default.
        """
        params = {
            "fields": fields,
            "market": market,
            "additional_types": additional_types,
        }
        response = yield self._request("GET", api_path("playlists/{}", playlist_id), params)
        return _expect_fields(response, fields)

    @endpoint(operation="get-playlists-items", optional_scope=READ_ITEMS, max_limit=50)
    def playlist_items_fields(
        self,
        playlist_id: PlaylistId,
        fields: Annotated[str, Text()],
        *,
        market: Market = None,
        limit: Limit = 50,
        offset: Offset = 0,
        additional_types: ItemTypes = ITEM_TYPES,
    ) -> Flow[dict[str, Any]]:
        """Get only some fields of a page of a playlist's items, as plain JSON.

        ``fields`` is Spotify's filter: a comma-separated list of field names, with
        parentheses to choose the fields of the objects inside a field (of every element
        of a list), a dot for one nested field, and ``!`` to leave a field out. For
        example ``total,next,items(added_at,item(name,id))``. Since 2026 an entry's
        object must be named ``item``: ``items(track(...))`` answers empty entries.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        fields
            The filter described above.
        market
            ISO 3166-1 alpha-2 country code, or ``"from_token"``.
        limit
            Number of items per page, 1 to 50 (Spotify's 2026 cap).
        offset
            Index of the first item.
        additional_types
            Item types to return besides tracks; episodes are included by default.
        """
        params = {
            "fields": fields,
            "market": market,
            "limit": limit,
            "offset": offset,
            "additional_types": additional_types,
        }
        response = yield self._request("GET", api_path("playlists/{}/items", playlist_id), params)
        return _expect_fields(response, fields)

    # -- creating and changing playlists ------------------------------------------------

    @endpoint(operation="create-playlist", optional_scope=MODIFY)
    def playlist_create(
        self,
        name: Annotated[str, Text()],
        public: Annotated[bool, PublicFlag()] = True,
        description: Annotated[str, Description()] = "",
        *,
        collaborative: Annotated[bool, Flag()] = False,
    ) -> Flow[FullPlaylist]:
        """Create a playlist for the current user.

        Since 2026 Spotify creates playlists for the current user only, so the 2020 spotipy API's
        ``playlist_create(user_id, name)`` raises :class:`TypeError` before any request;
        :meth:`playlist_create_for_user` sends the old operation.  A public playlist needs
        ``playlist-modify-public``, a private one ``playlist-modify-private``, a
        collaborative one both.

        Parameters
        ----------
        name
            The new playlist's name (need not be unique).
        public
            Whether it shows on the user's profile.
        description
            Its description.
        collaborative
            Whether other users may change it; only private playlists can be.
        """
        return self._create(api_path("me/playlists"), name, public, description, collaborative)

    @endpoint(
        operation="create-playlist-for-user", optional_scope=MODIFY, replacement="playlist_create"
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def playlist_create_for_user(
        self,
        user_id: UserId,
        name: Annotated[str, Text()],
        public: Annotated[bool, PublicFlag()] = True,
        description: Annotated[str, Description()] = "",
        *,
        collaborative: Annotated[bool, Flag()] = False,
    ) -> Flow[FullPlaylist]:
        """Create a playlist for a user (the current user: Spotify refuses any other).

        Parameters
        ----------
        user_id
            The current user's ID, URI or URL.
        name
            The new playlist's name (need not be unique).
        public
            Whether it shows on the user's profile.
        description
            Its description.
        collaborative
            Whether other users may change it; only private playlists can be.
        """
        path = api_path("users/{}/playlists", user_id)
        return self._create(path, name, public, description, collaborative)

    @endpoint(operation="change-playlist-details", optional_scope=MODIFY)
    def playlist_change_details(
        self,
        playlist_id: PlaylistId,
        name: Annotated[str | None, Text()] = None,
        public: Annotated[bool | None, Flag()] = None,
        collaborative: Annotated[bool | None, Flag()] = None,
        description: Annotated[str | None, Description()] = None,
    ) -> Flow[None]:
        """Change a playlist's name, visibility, collaboration or description.

        Only the fields given are sent; only the owner may change them.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        name
            The new name.
        public
            Whether it shows on the owner's profile.
        collaborative
            Whether other users may change it; only private playlists can be.
        description
            The new description (``""`` clears it).
        """
        chosen = {"name": name, "public": public, "collaborative": collaborative}
        body = {k: v for k, v in {**chosen, "description": description}.items() if v is not None}
        response = yield self._request("PUT", api_path("playlists/{}", playlist_id), body=body)
        return expect_no_content(response)

    # -- covers -------------------------------------------------------------------------

    @endpoint(operation="get-playlist-cover")
    def playlist_cover_image(self, playlist_id: PlaylistId) -> Flow[list[Image]]:
        """Get a playlist's cover images, widest first (an empty list if it has none).

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        """
        response = yield self._request("GET", api_path("playlists/{}/images", playlist_id))
        return expect_model(response, list[model.Image])

    @endpoint(
        operation="upload-custom-playlist-cover", scope=("ugc-image-upload",), optional_scope=MODIFY
    )
    def playlist_cover_image_upload(
        self, playlist_id: PlaylistId, image: Annotated[str | bytes, JpegImage()]
    ) -> Flow[None]:
        """Upload a JPEG as a playlist's cover.

        The image is checked before sending: it must be a JPEG, and its base64 text at
        most 256 KB.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        image
            The JPEG's base64 text, or its bytes (encoded for you).
        """
        request = self._request(
            "PUT",
            api_path("playlists/{}/images", playlist_id),
            content=image.encode("ascii") if isinstance(image, str) else image,
            content_type="image/jpeg",
        )
        response = yield request
        return expect_no_content(response)

    # -- items (2026) ---------------------------------------------------------------------

    @endpoint(
        operation="add-items-to-playlist", optional_scope=MODIFY, max_ids=100, advance="position"
    )
    def playlist_add(
        self, playlist_id: PlaylistId, uris: PlayableUris, position: Position = None
    ) -> Flow[str]:
        """Add tracks or episodes to a playlist; return its new snapshot ID.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        uris
            Tracks and episodes: IDs (tracks), URIs or URLs, in order.
        position
            Zero-based index to insert them at; appended when ``None``.  Longer lists
            land in order: each request inserts after the last.
        """
        return self._add("items", playlist_id, uris, position)

    @endpoint(
        operation="remove-items-playlist", optional_scope=MODIFY, max_ids=100, chain="snapshot_id"
    )
    def playlist_remove(
        self, playlist_id: PlaylistId, uris: PlayableUris, snapshot_id: SnapshotId = None
    ) -> Flow[str]:
        """Remove every occurrence of tracks or episodes; return the new snapshot ID.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        uris
            Tracks and episodes: IDs (tracks), URIs or URLs.
        snapshot_id
            The playlist's version the removal is meant for.
        """
        return self._remove("items", playlist_id, uris, snapshot_id)

    @endpoint(operation="reorder-or-replace-playlists-items", optional_scope=MODIFY)
    def playlist_reorder(
        self,
        playlist_id: PlaylistId,
        range_start: Index,
        insert_before: Index,
        range_length: Length = 1,
        snapshot_id: SnapshotId = None,
    ) -> Flow[str]:
        """Move a range of a playlist's items; return the new snapshot ID.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        range_start
            Position of the first item to move.
        insert_before
            Position to move them before, counted before the move (the length of the
            playlist moves them to the end).
        range_length
            Number of items to move.
        snapshot_id
            The playlist's version the move is meant for.
        """
        return self._reorder(
            "items", playlist_id, range_start, insert_before, range_length, snapshot_id
        )

    @endpoint(operation="reorder-or-replace-playlists-items", optional_scope=MODIFY, max_ids=100)
    def playlist_replace(self, playlist_id: PlaylistId, uris: ReplaceUris) -> Flow[str]:
        """Replace all of a playlist's items; return the new snapshot ID.

        More than 100 items are sent as one replacement of the first 100 and additions
        of the rest; if an addition fails, :class:`~spotipy.errors.PartialWriteError`
        tells which items the playlist holds.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        uris
            The new items: IDs (tracks), URIs or URLs of tracks and episodes, in order.
        """
        return self._replace(SpotifyPlaylist.playlist_replace, "items", playlist_id, uris)

    # -- items under the 2020 spotipy API's names (the same 2026 requests) -------------

    @endpoint(
        operation="add-items-to-playlist", optional_scope=MODIFY, max_ids=100, advance="position"
    )
    def playlist_tracks_add(
        self, playlist_id: PlaylistId, track_ids: PlayableUris, position: Position = None
    ) -> Flow[str]:
        """Add tracks or episodes to a playlist (2020 spotipy API name of :meth:`playlist_add`).

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        track_ids
            Tracks and episodes: IDs (tracks), URIs or URLs, in order.
        position
            Zero-based index to insert them at; appended when ``None``.
        """
        return self._add("items", playlist_id, track_ids, position)

    @endpoint(operation="reorder-or-replace-playlists-items", optional_scope=MODIFY, max_ids=100)
    def playlist_tracks_replace(self, playlist_id: PlaylistId, track_ids: ReplaceUris) -> Flow[str]:
        """Replace a playlist's items (the 2020 spotipy API's name for :meth:`playlist_replace`).

        Returns the new snapshot ID (the 2020 spotipy API returned ``None``).

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        track_ids
            The new items: IDs (tracks), URIs or URLs of tracks and episodes, in order.
        """
        return self._replace(
            SpotifyPlaylist.playlist_tracks_replace, "items", playlist_id, track_ids
        )

    @endpoint(operation="reorder-or-replace-playlists-items", optional_scope=MODIFY)
    def playlist_tracks_reorder(
        self,
        playlist_id: PlaylistId,
        range_start: Index,
        insert_before: Index,
        range_length: Length = 1,
        snapshot_id: SnapshotId = None,
    ) -> Flow[str]:
        """Move a range of a playlist's items (2020 spotipy API name of :meth:`playlist_reorder`).

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        range_start
            Position of the first item to move.
        insert_before
            Position to move them before, counted before the move.
        range_length
            Number of items to move.
        snapshot_id
            The playlist's version the move is meant for.
        """
        return self._reorder(
            "items", playlist_id, range_start, insert_before, range_length, snapshot_id
        )

    @endpoint(
        operation="remove-items-playlist", optional_scope=MODIFY, max_ids=100, chain="snapshot_id"
    )
    def playlist_tracks_remove(
        self, playlist_id: PlaylistId, track_ids: PlayableUris, snapshot_id: SnapshotId = None
    ) -> Flow[str]:
        """Remove every occurrence of items (2020 spotipy API name of :meth:`playlist_remove`).

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        track_ids
            Tracks and episodes: IDs (tracks), URIs or URLs.
        snapshot_id
            The playlist's version the removal is meant for.
        """
        return self._remove("items", playlist_id, track_ids, snapshot_id)

    @endpoint(operation="remove-items-playlist", optional_scope=MODIFY, max_ids=100)
    def playlist_tracks_remove_occurrences(
        self,
        playlist_id: PlaylistId,
        track_refs: Annotated[Sequence[tuple[str, int]], ItemRefs()],
        snapshot_id: SnapshotId = None,
    ) -> Flow[str]:
        """Remove given occurrences of items, by item and position; return the snapshot ID.

        Spotify checks that each item is at its position in the version ``snapshot_id``
        names.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        track_refs
            ``(item, position)`` pairs: an ID (track), URI or URL and the zero-based
            position of the occurrence to remove.
        snapshot_id
            The playlist's version the positions are counted in.
        """
        return self._remove_positions(
            SpotifyPlaylist.playlist_tracks_remove_occurrences, playlist_id, track_refs, snapshot_id
        )

    @endpoint(operation="remove-items-playlist", optional_scope=MODIFY, max_ids=100)
    def playlist_tracks_remove_indices(
        self,
        playlist_id: PlaylistId,
        indices: Annotated[Sequence[int], Positions()],
        snapshot_id: Annotated[str, Text()],
    ) -> Flow[str]:
        """Remove the items at given positions; return the new snapshot ID.

        Sends the positions without URIs, which ``DELETE /playlists/{id}/items`` still
        accepts in 2026 although the spec no longer documents it; Spotify refuses the
        removal when the playlist has changed since ``snapshot_id``.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        indices
            Zero-based positions of the items to remove.
        snapshot_id
            The playlist's version the positions are counted in (required).
        """
        refs = [(None, at) for at in indices]
        return self._remove_positions(
            SpotifyPlaylist.playlist_tracks_remove_indices, playlist_id, refs, snapshot_id
        )

    # -- the deprecated /tracks twins ----------------------------------------------------

    @endpoint(
        operation="add-tracks-to-playlist",
        optional_scope=MODIFY,
        max_ids=100,
        advance="position",
        replacement="playlist_add",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def playlist_tracks_add_legacy(
        self, playlist_id: PlaylistId, uris: PlayableUris, position: Position = None
    ) -> Flow[str]:
        """Add tracks or episodes through the deprecated ``/tracks`` path.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        uris
            Tracks and episodes: IDs (tracks), URIs or URLs, in order.
        position
            Zero-based index to insert them at; appended when ``None``.
        """
        return self._add("tracks", playlist_id, uris, position)

    @endpoint(
        operation="reorder-or-replace-playlists-tracks",
        optional_scope=MODIFY,
        max_ids=100,
        replacement="playlist_reorder",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def playlist_tracks_update_legacy(
        self,
        playlist_id: PlaylistId,
        uris: MaybeReplaceUris = None,
        *,
        range_start: Annotated[int | None, Int(0)] = None,
        insert_before: Annotated[int | None, Int(0)] = None,
        range_length: Length = 1,
        snapshot_id: SnapshotId = None,
    ) -> Flow[str]:
        """Replace or reorder items through the deprecated ``/tracks`` path.

        Give ``uris`` to replace the items (use :meth:`playlist_replace` instead), or
        ``range_start`` and ``insert_before`` to move a range (use
        :meth:`playlist_reorder`).

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        uris
            The new items, in order.
        range_start
            Position of the first item to move.
        insert_before
            Position to move them before, counted before the move.
        range_length
            Number of items to move.
        snapshot_id
            The playlist's version the move is meant for.
        """
        if uris is not None:
            facts = SpotifyPlaylist.playlist_tracks_update_legacy  # type: ignore[deprecated]
            return self._replace(facts, "tracks", playlist_id, uris)
        if range_start is None or insert_before is None:
            raise TypeError("give uris to replace, or range_start and insert_before to reorder")
        return self._reorder(
            "tracks", playlist_id, range_start, insert_before, range_length, snapshot_id
        )

    @endpoint(
        operation="remove-tracks-playlist",
        optional_scope=MODIFY,
        max_ids=100,
        chain="snapshot_id",
        replacement="playlist_remove",
    )
    @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
    def playlist_tracks_remove_legacy(
        self, playlist_id: PlaylistId, uris: PlayableUris, snapshot_id: SnapshotId = None
    ) -> Flow[str]:
        """Remove every occurrence of items through the deprecated ``/tracks`` path.

        Parameters
        ----------
        playlist_id
            The playlist's ID, URI or URL.
        uris
            Tracks and episodes: IDs (tracks), URIs or URLs.
        snapshot_id
            The playlist's version the removal is meant for.
        """
        return self._remove("tracks", playlist_id, uris, snapshot_id)


def _builder(
    client: SpotifyBase[Any],
    method: str,
    url: ApiPath,
    body: dict[str, Any],
    *,
    snapshot: bool = False,
) -> Callable[[str | None], Request]:
    """Build one request of a write done in turn; with ``snapshot``, send the last ID.

    Removals by position are never replayed: a replay would remove other items.
    """

    def build(snapshot_id: str | None) -> Request:
        sent = dict(body)
        if snapshot and snapshot_id is not None:
            sent["snapshot_id"] = snapshot_id
        return client._request(method, url, body=sent, idempotent=False if snapshot else None)

    return build
