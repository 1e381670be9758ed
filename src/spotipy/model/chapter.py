"""Chapters of audiobooks."""

from __future__ import annotations

from spotipy.model._shared import Markets, _EpisodeOrChapter
from spotipy.model.paging import OffsetPaging

__all__ = ["FullChapter", "SimpleChapter", "SimpleChapterPaging"]


class SimpleChapter(_EpisodeOrChapter, kw_only=True):
    """A chapter as listed in an audiobook.

    The fields shared with episodes (``description``, ``duration_ms``,
    ``resume_point`` ...) and with every catalogue object (``id``, ``uri``, ``name``
    ...) are described on the private bases ``_EpisodeOrChapter`` and ``_Item``.

    Attributes
    ----------
    available_markets
        Markets where the chapter is available (deprecated), as a tuple.
    chapter_number
        Number of the chapter in the audiobook (Spotify's examples count from 1).
    type
        The object type: Spotify's spec names it ``"episode"`` (chapters are episodes
        underneath); ``"chapter"`` when absent.
    """

    available_markets: Markets | None = None
    chapter_number: int | None = None
    type: str | None = "chapter"


class FullChapter(SimpleChapter, kw_only=True):
    """A chapter with its audiobook.

    Attributes
    ----------
    audiobook
        The audiobook the chapter belongs to.
    """

    audiobook: SimpleAudiobook | None = None


class SimpleChapterPaging(OffsetPaging[SimpleChapter], kw_only=True):
    """Offset paging of simplified chapters."""


# Imported last: audiobook.py needs SimpleChapterPaging from this module (annotations resolve
# lazily).
from spotipy.model.audiobook import SimpleAudiobook  # noqa: E402
