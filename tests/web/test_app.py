"""The web example over HTTP, in-process: the app on httpx's ASGI transport, Spotify emulated.

Each test drives the app as a browser would (its own cookie jar) and looks at what
Spotify's side saw through the emulator: token requests, refresh tokens, rotation.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import stat
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from spotipy_web import Settings, create_app, settings_from_environment
from spotipy_web.serving import RedactQueries
from spotipy_web.store import MAX_PENDING, SessionStore

from spotipy.auth import pkce_challenge
from spotipy.emulator import Emulator

from .conftest import APP_ORIGIN, REDIRECT_URI, USER, Recorder, log_in, start_login

pytestmark = pytest.mark.anyio

Browsers = Callable[[], httpx.AsyncClient]


def set_cookie(response: httpx.Response) -> SimpleCookie:
    headers = response.headers.get_list("set-cookie")
    assert len(headers) == 1, headers
    cookie: SimpleCookie = SimpleCookie()
    cookie.load(headers[0])
    return cookie


def user_token(app: Any) -> Any:
    token = app.state.web.tokens.get(USER)
    assert token is not None, "no token for the user"
    return token


def expected_playlist_names(emulator: Emulator) -> list[str]:
    """The user's playlists as Spotify's side lists them, asked without the app."""
    token = emulator.user_token(USER, ["playlist-read-private", "playlist-read-collaborative"])
    with httpx.Client(transport=emulator.transport()) as client:
        answer = client.get(
            "https://api.spotify.com/v1/me/playlists",
            params={"limit": 50},
            headers={"Authorization": f"Bearer {token}"},
        )
    answer.raise_for_status()
    names = [item["name"] for item in answer.json()["items"]]
    assert names, "the emulator's user should have playlists"
    return names


# -- logging in ---------------------------------------------------------------------------


async def test_login_redirects_with_state_and_pkce_challenge(
    app: Any, browser: httpx.AsyncClient
) -> None:
    response = await browser.get("/login")
    assert response.status_code == 303
    url = urlsplit(response.headers["location"])
    assert (url.scheme, url.netloc, url.path) == ("https", "accounts.spotify.com", "/authorize")
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["client_id"] == "emulator-client-id"
    assert query["redirect_uri"] == REDIRECT_URI
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    assert set(query["scope"].split()) == {"playlist-read-private", "playlist-read-collaborative"}
    assert len(query["state"]) >= 22
    # The challenge is that of the verifier kept in this browser's server-side session.
    (session,) = app.state.web.sessions._sessions.values()
    auth = session.pending[query["state"]]
    assert query["code_challenge"] == pkce_challenge(auth._verifier)
    # A second login gets another state and another verifier.
    again = parse_qs(urlsplit((await browser.get("/login")).headers["location"]).query)
    assert again["state"][0] != query["state"]
    assert again["code_challenge"][0] != query["code_challenge"]


async def test_session_cookie_is_httponly_lax_and_holds_only_an_id(
    app: Any, browser: httpx.AsyncClient
) -> None:
    response = await browser.get("/login")
    cookie = set_cookie(response)["spotipy-web"]
    assert cookie["httponly"] is True
    assert cookie["samesite"].lower() == "lax"
    assert cookie["path"] == "/"
    assert not cookie["secure"], "plain-http loopback: a Secure cookie would not come back"
    assert int(cookie["max-age"]) == 8 * 3600
    # Signed (itsdangerous) base64 JSON holding one random session ID, nothing else.
    payload = json.loads(base64.b64decode(cookie.value.split(".")[0]))
    assert list(payload) == ["sid"]
    (session,) = app.state.web.sessions._sessions.values()
    assert payload["sid"] == session.sid
    state = parse_qs(urlsplit(response.headers["location"]).query)["state"][0]
    assert state not in cookie.value
    # A forged cookie (signature broken) is no session at all.
    browser.cookies.set("spotipy-web", cookie.value[:-2] + "xx", domain="127.0.0.1")
    assert (await browser.get("/playlists")).headers["location"] == "/"


async def test_cookie_is_secure_and_host_prefixed_over_https(
    tmp_path: Path, emulator: Emulator
) -> None:
    settings = Settings(
        client_id="emulator-client-id",
        redirect_uri="https://app.example/callback",
        token_dir=tmp_path,
    )
    application = create_app(settings, transport=emulator.transport())
    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="https://app.example") as client:
        response = await client.get("/login")
    await application.state.web.aclose()
    cookie = set_cookie(response)["__Host-spotipy-web"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["path"] == "/"
    assert not cookie["domain"]


async def test_login_lists_the_users_playlists(
    app: Any, browser: httpx.AsyncClient, accounts: httpx.AsyncClient, emulator: Emulator
) -> None:
    assert "Log in" in (await browser.get("/")).text
    await browser.get("/login")
    before = browser.cookies["spotipy-web"]
    answer = await log_in(browser, accounts)
    # The session's ID changed at log-in (no fixation).
    assert set_cookie(answer)["spotipy-web"].value != before
    assert emulator.token_requests == ["authorization_code"]
    page = await browser.get("/playlists")
    assert page.status_code == 200
    assert "Playlists of Emulator Listener" in page.text
    for name in expected_playlist_names(emulator):
        assert f"<li>{name} " in page.text
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    # Logged in, the start page and log-in lead to the playlists.
    assert (await browser.get("/")).headers["location"] == "/playlists"
    assert (await browser.get("/login")).headers["location"] == "/playlists"
    # The refresh token is on disk, readable by its owner only, in a private folder.
    (token_file,) = app.state.web.settings.token_dir.iterdir()
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(token_file.parent.stat().st_mode) == 0o700
    assert app.state.web.tokens.file(USER).load() == user_token(app).refresh_token


# -- the callback refuses what is not its own login ---------------------------------------


async def callback_answer(browser: httpx.AsyncClient, url: str) -> httpx.Response:
    response = await browser.get(url)
    assert response.status_code == 400, response.text
    return response


async def test_callback_with_wrong_state_is_refused_before_the_code_is_used(
    app: Any, browser: httpx.AsyncClient, accounts: httpx.AsyncClient, emulator: Emulator
) -> None:
    location = await start_login(browser, accounts)
    code = parse_qs(urlsplit(location).query)["code"][0]
    for query in (f"code={code}&state=forged", f"code={code}", f"code={code}&state="):
        response = await callback_answer(browser, f"/callback?{query}")
        assert "Please log in again" in response.text
    assert emulator.token_requests == [], "a refused callback must not exchange its code"
    assert (await browser.get("/playlists")).headers["location"] == "/"


async def test_callback_state_works_once(
    app: Any, browser: httpx.AsyncClient, accounts: httpx.AsyncClient, emulator: Emulator
) -> None:
    location = await start_login(browser, accounts)
    assert (await browser.get(location)).status_code == 303
    await callback_answer(browser, location)
    assert emulator.token_requests == ["authorization_code"]


async def test_callback_of_another_browser_is_refused(
    app: Any, browser_factory: Browsers, accounts: httpx.AsyncClient, emulator: Emulator
) -> None:
    # Login CSRF: an attacker's own callback URL, opened in the victim's browser.
    attacker, victim = browser_factory(), browser_factory()
    location = await start_login(attacker, accounts)
    await victim.get("/login")
    await callback_answer(victim, location)
    fresh = browser_factory()
    await callback_answer(fresh, location)
    assert emulator.token_requests == []
    # The attacker's own browser could still use it: the state was not spent by others.
    assert (await attacker.get(location)).status_code == 303


async def test_callback_with_repeated_parameters_is_refused(
    app: Any, browser: httpx.AsyncClient, accounts: httpx.AsyncClient, emulator: Emulator
) -> None:
    location = await start_login(browser, accounts)
    state = parse_qs(urlsplit(location).query)["state"][0]
    response = await callback_answer(browser, f"{location}&state={state}")
    assert "malformed" in response.text
    assert emulator.token_requests == []


async def test_callback_error_is_shown_escaped(
    app: Any, browser: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "spotipy_web")
    await browser.get("/login")
    hostile = "<script>alert(1)</script>\r\nforged log line" + "x" * 500
    response = await callback_answer(browser, f"/callback?{httpx.QueryParams(error=hostile)}")
    assert "<script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "x" * 101 not in response.text, "untrusted text is shortened"
    assert response.headers["content-type"].startswith("text/html")
    # Logged with repr: the newline cannot forge a line of the log.
    assert "\nforged log line" not in caplog.text
    denied = await callback_answer(browser, "/callback?error=access_denied&state=x")
    assert "Spotify answered: access_denied." in denied.text


async def test_consent_cancelled_on_the_real_consent_page(
    settings: Settings, browser_factory: Browsers, tmp_path: Path
) -> None:
    # The consent page without auto-approval: Cancel sends access_denied back.
    emulator = Emulator(redirect_uris=[REDIRECT_URI])
    application = create_app(settings, transport=emulator.transport())
    async with (
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=application), base_url=APP_ORIGIN
        ) as browser,
        httpx.AsyncClient(transport=emulator.transport()) as spotify,
    ):
        consent = await spotify.get((await browser.get("/login")).headers["location"])
        assert "Agree" in consent.text
        request_id = consent.text.split('name="request_id" value="')[1].split('"')[0]
        answer = await spotify.post(
            "https://accounts.spotify.com/authorize",
            data={"request_id": request_id, "action": "cancel", "user": USER},
        )
        response = await browser.get(answer.headers["location"])
    await application.state.web.aclose()
    assert response.status_code == 400
    assert "access_denied" in response.text
    assert emulator.token_requests == []


async def test_logins_in_flight_are_bounded(
    app: Any, browser: httpx.AsyncClient, accounts: httpx.AsyncClient
) -> None:
    first = await start_login(browser, accounts)
    for _ in range(MAX_PENDING):
        await browser.get("/login")
    await callback_answer(browser, first)


# -- tokens -------------------------------------------------------------------------------


async def test_refresh_after_expiry_persists_the_rotated_refresh_token(
    app: Any, browser: httpx.AsyncClient, accounts: httpx.AsyncClient, emulator: Emulator
) -> None:
    emulator.rotate_refresh_tokens = "always"
    await log_in(browser, accounts)
    store = app.state.web.tokens.file(USER)
    first = store.load()
    assert first is not None
    token = user_token(app)
    emulator.expire_token(token.access_token)
    page = await browser.get("/playlists")
    assert page.status_code == 200
    assert "Playlists of Emulator Listener" in page.text
    assert emulator.token_requests == ["authorization_code", "refresh_token"]
    newest = store.load()
    assert newest is not None
    assert newest != first
    assert newest == token.refresh_token
    assert store.consented_at() is not None
    # The old refresh token was retired by the rotation: only the saved one works.
    with httpx.Client(transport=emulator.transport()) as client:
        old = client.post(
            "https://accounts.spotify.com/api/token",
            data={"grant_type": "refresh_token", "refresh_token": first, "client_id": "x"},
        )
    assert old.status_code == 400


async def test_refused_refresh_token_ends_the_session(
    app: Any, browser: httpx.AsyncClient, accounts: httpx.AsyncClient, emulator: Emulator
) -> None:
    await log_in(browser, accounts)
    token = user_token(app)
    emulator.revoke_refresh_token(token.refresh_token)
    emulator.expire_token(token.access_token)
    page = await browser.get("/playlists")
    assert page.status_code == 401
    assert "log in again" in page.text
    assert app.state.web.tokens.get(USER) is None
    assert app.state.web.tokens.file(USER).load() is None
    assert (await browser.get("/playlists")).headers["location"] == "/"


async def test_spotify_failure_is_a_502_without_details(
    app: Any, browser: httpx.AsyncClient, accounts: httpx.AsyncClient, emulator: Emulator
) -> None:
    await log_in(browser, accounts)
    emulator.faults.add(status=503, path="/v1/me/playlists")
    page = await browser.get("/playlists")
    assert page.status_code == 502
    assert "Spotify is unavailable" in page.text
    assert "503" not in page.text
    assert (await browser.get("/playlists")).status_code == 200


async def test_failed_code_exchange_is_a_400(
    app: Any, browser: httpx.AsyncClient, accounts: httpx.AsyncClient, emulator: Emulator
) -> None:
    location = await start_login(browser, accounts)
    emulator.faults.add(status=400, path="/api/token")
    response = await callback_answer(browser, location)
    assert "Spotify refused the login" in response.text
    emulator.faults.add(status=503, path="/api/token")
    location = await start_login(browser, accounts)
    assert (await browser.get(location)).status_code == 502


# -- logging out --------------------------------------------------------------------------


async def test_logout_needs_post_and_the_sessions_csrf_value(
    app: Any, browser: httpx.AsyncClient, accounts: httpx.AsyncClient
) -> None:
    await log_in(browser, accounts)
    page = (await browser.get("/playlists")).text
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    assert (await browser.get("/logout")).status_code == 405
    assert (await browser.post("/logout")).status_code == 403
    assert (await browser.post("/logout", data={"csrf": "forged"})).status_code == 403
    assert (await browser.post("/logout", data={"csrf": "é" * 40})).status_code == 403
    assert (await browser.get("/playlists")).status_code == 200, "still logged in"
    response = await browser.post("/logout", data={"csrf": csrf})
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cleared = set_cookie(response)["spotipy-web"]
    assert cleared["expires"].startswith("Thu, 01 Jan 1970")
    assert "spotipy-web" not in browser.cookies
    assert (await browser.get("/playlists")).headers["location"] == "/"
    assert "Log in" in (await browser.get("/")).text
    assert app.state.web.tokens.get(USER) is None
    assert app.state.web.tokens.file(USER).load() is None
    assert len(app.state.web.sessions) == 0


async def test_logout_of_one_browser_keeps_the_users_other_session(
    app: Any, browser_factory: Browsers, accounts: httpx.AsyncClient
) -> None:
    laptop, phone = browser_factory(), browser_factory()
    await log_in(laptop, accounts)
    await log_in(phone, accounts)
    page = (await laptop.get("/playlists")).text
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    phone_page = (await phone.get("/playlists")).text
    assert csrf not in phone_page, "each session has its own CSRF value"
    assert (await laptop.post("/logout", data={"csrf": csrf})).status_code == 303
    assert (await phone.get("/playlists")).status_code == 200
    assert app.state.web.tokens.file(USER).load() is not None


# -- nothing secret anywhere --------------------------------------------------------------


async def test_no_secret_in_pages_or_logs(
    app: Any,
    browser: httpx.AsyncClient,
    accounts: httpx.AsyncClient,
    emulator: Emulator,
    recorder: Recorder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    emulator.rotate_refresh_tokens = "always"
    location = await start_login(browser, accounts)
    code = parse_qs(urlsplit(location).query)["code"][0]
    (session,) = app.state.web.sessions._sessions.values()
    verifiers = [auth._verifier for auth in session.pending.values()]
    await browser.get(location)
    token = user_token(app)
    secrets = {token.access_token, token.refresh_token, *verifiers}
    page = await browser.get("/playlists")
    emulator.expire_token(token.access_token)
    await browser.get("/playlists")  # refreshes: a new access token and refresh token
    secrets |= {token.access_token, token.refresh_token}
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    await browser.post("/logout", data={"csrf": csrf})
    assert len(secrets) == 5
    seen = str(recorder)
    assert "Playlists of Emulator Listener" in seen, "the scan must cover the pages"
    assert caplog.records, "the scan must cover the logs"
    # httpx logs the requests of the test's own "browsers" too (to the app, and to
    # /authorize): those are the browser's, not the app's, and are left out.
    browser_side = (
        f"HTTP Request: GET {APP_ORIGIN}",
        f"HTTP Request: POST {APP_ORIGIN}",
        "/authorize?",
    )
    logs = "\n".join(
        f"{r.getMessage()} {r.args!r}"
        for r in caplog.records
        if not any(mark in r.getMessage() for mark in browser_side)
    )
    assert "POST /api/token -> 200" in logs
    for secret in [*secrets, emulator.client_secret]:
        assert secret not in seen
        assert secret not in logs
    # The code travels only in the callback's URL, never into a page or a log.
    assert code not in seen.replace(location, "")
    assert code not in logs
    assert repr(app.state.web).count("emulator-client-id") == 1
    assert token.refresh_token not in repr(session) + repr(app.state.web.tokens)


def test_access_log_filter_drops_queries() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/callback?code=SECRET&state=S", "1.1", 303),
        None,
    )
    assert RedactQueries().filter(record)
    assert record.getMessage() == '127.0.0.1:5 - "GET /callback?[redacted] HTTP/1.1" 303'
    plain = logging.LogRecord("x", logging.INFO, __file__, 1, "%s", ("/a?b",), None)
    RedactQueries().filter(plain)
    assert plain.getMessage() == "/a?b"


# -- configuration and bounds -------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"redirect_uri": "http://localhost:8080/callback"}, "localhost"),
        ({"redirect_uri": "http://app.example/callback"}, "plain http"),
        ({"redirect_uri": "http://127.0.0.1:8080/login"}, "taken by another route"),
        ({"client_id": ""}, "SPOTIPY_CLIENT_ID"),
        ({"session_key": "short"}, "session_key"),
        ({"max_sessions": 0}, "positive"),
    ],
)
def test_settings_that_cannot_work_are_refused(
    settings: Settings, change: dict[str, Any], message: str
) -> None:
    values = {**settings.__dict__, **change}
    with pytest.raises(ValueError, match=message):
        create_app(Settings(**values))


def test_settings_from_environment(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="SPOTIPY_CLIENT_ID and SPOTIPY_REDIRECT_URI"):
        settings_from_environment({"SPOTIPY_CLIENT_SECRET": "s"})
    env = {
        "SPOTIPY_CLIENT_ID": "id",
        "SPOTIPY_REDIRECT_URI": REDIRECT_URI,
        "SPOTIPY_WEB_TOKEN_DIR": os.fspath(tmp_path),
        "SPOTIPY_WEB_SESSION_KEY": "k" * 32,
        "SPOTIPY_API_URL": "http://127.0.0.1:9/v1",
    }
    settings = settings_from_environment(env)
    assert (settings.client_id, settings.token_dir, settings.session_key) == (
        "id",
        tmp_path,
        "k" * 32,
    )
    assert settings.api_url == "http://127.0.0.1:9/v1"
    assert settings.accounts_url is None
    assert "k" * 32 not in repr(settings)
    assert settings.callback_path == "/callback"
    random = settings_from_environment({k: env[k] for k in list(env)[:2]})
    assert len(random.session_key) >= 32
    assert random.token_dir == Path("spotipy-web-tokens")


def test_sessions_end_by_number_and_by_age() -> None:
    ended: list[Any] = []
    store = SessionStore(lifetime=3600, max_sessions=2, on_end=ended.append)
    first, second, third = store.new(), store.new(), store.new()
    assert ended == [first]
    assert store.get(first.sid) is None
    assert store.get(second.sid) is second
    assert store.get(None) is None
    second.created -= 3600
    assert store.get(third.sid) is third
    assert ended == [first, second]
    with pytest.raises(ValueError, match="positive"):
        SessionStore(lifetime=0, max_sessions=1)


async def test_an_evicted_session_forgets_its_users_token(
    settings: Settings, emulator: Emulator, browser_factory: Browsers, accounts: httpx.AsyncClient
) -> None:
    application = create_app(
        Settings(**{**settings.__dict__, "max_sessions": 1}), transport=emulator.transport()
    )
    transport = httpx.ASGITransport(app=application)
    async with (
        httpx.AsyncClient(transport=transport, base_url=APP_ORIGIN) as first,
        httpx.AsyncClient(transport=transport, base_url=APP_ORIGIN) as second,
    ):
        await log_in(first, accounts)
        assert application.state.web.tokens.get(USER) is not None
        await second.get("/login")  # a new session pushes the logged-in one out
        assert (await first.get("/playlists")).headers["location"] == "/"
    assert application.state.web.tokens.get(USER) is None
    assert application.state.web.tokens.file(USER).load() is None
    await application.state.web.aclose()
