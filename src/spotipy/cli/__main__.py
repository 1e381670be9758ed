"""``python -m spotipy.cli``: the ``spotipy`` console script."""

from __future__ import annotations

import sys

from spotipy.cli import main

if __name__ == "__main__":
    sys.exit(main())
