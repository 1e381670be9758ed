"""An example web application: log in with Spotify (PKCE), see your playlists, log out.

Build it with :func:`create_app` (tests) or from the environment
(``python -m spotipy_web``, see ``examples/web/README.md``).
"""

from .app import SCOPE, Settings, WebApp, create_app, settings_from_environment
from .serving import RedactQueries, make_server

__all__ = [
    "SCOPE",
    "RedactQueries",
    "Settings",
    "WebApp",
    "create_app",
    "make_server",
    "settings_from_environment",
]
