"""Every endpoint method, sync and async, through the real sender stack.

The cases come from the one table in ``tests/endpoints``; what is checked comes from
each method's ``@endpoint`` facts and signature:

- the happy path answers a value of the type the method declares;
- every declared check refuses a bad argument before any request;
- lists longer than ``max_ids`` are split into requests of at most ``max_ids``, in
  order, or refused with chunking off;
- operations that need extended quota raise ``ExtendedQuotaRequired``: before sending
  for a ``quota="development"`` client, on Spotify's 403 otherwise, and succeed on an
  extended-quota emulator.
"""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

import pytest

from spotipy import Spotify
from spotipy.client._params import (
    Id,
    Ids,
    LimitCheck,
    MarketCheck,
    OffsetCheck,
    OneOf,
    SomeOf,
    Uris,
)
from spotipy.emulator import Emulator
from spotipy.errors import ExtendedQuotaRequired
from tests.conftest import Runner, make_sender
from tests.endpoints import CASES, Case, World, endpoints

EXTENDED = [c for c in CASES if c.endpoint.quota == "extended"]
LISTED = [c for c in CASES if c.endpoint.listed is not None]


def client_for(case: Case, emulator: Emulator, mode: str, **options: Any) -> Spotify[Any]:
    """A client of ``mode`` with the token ``case`` needs."""
    if case.user:
        token = emulator.user_token(World(emulator).user_id, case.scopes)
    else:
        token = emulator.app_token()
    return Spotify(token, make_sender(emulator, mode), **options)


def profile(case: Case) -> str:
    return "extended" if case.endpoint.quota == "extended" else "development"


def api_requests(emulator: Emulator) -> int:
    return sum(1 for r in emulator.requests if r.path.startswith("/v1/"))


def conforms(value: Any, hint: Any) -> bool:
    """Whether ``value`` is of the declared type ``hint`` (models, lists, unions)."""
    if hint is Any:
        return True
    if hint is None or hint is type(None):
        return value is None
    origin = get_origin(hint)
    args = get_args(hint)
    if origin in (Union, types.UnionType):
        return any(conforms(value, a) for a in args)
    if origin is list:
        return isinstance(value, list) and all(conforms(v, args[0]) for v in value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return isinstance(value, tuple) and all(conforms(v, args[0]) for v in value)
        return isinstance(value, tuple) and all(map(conforms, value, args))
    if origin is dict:
        return isinstance(value, dict)
    if origin is not None:
        return isinstance(value, origin)
    return isinstance(value, hint)


def declared_result(case: Case) -> Any:
    hint = case.endpoint.hints["return"]
    return get_args(hint)[-1]  # Flow[T] is Generator[Request, Response, T]


def test_every_endpoint_has_a_case() -> None:
    assert sorted({c.method for c in CASES}) == sorted(endpoints())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_happy_path(case: Case, mode: str, run: Runner) -> None:
    emulator = Emulator(seed=0, profile=profile(case))
    world = World(emulator)
    case.prepare(world)
    spotify = client_for(case, emulator, mode)
    result = run(case.call(spotify, world))
    expected = declared_result(case)
    assert conforms(result, expected), f"{case.id} answered {type(result)}, not {expected}"


def bad_values(check: Any, case: Case) -> list[Any]:
    """Values the check must refuse."""
    if isinstance(check, Id):
        other = "show" if check.kind != "show" else "album"
        return ["not an id!", f"spotify:{other}:" + "a" * 22, "a" * 100_000, "x\r\ny"]
    if isinstance(check, (Ids, Uris)):
        return [[], ["not an id!"], 7, ["a" * 100_000]]
    if isinstance(check, LimitCheck):
        return [0, (case.endpoint.max_limit or 50) + 1, "10", True]
    if isinstance(check, OffsetCheck):
        return [-1, "3"]
    if isinstance(check, MarketCheck):
        return ["SWE", "S1", 46]
    if isinstance(check, (OneOf, SomeOf)):
        return ["no-such-value"]
    return []


DECLARED = [
    (case, name, bad)
    for case in {c.method: c for c in CASES}.values()
    for name, check in case.endpoint.checks.items()
    for bad in bad_values(check, case)
]


@pytest.mark.parametrize(
    ("case", "name", "bad"),
    DECLARED,
    ids=[f"{c.method}-{n}-{b!r}"[:60] for c, n, b in DECLARED],
)
def test_bad_arguments_fail_before_any_request(
    case: Case, name: str, bad: Any, mode: str, run: Runner
) -> None:
    emulator = Emulator(seed=0, profile="extended")
    world = World(emulator)
    spotify = client_for(case, emulator, mode)
    args, kwargs = case.bind(world)
    bound = case.endpoint._prepare()[0].bind_partial(spotify, *args, **kwargs)
    bound.arguments[name] = bad
    before = api_requests(emulator)
    method = getattr(spotify, case.method)
    with pytest.raises((ValueError, TypeError)):
        # Sync clients raise on the call, async ones when it is awaited.
        run.call(lambda: method(*bound.args[1:], **bound.kwargs))
    assert api_requests(emulator) == before


def long_list(case: Case, world: World, count: int) -> list[str]:
    check = case.endpoint.checks[case.endpoint.listed or ""]
    kind = check.kind if isinstance(check, Ids) else "track"
    found = world.many(kind, count)
    assert len(found) == count, f"the catalogue has fewer than {count} {kind}s"
    return found


@pytest.mark.parametrize("case", LISTED, ids=lambda c: c.id)
def test_long_lists_are_chunked_in_order(case: Case, mode: str, run: Runner) -> None:
    emulator = Emulator(seed=0, profile="extended")
    world = World(emulator)
    case.prepare(world)
    spotify = client_for(case, emulator, mode)
    ep = case.endpoint
    assert ep.max_ids is not None
    assert ep.listed is not None
    args, kwargs = case.bind(world)
    bound = ep._prepare()[0].bind_partial(spotify, *args, **kwargs)
    items = long_list(case, world, ep.max_ids + 1)
    bound.arguments[ep.listed] = items
    before = api_requests(emulator)
    result = run(getattr(spotify, case.method)(*bound.args[1:], **bound.kwargs))
    assert api_requests(emulator) - before == 2
    if isinstance(result, list):
        assert len(result) == len(items)
        ids = [getattr(r, "id", None) for r in result]
        if all(ids):
            assert ids == [i.rsplit(":", 1)[-1] for i in items]
    with spotify.chunked(False), pytest.raises(ValueError, match="at most"):
        run(getattr(spotify, case.method)(*bound.args[1:], **bound.kwargs))
    assert api_requests(emulator) - before == 2


@pytest.mark.parametrize("case", EXTENDED, ids=lambda c: c.id)
def test_extended_quota(case: Case, mode: str, run: Runner) -> None:
    emulator = Emulator(seed=0, profile="development")
    world = World(emulator)
    case.prepare(world)
    before = api_requests(emulator)
    # Several-IDs reads go one ID at a time unless that is turned off (test_july_2026.py).
    off = {"batch_fallback_on": False} if case.endpoint.batch_read else {}
    careful = client_for(case, emulator, mode, quota="development", **off)
    with pytest.raises(ExtendedQuotaRequired) as refused:
        run(case.call(careful, world))
    assert not refused.value.sent
    assert api_requests(emulator) == before
    plain = client_for(case, emulator, mode, **off)
    with pytest.raises(ExtendedQuotaRequired) as answered:
        run(case.call(plain, world))
    assert answered.value.sent
    assert answered.value.status == 403
    assert "extended quota" in str(answered.value)
    if case.endpoint.replacement:
        assert f"{case.endpoint.replacement}()" in str(answered.value)


SCOPED = [c for c in {c.method: c for c in CASES}.values() if c.endpoint.scope]


@pytest.mark.parametrize("case", SCOPED, ids=lambda c: c.id)
def test_missing_scopes_are_named(case: Case, mode: str, run: Runner) -> None:
    from spotipy.auth import Token
    from spotipy.errors import Forbidden

    emulator = Emulator(seed=0, profile="extended")
    world = World(emulator)
    case.prepare(world)
    # A user token without any scope; the client knows which scopes it holds.
    bare = Token(emulator.user_token(world.user_id, ()), scope="")
    spotify = Spotify(bare, make_sender(emulator, mode))
    with pytest.raises(Forbidden) as info:
        run(case.call(spotify, world))
    error = info.value
    assert not isinstance(error, ExtendedQuotaRequired)
    assert error.required_scope == case.endpoint.scope
    assert error.missing_scope == case.endpoint.scope
    assert f"the token lacks: {', '.join(case.endpoint.scope)}" in str(error)
