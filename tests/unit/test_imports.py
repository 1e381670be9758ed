"""What importing spotipy loads: a structural check, in a fresh interpreter each time.

``import spotipy`` must not pay for what a first call does not need (the emulator, the
web server, the conveniences of :mod:`spotipy.util`); the facades that load lazily
(``spotipy.util``, ``spotipy.emulator``) must still give every name they list.  Timings
live in ``bench/README.md``, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import spotipy.emulator
import spotipy.util


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


@pytest.mark.parametrize("facade", [spotipy.util, spotipy.emulator])
def test_every_listed_name_resolves(facade: object) -> None:
    names = facade.__all__  # type: ignore[attr-defined]
    for name in names:
        assert getattr(facade, name) is not None, name
        assert name in vars(facade), name  # cached after the first look-up
    assert set(names) <= set(dir(facade))
    with pytest.raises(AttributeError, match="no attribute 'missing'"):
        _ = facade.missing  # type: ignore[attr-defined]
