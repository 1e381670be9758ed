"""Secrets files under concurrent writers, hostile names, symlinks and crashed writers."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spotipy.util import TokenFile, config_from_file, config_to_file

WRITER = """
import sys
from spotipy.util import TokenFile, config_to_file
path, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for n in range(count):
    if n % 2:
        TokenFile(path, f"{who}-tokens").save(f"refresh-{who}-{n}")
        TokenFile(path, f"{who}-{n}").save(f"refresh-{n}")
    else:
        config_to_file(path, {f"KEY_{who}_{n}": str(n)}, section=who)
"""


def test_writers_in_four_processes_lose_no_key(tmp_path: Path) -> None:
    path = tmp_path / "shared.ini"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"w{w}", "60"]) for w in range(4)
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(path)
    for w in range(4):
        keys = set(parser[f"w{w}"])
        assert {f"KEY_w{w}_{n}" for n in range(0, 60, 2)} <= keys
        for n in range(1, 60, 2):
            assert TokenFile(path, f"w{w}-{n}").load() == f"refresh-{n}"
        assert TokenFile(path, f"w{w}-tokens").load() == f"refresh-w{w}-59"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    "name", ["a]b", "evil]\n[DEFAULT", "x=y", "line\nbreak", "", " padded", "#comment", "a:b"]
)
def test_names_that_would_inject_sections_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / "app.ini"
    config_to_file(path, ("id", "secret", "http://127.0.0.1:9/cb"))
    before = path.read_text()
    with pytest.raises(ValueError, match="INI name"):
        TokenFile(path, name)
    with pytest.raises(ValueError, match="INI name"):
        config_to_file(path, {"K": "v"}, section=name)
    with pytest.raises(ValueError, match="INI name"):
        config_to_file(path, {name: "v"})
    with pytest.raises(ValueError, match="control characters"):
        config_to_file(path, {"K": "v\n[evil]\nx = 1"})
    assert path.read_text() == before
    assert config_from_file(path)[:2] == ("id", "secret")


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real" / "secrets.ini"
    real.parent.mkdir()
    config_to_file(real, ("id", "secret", "http://127.0.0.1:9/cb"))
    link = tmp_path / "link.ini"
    link.symlink_to(real)
    TokenFile(link).save("refresh-1")
    config_to_file(link, {"EXTRA": "1"})
    assert link.is_symlink()
    assert TokenFile(real).load() == "refresh-1"
    assert config_from_file(real, return_refresh=True)[3] == "refresh-1"
    assert "EXTRA" in real.read_text()
    assert oct(real.stat().st_mode & 0o777) == "0o600"


def test_temporary_files_of_a_crashed_writer_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "app.ini"
    stale = tmp_path / ".app.ini.abc123.tmp"
    stale.write_text("SPOTIPY_USER_REFRESH = a-secret-left-behind")
    os.chmod(stale, 0o600)
    TokenFile(path).save("refresh-2")
    assert not stale.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["app.ini"]
