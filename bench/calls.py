"""CPU per call, best of several rounds, printed as JSON: one side of a paired comparison.

Prints ``{"artist": µs, "page": µs, "raw_artist": µs, "raw_page": µs}`` for the
spotipy found on ``sys.path`` (``PYTHONPATH`` picks the version under test), talking to
the canned transport of ``bench/run.py``.  ``--client httpx2`` gives spotipy an
``httpx2.Client`` over an ``httpx2.MockTransport`` answering the same bytes.
``bench/paired.py`` runs it for two versions in turn.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import httpx
from run import API, Canned

from spotipy import Spotify
from spotipy.emulator import BIG_PLAYLIST_ID, Emulator
from spotipy.sender import PersistentSender


def best(func: Callable[[], object], repeat: int, rounds: int) -> float:
    """Lowest CPU seconds per call over ``rounds`` rounds of ``repeat`` calls."""
    func()
    results = []
    for _ in range(rounds):
        gc.collect()
        start = time.process_time()
        for _ in range(repeat):
            func()
        results.append((time.process_time() - start) / repeat)
    return min(results)


def httpx2_client(canned: Canned) -> Any:
    """An httpx2 client whose transport answers with the canned bytes."""
    import httpx2

    def handler(request: httpx2.Request) -> httpx2.Response:
        key = str(request.url)
        if key not in canned.answers:  # record once, through the httpx side
            canned.handler(httpx.Request("GET", key, headers=request.headers.raw))
        status, headers, body = canned.answers[key]
        return httpx2.Response(status, headers=headers, content=body)

    return httpx2.Client(transport=httpx2.MockTransport(handler))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--client", choices=["httpx", "httpx2"], default="httpx")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    emulator = Emulator(seed=0)
    token = emulator.app_token()
    canned = Canned(emulator)
    transport = httpx.MockTransport(canned.handler)
    raw = httpx.Client(transport=transport, headers={"Authorization": f"Bearer {token}"})
    client: Any = (
        httpx2_client(canned) if args.client == "httpx2" else httpx.Client(transport=transport)
    )
    spotify = Spotify(token, PersistentSender(client=client))
    artist_id = emulator.catalogue.artist_ids[0]
    page_url = f"{API}/playlists/{BIG_PLAYLIST_ID}/items"
    page_params = {"limit": "50", "offset": "0", "additional_types": "track,episode"}
    figures = {
        "artist": best(lambda: spotify.artist(artist_id), 2000, args.rounds),
        "page": best(lambda: spotify.playlist_items(BIG_PLAYLIST_ID, limit=50), 200, args.rounds),
        "raw_artist": best(
            lambda: json.loads(raw.get(f"{API}/artists/{artist_id}").content), 2000, args.rounds
        ),
        "raw_page": best(
            lambda: json.loads(raw.get(page_url, params=page_params).content), 200, args.rounds
        ),
    }
    print(json.dumps({k: v * 1e6 for k, v in figures.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
