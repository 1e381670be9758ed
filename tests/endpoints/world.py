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
        c = self.emulator.catalogue
        self.chapter = c.chapter_ids[0]
        self.chapters = c.chapter_ids[:3]
        # The first category is "toplists"; this one has fewer playlists.
        self.category = c.category_ids[1]
        self.genre = c.genres[0]

    def _library_names(self) -> None:
        """Library and follow names."""
        c = self.emulator.catalogue
        owned = set(c.playlists_owned_by(DEFAULT_USER_ID))
        #: A playlist of someone else, to follow.
        self.followable_playlist = next(p for p in c.playlist_ids if p not in owned)
        self.other_users = c.user_ids[2:5]
        #: One URI of every kind ``/me/library`` saves or follows.
        self.library_uris = [
            f"spotify:track:{self.track}",
            f"spotify:album:{self.album}",
            f"spotify:episode:{self.episode}",
            f"spotify:show:{self.show}",
            f"spotify:audiobook:{self.audiobook}",
            f"spotify:user:{self.other_user}",
            f"spotify:playlist:{self.followable_playlist}",
        ]
        #: The same and an artist: what ``/me/library/contains`` also answers.
        self.library_contains_uris = [*self.library_uris, f"spotify:artist:{self.artist}"]

    def _player_names(self) -> None:
        """Player names."""
        c = self.emulator.catalogue
        # The default user's first device: it starts inactive, commands activate it.
        self.device = self.emulator.player(self.user_id).devices[0].id
        self.episode_uri = f"spotify:episode:{self.episode}"
        # An album of several tracks, to start in the middle.
        album = next(a for a in c.album_ids if len(c.album_track_ids(a)) >= 3)
        self.album_uri = f"spotify:album:{album}"
        self.album_track = c.album_track_ids(album)[1]

    def _playlist_names(self) -> None:
        """Playlist names: one playlist of the default user per kind of write, so that
        the writes of one case do not move the positions another case counts on."""
        c = self.emulator.catalogue
        playlists = self.emulator.state.playlists
        owned = c.playlists_owned_by(DEFAULT_USER_ID)
        # owned: 0 public (reads), 1 private, 2 private collaborative, 3 public with
        # episodes and a local file, 4 public of 130 items, 5 public and empty.
        self.edit_playlist = owned[4]
        self.edit_snapshot = playlists[self.edit_playlist].snapshot_id
        self.edit_uris = c.playlist_item_uris(self.edit_playlist)[:2]
        self.indices_playlist = owned[1]
        self.indices_snapshot = playlists[self.indices_playlist].snapshot_id
        self.occurrence_playlist = owned[2]
        self.occurrence_snapshot = playlists[self.occurrence_playlist].snapshot_id
        found = c.playlist_item_uris(self.occurrence_playlist)
        self.occurrence_refs = [(found[1], 1), (found[4], 4)]
        self.replace_playlist = owned[3]
        self.details_playlist = owned[5]
        self.playlist_episode = f"spotify:episode:{self.episode}"
        # The two bytes that start every JPEG, some filler and the two that end it.
        self.cover_jpeg = b"\xff\xd8\xff\xe0" + bytes(60) + b"\xff\xd9"
        self.cover_base64 = "/9j/4" + "A" * 80 + "P/Z"  # the same as base64 text

    def many(self, kind: str, count: int) -> list[str]:
        """``count`` distinct IDs of ``kind`` (URIs for playable lists).

        The catalogue has 11 users; more user IDs are made up (follows accept any).
        """
        ids: list[str] = getattr(self.emulator.catalogue, f"{kind}_ids")[:count]
        if kind == "user":
            ids += [f"listener{n}" for n in range(count - len(ids))]
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
