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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Final, Literal

from spotipy.cli._output import open_output
from spotipy.cli._settings import CliError, one_line
from spotipy.cli._text import csv_cell
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
    """Writes rows as they come, as CSV or as a JSON list (exactly as ``json.dump`` would)."""

    def __init__(self, stream: IO[str], kind: Format, *, raw: bool = False) -> None:
        self.stream = stream
        self.kind = kind
        self.raw = raw
        self.count = 0
        self._csv: Any = None

    def _begin(self) -> None:
        """Write the CSV header (not before the first row or the end: a failure prints none)."""
        if self.kind == "csv" and self._csv is None:
            self._csv = csv.DictWriter(self.stream, FIELDS, lineterminator="\n")
            self._csv.writeheader()

    def write(self, row: Row) -> None:
        self._begin()
        if self._csv is not None:
            self._csv.writerow({k: csv_cell(v, raw=self.raw) for k, v in row.items()})
        else:
            text = json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            self.stream.write(("[\n  " if self.count == 0 else ",\n  ") + text)
        self.count += 1

    def finish(self) -> None:
        self._begin()
        if self.kind == "json":
            self.stream.write("\n]\n" if self.count else "[]\n")
        self.stream.flush()


@contextlib.contextmanager
def writer(
    output: str | None, kind: Format, stdout: IO[str] | None = None, *, raw: bool = False
) -> Iterator[_Writer]:
    """Write rows to ``output`` as :func:`~spotipy.cli._output.open_output` opens it.

    CSV cells are neutralised against spreadsheet formulas unless ``raw``
    (:func:`~spotipy.cli._text.csv_cell`); JSON is exact.  A file is replaced only when
    every row is written, so a failed export never leaves half a file.
    """
    with open_output(output, stdout) as stream:
        rows = _Writer(stream, kind, raw=raw)
        yield rows
        rows.finish()


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
        except RecursionError:
            raise CliError(f"{name} is nested too deeply to be an export") from None
        except ValueError as error:  # e.g. an integer of thousands of digits
            raise CliError(f"{name} is not an export: {one_line(str(error))}") from None
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
