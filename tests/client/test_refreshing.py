"""Refreshing tokens inside clients: silent renewal, single flight, recovery from 401."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import httpx
import pytest

from spotipy import Credentials, Spotify
from spotipy._http import Request, Response
from spotipy.auth import Token
from spotipy.emulator import BIG_PLAYLIST_ID, Emulator
from spotipy.errors import OAuthError
from spotipy.sender import AsyncWrappingSender, PersistentSender
from spotipy.util import RefreshingCredentials, RefreshingToken
from tests.conftest import Runner, make_sender


def grants(emulator: Emulator) -> int:
    return sum(r.path == "/api/token" for r in emulator.requests)


def expiring(token: Token) -> Token:
    """The same token, but due to expire in a moment."""
    token.expires_at = int(token.expires_at - token.expires_in + 5)
    return token


def app_refreshing(emulator: Emulator, mode: str, **kwargs: Any) -> RefreshingToken:
    credentials = Credentials(
        emulator.client_id, emulator.client_secret, sender=make_sender(emulator, mode)
    )
    first = Credentials(
        emulator.client_id, emulator.client_secret, sender=make_sender(emulator, "sync")
    ).request_client_token()
    return RefreshingToken(expiring(first), credentials, **kwargs)


def test_expiring_token_is_renewed_before_use(mode: str, run: Runner, emulator: Emulator) -> None:
    seen: list[Token] = []
    token = app_refreshing(emulator, mode, on_refresh=seen.append)
    old = token.token.access_token
    spotify = Spotify(token, make_sender(emulator, mode))
    artist = run(spotify.artist(emulator.catalogue.artist_ids[0]))
    assert artist.id == emulator.catalogue.artist_ids[0]
    assert token.token.access_token != old
    assert [t.access_token for t in seen] == [token.token.access_token]
    sent = [r for r in emulator.requests if r.path.startswith("/v1/")][-1]
    assert sent.headers["authorization"] == f"Bearer {token.token.access_token}"
    assert not token.is_expiring
    assert old not in repr(token)


def test_fifty_threads_cause_one_refresh(emulator: Emulator) -> None:
    token = app_refreshing(emulator, "sync")
    before = grants(emulator)
    barrier = threading.Barrier(50)
    bearers: list[str] = []

    def use() -> None:
        barrier.wait()
        bearers.append(token.bearer())

    threads = [threading.Thread(target=use) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert grants(emulator) - before == 1
    assert len(set(bearers)) == 1


def test_fifty_tasks_cause_one_refresh(emulator: Emulator) -> None:
    token = app_refreshing(emulator, "async")
    spotify = Spotify(token, make_sender(emulator, "async"))
    before = grants(emulator)

    async def main() -> list[Any]:
        artist = emulator.catalogue.artist_ids[0]
        return await asyncio.gather(*(spotify.artist(artist) for _ in range(50)))

    artists = asyncio.run(main())
    assert len(artists) == 50
    assert grants(emulator) - before == 1


def test_async_client_refreshes_with_sync_credentials_off_the_loop(emulator: Emulator) -> None:
    # The sync credentials' requests pass through a transport that notes its thread.
    accounts = emulator.transport()
    threads: list[int] = []

    def note_thread(request: httpx.Request) -> httpx.Response:
        threads.append(threading.get_ident())
        return accounts.handle_request(request)

    sender = PersistentSender(client=httpx.Client(transport=httpx.MockTransport(note_thread)))
    token = app_refreshing(emulator, "sync")
    token.credentials = Credentials(emulator.client_id, emulator.client_secret, sender=sender)
    spotify = Spotify(token, make_sender(emulator, "async"))
    loop_threads: list[int] = []

    async def main() -> str:
        loop_threads.append(threading.get_ident())
        artist = await spotify.artist(emulator.catalogue.artist_ids[1])
        return artist.id

    assert asyncio.run(main()) == emulator.catalogue.artist_ids[1]
    assert len(threads) == 1  # one refresh, and it did not run on the event loop's thread
    assert threads[0] != loop_threads[0]
    assert not token.token.expiring_within(60)


def test_expired_mid_paging_is_recovered(mode: str, run: Runner, emulator: Emulator) -> None:
    credentials = Credentials(
        emulator.client_id, emulator.client_secret, sender=make_sender(emulator, mode)
    )
    first = Credentials(
        emulator.client_id, emulator.client_secret, sender=make_sender(emulator, "sync")
    ).request_client_token()
    token = RefreshingToken(first, credentials)
    spotify = Spotify(token, make_sender(emulator, mode))
    page = run(spotify.playlist_items(BIG_PLAYLIST_ID, limit=50, offset=9_800))
    # The server forgets the token while the client still believes in it.
    emulator.expire_token(first.access_token)
    items = run.collect(spotify.all_items(page))
    assert len(items) == 200
    statuses = [r.path for r in emulator.requests]
    assert statuses.count("/api/token") == 2  # the first token and one renewal


def test_failed_refresh_keeps_the_token_and_can_be_retried(emulator: Emulator) -> None:
    token = app_refreshing(emulator, "sync")
    old = token.token
    emulator.faults.add(status=400, path="/api/token", times=1)
    with pytest.raises(OAuthError):
        token.bearer()
    assert token.token is old
    fresh = token.bearer()
    assert fresh != old.access_token
    assert grants(emulator) == 3  # the first token, the failure, the renewal


def test_refreshing_credentials_app_token(mode: str, run: Runner, emulator: Emulator) -> None:
    credentials = RefreshingCredentials(
        emulator.client_id, emulator.client_secret, sender=make_sender(emulator, mode)
    )
    token = run(credentials.request_client_token())
    assert isinstance(token, RefreshingToken)
    assert token.refresh_token is None
    assert token.expires_in > 3000
    spotify = Spotify(token, make_sender(emulator, mode))
    assert run(spotify.track(emulator.catalogue.track_ids[0])).id == emulator.catalogue.track_ids[0]


def test_async_credentials_refuse_a_blocking_refresh(emulator: Emulator) -> None:
    first = Credentials(
        emulator.client_id, emulator.client_secret, sender=make_sender(emulator, "sync")
    ).request_client_token()
    credentials = Credentials(
        emulator.client_id, emulator.client_secret, sender=make_sender(emulator, "async")
    )
    token = RefreshingToken(expiring(first), credentials)
    with pytest.raises(RuntimeError, match="asynchronous credentials"):
        str(token)


def test_sync_read_inside_the_refreshing_loop_does_not_deadlock(emulator: Emulator) -> None:
    token = app_refreshing(emulator, "async")
    # The async credentials' sender is held back until the sync read has been tried.
    release = asyncio.Event()
    inner = token.credentials.sender
    original = inner.send

    async def slow_send(request: Any) -> Any:
        await release.wait()
        return await original(request)

    inner.send = slow_send  # type: ignore[method-assign]

    async def main() -> str:
        refresh = asyncio.create_task(token.bearer_async())
        await asyncio.sleep(0)  # the task now leads a refresh on this loop
        with pytest.raises(RuntimeError, match="bearer_async"):
            str(token)
        release.set()
        return await refresh

    assert asyncio.run(main()) == token.token.access_token


class HeldTokenSender(AsyncWrappingSender):
    """Holds each token request until the test lets it go: a refresh in flight, no timing."""

    def __init__(self, sender: Any) -> None:
        super().__init__(sender)
        self.started = asyncio.Event()
        self.release = asyncio.Event()

    async def send(self, request: Request) -> Response:
        if request.path.endswith("/api/token"):
            self.started.set()
            await self.release.wait()
        return await self.sender.send(request)


def held_refreshing(emulator: Emulator) -> tuple[RefreshingToken, HeldTokenSender]:
    token = app_refreshing(emulator, "async")
    held = HeldTokenSender(make_sender(emulator, "async"))
    token.credentials = Credentials(emulator.client_id, emulator.client_secret, sender=held)
    return token, held


async def settle() -> None:
    """Let every ready task run until it waits (a few loop turns, no time)."""
    for _ in range(20):
        await asyncio.sleep(0)


def test_a_cancelled_leader_does_not_fail_the_waiters(emulator: Emulator) -> None:
    # The token request is held, so the leader is cancelled mid-refresh.
    token, held = held_refreshing(emulator)
    before = grants(emulator)

    async def main() -> tuple[list[str], bool]:
        leader = asyncio.ensure_future(token.bearer_async())
        await held.started.wait()  # the leader's refresh is in flight
        waiters = [asyncio.ensure_future(token.bearer_async()) for _ in range(10)]
        await settle()
        leader.cancel()
        await settle()
        held.release.set()
        bearers = await asyncio.gather(*waiters)
        try:
            await leader
        except asyncio.CancelledError:
            return bearers, True
        return bearers, False

    bearers, cancelled = asyncio.run(main())
    assert cancelled
    assert len(set(bearers)) == 1
    assert bearers[0] == token.token.access_token
    assert grants(emulator) - before == 1  # the refresh went on; none was sent again


def test_wait_for_expiring_on_the_leader_does_not_fail_the_waiters(emulator: Emulator) -> None:
    async def main() -> list[str]:
        token, held = held_refreshing(emulator)
        leader = asyncio.ensure_future(asyncio.wait_for(token.bearer_async(), 0.05))
        await held.started.wait()
        waiters = [asyncio.ensure_future(token.bearer_async()) for _ in range(5)]
        with pytest.raises(TimeoutError):
            await leader  # the token request is held: the timeout always comes first
        held.release.set()
        return list(await asyncio.gather(*waiters))

    bearers = asyncio.run(main())
    assert len(set(bearers)) == 1


def user_refreshing(emulator: Emulator, mode: str) -> RefreshingToken:
    grant = emulator.user_grant("emulator-user", ["user-read-private"])
    token = expiring(Token.from_response(grant))
    credentials = Credentials(
        emulator.client_id, emulator.client_secret, sender=make_sender(emulator, mode)
    )
    return RefreshingToken(token, credentials)


def test_a_refused_refresh_token_is_never_sent_again(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    from spotipy.errors import RefreshTokenInvalid

    token = user_refreshing(emulator, mode)
    emulator.revoke_refresh_token(token.refresh_token or "")
    before = grants(emulator)
    for _ in range(3):
        with pytest.raises(RefreshTokenInvalid):
            run(token.bearer_async()) if run.is_async else token.bearer()
    assert grants(emulator) - before == 1
    assert token.refused
    # A new authorisation is given to the same object: it works again.
    fresh = Token.from_response(emulator.user_grant("emulator-user", ["user-read-private"]))
    token.replace(fresh)
    assert not token.refused
    assert (run(token.bearer_async()) if run.is_async else token.bearer()) == fresh.access_token


def test_fifty_threads_with_a_failing_refresh_send_one_request(emulator: Emulator) -> None:
    from spotipy.errors import RefreshTokenInvalid

    token = user_refreshing(emulator, "sync")
    emulator.revoke_refresh_token(token.refresh_token or "")
    before = grants(emulator)
    barrier = threading.Barrier(50)
    failures: list[BaseException] = []

    def use() -> None:
        barrier.wait()
        try:
            token.bearer()
        except RefreshTokenInvalid as error:
            failures.append(error)

    threads = [threading.Thread(target=use) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(failures) == 50
    assert grants(emulator) - before == 1


@pytest.mark.parametrize(("expires_in", "margin"), [(30, 60.0), (3600, 7200.0)])
def test_short_lifetimes_do_not_cause_a_refresh_storm(
    emulator: Emulator, expires_in: int, margin: float
) -> None:
    token = app_refreshing(emulator, "sync", margin=margin)
    token.replace(Token("fresh", expires_in=expires_in))
    before = grants(emulator)
    for _ in range(20):
        assert token.bearer() == "fresh"
    assert grants(emulator) == before


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_a_blank_refresh_token_in_the_answer_keeps_the_one_we_hold(
    mode: str, run: Runner, emulator: Emulator, blank: str
) -> None:
    token = user_refreshing(emulator, mode)
    held = token.refresh_token
    assert held
    answer = {"access_token": "fresh", "expires_in": 3600, "refresh_token": blank}
    emulator.faults.add(path="/api/token", status=200, body=json.dumps(answer))
    assert (run(token.bearer_async()) if run.is_async else token.bearer()) == "fresh"
    assert token.refresh_token == held  # a blank one counts as absent
    assert token.token.refresh_token == held
    assert Token.from_response(answer).refresh_token is None


def test_an_app_token_answer_with_a_refresh_token_still_renews_as_an_app_token(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    token = app_refreshing(emulator, mode)
    answer = {"access_token": "app-1", "expires_in": 3600, "refresh_token": "stray"}
    emulator.faults.add(path="/api/token", status=200, body=json.dumps(answer))
    bearer = (lambda: run(token.bearer_async())) if run.is_async else token.bearer
    assert bearer() == "app-1"
    assert token.refresh_token is None  # still an app token
    expiring(token.token)
    fresh = bearer()  # renewed with the client credentials grant, not refreshed
    assert fresh != "app-1"
    assert emulator.token_requests[-2:] == ["client_credentials", "client_credentials"]
