"""What importing spotipy loads: a structural check, in a fresh interpreter each time.

``import spotipy`` must not pay for what a first call does not need (the emulator, the
web server, the conveniences of :mod:`spotipy.util`); the facades that load lazily
(``spotipy.util``, ``spotipy.emulator``) must still give every name they list.  Timings
live in ``bench/README.md``, not here.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import spotipy.emulator
import spotipy.model
import spotipy.sender
import spotipy.util

FACADES = [spotipy.util, spotipy.emulator, spotipy.model, spotipy.sender]


def loaded_after(statement: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``statement``."""
    code = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


NOT_FOR_A_FIRST_CALL = [
    "spotipy.emulator",
    "spotipy.util",
    "spotipy.cli",
    "spotipy.testing",
    "spotipy.redis",
    "uvicorn",
    "starlette",
    "redis",
    "httpx2",
    "spotipy.sender._cache",
    "spotipy.sender._retry",
    "asyncio",
    # httpx itself loads httpcore when the first client is made; so does spotipy.
    "httpcore",
    "h11",
    "anyio",
    # Only a refused scope, a login or an authorisation URL needs these.
    "difflib",
    "secrets",
    # The check for plamere's spotipy in the same environment lists folders instead.
    "importlib.metadata",
    "zipfile",
    # Models load with the first call that decodes them.
    *(f"spotipy.model.{name}" for name in ("album", "artist", "playlist", "player", "track")),
]


def test_import_spotipy_leaves_out_what_a_first_call_does_not_need() -> None:
    loaded = loaded_after("from spotipy import Spotify")
    assert "spotipy.client" in loaded  # the check sees what is loaded
    assert "httpx" in loaded
    for name in NOT_FOR_A_FIRST_CALL:
        assert not {m for m in loaded if m == name or m.startswith(name + ".")}, name


def test_the_emulator_facade_loads_its_server_only_when_asked() -> None:
    loaded = loaded_after("from spotipy.emulator import Emulator")
    assert "spotipy.emulator._core" in loaded
    assert "uvicorn" not in loaded  # the socket server starts it when one is served
    assert "spotipy.emulator._core" not in loaded_after("from spotipy.emulator import Fault")


def test_the_util_facade_loads_one_module_per_name() -> None:
    loaded = loaded_after("from spotipy.util import config_from_environment")
    assert "spotipy.util.config" in loaded
    assert "spotipy.util.prompt" not in loaded
    assert "spotipy.util.credentials" not in loaded


def test_a_call_loads_only_the_models_it_decodes() -> None:
    loaded = loaded_after(
        "import httpx\n"
        "from spotipy import Spotify\n"
        "from spotipy.emulator import DEFAULT_USER_ID, Emulator\n"
        "from spotipy.sender import PersistentSender\n"
        "emulator = Emulator(profile='extended')\n"
        "sender = PersistentSender(client=httpx.Client(transport=emulator.transport()))\n"
        "spotify = Spotify(emulator.app_token(), sender)\n"
        "print(spotify.user(DEFAULT_USER_ID).display_name)"
    )
    assert "spotipy.model.user" in loaded
    unused = {"spotipy.model.album", "spotipy.model.audio", "spotipy.model.playlist"}
    assert not unused & loaded


def _checked_names(facade: ModuleType) -> dict[str, str]:
    """The names the facade's ``if TYPE_CHECKING:`` block imports, and their modules."""
    tree = ast.parse(Path(facade.__file__ or "").read_text())
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                for alias in statement.names:
                    names[alias.name] = statement.module or ""
    return names


@pytest.mark.parametrize("facade", FACADES, ids=lambda f: f.__name__)
def test_the_loader_knows_what_type_checkers_see(facade: ModuleType) -> None:
    # The TYPE_CHECKING block (what mypy sees) and the loader's table name the same
    # modules, and every lazily loaded name is public.
    sources = vars(facade)["_SOURCES"]
    assert _checked_names(facade) == sources
    assert set(sources) <= set(facade.__all__)


@pytest.mark.parametrize("facade", FACADES, ids=lambda f: f.__name__)
def test_every_listed_name_resolves(facade: object) -> None:
    names = facade.__all__  # type: ignore[attr-defined]
    for name in names:
        getattr(facade, name)  # an unknown name raises AttributeError
        assert name in vars(facade), name  # cached after the first look-up
    assert set(names) <= set(dir(facade))
    with pytest.raises(AttributeError, match="no attribute 'missing'"):
        _ = facade.missing  # type: ignore[attr-defined]
