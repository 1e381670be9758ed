"""Fixtures of the CLI tests: one emulator on a loopback socket, and a clean environment.

The in-process tests call :func:`spotipy.cli.main` (coverage counts them); the console
script tests run ``.venv/bin/spotipy`` in a subprocess.  Both talk HTTP to the same kind of
server, found through ``SPOTIPY_API_URL`` / ``SPOTIPY_ACCOUNTS_URL`` as a user's shell
would set them.  Every test gets its own config folder and token file under ``tmp_path``,
so nothing touches the real user's files.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from spotipy import Spotify
from spotipy.cli._app import DEFAULT_SCOPES
from spotipy.emulator import DEFAULT_USER_ID, Emulator, Server, serve
from spotipy.sender import PersistentSender
from spotipy.util import TokenFile
from spotipy.util import config as config_names

#: What the tests' own client may do besides what ``spotipy login`` asks for: fill a library.
CHECK_SCOPES = (*DEFAULT_SCOPES, "user-library-modify")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """The emulator on a socket, approving logins at once as the default user."""
    emulator = Emulator(seed=0, auto_approve=DEFAULT_USER_ID)
    with serve(emulator) as running:
        yield running


@dataclass
class Env:
    """The environment a test's commands run in."""

    server: Server
    vars: dict[str, str]
    token_path: Path
    home: Path

    @property
    def emulator(self) -> Emulator:
        return self.server.emulator

    def login_directly(self, user_id: str = DEFAULT_USER_ID) -> str:
        """Save a refresh token for ``user_id`` as ``spotipy login`` would; return it."""
        grant = self.emulator.user_grant(user_id, DEFAULT_SCOPES)
        refresh = str(grant["refresh_token"])
        self.token_path.parent.mkdir(parents=True, exist_ok=True)
        TokenFile(self.token_path, section=self.emulator.client_id).save(refresh)
        return refresh

    def library_client(self, user_id: str = DEFAULT_USER_ID) -> Spotify[object]:
        """A library client over HTTP, to check what the commands did."""
        http = httpx.Client(trust_env=False, timeout=10)
        token = self.emulator.user_token(user_id, CHECK_SCOPES)
        return Spotify(token, PersistentSender(client=http), api_url=self.server.api_url)


def environment(server: Server, tmp_path: Path) -> Env:
    uri = f"http://127.0.0.1:{free_port()}/callback"
    server.emulator.register_redirect_uri(uri)
    token_path = tmp_path / "state" / "token.ini"
    variables = {
        "SPOTIPY_API_URL": server.api_url,
        "SPOTIPY_ACCOUNTS_URL": server.accounts_url,
        config_names.client_id_var: server.emulator.client_id,
        config_names.client_secret_var: server.emulator.client_secret,
        config_names.redirect_uri_var: uri,
        "SPOTIPY_TOKEN_FILE": str(token_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path / "home"),
        "COLUMNS": "200",
        "NO_PROXY": "127.0.0.1",
    }
    return Env(server, variables, token_path, tmp_path / "home")


@pytest.fixture
def env(server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Env:
    """The variables set in this process, for in-process runs of ``main``."""
    found = environment(server, tmp_path)
    for name in ("SPOTIPY_CONFIG", "FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in found.vars.items():
        monkeypatch.setenv(name, value)
    return found
