"""CPU per call, best of several rounds, printed as JSON: one side of a paired comparison.

Prints ``{"artist": µs, "page": µs, "raw_artist": µs, "raw_page": µs}`` (with
``--all-items`` also ``all_items_10``, the CPU of ``all_items(concurrency=10)`` over the
10,000-entry playlist, threads included, and ``raw_all``, raw httpx paging through it) for the
spotipy found on ``sys.path`` (``PYTHONPATH`` picks the version under test), talking to
the canned transport of ``bench/run.py``.  ``--client httpx2`` gives spotipy an
``httpx2.Client`` over an ``httpx2.MockTransport`` answering the same bytes.
``bench/paired.py`` runs it for two versions in turn.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import httpx
from run import Canned, cpu_per_call, sides

from spotipy.emulator import BIG_PLAYLIST_ID


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
    parser.add_argument("--profile", default="development", choices=["development", "extended"])
    parser.add_argument("--markets", type=int, default=0, help="codes per market list")
    parser.add_argument(
        "--all-items", action="store_true", help="also all_items(concurrency=10) and raw paging"
    )
    args = parser.parse_args()
    client = httpx2_client if args.client == "httpx2" else None
    both = sides(client, args.profile, args.markets)
    spotify, raw = both.spotify, both.raw

    def all_items_10() -> int:
        first = spotify.playlist_items(BIG_PLAYLIST_ID, limit=50)
        return sum(1 for _ in spotify.all_items(first, concurrency=10))

    def raw_all() -> int:
        count, data = 0, both.raw_page()
        while True:
            count += len(data["items"])
            if data["next"] is None:
                return count
            data = json.loads(raw.get(data["next"]).content)

    cases = [
        ("artist", both.typed_artist, 2000),
        ("page", both.typed_page, 200),
        ("raw_artist", both.raw_artist, 2000),
        ("raw_page", both.raw_page, 200),
    ]
    if args.all_items:
        cases += [("all_items_10", all_items_10, 1), ("raw_all", raw_all, 1)]
    figures = {
        name: cpu_per_call(func, repeat, args.rounds, pick=min) for name, func, repeat in cases
    }
    print(json.dumps({k: v * 1e6 for k, v in figures.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
