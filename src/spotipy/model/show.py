"""Shows (podcasts)."""

from __future__ import annotations

from spotipy.model._base import Model, Saved
from spotipy.model.member import Copyright, ExternalUrls, Image
from spotipy.model.paging import OffsetPaging

__all__ = ["FullShow", "SavedShow", "SavedShowPaging", "SimpleShow", "SimpleShowPaging"]


class SimpleShow(Model, kw_only=True):
    """A show as listed in searches, on episodes and in the library.

    Attributes
    ----------
    id
        Spotify ID.
    uri
        Spotify URI.
    name
        Name of the show.
    available_markets
        Markets where the show is available (deprecated).
    copyrights
        Copyright statements.
    description
        Description without HTML tags.
    html_description
        Description with HTML tags.
    explicit
        Whether the show has explicit content.
    external_urls
        Known external URLs, by service.
    href
        Web API link to the full show.
    images
        Cover art, widest first.
    is_externally_hosted
        Whether the episodes are hosted outside Spotify's CDN.
    languages
        Languages of the show (ISO 639 codes).
    media_type
        Media type of the show, e.g. ``audio``.
    publisher
        Publisher (deprecated by Spotify; may be missing).
    total_episodes
        Number of episodes.
    type
        ``"show"``.
    """

    id: str
    uri: str
    name: str
    available_markets: list[str] | None = None
    copyrights: list[Copyright] | None = None
    description: str | None = None
    html_description: str | None = None
    explicit: bool | None = None
    external_urls: ExternalUrls | None = None
    href: str | None = None
    images: list[Image] | None = None
    is_externally_hosted: bool | None = None
    languages: list[str] | None = None
    media_type: str | None = None
    publisher: str | None = None
    total_episodes: int | None = None
    type: str | None = "show"


class FullShow(SimpleShow, kw_only=True):
    """A show with the first page of its episodes.

    Attributes
    ----------
    episodes
        The first page of episodes.
    """

    episodes: SimpleEpisodePaging | None = None


class SimpleShowPaging(OffsetPaging[SimpleShow], kw_only=True):
    """Offset paging of simplified shows."""


class SavedShow(Saved, kw_only=True):
    """A show in the user's library.

    Attributes
    ----------
    show
        The show.
    """

    show: SimpleShow


class SavedShowPaging(OffsetPaging[SavedShow], kw_only=True):
    """Offset paging of saved shows."""


# Imported last: episode.py needs SimpleShow from this module (annotations resolve lazily).
from spotipy.model.episode import SimpleEpisodePaging  # noqa: E402
