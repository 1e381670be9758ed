"""Audiobooks."""

from __future__ import annotations

from spotipy.model._base import Model, Saved
from spotipy.model._shared import _ShowOrAudiobook
from spotipy.model.paging import OffsetPaging

__all__ = [
    "Author",
    "FullAudiobook",
    "Narrator",
    "SavedAudiobook",
    "SavedAudiobookPaging",
    "SimpleAudiobook",
    "SimpleAudiobookPaging",
]


class Author(Model, kw_only=True):
    """An author of an audiobook."""

    name: str | None = None


class Narrator(Model, kw_only=True):
    """A narrator of an audiobook."""

    name: str | None = None


class SimpleAudiobook(_ShowOrAudiobook, kw_only=True):
    """An audiobook as listed in searches, on chapters and in the library.

    The fields shared with shows (``description``, ``copyrights``, ``publisher``
    ...) and with every catalogue object (``id``, ``uri``, ``name`` ...) are
    described on the private bases ``_ShowOrAudiobook`` and ``_Item``.

    Attributes
    ----------
    authors
        Authors.
    edition
        Edition, e.g. ``Unabridged``.
    narrators
        Narrators.
    total_chapters
        Number of chapters.
    type
        ``"audiobook"``.
    """

    authors: list[Author] | None = None
    edition: str | None = None
    narrators: list[Narrator] | None = None
    total_chapters: int | None = None
    type: str | None = "audiobook"


class FullAudiobook(SimpleAudiobook, kw_only=True):
    """An audiobook with the first page of its chapters.

    Attributes
    ----------
    chapters
        The first page of chapters.
    """

    chapters: SimpleChapterPaging | None = None


class SimpleAudiobookPaging(OffsetPaging[SimpleAudiobook], kw_only=True):
    """Offset paging of simplified audiobooks."""


class SavedAudiobook(Saved, kw_only=True):
    """An audiobook in the user's library.

    Attributes
    ----------
    audiobook
        The audiobook.
    """

    audiobook: FullAudiobook


class SavedAudiobookPaging(OffsetPaging[SavedAudiobook], kw_only=True):
    """Offset paging of saved audiobooks."""


# Imported last: chapter.py needs SimpleAudiobook from this module (annotations resolve lazily).
from spotipy.model.chapter import SimpleChapterPaging  # noqa: E402
