"""Where the tool finds the app's credentials and keeps the user's refresh token.

Credentials come from the ``SPOTIPY_*`` environment variables (the names in
:mod:`spotipy.util.config`) and from an INI config file; a variable that is set wins over
the file.  The refresh token is kept in a separate token file, written by
:class:`~spotipy.util.TokenFile` (atomically, mode ``0600``), in a section named after the
client ID so that the tokens of several apps (Spotify's and the emulator's) never mix.
"""

from __future__ import annotations

import configparser
import contextlib
import os
import warnings
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from spotipy import Spotify
from spotipy.auth import Token
from spotipy.client import Async, Sync
from spotipy.errors import RefreshTokenInvalid
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncRetryingSender,
    AsyncSender,
    PersistentSender,
    RetryingSender,
    Sender,
)
from spotipy.util import RefreshingCredentials, RefreshingToken, TokenFile, config
from spotipy.util._files import _ini_problem
from spotipy.util.config import MissingConfigurationWarning, config_from_file

__all__ = [
    "CONFIG_VAR",
    "TOKEN_FILE_VAR",
    "AppConfig",
    "CliError",
    "Settings",
    "default_config_path",
    "default_token_path",
]

#: Environment variable naming the config file.
CONFIG_VAR = "SPOTIPY_CONFIG"
#: Environment variable naming the token file.
TOKEN_FILE_VAR = "SPOTIPY_TOKEN_FILE"


class CliError(click.ClickException):
    """An error reported as one line, ``spotipy: error: ...``, with exit status 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        """Print the one line on standard error."""
        click.echo(f"spotipy: error: {one_line(self.format_message())}", err=True)


def one_line(text: str) -> str:
    """Join the lines of ``text``, squeeze its spaces and drop control characters."""
    from spotipy.cli._text import terminal_text

    return " ".join(terminal_text(text).split())


def app_dir() -> Path:
    """The tool's folder for its files: ``~/.config/spotipy`` on Linux (``$XDG_CONFIG_HOME``)."""
    return Path(click.get_app_dir("spotipy"))


def default_config_path() -> Path:
    """The config file read when neither ``--config`` nor ``$SPOTIPY_CONFIG`` is given."""
    return app_dir() / "config.ini"


def default_token_path() -> Path:
    """The token file used when neither ``--token-file`` nor ``$SPOTIPY_TOKEN_FILE`` is given."""
    return app_dir() / "token.ini"


@dataclass(frozen=True, slots=True)
class AppConfig:
    """The app's credentials and redirect URI; ``repr`` hides the secret."""

    client_id: str
    client_secret: str
    redirect_uri: str | None

    def __repr__(self) -> str:
        return f"AppConfig(client_id={self.client_id!r}, redirect_uri={self.redirect_uri!r})"


@dataclass(frozen=True, slots=True)
class Settings:
    """The global options: which files to read and write.

    Attributes
    ----------
    config_path
        The config file; ``None`` for the default one, which may be missing.
    token_path
        The token file.
    section
        The section of the config file to read.
    """

    config_path: Path | None
    token_path: Path
    section: str = "DEFAULT"

    # -- the app's credentials ------------------------------------------------------------

    def _from_file(self) -> tuple[str | None, ...]:
        path = self.config_path
        if path is None:
            path = default_config_path()
            if not path.is_file():
                return (None, None, None)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", MissingConfigurationWarning)
                return config_from_file(path, self.section)
        except FileNotFoundError:
            raise CliError(f"the config file {path} does not exist") from None
        except KeyError as error:
            raise CliError(str(error.args[0])) from None
        except UnicodeError:
            raise CliError(f"cannot read the config file {path}: it is not UTF-8 text") from None
        except configparser.Error as error:
            why = _ini_problem(error)
            raise CliError(f"cannot read the config file {path}: {why}") from None
        except OSError as error:
            why = error.strerror or type(error).__name__
            raise CliError(f"cannot read the config file {path}: {why}") from None

    def app(self, *, need_redirect_uri: bool = False) -> AppConfig:
        """Return the app's credentials from the environment and the config file.

        Raises
        ------
        CliError
            Naming the variables to set when a value is missing.
        """
        names = (config.client_id_var, config.client_secret_var, config.redirect_uri_var)
        pairs = zip(names, self._from_file(), strict=True)
        values = {name: os.environ.get(name) or found for name, found in pairs}
        client_id, client_secret, redirect_uri = values.values()
        wanted = names if need_redirect_uri else names[:2]
        missing = [name for name in wanted if not values[name]]
        if missing:
            where = self.config_path or default_config_path()
            raise CliError(
                f"missing app credentials: set {' and '.join(missing)} in the environment,"
                f" or in the config file {where}"
            )
        assert client_id is not None
        assert client_secret is not None
        return AppConfig(client_id, client_secret, redirect_uri)

    # -- tokens -------------------------------------------------------------------------

    def store(self, app: AppConfig) -> TokenFile:
        """The token file's section for ``app``."""
        try:
            return TokenFile(self.token_path, section=app.client_id)
        except ValueError:
            raise CliError(
                f"the client ID {app.client_id[:40]!r} cannot name a section of the token file"
            ) from None

    def save_token(self, store: TokenFile, token: Token | RefreshingToken) -> None:
        """Save the refresh token of ``token``, creating the token file's folder."""
        store.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        store.save(token)


#: The longest ``Retry-After`` the tool waits (a longer one is an error at once); the
#: bulk paging of the exports waits as long (``MAX_BULK_WAIT``).
MAX_WAIT = 60.0


def make_sender(on_rate_limit: Callable[[float | None], None] | None = None) -> RetryingSender:
    """The sender of ``login`` and of the backup: pooled connections, retries after 429
    and 5xx; ``on_rate_limit`` as for :func:`make_async_sender`."""
    sender: Sender = PersistentSender()
    if on_rate_limit is not None:
        from spotipy.cli._progress import SyncRateLimitWatch

        sender = SyncRateLimitWatch(sender, on_rate_limit, max_wait=MAX_WAIT)
    return RetryingSender(retries=2, sender=sender, max_wait=MAX_WAIT)


def make_async_sender(
    on_rate_limit: Callable[[float | None], None] | None = None,
) -> AsyncRetryingSender:
    """The sender of the other commands: as :func:`make_sender`, async (cancellable).

    ``on_rate_limit`` hears the ``Retry-After`` of every 429 that will be waited for
    (at most :data:`MAX_WAIT`) as it arrives.
    """
    sender: AsyncSender = AsyncPersistentSender()
    if on_rate_limit is not None:
        from spotipy.cli._progress import RateLimitWatch

        sender = RateLimitWatch(sender, on_rate_limit, max_wait=MAX_WAIT)
    return AsyncRetryingSender(retries=2, sender=sender, max_wait=MAX_WAIT)


def check_urls() -> None:
    """Refuse a ``SPOTIPY_API_URL`` or ``SPOTIPY_ACCOUNTS_URL`` that is not a usable URL.

    Raises
    ------
    CliError
        Naming the variable and what is wrong, before any request.
    """
    import httpx

    for name in ("SPOTIPY_API_URL", "SPOTIPY_ACCOUNTS_URL"):
        value = os.environ.get(name)
        if not value:
            continue
        try:
            url = httpx.URL(value)
            port = url.port
        except (httpx.InvalidURL, ValueError, TypeError) as error:
            raise CliError(f"{name} is not a URL ({one_line(str(error))})") from None
        if url.scheme not in ("http", "https") or not url.host:
            raise CliError(f"{name} must be an http:// or https:// URL with a host")
        if port is not None and not 0 < port < 65536:
            raise CliError(f"{name} has the port {port}: a port is from 1 to 65535")


def _login(settings: Settings, user: bool) -> tuple[AppConfig, TokenFile | None, str | None]:
    """The app, and for ``user`` the token file and its refresh token; checked first."""
    check_urls()
    app = settings.app()
    if not user:
        return app, None, None
    store = settings.store(app)
    refresh_token = store.load()
    if refresh_token is None:
        raise CliError(f"not logged in (no token in {store.path}): run 'spotipy login' first")
    return app, store, refresh_token


_REFUSED = (
    "Spotify refused the saved login (the refresh token was revoked or expired):"
    " run 'spotipy login' again"
)


def _first_token(
    settings: Settings,
    login: tuple[AppConfig, TokenFile | None, str | None],
    sender: Sender | AsyncSender,
) -> Any:
    """Ask for a client's first token: for an async ``sender``, this returns its awaitable.

    With a token file (``login`` of a user), the token is refreshed from it, and every
    new token is saved there; without one, an app token is requested.  A refresh that
    Spotify refuses raises :class:`~spotipy.errors.RefreshTokenInvalid` (see :func:`_refusal`).
    """
    app, store, refresh_token = login
    make: Any = RefreshingCredentials  # the sender's mode is the credentials' mode
    credentials = make(
        app.client_id,
        app.client_secret,
        app.redirect_uri,
        sender=sender,
        on_refresh=None if store is None else (lambda new: settings.save_token(store, new)),
    )
    if store is None or refresh_token is None:
        return credentials.request_client_token()
    return credentials.refresh_user_token(refresh_token, consented_at=store.consented_at())


@contextlib.contextmanager
def _refusal(login: tuple[AppConfig, TokenFile | None, str | None]) -> Iterator[None]:
    """Turn Spotify's refusal of the saved refresh token (of ``login``) into the tool's error."""
    try:
        yield
    except RefreshTokenInvalid:
        if login[2] is None:  # no refresh token was sent
            raise
        raise CliError(_REFUSED) from None


@contextlib.contextmanager
def client(
    settings: Settings,
    *,
    user: bool,
    on_rate_limit: Callable[[float | None], None] | None = None,
) -> Iterator[Spotify[Sync]]:
    """A sync client holding a user token (from the token file) or an app token.

    The commands of this tool use :func:`async_client`, which Ctrl-C cancels at once;
    this one serves code that calls the library synchronously (``spotipy backup``).
    ``on_rate_limit`` hears each 429's wait (:func:`make_sender`).

    Raises
    ------
    CliError
        If the credentials are missing, or ``user`` and nobody is logged in.
    """
    login = _login(settings, user)
    with make_sender(on_rate_limit) as sender:
        with _refusal(login):
            token: RefreshingToken = _first_token(settings, login, sender)
        yield Spotify(token, sender)


@contextlib.asynccontextmanager
async def async_client(
    settings: Settings,
    *,
    user: bool,
    on_rate_limit: Callable[[float | None], None] | None = None,
) -> AsyncIterator[Spotify[Async]]:
    """An async client holding a user token (from the token file) or an app token.

    ``on_rate_limit`` hears each 429's wait (:func:`make_async_sender`).

    Raises
    ------
    CliError
        If the credentials are missing, or ``user`` and nobody is logged in.
    """
    login = _login(settings, user)
    async with make_async_sender(on_rate_limit) as sender:
        with _refusal(login):
            token: RefreshingToken = await _first_token(settings, login, sender)
        yield Spotify(token, sender)


def has_login(settings: Settings) -> bool:
    """Tell whether the token file holds a refresh token for the configured app."""
    return settings.store(settings.app()).load() is not None
