"""Bulk reads with ``concurrency=10`` against the bound set by latency and CPU.

``all_items`` over the emulator's 10,000-entry playlist (200 pages of 50) through a
transport that answers canned bytes after a fixed latency: ``asyncio.sleep`` for the
async client, ``time.sleep`` for the sync one (whose pages are fetched on a pool of
threads).  The bound is ``max(latency + ceil((pages - 1) / 10) * latency, cpu)``: the
first page (which names the others) costs one latency, the 199 others 20 rounds of 10;
``cpu`` is the CPU time of the same read with no latency at all.  The cyclic GC's share is
the time spent inside collections (``gc.callbacks``) over the run's CPU time.

Prints one JSON line; ``--src`` is only a label (``PYTHONPATH`` picks the version).
``--compare OLD_SRC NEW_SRC --pairs N`` runs this script on the two trees in turn, N
pairs (alternating keeps the comparison fair while the machine's speed drifts), and
prints the medians as a markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import httpx
from run import Canned

from spotipy import Spotify
from spotipy.emulator import BIG_PLAYLIST_ID, Emulator
from spotipy.sender import AsyncPersistentSender, PersistentSender

PAGES = 200
CONCURRENCY = 10


class GcClock:
    """Time spent inside the cyclic garbage collector, from ``gc.callbacks``."""

    def __init__(self) -> None:
        self.total = 0.0
        self.collections = 0
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._start
            self.collections += 1

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


def measure(canned: Canned, token: str, latency: float, mode: str) -> dict[str, float]:
    """Wall, CPU and GC seconds of one concurrent ``all_items`` read."""

    def sync_handler(request: httpx.Request) -> httpx.Response:
        if latency:
            time.sleep(latency)
        return canned.handler(request)

    async def async_handler(request: httpx.Request) -> httpx.Response:
        if latency:
            await asyncio.sleep(latency)
        return canned.handler(request)

    gc.collect()
    with GcClock() as clock:
        wall, cpu = time.perf_counter(), time.process_time()
        if mode == "sync":
            client = httpx.Client(transport=httpx.MockTransport(sync_handler))
            spotify = Spotify(token, PersistentSender(client=client))
            first = spotify.playlist_items(BIG_PLAYLIST_ID, limit=50)
            count = sum(1 for _ in spotify.all_items(first, concurrency=CONCURRENCY))
        else:

            async def main() -> int:
                client = httpx.AsyncClient(transport=httpx.MockTransport(async_handler))
                spotify = Spotify(token, AsyncPersistentSender(client=client))
                first = await spotify.playlist_items(BIG_PLAYLIST_ID, limit=50)
                count = 0
                async for _ in spotify.all_items(first, concurrency=CONCURRENCY):
                    count += 1  # counted, not kept, as in sync mode
                return count

            count = asyncio.run(main())
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert count == 10_000, count
    return {"wall": wall, "cpu": cpu, "gc": clock.total, "collections": clock.collections}


def latency_bound(latency: float) -> float:
    """The first page, then the others ``CONCURRENCY`` at a time."""
    return latency * (1 + math.ceil((PAGES - 1) / CONCURRENCY))


def one_run(args: argparse.Namespace) -> dict[str, Any]:
    """Both modes: the best wall time of ``args.rounds`` reads each, and its figures."""
    emulator = Emulator(seed=0)
    token = emulator.app_token()
    canned = Canned(emulator)
    result: dict[str, Any] = {"src": args.src, "latency": args.latency}
    for mode in ("sync", "async"):
        measure(canned, token, 0.0, mode)  # record the answers, warm the decoders
        cpu_runs = [measure(canned, token, 0.0, mode) for _ in range(args.rounds)]
        cpu = min(r["cpu"] for r in cpu_runs)
        runs = [measure(canned, token, args.latency, mode) for _ in range(args.rounds)]
        run = min(runs, key=lambda r: r["wall"])
        bound = max(latency_bound(args.latency), cpu)
        result[mode] = {
            "wall": run["wall"],
            "cpu_bound": cpu,
            "latency_bound": latency_bound(args.latency),
            "over_bound": run["wall"] / bound - 1,
            "gc_share": run["gc"] / run["cpu"],
            "gc_share_no_latency": min(r["gc"] / r["cpu"] for r in cpu_runs),
            "collections": run["collections"],
        }
    return result


def compare(args: argparse.Namespace) -> None:
    """Run this script on two trees in turn and print the medians of each figure."""
    runs: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
    for _ in range(args.pairs):
        for label, src in zip(runs, args.compare, strict=True):
            command = [sys.executable, __file__, "--src", label]
            command += ["--rounds", str(args.rounds), "--latency", str(args.latency)]
            env = {**os.environ, "PYTHONPATH": src}
            out = subprocess.run(
                command, env=env, capture_output=True, text=True, check=True, timeout=600
            )
            runs[label].append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"Median of {args.pairs} alternating pairs, each the best of {args.rounds} reads:")
    print()
    print("| | wall | latency bound | over the bound | GC share of CPU | collections |")
    print("|---|---|---|---|---|---|")
    for mode in ("sync", "async"):
        for label, results in runs.items():
            figures = [result[mode] for result in results]

            def median(key: str, figures: list[dict[str, float]] = figures) -> float:
                return statistics.median(figure[key] for figure in figures)

            print(
                f"| {mode} {label} | {median('wall'):.3f} s | {median('latency_bound'):.3f} s"
                f" | {100 * median('over_bound'):+.1f} % | {100 * median('gc_share'):.1f} %"
                f" | {median('collections'):.0f} |"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--src", default="")
    parser.add_argument("--compare", nargs=2, metavar=("OLD_SRC", "NEW_SRC"))
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args()
    if args.compare:
        compare(args)
    else:
        print(json.dumps(one_run(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
