"""IDs of the emulator's catalogue that endpoint cases refer to by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spotipy.emulator import BIG_PLAYLIST_ID, DEFAULT_USER_ID, Emulator

__all__ = ["Ref", "World"]


@dataclass(frozen=True)
class Ref:
    """A placeholder for the world attribute ``name`` (``Ref("album")``)."""

    name: str


class World:
    """Named IDs of one emulator, for cases to use (``Ref("album")`` is ``world.album``).

    Areas that need more names add attributes here (a property or a plain attribute
    set in ``__init__``), never literal IDs in their cases.

    Parameters
    ----------
    emulator
        The emulator the calls go to.
    """

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        c = emulator.catalogue
        self.user_id = DEFAULT_USER_ID
        self.album = c.album_ids[3]
        self.albums = c.album_ids[:3]
        self.artist = c.artist_ids[1]
        self.artists = c.artist_ids[:3]
        self.track = c.track_ids[99]
        self.tracks = c.track_ids[100:103]
        self.show = c.show_ids[0]
        self.shows = c.show_ids[:2]
        self.episode = c.episode_ids[0]
        self.episodes = c.episode_ids[:2]
        self.audiobook = c.audiobook_ids[0]
        self.audiobooks = c.audiobook_ids[:2]
        self.big_playlist = BIG_PLAYLIST_ID
        # Since February 2026 a user reads the items of their own playlists only.
        self.own_playlist = c.playlists_owned_by(DEFAULT_USER_ID)[0]
        self.other_user = c.user_ids[2]
        self._catalogue_names()
        self._library_names()
        self._player_names()
        self._playlist_names()

    # Each area adds the names its cases need in its own method below.

    def _catalogue_names(self) -> None:
        """Shows, episodes, audiobooks, chapters, browse (the catalogue area's names)."""

    def _library_names(self) -> None:
        """Library and follow names."""

    def _player_names(self) -> None:
        """Player names."""

    def _playlist_names(self) -> None:
        """Playlist names."""

    def many(self, kind: str, count: int) -> list[str]:
        """``count`` distinct IDs of ``kind`` (URIs for playable lists)."""
        ids: list[str] = getattr(self.emulator.catalogue, f"{kind}_ids")[:count]
        if kind in ("track", "episode"):
            return [f"spotify:{kind}:{i}" for i in ids]
        return ids

    def resolve(self, value: Any) -> Any:
        """Replace :class:`Ref` placeholders in ``value`` (also inside lists and tuples)."""
        if isinstance(value, Ref):
            return getattr(self, value.name)
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.resolve(v) for v in value)
        return value
