"""This project as a distribution: its wheel's name and command, and the warning when
plamere's spotipy (the same import name) shares the environment."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import spotipy
from spotipy._installed import SharedImportNameWarning, check, other_distributions

ROOT = Path(__file__).resolve().parents[2]


def make_site(folder: Path, *entries: str, package: bool = True) -> Path:
    """A folder like site-packages: ``spotipy/`` (if ``package``) and metadata folders."""
    folder.mkdir()
    if package:
        (folder / "spotipy").mkdir()
        (folder / "spotipy" / "__init__.py").write_text("")
    for entry in entries:
        (folder / entry).mkdir()
    return folder


def test_plamere_spotipy_next_to_a_spotipy_package_is_found(tmp_path: Path) -> None:
    theirs = make_site(tmp_path / "theirs", "spotipy-2.26.0.dist-info", "rich-13.0.dist-info")
    old = make_site(tmp_path / "old", "Spotipy-2.4.4.egg-info")
    ours = make_site(tmp_path / "ours", "spotipy_client-0.1.0.dist-info")
    # Metadata with no package beside it installed no files that could mix with ours.
    stale = make_site(tmp_path / "stale", "spotipy-2.0.dist-info", package=False)
    missing = str(tmp_path / "missing")
    found = other_distributions([str(ours), str(theirs), str(stale), missing, str(old)])
    assert found == [
        str(theirs / "spotipy-2.26.0.dist-info"),
        str(old / "Spotipy-2.4.4.egg-info"),
    ]
    assert other_distributions([str(ours), str(stale), missing]) == []


def test_the_warning_names_the_conflict_and_what_to_do(tmp_path: Path) -> None:
    theirs = make_site(tmp_path / "theirs", "spotipy-2.26.0.dist-info")
    with pytest.warns(SharedImportNameWarning) as caught:
        check([str(theirs)])
    (warning,) = caught
    message = str(warning.message)
    assert str(theirs / "spotipy-2.26.0.dist-info") in message
    assert "plamere's spotipy" in message
    assert "same import name" in message
    assert "pip uninstall spotipy spotipy-client" in message
    assert "its own virtual environment" in message


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONWARNINGS", "PYTHONPATH")}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )


def test_import_warns_once_when_plamere_spotipy_is_installed_too(tmp_path: Path) -> None:
    # Their package comes after ours on sys.path (ours is imported), their metadata with it.
    theirs = make_site(tmp_path / "theirs", "spotipy-2.26.0.dist-info")
    code = (
        f"import sys; sys.path.append({str(theirs)!r})\n"
        "import spotipy\n"
        "import spotipy\n"
        f"assert spotipy.__file__ == {spotipy.__file__!r}, spotipy.__file__\n"
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("SharedImportNameWarning") == 1, done.stderr
    # The warning points at the program's import line, not into spotipy.
    assert done.stderr.startswith("<string>:2: SharedImportNameWarning: another distribution")


def test_import_is_silent_alone(tmp_path: Path) -> None:
    ours = make_site(tmp_path / "ours", "spotipy_client-0.1.0.dist-info")
    done = run_python(f"import sys; sys.path.append({str(ours)!r})\nimport spotipy\n")
    assert done.returncode == 0
    assert done.stderr == ""


def test_the_wheel_is_spotipy_client_with_the_spotipy_command(tmp_path: Path) -> None:
    # Built offline from the checkout with the hatchling of the dev extra (pip wheel with
    # no build isolation fetches nothing), as a fresh install from the README's line does.
    built = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("--no-index", "--disable-pip-version-check", "--quiet"),
            *("--wheel-dir", str(tmp_path), str(ROOT)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("*.whl")
    assert wheel.name.startswith(f"spotipy_client-{spotipy.__version__}-")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = f"spotipy_client-{spotipy.__version__}.dist-info"
        metadata = Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    assert metadata["Name"] == "spotipy-client"
    assert metadata["Version"] == spotipy.__version__
    assert "spotipy/__init__.py" in names  # imported as spotipy
    assert not [name for name in names if name.startswith("spotipy-")]
    sections = entry_points.replace(" ", "").split("\n\n")
    assert "[console_scripts]\nspotipy=spotipy.cli:main" in [s.strip() for s in sections]


#: Where the project tells users what to install.
INSTALL_TEXTS = ["README.md", "docs/**/*.md", "examples/**/*.md", "examples/**/*.py", "src/**/*.py"]
#: The sentences that name plamere's install line to warn against it.
WARNINGS_AGAINST = ("Never `pip install spotipy`", "`pip install spotipy` does not")


def install_lines() -> list[tuple[str, str]]:
    """(file, what follows ``pip install``) for every install line of the user's texts."""
    found = []
    for pattern in INSTALL_TEXTS:
        for path in sorted(ROOT.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            for warning in WARNINGS_AGAINST:
                text = text.replace(warning, "")
            name = str(path.relative_to(ROOT))
            found += [(name, m.group(2).strip("'\"")) for m in INSTALL.finditer(text)]
    return found


#: ``pip install``, its options, and the first thing it installs (quoted or not).
INSTALL = re.compile(r"""pip install ((?:-[-\w]+ +)*)('[^']*'|"[^"]*"|[^\s`'"),]+)""")


def test_every_install_line_installs_this_project() -> None:
    lines = install_lines()
    assert ("README.md", ".[cli]") in lines  # the check reads what it should
    assert ("src/spotipy/redis/__init__.py", "spotipy-client[redis]") in lines
    ours = re.compile(r"^(?:\.|\.\[[\w,]+\]|spotipy-client(?:\[[\w,]+\])?)$")
    assert [(path, target) for path, target in lines if not ours.match(target)] == []
