"""Playlists, their entries, and the local files they may hold.

A playlist entry (:class:`PlaylistTrack`) holds a track, an episode, a local file,
an item of a type this version does not know, or nothing.  Spotify renamed the
entry's ``track`` to ``item`` (and a playlist's ``tracks`` to ``items``) in 2026;
both names are understood and, after decoding, both attributes hold the same object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

import msgspec

from spotipy.model._base import Model, UnknownItem, decoder, is_null, timestamp, use_decoder
from spotipy.model._shared import Markets, _Item
from spotipy.model.episode import FullEpisode
from spotipy.model.member import ExternalIds, ExternalUrls, Followers, Image
from spotipy.model.paging import OffsetPaging
from spotipy.model.track import FullTrack
from spotipy.model.user import PublicUser

if TYPE_CHECKING:
    from datetime import datetime

__all__ = [
    "FullPlaylist",
    "LocalAlbum",
    "LocalArtist",
    "LocalTrack",
    "Playlist",
    "PlaylistItem",
    "PlaylistTrack",
    "PlaylistTrackPaging",
    "PlaylistTracksRef",
    "SimplePlaylist",
    "SimplePlaylistPaging",
    "UnknownItem",
    "VideoThumbnail",
]


class _LocalItem(Model, kw_only=True):
    """Identity fields of the objects of a local file, which are not in the catalogue.

    Shaped like :class:`~spotipy.model._shared._Item` (same order, for the same
    decoding reason), but every field may be null: only names from the file's
    metadata are known.

    Attributes
    ----------
    external_urls
        Usually empty.
    href
        Always ``None``.
    id
        Always ``None``.
    name
        Name from the file's metadata.
    type
        The object type, e.g. ``"track"``; each model defaults it to its own.
    uri
        ``None``, except on :class:`LocalTrack`.
    """

    external_urls: ExternalUrls | None = None
    href: str | None = None
    id: str | None = None
    name: str | None = None
    type: str | None = None
    uri: str | None = None


class LocalArtist(_LocalItem, kw_only=True):
    """The artist of a local file: only the name is known."""

    type: str | None = "artist"


class LocalAlbum(_LocalItem, kw_only=True):
    """The album of a local file: only the name is known."""

    album_type: str | None = None
    artists: list[LocalArtist] | None = None
    available_markets: Markets | None = None
    images: list[Image] | None = None
    release_date: str | None = None
    release_date_precision: str | None = None
    type: str | None = "album"


class LocalTrack(_LocalItem, kw_only=True):
    """A local file in a playlist: not in Spotify's catalogue, so no ID.

    Attributes
    ----------
    name
        Title from the file's metadata.
    uri
        A ``spotify:local:...`` URI built from the metadata, if any.
    album
        Album name from the file's metadata.
    artists
        Artist names from the file's metadata.
    duration_ms
        Length in milliseconds.
    is_local
        ``True``.
    """

    album: LocalAlbum | None = None
    artists: list[LocalArtist] | None = None
    available_markets: Markets | None = None
    disc_number: int | None = None
    duration_ms: int | None = None
    explicit: bool | None = None
    external_ids: ExternalIds | None = None
    is_local: bool | None = True
    popularity: int | None = None
    preview_url: str | None = None
    track_number: int | None = None
    type: str | None = "track"


#: What a playlist entry can hold.
PlaylistItem: TypeAlias = FullTrack | FullEpisode | LocalTrack | UnknownItem


class VideoThumbnail(Model, kw_only=True):
    """Thumbnail of a video entry; ``url`` is usually ``None``."""

    url: str | None = None


def decode_playable(raw: msgspec.Raw, is_local: bool | None) -> PlaylistItem | None:
    """Decode a track, episode or local file without ever failing the response.

    Nearly every item is a track: decoding as one first also tells the type, so a
    track costs one decode.  Anything that does not decode as its type becomes an
    :class:`UnknownItem` holding what Spotify sent; a non-object gives ``None``.
    """
    kind: object = None
    if not is_local:
        try:
            track: FullTrack = decoder(FullTrack).decode(raw)
        except msgspec.ValidationError:
            pass
        else:
            if track.type == "track":
                return track
            kind = track.type
            if kind == "episode":
                try:
                    episode: FullEpisode = decoder(FullEpisode).decode(raw)
                except msgspec.ValidationError:
                    pass
                else:
                    return episode
    data = msgspec.json.decode(raw)
    if not isinstance(data, dict):
        return None
    if is_local or data.get("is_local") is True:
        try:
            local: LocalTrack = decoder(LocalTrack).decode(raw)
            return local
        except msgspec.ValidationError:
            pass
    elif kind is None and data.get("type") == "episode":
        # Not even track-shaped: one more chance as an episode.
        try:
            odd: FullEpisode = decoder(FullEpisode).decode(raw)
            return odd
        except msgspec.ValidationError:
            pass
    return UnknownItem(data)


class PlaylistTrack(Model, kw_only=True):
    """An entry of a playlist: the item and who added it when.

    ``item`` and ``track`` are the same object: whichever of the two Spotify sent.

    Attributes
    ----------
    added_at
        When the item was added, in UTC; ``None`` for some very old playlists.
    added_by
        Who added the item; ``None`` for some very old playlists.
    is_local
        Whether the item is a local file (a :class:`LocalTrack`).
    item
        A :class:`~spotipy.model.FullTrack`, a :class:`~spotipy.model.FullEpisode`,
        a :class:`LocalTrack`, an :class:`UnknownItem` for any other type, or
        ``None`` when Spotify sends none (e.g. a removed track).
    track
        The same as ``item`` (its name before 2026).
    primary_color
        Colour hint, usually ``None``.
    video_thumbnail
        Thumbnail of a video entry.
    """

    if TYPE_CHECKING:
        added_at: datetime | None = None
        item: PlaylistItem | None = None
        track: PlaylistItem | None = None
    else:
        # Decoded as sent and resolved in __post_init__, so that an odd timestamp or
        # an unknown item type costs only itself, never the page.
        added_at: Any = None
        item: msgspec.Raw = None
        track: msgspec.Raw = None
    added_by: PublicUser | None = None
    is_local: bool | None = None
    primary_color: str | None = None
    video_thumbnail: VideoThumbnail | None = None

    def __post_init__(self) -> None:
        # Runs for every entry of every page: is_null inlined, each value tested once.
        self.added_at = timestamp(self.added_at)
        value: Any = self.item
        if value is None or (
            type(value) is msgspec.Raw and len(value) == 4 and bytes(value) == b"null"
        ):
            value = self.track
            if type(value) is msgspec.Raw and len(value) == 4 and bytes(value) == b"null":
                value = None
        if type(value) is msgspec.Raw:
            value = decode_playable(value, self.is_local)
        self.item = value
        self.track = value


class PlaylistTrackPaging(OffsetPaging[PlaylistTrack], kw_only=True):
    """Offset paging of playlist entries."""


# Decoding a page of entries fast.  An entry's item is decoded as ``Raw`` first so that
# one odd item costs only itself; that scans every item twice and calls back into Python
# for each.  Nearly every page holds only tracks: a page is decoded typed in one go
# (``_TrackEntry``), and at the first entry whose item is not a track (an episode, a
# local file, an item that is not track-shaped) it is decoded again as ``PlaylistTrack``
# entries.  A playlist of episodes stops at its first entry; a page whose only episode
# comes late pays for the part read before it.


class _TrackEntry(Model, kw_only=True):
    """A playlist entry whose item is a track, or none (see ``_EntriesDecoder``)."""

    added_at: Any = None
    item: FullTrack | None = None
    if TYPE_CHECKING:
        track: PlaylistItem | None = None
    else:
        track: msgspec.Raw = None  # its name before 2026: resolved by PlaylistTrack
    added_by: PublicUser | None = None
    is_local: bool | None = None
    primary_color: str | None = None
    video_thumbnail: VideoThumbnail | None = None

    def __post_init__(self) -> None:
        item = self.item
        if item is not None and (self.is_local or item.type != "track"):
            raise ValueError("not a track: the page is read as PlaylistTrack entries")

    def entry(self) -> PlaylistTrack:
        """The same entry as :class:`PlaylistTrack` decodes it."""
        item = self.item
        return PlaylistTrack(
            added_at=self.added_at,
            item=item,
            track=None if item is not None else self.track,
            added_by=self.added_by,
            is_local=self.is_local,
            primary_color=self.primary_color,
            video_thumbnail=self.video_thumbnail,
        )


class _TrackEntryPaging(OffsetPaging[_TrackEntry], kw_only=True):
    pass


class _EntriesDecoder:
    """Decodes a :class:`PlaylistTrackPaging`: typed in one go when every item is a
    track, else as :class:`PlaylistTrack` entries (see above)."""

    _entries: msgspec.json.Decoder[PlaylistTrackPaging] | None = None

    def decode(self, content: bytes | msgspec.Raw) -> PlaylistTrackPaging:
        """Decode ``content``; raises as msgspec's decoders do."""
        try:
            page: _TrackEntryPaging = decoder(_TrackEntryPaging).decode(content)
        except msgspec.ValidationError:
            if self._entries is None:  # built on first use, like every decoder
                self._entries = msgspec.json.Decoder(PlaylistTrackPaging, strict=False)
            return self._entries.decode(content)
        fields = msgspec.structs.asdict(page)  # the paging's fields, the same in both
        fields["items"] = [entry.entry() for entry in page.items]
        return PlaylistTrackPaging(**fields)


use_decoder(PlaylistTrackPaging, _EntriesDecoder())


class PlaylistTracksRef(Model, kw_only=True):
    """Where to get a playlist's entries, and how many there are.

    Attributes
    ----------
    href
        Web API link to the entries.
    total
        Number of entries.
    """

    href: str | None = None
    total: int | None = None


class Playlist(_Item, kw_only=True):
    """Fields common to simplified and full playlists.

    The fields of every catalogue object (``id``, ``uri``, ``name``, ``href``,
    ``external_urls``) are described on the private base ``_Item``.

    Attributes
    ----------
    collaborative
        Whether other users may modify it.
    description
        Description, if any.
    images
        Cover images, widest first; may be ``None``.
    owner
        The owner.
    primary_color
        Colour hint, usually ``None``.
    public
        Whether the playlist is public; ``None`` when not relevant.
    snapshot_id
        Version identifier, for modifications.
    type
        ``"playlist"``.
    """

    collaborative: bool | None = None
    description: str | None = None
    images: list[Image] | None = None
    owner: PublicUser | None = None
    primary_color: str | None = None
    public: bool | None = None
    snapshot_id: str | None = None
    type: str | None = "playlist"


class SimplePlaylist(Playlist, kw_only=True):
    """A playlist as listed: a reference to its entries instead of the entries.

    Attributes
    ----------
    items
        Link to the entries and their count.
    tracks
        The same as ``items`` (its name before 2026).
    """

    items: PlaylistTracksRef | None = None
    tracks: PlaylistTracksRef | None = None

    def __post_init__(self) -> None:
        ref = self.items if self.items is not None else self.tracks
        self.items = ref
        self.tracks = ref


class FullPlaylist(Playlist, kw_only=True):
    """A playlist with its followers and the first page of its entries.

    Attributes
    ----------
    followers
        Follower count.
    items
        The first page of entries.
    tracks
        The same as ``items`` (its name before 2026).
    """

    if TYPE_CHECKING:
        items: PlaylistTrackPaging | None = None
        tracks: PlaylistTrackPaging | None = None
    else:
        # Raw: when Spotify sends both names, only one page is decoded.
        items: msgspec.Raw = None
        tracks: msgspec.Raw = None
    followers: Followers | None = None

    def __post_init__(self) -> None:
        value: Any = self.items
        if is_null(value):
            value = self.tracks
        if isinstance(value, msgspec.Raw):
            value = None if is_null(value) else decoder(PlaylistTrackPaging).decode(value)
        self.items = value
        self.tracks = value


class SimplePlaylistPaging(OffsetPaging[SimplePlaylist], kw_only=True):
    """Offset paging of simplified playlists (null entries of searches are dropped)."""
