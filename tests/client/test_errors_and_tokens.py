"""Error statuses, retries through the sender stack, tokens and ``token_as``."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest

from spotipy import Credentials, Spotify
from spotipy._http import Request
from spotipy.auth import Token
from spotipy.emulator import DEFAULT_USER_ID, Emulator
from spotipy.errors import (
    BadGateway,
    ClientError,
    InternalServerError,
    NotFound,
    OAuthError,
    ResponseError,
    ServerError,
    ServiceUnavailable,
    TooManyRequests,
    TransportError,
    Unauthorised,
)
from spotipy.sender import AsyncRetryingSender, RetryingSender
from tests.client.test_catalogue_endpoints import api_requests
from tests.conftest import Runner, make_sender


def artist_id(emulator: Emulator) -> str:
    return str(emulator.catalogue.artist_ids[0])


def test_missing_token_is_unauthorised(mode: str, run: Runner, emulator: Emulator) -> None:
    spotify = Spotify(None, make_sender(emulator, mode))
    with pytest.raises(Unauthorised, match="No token provided"):
        run(spotify.artist(artist_id(emulator)))
    assert "authorization" not in api_requests(emulator)[-1].headers


def test_unknown_token_is_unauthorised(mode: str, run: Runner, emulator: Emulator) -> None:
    spotify = Spotify("not-a-token", make_sender(emulator, mode))
    with pytest.raises(Unauthorised, match="Invalid access token") as info:
        run(spotify.artist(artist_id(emulator)))
    assert "not-a-token" not in str(info.value)


def test_expired_token_is_unauthorised(
    spotify: Spotify[Any], run: Runner, emulator: Emulator, app_token: str
) -> None:
    emulator.expire_token(app_token)
    with pytest.raises(Unauthorised, match="expired"):
        run(spotify.artist(artist_id(emulator)))


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, ClientError),
        (403, ClientError),
        (404, NotFound),
        (500, InternalServerError),
        (502, BadGateway),
        (503, ServiceUnavailable),
        (504, ServerError),
        (418, ClientError),
    ],
)
def test_status_maps_to_error(
    spotify: Spotify[Any], run: Runner, emulator: Emulator, status: int, error: type[Exception]
) -> None:
    emulator.faults.add(status=status, times=1)
    with pytest.raises(error) as info:
        run(spotify.artist(artist_id(emulator)))
    assert info.value.status == status  # type: ignore[attr-defined]
    assert f"{status} " in str(info.value)
    assert "/v1/artists/" in str(info.value)


def test_502_and_503_are_server_errors() -> None:
    assert issubclass(BadGateway, ServerError)
    assert issubclass(ServiceUnavailable, ServerError)


def test_429_with_retry_after(spotify: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    emulator.faults.add(status=429, headers={"Retry-After": "7"}, times=1)
    with pytest.raises(TooManyRequests) as info:
        run(spotify.artist(artist_id(emulator)))
    assert info.value.retry_after == 7


def test_429_without_retry_after(spotify: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    emulator.faults.add(status=429, times=1)
    with pytest.raises(TooManyRequests) as info:
        run(spotify.artist(artist_id(emulator)))
    assert info.value.retry_after is None


@pytest.mark.parametrize("body", [b"<html>oops</html>", b'{"name": 5}', b"[]"])
def test_malformed_body_names_endpoint(
    spotify: Spotify[Any], run: Runner, emulator: Emulator, body: bytes
) -> None:
    emulator.faults.add(status=200, body=body, times=1)
    with pytest.raises(ResponseError) as info:
        run(spotify.artist(artist_id(emulator)))
    assert "200 from GET /v1/artists/" in str(info.value)
    assert not isinstance(info.value, KeyError | ValueError)


def test_dropped_connection_is_transport_error(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    emulator.faults.add(drop=True, times=1)
    with pytest.raises(TransportError):
        run(spotify.artist(artist_id(emulator)))


def retrying(emulator: Emulator, mode: str, sleeps: list[float], **kwargs: Any) -> Any:
    inner = make_sender(emulator, mode)
    if mode == "async":

        async def sleep(seconds: float) -> None:
            sleeps.append(seconds)

        return AsyncRetryingSender(sender=inner, sleep=sleep, **kwargs)
    return RetryingSender(sender=inner, sleep=sleeps.append, **kwargs)


def test_retrying_sender_waits_out_a_429(mode: str, run: Runner, emulator: Emulator) -> None:
    sleeps: list[float] = []
    spotify = Spotify(emulator.app_token(), retrying(emulator, mode, sleeps, retries=0))
    emulator.faults.add(status=429, headers={"retry-after": "2"}, times=1)
    artist = run(spotify.artist(artist_id(emulator)))
    assert artist.id == artist_id(emulator)
    assert sleeps == [2]
    assert len(api_requests(emulator)) == 2


def test_retrying_sender_refuses_a_long_wait(mode: str, run: Runner, emulator: Emulator) -> None:
    sleeps: list[float] = []
    spotify = Spotify(emulator.app_token(), retrying(emulator, mode, sleeps, retries=3))
    emulator.faults.add(status=429, headers={"Retry-After": "86400"}, times=1)
    with pytest.raises(TooManyRequests) as info:
        run(spotify.artist(artist_id(emulator)))
    assert info.value.retry_after == 86400
    assert sleeps == []
    assert len(api_requests(emulator)) == 1


def test_retrying_sender_bounds_429s(mode: str, run: Runner, emulator: Emulator) -> None:
    sleeps: list[float] = []
    sender = retrying(emulator, mode, sleeps, retries=0, rate_limit_retries=2)
    spotify = Spotify(emulator.app_token(), sender)
    emulator.faults.add(status=429, headers={"Retry-After": "1"}, times=10)
    with pytest.raises(TooManyRequests) as info:
        run(spotify.artist(artist_id(emulator)))
    assert info.value.retry_after == 1
    assert len(api_requests(emulator)) == 3


def test_retrying_sender_retries_5xx_for_reads(mode: str, run: Runner, emulator: Emulator) -> None:
    sleeps: list[float] = []
    spotify = Spotify(emulator.app_token(), retrying(emulator, mode, sleeps, retries=2))
    emulator.faults.add(status=503, times=2)
    assert run(spotify.artist(artist_id(emulator))).id == artist_id(emulator)
    assert len(sleeps) == 2
    assert len(api_requests(emulator)) == 3


def test_token_request_is_not_replayed_after_a_5xx(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    sleeps: list[float] = []
    sender = retrying(emulator, mode, sleeps, retries=3)
    credentials = Credentials(emulator.client_id, emulator.client_secret, sender=sender)
    emulator.faults.add(status=500, path="/api/token", after_handling=True, times=1)
    with pytest.raises(InternalServerError):
        run(credentials.request_client_token())
    assert sum(r.path == "/api/token" for r in emulator.requests) == 1
    assert sleeps == []


def test_client_token(credentials: Credentials[Any], run: Runner, emulator: Emulator) -> None:
    token = run(credentials.request_client_token())
    assert isinstance(token, Token)
    assert token.refresh_token is None
    assert token.expires_in > 3000
    assert not token.is_expiring
    assert str(token) not in repr(token)
    assert emulator.client_secret not in repr(credentials)
    spotify = Spotify(token, make_sender(emulator, "sync"))
    assert spotify.artist(artist_id(emulator)).id == artist_id(emulator)


def test_client_token_bad_secret(mode: str, run: Runner, emulator: Emulator) -> None:
    credentials = Credentials(emulator.client_id, "wrong", sender=make_sender(emulator, mode))
    with pytest.raises(OAuthError) as info:
        run(credentials.request_client_token())
    assert info.value.error == "invalid_client"
    assert "wrong" not in str(info.value)


def test_token_as_restores_even_when_the_block_raises(
    spotify: Spotify[Any], run: Runner, emulator: Emulator
) -> None:
    original = spotify.token
    seen: list[object] = []

    def use_temporary() -> None:
        with spotify.token_as("temporary") as same:
            seen.extend([same, spotify.token])
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        use_temporary()
    assert seen == [spotify, "temporary"]
    assert spotify.token is original
    spotify.token = "assigned"
    assert spotify.token == "assigned"


def test_token_as_is_private_to_a_thread(emulator: Emulator) -> None:
    spotify = Spotify("app", make_sender(emulator, "sync"))
    inside = threading.Event()
    release = threading.Event()
    seen: list[object] = []

    def worker() -> None:
        with spotify.token_as("user"):
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(5)
    seen.append(spotify.token)
    release.set()
    thread.join()
    assert seen == ["app"]


def test_token_as_is_private_to_a_task(emulator: Emulator) -> None:
    spotify = Spotify("app", make_sender(emulator, "async"))
    user_token = emulator.user_token(emulator.catalogue.user_ids[0])

    async def as_user(started: asyncio.Event, done: asyncio.Event) -> str:
        with spotify.token_as(user_token):
            started.set()
            await done.wait()
            return str(spotify.token)

    async def main() -> tuple[str, object]:
        started, done = asyncio.Event(), asyncio.Event()
        task = asyncio.create_task(as_user(started, done))
        await started.wait()
        outside = spotify.token
        done.set()
        return await task, outside

    inside, outside = asyncio.run(main())
    assert (inside, outside) == (user_token, "app")


def test_base_url_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Spotify().api_url == "https://api.spotify.com/v1"
    assert Spotify(api_url="http://127.0.0.1:9/v1/").api_url == "http://127.0.0.1:9/v1"
    assert Spotify(api_url="http://[::1]:9/v1").api_url == "http://[::1]:9/v1"
    with pytest.raises(ValueError, match="loopback"):
        Spotify(api_url="http://example.com/v1")
    monkeypatch.setenv("SPOTIPY_API_URL", "http://127.0.0.2:8/v1")
    assert Spotify().api_url == "http://127.0.0.2:8/v1"
    monkeypatch.setenv("SPOTIPY_ACCOUNTS_URL", "http://10.0.0.1")
    with pytest.raises(ValueError, match="loopback"):
        Credentials("id", "secret")
    assert Credentials("id", "s", accounts_url="https://x.test").accounts_url == "https://x.test"


def test_no_secret_in_debug_logs(
    mode: str, run: Runner, emulator: Emulator, debug_log: pytest.LogCaptureFixture
) -> None:
    credentials = Credentials(
        emulator.client_id, emulator.client_secret, sender=make_sender(emulator, mode)
    )
    token = run(credentials.request_client_token())
    spotify = Spotify(token, make_sender(emulator, mode))
    run(spotify.artist(artist_id(emulator)))
    text = "\n".join(r.getMessage() for r in debug_log.records)
    assert debug_log.records
    for secret in (emulator.client_secret, str(token)):
        assert secret not in text


def test_client_closes_its_sender(emulator: Emulator) -> None:
    client = httpx.Client(transport=emulator.transport())
    from spotipy.sender import PersistentSender

    with Spotify("t", PersistentSender()) as spotify:
        assert repr(spotify).startswith("<Spotify sync")
    assert spotify.sender.client.is_closed  # type: ignore[union-attr]
    with Spotify("t", PersistentSender(client=client)):
        pass
    assert not client.is_closed
    client.close()


def test_async_client_closes(emulator: Emulator) -> None:
    async def main() -> bool:
        async with Spotify("t", make_sender(emulator, "async")) as spotify:
            assert spotify.is_async
        return True

    assert asyncio.run(main())
    with pytest.raises(TypeError, match="aclose"):
        Spotify("t", asynchronous=True).close()  # type: ignore[misc]
    with pytest.raises(TypeError, match=r"close\(\)"):
        asyncio.run(Spotify("t").aclose())  # type: ignore[misc]


@pytest.mark.parametrize("market", ["SWE", "s", "12", "from-token", ""])
def test_bad_market_fails_before_sending(
    spotify: Spotify[Any], run: Runner, emulator: Emulator, market: str
) -> None:
    with pytest.raises(ValueError, match="market"):
        run(spotify.track(emulator.catalogue.track_ids[0], market=market))
    assert api_requests(emulator) == []


def test_market_is_normalised(spotify: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    run(spotify.track(emulator.catalogue.track_ids[0], market="se"))
    run(spotify.track(emulator.catalogue.track_ids[0], market="from_token"))
    assert [r.query["market"] for r in api_requests(emulator)] == ["SE", "from_token"]


@pytest.mark.parametrize(
    ("reason", "explained"),
    [("NO_ACTIVE_DEVICE", "active device"), ("BRAND_NEW_REASON", "reason: BRAND_NEW_REASON")],
)
def test_player_reason_is_explained(
    spotify: Spotify[Any], run: Runner, emulator: Emulator, reason: str, explained: str
) -> None:
    body = (
        b'{"error": {"status": 403, "message": "Player command failed", "reason": "'
        + reason.encode()
        + b'"}}'
    )
    emulator.faults.add(status=403, body=body, times=1)
    with pytest.raises(ClientError) as info:
        run(spotify.artist(artist_id(emulator)))
    assert info.value.reason == reason  # type: ignore[attr-defined]
    assert info.value.message == "Player command failed"  # type: ignore[attr-defined]
    assert explained in str(info.value)


def test_429_with_an_http_date(spotify: Spotify[Any], run: Runner, emulator: Emulator) -> None:
    import email.utils
    import time

    when = email.utils.formatdate(time.time() + 120, usegmt=True)
    emulator.faults.add(status=429, headers={"Retry-After": when}, times=1)
    with pytest.raises(TooManyRequests) as info:
        run(spotify.artist(artist_id(emulator)))
    assert info.value.retry_after is not None
    assert 100 < info.value.retry_after <= 120


def test_oauth_error_without_description(mode: str, run: Runner, emulator: Emulator) -> None:
    credentials = Credentials(
        emulator.client_id, emulator.client_secret, sender=make_sender(emulator, mode)
    )
    emulator.faults.add(status=400, path="/api/token", body=b'{"error": "temporarily_off"}')
    with pytest.raises(OAuthError) as info:
        run(credentials.request_client_token())
    assert info.value.error == "temporarily_off"
    assert info.value.description is None
    emulator.faults.add(status=400, path="/api/token", body=b"<html>down</html>")
    with pytest.raises(OAuthError) as info:
        run(credentials.request_client_token())
    assert info.value.status == 400


def test_a_call_made_inside_token_as_uses_that_token_when_run_later(
    mode: str, run: Runner, emulator: Emulator
) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    user_id = DEFAULT_USER_ID
    user_token = emulator.user_token(user_id, ["playlist-read-private"])
    album_ids = list(emulator.catalogue.album_ids[:3])
    with spotify.token_as(user_token):
        me = spotify.current_user()  # a coroutine in async mode: awaited after the block
        first = run(spotify.followed_playlists(limit=1))
        pages = spotify.all_items(first)
        bulk = spotify.all_pages(first, concurrency=4)
        sent_now = spotify.send(Request("GET", f"{spotify.api_url}/me"))
        spotify.batch_refused = True  # several-IDs reads go one ID at a time
        albums = spotify.albums(album_ids)
    assert run(me).id == user_id  # the user's token, not the app token of the client
    assert [album.id for album in run(albums)] == album_ids  # one by one, still as the user
    assert len(run.collect(pages)) > 1  # read after the block: still as the user
    assert len(run.collect(bulk)) > 1
    assert run(sent_now).status_code == 200
    sent = [r for r in emulator.requests if r.path.startswith("/v1/")]
    assert len(sent) > 3 + len(album_ids)
    assert all(r.headers["authorization"] == f"Bearer {user_token}" for r in sent)
