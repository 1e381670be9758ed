"""Users' libraries: saved tracks, albums, episodes, shows and audiobooks."""

from __future__ import annotations

from spotipy.emulator.state._saved import SavedUris

__all__ = ["SAVED_KINDS", "Library"]

#: The kinds of URI a library saves (artists, users and playlists are followed instead).
SAVED_KINDS: frozenset[str] = frozenset({"track", "album", "episode", "show", "audiobook"})


class Library(SavedUris):
    """What each user saved, by URI (``spotify:track:...``), with the second it was saved.

    Methods: ``add(user, uris, now)``, ``remove(user, uris)``, ``contains(user, uris)`` and
    ``saved(user, kind)`` (newest first), see :class:`SavedUris`.
    """
