"""Wrapping senders' loops, written once and run sync or async.

A loop is a generator of steps: a :class:`~spotipy._http.Request` to send through the
wrapped sender, a :class:`Sleep`, or a :class:`Call` of a shared limit's or cooldown's
method (whose ``_async`` variant is awaited in async mode).  The loop decides; it never
blocks, sleeps or awaits.  :func:`run_sync` and :func:`run_async` carry the steps out
through the package's one step driver (:func:`~spotipy._flow.drive_sync` /
:func:`~spotipy._flow.drive_async`): a step that fails is thrown into the loop where it
yielded, whatever the error (a cancellation too), so the retrying and the rate-limited
senders keep one loop each for both modes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Generator
from typing import Any, NamedTuple, TypeAlias, TypeVar

from spotipy._flow import drive_async, drive_sync
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


def _carry(
    send: Callable[[Request], Any], sleep: Callable[[float], Any], suffix: str
) -> Callable[[Step], Any]:
    """What a step means, in the mode of the functions given (``suffix`` names the
    mode's methods): a result in sync mode, an awaitable of it in async mode."""

    def carry(step: Step) -> Any:
        if isinstance(step, Request):
            return send(step)
        if isinstance(step, Sleep):
            return sleep(step.seconds)
        return getattr(step.target, step.name + suffix)(*step.args)

    return carry


def run_sync(
    steps: Steps[T], send: Callable[[Request], Response], sleep: Callable[[float], None]
) -> T:
    """Carry ``steps`` out with a sync ``send`` and ``sleep``; the loop's result."""
    return drive_sync(steps, _carry(send, sleep, ""), BaseException)


def run_async(
    steps: Steps[T],
    send: Callable[[Request], Awaitable[Response]],
    sleep: Callable[[float], Awaitable[None]],
) -> Coroutine[Any, Any, T]:
    """Carry ``steps`` out with an async ``send`` and ``sleep``, awaiting ``_async`` calls."""
    return drive_async(steps, _carry(send, sleep, "_async"), BaseException)
