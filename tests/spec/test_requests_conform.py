"""The client's requests judged against Spotify's spec.

Two judges: our own reading of the spec (every endpoint method names a real operation,
sends its method and path, and only declared query parameters within their bounds) and
Prism, an independent validator that serves the spec and checks every request it gets
(``../shared/conformance/README.md``).  Prism needs npm; without it that part skips.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from spotipy import Spotify
from spotipy._http import Request, Response
from spotipy.emulator import Emulator
from spotipy.errors import SpotipyError
from spotipy.sender import Sender, TransientSender
from tests.endpoints import CASES, World, endpoints
from tests.spec.spec import SPEC_FILE, match, operations, query_parameters, require_spec

ROOT = Path(__file__).resolve().parents[2]
PRISM_VERSION = "5.14.2"


class Recorder(Sender):
    """Records each request and its answer on the way through a real sender."""

    def __init__(self, inner: Sender) -> None:
        self.inner = inner
        self.exchanges: list[tuple[Request, Response]] = []

    def send(self, request: Request) -> Response:
        response = self.inner.send(request)
        self.exchanges.append((request, response))
        return response

    def close(self) -> None:
        self.inner.close()


def test_endpoint_facts_match_the_spec() -> None:
    require_spec()
    ops = operations()
    for name, ep in endpoints().items():
        assert ep.operation in ops, f"{name}: unknown operation {ep.operation}"
        operation = ops[ep.operation][2]
        assert ep.deprecated == bool(operation.get("deprecated")), name
        limit = query_parameters(operation).get("limit")
        if ep.max_limit is not None:
            assert limit is not None, name
            assert ep.max_limit == limit["schema"]["maximum"], name
        security = operation.get("security", [])
        listed = {scope for requirement in security for scope in requirement.get("oauth_2_0", [])}
        # Every scope the spec lists is declared, required or optional; an optional scope
        # the spec does not list may document more (private playlists).
        assert set(ep.scope) <= listed, f"{name}: scopes"
        assert listed <= set(ep.scope) | set(ep.optional_scope), f"{name}: scopes"


def record_calls(api_url: str, *, emulated: bool) -> Recorder:
    """Send every case to ``api_url``: the emulator in-process, or a server (Prism)."""
    emulator = Emulator(seed=0, profile="extended")
    world = World(emulator)
    sender = TransientSender(transport=emulator.transport()) if emulated else TransientSender()
    recorder = Recorder(sender)
    for case in CASES:
        case.prepare(world)
        if case.user:
            token = emulator.user_token(world.user_id, case.scopes)
        else:
            token = emulator.app_token()
        spotify = Spotify(token, recorder, api_url=api_url)
        with contextlib.suppress(SpotipyError):  # only the requests are judged here
            case.call(spotify, world)
    return recorder


def test_requests_use_declared_operations_and_parameters() -> None:
    require_spec()
    recorder = record_calls("https://api.spotify.com/v1", emulated=True)
    assert len(recorder.exchanges) >= len(CASES)
    for request, _ in recorder.exchanges:
        path = request.path.removeprefix("/v1")
        found = match(request.method, path)
        assert found is not None, f"{request.method} {path} is no operation of the spec"
        declared = query_parameters(found[1])
        for name, value in (request.params or {}).items():
            assert name in declared, f"{found[0]} does not declare {name!r}"
            schema = declared[name].get("schema", {})
            if "maximum" in schema:
                assert float(value) <= schema["maximum"], (found[0], name, value)
            if "minimum" in schema:
                assert float(value) >= schema["minimum"], (found[0], name, value)
        for name, parameter in declared.items():
            if parameter.get("required"):
                assert name in (request.params or {}), f"{found[0]} needs {name!r}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def prism() -> Iterator[str]:
    require_spec()
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not available to install Prism")
    folder = ROOT / ".prism"
    binary = folder / "node_modules" / ".bin" / "prism"
    if not binary.exists():
        folder.mkdir(exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
                "--prefix",
                str(folder),
                f"@stoplight/prism-cli@{PRISM_VERSION}",
            ],
            check=True,
            timeout=300,
            capture_output=True,
        )
    port = free_port()
    process = subprocess.Popen(
        [
            str(binary),
            "mock",
            "--errors",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-v",
            "warn",
            str(SPEC_FILE),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("Prism did not start")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def prism_refused(response: Response) -> bool:
    """Prism's verdict: a violations header or a problem document means 'refused'."""
    return (
        "sl-violations" in response.headers
        or response.headers.get("content-type", "").startswith("application/problem+json")
        or response.status_code in {404, 405, 415, 422}
    )


@pytest.mark.prism
def test_prism_accepts_every_request(prism: str) -> None:
    recorder = record_calls(prism, emulated=False)
    assert len(recorder.exchanges) >= len(CASES)
    refused = [
        f"{request.method} {request.path}: {response.status_code} {response.content[:300]!r}"
        for request, response in recorder.exchanges
        if prism_refused(response)
    ]
    assert refused == []


@pytest.mark.prism
def test_prism_catches_a_bad_request(prism: str) -> None:
    # The judge must be able to fail: a limit beyond the spec's maximum is refused.
    request = Request(
        "GET",
        f"{prism}/search",
        params={"q": "a", "type": "track", "limit": "11"},
        headers={"Authorization": "Bearer x"},
    )
    response = TransientSender().send(request)
    assert prism_refused(response)
    assert b"limit" in response.content


def test_id_caps_are_the_specs() -> None:
    """``max_ids`` is the smallest cap the spec states for the operation's list."""
    import re

    from tests.spec.spec import resolve

    require_spec()
    ops = operations()
    capped = {name: ep for name, ep in endpoints().items() if ep.max_ids is not None}
    assert len(capped) >= 40
    for name, ep in capped.items():
        operation = ops[ep.operation][2]
        text = str([resolve(p) for p in operation.get("parameters", [])])
        text += str(resolve(operation.get("requestBody", {})))
        stated = {
            int(n)
            for n in re.findall(r"(?:[Mm]aximum:?|maximum of|[Uu]p to|maxItems': ) ?(\d+)", text)
        }
        assert stated, f"{name}: the spec states no cap"
        assert ep.max_ids == min(stated), f"{name}: max_ids {ep.max_ids}, the spec {stated}"
