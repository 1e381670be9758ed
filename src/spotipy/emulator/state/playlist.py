"""The emulator's playlists, editable copies of the catalogue's: who may read and change
them, and every change (items, details, covers, new playlists)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from spotipy.emulator._catalogue import Catalogue, Entry, Playlist, is_base62_id, make_id
from spotipy.emulator._routing import ApiError

if TYPE_CHECKING:
    from spotipy.emulator.state import Options

__all__ = ["STALE_SNAPSHOT", "Playlists"]

#: Spotify's 400 for a snapshot ID that is not the playlist's, where one is needed.
STALE_SNAPSHOT = "Missing or bad version tag"
_BAD_INDEX = "Index out of bounds"


class Playlists(dict[str, Playlist]):
    """Every playlist by ID, starting as copies of the catalogue's.

    Every change goes through the methods below and gives the playlist a new snapshot ID
    (:meth:`Playlist.touch`); the snapshot IDs it had before are remembered, so a stale one
    can be told from one that never existed.

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
        self.catalogue = catalogue
        self._created: list[str] = []
        self._history: dict[str, set[str]] = {}
        #: Uploaded covers, the decoded JPEG bytes by playlist ID.
        self.covers: dict[str, bytes] = {}

    # -- who may do what ------------------------------------------------------------------

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

    @staticmethod
    def can_change_items(playlist: Playlist, user_id: str) -> bool:
        """The owner, and collaborators of a collaborative playlist, may change its items."""
        if user_id == playlist.owner:
            return True
        return playlist.collaborative and user_id in playlist.collaborators

    @staticmethod
    def modify_scope(public: bool) -> str:
        """The scope a change of a public (or private) playlist needs."""
        return "playlist-modify-public" if public else "playlist-modify-private"

    # -- listings -------------------------------------------------------------------------

    def of_user(self, user_id: str, followed: Iterable[str] = ()) -> list[Playlist]:
        """``user_id``'s playlists as Spotify lists them: created here (newest first), then
        the ones owned or collaborated on, then the followed ones (playlist IDs)."""
        chosen: dict[str, Playlist] = {}
        for playlist_id in reversed(self._created):
            playlist = self[playlist_id]
            if playlist.owner == user_id:
                chosen[playlist_id] = playlist
        for playlist in self.values():
            if playlist.owner == user_id or user_id in playlist.collaborators:
                chosen.setdefault(playlist.id, playlist)
        for playlist_id in followed:
            found = self.get(playlist_id)
            if found is not None:
                chosen.setdefault(playlist_id, found)
        return list(chosen.values())

    # -- playlists and their details --------------------------------------------------------

    def create(
        self, owner: str, name: str, *, public: bool, collaborative: bool, description: str
    ) -> Playlist:
        """Create an empty playlist owned by ``owner``."""
        playlist_id = make_id(self.catalogue.seed, "created-playlist", len(self._created))
        playlist = Playlist(
            id=playlist_id,
            name=name,
            description=description,
            owner=owner,
            public=public,
            collaborative=collaborative,
            collaborators=frozenset(),
            followers=0,
            entries=[],
            image_sizes=(),
        )
        self[playlist_id] = playlist
        self._created.append(playlist_id)
        return playlist

    def change_details(
        self,
        playlist: Playlist,
        *,
        name: str | None,
        public: bool | None,
        collaborative: bool | None,
        description: str | None,
    ) -> None:
        """Change the details given (``None``: unchanged)."""
        will_public = playlist.public if public is None else public
        will_collaborate = playlist.collaborative if collaborative is None else collaborative
        if will_public and will_collaborate:
            raise ApiError(400, "Collaborative playlists can only be private.")
        self._record(playlist)
        if name is not None:
            playlist.name = name
        if description is not None:
            playlist.description = description
        playlist.public = will_public
        playlist.collaborative = will_collaborate
        playlist.touch()

    def upload_cover(self, playlist: Playlist, jpeg: bytes) -> None:
        """Make ``jpeg`` the cover: one image of unknown size, as Spotify shows uploads."""
        self._record(playlist)
        self.covers[playlist.id] = jpeg
        playlist.image_sizes = (None,)
        playlist.touch()

    # -- items ----------------------------------------------------------------------------

    def entries_for(self, uris: Sequence[object], user_id: str, now: float) -> list[Entry]:
        """Entries for playable URIs, added now by ``user_id``.

        Raises
        ------
        ApiError
            400 for a malformed URI or an item the catalogue does not hold.
        """
        cat = self.catalogue
        found: list[Entry] = []
        for uri in uris:
            kind, _, item_id = uri.rpartition(":") if isinstance(uri, str) else ("", "", "")
            index_of = {"spotify:track": cat.track_index, "spotify:episode": cat.episode_index}
            if kind not in index_of or not is_base62_id(item_id):
                raise ApiError(400, "Invalid track uri: " + str(uri)[:80])
            index = index_of[kind].get(item_id)
            if index is None:
                raise ApiError(400, "Payload contains a non-existing ID")
            found.append(
                Entry("track" if kind == "spotify:track" else "episode", index, int(now), user_id)
            )
        return found

    def uri_of(self, entry: Entry) -> str:
        """The URI an entry is removed by (local files have none here)."""
        if entry.kind == "track":
            return f"spotify:track:{self.catalogue.tracks[entry.index].id}"
        if entry.kind == "episode":
            return f"spotify:episode:{self.catalogue.episodes[entry.index].id}"
        return f"spotify:local:{entry.index}"

    def add(self, playlist: Playlist, entries: list[Entry], position: int | None) -> None:
        """Insert ``entries`` at ``position`` (append when ``None``)."""
        size = len(playlist.entries)
        at = size if position is None else position
        if not 0 <= at <= size:
            raise ApiError(400, _BAD_INDEX)
        self._record(playlist)
        playlist.entries[at:at] = entries
        playlist.touch()

    def replace(self, playlist: Playlist, entries: list[Entry]) -> None:
        """Make ``entries`` the playlist's items."""
        self._record(playlist)
        playlist.entries[:] = entries
        playlist.touch()

    def reorder(
        self,
        playlist: Playlist,
        range_start: int,
        insert_before: int,
        range_length: int,
        snapshot_id: str | None,
    ) -> None:
        """Move ``range_length`` items from ``range_start`` to before ``insert_before``.

        Spotify applies a move to the version ``snapshot_id`` names "even if more recent
        changes have been made"; the emulator keeps no old versions, so it checks only
        that the snapshot ID is one the playlist has had, and moves within the current one.
        """
        self.check_snapshot(playlist, snapshot_id, required=False, current=False)
        size = len(playlist.entries)
        end = range_start + range_length
        if range_length < 1 or not 0 <= range_start < size or end > size:
            raise ApiError(400, _BAD_INDEX)
        if not 0 <= insert_before <= size:
            raise ApiError(400, _BAD_INDEX)
        self._record(playlist)
        entries = playlist.entries
        block = entries[range_start:end]
        rest = entries[:range_start] + entries[end:]
        if insert_before <= range_start:
            at = insert_before
        elif insert_before >= end:
            at = insert_before - range_length
        else:
            at = range_start  # inside the range itself: nothing moves
        entries[:] = rest[:at] + block + rest[at:]
        playlist.touch()

    def remove(
        self,
        playlist: Playlist,
        uris: Sequence[str],
        refs: Sequence[tuple[str | None, int]],
        snapshot_id: str | None,
    ) -> None:
        """Remove every occurrence of ``uris`` and the entries at the positions of ``refs``.

        A ``ref`` is ``(uri, position)`` (the entry there must be that item) or ``(None,
        position)``; bare positions need a snapshot ID.  Positions are counted in the
        version the snapshot ID names, and the emulator keeps no older version to count them
        in, so a stale one answers 400 :data:`STALE_SNAPSHOT`: Spotify too refuses positions
        that no longer hold what they held.  Removal by URI only asks that a given snapshot
        ID is one the playlist has had.
        """
        bare = any(uri is None for uri, _ in refs)
        self.check_snapshot(playlist, snapshot_id, required=bare, current=bool(refs))
        entries = playlist.entries
        doomed: set[int] = set()
        for uri, position in refs:
            if not 0 <= position < len(entries):
                raise ApiError(400, _BAD_INDEX)
            if uri is not None and self.uri_of(entries[position]) != uri:
                raise ApiError(400, "Could not remove tracks, please check parameters.")
            doomed.add(position)
        wanted = set(uris)
        if wanted:
            doomed.update(n for n, e in enumerate(entries) if self.uri_of(e) in wanted)
        self._record(playlist)
        entries[:] = [e for n, e in enumerate(entries) if n not in doomed]
        playlist.touch()

    def check_snapshot(
        self, playlist: Playlist, snapshot_id: str | None, *, required: bool, current: bool
    ) -> None:
        """Refuse a missing snapshot ID (``required``), one the playlist never had, or
        (``current``) an old one, with 400 :data:`STALE_SNAPSHOT`."""
        if snapshot_id is None:
            if required:
                raise ApiError(400, STALE_SNAPSHOT)
            return
        if snapshot_id == playlist.snapshot_id:
            return
        if current or snapshot_id not in self._history.get(playlist.id, ()):
            raise ApiError(400, STALE_SNAPSHOT)

    def _record(self, playlist: Playlist) -> None:
        self._history.setdefault(playlist.id, set()).add(playlist.snapshot_id)
