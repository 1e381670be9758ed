"""Shared cooldowns: a 429 at one client pauses every client (one process, or Redis)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from spotipy import Spotify
from spotipy.emulator import Emulator
from spotipy.errors import QuotaExceeded, TooManyRequests
from spotipy.redis import RedisConnection, RedisCooldown
from spotipy.sender import AsyncRetryingSender, Cooldown, LocalCooldown, RetryingSender
from tests.conftest import Runner, make_sender
from tests.redis.conftest import RedisServer


class FakeTime:
    """A clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    async def sleep_async(self, seconds: float) -> None:
        self.sleep(seconds)


def retrying(emulator: Emulator, mode: str, cooldown: Any, **kwargs: Any) -> Any:
    cls = AsyncRetryingSender if mode == "async" else RetryingSender
    return cls(sender=make_sender(emulator, mode), cooldown=cooldown, **kwargs)


def api_requests(emulator: Emulator) -> int:
    return sum(r.path.startswith("/v1/") for r in emulator.requests)


def test_a_429_at_one_client_pauses_the_other(mode: str, run: Runner, emulator: Emulator) -> None:
    fake = FakeTime()
    cooldown = LocalCooldown(clock=fake.clock)
    sleep = fake.sleep_async if run.is_async else fake.sleep
    timing = {"clock": fake.clock, "sleep": sleep}
    first = Spotify(emulator.app_token(), retrying(emulator, mode, cooldown, **timing))
    second = Spotify(
        emulator.app_token(), retrying(emulator, mode, cooldown, rate_limit_retries=0, **timing)
    )
    artist = emulator.catalogue.artist_ids[0]
    emulator.faults.add(status=429, headers={"Retry-After": "3"}, path="/v1/artists")
    with pytest.raises(TooManyRequests):
        run(second.artist(artist))  # gives up at once, but tells the others
    assert cooldown.remaining() == pytest.approx(3.0)
    sent = api_requests(emulator)
    assert run(first.artist(artist)).id == artist
    assert fake.slept == [pytest.approx(3.0)]  # waited before sending anything
    assert api_requests(emulator) == sent + 1


def test_a_cooldown_longer_than_max_wait_raises_without_sending(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    cooldown = LocalCooldown()
    cooldown.pause(120)
    spotify = Spotify(emulator.app_token(), retrying(emulator, mode, cooldown, max_wait=60))
    with pytest.raises(TooManyRequests, match="shared cooldown") as caught:
        run(spotify.artist(emulator.catalogue.artist_ids[0]))
    assert caught.value.retry_after == pytest.approx(120, abs=1)
    assert api_requests(emulator) == 0
    longer_than_budget = LocalCooldown()
    longer_than_budget.pause(30)
    over_budget = Spotify(
        emulator.app_token(), retrying(emulator, mode, longer_than_budget, budget=10)
    )
    with pytest.raises(TooManyRequests, match="budget"):
        run(over_budget.artist(emulator.catalogue.artist_ids[0]))
    assert api_requests(emulator) == 0


def test_a_cooldown_that_never_ends_is_given_up(emulator: Emulator) -> None:
    cooldown = LocalCooldown(clock=lambda: 100.0)  # a clock that stands: it never passes
    cooldown.pause(5)
    sender = RetryingSender(sender=make_sender(emulator, "sync"), cooldown=cooldown, sleep=id)
    with pytest.raises(TooManyRequests, match="cooldown waits used up"):
        Spotify(emulator.app_token(), sender).artist(emulator.catalogue.artist_ids[0])


def test_bad_cooldowns_and_pauses_are_refused() -> None:
    with pytest.raises(TypeError, match="cooldown"):
        RetryingSender(cooldown=object())  # type: ignore[arg-type]
    cooldown = LocalCooldown(clock=lambda: 100.0)
    with pytest.raises(ValueError, match="pause"):
        cooldown.pause(float("inf"))
    with pytest.raises(TypeError, match="pause"):
        cooldown.pause("2")  # type: ignore[arg-type]
    cooldown.pause(1)
    cooldown.pause(0.1)  # never shortens
    assert cooldown.remaining() == 1
    assert isinstance(cooldown, Cooldown)
    assert "LocalCooldown" in repr(cooldown)


def test_redis_cooldown_pauses_another_process_client(
    mode: str, run: Runner, emulator: Emulator, redis_url: str, namespace: str
) -> None:
    # Two connections: as two worker processes would have.
    one, other = (RedisCooldown(RedisConnection(redis_url, namespace=namespace)) for _ in range(2))
    assert isinstance(one, Cooldown)
    waits: list[float] = []

    def wait_out(seconds: float) -> None:
        # The wait, without real time: the cooldown ends as if it had passed.
        waits.append(seconds)
        other.connection.client.delete(other.key)

    async def wait_out_async(seconds: float) -> None:
        wait_out(seconds)

    sleep = wait_out_async if run.is_async else wait_out
    hit = Spotify(emulator.app_token(), retrying(emulator, mode, one, rate_limit_retries=0))
    waiting = Spotify(emulator.app_token(), retrying(emulator, mode, other, sleep=sleep))
    artist = emulator.catalogue.artist_ids[0]
    emulator.faults.add(status=429, headers={"Retry-After": "60"}, path="/v1/artists")
    with pytest.raises(TooManyRequests):
        run(hit.artist(artist))
    assert 30 < other.remaining() <= 60.0
    before = api_requests(emulator)
    assert run(waiting.artist(artist)).id == artist
    assert len(waits) == 1  # the other client waited out the cooldown first, then sent
    assert 30 < waits[0] <= 60.0
    assert api_requests(emulator) == before + 1
    if run.is_async:
        for cooldown in (one, other):
            run(cooldown.connection.aclose())


def test_redis_cooldown_fails_open_when_redis_is_gone(
    own_redis: RedisServer, namespace: str, caplog: pytest.LogCaptureFixture
) -> None:
    cooldown = RedisCooldown(RedisConnection(own_redis.url, namespace=namespace, timeout=1))
    cooldown.pause(0.2)
    own_redis.stop()
    with caplog.at_level(logging.WARNING, "spotipy"):
        assert cooldown.remaining() == 0.0
        cooldown.pause(1)

        async def main() -> float:
            await cooldown.pause_async(1)
            left = await cooldown.remaining_async()
            await cooldown.connection.aclose()
            return left

        assert asyncio.run(main()) == 0.0
    assert "going on without it" in caplog.text
    assert "RedisCooldown" in repr(cooldown)


def test_a_spent_quota_pauses_every_app_of_the_developer_account(
    mode: str, run: Runner, redis_url: str
) -> None:
    # Two apps (client IDs, so two namespaces) of one developer account, as since July 2026.
    emulator = Emulator(profile="extended", quota_budget=(1, 86400), clients={"two": "s2"})
    apps = []
    for namespace in ("app-one", "app-two"):
        cooldown = RedisCooldown(
            RedisConnection(redis_url, namespace=namespace), account="developer-7"
        )
        apps.append(cooldown)
    assert apps[0].key == apps[1].key == "spotipy:account:developer-7:cooldown"
    apps[0].connection.client.delete(apps[0].key)
    fake = FakeTime()
    sleep = fake.sleep_async if run.is_async else fake.sleep
    timing = {"clock": fake.clock, "sleep": sleep}
    one = Spotify(emulator.app_token(), retrying(emulator, mode, apps[0], **timing))
    two = Spotify(emulator.app_token(), retrying(emulator, mode, apps[1], **timing))
    artist = emulator.catalogue.artist_ids[0]
    run(one.artist(artist))
    with pytest.raises(QuotaExceeded):
        run(one.artist(artist))  # the quota: never waited out, but published
    assert apps[1].remaining() > 3600
    before = api_requests(emulator)
    with pytest.raises(TooManyRequests) as cooling:
        run(two.artist(artist))
    assert api_requests(emulator) == before  # not sent
    assert cooling.value.retry_after is not None
    assert cooling.value.retry_after > 3600
    assert fake.slept == []
    with pytest.raises(ValueError, match="account"):
        RedisCooldown(apps[0].connection, account="two words")
    apps[0].connection.client.delete(apps[0].key)
    if run.is_async:
        for cooldown in apps:
            run(cooldown.connection.aclose())
