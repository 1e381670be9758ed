"""Tracks."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from spotipy.model._base import Model, Saved
from spotipy.model._shared import Markets, _Item, markets
from spotipy.model.artist import SimpleArtist
from spotipy.model.member import ExternalIds, ExternalUrls, Restrictions
from spotipy.model.paging import OffsetPaging

__all__ = [
    "FullTrack",
    "FullTrackPaging",
    "SavedTrack",
    "SavedTrackPaging",
    "SimpleTrack",
    "SimpleTrackPaging",
    "TrackLink",
]


class TrackLink(Model, kw_only=True):
    """The track originally asked for, when Spotify relinked it to another.

    Attributes
    ----------
    id
        Spotify ID of the original track.
    uri
        Spotify URI of the original track.
    href
        Web API link to the original track.
    external_urls
        Known external URLs, by service.
    type
        ``"track"``.
    """

    id: str | None = None
    uri: str | None = None
    href: str | None = None
    external_urls: ExternalUrls | None = None
    type: str | None = "track"


class SimpleTrack(_Item, kw_only=True):
    """A track as listed on an album.

    The fields of every catalogue object (``id``, ``uri``, ``name``, ``href``,
    ``external_urls``) are described on the private base ``_Item``.

    Attributes
    ----------
    artists
        Artists who performed the track.
    available_markets
        Markets where the track is available (deprecated; present only when no
        market was given); a tuple shared by equal lists.
    disc_number
        Disc number, usually 1.
    duration_ms
        Length in milliseconds.
    explicit
        Whether the lyrics are explicit.
    is_local
        Whether this is a local file (always false for catalogue tracks).
    is_playable
        Whether the track is playable in the given market (only with a market).
    linked_from
        The track originally asked for, if this one replaces it (relinking).
    preview_url
        30-second preview (deprecated; usually ``None``).
    restrictions
        Why the track is restricted, if it is.
    track_number
        Position on its disc.
    type
        ``"track"``.
    """

    artists: list[SimpleArtist] | None = None
    if TYPE_CHECKING:
        available_markets: Markets | None = None
    else:
        # Raw, resolved in __post_init__ into a shared tuple (see _shared.markets).
        available_markets: msgspec.Raw = None
    disc_number: int | None = None
    duration_ms: int | None = None
    explicit: bool | None = None
    is_local: bool | None = None
    is_playable: bool | None = None
    linked_from: TrackLink | None = None
    preview_url: str | None = None
    restrictions: Restrictions | None = None
    track_number: int | None = None
    type: str | None = "track"

    def __post_init__(self) -> None:
        if self.available_markets is not None:  # absent is the common case: no call
            self.available_markets = markets(self.available_markets)


class FullTrack(SimpleTrack, kw_only=True):
    """A track with its album and industry identifiers.

    Attributes
    ----------
    album
        The album the track appears on.
    external_ids
        Industry identifiers (ISRC).
    popularity
        0 to 100 (deprecated by Spotify; may be missing).
    episode
        In playlists only: whether the item is an episode sent in track form.
    track
        In playlists only: whether the item is a track.
    """

    album: SimpleAlbum | None = None
    external_ids: ExternalIds | None = None
    popularity: int | None = None
    episode: bool | None = None
    track: bool | None = None


class SimpleTrackPaging(OffsetPaging[SimpleTrack], kw_only=True):
    """Offset paging of simplified tracks (an album's tracks)."""


class FullTrackPaging(OffsetPaging[FullTrack], kw_only=True):
    """Offset paging of full tracks (search, top tracks)."""


class SavedTrack(Saved, kw_only=True):
    """A track in the user's library.

    Attributes
    ----------
    track
        The track.
    """

    track: FullTrack


class SavedTrackPaging(OffsetPaging[SavedTrack], kw_only=True):
    """Offset paging of saved tracks."""


# Imported last: album.py needs SimpleTrackPaging from this module (annotations resolve lazily).
from spotipy.model.album import SimpleAlbum  # noqa: E402
