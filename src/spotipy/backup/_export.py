"""Exports of a backup: CSV (Exportify's columns), M3U and XSPF playlists."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Final, Literal

from spotipy.backup._backup import iter_playlists
from spotipy.backup._layout import read_json, read_manifest
from spotipy.util._csv import csv_cell
from spotipy.util._files import atomic_write_text, file_errors, locked

__all__ = ["CSV_COLUMNS", "ExportFormat", "export"]

ExportFormat = Literal["csv", "m3u", "xspf"]
#: The columns of a CSV export, named as Exportify names them.
CSV_COLUMNS: Final = (
    "Track URI",
    "Track Name",
    "Artist URI(s)",
    "Artist Name(s)",
    "Album URI",
    "Album Name",
    "Album Release Date",
    "Disc Number",
    "Track Number",
    "Track Duration (ms)",
    "Explicit",
    "ISRC",
    "Added By",
    "Added At",
)


def _names(refs: Any, key: str) -> str:
    return ", ".join(str(r.get(key) or "") for r in refs or () if isinstance(r, dict))


def _row(entry: dict[str, Any], raw: bool) -> list[object]:
    item = entry.get("item") or {}
    album = item.get("album") or item.get("show") or {}
    isrc = (item.get("external_ids") or {}).get("isrc")
    values = [
        item.get("uri"),
        item.get("name"),
        _names(item.get("artists"), "uri"),
        _names(item.get("artists"), "name") or album.get("publisher"),
        album.get("uri"),
        album.get("name"),
        album.get("release_date") or item.get("release_date"),
        item.get("disc_number"),
        item.get("track_number"),
        item.get("duration_ms"),
        item.get("explicit"),
        isrc,
        entry.get("added_by"),
        entry.get("added_at"),
    ]
    return [
        csv_cell("" if v is None else str(v).lower() if isinstance(v, bool) else str(v), raw=raw)
        for v in values
    ]


def _csv(title: str, entries: Iterable[dict[str, Any]], raw: bool = False) -> str:
    out = io.StringIO()
    write = csv.writer(out, lineterminator="\n")
    write.writerow(CSV_COLUMNS)
    write.writerows(_row(e, raw) for e in entries)
    return out.getvalue()


def _line(text: object) -> str:
    # One line of a playlist file: no line breaks may come from a name.
    return " ".join(str(text or "").split())


def _m3u(title: str, entries: Iterable[dict[str, Any]]) -> str:
    lines = ["#EXTM3U", f"#PLAYLIST:{_line(title)}"]
    for entry in entries:
        item = entry.get("item") or {}
        if not item.get("uri"):
            continue
        seconds = round(item["duration_ms"] / 1000) if item.get("duration_ms") else -1
        who = _names(item.get("artists"), "name") or (item.get("show") or {}).get("name")
        label = f"{who} - {item.get('name')}" if who else item.get("name")
        lines += [f"#EXTINF:{seconds},{_line(label)}", _line(item["uri"])]
    return "\n".join(lines) + "\n"


def _xspf(title: str, entries: Iterable[dict[str, Any]]) -> str:
    ns = "http://xspf.org/ns/0/"
    root = ET.Element("playlist", {"version": "1", "xmlns": ns})
    ET.SubElement(root, "title").text = title
    tracks = ET.SubElement(root, "trackList")
    for entry in entries:
        item = entry.get("item") or {}
        if not item.get("uri"):
            continue
        track = ET.SubElement(tracks, "track")
        ET.SubElement(track, "location").text = item["uri"]
        ET.SubElement(track, "identifier").text = item["uri"]
        ET.SubElement(track, "title").text = str(item.get("name") or "")
        creator = _names(item.get("artists"), "name") or (item.get("show") or {}).get("name")
        if creator:
            ET.SubElement(track, "creator").text = creator
        album = (item.get("album") or {}).get("name")
        if album:
            ET.SubElement(track, "album").text = album
        if item.get("duration_ms"):
            ET.SubElement(track, "duration").text = str(item["duration_ms"])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


_WRITERS: Final[dict[str, tuple[str, Callable[[str, Iterable[dict[str, Any]]], str]]]] = {
    "csv": ("csv", _csv),
    "m3u": ("m3u8", _m3u),
    "xspf": ("xspf", _xspf),
}


def _file_name(title: str, ident: str, suffix: str) -> str:
    safe = re.sub(r"[^\w.\- ]+", "_", title).strip(" .")[:80] or "playlist"
    return f"{safe} ({ident}).{suffix}"


def export(
    folder: str | Path,
    fmt: ExportFormat,
    output: str | Path | None = None,
    *,
    raw_csv: bool = False,
) -> list[Path]:
    """Export every playlist of a backup, and its liked songs, one file each.

    Parameters
    ----------
    folder
        A backup made by :func:`~spotipy.backup.backup`.
    fmt
        ``"csv"`` (one row per entry, Exportify's column names), ``"m3u"`` (extended
        M3U, UTF-8, Spotify URIs as locations) or ``"xspf"``.
    output
        The directory to write into; default ``<folder>/export-<fmt>``.
    raw_csv
        Write CSV cells exactly as they are: by default a cell starting with ``=``,
        ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, so that a
        spreadsheet shows it as text instead of running it as a formula.

    Returns
    -------
    list of Path
        The files written (mode 0600, each written whole or not at all).

    Raises
    ------
    BackupError
        For a folder that holds no backup, or a backup of a newer format version.
    FileError
        When a file cannot be read or written (it names the file, never a temporary one).
    """
    if fmt not in _WRITERS:
        raise ValueError(f"format must be one of {', '.join(_WRITERS)}, not {fmt!r}")
    source = Path(folder)
    manifest = read_manifest(source, must_exist=True)
    assert manifest is not None
    target = Path(output) if output is not None else source / f"export-{fmt}"
    with file_errors(target, "create"):
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
    suffix, render = _WRITERS[fmt]
    written: list[Path] = []

    def write(title: str, ident: str, entries: list[dict[str, Any]]) -> None:
        path = target / _file_name(title, ident, suffix)
        text = _csv(title, entries, raw_csv) if fmt == "csv" else render(title, entries)
        with file_errors(path, "write"), locked(path):
            atomic_write_text(path, text)
        written.append(path)

    for playlist in iter_playlists(source):
        if playlist.get("entries") is not None:
            write(str(playlist.get("name") or "playlist"), playlist["id"], playlist["entries"])
    liked = manifest.get("collections", {}).get("liked_songs", {})
    if liked.get("file"):
        write("Liked Songs", "liked", read_json(source / liked["file"])["items"])
    return written
