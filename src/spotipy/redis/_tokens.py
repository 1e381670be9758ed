"""Users' tokens in Redis, refreshed single-flight across every worker of an app.

A user's record is one Redis hash, ``spotipy:<namespace>:token:<user key>``: the access
token, its expiry and lifetime, the refresh token, scope, PKCE flag, consent time, a
version counter, a *generation* (a random value that every write replaces) and, once
Spotify refused the refresh token, why.  A refresh takes the user's lock,
``spotipy:<namespace>:lock:<user key>`` (``SET NX PX``: it expires by itself, so a worker
that dies holding it blocks the others for ``lock_ttl`` at most), reads the record again
under it, refreshes with the record's refresh token, and writes the new access and
refresh tokens in one script, only if the record is still of the generation it read (the
fence: a holder whose lock expired under a slow refresh never overwrites the token a
later holder wrote).  A worker that finds the lock taken waits for the record to change
and uses the token it finds there: one request to the accounts service however many
workers need the token at once.

Each step is written once, as a generator of Redis commands and refresh requests
(:mod:`spotipy.redis._steps`) that a sync and an async driver run.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import secrets
import threading
import time
from collections.abc import Mapping
from contextlib import suppress
from typing import Any, Final, Literal, NamedTuple, TypeVar

from spotipy._http import Request, Response
from spotipy.auth import Credentials, Token
from spotipy.errors import RefreshTokenInvalid, SpotipyError
from spotipy.redis._connection import (
    NEVER_DECODE,
    RedisConnection,
    RedisUnavailable,
    WrongType,
    positive_seconds,
)
from spotipy.redis._steps import Command, Sleep, Steps, run_async, run_sync, script
from spotipy.util.credentials import (
    DEFAULT_MARGIN,
    MARGIN_FRACTION,
    OnRefresh,
    RefreshingToken,
)

__all__ = ["RedisTokenStore", "SharedRefreshingToken", "TokenStoreError"]

logger = logging.getLogger("spotipy")

T = TypeVar("T")

#: Seconds a refresh lock lives by default: longer than a token request may take
#: (its sender's deadline, 30 s by default), so that the lock never expires under a
#: refresh still going.
DEFAULT_LOCK_TTL: Final = 45.0
#: Seconds between two looks at a record while another worker refreshes it.
DEFAULT_POLL: Final = 0.05
#: Seconds between two attempts to write a token Redis did not take.
_RETRY_SAVE_EVERY: Final = 1.0

# Release a lock only if it is still ours (it may have expired and been taken since).
_RELEASE: Final = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

# Mark a refresh token refused, only if it is still the record's.  The generation stays:
# a holder whose refresh (with the same token) succeeded meanwhile may still write.
_REFUSE: Final = """
if redis.call('HGET', KEYS[1], 'refresh_token') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'refused', ARGV[2])
  return 1
end
return 0
"""

# Write a token: ARGV[1] says when (see When), ARGV[2] is the generation the writer read,
# ARGV[3] the new generation, then field, value, ...  Answers 1 when written, 0 when the
# condition failed, -1 when a conditional write meets a key that is not a hash (damaged).
# A save ('always') replaces whatever the key holds, a damaged record too.
_WRITE: Final = """
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'hash' and kind ~= 'none' then
  if ARGV[1] ~= 'always' then
    return -1
  end
  redis.call('DEL', KEYS[1])
  kind = 'none'
end
if ARGV[1] ~= 'always' then
  if kind == 'hash' then
    if (redis.call('HGET', KEYS[1], 'generation') or '') ~= ARGV[2] then
      return 0
    end
  elseif ARGV[1] ~= 'same-or-gone' then
    return 0
  end
end
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version == nil or version ~= math.floor(version) or math.abs(version) > 2^52 then
  version = 0
end
redis.call('HSET', KEYS[1], 'generation', ARGV[3], 'version', version + 1, unpack(ARGV, 4))
redis.call('HDEL', KEYS[1], 'refused', 'deleted')
redis.call('PERSIST', KEYS[1])
return 1
"""

# Forget a user's token: the record becomes a tombstone for a while (ARGV[1] ms), so that
# a refresh still under way does not write the token back as into a Redis that restarted
# empty; the lock goes.
_DELETE: Final = """
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[1], 'deleted', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
"""

#: When a write happens: ``always`` (the application saves a token), ``same`` (only over
#: the generation the writer read), ``same-or-gone`` (a refresh, or a token kept in
#: memory, is written over the generation it read, and also into a Redis that restarted
#: empty, never over a record deleted meanwhile).
When = Literal["always", "same", "same-or-gone"]


class TokenStoreError(SpotipyError, LookupError):
    """The token store has no usable record for a user key, or a wait for it timed out."""


def _check_key(key: object) -> str:
    if not isinstance(key, str) or not key or any(c.isspace() for c in key) or len(key) > 512:
        raise ValueError(f"a user key must be a non-empty string without spaces, not {key!r}")
    return key


def _fields(token: Token) -> dict[str, str]:
    if token.refresh_token is None or not token.refresh_token.strip():
        raise ValueError("only user tokens (with a refresh token) are kept in the store")
    return {
        "access_token": token.access_token,
        "token_type": token.token_type,
        "expires_at": str(int(token.expires_at)),
        "lifetime": str(int(token.lifetime)),
        "scope": str(token.scope),
        "refresh_token": token.refresh_token,
        "uses_pkce": "1" if token.uses_pkce else "0",
        "consented_at": "" if token.consented_at is None else repr(float(token.consented_at)),
    }


class Record:
    """A user's record as read from Redis: the token, its generation, and any refusal."""

    __slots__ = ("generation", "refused", "token", "version")

    def __init__(self, token: Token, refused: str | None, version: int, generation: str) -> None:
        self.token = token
        self.refused = refused
        self.version = version
        self.generation = generation

    @classmethod
    def parse(cls, raw: Mapping[Any, Any], key: str) -> Record | None:
        """Read a record from its raw fields (bytes); raise TokenStoreError when damaged."""
        if not raw:
            return None
        fields = _Fields(raw, key)
        if "deleted" in fields.raw:  # deleted a moment ago
            return None
        refresh_token = fields.text("refresh_token")
        if not refresh_token.strip():
            raise fields.damaged("refresh_token", "is empty")
        consented = fields.text("consented_at", "")
        token = Token(
            fields.text("access_token"),
            token_type=fields.text("token_type", "Bearer"),
            expires_in=0,
            scope=fields.text("scope", ""),
            refresh_token=refresh_token,
            uses_pkce=fields.text("uses_pkce", "0") == "1",
            consented_at=fields.number("consented_at", float) if consented else None,
        )
        token.expires_at = fields.number("expires_at", int)
        token.lifetime = fields.number("lifetime", int, "3600")
        version = fields.number("version", int, "0")
        refused = fields.text("refused", "") or None
        return cls(token, refused, version, fields.text("generation", ""))


N = TypeVar("N", int, float)


class _Fields:
    """A raw record's fields (bytes), read one by one, naming the one that is damaged."""

    __slots__ = ("key", "raw")

    def __init__(self, raw: Mapping[Any, Any], key: str) -> None:
        self.raw = {
            k.decode("utf-8", "replace") if isinstance(k, bytes) else k: v for k, v in raw.items()
        }
        self.key = key

    def damaged(self, field: str, why: str) -> TokenStoreError:
        return TokenStoreError(
            f"the stored record of user key {self.key!r} is damaged: its field {field!r} {why};"
            " save() a token again"
        )

    def text(self, field: str, default: str | None = None) -> str:
        value = self.raw.get(field)
        if value is None:
            if default is None:
                raise self.damaged(field, "is missing")
            return default
        if isinstance(value, str):
            return value
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise self.damaged(field, "is not UTF-8 text") from None

    def number(self, field: str, kind: type[N], default: str | None = None) -> N:
        text = self.text(field, default)
        try:
            value = kind(text)
        except ValueError:
            raise self.damaged(
                field, f"is not {'an integer' if kind is int else 'a number'}"
            ) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise self.damaged(field, "is not a finite number")
        return value


class RedisTokenStore:
    """Users' tokens of one app, in Redis, shared by all its workers.

    Parameters
    ----------
    connection
        The app's Redis (its namespace keeps apps apart).
    lock_ttl
        Seconds a refresh lock lives: a worker that dies holding it delays the others
        this long at most.  Keep it longer than a token request may take.
    poll
        Seconds between two looks at a record while another worker refreshes it.

    Examples
    --------
    After the user authorised the app, save the token once; every worker then makes
    its own refreshing token from the store::

        store = RedisTokenStore(RedisConnection(url, namespace=client_id))
        store.save("user-42", token)                      # in the callback handler
        token = store.token("user-42", credentials)      # in any worker
        spotify = Spotify(token)
    """

    def __init__(
        self,
        connection: RedisConnection,
        *,
        lock_ttl: float = DEFAULT_LOCK_TTL,
        poll: float = DEFAULT_POLL,
    ) -> None:
        self.connection = connection
        self.lock_ttl: float = positive_seconds("lock_ttl", lock_ttl)
        self.poll: float = positive_seconds("poll", poll)

    def __repr__(self) -> str:
        return f"<RedisTokenStore {self.connection!r}>"

    def record_key(self, key: str) -> str:
        """The Redis key of a user's record."""
        return self.connection.key("token", _check_key(key))

    def lock_key(self, key: str) -> str:
        """The Redis key of a user's refresh lock."""
        return self.connection.key("lock", _check_key(key))

    # -- in either mode -------------------------------------------------------------------

    def save(self, key: str, token: Token) -> None:
        """Write ``token`` as the user's current token, in one atomic script.

        It replaces the record (whatever a worker wrote before), clears a refusal and
        starts a new generation.

        Raises
        ------
        RedisUnavailable
            When Redis fails: the message names the user key whose token was not saved.
        """
        run_sync(self._write(key, token, "always"), self.connection)

    async def save_async(self, key: str, token: Token) -> None:
        """Async counterpart of :meth:`save`."""
        await run_async(self._write(key, token, "always"), self.connection)

    def load(self, key: str) -> Token | None:
        """Read the user's current token; ``None`` when there is none."""
        record = run_sync(self._read(key), self.connection)
        return None if record is None else record.token

    async def load_async(self, key: str) -> Token | None:
        """Async counterpart of :meth:`load`."""
        record = await run_async(self._read(key), self.connection)
        return None if record is None else record.token

    def refused(self, key: str) -> str | None:
        """Why Spotify refused the user's stored refresh token; ``None`` if it did not."""
        record = run_sync(self._read(key), self.connection)
        return None if record is None else record.refused

    def delete(self, key: str) -> None:
        """Forget the user's token (and any lock on it)."""
        run_sync(self._delete(key), self.connection)

    def token(
        self,
        key: str,
        credentials: Credentials[Any],
        *,
        initial: Token | None = None,
        on_refresh: OnRefresh | None = None,
        margin: float = DEFAULT_MARGIN,
    ) -> SharedRefreshingToken:
        """A refreshing token for the user, shared with every worker through this store.

        Parameters
        ----------
        key
            The user's key (your own user ID, say).
        credentials
            The app's credentials, sync or async.
        initial
            Saved first when the store has no token for ``key`` yet.
        on_refresh, margin
            As for :class:`~spotipy.util.RefreshingToken`.

        Raises
        ------
        TokenStoreError
            When the store has no token for ``key`` and no ``initial`` is given.
        RedisUnavailable
            When Redis fails.
        """
        steps = self._open(key, credentials, initial, on_refresh, margin)
        return run_sync(steps, self.connection)

    async def token_async(
        self,
        key: str,
        credentials: Credentials[Any],
        *,
        initial: Token | None = None,
        on_refresh: OnRefresh | None = None,
        margin: float = DEFAULT_MARGIN,
    ) -> SharedRefreshingToken:
        """Async counterpart of :meth:`token` (Redis is read without blocking)."""
        steps = self._open(key, credentials, initial, on_refresh, margin)
        return await run_async(steps, self.connection)

    # -- steps ----------------------------------------------------------------------------

    def _open(
        self,
        key: str,
        credentials: Credentials[Any],
        initial: Token | None,
        on_refresh: OnRefresh | None,
        margin: float,
    ) -> Steps[SharedRefreshingToken]:
        record = yield from self._read(key)
        if record is not None:
            current = record.token
        elif initial is None:
            raise TokenStoreError(f"no token stored for user key {key!r}: save() one first")
        else:
            yield from self._write(key, initial, "always")
            current = initial
        return SharedRefreshingToken(self, key, current, credentials, on_refresh, margin)

    def _read(self, key: str) -> Steps[Record | None]:
        name = self.record_key(key)
        doing = f"reading the token of user key {key!r}"
        try:
            # As bytes: a field that is not UTF-8 is a damaged record, told as such.
            raw = yield Command(
                doing, lambda r: r.execute_command("HGETALL", name, **{NEVER_DECODE: True})
            )
        except WrongType:
            raise _wrong_type(key) from None
        return Record.parse(raw, key)

    def _write(self, key: str, token: Token, when: When, generation: str = "") -> Steps[bool]:
        """Write ``token`` (``when`` says on what condition); tell whether it was written."""
        fields = itertools.chain.from_iterable(_fields(token).items())
        args = [when, generation, secrets.token_hex(8), *fields]
        doing = f"saving the token of user key {key!r} (NOT saved)"
        written = yield script(doing, _WRITE, [self.record_key(key)], args)
        if written == -1:
            raise _wrong_type(key)
        return bool(written)

    def _delete(self, key: str) -> Steps[None]:
        names = [self.record_key(key), self.lock_key(key)]
        doing = f"deleting the token of user key {key!r}"
        yield script(doing, _DELETE, names, [math.ceil(2 * self.lock_ttl * 1000)])

    def _lock(self, key: str, value: str) -> Steps[bool]:
        name, ms = self.lock_key(key), math.ceil(self.lock_ttl * 1000)
        doing = f"taking the refresh lock of user key {key!r}"
        taken = yield Command(doing, lambda r: r.set(name, value, nx=True, px=ms))
        return bool(taken)

    def _unlock(self, key: str, value: str) -> Steps[None]:
        try:
            yield script("releasing a refresh lock", _RELEASE, [self.lock_key(key)], [value])
        except RedisUnavailable as error:
            # It expires by itself: the others wait for it at most lock_ttl.
            logger.warning("%s (it expires in %g s at most)", error, self.lock_ttl)

    def _mark_refused(self, key: str, refresh_token: str, why: str) -> Steps[bool]:
        doing = f"marking the refresh token of user key {key!r} refused"
        marked = yield script(doing, _REFUSE, [self.record_key(key)], [refresh_token, why])
        return bool(marked)


def _wrong_type(key: str) -> TokenStoreError:
    return TokenStoreError(
        f"the stored record of user key {key!r} is damaged: its Redis key is not a hash"
        " (of the wrong Redis type); save() a token again"
    )


def _refused_elsewhere(key: str, why: str) -> RefreshTokenInvalid:
    return RefreshTokenInvalid(
        f"the refresh token of user key {key!r} was refused before ({why}): not sent again;"
        " authorise the user again and store the new token (replace(), or the store's save())",
        status=400,
        error="invalid_grant",
        description=why,
        response=None,
    )


class _Pending(NamedTuple):
    """A refreshed token Redis has not taken yet, and the generation it was refreshed from."""

    token: Token
    generation: str


class SharedRefreshingToken(RefreshingToken):
    """A :class:`~spotipy.util.RefreshingToken` whose refreshes all workers share.

    Made by :meth:`RedisTokenStore.token`.  In one process it is single-flight as a
    refreshing token is; across processes a refresh takes the user's lock in Redis, and
    a worker that finds it taken uses the token the holder writes instead of refreshing
    again.  The refresh always sends the stored (newest) refresh token, and writes a
    rotated one together with its access token, atomically, and only over the record it
    read: when its lock expired under it and another worker stored a newer token
    meanwhile, that token is kept, and used here too.

    A refresh token Spotify refused (``invalid_grant``) is marked in the record, and no
    worker sends it again.  The refusal ends when a new token is stored: by
    :meth:`replace`, or by anyone's :meth:`RedisTokenStore.save` (after the user
    authorised again); every worker then uses that token, without sending the refused one.

    If Redis fails after a refresh succeeded, the new token is kept and used in memory
    (:attr:`unsaved`), a warning names the user key, and it is written as soon as Redis
    answers again (every use tries, at most once a second; :meth:`save` tries now and
    raises if it cannot), unless another worker stored a newer token meanwhile.  If Redis
    fails when a refresh is needed, nothing is sent and
    :class:`~spotipy.redis.RedisUnavailable` is raised.

    ``on_refresh`` is called with every new token this worker gets, whether it refreshed
    it or read it from the store.
    """

    def __init__(
        self,
        store: RedisTokenStore,
        key: str,
        token: Token,
        credentials: Credentials[Any],
        on_refresh: OnRefresh | None = None,
        margin: float = DEFAULT_MARGIN,
    ) -> None:
        super().__init__(token, credentials, on_refresh=on_refresh, margin=margin)
        self.store = store
        self.key: str = _check_key(key)
        self._unsaved: _Pending | None = None
        self._save_tried = -math.inf
        self._save_lock = threading.Lock()
        # The generation of the record whose refresh token was refused: a record of
        # another generation holds a token stored since, which ends the refusal.
        self._refused_in: str | None = None

    def __repr__(self) -> str:
        return f"<SharedRefreshingToken key={self.key!r} of {self.token!r}>"

    @property
    def unsaved(self) -> bool:
        """Whether this worker holds a refreshed token that Redis has not taken yet."""
        return self._unsaved is not None

    # -- in either mode -------------------------------------------------------------------

    def _run(self, steps: Steps[T]) -> T:
        return run_sync(steps, self.store.connection, self.credentials._send_sync)

    async def _run_async(self, steps: Steps[T]) -> T:
        credentials = self.credentials
        if credentials.is_async:
            return await run_async(steps, self.store.connection, credentials._send_async)

        async def send(request: Request) -> Response:
            # Sync credentials: their sender blocks, so it runs on a worker thread.
            return await asyncio.to_thread(credentials._send_sync, request)

        return await run_async(steps, self.store.connection, send)

    def save(self) -> None:
        """Write an unsaved refreshed token to Redis now.

        Nothing is written when another worker stored a newer token meanwhile.

        Raises
        ------
        RedisUnavailable
            When Redis still fails; the message names the user key not saved.
        """
        self._run(self._write_back())

    async def save_async(self) -> None:
        """Async counterpart of :meth:`save`."""
        await self._run_async(self._write_back())

    def replace(self, token: Token) -> None:
        """Save ``token`` for every worker and use it (after the user authorised again)."""
        self._run(self._replace(token))

    async def replace_async(self, token: Token) -> None:
        """Async counterpart of :meth:`replace`."""
        await self._run_async(self._replace(token))

    # -- what RefreshingToken asks of its subclass ----------------------------------------

    def _refresh_sync(self, rejected: str | None) -> None:
        if self._unsaved is not None or self._refused is not None:
            self._run(self._before(rejected))
        super()._refresh_sync(rejected)

    async def _refresh_async(self, rejected: str | None) -> None:
        if self._unsaved is not None or self._refused is not None:
            await self._run_async(self._before(rejected))
        await super()._refresh_async(rejected)

    def _request_sync(self) -> Token:
        # Called by the in-process single flight: one thread of this worker at a time.
        if self.credentials.is_async:
            return super()._request_sync()  # which refuses: async credentials, sync use
        return self._run(self._refresh())

    async def _request_async(self) -> Token:
        return await self._run_async(self._refresh())

    # -- deciding -------------------------------------------------------------------------

    def _usable(self, record: Token, stale: str) -> bool:
        """Whether a stored token can be used instead of refreshing ``stale``."""
        if record.access_token == stale:
            return False
        lifetime = max(0.0, float(record.lifetime))
        return not record.expiring_within(min(self.margin, lifetime * MARGIN_FRACTION))

    def _timed_out(self) -> TokenStoreError:
        return TokenStoreError(
            f"waited more than {self.store.lock_ttl:g} s for another worker's refresh of"
            f" user key {self.key!r}"
        )

    def _keep_unsaved(self, pending: _Pending, error: RedisUnavailable) -> None:
        self._unsaved = pending
        self._save_tried = time.monotonic()
        logger.warning(
            "The refreshed token of user key %r is kept in memory, NOT in Redis yet (%s);"
            " it is written when Redis answers again",
            self.key,
            error,
        )

    def _due(self) -> bool:
        """Whether to try writing the unsaved token now (at most once a second)."""
        with self._save_lock:
            now = time.monotonic()
            if self._unsaved is None or now - self._save_tried < _RETRY_SAVE_EVERY:
                return False
            self._save_tried = now
            return True

    # -- steps ----------------------------------------------------------------------------

    def _before(self, rejected: str | None) -> Steps[None]:
        """Before a use: write an unsaved token back; end a refusal a new token settles."""
        if self._due():
            with suppress(RedisUnavailable):  # tried again at a later use
                yield from self._write_back()
        if self._refused is not None and self._stale(rejected):
            with suppress(RedisUnavailable):  # without Redis, the refusal stands
                record = yield from self.store._read(self.key)
                if record is not None and record.generation != self._refused_in:
                    with self._lock:
                        self._refused = None

    def _write_back(self) -> Steps[None]:
        pending = self._unsaved
        if pending is None:
            return
        written = yield from self.store._write(
            self.key, pending.token, "same-or-gone", pending.generation
        )
        with self._save_lock:
            if self._unsaved is pending:
                self._unsaved = None
        if written:
            logger.info("The refreshed token of user key %r is now saved in Redis", self.key)
        else:
            logger.warning(
                "The refreshed token of user key %r is not written: another worker stored"
                " a newer one meanwhile, which is kept",
                self.key,
            )

    def _replace(self, token: Token) -> Steps[None]:
        yield from self.store._write(self.key, token, "always")
        self._unsaved = None
        super().replace(token)

    def _look(self, stale: str) -> Steps[tuple[Record, Token | None]]:
        """Read the record: the token to adopt, ``None`` to refresh; or raise."""
        record = yield from self.store._read(self.key)
        if record is None:
            raise TokenStoreError(
                f"the token of user key {self.key!r} is no longer in the store (deleted, or"
                " Redis lost its data): save() one again"
            )
        if self._usable(record.token, stale):
            return record, record.token
        if record.refused is not None:
            self._refused_in = record.generation
            raise _refused_elsewhere(self.key, record.refused)
        return record, None

    def _newer(self, stale: str) -> Steps[Token | None]:
        """The stored token when another worker stored a usable one, else ``None``."""
        with suppress(RedisUnavailable):
            record = yield from self.store._read(self.key)
            if record is not None and self._usable(record.token, stale):
                return record.token
        return None

    def _refresh(self) -> Steps[Token]:
        """The refresh that this worker's in-process leader runs."""
        stale = self.token.access_token
        store = self.store
        if self._unsaved is not None:
            # This worker holds the newest token: it must reach Redis before anything.
            yield from self._write_back()
        # The holder's lock expires after lock_ttl; then one of the waiters takes it.
        deadline = time.monotonic() + store.lock_ttl + 2 * store.connection.timeout
        while True:
            _, adopted = yield from self._look(stale)
            if adopted is not None:
                return adopted
            lock = secrets.token_hex(16)
            if (yield from store._lock(self.key, lock)):
                try:
                    return (yield from self._refresh_locked(stale))
                finally:
                    yield from store._unlock(self.key, lock)
            if time.monotonic() > deadline:
                raise self._timed_out()
            yield Sleep(store.poll)

    def _refresh_locked(self, stale: str) -> Steps[Token]:
        store = self.store
        record, adopted = yield from self._look(stale)
        if adopted is not None:
            return adopted
        try:
            new: Token = yield from self.credentials.refresh_flow(record.token)
        except RefreshTokenInvalid as error:
            if not (yield from self._refuse(record, error)):
                # The record holds another refresh token by now (saved, or written by a
                # holder whose refresh outlasted its lock): use it if it is fresh.
                newer = yield from self._newer(stale)
                if newer is not None:
                    return newer
            self._refused_in = record.generation
            raise
        try:
            # Also when Redis restarted empty under the refresh: that token is the login.
            written = yield from store._write(self.key, new, "same-or-gone", record.generation)
        except RedisUnavailable as error:
            self._keep_unsaved(_Pending(new, record.generation), error)
            return new
        if written:
            return new
        logger.warning(
            "The refresh of user key %r outlasted its lock (lock_ttl %g s): another worker"
            " stored a newer token meanwhile, which is kept and used",
            self.key,
            store.lock_ttl,
        )
        return (yield from self._newer(stale)) or new

    def _refuse(self, record: Record, error: RefreshTokenInvalid) -> Steps[bool]:
        """Mark the record's refresh token refused; ``False`` when it is no longer stored."""
        why = error.description or error.error or "invalid_grant"
        try:
            return (
                yield from self.store._mark_refused(self.key, record.token.refresh_token or "", why)
            )
        except RedisUnavailable as failure:
            logger.warning("%s; this worker does not send it again", failure)
            return True
