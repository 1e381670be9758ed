"""Web API routes, one module per area; importing this package registers them all.

Adding an area is adding a module here that decorates its handlers with
:data:`web_api`, and importing it below; the emulator takes :data:`web_api` from here, so
it always sees every area.
"""

from __future__ import annotations

from spotipy.emulator._routing import web_api
from spotipy.emulator.routes import albums, artists, playlists, search, tracks, users

__all__ = ["albums", "artists", "playlists", "search", "tracks", "users", "web_api"]
