"""The emulator's playlists, editable copies of the catalogue's, and who may read them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spotipy.emulator._catalogue import Catalogue, Playlist

if TYPE_CHECKING:
    from spotipy.emulator.state import Options

__all__ = ["Playlists"]


class Playlists(dict[str, Playlist]):
    """Every playlist by ID, starting as copies of the catalogue's.

    Parameters
    ----------
    catalogue
        Invented data whose playlists are copied.
    options
        Answer shaping; ``extended_quota`` decides :meth:`can_read_items`.
    """

    def __init__(self, catalogue: Catalogue, options: Options) -> None:
        super().__init__((p.id, p.copy()) for p in catalogue.initial_playlists)
        self.options = options

    def can_read_items(self, playlist: Playlist, user_id: str | None) -> bool:
        """Tell whether a token for ``user_id`` (``None``: app token) may read the entries.

        Since February 2026 a user may read the entries only of playlists they own or
        collaborate on (apps with extended quota are exempt).  An app token acts for no user:
        it may read public playlists, as the client-credentials flow always could.
        """
        if user_id is None:
            return playlist.public
        if self.options.extended_quota:
            return True
        return user_id == playlist.owner or user_id in playlist.collaborators
