"""Writing an export where the user said, as a shell user expects.

:func:`open_output` opens the destination of an ``--output`` option:

- ``None`` or ``-``: standard output (left open).
- A path under ``/dev`` or ``/proc`` (``/dev/stdout``, ``/dev/fd/N`` as a shell's
  ``>(gzip > x.gz)`` names it), and any existing file that is not a regular file (a named
  pipe, a terminal, a device): written in place and as the rows come, never replaced.
- A regular file, existing or not: written to a temporary file in the same folder and
  renamed over it when everything is written, so a failed or interrupted export never
  leaves half a file nor replaces a good one.  An existing file keeps its permission bits
  (a 0600 export stays 0600); a new one gets ``0666`` less the umask.  A symlink is
  followed: its target is replaced and the link stays.
- An empty path, or a folder: a usage error (:func:`check_output_path` for click options)
  or :class:`~spotipy.cli._settings.CliError`.

Errors name the path the user gave, never the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from spotipy.cli._settings import CliError

__all__ = ["check_output_path", "in_place", "open_output"]

#: Folders whose files are streams or views of other files: always written in place.
_SPECIAL_FOLDERS = ("/dev/", "/proc/")


def check_output_path(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """A click callback: refuse an empty ``--output`` as a usage error (exit status 2)."""
    if value is not None and not value.strip():
        raise click.BadParameter("the path is empty (use '-' for standard output)")
    return value


def in_place(path: str) -> bool:
    """Tell whether ``path`` is written in place (a stream, device or pipe), not replaced.

    Raises
    ------
    CliError
        If ``path`` is a folder.
    """
    if os.path.abspath(path).startswith(_SPECIAL_FOLDERS):  # abspath: no symlink resolved
        return True
    try:
        found = os.stat(path)  # follows symlinks
    except FileNotFoundError:
        return False
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror}") from None
    if stat.S_ISDIR(found.st_mode):
        raise CliError(f"cannot write {path}: it is a folder")
    return not stat.S_ISREG(found.st_mode)


@contextlib.contextmanager
def open_output(path: str | None, stdout: IO[str] | None = None) -> Iterator[IO[str]]:
    """Open the destination ``path`` for text (UTF-8, ``\\n`` line ends) and yield it.

    On success the stream is flushed, and a regular file is renamed into place; on any
    exception (including ``KeyboardInterrupt``) a temporary file is removed and the
    exception goes on.  See the module documentation for what each kind of path gets.

    Parameters
    ----------
    path
        The ``--output`` value: ``None`` or ``"-"`` for standard output.
    stdout
        The standard output to use (``sys.stdout`` when ``None``).

    Raises
    ------
    CliError
        If the path is empty or a folder, or cannot be opened or written.
    """
    if path is None or path == "-":
        stream = sys.stdout if stdout is None else stdout
        yield stream
        stream.flush()
        return
    if not path.strip():
        raise CliError("the output path is empty (use '-' for standard output)")
    if in_place(path):
        with _failures(path):  # never created: a missing /dev/x is an error, not a new file
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0))
            handle: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")
        try:
            yield handle  # the command's own errors pass as they are
            with _failures(path):
                handle.flush()
        except BaseException:
            _abandon(handle)
            raise
        with _failures(path):
            handle.close()
        return
    with _replacing(path) as handle:
        yield handle


def _abandon(handle: IO[str]) -> None:
    """Close ``handle`` without writing what it buffers.

    After a failure or an interrupt, the rest of an export is dropped: flushing it into a
    pipe whose reader stopped reading would block the exit for ever.
    """
    with contextlib.suppress(OSError, ValueError):
        os.close(handle.fileno())
    with contextlib.suppress(OSError, ValueError):
        handle.close()  # its descriptor is gone: nothing is written


@contextlib.contextmanager
def _failures(path: str) -> Iterator[None]:
    try:
        yield
    except (BrokenPipeError, CliError):
        raise
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror or error}") from None


@contextlib.contextmanager
def _replacing(path: str) -> Iterator[IO[str]]:
    """Write a regular file through a temporary file renamed over its (symlink) target."""
    target = Path(os.path.realpath(path))
    try:
        old: os.stat_result | None = target.stat()
    except FileNotFoundError:
        old = None
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror}") from None
    with _failures(path):
        fd, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    try:
        with _failures(path):
            if old is None:
                os.fchmod(fd, 0o666 & ~_umask())
            else:
                os.fchmod(fd, stat.S_IMODE(old.st_mode))
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(fd, old.st_uid, old.st_gid)
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with handle:
            yield handle
            with _failures(path):
                handle.flush()
                os.fsync(handle.fileno())
        with _failures(path):
            os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
