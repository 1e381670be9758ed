"""The commands ``spotipy backup``, ``spotipy restore``, ``spotipy backup export`` and
``spotipy playlist dedupe``: thin over :mod:`spotipy.backup`."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from spotipy import backup as library
from spotipy.cli._app import _err, _playlist_id, _reported, _settings
from spotipy.cli._settings import CliError, client

__all__ = ["register"]

#: Skipped steps listed one per line in the summary; the rest are counted.
SHOWN: Final = 20


@contextlib.contextmanager
def _disk() -> Iterator[None]:
    """A full disk as one line that says the work is kept."""
    try:
        yield
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise CliError(
                "the disk is full: free some space and run the command again (it goes on"
                " where it stopped)"
            ) from None
        raise


@contextlib.contextmanager
def _bars() -> Iterator[Callable[[str, int, int | None], None]]:
    """``progress(what, done, total)``: one bar per collection on a terminal's stderr."""
    console = _err()
    if not console.is_terminal:
        yield lambda what, done, total: None
        return
    columns = (TextColumn("{task.description:<20}"), BarColumn(), MofNCompleteColumn())
    tasks: dict[str, TaskID] = {}
    with Progress(*columns, console=console, transient=False) as bars:

        def progress(what: str, done: int, total: int | None) -> None:
            if what not in tasks:
                tasks[what] = bars.add_task(what.replace("_", " "), total=total)
            bars.update(tasks[what], completed=done, total=total)

        yield progress


def _list_skipped(skipped: list[tuple[str, str]], title: str) -> None:
    if not skipped:
        return
    click.echo(f"{title}:", err=True)
    for what, reason in skipped[:SHOWN]:
        click.echo(f"  {what}: {reason}", err=True)
    if len(skipped) > SHOWN:
        click.echo(f"  ... and {len(skipped) - SHOWN} more (see manifest.json)", err=True)


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
@click.option(
    "--concurrency",
    type=click.IntRange(1, 32),
    default=8,
    show_default=True,
    help="Pages of one list read at once (fewer when Spotify asks to slow down).",
)
@click.pass_context
def backup_run(ctx: click.Context, folder: Path, concurrency: int) -> None:
    """Back up your library into DIR."""
    with _reported(), _disk(), client(_settings(ctx), user=True) as spotify, _bars() as bar:
        report = library.backup(spotify, folder, concurrency=concurrency, progress=bar)
    click.echo(
        f"Backed up {report.account} to {folder}: {len(report.taken)} taken,"
        f" {len(report.unchanged)} unchanged, {len(report.skipped)} skipped;"
        f" {report.requests} requests ({report.requests_saved} saved by the last backup)",
        err=True,
    )
    if report.rate_limit_waits:
        click.echo(
            f"Spotify asked to slow down {report.rate_limit_waits} times"
            f" ({report.waited:.0f} s waited)",
            err=True,
        )
    _list_skipped(report.skipped, "Skipped")


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
    help="Where to write the files; default: DIR/export-FORMAT.",
)
def backup_export(folder: Path, fmt: Any, output: Path | None) -> None:
    """Export every playlist and the liked songs of the backup in DIR, one file each."""
    with _reported(), _disk():
        written = library.export(folder, fmt, output)
    where = output if output is not None else folder / f"export-{fmt}"
    click.echo(f"Wrote {len(written)} files to {where}", err=True)


@click.command("restore")
@_dir_argument
@click.option("--dry-run", is_flag=True, help="Print what would be done; change nothing.")
@click.option("--dedupe", is_flag=True, help="Leave out repeated entries of each playlist.")
@click.pass_context
def restore(ctx: click.Context, folder: Path, dry_run: bool, dedupe: bool) -> None:
    """Restore the backup in DIR into the logged-in account (the same one or another).

    Run it again after a failure: nothing is added twice.
    """
    with _reported(), _disk(), client(_settings(ctx), user=True) as spotify, _bars() as bar:
        report = library.restore(spotify, folder, dry_run=dry_run, dedupe=dedupe, progress=bar)
    if dry_run:
        for line in report.plan:
            click.echo(line)
        click.echo(f"Dry run: {len(report.plan)} steps planned, nothing changed.", err=True)
    else:
        click.echo(
            f"Restored: {report.created} playlists created, {report.added} entries added,"
            f" {report.saved} items saved, {report.followed} playlists followed",
            err=True,
        )
    unavailable = [(where, what) for where, what in report.unavailable]
    _list_skipped(unavailable, "Not restorable")
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
        click.echo(f"{position}\t{uri}")
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
