"""Audiobooks."""

from __future__ import annotations

from spotipy.model._base import Model, Saved
from spotipy.model.member import Copyright, ExternalUrls, Image
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


class SimpleAudiobook(Model, kw_only=True):
    """An audiobook as listed in searches, on chapters and in the library.

    Attributes
    ----------
    id
        Spotify ID.
    uri
        Spotify URI.
    name
        Name of the audiobook.
    authors
        Authors.
    available_markets
        Markets where the audiobook is available (deprecated).
    copyrights
        Copyright statements.
    description
        Description without HTML tags.
    html_description
        Description with HTML tags.
    edition
        Edition, e.g. ``Unabridged``.
    explicit
        Whether the audiobook has explicit content.
    external_urls
        Known external URLs, by service.
    href
        Web API link to the full audiobook.
    images
        Cover art, widest first.
    languages
        Languages (ISO 639 codes).
    media_type
        Media type, e.g. ``audio``.
    narrators
        Narrators.
    publisher
        Publisher (deprecated by Spotify; may be missing).
    total_chapters
        Number of chapters.
    type
        ``"audiobook"``.
    """

    id: str
    uri: str
    name: str
    authors: list[Author] | None = None
    available_markets: list[str] | None = None
    copyrights: list[Copyright] | None = None
    description: str | None = None
    html_description: str | None = None
    edition: str | None = None
    explicit: bool | None = None
    external_urls: ExternalUrls | None = None
    href: str | None = None
    images: list[Image] | None = None
    languages: list[str] | None = None
    media_type: str | None = None
    narrators: list[Narrator] | None = None
    publisher: str | None = None
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
