"""Backup, restore, dedupe and exports over a loopback socket: incremental reads,
development mode's refusals, bad directories, partial writes and the export formats."""

from __future__ import annotations

import csv
import io
import json
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest

from spotipy import Spotify
from spotipy.backup import (
    CSV_COLUMNS,
    FORMAT_VERSION,
    BackupError,
    backup,
    dedupe_playlist,
    export,
    plan_dedupe,
    restore,
)
from spotipy.client import Sync
from spotipy.emulator import DEFAULT_USER_ID, Emulator, Server
from spotipy.errors import PartialWriteError
from spotipy.sender import PersistentSender
from tests.backup.conftest import build_library, files, fresh_users, make_client, summary


def item_reads(emulator: Emulator) -> dict[str, list[str]]:
    """The GET requests the emulator saw, by path, with their offsets."""
    found: dict[str, list[str]] = {}
    for request in emulator.requests:
        if request.method == "GET":
            found.setdefault(request.path, []).append(request.query.get("offset", "0"))
    return found


def backed_up(emulator: Emulator, server: Server, folder: Path, **sizes: int) -> Spotify[Sync]:
    """The default user's client, once their library (``sizes``) is built and backed up."""
    build_library(emulator, **sizes)
    spotify = make_client(server, DEFAULT_USER_ID)
    backup(spotify, folder)
    return spotify


def test_an_incremental_backup_reads_only_what_changed(
    emulator: Emulator, server: Server, tmp_path: Path
) -> None:
    build_library(emulator, playlists=30, big=400, liked=300)
    spotify = make_client(server, DEFAULT_USER_ID)
    first = backup(spotify, tmp_path / "b")
    assert first.requests_saved == 0
    owned = [p.id for p in emulator.state.playlists.values() if p.name.startswith("Playlist")]
    changed = owned[:3]
    tracks = emulator.catalogue.track_ids
    spotify.playlist_add(changed[0], [f"spotify:track:{tracks[-1]}"])
    spotify.playlist_change_details(changed[1], description="changed")
    spotify.playlist_add(changed[2], [f"spotify:track:{tracks[-2]}"], position=0)
    spotify.library_add([f"spotify:track:{tracks[-3]}"])
    emulator.requests.clear()
    again = backup(spotify, tmp_path / "b")
    reads = item_reads(emulator)
    items_read = {p.split("/")[3] for p in reads if p.endswith("/items")}
    assert items_read == set(changed)
    assert len(reads["/v1/playlists/" + changed[0] + "/items"]) == 9  # 401 entries
    assert len(reads["/v1/me/tracks"]) == 7  # 301 liked songs: read again, every page
    for unchanged in ("/v1/me/albums", "/v1/me/shows", "/v1/me/episodes", "/v1/me/following"):
        assert reads[unchanged] == ["0"]  # the first page only: it tells nothing changed
    assert sorted(again.taken) == sorted([*(f"playlist:{p}" for p in changed), "liked_songs"])
    assert again.requests == sum(len(v) for v in reads.values())
    assert again.requests_saved > 0
    backup(spotify, tmp_path / "full")
    assert files(tmp_path / "b") == files(tmp_path / "full")


@pytest.mark.parametrize("mode", ["playlists", "collections"])
def test_development_mode_refusals_are_skipped_with_reasons(tmp_path: Path, mode: str) -> None:
    from tests.backup.conftest import running

    emulator = Emulator(seed=0, profile="development")
    build_library(emulator, playlists=5, big=60, liked=30)
    (target,) = fresh_users(emulator, 1)
    with running(emulator) as server:
        report = backup(make_client(server, DEFAULT_USER_ID, quota="development"), tmp_path)
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        done = restore(make_client(server, target, quota="development"), tmp_path)
    assert manifest["complete"] is True
    assert manifest["quota"] == "development"
    if mode == "playlists":
        # The two followed editorial playlists: Spotify answers 403 for their items.
        skipped = {s["what"]: s["reason"] for s in manifest["skipped"]}
        assert len(skipped) == 2
        assert len(report.skipped) == 2
        assert all("403" in reason for reason in skipped.values())
        assert len(report.taken) == 5 + 6 + 1 + 6  # built, the catalogue's, collab, saved
        assert done.followed == 3  # followed again, not copied (the collaborative one too)
    else:
        # Everything restores: artists are followed through /me/library, which
        # development mode serves (the deprecated /me/following needs extended quota).
        assert done.skipped == []
        assert done.saved == 30 + 4 * 6 + 10  # liked, 4 saved kinds, 10 artists


def test_files_are_private_and_the_manifest_says_what_was_taken(
    emulator: Emulator, server: Server, tmp_path: Path
) -> None:
    build_library(emulator, playlists=3, big=10, liked=5)
    backup(make_client(server, DEFAULT_USER_ID), tmp_path / "b")
    for path in (tmp_path / "b").rglob("*.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["format"] == "spotipy-backup"
    assert manifest["version"] == FORMAT_VERSION
    assert manifest["account"]["id"] == DEFAULT_USER_ID
    assert set(manifest["collections"]) == {
        "liked_songs",
        "albums",
        "shows",
        "episodes",
        "audiobooks",
        "artists",
    }
    big = json.loads((tmp_path / "b" / "playlists.json").read_text())[0]
    kept = json.loads((tmp_path / "b" / "playlists" / f"{big['id']}.json").read_text())
    assert kept["snapshot_id"] == big["snapshot_id"]
    entry = kept["entries"][0]
    assert entry["added_by"] == DEFAULT_USER_ID
    assert entry["added_at"].endswith("Z")
    assert entry["item"]["external_ids"]["isrc"]


def test_bad_directories_are_refused_before_any_request(
    emulator: Emulator, server: Server, tmp_path: Path
) -> None:
    spotify = make_client(server, DEFAULT_USER_ID)
    (tmp_path / "file").write_text("x")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    newer = tmp_path / "newer"
    newer.mkdir()
    (newer / "manifest.json").write_text(
        json.dumps({"format": "spotipy-backup", "version": FORMAT_VERSION + 1})
    )
    emulator.requests.clear()
    for folder, words in (
        (tmp_path / "file", "not a directory"),
        (tmp_path / "other", "neither empty nor a backup"),
        (newer, f"format version {FORMAT_VERSION + 1}"),
    ):
        with pytest.raises(BackupError, match=words):
            backup(spotify, folder)
    for bad in ({"concurrency": 0}, {"concurrency": 33}, {"workers": 0}, {"workers": True}):
        with pytest.raises(ValueError, match="must be an int"):
            backup(spotify, tmp_path / "new", **bad)
    with pytest.raises(TypeError, match="synchronous"):
        backup(Spotify(asynchronous=True), tmp_path / "new")
    assert len(emulator.requests) == 0
    with pytest.raises(BackupError, match=r"no manifest\.json"):
        restore(spotify, tmp_path / "other")
    with pytest.raises(BackupError, match="format version"):
        restore(spotify, newer)
    (other_user,) = fresh_users(emulator, 1)
    backup(spotify, tmp_path / "mine")
    with pytest.raises(BackupError, match="backup of account"):
        backup(make_client(server, other_user), tmp_path / "mine")


def test_a_partial_write_is_recorded_and_the_next_run_finishes_it(
    emulator: Emulator, server: Server, tmp_path: Path
) -> None:
    build_library(emulator, playlists=2, big=5, liked=120)
    (target,) = fresh_users(emulator, 1)
    backup(make_client(server, DEFAULT_USER_ID), tmp_path)
    # The follow and the first 40 liked songs pass; the second request of 40 fails.
    emulator.faults.add(method="PUT", path="/v1/me/library", latency=0.001, times=2)
    emulator.faults.add(method="PUT", path="/v1/me/library", status=503, times=4)
    with pytest.raises(PartialWriteError) as caught:
        restore(make_client(server, target), tmp_path)
    assert (len(caught.value.applied), len(caught.value.pending)) == (40, 80)
    mapping = json.loads((tmp_path / f"restore-{target}.json").read_text())
    assert mapping["partial"][0]["what"] == "liked_songs"
    assert (mapping["partial"][0]["applied"], mapping["partial"][0]["pending"]) == (40, 80)
    assert mapping["saved"]["liked_songs"] == 40
    emulator.requests.clear()
    restore(make_client(server, target), tmp_path)
    liked_puts = [r for r in emulator.requests if r.method == "PUT" and "track" in r.url]
    assert len(liked_puts) == 2  # the 80 pending, not the 40 applied
    backup(make_client(server, target), tmp_path / "b")
    assert summary(tmp_path / "b")["liked_songs"] == summary(tmp_path)["liked_songs"]


@pytest.mark.parametrize(
    ("uris", "repeats"),
    [
        ([], []),
        (["a", "b"], []),
        (["a", "b", "a", "a"], [("a", 2), ("a", 3)]),
        (["a", None, "b", None, "b"], [("b", 4)]),
    ],
)
def test_plan_dedupe(uris: list[str | None], repeats: list[tuple[str, int]]) -> None:
    assert plan_dedupe(uris) == repeats


def test_dedupe_a_playlist_and_restore_with_dedupe(
    emulator: Emulator, server: Server, tmp_path: Path
) -> None:
    build_library(emulator, playlists=2, big=8, liked=0)
    spotify = make_client(server, DEFAULT_USER_ID)
    playlist = next(p for p in emulator.state.playlists.values() if p.name == "Playlist 000")
    before = [e.index for e in playlist.entries]
    planned = dedupe_playlist(spotify, playlist.id, dry_run=True)
    assert [position for _, position in planned.repeats] == [2]
    assert not planned.removed
    assert [e.index for e in playlist.entries] == before
    backup(spotify, tmp_path)
    (target,) = fresh_users(emulator, 1)
    restore(make_client(server, target), tmp_path, dedupe=True)
    done = dedupe_playlist(spotify, playlist.id)
    assert done.removed
    assert len(playlist.entries) == len(before) - 1
    assert [e.index for e in playlist.entries] == before[:2] + before[3:]
    copy = next(
        p
        for p in emulator.state.playlists.values()
        if p.owner == target and p.name == playlist.name
    )
    assert [(e.kind, e.index) for e in copy.entries] == [
        (e.kind, e.index) for e in playlist.entries
    ]


def test_exports(emulator: Emulator, server: Server, tmp_path: Path) -> None:
    backed_up(emulator, server, tmp_path, playlists=3, big=20, liked=7)
    big = json.loads((tmp_path / "playlists.json").read_text())
    first = next(p for p in big if p["name"] == "Playlist 000")
    entries = json.loads((tmp_path / "playlists" / f"{first['id']}.json").read_text())["entries"]
    written = {fmt: export(tmp_path, fmt) for fmt in ("csv", "m3u", "xspf")}
    assert len(written["csv"]) == len(big) + 1  # every playlist and the liked songs
    csv_file = next(p for p in written["csv"] if first["id"] in p.name)
    rows = list(csv.reader(io.StringIO(csv_file.read_text())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r[0] for r in rows[1:]] == [e["item"]["uri"] for e in entries]
    assert rows[1][CSV_COLUMNS.index("ISRC")] == entries[0]["item"]["external_ids"]["isrc"]
    assert rows[1][CSV_COLUMNS.index("Added At")] == entries[0]["added_at"]
    m3u = next(p for p in written["m3u"] if first["id"] in p.name).read_text().splitlines()
    assert m3u[0] == "#EXTM3U"
    assert [line for line in m3u if line.startswith("spotify:")] == [
        e["item"]["uri"] for e in entries
    ]
    xspf = ET.parse(next(p for p in written["xspf"] if first["id"] in p.name))
    ns = {"x": "http://xspf.org/ns/0/"}
    locations = [t.text for t in xspf.getroot().iterfind("x:trackList/x:track/x:location", ns)]
    assert locations == [e["item"]["uri"] for e in entries]
    liked = next(p for p in written["csv"] if "(liked)" in p.name)
    assert len(liked.read_text().splitlines()) == 1 + 7
    for path in (tmp_path / "export-csv").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # A name a spreadsheet would run, and one with a line break, from a changed backup.
    path = tmp_path / "playlists" / f"{first['id']}.json"
    kept = json.loads(path.read_text())
    kept["entries"][0]["item"]["name"] = "=HYPERLINK(1)"
    kept["entries"][1]["item"]["name"] = "two\nlines"
    path.write_text(json.dumps(kept))
    export(tmp_path, "csv")
    export(tmp_path, "m3u")
    rows = list(csv.reader(io.StringIO(csv_file.read_text())))
    assert rows[1][1] == "'=HYPERLINK(1)"  # neutralised as the CLI's exports do (csv_cell)
    assert rows[2][1] == "two\nlines"  # quoted by the CSV writer: one cell
    export(tmp_path, "csv", raw_csv=True)
    rows = list(csv.reader(io.StringIO(csv_file.read_text())))
    assert rows[1][1] == "=HYPERLINK(1)"  # exact, on request
    m3u = next(p for p in written["m3u"] if first["id"] in p.name).read_text().splitlines()
    assert len([line for line in m3u if line.startswith("#EXTINF")]) == len(entries)
    assert any(line.endswith(" two lines") for line in m3u)
    with pytest.raises(ValueError, match="format must be"):
        export(tmp_path, "pdf")  # type: ignore[arg-type]


def test_restore_into_the_same_account_recreates_only_what_is_gone(
    emulator: Emulator, server: Server, tmp_path: Path
) -> None:
    spotify = backed_up(emulator, server, tmp_path, playlists=4, big=12, liked=10)
    gone = next(p for p in emulator.state.playlists.values() if p.name == "Playlist 000")
    spotify.library_remove([f"spotify:track:{emulator.catalogue.track_ids[0]}"])
    gone.owner = "spotify"  # no longer the user's: gone from their library
    done = restore(spotify, tmp_path)
    assert done.created == 1
    assert done.added == 12 + 2
    again = backup(spotify, tmp_path / "after")
    assert again.skipped == []
    after, before = summary(tmp_path / "after"), summary(tmp_path)
    # The track saved again is saved now: it is listed first, the rest keep their order.
    assert sorted(after.pop("liked_songs")) == sorted(before.pop("liked_songs"))
    assert after == before


def test_an_incomplete_backup_is_not_restored(
    emulator: Emulator, server: Server, tmp_path: Path
) -> None:
    spotify = make_client(server, DEFAULT_USER_ID)
    backup(spotify, tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    (tmp_path / "manifest.json").write_text(json.dumps({**manifest, "complete": False}))
    with pytest.raises(BackupError, match="incomplete"):
        restore(spotify, tmp_path)


def test_rate_limit_waits_of_the_bulk_paging_are_reported(
    emulator: Emulator, server: Server, tmp_path: Path
) -> None:
    build_library(emulator, playlists=1, big=0, liked=300)
    # The first page passes (it names the others); one of the pages read in bulk meets a 429.
    emulator.faults.add(method="GET", path="/v1/me/tracks", latency=0.001)
    emulator.faults.add(
        method="GET", path="/v1/me/tracks", status=429, headers={"Retry-After": "0"}
    )
    seen: list[tuple[str, int, int | None]] = []
    report = backup(
        make_client(server, DEFAULT_USER_ID),
        tmp_path,
        progress=lambda what, done, total: seen.append((what, done, total)),
    )
    assert len(emulator.faults) == 0
    assert report.rate_limit_waits == 1
    assert report.waited == 0
    assert ("liked_songs", 300, 300) in seen
    assert summary(tmp_path)["liked_songs"] == [
        f"spotify:track:{t}" for t in reversed(emulator.catalogue.track_ids[:300])
    ]


def test_a_collection_the_token_may_not_read_is_skipped(
    emulator: Emulator, server: Server, tmp_path: Path
) -> None:
    build_library(emulator, playlists=2, big=5, liked=5, artists=3)
    scopes = ["playlist-read-private", "playlist-read-collaborative", "user-library-read"]
    sender = PersistentSender(client=httpx.Client(trust_env=False))
    spotify = Spotify(emulator.user_token(DEFAULT_USER_ID, scopes), sender, api_url=server.api_url)
    report = backup(spotify, tmp_path)
    assert [what for what, _ in report.skipped] == ["artists"]
    assert "Forbidden (403)" in report.skipped[0][1]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["collections"]["artists"]["skipped"] == report.skipped[0][1]
    assert manifest["skipped"] == [
        {"what": "artists", "name": None, "reason": report.skipped[0][1]}
    ]
    (target,) = fresh_users(emulator, 1)
    done = restore(make_client(server, target), tmp_path)
    assert done.skipped == [("artists", "not in the backup: " + report.skipped[0][1])]


def test_items_spotify_does_not_know_are_reported_and_the_rest_restored(
    emulator: Emulator, server: Server, tmp_path: Path
) -> None:
    backed_up(emulator, server, tmp_path, playlists=2, big=150, liked=50)
    before = summary(tmp_path)
    unknown = "spotify:track:" + "0" * 22  # removed from Spotify since the backup
    listed = json.loads((tmp_path / "playlists.json").read_text())
    first = next(p for p in listed if p["name"] == "Playlist 000")
    path = tmp_path / "playlists" / f"{first['id']}.json"
    kept = json.loads(path.read_text())
    kept["entries"][120]["item"]["uri"] = unknown
    path.write_text(json.dumps(kept))
    liked = json.loads((tmp_path / "liked_songs.json").read_text())
    liked["items"][10]["item"]["uri"] = unknown
    (tmp_path / "liked_songs.json").write_text(json.dumps(liked))
    (target,) = fresh_users(emulator, 1)
    done = restore(make_client(server, target), tmp_path)
    refused = [(where, what) for where, what in done.unavailable if unknown in what]
    assert [where for where, _ in refused] == ['playlist "Playlist 000"', "liked_songs"]
    assert (
        done.saved
        == sum(len(before[k]) for k in ("liked_songs", "albums", "shows"))
        + sum(len(before[k]) for k in ("episodes", "audiobooks", "artists"))
        - 1
    )
    assert restore(make_client(server, target), tmp_path).plan == []
    backup(make_client(server, target), tmp_path / "b")
    after = summary(tmp_path / "b")
    lost = next(p for p in before["own"] if p[0] == "Playlist 000")
    expected = (*lost[:4], lost[4][:120] + lost[4][121:])
    assert [p for p in after["own"] if p[0] == "Playlist 000"] == [expected]
    assert after["liked_songs"] == before["liked_songs"][:10] + before["liked_songs"][11:]


def test_a_file_that_cannot_be_written_is_a_file_error_naming_it(
    emulator: Emulator, server: Server, tmp_path: Path
) -> None:
    from spotipy.errors import FileError

    spotify = backed_up(emulator, server, tmp_path, playlists=2, big=5, liked=3)
    (tmp_path / "albums.json").unlink()
    (tmp_path / "albums.json").mkdir()  # the rename over it fails
    with pytest.raises(FileError) as caught:
        backup(spotify, tmp_path)
    assert caught.value.path == str(tmp_path / "albums.json")
    assert str(caught.value).startswith(f"cannot write {tmp_path / 'albums.json'}: ")
    assert ".tmp" not in str(caught.value)
    assert not list(tmp_path.rglob("*.tmp"))
    target = tmp_path / "not-a-folder"
    target.write_text("x")
    with pytest.raises(FileError, match="cannot create"):
        export(tmp_path, "m3u", target)
