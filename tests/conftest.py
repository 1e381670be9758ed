"""Shared fixtures: the emulator, and clients in both modes through real senders.

Every endpoint test takes the ``spotify`` fixture, which is parametrised over the sync
and async modes, and wraps calls in ``run(...)``: in sync mode ``run`` returns the value
as it is; in async mode it runs the awaitable on the test's event loop.  One test body
therefore checks both modes over the same HTTP conversation with the emulator.

The emulator comes from spotipy's own pytest plugin (:mod:`spotipy.testing`): ``emulator``
is the plugin's ``spotify_emulator``, in the extended profile unless a
``@pytest.mark.spotify_emulator(...)`` marker says otherwise, and the plugin's other
fixtures (``async_spotify``, ``spotify_user``, ``spotify_emulator_server`` ...) share it.
Our ``spotify`` (parametrised over both modes) overrides the plugin's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest

from spotipy import Credentials, Spotify
from spotipy.emulator import Emulator, serve
from spotipy.sender import AsyncPersistentSender, PersistentSender

T = TypeVar("T")

# tests/testing/ runs pytest in-process on projects of its own.
pytest_plugins = ["pytester"]

SECRETS_LOGGER = "spotipy"


class Runner:
    """Resolve results of either mode: values pass through, awaitables are awaited."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.loop = asyncio.new_event_loop() if mode == "async" else None

    @property
    def is_async(self) -> bool:
        return self.loop is not None

    def __call__(self, value: T | Awaitable[T]) -> T:
        if self.loop is None:
            assert not isinstance(value, Awaitable), "sync client returned an awaitable"
            return value
        assert isinstance(value, Awaitable), "async client returned a plain value"
        return self.loop.run_until_complete(_await(value))

    def collect(self, iterator: Iterator[T] | AsyncIterator[T]) -> list[T]:
        """List an iterator of either mode."""
        if self.loop is None:
            assert isinstance(iterator, Iterator)
            return list(iterator)
        assert isinstance(iterator, AsyncIterator)
        return self.loop.run_until_complete(_alist(iterator))

    def call(self, func: Callable[[], T | Awaitable[T]]) -> T:
        """Call ``func`` and resolve what it returns."""
        return self(func())

    def close(self) -> None:
        if self.loop is not None:
            self.loop.close()


async def _await(value: Awaitable[T]) -> T:
    return await value


async def _alist(iterator: AsyncIterator[T]) -> list[T]:
    return [item async for item in iterator]


@pytest.fixture
def spotify_emulator_options(spotify_emulator_options: dict[str, Any]) -> dict[str, Any]:
    """The plugin's options, in the ``extended`` profile unless a marker chose one."""
    return {"profile": "extended", **spotify_emulator_options}


@pytest.fixture
def emulator(spotify_emulator: Emulator) -> Emulator:
    """A fresh emulator with the default seed and app credentials (the plugin's).

    In the ``extended`` profile, so that every endpoint is served, deprecated ones too.
    """
    return spotify_emulator


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def run(mode: str) -> Iterator[Runner]:
    runner = Runner(mode)
    yield runner
    runner.close()


def make_sender(emulator: Emulator, mode: str) -> Any:
    """A persistent sender whose httpx client talks to ``emulator`` in-process."""
    transport = emulator.transport()
    if mode == "async":
        return AsyncPersistentSender(client=httpx.AsyncClient(transport=transport))
    return PersistentSender(client=httpx.Client(transport=transport))


def answer_json(emulator: Emulator, path_and_query: str) -> Any:
    """The emulator's JSON answer to a GET of ``path_and_query`` with the app token, to
    alter and serve back through ``emulator.faults.add(body=...)``."""
    import json

    answer = emulator.transport().handle_request(
        httpx.Request(
            "GET",
            f"https://api.spotify.com{path_and_query}",
            headers={"Authorization": f"Bearer {emulator.app_token()}"},
        )
    )
    return json.loads(answer.read())


@pytest.fixture
def sender(emulator: Emulator, mode: str) -> Any:
    return make_sender(emulator, mode)


@pytest.fixture
def app_token(emulator: Emulator) -> str:
    return emulator.app_token()


@pytest.fixture
def spotify(app_token: str, sender: Any) -> Spotify[Any]:
    """A client of the requested mode holding an app token."""
    return Spotify(app_token, sender)


@pytest.fixture
def credentials(emulator: Emulator, sender: Any) -> Credentials[Any]:
    """The emulator's app credentials, in the requested mode."""
    return Credentials(emulator.client_id, emulator.client_secret, sender=sender)


@pytest.fixture(scope="session")
def socket_emulator() -> Iterator[Any]:
    """An emulator served on a loopback socket for the whole session."""
    with serve(Emulator(seed=0), host="127.0.0.1", port=0) as server:
        yield server


@pytest.fixture
def via_socket(socket_emulator: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Point the default base URLs at the socket emulator, as a user would by env."""
    monkeypatch.setenv("SPOTIPY_API_URL", socket_emulator.api_url)
    monkeypatch.setenv("SPOTIPY_ACCOUNTS_URL", socket_emulator.accounts_url)
    return socket_emulator


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Capture every DEBUG record, to prove that no secret is ever logged."""
    caplog.set_level(logging.DEBUG)
    return caplog
