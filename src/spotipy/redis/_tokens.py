"""Users' tokens in Redis, refreshed single-flight across every worker of an app.

A user's record is one Redis hash, ``spotipy:<namespace>:token:<user key>``: the access
token, its expiry and lifetime, the refresh token, scope, PKCE flag, consent time, a
version counter and, once Spotify refused the refresh token, why.  A refresh takes the
user's lock, ``spotipy:<namespace>:lock:<user key>`` (``SET NX PX``: it expires by
itself, so a worker that dies holding it blocks the others for ``lock_ttl`` at most),
reads the record again under it, refreshes with the record's refresh token, and writes
the new access and refresh tokens in one transaction.  A worker that finds the lock
taken waits for the record to change and uses the token it finds there: one request to
the accounts service however many workers need the token at once.
"""

from __future__ import annotations

import asyncio
import logging
import math
import secrets
import threading
import time
from collections.abc import Mapping
from typing import Any, Final

from spotipy._flow import drive_async, drive_sync
from spotipy.auth import Credentials, Token
from spotipy.errors import RefreshTokenInvalid, SpotipyError
from spotipy.redis._connection import RedisConnection, RedisUnavailable, positive_seconds
from spotipy.util.credentials import (
    DEFAULT_MARGIN,
    MARGIN_FRACTION,
    OnRefresh,
    RefreshingToken,
)

__all__ = ["RedisTokenStore", "SharedRefreshingToken", "TokenStoreError"]

logger = logging.getLogger("spotipy")

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

# Mark a refresh token refused, only if it is still the record's.
_REFUSE: Final = """
if redis.call('HGET', KEYS[1], 'refresh_token') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'refused', ARGV[2])
  return 1
end
return 0
"""


class TokenStoreError(SpotipyError, LookupError):
    """The token store has no usable record for a user key, or a wait for it timed out."""


def _check_key(key: object) -> str:
    if not isinstance(key, str) or not key or any(c.isspace() for c in key) or len(key) > 512:
        raise ValueError(f"a user key must be a non-empty string without spaces, not {key!r}")
    return key


def _fields(token: Token) -> dict[Any, Any]:
    if token.refresh_token is None:
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
    """A user's record as read from Redis: the token, and whether it was refused."""

    __slots__ = ("refused", "token", "version")

    def __init__(self, token: Token, refused: str | None, version: int) -> None:
        self.token = token
        self.refused = refused
        self.version = version

    @classmethod
    def parse(cls, raw: Mapping[Any, Any], key: str) -> Record | None:
        if not raw:
            return None
        try:
            token = Token(
                raw["access_token"],
                token_type=raw.get("token_type", "Bearer"),
                expires_in=0,
                scope=raw.get("scope", ""),
                refresh_token=raw["refresh_token"],
                uses_pkce=raw.get("uses_pkce") == "1",
                consented_at=float(raw["consented_at"]) if raw.get("consented_at") else None,
            )
            token.expires_at = int(raw["expires_at"])
            token.lifetime = int(raw.get("lifetime", "3600"))
            version = int(raw.get("version", "0"))
        except (KeyError, ValueError):
            raise TokenStoreError(f"the stored record of user key {key!r} is damaged") from None
        return cls(token, raw.get("refused") or None, version)


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
        self.lock_ttl = positive_seconds("lock_ttl", lock_ttl)
        self.poll = positive_seconds("poll", poll)
        client = connection.client
        self._release = client.register_script(_RELEASE)
        self._refuse = client.register_script(_REFUSE)

    def __repr__(self) -> str:
        return f"<RedisTokenStore {self.connection!r}>"

    def record_key(self, key: str) -> str:
        """The Redis key of a user's record."""
        return self.connection.key("token", _check_key(key))

    def lock_key(self, key: str) -> str:
        """The Redis key of a user's refresh lock."""
        return self.connection.key("lock", _check_key(key))

    # -- sync -----------------------------------------------------------------------------

    def save(self, key: str, token: Token) -> None:
        """Write ``token`` as the user's current token, in one transaction.

        It replaces the record, clears a refusal and counts a new version.

        Raises
        ------
        RedisUnavailable
            When Redis fails: the message names the user key whose token was not saved.
        """
        fields, name = _fields(token), self.record_key(key)

        def write() -> None:
            with self.connection.client.pipeline(transaction=True) as pipe:
                pipe.hset(name, mapping=fields)
                pipe.hdel(name, "refused")
                pipe.hincrby(name, "version", 1)
                pipe.execute()

        self.connection.run(f"saving the token of user key {key!r} (NOT saved)", write)

    def load(self, key: str) -> Token | None:
        """Read the user's current token; ``None`` when there is none."""
        record = self._read(key)
        return None if record is None else record.token

    def refused(self, key: str) -> str | None:
        """Why Spotify refused the user's stored refresh token; ``None`` if it did not."""
        record = self._read(key)
        return None if record is None else record.refused

    def delete(self, key: str) -> None:
        """Forget the user's token (and any lock on it)."""
        names = (self.record_key(key), self.lock_key(key))
        self.connection.run(
            f"deleting the token of user key {key!r}", lambda: self.connection.client.delete(*names)
        )

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
        current = self.load(key)
        if current is None:
            if initial is None:
                raise TokenStoreError(f"no token stored for user key {key!r}: save() one first")
            self.save(key, initial)
            current = initial
        return SharedRefreshingToken(self, key, current, credentials, on_refresh, margin)

    def _read(self, key: str) -> Record | None:
        name = self.record_key(key)
        raw = self.connection.run(
            f"reading the token of user key {key!r}",
            lambda: self.connection.client.hgetall(name),
        )
        return Record.parse(raw, key)

    def _lock(self, key: str) -> str | None:
        value = secrets.token_hex(16)
        name, ms = self.lock_key(key), math.ceil(self.lock_ttl * 1000)
        taken = self.connection.run(
            f"taking the refresh lock of user key {key!r}",
            lambda: self.connection.client.set(name, value, nx=True, px=ms),
        )
        return value if taken else None

    def _unlock(self, key: str, value: str) -> None:
        name = self.lock_key(key)
        try:
            self.connection.run("releasing a refresh lock", lambda: self._release([name], [value]))
        except RedisUnavailable as error:
            # It expires by itself: the others wait for it at most lock_ttl.
            logger.warning("%s (it expires in %g s at most)", error, self.lock_ttl)

    def _mark_refused(self, key: str, refresh_token: str, why: str) -> None:
        name = self.record_key(key)
        self.connection.run(
            f"marking the refresh token of user key {key!r} refused",
            lambda: self._refuse([name], [refresh_token, why]),
        )

    # -- async ----------------------------------------------------------------------------

    async def save_async(self, key: str, token: Token) -> None:
        """Async counterpart of :meth:`save`."""
        fields, name = _fields(token), self.record_key(key)
        client = self.connection.async_client

        async def write() -> None:
            async with client.pipeline(transaction=True) as pipe:
                pipe.hset(name, mapping=fields)
                pipe.hdel(name, "refused")
                pipe.hincrby(name, "version", 1)
                await pipe.execute()

        await self.connection.run_async(f"saving the token of user key {key!r} (NOT saved)", write)

    async def load_async(self, key: str) -> Token | None:
        """Async counterpart of :meth:`load`."""
        record = await self._read_async(key)
        return None if record is None else record.token

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
        current = await self.load_async(key)
        if current is None:
            if initial is None:
                raise TokenStoreError(f"no token stored for user key {key!r}: save() one first")
            await self.save_async(key, initial)
            current = initial
        return SharedRefreshingToken(self, key, current, credentials, on_refresh, margin)

    async def _read_async(self, key: str) -> Record | None:
        name = self.record_key(key)
        client = self.connection.async_client
        raw = await self.connection.run_async(
            f"reading the token of user key {key!r}",
            lambda: client.hgetall(name),
        )
        return Record.parse(raw, key)

    async def _lock_async(self, key: str) -> str | None:
        value = secrets.token_hex(16)
        name, ms = self.lock_key(key), math.ceil(self.lock_ttl * 1000)
        client = self.connection.async_client
        taken = await self.connection.run_async(
            f"taking the refresh lock of user key {key!r}",
            lambda: client.set(name, value, nx=True, px=ms),
        )
        return value if taken else None

    async def _unlock_async(self, key: str, value: str) -> None:
        name = self.lock_key(key)
        script = self.connection.async_client.register_script(_RELEASE)
        try:
            await self.connection.run_async(
                "releasing a refresh lock", lambda: script(keys=[name], args=[value])
            )
        except RedisUnavailable as error:
            logger.warning("%s (it expires in %g s at most)", error, self.lock_ttl)

    async def _mark_refused_async(self, key: str, refresh_token: str, why: str) -> None:
        name = self.record_key(key)
        script = self.connection.async_client.register_script(_REFUSE)
        await self.connection.run_async(
            f"marking the refresh token of user key {key!r} refused",
            lambda: script(keys=[name], args=[refresh_token, why]),
        )


def _refused_elsewhere(key: str, why: str) -> RefreshTokenInvalid:
    return RefreshTokenInvalid(
        f"the refresh token of user key {key!r} was refused before ({why}): not sent again;"
        " authorise the user again and give the new token to replace()",
        status=400,
        error="invalid_grant",
        description=why,
        response=None,
    )


class SharedRefreshingToken(RefreshingToken):
    """A :class:`~spotipy.util.RefreshingToken` whose refreshes all workers share.

    Made by :meth:`RedisTokenStore.token`.  In one process it is single-flight as a
    refreshing token is; across processes a refresh takes the user's lock in Redis, and
    a worker that finds it taken uses the token the holder writes instead of refreshing
    again.  The refresh always sends the stored (newest) refresh token, and writes a
    rotated one together with its access token, in one transaction.  A refresh token
    Spotify refused (``invalid_grant``) is marked in the record, and no worker sends it
    again until :meth:`replace` saves a new token.

    If Redis fails after a refresh succeeded, the new token is kept and used in memory
    (:attr:`unsaved`), a warning names the user key, and it is written as soon as Redis
    answers again (every use tries, at most once a second; :meth:`save` tries now and
    raises if it cannot).  If Redis fails when a refresh is needed, nothing is sent and
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
        self.key = _check_key(key)
        self._unsaved: Token | None = None
        self._save_tried = -math.inf
        self._save_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<SharedRefreshingToken key={self.key!r} of {self.token!r}>"

    @property
    def unsaved(self) -> bool:
        """Whether this worker holds a refreshed token that Redis has not taken yet."""
        return self._unsaved is not None

    # -- what the store is told -----------------------------------------------------------

    def _keep_unsaved(self, new: Token, error: RedisUnavailable) -> None:
        self._unsaved = new
        self._save_tried = time.monotonic()
        logger.warning(
            "The refreshed token of user key %r is kept in memory, NOT in Redis yet (%s);"
            " it is written when Redis answers again",
            self.key,
            error,
        )

    def _due(self) -> Token | None:
        with self._save_lock:
            pending = self._unsaved
            if pending is None or time.monotonic() - self._save_tried < _RETRY_SAVE_EVERY:
                return None
            self._save_tried = time.monotonic()
            return pending

    def _saved(self, pending: Token) -> None:
        with self._save_lock:
            if self._unsaved is pending:
                self._unsaved = None
        logger.info("The refreshed token of user key %r is now saved in Redis", self.key)

    def save(self) -> None:
        """Write an unsaved refreshed token to Redis now.

        Raises
        ------
        RedisUnavailable
            When Redis still fails; the message names the user key not saved.
        """
        pending = self._unsaved
        if pending is not None:
            self.store.save(self.key, pending)
            self._saved(pending)

    async def save_async(self) -> None:
        """Async counterpart of :meth:`save`."""
        pending = self._unsaved
        if pending is not None:
            await self.store.save_async(self.key, pending)
            self._saved(pending)

    def _retry_save(self) -> None:
        pending = self._due()
        if pending is not None:
            try:
                self.store.save(self.key, pending)
            except RedisUnavailable:
                return
            self._saved(pending)

    async def _retry_save_async(self) -> None:
        pending = self._due()
        if pending is not None:
            try:
                await self.store.save_async(self.key, pending)
            except RedisUnavailable:
                return
            self._saved(pending)

    def replace(self, token: Token) -> None:
        """Save ``token`` for every worker and use it (after the user authorised again)."""
        self.store.save(self.key, token)
        self._unsaved = None
        super().replace(token)

    async def replace_async(self, token: Token) -> None:
        """Async counterpart of :meth:`replace`."""
        await self.store.save_async(self.key, token)
        self._unsaved = None
        super().replace(token)

    # -- the token's face, trying an unsaved token again ----------------------------------

    def bearer(self) -> str:
        """Return a valid bearer token, refreshing first if needed (blocking)."""
        if self._unsaved is not None:
            self._retry_save()
        return super().bearer()

    async def bearer_async(self) -> str:
        """Return a valid bearer token, refreshing first if needed, without blocking."""
        if self._unsaved is not None:
            await self._retry_save_async()
        return await super().bearer_async()

    # -- deciding -------------------------------------------------------------------------

    def _usable(self, record: Token, stale: str) -> bool:
        """Whether a stored token can be used instead of refreshing ``stale``."""
        if record.access_token == stale:
            return False
        lifetime = max(0.0, float(record.lifetime))
        return not record.expiring_within(min(self.margin, lifetime * MARGIN_FRACTION))

    def _found(self, record: Record | None, stale: str) -> Token | None:
        """What the record settles: its token to adopt, ``None`` to refresh; or raise."""
        if record is None:
            raise TokenStoreError(
                f"the token of user key {self.key!r} is no longer in the store (deleted, or"
                " Redis lost its data): save() one again"
            )
        if self._usable(record.token, stale):
            return record.token
        if record.refused is not None:
            raise _refused_elsewhere(self.key, record.refused)
        return None

    def _deadline(self) -> float:
        # The holder's lock expires after lock_ttl; then one of the waiters takes it.
        return time.monotonic() + self.store.lock_ttl + 2 * self.store.connection.timeout

    def _timed_out(self) -> TokenStoreError:
        return TokenStoreError(
            f"waited more than {self.store.lock_ttl:g} s for another worker's refresh of"
            f" user key {self.key!r}"
        )

    # -- sync -----------------------------------------------------------------------------

    def _request_sync(self) -> Token:
        # Called by the in-process single flight: one thread of this worker at a time.
        if self.credentials.is_async:
            raise RuntimeError(
                "this refreshing token has asynchronous credentials: use it in an "
                "asynchronous client, or await bearer_async()"
            )
        stale = self.token.access_token
        store = self.store
        if self._unsaved is not None:
            # This worker holds the newest token: it must reach Redis before anything.
            self.save()
        deadline = self._deadline()
        while True:
            adopted = self._found(store._read(self.key), stale)
            if adopted is not None:
                return adopted
            lock = store._lock(self.key)
            if lock is not None:
                try:
                    return self._refresh_locked_sync(stale)
                finally:
                    store._unlock(self.key, lock)
            if time.monotonic() > deadline:
                raise self._timed_out()
            time.sleep(store.poll)

    def _refresh_locked_sync(self, stale: str) -> Token:
        store = self.store
        record = store._read(self.key)
        adopted = self._found(record, stale)
        if adopted is not None or record is None:
            return adopted or self.token
        base = record.token
        flow = self.credentials.refresh_flow(base)
        try:
            new: Token = drive_sync(flow, self.credentials._send_sync)
        except RefreshTokenInvalid as error:
            store._mark_refused(self.key, base.refresh_token or "", _why(error))
            raise
        try:
            store.save(self.key, new)
        except RedisUnavailable as error:
            self._keep_unsaved(new, error)
        return new

    # -- async ----------------------------------------------------------------------------

    async def _request_async(self) -> Token:
        stale = self.token.access_token
        store = self.store
        if self._unsaved is not None:
            await self.save_async()
        deadline = self._deadline()
        while True:
            adopted = self._found(await store._read_async(self.key), stale)
            if adopted is not None:
                return adopted
            lock = await store._lock_async(self.key)
            if lock is not None:
                try:
                    return await self._refresh_locked_async(stale)
                finally:
                    await store._unlock_async(self.key, lock)
            if time.monotonic() > deadline:
                raise self._timed_out()
            await asyncio.sleep(store.poll)

    async def _refresh_locked_async(self, stale: str) -> Token:
        store = self.store
        record = await store._read_async(self.key)
        adopted = self._found(record, stale)
        if adopted is not None or record is None:
            return adopted or self.token
        base = record.token
        credentials = self.credentials
        flow = credentials.refresh_flow(base)
        try:
            if credentials.is_async:
                new: Token = await drive_async(flow, credentials._send_async)
            else:
                new = await asyncio.to_thread(drive_sync, flow, credentials._send_sync)
        except RefreshTokenInvalid as error:
            await store._mark_refused_async(self.key, base.refresh_token or "", _why(error))
            raise
        try:
            await store.save_async(self.key, new)
        except RedisUnavailable as error:
            self._keep_unsaved(new, error)
        return new


def _why(error: RefreshTokenInvalid) -> str:
    return error.description or error.error or "invalid_grant"
