"""One worker process of the multi-process tests: ``python -m tests.redis.worker JSON``.

It shares a token store (or a cooldown) with the other workers through Redis, talks to
the emulator on a loopback socket, and prints one JSON line: what it ended with (the
refresh token only as a SHA-256 digest: no secret reaches the test's output).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
import threading
import time
from typing import Any

import redis

from spotipy import Credentials, Spotify
from spotipy._http import Request, Response
from spotipy.errors import SpotipyError
from spotipy.redis import RedisConnection, RedisCooldown, RedisTokenStore
from spotipy.sender import (
    AsyncPersistentSender,
    PersistentSender,
    RetryingSender,
    Sender,
    WrappingSender,
)

#: The longest any wait of a worker lasts; the test kills what lives longer.
BOUND = 30.0


def digest(secret: str | None) -> str:
    return hashlib.sha256((secret or "").encode()).hexdigest()


def barrier(url: str, name: str, parties: int) -> None:
    """Wait (bounded) until ``parties`` workers have arrived."""
    client = redis.Redis.from_url(url, socket_timeout=5)
    client.incr(name)
    deadline = time.monotonic() + BOUND
    while int(client.get(name) or 0) < parties:
        if time.monotonic() > deadline:
            raise SystemExit("barrier timed out")
        time.sleep(0.01)
    client.close()


class Stuck(WrappingSender):
    """Holds every token request for ever (until the worker is killed)."""

    def send(self, request: Request) -> Response:
        if request.path.endswith("/api/token"):
            time.sleep(BOUND)
        return self.sender.send(request)


def threads(args: dict[str, Any], store: RedisTokenStore) -> dict[str, Any]:
    sender: Sender = PersistentSender()
    if args["mode"] == "hold":
        sender = Stuck(sender)
    credentials = Credentials(
        args["client_id"], args["client_secret"], sender=sender, accounts_url=args["accounts_url"]
    )
    token = store.token(args["key"], credentials)
    spotify = Spotify(token, PersistentSender(), api_url=args["api_url"])
    count = args["count"]
    start = threading.Barrier(count)
    users: list[str] = []
    errors: list[str] = []

    def use() -> None:
        start.wait(BOUND)
        try:
            users.append(spotify.current_user().id)
        except SpotipyError as error:
            errors.append(type(error).__name__)
        except BaseException as error:  # named in the result, not lost with the thread
            errors.append(f"raw {type(error).__name__}: {error}")

    if args.get("barrier"):
        barrier(args["redis_url"], args["barrier"], args["workers"])
    pool = [threading.Thread(target=use) for _ in range(count)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(BOUND)
    errors.extend("still running after the bound" for thread in pool if thread.is_alive())
    return {"users": users, "errors": errors, "refresh": digest(token.refresh_token)}


async def tasks(args: dict[str, Any], store: RedisTokenStore) -> dict[str, Any]:
    credentials = Credentials(
        args["client_id"],
        args["client_secret"],
        sender=AsyncPersistentSender(),
        accounts_url=args["accounts_url"],
    )
    token = await store.token_async(args["key"], credentials)
    spotify = Spotify(token, AsyncPersistentSender(), api_url=args["api_url"])
    await asyncio.to_thread(barrier, args["redis_url"], args["barrier"], args["workers"])
    results = await asyncio.gather(
        *(spotify.current_user() for _ in range(args["count"])), return_exceptions=True
    )
    await store.connection.aclose()
    return {
        "users": [r.id for r in results if not isinstance(r, BaseException)],
        "errors": [type(r).__name__ for r in results if isinstance(r, BaseException)],
        "refresh": digest(token.refresh_token),
    }


def redis_now(connection: RedisConnection) -> float:
    seconds, micros = connection.client.time()
    return float(seconds) + micros / 1_000_000


class NotedCooldown(RedisCooldown):
    """The shared cooldown, noting on Redis's clock when each look and each pause happened.

    A look is bracketed by two readings (before and after it), so the test can tell for
    sure whether it happened while the cooldown stood.
    """

    def __init__(self, connection: RedisConnection) -> None:
        super().__init__(connection)
        self.look: tuple[float, float] = (0.0, 0.0)
        self.pauses: list[tuple[float, float, float]] = []

    def remaining(self) -> float:
        before = redis_now(self.connection)
        left = super().remaining()
        self.look = (before, redis_now(self.connection))
        return left

    def pause(self, seconds: float) -> None:
        before = redis_now(self.connection)
        super().pause(seconds)
        self.pauses.append((before, redis_now(self.connection), seconds))


class TellsItsLook(WrappingSender):
    """Sends, with each request, when the cooldown was last looked at before it."""

    def __init__(self, sender: Sender, cooldown: NotedCooldown) -> None:
        super().__init__(sender)
        self.cooldown = cooldown

    def send(self, request: Request) -> Response:
        before, after = self.cooldown.look
        request.headers["X-Cooldown-Look"] = f"{before:.6f} {after:.6f}"
        return self.sender.send(request)


def calls(args: dict[str, Any], connection: RedisConnection) -> dict[str, Any]:
    """Ask for an artist again and again for ``duration`` seconds, sharing a cooldown."""
    cooldown = NotedCooldown(connection)
    below = TellsItsLook(PersistentSender(), cooldown)
    sender = RetryingSender(sender=below, cooldown=cooldown)
    spotify = Spotify(args["app_token"], sender, api_url=args["api_url"])
    barrier(args["redis_url"], args["barrier"], args["workers"])
    end = time.monotonic() + args["duration"]
    done = 0
    while time.monotonic() < end:
        spotify.artist(args["artist_id"])
        done += 1
    return {"calls": done, "pauses": cooldown.pauses}


def main() -> None:
    args = json.loads(sys.argv[1])
    connection = RedisConnection(args["redis_url"], namespace=args["namespace"])
    store = RedisTokenStore(connection, lock_ttl=args.get("lock_ttl", 10.0))
    if args["mode"] == "tasks":
        result = asyncio.run(tasks(args, store))
    elif args["mode"] == "calls":
        result = calls(args, connection)
    else:
        result = threads(args, store)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
