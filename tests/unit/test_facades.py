"""Public facades: sorted ``__all__`` lists whose names all exist."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

FACADES = [
    "spotipy",
    "spotipy.auth",
    "spotipy.client",
    "spotipy.convert",
    "spotipy.emulator",
    "spotipy.errors",
    "spotipy.model",
    "spotipy.scope",
    "spotipy.sender",
    "spotipy.serialise",
    "spotipy.util",
    "spotipy.util.config",
    "spotipy.util.credentials",
]


def isort_style(name: str) -> tuple[int, str]:
    """Ruff's RUF022 order: CONSTANTS, then Classes, then everything else."""
    if name.isupper() and len(name) > 1:
        return 0, name
    if name[0].isupper():
        return 1, name
    return 2, name


@pytest.mark.parametrize("name", FACADES)
def test_all_is_sorted_and_complete(name: str) -> None:
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported, key=isort_style)
    assert len(set(exported)) == len(exported)
    for attribute in exported:
        assert hasattr(module, attribute), f"{name}.{attribute} is exported but missing"


def test_top_level_is_the_seeds() -> None:
    import spotipy

    assert spotipy.__all__ == ["Credentials", "Spotify", "__version__"]
    assert spotipy.__version__ == "0.1.0"
    from spotipy import util  # the seed imports util from the package

    assert util.prompt_for_user_token is not None


def test_client_imports_no_emulator() -> None:
    # Importing the client must not drag the emulator (or uvicorn) in.
    code = "import sys, spotipy; print('spotipy.emulator' in sys.modules, 'uvicorn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_emulator_uses_no_client_code() -> None:
    # The emulator is an independent implementation of Spotify's side: a mistake in a
    # client model must not hide by being mirrored there.
    from pathlib import Path

    forbidden = ("model", "client", "sender", "_http", "errors", "auth", "_flow", "util")
    root = Path(importlib.import_module("spotipy.emulator").__file__ or "").parent
    offenders = [
        f"{path.name}: {line.strip()}"
        for path in root.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(("import spotipy.", "from spotipy."))
        and line.split()[1].split(".")[1] in forbidden
    ]
    assert offenders == []
