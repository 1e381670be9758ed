"""Chapters of audiobooks."""

from __future__ import annotations

from spotipy.model._base import Model
from spotipy.model.member import ExternalUrls, Image, Restrictions, ResumePoint
from spotipy.model.paging import OffsetPaging

__all__ = ["FullChapter", "SimpleChapter", "SimpleChapterPaging"]


class SimpleChapter(Model, kw_only=True):
    """A chapter as listed in an audiobook.

    Attributes
    ----------
    id
        Spotify ID.
    uri
        Spotify URI.
    name
        Name of the chapter.
    audio_preview_url
        Preview clip (deprecated; usually ``None``).
    available_markets
        Markets where the chapter is available (deprecated).
    chapter_number
        Position in the audiobook, from 0.
    description
        Description without HTML tags.
    html_description
        Description with HTML tags.
    duration_ms
        Length in milliseconds.
    explicit
        Whether the chapter has explicit content.
    external_urls
        Known external URLs, by service.
    href
        Web API link to the full chapter.
    images
        Cover art, widest first.
    is_playable
        Whether the chapter is playable in the given market.
    languages
        Languages (ISO 639 codes).
    release_date
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, see ``release_date_precision``.
    release_date_precision
        ``year``, ``month`` or ``day``.
    restrictions
        Why the chapter is restricted, if it is.
    resume_point
        The user's position (needs scope ``user-read-playback-position``).
    type
        The object type; ``"chapter"`` unless Spotify says otherwise.
    """

    id: str
    uri: str
    name: str
    audio_preview_url: str | None = None
    available_markets: list[str] | None = None
    chapter_number: int | None = None
    description: str | None = None
    html_description: str | None = None
    duration_ms: int | None = None
    explicit: bool | None = None
    external_urls: ExternalUrls | None = None
    href: str | None = None
    images: list[Image] | None = None
    is_playable: bool | None = None
    languages: list[str] | None = None
    release_date: str | None = None
    release_date_precision: str | None = None
    restrictions: Restrictions | None = None
    resume_point: ResumePoint | None = None
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
