"""Every answer to every endpoint case, writes included, judged by Spotify's spec.

The client's calls of the shared table (``tests/endpoints``) go to the emulator in both
profiles; each answer is validated against the schema the spec gives for its operation
and status: ``extended`` against the spec as written, ``development`` against the spec
with the fields Spotify removed in February 2026 no longer required; both patched with
what Spotify sends beyond its spec (the tables of ``test_emulator_schemas``).  An answer
without a body must be one the spec documents without content.
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any

import msgspec
import pytest

from spotipy import Spotify
from spotipy._http import Request, Response
from spotipy.emulator import Emulator
from spotipy.errors import SpotipyError
from spotipy.sender import TransientSender
from tests.endpoints import CASES, Case, World
from tests.spec.spec import SPEC_FILE, match
from tests.spec.spec import operations as spec_operations
from tests.spec.test_requests_conform import Recorder

if not SPEC_FILE.is_file():
    pytest.skip(f"Spotify's OpenAPI spec is not at {SPEC_FILE}", allow_module_level=True)

from tests.spec.test_emulator_schemas import (
    _check_local_entry,
    _ref,
    _specs,
    _validate,
    _without_local_entries,
)

PROFILES = ("development", "extended")


@functools.cache
def exchanges(profile: str) -> dict[str, list[tuple[Request, Response]]]:
    """Each case's requests and answers, for an emulator of ``profile``."""
    found: dict[str, list[tuple[Request, Response]]] = {}
    for case in CASES:
        emulator = Emulator(seed=0, profile=profile)  # type: ignore[arg-type]
        world = World(emulator)
        case.prepare(world)
        recorder = Recorder(TransientSender(transport=emulator.transport()))
        if case.user:
            token = emulator.user_token(world.user_id, case.scopes)
        else:
            token = emulator.app_token()
        with contextlib.suppress(SpotipyError):
            case.call(Spotify(token, recorder), world)
        found[case.id] = recorder.exchanges
    return found


def documented(request: Request, status: int) -> tuple[str, Any]:
    path = request.path.removeprefix("/v1")
    found = match(request.method, path)
    assert found is not None, f"{request.method} {path} is no operation of the spec"
    responses = found[1]["responses"]
    key = str(status)
    assert key in responses, f"{found[0]} does not document status {status}"
    return found[0], _ref(responses[key], _specs()[True])


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_answers_match_the_spec(case: Case, profile: str) -> None:
    seen = exchanges(profile)[case.id]
    assert seen, f"{case.id} sent nothing"
    spec = _specs()[profile == "extended"]
    for request, response in seen:
        operation, documented_response = documented(request, response.status_code)
        content = documented_response.get("content", {}).get("application/json")
        if content is None:
            assert response.content in (b"", b"null"), (
                f"{operation} {response.status_code}: a body the spec does not document"
            )
            continue
        body = msgspec.json.decode(response.content)
        body, local = _without_local_entries(body) if isinstance(body, dict) else (body, [])
        for entry in local:
            _check_local_entry(entry, ("item", "track"))
        _validate(spec, content["schema"], body)


def test_every_route_is_requested_and_judged() -> None:
    requested = set()
    for seen in exchanges("extended").values():
        for request, _ in seen:
            found = match(request.method, request.path.removeprefix("/v1"))
            assert found is not None
            requested.add(found[0])
    operations = {op for op, (m, p, _) in spec_operations().items()}
    routes = {
        op
        for op, (method, template, _) in spec_operations().items()
        if (method, f"/v1{template}") in set(Emulator(seed=0).routes)
    }
    missing = sorted(routes - requested)
    assert not missing, f"routes no case requests: {missing}"
    assert requested <= operations
