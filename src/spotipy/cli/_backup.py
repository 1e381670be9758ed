"""The commands ``spotipy backup``, ``spotipy restore``, ``spotipy backup export`` and
``spotipy playlist dedupe``: thin over :mod:`spotipy.backup`."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import click

from spotipy import backup as library
from spotipy.cli._app import (
    _count_option,
    _playlist_id,
    _progress,
    _quiet_option,
    _raw_csv_option,
    _reported,
    _settings,
)
from spotipy.cli._settings import CliError, client
from spotipy.cli._text import terminal_text
from spotipy.errors import FileError

__all__ = ["register"]

#: Skipped steps listed one per line in the summary; the rest are counted.
SHOWN: Final = 20


@contextlib.contextmanager
def _disk() -> Iterator[None]:
    """A full disk as one line that names the file and says the work is kept."""
    try:
        yield
    except OSError as error:  # FileError included: it keeps the errno
        if error.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        where = f" writing {error.path}" if isinstance(error, FileError) else ""
        raise CliError(
            f"the disk is full{where}: free some space and run the command again (it goes"
            " on where it stopped)"
        ) from None


def _say(text: str) -> None:
    """One line on standard error; ``text`` has been made terminal-safe."""
    click.echo(text, err=True)


def _list_skipped(
    skipped: list[tuple[str, str]], title: str, names: dict[str, str] | None = None
) -> None:
    if not skipped:
        return
    _say(f"{title}:")
    for what, reason in skipped[:SHOWN]:
        name = (names or {}).get(what)
        label = f'{what} "{name}"' if name is not None else what
        _say(f"  {terminal_text(label)}: {terminal_text(reason)}")
    if len(skipped) > SHOWN:
        _say(f"  ... and {len(skipped) - SHOWN} more (see manifest.json)")


class _DefaultGroup(click.Group):
    """A group whose first argument, when it names no command, goes to ``run``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["run", *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(
            ctx.command_path, "DIR [--concurrency N] | export DIR --format csv|m3u|xspf"
        )


@click.group("backup", cls=_DefaultGroup)
def backup_group() -> None:
    """Back up your whole library into a directory (spotipy backup DIR), or export one.

    Run it again later: only what changed is read again.  Stopped or killed, it goes on
    where it stopped.  --concurrency N (1 to 32, default 8) reads that many pages of one
    list at once.
    """


_dir_argument = click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))


@backup_group.command("run", hidden=True)
@_dir_argument
@_count_option(
    "--concurrency", 32, 8, "Pages of one list read at once (fewer when Spotify asks to slow down)."
)
@_quiet_option
@click.pass_context
def backup_run(ctx: click.Context, folder: Path, concurrency: int, quiet: bool) -> None:
    """Back up your library into DIR."""
    progress = _progress(quiet)
    settings = _settings(ctx)
    watch = progress.waiting
    with _reported(), _disk(), progress, client(settings, user=True, on_rate_limit=watch) as sp:
        report = library.backup(sp, folder, concurrency=concurrency, progress=_counted(progress))
    _say(
        f"Backed up {terminal_text(report.account)} to {terminal_text(folder)}:"
        f" {len(report.taken)} taken, {len(report.unchanged)} unchanged,"
        f" {len(report.skipped)} skipped; {report.requests} requests"
        f" ({report.requests_saved} saved by the last backup)"
    )
    if report.rate_limit_waits:
        _say(
            f"Spotify asked to slow down {report.rate_limit_waits} times"
            f" ({report.waited:.0f} s waited)"
        )
    _list_skipped(report.skipped, "Skipped", report.names)


def _counted(progress: Any) -> library.Progress:
    """The library's ``progress(what, done, total)`` shown by the command's progress."""

    def show(what: str, done: int, total: int | None) -> None:
        progress.show(what.replace("_", " "), done, total)

    return show


@backup_group.command("export")
@_dir_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "m3u", "xspf"]),
    required=True,
    help="csv: one row per entry (Exportify's columns); m3u or xspf: playlists.",
)
@click.option(
    "--output",
    "-o",
    metavar="FOLDER",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the files into; default: DIR/export-FORMAT.",
)
@_raw_csv_option
def backup_export(folder: Path, fmt: Any, output: Path | None, raw_csv: bool) -> None:
    """Export every playlist and the liked songs of the backup in DIR, one file each."""
    with _reported(), _disk():
        written = library.export(folder, fmt, output, raw_csv=raw_csv)
    where = output if output is not None else folder / f"export-{fmt}"
    _say(f"Wrote {len(written)} files to {terminal_text(where)}")


@click.command("restore")
@_dir_argument
@click.option("--dry-run", is_flag=True, help="Print what would be done; change nothing.")
@click.option("--dedupe", is_flag=True, help="Leave out repeated entries of each playlist.")
@_quiet_option
@click.pass_context
def restore(ctx: click.Context, folder: Path, dry_run: bool, dedupe: bool, quiet: bool) -> None:
    """Restore the backup in DIR into the logged-in account (the same one or another).

    Run it again after a failure: nothing is added twice.
    """
    progress = _progress(quiet)
    settings = _settings(ctx)
    watch, shown = progress.waiting, _counted(progress)
    with _reported(), _disk(), progress, client(settings, user=True, on_rate_limit=watch) as sp:
        report = library.restore(sp, folder, dry_run=dry_run, dedupe=dedupe, progress=shown)
    if dry_run:
        for line in report.plan:
            click.echo(terminal_text(line))
        _say(f"Dry run: {len(report.plan)} steps planned, nothing changed.")
    else:
        _say(
            f"Restored: {report.created} playlists created, {report.added} entries added,"
            f" {report.saved} items saved, {report.followed} playlists followed"
        )
    _list_skipped(report.unavailable, "Not restorable")
    _list_skipped(report.skipped, "Skipped")


@click.command("dedupe")
@click.argument("playlist_id", metavar="PLAYLIST", callback=_playlist_id)
@click.option("--dry-run", is_flag=True, help="Only list the repeated entries.")
@click.pass_context
def dedupe(ctx: click.Context, playlist_id: str, dry_run: bool) -> None:
    """Remove repeated entries of PLAYLIST (an ID, URI or URL), keeping the first of each."""
    with _reported(), client(_settings(ctx), user=True) as spotify:
        plan = library.dedupe_playlist(spotify, playlist_id, dry_run=dry_run)
    for uri, position in plan.repeats:
        click.echo(f"{position}\t{terminal_text(uri)}")
    if not plan.repeats:
        click.echo(f"No repeated entries among {plan.total}", err=True)
        return
    done = "removed" if plan.removed else "found (dry run: nothing removed)"
    click.echo(f"{len(plan.repeats)} repeated entries {done}, of {plan.total}", err=True)


def register(cli: click.Group, playlist: click.Group) -> None:
    """Add the commands to the tool's ``cli`` group and ``playlist`` group."""
    cli.add_command(backup_group)
    cli.add_command(restore)
    playlist.add_command(dedupe)
