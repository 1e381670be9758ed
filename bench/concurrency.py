"""Bulk reads with ``concurrency=10`` against the bound set by latency and CPU.

``all_items`` over the emulator's 10,000-entry playlist (200 pages of 50) through a
transport that answers canned bytes after a fixed latency: ``asyncio.sleep`` for the
async client, ``time.sleep`` for the sync one (whose pages are fetched on a pool of
threads).  The bound is ``max(pages / 10 * latency, cpu)``, where ``cpu`` is the CPU
time of the same read with no latency at all.  The cyclic GC's share is the time spent
inside collections (``gc.callbacks``) over the run's CPU time.

Prints one JSON line; ``--src`` is only a label (``PYTHONPATH`` picks the version).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
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
            count = sum(1 for _ in spotify.all_items(first, concurrency=10))
        else:

            async def main() -> int:
                client = httpx.AsyncClient(transport=httpx.MockTransport(async_handler))
                spotify = Spotify(token, AsyncPersistentSender(client=client))
                first = await spotify.playlist_items(BIG_PLAYLIST_ID, limit=50)
                return len([item async for item in spotify.all_items(first, concurrency=10)])

            count = asyncio.run(main())
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert count == 10_000, count
    return {"wall": wall, "cpu": cpu, "gc": clock.total, "collections": clock.collections}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--src", default="")
    args = parser.parse_args()
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
        bound = max(PAGES / 10 * args.latency, cpu)
        result[mode] = {
            "wall": run["wall"],
            "cpu_bound": cpu,
            "latency_bound": PAGES / 10 * args.latency,
            "over_bound": run["wall"] / bound - 1,
            "gc_share": run["gc"] / run["cpu"],
            "gc_share_no_latency": min(r["gc"] / r["cpu"] for r in cpu_runs),
            "collections": run["collections"],
        }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
