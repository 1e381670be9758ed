"""Serve the emulator on a loopback socket until interrupted.

``python -m spotipy.emulator --port 8765`` prints the API and accounts base URLs, the
accepted credentials, then each registered redirect URI, the auto-approving user if any and
the profile, one ``name: value`` line each, then serves.  ``--profile extended`` serves as
for an app with extended quota (see :class:`~spotipy.emulator.Emulator`).
``--rate-limit N [--rate-window SECONDS]`` answers 429 once an app sends more than ``N``
Web API requests in a rolling window (30 s unless given), and prints a ``rate_limit`` line.
Spotify since July 2026: ``--quota-budget N [--quota-window SECONDS]`` answers 429
``QUOTA_EXCEEDED`` once the app's developer account (``--client-id`` and every
``--extra-client ID:SECRET``) sent more than ``N`` requests in the window (a day unless
given); ``--spurious-401 N`` answers every ``N``-th request 401 "Access token missing";
``--owner-premium-lapsed`` makes the token endpoint refuse every grant for the app owner's
lapsed Premium.
"""

from __future__ import annotations

import argparse
import signal
import socket
import sys
from collections.abc import Sequence

from spotipy.emulator._accounts import DEFAULT_REDIRECT_URI
from spotipy.emulator._asgi import bind, loopback_url, make_server, quiet_drops
from spotipy.emulator._core import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Emulator
from spotipy.emulator._profiles import PROFILES
from spotipy.emulator._ratelimit import DEFAULT_RATE_WINDOW

#: Default length of the quota window: a day.
DEFAULT_QUOTA_WINDOW = 86400.0


def main(argv: Sequence[str] | None = None, prog: str = "python -m spotipy.emulator") -> int:
    """Parse arguments, print where the emulator listens, and serve.

    ``prog`` names the command in the help and in errors (``spotipy emulator`` from the
    command-line tool).  A bad value is one line on stderr and exit status 2; an address
    that cannot be bound (a port in use) is one line and exit status 1.
    """
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Serve an emulated Spotify Web API and accounts service on loopback.",
    )
    parser.add_argument("--port", type=int, default=8765, help="port, 0 for a free one")
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address")
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    parser.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET)
    parser.add_argument("--seed", type=int, default=0, help="seed of the invented catalogue")
    parser.add_argument(
        "--redirect-uri",
        action="append",
        dest="redirect_uris",
        metavar="URI",
        help=f"register a redirect URI (repeatable; default {DEFAULT_REDIRECT_URI})",
    )
    parser.add_argument(
        "--auto-approve",
        metavar="USER",
        help="consent at once as this user instead of showing the consent page",
    )
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default="development",
        help="quota mode of the app: development (default) or extended",
    )
    parser.add_argument(
        "--rate-limit",
        type=int,
        metavar="N",
        help="answer 429 once an app sends more than N Web API requests in the window",
    )
    parser.add_argument(
        "--rate-window",
        type=float,
        metavar="SECONDS",
        help=f"length of the rolling rate-limit window (default {DEFAULT_RATE_WINDOW:g})",
    )
    parser.add_argument(
        "--quota-budget",
        type=int,
        metavar="N",
        help="answer 429 QUOTA_EXCEEDED once the developer account sent N Web API requests"
        " in the quota window",
    )
    parser.add_argument(
        "--quota-window",
        type=float,
        metavar="SECONDS",
        help=f"length of the rolling quota window (default {DEFAULT_QUOTA_WINDOW:g})",
    )
    parser.add_argument(
        "--extra-client",
        action="append",
        dest="extra_clients",
        default=[],
        metavar="ID:SECRET",
        help="another client ID of the same developer account (repeatable; shares the quota)",
    )
    parser.add_argument(
        "--spurious-401",
        type=int,
        metavar="N",
        help='answer every N-th Web API request 401 "Access token missing"',
    )
    parser.add_argument(
        "--owner-premium-lapsed",
        action="store_true",
        help="the token endpoint refuses every grant: the app owner's Premium lapsed",
    )
    args = parser.parse_args(argv)
    quota_budget = _rolling(
        parser, "quota-budget", args.quota_budget, args.quota_window, DEFAULT_QUOTA_WINDOW
    )
    clients = {}
    for pair in args.extra_clients:
        extra_id, colon, extra_secret = pair.partition(":")
        if not colon:
            parser.error(f"--extra-client takes ID:SECRET, not {pair!r}")
        clients[extra_id] = extra_secret
    rate_limit = _rolling(
        parser, "rate-limit", args.rate_limit, args.rate_window, DEFAULT_RATE_WINDOW
    )
    redirect_uris = args.redirect_uris or [DEFAULT_REDIRECT_URI]
    try:
        emulator = Emulator(
            args.seed,
            args.client_id,
            args.client_secret,
            redirect_uris=redirect_uris,
            auto_approve=args.auto_approve,
            profile=args.profile,
            rate_limit=rate_limit,
            quota_budget=quota_budget,
            clients=clients,
            spurious_401=args.spurious_401,
            owner_premium_lapsed=args.owner_premium_lapsed,
        )
        sock = bind(args.host, args.port)
    except (TypeError, ValueError) as error:
        parser.exit(2, f"{prog}: error: {error}\n")  # one line, without the usage
    except OSError as error:
        why = error.strerror or str(error)
        print(
            f"{prog}: error: cannot listen on {args.host} port {args.port}: {why}", file=sys.stderr
        )
        return 1
    # Ctrl-C must work even when started from a shell that ignores SIGINT in background
    # jobs; it may come at once, before uvicorn installs its own handler.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return _serve(emulator, args.host, args.client_id, args.client_secret, sock)
    except KeyboardInterrupt:
        # uvicorn shuts down gracefully on Ctrl-C, then re-raises it: no traceback for that.
        return 130


def _rolling(
    parser: argparse.ArgumentParser,
    option: str,
    count: int | None,
    window: float | None,
    default: float,
) -> tuple[int, float] | None:
    """``(count, window)`` of a rolling-window option and its ``-window`` companion."""
    if count is None:
        if window is not None:
            parser.error(f"--{option.split('-')[0]}-window needs --{option}")
        return None
    return (count, default if window is None else window)


def _serve(
    emulator: Emulator, host: str, client_id: str, client_secret: str, sock: socket.socket
) -> int:
    origin = loopback_url(host, sock.getsockname()[1])
    print(f"api_url: {origin}/v1")
    print(f"accounts_url: {origin}")
    print(f"client_id: {client_id}")
    print(f"client_secret: {client_secret}")
    for uri in emulator.redirect_uris:
        print(f"redirect_uri: {uri}")
    if emulator.auto_approve is not None:
        print(f"auto_approve: {emulator.auto_approve}")
    print(f"profile: {emulator.profile}")
    if emulator.rate_limit is not None:
        requests, window = emulator.rate_limit
        print(f"rate_limit: {requests} requests per {window:g} s")
    if emulator.quota_budget is not None:
        requests, window = emulator.quota_budget
        print(f"quota_budget: {requests} requests per {window:g} s per developer account")
    if emulator.spurious_401 is not None:
        print(f"spurious_401: every {emulator.spurious_401} requests")
    if emulator.owner_premium_lapsed:
        print("owner_premium_lapsed: yes")
    sys.stdout.flush()
    with quiet_drops():
        make_server(emulator).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
