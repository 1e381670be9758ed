"""An in-memory, deterministic imitation of Spotify's Web API and accounts service.

The emulator answers like Spotify from an invented catalogue, so the client can be tested
and demonstrated offline::

    from spotipy.emulator import Emulator, serve

    emulator = Emulator(seed=0)
    client = httpx.Client(transport=emulator.transport())  # in-process, sync or async
    with serve(emulator) as server:  # or on a loopback socket
        print(server.api_url, server.accounts_url)

The accounts service runs the authorisation-code flow (with PKCE, refresh-token rotation and
expiry) behind a consent page, or approves at once for a chosen user::

    emulator = Emulator(auto_approve=DEFAULT_USER_ID, redirect_uris=["http://127.0.0.1:9/cb"])
    grant = emulator.user_grant(DEFAULT_USER_ID, ["user-library-read"])  # skip the dance

``Emulator(profile="development")`` (the default) behaves as Spotify does for a new app in
2026: operations the spec marks deprecated answer 403; ``profile="extended"`` serves them,
with the fields removed in February 2026, as for an app granted extended quota.

It imports nothing from the client side of spotipy: it is an independent implementation of
Spotify's side, so a mistake in a client model cannot hide by being mirrored here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spotipy._lazy import lazy_names

if TYPE_CHECKING:
    from spotipy.emulator._accounts import DEFAULT_REDIRECT_URI, Rotation
    from spotipy.emulator._asgi import AsgiApp, Server, listen, serve
    from spotipy.emulator._catalogue import BIG_PLAYLIST_ID, DEFAULT_USER_ID
    from spotipy.emulator._core import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Emulator
    from spotipy.emulator._faults import Fault, Faults
    from spotipy.emulator._profiles import Profile
    from spotipy.emulator._view import CatalogueView
    from spotipy.emulator._wire import EmulatorResponse, Headers, RecordedRequest, RequestLog

__all__ = [
    "BIG_PLAYLIST_ID",
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_REDIRECT_URI",
    "DEFAULT_USER_ID",
    "AsgiApp",
    "CatalogueView",
    "Emulator",
    "EmulatorResponse",
    "Fault",
    "Faults",
    "Headers",
    "Profile",
    "RecordedRequest",
    "RequestLog",
    "Rotation",
    "Server",
    "listen",
    "serve",
]

# Names load on first use (PEP 562): importing the package costs nothing until then.
_SOURCES: dict[str, str] = {
    "DEFAULT_REDIRECT_URI": "spotipy.emulator._accounts",
    "Rotation": "spotipy.emulator._accounts",
    "AsgiApp": "spotipy.emulator._asgi",
    "Server": "spotipy.emulator._asgi",
    "listen": "spotipy.emulator._asgi",
    "serve": "spotipy.emulator._asgi",
    "BIG_PLAYLIST_ID": "spotipy.emulator._catalogue",
    "DEFAULT_USER_ID": "spotipy.emulator._catalogue",
    "DEFAULT_CLIENT_ID": "spotipy.emulator._core",
    "DEFAULT_CLIENT_SECRET": "spotipy.emulator._core",
    "Emulator": "spotipy.emulator._core",
    "Fault": "spotipy.emulator._faults",
    "Faults": "spotipy.emulator._faults",
    "Profile": "spotipy.emulator._profiles",
    "CatalogueView": "spotipy.emulator._view",
    "EmulatorResponse": "spotipy.emulator._wire",
    "Headers": "spotipy.emulator._wire",
    "RecordedRequest": "spotipy.emulator._wire",
    "RequestLog": "spotipy.emulator._wire",
}


__getattr__: Callable[[str], object]
__dir__: Callable[[], list[str]]
__getattr__, __dir__ = lazy_names(globals(), _SOURCES, __all__)
