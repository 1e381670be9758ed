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
    def chapter_ids(self) -> list[str]:
        """IDs of every chapter, audiobook by audiobook."""
        return [c.id for c in self._cat.chapters]

    @property
    def category_ids(self) -> list[str]:
        """IDs of every browse category, ``"toplists"`` first."""
        return [c.id for c in self._cat.categories]

    @property
    def genres(self) -> list[str]:
        """The genres of the catalogue's artists: the recommendation genre seeds."""
        return list(self._cat.genres)

    @property
    def markets(self) -> list[str]:
        """The markets ``GET /markets`` answers."""
        return list(self._cat.markets)

    @property
    def new_release_ids(self) -> list[str]:
        """IDs of the albums ``/browse/new-releases`` pages, newest first."""
        return [self._cat.albums[a].id for a in self._cat.new_releases]

    @property
    def editorial_playlist_ids(self) -> list[str]:
        """IDs of Spotify's own playlists: the featured playlists, in order."""
        return self.playlists_owned_by("spotify")

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

    def full_show(self, show_id: str) -> dict[str, Any]:
        """Return the ShowObject of ``show_id``, with its first page of episodes."""
        return _decode(self._render.show(self._cat.show_index[show_id]))

    def full_audiobook(self, audiobook_id: str) -> dict[str, Any]:
        """Return the AudiobookObject of ``audiobook_id``, with its first page of chapters."""
        return _decode(self._render.audiobook(self._cat.audiobook_index[audiobook_id]))

    def chapter(self, chapter_id: str) -> dict[str, Any]:
        """Return the ChapterObject of ``chapter_id``."""
        return _decode(self._render.chapter(self._cat.chapter_index[chapter_id]))

    def category(self, category_id: str) -> dict[str, Any]:
        """Return the CategoryObject of ``category_id``."""
        return _decode(self._render.category(self._cat.category_index[category_id]))

    def audio_features(self, track_id: str) -> dict[str, Any]:
        """Return the AudioFeaturesObject of ``track_id``."""
        return _decode(self._render.audio_features(self._cat.track_index[track_id]))

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

    def show_episode_ids(self, show_id: str) -> list[str]:
        """IDs of the show's episodes, in order."""
        show = self._cat.shows[self._cat.show_index[show_id]]
        return [self._cat.episodes[e].id for e in show.episodes]

    def audiobook_chapter_ids(self, audiobook_id: str) -> list[str]:
        """IDs of the audiobook's chapters, in order."""
        book = self._cat.audiobooks[self._cat.audiobook_index[audiobook_id]]
        return [self._cat.chapters[c].id for c in book.chapters]

    def category_playlist_ids(self, category_id: str) -> list[str]:
        """IDs of the category's playlists, in order."""
        return list(self._cat.categories[self._cat.category_index[category_id]].playlists)

    def artist_track_ids(self, artist_id: str) -> list[str]:
        """IDs of every track the artist is credited on, most popular first."""
        tracks = self._cat.artist_tracks[self._cat.artist_index[artist_id]]
        return [self._cat.tracks[t].id for t in tracks]

    def artist_genres(self, artist_id: str) -> list[str]:
        """The artist's genres (also when the answers leave the deprecated field out)."""
        return list(self._cat.artists[self._cat.artist_index[artist_id]].genres)

    def track_artist_ids(self, track_id: str) -> list[str]:
        """IDs of the track's artists."""
        track = self._cat.tracks[self._cat.track_index[track_id]]
        return [self._cat.artists[a].id for a in track.artists]

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
