"""Artists."""

from __future__ import annotations

from spotipy.model._shared import _Item
from spotipy.model.member import Followers, Image
from spotipy.model.paging import CursorPaging, OffsetPaging

__all__ = ["FullArtist", "FullArtistCursorPaging", "FullArtistOffsetPaging", "SimpleArtist"]


class SimpleArtist(_Item, kw_only=True):
    """An artist as listed on albums and tracks.

    The fields of every catalogue object (``id``, ``uri``, ``name``, ``href``,
    ``external_urls``) are described on the private base ``_Item``.

    Attributes
    ----------
    type
        ``"artist"``.
    """

    type: str | None = "artist"


class FullArtist(SimpleArtist, kw_only=True):
    """An artist with images and (deprecated) popularity data.

    Attributes
    ----------
    images
        Pictures of the artist, widest first.
    followers
        Follower count (deprecated by Spotify; may be missing).
    genres
        Genres (deprecated by Spotify; may be missing).
    popularity
        0 to 100 (deprecated by Spotify; may be missing).
    """

    images: list[Image] | None = None
    followers: Followers | None = None
    genres: list[str] | None = None
    popularity: int | None = None


class FullArtistOffsetPaging(OffsetPaging[FullArtist], kw_only=True):
    """Offset paging of full artists."""


class FullArtistCursorPaging(CursorPaging[FullArtist], kw_only=True):
    """Cursor paging of full artists (followed artists)."""
