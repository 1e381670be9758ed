"""The shared token store in one process: several "workers" (own connections) at once."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
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
from spotipy.sender import PersistentSender, Sender, WrappingSender
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
    if run.is_async:
        for token in tokens:
            run(token.store.connection.aclose())


def test_a_waiter_reads_the_token_the_lock_holder_writes(
    mode: str, run: Runner, redis_url: str, namespace: str, rotating: Emulator
) -> None:
    the_store = store(redis_url, namespace)
    the_store.save("user", expiring(grant(rotating)))
    token = shared(run, store(redis_url, namespace), credentials(rotating, mode))
    lock = the_store._lock("user")
    assert lock is not None
    fresh = grant(rotating)

    def holder() -> None:
        time.sleep(0.3)
        the_store.save("user", fresh)
        the_store._unlock("user", lock)

    rotating.token_requests.clear()
    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert bearer(run, token) == fresh.access_token
    finally:
        thread.join(5)
    assert refreshes(rotating) == 0
    if run.is_async:
        run(token.store.connection.aclose())


def test_an_abandoned_lock_expires_and_a_waiter_refreshes(
    mode: str, run: Runner, redis_url: str, namespace: str, rotating: Emulator
) -> None:
    the_store = store(redis_url, namespace, lock_ttl=0.4)
    old = expiring(grant(rotating))
    the_store.save("user", old)
    assert the_store._lock("user") is not None  # its holder is gone
    token = shared(run, store(redis_url, namespace, lock_ttl=0.4), credentials(rotating, mode))
    rotating.token_requests.clear()
    started = time.monotonic()
    assert bearer(run, token) != old.access_token
    assert time.monotonic() - started >= 0.3
    assert refreshes(rotating) == 1
    if run.is_async:
        run(token.store.connection.aclose())


def test_a_refused_refresh_token_is_never_sent_again_by_any_worker(
    mode: str, run: Runner, redis_url: str, namespace: str, rotating: Emulator
) -> None:
    old = expiring(grant(rotating))
    assert old.refresh_token is not None
    store(redis_url, namespace).save("user", old)
    rotating.revoke_refresh_token(old.refresh_token)
    first, second = (
        shared(run, store(redis_url, namespace), credentials(rotating, mode)) for _ in range(2)
    )
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
    if run.is_async:
        for token in (first, second):
            run(token.store.connection.aclose())


class StopsRedis(WrappingSender):
    """Stops the redis-server just as the token request leaves (a crash mid-refresh)."""

    def __init__(self, server: RedisServer, sender: Sender) -> None:
        super().__init__(sender)
        self.server = server

    def send(self, request: Request) -> Response:
        if request.path.endswith("/api/token"):
            self.server.stop()
        return self.sender.send(request)


def test_redis_lost_mid_refresh_keeps_the_new_token_and_writes_it_back(
    own_redis: RedisServer,
    namespace: str,
    rotating: Emulator,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    the_store = store(own_redis.url, namespace)
    old = expiring(grant(rotating))
    the_store.save("user", old)
    client = PersistentSender(client=httpx.Client(transport=rotating.transport()))
    token = the_store.token("user", credentials(rotating, "sync", StopsRedis(own_redis, client)))

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


def test_a_deleted_record_is_a_clear_error(
    redis_url: str, namespace: str, rotating: Emulator
) -> None:
    the_store = store(redis_url, namespace)
    the_store.save("user", expiring(grant(rotating)))
    token = the_store.token("user", credentials(rotating, "sync"))
    the_store.delete("user")
    with pytest.raises(TokenStoreError, match="no longer in the store"):
        token.bearer()
