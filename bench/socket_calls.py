"""A small call over a loopback socket: spotipy against raw httpx, CPU of the client process.

``bench/run.py`` talks to a canned ``MockTransport``, so it leaves out the work both sides
share over a real connection (httpcore, h11, the socket calls).  Here the emulator
serves on 127.0.0.1 from this process and each side runs in its own child process: raw
``httpx.Client.get`` + ``json.loads``, or ``Spotify.artist`` with a
:class:`~spotipy.sender.PersistentSender` (one kept-alive connection, as raw httpx keeps).
Each child warms up, then takes the best of three rounds of ``--calls`` calls
(``time.process_time``: the child's own CPU, not the server's).  The sides alternate,
``--runs`` pairs; the median of the pairwise ratios is printed.

The second row reads every entry of the emulator's 10,000-entry playlist over the same
socket: raw httpx follows ``next`` page after page, spotipy runs
``all_items(..., concurrency=10)`` with a ``PersistentSender``.  It is the CPU of the
whole walk (the best of three, after one warm-up walk), threads included.

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

#: The first page of the big playlist, as raw httpx asks for it (bench/memory.py does too).
PAGE_PARAMS = {"limit": "50", "offset": "0", "additional_types": "track,episode"}


def child(side: str, api_url: str, token: str, artist: str, playlist: str, calls: int) -> float:
    """CPU seconds per call of ``side``, the best of three rounds."""
    call: Callable[[], Any]
    if side == "raw_all":
        pager = httpx.Client(headers={"Authorization": f"Bearer {token}"})

        def call() -> Any:
            url: str | None = f"{api_url}/playlists/{playlist}/items"
            params: dict[str, str] | None = PAGE_PARAMS
            count = 0
            while url is not None:  # bounded: the playlist has 200 pages
                data = json.loads(pager.get(url, params=params).content)
                count += len(data["items"])
                url, params = data["next"], None
            assert count == 10_000, count
            return count

        calls = 1
    elif side == "spotipy_all":
        from spotipy import Spotify
        from spotipy.sender import PersistentSender

        walker: Spotify[Any] = Spotify(token, PersistentSender(), api_url=api_url)

        def call() -> Any:
            first = walker.playlist_items(playlist, limit=50)
            count = sum(1 for _ in walker.all_items(first, concurrency=10))
            assert count == 10_000, count
            return count

        calls = 1
    elif side == "raw":
        client = httpx.Client(headers={"Authorization": f"Bearer {token}"})

        def call() -> Any:
            return json.loads(client.get(f"{api_url}/artists/{artist}").content)
    else:
        from spotipy import Spotify
        from spotipy.sender import PersistentSender

        spotify: Spotify[Any] = Spotify(token, PersistentSender(), api_url=api_url)

        def call() -> Any:
            return spotify.artist(artist)

    for _ in range(30 if calls > 1 else 0):
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

    from spotipy.emulator import BIG_PLAYLIST_ID, Emulator, serve

    emulator = Emulator(seed=0)
    rows = (("`artist`", "raw", "spotipy"), ("all items, 10,000", "raw_all", "spotipy_all"))
    figures: dict[str, list[float]] = {side: [] for _, *sides in rows for side in sides}
    with serve(emulator) as server:
        options = {"api_url": server.api_url, "token": emulator.app_token(),
                   "artist": emulator.catalogue.artist_ids[0], "playlist": BIG_PLAYLIST_ID,
                   "calls": args.calls}  # fmt: skip
        for _ in range(args.runs):
            for side in figures:
                figures[side].append(in_child(__file__, side, options))
    head = f"CPU over loopback, median of {args.runs} pairs"
    print(f"| {head} | raw httpx | spotipy | ratio |")
    print("|---|---|---|---|")
    for label, raw_side, typed_side in rows:
        raw, typed = figures[raw_side], figures[typed_side]
        ratio = statistics.median(t / r for r, t in zip(raw, typed, strict=True))
        unit, scale = ("µs", 1e6) if raw_side == "raw" else ("ms", 1e3)
        print(f"| {label} | {statistics.median(raw) * scale:,.0f} {unit} | "
              f"{statistics.median(typed) * scale:,.0f} {unit} | {ratio:.2f}x |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
