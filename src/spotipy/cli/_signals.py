"""Signals: Ctrl-C, SIGTERM and SIGHUP end a command at once and leave nothing behind.

:func:`stop_signals` makes SIGTERM and SIGHUP raise :class:`Interrupted` (as Ctrl-C raises
``KeyboardInterrupt``) while the tool runs, so ``finally`` blocks and context managers run
(a temporary file is removed).  :func:`drive` runs a command's coroutine so that any of the
three cancels it, and the requests in flight with it, instead of waiting for them.

A synchronous command (``spotipy backup`` and ``restore``, over :mod:`spotipy.backup`)
unwinds in the main thread, where the signal's exception is raised; requests still
under way on other threads (the backup's readers, the bulk paging's fetchers) only read
and their results are dropped, so :func:`end_now` ends the process without waiting for
them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Coroutine, Iterator
from types import FrameType
from typing import Any, Final, TypeVar

__all__ = ["STOP_SIGNALS", "Interrupted", "drive", "end_now", "stop_signals"]

T = TypeVar("T")


class Interrupted(BaseException):
    """SIGTERM or SIGHUP arrived: unwound like Ctrl-C, exit status 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


#: Signals that end the tool as Ctrl-C does (temporary files removed, requests cancelled).
STOP_SIGNALS: Final = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """Make SIGTERM and SIGHUP raise :class:`Interrupted` while the tool runs.

    Ctrl-C raises ``KeyboardInterrupt``, as :func:`drive` makes it do, also when the tool
    was started with SIGINT ignored (as a shell starts a background job, and so Python
    leaves it): the synchronous and the asynchronous commands answer the same signals.
    """
    saved: list[tuple[int, Any]] = []
    with contextlib.suppress(ValueError):  # not the main thread: leave them alone
        saved.append((signal.SIGINT, signal.signal(signal.SIGINT, signal.default_int_handler)))
        saved.extend((n, signal.signal(n, _raise_interrupted)) for n in STOP_SIGNALS)
    try:
        yield
    finally:
        for signum, handler in saved:
            signal.signal(signum, handler)


def drive(work: Coroutine[Any, Any, T]) -> T:
    """Run a command's coroutine; Ctrl-C, SIGTERM and SIGHUP cancel it at once.

    Cancelling ends the requests in flight (their connections are dropped), unwinds the
    command (a temporary output file is removed) and raises ``KeyboardInterrupt`` or
    :class:`Interrupted` here.  A second signal raises at once, wherever the command is
    (a write blocked on a pipe nobody reads never sees the cancellation).
    """
    caught: list[int] = []

    async def main() -> T:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None

        def stop(signum: int, frame: FrameType | None) -> None:
            if caught:  # a second signal: the first one's cancel is stuck (a full pipe)
                raise KeyboardInterrupt if signum == signal.SIGINT else Interrupted(signum)
            caught.append(signum)
            loop.call_soon_threadsafe(task.cancel)

        saved: list[tuple[int, Any]] = []
        with contextlib.suppress(ValueError):  # not the main thread
            saved.extend((n, signal.signal(n, stop)) for n in (signal.SIGINT, *STOP_SIGNALS))
        try:
            return await work
        finally:
            for signum, handler in saved:
                signal.signal(signum, handler)

    try:
        return asyncio.run(main())
    except asyncio.CancelledError:
        if not caught or caught[0] == signal.SIGINT:
            raise KeyboardInterrupt from None
        raise Interrupted(caught[0]) from None


def end_now(code: int) -> None:
    """End the process with ``code`` now if threads other than this one still run.

    Called once an interrupted command has unwound (its temporary files removed, its
    checkpoint written): a thread blocked in a request would otherwise hold the exit
    until the request ends.  Standard output and error are flushed first.  Without such
    threads it returns, and the process exits as usual.
    """
    if not any(
        t is not threading.current_thread() and t.is_alive() and not t.daemon
        for t in threading.enumerate()
    ):
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
