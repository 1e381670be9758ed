"""A file that keeps the newest refresh token.

A refresh token is all an application needs to get user tokens again, and Spotify may
send a new one with any refresh (the old one may then stop working), so the newest one
must be saved each time.  :class:`TokenFile` does that in one line::

    from spotipy.util import RefreshingCredentials, TokenFile

    store = TokenFile("app.ini")
    credentials = RefreshingCredentials(client_id, secret, uri, on_refresh=store.save)
    token = credentials.refresh_user_token(store.load())

The file is the INI configuration file of :func:`~spotipy.util.config_from_file`: the
refresh token is the ``SPOTIPY_USER_REFRESH`` key (the name in
``spotipy.util.config.user_refresh_var``) of a section, so one file can hold the
application's configuration and its user's refresh token, and
``config_from_file(path, return_refresh=True)`` reads what :class:`TokenFile` saved.
"""

from __future__ import annotations

import configparser
import os
from pathlib import Path
from typing import Protocol

from spotipy.util import config
from spotipy.util._files import (
    atomic_write_text,
    check_ini_name,
    check_ini_value,
    file_errors,
    locked,
    update_ini,
)

__all__ = ["HasRefreshToken", "TokenFile"]


class HasRefreshToken(Protocol):
    """Anything with a ``refresh_token``: a token or a refreshing token."""

    @property
    def refresh_token(self) -> str | None:
        """The refresh token, ``None`` for an app token."""


#: No section of a real file has this name: ``[DEFAULT]`` is then an ordinary section, and
#: no section inherits its keys (another user's refresh token is never the answer).
_NO_DEFAULT_SECTION = "\0spotipy: no default section"


def _parser() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, default_section=_NO_DEFAULT_SECTION)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys keep their case
    return parser


class TokenFile:
    """The newest refresh token of a user, kept in an INI file.

    Parameters
    ----------
    path
        The file (``str`` or :class:`pathlib.Path`); created on the first save.
    section
        The INI section that holds the token; one file can keep the tokens of
        several users in different sections.  Unlike
        :func:`~spotipy.util.config_from_file`, a section never inherits the token of
        ``[DEFAULT]``: that would be another user's.
    key
        The key of the token, by default ``spotipy.util.config.user_refresh_var``
        (read at each call, ``SPOTIPY_USER_REFRESH`` unless renamed).

    Notes
    -----
    Every save replaces the file atomically with mode ``0600`` (readable by its owner
    only): a reader, another thread or another process sees the old file or the new
    one, never a part.  Saves are serialised between threads and, on POSIX systems,
    between processes, so a save never loses another section's or key's update;
    when two savers race, the later save wins.  Other keys and sections of the file
    are kept.  Token values are never logged, printed or shown by ``repr``.
    """

    def __init__(
        self, path: str | os.PathLike[str], section: str = "DEFAULT", *, key: str | None = None
    ) -> None:
        self.path: Path = Path(path)
        self.section: str = check_ini_name(section, "section")
        self._key = None if key is None else check_ini_name(key, "key")

    def __repr__(self) -> str:
        return f"<TokenFile {os.fspath(self.path)!r} [{self.section}] {self.key}>"

    @property
    def key(self) -> str:
        """The key under which the refresh token is kept."""
        return self._key if self._key is not None else config.user_refresh_var

    def _text(self) -> str:
        with file_errors(self.path, "read"):
            try:
                return self.path.read_text(encoding="utf-8")
            except FileNotFoundError:
                return ""

    def _read(self, text: str | None = None) -> configparser.ConfigParser:
        parser = _parser()
        with file_errors(self.path, "read"):
            parser.read_string(self._text() if text is None else text)
        return parser

    def load(self) -> str | None:
        """Return the saved refresh token.

        Returns
        -------
        str or None
            The token, or ``None`` if the file, the section or the key is missing
            or the value is empty.

        Raises
        ------
        spotipy.errors.FileError
            If the file cannot be read or is not an INI file (naming the file).
        """
        parser = self._read()
        if not parser.has_section(self.section):
            return None
        return parser.get(self.section, self.key, fallback=None) or None

    def save(self, token: str | HasRefreshToken) -> bool:
        """Save the refresh token of ``token`` (or ``token`` itself, a string).

        Suitable as ``on_refresh`` of :class:`~spotipy.util.RefreshingToken` and
        :class:`~spotipy.util.RefreshingCredentials`.

        Parameters
        ----------
        token
            A :class:`~spotipy.auth.Token`, a
            :class:`~spotipy.util.RefreshingToken` or a refresh token string.

        Returns
        -------
        bool
            Whether the file was written: a token without a refresh token (an app
            token) saves nothing, and neither does the token already saved.

        Raises
        ------
        spotipy.errors.FileError
            If the file cannot be read or written (naming the file): its folder is
            missing or not writable, or the file is not an INI file.
        """
        value = token if isinstance(token, str) else token.refresh_token
        if not value or not value.strip():  # a blank refresh token is none
            return False
        consented = None if isinstance(token, str) else getattr(token, "consented_at", None)
        return self._update(value, consented)

    def consented_at(self) -> float | None:
        """Return the saved time of the user's consent (Unix seconds), if any.

        Saved beside the refresh token (key ``<key>_CONSENTED_AT``) by :meth:`save` when
        the token knows it; give it to ``refresh_user_token(..., consented_at=...)`` so
        that the new token tells when the refresh token expires (``refresh_expires_at``).
        """
        parser = self._read()
        if not parser.has_section(self.section):
            return None
        raw = parser.get(self.section, self._consent_key, fallback=None)
        try:
            return float(raw) if raw else None
        except ValueError:
            return None

    @property
    def _consent_key(self) -> str:
        return f"{self.key}_CONSENTED_AT"

    def on_refresh(self, token: HasRefreshToken) -> None:
        """Save the refresh token of a new token (the ``on_refresh`` callback)."""
        self.save(token)

    def clear(self) -> bool:
        """Remove the saved refresh token, e.g. after Spotify refused it.

        Returns
        -------
        bool
            Whether there was one to remove.
        """
        return self._update(None)

    def _update(self, value: str | None, consented: float | None = None) -> bool:
        if value is not None:
            check_ini_value(value, "the refresh token")
        with locked(self.path):
            text = self._text()
            parser = self._read(text)
            section, key = self.section, self.key
            exists = parser.has_section(section)
            current = parser.get(section, key, fallback=None) if exists else None
            consent_key = self._consent_key
            changes: dict[str, str] = {}
            removed: tuple[str, ...] = ()
            if value is None:
                if current is None:
                    return False
                removed = (key, consent_key)
            else:
                stamp = None if consented is None else str(int(consented))
                known = parser.get(section, consent_key, fallback=None) if exists else None
                if current == value and stamp in (None, known):
                    return False
                changes[key] = value
                if stamp is not None:
                    changes[consent_key] = stamp
            with file_errors(self.path, "write"):
                new = update_ini(text, section, changes, removed, parser=_parser)
                atomic_write_text(self.path, new)
            return True
