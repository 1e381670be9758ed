"""Episodes of shows."""

from __future__ import annotations

from spotipy.model._base import Saved
from spotipy.model._shared import _EpisodeOrChapter
from spotipy.model.paging import OffsetPaging

__all__ = [
    "FullEpisode",
    "SavedEpisode",
    "SavedEpisodePaging",
    "SimpleEpisode",
    "SimpleEpisodePaging",
]


class SimpleEpisode(_EpisodeOrChapter, kw_only=True):
    """An episode as listed in a show or a search.

    The fields shared with chapters (``description``, ``duration_ms``,
    ``resume_point`` ...) and with every catalogue object (``id``, ``uri``, ``name``
    ...) are described on the private bases ``_EpisodeOrChapter`` and ``_Item``.

    Attributes
    ----------
    is_externally_hosted
        Whether the audio is hosted outside Spotify's CDN.
    language
        Language (deprecated; see ``languages``).
    type
        ``"episode"``.
    """

    is_externally_hosted: bool | None = None
    language: str | None = None
    type: str | None = "episode"


class FullEpisode(SimpleEpisode, kw_only=True):
    """An episode with its show.

    Attributes
    ----------
    show
        The show the episode belongs to.
    """

    show: SimpleShow | None = None


class SimpleEpisodePaging(OffsetPaging[SimpleEpisode], kw_only=True):
    """Offset paging of simplified episodes."""


class SavedEpisode(Saved, kw_only=True):
    """An episode in the user's library.

    Attributes
    ----------
    episode
        The episode.
    """

    episode: FullEpisode


class SavedEpisodePaging(OffsetPaging[SavedEpisode], kw_only=True):
    """Offset paging of saved episodes."""


# Imported last: show.py needs SimpleEpisodePaging from this module (annotations resolve lazily).
from spotipy.model.show import SimpleShow  # noqa: E402
