"""The one step driver (``_flow.drive_sync`` / ``drive_async``), by tables, in both modes.

Which errors of a step reach the generator is the caller's policy (``catch``): flows take
back only :class:`~spotipy.errors.SpotipyError`, Redis steps and bulk paging everything (a
cancellation too).  An :class:`~spotipy._flow.Emit` step stops the driver, and
``emitted_sync`` / ``emitted_async`` hand its values out, running the steps on only as
values are asked for, and closing them when the caller leaves.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Coroutine, Generator
from typing import Any

import httpx
import pytest

from spotipy import Spotify
from spotipy._flow import Catch, Emit, drive_async, drive_sync, emitted_async, emitted_sync
from spotipy.emulator import Emulator
from spotipy.errors import ConversionError, SpotipyError, TransportError
from spotipy.sender import AsyncPersistentSender, PersistentSender
from tests.conftest import Runner, make_sender

FLOWS: Catch = SpotipyError
EVERYTHING: Catch = BaseException
NOTHING: Catch = ()


def run_mode(
    mode: str, steps: Generator[Any, Any, Any], carry: Callable[[Any], Any], catch: Catch
) -> Any:
    """Drive ``steps`` in ``mode``; the async carry never suspends, so no loop is needed."""
    if mode == "sync":
        return drive_sync(steps, carry, catch)

    async def carry_async(step: Any) -> Any:
        return carry(step)

    coroutine = drive_async(steps, carry_async, catch)
    try:
        coroutine.send(None)
    except StopIteration as stop:
        return stop.value
    raise AssertionError("the driver suspended with nothing to wait for")


def one_step(seen: list[BaseException]) -> Generator[str, Any, str]:
    """Yield one step; an error thrown in is recorded and turned into a result."""
    try:
        reply = yield "step"
    except BaseException as error:
        seen.append(error)
        return "recovered"
    return f"reply {reply}"


def raising(error: BaseException) -> Callable[[Any], Any]:
    def carry(step: Any) -> Any:
        raise error

    return carry


CASES = [
    # (policy, error, thrown into the steps)
    ("flows", FLOWS, SpotipyError("gone"), True),
    ("flows", FLOWS, ConversionError("not an ID"), True),
    ("flows", FLOWS, ValueError("a bug"), False),
    ("flows", FLOWS, KeyboardInterrupt(), False),
    ("flows", FLOWS, asyncio.CancelledError(), False),
    ("everything", EVERYTHING, SpotipyError("any"), True),
    ("everything", EVERYTHING, ValueError("a bug"), True),
    ("everything", EVERYTHING, KeyboardInterrupt(), True),
    ("everything", EVERYTHING, asyncio.CancelledError(), True),
    ("nothing", NOTHING, SpotipyError("any"), False),
    ("nothing", NOTHING, ValueError("a bug"), False),
]


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("policy", "catch", "error", "thrown"),
    CASES,
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else str(v),
)
def test_which_errors_reach_the_steps(
    mode: str, policy: str, catch: Catch, error: BaseException, thrown: bool
) -> None:
    seen: list[BaseException] = []
    steps = one_step(seen)
    if thrown:
        assert run_mode(mode, steps, raising(error), catch) == "recovered"
        assert seen == [error]
        assert inspect.getgeneratorstate(steps) == inspect.GEN_CLOSED
    else:
        with pytest.raises(type(error)) as raised:
            run_mode(mode, steps, raising(error), catch)
        assert raised.value is error
        assert seen == []
        # Left where it yielded: whoever owns the steps closes them.
        assert inspect.getgeneratorstate(steps) == inspect.GEN_SUSPENDED
        steps.close()


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_replies_go_back_and_the_result_comes_out(mode: str) -> None:
    def steps() -> Generator[int, int, list[int]]:
        first = yield 0
        second = yield 1
        third = yield 2
        return [first, second, third]

    carried: list[int] = []

    def carry(step: int) -> int:
        carried.append(step)
        return step * 10

    assert run_mode(mode, steps(), carry, FLOWS) == [0, 10, 20]
    assert carried == [0, 1, 2]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_error_the_steps_do_not_handle_comes_out(mode: str) -> None:
    def steps() -> Generator[str, Any, None]:
        yield "step"

    with pytest.raises(SpotipyError, match="gone"):
        run_mode(mode, steps(), raising(SpotipyError("gone")), FLOWS)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_driver_stops_at_an_emit_and_runs_on_when_called_again(mode: str) -> None:
    emit = Emit(("a", "b"))

    def steps() -> Generator[Any, Any, str]:
        reply = yield "first"
        yield emit
        reply2 = yield "second"
        return f"{reply} {reply2}"

    carried: list[str] = []

    def carry(step: str) -> str:
        carried.append(step)
        return step.upper()

    generator = steps()
    assert run_mode(mode, generator, carry, FLOWS) is emit
    assert carried == ["first"]
    assert run_mode(mode, generator, carry, FLOWS) == "FIRST SECOND"
    assert carried == ["first", "second"]


def emitting(log: list[str]) -> Generator[Any, Any, None]:
    """Emit two values, send a request, emit its reply; log what happens."""
    try:
        yield Emit((1, 2))
        log.append("asked for more")
        reply = yield "request"
        yield Emit((reply,))
        log.append("ended")
    finally:
        log.append("closed")


def test_emitted_sync_hands_values_out_as_they_are_asked_for() -> None:
    log: list[str] = []
    values = emitted_sync(emitting(log), lambda step: f"reply to {step}")
    assert next(values) == 1
    assert next(values) == 2
    assert log == []  # nothing run beyond what was asked for
    assert list(values) == ["reply to request"]
    assert log == ["asked for more", "ended", "closed"]


def test_leaving_emitted_sync_closes_the_steps() -> None:
    log: list[str] = []
    values = emitted_sync(emitting(log), lambda step: pytest.fail("no request is sent"))
    assert next(values) == 1
    values.close()
    assert log == ["closed"]


def test_emitted_async_hands_values_out_and_aclose_closes_the_steps() -> None:
    async def reply(step: str) -> str:
        return f"reply to {step}"

    async def main() -> tuple[list[Any], list[str], list[str]]:
        log: list[str] = []
        everything = [value async for value in emitted_async(emitting(log), reply)]
        left: list[str] = []
        values = emitted_async(emitting(left), reply)
        assert await anext(values) == 1
        assert left == []
        await values.aclose()
        return everything, log, left

    everything, log, left = asyncio.run(main())
    assert everything == [1, 2, "reply to request"]
    assert log == ["asked for more", "ended", "closed"]
    assert left == ["closed"]


@pytest.mark.parametrize(("catch", "seen_by_steps"), [(EVERYTHING, True), (FLOWS, False)])
def test_cancelling_the_async_driver(catch: Catch, seen_by_steps: bool) -> None:
    # Redis steps see a cancellation where they wait (their ``finally`` frees a lock);
    # a flow does not (its generator is left for the collector).
    seen: list[BaseException] = []

    def steps() -> Generator[str, Any, None]:
        try:
            yield "wait"
        except BaseException as error:
            seen.append(error)
            raise

    async def main() -> tuple[str, list[type[BaseException]]]:
        started = asyncio.Event()
        never: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        async def carry(step: str) -> None:
            started.set()
            await never

        generator = steps()
        task = asyncio.create_task(drive_async(generator, carry, catch))
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        state = inspect.getgeneratorstate(generator)
        met = [type(error) for error in seen]
        generator.close()
        return state, met

    state, met = asyncio.run(main())
    assert met == ([asyncio.CancelledError] if seen_by_steps else [])
    assert state == (inspect.GEN_CLOSED if seen_by_steps else inspect.GEN_SUSPENDED)


# -- flows over HTTP: the client's sender stack against the emulator ------------------


def test_a_flow_runs_through_the_driver_over_http(
    emulator: Emulator, mode: str, run: Runner
) -> None:
    spotify = Spotify(emulator.app_token(), make_sender(emulator, mode))
    album_id = emulator.catalogue.album_ids[0]
    flow = Spotify.album.flow(spotify, album_id)
    if mode == "sync":
        album = drive_sync(flow, spotify._send_sync)
    else:
        album = run(drive_async(flow, spotify._send_async))
    assert album.id == album_id
    assert album == run(spotify.album(album_id))


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_senders_error_is_thrown_into_the_flow_over_http(emulator: Emulator, mode: str) -> None:
    # The connection breaks under the sender: its TransportError reaches the flow at
    # the request it yielded, which answers for it; a second request then goes through.
    broken = {"count": 1}
    inner = emulator.transport()

    def handler(request: httpx.Request) -> httpx.Response:
        if broken["count"]:
            broken["count"] -= 1
            raise httpx.ConnectError("connection reset", request=request)
        return inner.handle_request(request)

    async def handler_async(request: httpx.Request) -> httpx.Response:
        return handler(request)

    album_id = emulator.catalogue.album_ids[0]
    met: list[BaseException] = []

    def flow(spotify: Spotify[Any]) -> Generator[Any, Any, str]:
        try:
            yield from Spotify.album.flow(spotify, album_id)
        except TransportError as error:
            met.append(error)
        album = yield from Spotify.album.flow(spotify, album_id)
        return str(album.id)

    if mode == "sync":
        sender: Any = PersistentSender(client=httpx.Client(transport=httpx.MockTransport(handler)))
        spotify = Spotify(emulator.app_token(), sender)
        assert drive_sync(flow(spotify), spotify._send_sync) == album_id
    else:
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler_async))
        spotify = Spotify(emulator.app_token(), AsyncPersistentSender(client=client))
        result: Coroutine[Any, Any, str] = drive_async(flow(spotify), spotify._send_async)
        assert asyncio.run(_awaited(result)) == album_id
    assert len(met) == 1
    assert isinstance(met[0], TransportError)
    assert broken["count"] == 0


async def _awaited(awaitable: Awaitable[str]) -> str:
    return await awaitable
