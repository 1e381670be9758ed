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
- Every failure to read, understand or write a file is a :class:`~spotipy.errors.FileError`
  naming the file the caller gave (:func:`file_errors`), never a temporary file's name nor
  a line of the file (it may hold a secret).
- :func:`update_ini` changes keys in the text of an INI file line by line, so comments,
  blank lines, the order of keys and their spelling stay as the user wrote them.
"""

from __future__ import annotations

import configparser
import contextlib
import io
import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from spotipy.errors import FileError

__all__ = [
    "atomic_write_text",
    "check_ini_name",
    "check_ini_value",
    "file_errors",
    "locked",
    "update_ini",
]

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


def _ini_problem(error: configparser.Error) -> str:
    """Why configparser refused a file, without quoting its lines (they may be secrets)."""
    if isinstance(error, configparser.MissingSectionHeaderError):
        return f"it is not an INI file (line {error.lineno} is outside any [section])"
    if isinstance(error, configparser.DuplicateSectionError):
        return f"section [{error.section}] appears twice"
    if isinstance(error, configparser.DuplicateOptionError):
        return f"key {error.option!r} appears twice in section [{error.section}]"
    if isinstance(error, configparser.ParsingError):
        lines = ", ".join(str(number) for number, _ in error.errors[:5])
        return f"it is not an INI file (cannot read line {lines})"
    return f"it is not a usable INI file ({type(error).__name__})"


@contextlib.contextmanager
def file_errors(path: str | os.PathLike[str], doing: str) -> Iterator[None]:
    """Turn a failure to read, parse or write ``path`` into one :class:`FileError`.

    ``doing`` is the verb of the message (``"read"``, ``"write"``): ``cannot write
    ~/x/token.ini: Permission denied``.  The system's own message is not used, since it
    may name the temporary file of an atomic write; no line of the file is quoted.
    """
    name = os.fspath(path)
    try:
        yield
    except FileError:
        raise
    except UnicodeError:
        raise FileError(f"cannot {doing} {name}: it is not UTF-8 text", name) from None
    except configparser.Error as error:
        raise FileError(f"cannot {doing} {name}: {_ini_problem(error)}", name) from None
    except OSError as error:
        why = error.strerror or (str(error) if error.filename is None else "")
        why = why or type(error).__name__
        if isinstance(error, FileNotFoundError) and doing in ("write", "update"):
            why = f"its folder {os.fspath(Path(name).parent)} does not exist"
        problem = FileError(f"cannot {doing} {name}: {why}", name)
        problem.errno = error.errno  # ENOSPC stays recognisable
        raise problem from None


# -- changing an INI file's text line by line ------------------------------------------------

_HEADER = re.compile(r"\[(?P<name>.+)\]\s*$")


def _key_of(line: str) -> str | None:
    """The key an INI line sets, or ``None`` for a comment, a blank or a continuation."""
    if not line.strip() or line[:1].isspace() or line.lstrip()[:1] in ("#", ";"):
        return None
    cut = [i for i in (line.find("="), line.find(":")) if i >= 0]
    return line[: min(cut)].strip() if cut else None


def update_ini(
    text: str,
    section: str,
    values: Mapping[str, str],
    remove: tuple[str, ...] = (),
    *,
    parser: Callable[[], configparser.ConfigParser] | None = None,
) -> str:
    """Set ``values`` and delete the keys ``remove`` in ``section`` of the INI ``text``.

    Every other line stays as it was: comments, blank lines, other keys and sections,
    their order and spelling.  A key that is set replaces its line (and the indented
    lines continuing its value); a new key follows the section's last key; a missing
    section is appended.  Names and values must have passed :func:`check_ini_name` and
    :func:`check_ini_value`; ``text`` must be one configparser reads (no key twice).

    With ``parser`` (a factory of the configparser that reads the file), the result is
    checked: when it would not read as ``text`` with exactly these changes (an unusual
    layout, such as blank lines inside a multi-line value), the file is written by
    configparser instead, which loses its comments but never a value.
    """
    updated = _update_lines(text, section, values, remove)
    if parser is None:
        return updated
    expected = parser()
    expected.read_string(text)
    exists = section == expected.default_section or expected.has_section(section)
    if values and not exists:
        expected.add_section(section)
    for key, value in values.items():
        expected.set(section, key, value)
    for key in remove if exists else ():
        expected.remove_option(section, key)
    found = parser()
    try:
        found.read_string(updated)
    except configparser.Error:
        found = parser()
    if _snapshot(found) == _snapshot(expected):
        return updated
    buffer = io.StringIO()
    expected.write(buffer)
    return buffer.getvalue()


def _snapshot(parser: configparser.ConfigParser) -> dict[str, dict[str, str]]:
    names = [parser.default_section, *parser.sections()]
    return {name: dict(parser.items(name, raw=True)) for name in names}


def _update_lines(
    text: str, section: str, values: Mapping[str, str], remove: tuple[str, ...]
) -> str:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    pending = dict(values)
    out: list[str] = []
    inside = False
    found = False
    skipping = False  # the continuation lines of a replaced or deleted key
    last_key = -1  # where in ``out`` the section's last key (or its header) ends

    def add_pending() -> None:
        new = [f"{key} = {value}\n" for key, value in pending.items()]
        out[last_key + 1 : last_key + 1] = new
        pending.clear()

    for line in lines:
        header = _HEADER.match(line) if not line[:1].isspace() else None
        if header is not None:
            if inside:
                add_pending()
            inside = header.group("name") == section
            found = found or inside
            skipping = False
            out.append(line)
            if inside:
                last_key = len(out) - 1
            continue
        if skipping and line.strip() and line[:1].isspace():
            continue  # the old value's continuation
        skipping = False
        key = _key_of(line) if inside else None
        if key is not None and (key in pending or key in remove):
            if key in pending:
                out.append(f"{key} = {pending.pop(key)}\n")
                last_key = len(out) - 1
            skipping = True
            continue
        out.append(line)
        if inside and (key is not None or (line.strip() and line[:1].isspace())):
            last_key = len(out) - 1
    if inside:
        add_pending()
    if not found and values:
        if out and out[-1].strip():
            out.append("\n")
        out.append(f"[{section}]\n")
        out.extend(f"{key} = {value}\n" for key, value in values.items())
    return "".join(out)
