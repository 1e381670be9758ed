"""The app's rate limit shared through Redis, through the rate-limited senders."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import random
from collections.abc import Callable
from typing import Any

import pytest

from spotipy import Spotify
from spotipy.emulator import Emulator
from spotipy.errors import TooManyRequests, TransportError
from spotipy.redis import RedisConnection, RedisRateLimit
from spotipy.sender import AsyncRateLimitedSender, Gate, RateLimit, RateLimitedSender
from tests.conftest import Runner, make_sender
from tests.redis.conftest import RedisServer
from tests.redis.test_cooldown import FakeTime


def limit(
    url: str,
    namespace: str,
    requests: int = 3,
    per: float = 2.0,
    clock: Callable[[], float] | None = None,
) -> RedisRateLimit:
    return RedisRateLimit(RedisConnection(url, namespace=namespace), requests, per, clock=clock)


def limited_client(
    mode: str, run: Runner, emulator: Emulator, redis_url: str, namespace: str
) -> tuple[Spotify[Any], RedisRateLimit, FakeTime]:
    """A client whose sender waits, on a fake clock, for a slot of 2 per 5 s shared in Redis."""
    clock = FakeTime()
    shared = limit(redis_url, namespace, requests=2, per=5.0, clock=clock.clock)
    underlying = make_sender(emulator, mode)
    if run.is_async:
        sender: Any = AsyncRateLimitedSender(shared, underlying, sleep=clock.sleep_async)
    else:
        sender = RateLimitedSender(shared, underlying, sleep=clock.sleep)
    return Spotify(emulator.app_token(), sender), shared, clock


def test_workers_share_one_window_counted_until_each_answer(redis_url: str, namespace: str) -> None:
    clock = FakeTime()
    one, other = (limit(redis_url, namespace, clock=clock.clock) for _ in range(2))
    assert isinstance(one, Gate)
    tickets = [one.enter(), other.enter(), one.enter()]
    assert all(wait == 0 and ticket for wait, ticket in tickets)
    # Three in flight: nobody is admitted, and no answer can free a slot sooner than a
    # window after it comes.
    assert other.enter() == (2.0, None)
    clock.now += 0.5
    one.leave(str(tickets[0][1]))  # answered at +0.5: counted until +2.5
    clock.now += 0.1
    wait, ticket = other.enter()
    assert ticket is None
    assert wait == pytest.approx(1.9, abs=1e-5)
    clock.now += 1.9  # exactly a window after the answer: still inside it
    assert other.enter()[1] is None
    clock.now += 1e-5
    wait, ticket = other.enter()
    assert (wait, bool(ticket)) == (0.0, True)
    separate = RedisRateLimit(one.connection, 3, 2.0, name="other", clock=clock.clock)
    assert separate.enter()[0] == 0.0
    assert "3 per 2 s" in repr(one)


def test_rate_limited_senders_wait_for_the_shared_slot(
    mode: str, run: Runner, emulator: Emulator, redis_url: str, namespace: str
) -> None:
    spotify, shared, clock = limited_client(mode, run, emulator, redis_url, namespace)
    artist = emulator.catalogue.artist_ids[0]
    for _ in range(3):
        assert run(spotify.artist(artist)).id == artist
    # The third waits until a window after the first answer, then is admitted.
    assert clock.slept == [pytest.approx(5.0, abs=1e-5)]
    assert sum(r.path.startswith("/v1/") for r in emulator.requests) == 3
    connection = shared.connection.client
    assert connection.zcard(shared._keys[1]) == 0  # nothing left in flight
    assert connection.zcard(shared._keys[0]) == 1  # the first two answers left the window
    if run.is_async:
        run(shared.connection.aclose())


@pytest.mark.parametrize("slowest", [0.5, 3.0], ids=["jitter", "stragglers"])
def test_no_rolling_window_at_the_server_sees_more_than_the_limit(
    redis_url: str, namespace: str, slowest: float
) -> None:
    """Workers whose requests reach the server late and out of order, on a fake clock.

    A discrete-event run: each of 12 senders (6 workers, 2 threads each) asks the shared
    limit, and an admitted request arrives at the emulator after a random delay (up to
    ``slowest`` seconds, so later requests often overtake earlier ones; with stragglers,
    longer than the window) and is answered a little later.  The emulator counts per
    rolling window on the same clock.
    """
    requests, per = 20, 2.0
    clock = FakeTime()
    emulator = Emulator(seed=0, clock=clock.clock, rate_limit=(requests, per))
    spotify = Spotify(emulator.app_token(), make_sender(emulator, "sync"))
    artist = emulator.catalogue.artist_ids[0]
    workers = [limit(redis_url, namespace, requests, per, clock.clock) for _ in range(6)]
    rng = random.Random(16)
    events: list[tuple[float, int, int, str, str]] = []
    order = itertools.count()
    for thread in range(12):
        heapq.heappush(events, (clock.now, next(order), thread, "ask", ""))
    left = dict.fromkeys(range(12), 15)
    arrivals: list[float] = []
    statuses: list[int] = []
    for _ in range(100_000):
        if not events:
            break
        clock.now, _, thread, what, ticket = heapq.heappop(events)
        gate = workers[thread // 2]
        if what == "ask":
            wait, admitted = gate.enter()
            if admitted is None:
                heapq.heappush(events, (clock.now + wait, next(order), thread, "ask", ""))
                continue
            delay = rng.choice([rng.uniform(0, 0.02), rng.uniform(0, slowest)])
            heapq.heappush(events, (clock.now + delay, next(order), thread, "arrive", admitted))
        elif what == "arrive":
            try:
                spotify.artist(artist)
                statuses.append(200)
            except TooManyRequests:
                statuses.append(429)
            arrivals.append(clock.now)
            answered = clock.now + rng.uniform(0, 0.05)
            heapq.heappush(events, (answered, next(order), thread, "answer", ticket))
        else:
            gate.leave(ticket)
            left[thread] -= 1
            if left[thread]:
                heapq.heappush(events, (clock.now, next(order), thread, "ask", ""))
    assert not events
    assert len(arrivals) == 12 * 15
    assert emulator.rate_limited == 0
    assert set(statuses) == {200}
    arrivals.sort()
    busiest = max(
        sum(1 for earlier in arrivals[: i + 1] if earlier > at - per)
        for i, at in enumerate(arrivals)
    )
    assert busiest == requests  # never more; and the budget is used, not wasted
    # 180 requests at 20 a window need eight windows after the first; the latency
    # (at most ``slowest`` + 0.05 s a request) is all the limit adds.
    elapsed = arrivals[-1] - arrivals[0]
    assert 8 * per <= elapsed <= 9 * (per + slowest + 0.05)


def test_bad_limits_are_refused(redis_url: str, namespace: str, emulator: Emulator) -> None:
    connection = RedisConnection(redis_url, namespace=namespace)
    with pytest.raises(ValueError, match="requests"):
        RedisRateLimit(connection, 0)
    with pytest.raises(ValueError, match="per"):
        RedisRateLimit(connection, 1, per=float("nan"))
    with pytest.raises(TypeError, match="reserve"):
        RateLimitedSender(object(), make_sender(emulator, "sync"))  # type: ignore[arg-type]
    assert asyncio.run(RateLimit(1).reserve_async()) == 0.0


def test_the_shared_limit_fails_open_when_redis_is_gone(
    own_redis: RedisServer, namespace: str, caplog: pytest.LogCaptureFixture
) -> None:
    shared = limit(own_redis.url, namespace, requests=1)
    wait, ticket = shared.enter()
    assert wait == 0.0
    assert ticket
    own_redis.stop()
    with caplog.at_level(logging.WARNING, "spotipy"):
        assert shared.enter() == (0.0, "")  # admitted, nothing to count
        shared.leave(str(ticket))  # not recorded: it counts as answered after the lease

        async def main() -> tuple[float, str | None]:
            admitted = await shared.enter_async()
            await shared.leave_async("some-ticket")
            await shared.connection.aclose()
            return admitted

        assert asyncio.run(main()) == (0.0, "")
    assert "going on without it" in caplog.text


def test_a_failed_request_is_counted_as_answered(
    mode: str, run: Runner, emulator: Emulator, redis_url: str, namespace: str
) -> None:
    spotify, shared, _ = limited_client(mode, run, emulator, redis_url, namespace)
    emulator.faults.add(path="/v1/artists", drop=True)
    with pytest.raises(TransportError):
        run(spotify.artist(emulator.catalogue.artist_ids[0]))
    client = shared.connection.client
    assert client.zcard(shared._keys[1]) == 0  # no longer in flight ...
    assert client.zcard(shared._keys[0]) == 1  # ... but counted for a window
    if run.is_async:
        run(shared.connection.aclose())
