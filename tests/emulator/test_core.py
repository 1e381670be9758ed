"""The sans-I/O core and its building blocks, without any HTTP library in between."""

from __future__ import annotations

import httpx
import pytest

from spotipy.emulator import BIG_PLAYLIST_ID, Emulator, EmulatorResponse, Headers
from spotipy.emulator._asgi import bind
from spotipy.emulator._routing import Context, RouteTable


def test_handle_returns_a_plain_response() -> None:
    emu = Emulator(seed=0)
    answer = emu.handle(
        "get",
        f"https://api.spotify.com/v1/playlists/{BIG_PLAYLIST_ID}/items?limit=1",
        [("Authorization", f"Bearer {emu.app_token()}")],
    )
    assert isinstance(answer, EmulatorResponse)
    assert answer.status == 200
    assert answer.header("Content-Type") == "application/json; charset=utf-8"
    assert answer.header("x-missing") is None
    assert answer.header("content-length") == str(len(answer.body))
    assert (answer.delay, answer.disconnect) == (0.0, None)
    assert all(name == name.lower() for name, _ in answer.headers)


def test_handle_without_a_host_answers_as_spotify() -> None:
    emu = Emulator(seed=0)
    track = emu.catalogue.track_ids[0]
    answer = emu.handle(
        "GET", f"/v1/tracks/{track}", {"authorization": f"Bearer {emu.app_token()}"}
    )
    assert b'"href":"https://api.spotify.com/v1/tracks/' in answer.body


def test_headers_are_case_insensitive() -> None:
    headers = Headers([("Accept", "a"), ("ACCEPT", "b"), ("X-One", "1")])
    assert headers["accept"] == "a, b"
    assert dict(headers) == {"accept": "a, b", "x-one": "1"}
    assert len(headers) == 2
    assert 5 not in headers
    assert Headers({"Authorization": "Bearer x"})["AUTHORIZATION"] == "Bearer x"


def test_mock_transport_handler_answers_too() -> None:
    emu = Emulator(seed=0)
    transport = emu.transport()
    assert isinstance(transport, httpx.MockTransport)
    response = transport.handler(httpx.Request("GET", "https://api.spotify.com/v1/me"))
    assert isinstance(response, httpx.Response)
    assert response.status_code == 401


def test_routes_are_listed() -> None:
    routes = Emulator(seed=0).routes
    assert ("GET", "/v1/playlists/{playlist_id}/items") in routes
    assert ("POST", "/api/token") in routes


def test_route_table() -> None:
    table = RouteTable("/v2")

    @table.get("/things/{thing_id}")
    def thing(ctx: Context) -> bytes:
        return b"{}"  # pragma: no cover - never called

    @table.get("/things/latest")
    def latest(ctx: Context) -> bytes:
        return b"{}"  # pragma: no cover - never called

    route, params = table.resolve("GET", "/v2/things/a%20b")
    assert (route.template, params) == ("/things/{thing_id}", {"thing_id": "a b"})
    # A fixed segment wins over a parameter, whatever the order of registration.
    assert table.resolve("GET", "/v2/things/latest")[0].template == "/things/latest"
    with pytest.raises(ValueError, match="registered twice"):
        table.get("/things/latest")(latest)


def test_bind_accepts_loopback_only() -> None:
    sock = bind("localhost", 0)
    try:
        port = sock.getsockname()[1]
        with pytest.raises(OSError):
            bind("127.0.0.1", port)  # in use
    finally:
        sock.close()
    with pytest.raises(ValueError, match="loopback"):
        bind("10.0.0.1", 0)


def test_renderer_caches_answers() -> None:
    emu = Emulator(seed=0)
    headers = {"Authorization": f"Bearer {emu.app_token()}"}
    url = "https://api.spotify.com/v1/search?q=a&type=playlist,episode,audiobook,show"
    first = emu.handle("GET", url, headers).body
    assert emu.handle("GET", url, headers).body == first
