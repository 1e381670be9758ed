"""Backup and restore of a whole Spotify library, and exports of a backup.

Built on the public client only: :class:`~spotipy.Spotify` methods, bulk paging
(:meth:`~spotipy.Spotify.all_pages` with ``concurrency``) and :mod:`spotipy.errors`::

    from spotipy.backup import backup, restore, export

    report = backup(spotify, "my-library")       # again later: only what changed is read
    restore(other_account, "my-library")          # a rerun adds nothing twice
    export("my-library", "csv")                   # one CSV per playlist, Exportify's columns

The layout of the directory is documented in ``docs/backup-api.md`` (format version
:data:`FORMAT_VERSION`).  The operations take a synchronous client; an asynchronous
variant is not provided (the work is bound by Spotify's rate limit, which the bulk
paging's concurrency already uses).
"""

from __future__ import annotations

from spotipy.backup._backup import BackupReport, Progress, backup
from spotipy.backup._export import CSV_COLUMNS, ExportFormat, export
from spotipy.backup._layout import FORMAT, FORMAT_VERSION, BackupError
from spotipy.backup._restore import (
    DedupePlan,
    RestoreReport,
    dedupe_playlist,
    plan_dedupe,
    restore,
)

__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "FORMAT_VERSION",
    "BackupError",
    "BackupReport",
    "DedupePlan",
    "ExportFormat",
    "Progress",
    "RestoreReport",
    "backup",
    "dedupe_playlist",
    "export",
    "plan_dedupe",
    "restore",
]
