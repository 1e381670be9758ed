"""Concrete senders over httpx.MockTransport: sending, kwargs, closing, logging."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

import spotipy.sender
from spotipy._http import Request
from spotipy.errors import TransportError
from spotipy.sender import (
    AsyncPersistentSender,
    AsyncSender,
    AsyncSingletonSender,
    AsyncTransientSender,
    PersistentSender,
    Sender,
    SingletonSender,
    TransientSender,
)

API = "https://api.spotify.com/v1"
DEFAULT_TIMEOUT = {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _fresh_singletons(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Give every test its own shared clients, closed afterwards."""
    monkeypatch.setattr(SingletonSender, "client", None)
    monkeypatch.setattr(AsyncSingletonSender, "client", None)
    yield
    if SingletonSender.client is not None:
        SingletonSender.client.close()


class Recorder:
    """A MockTransport handler that records requests and answers from a script."""

    def __init__(self, answer: Handler | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.answer = answer or (lambda request: httpx.Response(200, json={"ok": True}))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.answer(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    @property
    def timeouts(self) -> list[Any]:
        return [r.extensions["timeout"] for r in self.requests]


def sync_sender(kind: str, transport: httpx.MockTransport, **kwargs: Any) -> Sender:
    if kind == "transient":
        return TransientSender(transport=transport, **kwargs)
    if kind == "persistent":
        return PersistentSender(transport=transport, **kwargs)
    if kind == "persistent-client":
        return PersistentSender(httpx.Client(transport=transport), **kwargs)
    SingletonSender.client = httpx.Client(transport=transport)
    return SingletonSender(**kwargs)


def async_sender(kind: str, transport: httpx.MockTransport, **kwargs: Any) -> AsyncSender:
    if kind == "transient":
        return AsyncTransientSender(transport=transport, **kwargs)
    if kind == "persistent":
        return AsyncPersistentSender(transport=transport, **kwargs)
    if kind == "persistent-client":
        return AsyncPersistentSender(httpx.AsyncClient(transport=transport), **kwargs)
    AsyncSingletonSender.client = httpx.AsyncClient(transport=transport)
    return AsyncSingletonSender(**kwargs)


KINDS = ["transient", "persistent", "persistent-client", "singleton"]


def album_request() -> Request:
    return Request(
        "PUT",
        f"{API}/me/albums",
        params={"ids": "a,b"},
        headers={"Authorization": "Bearer s3cret", "Content-Type": "application/json"},
        content=b'{"ids": ["a", "b"]}',
    )


# --- sending -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_sync_senders_send_the_request_and_wrap_the_answer(kind: str) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, headers={"X-Thing": "1"}, content=b'{"done": 1}')

    recorder = Recorder(answer)
    with sync_sender(kind, recorder.transport) as sender:
        request = album_request()
        response = sender.send(request)
    assert response.status_code == 201
    assert response.headers["x-thing"] == "1"
    assert response.content == b'{"done": 1}'
    assert response.request is request
    (seen,) = recorder.requests
    assert seen.method == "PUT"
    assert str(seen.url) == f"{API}/me/albums?ids=a%2Cb"
    assert seen.headers["authorization"] == "Bearer s3cret"
    assert seen.content == b'{"ids": ["a", "b"]}'
    assert seen.extensions["timeout"] == DEFAULT_TIMEOUT


@pytest.mark.anyio
@pytest.mark.parametrize("kind", KINDS)
async def test_async_senders_send_the_request_and_wrap_the_answer(kind: str) -> None:
    recorder = Recorder(lambda request: httpx.Response(404, json={"error": {"status": 404}}))
    async with async_sender(kind, recorder.transport) as sender:
        response = await sender.send(album_request())
    assert response.status_code == 404  # an error status is returned, not raised
    (seen,) = recorder.requests
    assert str(seen.url) == f"{API}/me/albums?ids=a%2Cb"
    assert seen.content == b'{"ids": ["a", "b"]}'
    assert seen.extensions["timeout"] == DEFAULT_TIMEOUT
    if kind == "singleton":
        await AsyncSingletonSender.close_client()


FAILURES = [
    (httpx.ConnectError("refused"), False),
    (httpx.ConnectTimeout("slow"), False),
    (httpx.ReadTimeout("slow"), True),
    (httpx.RemoteProtocolError("dropped"), True),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("failure", "sent"), FAILURES)
def test_sync_transport_failures_raise_transport_error(
    kind: str, failure: Exception, sent: bool
) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise failure

    with (
        sync_sender(kind, Recorder(answer).transport) as sender,
        pytest.raises(TransportError) as info,
    ):
        sender.send(Request("POST", f"{API}/me/player/next"))
    assert info.value.sent is sent
    assert info.value.__cause__ is failure


@pytest.mark.anyio
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("failure", "sent"), FAILURES)
async def test_async_transport_failures_raise_transport_error(
    kind: str, failure: Exception, sent: bool
) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise failure

    async with async_sender(kind, Recorder(answer).transport) as sender:
        with pytest.raises(TransportError) as info:
            await sender.send(Request("POST", f"{API}/me/player/next"))
    assert info.value.sent is sent
    if kind == "singleton":
        await AsyncSingletonSender.close_client()


# --- keyword arguments -------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_timeout_reaches_httpx(kind: str) -> None:
    recorder = Recorder()
    with sync_sender(kind, recorder.transport, timeout=1.5) as sender:
        sender.send(Request("GET", f"{API}/me"))
    assert recorder.timeouts == [{"connect": 1.5, "read": 1.5, "write": 1.5, "pool": 1.5}]


@pytest.mark.anyio
@pytest.mark.parametrize("kind", KINDS)
async def test_timeout_reaches_httpx_async(kind: str) -> None:
    recorder = Recorder()
    timeout = httpx.Timeout(2.0, connect=0.5)
    async with async_sender(kind, recorder.transport, timeout=timeout) as sender:
        await sender.send(Request("GET", f"{API}/me"))
    assert recorder.timeouts == [{"connect": 0.5, "read": 2.0, "write": 2.0, "pool": 2.0}]
    if kind == "singleton":
        await AsyncSingletonSender.close_client()


def test_extensions_and_send_kwargs_are_passed() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/start":
            return httpx.Response(307, headers={"Location": "https://api.spotify.com/end"})
        return httpx.Response(200)

    recorder = Recorder(answer)
    plain = TransientSender(transport=recorder.transport)
    assert plain.send(Request("HEAD", "https://api.spotify.com/start")).status_code == 307
    follow = TransientSender(
        transport=recorder.transport, follow_redirects=True, extensions={"note": "mine"}
    )
    assert follow.send(Request("HEAD", "https://api.spotify.com/start")).status_code == 200
    assert [r.url.path for r in recorder.requests] == ["/start", "/start", "/end"]
    assert recorder.requests[1].extensions["note"] == "mine"


def test_default_requests_kwargs_are_a_fallback_not_a_merge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from_default, explicit = Recorder(), Recorder()
    monkeypatch.setattr(
        spotipy.sender,
        "default_requests_kwargs",
        {"transport": from_default.transport, "timeout": 3.0},
    )
    TransientSender().send(Request("GET", f"{API}/me"))
    TransientSender(transport=explicit.transport).send(Request("GET", f"{API}/me"))
    assert from_default.timeouts == [{"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}]
    # Explicit kwargs replace the defaults entirely: the default timeout is not merged in.
    assert explicit.timeouts == [DEFAULT_TIMEOUT]


def test_default_requests_kwargs_are_read_at_construction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = Recorder(), Recorder()
    defaults: dict[str, Any] = {"transport": first.transport}
    monkeypatch.setattr(spotipy.sender, "default_requests_kwargs", defaults)
    before = TransientSender()
    defaults["transport"] = second.transport  # mutating the dict later changes nothing
    monkeypatch.setattr(spotipy.sender, "default_requests_kwargs", {"transport": second.transport})
    before.send(Request("GET", f"{API}/me"))
    TransientSender().send(Request("GET", f"{API}/me"))
    assert len(first.requests) == 1
    assert len(second.requests) == 1


@pytest.mark.parametrize(
    "make",
    [
        lambda: PersistentSender(httpx.Client(), verify=False, timeout=1),
        lambda: AsyncPersistentSender(httpx.AsyncClient(), proxy="http://127.0.0.1:1", http2=True),
        lambda: SingletonSender(verify=False),
        lambda: AsyncSingletonSender(limits=httpx.Limits()),
    ],
)
def test_client_kwargs_with_an_existing_client_are_refused(make: Callable[[], Any]) -> None:
    with pytest.raises(
        ValueError, match=r"client-level keyword arguments \((http2, proxy|verify|limits)"
    ):
        make()


def test_client_kwargs_from_the_default_are_ignored_with_an_existing_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mine, default = Recorder(), Recorder()
    monkeypatch.setattr(
        spotipy.sender,
        "default_requests_kwargs",
        {"transport": default.transport, "verify": False, "timeout": 4.0},
    )
    with PersistentSender(httpx.Client(transport=mine.transport)) as sender:
        sender.send(Request("GET", f"{API}/me"))
    SingletonSender.client = httpx.Client(transport=mine.transport)
    SingletonSender().send(Request("GET", f"{API}/me"))
    assert default.requests == []
    assert mine.timeouts == [{"connect": 4.0, "read": 4.0, "write": 4.0, "pool": 4.0}] * 2


def test_client_kwargs_configure_the_created_client() -> None:
    with PersistentSender(verify=False, follow_redirects=True, timeout=9) as sender:
        assert isinstance(sender.client, httpx.Client)
        assert sender.client.timeout == httpx.Timeout(5.0)  # timeout is per request
        assert sender.client.follow_redirects is False  # follow_redirects is per send


# --- closing -----------------------------------------------------------------------


def test_persistent_sender_closes_only_its_own_client() -> None:
    own = PersistentSender(transport=Recorder().transport)
    assert own.session is own.client
    with own:
        own.send(Request("GET", f"{API}/me"))
        own.send(Request("GET", f"{API}/me"))
    assert own.client.is_closed
    with pytest.raises(RuntimeError, match="PersistentSender is closed"):
        own.send(Request("GET", f"{API}/me"))

    user_client = httpx.Client(transport=Recorder().transport)
    with PersistentSender(user_client) as borrowed:
        borrowed.send(Request("GET", f"{API}/me"))
    assert not user_client.is_closed
    borrowed.close()  # closing twice is harmless
    assert user_client.get(f"{API}/me").status_code == 200
    user_client.close()


@pytest.mark.anyio
async def test_async_persistent_sender_closes_only_its_own_client() -> None:
    own = AsyncPersistentSender(transport=Recorder().transport)
    assert own.session is own.client
    async with own:
        await own.send(Request("GET", f"{API}/me"))
    assert own.client.is_closed
    with pytest.raises(RuntimeError, match="AsyncPersistentSender is closed"):
        await own.send(Request("GET", f"{API}/me"))

    user_client = httpx.AsyncClient(transport=Recorder().transport)
    async with AsyncPersistentSender(user_client) as borrowed:
        await borrowed.send(Request("GET", f"{API}/me"))
    assert not user_client.is_closed
    await user_client.aclose()


@pytest.mark.anyio
async def test_transient_senders_hold_nothing_to_close() -> None:
    recorder = Recorder()
    sync = TransientSender(transport=recorder.transport)
    sync.close()
    sync.send(Request("GET", f"{API}/me"))  # still usable: every request has its own client
    async with AsyncTransientSender(transport=recorder.transport) as sender:
        await sender.send(Request("GET", f"{API}/me"))
    await sender.close()
    assert len(recorder.requests) == 2


def test_singleton_sender_shares_one_client_created_lazily() -> None:
    assert SingletonSender.client is None
    first, second = SingletonSender(), SingletonSender()
    shared = SingletonSender.client
    assert isinstance(shared, httpx.Client)
    assert first.client is shared
    assert second.session is shared
    first.close()  # an instance does not own the shared client
    with second:
        pass
    assert not shared.is_closed

    SingletonSender.close_client()
    assert shared.is_closed
    assert SingletonSender.client is None
    SingletonSender.close_client()  # nothing to close: harmless

    recorder = Recorder()
    SingletonSender.client = httpx.Client(transport=recorder.transport)  # users may assign
    first.send(Request("GET", f"{API}/me"))
    assert len(recorder.requests) == 1
    SingletonSender.close_client()
    assert first.session is not shared  # recreated on demand
    assert isinstance(SingletonSender.client, httpx.Client)


@pytest.mark.anyio
async def test_async_singleton_sender_shares_one_client() -> None:
    assert AsyncSingletonSender.client is None
    first, second = AsyncSingletonSender(), AsyncSingletonSender()
    shared = AsyncSingletonSender.client
    assert isinstance(shared, httpx.AsyncClient)
    assert first.session is shared
    assert second.client is shared
    async with first:
        pass
    assert not shared.is_closed
    await AsyncSingletonSender.close_client()
    assert shared.is_closed
    assert AsyncSingletonSender.client is None
    await AsyncSingletonSender.close_client()


def test_sender_modes() -> None:
    assert not Sender.is_async
    assert AsyncSender.is_async
    assert not TransientSender.is_async
    assert AsyncTransientSender.is_async


# --- logging -----------------------------------------------------------------------


@pytest.mark.anyio
async def test_requests_are_logged_without_secrets(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="spotipy.sender")

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/fail"):
            raise httpx.ReadTimeout("slow")
        return httpx.Response(200)

    recorder = Recorder(answer)
    request = Request(
        "GET", f"{API}/me?code=c0de", params={"state": "st4te"}, headers={"Authorization": "x"}
    )
    request.headers["Authorization"] = "Bearer s3cret"
    TransientSender(transport=recorder.transport).send(request)
    await AsyncTransientSender(transport=recorder.transport).send(request)
    with pytest.raises(TransportError):
        TransientSender(transport=recorder.transport).send(Request("GET", f"{API}/fail"))
    messages = [record.getMessage() for record in caplog.records]
    assert messages[:2] == ["GET /v1/me -> 200"] * 2
    assert messages[2].startswith("GET /v1/fail -> failed (ReadTimeout")
    assert all(record.name == "spotipy.sender" for record in caplog.records)
    for secret in ("s3cret", "c0de", "st4te"):
        assert secret not in caplog.text
