"""The spec's operations, the client's endpoints and the emulator's routes are the same."""

from __future__ import annotations

from spotipy.emulator import Emulator
from tests.endpoints import endpoints
from tests.spec.spec import operations, require_spec


def test_spec_client_and_emulator_hold_the_same_operations() -> None:
    require_spec()
    spec = {op: (method, f"/v1{path}") for op, (method, path, _) in operations().items()}
    client = {ep.operation for ep in endpoints().values()}
    routes = {(m, p) for m, p in Emulator(seed=0).routes if p.startswith("/v1/")}
    served = {op for op, route in spec.items() if route in routes}
    assert sorted(set(spec) - client) == [], "operations without a client method"
    assert sorted(client - set(spec)) == [], "client methods naming no operation"
    assert sorted(set(spec) - served) == [], "operations without an emulator route"
    assert len(routes) == len(served) == len(spec) == 97
