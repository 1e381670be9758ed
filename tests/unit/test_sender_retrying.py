"""RetryingSender and AsyncRetryingSender end to end over scripted MockTransports."""

from __future__ import annotations

import email.utils
import logging
from collections.abc import Callable, Iterable
from typing import Any

import httpx
import pytest

from spotipy._http import Request, Response
from spotipy.errors import ServerError, TooManyRequests, TransportError
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncRetryingSender,
    AsyncSender,
    AsyncTransientSender,
    PersistentSender,
    RetryingSender,
    Sender,
    TransientSender,
)

API = "https://api.spotify.com/v1"
NOW = 1_700_000_000.0

Step = httpx.Response | Exception


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Script:
    """A MockTransport handler that plays scripted answers and counts requests."""

    def __init__(self, steps: Iterable[Step]) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps[min(len(self.requests), len(self.steps)) - 1]  # the last one repeats
        if isinstance(step, Exception):
            raise step
        return step

    @property
    def count(self) -> int:
        return len(self.requests)


def ok(status: int = 200) -> httpx.Response:
    return httpx.Response(status, json={"ok": True})


def limited(retry_after: str | None = None, name: str = "Retry-After") -> httpx.Response:
    headers = {} if retry_after is None else {name: retry_after}
    return httpx.Response(429, headers=headers, json={"error": {"status": 429, "message": "slow"}})


def failed(status: int) -> httpx.Response:
    return httpx.Response(status, json={"error": {"status": status, "message": "oops"}})


class Harness:
    """Run one scripted conversation through a sync or an async retrying sender."""

    def __init__(self, mode: str, steps: Iterable[Step], **options: Any) -> None:
        self.mode = mode
        self.script = Script(steps)
        self.sleeps: list[float] = []
        transport = httpx.MockTransport(self.script)
        options.setdefault("clock", lambda: NOW)
        options.setdefault("rng", lambda: 0.5)
        if mode == "sync":
            self.sender: RetryingSender | AsyncRetryingSender = RetryingSender(
                sender=PersistentSender(transport=transport), sleep=self.sleeps.append, **options
            )
        else:

            async def sleep(seconds: float) -> None:
                self.sleeps.append(seconds)

            self.sender = AsyncRetryingSender(
                sender=AsyncPersistentSender(transport=transport), sleep=sleep, **options
            )

    async def send(self, method: str = "GET", path: str = "/me/player/next") -> Response:
        request = Request(method, f"{API}{path}", headers={"Authorization": "Bearer s3cret"})
        try:
            if isinstance(self.sender, RetryingSender):
                return self.sender.send(request)
            return await self.sender.send(request)
        finally:
            if isinstance(self.sender, RetryingSender):
                self.sender.close()
            else:
                await self.sender.close()


MODES = ["sync", "async"]
pytestmark = [pytest.mark.anyio, pytest.mark.parametrize("mode", MODES)]


async def test_server_errors_on_get_are_retried_with_backoff(mode: str) -> None:
    run = Harness(mode, [failed(503), failed(502), ok()], retries=2)
    response = await run.send("GET")
    assert response.status_code == 200
    assert run.script.count == 3
    assert run.sleeps == [0.25, 0.5]  # rng 0.5 times caps of 0.5 s and 1 s


async def test_server_errors_are_returned_when_retries_run_out(mode: str) -> None:
    run = Harness(mode, [failed(500)], retries=2, rng=lambda: 1.0, backoff=2.0)
    response = await run.send("GET")
    assert response.status_code == 500
    assert run.script.count == 3
    assert run.sleeps == [2.0, 4.0]


@pytest.mark.parametrize("path", ["/me/player/next", "/playlists/p/items", "/me/player/queue"])
async def test_post_is_not_retried_after_a_server_error(mode: str, path: str) -> None:
    run = Harness(mode, [failed(500), ok(201)], retries=3)
    response = await run.send("POST", path)
    assert response.status_code == 500
    assert run.script.count == 1
    assert run.sleeps == []


async def test_post_is_not_retried_after_a_read_timeout(mode: str) -> None:
    run = Harness(mode, [httpx.ReadTimeout("slow"), ok(201)], retries=3)
    with pytest.raises(TransportError) as info:
        await run.send("POST")
    assert info.value.sent is True
    assert run.script.count == 1
    assert run.sleeps == []


async def test_post_is_retried_after_a_connect_error(mode: str) -> None:
    run = Harness(mode, [httpx.ConnectError("refused"), ok(201)], retries=1)
    response = await run.send("POST")
    assert response.status_code == 201
    assert run.script.count == 2
    assert run.sleeps == [0.25]


async def test_get_is_retried_after_a_read_timeout_until_retries_run_out(mode: str) -> None:
    run = Harness(mode, [httpx.ReadTimeout("slow")], retries=2, rng=lambda: 0.0)
    with pytest.raises(TransportError):
        await run.send("GET")
    assert run.script.count == 3
    assert run.sleeps == [0.0, 0.0]


async def test_429_on_post_is_retried_even_with_zero_retries(mode: str) -> None:
    run = Harness(mode, [limited("2"), ok(201)], retries=0)
    response = await run.send("POST", "/users/u/playlists")
    assert response.status_code == 201
    assert run.script.count == 2
    assert run.sleeps == [2.0]


@pytest.mark.parametrize("name", ["retry-after", "RETRY-AFTER", "Retry-After"])
async def test_429_header_name_is_case_insensitive(mode: str, name: str) -> None:
    run = Harness(mode, [limited("3", name), ok()])
    assert (await run.send()).status_code == 200
    assert run.sleeps == [3.0]


async def test_429_with_an_http_date_uses_the_injected_clock(mode: str) -> None:
    date = email.utils.formatdate(NOW + 5, usegmt=True)
    run = Harness(mode, [limited(date), ok()])
    assert (await run.send()).status_code == 200
    assert run.sleeps == [5.0]


async def test_429_without_retry_after_waits_one_second(mode: str) -> None:
    run = Harness(mode, [limited(None), ok()])
    assert (await run.send()).status_code == 200
    assert run.sleeps == [1.0]


async def test_429_over_the_cap_raises_at_once(mode: str) -> None:
    run = Harness(mode, [limited("3600"), ok()], max_wait=60.0)
    with pytest.raises(TooManyRequests) as info:
        await run.send()
    assert info.value.retry_after == 3600.0
    assert info.value.response.status_code == 429
    assert info.value.__notes__ == ["Not retried: Retry-After of 3600 s exceeds max_wait of 60 s."]
    assert run.script.count == 1
    assert run.sleeps == []


async def test_429s_are_bounded(mode: str) -> None:
    run = Harness(mode, [limited("1")], rate_limit_retries=3, retries=5)
    with pytest.raises(TooManyRequests) as info:
        await run.send()
    assert info.value.retry_after == 1.0
    assert info.value.__notes__ == ["Not retried: 3 rate-limit retries used up."]
    assert run.script.count == 4
    assert run.sleeps == [1.0, 1.0, 1.0]


async def test_429_without_header_carries_no_retry_after(mode: str) -> None:
    run = Harness(mode, [limited(None)], rate_limit_retries=1)
    with pytest.raises(TooManyRequests) as info:
        await run.send()
    assert info.value.retry_after is None
    assert run.sleeps == [1.0]


async def test_mixed_budgets(mode: str) -> None:
    steps = [limited("0"), failed(503), limited("0"), failed(504), ok()]
    run = Harness(mode, steps, retries=2, rate_limit_retries=2, rng=lambda: 0.0)
    assert (await run.send("GET")).status_code == 200
    assert run.script.count == 5
    assert run.sleeps == [0.0] * 4


async def test_other_errors_are_returned_untouched(mode: str) -> None:
    run = Harness(mode, [failed(404)], retries=3)
    response = await run.send()
    assert response.status_code == 404
    assert run.script.count == 1


async def test_retries_are_logged_without_secrets(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="spotipy")
    run = Harness(mode, [limited("2"), failed(500), ok()], retries=1)
    await run.send("GET", "/me?code=c0de")
    retries = [r for r in caplog.records if r.name == "spotipy"]
    assert [r.levelno for r in retries] == [logging.INFO, logging.INFO]
    assert retries[0].getMessage() == "Retrying GET /v1/me in 2.00 s after 429"
    assert retries[1].getMessage() == "Retrying GET /v1/me in 0.25 s after status 500"
    assert "s3cret" not in caplog.text
    assert "c0de" not in caplog.text


# --- construction, wrapping and closing --------------------------------------------------


def make(mode: str, **options: Any) -> RetryingSender | AsyncRetryingSender:
    return RetryingSender(**options) if mode == "sync" else AsyncRetryingSender(**options)


async def close(sender: Sender | AsyncSender) -> None:
    if isinstance(sender, Sender):
        sender.close()
    else:
        await sender.close()


async def test_defaults(mode: str) -> None:
    sender = make(mode)
    assert sender.retries == 0
    assert sender.rate_limit_retries == 3
    assert sender.max_wait == 60.0
    assert sender.config.backoff == 0.5
    assert type(sender.sender) is (TransientSender if mode == "sync" else AsyncTransientSender)
    await close(sender)


async def test_closing_closes_the_wrapped_sender(mode: str) -> None:
    inner: PersistentSender | AsyncPersistentSender
    if mode == "sync":
        inner = PersistentSender()
        with RetryingSender(sender=inner) as sender:
            assert sender.sender is inner
    else:
        inner = AsyncPersistentSender()
        async with AsyncRetryingSender(sender=inner) as sender:
            assert sender.sender is inner
    assert inner.client.is_closed


async def test_a_sender_of_the_other_mode_is_refused(mode: str) -> None:
    other: Callable[[], Sender | AsyncSender]
    other = AsyncTransientSender if mode == "sync" else TransientSender
    with pytest.raises(TypeError, match=r"(Async|sync) counterpart"):
        make(mode, sender=other())


async def test_bad_limits_are_refused_before_any_sender_is_made(mode: str) -> None:
    with pytest.raises(ValueError, match="retries must be a finite number >= 0"):
        make(mode, retries=-1)


async def test_default_sleep_is_real(mode: str) -> None:
    """The default sleep really waits (here for a 429 with ``Retry-After: 0``)."""
    script = Script([limited("0"), ok()])
    transport = httpx.MockTransport(script)
    inner: Sender | AsyncSender
    if mode == "sync":
        inner = TransientSender(transport=transport)
        response = RetryingSender(sender=inner).send(Request("GET", f"{API}/me"))
    else:
        inner = AsyncTransientSender(transport=transport)
        response = await AsyncRetryingSender(sender=inner).send(Request("GET", f"{API}/me"))
    assert response.status_code == 200
    assert script.count == 2


async def test_given_up_server_errors_become_server_errors_in_clients(mode: str) -> None:
    """A 5xx is returned; the client's error mapping (errors.py) makes it a ServerError."""
    from spotipy.errors import error_for_response

    run = Harness(mode, [failed(502)], retries=0)
    response = await run.send("POST")
    assert isinstance(error_for_response(response), ServerError)


async def test_conclude_raises_the_error_of_any_given_up_response(mode: str) -> None:
    """The loop's last step raises what the response stands for, whatever its status."""
    from spotipy.sender._retry import Action, Decision, RetryState, _RetryLoop

    response = Response(500, None, b"", Request("GET", f"{API}/me"))
    with pytest.raises(ServerError) as info:
        _RetryLoop._conclude(Decision(Action.RAISE, RetryState(), "told to"), response)
    assert info.value.__notes__ == ["Not retried: told to."]
