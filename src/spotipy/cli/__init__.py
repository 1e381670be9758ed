"""The ``spotipy`` command-line tool (extra ``cli``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; being written (issue 8)."""
    print("spotipy: the command-line tool is not built yet", file=sys.stderr)
    return 2
