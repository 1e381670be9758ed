"""Users' libraries: saved tracks, albums, episodes, shows and audiobooks."""

from __future__ import annotations

from spotipy.emulator.state._saved import SavedUris

__all__ = ["Library"]


class Library(SavedUris):
    """What each user saved, by URI (``spotify:track:...``), with the second it was saved.

    Methods: ``add(user, uris, now)``, ``remove(user, uris)``, ``contains(user, uris)`` and
    ``saved(user, kind)`` (newest first), see :class:`SavedUris`.
    """
