"""Who follows what: artists, users and playlists."""

from __future__ import annotations

from spotipy.emulator.state._saved import SavedUris

__all__ = ["FOLLOWED_KINDS", "Follows"]

#: The kinds of URI a user follows.
FOLLOWED_KINDS: frozenset[str] = frozenset({"artist", "user", "playlist"})


class Follows(SavedUris):
    """What each user follows, by URI (``spotify:artist:...``, ``spotify:user:...``,
    ``spotify:playlist:...``), with the second they started.

    Methods: ``add(user, uris, now)``, ``remove(user, uris)``, ``contains(user, uris)`` and
    ``saved(user, kind)`` (newest first), see :class:`SavedUris`.
    """
