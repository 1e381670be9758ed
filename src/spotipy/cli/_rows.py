"""Export rows: one per playlist or library item, written and read as CSV or JSON.

A row has the fields of :data:`FIELDS`: ``position`` (from 0, as Spotify counts),
``name``, ``artists`` (joined with ``", "``; an episode's publisher), ``album`` (an
episode's show), ``uri`` and ``added_at`` (ISO 8601, UTC).  A local file gives what its
metadata says and its ``spotify:local:`` URI; an unavailable item (Spotify sends none)
gives a row with only its position and ``added_at``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Final, Literal

from spotipy.cli._settings import CliError
from spotipy.convert import from_uri
from spotipy.errors import ConversionError
from spotipy.model import FullEpisode, FullTrack, LocalTrack, PlaylistItem, UnknownItem

__all__ = [
    "FIELDS",
    "Format",
    "ImportPlan",
    "choose_format",
    "read_uris",
    "row_for",
    "writer",
]

FIELDS: Final = ("position", "name", "artists", "album", "uri", "added_at")
Format = Literal["csv", "json"]
Row = dict[str, object]


def _names(objects: Iterable[Any] | None) -> str:
    return ", ".join(o.name for o in objects or () if getattr(o, "name", None))


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def row_for(position: int, item: PlaylistItem | None, added_at: datetime | None) -> Row:
    """The export row of one item; never fails, whatever the item is."""
    name = artists = album = uri = ""
    if isinstance(item, FullTrack):
        name, uri = item.name, item.uri
        artists = _names(item.artists)
        album = item.album.name if item.album is not None else ""
    elif isinstance(item, FullEpisode):
        name, uri = item.name, item.uri
        if item.show is not None:
            artists, album = item.show.publisher or "", item.show.name
    elif isinstance(item, LocalTrack):
        name, uri = item.name or "", item.uri or ""
        artists = _names(item.artists)
        album = (item.album.name or "") if item.album is not None else ""
    elif isinstance(item, UnknownItem):
        name, uri = item.name or "", item.uri or ""
    return {
        "position": position,
        "name": name,
        "artists": artists,
        "album": album,
        "uri": uri,
        "added_at": _when(added_at),
    }


def choose_format(chosen: str | None, path: str | None) -> Format:
    """The format asked for, else the one the file's extension names, else CSV."""
    if chosen == "json" or (chosen is None and path is not None and path.endswith(".json")):
        return "json"
    return "csv"


class _Writer:
    """Writes rows as they come (CSV) or at the end (JSON)."""

    def __init__(self, stream: IO[str], kind: Format) -> None:
        self.stream = stream
        self.kind = kind
        self.count = 0
        self._rows: list[Row] = []
        self._csv: Any = None
        if kind == "csv":
            self._csv = csv.DictWriter(stream, FIELDS, lineterminator="\n")
            self._csv.writeheader()

    def write(self, row: Row) -> None:
        self.count += 1
        if self._csv is not None:
            self._csv.writerow(row)
        else:
            self._rows.append(row)

    def finish(self) -> None:
        if self.kind == "json":
            json.dump(self._rows, self.stream, ensure_ascii=False, indent=2)
            self.stream.write("\n")
        self.stream.flush()


@contextlib.contextmanager
def writer(output: str | None, kind: Format, stdout: IO[str]) -> Iterator[_Writer]:
    """Write rows to ``stdout`` (``output`` ``None`` or ``"-"``) or to a file.

    A file is written to a temporary file beside it and renamed when every row is
    written, so a failed export never leaves half a file (nor replaces a good one).
    """
    if output is None or output == "-":
        rows = _Writer(stdout, kind)
        yield rows
        rows.finish()
        return
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            rows = _Writer(stream, kind)
            yield rows
            rows.finish()
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- reading an export back ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What a file asks to add: the URIs in order, and the rows that cannot be added.

    Attributes
    ----------
    uris
        Track and episode URIs, in the file's order.
    local
        Rows of local files (the Web API cannot add them).
    unavailable
        Rows without a URI (items that were unavailable when exported).
    """

    uris: list[str]
    local: int
    unavailable: int


def _records(text: str, name: str, kind: Format) -> list[dict[str, Any]]:
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CliError(f"{name} is not JSON: {error.msg} (line {error.lineno})") from None
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            raise CliError(f"{name}: expected a JSON list of objects, as an export writes")
        if data and not any("uri" in row for row in data):
            raise CliError(f"{name} has no 'uri' fields: nothing says what to import")
        return data
    reader = csv.DictReader(io.StringIO(text), strict=True)
    try:
        if reader.fieldnames is None or "uri" not in reader.fieldnames:
            raise CliError(f"{name} has no 'uri' column: nothing says what to import")
        return list(reader)
    except csv.Error as error:
        raise CliError(f"{name} is not a readable CSV file: {error}") from None


def read_uris(path: str, kind: str | None) -> ImportPlan:
    """Read the URIs to import from a CSV or JSON export.

    The format is ``kind``, else JSON when the file starts with ``[`` or ``{``, else CSV.

    Raises
    ------
    CliError
        If the file cannot be read, has no URI column, holds a URI that is not a track or
        an episode, or holds no URI at all.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(f"{path} is not UTF-8 text") from None
    except OSError as error:
        raise CliError(f"cannot read {path}: {error.strerror}") from None
    chosen: Format = "json" if kind == "json" else "csv"
    if kind is None:
        chosen = "json" if text.lstrip()[:1] in ("[", "{") else "csv"
    uris: list[str] = []
    local = unavailable = 0
    for number, record in enumerate(_records(text, path, chosen), start=1):
        uri = record.get("uri")
        if uri is None or uri == "":
            unavailable += 1
            continue
        if not isinstance(uri, str):
            raise CliError(f"{path}: item {number} has a 'uri' that is not text")
        uri = uri.strip()
        if uri.startswith("spotify:local:"):
            local += 1
            continue
        try:
            found, _ = from_uri(uri)
        except ConversionError as error:
            raise CliError(f"{path}: item {number}: {error}") from None
        if found.value not in ("track", "episode"):
            raise CliError(
                f"{path}: item {number} is a {found.value} URI; only tracks and episodes"
                " can be added to a playlist"
            )
        uris.append(uri)
    if not uris:
        raise CliError(f"{path} holds no track or episode URIs: nothing to import")
    return ImportPlan(uris, local, unavailable)
