"""Interactive user authorisation: the only place in spotipy that prompts.

:func:`prompt_for_user_token` (and :func:`prompt_for_pkce_token`, which needs no
client secret) sends the user to Spotify's consent page and turns the answer into a
:class:`~spotipy.util.RefreshingToken`::

    from spotipy import util

    token = util.prompt_for_user_token(*util.config_from_environment())

How the answer comes back depends on the redirect URI:

* ``http://127.0.0.1:PORT/path`` or ``http://[::1]:PORT/path`` (a loopback literal with
  an explicit port): a one-shot web server listens on exactly that address and port
  and catches the browser's redirect, then stops;
* anything else (an ``https`` URI, a loopback URI without a port): the user pastes
  the URL that the browser was sent to.

Nothing else in the library ever prompts: an API call whose token is unusable raises,
it never opens a browser or waits for input.
"""

from __future__ import annotations

import contextlib
import inspect
import math
import os
import secrets
import socket
import socketserver
import threading
import time
import webbrowser
from collections.abc import Callable, Iterable, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any, Final, NamedTuple, cast
from urllib.parse import parse_qs, urlsplit

from spotipy.auth import Credentials, UserAuth, check_redirect_uri, parse_redirect
from spotipy.errors import SpotipyError, StateMismatch
from spotipy.sender import Sender
from spotipy.util import config
from spotipy.util.credentials import OnRefresh, RefreshingCredentials, RefreshingToken

__all__ = [
    "AuthorisationTimeout",
    "RedirectCodeError",
    "parse_code_from_url",
    "prompt_for_pkce_token",
    "prompt_for_user_token",
]

#: Seconds a connection to the redirect server may stay silent before it is dropped.
_CONNECTION_TIMEOUT: Final = 10.0
#: How often the redirect server looks whether it should stop.
_POLL_INTERVAL: Final = 0.05


class RedirectCodeError(SpotipyError, KeyError):
    """A redirect URL carries no authorisation ``code``, or more than one.

    A :class:`KeyError` too, as the original ``parse_code_from_url`` raised.
    """

    def __str__(self) -> str:
        # KeyError quotes its message; this one is a sentence.
        return str(self.args[0]) if self.args else ""


class AuthorisationTimeout(SpotipyError, TimeoutError):
    """No redirect reached the local redirect server in time."""


def parse_code_from_url(url: str) -> str:
    """Return the authorisation ``code`` of a redirect URL.

    Parameters
    ----------
    url
        The URL the browser was redirected to after the user answered, e.g.
        ``https://example.com/callback?code=...&state=...``.

    Returns
    -------
    str
        The authorisation code.

    Raises
    ------
    OAuthError
        If the redirect carries an ``error`` (``access_denied`` when the user
        declined).
    RedirectCodeError
        If the URL has no ``code``, or several (also a :class:`KeyError`).
    """
    query = parse_qs(urlsplit(url).query)
    if "error" in query:
        parse_redirect(url)  # raises the redirect's OAuthError
    codes = query.get("code", [])
    if not codes:
        raise RedirectCodeError(
            "the redirect URL carries no 'code' parameter: give the whole URL that the "
            "browser was sent to after approving"
        )
    if len(codes) > 1:
        raise RedirectCodeError(
            f"the redirect URL carries {len(codes)} 'code' parameters; exactly one is expected"
        )
    return codes[0]


def _state_matches(state: str | None, expected: str) -> bool:
    # Bytes, because compare_digest refuses str with non-ASCII characters, and a
    # forged redirect may carry anything.
    return state is not None and secrets.compare_digest(state.encode(), expected.encode())


def _code_for(auth: UserAuth[Any], url: str) -> tuple[str, str]:
    """Check a redirect against ``auth`` and return its code and state."""
    _, state = parse_redirect(url)  # an ``error`` (or repeated parameters) raises here
    if not _state_matches(state, auth.state):
        raise StateMismatch(
            "the redirect's state does not match the one sent; refusing its code",
            status=None,
            error="invalid_state",
            description=None,
            response=None,
        )
    assert state is not None
    return parse_code_from_url(url), state


# -- the one-shot redirect server --------------------------------------------------------


class _Loopback(NamedTuple):
    host: str  # "127.0.0.1" or "::1"
    port: int
    path: str


def _loopback(redirect_uri: str) -> _Loopback | None:
    """Return where to listen for ``redirect_uri``, or ``None`` to ask for a paste."""
    parts = urlsplit(redirect_uri)
    host = parts.hostname
    if parts.scheme.lower() != "http" or host not in {"127.0.0.1", "::1"}:
        return None
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"redirect URI {redirect_uri!r} has an invalid port") from None
    if port is None:
        return None
    if port == 0:
        raise ValueError(f"redirect URI {redirect_uri!r} needs a real port, not 0")
    return _Loopback(host, port, parts.path or "/")


def _page(title: str, text: str) -> bytes:
    # Only ever called with the constants below: no request input reaches the page.
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title></head>\n<body><h1>{title}</h1>\n<p>{text}</p></body></html>\n"
    ).encode()


_DONE_PAGE: Final = _page(
    "Authorisation received",
    "The application has received your answer. You can close this window.",
)
_FAILED_PAGE: Final = _page(
    "Authorisation not completed",
    "The application could not use this answer. Return to the application for details.",
)
_REPEATED_PAGE: Final = _page(
    "Already answered",
    "The application has already received an answer. You can close this window.",
)
_NOT_FOUND_PAGE: Final = _page("Not found", "There is nothing here.")
_REFUSED_PAGE: Final = _page(
    "Not this application's answer",
    "This request does not belong to the authorisation in progress; it was ignored.",
)


class _RedirectServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """Listens on one loopback address and port until one redirect arrives."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = os.name == "posix"

    def __init__(
        self, where: _Loopback, judge: Callable[[str], bool], state: str | None = None
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in where.host else socket.AF_INET
        self.path = where.path
        self.judge = judge
        self.state = state
        self.url: str | None = None
        self.arrived = threading.Event()
        self._claim = threading.Lock()
        super().__init__((where.host, where.port), _RedirectHandler)

    def genuine(self, url: str) -> bool:
        """Tell whether ``url`` carries the one ``state`` that was sent (if one was)."""
        if self.state is None:
            return True
        states = parse_qs(urlsplit(url).query).get("state", [])
        return len(states) == 1 and _state_matches(states[0], self.state)

    def claim(self, url: str) -> bool:
        """Take ``url`` as the redirect if it is the first; tell whether it was."""
        with self._claim:
            if self.url is not None:
                return False
            self.url = url
            return True


class _RedirectHandler(BaseHTTPRequestHandler):
    timeout = _CONNECTION_TIMEOUT
    server_version = "spotipy"
    sys_version = ""

    def do_GET(self) -> None:
        server = cast(_RedirectServer, self.server)
        if urlsplit(self.path).path != server.path:
            # e.g. the browser asking for /favicon.ico: not the answer, keep waiting.
            self._reply(404, _NOT_FOUND_PAGE)
            return
        if not server.genuine(self.path):
            # A wrong or missing state is not Spotify's redirect: any page the user
            # visits meanwhile can send one.  Refuse it and keep waiting.
            self._reply(400, _REFUSED_PAGE)
            return
        if not server.claim(self.path):
            self._reply(409, _REPEATED_PAGE)
            return
        try:
            self._reply(200, _DONE_PAGE if server.judge(self.path) else _FAILED_PAGE)
        finally:
            server.arrived.set()

    def _reply(self, status: int, page: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'none'")
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing: request lines carry the authorisation code and state."""


@contextlib.contextmanager
def _serving(
    where: _Loopback, judge: Callable[[str], bool], uri: str, state: str | None = None
) -> Iterator[_RedirectServer]:
    try:
        server = _RedirectServer(where, judge, state)
    except OSError as error:
        raise OSError(
            error.errno,
            f"cannot listen for the redirect on {uri} ({error.strerror}); is another "
            "program using that port?",
        ) from None
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": _POLL_INTERVAL},
        name="spotipy-redirect",
        daemon=True,
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# -- the prompt --------------------------------------------------------------------------


def _require(value: str | None, name: str, variable: str) -> str:
    if not value:
        raise ValueError(f"{name} is missing: pass it, or set ${variable}")
    return value


def _prompt(
    credentials: RefreshingCredentials[Any],
    scope: str | Iterable[str] | None,
    *,
    pkce: bool,
    open_browser: bool,
    timeout: float,
    browser: Callable[[str], object] | None,
) -> RefreshingToken:
    if not (isinstance(timeout, (int, float)) and math.isfinite(timeout) and timeout > 0):
        # NaN would wait for ever (every comparison with it is false).
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    inner: Credentials[Any] = credentials.credentials
    if inner.is_async:
        raise TypeError("the prompt needs a synchronous sender (it blocks while waiting)")
    redirect_uri = inner.redirect_uri
    assert redirect_uri is not None
    check_redirect_uri(redirect_uri)  # e.g. localhost: refused before anything opens
    where = _loopback(redirect_uri)
    auth: UserAuth[Any] = UserAuth(inner, scope, pkce=pkce, show_dialog=True)

    def judge(url: str) -> bool:
        try:
            _code_for(auth, url)
        except SpotipyError:
            return False
        return True

    def show() -> None:
        if open_browser:
            print(
                "Opening a browser to authorise the application. If none opens, visit:\n" + auth.url
            )
            (browser or webbrowser.open)(auth.url)
        else:
            print(f"Open this URL in a browser to authorise the application:\n{auth.url}")

    if where is None:
        show()
        url = input("Then paste the URL of the page that the browser was sent to: ").strip()
        if not url:
            raise ValueError("no URL was pasted")
    else:
        with _serving(where, judge, redirect_uri, auth.state) as server:
            show()
            deadline = time.monotonic() + timeout
            while not server.arrived.wait(min(1.0, max(0.0, deadline - time.monotonic()))):
                if time.monotonic() >= deadline:
                    raise AuthorisationTimeout(
                        f"no redirect arrived at {redirect_uri} within {timeout:g} seconds; "
                        "run the prompt again and answer in the browser sooner"
                    )
            assert server.url is not None
            url = server.url
    code, state = _code_for(auth, url)
    token = auth.request_token(code, state)
    # The first token is new too: saving it is what makes the prompt a one-off.
    saved = credentials.on_refresh(token) if credentials.on_refresh is not None else None
    if inspect.isawaitable(saved):
        if inspect.iscoroutine(saved):
            saved.close()
        raise TypeError("on_refresh returned an awaitable; the prompt is synchronous")
    return RefreshingToken(token, inner, on_refresh=credentials.on_refresh)


def prompt_for_user_token(
    client_id: str | None,
    client_secret: str | None,
    redirect_uri: str | None,
    scope: str | Iterable[str] | None = None,
    *,
    open_browser: bool = True,
    timeout: float = 300.0,
    accounts_url: str | None = None,
    sender: Sender | None = None,
    on_refresh: OnRefresh | None = None,
    browser: Callable[[str], object] | None = None,
) -> RefreshingToken:
    """Ask a user to authorise the application, and return their refreshing token.

    Builds the authorisation URL with a fresh ``state`` and ``show_dialog=True``,
    opens it in a browser, waits for the redirect (see the module documentation:
    a local one-shot server for loopback redirect URIs with a port, otherwise a
    pasted URL read with :func:`input`), checks its ``state`` and exchanges the code.

    Parameters
    ----------
    client_id, client_secret, redirect_uri
        The application's credentials and registered redirect URI; the three values
        of :func:`~spotipy.util.config_from_environment`, so
        ``prompt_for_user_token(*config_from_environment())`` works.
    scope
        Scopes to ask for.
    open_browser
        Open the URL in a browser; if ``False`` the URL is only printed.
    timeout
        Seconds to wait for the redirect on a loopback redirect URI.
    accounts_url
        Accounts service base URL (default ``$SPOTIPY_ACCOUNTS_URL`` or Spotify's).
    sender
        Synchronous sender for the token requests.
    on_refresh
        Called with the first token and with every token the refreshing token gets
        later, e.g. :meth:`TokenFile.save <spotipy.util.TokenFile.save>` to keep the
        newest refresh token.
    browser
        Called with the URL instead of :func:`webbrowser.open`.

    Returns
    -------
    RefreshingToken
        The user's token, which renews itself (also usable by async clients).

    Raises
    ------
    ValueError
        If a value is missing, or the redirect URI is one Spotify refuses (such as
        ``http://localhost``).
    AuthorisationTimeout
        If no redirect reached the loopback server within ``timeout`` seconds.
    StateMismatch
        If the redirect's ``state`` is not the one sent (its code is not used).
    OAuthError
        If the user declined (``access_denied``) or the code exchange failed.
    RedirectCodeError
        If the redirect carries no code.
    """
    client_id = _require(client_id, "client_id", config.client_id_var)
    client_secret = _require(client_secret, "client_secret", config.client_secret_var)
    redirect_uri = _require(redirect_uri, "redirect_uri", config.redirect_uri_var)
    credentials = RefreshingCredentials(
        client_id,
        client_secret,
        redirect_uri,
        sender,
        accounts_url=accounts_url,
        on_refresh=on_refresh,
    )
    return _prompt(
        credentials,
        scope,
        pkce=False,
        open_browser=open_browser,
        timeout=timeout,
        browser=browser,
    )


def prompt_for_pkce_token(
    client_id: str | None,
    redirect_uri: str | None,
    scope: str | Iterable[str] | None = None,
    *,
    open_browser: bool = True,
    timeout: float = 300.0,
    accounts_url: str | None = None,
    sender: Sender | None = None,
    on_refresh: OnRefresh | None = None,
    browser: Callable[[str], object] | None = None,
) -> RefreshingToken:
    """Ask a user to authorise the application with PKCE (no client secret).

    As :func:`prompt_for_user_token`, but the code is exchanged with a PKCE verifier
    and the token refreshes without a secret.  The PKCE authorisation URL carries no
    ``show_dialog``.

    Parameters
    ----------
    client_id, redirect_uri
        The application's client ID and registered redirect URI.
    scope
        Scopes to ask for.
    open_browser, timeout, accounts_url, sender, on_refresh, browser
        As :func:`prompt_for_user_token`.

    Returns
    -------
    RefreshingToken
        The user's token, which renews itself without a client secret.
    """
    client_id = _require(client_id, "client_id", config.client_id_var)
    redirect_uri = _require(redirect_uri, "redirect_uri", config.redirect_uri_var)
    credentials = RefreshingCredentials(
        client_id,
        None,
        redirect_uri,
        sender,
        accounts_url=accounts_url,
        on_refresh=on_refresh,
    )
    return _prompt(
        credentials,
        scope,
        pkce=True,
        open_browser=open_browser,
        timeout=timeout,
        browser=browser,
    )
