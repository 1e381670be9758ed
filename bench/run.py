"""Client CPU per call: spotipy against raw httpx + ``json.loads``, in the same run.

Both sides talk to the same canned-response transport (answers recorded once from the
emulator), so the figures compare client-side work only: building the request, the
httpx round trip through a ``MockTransport``, and turning the body into Python objects
(msgspec models for spotipy, dicts for raw httpx).

Run with ``make bench``; copy the printed table into ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from spotipy import Spotify
from spotipy.emulator import BIG_PLAYLIST_ID, Emulator
from spotipy.sender import PersistentSender

API = "https://api.spotify.com/v1"
#: The page both sides read: 50 entries of the big playlist.
PAGE_URL = f"{API}/playlists/{BIG_PLAYLIST_ID}/items"
PAGE_PARAMS = {"limit": "50", "offset": "0", "additional_types": "track,episode"}


class Canned:
    """A transport that answers from recorded bytes, recording on first sight."""

    def __init__(self, emulator: Emulator) -> None:
        self.live = httpx.Client(transport=emulator.transport())
        self.answers: dict[str, tuple[int, list[tuple[str, str]], bytes]] = {}

    def handler(self, request: httpx.Request) -> httpx.Response:
        key = str(request.url)
        answer = self.answers.get(key)
        if answer is None:
            live = self.live.send(self.live.build_request("GET", key, headers=request.headers))
            answer = (live.status_code, list(live.headers.items()), live.content)
            self.answers[key] = answer
        status, headers, body = answer
        return httpx.Response(status, headers=headers, content=body)


@dataclass(frozen=True)
class Sides:
    """Raw httpx (with the bearer token) and spotipy, talking to one canned transport."""

    raw: httpx.Client
    spotify: Spotify[Any]
    artist_id: str

    def raw_artist(self) -> Any:
        """One small call, raw."""
        return json.loads(self.raw.get(f"{API}/artists/{self.artist_id}").content)

    def typed_artist(self) -> Any:
        """One small call, typed."""
        return self.spotify.artist(self.artist_id)

    def raw_page(self) -> Any:
        """A 50-entry page of the big playlist, raw."""
        return json.loads(self.raw.get(PAGE_URL, params=PAGE_PARAMS).content)

    def typed_page(self) -> Any:
        """A 50-entry page of the big playlist, typed."""
        return self.spotify.playlist_items(BIG_PLAYLIST_ID, limit=50)


def long_markets(count: int) -> None:
    """Make the emulator send market lists of ``count`` codes (Spotify's hold about 185).

    The emulator's catalogue has 9 markets; Spotify's answers carry the codes of every
    market an object is sold in.  Only the ``extended`` profile sends them at all.
    """
    from spotipy.emulator import _render

    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    _render._MARKETS = [a + b for a in letters for b in letters][:count]  # type: ignore[misc, assignment]


def sides(
    client: Callable[[Canned], Any] | None = None, profile: str = "development", markets: int = 0
) -> Sides:
    """Both sides over one canned transport; ``client`` makes spotipy's HTTP client.

    ``profile`` is the emulator's (``extended`` sends ``available_markets`` on tracks and
    albums), ``markets`` the length of those lists (0: the emulator's 9).
    """
    if markets:
        long_markets(markets)
    emulator = Emulator(seed=0, profile=profile)  # type: ignore[arg-type]
    token = emulator.app_token()
    canned = Canned(emulator)
    transport = httpx.MockTransport(canned.handler)
    raw = httpx.Client(transport=transport, headers={"Authorization": f"Bearer {token}"})
    http = httpx.Client(transport=transport) if client is None else client(canned)
    spotify = Spotify(token, PersistentSender(client=http))
    return Sides(raw, spotify, emulator.catalogue.artist_ids[0])


def cpu_per_call(
    func: Callable[[], object],
    repeat: int,
    rounds: int = 5,
    pick: Callable[[list[float]], float] = statistics.median,
) -> float:
    """CPU seconds per call: ``pick`` (the median; ``min`` for the best) of ``rounds`` rounds.

    Each round makes ``repeat`` calls, after one call that warms caches and recordings.
    """
    func()
    results = []
    for _ in range(rounds):
        gc.collect()
        start = time.process_time()
        for _ in range(repeat):
            func()
        results.append((time.process_time() - start) / repeat)
    return pick(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--profile", default="development", choices=["development", "extended"])
    parser.add_argument("--markets", type=int, default=0, help="codes per market list")
    args = parser.parse_args()
    scale = 10 if args.quick else 1

    both = sides(profile=args.profile, markets=args.markets)
    raw, spotify, raw_page = both.raw, both.spotify, both.raw_page

    def raw_items() -> Any:
        data = raw_page()
        while True:
            yield from data["items"]
            if data["next"] is None:
                return
            data = json.loads(raw.get(data["next"]).content)

    def raw_all_items() -> int:
        count = 0
        data = raw_page()
        while True:
            count += len(data["items"])
            if data["next"] is None:
                return count
            data = json.loads(raw.get(data["next"]).content)

    def typed_all_items() -> int:
        return sum(1 for _ in spotify.all_items(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50)))

    assert raw_all_items() == typed_all_items() == 10_000

    rows = [
        ("artist (one small call)", both.raw_artist, both.typed_artist, 2000 // scale),
        ("playlist_items, 50-item page", raw_page, both.typed_page, 500 // scale),
        ("all_items over 10,000 items", raw_all_items, typed_all_items, max(1, 5 // scale)),
    ]
    print(f"Python {platform.python_version()} on {platform.machine()}, httpx {httpx.__version__}")
    lists = "none" if args.profile == "development" else f"{args.markets or 9} codes"
    print(f"emulator profile {args.profile}, market lists: {lists}")
    print()
    print("| case | raw httpx + json.loads | spotipy (typed models) | ratio |")
    print("|---|---|---|---|")
    for name, raw_func, typed_func, repeat in rows:
        raw_cost = cpu_per_call(raw_func, repeat)
        typed_cost = cpu_per_call(typed_func, repeat)
        print(
            f"| {name} | {raw_cost * 1e6:,.0f} µs | {typed_cost * 1e6:,.0f} µs "
            f"| {typed_cost / raw_cost:.2f}x |"
        )
    print()
    print("| memory | raw httpx + json.loads | spotipy (typed models) | ratio |")
    print("|---|---|---|---|")
    raw_kept = kept_memory(lambda: list(raw_items()))
    typed_kept = kept_memory(
        lambda: list(spotify.all_items(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50)))
    )
    print(
        f"| 10,000 playlist entries kept in a list | {raw_kept / 2**20:.1f} MiB "
        f"| {typed_kept / 2**20:.1f} MiB | {typed_kept / raw_kept:.2f}x |"
    )
    raw_peak = peak_memory(raw_all_items)
    typed_peak = peak_memory(typed_all_items)
    print(
        f"| peak while streaming all_items (nothing kept) | {raw_peak / 2**20:.1f} MiB "
        f"| {typed_peak / 2**20:.1f} MiB | {typed_peak / raw_peak:.2f}x |"
    )
    return 0


def kept_memory(build: Callable[[], object]) -> int:
    """Bytes still allocated after ``build`` returns, while its result is alive."""
    gc.collect()
    tracemalloc.start()
    result = build()
    kept, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return kept


def peak_memory(run: Callable[[], object]) -> int:
    """Peak bytes allocated while ``run`` runs."""
    gc.collect()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


if __name__ == "__main__":
    sys.exit(main())
