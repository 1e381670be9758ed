"""Many workers, one app: 429s and total time with a shared rate limit, and without.

A simulation on loopback: the emulator serves on 127.0.0.1 with its rate limit on
(``Emulator(rate_limit=(REQUESTS, WINDOW))``: 429 + ``Retry-After`` once the app sends
more), a redis-server started here keeps the shared state, and N = 1..8 worker
processes each export ``ITEMS`` entries of the big playlist with ``all_items(...,
concurrency=4)`` at once, all with the same app token.  Two set-ups:

* ``alone``: each worker retries 429s by itself (``RetryingSender``, the bulk window
  halving on 429s);
* ``shared``: the same, plus ``RateLimitedSender(RedisRateLimit(...))`` and a
  ``RedisCooldown`` given to the ``RetryingSender``: every worker keeps to one budget;
* ``slots`` (``--slots``): the same with the earlier shared limit, which handed out send
  times (a slot ``per`` seconds after the one ``requests`` slots before), for comparison.

The server records when each request reaches it; "busiest window" is the most requests
any rolling window of the limit's length saw (at most the budget when the limit holds).

Every wait is bounded: a worker that outlives ``--timeout`` is killed (and reported).
Run with ``.venv/bin/python bench/workers.py``; copy the printed table into
``bench/README.md`` ("Many workers").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


# The earlier shared limit: a slot per request, ``per`` seconds after the one ``requests``
# slots before; kept here only to measure it against the current one.
_SLOTS = """
local n = tonumber(ARGV[1])
local per = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local at = now
if redis.call('LLEN', KEYS[1]) >= n then
  at = math.max(now, tonumber(redis.call('LINDEX', KEYS[1], -n)) + per)
end
redis.call('RPUSH', KEYS[1], string.format('%.6f', at))
redis.call('LTRIM', KEYS[1], -n, -1)
redis.call('PEXPIRE', KEYS[1], math.ceil((at - now + per) * 1000))
return string.format('%.6f', at - now)
"""


class SlotLimit:
    """The earlier shared limit (a :class:`~spotipy.sender.Limiter`), for comparison."""

    def __init__(self, connection: Any, requests: int, per: float) -> None:
        self.script = connection.client.register_script(_SLOTS)
        self.key = connection.key("slots")
        self.args = [requests, repr(per)]

    def reserve(self) -> float:
        return max(0.0, float(self.script(keys=[self.key], args=self.args)))

    async def reserve_async(self) -> float:
        return self.reserve()


def worker(args: dict[str, Any]) -> dict[str, Any]:
    """One worker: export ``items`` entries; return the time it took and what it saw."""
    import redis

    from spotipy import Spotify
    from spotipy.emulator import BIG_PLAYLIST_ID
    from spotipy.errors import SpotipyError
    from spotipy.redis import RedisConnection, RedisCooldown, RedisRateLimit
    from spotipy.sender import PersistentSender, RateLimitedSender, RetryingSender, Sender

    underlying: Sender = PersistentSender(timeout=10)
    cooldown = None
    if args["shared"]:
        connection = RedisConnection(args["redis_url"], namespace=args["namespace"])
        per = args["window"] * args["slack"]
        limit: Any = RedisRateLimit(connection, args["requests"], per)
        if args["shared"] == "slots":
            limit = SlotLimit(connection, args["requests"], per)
        underlying = RateLimitedSender(limit, underlying)
        cooldown = RedisCooldown(connection)
    sender = RetryingSender(sender=underlying, cooldown=cooldown, budget=args["timeout"])
    spotify = Spotify(args["token"], sender, api_url=args["api_url"])

    client = redis.Redis.from_url(args["redis_url"], socket_timeout=5)
    client.incr(args["barrier"])
    deadline = time.monotonic() + 30
    while int(client.get(args["barrier"]) or 0) < args["workers"]:
        if time.monotonic() > deadline:
            raise SystemExit("barrier timed out")
        time.sleep(0.005)
    started = time.monotonic()
    error = None
    count = 0
    try:
        first = spotify.playlist_items(BIG_PLAYLIST_ID, limit=50)
        for _ in spotify.all_items(first, concurrency=4, max_items=args["items"]):
            count += 1
    except SpotipyError as exc:
        error = type(exc).__name__
    return {"seconds": time.monotonic() - started, "items": count, "error": error}


class RedisServer:
    """A throwaway redis-server on 127.0.0.1 (nothing on disk)."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server is not installed (scripts/install-services)")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        self.process = subprocess.Popen(
            [*args, "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.RedisError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise SystemExit("redis-server did not start") from None
                time.sleep(0.05)
        client.close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


def busiest(times: list[float], window: float) -> int:
    """The most of ``times`` in any rolling window (``(t - window, t]``) of ``window`` s."""
    times = sorted(times)
    most, first = 0, 0
    for last, at in enumerate(times):
        while times[first] <= at - window:
            first += 1
        most = max(most, last - first + 1)
    return most


def run_case(options: argparse.Namespace, redis_url: str, n: int, shared: str) -> dict[str, Any]:
    """N workers at once against a fresh rate-limited emulator."""
    from spotipy.emulator import Emulator, serve

    emulator = Emulator(seed=0, profile="extended", rate_limit=(options.requests, options.window))
    arrivals: list[float] = []
    window = emulator._rate_window
    assert window is not None
    admit = window.admit

    def counted(client_id: str) -> int | None:
        arrivals.append(time.time())  # the emulator's clock, as the window reads it
        return admit(client_id)

    window.admit = counted  # type: ignore[method-assign]
    namespace = f"bench-{os.getpid()}-{n}-{shared or 'alone'}-{time.monotonic_ns()}"
    with serve(emulator) as server:
        args = {
            "redis_url": redis_url,
            "namespace": namespace,
            "barrier": f"{namespace}:go",
            "workers": n,
            "shared": shared,
            "requests": options.requests,
            "window": options.window,
            "slack": options.slack,
            "items": options.items,
            "timeout": options.timeout,
            "token": emulator.app_token(),
            "api_url": server.api_url,
        }
        command = [sys.executable, __file__, "--worker", json.dumps(args)]
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        processes = [
            subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) for _ in range(n)
        ]
        results = []
        for process in processes:
            try:
                out, _ = process.communicate(timeout=options.timeout + 30)
                results.append(json.loads(out.strip().splitlines()[-1]))
            except (subprocess.TimeoutExpired, ValueError, IndexError):
                process.kill()
                process.wait(10)
                results.append({"seconds": float("nan"), "items": 0, "error": "killed"})
        api_requests = sum(r.path.startswith("/v1/") for r in emulator.requests)
    return {
        "workers": n,
        "shared": shared,
        "rate_limited": emulator.rate_limited,
        "requests": api_requests,
        "busiest": busiest(arrivals, options.window),
        "seconds": max(r["seconds"] for r in results),
        "items": sum(r["items"] for r in results),
        "errors": [r["error"] for r in results if r["error"]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--workers", default="1,2,4,8", help="worker counts, e.g. 1,2,4,8")
    parser.add_argument("--requests", type=int, default=20, help="emulator budget per window")
    parser.add_argument("--window", type=float, default=2.0, help="emulator window (s)")
    parser.add_argument("--items", type=int, default=1000, help="entries each worker exports")
    parser.add_argument(
        "--slack", type=float, default=1.0, help="shared window = emulator window x this"
    )
    parser.add_argument("--slots", action="store_true", help="also the earlier slot limit")
    parser.add_argument("--no-alone", action="store_true", help="only the shared set-ups")
    parser.add_argument("--timeout", type=float, default=120.0, help="longest a worker may run")
    options = parser.parse_args()
    if options.worker:
        print(json.dumps(worker(json.loads(options.worker))), flush=True)
        return
    counts = [int(n) for n in options.workers.split(",")]
    server = RedisServer()
    rows = []
    try:
        setups = (
            ([] if options.no_alone else [""]) + ["gate"] + (["slots"] if options.slots else [])
        )
        for n in counts:
            for shared in setups:
                row = run_case(options, server.url, n, shared)
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
    finally:
        server.stop()
    print(
        f"Python {platform.python_version()} on {platform.machine()} ({os.cpu_count()} cores);"
        f" emulator limit {options.requests} requests per {options.window:g} s, shared limit"
        f" window x{options.slack:g}; each worker exports {options.items} entries"
        " (concurrency 4)."
    )
    print()
    names = {"": "alone", "gate": "shared limit + cooldown", "slots": "earlier slot limit"}
    print(
        "| workers | set-up | 429s | busiest window | API requests | total time | items | errors |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        errors = ", ".join(row["errors"]) or "none"
        print(
            f"| {row['workers']} | {names[row['shared']]} | {row['rate_limited']} |"
            f" {row['busiest']} | {row['requests']} | {row['seconds']:.1f} s | {row['items']} |"
            f" {errors} |"
        )


if __name__ == "__main__":
    main()
