"""Shows (podcasts)."""

from __future__ import annotations

from spotipy.model._base import Saved
from spotipy.model._shared import _ShowOrAudiobook
from spotipy.model.paging import OffsetPaging

__all__ = ["FullShow", "SavedShow", "SavedShowPaging", "SimpleShow", "SimpleShowPaging"]


class SimpleShow(_ShowOrAudiobook, kw_only=True):
    """A show as listed in searches, on episodes and in the library.

    The fields shared with audiobooks (``description``, ``copyrights``,
    ``publisher`` ...) and with every catalogue object (``id``, ``uri``, ``name``
    ...) are described on the private bases ``_ShowOrAudiobook`` and ``_Item``.

    Attributes
    ----------
    is_externally_hosted
        Whether the episodes are hosted outside Spotify's CDN.
    total_episodes
        Number of episodes.
    type
        ``"show"``.
    """

    is_externally_hosted: bool | None = None
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
