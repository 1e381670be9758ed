"""Application configuration from the environment or INI files.

The names of the variables are module attributes, read at call time, so an
application can rename them::

    import spotipy.util.config

    spotipy.util.config.client_id_var = "MY_APP_CLIENT_ID"
"""

from __future__ import annotations

import configparser
import os
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal, overload

from spotipy.util._files import (
    atomic_write_text,
    check_ini_name,
    check_ini_value,
    file_errors,
    locked,
    update_ini,
)

__all__ = [
    "MissingConfigurationWarning",
    "client_id_var",
    "client_secret_var",
    "config_from_environment",
    "config_from_file",
    "config_to_file",
    "redirect_uri_var",
    "user_refresh_var",
]

client_id_var = "SPOTIPY_CLIENT_ID"
"""Name of the client ID variable."""
client_secret_var = "SPOTIPY_CLIENT_SECRET"
"""Name of the client secret variable."""
redirect_uri_var = "SPOTIPY_REDIRECT_URI"
"""Name of the redirect URI variable."""
user_refresh_var = "SPOTIPY_USER_REFRESH"
"""Name of the user refresh token variable."""


class MissingConfigurationWarning(RuntimeWarning):
    """A configuration value was not found; ``None`` is returned in its place."""


def _names(return_refresh: bool) -> list[str]:
    names = [client_id_var, client_secret_var, redirect_uri_var]
    if return_refresh:
        names.append(user_refresh_var)
    return names


def _read(source: Mapping[str, str], names: list[str], where: str) -> tuple[str | None, ...]:
    values: list[str | None] = []
    for name in names:
        value = source.get(name)
        if value is None:
            warnings.warn(
                f"configuration variable {name} was not found in {where}",
                MissingConfigurationWarning,
                stacklevel=3,
            )
        values.append(value)
    return tuple(values)


# Three values, or four with the refresh token: overloads let ``*conf`` fill exactly the
# three leading parameters of the token helpers for type checkers.
@overload
def config_from_environment(
    return_refresh: Literal[False] = False,
) -> tuple[str | None, str | None, str | None]: ...
@overload
def config_from_environment(
    return_refresh: Literal[True],
) -> tuple[str | None, str | None, str | None, str | None]: ...
@overload
def config_from_environment(return_refresh: bool) -> tuple[str | None, ...]: ...
def config_from_environment(return_refresh: bool = False) -> tuple[str | None, ...]:
    """Read the application's configuration from environment variables.

    Parameters
    ----------
    return_refresh
        Also return the user refresh token as a fourth value.

    Returns
    -------
    tuple
        ``(client_id, client_secret, redirect_uri)`` and, with ``return_refresh``, the
        refresh token.  A missing value is ``None`` and warns, naming the variable.
    """
    return _read(os.environ, _names(return_refresh), "the environment")


def _parser() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys keep their case
    return parser


@overload
def config_from_file(
    file_path: str | os.PathLike[str],
    section: str = "DEFAULT",
    return_refresh: Literal[False] = False,
) -> tuple[str | None, str | None, str | None]: ...
@overload
def config_from_file(
    file_path: str | os.PathLike[str],
    section: str = "DEFAULT",
    *,
    return_refresh: Literal[True],
) -> tuple[str | None, str | None, str | None, str | None]: ...
@overload
def config_from_file(
    file_path: str | os.PathLike[str], section: str, return_refresh: Literal[True]
) -> tuple[str | None, str | None, str | None, str | None]: ...
@overload
def config_from_file(
    file_path: str | os.PathLike[str], section: str = "DEFAULT", return_refresh: bool = False
) -> tuple[str | None, ...]: ...
def config_from_file(
    file_path: str | os.PathLike[str],
    section: str = "DEFAULT",
    return_refresh: bool = False,
) -> tuple[str | None, ...]:
    """Read the application's configuration from an INI file.

    Parameters
    ----------
    file_path
        Path of the file (``str`` or :class:`pathlib.Path`).
    section
        Section to read; keys of ``[DEFAULT]`` are inherited by every section.
    return_refresh
        Also return the user refresh token as a fourth value.

    Returns
    -------
    tuple
        As :func:`config_from_environment`.  Keys are case-sensitive.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    KeyError
        If the section does not exist.
    """
    parser = _parser()
    with Path(file_path).open(encoding="utf-8") as handle:
        parser.read_file(handle)
    if section != parser.default_section and not parser.has_section(section):
        raise KeyError(f"section {section!r} not found in {os.fspath(file_path)}")
    return _read(parser[section], _names(return_refresh), f"section [{section}]")


def config_to_file(
    file_path: str | os.PathLike[str],
    values: Iterable[str | None] | Mapping[str, str],
    section: str = "DEFAULT",
) -> None:
    """Write configuration values to an INI file, keeping everything else in it.

    Parameters
    ----------
    file_path
        Path of the file; created if missing.
    values
        Either a sequence ``(client_id, client_secret, redirect_uri, refresh_token)``
        (may be shorter; ``None`` items are skipped and overwrite nothing), or a
        mapping of keys to values written as given.
    section
        Section to write to, created if needed.

    Notes
    -----
    The file is replaced atomically (written to a temporary file, then renamed) with
    mode ``0600``, because it holds secrets: a crash or a concurrent writer never
    leaves a half-written file.  Writers in other threads and processes (and
    :class:`~spotipy.util.TokenFile`) are locked out during the read-modify-write, so
    none loses another's keys.  A symlink at ``file_path`` is followed: its target is
    replaced.  Section and key names with ``[``, ``]``, ``=``, ``:`` or newlines, and
    values with control characters, raise ``ValueError`` before anything is written.
    Only the lines of the keys written change: comments, blank lines and the order of
    everything else are kept.

    Raises
    ------
    spotipy.errors.FileError
        If the file cannot be read (not UTF-8, not an INI file) or written; the message
        names ``file_path``.
    """
    path = Path(file_path)
    check_ini_name(section, "section")
    if isinstance(values, Mapping):
        pairs = dict(values)
    else:
        names = [client_id_var, client_secret_var, redirect_uri_var, user_refresh_var]
        items = list(values)
        if len(items) > len(names):
            raise ValueError(f"at most {len(names)} values, got {len(items)}")
        pairs = {n: v for n, v in zip(names, items, strict=False) if v is not None}
    for key, value in pairs.items():
        check_ini_name(key, "key")
        check_ini_value(value, f"the value of {key}")
    with file_errors(path, "update"), locked(path):
        text = ""
        if path.exists():
            text = path.read_text(encoding="utf-8")
            _parser().read_string(text)  # refuse a file that is not INI before changing it
        atomic_write_text(path, update_ini(text, section, pairs, parser=_parser))
