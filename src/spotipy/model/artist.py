"""Artists."""

from __future__ import annotations

from spotipy.model._base import Model
from spotipy.model.member import ExternalUrls, Followers, Image
from spotipy.model.paging import CursorPaging, OffsetPaging

__all__ = ["FullArtist", "FullArtistCursorPaging", "FullArtistOffsetPaging", "SimpleArtist"]


class SimpleArtist(Model, kw_only=True):
    """An artist as listed on albums and tracks.

    Attributes
    ----------
    id
        Spotify ID.
    uri
        Spotify URI.
    name
        Name of the artist.
    href
        Web API link to the full artist.
    external_urls
        Known external URLs, by service.
    type
        ``"artist"``.
    """

    id: str
    uri: str
    name: str
    href: str | None = None
    external_urls: ExternalUrls | None = None
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
