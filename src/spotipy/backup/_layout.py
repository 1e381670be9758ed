"""The backup's files: names, the manifest, atomic JSON writes and the canonical entries.

A backup directory holds (format version :data:`FORMAT_VERSION`)::

    manifest.json            what was taken, when, from which account, what was skipped
    profile.json             the user's profile
    playlists.json           the user's playlists as listed, in Spotify's order
    playlists/<id>.json      one playlist: its details and every entry, in order
    liked_songs.json         saved tracks, most recently saved first
    albums.json shows.json episodes.json audiobooks.json
    artists.json             followed artists
    restore-<account>.json   a restore's mapping of source to target IDs (restore only)

Every file is written whole to a temporary file and renamed over the old one, readable
by its owner only (0600): a file is there whole or not at all.  The manifest is written
after the files it names, so it never names a file that is not whole.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import msgspec

from spotipy.errors import SpotipyError
from spotipy.serialise import to_builtins
from spotipy.util._files import atomic_write_text, file_errors, locked

__all__ = [
    "COLLECTIONS",
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "BackupError",
    "canonical",
    "entry_record",
    "read_json",
    "read_manifest",
    "saved_record",
    "write_json",
]

#: The name of the layout, in every manifest.
FORMAT: Final = "spotipy-backup"
#: The layout's version; a backup with a higher one is refused.
FORMAT_VERSION: Final = 1
MANIFEST: Final = "manifest.json"
#: The saved collections: name -> (file, key of the item in a saved entry).
COLLECTIONS: Final[dict[str, tuple[str, str]]] = {
    "liked_songs": ("liked_songs.json", "track"),
    "albums": ("albums.json", "album"),
    "shows": ("shows.json", "show"),
    "episodes": ("episodes.json", "episode"),
    "audiobooks": ("audiobooks.json", "audiobook"),
}


class BackupError(SpotipyError):
    """A backup directory that cannot be used: not a backup, another account's, from a
    newer version of this layout, or a file that does not read back."""


def write_json(path: Path, value: object) -> None:
    """Write ``value`` as JSON to ``path`` atomically, mode 0600.

    Raises
    ------
    FileError
        When it cannot be written (naming ``path``, never the temporary file).
    """
    text = msgspec.json.format(msgspec.json.encode(value), indent=1).decode("utf-8") + "\n"
    with file_errors(path, "write"), locked(path):
        atomic_write_text(path, text)


def read_json(path: Path) -> Any:
    """The JSON of ``path``.

    Raises
    ------
    BackupError
        When the file is not JSON (it was not written by this layout).
    FileError
        When it cannot be read.
    """
    with file_errors(path, "read"):
        text = path.read_bytes()
    try:
        return json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path} is not a backup file: {error}") from None


def read_manifest(folder: Path, *, must_exist: bool) -> dict[str, Any] | None:
    """The manifest of ``folder``, checked; ``None`` when there is none yet.

    Raises
    ------
    BackupError
        When ``folder`` is a file, holds no manifest (with ``must_exist``), or holds a
        manifest of another format or of a newer version.
    """
    if folder.exists() and not folder.is_dir():
        raise BackupError(f"{folder} is not a directory")
    path = folder / MANIFEST
    if not path.exists():
        if must_exist:
            raise BackupError(f"{folder} holds no backup (no {MANIFEST})")
        return None
    found = read_json(path)
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise BackupError(f"{path} is not a spotipy backup manifest")
    version = found.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"{folder} holds a backup of format version {version}; this spotipy reads"
            f" versions up to {FORMAT_VERSION}: upgrade spotipy"
        )
    return found


def check_folder(folder: Path) -> None:
    """Refuse a path that exists and is not a directory, or a non-empty directory that is
    not a backup (so a backup never scatters its files among someone else's)."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a directory")
    with file_errors(folder, "read"):
        names = [] if (folder / MANIFEST).exists() else os.listdir(folder)
    if any(not name.startswith(".") for name in names):
        raise BackupError(f"{folder} is neither empty nor a backup: choose another directory")


# -- canonical items -----------------------------------------------------------------------

#: Fields of an item kept as they are.
_KEEP: Final = (
    "type",
    "id",
    "uri",
    "name",
    "is_local",
    "is_playable",
    "duration_ms",
    "explicit",
    "track_number",
    "disc_number",
    "external_ids",
    "album_type",
    "release_date",
    "release_date_precision",
    "total_tracks",
    "publisher",
    "media_type",
    "total_episodes",
    "total_chapters",
    "genres",
)
#: Nested objects kept as references: field -> fields of the reference.
_REFS: Final[dict[str, tuple[str, ...]]] = {
    "album": ("type", "id", "uri", "name", "album_type", "release_date"),
    "show": ("type", "id", "uri", "name", "publisher"),
    "audiobook": ("type", "id", "uri", "name"),
}
_REF_LISTS: Final[dict[str, tuple[str, ...]]] = {
    "artists": ("id", "uri", "name"),
    "authors": ("name",),
    "narrators": ("name",),
}


def _pick(source: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: source[name] for name in names if source.get(name) is not None}


def canonical(item: object) -> dict[str, Any] | None:
    """The canonical form of an item (track, episode, album, show, audiobook, artist):
    its identity, names and external IDs, without what changes by the hour (popularity,
    markets, preview links); ``None`` for no item."""
    if item is None:
        return None
    found = to_builtins(item)
    if not isinstance(found, dict):
        return None
    result = _pick(found, _KEEP)
    for name, fields in _REFS.items():
        value = found.get(name)
        if isinstance(value, dict):
            result[name] = _pick(value, fields)
    for name, fields in _REF_LISTS.items():
        value = found.get(name)
        if isinstance(value, list):
            result[name] = [_pick(v, fields) for v in value if isinstance(v, dict)]
    images = found.get("images")
    if isinstance(images, list) and images and isinstance(images[0], dict):
        result["image_url"] = images[0].get("url")
    return result


def _when(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return str(to_builtins(value))
    return str(value)


def entry_record(entry: Any) -> dict[str, Any]:
    """A playlist entry (:class:`~spotipy.model.PlaylistTrack`) in canonical form."""
    added_by = entry.added_by.id if entry.added_by is not None else None
    return {
        "added_at": _when(entry.added_at),
        "added_by": added_by,
        "is_local": bool(entry.is_local),
        "item": canonical(entry.item),
    }


def saved_record(entry: Any, key: str) -> dict[str, Any]:
    """A saved item (``SavedTrack`` ...) in canonical form: when, and the item."""
    return {"added_at": _when(entry.added_at), "item": canonical(getattr(entry, key, None))}


def pages(total: int, limit: int) -> int:
    """Requests needed to read ``total`` items ``limit`` at a time (at least one)."""
    return max(1, math.ceil(total / limit))
