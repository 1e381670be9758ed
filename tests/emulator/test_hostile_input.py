"""The emulator never answers 500 to input, never raises, and stops quietly.

Bodies nested far deeper than any JSON Spotify takes and ``fields=`` filters nested
hundreds deep are 400s in Spotify's error shape, in-process (``Emulator.handle``) and
over a loopback socket; a fault of the emulator's own is a 500 in that shape, never an
exception; and stopping :func:`~spotipy.emulator.serve` while scripted latency holds
requests answers them, printing no traceback.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from typing import Any
from urllib.parse import quote

import httpx
import msgspec
import pytest

from spotipy.emulator import DEFAULT_USER_ID, Emulator, Server, serve
from spotipy.emulator._routing import accounts
from spotipy.emulator.routes import web_api

ORIGIN = "https://api.spotify.com"
#: Every scope a route may ask for, so no write is refused before its body is read.
SCOPES = (
    "playlist-modify-public",
    "playlist-modify-private",
    "playlist-read-private",
    "user-library-modify",
    "user-follow-modify",
    "user-modify-playback-state",
    "ugc-image-upload",
)
DEPTH = 100_000
DEEP_BODIES = {
    "arrays": b"[" * DEPTH + b"]" * DEPTH,
    "objects": b'{"uris":' * DEPTH + b"1" + b"}" * DEPTH,
    "in a field": b'{"uris":' + b"[" * DEPTH + b"]" * DEPTH + b"}",
}
WRITES = [r for r in web_api if r.method != "GET"]


def _headers(emulator: Emulator) -> dict[str, str]:
    token = emulator.user_token(DEFAULT_USER_ID, SCOPES)
    return {"authorization": f"Bearer {token}", "content-type": "application/json"}


def _path(emulator: Emulator, template: str) -> str:
    """The template with its parameters filled in: a playlist the user owns, the user."""
    playlist = emulator.handle(
        "POST", f"{ORIGIN}/v1/me/playlists", _headers(emulator), b'{"name": "Mine"}'
    )
    playlist_id = msgspec.json.decode(playlist.body)["id"]
    return "/v1" + template.format(playlist_id=playlist_id, user_id=DEFAULT_USER_ID)


def _error(status: int, body: bytes) -> str:
    """The message of Spotify's error object, checking its shape and status."""
    found = msgspec.json.decode(body)
    assert set(found) == {"error"}, found
    assert found["error"]["status"] == status
    message = found["error"]["message"]
    assert isinstance(message, str)
    return message


@pytest.mark.parametrize("shape", DEEP_BODIES)
@pytest.mark.parametrize("route", WRITES, ids=lambda r: f"{r.method} {r.template}")
def test_a_deeply_nested_body_is_answered_as_malformed_json(route: Any, shape: str) -> None:
    # Each route answers a body nested 100,000 deep as it answers a body that is not
    # JSON at all: the route's own 4xx (400 where it reads the body), never a 500.
    answers = []
    for body in (DEEP_BODIES[shape], b'{"uris": ['):
        emulator = Emulator(seed=0, profile="extended")
        url = ORIGIN + _path(emulator, route.template)
        answer = emulator.handle(route.method, url, _headers(emulator), body)
        assert answer.status < 500, (answer.status, answer.body[:200])
        message = _error(answer.status, answer.body) if answer.status >= 400 else None
        answers.append((answer.status, message))
    assert answers[0] == answers[1]


@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("POST", "/me/playlists"),
        ("PUT", "/playlists/{playlist_id}"),
        ("POST", "/playlists/{playlist_id}/items"),
    ],
)
def test_a_deeply_nested_body_is_a_400_over_http(
    socket_emulator: Server, method: str, template: str
) -> None:
    emulator = socket_emulator.emulator
    url = socket_emulator.accounts_url + _path(emulator, template)
    for body in DEEP_BODIES.values():
        response = httpx.request(method, url, headers=_headers(emulator), content=body)
        assert response.status_code == 400
        assert _error(400, response.content) == "Error parsing json"


def _nested_fields(depth: int, *, dots: bool) -> str:
    if dots:
        return "a." * depth + "b"
    return "a(" * depth + "b" + ")" * depth


@pytest.mark.parametrize("dots", [False, True], ids=["parentheses", "dots"])
@pytest.mark.parametrize("depth", [33, 300, 5_000])
def test_fields_nested_hundreds_deep_are_a_400(depth: int, dots: bool) -> None:
    emulator = Emulator(seed=0)
    path = _path(emulator, "/playlists/{playlist_id}")
    fields = _nested_fields(depth, dots=dots)
    answer = emulator.handle("GET", f"{ORIGIN}{path}?fields={fields}", _headers(emulator))
    assert answer.status == 400
    assert _error(400, answer.body) == "Invalid fields"


def test_fields_nested_a_few_levels_still_filter() -> None:
    emulator = Emulator(seed=0)
    path = _path(emulator, "/playlists/{playlist_id}")
    url = f"{ORIGIN}{path}?fields=owner(id),tracks.total"
    answer = emulator.handle("GET", url, _headers(emulator))
    assert answer.status == 200
    assert msgspec.json.decode(answer.body) == {
        "owner": {"id": DEFAULT_USER_ID},
        "tracks": {"total": 0},
    }
    deepest = _nested_fields(32, dots=False)
    assert (
        emulator.handle("GET", f"{ORIGIN}{path}?fields={deepest}", _headers(emulator)).status == 200
    )


def test_fields_nested_hundreds_deep_are_a_400_over_http(socket_emulator: Server) -> None:
    emulator = socket_emulator.emulator
    path = _path(emulator, "/playlists/{playlist_id}")
    for dots in (False, True):
        fields = _nested_fields(500, dots=dots)
        response = httpx.get(
            f"{socket_emulator.accounts_url}{path}",
            params={"fields": fields},
            headers=_headers(emulator),
        )
        assert response.status_code == 400
        assert _error(400, response.content) == "Invalid fields"


def test_a_url_that_does_not_parse_is_a_400() -> None:
    answer = Emulator(seed=0).handle("GET", "http://[::1/v1/markets")
    assert answer.status == 400


def test_a_fault_of_the_emulator_is_a_500_in_spotify_shape_not_an_exception(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    emulator = Emulator(seed=0)

    def broken(*args: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(emulator, "_dispatch", broken)
    with caplog.at_level(logging.ERROR, logger="spotipy.emulator"):
        answer = emulator.handle("GET", f"{ORIGIN}/v1/markets?secret=x")
        token = emulator.handle("POST", "https://accounts.spotify.com/api/token")
    assert answer.status == 500
    assert _error(500, answer.body) == "Internal Server Error"
    assert token.status == 500
    assert msgspec.json.decode(token.body)["error"] == "server_error"
    # The bug is logged, with its path and never its query.
    assert [r.getMessage() for r in caplog.records] == [
        "The emulator failed to answer GET /v1/markets",
        "The emulator failed to answer POST /api/token",
    ]


def test_stopping_the_server_answers_requests_held_by_latency_without_tracebacks(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    emulator = Emulator(seed=0)
    headers = {"authorization": f"Bearer {emulator.app_token()}"}
    artist = emulator.catalogue.artist_ids[0]
    statuses: list[int | str] = []

    def ask(url: str) -> None:
        try:
            statuses.append(httpx.get(url, headers=headers, timeout=30).status_code)
        except httpx.HTTPError as error:
            statuses.append(type(error).__name__)

    with caplog.at_level(logging.DEBUG), serve(emulator) as server:
        # Held far longer than the server's graceful shutdown would wait.
        emulator.faults.add(path="/v1/artists", latency=600, times=None)
        url = f"{server.api_url}/artists/{artist}"
        askers = [threading.Thread(target=ask, args=(url,)) for _ in range(3)]
        for asker in askers:
            asker.start()
        deadline = time.monotonic() + 30
        while len(emulator.requests) < len(askers):  # all three are held
            assert time.monotonic() < deadline, "the requests never reached the emulator"
            time.sleep(0.01)
    for asker in askers:
        asker.join(30)
    assert statuses == [200, 200, 200]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert "Traceback" not in capfd.readouterr().err


_WEIRD = [
    "",
    "0",
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "%00",
    "%ff",
    "\u00e9",
    ",",
    "a,b",
    " ",
    "from_token",
    "spotify:track:" + "a" * 22,
    "x" * 3000,
    "a(" * 200 + "b" + ")" * 200,
]
_NAMES = ["limit", "offset", "market", "ids", "uris", "type", "fields", "q", "after", "before"]
_KEYS = ["uris", "ids", "name", "public", "position", "range_start", "snapshot_id", "items"]


def _json(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.random()
    if depth > 4 or kind < 0.3:
        return rng.choice([None, True, -1, 1.5, 10**30, "", "x", [], {}])
    if kind < 0.6:
        return [_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(_KEYS): _json(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def _fill(template: str, rng: random.Random, playlist: str) -> str:
    """The template's parameters: the user's own playlist, or odd segments."""
    ours = rng.random() < 0.5

    def segment(match: re.Match[str]) -> str:
        if ours and match[1] == "playlist_id":
            return playlist
        return quote(rng.choice(_WEIRD), safe="")

    return re.sub(r"\{(\w+)\}", segment, template)


@pytest.mark.parametrize("seed", range(4))
def test_no_request_makes_the_emulator_raise_or_answer_500(seed: int) -> None:
    # Random requests on every route: odd path segments, query values and bodies.
    rng = random.Random(seed)
    emulator = Emulator(seed=0, profile="extended")
    headers = _headers(emulator)
    playlist = _path(emulator, "/playlists/{playlist_id}").rsplit("/", 1)[1]
    routes = [(r, "/v1") for r in web_api] + [(r, "") for r in accounts]
    for _ in range(250):
        route, prefix = rng.choice(routes)
        path = prefix + _fill(route.template, rng, playlist)
        query = "&".join(
            f"{rng.choice(_NAMES)}={quote(rng.choice(_WEIRD))}" for _ in range(rng.randint(0, 3))
        )
        if rng.random() < 0.1:
            body = rng.choice(list(DEEP_BODIES.values()))
        elif rng.random() < 0.5:
            body = msgspec.json.encode(_json(rng))
        else:
            body = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40)))
        answer = emulator.handle(route.method, f"{ORIGIN}{path}?{query}", headers, body)
        assert answer.status < 500, (route.method, path, query, body[:80], answer.body[:200])
