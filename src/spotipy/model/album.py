"""Albums."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from spotipy.model._base import Saved
from spotipy.model._shared import Markets, _Item, markets
from spotipy.model.artist import SimpleArtist
from spotipy.model.member import Copyright, ExternalIds, Image, Restrictions
from spotipy.model.paging import OffsetPaging
from spotipy.serialise import SerialisableEnum

__all__ = [
    "AlbumGroup",
    "AlbumType",
    "FullAlbum",
    "ReleaseDatePrecision",
    "SavedAlbum",
    "SavedAlbumPaging",
    "SimpleAlbum",
    "SimpleAlbumPaging",
]


class AlbumType(SerialisableEnum):
    """Kind of an album (the ``album_type`` field)."""

    album = "album"
    compilation = "compilation"
    single = "single"


class AlbumGroup(SerialisableEnum):
    """How an album relates to the artist whose albums are listed (``album_group``)."""

    album = "album"
    appears_on = "appears_on"
    compilation = "compilation"
    single = "single"


class ReleaseDatePrecision(SerialisableEnum):
    """How precise a ``release_date`` is."""

    day = "day"
    month = "month"
    year = "year"


class SimpleAlbum(_Item, kw_only=True):
    """An album as listed on tracks, in searches and in artists' albums.

    Enumeration-like fields are plain strings so that values Spotify adds later
    still decode; compare them with :class:`AlbumType`, :class:`AlbumGroup` and
    :class:`ReleaseDatePrecision` members.

    The fields of every catalogue object (``id``, ``uri``, ``name``, ``href``,
    ``external_urls``) are described on the private base ``_Item``.

    Attributes
    ----------
    album_type
        ``album``, ``single`` or ``compilation``.
    album_group
        In an artist's albums only: ``album``, ``single``, ``compilation`` or
        ``appears_on``.
    artists
        Artists of the album.
    available_markets
        Markets where the album is available (deprecated; present only when
        no market was given); a tuple shared by equal lists.
    images
        Cover art, widest first.
    is_playable
        Whether the album is playable in the given market (only with a market).
    release_date
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, see ``release_date_precision``.
    release_date_precision
        ``year``, ``month`` or ``day``.
    restrictions
        Why the album is restricted, if it is.
    total_tracks
        Number of tracks.
    type
        ``"album"``.
    """

    album_type: str | None = None
    album_group: str | None = None
    artists: list[SimpleArtist] | None = None
    if TYPE_CHECKING:
        available_markets: Markets | None = None
    else:
        # Raw, resolved in __post_init__ into a shared tuple (see _shared.markets).
        available_markets: msgspec.Raw = None
    images: list[Image] | None = None
    is_playable: bool | None = None
    release_date: str | None = None
    release_date_precision: str | None = None
    restrictions: Restrictions | None = None
    total_tracks: int | None = None
    type: str | None = "album"

    def __post_init__(self) -> None:
        if self.available_markets is not None:  # absent is the common case: no call
            self.available_markets = markets(self.available_markets)


class FullAlbum(SimpleAlbum, kw_only=True):
    """An album with its tracks and label details.

    Attributes
    ----------
    tracks
        The first page of the album's tracks.
    copyrights
        Copyright statements.
    external_ids
        Industry identifiers (UPC, EAN).
    genres
        Always empty (deprecated by Spotify).
    label
        Record label (deprecated by Spotify; may be missing).
    popularity
        0 to 100 (deprecated by Spotify; may be missing).
    """

    tracks: SimpleTrackPaging | None = None
    copyrights: list[Copyright] | None = None
    external_ids: ExternalIds | None = None
    genres: list[str] | None = None
    label: str | None = None
    popularity: int | None = None


class SimpleAlbumPaging(OffsetPaging[SimpleAlbum], kw_only=True):
    """Offset paging of simplified albums (also artists' albums and new releases)."""


class SavedAlbum(Saved, kw_only=True):
    """An album in the user's library.

    Attributes
    ----------
    album
        The album.
    """

    album: FullAlbum


class SavedAlbumPaging(OffsetPaging[SavedAlbum], kw_only=True):
    """Offset paging of saved albums."""


# Imported last: track.py needs SimpleAlbum from this module (annotations resolve lazily).
from spotipy.model.track import SimpleTrackPaging  # noqa: E402
