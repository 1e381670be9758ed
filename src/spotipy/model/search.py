"""Search results."""

from __future__ import annotations

from typing import Any, Final

from spotipy.model._base import Model
from spotipy.model.album import SimpleAlbumPaging
from spotipy.model.artist import FullArtistOffsetPaging
from spotipy.model.audiobook import SimpleAudiobookPaging
from spotipy.model.episode import SimpleEpisodePaging
from spotipy.model.paging import OffsetPaging
from spotipy.model.playlist import SimplePlaylistPaging
from spotipy.model.show import SimpleShowPaging
from spotipy.model.track import FullTrackPaging

__all__ = ["SEARCH_PAGING_TYPES", "SearchResult"]

#: Concrete paging class of each search type, keyed by the singular type name.
SEARCH_PAGING_TYPES: Final[dict[str, type[OffsetPaging[Any]]]] = {
    "album": SimpleAlbumPaging,
    "artist": FullArtistOffsetPaging,
    "audiobook": SimpleAudiobookPaging,
    "episode": SimpleEpisodePaging,
    "playlist": SimplePlaylistPaging,
    "show": SimpleShowPaging,
    "track": FullTrackPaging,
}


class SearchResult(Model, kw_only=True):
    """The answer to a search: one paging per type asked for, ``None`` for the others.

    Attributes
    ----------
    tracks
        Matching tracks.
    artists
        Matching artists.
    albums
        Matching albums.
    playlists
        Matching playlists.
    shows
        Matching shows.
    episodes
        Matching episodes.
    audiobooks
        Matching audiobooks.
    """

    tracks: FullTrackPaging | None = None
    artists: FullArtistOffsetPaging | None = None
    albums: SimpleAlbumPaging | None = None
    playlists: SimplePlaylistPaging | None = None
    shows: SimpleShowPaging | None = None
    episodes: SimpleEpisodePaging | None = None
    audiobooks: SimpleAudiobookPaging | None = None

    def paging(self, type_: str) -> OffsetPaging[Any]:
        """Return the paging of a search type (``"track"`` or ``"tracks"``...).

        A type that was asked for but is missing from the response gives an empty
        paging of the right class, so that the other types' results are kept.

        Raises
        ------
        ValueError
            ``type_`` is not a search type.
        """
        singular = str(type_).removesuffix("s")
        try:
            paging_type = SEARCH_PAGING_TYPES[singular]
        except KeyError:
            known = ", ".join(sorted(SEARCH_PAGING_TYPES))
            raise ValueError(f"unknown search type {type_!r}; expected one of {known}") from None
        page: OffsetPaging[Any] | None = getattr(self, singular + "s")
        if page is None:
            return paging_type(items=[], total=0)
        return page
