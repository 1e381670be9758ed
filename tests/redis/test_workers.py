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
    """The emulator, noting when each Web API request arrived and its status."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.arrivals: list[tuple[float, int]] = []
        self._arrivals_lock = threading.Lock()

    def handle(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        body: bytes = b"",
    ) -> EmulatorResponse:
        arrived = time.monotonic()
        answer = super().handle(method, url, headers, body)
        if "/v1/" in url:
            with self._arrivals_lock:
                self.arrivals.append((arrived, answer.status))
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

    arrivals = sorted(emulator.arrivals)
    limited = [at for at, status in arrivals if status == 429]
    assert len(limited) == 1
    hit = limited[0]
    before = [at for at, _ in arrivals if at < hit]
    # Requests already on their way when the 429 was answered may still arrive.
    during = [at - hit for at, _ in arrivals if hit + 0.25 < at < hit + 1.95]
    after = [at for at, _ in arrivals if at >= hit + 1.95]
    assert len(before) >= 20
    assert during == []
    assert len(after) >= 20
    assert all(r["calls"] > 0 for r in results)
