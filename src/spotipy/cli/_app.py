"""The commands of the ``spotipy`` tool, built with click; tables and progress with rich."""

from __future__ import annotations

import configparser
import contextlib
import signal
import sys
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

import click
from rich.console import Console
from rich.table import Table

from spotipy import Spotify
from spotipy._version import __version__
from spotipy.cli._output import check_output_path
from spotipy.cli._progress import Progress
from spotipy.cli._rows import Row, choose_format, read_uris, row_for, writer
from spotipy.cli._settings import (
    CONFIG_VAR,
    TOKEN_FILE_VAR,
    CliError,
    Settings,
    async_client,
    check_urls,
    default_token_path,
    has_login,
    make_sender,
    one_line,
)
from spotipy.cli._signals import Interrupted, drive, stop_signals
from spotipy.cli._text import rich_text, terminal_text
from spotipy.client import Async
from spotipy.client._api.search import SEARCH_TYPES
from spotipy.convert import id_from
from spotipy.errors import (
    ConversionError,
    ExtendedQuotaRequired,
    Forbidden,
    PremiumRequired,
    SpotipyError,
    TransportError,
)
from spotipy.model import OffsetPaging
from spotipy.scope import check_scopes
from spotipy.util import prompt_for_user_token

__all__ = ["DEFAULT_SCOPES", "cli", "run"]

#: What ``spotipy login`` asks for: enough for every command of the tool.
DEFAULT_SCOPES: Final = (
    "user-read-private",
    "user-read-email",
    "playlist-read-private",
    "playlist-read-collaborative",
    "playlist-modify-public",
    "playlist-modify-private",
    "user-library-read",
    "user-library-modify",
    "user-follow-read",
    "user-follow-modify",
)
#: Pages fetched at once by the exports.
CONCURRENCY: Final = 8

T = TypeVar("T")


def run(argv: Sequence[str] | None) -> int:
    """Run the tool on ``argv`` and return its exit status (see :func:`spotipy.cli.main`)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        with stop_signals():
            result = cli.main(args=args, prog_name="spotipy", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except (click.Abort, KeyboardInterrupt):
        click.echo("spotipy: interrupted", err=True)
        return 130
    except Interrupted as stop:
        click.echo(f"spotipy: stopped by {signal.Signals(stop.signum).name}", err=True)
        return 128 + stop.signum
    except Exception as error:  # a bug or a library's raw error: still one line, no traceback
        message = one_line(str(error)) or "no message"
        click.echo(f"spotipy: error: {type(error).__name__}: {message}", err=True)
        return 1
    except SystemExit as done:  # click's answer to a closed pipe (``spotipy ... | head``)
        return done.code if isinstance(done.code, int) else 1
    return result if isinstance(result, int) else 0


def _fail(error: BaseException, hint: str = "") -> CliError:
    message = one_line(str(error)) or type(error).__name__
    return CliError(f"{message}{hint}")


@contextlib.contextmanager
def _reported(hint: Callable[[SpotipyError], str] | None = None) -> Iterator[None]:
    """Turn the library's and the system's errors into one ``spotipy: error:`` line."""
    try:
        yield
    except (click.ClickException, BrokenPipeError):
        raise
    except TransportError as error:
        raise _fail(
            error, " (no answer: check the network, SPOTIPY_API_URL and SPOTIPY_ACCOUNTS_URL)"
        ) from None
    except SpotipyError as error:
        raise _fail(error, hint(error) if hint is not None else "") from None
    except (OSError, ValueError, configparser.Error) as error:
        raise _fail(error) from None


def _settings(ctx: click.Context) -> Settings:
    found = ctx.find_object(Settings)
    assert found is not None
    return found


def _out() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _err() -> Console:
    return Console(stderr=True, highlight=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="spotipy")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar=CONFIG_VAR,
    help="INI file with SPOTIPY_CLIENT_ID, SPOTIPY_CLIENT_SECRET and SPOTIPY_REDIRECT_URI"
    f" (env {CONFIG_VAR}; default: config.ini in the tool's folder). Variables that are set win.",
)
@click.option(
    "--section",
    default="DEFAULT",
    show_default=True,
    help="Section of the config file to read.",
)
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar=TOKEN_FILE_VAR,
    help=f"Where 'login' keeps the refresh token (env {TOKEN_FILE_VAR};"
    f" default: {default_token_path()}).",
)
@click.pass_context
def cli(
    ctx: click.Context, config_path: Path | None, section: str, token_file: Path | None
) -> None:
    """Use the Spotify Web API from the shell.

    App credentials come from the SPOTIPY_* environment variables or the config file;
    SPOTIPY_API_URL and SPOTIPY_ACCOUNTS_URL point the tool elsewhere (e.g. at
    'spotipy emulator').
    """
    ctx.obj = Settings(config_path, token_file or default_token_path(), section)


# -- login ----------------------------------------------------------------------------------


def _check_scopes(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> Any:
    if not values:
        return DEFAULT_SCOPES
    words = [word for value in values for word in value.replace(",", " ").split()]
    try:
        return tuple(sorted(check_scopes(words)))
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@cli.command()
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    callback=_check_scopes,
    metavar="SCOPE",
    help="A scope to ask for (repeatable, or comma-separated); default: what every"
    " command of this tool needs.",
)
@click.option("--no-browser", is_flag=True, help="Only print the URL to open.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=1, max=3600),
    default=300,
    show_default=True,
    help="Seconds to wait for the browser's redirect.",
)
@click.pass_context
def login(ctx: click.Context, scopes: tuple[str, ...], no_browser: bool, timeout: float) -> None:
    """Authorise this app for your account and keep the refresh token.

    The redirect URI (SPOTIPY_REDIRECT_URI) must be registered for the app; a loopback one
    with a port, such as http://127.0.0.1:8080/callback, is caught by a one-shot local
    server, any other is pasted back.  The token file is written with mode 0600.
    """
    settings = _settings(ctx)
    check_urls()
    app = settings.app(need_redirect_uri=True)
    store = settings.store(app)
    with _reported(), make_sender() as sender:
        # The prompt's own lines go to stderr: stdout carries data only.
        with contextlib.redirect_stdout(sys.stderr):
            token = prompt_for_user_token(
                app.client_id,
                app.client_secret,
                app.redirect_uri,
                scopes,
                open_browser=not no_browser,
                timeout=timeout,
                sender=sender,
                on_refresh=lambda new: settings.save_token(store, new),
            )
        user = Spotify(token, sender).current_user()
    name = f"{user.display_name} ({user.id})" if user.display_name else user.id
    name = terminal_text(name)
    click.echo(f"Logged in as {name}; the refresh token is in {store.path}", err=True)


@cli.command()
@click.pass_context
def logout(ctx: click.Context) -> None:
    """Forget the saved refresh token of the configured app."""
    settings = _settings(ctx)
    store = settings.store(settings.app())
    with _reported():
        removed = store.clear()
    click.echo("Logged out." if removed else f"Not logged in (no token in {store.path}).", err=True)


# -- whoami and search ----------------------------------------------------------------------


@cli.command()
@click.pass_context
def whoami(ctx: click.Context) -> None:
    """Show the logged-in user."""

    async def work() -> Any:
        async with async_client(_settings(ctx), user=True) as spotify:
            return await spotify.current_user()

    with _reported():
        user = drive(work())
    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    followers = user.followers.total if user.followers is not None else None
    for label, value in (
        ("ID", user.id),
        ("Name", user.display_name),
        ("Email", user.email),
        ("Country", user.country),
        ("Product", user.product),
        ("Followers", followers),
        ("URI", user.uri),
    ):
        if value is not None:
            table.add_row(label, rich_text(value))
    _out().print(table)


def _detail(kind: str, item: Any) -> str:
    """The third column of a search table, by result type."""
    if kind == "track":
        album = item.album.name if item.album is not None else ""
        return f"{_joined(item.artists)} — {album}" if album else _joined(item.artists)
    if kind == "album":
        return f"{_joined(item.artists)} ({item.release_date or '?'})"
    if kind == "artist":
        followers = item.followers.total if item.followers is not None else None
        return f"{followers:,} followers" if followers is not None else ""
    if kind == "playlist":
        owner = item.owner.display_name or item.owner.id if item.owner is not None else ""
        return f"by {owner}" if owner else ""
    if kind == "audiobook":
        return _joined(item.authors)
    if kind == "show":
        return str(item.publisher or "")
    return str(getattr(item, "release_date", None) or "")  # episode


def _joined(objects: Iterable[Any] | None) -> str:
    return ", ".join(str(o.name) for o in objects or ())


def _count_option(name: str, most: int, default: int, text: str) -> _Option:
    """An option taking a whole number from 1 to ``most``; its help shows ``default``."""
    return click.option(
        name, type=click.IntRange(1, most), default=default, show_default=True, help=text
    )


@cli.command()
@click.argument("query")
@click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice(SEARCH_TYPES),
    help="What to search for (repeatable); default: track.",
)
@_count_option("--limit", 50, 10, "Results per type.")
@click.option("--market", help="ISO 3166-1 alpha-2 country code.")
@click.pass_context
def search(
    ctx: click.Context, query: str, types: tuple[str, ...], limit: int, market: str | None
) -> None:
    """Search the catalogue; one table per type."""
    if not query.strip():
        raise click.BadParameter("the query is empty", param_hint="QUERY")
    kinds = tuple(dict.fromkeys(types)) or ("track",)

    async def work() -> list[Table]:
        tables: list[Table] = []
        async with async_client(_settings(ctx), user=False) as spotify:
            pagings = await spotify.search(query, kinds, limit=min(limit, 10), market=market)
            for kind, paging in zip(kinds, pagings, strict=True):
                table = Table(title=f"{kind}s", title_justify="left")
                table.add_column("#", justify="right")
                table.add_column("name")
                table.add_column("by / about")
                table.add_column("URI", no_wrap=True)
                number = 0
                async for item in spotify.all_items(paging, max_items=limit):
                    if item is None:  # Spotify sometimes sends null in place of a playlist
                        continue
                    number += 1
                    cells = (item.name, _detail(kind, item), item.uri)
                    table.add_row(str(number), *(rich_text(cell) for cell in cells))
                if not table.rows:
                    table.caption = "no results"
                tables.append(table)
        return tables

    with _reported():
        tables = drive(work())
    console = _out()
    for table in tables:
        console.print(table)


# -- exports --------------------------------------------------------------------------------


def _playlist_id(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        return id_from(value, "playlist")
    except ConversionError as error:
        raise click.BadParameter(str(error)) from None


_format_option = click.option(
    "--format",
    "kind",
    type=click.Choice(["csv", "json"]),
    help="Output format; default: json for an --output ending in .json, else csv.",
)
_output_option = click.option(
    "--output",
    "-o",
    metavar="FILE",
    callback=check_output_path,
    help="Write to FILE ('-': standard output, the default). A regular file is replaced"
    " when the export is complete; a pipe, /dev/stdout or /dev/fd/N is written as rows come.",
)
#: A click option decorator (typed: the backup commands import it in an import cycle).
_Option = Callable[[Callable[..., Any]], Callable[..., Any]]
_raw_csv_option: _Option = click.option(
    "--raw-csv",
    is_flag=True,
    help="Write CSV cells exactly as Spotify sent them: by default a cell starting with"
    " = + - @, a tab or a carriage return gets a leading ' so that spreadsheets do not run"
    " it as a formula.",
)
_quiet_option: _Option = click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No progress on standard error (a bar on a terminal, else a line every 2 s).",
)


def _progress(quiet: bool) -> Progress:
    return Progress(_err(), quiet=quiet)


async def _export(
    rows: AsyncIterator[Row], noun: str, total: int | None, out: Any, progress: Progress
) -> None:
    """Write the export rows of ``total`` ``noun``, counting them on ``progress``."""
    progress.start(noun, total)
    async for row in rows:
        out.write(row)
        progress.advance()


def _wrote(count: int, noun: str, output: str | None) -> None:
    if output not in (None, "-"):
        click.echo(f"Wrote {count} {noun} to {terminal_text(output)}", err=True)


def _every(spotify: Spotify[Async], first: OffsetPaging[T]) -> AsyncIterator[T]:
    """The entries of ``first`` and of the pages after it, fetched several at once.

    Cancelling the command cancels the requests in flight.
    """
    return spotify.all_items(first, concurrency=CONCURRENCY)


def _forbidden_hint(error: SpotipyError) -> str:
    if type(error) is Forbidden:
        return " (only the owner and collaborators may read a private playlist's items)"
    return ""


def _only_a_user_may_not(error: Forbidden) -> bool:
    """A 403 that an app token may not get: not a quota or Premium refusal."""
    return not isinstance(error, (ExtendedQuotaRequired, PremiumRequired))


@cli.group()
def playlist() -> None:
    """Export a playlist's items, or create a playlist from an export."""


@playlist.command("export")
@click.argument("playlist_id", metavar="PLAYLIST", callback=_playlist_id)
@_format_option
@_output_option
@_raw_csv_option
@_quiet_option
@click.option(
    "--app",
    "as_app",
    is_flag=True,
    help="Read with the app token only, even when logged in.",
)
@click.pass_context
def playlist_export(
    ctx: click.Context,
    playlist_id: str,
    kind: str | None,
    output: str | None,
    raw_csv: bool,
    quiet: bool,
    as_app: bool,
) -> None:
    """Write every item of PLAYLIST (an ID, URI or URL), one row each.

    Rows hold position (from 0), name, artists, album, uri and added_at.  Logged in, the
    user's token is used, and the app token when Spotify refuses it the items (another
    user's public playlist); otherwise (or with --app) the app token.
    """
    settings = _settings(ctx)
    with _reported():
        user = not as_app and has_login(settings)
    chosen = choose_format(kind, output)
    progress = _progress(quiet)

    async def work(out: Any) -> None:
        async with contextlib.AsyncExitStack() as stack:
            spotify = await stack.enter_async_context(
                async_client(settings, user=user, on_rate_limit=progress.waiting)
            )
            try:
                first = await spotify.playlist_items(playlist_id, limit=50)
            except Forbidden as error:
                if not user or not _only_a_user_may_not(error):
                    raise
                click.echo(
                    "spotipy: your login may not read this playlist's items;"
                    " reading them with the app token",
                    err=True,
                )
                spotify = await stack.enter_async_context(
                    async_client(settings, user=False, on_rate_limit=progress.waiting)
                )
                first = await spotify.playlist_items(playlist_id, limit=50)
            rows = (
                row_for(i, entry.item, entry.added_at)
                async for i, entry in _numbered(_every(spotify, first))
            )
            await _export(rows, "items", first.total, out, progress)

    with _reported(_forbidden_hint), progress, writer(output, chosen, raw=raw_csv) as out:
        drive(work(out))
    _wrote(out.count, "items", output)


async def _numbered(items: AsyncIterator[T]) -> AsyncIterator[tuple[int, T]]:
    number = 0
    async for item in items:
        yield number, item
        number += 1


@playlist.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--name", required=True, help="Name of the new playlist.")
@click.option("--description", default="", help="Its description.")
@click.option("--public/--private", default=False, help="Visibility (default: private).")
@click.option(
    "--format",
    "kind",
    type=click.Choice(["csv", "json"]),
    help="Format of FILE; default: JSON if it starts with '[' or '{', else CSV.",
)
@click.pass_context
def playlist_import(
    ctx: click.Context, file: str, name: str, description: str, public: bool, kind: str | None
) -> None:
    """Create a playlist named NAME holding the items of FILE (an export, CSV or JSON).

    Prints the new playlist's URI.  Local files and unavailable items are skipped.
    """
    if not name.strip():
        raise click.BadParameter("the name is empty", param_hint="--name")
    plan = read_uris(file, kind)

    async def work() -> Any:
        async with async_client(_settings(ctx), user=True) as spotify:
            created = await spotify.playlist_create(name, public, description)
            await spotify.playlist_add(created.id, plan.uris)
            return created

    with _reported():
        created = drive(work())
    skipped = []
    if plan.local:
        skipped.append(f"{plan.local} local files")
    if plan.unavailable:
        skipped.append(f"{plan.unavailable} unavailable items")
    note = f" (skipped {' and '.join(skipped)})" if skipped else ""
    shown = terminal_text(name)
    click.echo(f"Created playlist {shown!r} with {len(plan.uris)} items{note}", err=True)
    click.echo(created.uri)


@cli.group()
def library() -> None:
    """Export the user's library."""


@library.command("export")
@_format_option
@_output_option
@_raw_csv_option
@_quiet_option
@click.pass_context
def library_export(
    ctx: click.Context, kind: str | None, output: str | None, raw_csv: bool, quiet: bool
) -> None:
    """Write every saved track of the logged-in user, most recent first.

    The rows are those of 'playlist export', so 'playlist import' reads them.
    """
    chosen = choose_format(kind, output)
    settings = _settings(ctx)
    progress = _progress(quiet)

    async def work(out: Any) -> None:
        async with async_client(settings, user=True, on_rate_limit=progress.waiting) as spotify:
            first = await spotify.saved_tracks(limit=50)
            rows = (
                row_for(i, entry.track, entry.added_at)
                async for i, entry in _numbered(_every(spotify, first))
            )
            await _export(rows, "tracks", first.total, out, progress)

    with _reported(), progress, writer(output, chosen, raw=raw_csv) as out:
        drive(work(out))
    _wrote(out.count, "tracks", output)


# -- backup and restore: spotipy.cli._backup ---------------------------------------------

from spotipy.cli._backup import register as _register_backup  # noqa: E402

_register_backup(cli, playlist)


# -- the emulator ---------------------------------------------------------------------------


@cli.command(
    context_settings={
        "ignore_unknown_options": True,
        "allow_extra_args": True,
        "help_option_names": [],
    },
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def emulator(args: tuple[str, ...]) -> int:
    """Serve the emulator on loopback (options: 'spotipy emulator -h')."""
    from spotipy.emulator.__main__ import main as serve

    try:
        return serve(list(args), prog="spotipy emulator")
    except SystemExit as done:  # argparse: --help (0) or a bad option (2)
        code = done.code
        return code if isinstance(code, int) else 1
    except ImportError as error:
        raise CliError(str(error)) from None
