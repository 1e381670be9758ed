"""The output writer and the progress report, in-process (the shell cases run the script)."""

from __future__ import annotations

import io
import os
import stat
import threading
from pathlib import Path

import pytest
from rich.console import Console

from spotipy.cli import main
from spotipy.cli._output import open_output
from spotipy.cli._progress import Progress
from spotipy.cli._settings import CliError
from spotipy.emulator import BIG_PLAYLIST_ID
from tests.cli.conftest import Env

Capture = pytest.CaptureFixture[str]


def test_open_output_kinds(tmp_path: Path) -> None:
    stdout = io.StringIO()
    with open_output("-", stdout) as out:
        out.write("to stdout\n")
    assert stdout.getvalue() == "to stdout\n"

    with pytest.raises(CliError, match="empty"), open_output("", stdout):
        pass
    with pytest.raises(CliError, match="it is a folder"), open_output(str(tmp_path), stdout):
        pass
    with pytest.raises(CliError, match="No such file"), open_output("/dev/no-such", stdout):
        pass

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    with open_output(str(fifo)) as out:
        out.write("through the pipe\n")
    reader.join(timeout=30)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)

    target = tmp_path / "kept.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(target)

    def fail_half_way() -> None:
        with open_output(str(link)) as out:
            out.write("half")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert target.read_text(encoding="utf-8") == "old\n"  # a failure replaces nothing
    with open_output(str(link)) as out:
        out.write("new\n")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "kept.csv", "link.csv"]


def test_progress_lines_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr("spotipy.cli._progress.time.monotonic", lambda: now[0])
    text = io.StringIO()
    with Progress(Console(file=text, width=200)) as progress:
        progress.waiting(None)  # before the count starts: a line
        progress.waiting(0.2)  # the same burst: no second line
        progress.start("items", 4)
        progress.advance()
        now[0] += 2.5
        progress.advance()  # two seconds on: a line
        progress.waiting(5)
        progress.advance()
        progress.advance()  # the end, after lines: a last one
    assert text.getvalue().splitlines() == [
        "spotipy: waiting 1 s: rate limited",
        "spotipy: items: 2/4",
        "spotipy: waiting 5 s: rate limited",
        "spotipy: items: 4/4",
    ]
    quiet = io.StringIO()
    with Progress(Console(file=quiet), quiet=True) as progress:
        progress.waiting(3)
        progress.start("items", 1)
        progress.advance()
    assert quiet.getvalue() == ""


def test_progress_bar_on_a_terminal_shows_the_wait() -> None:
    text = io.StringIO()
    console = Console(file=text, force_terminal=True, width=200, color_system=None)
    with Progress(console) as progress:
        progress.start("items", 2)
        progress.waiting(30)
        progress.advance()
        progress.advance()
    assert "waiting 30 s: rate limited" in text.getvalue()
    assert "spotipy: waiting" not in text.getvalue()


def test_progress_of_several_collections(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr("spotipy.cli._progress.time.monotonic", lambda: now[0])
    text = io.StringIO()
    with Progress(Console(file=text, width=200)) as progress:
        progress.show("playlists", 0, 3)
        progress.show("playlists", 1, 3)
        now[0] += 2.5
        progress.show("playlists", 2, 3)  # two seconds on: a line
        progress.show("playlists", 3, 3)  # its end, after a line: a last one
        progress.show("playlists", 3, 3)  # told again: not repeated
        progress.show("albums", 5, 5)  # quick: no line
        now[0] += 2.5
        progress.show("liked songs", 1, None)
    assert text.getvalue().splitlines() == [
        "spotipy: playlists: 2/3",
        "spotipy: playlists: 3/3",
        "spotipy: liked songs: 1/?",
    ]
    text = io.StringIO()
    console = Console(file=text, force_terminal=True, width=200, color_system=None)
    with Progress(console) as progress:  # a bar each, names never read as markup
        progress.show("[/bold] \x1b[31mshows", 1, 2)
        progress.show("albums", 2, 2)
        progress.waiting(30)
    drawn = text.getvalue()
    assert "[/bold] shows" in drawn
    assert "2/2" in drawn
    assert "waiting 30 s: rate limited" in drawn


def test_a_rate_limited_export_in_process(env: Env, capsys: Capture) -> None:
    path = f"/v1/playlists/{BIG_PLAYLIST_ID}/items"
    env.emulator.faults.add(latency=0.001, path=path)
    env.emulator.faults.add(status=429, headers={"Retry-After": "1"}, path=path)
    try:
        assert main(["playlist", "export", BIG_PLAYLIST_ID, "--format", "json"]) == 0
    finally:
        env.emulator.faults.clear()
    err = capsys.readouterr().err.splitlines()
    assert "spotipy: waiting 1 s: rate limited" in err
