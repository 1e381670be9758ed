"""Redis work written once and run in either mode, the way flows run HTTP.

A *steps* generator yields what it needs done -- a Redis command (:class:`Command`), a
pause (:class:`Sleep`) or an HTTP request (a refresh flow's, run with ``yield from``) --
and receives each one's result::

    Steps[T] = Generator[Command | Sleep | Request, Any, T]

It decides; it never touches a socket.  :func:`run_sync` carries the steps out with the
connection's sync client, :func:`run_async` with the async client of the running loop.
A step that fails is thrown into the generator where it yielded, whatever the error (a
cancellation too), so a ``finally`` that releases a lock runs in both modes alike.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Generator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeAlias, TypeVar

from spotipy._http import Request, Response
from spotipy.redis._connection import RedisConnection

__all__ = ["Command", "Sleep", "Steps", "run_async", "run_sync", "script"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Command:
    """One Redis call: ``call`` gets the mode's client (sync or asyncio), ``doing`` names it.

    The same call works on both clients: the asyncio one returns an awaitable, which the
    async driver awaits.  ``doing`` says what was being done when Redis fails.
    """

    doing: str
    call: Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class Sleep:
    """A pause between two looks at Redis."""

    seconds: float


Step: TypeAlias = Command | Sleep | Request
Steps: TypeAlias = Generator[Step, Any, T]


def script(doing: str, source: str, keys: Sequence[str], args: Sequence[object]) -> Command:
    """A Lua script run atomically by Redis (EVALSHA, loading it once where it is missing)."""
    return Command(doing, lambda client: client.register_script(source)(keys=keys, args=args))


class _Run(Generic[T]):
    """The generator's side of a run: resume it with a result or an error."""

    __slots__ = ("failure", "reply", "result", "steps")

    def __init__(self, steps: Steps[T]) -> None:
        self.steps = steps
        self.reply: Any = None
        self.failure: BaseException | None = None
        self.result: T

    def next(self) -> Step | None:
        """The next step; ``None`` once the generator returned (its value is ``result``)."""
        reply, failure = self.reply, self.failure
        self.reply = self.failure = None
        try:
            return self.steps.send(reply) if failure is None else self.steps.throw(failure)
        except StopIteration as stop:
            self.result = stop.value
            return None


def _no_sender(request: Request) -> Any:
    raise TypeError(f"these steps cannot send HTTP requests ({request.method} {request.path})")


def run_sync(
    steps: Steps[T],
    connection: RedisConnection,
    send: Callable[[Request], Response] = _no_sender,
) -> T:
    """Carry ``steps`` out with the sync Redis client, sending requests with ``send``."""
    run = _Run(steps)
    while (step := run.next()) is not None:
        try:
            if isinstance(step, Command):
                run.reply = connection.run(step.doing, partial(step.call, connection.client))
            elif isinstance(step, Sleep):
                time.sleep(step.seconds)
            else:
                run.reply = send(step)
        except BaseException as error:  # handed to the steps, which decide
            run.failure = error
    return run.result


async def run_async(
    steps: Steps[T],
    connection: RedisConnection,
    send: Callable[[Request], Awaitable[Response]] = _no_sender,
) -> T:
    """Carry ``steps`` out with the running loop's async Redis client, awaiting ``send``."""
    run = _Run(steps)
    while (step := run.next()) is not None:
        try:
            if isinstance(step, Command):
                client = connection.async_client
                run.reply = await connection.run_async(step.doing, partial(step.call, client))
            elif isinstance(step, Sleep):
                await asyncio.sleep(step.seconds)
            else:
                run.reply = await send(step)
        except BaseException as error:  # handed to the steps, which decide
            run.failure = error
    return run.result
