"""Redis work written once and run in either mode, the way flows run HTTP.

A *steps* generator yields what it needs done -- a Redis command (:class:`Command`), a
pause (:class:`Sleep`) or an HTTP request (a refresh flow's, run with ``yield from``) --
and receives each one's result::

    Steps[T] = Generator[Command | Sleep | Request, Any, T]

It decides; it never touches a socket.  :func:`run_sync` carries the steps out with the
connection's sync client, :func:`run_async` with the async client of the running loop,
both through the package's one step driver (:func:`~spotipy._flow.drive_sync` /
:func:`~spotipy._flow.drive_async`, which also runs flows and bulk paging): this module
only says what a step means (one carry for both modes) and which errors go back.  A step
that fails is thrown into the generator where it yielded, whatever the error (a
cancellation too), so a ``finally`` that releases a lock runs in both modes alike.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Coroutine, Generator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeAlias, TypeVar

from spotipy._flow import drive_async, drive_sync
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


def _no_sender(request: Request) -> Any:
    raise TypeError(f"these steps cannot send HTTP requests ({request.method} {request.path})")


def _carry(
    run: Callable[[str, Callable[[], Any]], Any],
    client: Callable[[], Any],
    sleep: Callable[[float], Any],
    send: Callable[[Request], Any],
) -> Callable[[Step], Any]:
    """What a step means, in the mode of the functions given.

    Sync functions give the step's result; async ones an awaitable of it, which
    :func:`~spotipy._flow.drive_async` awaits: one carry serves both modes.  ``client``
    is read at each command (the async client is the running loop's).
    """

    def carry(step: Step) -> Any:
        if isinstance(step, Command):
            return run(step.doing, partial(step.call, client()))
        if isinstance(step, Sleep):
            return sleep(step.seconds)
        return send(step)

    return carry


def run_sync(
    steps: Steps[T],
    connection: RedisConnection,
    send: Callable[[Request], Response] = _no_sender,
) -> T:
    """Carry ``steps`` out with the sync Redis client, sending requests with ``send``."""
    carry = _carry(connection.run, lambda: connection.client, time.sleep, send)
    return drive_sync(steps, carry, BaseException)  # every error is the steps' to handle


def run_async(
    steps: Steps[T],
    connection: RedisConnection,
    send: Callable[[Request], Awaitable[Response]] = _no_sender,
) -> Coroutine[Any, Any, T]:
    """Carry ``steps`` out with the running loop's async Redis client, awaiting ``send``."""
    carry = _carry(connection.run_async, lambda: connection.async_client, asyncio.sleep, send)
    return drive_async(steps, carry, BaseException)  # a cancellation too
