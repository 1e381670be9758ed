"""End to end in headless Chromium: log in on the emulator's consent page, see, log out.

The emulator serves Spotify on one loopback socket (consent page shown: no auto-approve),
the app runs on uvicorn on another, and Playwright drives Debian's Chromium (no browser
is downloaded).  Skipped, saying why, only when Chromium is not installed.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from spotipy_web import Settings, create_app, make_server

from spotipy.emulator import DEFAULT_USER_ID, Emulator, listen, serve

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="needs Debian's chromium (scripts/install-services installs it with apt-get)",
)

#: Chromium as root in a container, and never reaching out to Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Where to copy the screenshot as well, to look at it (e.g. /tmp/web.png); unset: nowhere.
SCREENSHOT_COPY = os.environ.get("SPOTIPY_WEB_SCREENSHOT")
#: Milliseconds any one browser action or expectation may take.
STEP_MS = 10_000


class App:
    """The app on uvicorn in a thread, on a free loopback port."""

    def __init__(self, tmp_path: Path) -> None:
        self.sock = listen("127.0.0.1", 0)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.redirect_uri = f"{self.url}/callback"
        self.tmp_path = tmp_path

    @staticmethod
    def _wait(condition: Any, what: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for {what}")
            time.sleep(0.01)

    def run(self, api_url: str, accounts_url: str) -> Iterator[Any]:
        settings = Settings(
            client_id="emulator-client-id",
            redirect_uri=self.redirect_uri,
            token_dir=self.tmp_path / "tokens",
            api_url=api_url,
            accounts_url=accounts_url,
        )
        app = create_app(settings)
        server = make_server(app, log_level="info", configure_logging=False)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [self.sock]}, name="web-app", daemon=True
        )
        thread.start()
        try:
            self._wait(lambda: server.started or not thread.is_alive(), "the app to start")
            assert server.started, "the app's server did not start"
            yield app
        finally:
            server.should_exit = True
            thread.join(10)
            self.sock.close()
            assert not thread.is_alive(), "the app's server did not stop"


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[Any, Any, str]]:
    app_server = App(tmp_path)
    emulator = Emulator(redirect_uris=[app_server.redirect_uri])
    with serve(emulator) as spotify:
        for app in app_server.run(spotify.api_url, spotify.accounts_url):
            yield app, spotify, app_server.url


def test_log_in_see_playlists_log_out_in_chromium(
    running: tuple[Any, Any, str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from playwright.sync_api import expect, sync_playwright

    caplog.set_level(logging.INFO)
    app, spotify, url = running
    emulator: Emulator = spotify.emulator
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, timeout=30_000
        )
        try:
            context = browser.new_context()
            context.set_default_timeout(STEP_MS)
            context.set_default_navigation_timeout(STEP_MS)
            page = context.new_page()
            page.goto(url)
            expect(page.get_by_role("heading", name="Your Spotify playlists")).to_be_visible()
            page.get_by_role("link", name="Log in").click()

            # Spotify's (the emulator's) consent page, on its own origin.
            page.wait_for_url(f"{spotify.accounts_url}/authorize?**")
            expect(page.get_by_text("playlist-read-private")).to_be_visible()
            page.get_by_role("button", name="Agree").click()

            page.wait_for_url(f"{url}/playlists")
            expect(
                page.get_by_role("heading", name="Playlists of Emulator Listener")
            ).to_be_visible()
            token = app.state.web.tokens.get(DEFAULT_USER_ID)
            assert token is not None
            with httpx.Client(base_url=spotify.accounts_url, timeout=10) as check:
                names = [
                    p["name"]
                    for p in check.get(
                        "/v1/me/playlists",
                        params={"limit": 50},
                        headers={"Authorization": f"Bearer {token.access_token}"},
                    ).json()["items"]
                ]
            assert names, "the user should have playlists"
            rows = page.locator("#playlists li")
            expect(rows).to_have_count(len(names))
            for index, name in enumerate(names):
                expect(rows.nth(index)).to_contain_text(name)

            shot = tmp_path / "playlists.png"
            page.screenshot(path=str(shot), full_page=True)
            if SCREENSHOT_COPY:
                shutil.copy(shot, SCREENSHOT_COPY)
            assert shot.stat().st_size > 5_000, "the screenshot should show the page"

            (cookie,) = context.cookies(url)
            assert cookie["name"] == "spotipy-web"
            assert cookie["httpOnly"] is True
            assert cookie["sameSite"] == "Lax"
            secrets = [token.access_token, token.refresh_token, emulator.client_secret]
            html = page.content()
            assert not [s for s in secrets if s in html]

            page.get_by_role("button", name="Log out").click()
            page.wait_for_url(f"{url}/")
            expect(page.get_by_role("link", name="Log in")).to_be_visible()
            assert context.cookies(url) == []
            page.goto(f"{url}/playlists")
            page.wait_for_url(f"{url}/")
        finally:
            browser.close()
    assert emulator.token_requests == ["authorization_code"]
    assert app.state.web.tokens.get(DEFAULT_USER_ID) is None
    # uvicorn's access log saw the callback, with its query cut off.
    access = [r.getMessage() for r in caplog.records if r.name == "uvicorn.access"]
    assert any("/callback?[redacted]" in line for line in access), access
    logs = "\n".join(r.getMessage() for r in caplog.records)
    assert "code=" not in logs
    assert not [s for s in secrets if s in logs]
