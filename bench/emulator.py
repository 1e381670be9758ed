"""The emulator's own costs: generating a catalogue, constructing, a page, a kept-alive socket.

These were once timed assertions in the tests; timings belong here. Run with
``.venv/bin/python bench/emulator.py``; copy the printed table into ``bench/README.md``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import httpx

from spotipy.emulator import BIG_PLAYLIST_ID, Emulator, serve
from spotipy.emulator._catalogue import Catalogue


def _median(run: Callable[[], object], rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    """Print one Markdown table of medians."""
    rows: list[tuple[str, float]] = []
    rows.append(("generate a catalogue (new seed)", _median(lambda: Catalogue(12345), 5)))
    Emulator(seed=11)
    rows.append(
        ("construct an Emulator (catalogue generated)", _median(lambda: Emulator(seed=11), 20))
    )

    emulator = Emulator(seed=0)
    headers = {"Authorization": f"Bearer {emulator.app_token()}"}
    url = f"https://api.spotify.com/v1/playlists/{BIG_PLAYLIST_ID}/items?limit=50&offset="
    for offset in range(0, 1000, 50):
        emulator.handle("GET", f"{url}{offset}", headers)
    offsets = iter(range(0, 10**9, 50))
    rows.append(
        (
            "answer a 50-item page in-process",
            _median(lambda: emulator.handle("GET", f"{url}{next(offsets) % 1000}", headers), 200),
        )
    )

    with serve(Emulator(seed=0)) as server, httpx.Client() as client:
        client.get(f"{server.api_url}/me")
        rows.append(
            (
                "one request on a kept-alive socket connection",
                _median(lambda: client.get(f"{server.api_url}/me"), 200),
            )
        )

    print("| emulator | median |")
    print("|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1e3:,.2f} ms |")


if __name__ == "__main__":
    main()
