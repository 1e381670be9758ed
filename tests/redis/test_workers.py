"""Many worker processes against one emulator on a loopback socket and one real Redis.

Workers are ``python -m tests.redis.worker`` subprocesses (no fork with threads); every
wait is bounded and every process reaped.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import redis

from spotipy import Credentials
from spotipy.auth import Token
from spotipy.emulator import DEFAULT_USER_ID, Emulator, EmulatorResponse, serve
from spotipy.emulator._asgi import Server
from spotipy.redis import RedisConnection, RedisTokenStore

ROOT = Path(__file__).resolve().parents[2]
#: Seconds a worker may live.
WORKER_TIMEOUT = 40.0


def digest(secret: str | None) -> str:
    return hashlib.sha256((secret or "").encode()).hexdigest()


class Workers:
    """Started worker processes, reaped (killed if need be) on exit."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen[str]] = []

    def start(self, **args: Any) -> subprocess.Popen[str]:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.redis.worker", json.dumps(args)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.processes.append(process)
        return process

    @staticmethod
    def result(process: subprocess.Popen[str]) -> dict[str, Any]:
        out, err = process.communicate(timeout=WORKER_TIMEOUT)
        assert process.returncode == 0, err[-2000:]
        result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
        return result

    def reap(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait(10)
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()


@pytest.fixture
def workers() -> Iterator[Workers]:
    started = Workers()
    try:
        yield started
    finally:
        started.reap()


@pytest.fixture
def rotating() -> Iterator[Server]:
    with serve(Emulator(seed=0, rotate_refresh_tokens=True)) as server:
        yield server


def seed_expiring(server: Server, redis_url: str, namespace: str, key: str) -> Token:
    """Authorise the user and save a token that is about to expire."""
    grant = server.emulator.user_grant(DEFAULT_USER_ID, ["user-read-private"])
    token = Token.from_response(grant)
    token.expires_at = int(time.time()) + 5
    store = RedisTokenStore(RedisConnection(redis_url, namespace=namespace))
    store.save(key, token)
    store.connection.close()
    server.emulator.token_requests.clear()
    return token


def common(server: Server, redis_url: str, namespace: str, **more: Any) -> dict[str, Any]:
    emulator = server.emulator
    return {
        "redis_url": redis_url,
        "namespace": namespace,
        "api_url": server.api_url,
        "accounts_url": server.accounts_url,
        "client_id": emulator.client_id,
        "client_secret": emulator.client_secret,
        **more,
    }


def stored(redis_url: str, namespace: str, key: str) -> Token:
    store = RedisTokenStore(RedisConnection(redis_url, namespace=namespace))
    token = store.load(key)
    store.connection.close()
    assert token is not None
    return token


def still_works(server: Server, token: Token) -> None:
    """The stored refresh token is the live one: refreshing with it succeeds."""
    emulator = server.emulator
    credentials = Credentials(
        emulator.client_id, emulator.client_secret, accounts_url=server.accounts_url
    )
    assert token.refresh_token is not None
    renewed = credentials.refresh_user_token(token.refresh_token)
    assert renewed.access_token


@pytest.mark.parametrize("mode", ["threads", "tasks"])
def test_eight_workers_of_twenty_refresh_once(
    mode: str, rotating: Server, redis_url: str, namespace: str, workers: Workers
) -> None:
    old = seed_expiring(rotating, redis_url, namespace, "user")
    args = common(
        rotating,
        redis_url,
        namespace,
        key="user",
        mode=mode,
        count=20,
        workers=8,
        barrier=f"{namespace}:go",
    )
    started = [workers.start(**args) for _ in range(8)]
    results = [workers.result(process) for process in started]

    assert rotating.emulator.token_requests.count("refresh_token") == 1
    assert all(r["errors"] == [] for r in results), results
    assert sum(len(r["users"]) for r in results) == 160
    newest = stored(redis_url, namespace, "user")
    assert newest.refresh_token != old.refresh_token  # rotated ...
    assert {r["refresh"] for r in results} == {digest(newest.refresh_token)}  # ... kept by all
    still_works(rotating, newest)


def test_worker_killed_holding_the_lock(
    rotating: Server, redis_url: str, namespace: str, workers: Workers
) -> None:
    old = seed_expiring(rotating, redis_url, namespace, "user")
    args = common(rotating, redis_url, namespace, key="user", count=4, lock_ttl=1.5)
    holder = workers.start(**args, mode="hold")
    lock = f"spotipy:{namespace}:lock:user"
    client = redis.Redis.from_url(redis_url, socket_timeout=5)
    deadline = time.monotonic() + 20
    while not client.exists(lock):
        assert holder.poll() is None, "the holder died before taking the lock"
        assert time.monotonic() < deadline, "the lock was never taken"
        time.sleep(0.02)
    others = [workers.start(**args, mode="threads") for _ in range(3)]
    time.sleep(0.3)
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    results = [workers.result(process) for process in others]
    client.close()

    assert holder.returncode == -signal.SIGKILL
    assert all(r["errors"] == [] and len(r["users"]) == 4 for r in results), results
    # The holder never sent its request; one of the others refreshed once, after expiry.
    assert rotating.emulator.token_requests.count("refresh_token") == 1
    newest = stored(redis_url, namespace, "user")
    assert newest.refresh_token != old.refresh_token
    assert {r["refresh"] for r in results} == {digest(newest.refresh_token)}
    still_works(rotating, newest)


class Timed(Emulator):
    """The emulator, noting each Web API request's status and when its sender looked at
    the shared cooldown before sending it (on Redis's clock: see ``worker.calls``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.arrivals: list[tuple[int, tuple[float, float]]] = []
        self._arrivals_lock = threading.Lock()

    def handle(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        body: bytes = b"",
    ) -> EmulatorResponse:
        pairs = list(headers.items() if isinstance(headers, Mapping) else headers)
        look = next((v for k, v in pairs if k.lower() == "x-cooldown-look"), "0 0")
        before, after = (float(part) for part in look.split())
        answer = super().handle(method, url, pairs, body)
        if "/v1/" in url:
            with self._arrivals_lock:
                self.arrivals.append((answer.status, (before, after)))
        return answer


def test_a_429_at_one_worker_pauses_every_worker(
    redis_url: str, namespace: str, workers: Workers
) -> None:
    emulator = Timed(seed=0)
    with serve(emulator) as server:
        args = common(
            server,
            redis_url,
            namespace,
            mode="calls",
            workers=4,
            duration=4.0,
            barrier=f"{namespace}:go",
            app_token=emulator.app_token(),
            artist_id=emulator.catalogue.artist_ids[0],
        )
        started = [workers.start(**args) for _ in range(4)]
        client = redis.Redis.from_url(redis_url, socket_timeout=5)
        deadline = time.monotonic() + 20
        while int(client.get(f"{namespace}:go") or 0) < 4:
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.02)
        client.close()
        time.sleep(0.7)  # traffic from every worker
        emulator.faults.add(status=429, headers={"Retry-After": "2"}, path="/v1/artists")
        results = [workers.result(process) for process in started]

    limited = [look for status, look in emulator.arrivals if status == 429]
    assert len(limited) == 1
    pauses = [pause for r in results for pause in r["pauses"]]
    assert len(pauses) == 1  # the worker that met the 429 told the others
    start, published, seconds = pauses[0]
    assert seconds == 2
    # Every request was sent after a look at the cooldown that found none: a look that
    # began before the pause was published (a request already on its way), or one that
    # ended after the pause was over.  None looked while it stood.
    sent = [look for status, look in emulator.arrivals if status == 200]
    during = [look for look in sent if look[0] >= published and look[1] < start + seconds]
    assert not during, f"{len(during)} requests were sent while the cooldown stood"
    assert any(look[0] < published for look in sent)  # traffic before the 429 ...
    assert any(look[1] >= start + seconds for look in sent)  # ... and after the pause
    assert all(r["calls"] > 0 for r in results)
