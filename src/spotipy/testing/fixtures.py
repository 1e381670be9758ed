"""The fixtures of spotipy's pytest plugin, registered by :mod:`spotipy.testing`.

Every fixture is function-scoped: each test gets its own emulator, so state (playlists,
libraries, players, tokens, scripted faults, the request log) never leaks between tests.
The emulator, httpx and the client are imported inside the fixtures, so a run that uses
none of them pays nothing for the plugin.

Override a fixture in your ``conftest.py`` to change it for a directory, e.g. every test
in the extended profile unless a marker says otherwise::

    @pytest.fixture
    def spotify_emulator_options(spotify_emulator_options):
        return {"profile": "extended", **spotify_emulator_options}
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import threading
from collections.abc import Callable, Coroutine, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final

import pytest

from spotipy.testing import MARKER, PROFILE_INI, SpotifyFactory, UserTokenFactory

if TYPE_CHECKING:
    from spotipy.auth import Token
    from spotipy.client import Async, Spotify, Sync
    from spotipy.emulator import Emulator, Server

__all__ = [
    "async_spotify",
    "async_spotify_user",
    "make_spotify",
    "spotify",
    "spotify_emulator",
    "spotify_emulator_options",
    "spotify_emulator_server",
    "spotify_user",
    "spotify_user_token",
]

#: Seconds a teardown waits for an async client to close on a worker thread.
_CLOSE_TIMEOUT: Final = 10.0
#: Spotify's Web API base URL: in-process clients use it whatever the environment says.
_API_URL: Final = "https://api.spotify.com/v1"


@pytest.fixture
def spotify_emulator_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The keyword arguments ``spotify_emulator`` passes to :class:`~spotipy.emulator.Emulator`.

    The ini option ``spotify_emulator_profile`` gives ``profile``; then the
    ``spotify_emulator`` markers of the module, the class and the test add theirs, the
    closest winning.  Without either the dictionary is empty: the emulator's defaults
    (``seed=0``, ``profile="development"``).  Override this fixture to change the
    defaults of a directory.
    """
    options: dict[str, Any] = {}
    profile = str(request.config.getini(PROFILE_INI)).strip()
    if profile:
        options["profile"] = profile
    # iter_markers yields the closest first; apply the farthest first so the closest wins.
    for mark in reversed(list(request.node.iter_markers(MARKER))):
        if mark.args:
            pytest.fail(
                f"@pytest.mark.{MARKER} takes keyword arguments only, "
                f"e.g. @pytest.mark.{MARKER}(profile='extended', seed=1)",
                pytrace=False,
            )
        options.update(mark.kwargs)
    return options


def build_emulator(options: dict[str, Any]) -> Emulator:
    """Build an emulator from ``options``, failing the test clearly on a bad option.

    Parameters
    ----------
    options
        Keyword arguments of :class:`~spotipy.emulator.Emulator`.

    Returns
    -------
    Emulator
        The new emulator.
    """
    from spotipy.emulator import Emulator

    accepted = list(inspect.signature(Emulator).parameters)
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        pytest.fail(
            f"{MARKER}: unknown option {', '.join(map(repr, unknown))}; "
            f"the Emulator takes {', '.join(accepted)}",
            pytrace=False,
        )
    try:
        return Emulator(**options)
    except (TypeError, ValueError) as error:
        # Only the message: option values may hold a client secret.
        pytest.fail(f"{MARKER}: {error}", pytrace=False)


@pytest.fixture
def spotify_emulator(spotify_emulator_options: dict[str, Any]) -> Emulator:
    """A fresh :class:`~spotipy.emulator.Emulator` for the test.

    Built from ``spotify_emulator_options`` (the ``spotify_emulator`` marker and the ini
    option ``spotify_emulator_profile``).  Every client fixture talks to it, so a test can
    set state up (``add_device``, ``set_product``), script faults
    (``spotify_emulator.faults.add(status=429, ...)``) and read what was sent
    (``spotify_emulator.requests``).
    """
    return build_emulator(spotify_emulator_options)


@pytest.fixture
def spotify_user_token(spotify_emulator: Emulator) -> UserTokenFactory:
    """A factory of user tokens: ``spotify_user_token(scopes=None, *, user=...)``.

    ``scopes`` is a space-separated string, :class:`~spotipy.scope.scope` members, a
    :class:`~spotipy.scope.Scope` or an iterable of these (``None``: no scope); ``user`` is
    a user of the catalogue (default ``"emulator-user"``, who owns several playlists).
    Unknown scopes or users raise ``ValueError``.  The token is a
    :class:`~spotipy.auth.Token` as the code exchange returns it: it knows its scopes (so
    a 403 names the missing ones) and carries a refresh token.
    """
    from spotipy.auth import Token
    from spotipy.emulator import DEFAULT_USER_ID
    from spotipy.scope import check_scopes

    def make(scopes: str | Iterable[str] | None = None, *, user: str = DEFAULT_USER_ID) -> Token:
        granted = check_scopes(scopes)
        return Token.from_response(spotify_emulator.user_grant(user, granted))

    return make


def _close_async(close: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run ``close()`` to completion, with or without an event loop in this thread.

    A loop of its own is used (never the thread's current loop, which stays as it is);
    when a loop already runs in this thread, the coroutine runs on a worker thread.
    """

    def run() -> None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(close())
        finally:
            loop.close()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        run()
        return
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            run()
        except BaseException as error:  # handed to the caller below
            errors.append(error)

    thread = threading.Thread(target=worker, name="spotipy-testing-close", daemon=True)
    thread.start()
    thread.join(_CLOSE_TIMEOUT)
    if thread.is_alive():
        raise RuntimeError(f"an async Spotify client did not close within {_CLOSE_TIMEOUT} s")
    if errors:
        raise errors[0]


@pytest.fixture
def make_spotify(spotify_emulator: Emulator) -> Iterator[SpotifyFactory]:
    """A factory of clients wired in-process to ``spotify_emulator``, closed at teardown.

    ``make_spotify(token=None, *, asynchronous=False, api_url=None, quota=None,
    chunked_on=True, max_limits_on=False)``: ``token`` ``None`` is a fresh app token
    (client credentials); the other keyword arguments are :class:`~spotipy.Spotify`'s.
    Requests go through the real sender stack (a persistent sender over an httpx client
    whose transport is the emulator); no socket is opened.  ``api_url`` defaults to
    Spotify's own, whatever ``SPOTIPY_API_URL`` says.
    """
    import httpx

    from spotipy import Spotify
    from spotipy.sender import AsyncPersistentSender, PersistentSender

    sync_clients: list[tuple[Spotify[Sync], httpx.Client]] = []
    async_clients: list[tuple[Spotify[Async], httpx.AsyncClient]] = []

    def make(
        token: object = None,
        *,
        asynchronous: bool = False,
        api_url: str | None = None,
        **options: Any,
    ) -> Any:
        if token is None:
            token = spotify_emulator.app_token()
        url = _API_URL if api_url is None else api_url
        transport = spotify_emulator.transport()
        if asynchronous:
            async_http = httpx.AsyncClient(transport=transport)
            async_client = Spotify(
                token, AsyncPersistentSender(client=async_http), api_url=url, **options
            )
            async_clients.append((async_client, async_http))
            return async_client
        http = httpx.Client(transport=transport)
        client = Spotify(token, PersistentSender(client=http), api_url=url, **options)
        sync_clients.append((client, http))
        return client

    factory: SpotifyFactory = make
    yield factory
    for client, http in sync_clients:
        client.close()
        http.close()
    for async_client, async_http in async_clients:

        async def close(spotify: Spotify[Async] = async_client, http: Any = async_http) -> None:
            await spotify.aclose()
            await http.aclose()

        _close_async(close)


@pytest.fixture
def spotify(make_spotify: SpotifyFactory) -> Spotify[Sync]:
    """A synchronous :class:`~spotipy.Spotify` with an app token, in-process."""
    return make_spotify()


@pytest.fixture
def async_spotify(make_spotify: SpotifyFactory) -> Spotify[Async]:
    """An asynchronous :class:`~spotipy.Spotify` with an app token, in-process.

    A plain fixture: use it from pytest-asyncio, anyio or your own event loop (it binds to
    none).  It is closed at teardown, with or without a running loop.
    """
    return make_spotify(asynchronous=True)


@pytest.fixture
def spotify_user(
    make_spotify: SpotifyFactory, spotify_user_token: UserTokenFactory
) -> Spotify[Sync]:
    """A synchronous client acting for ``"emulator-user"`` with every scope."""
    from spotipy.scope import every

    return make_spotify(spotify_user_token(every))


@pytest.fixture
def async_spotify_user(
    make_spotify: SpotifyFactory, spotify_user_token: UserTokenFactory
) -> Spotify[Async]:
    """An asynchronous client acting for ``"emulator-user"`` with every scope."""
    from spotipy.scope import every

    return make_spotify(spotify_user_token(every), asynchronous=True)


def serve_for_test(emulator: Emulator, stack: contextlib.ExitStack) -> Server:
    """Serve ``emulator`` on a loopback socket until ``stack`` closes.

    Parameters
    ----------
    emulator
        The emulator to serve.
    stack
        Where the server's shutdown is registered.

    Returns
    -------
    Server
        Where it listens.
    """
    from spotipy.emulator import serve

    try:
        return stack.enter_context(serve(emulator, host="127.0.0.1", port=0))
    except ImportError as error:
        pytest.fail(
            "spotify_emulator_server needs uvicorn"
            f" (pip install 'spotipy-client[emulator]'): {error}",
            pytrace=False,
        )


@pytest.fixture
def spotify_emulator_server(
    spotify_emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Server]:
    """Serve ``spotify_emulator`` on ``127.0.0.1`` and point the environment at it.

    For code that builds its own clients: ``SPOTIPY_API_URL`` and ``SPOTIPY_ACCOUNTS_URL``
    name the server, ``SPOTIPY_CLIENT_ID``, ``SPOTIPY_CLIENT_SECRET`` and
    ``SPOTIPY_REDIRECT_URI`` the emulator's app (its invented credentials, not yours).
    Yields the :class:`~spotipy.emulator.Server` (``api_url``, ``accounts_url``,
    ``emulator``); the variables are restored and the server stopped at teardown.  The
    in-process fixtures of the same test share the emulator.
    """
    with contextlib.ExitStack() as stack:
        server = serve_for_test(spotify_emulator, stack)
        monkeypatch.setenv("SPOTIPY_API_URL", server.api_url)
        monkeypatch.setenv("SPOTIPY_ACCOUNTS_URL", server.accounts_url)
        monkeypatch.setenv("SPOTIPY_CLIENT_ID", spotify_emulator.client_id)
        monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", spotify_emulator.client_secret)
        if spotify_emulator.redirect_uris:
            monkeypatch.setenv("SPOTIPY_REDIRECT_URI", spotify_emulator.redirect_uris[0])
        else:
            monkeypatch.delenv("SPOTIPY_REDIRECT_URI", raising=False)
        yield server
