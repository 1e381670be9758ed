"""Module defaults of spotipy.sender and how a sender is chosen from them."""

from __future__ import annotations

from typing import Any

import pytest

import spotipy.sender
from spotipy._http import Request, Response
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncRetryingSender,
    AsyncSender,
    AsyncTransientSender,
    AsyncWrappingSender,
    PersistentSender,
    RetryingSender,
    Sender,
    TransientSender,
    WrappingSender,
    resolve_sender,
)


@pytest.fixture(autouse=True)
def _restore_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let each test assign the module defaults freely; monkeypatch puts them back."""
    for name in (
        "default_sender_type",
        "default_async_sender_type",
        "default_sender_instance",
        "default_requests_kwargs",
    ):
        monkeypatch.setattr(spotipy.sender, name, getattr(spotipy.sender, name))


def test_public_names() -> None:
    assert set(spotipy.sender.__all__) == {
        "AsyncCachingSender",
        "AsyncPersistentSender",
        "AsyncRateLimitedSender",
        "AsyncRetryingSender",
        "AsyncSender",
        "AsyncSingletonSender",
        "AsyncTransientSender",
        "AsyncWrappingSender",
        "CachingSender",
        "Cooldown",
        "Gate",
        "Limiter",
        "LocalCooldown",
        "PersistentSender",
        "RateLimit",
        "RateLimitedSender",
        "RetryingSender",
        "Sender",
        "SingletonSender",
        "TransientSender",
        "WrappingSender",
        "default_async_sender_type",
        "default_requests_kwargs",
        "default_sender_instance",
        "default_sender_type",
        "resolve_sender",
    }
    for name in spotipy.sender.__all__:
        assert hasattr(spotipy.sender, name)


def test_default_values() -> None:
    assert spotipy.sender.default_sender_type is TransientSender
    assert spotipy.sender.default_async_sender_type is AsyncTransientSender
    assert spotipy.sender.default_sender_instance is None
    assert spotipy.sender.default_requests_kwargs == {}


SYNC = TransientSender()
ASYNC = AsyncTransientSender()

EXPLICIT = [
    # (sender, asynchronous)
    (SYNC, None),
    (SYNC, False),
    (ASYNC, None),
    (ASYNC, True),
]


@pytest.mark.parametrize(("sender", "asynchronous"), EXPLICIT)
def test_an_explicit_sender_wins(sender: Sender | AsyncSender, asynchronous: bool | None) -> None:
    spotipy.sender.default_sender_instance = PersistentSender()
    assert resolve_sender(sender, asynchronous) is sender


@pytest.mark.parametrize(
    ("sender", "asynchronous", "message"),
    [
        (SYNC, True, "asynchronous=True contradicts the sync sender TransientSender"),
        (ASYNC, False, "asynchronous=False contradicts the async sender AsyncTransientSender"),
    ],
)
def test_an_explicit_sender_of_the_wrong_mode_is_refused(
    sender: Sender | AsyncSender, asynchronous: bool, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        resolve_sender(sender, asynchronous)


# (default instance, asynchronous) -> the default instance, or the type of a new sender
DEFAULT_TABLE: list[tuple[Sender | AsyncSender | None, bool | None, Any]] = [
    (None, None, TransientSender),
    (None, False, TransientSender),
    (None, True, AsyncTransientSender),
    (SYNC, None, SYNC),
    (SYNC, False, SYNC),
    (SYNC, True, AsyncTransientSender),
    (ASYNC, None, ASYNC),
    (ASYNC, True, ASYNC),
    (ASYNC, False, TransientSender),
]


@pytest.mark.parametrize(("instance", "asynchronous", "expected"), DEFAULT_TABLE)
def test_resolution_from_the_defaults(
    instance: Sender | AsyncSender | None, asynchronous: bool | None, expected: Any
) -> None:
    spotipy.sender.default_sender_instance = instance
    chosen = resolve_sender(None, asynchronous)
    if isinstance(expected, type):
        assert type(chosen) is expected
    else:
        assert chosen is expected


def test_default_types_are_read_at_call_time() -> None:
    spotipy.sender.default_sender_type = PersistentSender
    spotipy.sender.default_async_sender_type = AsyncPersistentSender
    sync = resolve_sender(None, None)
    asynchronous = resolve_sender(None, True)
    assert type(sync) is PersistentSender
    assert type(asynchronous) is AsyncPersistentSender
    assert sync is not resolve_sender(None, None)  # a new instance every time


def test_an_async_default_type_is_used_when_the_mode_is_open() -> None:
    spotipy.sender.default_sender_type = AsyncTransientSender  # type: ignore[assignment]
    assert type(resolve_sender(None, None)) is AsyncTransientSender


@pytest.mark.parametrize(
    ("name", "value", "asynchronous"),
    [
        ("default_sender_type", AsyncTransientSender, False),
        ("default_async_sender_type", TransientSender, True),
    ],
)
def test_a_default_type_of_the_wrong_mode_is_refused(
    name: str, value: type[Any], asynchronous: bool
) -> None:
    setattr(spotipy.sender, name, value)
    with pytest.raises(ValueError, match=f"spotipy.sender.{name} is {value.__name__}"):
        resolve_sender(None, asynchronous)


# --- no recursion through wrapping defaults ---------------------------------------------


def test_retrying_default_type_does_not_recurse() -> None:
    spotipy.sender.default_sender_type = RetryingSender
    sender = RetryingSender()
    assert type(sender.sender) is TransientSender
    chosen = resolve_sender(None, None)
    assert isinstance(chosen, RetryingSender)
    assert type(chosen.sender) is TransientSender


def test_async_retrying_default_type_does_not_recurse() -> None:
    spotipy.sender.default_async_sender_type = AsyncRetryingSender
    chosen = resolve_sender(None, True)
    assert isinstance(chosen, AsyncRetryingSender)
    assert type(chosen.sender) is AsyncTransientSender


class Counting(WrappingSender):
    """A user's own wrapping sender: it counts requests."""

    def __init__(self, sender: Sender | None = None) -> None:
        from spotipy.sender._defaults import default_underlying_sender

        super().__init__(sender or default_underlying_sender())
        self.count = 0

    def send(self, request: Request) -> Response:
        self.count += 1
        return self.sender.send(request)


class AsyncCounting(AsyncWrappingSender):
    async def send(self, request: Request) -> Response:
        return await self.sender.send(request)


def test_any_wrapping_default_type_is_not_wrapped_again() -> None:
    spotipy.sender.default_sender_type = Counting
    assert type(RetryingSender().sender) is TransientSender
    assert type(Counting().sender) is TransientSender
    spotipy.sender.default_async_sender_type = AsyncCounting
    assert type(AsyncRetryingSender().sender) is AsyncTransientSender


def test_wrappers_use_a_plain_default_type() -> None:
    spotipy.sender.default_sender_type = PersistentSender
    spotipy.sender.default_async_sender_type = AsyncPersistentSender
    spotipy.sender.default_sender_instance = TransientSender()  # not consulted by wrappers
    assert type(RetryingSender().sender) is PersistentSender
    assert type(AsyncRetryingSender().sender) is AsyncPersistentSender


def test_wrappers_ignore_defaults_of_the_wrong_mode_or_kind() -> None:
    spotipy.sender.default_sender_type = AsyncTransientSender  # type: ignore[assignment]
    spotipy.sender.default_async_sender_type = TransientSender  # type: ignore[assignment]
    assert type(RetryingSender().sender) is TransientSender
    assert type(AsyncRetryingSender().sender) is AsyncTransientSender
    spotipy.sender.default_sender_type = lambda: PersistentSender()  # type: ignore[assignment]
    assert type(RetryingSender().sender) is TransientSender


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_base_senders_close_as_no_ops(anyio_backend: str) -> None:
    class Plain(Sender):
        def send(self, request: Request) -> Response:
            return Response(204, None, b"", request)

    class AsyncPlain(AsyncSender):
        async def send(self, request: Request) -> Response:
            return Response(204, None, b"", request)

    with Plain() as plain:
        assert plain.send(Request("GET", "https://api.spotify.com/v1/me")).status_code == 204
    plain.close()
    async with AsyncPlain() as async_plain:
        response = await async_plain.send(Request("GET", "https://api.spotify.com/v1/me"))
        assert response.status_code == 204
    await async_plain.close()
