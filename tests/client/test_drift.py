"""Drift: every endpoint's real answers, mutated, must never fail the client badly.

For each case of the endpoint table, the emulator's answer is recorded once; hypothesis
then drops a field, nulls it, gives it the wrong type, puts an unknown string in it or
wraps it in another object, anywhere in the body, and the emulator serves the mutation.
The client must return a value or raise a :class:`~spotipy.errors.SpotipyError`, never
another exception.  The number of cases tried is printed in the test summary.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import httpx
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spotipy import Spotify
from spotipy.emulator import Emulator
from spotipy.errors import SpotipyError
from spotipy.sender import PersistentSender
from tests.client.test_every_endpoint import client_for
from tests.endpoints import CASES, Case, World
from tests.spec.test_requests_conform import Recorder

TRIED: dict[str, int] = {"cases": 0, "raised": 0}

MUTATIONS = ("drop", "null", "wrong type", "unknown enum", "nested")


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document (at most 400, to stay bounded)."""
    found: list[tuple[Any, ...]] = []
    stack = [(prefix, node)]
    while stack and len(found) < 400:
        where, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                found.append((*where, key))
                stack.append(((*where, key), item))
        elif isinstance(value, list):
            for index, item in enumerate(value[:5]):
                found.append((*where, index))
                stack.append(((*where, index), item))
    return found


def mutate(body: Any, where: tuple[Any, ...], how: str) -> Any:
    body = copy.deepcopy(body)
    parent = body
    for step in where[:-1]:
        parent = parent[step]
    last = where[-1]
    value = parent[last]
    if how == "drop":
        if isinstance(parent, dict):
            del parent[last]
        else:
            parent.pop(last)
    elif how == "null":
        parent[last] = None
    elif how == "wrong type":
        parent[last] = [] if not isinstance(value, list) else {"surprise": 1}
    elif how == "unknown enum":
        parent[last] = "a-value-spotify-added-in-2027"
    else:
        parent[last] = {"nested": value}
    return body


@functools.cache
def recorded(case_id: str) -> tuple[str, str, Any] | None:
    """The first request's method and path of a case, and the emulator's JSON answer."""
    case = next(c for c in CASES if c.id == case_id)
    emulator = Emulator(seed=0, profile="extended")
    world = World(emulator)
    case.prepare(world)
    recorder = Recorder(PersistentSender(client=httpx.Client(transport=emulator.transport())))
    token = emulator.user_token(world.user_id, case.scopes) if case.user else emulator.app_token()
    try:
        case.call(Spotify(token, recorder), world)
    except SpotipyError:
        return None
    request, response = recorder.exchanges[0]
    if not response.content:
        return None
    return request.method, request.path, msgspec.json.decode(response.content)


WITH_BODIES = [c for c in CASES if recorded(c.id) is not None]


@pytest.mark.parametrize("case", WITH_BODIES, ids=lambda c: c.id)
@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_drifted_answers_never_fail_badly(case: Case, data: st.DataObject) -> None:
    found = recorded(case.id)
    assert found is not None
    method, path, body = found
    places = paths(body)
    if not places:
        return
    where = data.draw(st.sampled_from(places), label="where")
    how = data.draw(st.sampled_from(MUTATIONS), label="how")
    emulator = Emulator(seed=0, profile="extended")
    world = World(emulator)
    case.prepare(world)
    emulator.faults.add(
        path=path, method=method, times=1, status=200,
        body=msgspec.json.encode(mutate(body, where, how)),
    )  # fmt: skip
    spotify = client_for(case, emulator, "sync")
    TRIED["cases"] += 1
    try:
        case.call(spotify, world)
    except SpotipyError:
        TRIED["raised"] += 1


def test_zz_report_cases_tried(capsys: pytest.CaptureFixture[str]) -> None:
    # Runs after the drift cases (pytest keeps file order): the figure for the log.
    with capsys.disabled():
        print(
            f"\ndrift suite: {TRIED['cases']} mutated answers over {len(WITH_BODIES)} endpoint"
            f" cases, {TRIED['raised']} raised a SpotipyError, 0 raised anything else"
        )
    assert TRIED["cases"] == 0 or TRIED["cases"] >= len(WITH_BODIES)
