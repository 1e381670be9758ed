"""The plugin's fixtures, used in-process by tests of this repository.

Our conftest overrides ``spotify`` (both modes) and puts ``spotify_emulator_options`` in the
extended profile; the plugin's own defaults are held in ``test_plugin.py`` (pytester) and
``test_outside.py`` (a project outside the repository).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from typing import Any

import pytest

from spotipy import Credentials, Spotify, util
from spotipy.auth import Token
from spotipy.emulator import BIG_PLAYLIST_ID, DEFAULT_USER_ID, Emulator, Server
from spotipy.errors import ExtendedQuotaRequired, Forbidden, SpotipyError
from spotipy.scope import Scope, scope
from spotipy.testing import SpotifyFactory, UserTokenFactory, fixtures


def _own_playlist(emulator: Emulator) -> str:
    """A catalogue playlist that "emulator-user" owns (readable in development)."""
    view = emulator.catalogue
    owned = [i for i in view.playlist_ids if view.playlist(i)["owner"]["id"] == DEFAULT_USER_ID]
    return owned[0]


def test_emulator_is_fresh_and_extended_here(spotify_emulator: Emulator, emulator: Emulator):
    # conftest's ``emulator`` is the plugin's, and our conftest chose the extended profile.
    assert emulator is spotify_emulator
    assert spotify_emulator.profile == "extended"
    assert spotify_emulator.seed == 0
    assert len(spotify_emulator.requests) == 0


@pytest.mark.spotify_emulator(profile="development", seed=3, client_id="my-app")
def test_marker_configures_the_emulator(spotify_emulator: Emulator, spotify: Any, run: Any):
    assert spotify_emulator.profile == "development"
    assert spotify_emulator.seed == 3
    assert spotify_emulator.client_id == "my-app"
    # conftest's spotify (sync and async) talks to the marked emulator too.
    page = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=5))
    assert len(page.items) == 5
    assert spotify_emulator.requests[-1].path == f"/v1/playlists/{BIG_PLAYLIST_ID}/items"
    with pytest.raises(ExtendedQuotaRequired):  # development: deprecated operations are 403
        run(spotify.artist_related_artists(spotify_emulator.catalogue.artist_ids[0]))


@pytest.mark.spotify_emulator(seed=1, profile="development")
class TestMarkersCombine:
    @pytest.mark.spotify_emulator(seed=2)
    def test_closest_marker_wins(self, spotify_emulator_options: dict[str, Any]):
        # The conftest default (extended) is overridden by the class, seed by the test.
        assert spotify_emulator_options == {"profile": "development", "seed": 2}

    def test_class_marker_applies(self, spotify_emulator: Emulator):
        assert (spotify_emulator.seed, spotify_emulator.profile) == (1, "development")


def test_bad_options_fail_the_test_clearly():
    with pytest.raises(pytest.fail.Exception, match=r"unknown option 'profle'.*profile"):
        fixtures.build_emulator({"profle": "extended"})
    with pytest.raises(pytest.fail.Exception, match="profile must be"):
        fixtures.build_emulator({"profile": "premium"})
    with pytest.raises(pytest.fail.Exception, match="no user 'nobody'"):
        fixtures.build_emulator({"auto_approve": "nobody", "client_secret": "s3cr3t-value"})


@pytest.mark.spotify_emulator(client_secret="s3cr3t-value", redirect_uris=["bad"])
def test_option_values_stay_out_of_the_failure(pytester: pytest.Pytester):
    # Run in-process as a user would: the failure names the problem, never the secret.
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.spotify_emulator(client_secret="s3cr3t-value", redirect_uris=["http://example.com/cb"])
        def test_it(spotify_emulator):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:hypothesispytest")
    result.assert_outcomes(errors=1)
    output = result.stdout.str()
    assert "spotify_emulator:" in output
    assert "s3cr3t-value" not in output


def test_async_spotify_in_process(async_spotify: Spotify[Any], spotify_emulator: Emulator):
    async def read() -> int:
        page = await async_spotify.playlist_items(BIG_PLAYLIST_ID, limit=50)
        return len([item async for item in async_spotify.all_items(page, max_items=120)])

    assert asyncio.run(read()) == 120
    assert len(spotify_emulator.requests) == 3
    bearer = spotify_emulator.requests[0].headers["authorization"]
    assert bearer.startswith("Bearer ")
    assert async_spotify.is_async


def test_user_token_factory(spotify_user_token: UserTokenFactory, make_spotify: SpotifyFactory):
    token = spotify_user_token("user-read-private user-top-read")
    assert isinstance(token, Token)
    assert token.scope == Scope("user-read-private", "user-top-read")
    assert token.refresh_token
    assert spotify_user_token([scope.user_library_read]).scope == Scope("user-library-read")
    assert spotify_user_token().scope == Scope()

    spotify = make_spotify(token)
    assert spotify.current_user().id == DEFAULT_USER_ID
    # The token knows its scopes, so Spotify's 403 names the one it lacks.
    with pytest.raises(Forbidden) as raised:
        spotify.saved_tracks(limit=1)
    assert raised.value.missing_scope == ("user-library-read",)
    library = make_spotify(spotify_user_token(scope.user_library_read))
    assert library.saved_tracks(limit=1).total >= 0


def test_user_token_factory_refuses_bad_input(spotify_user_token: UserTokenFactory):
    with pytest.raises(ValueError, match="user-libary-read"):
        spotify_user_token("user-libary-read")
    with pytest.raises(ValueError, match="no user 'nobody'"):
        spotify_user_token("user-read-private", user="nobody")


@pytest.mark.spotify_emulator(profile="development")
def test_spotify_user_reads_own_playlist(spotify_user: Spotify[Any], spotify_emulator: Emulator):
    own = _own_playlist(spotify_emulator)
    page = spotify_user.playlist_items(own, limit=1)
    assert page.total >= 0
    assert spotify_user.current_user().id == DEFAULT_USER_ID


def test_async_spotify_user(async_spotify_user: Spotify[Any]):
    user = asyncio.run(async_spotify_user.current_user())
    assert user.id == DEFAULT_USER_ID


def test_make_spotify_passes_client_options(
    make_spotify: SpotifyFactory, spotify_emulator: Emulator
):
    spotify = make_spotify(quota="development")
    with pytest.raises(ExtendedQuotaRequired) as raised:
        spotify.artist_related_artists(spotify_emulator.catalogue.artist_ids[0])
    assert raised.value.sent is False
    assert len(spotify_emulator.requests) == 0
    # The environment cannot move an in-process client elsewhere.
    assert make_spotify().api_url == "https://api.spotify.com/v1"


def test_server_serves_the_test_emulator(
    spotify_emulator_server: Server, spotify_emulator: Emulator
):
    assert spotify_emulator_server.emulator is spotify_emulator
    assert spotify_emulator_server.api_url.startswith("http://127.0.0.1:")
    # Code that builds its own clients from the environment, over the socket.
    client_id, client_secret, redirect_uri = util.config_from_environment()[:3]
    assert (client_id, redirect_uri) == (
        spotify_emulator.client_id,
        "http://127.0.0.1:8080/callback",
    )
    token = Credentials(client_id, client_secret).request_client_token()
    spotify = Spotify(token)
    assert spotify.api_url == spotify_emulator_server.api_url
    page = spotify.playlist_items(BIG_PLAYLIST_ID, limit=3)
    assert len(page.items) == 3
    assert [r.path for r in spotify_emulator.requests] == [
        "/api/token",
        f"/v1/playlists/{BIG_PLAYLIST_ID}/items",
    ]


@pytest.mark.spotify_emulator(redirect_uris=[])
def test_server_without_redirect_uri(
    monkeypatch: pytest.MonkeyPatch, spotify_emulator: Emulator, request: pytest.FixtureRequest
):
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", "http://127.0.0.1:1/stale")
    server = request.getfixturevalue("spotify_emulator_server")
    assert server.emulator is spotify_emulator
    assert "SPOTIPY_REDIRECT_URI" not in os.environ
    assert os.environ["SPOTIPY_API_URL"] == server.api_url


def test_server_without_uvicorn(monkeypatch: pytest.MonkeyPatch, spotify_emulator: Emulator):
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    with (
        contextlib.ExitStack() as stack,
        pytest.raises(pytest.fail.Exception, match=r"pip install 'spotipy-client\[emulator\]'"),
    ):
        fixtures.serve_for_test(spotify_emulator, stack)


class _Closable:
    def __init__(self, delay: float = 0.0, error: Exception | None = None) -> None:
        self.delay = delay
        self.error = error
        self.closed_on: asyncio.AbstractEventLoop | None = None

    async def close(self) -> None:
        await asyncio.sleep(self.delay)
        if self.error is not None:
            raise self.error
        self.closed_on = asyncio.get_running_loop()


def test_close_async_without_a_loop_leaves_the_current_loop_alone():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        target = _Closable()
        fixtures._close_async(target.close)
        assert target.closed_on is not None
        assert target.closed_on is not loop
        assert asyncio.get_event_loop() is loop
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def test_close_async_inside_a_running_loop():
    async def teardown_in_loop() -> _Closable:
        target = _Closable()
        fixtures._close_async(target.close)  # a worker thread runs it
        return target

    target = asyncio.run(teardown_in_loop())
    assert target.closed_on is not None

    failing = _Closable(error=SpotipyError("boom"))

    async def failing_teardown() -> None:
        fixtures._close_async(failing.close)

    with pytest.raises(SpotipyError, match="boom"):
        asyncio.run(failing_teardown())


def test_close_async_is_bounded(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(fixtures, "_CLOSE_TIMEOUT", 0.01)
    slow = _Closable(delay=0.3)

    async def teardown() -> None:
        fixtures._close_async(slow.close)

    with pytest.raises(RuntimeError, match="did not close"):
        asyncio.run(teardown())
