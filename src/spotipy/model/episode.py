"""Episodes of shows."""

from __future__ import annotations

from spotipy.model._base import Model, Saved
from spotipy.model.member import ExternalUrls, Image, Restrictions, ResumePoint
from spotipy.model.paging import OffsetPaging

__all__ = [
    "FullEpisode",
    "SavedEpisode",
    "SavedEpisodePaging",
    "SimpleEpisode",
    "SimpleEpisodePaging",
]


class SimpleEpisode(Model, kw_only=True):
    """An episode as listed in a show or a search.

    Attributes
    ----------
    id
        Spotify ID.
    uri
        Spotify URI.
    name
        Name of the episode.
    audio_preview_url
        Preview clip (deprecated; usually ``None``).
    description
        Description without HTML tags.
    html_description
        Description with HTML tags.
    duration_ms
        Length in milliseconds.
    explicit
        Whether the episode has explicit content.
    external_urls
        Known external URLs, by service.
    href
        Web API link to the full episode.
    images
        Cover art, widest first.
    is_externally_hosted
        Whether the audio is hosted outside Spotify's CDN.
    is_playable
        Whether the episode is playable in the given market.
    language
        Language (deprecated; see ``languages``).
    languages
        Languages of the episode (ISO 639 codes).
    release_date
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, see ``release_date_precision``.
    release_date_precision
        ``year``, ``month`` or ``day``.
    restrictions
        Why the episode is restricted, if it is.
    resume_point
        The user's position (needs scope ``user-read-playback-position``).
    type
        ``"episode"``.
    """

    id: str
    uri: str
    name: str
    audio_preview_url: str | None = None
    description: str | None = None
    html_description: str | None = None
    duration_ms: int | None = None
    explicit: bool | None = None
    external_urls: ExternalUrls | None = None
    href: str | None = None
    images: list[Image] | None = None
    is_externally_hosted: bool | None = None
    is_playable: bool | None = None
    language: str | None = None
    languages: list[str] | None = None
    release_date: str | None = None
    release_date_precision: str | None = None
    restrictions: Restrictions | None = None
    resume_point: ResumePoint | None = None
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
