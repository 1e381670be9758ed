"""Episodes: ``/episodes`` and ``/episodes/{id}``.

Empty for now: add handlers here with ``@web_api.get(...)``, ``put``, ``post`` or
``delete`` (see :mod:`spotipy.emulator.routes`).
"""

from __future__ import annotations

# Handlers to come use these; see the pattern in spotipy.emulator.routes.
from spotipy.emulator._params import market, paging  # noqa: F401
from spotipy.emulator._routing import Context, Reply, web_api  # noqa: F401

__all__: list[str] = []
