"""Backing up a library: what changed since the last run is read, the rest kept."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeAlias

from spotipy.backup._layout import (
    COLLECTIONS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    canonical,
    check_folder,
    entry_record,
    pages,
    read_manifest,
    saved_record,
    write_json,
)
from spotipy.client import Spotify, Sync
from spotipy.errors import Forbidden, NotFound, SpotipyError
from spotipy.util._files import file_errors

__all__ = ["PAGE", "BackupReport", "Progress", "backup"]

#: Items asked for per page (the most Spotify serves for these listings).
PAGE: Final = 50
#: ``progress(what, done, total)``: ``done`` of ``total`` items of ``what`` taken.
Progress: TypeAlias = Callable[[str, int, "int | None"], None]


@dataclass
class BackupReport:
    """What one run of :func:`backup` did.

    Attributes
    ----------
    folder
        The backup directory.
    account
        The ID of the account backed up.
    taken
        What was read in this run (``"playlist:<id>"``, ``"liked_songs"`` ...).
    unchanged
        What was kept from the last run, unchanged on Spotify.
    skipped
        ``(what, reason)`` for what Spotify refused or no longer has.
    requests
        Pages read in this run (one request each; retries by the sender not counted).
    requests_saved
        Pages a full backup would have read and this run did not.
    rate_limit_waits
        Waits the bulk paging made after a 429 (the sender's own retries not counted).
    waited
        Seconds of those waits.
    names
        The name of each playlist listed, by its ``"playlist:<id>"``.
    """

    folder: Path
    account: str
    taken: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    requests: int = 0
    requests_saved: int = 0
    rate_limit_waits: int = 0
    waited: float = 0.0
    names: dict[str, str] = field(default_factory=dict)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _reason(error: SpotipyError) -> str:
    status = getattr(error, "status", None)
    text = " ".join(str(error).split())[:200]
    name = type(error).__name__
    return f"{name} ({status}): {text}" if status else f"{name}: {text}"


def _playlist_meta(p: Any) -> dict[str, Any]:
    owner = p.owner
    images = p.images or []
    ref = p.items if p.items is not None else p.tracks
    return {
        "id": p.id,
        "uri": p.uri,
        "name": p.name,
        "description": p.description,
        "public": p.public,
        "collaborative": p.collaborative,
        "owner": {"id": owner.id, "display_name": owner.display_name} if owner else None,
        "snapshot_id": p.snapshot_id,
        "image_url": images[0].url if images else None,
        "total": ref.total if ref is not None else None,
    }


class _Run:
    """One backup run: the manifest as it stands, written after each step."""

    def __init__(self, spotify: Any, folder: Path, concurrency: int, progress: Progress) -> None:
        self.spotify = spotify
        self.folder = folder
        self.concurrency = concurrency
        self.progress = progress
        self.manifest: dict[str, Any] = {}
        self.report = BackupReport(folder, "")
        self._lock = threading.Lock()
        self._stop = threading.Event()  # set when the run ends early: readers stop

    def _pages(self, first: Any) -> Any:
        """``first`` and the pages after it, by the client's adaptive bulk paging."""
        return self.spotify.all_pages(first, concurrency=self.concurrency, sleep=self._wait)

    def _wait(self, seconds: float) -> None:
        """A wait the bulk paging asks for after a 429: counted, then waited.

        (A sender below the client can watch every 429 as it arrives, its own retries'
        included: the command line shows them so.)
        """
        with self._lock:
            self.report.rate_limit_waits += 1
            self.report.waited += seconds
        time.sleep(seconds)

    # -- the manifest ---------------------------------------------------------------------

    def save_manifest(self) -> None:
        skipped = [
            {"what": f"playlist:{pid}", "name": p.get("name"), "reason": p["skipped"]}
            for pid, p in self.manifest["playlists"].items()
            if p.get("skipped")
        ]
        skipped += [
            {"what": name, "name": None, "reason": c["skipped"]}
            for name, c in self.manifest["collections"].items()
            if c.get("skipped")
        ]
        self.manifest["skipped"] = skipped
        write_json(self.folder / MANIFEST, self.manifest)

    def start(self) -> None:
        check_folder(self.folder)
        old = read_manifest(self.folder, must_exist=False)
        user = self.spotify.current_user()
        self.report.requests += 1
        self.report.account = user.id
        if old is not None and old.get("account", {}).get("id") != user.id:
            raise BackupError(
                f"{self.folder} holds the backup of account {old['account'].get('id')!r},"
                f" not of {user.id!r}: choose another directory"
            )
        with file_errors(self.folder, "create"):
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "account": {"id": user.id, "display_name": user.display_name},
            "quota": self.spotify.quota or "unknown",
            "started_at": _now(),
            "finished_at": None,
            "complete": False,
            "profile": "profile.json",
            "collections": dict(old.get("collections", {})) if old else {},
            "playlists": dict(old.get("playlists", {})) if old else {},
            "skipped": [],
        }
        # The manifest first: a run killed after it finds a backup to continue.
        self.save_manifest()
        with file_errors(self.folder / "playlists", "create"):
            (self.folder / "playlists").mkdir(mode=0o700, exist_ok=True)
        write_json(self.folder / "profile.json", canonical_profile(user))

    # -- playlists ------------------------------------------------------------------------

    def listing(self) -> list[dict[str, Any]]:
        first = self.spotify.followed_playlists(limit=PAGE)
        found: list[dict[str, Any]] = []
        for page in self._pages(first):
            self.report.requests += 1
            found.extend(_playlist_meta(p) for p in page.items if p is not None)
            self.progress("playlists listed", len(found), first.total)
        self.report.names.update((f"playlist:{p['id']}", str(p["name"] or "")) for p in found)
        write_json(self.folder / "playlists.json", found)
        return found

    def _kept(self, meta: dict[str, Any]) -> bool:
        old = self.manifest["playlists"].get(meta["id"])
        if old is None or old.get("snapshot_id") != meta["snapshot_id"]:
            return False
        if old.get("skipped"):
            return True
        return bool(old.get("file")) and (self.folder / old["file"]).is_file()

    def _fetch(self, meta: dict[str, Any]) -> tuple[list[dict[str, Any]] | None, int, str]:
        """A playlist's entries and the pages read, or ``None`` and the refusal."""
        read = 0
        try:
            first = self.spotify.playlist_items(meta["id"], limit=PAGE)
            read = 1
            entries: list[dict[str, Any]] = []
            for n, page in enumerate(self._pages(first)):
                if self._stop.is_set():  # the run ended: what was read is dropped
                    return None, read, "stopped"
                read += n > 0
                entries.extend(entry_record(e) for e in page.items)
        except (Forbidden, NotFound) as error:
            return None, read, _reason(error)
        return entries, read, ""

    def playlists(self, listed: list[dict[str, Any]], workers: int) -> None:
        kept = self.manifest["playlists"]
        todo = []
        for meta in listed:
            if self._kept(meta):
                refusal = kept[meta["id"]].get("skipped")
                if refusal:  # refused before, and unchanged since: not asked again
                    self.report.skipped.append((f"playlist:{meta['id']}", refusal))
                else:
                    self.report.unchanged.append(f"playlist:{meta['id']}")
                self.report.requests_saved += pages(meta["total"] or 0, PAGE)
            else:
                todo.append(meta)
        listed_ids = {meta["id"] for meta in listed}
        for gone in [pid for pid in kept if pid not in listed_ids]:
            entry = kept.pop(gone)
            if entry.get("file"):
                with contextlib.suppress(FileNotFoundError):
                    (self.folder / entry["file"]).unlink()
        self.save_manifest()
        done = len(listed) - len(todo)
        self.progress("playlists", done, len(listed))
        # The readers only read; every file is written here, in the caller's thread, so
        # an interrupt (raised in this thread) never finds a reader writing.
        pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="spotipy-backup")
        waits = True
        try:
            results = pool.map(self._fetch, todo)
            for meta, (entries, read, refusal) in zip(todo, results, strict=True):
                self.report.requests += read
                self._record(meta, entries, refusal)
                done += 1
                self.progress("playlists", done, len(listed))
        except BaseException as error:
            # An interrupt (Ctrl-C, a signal) does not wait for the requests under way:
            # the readers stop after them and what they read is dropped.
            waits = isinstance(error, Exception)
            raise
        finally:
            self._stop.set()
            pool.shutdown(wait=waits, cancel_futures=True)

    def _record(
        self, meta: dict[str, Any], entries: list[dict[str, Any]] | None, refusal: str
    ) -> None:
        pid = meta["id"]
        what = f"playlist:{pid}"
        if entries is None:
            self.manifest["playlists"][pid] = {
                "snapshot_id": meta["snapshot_id"],
                "name": meta["name"],
                "file": None,
                "skipped": refusal,
            }
            self.report.skipped.append((what, refusal))
        else:
            name = f"playlists/{pid}.json"
            write_json(self.folder / name, {**meta, "total": len(entries), "entries": entries})
            self.manifest["playlists"][pid] = {
                "snapshot_id": meta["snapshot_id"],
                "name": meta["name"],
                "file": name,
                "count": len(entries),
                "taken_at": _now(),
            }
            self.report.taken.append(what)
        self.save_manifest()

    # -- saved collections ----------------------------------------------------------------

    def collection(self, name: str, file: str, key: str, first_call: Callable[[], Any]) -> None:
        old = self.manifest["collections"].get(name)
        try:
            first = first_call()
        except Forbidden as error:
            refusal = _reason(error)
            self.manifest["collections"][name] = {"file": None, "skipped": refusal}
            self.report.skipped.append((name, refusal))
            self.report.requests += 1
            self.save_manifest()
            return
        self.report.requests += 1
        total = getattr(first, "total", None)
        signature = _signature(first, key)
        if (
            old is not None
            and old.get("signature") == signature
            and old.get("file")
            and (self.folder / old["file"]).is_file()
        ):
            self.report.unchanged.append(name)
            self.report.requests_saved += pages(total or len(first.items), PAGE) - 1
            self.progress(name, old.get("count", 0), old.get("count", 0))
            return
        items: list[dict[str, Any]] = []
        for n, page in enumerate(self._pages(first)):
            self.report.requests += n > 0
            if key == "artist":
                items.extend({"item": canonical(a)} for a in page.items)
            else:
                items.extend(saved_record(e, key) for e in page.items)
            self.progress(name, len(items), total)
        write_json(self.folder / file, {"total": len(items), "items": items})
        self.manifest["collections"][name] = {
            "file": file,
            "count": len(items),
            "signature": signature,
            "taken_at": _now(),
        }
        self.report.taken.append(name)
        self.save_manifest()

    def collections(self) -> None:
        s = self.spotify
        calls: dict[str, Callable[[], Any]] = {
            "liked_songs": lambda: s.saved_tracks(limit=PAGE),
            "albums": lambda: s.saved_albums(limit=PAGE),
            "shows": lambda: s.saved_shows(limit=PAGE),
            "episodes": lambda: s.saved_episodes(limit=PAGE),
            "audiobooks": lambda: s.saved_audiobooks(limit=PAGE),
        }
        for name, (file, key) in COLLECTIONS.items():
            self.collection(name, file, key, calls[name])
        self.collection("artists", "artists.json", "artist", lambda: s.followed_artists(limit=PAGE))

    def finish(self) -> None:
        self.manifest["finished_at"] = _now()
        self.manifest["complete"] = True
        self.manifest["last_run"] = {
            "taken": len(self.report.taken),
            "unchanged": len(self.report.unchanged),
            "skipped": len(self.report.skipped),
            "requests": self.report.requests,
            "requests_saved": self.report.requests_saved,
        }
        self.save_manifest()


def _signature(first: Any, key: str) -> dict[str, Any]:
    """What the first page tells of a collection: its total and its first items."""
    heads = []
    for entry in first.items[:PAGE]:
        item = entry if key == "artist" else getattr(entry, key, None)
        added = None if key == "artist" else entry.added_at
        heads.append([str(added) if added is not None else None, getattr(item, "id", None)])
    return {"total": getattr(first, "total", None), "first": heads}


def canonical_profile(user: Any) -> dict[str, Any]:
    """The profile as kept: identity, names, country and product (no e-mail address)."""
    images = user.images or []
    return {
        "id": user.id,
        "uri": user.uri,
        "display_name": user.display_name,
        "country": user.country,
        "product": user.product,
        "image_url": images[0].url if images else None,
    }


def _no_progress(what: str, done: int, total: int | None) -> None:
    return None


def backup(
    spotify: Spotify[Sync],
    folder: str | Path,
    *,
    concurrency: int = 8,
    workers: int = 4,
    progress: Progress | None = None,
) -> BackupReport:
    """Back up the library of ``spotify``'s user into ``folder``, or bring a backup there
    up to date.

    Playlists whose ``snapshot_id`` did not change, and saved collections whose first
    page did not change, are kept from the last run; the rest is read again.  A run that
    was stopped (even killed) continues where it stopped.  What Spotify refuses (the items
    of another user's playlist in development mode, a missing scope) is skipped and
    recorded in the manifest with the reason.

    Parameters
    ----------
    spotify
        A synchronous :class:`~spotipy.Spotify` acting for the user, with the scopes
        ``playlist-read-private``, ``playlist-read-collaborative``, ``user-library-read``
        and ``user-follow-read``.  Its sender (retries, rate limit, cache) is used.
    folder
        The backup directory: new, empty, or an earlier backup of the same account.
    concurrency
        Pages of one listing read at once, by the client's adaptive bulk paging (1 to 32).
    workers
        Playlists read at once (1 to 16).
    progress
        Called as ``progress(what, done, total)`` as items are taken.

    Returns
    -------
    BackupReport
        What was taken, kept and skipped, and the requests made and saved.

    Raises
    ------
    ValueError
        For a senseless ``concurrency`` or ``workers``, before any request.
    TypeError
        For an asynchronous client.
    BackupError
        For a folder that is a file, holds other files, holds another account's backup
        or a backup of a newer format version.
    SpotipyError
        For an error of Spotify or of the network that retries did not cure; the next
        run continues from there.
    """
    if getattr(spotify, "is_async", False):
        raise TypeError("backup needs a synchronous Spotify client")
    for name, value, most in (("concurrency", concurrency, 32), ("workers", workers, 16)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
            raise ValueError(f"{name} must be an int from 1 to {most}, not {value!r}")
    run = _Run(spotify, Path(folder), concurrency, progress or _no_progress)
    run.start()
    run.playlists(run.listing(), workers)
    run.collections()
    run.finish()
    return run.report


def iter_playlists(folder: Path) -> Iterator[dict[str, Any]]:
    """The playlists of a backup (with their entries), in the order Spotify listed them;
    those whose entries were not taken come with ``entries`` set to ``None``."""
    from spotipy.backup._layout import read_json

    manifest = read_manifest(folder, must_exist=True)
    assert manifest is not None
    listed = read_json(folder / "playlists.json")
    for meta in listed:
        kept = manifest["playlists"].get(meta["id"], {})
        file = kept.get("file")
        if file and (folder / file).is_file():
            yield read_json(folder / file)
        else:
            yield {**meta, "entries": None}
