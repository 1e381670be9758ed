"""The plugin's module is imported at the start of every pytest run: it must stay cheap."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

import spotipy.testing

PROBE = """
import json, sys
import spotipy
before = set(sys.modules)
import spotipy.testing
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_importing_the_plugin_imports_nothing_else():
    # Beyond the spotipy package itself: no pytest, emulator, httpx or client.
    completed = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    # ``__future__`` is the stdlib's tiny module behind ``from __future__ import ...``.
    assert set(json.loads(completed.stdout)) - {"__future__"} == {"spotipy.testing"}


def test_the_module_reloads_without_side_effects():
    # pytester's module snapshots re-import it; its names and hooks survive that.
    module = importlib.reload(spotipy.testing)
    assert (module.MARKER, module.PROFILE_INI) == ("spotify_emulator", "spotify_emulator_profile")
    assert callable(module.pytest_configure)
    assert callable(module.pytest_addoption)


def test_the_fixtures_module_listed_by_hand_is_registered_once(pytester: pytest.Pytester):
    pytester.makeconftest('pytest_plugins = ["spotipy.testing.fixtures"]\n')
    pytester.makepyfile(
        """
        def test_it(request, spotify):
            manager = request.config.pluginmanager
            assert manager.get_plugin("spotipy.testing.fixtures") is not None
            names = [name for name, _ in manager.list_name_plugin()]
            assert names.count("spotipy.testing.fixtures") == 1
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:hypothesispytest")
    result.assert_outcomes(passed=1)
