"""Wrapping senders' loops, written once and run sync or async.

A loop is a generator of steps: a :class:`~spotipy._http.Request` to send through the
wrapped sender (answered with its response, or with its error thrown in), a
:class:`Sleep`, or a :class:`Call` of a shared limit's or cooldown's method, whose
``_async`` variant the async driver awaits.  The loop itself never blocks, sleeps or
awaits, so the retrying and the rate-limited senders keep one loop each for both modes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import Any, Generic, NamedTuple, TypeAlias, TypeVar

from spotipy._http import Request, Response

T = TypeVar("T")


class Sleep(NamedTuple):
    """Wait ``seconds`` (with the sender's injectable sleep)."""

    seconds: float


class Call(NamedTuple):
    """Call ``target.name(*args)`` (sync), or await ``target.name_async(*args)`` (async)."""

    target: Any
    name: str
    args: tuple[Any, ...] = ()


Step: TypeAlias = Request | Sleep | Call
Steps: TypeAlias = Generator[Step, Any, T]


async def async_sleep(seconds: float) -> None:
    """The async senders' default sleep."""
    import asyncio  # here, not at the top: a sync program never loads asyncio

    await asyncio.sleep(seconds)


class _Run(Generic[T]):
    """One loop being driven: its next step, or its result once it has returned.

    The loop meets each step's error where it yielded the step, and decides.  The error
    is thrown in after its ``except`` block has ended, so that what the loop raises next
    does not carry it as context.
    """

    __slots__ = ("_send", "_sleep", "_steps", "_suffix", "done", "result", "step")

    result: T
    """The loop's result, once :attr:`done`."""

    def __init__(self, steps: Steps[T], send: Any, sleep: Any, suffix: str) -> None:
        self._steps, self._send, self._sleep, self._suffix = steps, send, sleep, suffix
        self.done = False
        self.step: Step | None = None
        self.resume(None, None)

    def action(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        """What performs the step (``_async`` methods for an async run), and its arguments."""
        step = self.step
        if isinstance(step, Request):
            return self._send, (step,)
        if isinstance(step, Sleep):
            return self._sleep, (step.seconds,)
        assert isinstance(step, Call)
        return getattr(step.target, step.name + self._suffix), step.args

    def resume(self, value: Any, failure: BaseException | None) -> None:
        """Give the step's value to the loop, or throw its error in."""
        try:
            self.step = self._steps.send(value) if failure is None else self._steps.throw(failure)
        except StopIteration as stop:
            self.done, self.result = True, stop.value


def drive_sync(
    steps: Steps[T], send: Callable[[Request], Response], sleep: Callable[[float], None]
) -> T:
    """Run ``steps`` with a sync ``send`` and ``sleep``; the loop's result."""
    run = _Run(steps, send, sleep, "")
    while not run.done:
        call, args = run.action()
        try:
            value, failure = call(*args), None
        except BaseException as exc:
            value, failure = None, exc
        run.resume(value, failure)
    return run.result


async def drive_async(
    steps: Steps[T],
    send: Callable[[Request], Awaitable[Response]],
    sleep: Callable[[float], Awaitable[None]],
) -> T:
    """Run ``steps`` with an async ``send`` and ``sleep``, awaiting each ``_async`` call."""
    run = _Run(steps, send, sleep, "_async")
    while not run.done:
        call, args = run.action()
        try:
            value, failure = await call(*args), None
        except BaseException as exc:
            value, failure = None, exc
        run.resume(value, failure)
    return run.result
