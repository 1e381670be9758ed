"""``spotipy backup``, ``restore``, ``backup export`` and ``playlist dedupe``, in-process
through ``main([...])`` against the emulator on a socket."""

from __future__ import annotations

import errno
import json
import re
from pathlib import Path

import pytest

from spotipy.backup import FORMAT_VERSION
from spotipy.emulator import DEFAULT_USER_ID
from tests.cli.conftest import Env
from tests.cli.test_commands import Capture, one_error_line, other_user, run


def test_backup_export_and_restore_dry_run(env: Env, capsys: Capture, tmp_path: Path) -> None:
    env.login_directly()
    folder = tmp_path / "lib"
    code, out, err = run(capsys, "backup", str(folder))
    assert code == 0, err
    assert out == ""
    summary = err.strip().splitlines()[0]
    assert summary.startswith(f"Backed up {DEFAULT_USER_ID} to {folder}: ")
    assert " taken, 0 unchanged, " in summary
    assert " requests (0 saved" in summary
    code, _, err = run(capsys, "backup", str(folder))
    assert code == 0, err
    assert " 0 taken, " in err, err
    code, _, err = run(capsys, "backup", "export", str(folder), "--format", "csv")
    assert code == 0, err
    assert err.startswith("Wrote "), err
    assert list((folder / "export-csv").glob("*.csv"))
    env.login_directly(other_user(env, 6))
    code, out, err = run(capsys, "restore", str(folder), "--dry-run")
    assert code == 0, err
    assert out.startswith("create playlist ")
    assert "Dry run: " in err
    assert "nothing changed" in err
    assert not (folder / f"restore-{other_user(env, 6)}.json").exists()


def test_restore_into_another_account(env: Env, capsys: Capture, tmp_path: Path) -> None:
    env.login_directly()
    folder = tmp_path / "lib"
    assert run(capsys, "backup", str(folder))[0] == 0
    target = other_user(env, 7)
    env.login_directly(target)
    code, _, err = run(capsys, "restore", str(folder))
    assert code == 0, err
    assert re.match(r"Restored: [1-9]\d* playlists created, [1-9]\d* entries added", err), err
    assert "Not restorable:" in err
    assert "(local file)" in err
    code, _, err = run(capsys, "restore", str(folder))
    assert err.startswith("Restored: 0 playlists created, 0 entries added, 0 items saved"), err


def test_one_line_errors(
    env: Env, capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, "backup", str(tmp_path / "b"))
    assert code == 1
    assert "not logged in" in one_error_line(err)
    env.login_directly()
    (tmp_path / "file").write_text("x")
    code, _, err = run(capsys, "backup", str(tmp_path / "file"))
    assert code == 1
    assert "is not a directory" in one_error_line(err)
    newer = tmp_path / "newer"
    newer.mkdir()
    (newer / "manifest.json").write_text(
        json.dumps({"format": "spotipy-backup", "version": FORMAT_VERSION + 1})
    )
    for args in (("backup", str(newer)), ("restore", str(newer))):
        code, _, err = run(capsys, *args)
        assert code == 1
        assert "upgrade spotipy" in one_error_line(err)
    code, _, err = run(capsys, "restore", str(tmp_path / "nothing"))
    assert code == 1
    assert "holds no backup" in one_error_line(err)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("spotipy.backup._layout.atomic_write_text", full)
    code, _, err = run(capsys, "backup", str(tmp_path / "full"))
    assert code == 1
    assert "the disk is full" in one_error_line(err)


def test_playlist_dedupe(env: Env, capsys: Capture, tmp_path: Path) -> None:
    env.login_directly()
    spotify = env.library_client()
    created = spotify.playlist_create("Repeats", False)
    tracks = env.emulator.catalogue.track_ids
    uris = [f"spotify:track:{tracks[n]}" for n in (1, 2, 1, 3, 2)]
    spotify.playlist_add(created.id, uris)
    code, out, err = run(capsys, "playlist", "dedupe", created.uri, "--dry-run")
    assert code == 0, err
    assert out.splitlines() == [f"2\t{uris[0]}", f"4\t{uris[1]}"]
    assert "2 repeated entries found" in err
    code, out, err = run(capsys, "playlist", "dedupe", created.id)
    assert code == 0, err
    assert "2 repeated entries removed" in err, err
    left = [e.item.uri for e in spotify.all_items(spotify.playlist_items(created.id))]
    assert left == uris[:2] + uris[3:4]
    code, _, err = run(capsys, "playlist", "dedupe", created.id)
    assert "No repeated entries among 3" in err


def test_backup_draws_a_bar_per_collection_on_a_terminal(
    env: Env, capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env.login_directly()
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich: draw as on a terminal
    code, out, err = run(capsys, "backup", str(tmp_path / "lib"))
    assert code == 0, err
    assert out == ""
    for label in ("playlists listed", "playlists", "liked songs", "albums", "artists"):
        assert label in err


#: Rich markup that raises if parsed, and escape sequences that colour and retitle.
MARKUP = "[/bold]"
ESCAPES = "esc \x1b[31mred\x1b]0;title\x07 \x9b1mend"
ESCAPES_SHOWN = "esc red end"


def _hostile_playlists(env: Env) -> list[str]:
    """Two playlists of the default user with hostile names, one track each; their IDs."""
    spotify = env.library_client()
    track = f"spotify:track:{env.emulator.catalogue.track_ids[0]}"
    found = []
    for name in (MARKUP, ESCAPES):
        created = spotify.playlist_create(name, False)
        spotify.playlist_add(created.id, [track])
        found.append(created.id)
    return found


@pytest.mark.parametrize("terminal", [False, True])
def test_names_from_spotify_and_backups_are_shown_as_text(
    env: Env, capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terminal: bool
) -> None:
    env.login_directly()
    if terminal:
        monkeypatch.setenv("FORCE_COLOR", "1")  # rich: draw bars as on a terminal
    ids = _hostile_playlists(env)
    folder = tmp_path / "lib"
    faults = env.emulator.faults
    try:  # Spotify refuses their items: both are skipped, by name
        for playlist_id in ids:
            faults.add(status=403, path=f"/v1/playlists/{playlist_id}/items", times=None)
        code, out, err = run(capsys, "backup", str(folder))
    finally:
        faults.clear()
    assert code == 0, err
    assert out == ""
    assert f'playlist:{ids[0]} "{MARKUP}": Forbidden (403)' in err
    assert f'playlist:{ids[1]} "{ESCAPES_SHOWN}": Forbidden (403)' in err
    assert "title" not in err  # the window-title sequence went whole
    assert not any(ch in err for ch in "\x07\x9b")
    if not terminal:
        assert "\x1b" not in err

    folder = tmp_path / "readable"  # refusals are kept until a playlist changes: a new one
    code, _, err = run(capsys, "backup", str(folder))
    assert code == 0, err
    env.login_directly(other_user(env, 8))
    code, out, err = run(capsys, "restore", str(folder), "--dry-run")
    assert code == 0, err
    assert f'create playlist "{MARKUP}" and add 1 entries' in out.splitlines()
    assert f'create playlist "{ESCAPES_SHOWN}" and add 1 entries' in out.splitlines()
    assert not any(ch in out for ch in "\x1b\x07\x9b")


def test_a_full_disk_is_one_line_naming_the_file_and_leaves_no_temporary_file(
    env: Env, capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env.login_directly()
    folder = tmp_path / "lib"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("spotipy.util._files.os.fsync", full)  # every write meets a full disk
    code, _, err = run(capsys, "backup", str(folder))
    monkeypatch.undo()
    assert code == 1
    line = one_error_line(err)
    assert line.startswith(f"spotipy: error: the disk is full writing {folder / 'manifest.json'}")
    assert "goes on where it stopped" in line
    assert ".tmp" not in line
    assert sorted(p.name for p in folder.rglob("*")) == []  # nothing half-written


def test_a_file_that_cannot_be_written_is_named_never_its_temporary_file(
    env: Env, capsys: Capture, tmp_path: Path
) -> None:
    env.login_directly()
    folder = tmp_path / "lib"
    assert run(capsys, "backup", str(folder))[0] == 0
    listing = folder / "playlists.json"
    listing.unlink()
    listing.mkdir()  # where the listing goes, a folder: the rename over it fails
    code, _, err = run(capsys, "backup", str(folder))
    assert code == 1
    line = one_error_line(err)
    assert line.startswith(f"spotipy: error: cannot write {listing}: "), line
    assert ".tmp" not in line
    assert not list(folder.rglob("*.tmp"))
