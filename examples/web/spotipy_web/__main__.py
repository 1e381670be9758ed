"""Serve the example: ``python -m spotipy_web [--host H] [--port P]``.

Reads the environment (:func:`~spotipy_web.settings_from_environment`); by default it
listens where the redirect URI points (``http://127.0.0.1:8080/callback`` -> port 8080).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from urllib.parse import urlsplit

from spotipy.emulator import listen

from .app import create_app, settings_from_environment
from .serving import make_server


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, build the app from the environment and serve it."""
    parser = argparse.ArgumentParser(prog="python -m spotipy_web", description=__doc__)
    parser.add_argument("--host", help="address to listen on (default: the redirect URI's)")
    parser.add_argument("--port", type=int, help="port (default: the redirect URI's)")
    args = parser.parse_args(argv)
    try:
        settings = settings_from_environment()
        app = create_app(settings)
    except ValueError as error:
        parser.error(str(error))
    where = urlsplit(settings.redirect_uri)
    host = args.host or where.hostname or "127.0.0.1"
    port = args.port if args.port is not None else (where.port or 8080)
    try:
        sock = listen(host, port)
    except OSError as error:
        parser.error(f"cannot listen on {host}:{port}: {error}")
    # The app's own events (log-ins, refusals); uvicorn configures its loggers itself.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    print(f"serving on http://{host}:{port}/ (callback {settings.redirect_uri})", flush=True)
    make_server(app).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
