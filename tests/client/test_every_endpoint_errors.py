"""Every endpoint meets every kind of failure, sync and async, through real senders."""

from __future__ import annotations

from typing import Any

import pytest

from spotipy.emulator import Emulator
from spotipy.errors import (
    InternalServerError,
    NotFound,
    ResponseError,
    ServiceUnavailable,
    SpotipyError,
    TooManyRequests,
    TransportError,
    Unauthorised,
)
from tests.client.test_every_endpoint import client_for, declared_result
from tests.conftest import Runner
from tests.endpoints import CASES, Case, World

FAULTS: dict[str, tuple[dict[str, Any], type[SpotipyError]]] = {
    "404": ({"status": 404}, NotFound),
    # Twice: a 401 is sent once more (Spotify's spurious 401s), the second is raised.
    "401": ({"status": 401, "times": 2}, Unauthorised),
    "429 with Retry-After": ({"status": 429, "headers": {"Retry-After": "3"}}, TooManyRequests),
    "429 without Retry-After": ({"status": 429}, TooManyRequests),
    "500": ({"status": 500}, InternalServerError),
    "503": ({"status": 503}, ServiceUnavailable),
    "HTML body": ({"status": 200, "body": b"<html>maintenance</html>"}, ResponseError),
    "wrong JSON": ({"status": 200, "body": b'{"items": 7, "id": []}'}, ResponseError),
    "dropped": ({"drop": True}, TransportError),
    "corrupt gzip": (
        {"status": 200, "headers": {"Content-Encoding": "gzip"}, "body": b"\x1f\x8bno"},
        TransportError,
    ),
    "JSON nested too deep": ({"status": 200, "body": b"[" * 5000 + b"]" * 5000}, ResponseError),
    "error body nested too deep": (
        {"status": 500, "body": b'{"error": ' + b"[" * 5000 + b"]" * 5000 + b"}"},
        InternalServerError,
    ),
}

#: Bodies a write without an answer ignores: its result is None whatever they hold.
IGNORED_BODIES = ("HTML body", "wrong JSON", "JSON nested too deep")


def returns_nothing(case: Case) -> bool:
    """Writes answered without a body: a body they do not expect is no error."""
    return bool(declared_result(case) is type(None))


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_failure(case: Case, mode: str, run: Runner, fault: str) -> None:
    emulator = Emulator(seed=0, profile="extended")
    world = World(emulator)
    case.prepare(world)
    spotify = client_for(case, emulator, mode)
    spec, error = FAULTS[fault]
    if returns_nothing(case) and fault in IGNORED_BODIES:
        emulator.faults.add(path="/v1/", **{"times": 1, **spec})
        assert run(case.call(spotify, world)) is None
        return
    emulator.faults.add(path="/v1/", **{"times": 1, **spec})
    with pytest.raises(error) as info:
        run(case.call(spotify, world))
    message = str(info.value)
    assert "Bearer" not in message
    if isinstance(info.value, TooManyRequests):
        assert info.value.retry_after == (3 if "with" in fault and "out" not in fault else None)
    if not isinstance(info.value, TransportError):
        assert "/v1/" in message  # names the endpoint
