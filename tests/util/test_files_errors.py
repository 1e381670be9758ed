"""Token and config files: every failure is a FileError naming the file; comments are kept."""

from __future__ import annotations

import configparser
import stat
from pathlib import Path

import pytest

from spotipy.errors import FileError, SpotipyError
from spotipy.util import TokenFile, config_from_file, config_to_file
from spotipy.util._files import update_ini

COMMENTED = """\
# My Spotify app: keep this file private.
[DEFAULT]
; the ID from the dashboard
SPOTIPY_CLIENT_ID = old-id
SPOTIPY_CLIENT_SECRET = old
  continued

# the redirect URI registered for the app
SPOTIPY_REDIRECT_URI=http://127.0.0.1:8080/callback

[work]
# another app
SPOTIPY_CLIENT_ID = work-id
"""


def test_config_to_file_keeps_comments_and_order(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    path.write_text(COMMENTED, encoding="utf-8")
    config_to_file(path, (None, "new-secret", None, "refresh"))
    text = path.read_text(encoding="utf-8")
    assert text == COMMENTED.replace(
        "SPOTIPY_CLIENT_SECRET = old\n  continued\n",
        "SPOTIPY_CLIENT_SECRET = new-secret\n",
    ).replace(
        "SPOTIPY_REDIRECT_URI=http://127.0.0.1:8080/callback\n",
        "SPOTIPY_REDIRECT_URI=http://127.0.0.1:8080/callback\nSPOTIPY_USER_REFRESH = refresh\n",
    )
    assert config_from_file(path, return_refresh=True) == (
        "old-id",
        "new-secret",
        "http://127.0.0.1:8080/callback",
        "refresh",
    )
    config_to_file(path, {"SPOTIPY_CLIENT_ID": "new-work-id"}, section="work")
    assert path.read_text(encoding="utf-8").endswith(
        "[work]\n# another app\nSPOTIPY_CLIENT_ID = new-work-id\n"
    )
    config_to_file(path, {"k": "v"}, section="new")
    assert path.read_text(encoding="utf-8").endswith("new-work-id\n\n[new]\nk = v\n")
    assert "# My Spotify app" in path.read_text(encoding="utf-8")


def test_token_file_keeps_comments_when_saving_and_clearing(tmp_path: Path) -> None:
    path = tmp_path / "token.ini"
    start = "# tokens of my apps\n[app]\n# the user's token\nSPOTIPY_USER_REFRESH = old\n"
    path.write_text(start, encoding="utf-8")
    store = TokenFile(path, "app")
    assert store.save("new")
    assert path.read_text(encoding="utf-8") == start.replace("= old", "= new")
    assert store.load() == "new"
    assert store.clear()
    assert path.read_text(encoding="utf-8") == "# tokens of my apps\n[app]\n# the user's token\n"
    assert store.load() is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("text", "section", "values", "remove", "expected"),
    [
        ("", "s", {"a": "1"}, (), "[s]\na = 1\n"),
        ("[s]\na=0", "s", {"a": "1"}, (), "[s]\na = 1\n"),
        ("[s]\na=0\n\n[t]\nb=2\n", "s", {"c": "3"}, (), "[s]\na=0\nc = 3\n\n[t]\nb=2\n"),
        ("[s]\n# only a comment\n", "s", {"c": "3"}, (), "[s]\nc = 3\n# only a comment\n"),
        ("[s]\na: x\n  y\nb=1\n", "s", {}, ("a",), "[s]\nb=1\n"),
        ("[t]\na=0\n", "s", {}, ("a",), "[t]\na=0\n"),
        # Layouts the line updater gets wrong: configparser writes them (values kept).
        ("[s]\n  a=indented first key\n", "s", {"a": "1"}, (), "[s]\na = 1\n\n"),
        ("[s]\na = x\n\n  y\nb=1\n", "s", {"a": "1"}, (), "[s]\na = 1\nb = 1\n\n"),
    ],
)
def test_update_ini_table(
    text: str,
    section: str,
    values: dict[str, str],
    remove: tuple[str, ...],
    expected: str,
) -> None:
    def parser() -> configparser.ConfigParser:
        found = configparser.ConfigParser(interpolation=None)
        found.optionxform = str  # type: ignore[assignment, method-assign]
        return found

    assert update_ini(text, section, values, remove, parser=parser) == expected
    result = parser()
    result.read_string(expected)
    assert all(result.get(section, key) == value for key, value in values.items())


def check_file_error(error: pytest.ExceptionInfo[FileError], path: Path) -> str:
    assert isinstance(error.value, SpotipyError)
    assert isinstance(error.value, OSError)
    assert error.value.path == str(path)
    message = str(error.value)
    assert str(path) in message
    assert ".tmp" not in message
    assert "\n" not in message
    return message


def test_token_file_save_where_it_cannot_be_written(tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "token.ini"
    with pytest.raises(FileError) as error:
        TokenFile(missing).save("secret-token")
    assert "does not exist" in check_file_error(error, missing)
    assert "secret-token" not in str(error.value)

    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(FileError) as error:
        TokenFile(folder).save("secret-token")
    check_file_error(error, folder)

    plain = tmp_path / "plain"
    plain.write_text("x", encoding="utf-8")
    below = plain / "token.ini"
    with pytest.raises(FileError) as error:
        TokenFile(below).save("secret-token")
    check_file_error(error, below)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder", "plain"]


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"\xff\xfe\x00[app]\n", "not UTF-8"),
        (b"SPOTIPY_USER_REFRESH = secret-in-file\n", "outside any [section]"),
        (b"[app]\nsecret-in-file\n", "cannot read line 2"),
        (b"[app]\nk=1\n[app]\n", "appears twice"),
    ],
)
def test_token_file_load_of_a_bad_file(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "token.ini"
    path.write_bytes(content)
    with pytest.raises(FileError) as error:
        TokenFile(path, "app").load()
    message = check_file_error(error, path)
    assert why in message
    assert "secret-in-file" not in message
    with pytest.raises(FileError):
        TokenFile(path, "app").save("new")
    assert path.read_bytes() == content  # nothing replaced


def test_config_to_file_failures(tmp_path: Path) -> None:
    binary = tmp_path / "binary.ini"
    binary.write_bytes(b"\x00\xff\xfe")
    with pytest.raises(FileError) as error:
        config_to_file(binary, ("id",))
    assert "not UTF-8" in check_file_error(error, binary)
    assert binary.read_bytes() == b"\x00\xff\xfe"

    missing = tmp_path / "missing" / "app.ini"
    with pytest.raises(FileError) as error:
        config_to_file(missing, ("id",))
    assert "does not exist" in check_file_error(error, missing)

    folder = tmp_path / "folder.ini"
    folder.mkdir()
    with pytest.raises(FileError) as error:
        config_to_file(folder, ("id",))
    check_file_error(error, folder)
