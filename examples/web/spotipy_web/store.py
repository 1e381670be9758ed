"""Where the example keeps what it knows: server-side sessions and users' refresh tokens.

A browser holds only a signed cookie with a random session ID; everything else stays on
the server.  Sessions live in memory (they end when the process stops), bounded in number
and age.  Each user's newest refresh token is also kept on disk, one ``0600`` file per
user in a ``0700`` directory, so that a worker (or the app after a restart) can act for a
user who is not at the browser; logging out removes it.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from spotipy.auth import Token, UserAuth
from spotipy.client import Async
from spotipy.util import RefreshingToken, TokenFile

__all__ = ["MAX_PENDING", "Session", "SessionStore", "TokenStore"]

#: Logins a session may have in flight at once (one per browser tab, say); older ones
#: are forgotten, and their redirects are then refused.
MAX_PENDING: Final = 4


@dataclass(eq=False)
class Session:
    """One browser's session, kept on the server.

    Attributes
    ----------
    sid
        The random session ID, the only value the browser's cookie carries.
    csrf
        A random value the log-out form must send back.
    created
        When the session began (``time.monotonic()``).
    pending
        Logins in flight, by their ``state``: each holds its PKCE verifier and is used
        at most once.
    user_id
        The Spotify user logged in, ``None`` before log-in.
    display_name
        The user's display name, to greet them.
    """

    sid: str
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    created: float = field(default_factory=time.monotonic)
    pending: OrderedDict[str, UserAuth[Async]] = field(default_factory=OrderedDict)
    user_id: str | None = None
    display_name: str | None = None

    def __repr__(self) -> str:
        return f"<Session user={self.user_id!r} pending={len(self.pending)}>"

    def begin_login(self, auth: UserAuth[Async]) -> None:
        """Remember a login in flight until its redirect comes back."""
        self.pending[auth.state] = auth
        while len(self.pending) > MAX_PENDING:
            self.pending.popitem(last=False)

    def take_login(self, state: str) -> UserAuth[Async] | None:
        """Return and forget the login that sent ``state``: a state works only once."""
        for known in self.pending:
            # Bytes: compare_digest refuses non-ASCII text, and ``state`` is anyone's input.
            if secrets.compare_digest(known.encode(), state.encode()):
                return self.pending.pop(known)
        return None


class SessionStore:
    """Sessions by ID, in memory, bounded in number and in age.

    Parameters
    ----------
    lifetime
        Seconds a session lasts after it began.
    max_sessions
        Sessions kept at most; beyond that the oldest ones end.
    on_end
        Called with each session that ends by age or number (not by :meth:`end`).
    """

    def __init__(
        self,
        lifetime: float,
        max_sessions: int,
        on_end: Callable[[Session], None] | None = None,
    ) -> None:
        if lifetime <= 0 or max_sessions < 1:
            raise ValueError("lifetime must be positive and max_sessions at least 1")
        self.lifetime = lifetime
        self.max_sessions = max_sessions
        self.on_end = on_end
        self._sessions: OrderedDict[str, Session] = OrderedDict()

    def __len__(self) -> int:
        return len(self._sessions)

    def __repr__(self) -> str:
        return f"<SessionStore {len(self)} sessions>"

    def _expire(self) -> None:
        now = time.monotonic()
        while self._sessions:
            oldest = next(iter(self._sessions.values()))
            if now - oldest.created < self.lifetime and len(self._sessions) <= self.max_sessions:
                return
            del self._sessions[oldest.sid]
            if self.on_end is not None:
                self.on_end(oldest)

    def get(self, sid: object) -> Session | None:
        """Return the live session with ID ``sid`` (any value: a cookie's), if there is one."""
        self._expire()
        if not isinstance(sid, str):
            return None
        return self._sessions.get(sid)

    def new(self) -> Session:
        """Start a session with a fresh random ID."""
        session = Session(secrets.token_urlsafe(32))
        self._sessions[session.sid] = session
        self._expire()
        return session

    def renew(self, session: Session) -> Session:
        """Give ``session`` a new ID (at log-in, so that an ID known before is worthless)."""
        self._sessions.pop(session.sid, None)
        session.sid = secrets.token_urlsafe(32)
        self._sessions[session.sid] = session
        return session

    def end(self, session: Session) -> None:
        """End ``session`` now."""
        self._sessions.pop(session.sid, None)

    def of_user(self, user_id: str) -> list[Session]:
        """The live sessions of ``user_id``."""
        return [s for s in self._sessions.values() if s.user_id == user_id]


class TokenStore:
    """Users' tokens: in memory for the running app, the newest refresh token on disk.

    Parameters
    ----------
    directory
        Where the refresh tokens are kept, one file per user (created ``0700``).

    Notes
    -----
    A file is named by a hash of the user ID (no user input becomes a path) and written
    by :class:`spotipy.util.TokenFile`: atomically, mode ``0600``.
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self._tokens: dict[str, RefreshingToken] = {}

    def __repr__(self) -> str:
        return f"<TokenStore {os.fspath(self.directory)!r} {len(self._tokens)} users>"

    def file(self, user_id: str) -> TokenFile:
        """The file keeping ``user_id``'s refresh token."""
        name = hashlib.sha256(user_id.encode()).hexdigest()[:32]
        return TokenFile(self.directory / f"{name}.ini", section="user")

    def saver(self, user_id: str) -> Callable[[Token], None]:
        """An ``on_refresh`` callback that saves ``user_id``'s newest refresh token."""

        def save(token: Token) -> None:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            self.file(user_id).save(token)

        return save

    def get(self, user_id: str) -> RefreshingToken | None:
        """The token of a logged-in user."""
        return self._tokens.get(user_id)

    def put(self, user_id: str, token: RefreshingToken) -> RefreshingToken:
        """Keep ``token`` for ``user_id``, saving its refresh token.

        A user logged in already (another browser) keeps one token object: it takes the
        new grant, so every session of the user refreshes through one token.
        """
        self.saver(user_id)(token.token)
        current = self._tokens.get(user_id)
        if current is None:
            self._tokens[user_id] = token
            return token
        current.replace(token.token)
        return current

    def forget(self, user_id: str) -> None:
        """Drop ``user_id``'s token, in memory and on disk."""
        self._tokens.pop(user_id, None)
        self.file(user_id).clear()
