"""Run a backup or a restore against an emulator on a socket, to be killed midway.

``python _worker.py backup|restore API_URL FOLDER``; the access token comes in the
environment variable ``WORKER_TOKEN`` (never on the command line).
"""

from __future__ import annotations

import os
import sys

import httpx

from spotipy import Spotify
from spotipy.backup import backup, restore
from spotipy.sender import PersistentSender, RetryingSender


def main(mode: str, api_url: str, folder: str) -> int:
    http = httpx.Client(trust_env=False, timeout=30)
    sender = RetryingSender(retries=3, sender=PersistentSender(client=http), backoff=0)
    spotify = Spotify(os.environ["WORKER_TOKEN"], sender, api_url=api_url)
    if mode == "backup":
        backup(spotify, folder, workers=2)
    else:
        restore(spotify, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
