"""A small call over a loopback socket: spotipy against raw httpx, CPU of the client process.

``bench/run.py`` talks to a canned ``MockTransport``, so it leaves out the work both sides
share over a real connection (httpcore, h11, the socket calls).  Here the emulator
serves on 127.0.0.1 from this process and each side runs in its own child process: raw
``httpx.Client.get`` + ``json.loads``, or ``Spotify.artist`` with a
:class:`~spotipy.sender.PersistentSender` (one kept-alive connection, as raw httpx keeps).
Each child warms up, then takes the best of three rounds of ``--calls`` calls
(``time.process_time``: the child's own CPU, not the server's).  The sides alternate,
``--runs`` pairs; the median of the pairwise ratios is printed.

``.venv/bin/python bench/socket_calls.py --runs 5``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from _children import child_answer, in_child


def child(side: str, api_url: str, token: str, artist: str, calls: int) -> float:
    """CPU seconds per call of ``side``, the best of three rounds."""
    call: Callable[[], Any]
    if side == "raw":
        client = httpx.Client(headers={"Authorization": f"Bearer {token}"})

        def call() -> Any:
            return json.loads(client.get(f"{api_url}/artists/{artist}").content)
    else:
        from spotipy import Spotify
        from spotipy.sender import PersistentSender

        spotify: Spotify[Any] = Spotify(token, PersistentSender(), api_url=api_url)

        def call() -> Any:
            return spotify.artist(artist)

    for _ in range(30):
        call()
    from run import cpu_per_call  # after the side's own imports

    return cpu_per_call(call, calls, rounds=3, pick=min)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="pairs of children")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_answer(args.child, child)

    from spotipy.emulator import Emulator, serve

    emulator = Emulator(seed=0)
    raw: list[float] = []
    typed: list[float] = []
    with serve(emulator) as server:
        options = {"api_url": server.api_url, "token": emulator.app_token(),
                   "artist": emulator.catalogue.artist_ids[0], "calls": args.calls}  # fmt: skip
        for _ in range(args.runs):
            raw.append(in_child(__file__, "raw", options))
            typed.append(in_child(__file__, "spotipy", options))
    ratio = statistics.median(t / r for r, t in zip(raw, typed, strict=True))
    head = f"small call over loopback, median of {args.runs} pairs"
    print(f"| {head} | raw httpx | spotipy | ratio |")
    print("|---|---|---|---|")
    print(f"| `artist` | {statistics.median(raw) * 1e6:,.0f} µs | "
          f"{statistics.median(typed) * 1e6:,.0f} µs | {ratio:.2f}x |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
