"""A read-only view of the emulator's data, for tests that need IDs and expected answers."""

from __future__ import annotations

from typing import Any

import msgspec

from spotipy.emulator._catalogue import Catalogue
from spotipy.emulator._render import Renderer
from spotipy.emulator.state import State

__all__ = ["CatalogueView"]


def _decode(body: bytes) -> dict[str, Any]:
    return msgspec.json.decode(body, type=dict[str, Any])


class CatalogueView:
    """IDs in catalogue order, and the JSON the API would send for each object.

    Lookups answer as ``https://api.spotify.com/v1`` would, to a caller allowed to see
    everything; each call returns a fresh ``dict``.  Unknown IDs raise :class:`KeyError`.

    Parameters
    ----------
    state
        The emulator's data.
    render
        The renderer for Spotify's own origin.
    """

    def __init__(self, state: State, render: Renderer) -> None:
        self._state = state
        self._cat: Catalogue = state.catalogue
        self._render = render

    @property
    def artist_ids(self) -> list[str]:
        """IDs of every artist."""
        return [a.id for a in self._cat.artists]

    @property
    def album_ids(self) -> list[str]:
        """IDs of every album."""
        return [a.id for a in self._cat.albums]

    @property
    def track_ids(self) -> list[str]:
        """IDs of every track."""
        return [t.id for t in self._cat.tracks]

    @property
    def show_ids(self) -> list[str]:
        """IDs of every show."""
        return [s.id for s in self._cat.shows]

    @property
    def episode_ids(self) -> list[str]:
        """IDs of every episode."""
        return [e.id for e in self._cat.episodes]

    @property
    def audiobook_ids(self) -> list[str]:
        """IDs of every audiobook."""
        return [b.id for b in self._cat.audiobooks]

    @property
    def user_ids(self) -> list[str]:
        """IDs of every user, ``"spotify"`` and the default user first."""
        return [u.id for u in self._cat.users]

    @property
    def playlist_ids(self) -> list[str]:
        """IDs of every playlist, the 10,000-item one last."""
        return list(self._state.playlists)

    def artist(self, artist_id: str) -> dict[str, Any]:
        """Return the ArtistObject of ``artist_id``."""
        return _decode(self._render.artist(self._cat.artist_index[artist_id]))

    def album(self, album_id: str) -> dict[str, Any]:
        """Return the AlbumObject of ``album_id``."""
        return _decode(self._render.album(self._cat.album_index[album_id]))

    def track(self, track_id: str) -> dict[str, Any]:
        """Return the TrackObject of ``track_id``."""
        return _decode(self._render.track(self._cat.track_index[track_id]))

    def show(self, show_id: str) -> dict[str, Any]:
        """Return the SimplifiedShowObject of ``show_id``."""
        return _decode(self._render.show_simple(self._cat.show_index[show_id]))

    def episode(self, episode_id: str) -> dict[str, Any]:
        """Return the EpisodeObject of ``episode_id``."""
        return _decode(self._render.episode(self._cat.episode_index[episode_id]))

    def audiobook(self, audiobook_id: str) -> dict[str, Any]:
        """Return the SimplifiedAudiobookObject of ``audiobook_id``."""
        index = self._cat.audiobook_index[audiobook_id]
        return _decode(self._render.audiobook_simple(index))

    def user(self, user_id: str) -> dict[str, Any]:
        """Return the PublicUserObject of ``user_id``."""
        if user_id not in self._cat.user_by_id:
            raise KeyError(user_id)
        return _decode(self._render.public_user(user_id))

    def playlist(self, playlist_id: str) -> dict[str, Any]:
        """Return the PlaylistObject of ``playlist_id``, with its first page of entries."""
        playlist = self._state.playlists[playlist_id]
        return _decode(self._render.playlist(playlist, with_items=True))

    def album_track_ids(self, album_id: str) -> list[str]:
        """IDs of the album's tracks, in order."""
        album = self._cat.albums[self._cat.album_index[album_id]]
        return [self._cat.tracks[t].id for t in album.tracks]

    def artist_album_ids(self, artist_id: str) -> list[str]:
        """IDs of the artist's albums, in the order ``/artists/{id}/albums`` pages them."""
        discography = self._cat.discographies[self._cat.artist_index[artist_id]]
        return [self._cat.albums[a].id for a, _ in discography]

    def playlists_owned_by(self, user_id: str) -> list[str]:
        """IDs of the playlists ``user_id`` owns."""
        return [p.id for p in self._state.playlists.values() if p.owner == user_id]

    def playlists_shared_with(self, user_id: str) -> list[str]:
        """IDs of the playlists ``user_id`` collaborates on without owning them."""
        return [p.id for p in self._state.playlists.values() if user_id in p.collaborators]

    def playlists_containing(self, kind: str) -> list[str]:
        """IDs of the playlists with entries of ``kind``: "track", "episode" or "local".

        Raises
        ------
        ValueError
            For another kind.
        """
        if kind not in ("track", "episode", "local"):
            raise ValueError(f"kind must be 'track', 'episode' or 'local', not {kind!r}")
        return [
            p.id for p in self._state.playlists.values() if any(e.kind == kind for e in p.entries)
        ]

    def playlist_item_uris(self, playlist_id: str) -> list[str]:
        """URIs of the playlist's entries in order (``spotify:local:...`` for local files)."""
        uris = []
        for entry in self._state.playlists[playlist_id].entries:
            if entry.kind == "track":
                uris.append(f"spotify:track:{self._cat.tracks[entry.index].id}")
            elif entry.kind == "episode":
                uris.append(f"spotify:episode:{self._cat.episodes[entry.index].id}")
            else:
                uris.append(_decode(self._render.local_track(entry.index))["uri"])
        return uris
