"""The console script as a shell user meets it: output paths, the terminal, signals, errors.

Every case runs ``spotipy`` in a subprocess against the emulator on a loopback socket.
Files, pipes and links live in ``tmp_path`` only.  Waits are bounded and generous: they
guard against hangs, never measure speed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import stat
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from spotipy.emulator import BIG_PLAYLIST_ID, Emulator, Server, serve
from tests.cli.conftest import Env, environment
from tests.cli.test_console_script import (
    SCRIPT,
    TIMEOUT,
    _drain,
    child_env,
    export_on_a_terminal,
    interrupt,
    spotipy,
)

ITEMS = f"/v1/playlists/{BIG_PLAYLIST_ID}/items"


@pytest.fixture
def script_env(server: Server, tmp_path: Path) -> Iterator[Env]:
    found = environment(server, tmp_path)
    yield found
    server.emulator.faults.clear()


def one_line(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def small_playlist(env: Env, name: str = "Small") -> str:
    """A public playlist of the default user with three tracks; its ID."""
    spotify = env.library_client()
    created = spotify.playlist_create(name, public=True)
    tracks = env.emulator.catalogue.track_ids[:3]
    spotify.playlist_add(created.id, [f"spotify:track:{t}" for t in tracks])
    return created.id


def reader(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with path.open("rb") as stream:  # opening a fifo waits for its writer
            into.append(stream.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


# -- output paths ----------------------------------------------------------------------------


def test_a_named_pipe_is_written_in_place(script_env: Env, tmp_path: Path) -> None:
    playlist_id = small_playlist(script_env)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    for target in (fifo, link):
        got: list[bytes] = []
        thread = reader(fifo, got)
        result = spotipy(script_env, "playlist", "export", playlist_id, "-o", str(target))
        thread.join(timeout=TIMEOUT)
        assert result.returncode == 0, result.stderr
        rows = list(csv.DictReader(io.StringIO(got[0].decode())))
        assert len(rows) == 3
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still the pipe, not a new file
        assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "state") == ["link", "out.fifo"]


def test_dev_fd_n_is_a_pipe_written_as_rows_come(script_env: Env) -> None:
    assert SCRIPT is not None
    read_end, write_end = os.pipe()
    try:
        process = subprocess.Popen(
            [SCRIPT, "playlist", "export", BIG_PLAYLIST_ID, "-o", f"/dev/fd/{write_end}", "-q"],
            env=child_env(script_env),
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        os.close(write_end)
        write_end = -1
        chunks: list[bytes] = []
        thread = threading.Thread(target=_drain, args=(read_end, chunks), daemon=True)
        thread.start()
        _, err = process.communicate(timeout=TIMEOUT)
        thread.join(timeout=TIMEOUT)
    finally:
        if write_end >= 0:
            os.close(write_end)
        os.close(read_end)
    assert process.returncode == 0, err
    rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode())))
    assert len(rows) == 10_000
    assert len(chunks) > 1  # streamed as the pages came, not written once at the end


def test_dash_is_standard_output_and_an_empty_path_is_usage(script_env: Env) -> None:
    playlist_id = small_playlist(script_env)
    result = spotipy(script_env, "playlist", "export", playlist_id, "-o", "-", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3
    result = spotipy(script_env, "playlist", "export", playlist_id, "-o", "")
    assert result.returncode == 2
    assert "the path is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_dev_stdout_is_standard_output_in_place(script_env: Env) -> None:
    playlist_id = small_playlist(script_env)
    result = spotipy(script_env, "playlist", "export", playlist_id, "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 3
    assert result.stderr == "Wrote 3 items to /dev/stdout\n"


def test_a_regular_file_is_replaced_keeping_its_mode(script_env: Env, tmp_path: Path) -> None:
    playlist_id = small_playlist(script_env)
    target = tmp_path / "private.csv"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o600)
    before = target.stat().st_ino
    result = spotipy(script_env, "playlist", "export", playlist_id, "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.stat().st_ino != before  # replaced atomically, not rewritten in place
    assert len(list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))) == 3

    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "via-link.csv"
    link.symlink_to(real)
    result = spotipy(script_env, "playlist", "export", playlist_id, "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert real.read_text(encoding="utf-8").startswith("position,")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_folder_is_one_line_without_a_temporary_name(script_env: Env, tmp_path: Path) -> None:
    playlist_id = small_playlist(script_env)
    result = spotipy(script_env, "playlist", "export", playlist_id, "-o", str(tmp_path))
    line = one_line(result)
    assert line == f"spotipy: error: cannot write {tmp_path}: it is a folder"
    missing = tmp_path / "no" / "x.csv"
    line = one_line(spotipy(script_env, "playlist", "export", playlist_id, "-o", str(missing)))
    assert str(missing) in line
    assert ".tmp" not in line


# -- the terminal and spreadsheets -----------------------------------------------------------

HOSTILE = "[/bold] :smile: \x1b]0;title\x07x\x1b[31mred\x9b1m\x00\u202eok\tend"


def test_names_are_shown_as_text_without_controls(script_env: Env) -> None:
    spotify = script_env.library_client()
    spotify.playlist_create(f"zebulon {HOSTILE}", public=True)
    result = spotipy(script_env, "search", "zebulon", "--type", "playlist")
    assert result.returncode == 0, result.stderr
    assert "zebulon [/bold] :smile: xredok end" in result.stdout
    assert not any(ch in result.stdout for ch in "\x1b\x07\x00\x9b\u202e")
    assert "😄" not in result.stdout


def test_csv_cells_are_neutralised_and_json_is_exact(script_env: Env, tmp_path: Path) -> None:
    from spotipy.cli._rows import writer

    rows = [{"name": "=HYPERLINK(1)", "artists": "+1", "album": "-x", "uri": "@a"}]
    for raw, expected in ((False, "'=HYPERLINK(1),'+1,'-x,'@a"), (True, "=HYPERLINK(1),+1,-x,@a")):
        target = tmp_path / f"{raw}.csv"
        with writer(str(target), "csv", raw=raw) as out:
            for row in rows:
                out.write({"position": 0, **row, "added_at": ""})
        assert target.read_text(encoding="utf-8").splitlines()[1] == f"0,{expected},"
    target = tmp_path / "exact.json"
    with writer(str(target), "json") as out:
        out.write({"name": "=1+1\t"})
    assert json.loads(target.read_text(encoding="utf-8")) == [{"name": "=1+1\t"}]
    playlist_id = small_playlist(script_env)
    result = spotipy(script_env, "playlist", "export", playlist_id, "--raw-csv")
    assert result.returncode == 0, result.stderr


# -- rate limits -----------------------------------------------------------------------------


def test_a_rate_limit_wait_is_a_line_when_piped(script_env: Env) -> None:
    faults = script_env.emulator.faults
    faults.add(status=429, headers={"Retry-After": "1"}, path=ITEMS)  # the first page
    faults.add(latency=0.001, path=ITEMS)  # the first page again: it arrives
    faults.add(status=429, headers={"Retry-After": "2"}, path=ITEMS)  # a page of the bulk
    result = spotipy(script_env, "playlist", "export", BIG_PLAYLIST_ID)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "spotipy: waiting 1 s: rate limited" in lines
    assert "spotipy: waiting 2 s: rate limited" in lines
    assert lines[-1] == "spotipy: items: 10000/10000"  # it printed lines: it ends with one
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 10_000

    # A wait longer than the tool waits is not announced: the 429 is the one error line.
    faults.add(status=429, headers={"Retry-After": "3600"}, path=ITEMS)
    line = one_line(spotipy(script_env, "playlist", "export", BIG_PLAYLIST_ID))
    assert line.startswith("spotipy: error: 429")


def test_a_rate_limit_wait_shows_on_the_bar(script_env: Env) -> None:
    faults = script_env.emulator.faults
    faults.add(latency=0.001, path=ITEMS)  # the first page arrives: the bar is drawn
    faults.add(status=429, headers={"Retry-After": "3"}, path=ITEMS)  # a page of the bulk
    result, drawn = export_on_a_terminal(script_env, COLUMNS="150")
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 10_000
    screen = drawn.decode(errors="replace")
    assert "s: rate limited" in screen  # on the bar, counting down from 3 s
    assert "spotipy: waiting" not in screen  # not as a line of its own
    assert "10000/10000" in screen


# -- one line, never a traceback --------------------------------------------------------------


def test_bad_files_and_urls_are_one_line(script_env: Env, tmp_path: Path) -> None:
    config = tmp_path / "config.ini"
    for content in (b"\xff\xfe[DEFAULT]\x00", "[DEFAULT]\nA=é\n".encode("latin-1")):
        config.write_bytes(content)
        line = one_line(spotipy(script_env, "--config", str(config), "search", "a"))
        assert "not UTF-8" in line
    config.write_text("no section\n", encoding="utf-8")
    assert "not an INI file" in one_line(spotipy(script_env, "--config", str(config), "whoami"))

    script_env.token_path.parent.mkdir(parents=True, exist_ok=True)
    script_env.token_path.write_bytes(b"\xff\xfe[app]\x00")
    line = one_line(spotipy(script_env, "whoami"))
    assert line == f"spotipy: error: cannot read {script_env.token_path}: it is not UTF-8 text"

    script_env.token_path.unlink()
    script_env.login_directly()
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    big = tmp_path / "big.json"
    big.write_text('[{"uri": ' + "9" * 5000 + "}]", encoding="utf-8")
    for file in (nested, big):
        line = one_line(spotipy(script_env, "playlist", "import", str(file), "--name", "x"))
        assert str(file) in line

    for url in ("http://[::1", "http://127.0.0.1:99999/v1", "ftp://x/v1"):
        line = one_line(spotipy(script_env, "search", "a", SPOTIPY_API_URL=url))
        assert "SPOTIPY_API_URL" in line


def test_emulator_port_errors_are_one_line(script_env: Env) -> None:
    line = one_line(spotipy(script_env, "emulator", "--port", "99999"), code=2)
    assert line.startswith("spotipy emulator: error: ")
    assert "65535" in line
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        line = one_line(spotipy(script_env, "emulator", "--port", str(port)))
    assert line.startswith("spotipy emulator: error: ")
    assert f"port {port}" in line
    result = spotipy(script_env, "emulator", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: spotipy emulator")
    assert "python -m" not in result.stdout
    with pytest.raises(ValueError, match="65535"), serve(Emulator(seed=0), port=70000):
        pass


# -- interrupts ------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_ends_an_export_at_once_leaving_no_file(
    script_env: Env, tmp_path: Path, signum: int
) -> None:
    # Every page of the playlist takes 20 s: only cancelling the request ends sooner.
    script_env.emulator.faults.add(latency=20, path=ITEMS, times=None)
    target = tmp_path / "out.csv"
    code, err = interrupt(
        script_env,
        ["playlist", "export", BIG_PLAYLIST_ID, "-o", str(target)],
        lambda: any(p.name.endswith(".tmp") for p in tmp_path.iterdir()),
        signum,
        ends_within=15,  # below the 20 s a page takes
    )
    assert code == 128 + signum, err
    assert not [p for p in tmp_path.iterdir() if p.name != "state"]  # no temporary file


def wait_until_blocked_writing(process: subprocess.Popen[str]) -> None:
    """Wait (bounded) until the process sleeps in a write to a full pipe, where Linux says."""
    wchan = Path(f"/proc/{process.pid}/wchan")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if "pipe_write" in wchan.read_text(encoding="ascii"):
                return
        except OSError:
            return  # no /proc: the signals below still end it, blocked or not
        time.sleep(0.05)


def test_a_signal_ends_an_export_blocked_on_a_pipe_nobody_reads(
    script_env: Env, tmp_path: Path
) -> None:
    assert SCRIPT is not None
    fifo = tmp_path / "stuck.fifo"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [SCRIPT, "playlist", "export", BIG_PLAYLIST_ID, "-o", str(fifo), "-q"],
        env=child_env(script_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reader_fd = os.open(fifo, os.O_RDONLY)  # opened, then read only a little
    try:
        first = b""
        while b"\n" not in first:  # rows flow; the pipe fills up behind them
            chunk = os.read(reader_fd, 100)
            assert chunk, "the export wrote nothing"
            first += chunk
        assert first.startswith(b"position,name")
        wait_until_blocked_writing(process)
        for _ in range(10):  # a bounded number of signals, a second apart
            process.send_signal(signal.SIGTERM)
            try:
                _, err = process.communicate(timeout=1)
                break
            except subprocess.TimeoutExpired:
                continue
        else:
            pytest.fail("the export never ended")
    finally:
        os.close(reader_fd)
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "state") == ["stuck.fifo"]


def test_a_public_playlist_exports_while_logged_in(script_env: Env) -> None:
    script_env.login_directly()
    result = spotipy(script_env, "playlist", "export", BIG_PLAYLIST_ID, "-q", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "spotipy: your login may not read this playlist's items; reading them with the app token"
    ]
    assert len(json.loads(result.stdout)) == 10_000
