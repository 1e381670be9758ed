"""Fixtures for driving the emulator with plain httpx, the way any client would."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from spotipy.emulator import DEFAULT_USER_ID, Emulator

API = "https://api.spotify.com/v1"
ACCOUNTS = "https://accounts.spotify.com"


class Clock:
    """A settable clock, so token expiry needs no waiting."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def emu(clock: Clock) -> Emulator:
    return Emulator(seed=0, clock=clock)


@pytest.fixture
def http(emu: Emulator) -> Iterator[httpx.Client]:
    """A client of the emulator with no credentials of its own."""
    with httpx.Client(transport=emu.transport()) as client:
        yield client


@pytest.fixture
def app(emu: Emulator) -> Iterator[httpx.Client]:
    """A client of the Web API holding an app token."""
    headers = {"Authorization": f"Bearer {emu.app_token()}"}
    with httpx.Client(transport=emu.transport(), base_url=API, headers=headers) as client:
        yield client


@pytest.fixture
def user(emu: Emulator) -> Iterator[httpx.Client]:
    """A client of the Web API holding a token of the default user."""
    token = emu.user_token(DEFAULT_USER_ID, ["user-read-private", "user-read-email"])
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(transport=emu.transport(), base_url=API, headers=headers) as client:
        yield client


@pytest.fixture
def extended(clock: Clock) -> Iterator[httpx.Client]:
    """An app-token client of an emulator in the ``extended`` profile (deprecated routes)."""
    emulator = Emulator(seed=0, clock=clock, profile="extended")
    headers = {"Authorization": f"Bearer {emulator.app_token()}"}
    with httpx.Client(transport=emulator.transport(), base_url=API, headers=headers) as client:
        yield client


def error(response: httpx.Response) -> tuple[int, str]:
    """Return the status and message of a Web API error body, checking they agree."""
    body = response.json()
    assert body["error"]["status"] == response.status_code
    return response.status_code, body["error"]["message"]
