"""The emulator on a real loopback socket (uvicorn), and its ASGI adapter on its own."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from spotipy.emulator import BIG_PLAYLIST_ID, DEFAULT_USER_ID, Emulator, Server, serve
from spotipy.emulator._asgi import bind
from tests.emulator.oauth import authorize_params, pkce_pair, redirect_query, submit


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve(Emulator(seed=0), host="127.0.0.1", port=0) as running:
        yield running


def _token(server: Server) -> str:
    response = httpx.post(
        f"{server.accounts_url}/api/token",
        data={"grant_type": "client_credentials"},
        auth=(server.emulator.client_id, server.emulator.client_secret),
    )
    assert response.status_code == 200
    return str(response.json()["access_token"])


def test_urls(server: Server) -> None:
    assert server.host == "127.0.0.1"
    assert server.port > 0
    assert server.accounts_url == f"http://127.0.0.1:{server.port}"
    assert server.api_url == f"{server.accounts_url}/v1"


def test_links_point_at_the_socket(server: Server) -> None:
    headers = {"Authorization": f"Bearer {_token(server)}"}
    with httpx.Client(headers=headers) as client:
        url: str | None = f"{server.api_url}/playlists/{BIG_PLAYLIST_ID}/items?offset=9800&limit=50"
        count = 0
        while url:
            assert url.startswith(server.api_url)
            response = client.get(url)
            assert response.status_code == 200
            assert response.headers["content-type"] == "application/json; charset=utf-8"
            assert response.headers.get_list("date") == [response.headers["date"]]
            assert "server" not in response.headers
            page = response.json()
            count += len(page["items"])
            url = page["next"]
        assert count == 200
        track = page["items"][0]["item"]
        assert track["href"].startswith(server.api_url)


def test_errors_over_the_socket(server: Server) -> None:
    response = httpx.get(f"{server.api_url}/me")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "No token provided"
    assert httpx.get(f"{server.api_url}/nothing").status_code == 404


def test_request_body_reaches_the_emulator(server: Server) -> None:
    before = len(server.emulator.requests)
    httpx.post(f"{server.api_url}/me", content=b"x" * 70_000)
    recorded = server.emulator.requests[before]
    assert recorded.body == b"x" * 70_000
    assert recorded.url == f"{server.api_url}/me"


def test_drop_breaks_the_connection(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    token = _token(server)
    server.emulator.faults.add(drop=True, path="/v1/artists")
    artist = server.emulator.catalogue.artist_ids[0]
    with caplog.at_level(logging.ERROR, logger="uvicorn.error"):
        with pytest.raises(httpx.TransportError):
            httpx.get(
                f"{server.api_url}/artists/{artist}", headers={"Authorization": f"Bearer {token}"}
            )
        # The next request gets through.
        response = httpx.get(
            f"{server.api_url}/artists/{artist}", headers={"Authorization": f"Bearer {token}"}
        )
    assert response.status_code == 200
    assert not [r for r in caplog.records if "without completing" in r.getMessage()]


def test_latency(server: Server) -> None:
    server.emulator.faults.add(status=503, latency=0.1, path="/v1/search")
    started = time.perf_counter()
    response = httpx.get(f"{server.api_url}/search?q=a&type=track")
    assert response.status_code == 503
    assert time.perf_counter() - started >= 0.1


def test_accepted_connections_do_not_wait_for_nagle() -> None:
    # asyncio sets TCP_NODELAY on accepted sockets only if their proto is IPPROTO_TCP.
    listener = bind("127.0.0.1", 0)
    assert listener.proto == socket.IPPROTO_TCP

    async def accept_one() -> int:
        accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        async with server:
            _, writer = await asyncio.open_connection(*listener.getsockname()[:2])
            nodelay = await asyncio.wait_for(accepted, 10)
            writer.close()
        return nodelay

    assert asyncio.run(accept_one()) != 0


def test_accepted_connections_do_not_wait_for_delayed_acks() -> None:
    # Nagle and delayed ACKs made each request on a kept-alive connection take ~40 ms.
    # asyncio turns Nagle off (TCP_NODELAY) only on sockets whose proto is IPPROTO_TCP, so
    # the listener must name it; the latency itself is measured in bench/emulator.py.
    listener = bind("127.0.0.1", 0)
    assert listener.proto == socket.IPPROTO_TCP
    seen: list[int] = []

    async def accept_one() -> None:
        def handle(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            peer = writer.get_extra_info("socket")
            seen.append(peer.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(handle, sock=listener)
        async with server:
            port = listener.getsockname()[1]
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(200):  # bounded: the handler runs within a few loop turns
                if seen:
                    break
                await asyncio.sleep(0.005)
            writer.close()

    asyncio.run(asyncio.wait_for(accept_one(), timeout=5))
    assert seen == [1]


def test_authorisation_code_flow_over_the_socket() -> None:
    emulator = Emulator(seed=0)
    with serve(emulator) as running, httpx.Client() as browser:
        callback = "http://127.0.0.1:43210/cb"  # the app's; never connected to here
        emulator.register_redirect_uri(callback)
        verifier, challenge = pkce_pair()
        params = authorize_params(
            redirect_uri=callback, code_challenge=challenge, code_challenge_method="S256"
        )
        page = browser.get(f"{running.accounts_url}/authorize", params=params)
        assert page.status_code == 200
        answer = submit(browser, page, "Agree")
        query = redirect_query(answer)
        assert answer.headers["location"].startswith(callback)
        assert query["state"] == "xyz-123"
        token = browser.post(
            f"{running.accounts_url}/api/token",
            data={
                "grant_type": "authorization_code",
                "code": query["code"],
                "redirect_uri": callback,
                "code_verifier": verifier,
                "client_id": emulator.client_id,
            },
        ).json()
        me = browser.get(
            f"{running.api_url}/me", headers={"Authorization": f"Bearer {token['access_token']}"}
        )
        assert me.json()["id"] == DEFAULT_USER_ID
        renewed = browser.post(
            f"{running.accounts_url}/api/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": token["refresh_token"],
                "client_id": emulator.client_id,
            },
        )
        assert renewed.status_code == 200
        assert emulator.token_requests == ["authorization_code", "refresh_token"]


def test_only_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"), serve(Emulator(seed=0), host="0.0.0.0"):
        pass  # pragma: no cover
    with pytest.raises(ValueError, match="loopback"), serve(Emulator(seed=0), host="example.org"):
        pass  # pragma: no cover


def test_ipv6_loopback() -> None:
    try:
        cm = serve(Emulator(seed=0), host="::1")
        running = cm.__enter__()
    except OSError:
        pytest.skip("no IPv6 loopback here")
    try:
        assert running.accounts_url == f"http://[::1]:{running.port}"
        assert httpx.get(f"{running.api_url}/me").status_code == 401
    finally:
        cm.__exit__(None, None, None)


# The ASGI adapter, driven directly -------------------------------------------------------


async def _call(app: Any, scope: dict[str, Any], messages: list[dict[str, Any]]) -> list[Any]:
    sent: list[Any] = []
    incoming = iter(messages)

    async def receive() -> dict[str, Any]:
        return next(incoming)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def _http_scope(**extra: Any) -> dict[str, Any]:
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": "http",
        "path": "/v1/me",
        "raw_path": b"/v1/me",
        "query_string": b"",
        "headers": [(b"host", b"emulator.test:81")],
        "server": ("127.0.0.1", 81),
    }
    scope.update(extra)
    return scope


def test_asgi_lifespan() -> None:
    sent = asyncio.run(
        _call(
            Emulator(seed=0).asgi,
            {"type": "lifespan"},
            [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}],
        )
    )
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


def test_asgi_http_in_chunks() -> None:
    emu = Emulator(seed=0)
    body = [
        {"type": "http.request", "body": b"ab", "more_body": True},
        {"type": "http.request", "body": b"cd"},
    ]
    sent = asyncio.run(_call(emu.asgi, _http_scope(method="POST"), body))
    assert sent[0]["status"] == 405
    assert emu.requests[-1].body == b"abcd"
    assert emu.requests[-1].url == "http://emulator.test:81/v1/me"


def test_asgi_url_without_host_or_raw_path() -> None:
    emu = Emulator(seed=0)
    scope = _http_scope(headers=[], raw_path=None, path="/v1/users/a b", query_string=b"x=1")
    sent = asyncio.run(_call(emu.asgi, scope, [{"type": "http.request"}]))
    assert sent[0]["status"] == 401
    assert emu.requests[-1].url == "http://127.0.0.1:81/v1/users/a%20b?x=1"


def test_asgi_client_gone_before_the_body() -> None:
    emu = Emulator(seed=0)
    sent = asyncio.run(_call(emu.asgi, _http_scope(), [{"type": "http.disconnect"}]))
    assert sent == []
    assert len(emu.requests) == 0


def test_asgi_ignores_websockets() -> None:
    assert asyncio.run(_call(Emulator(seed=0).asgi, {"type": "websocket"}, [])) == []
