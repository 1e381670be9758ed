"""Restoring a backup into an account, idempotently; removing repeated playlist entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from spotipy.backup._backup import PAGE, Progress, _no_progress, _reason, iter_playlists
from spotipy.backup._layout import (
    COLLECTIONS,
    FORMAT_VERSION,
    BackupError,
    read_json,
    read_manifest,
    write_json,
)
from spotipy.client import Spotify, Sync
from spotipy.errors import BadRequest, Forbidden, NotFound, PartialWriteError, SpotipyError

__all__ = ["DedupePlan", "RestoreReport", "dedupe_playlist", "plan_dedupe", "restore"]

#: Entries added to a playlist per request (Spotify's cap).
ADD_BATCH: Final = 100
#: URIs saved per call of ``library_add`` (the client splits it into requests of 40).
SAVE_BATCH: Final = 200


@dataclass
class RestoreReport:
    """What :func:`restore` did, or would do with ``dry_run``.

    Attributes
    ----------
    plan
        One line per step: what is (or would be) created, added, saved, followed.
    created
        Playlists created in this run.
    added
        Playlist entries added in this run.
    saved
        Items saved to the library (or artists followed) in this run.
    followed
        Playlists of other users followed in this run.
    unavailable
        ``(where, what)`` for entries that cannot be restored: local files, removed items.
    skipped
        ``(what, reason)`` for steps Spotify refused.
    """

    plan: list[str] = field(default_factory=list)
    created: int = 0
    added: int = 0
    saved: int = 0
    followed: int = 0
    unavailable: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _uri_of(entry: dict[str, Any]) -> str | None:
    """The URI an entry can be restored by, or ``None`` (local file, removed item)."""
    item = entry.get("item")
    if entry.get("is_local") or not isinstance(item, dict) or item.get("is_local"):
        return None
    uri = item.get("uri")
    if not isinstance(uri, str) or item.get("is_playable") is False:
        return None
    return uri


def _label(entry: dict[str, Any]) -> str:
    item = entry.get("item")
    if not isinstance(item, dict):
        return "(an item Spotify no longer serves)"
    kind = "local file" if entry.get("is_local") or item.get("is_local") else "unavailable"
    return f"{item.get('name') or item.get('uri') or '?'} ({kind})"


def _refused(uri: str, error: SpotipyError) -> str:
    """An item Spotify refused to add, and why."""
    return f"{uri} (refused: {_reason(error)})"


def plan_dedupe(uris: Sequence[str | None]) -> list[tuple[str, int]]:
    """The repeated entries of a playlist: ``(uri, position)`` of every occurrence of a
    URI after its first (``None``, an entry without URI, is never a repeat)."""
    seen: set[str] = set()
    repeats: list[tuple[str, int]] = []
    for position, uri in enumerate(uris):
        if uri is None:
            continue
        if uri in seen:
            repeats.append((uri, position))
        seen.add(uri)
    return repeats


@dataclass
class DedupePlan:
    """The repeated entries of a playlist, and whether they were removed.

    Attributes
    ----------
    playlist_id
        The playlist.
    total
        Its entries before.
    repeats
        ``(uri, position)`` of each entry removed (or to remove, in a dry run).
    removed
        Whether they were removed.
    """

    playlist_id: str
    total: int
    repeats: list[tuple[str, int]]
    removed: bool


def dedupe_playlist(
    spotify: Spotify[Sync], playlist_id: str, *, dry_run: bool = False
) -> DedupePlan:
    """Remove the repeated entries of a playlist, keeping each item's first occurrence.

    Parameters
    ----------
    spotify
        A synchronous :class:`~spotipy.Spotify` acting for the playlist's owner.
    playlist_id
        The playlist's ID, URI or URL.
    dry_run
        Only find the repeats.

    Returns
    -------
    DedupePlan
        The repeats found, and whether they were removed.  Spotify refuses the removal
        if the playlist changed while it was read (nothing is removed then).
    """
    if getattr(spotify, "is_async", False):
        raise TypeError("dedupe_playlist needs a synchronous Spotify client")
    first = spotify.playlist_items(playlist_id, limit=PAGE)
    details = spotify.playlist_fields(playlist_id, "id,snapshot_id")
    uris = []
    for entry in spotify.all_items(first, concurrency=8):
        item = entry.item
        uri = getattr(item, "uri", None)
        uris.append(None if entry.is_local or not isinstance(uri, str) else uri)
    repeats = plan_dedupe(uris)
    if repeats and not dry_run:
        spotify.playlist_tracks_remove_occurrences(
            details["id"], repeats, snapshot_id=details["snapshot_id"]
        )
    return DedupePlan(details["id"], len(uris), repeats, bool(repeats) and not dry_run)


class _Restore:
    def __init__(
        self, spotify: Any, folder: Path, dry_run: bool, dedupe: bool, progress: Progress
    ) -> None:
        self.spotify = spotify
        self.folder = folder
        self.dry_run = dry_run
        self.dedupe = dedupe
        self.progress = progress
        self.report = RestoreReport()
        manifest = read_manifest(folder, must_exist=True)
        assert manifest is not None
        if not manifest.get("complete"):
            raise BackupError(
                f"the backup in {folder} is incomplete: run the backup again to finish it"
            )
        self.manifest = manifest
        self.source = str(manifest["account"]["id"])
        user = spotify.current_user()
        self.target = str(user.id)
        self.path = folder / f"restore-{self.target}.json"
        self.mapping: dict[str, Any] = {
            "version": FORMAT_VERSION,
            "source": self.source,
            "target": self.target,
            "playlists": {},
            "followed": [],
            "saved": {},
            "partial": [],
            "complete": False,
        }
        if self.path.exists():
            found = read_json(self.path)
            if not isinstance(found, dict) or found.get("source") != self.source:
                raise BackupError(f"{self.path} is not this backup's restore mapping")
            self.mapping.update(found)

    def save(self) -> None:
        if not self.dry_run:
            write_json(self.path, self.mapping)

    def step(self, line: str) -> None:
        self.report.plan.append(line)

    # -- playlists ------------------------------------------------------------------------

    def _target_listing(self) -> list[Any]:
        first = self.spotify.followed_playlists(limit=PAGE)
        return [p for p in self.spotify.all_items(first, concurrency=8) if p is not None]

    def playlists(self) -> None:
        listing = self._target_listing()
        existing = {p.id for p in listing}
        mapped = {m.get("target") for m in self.mapping["playlists"].values()}
        to_follow: list[str] = []
        backed = list(iter_playlists(self.folder))
        for n, playlist in enumerate(backed, start=1):
            owner = (playlist.get("owner") or {}).get("id")
            pid = playlist["id"]
            if owner != self.source:
                if pid not in existing and pid not in self.mapping["followed"]:
                    to_follow.append(pid)
            elif self.source == self.target and pid in existing:
                pass  # the same account still has it
            elif playlist.get("entries") is None:
                self.report.skipped.append((f"playlist:{pid}", "its entries were not backed up"))
            else:
                self._recreate(playlist, listing, mapped)
            self.progress("playlists", n, len(backed))
        if to_follow:
            self.step(f"follow {len(to_follow)} playlists of other users")
            if not self.dry_run:
                for start in range(0, len(to_follow), SAVE_BATCH):
                    chunk = to_follow[start : start + SAVE_BATCH]
                    refused = self._write(
                        "followed playlists",
                        lambda c: self.spotify.library_add([f"spotify:playlist:{p}" for p in c]),
                        chunk,
                    )
                    self.mapping["followed"].extend(chunk)
                    self.report.followed += len(chunk) - refused
                    self.save()

    def _recreate(self, playlist: dict[str, Any], listing: list[Any], mapped: set[Any]) -> None:
        pid = playlist["id"]
        name = str(playlist.get("name") or "Untitled")
        uris: list[str] = []
        for entry in playlist["entries"]:
            uri = _uri_of(entry)
            if uri is None:
                self.report.unavailable.append((f'playlist "{name}"', _label(entry)))
            else:
                uris.append(uri)
        if self.dedupe:
            repeated = {position for _, position in plan_dedupe(uris)}
            if repeated:
                self.step(f'leave out {len(repeated)} repeated entries of "{name}"')
            uris = [uri for position, uri in enumerate(uris) if position not in repeated]
        state = self.mapping["playlists"].get(pid, {})
        if state.get("done"):
            return
        # Entries Spotify refused (an item it does not know) in an earlier run.
        rejected = set(state.get("rejected", []))
        todo = [(i, uri) for i, uri in enumerate(uris) if i not in rejected]
        target = state.get("target")
        if target is None and "creating" in state:
            # A run stopped between creating the playlist and recording it: adopt it, the
            # one of that name that neither was there before nor is another's copy.
            before = set(state["creating"])
            target = next(
                (
                    p.id
                    for p in listing
                    if p.name == name
                    and p.owner is not None
                    and p.owner.id == self.target
                    and p.id not in mapped
                    and p.id not in before
                ),
                None,
            )
        if target is None:
            self.step(f'create playlist "{name}" and add {len(todo)} entries')
            if self.dry_run:
                return
            there = [p.id for p in listing if p.name == name]
            self.mapping["playlists"][pid] = {"creating": there}
            self.save()
            public = bool(playlist.get("public"))
            collaborative = bool(playlist.get("collaborative")) and not public
            created = self.spotify.playlist_create(
                name,
                public,
                str(playlist.get("description") or ""),
                collaborative=collaborative,
            )
            target = created.id
            self.report.created += 1
            have = 0
        else:
            have = self.spotify.playlist_items(target, limit=1).total or 0
            if have < len(todo):
                self.step(f'add {len(todo) - have} entries to playlist "{name}"')
        mapped.add(target)
        if self.dry_run:
            return
        # Recorded after each request; a run stopped before a record adopts the playlist
        # (above) and counts what it holds, so nothing is created or added twice.
        record = {"target": target, "added": have, "done": False, "rejected": sorted(rejected)}

        def keep() -> None:
            self.mapping["playlists"][pid] = record
            self.save()

        remaining = todo[have:]
        for start in range(0, len(remaining), ADD_BATCH):
            chunk = remaining[start : start + ADD_BATCH]
            try:
                self.spotify.playlist_add(target, [uri for _, uri in chunk])
            except (BadRequest, NotFound):
                # An item Spotify does not know: one at a time, in order, the rest added.
                for i, uri in chunk:
                    try:
                        self.spotify.playlist_add(target, [uri])
                    except (BadRequest, NotFound) as error:
                        rejected.add(i)
                        record["rejected"] = sorted(rejected)
                        self.report.unavailable.append((f'playlist "{name}"', _refused(uri, error)))
                    else:
                        record["added"] += 1
                        self.report.added += 1
                    keep()
                continue
            record["added"] += len(chunk)
            self.report.added += len(chunk)
            keep()
        record["done"] = True
        keep()

    # -- the library ----------------------------------------------------------------------

    def _write(self, what: str, call: Callable[[list[str]], object], chunk: list[str]) -> int:
        """Save (or follow) ``chunk``; the items Spotify does not know are reported and
        the rest saved one at a time.  Returns how many were refused."""
        try:
            call(chunk)
        except (BadRequest, NotFound):
            return self._singly(what, call, chunk)
        except PartialWriteError as error:
            if isinstance(error.error, (BadRequest, NotFound)):
                return self._singly(what, call, list(error.pending))
            self.mapping["partial"].append(
                {
                    "what": what,
                    "applied": len(error.applied),
                    "pending": len(error.pending),
                    "error": _reason(error.error),
                }
            )
            self.mapping["saved"][what] = self.mapping["saved"].get(what, 0) + len(error.applied)
            self.save()
            raise
        return 0

    def _singly(self, what: str, call: Callable[[list[str]], object], items: list[str]) -> int:
        refused = 0
        for item in items:
            try:
                call([item])
            except (BadRequest, NotFound) as error:
                refused += 1
                self.report.unavailable.append((what, _refused(item, error)))
        return refused

    def saved(self, what: str, ids: list[str], call: Callable[[list[str]], object]) -> None:
        done = int(self.mapping["saved"].get(what, 0))
        if done >= len(ids):
            return
        self.step(f"save {len(ids) - done} {what.replace('_', ' ')}")
        if self.dry_run:
            return
        for start in range(done, len(ids), SAVE_BATCH):
            chunk = ids[start : start + SAVE_BATCH]
            try:
                refused = self._write(what, call, chunk)
            except Forbidden as error:
                self.report.skipped.append((what, _reason(error)))
                return
            self.report.saved += len(chunk) - refused
            self.mapping["saved"][what] = start + len(chunk)
            self.save()
            self.progress(what, start + len(chunk), len(ids))

    def library(self) -> None:
        kept = self.manifest.get("collections", {})
        for what in (*COLLECTIONS, "artists"):
            info = kept.get(what) or {}
            if not info.get("file"):
                if info.get("skipped"):
                    self.report.skipped.append((what, "not in the backup: " + info["skipped"]))
                continue
            items = read_json(self.folder / info["file"])["items"]
            uris: list[str] = []
            # Oldest first, so the target lists them newest first as the source did.
            for entry in reversed(items):
                uri = _uri_of(entry)
                if uri is None:
                    self.report.unavailable.append((what, _label(entry)))
                else:
                    uris.append(uri)
            # Artists too: /me/library follows them, in development mode as well (the
            # deprecated /me/following needs extended quota).
            self.saved(what, uris, lambda c: self.spotify.library_add(c))


def restore(
    spotify: Spotify[Sync],
    folder: str | Path,
    *,
    dry_run: bool = False,
    dedupe: bool = False,
    progress: Progress | None = None,
) -> RestoreReport:
    """Restore the backup in ``folder`` into the account of ``spotify``'s user.

    Playlists the backed-up account owned are created again (name, description,
    visibility, collaboration, entries in order); playlists of other users it followed
    are followed; saved tracks, albums, shows, episodes and audiobooks are saved oldest
    first, so the account lists them in the same order; artists are followed.  What was
    done is recorded in ``restore-<account>.json`` in ``folder`` after every step: a
    second run, or a run after a failure, adds nothing twice and finishes what is missing.

    Parameters
    ----------
    spotify
        A synchronous :class:`~spotipy.Spotify` acting for the target user, with the
        scopes ``playlist-modify-public``, ``playlist-modify-private``,
        ``playlist-read-private``, ``user-library-modify`` and ``user-follow-modify``.
    folder
        A backup made by :func:`~spotipy.backup.backup`.
    dry_run
        Only plan: read, write nothing (:attr:`RestoreReport.plan` says what would be done).
    dedupe
        Leave out repeated entries of a playlist (each item's first occurrence is kept).
    progress
        Called as ``progress(what, done, total)``.

    Returns
    -------
    RestoreReport
        What was (or would be) done, and what could not be.

    Raises
    ------
    BackupError
        For a folder that holds no backup, or a backup of a newer format version.
    PartialWriteError
        When a write failed midway; what it applied is recorded, the next run goes on.
    """
    if getattr(spotify, "is_async", False):
        raise TypeError("restore needs a synchronous Spotify client")
    run = _Restore(spotify, Path(folder), dry_run, dedupe, progress or _no_progress)
    run.playlists()
    run.library()
    run.mapping["complete"] = True
    run.save()
    return run.report


def restorable_uris(entries: Iterable[dict[str, Any]]) -> list[str]:
    """The URIs of the entries that can be restored, in order."""
    return [uri for uri in (_uri_of(e) for e in entries) if uri is not None]
