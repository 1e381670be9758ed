"""The seed page's examples of "Working with access tokens" and "Application
configuration", verbatim.

They run against the emulator on a loopback socket, found through
``SPOTIPY_API_URL`` / ``SPOTIPY_ACCOUNTS_URL`` as a user would point the library
elsewhere.  The browser is a stand-in that follows the authorisation URL through the
emulator and requests the redirect (:class:`tests.util.test_prompt.Browser`); the
environment is set with ``monkeypatch``; ``filename`` is a temporary path.  Only the
names that the examples take for granted are set up beforehand, and the examples'
lines are kept exactly as the seed wrote them.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from spotipy import Spotify
from spotipy.emulator import DEFAULT_USER_ID, Emulator, Server, serve
from spotipy.errors import StateMismatch
from tests.conftest import Runner
from tests.util.test_prompt import Browser, loopback_uri

SEED_INI = """\
[DEFAULT]
SPOTIPY_CLIENT_ID=your_id
SPOTIPY_CLIENT_SECRET=your_secret
SPOTIPY_REDIRECT_URI=your_uri
"""


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve(Emulator(seed=0, auto_approve=DEFAULT_USER_ID)) as running:
        yield running


@pytest.fixture
def emulator(server: Server, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """The served emulator, with the library pointed at it and a clean environment."""
    monkeypatch.setenv("SPOTIPY_API_URL", server.api_url)
    monkeypatch.setenv("SPOTIPY_ACCOUNTS_URL", server.accounts_url)
    for name in ("ID", "SECRET", "URI"):
        monkeypatch.delenv(f"SPOTIPY_CLIENT_{name}", raising=False)
    monkeypatch.delenv("SPOTIPY_REDIRECT_URI", raising=False)
    monkeypatch.delenv("SPOTIPY_USER_REFRESH", raising=False)
    server.emulator.token_requests.clear()
    server.emulator.rotate_refresh_tokens = "pkce"
    return server.emulator


@pytest.fixture
def app_environment(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> str:
    """The three variables of the seed's ``export`` lines, for the emulator's app."""
    uri = loopback_uri(emulator)
    monkeypatch.setenv("SPOTIPY_CLIENT_ID", emulator.client_id)
    monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", emulator.client_secret)
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", uri)
    return uri


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Browser:
    """``webbrowser.open``, replaced by a browser stand-in."""
    stand_in = Browser()
    monkeypatch.setattr(webbrowser, "open", stand_in)
    return stand_in


def user_token_for(emulator: Emulator) -> Any:
    from spotipy import util

    return util.prompt_for_user_token(
        emulator.client_id,
        emulator.client_secret,
        loopback_uri(emulator),
        "user-read-private",
        browser=Browser(),
    )


# -- Working with access tokens: Providing tokens ------------------------------------------


def test_providing_a_token_in_the_constructor(emulator: Emulator) -> None:
    from spotipy import util

    token = util.request_client_token(emulator.client_id, emulator.client_secret)
    artist_id = emulator.catalogue.artist_ids[0]

    s = Spotify(token)
    a = s.artist(artist_id)

    assert a.id == artist_id


def test_providing_a_token_temporarily(emulator: Emulator) -> None:
    from spotipy import util

    app_token = util.request_client_token(emulator.client_id, emulator.client_secret)
    user_token = user_token_for(emulator)  # a refreshing token, from the prompt
    artist_id = emulator.catalogue.artist_ids[0]

    s = Spotify(app_token)
    a = s.artist(artist_id)

    with s.token_as(user_token):
        user = s.current_user()

    assert a.id == artist_id
    assert user.id == DEFAULT_USER_ID
    assert s.token is app_token


# -- Working with access tokens: Retrieving user tokens ------------------------------------


@pytest.mark.usefixtures("app_environment")
def test_prompt_for_user_token(browser: Browser, emulator: Emulator) -> None:
    from spotipy import util

    conf = util.config_from_environment()
    token = util.prompt_for_user_token(*conf)

    assert isinstance(token, util.RefreshingToken)
    assert len(browser.opened) == 1
    assert "show_dialog=true" in browser.opened[0]
    assert Spotify(token).current_user().id == DEFAULT_USER_ID
    assert emulator.token_requests == ["authorization_code"]


def test_server_two_step_flow_with_credentials(emulator: Emulator, mode: str, run: Runner) -> None:
    # A server registers an https redirect URI; the browser stand-in brings the
    # redirect back to "the server" (the test), which reads the code from it.
    from spotipy import Credentials, auth, util

    redirect_uri = "https://example.com/spotipy/server-callback"
    emulator.register_redirect_uri(redirect_uri)
    credentials = Credentials(
        emulator.client_id, emulator.client_secret, redirect_uri, asynchronous=mode == "async"
    )

    # Step 1: redirect the user to a specific URL.
    state = auth.gen_state()
    url = credentials.user_authorisation_url(scope="user-read-private", state=state)
    user = Browser()
    user(url)
    assert user.redirect is not None
    # Step 2: receive an access token as a result of the authentication.
    code = util.parse_code_from_url(user.redirect)
    _, returned_state = auth.parse_redirect(user.redirect)
    assert returned_state == state
    token = run(credentials.request_user_token(code))

    assert isinstance(token, auth.Token)
    assert token.refresh_token
    assert Spotify(token).current_user().id == DEFAULT_USER_ID


def test_server_two_step_flow_with_user_auth(emulator: Emulator, mode: str, run: Runner) -> None:
    from spotipy import Credentials
    from spotipy.auth import UserAuth

    redirect_uri = "https://example.com/spotipy/server-callback"
    emulator.register_redirect_uri(redirect_uri)
    credentials = Credentials(
        emulator.client_id, emulator.client_secret, redirect_uri, asynchronous=mode == "async"
    )
    authorisation = UserAuth(credentials, "user-read-private")
    user = Browser()
    user(authorisation.url)
    assert user.redirect is not None
    token = run(authorisation.request_token(url=user.redirect))
    assert token.refresh_token

    # A second redirect for another authorisation is refused: its state differs.
    other = UserAuth(credentials, "user-read-private")
    with pytest.raises(StateMismatch):
        run(other.request_token(url=user.redirect))


def test_server_two_step_flow_with_refreshing_credentials(
    emulator: Emulator, mode: str, run: Runner, tmp_path: Path
) -> None:
    from spotipy import util

    redirect_uri = "https://example.com/spotipy/server-callback"
    emulator.register_redirect_uri(redirect_uri)
    store = util.TokenFile(tmp_path / "app.ini")
    credentials = util.RefreshingCredentials(
        emulator.client_id,
        emulator.client_secret,
        redirect_uri,
        asynchronous=mode == "async",
        on_refresh=store.save,
    )

    url = credentials.user_authorisation_url(scope="user-read-private", state="s-1")
    user = Browser()
    user(url)
    assert user.redirect is not None
    token = run(credentials.request_user_token(util.parse_code_from_url(user.redirect)))

    assert isinstance(token, util.RefreshingToken)
    assert store.load() == token.refresh_token  # on_refresh saw the first token too
    old = token.token.access_token
    run(token.refresh_async()) if run.is_async else token.refresh()
    assert token.token.access_token != old
    assert store.load() == token.refresh_token


# -- Working with access tokens: Token persistence -------------------------------------------


def test_token_persistence(emulator: Emulator, tmp_path: Path) -> None:
    from spotipy.util import RefreshingCredentials, TokenFile

    emulator.rotate_refresh_tokens = "always"
    id_, secret, uri = emulator.client_id, emulator.client_secret, loopback_uri(emulator)
    first = user_token_for(emulator).refresh_token
    TokenFile(tmp_path / "app.ini").save(first)

    credentials = RefreshingCredentials(
        id_, secret, uri, on_refresh=TokenFile(tmp_path / "app.ini").save
    )
    token = credentials.refresh_user_token(TokenFile(tmp_path / "app.ini").load())
    token.refresh()  # Spotify sent a new refresh token: the file has it

    assert TokenFile(tmp_path / "app.ini").load() == token.refresh_token != first


# -- Application configuration ---------------------------------------------------------------


def test_configuration_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # export SPOTIPY_CLIENT_ID=your_id (and so on)
    monkeypatch.setenv("SPOTIPY_CLIENT_ID", "your_id")
    monkeypatch.setenv("SPOTIPY_CLIENT_SECRET", "your_secret")
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", "your_uri")

    from spotipy.util import config_from_environment

    client_id, client_secret, redirect_uri = config_from_environment()

    assert (client_id, client_secret, redirect_uri) == ("your_id", "your_secret", "your_uri")


def test_configuration_from_a_file(tmp_path: Path) -> None:
    filename = tmp_path / "spotipy.ini"
    filename.write_text(SEED_INI, encoding="utf-8")

    from spotipy.util import config_from_file

    client_id, client_secret, redirect_uri = config_from_file(filename)

    assert (client_id, client_secret, redirect_uri) == ("your_id", "your_secret", "your_uri")


def test_both_reads_from_the_seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    filename = str(tmp_path / "spotipy.ini")
    (tmp_path / "spotipy.ini").write_text(SEED_INI, encoding="utf-8")
    for name, value in (("CLIENT_ID", "e_id"), ("CLIENT_SECRET", "e_s"), ("REDIRECT_URI", "e_u")):
        monkeypatch.setenv(f"SPOTIPY_{name}", value)

    from spotipy.util import config_from_environment, config_from_file

    client_id, client_secret, redirect_uri = config_from_environment()
    assert (client_id, client_secret, redirect_uri) == ("e_id", "e_s", "e_u")
    client_id, client_secret, redirect_uri = config_from_file(filename)
    assert (client_id, client_secret, redirect_uri) == ("your_id", "your_secret", "your_uri")


@pytest.mark.usefixtures("app_environment")
def test_prompt_with_unpacked_configuration(browser: Browser) -> None:
    from spotipy import util

    conf = util.config_from_environment()
    token = util.prompt_for_user_token(*conf)

    assert Spotify(token).current_user().id == DEFAULT_USER_ID
    assert browser.page.status_code == 200


def test_configuring_a_user_refresh_token(
    emulator: Emulator, app_environment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPOTIPY_USER_REFRESH", user_token_for(emulator).refresh_token)

    from spotipy import util

    util.config_from_environment(return_refresh=True)

    conf = util.config_from_environment(return_refresh=True)
    client_id, client_secret, redirect_uri, refresh = conf
    assert redirect_uri == app_environment
    token = util.refresh_user_token(client_id, client_secret, refresh)
    assert Spotify(token).current_user().id == DEFAULT_USER_ID


def test_writing_a_configuration_file(emulator: Emulator, tmp_path: Path) -> None:
    filename = tmp_path / "spotipy.ini"
    id_, secret, uri = emulator.client_id, emulator.client_secret, loopback_uri(emulator)
    refresh = user_token_for(emulator).refresh_token

    from spotipy import util

    util.config_to_file(filename, (id_, secret, uri, refresh))

    conf = util.config_from_file(filename, return_refresh=True)
    assert conf == (id_, secret, uri, refresh)
    client_id, client_secret, _, refresh_token = conf
    token = util.refresh_user_token(client_id, client_secret, refresh_token)
    assert Spotify(token).current_user().id == DEFAULT_USER_ID
    assert oct(filename.stat().st_mode & 0o777) == "0o600"
