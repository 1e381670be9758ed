"""The shared token store in one process: several "workers" (own connections) at once."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from spotipy import Credentials, Spotify
from spotipy._http import Request, Response
from spotipy.auth import Token
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.errors import RefreshTokenInvalid
from spotipy.redis import (
    RedisConnection,
    RedisTokenStore,
    RedisUnavailable,
    SharedRefreshingToken,
    TokenStoreError,
    _tokens,
)
from spotipy.sender import (
    AsyncSender,
    AsyncWrappingSender,
    PersistentSender,
    Sender,
    WrappingSender,
)
from tests.conftest import Runner, make_sender
from tests.redis.conftest import RedisServer, free_port


def grant(emulator: Emulator) -> Token:
    return Token.from_response(emulator.user_grant(DEFAULT_USER_ID, ["user-read-private"]))


def expiring(token: Token) -> Token:
    token.expires_at = int(time.time()) + 5
    return token


def refreshes(emulator: Emulator) -> int:
    return emulator.token_requests.count("refresh_token")


def credentials(emulator: Emulator, mode: str, sender: Any = None) -> Credentials[Any]:
    return Credentials(
        emulator.client_id, emulator.client_secret, sender=sender or make_sender(emulator, mode)
    )


def store(url: str, namespace: str, **kwargs: Any) -> RedisTokenStore:
    """A store on a connection of its own, as another worker would have."""
    return RedisTokenStore(RedisConnection(url, namespace=namespace), **kwargs)


def shared(run: Runner, store_: RedisTokenStore, creds: Credentials[Any]) -> SharedRefreshingToken:
    if run.is_async:
        return run(store_.token_async("user", creds))
    return store_.token("user", creds)


def bearer(run: Runner, token: SharedRefreshingToken) -> str:
    return run(token.bearer_async()) if run.is_async else token.bearer()


def revoked_workers(
    mode: str, run: Runner, redis_url: str, namespace: str, emulator: Emulator
) -> tuple[Token, SharedRefreshingToken, SharedRefreshingToken]:
    """A stored token whose refresh token Spotify revoked, and two workers sharing it."""
    old = expiring(grant(emulator))
    assert old.refresh_token is not None
    store(redis_url, namespace).save("user", old)
    emulator.revoke_refresh_token(old.refresh_token)
    first, second = (
        shared(run, store(redis_url, namespace), credentials(emulator, mode)) for _ in range(2)
    )
    return old, first, second


def close(run: Runner, *tokens: SharedRefreshingToken) -> None:
    """Close the async Redis clients of the workers' connections (on the runner's loop)."""
    if run.is_async:
        for token in tokens:
            run(token.store.connection.aclose())


@pytest.fixture
def rotating() -> Emulator:
    return Emulator(seed=0, rotate_refresh_tokens=True)


def test_save_and_load_keep_every_field_and_no_secret_shows(
    redis_url: str, namespace: str, rotating: Emulator
) -> None:
    first = store(redis_url, namespace)
    token = grant(rotating)
    token.consented_at = 1_700_000_000.0
    first.save("user", token)
    loaded = store(redis_url, namespace).load("user")
    assert loaded is not None
    assert loaded.access_token == token.access_token
    assert loaded.refresh_token == token.refresh_token
    assert (loaded.expires_at, loaded.lifetime) == (token.expires_at, token.lifetime)
    assert str(loaded.scope) == str(token.scope)
    assert loaded.consented_at == token.consented_at
    shared_token = first.token("user", credentials(rotating, "sync"))
    for text in (repr(first), repr(first.connection), repr(shared_token)):
        assert token.access_token not in text
        assert str(token.refresh_token) not in text
    assert first.load("nobody") is None
    assert first.refused("user") is None


def test_bad_input_is_refused_before_redis_is_asked(
    redis_url: str, namespace: str, rotating: Emulator
) -> None:
    the_store = store(redis_url, namespace)
    with pytest.raises(ValueError, match="user key"):
        the_store.load("two words")
    with pytest.raises(ValueError, match="only user tokens"):
        the_store.save("app", Token(rotating.app_token()))
    with pytest.raises(ValueError, match="namespace"):
        RedisConnection(redis_url, namespace="")
    with pytest.raises(ValueError, match="timeout"):
        RedisConnection(redis_url, namespace=namespace, timeout=0)
    with pytest.raises(ValueError, match="lock_ttl"):
        RedisTokenStore(the_store.connection, lock_ttl=float("nan"))
    with pytest.raises(TokenStoreError, match="save"):
        the_store.token("nobody", credentials(rotating, "sync"))


def test_unreachable_redis_at_start_is_a_clear_error() -> None:
    url = f"redis://:hunter2@127.0.0.1:{free_port()}/0"
    with pytest.raises(RedisUnavailable, match="PING") as caught:
        RedisConnection(url, namespace="app", timeout=1)
    assert "127.0.0.1" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_two_workers_refresh_once_and_share_the_rotated_token(
    mode: str, run: Runner, redis_url: str, namespace: str, rotating: Emulator
) -> None:
    old = expiring(grant(rotating))
    store(redis_url, namespace).save("user", old)
    seen: list[Token] = []
    tokens = [
        shared(run, store(redis_url, namespace), credentials(rotating, mode)) for _ in range(2)
    ]
    tokens[0].on_refresh = seen.append
    rotating.token_requests.clear()
    users = [run(Spotify(token, make_sender(rotating, mode)).current_user()).id for token in tokens]
    assert users == [DEFAULT_USER_ID] * 2
    assert refreshes(rotating) == 1
    newest = store(redis_url, namespace).load("user")
    assert newest is not None
    assert newest.refresh_token != old.refresh_token
    assert {t.refresh_token for t in tokens} == {newest.refresh_token}
    assert {t.token.access_token for t in tokens} == {newest.access_token}
    assert [t.refresh_token for t in seen] == [newest.refresh_token]
    close(run, *tokens)


def hold_lock(the_store: RedisTokenStore, value: str, ttl: float = 30.0) -> None:
    """Take the user's refresh lock as another worker does (``SET NX PX``)."""
    client = the_store.connection.client
    assert client.set(the_store.lock_key("user"), value, nx=True, px=int(ttl * 1000))


class Before(WrappingSender):
    """Calls ``hook`` just before each token request leaves (a slow token endpoint)."""

    def __init__(self, sender: Sender, hook: Callable[[], object]) -> None:
        super().__init__(sender)
        self.hook = hook

    def send(self, request: Request) -> Response:
        if request.path.endswith("/api/token"):
            self.hook()
        return self.sender.send(request)


class AsyncBefore(AsyncWrappingSender):
    """The async :class:`Before`: the hook runs on a worker thread."""

    def __init__(self, sender: AsyncSender, hook: Callable[[], object]) -> None:
        super().__init__(sender)
        self.hook = hook

    async def send(self, request: Request) -> Response:
        if request.path.endswith("/api/token"):
            await asyncio.to_thread(self.hook)
        return await self.sender.send(request)


def credentials_with(emulator: Emulator, mode: str, hook: Callable[[], object]) -> Any:
    """Credentials of ``mode`` whose token requests call ``hook`` before they leave."""
    sender = make_sender(emulator, mode)
    wrapped = AsyncBefore(sender, hook) if mode == "async" else Before(sender, hook)
    return credentials(emulator, mode, wrapped)


def test_a_waiter_reads_the_token_the_lock_holder_writes(
    mode: str, run: Runner, redis_url: str, namespace: str, rotating: Emulator
) -> None:
    the_store = store(redis_url, namespace)
    the_store.save("user", expiring(grant(rotating)))
    token = shared(run, store(redis_url, namespace), credentials(rotating, mode))
    hold_lock(the_store, "another-worker")
    fresh = grant(rotating)

    def holder() -> None:
        time.sleep(0.3)
        the_store.save("user", fresh)
        the_store.connection.client.delete(the_store.lock_key("user"))

    rotating.token_requests.clear()
    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert bearer(run, token) == fresh.access_token
    finally:
        thread.join(5)
    assert refreshes(rotating) == 0
    close(run, token)


def test_an_abandoned_lock_expires_and_a_waiter_refreshes(
    mode: str, run: Runner, redis_url: str, namespace: str, rotating: Emulator
) -> None:
    the_store = store(redis_url, namespace)
    old = expiring(grant(rotating))
    the_store.save("user", old)
    hold_lock(the_store, "a-worker-that-died", ttl=0.4)
    locks: list[str | None] = []

    def note_the_lock() -> None:
        locks.append(the_store.connection.client.get(the_store.lock_key("user")))

    creds = credentials_with(rotating, mode, note_the_lock)
    token = shared(run, store(redis_url, namespace, lock_ttl=0.4), creds)
    rotating.token_requests.clear()
    assert bearer(run, token) != old.access_token
    assert refreshes(rotating) == 1
    # Sent under a lock of the waiter's own, once the abandoned one had expired.
    assert len(locks) == 1
    assert locks[0] not in (None, "a-worker-that-died")
    close(run, token)


@pytest.mark.parametrize("rotate", [False, True], ids=["kept", "rotated"])
def test_a_refresh_that_outlasts_its_lock_never_overwrites_a_newer_token(
    mode: str, run: Runner, redis_url: str, namespace: str, rotate: bool
) -> None:
    emulator = Emulator(seed=0, rotate_refresh_tokens=rotate)
    the_store = store(redis_url, namespace)
    old = expiring(grant(emulator))
    the_store.save("user", old)
    later: list[str] = []

    def meanwhile() -> None:
        # The first holder's request is slow: its lock expires, and another worker
        # takes the lock, refreshes and writes its token before the request leaves.
        client, lock = the_store.connection.client, the_store.lock_key("user")
        for _ in range(500):
            if not client.exists(lock):
                break
            time.sleep(0.01)
        assert not client.exists(lock), "the first holder's lock never expired"
        other = store(redis_url, namespace).token("user", credentials(emulator, "sync"))
        later.append(other.bearer())
        other.store.connection.close()

    first = shared(
        run, store(redis_url, namespace, lock_ttl=0.2), credentials_with(emulator, mode, meanwhile)
    )
    emulator.token_requests.clear()
    used = bearer(run, first)  # rotated: its request carried a rotated-away token
    assert refreshes(emulator) == 2
    stored = the_store.load("user")
    assert stored is not None
    assert len(later) == 1
    survived, adopted = stored.access_token == later[0], used == later[0]
    assert survived, "the late write overwrote the newer token"
    assert adopted, "the late holder does not use the newer token"
    assert not first.refused
    assert the_store.refused("user") is None
    close(run, first)


def test_a_refused_refresh_token_is_never_sent_again_by_any_worker(
    mode: str, run: Runner, redis_url: str, namespace: str, rotating: Emulator
) -> None:
    old, first, second = revoked_workers(mode, run, redis_url, namespace, rotating)
    rotating.token_requests.clear()
    with pytest.raises(RefreshTokenInvalid):
        bearer(run, first)
    assert refreshes(rotating) == 1
    assert store(redis_url, namespace).refused("user")
    with pytest.raises(RefreshTokenInvalid, match="refused before") as caught:
        bearer(run, second)
    assert old.refresh_token not in str(caught.value)
    assert refreshes(rotating) == 1  # nothing sent
    assert second.refused
    # A new authorisation, saved by one worker, clears the mark for every worker.
    renewed = grant(rotating)
    if run.is_async:
        run(second.replace_async(renewed))
    else:
        second.replace(renewed)
    assert store(redis_url, namespace).refused("user") is None
    assert bearer(run, second) == renewed.access_token
    close(run, first, second)


@pytest.mark.parametrize("fresh", [True, False], ids=["fresh", "expiring"])
def test_refused_workers_use_a_token_stored_after_a_new_consent(
    mode: str, run: Runner, redis_url: str, namespace: str, rotating: Emulator, fresh: bool
) -> None:
    _, first, second = revoked_workers(mode, run, redis_url, namespace, rotating)
    seen: list[Token] = []
    second.on_refresh = seen.append
    with pytest.raises(RefreshTokenInvalid):
        bearer(run, first)  # sent, refused, marked
    with pytest.raises(RefreshTokenInvalid, match="refused before"):
        bearer(run, second)  # not sent
    assert first.refused
    assert second.refused
    # The user authorises again; the application (in another process: neither worker's
    # replace()) stores the new token.
    renewed = grant(rotating) if fresh else expiring(grant(rotating))
    store(redis_url, namespace).save("user", renewed)
    rotating.token_requests.clear()
    used = [bearer(run, first), bearer(run, second)]
    # A fresh token is used as it is; an expiring one is refreshed once, with its own
    # refresh token (the refused one would have been answered invalid_grant).
    assert refreshes(rotating) == (0 if fresh else 1)
    stored = store(redis_url, namespace).load("user")
    assert stored is not None
    assert not first.refused
    assert not second.refused
    same = used == [stored.access_token] * 2 and [t.access_token for t in seen] == used[1:]
    assert same, "the workers do not use (and report) the newly stored token"
    assert (stored.access_token == renewed.access_token) is fresh
    close(run, first, second)


class StopsRedis(WrappingSender):
    """Stops the redis-server just as the token request leaves (a crash mid-refresh);
    with ``restart``, starts it again at once, empty (nothing on disk)."""

    def __init__(self, server: RedisServer, sender: Sender, restart: bool = False) -> None:
        super().__init__(sender)
        self.server = server
        self.restart = restart

    def send(self, request: Request) -> Response:
        if request.path.endswith("/api/token"):
            self.server.stop()
            if self.restart:
                self.server.start()
        return self.sender.send(request)


def crashing_worker(
    server: RedisServer, namespace: str, emulator: Emulator
) -> tuple[RedisTokenStore, Token, SharedRefreshingToken]:
    """A stored, expiring token and a worker whose Redis stops as its refresh leaves."""
    the_store = store(server.url, namespace)
    old = expiring(grant(emulator))
    the_store.save("user", old)
    client = PersistentSender(client=httpx.Client(transport=emulator.transport()))
    token = the_store.token("user", credentials(emulator, "sync", StopsRedis(server, client)))
    return the_store, old, token


def test_redis_lost_mid_refresh_keeps_the_new_token_and_writes_it_back(
    own_redis: RedisServer,
    namespace: str,
    rotating: Emulator,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    _, old, token = crashing_worker(own_redis, namespace, rotating)

    new_bearer = token.bearer()  # refreshed, but Redis went away before the write
    assert new_bearer != old.access_token
    assert token.unsaved
    assert token.refresh_token != old.refresh_token
    with pytest.raises(RedisUnavailable, match="'user' \\(NOT saved\\)"):
        token.save()
    assert token.bearer() == new_bearer  # still usable from memory
    # Another refresh cannot take the lock: nothing is sent, the error says why.
    token.token.expires_at = int(time.time()) + 5
    rotating.token_requests.clear()
    with pytest.raises(RedisUnavailable, match="user key 'user'"):
        token.refresh()
    assert refreshes(rotating) == 0
    token.token.expires_at = int(time.time()) + 3600

    own_redis.start()  # back, and empty (nothing on disk)
    monkeypatch.setattr(_tokens, "_RETRY_SAVE_EVERY", 0.0)
    assert token.bearer() == new_bearer
    assert not token.unsaved
    saved = store(own_redis.url, namespace).load("user")
    assert saved is not None
    assert saved.refresh_token == token.refresh_token
    text = caplog.text
    assert "NOT in Redis yet" in text
    assert "now saved" in text
    for secret in (old.refresh_token, token.refresh_token, new_bearer):
        assert str(secret) not in text


def test_async_redis_lost_mid_refresh_keeps_the_new_token(
    own_redis: RedisServer, namespace: str, rotating: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    class AsyncStopsRedis(WrappingSender):
        def send(self, request: Request) -> Response:
            if request.path.endswith("/api/token"):
                own_redis.stop()
            return self.sender.send(request)

    client = PersistentSender(client=httpx.Client(transport=rotating.transport()))
    creds = credentials(rotating, "sync", AsyncStopsRedis(client))

    async def main() -> None:
        the_store = store(own_redis.url, namespace)
        old = expiring(grant(rotating))
        await the_store.save_async("user", old)
        token = await the_store.token_async("user", creds)
        new_bearer = await token.bearer_async()
        assert new_bearer != old.access_token
        assert token.unsaved
        with pytest.raises(RedisUnavailable):
            await token.save_async()
        await the_store.connection.aclose()
        own_redis.start()
        monkeypatch.setattr(_tokens, "_RETRY_SAVE_EVERY", 0.0)
        assert await token.bearer_async() == new_bearer
        assert not token.unsaved
        saved = await the_store.load_async("user")
        assert saved is not None
        assert saved.refresh_token == token.refresh_token
        await the_store.connection.aclose()

    asyncio.run(asyncio.wait_for(main(), 20))


def test_a_token_kept_in_memory_never_overwrites_a_newer_one(
    own_redis: RedisServer,
    namespace: str,
    rotating: Emulator,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    the_store, _, token = crashing_worker(own_redis, namespace, rotating)
    kept = token.bearer()  # refreshed, not saved: Redis went away
    assert token.unsaved
    own_redis.start()  # back, empty; the application stores a new consent's token first
    newer = grant(rotating)
    store(own_redis.url, namespace).save("user", newer)
    monkeypatch.setattr(_tokens, "_RETRY_SAVE_EVERY", 0.0)
    assert token.bearer() == kept  # its own token still works in memory ...
    assert not token.unsaved
    saved = the_store.load("user")
    assert saved is not None
    survived = saved.access_token == newer.access_token
    assert survived, "the kept token overwrote the newer one"  # ... but is not written
    assert "another worker stored a newer one" in caplog.text


def test_a_refusal_stands_when_redis_fails_to_record_it(
    own_redis: RedisServer, namespace: str, rotating: Emulator
) -> None:
    _, old, token = crashing_worker(own_redis, namespace, rotating)
    assert old.refresh_token is not None
    rotating.revoke_refresh_token(old.refresh_token)
    rotating.token_requests.clear()
    with pytest.raises(RefreshTokenInvalid):  # not RedisUnavailable: Spotify's answer counts
        token.bearer()
    assert token.refused
    own_redis.start()  # back, without the record or its mark
    with pytest.raises(RefreshTokenInvalid, match="refused before"):
        token.bearer()
    assert refreshes(rotating) == 1  # the refused token was not sent again


def expiring_worker(
    url: str, namespace: str, emulator: Emulator
) -> tuple[RedisTokenStore, SharedRefreshingToken]:
    """A stored, expiring token and a (sync) worker's shared token for it."""
    the_store = store(url, namespace)
    the_store.save("user", expiring(grant(emulator)))
    return the_store, the_store.token("user", credentials(emulator, "sync"))


def test_a_deleted_record_is_a_clear_error(
    redis_url: str, namespace: str, rotating: Emulator
) -> None:
    the_store, token = expiring_worker(redis_url, namespace, rotating)
    the_store.delete("user")
    with pytest.raises(TokenStoreError, match="no longer in the store"):
        token.bearer()


def test_a_token_refreshed_while_redis_restarts_empty_is_written_back(
    own_redis: RedisServer, namespace: str, rotating: Emulator
) -> None:
    the_store = store(own_redis.url, namespace)
    old = expiring(grant(rotating))
    the_store.save("user", old)
    client = PersistentSender(client=httpx.Client(transport=rotating.transport()))
    token = the_store.token(
        "user", credentials(rotating, "sync", StopsRedis(own_redis, client, restart=True))
    )
    new_bearer = token.bearer()
    assert new_bearer != old.access_token
    assert not token.unsaved
    saved = store(own_redis.url, namespace).load("user")  # another worker finds it
    assert saved is not None
    assert saved.access_token == new_bearer
    assert saved.refresh_token == token.refresh_token != old.refresh_token


def test_a_refresh_under_way_does_not_undo_a_delete(
    redis_url: str, namespace: str, rotating: Emulator
) -> None:
    the_store = store(redis_url, namespace)
    the_store.save("user", expiring(grant(rotating)))

    class Deletes(WrappingSender):
        def send(self, request: Request) -> Response:
            if request.path.endswith("/api/token"):
                the_store.delete("user")
            return self.sender.send(request)

    client = PersistentSender(client=httpx.Client(transport=rotating.transport()))
    token = the_store.token("user", credentials(rotating, "sync", Deletes(client)))
    token.bearer()  # refreshed, but the user was deleted meanwhile: not written back
    assert the_store.load("user") is None
    with pytest.raises(TokenStoreError, match="no token stored"):
        the_store.token("user", credentials(rotating, "sync"))
    the_store.save("user", grant(rotating))  # a new consent is stored over the tombstone
    assert the_store.load("user") is not None
    assert the_store.connection.client.ttl(the_store.record_key("user")) == -1  # kept


def damage_utf8(client: Any, name: str) -> None:
    client.hset(name, "access_token", b"\xff\xfe-not-utf-8")


def damage_version(client: Any, name: str) -> None:
    client.hset(name, "version", "twelve")


def damage_refresh(client: Any, name: str) -> None:
    client.hset(name, "refresh_token", "")


def damage_type(client: Any, name: str) -> None:
    client.delete(name)
    client.rpush(name, "a", "b")


@pytest.mark.parametrize(
    ("damage", "field"),
    [
        (damage_utf8, "'access_token' is not UTF-8"),
        (damage_version, "'version' is not an integer"),
        (damage_refresh, "'refresh_token' is empty"),
        (damage_type, "wrong Redis type"),
    ],
    ids=["not-utf8", "version", "empty-refresh", "wrong-type"],
)
def test_a_damaged_record_is_a_typed_error_and_save_replaces_it(
    mode: str,
    run: Runner,
    redis_url: str,
    namespace: str,
    rotating: Emulator,
    damage: Callable[[Any, str], None],
    field: str,
) -> None:
    the_store = store(redis_url, namespace)
    the_store.save("user", grant(rotating))
    damage(the_store.connection.client, the_store.record_key("user"))
    worker = store(redis_url, namespace)
    creds = credentials(rotating, mode)
    load = worker.load_async if run.is_async else worker.load
    with pytest.raises(TokenStoreError, match=f"user key 'user' is damaged: .*{field}"):
        run(load("user"))
    opener = worker.token_async if run.is_async else worker.token
    with pytest.raises(TokenStoreError, match="user key 'user'"):
        run(opener("user", creds))
    fresh = grant(rotating)
    save = worker.save_async if run.is_async else worker.save
    run(save("user", fresh))  # a save always replaces it
    loaded = run(load("user"))
    assert loaded is not None
    assert (loaded.access_token, loaded.refresh_token) == (fresh.access_token, fresh.refresh_token)
    if run.is_async:
        run(worker.connection.aclose())


def test_a_refresh_meeting_a_damaged_record_never_says_redis_failed(
    redis_url: str, namespace: str, rotating: Emulator
) -> None:
    the_store, token = expiring_worker(redis_url, namespace, rotating)
    damage_type(the_store.connection.client, the_store.record_key("user"))
    with pytest.raises(TokenStoreError, match="wrong Redis type") as raised:
        token.bearer()
    assert "failed" not in str(raised.value)
    with pytest.raises(ValueError, match="only user tokens"):
        the_store.save("user", Token("a", refresh_token="  "))
    odd = Token("a", refresh_token="r")
    odd.token_type = None  # type: ignore[assignment]
    with pytest.raises(TypeError, match="saving the token of user key 'user'") as refused:
        the_store.save("user", odd)
    assert "failed" not in str(refused.value)
