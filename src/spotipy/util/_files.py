"""Atomic, private, locked file writes for configuration and token stores.

Every writer of a secrets file (``config_to_file``, ``TokenFile``) takes :func:`locked`
around its read-modify-write, so writers in several threads and processes never lose
each other's keys, and replaces the file with :func:`atomic_write_text`.

- A symlink at the path is followed: its target is replaced atomically, and the link
  stays a link (replacing it by a regular file would silently detach whatever pointed
  there).
- Temporary files left by a writer that crashed mid-write hold secrets: the next write
  removes them.
- INI section and key names are checked by :func:`check_ini_name`: a name holding ``]``,
  ``=`` or a newline would inject sections or make the file unreadable.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_write_text", "check_ini_name", "check_ini_value", "locked"]

_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


def _target(path: Path) -> Path:
    """The file a write replaces: the final target of a symlink, else ``path``."""
    return Path(os.path.realpath(path))


def _thread_lock(path: Path) -> threading.Lock:
    key = os.fspath(_target(path))
    with _thread_locks_guard:
        return _thread_locks.setdefault(key, threading.Lock())


if sys.platform != "win32":
    import fcntl

    @contextlib.contextmanager
    def _process_lock(folder: Path) -> Iterator[None]:
        # The folder is locked, not the file: the file is replaced on every write, and
        # a lock on a separate lock file would leave that file behind.
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:  # pragma: no cover - an unreadable folder: threads still lock
            yield
            return
        try:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

else:  # pragma: no cover - no flock on Windows: writes are still atomic

    @contextlib.contextmanager
    def _process_lock(folder: Path) -> Iterator[None]:
        yield


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock of ``path`` (its symlink target) against threads and processes."""
    target = _target(path)
    folder = target.parent if str(target.parent) else Path(".")
    with _thread_lock(path), _process_lock(folder):
        yield


def _temporary_prefix(target: Path) -> str:
    return f".{target.name}."


def atomic_write_text(path: Path, text: str, *, mode: int = 0o600) -> None:
    """Replace ``path`` (or the target of the symlink at it) with ``text`` atomically.

    The text goes to a temporary file in the same folder, created with ``mode``
    (readable only by its owner), is flushed to disk and renamed over the target:
    readers see the old file or the new one, never a part of either.  Call it under
    :func:`locked`: it also removes temporary files that a crashed writer left.
    """
    target = _target(path)
    folder = target.parent if str(target.parent) else Path(".")
    prefix = _temporary_prefix(target)
    for stale in folder.glob(f"{prefix}*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
    fd, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


_FORBIDDEN_IN_NAMES = frozenset("[]=:\r\n")


def check_ini_name(name: object, what: str) -> str:
    """Refuse an INI section or key name that would change the file's structure.

    Raises
    ------
    ValueError
        For an empty name, one with ``[``, ``]``, ``=``, ``:``, a control character,
        surrounding spaces, or a leading ``;`` or ``#`` (a comment).
    """
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a str, not {type(name).__name__}")
    if (
        not name
        or name != name.strip()
        or not name.isprintable()
        or _FORBIDDEN_IN_NAMES.intersection(name)
        or name[0] in ";#"
    ):
        raise ValueError(
            f"{what} {name[:40]!r} is not a usable INI name: no '[', ']', '=', ':', control"
            " characters, surrounding spaces or leading ';' / '#'"
        )
    return name


def check_ini_value(value: object, what: str) -> str:
    """Refuse a value with control characters (a newline would start a new line)."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if not value.isprintable():
        raise ValueError(f"{what} holds control characters")
    return value
