"""Peak RSS of a process holding the 10,000 entries of the big playlist: raw httpx or spotipy.

The emulator serves on 127.0.0.1 (from this process); each side runs in its own child
process, which reads every page of the big playlist over the socket and keeps every
entry in a list: raw httpx keeps ``json.loads`` dicts, spotipy its models
(``list(spotify.all_items(...))``).  The child reports its peak RSS
(``resource.getrusage``: what the process as a whole needed, interpreter and imports
included); a second child, the bytes ``tracemalloc`` sees still allocated once the list
is built.
The sides alternate, ``--runs`` pairs, and the medians are printed.

``--profile extended`` serves the fields Spotify removed in February 2026, among them
``available_markets`` on every track and album; ``--markets N`` makes those lists N
codes long (Spotify's own lists hold about 185; the emulator's catalogue, 9).

Run with ``.venv/bin/python bench/memory.py``; copy the table into ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from _children import child_answer, in_child

PAGE_PARAMS = {"limit": "50", "offset": "0", "additional_types": "track,episode"}


def child(side: str, api_url: str, token: str, playlist: str, trace: bool) -> dict[str, float]:
    """Read and keep every entry; return peak RSS or (``trace``) kept bytes, in MiB.

    ``tracemalloc`` costs memory of its own for every block, so RSS is taken without it.
    """
    import gc
    import tracemalloc

    if trace:
        tracemalloc.start()
    items: list[Any]
    if side == "raw":
        client = httpx.Client(headers={"Authorization": f"Bearer {token}"})
        url: str | None = f"{api_url}/playlists/{playlist}/items"
        items = []
        params: dict[str, str] | None = PAGE_PARAMS
        while url is not None:
            data = json.loads(client.get(url, params=params).content)
            items.extend(data["items"])
            url, params = data["next"], None
    else:
        from spotipy import Spotify

        spotify: Spotify[Any] = Spotify(token, api_url=api_url)
        items = list(spotify.all_items(spotify.playlist_items(playlist, limit=50)))
    gc.collect()
    assert len(items) == 10_000, len(items)
    if trace:
        kept, _ = tracemalloc.get_traced_memory()
        return {"kept": kept / 2**20}
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rss": peak_kib / 1024}


def run_child(side: str, args: dict[str, Any]) -> dict[str, float]:
    """Two child processes of ``side``: peak RSS, then the kept bytes."""
    rss = in_child(__file__, side, {**args, "trace": False})
    kept = in_child(__file__, side, {**args, "trace": True})
    return {**rss, **kept}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="pairs of children")
    parser.add_argument("--profile", default="development", choices=["development", "extended"])
    parser.add_argument("--markets", type=int, default=0, help="codes per market list (0: as is)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_answer(args.child, child)

    from spotipy.emulator import BIG_PLAYLIST_ID, Emulator, serve

    if args.markets:
        from run import long_markets  # the parent only: a child stays lean

        long_markets(args.markets)
    emulator = Emulator(seed=0, profile=args.profile)
    with serve(emulator) as server:
        options: dict[str, Any] = {"api_url": server.api_url, "token": emulator.app_token(),
                   "playlist": BIG_PLAYLIST_ID}  # fmt: skip
        raw: list[dict[str, float]] = []
        typed: list[dict[str, float]] = []
        for _ in range(args.runs):
            raw.append(run_child("raw", options))
            typed.append(run_child("spotipy", options))
    markets = f", market lists of {args.markets}" if args.markets else ""
    print(f"profile {args.profile}{markets}, median of {args.runs} pairs of processes")
    print()
    print("| 10,000 entries held | raw httpx + json.loads | spotipy | ratio |")
    print("|---|---|---|---|")
    for key, label in (("rss", "peak RSS of the process"), ("kept", "kept (tracemalloc)")):
        a = statistics.median(r[key] for r in raw)
        b = statistics.median(r[key] for r in typed)
        ratios = statistics.median(t[key] / r[key] for r, t in zip(raw, typed, strict=True))
        print(f"| {label} | {a:.1f} MiB | {b:.1f} MiB | {ratios:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
