"""The ``spotipy`` command-line tool (extra ``cli``).

``pip install 'spotipy-client[cli]'`` installs the console script ``spotipy``::

    spotipy login                       # authorise once; the refresh token is kept
    spotipy whoami
    spotipy search "blue" --type track --type artist
    spotipy playlist export 37i9dQZEVXbMDoHDwVN2tF --format csv --output top.csv
    spotipy playlist import top.csv --name "My copy"
    spotipy library export --format json
    spotipy backup my-library           # the whole library; run again to bring it up to date
    spotipy restore my-library --dry-run
    spotipy emulator --port 8765        # serve the emulator on loopback

The tool is built with click and rich, which only this package imports: without the
extra, :func:`main` prints one line saying what to install and returns 1.
See ``docs/cli.md`` for the configuration, the files it keeps and its exit codes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv
        The arguments after the program name; ``None`` reads ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status: 0 on success, 2 for a bad usage, 1 for an error of Spotify,
        of the network, of the credentials or of a file (reported on one line of
        standard error, ``spotipy: error: ...``), 130 when interrupted.
    """
    try:
        import click  # noqa: F401
        import rich  # noqa: F401
    except ImportError as error:
        missing = error.name or "click or rich"
        print(
            f"spotipy: error: the command-line tool needs the 'cli' extra ({missing} is not"
            " installed): pip install 'spotipy-client[cli]'",
            file=sys.stderr,
        )
        return 1
    from spotipy.cli._app import run

    code = run(argv)
    if argv is None and code >= 128:  # the console script, interrupted
        from spotipy.cli._signals import end_now

        end_now(code)  # threads still in a request do not hold the exit
    return code
