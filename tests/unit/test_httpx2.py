"""Senders over httpx2 clients, and the direct-to-transport path over either library.

A user's client may be an ``httpx.Client`` or an ``httpx2.Client`` (httpx's maintained
continuation, a separate module with its own classes and exceptions).  Every test here
talks to the emulator through the library's own ``MockTransport``, whose handler hands
the request to ``emulator.handle`` and turns its answer (or scripted fault) into that
library's response or exception, sync and async.

The plain case goes straight to the client's transport; what that path skips (auth,
event hooks, redirects, the ``httpx`` log line, cookie bookkeeping) is checked here to
still happen whenever a client asks for it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterator
from types import ModuleType
from typing import Any

import httpx
import httpx2
import pytest

from spotipy import Spotify
from spotipy._http import Request, Response, flavour
from spotipy.emulator import Emulator
from spotipy.errors import NotFound, TransportError
from spotipy.model import FullArtist
from spotipy.sender import AsyncPersistentSender, PersistentSender

LIBRARIES = {"httpx": httpx, "httpx2": httpx2}


def adapter(lib: ModuleType, emulator: Emulator, extra: dict[str, str] | None = None) -> Any:
    """A ``lib.MockTransport`` answering from ``emulator.handle`` (sync and async)."""

    def handler(request: Any) -> Any:
        answer = emulator.handle(
            request.method, str(request.url), request.headers.multi_items(), request.content
        )
        if answer.disconnect == "connect":
            raise lib.ConnectError("scripted connection failure", request=request)
        if answer.disconnect == "read":
            raise lib.ReadError("scripted dropped connection", request=request)
        headers = [*answer.headers, *(extra or {}).items()]
        return lib.Response(answer.status, headers=headers, content=answer.body)

    return lib.MockTransport(handler)


def send_one(mode: str, lib: ModuleType, transport: Any, request: Request, **kw: Any) -> Response:
    """Send one request through a persistent sender of ``mode`` over a ``lib`` client."""
    if mode == "sync":
        with lib.Client(transport=transport) as client:
            return PersistentSender(client=client, **kw).send(request)

    async def main() -> Response:
        async with lib.AsyncClient(transport=transport) as client:
            return await AsyncPersistentSender(client=client, **kw).send(request)

    return asyncio.run(main())


def run_both(mode: str, lib: ModuleType, transport: Any, call: Any, token: str) -> Any:
    """Call ``call(spotify)`` on a client of ``mode`` over a ``lib`` client."""
    if mode == "sync":
        with lib.Client(transport=transport) as client:
            return call(Spotify(token, PersistentSender(client=client)))

    async def main() -> Any:
        async with lib.AsyncClient(transport=transport) as client:
            return await call(Spotify(token, AsyncPersistentSender(client=client)))

    return asyncio.run(main())


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(seed=0)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=sorted(LIBRARIES))
def lib(request: pytest.FixtureRequest) -> ModuleType:
    return LIBRARIES[request.param]


def test_flavour_names_the_library() -> None:
    assert flavour(httpx.Client()).name == "httpx"
    assert flavour(httpx2.AsyncClient()).name == "httpx2"

    class Mine(httpx2.Client):
        pass

    assert flavour(Mine()).invalid_url is httpx2.InvalidURL


def test_a_client_of_neither_library_is_refused() -> None:
    with pytest.raises(TypeError, match="httpx or httpx2"):
        PersistentSender(client=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="httpx or httpx2"):
        AsyncPersistentSender(client=httpx.Client())  # type: ignore[arg-type]


def test_an_endpoint_answers_through_either_library(
    emulator: Emulator, mode: str, lib: ModuleType
) -> None:
    artist_id = emulator.catalogue.artist_ids[0]
    artist = run_both(
        mode, lib, adapter(lib, emulator), lambda s: s.artist(artist_id), emulator.app_token()
    )
    assert isinstance(artist, FullArtist)
    assert artist.id == artist_id
    assert emulator.requests[-1].path == f"/v1/artists/{artist_id}"


def test_an_error_status_maps_as_with_httpx(emulator: Emulator, mode: str) -> None:
    with pytest.raises(NotFound):
        run_both(
            mode,
            httpx2,
            adapter(httpx2, emulator),
            lambda s: s.artist("0" * 22),
            emulator.app_token(),
        )


def test_repeated_response_headers_survive(emulator: Emulator, mode: str) -> None:
    seen: list[list[str]] = []

    def call(spotify: Spotify[Any]) -> Any:
        original = spotify.sender.send

        def spy(request: Any) -> Any:
            response = original(request)
            if mode == "sync":
                seen.append(response.headers.get_list("x-seen"))
                return response

            async def later() -> Any:
                answer = await response
                seen.append(answer.headers.get_list("x-seen"))
                return answer

            return later()

        spotify.sender.send = spy  # type: ignore[method-assign]
        return spotify.artist(emulator.catalogue.artist_ids[0])

    transport = adapter(httpx2, emulator)
    handler = transport.handler

    def twice(request: httpx2.Request) -> httpx2.Response:
        response: httpx2.Response = handler(request)
        response.headers = httpx2.Headers(
            [*response.headers.multi_items(), ("X-Seen", "a"), ("X-Seen", "b")]
        )
        return response

    run_both(mode, httpx2, httpx2.MockTransport(twice), call, emulator.app_token())
    assert seen == [["a", "b"]]


@pytest.mark.parametrize(
    ("fault", "sent"), [({"connect_fail": True}, False), ({"drop": True}, True)]
)
def test_httpx2_failures_become_transport_errors(
    emulator: Emulator, mode: str, fault: dict[str, bool], sent: bool
) -> None:
    emulator.faults.add(**fault)
    with pytest.raises(TransportError) as info:
        run_both(
            mode, httpx2, adapter(httpx2, emulator), lambda s: s.artist("x" * 22), "secret-token"
        )
    assert info.value.sent is sent
    assert not isinstance(info.value, httpx2.HTTPError)
    assert "secret-token" not in str(info.value)


def test_an_invalid_url_is_never_sent(emulator: Emulator, mode: str, lib: ModuleType) -> None:
    request = Request("GET", "https://api.spotify.com/v1/" + "a" * 70_000)
    with pytest.raises(TransportError, match="invalid URL") as info:
        send_one(mode, lib, adapter(lib, emulator), request)
    assert info.value.sent is False
    assert len(emulator.requests) == 0


#: Chunks of a slow body: 0.02 s each, 200 s in all; a deadline of 0.1 s ends it long before.
SLOW_CHUNKS = 10_000


def test_the_deadline_holds_a_slow_body_sync(lib: ModuleType) -> None:
    pulled: list[int] = []

    def slow() -> Iterator[bytes]:
        for _ in range(SLOW_CHUNKS):
            time.sleep(0.02)
            pulled.append(1)
            yield b" "

    transport = lib.MockTransport(lambda request: lib.Response(200, content=slow()))
    with lib.Client(transport=transport) as client, pytest.raises(TransportError, match="deadline"):
        Spotify("token", PersistentSender(client=client, deadline=0.1)).artist("a" * 22)
    assert len(pulled) < SLOW_CHUNKS  # the body was given up, not read to its end


def test_the_deadline_holds_a_slow_answer_async(lib: ModuleType) -> None:
    pulled: list[int] = []

    async def slow() -> AsyncIterator[bytes]:
        for _ in range(SLOW_CHUNKS):
            await asyncio.sleep(0.02)
            pulled.append(1)
            yield b" "

    async def main() -> None:
        transport = lib.MockTransport(lambda request: lib.Response(200, content=slow()))
        async with lib.AsyncClient(transport=transport) as client:
            sender = AsyncPersistentSender(client=client, deadline=0.1)
            await Spotify("token", sender).artist("a" * 22)

    with pytest.raises(TransportError, match="deadline"):
        asyncio.run(main())
    assert len(pulled) < SLOW_CHUNKS


# What the direct path must not skip --------------------------------------------------------


def test_event_hooks_run(emulator: Emulator, mode: str, lib: ModuleType) -> None:
    statuses: list[int] = []

    def call(spotify: Spotify[Any]) -> Any:
        client = spotify.sender.client  # type: ignore[union-attr]
        if mode == "sync":
            client.event_hooks["response"].append(lambda r: statuses.append(r.status_code))
        else:

            async def hook(response: Any) -> None:
                statuses.append(response.status_code)

            client.event_hooks["response"].append(hook)
        return spotify.artist(emulator.catalogue.artist_ids[0])

    run_both(mode, lib, adapter(lib, emulator), call, emulator.app_token())
    assert statuses == [200]


def test_client_auth_is_applied(emulator: Emulator, mode: str, lib: ModuleType) -> None:
    token = emulator.app_token()

    def call(spotify: Spotify[Any]) -> Any:
        spotify.sender.client.auth = lambda request: request  # type: ignore[union-attr]
        seen: list[str] = []

        def auth(request: Any) -> Any:
            seen.append(request.url.path)
            return request

        spotify.sender.client.auth = auth  # type: ignore[union-attr]
        calls.append(seen)
        return spotify.artist(emulator.catalogue.artist_ids[0])

    calls: list[list[str]] = []
    run_both(mode, lib, adapter(lib, emulator), call, token)
    assert calls == [[f"/v1/artists/{emulator.catalogue.artist_ids[0]}"]]


def test_cookies_set_by_an_answer_are_kept(emulator: Emulator, mode: str, lib: ModuleType) -> None:
    jars: list[Any] = []

    def call(spotify: Spotify[Any]) -> Any:
        jars.append(spotify.sender.client.cookies)  # type: ignore[union-attr]
        return spotify.artist(emulator.catalogue.artist_ids[0])

    transport = adapter(lib, emulator, {"Set-Cookie": "session=abc; Path=/"})
    run_both(mode, lib, transport, call, emulator.app_token())
    assert jars[0].get("session") == "abc"


def test_the_libraries_request_log_still_appears(
    emulator: Emulator, mode: str, lib: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=lib.__name__):
        run_both(
            mode,
            lib,
            adapter(lib, emulator),
            lambda s: s.artist(emulator.catalogue.artist_ids[0]),
            emulator.app_token(),
        )
    assert any(r.name == lib.__name__ and "HTTP Request" in r.getMessage() for r in caplog.records)


def test_redirects_are_followed_when_asked(emulator: Emulator, mode: str, lib: ModuleType) -> None:
    artist_id = emulator.catalogue.artist_ids[0]
    inner = adapter(lib, emulator)

    def moved(request: Any) -> Any:
        if request.url.path == "/v1/old":
            return lib.Response(307, headers={"Location": f"/v1/artists/{artist_id}"})
        return inner.handler(request)

    transport = lib.MockTransport(moved)
    headers = {"Authorization": f"Bearer {emulator.app_token()}"}
    request = Request("GET", "https://api.spotify.com/v1/old", headers=headers)
    answer = send_one(mode, lib, transport, request, follow_redirects=True)
    assert answer.status_code == 200
    assert f'"id":"{artist_id}"'.encode() in answer.content.replace(b" ", b"")


def test_a_closed_client_is_refused(emulator: Emulator, lib: ModuleType) -> None:
    client = lib.Client(transport=adapter(lib, emulator))
    client.close()
    with pytest.raises(RuntimeError, match="closed"):
        Spotify(emulator.app_token(), PersistentSender(client=client)).artist("a" * 22)
