"""A library backup, first and incremental, against a sequential exporter.

The emulator answers in-process after a fixed latency (slept outside the emulator, so
requests overlap as they would over a network) with its rate limit on.  The library: a few
hundred small playlists, one of 2,000 entries, 500 liked songs, saved albums and shows,
followed artists.  Three runs are timed:

- ``spotipy.backup`` (bulk paging with ``concurrency=8``, 4 playlists at once, a
  ``RetryingSender``), first and then incremental after three playlists and the liked
  songs changed;
- a straightforward exporter written as the popular tools work: one request after
  another, following ``next``, waiting out each 429's ``Retry-After``; it has no
  incremental mode, so its second run reads everything again.

Prints a markdown table (wall time and requests the emulator saw); copy it into
``bench/README.md``.  ``--playlists`` / ``--latency`` / ``--rate`` change the setup.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from spotipy import Spotify
from spotipy.backup import backup
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.sender import PersistentSender, RetryingSender

API = "https://api.spotify.com/v1"
SCOPES = ("playlist-read-private", "playlist-read-collaborative", "user-library-read",
          "user-follow-read")  # fmt: skip


class Slow(httpx.BaseTransport):
    """The emulator, answering after ``latency`` seconds (slept before it is asked)."""

    def __init__(self, emulator: Emulator, latency: float) -> None:
        self.inner = emulator.transport()
        self.latency = latency

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        time.sleep(self.latency)
        return self.inner.handle_request(request)


def build(emulator: Emulator, playlists: int) -> list[str]:
    """The library of the default user; the IDs of the playlists built."""
    state, cat = emulator.state, emulator.catalogue
    tracks = cat.track_ids
    made = []
    for n in range(playlists):
        p = state.playlists.create(
            DEFAULT_USER_ID, f"Bench {n}", public=True, collaborative=False, description=""
        )
        size = 2_000 if n == 0 else n % 9
        uris = [f"spotify:track:{tracks[(n * 131 + i * 7) % len(tracks)]}" for i in range(size)]
        state.playlists.add(p, state.playlists.entries_for(uris, DEFAULT_USER_ID, 1e9), None)
        made.append(p.id)
    at = 1_600_000_000
    for kind, ids in (("track", tracks[:500]), ("album", cat.album_ids[:30]),
                      ("show", cat.show_ids[:10])):  # fmt: skip
        for item_id in ids:
            at += 60
            state.library.add(DEFAULT_USER_ID, [f"spotify:{kind}:{item_id}"], at)
    for artist_id in cat.artist_ids[:40]:
        at += 60
        state.follows.add(DEFAULT_USER_ID, [f"spotify:artist:{artist_id}"], at)
    return made


def change(emulator: Emulator, playlists: list[str]) -> None:
    """Three playlists and the liked songs change."""
    state, cat = emulator.state, emulator.catalogue
    for n, playlist_id in enumerate(playlists[1:4]):
        entries = state.playlists.entries_for(
            [f"spotify:track:{cat.track_ids[-1 - n]}"], DEFAULT_USER_ID, 2e9
        )
        state.playlists.add(state.playlists[playlist_id], entries, None)
    state.library.add(DEFAULT_USER_ID, [f"spotify:track:{cat.track_ids[-9]}"], 2e9)


def sequential(http: httpx.Client, token: str, folder: Path) -> None:
    """Export every playlist, the liked songs, albums, shows and artists, one request at
    a time, following ``next``."""
    headers = {"Authorization": f"Bearer {token}"}

    def get(url: str) -> Any:
        for _ in range(100):
            answer = http.get(url, headers=headers)
            if answer.status_code == 429:
                time.sleep(float(answer.headers.get("Retry-After", "1")))
                continue
            answer.raise_for_status()
            return answer.json()
        raise RuntimeError("still rate-limited")

    def every(url: str | None, key: str | None = None) -> list[Any]:
        items: list[Any] = []
        while url:
            page = get(url)
            page = page[key] if key else page
            items += page["items"]
            url = page.get("next")
        return items

    playlists = every(f"{API}/me/playlists?limit=50")
    for p in playlists:
        entries = every(f"{API}/playlists/{p['id']}/items?limit=50")
        (folder / f"{p['id']}.json").write_text(json.dumps(entries))
    for name in ("tracks", "albums", "shows"):
        (folder / f"{name}.json").write_text(json.dumps(every(f"{API}/me/{name}?limit=50")))
    artists = every(f"{API}/me/following?type=artist&limit=50", "artists")
    (folder / "artists.json").write_text(json.dumps(artists))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--playlists", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.04)
    parser.add_argument("--rate", type=int, default=120, help="requests per 3 s")
    args = parser.parse_args()
    rows = []
    for side in ("spotipy.backup", "sequential exporter"):
        emulator = Emulator(seed=0, profile="extended", rate_limit=(args.rate, 3.0))
        made = build(emulator, args.playlists)
        token = emulator.user_token(DEFAULT_USER_ID, SCOPES)
        http = httpx.Client(transport=Slow(emulator, args.latency))
        with tempfile.TemporaryDirectory() as folder:
            for run in ("first", "incremental"):
                if run == "incremental":
                    change(emulator, made)
                    time.sleep(3.0)  # an empty rate-limit window for each run
                emulator.requests.clear()
                start = time.perf_counter()
                if side == "sequential exporter":
                    sequential(http, token, Path(folder))
                else:
                    sender = RetryingSender(sender=PersistentSender(client=http))
                    backup(Spotify(token, sender, api_url=API), folder)
                wall = time.perf_counter() - start
                requests = len(emulator.requests)
                rows.append((side, run, wall, requests, emulator.rate_limited))
            time.sleep(3.0)
    print(f"{args.playlists} playlists (one of 2,000 entries), latency {args.latency * 1000:g} ms,"
          f" rate limit {args.rate} requests / 3 s")  # fmt: skip
    print("| exporter | run | wall time (s) | requests | 429s (cumulative) |")
    print("|---|---|---:|---:|---:|")
    for side, run, wall, requests, limited in rows:
        print(f"| {side} | {run} | {wall:.1f} | {requests} | {limited} |")


if __name__ == "__main__":
    main()
