"""The interactive prompt, end to end: a browser stand-in, the emulator on a socket, and
the prompt's own one-shot redirect server, all speaking HTTP."""

from __future__ import annotations

import builtins
import re
import socket
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from spotipy import Spotify
from spotipy.emulator import DEFAULT_USER_ID, Emulator, Server, serve
from spotipy.errors import OAuthError, StateMismatch
from spotipy.sender import AsyncPersistentSender, PersistentSender
from spotipy.util import (
    AuthorisationTimeout,
    RedirectCodeError,
    RefreshingToken,
    TokenFile,
    parse_code_from_url,
    prompt_for_pkce_token,
    prompt_for_user_token,
)
from tests.conftest import Runner

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """An emulator of our own on a socket: these tests change its consent settings."""
    with serve(Emulator(seed=0, auto_approve=DEFAULT_USER_ID)) as running:
        yield running


@pytest.fixture
def emulator(server: Server) -> Emulator:
    server.emulator.auto_approve = DEFAULT_USER_ID
    server.emulator.rotate_refresh_tokens = "pkce"
    server.emulator.token_requests.clear()
    return server.emulator


def free_port(host: str = "127.0.0.1") -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def ipv6_available() -> bool:
    try:
        free_port("::1")
    except OSError:
        return False
    return True


def loopback_uri(emulator: Emulator, host: str = "127.0.0.1", path: str = "/callback") -> str:
    authority = f"[{host}]" if ":" in host else host
    uri = f"http://{authority}:{free_port(host)}{path}"
    emulator.register_redirect_uri(uri)
    return uri


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


class Browser:
    """Stands in for the user's browser: follows the authorisation URL through the
    emulator and then requests the redirect target, as a real browser would.

    ``tamper`` may rewrite the redirect before it is followed; ``before`` requests are
    made on the redirect's origin first (a browser fetching ``/favicon.ico``); ``decline``
    presses Cancel on the consent page; without ``follow`` (and for https redirects,
    which go nowhere here) the redirect is only recorded, for the user to paste.
    """

    def __init__(
        self,
        tamper: Callable[[str], str] | None = None,
        before: tuple[str, ...] = (),
        decline: bool = False,
        follow: bool = True,
        then_genuine: bool = False,
    ) -> None:
        self.follow = follow
        self.then_genuine = then_genuine
        self.tamper = tamper
        self.before = before
        self.decline = decline
        self.opened: list[str] = []
        self.redirect: str | None = None
        self.pages: list[httpx.Response] = []

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        with httpx.Client(trust_env=False, timeout=5) as http:
            answer = http.get(url)
            if self.decline:  # the consent page: press Cancel
                request_id = re.search(r'name="request_id" value="([^"]+)"', answer.text)
                assert request_id is not None, answer.text
                form = {"request_id": request_id.group(1), "action": "cancel"}
                answer = http.post(url.split("?")[0], data=form)
            assert answer.status_code in (302, 303), answer.text
            target = answer.headers["location"]
            self.redirect = self.tamper(target) if self.tamper else target
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(target))
            for path in self.before:
                self.pages.append(http.get(origin + path))
            if self.follow and target.startswith("http://"):
                self.pages.append(http.get(self.redirect))
                if self.then_genuine:  # the forgery came first; Spotify's redirect follows
                    self.pages.append(http.get(target))
        return True

    @property
    def page(self) -> httpx.Response:
        return self.pages[-1]


def prompt(server: Server, uri: str, browser: Browser, **kwargs: Any) -> RefreshingToken:
    emulator = server.emulator
    return prompt_for_user_token(
        emulator.client_id,
        emulator.client_secret,
        uri,
        kwargs.pop("scope", "user-read-private"),
        accounts_url=server.accounts_url,
        browser=browser,
        **kwargs,
    )


def assert_fixed_page(page: httpx.Response, status: int) -> None:
    assert page.status_code == status
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "<script" not in page.text.lower()
    assert "alert" not in page.text


def logged(caplog: pytest.LogCaptureFixture, prefix: str = "") -> str:
    """Every record, or the records of loggers under ``prefix``, as text."""
    return "\n".join(
        f"{r.name} {r.getMessage()}" for r in caplog.records if r.name.startswith(prefix)
    )


def port_is_closed(uri: str) -> bool:
    parts = urlsplit(uri)
    host = parts.hostname or ""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        return probe.connect_ex((host, parts.port or 0)) != 0


# -- parse_code_from_url ---------------------------------------------------------------------


def test_parse_code_from_url() -> None:
    assert parse_code_from_url("https://example.com/cb?code=abc&state=s") == "abc"
    assert parse_code_from_url("http://127.0.0.1:9/cb?state=s&code=a%2Fb") == "a/b"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://example.com/cb?state=s", "no 'code'"),
        ("https://example.com/cb?code=&state=s", "no 'code'"),
        ("https://example.com/cb", "no 'code'"),
        ("https://example.com/cb?code=a&code=b", "2 'code' parameters"),
    ],
)
def test_parse_code_from_url_without_one_code(url: str, says: str) -> None:
    with pytest.raises(RedirectCodeError) as caught:
        parse_code_from_url(url)
    assert isinstance(caught.value, KeyError)  # as the original raised
    assert says in str(caught.value)
    assert not str(caught.value).startswith("'")  # a sentence, not a quoted KeyError


def test_parse_code_from_url_with_an_error() -> None:
    with pytest.raises(OAuthError) as caught:
        parse_code_from_url("https://example.com/cb?error=access_denied&state=s")
    assert caught.value.error == "access_denied"
    assert "access_denied" in str(caught.value)


# -- the loopback flow -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        pytest.param(
            "::1", marks=pytest.mark.skipif(not ipv6_available(), reason="no IPv6 loopback")
        ),
    ],
)
def test_loopback_flow_end_to_end(
    server: Server, emulator: Emulator, host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    uri = loopback_uri(emulator, host)
    browser = Browser()
    token = prompt(server, uri, browser, scope="user-read-private user-library-read")

    assert isinstance(token, RefreshingToken)
    assert emulator.token_requests == ["authorization_code"]
    assert str(token.scope) == "user-library-read user-read-private"
    assert not token.uses_pkce
    # The authorisation URL: a fresh state, show_dialog as the seed did.
    [opened] = browser.opened
    query = query_of(opened)
    assert query["show_dialog"] == "true"
    assert query["redirect_uri"] == uri
    assert len(query["state"]) >= 16
    assert browser.redirect is not None
    assert browser.redirect.startswith(uri + "?")
    assert_fixed_page(browser.page, 200)
    assert "Authorisation received" in browser.page.text
    assert opened in capsys.readouterr().out  # printed too, in case no browser opens
    # Exactly one request was served: the port is free again.
    assert port_is_closed(uri)
    # The token acts for the user who approved, and refreshes itself.
    old = token.token.access_token
    token.refresh()
    assert token.token.access_token != old
    assert emulator.token_requests == ["authorization_code", "refresh_token"]


def test_the_token_works_in_both_client_modes(
    server: Server, emulator: Emulator, mode: str, run: Runner
) -> None:
    token = prompt(server, loopback_uri(emulator), Browser())
    if mode == "async":
        async_client = httpx.AsyncClient(trust_env=False)
        sender: Any = AsyncPersistentSender(client=async_client)
    else:
        sync_client = httpx.Client(trust_env=False)
        sender = PersistentSender(client=sync_client)
    spotify: Spotify[Any] = Spotify(token, sender, api_url=server.api_url)
    assert run(spotify.current_user()).id == DEFAULT_USER_ID
    token.token.expires_at = int(time.time())  # expiring: the next call refreshes first
    assert run(spotify.current_user()).id == DEFAULT_USER_ID
    assert emulator.token_requests == ["authorization_code", "refresh_token"]
    run(async_client.aclose()) if mode == "async" else sync_client.close()


def test_pkce_flow_end_to_end(server: Server, emulator: Emulator) -> None:
    uri = loopback_uri(emulator)
    browser = Browser()
    token = prompt_for_pkce_token(
        emulator.client_id,
        uri,
        "user-read-private",
        accounts_url=server.accounts_url,
        browser=browser,
    )
    query = query_of(browser.opened[0])
    assert query["code_challenge_method"] == "S256"
    assert query["show_dialog"] == "true"  # the prompt asks again, as the seed did
    assert token.uses_pkce
    assert_fixed_page(browser.page, 200)
    token.refresh()  # without any secret
    [exchange, refresh] = [r for r in emulator.requests if r.path == "/api/token"][-2:]
    assert "authorization" not in exchange.headers
    assert b"code_verifier=" in exchange.body
    assert "authorization" not in refresh.headers


def test_a_forged_state_is_refused_and_its_code_unused(server: Server, emulator: Emulator) -> None:
    uri = loopback_uri(emulator)

    def forge(url: str) -> str:
        return url.replace("state=", "state=forged")

    browser = Browser(tamper=forge)
    # A forged redirect does not end the wait: it is refused with a 400 page, and the
    # prompt waits on for the genuine one, until its timeout.
    with pytest.raises(AuthorisationTimeout):
        prompt(server, uri, browser, timeout=1)
    assert emulator.token_requests == []
    assert_fixed_page(browser.page, 400)
    assert "does not belong" in browser.page.text
    assert port_is_closed(uri)


def test_a_forgery_before_the_genuine_redirect_changes_nothing(
    server: Server, emulator: Emulator
) -> None:
    def forge(url: str) -> str:
        return url.replace("state=", "state=forged")

    browser = Browser(tamper=forge, then_genuine=True)
    token = prompt(server, loopback_uri(emulator), browser, timeout=10)
    assert token.refresh_token
    assert emulator.token_requests == ["authorization_code"]
    assert [p.status_code for p in browser.pages] == [400, 200]


def test_a_missing_state_is_refused(server: Server, emulator: Emulator) -> None:
    def strip_state(url: str) -> str:
        return re.sub(r"&?state=[^&]*", "", url)

    with pytest.raises(AuthorisationTimeout):
        prompt(server, loopback_uri(emulator), Browser(tamper=strip_state), timeout=1)
    assert emulator.token_requests == []


def test_an_error_without_the_state_does_not_end_the_wait(
    server: Server, emulator: Emulator
) -> None:
    # Any page can send the callback "error=access_denied" with terminal escapes in it.
    def hostile_error(url: str) -> str:
        return url.split("?")[0] + "?error=%1b%5b31mevil%0aline"

    browser = Browser(tamper=hostile_error, then_genuine=True)
    token = prompt(server, loopback_uri(emulator), browser, timeout=10)
    assert token.refresh_token
    assert browser.pages[0].status_code == 400


@pytest.mark.parametrize("timeout", [float("nan"), -1.0, 0.0, float("inf")])
def test_a_senseless_timeout_is_refused(server: Server, emulator: Emulator, timeout: float) -> None:
    browser = Browser()
    with pytest.raises(ValueError, match="timeout"):
        prompt(server, loopback_uri(emulator), browser, timeout=timeout)
    assert browser.opened == []


def test_control_characters_never_reach_the_message() -> None:
    with pytest.raises(OAuthError) as caught:
        parse_code_from_url("http://127.0.0.1:9/cb?error=%1b%5b2J%0d%0aevil&state=s")
    assert "\x1b" not in str(caught.value)
    assert "\n" not in str(caught.value)
    assert "\r" not in str(caught.value)


def test_a_declined_consent_raises_access_denied(server: Server, emulator: Emulator) -> None:
    emulator.auto_approve = None  # the consent page, where the user presses Cancel
    browser = Browser(decline=True)
    with pytest.raises(OAuthError) as caught:
        prompt(server, loopback_uri(emulator), browser)
    assert caught.value.error == "access_denied"
    assert not isinstance(caught.value, StateMismatch)
    assert emulator.token_requests == []
    assert "could not use this answer" in browser.page.text


def test_requests_for_other_paths_do_not_end_the_wait(server: Server, emulator: Emulator) -> None:
    browser = Browser(before=("/favicon.ico", "/", "/callback/extra", f"/{HOSTILE}"))
    token = prompt(server, loopback_uri(emulator), browser)
    assert token.refresh_token
    *others, done = browser.pages
    for page in others:
        assert_fixed_page(page, 404)
    assert_fixed_page(done, 200)


def test_timeout_names_the_url_and_frees_the_port(server: Server, emulator: Emulator) -> None:
    uri = loopback_uri(emulator)
    opened: list[str] = []
    start = time.monotonic()
    with pytest.raises(AuthorisationTimeout) as caught:
        prompt(server, uri, opened.append, timeout=0.2)  # type: ignore[arg-type]
    assert time.monotonic() - start > 0.15  # it waited (about) its time, then gave up
    assert isinstance(caught.value, TimeoutError)
    assert uri in str(caught.value)
    assert len(opened) == 1
    assert port_is_closed(uri)


def test_a_busy_port_is_reported_before_the_browser_opens(
    server: Server, emulator: Emulator
) -> None:
    uri = loopback_uri(emulator)
    port = urlsplit(uri).port or 0
    browser = Browser()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        with pytest.raises(OSError, match="cannot listen for the redirect on"):
            prompt(server, uri, browser)
    assert browser.opened == []


def test_open_browser_false_prints_the_url(
    server: Server,
    emulator: Emulator,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_browser(url: str) -> bool:
        raise AssertionError("no browser may open")

    monkeypatch.setattr(webbrowser, "open", no_browser)
    uri = loopback_uri(emulator)
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(
            prompt_for_user_token,
            emulator.client_id,
            emulator.client_secret,
            uri,
            open_browser=False,
            timeout=5,
            accounts_url=server.accounts_url,
        )
        printed = ""
        deadline = time.monotonic() + 5
        while "/authorize?" not in printed and time.monotonic() < deadline:
            time.sleep(0.01)
            printed += capsys.readouterr().out
        [url] = re.findall(r"http://\S+/authorize\?\S+", printed)
        Browser()(url)  # the user copies the URL into a browser
        token = future.result(timeout=5)
    assert token.refresh_token
    assert "Open this URL" in printed


def test_the_paste_flow_for_an_https_redirect_uri(
    server: Server,
    emulator: Emulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    uri = "https://example.com/spotipy/callback"
    emulator.register_redirect_uri(uri)
    browser = Browser()
    prompts: list[str] = []

    def paste(question: str = "") -> str:
        prompts.append(question)
        assert browser.redirect is not None  # the browser was opened first
        return f"  {browser.redirect}\n"

    monkeypatch.setattr(builtins, "input", paste)
    token = prompt(server, uri, browser)
    assert token.refresh_token
    assert browser.pages == []  # nothing listened: the redirect went to example.com
    assert len(prompts) == 1
    assert "paste" in prompts[0].lower()
    assert browser.opened[0] in capsys.readouterr().out


def test_a_loopback_uri_without_port_is_pasted(
    server: Server, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    uri = "http://127.0.0.1/callback"  # port 80: nothing listens, the user pastes
    emulator.register_redirect_uri(uri)
    browser = Browser(follow=False)

    def paste(question: str = "") -> str:
        assert browser.redirect is not None
        return browser.redirect

    monkeypatch.setattr(builtins, "input", paste)
    token = prompt(server, uri, browser)
    assert token.refresh_token


def test_a_pasted_forgery_is_refused(
    server: Server, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    uri = "https://example.com/spotipy/callback"
    emulator.register_redirect_uri(uri)
    monkeypatch.setattr(builtins, "input", lambda _="": f"{uri}?code=stolen&state=guess")
    with pytest.raises(StateMismatch):
        prompt(server, uri, Browser())
    monkeypatch.setattr(builtins, "input", lambda _="": "   ")
    with pytest.raises(ValueError, match="no URL was pasted"):
        prompt(server, uri, Browser())
    assert emulator.token_requests == []


@pytest.mark.parametrize(
    "uri", ["http://localhost:8080/callback", "http://LOCALHOST/callback", "https://localhost/cb"]
)
def test_localhost_is_refused_with_spotifys_rule(
    server: Server, uri: str, capsys: pytest.CaptureFixture[str]
) -> None:
    browser = Browser()
    with pytest.raises(ValueError, match="localhost") as caught:
        prompt(server, uri, browser)
    assert "127.0.0.1" in str(caught.value)
    assert browser.opened == []
    assert capsys.readouterr().out == ""


def test_the_page_echoes_no_input(server: Server, emulator: Emulator) -> None:
    uri = loopback_uri(emulator)

    def hostile(url: str) -> str:
        query = query_of(url)
        return f"{uri}?" + urlencode({"code": HOSTILE, "state": query["state"] + HOSTILE})

    browser = Browser(tamper=hostile, before=(f"/?x={HOSTILE}",))
    with pytest.raises(AuthorisationTimeout):
        prompt(server, uri, browser, timeout=1)
    assert [p.status_code for p in browser.pages] == [404, 400]
    for page in browser.pages:
        assert_fixed_page(page, page.status_code)
        assert "&lt;script" not in page.text  # not even escaped: nothing is echoed
        assert "callback" not in page.text


def test_a_hostile_state_with_unicode_is_refused(server: Server, emulator: Emulator) -> None:
    uri = loopback_uri(emulator)
    browser = Browser(tamper=lambda url: re.sub(r"state=[^&]*", "state=%C3%A9t%C3%A9", url))
    with pytest.raises(AuthorisationTimeout):
        prompt(server, uri, browser, timeout=1)
    assert_fixed_page(browser.page, 400)


def test_missing_configuration_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match=r"client_secret is missing.*SPOTIPY_CLIENT_SECRET"):
        prompt_for_user_token("id", None, "https://example.com/cb")
    with pytest.raises(ValueError, match=r"redirect_uri is missing.*SPOTIPY_REDIRECT_URI"):
        prompt_for_pkce_token("id", "")


def test_an_async_sender_is_refused(server: Server) -> None:
    sender: Any = AsyncPersistentSender()
    with pytest.raises(TypeError, match="synchronous sender"):
        prompt_for_user_token("id", "secret", "https://example.com/cb", sender=sender)


def test_a_failed_exchange_shows_no_secret(
    server: Server,
    emulator: Emulator,
    debug_log: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    browser = Browser()
    with pytest.raises(OAuthError) as caught:
        prompt_for_user_token(
            emulator.client_id,
            "a-wrong-but-secret-value",
            loopback_uri(emulator),
            accounts_url=server.accounts_url,
            browser=browser,
        )
    assert caught.value.error == "invalid_client"
    code = query_of(browser.redirect or "")["code"]
    seen = capsys.readouterr()
    ours = logged(debug_log, "spotipy")
    assert ours
    for text in (str(caught.value), repr(caught.value), seen.out, seen.err, ours):
        assert "a-wrong-but-secret-value" not in text
        assert code not in text
    # httpx also logs the browser stand-in's requests, whose redirect carries the code;
    # still, nothing logs the secret.
    assert "a-wrong-but-secret-value" not in logged(debug_log)


def test_no_secret_reaches_output_logs_or_errors(
    server: Server,
    emulator: Emulator,
    debug_log: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    uri = loopback_uri(emulator)
    browser = Browser()
    token = prompt(server, uri, browser)
    token.refresh()
    code = query_of(browser.redirect or "")["code"]
    secrets = [emulator.client_secret, code, token.token.access_token, token.refresh_token or ""]
    seen = capsys.readouterr()
    ours = logged(debug_log, "spotipy")
    assert ours
    for text in (seen.out, seen.err, ours, repr(token)):
        for secret in secrets:
            assert secret not in text
    everything = logged(debug_log)  # httpx's records too (the stand-in's show the code)
    for secret in secrets[:1] + secrets[2:]:
        assert secret not in everything


def test_the_redirect_server_does_not_block_on_a_silent_connection(
    server: Server, emulator: Emulator
) -> None:
    # A browser may open a connection early and send nothing on it.
    uri = loopback_uri(emulator)
    parts = urlsplit(uri)
    idle: list[socket.socket] = []

    def browser(url: str) -> bool:
        idle.append(socket.create_connection((parts.hostname or "", parts.port or 0)))
        threading.Thread(target=Browser(), args=(url,)).start()
        return True

    try:
        token = prompt_for_user_token(
            emulator.client_id,
            emulator.client_secret,
            uri,
            accounts_url=server.accounts_url,
            browser=browser,
            timeout=5,
        )
    finally:
        for sock in idle:
            sock.close()
    assert token.refresh_token


def test_on_refresh_persists_the_first_token_and_every_rotation(
    server: Server, emulator: Emulator, tmp_path: Any
) -> None:
    emulator.rotate_refresh_tokens = "always"
    store = TokenFile(tmp_path / "app.ini")
    token = prompt(server, loopback_uri(emulator), Browser(), on_refresh=store.save)
    assert store.load() == token.refresh_token  # the first token is saved at once
    first = token.refresh_token
    token.refresh()
    assert store.load() == token.refresh_token != first


def test_an_async_on_refresh_is_refused(server: Server, emulator: Emulator) -> None:
    async def save(token: object) -> None:
        raise AssertionError("never awaited")

    with pytest.raises(TypeError, match="awaitable"):
        prompt(server, loopback_uri(emulator), Browser(), on_refresh=save)


@pytest.mark.parametrize(
    ("uri", "says"),
    [("http://127.0.0.1:0/cb", "needs a real port"), ("http://127.0.0.1:99999/cb", "invalid port")],
)
def test_an_unusable_loopback_port_is_refused(uri: str, says: str) -> None:
    browser = Browser()
    with pytest.raises(ValueError, match=says):
        prompt_for_user_token("id", "secret", uri, browser=browser)
    assert browser.opened == []
