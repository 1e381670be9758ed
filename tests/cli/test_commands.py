"""Every command and error path of ``spotipy``, run in-process through ``main([...])``.

The commands reach the emulator over HTTP on a loopback socket, as the installed script
does; what they changed is read back with the library, over HTTP too.
"""

from __future__ import annotations

import csv
import io
import json
import os
import runpy
import stat
import sys
import webbrowser
from pathlib import Path
from typing import Any

import httpx
import pytest

import spotipy.cli
from spotipy.cli import main
from spotipy.cli._rows import FIELDS, read_uris, row_for
from spotipy.cli._settings import AppConfig, CliError
from spotipy.emulator import BIG_PLAYLIST_ID, DEFAULT_USER_ID
from spotipy.model import UnknownItem
from tests.cli.conftest import Env

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("spotipy: error: "), err
    assert "Traceback" not in err
    return lines[0]


def csv_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == FIELDS
    return list(reader)


class Browser:
    """Stands in for the user's browser: follows the authorisation URL over HTTP."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, url: str, *args: Any, **kwargs: Any) -> bool:
        self.opened.append(url)
        with httpx.Client(trust_env=False, timeout=10) as http:
            answer = http.get(url)  # the emulator approves at once and redirects
            assert answer.status_code in (302, 303), answer.text
            page = http.get(answer.headers["location"])  # the prompt's loopback server
            assert page.status_code == 200
        return True


def other_user(env: Env, n: int) -> str:
    users = [u for u in env.emulator.catalogue.user_ids if u not in (DEFAULT_USER_ID, "spotify")]
    return users[n]


# -- the program itself ---------------------------------------------------------------------


def test_without_the_extra_one_line_says_what_to_install(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "click", None)
    code, out, err = run(capsys, "whoami")
    assert code == 1
    assert out == ""
    assert "pip install 'spotipy-client[cli]'" in one_error_line(err)


def test_version_help_and_bad_usage(capsys: Capture) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("spotipy, version ")
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("login", "whoami", "search", "playlist", "library", "emulator"):
        assert command in out
    code, out, err = run(capsys, "frobnicate")
    assert code == 2
    assert "No such command 'frobnicate'" in err
    assert "Traceback" not in err


def test_python_dash_m(capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["spotipy", "--version"])
    with pytest.raises(SystemExit) as done:
        # By path: pytest's import hook for the spotipy plugin cannot serve run_module.
        runpy.run_path(
            str(Path(spotipy.cli.__file__).with_name("__main__.py")), run_name="__main__"
        )
    assert done.value.code == 0
    assert "spotipy, version" in capsys.readouterr().out


# -- credentials ------------------------------------------------------------------------------


def test_missing_credentials_name_the_variables(
    env: Env, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SPOTIPY_CLIENT_ID")
    monkeypatch.delenv("SPOTIPY_CLIENT_SECRET")
    code, out, err = run(capsys, "search", "blue")
    assert code == 1
    assert out == ""
    line = one_error_line(err)
    assert "SPOTIPY_CLIENT_ID and SPOTIPY_CLIENT_SECRET" in line
    assert str(env.home.parent / "config" / "spotipy" / "config.ini") in line


def test_credentials_from_a_config_file(
    env: Env, capsys: Capture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = env.emulator.client_secret
    monkeypatch.delenv("SPOTIPY_CLIENT_ID")
    monkeypatch.delenv("SPOTIPY_CLIENT_SECRET")
    path = tmp_path / "app.ini"
    path.write_text(
        f"[emulator]\nSPOTIPY_CLIENT_ID = {env.emulator.client_id}\n"
        f"SPOTIPY_CLIENT_SECRET = {secret}\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--config", str(path), "--section", "emulator", "search", "blue")
    assert (code, err) == (0, "")
    assert "spotify:track:" in out
    # The default file, in the tool's folder, is read too.
    default = Path(env.vars["XDG_CONFIG_HOME"]) / "spotipy" / "config.ini"
    default.parent.mkdir(parents=True)
    default.write_text(path.read_text(encoding="utf-8").replace("[emulator]", "[DEFAULT]"))
    code, out, err = run(capsys, "search", "blue")
    assert (code, err) == (0, "")
    # A variable that is set wins over the file.
    monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", "not-the-secret")
    code, out, err = run(capsys, "search", "blue")
    assert code == 1
    assert secret not in err
    assert "invalid_client" in one_error_line(err)


def test_config_file_errors(env: Env, capsys: Capture, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--config", str(tmp_path / "nope.ini"), "search", "blue")
    assert code == 1
    assert "does not exist" in one_error_line(err)
    path = tmp_path / "app.ini"
    path.write_text("[a]\nSPOTIPY_CLIENT_ID = x\n", encoding="utf-8")
    code, _, err = run(capsys, "--config", str(path), "--section", "b", "search", "blue")
    assert code == 1
    assert "section 'b' not found" in one_error_line(err)
    path.write_text("not an ini file\n", encoding="utf-8")
    code, _, err = run(capsys, "--config", str(path), "search", "blue")
    assert code == 1
    one_error_line(err)


def test_network_failure_is_one_line(
    env: Env, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.cli.conftest import free_port

    closed = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("SPOTIPY_ACCOUNTS_URL", closed)
    monkeypatch.setenv("SPOTIPY_API_URL", f"{closed}/v1")
    code, out, err = run(capsys, "playlist", "export", BIG_PLAYLIST_ID)
    assert code == 1
    assert out == ""
    assert "check the network" in one_error_line(err)


# -- login, whoami, logout --------------------------------------------------------------------


def test_login_saves_a_private_token_file_then_whoami(
    env: Env, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = Browser()
    monkeypatch.setattr(webbrowser, "open", browser)
    code, out, err = run(capsys, "login", "--scope", "user-read-private,user-read-email")
    assert code == 0, err
    assert out == ""  # the prompt's lines go to stderr
    assert "Logged in as Emulator Listener (emulator-user)" in err
    assert len(browser.opened) == 1
    assert "scope=user-read-email+user-read-private" in browser.opened[0]
    assert stat.S_IMODE(os.stat(env.token_path).st_mode) == 0o600
    text = env.token_path.read_text(encoding="utf-8")
    refresh = text.split("SPOTIPY_USER_REFRESH = ")[1].split()[0]
    assert refresh not in err
    code, out, err = run(capsys, "whoami")
    assert (code, err) == (0, "")
    assert "emulator-user" in out
    assert "Emulator Listener" in out
    assert refresh not in out


def test_login_with_the_default_scopes_and_no_browser(
    env: Env, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = Browser()

    def never(url: str) -> bool:
        raise AssertionError("--no-browser opened a browser")

    monkeypatch.setattr(webbrowser, "open", never)
    printed: list[str] = []
    real_print = print

    def watch(*args: Any, **kwargs: Any) -> None:
        # The URL the user is asked to open: the test opens it, as the user would.
        real_print(*args, **kwargs)
        text = " ".join(str(a) for a in args)
        if "http" in text and not printed:
            printed.append(text)
            browser(text.splitlines()[-1])

    monkeypatch.setattr("builtins.print", watch)
    code, _, err = run(capsys, "login", "--no-browser", "--timeout", "20")
    assert code == 0, err
    assert "playlist-modify-private" in browser.opened[0]
    assert "user-library-read" in browser.opened[0]


def test_login_errors(env: Env, capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(capsys, "login", "--scope", "bogus-scope")
    assert code == 2
    assert "Unknown authorisation scope" in err
    monkeypatch.delenv("SPOTIPY_REDIRECT_URI")
    code, _, err = run(capsys, "login")
    assert code == 1
    assert "SPOTIPY_REDIRECT_URI" in one_error_line(err)
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", "http://localhost:8080/callback")
    code, _, err = run(capsys, "login", "--no-browser")
    assert code == 1
    assert "localhost" in one_error_line(err)


def test_whoami_needs_a_login(env: Env, capsys: Capture) -> None:
    code, out, err = run(capsys, "whoami")
    assert code == 1
    assert out == ""
    assert "run 'spotipy login' first" in one_error_line(err)


@pytest.mark.parametrize("command", ["whoami", "backup"])  # async and sync clients
def test_a_revoked_login_asks_to_log_in_again(
    env: Env, capsys: Capture, tmp_path: Path, command: str
) -> None:
    refresh = env.login_directly()
    env.emulator.revoke_refresh_token(refresh)
    args = [command, str(tmp_path / "backup")] if command == "backup" else [command]
    code, _, err = run(capsys, *args)
    assert code == 1
    assert "run 'spotipy login' again" in one_error_line(err)
    assert refresh not in err


def test_logout(env: Env, capsys: Capture) -> None:
    env.login_directly()
    assert run(capsys, "logout") == (0, "", "Logged out.\n")
    code, _, err = run(capsys, "logout")
    assert code == 0
    assert "Not logged in" in err
    code, _, err = run(capsys, "whoami")
    assert code == 1


def test_a_client_id_that_cannot_name_a_section(
    env: Env, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPOTIPY_CLIENT_ID", "a]b")
    code, _, err = run(capsys, "whoami")
    assert code == 1
    assert "cannot name a section" in one_error_line(err)


# -- search ---------------------------------------------------------------------------------


def test_search_prints_what_the_library_finds(env: Env, capsys: Capture) -> None:
    code, out, err = run(capsys, "search", "blue", "--limit", "12")
    assert (code, err) == (0, "")
    spotify = env.library_client()
    (tracks,) = spotify.search("blue", ("track",), limit=10)
    expected = [t.uri for t in spotify.all_items(tracks, max_items=12)]
    printed = [word for word in out.split() if word.startswith("spotify:track:")]
    assert printed == expected
    assert len(printed) == 12


def test_search_every_type(env: Env, capsys: Capture) -> None:
    types = ("album", "artist", "playlist", "track", "show", "episode", "audiobook")
    args = [arg for t in types for arg in ("--type", t)]
    code, out, err = run(capsys, "search", "a", *args, "--limit", "3")
    assert (code, err) == (0, "")
    for kind in types:
        assert f"{kind}s" in out
    assert "spotify:album:" in out
    assert "spotify:show:" in out


def test_search_without_results_says_so(env: Env, capsys: Capture) -> None:
    code, out, _ = run(capsys, "search", "zzqxqzzqxq")
    assert code == 0
    assert "no results" in out


def test_search_bad_usage(env: Env, capsys: Capture) -> None:
    assert run(capsys, "search", "  ")[0] == 2
    assert run(capsys, "search", "a", "--type", "song")[0] == 2
    assert run(capsys, "search", "a", "--limit", "51")[0] == 2


# -- playlist export ------------------------------------------------------------------------


def test_export_the_big_playlist_as_csv_with_a_progress_bar(
    env: Env, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich: draw as on a terminal
    code, out, err = run(capsys, "playlist", "export", BIG_PLAYLIST_ID)
    assert code == 0
    assert "10000/10000" in err  # the bar, on stderr only
    rows = csv_rows(out)
    assert len(rows) == 10_000
    assert [int(r["position"]) for r in rows] == list(range(10_000))
    assert env.emulator.catalogue.playlist_item_uris(BIG_PLAYLIST_ID) == [r["uri"] for r in rows]
    assert all(r["name"] and r["artists"] and r["album"] for r in rows)
    assert rows[0]["added_at"] == "2020-09-13T12:26:40Z"
    assert rows[1]["added_at"] == "2020-09-13T12:27:40Z"


def test_export_json_to_a_file_without_a_bar_when_not_a_terminal(
    env: Env, capsys: Capture, tmp_path: Path
) -> None:
    target = tmp_path / "big.json"
    url = f"https://open.spotify.com/playlist/{BIG_PLAYLIST_ID}?si=x"
    code, out, err = run(capsys, "playlist", "export", url, "--output", str(target), "-q")
    assert (code, out) == (0, "")
    assert err == f"Wrote 10000 items to {target}\n"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data) == 10_000
    assert all(tuple(row) == FIELDS for row in data)
    assert data[9_999]["position"] == 9_999
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left


def test_export_local_files_and_episodes(env: Env, capsys: Capture) -> None:
    env.login_directly()
    owned = set(env.emulator.catalogue.playlists_owned_by(DEFAULT_USER_ID))
    local = set(env.emulator.catalogue.playlists_containing("local"))
    episodes = set(env.emulator.catalogue.playlists_containing("episode"))
    playlist_id = sorted(owned & local & episodes)[0]
    code, out, err = run(capsys, "playlist", "export", f"spotify:playlist:{playlist_id}", "-q")
    assert (code, err) == (0, "")
    rows = csv_rows(out)
    assert [r["uri"] for r in rows] == env.emulator.catalogue.playlist_item_uris(playlist_id)
    local_rows = [r for r in rows if r["uri"].startswith("spotify:local:")]
    assert len(local_rows) == 1
    assert local_rows[0]["name"]
    episode_rows = [r for r in rows if r["uri"].startswith("spotify:episode:")]
    assert len(episode_rows) == 3
    assert all(r["album"] for r in episode_rows)  # the show's name


def test_rows_of_unavailable_and_unknown_items() -> None:
    assert row_for(4, None, None) == {
        "position": 4,
        "name": "",
        "artists": "",
        "album": "",
        "uri": "",
        "added_at": "",
    }
    odd = UnknownItem({"name": "A video", "uri": "spotify:video:x", "type": "video"})
    row = row_for(5, odd, None)
    assert (row["name"], row["uri"], row["artists"]) == ("A video", "spotify:video:x", "")


def test_export_unknown_playlist_is_one_line(env: Env, capsys: Capture) -> None:
    code, out, err = run(capsys, "playlist", "export", "0000000000000000000000")
    assert code == 1
    assert out == ""
    assert "404" in one_error_line(err)


def test_export_bad_playlist_argument_is_usage(env: Env, capsys: Capture) -> None:
    code, out, err = run(capsys, "playlist", "export", "spotify:album:0000000000000000000000")
    assert code == 2
    assert out == ""
    assert "Expected a playlist ID" in err


def test_export_with_a_user_token_of_someone_elses_playlist(env: Env, capsys: Capture) -> None:
    env.login_directly()
    code, out, err = run(capsys, "playlist", "export", BIG_PLAYLIST_ID, "--format", "json", "-q")
    assert code == 0, err
    assert err == (
        "spotipy: your login may not read this playlist's items; reading them with the app token\n"
    )
    assert len(json.loads(out)) == 10_000
    code, out, err = run(
        capsys, "playlist", "export", BIG_PLAYLIST_ID, "--app", "--format", "json", "-q"
    )
    assert (code, err) == (0, "")
    assert len(json.loads(out)) == 10_000


def test_export_of_someone_elses_private_playlist(env: Env, capsys: Capture) -> None:
    owner = env.library_client(other_user(env, 1))
    private = owner.playlist_create("Mine only", public=False)
    env.login_directly()
    code, out, err = run(capsys, "playlist", "export", private.id)
    assert (code, out) == (1, "")
    lines = err.strip().splitlines()
    assert lines[0].endswith("reading them with the app token")
    assert lines[1].startswith("spotipy: error: ")
    assert "only the owner and collaborators" in lines[1]
    assert len(lines) == 2


def test_export_to_an_unwritable_place(env: Env, capsys: Capture, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.csv"
    code, _, err = run(capsys, "playlist", "export", BIG_PLAYLIST_ID, "-o", str(target))
    assert code == 1
    assert "cannot write" in one_error_line(err)


def test_a_failed_export_leaves_no_file(env: Env, capsys: Capture, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("the old export\n", encoding="utf-8")
    # The first page arrives (a fault that only delays it), the next one fails.
    path = f"/v1/playlists/{BIG_PLAYLIST_ID}/items"
    env.emulator.faults.add(latency=0.001, path=path)
    env.emulator.faults.add(status=404, path=path)
    code, _, err = run(capsys, "playlist", "export", BIG_PLAYLIST_ID, "-o", str(target))
    assert code == 1
    one_error_line(err)
    assert target.read_text(encoding="utf-8") == "the old export\n"
    assert list(tmp_path.iterdir()) == [target]


# -- playlist import ------------------------------------------------------------------------


def test_import_an_export_creates_the_playlist(env: Env, capsys: Capture, tmp_path: Path) -> None:
    env.login_directly()
    owned = set(env.emulator.catalogue.playlists_owned_by(DEFAULT_USER_ID))
    source = sorted(owned & set(env.emulator.catalogue.playlists_containing("local")))[0]
    exported = tmp_path / "mix.csv"
    assert run(capsys, "playlist", "export", source, "-o", str(exported))[0] == 0
    code, out, err = run(capsys, "playlist", "import", str(exported), "--name", "Imported mix")
    assert code == 0, err
    assert "skipped 1 local files" in err
    uri = out.strip()
    assert uri.startswith("spotify:playlist:")
    spotify = env.library_client()
    created = spotify.playlist(uri)
    assert created.name == "Imported mix"
    assert created.public is False
    items = spotify.all_items(spotify.playlist_items(uri))
    wanted = [
        u
        for u in env.emulator.catalogue.playlist_item_uris(source)
        if not u.startswith("spotify:local:")
    ]
    assert [entry.item.uri for entry in items if entry.item is not None] == wanted


def test_import_json_skips_unavailable_items(env: Env, capsys: Capture, tmp_path: Path) -> None:
    env.login_directly()
    track = env.emulator.catalogue.track_ids[0]
    file = tmp_path / "list.txt"
    rows = [{"uri": f"spotify:track:{track}"}, {"uri": ""}, {"name": "gone"}]
    file.write_text(json.dumps(rows), encoding="utf-8")
    code, out, err = run(capsys, "playlist", "import", str(file), "--name", "J", "--public")
    assert code == 0, err
    assert "skipped 2 unavailable items" in err
    spotify = env.library_client()
    assert spotify.playlist(out.strip()).public is True
    assert [e.item.uri for e in spotify.playlist_items(out.strip()).items if e.item] == [
        f"spotify:track:{track}"
    ]


@pytest.mark.parametrize(
    ("content", "kind", "message"),
    [
        ("name,artists\nA,B\n", None, "no 'uri' column"),
        ("position,uri\n0,\n", None, "holds no track or episode URIs"),
        ('[{"name": "a"}]', None, "no 'uri' fields"),
        ('{"uri": "x"}', None, "expected a JSON list of objects"),
        ("[1, 2", "json", "is not JSON"),
        ("uri\nspotify:album:0000000000000000000000\n", "csv", "is a album URI"),
        ("uri\nnot-a-uri\n", None, "Invalid Spotify URI"),
        ('[{"uri": 5}]', None, "is not text"),
        ('uri\n"a\n', None, "not a readable CSV"),
    ],
)
def test_import_refuses_bad_files_before_any_request(
    env: Env, capsys: Capture, tmp_path: Path, content: str, kind: str | None, message: str
) -> None:
    file = tmp_path / "bad"
    file.write_text(content, encoding="utf-8")
    before = len(env.emulator.requests)
    extra = ["--format", kind] if kind else []
    code, out, err = run(capsys, "playlist", "import", str(file), "--name", "X", *extra)
    assert code == 1
    assert out == ""
    assert message in one_error_line(err)
    assert len(env.emulator.requests) == before


def test_import_usage_and_file_errors(env: Env, capsys: Capture, tmp_path: Path) -> None:
    assert run(capsys, "playlist", "import", str(tmp_path / "none.csv"), "--name", "X")[0] == 2
    file = tmp_path / "ok.csv"
    file.write_text("uri\nspotify:track:0000000000000000000000\n", encoding="utf-8")
    assert run(capsys, "playlist", "import", str(file))[0] == 2  # --name is required
    assert run(capsys, "playlist", "import", str(file), "--name", " ")[0] == 2
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00uri")
    code, _, err = run(capsys, "playlist", "import", str(binary), "--name", "X")
    assert code == 1
    assert "not UTF-8" in one_error_line(err)
    with pytest.raises(CliError, match="cannot read"):
        read_uris(str(tmp_path), None)  # a folder (click refuses one before this)
    code, _, err = run(capsys, "playlist", "import", str(file), "--name", "X")
    assert code == 1
    assert "run 'spotipy login' first" in one_error_line(err)


# -- library export -------------------------------------------------------------------------


def test_library_export(env: Env, capsys: Capture, tmp_path: Path) -> None:
    user = other_user(env, 0)
    env.login_directly(user)
    tracks = env.emulator.catalogue.track_ids[:60]
    env.library_client(user).library_add([f"spotify:track:{t}" for t in tracks])
    code, out, err = run(capsys, "library", "export", "-q")  # no progress line, however slow
    assert (code, err) == (0, "")
    rows = csv_rows(out)
    assert {r["uri"] for r in rows} == {f"spotify:track:{t}" for t in tracks}
    assert len(rows) == 60
    target = tmp_path / "library.json"
    code, _, err = run(capsys, "library", "export", "-o", str(target), "-q")
    assert code == 0
    assert err == f"Wrote 60 tracks to {target}\n"
    assert [r["uri"] for r in json.loads(target.read_text(encoding="utf-8"))] == [
        r["uri"] for r in rows
    ]


def test_library_export_needs_a_login(env: Env, capsys: Capture) -> None:
    code, out, err = run(capsys, "library", "export")
    assert (code, out) == (1, "")
    assert "spotipy login" in one_error_line(err)


# -- the emulator ---------------------------------------------------------------------------


def test_emulator_takes_the_options_of_python_m_spotipy_emulator(capsys: Capture) -> None:
    code, out, _ = run(capsys, "emulator", "--help")
    assert code == 0
    assert "--auto-approve" in out
    assert "--profile" in out
    code, _, err = run(capsys, "emulator", "--host", "0.0.0.0")
    assert code == 2
    assert "loopback" in err
    assert "Traceback" not in err


def test_emulator_without_uvicorn(capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    code, _, err = run(capsys, "emulator", "--port", "0")
    assert code == 1
    assert "uvicorn" in err.splitlines()[-1]
    assert err.splitlines()[-1].startswith("spotipy: error: ")


# -- the shell's conventions ----------------------------------------------------------------


def test_interrupt_is_130_without_a_traceback(
    env: Env, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(url: str) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(webbrowser, "open", interrupted)
    code, _, err = run(capsys, "login")
    assert code == 130
    assert err.strip().splitlines()[-1] == "spotipy: interrupted"


class ClosedPipe(io.StringIO):
    """Standard output whose reader went away (``spotipy ... | head -1``)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_ends_quietly(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    errors = io.StringIO()
    # click wraps both streams after a closed pipe: monkeypatch puts the real ones back.
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    monkeypatch.setattr(sys, "stderr", errors)
    assert main(["playlist", "export", BIG_PLAYLIST_ID]) == 1
    assert errors.getvalue() == ""


def test_app_config_repr_hides_the_secret() -> None:
    shown = repr(AppConfig("the-id", "the-secret", None))
    assert "the-id" in shown
    assert "the-secret" not in shown


def test_the_sync_client_for_synchronous_callers(env: Env) -> None:
    from spotipy.cli._settings import Settings, client

    settings = Settings(None, env.token_path)
    with client(settings, user=False) as spotify:
        assert spotify.track(env.emulator.catalogue.track_ids[0]).uri.startswith("spotify:track:")
    with pytest.raises(CliError, match="spotipy login"), client(settings, user=True):
        pass
    env.login_directly()
    with client(settings, user=True) as spotify:
        assert spotify.current_user().id == DEFAULT_USER_ID
