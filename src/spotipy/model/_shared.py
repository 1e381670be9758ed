"""Private bases holding the fields several catalogue objects share.

They follow the shapes of Spotify's own schema: every catalogue object has an ID, a
URI, a name and links; episodes and chapters share their audio-content fields, as do
shows and audiobooks.  Each public model redeclares ``type`` with its own default.
The bases are not exported: decode into the public models.

A struct lists its base's fields first.  The decoder looks each JSON key up starting
after the field it matched last, so fields declared in the order Spotify sends them
(mostly alphabetical) are found at the first try; :class:`_Item` therefore keeps that
order, and the two audio-content bases sit directly on it rather than on a further
base for the few fields all four share, which would make lookups wrap around more.
"""

from __future__ import annotations

from spotipy.model._base import Model
from spotipy.model.member import Copyright, ExternalUrls, Image, Restrictions, ResumePoint


class _Item(Model, kw_only=True):
    """Fields of every catalogue object: artists, albums, tracks, playlists, shows...

    Attributes
    ----------
    external_urls
        Known external URLs, by service.
    href
        Web API link to the full object.
    id
        Spotify ID.
    name
        Name of the object.
    type
        The object type, e.g. ``"track"``; each model defaults it to its own.
    uri
        Spotify URI.
    """

    external_urls: ExternalUrls | None = None
    href: str | None = None
    id: str
    name: str
    type: str | None = None
    uri: str


class _EpisodeOrChapter(_Item, kw_only=True):
    """Fields shared by episodes and chapters: a playable part of a show or audiobook.

    Attributes
    ----------
    audio_preview_url
        Preview clip (deprecated; usually ``None``).
    description
        Description without HTML tags.
    html_description
        Description with HTML tags.
    duration_ms
        Length in milliseconds.
    explicit
        Whether it has explicit content.
    images
        Cover art, widest first.
    is_playable
        Whether it is playable in the given market.
    languages
        Languages (ISO 639 codes).
    release_date
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, see ``release_date_precision``.
    release_date_precision
        ``year``, ``month`` or ``day``.
    restrictions
        Why it is restricted, if it is.
    resume_point
        The user's position (needs scope ``user-read-playback-position``).
    """

    audio_preview_url: str | None = None
    description: str | None = None
    html_description: str | None = None
    duration_ms: int | None = None
    explicit: bool | None = None
    images: list[Image] | None = None
    is_playable: bool | None = None
    languages: list[str] | None = None
    release_date: str | None = None
    release_date_precision: str | None = None
    restrictions: Restrictions | None = None
    resume_point: ResumePoint | None = None


class _ShowOrAudiobook(_Item, kw_only=True):
    """Fields shared by shows and audiobooks: what holds episodes or chapters.

    Attributes
    ----------
    available_markets
        Markets where it is available (deprecated).
    copyrights
        Copyright statements.
    description
        Description without HTML tags.
    html_description
        Description with HTML tags.
    explicit
        Whether it has explicit content.
    images
        Cover art, widest first.
    languages
        Languages (ISO 639 codes).
    media_type
        Media type, e.g. ``audio``.
    publisher
        Publisher (deprecated by Spotify; may be missing).
    """

    available_markets: list[str] | None = None
    copyrights: list[Copyright] | None = None
    description: str | None = None
    html_description: str | None = None
    explicit: bool | None = None
    images: list[Image] | None = None
    languages: list[str] | None = None
    media_type: str | None = None
    publisher: str | None = None
