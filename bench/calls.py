"""CPU per call, best of several rounds, printed as JSON: one side of a paired comparison.

Prints ``{"artist": µs, "page": µs, "raw_artist": µs, "raw_page": µs}`` for the
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
    both = sides(httpx2_client if args.client == "httpx2" else None)
    figures = {
        name: cpu_per_call(func, repeat, args.rounds, pick=min)
        for name, func, repeat in [
            ("artist", both.typed_artist, 2000),
            ("page", both.typed_page, 200),
            ("raw_artist", both.raw_artist, 2000),
            ("raw_page", both.raw_page, 200),
        ]
    }
    print(json.dumps({k: v * 1e6 for k, v in figures.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
