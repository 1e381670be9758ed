"""Fixtures of the web example's tests: the app in-process, and an emulator behind it.

The example lives in ``examples/web`` (it is not part of the library): its package
``spotipy_web`` is imported from there.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from spotipy.emulator import DEFAULT_USER_ID, Emulator

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "web"
if str(EXAMPLE) not in sys.path:
    sys.path.insert(0, str(EXAMPLE))

from spotipy_web import Settings, create_app  # noqa: E402

APP_ORIGIN = "http://127.0.0.1:8080"
REDIRECT_URI = f"{APP_ORIGIN}/callback"
USER = DEFAULT_USER_ID


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def emulator() -> Emulator:
    """An emulator that knows the app's redirect URI and consents at once as USER."""
    return Emulator(redirect_uris=[REDIRECT_URI], auto_approve=USER)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        client_id="emulator-client-id",
        redirect_uri=REDIRECT_URI,
        token_dir=tmp_path / "tokens",
        api_url="https://api.spotify.com/v1",
        accounts_url="https://accounts.spotify.com",
    )


class Recorder:
    """Every response the browser-side clients saw: to scan them for secrets."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    async def __call__(self, response: httpx.Response) -> None:
        await response.aread()
        self.texts.append(f"{response.status_code} {response.headers!r}\n{response.text}")

    def __str__(self) -> str:
        return "\n".join(self.texts)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
async def app(settings: Settings, emulator: Emulator) -> AsyncIterator[Any]:
    """The app, talking to the in-process emulator."""
    application = create_app(settings, transport=emulator.transport())
    yield application
    await application.state.web.aclose()


@pytest.fixture
async def browser_factory(
    app: Any, recorder: Recorder
) -> AsyncIterator[Callable[[], httpx.AsyncClient]]:
    """Make httpx clients that act as browsers of the app: each its own cookie jar."""
    clients: list[httpx.AsyncClient] = []

    def make() -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url=APP_ORIGIN,
            event_hooks={"response": [recorder]},
            timeout=10,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
def browser(browser_factory: Callable[[], httpx.AsyncClient]) -> httpx.AsyncClient:
    return browser_factory()


@pytest.fixture
async def accounts(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """What the browser does on Spotify's side: ask /authorize (auto-approved)."""
    async with httpx.AsyncClient(transport=emulator.transport(), timeout=10) as client:
        yield client


async def start_login(browser: httpx.AsyncClient, accounts: httpx.AsyncClient) -> str:
    """Click "Log in" and agree: return the callback URL Spotify redirects to."""
    response = await browser.get("/login")
    assert response.status_code == 303, response.text
    consent = await accounts.get(response.headers["location"])
    assert consent.status_code == 302, consent.text
    location = consent.headers["location"]
    assert location.startswith(REDIRECT_URI + "?")
    return location


async def log_in(browser: httpx.AsyncClient, accounts: httpx.AsyncClient) -> httpx.Response:
    """Log in as USER; return the callback's answer (a redirect to the playlists)."""
    response = await browser.get(await start_login(browser, accounts))
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/playlists"
    return response
