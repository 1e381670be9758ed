"""What a long command tells the user on standard error while it works.

On a terminal, :class:`Progress` draws a bar; when standard error is not a terminal
(piped, redirected to a log), it prints a line every :data:`LINE_INTERVAL` seconds
instead (so a quick command prints none), and one at the end if it printed any.  A
rate-limit wait shows on the bar (``waiting 5 s: rate limited``, counting down) or as a
line.  :class:`RateLimitWatch` is the sender that sees each 429 as it arrives and tells
the progress how long the wait will be.  Standard output carries data only.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as Bar
from rich.text import Text

from spotipy._http import Request, Response
from spotipy.cli._text import terminal_text
from spotipy.errors import parse_retry_after
from spotipy.sender import AsyncSender, AsyncWrappingSender, Sender, WrappingSender

__all__ = ["Progress", "RateLimitWatch", "SyncRateLimitWatch", "wait_note"]

_S = TypeVar("_S", Sender, AsyncSender)

#: Seconds a bulk paging waits after a 429 without Retry-After.
_DEFAULT_WAIT = 1.0
#: Seconds between two progress lines when standard error is not a terminal.
LINE_INTERVAL = 2.0


def wait_note(seconds: float) -> str:
    """The words of a rate-limit wait: ``waiting 5 s: rate limited``."""
    return f"waiting {max(1, math.ceil(seconds))} s: rate limited"


class _WaitColumn(ProgressColumn):
    """The bar's rate-limit note, counting down while the wait lasts."""

    def render(self, task: Task) -> Text:
        left = float(task.fields.get("until", 0.0)) - time.monotonic()
        return Text(wait_note(left) if left > 0 else "", style="yellow")


class Progress:
    """The progress of one command on ``console`` (standard error).

    Parameters
    ----------
    console
        Where to draw or print; a bar only when it is a terminal.
    quiet
        Print nothing (errors still are, by the caller).
    """

    def __init__(self, console: Console, *, quiet: bool = False) -> None:
        self.console = console
        self.quiet = quiet
        self._bar: Bar | None = None
        self._task: Any = None
        self._noun = ""
        self._total: int | None = None
        self._done = 0
        self._next_line = 0.0
        self._lines = 0
        self._until = 0.0
        self._lock = threading.Lock()
        self._tasks: dict[str, Any] = {}
        self._lines_of_noun = 0
        self._shown: tuple[str, int] | None = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _line(self, text: str) -> None:
        if not self.quiet:
            self.console.print(Text(f"spotipy: {text}"), soft_wrap=True)

    def _add_bar(self, noun: str, total: int | None) -> Any:
        """A bar for ``noun`` (the first one starts the display); the waits show on it."""
        if self._bar is None:
            text = TextColumn("{task.description}", markup=False)  # never read as markup
            columns = (text, BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            self._bar = Bar(*columns, _WaitColumn(), console=self.console)
            self._bar.start()
        if self._task is not None:  # the wait note moves to the newest bar
            self._bar.update(self._task, until=0.0)
        self._task = self._bar.add_task(terminal_text(noun), total=total, until=self._until)
        return self._task

    def start(self, noun: str, total: int | None) -> None:
        """Begin counting ``total`` ``noun`` (a bar, or a first line when piped)."""
        self._noun, self._total = noun, total
        if self.quiet:
            return
        if self.console.is_terminal:
            self._add_bar(noun, total)
        else:
            self._next_line = time.monotonic() + LINE_INTERVAL

    def show(self, noun: str, done: int, total: int | None) -> None:
        """Show that ``done`` of ``total`` ``noun`` are done: one bar per noun.

        For a command that counts several things in turn (``spotipy backup``: each
        collection); when piped, a line every :data:`LINE_INTERVAL` seconds, and one at
        the end of each noun if it printed any.
        """
        if self.quiet:
            return
        if self.console.is_terminal:
            task = self._tasks.get(noun)
            if task is None:
                task = self._tasks[noun] = self._add_bar(noun, total)
            assert self._bar is not None
            self._bar.update(task, completed=done, total=total)
            return
        now = time.monotonic()
        if noun != self._noun:
            self._noun, self._lines_of_noun = noun, 0
            if not self._next_line:
                self._next_line = now + LINE_INTERVAL
        if (noun, done) == self._shown:
            return
        self._total, self._done = total, done
        if (done == total and self._lines_of_noun) or now >= self._next_line:
            self._shown = (noun, done)
            self._lines_of_noun += 1
            self._count_line()
            self._next_line = now + LINE_INTERVAL

    def _count_line(self) -> None:
        total = "?" if self._total is None else str(self._total)
        self._lines += 1
        self._line(f"{terminal_text(self._noun)}: {self._done}/{total}")

    def advance(self) -> None:
        """Count one more item."""
        self._done += 1
        if self._bar is not None:
            self._bar.advance(self._task)
            return
        if self.quiet or not self._noun:
            return
        if self._done == self._total:
            if self._lines:
                self._count_line()
        elif time.monotonic() >= self._next_line:
            self._count_line()
            self._next_line = time.monotonic() + LINE_INTERVAL

    def waiting(self, seconds: float | None) -> None:
        """Tell that requests wait ``seconds`` (``None``: unknown) after a rate limit."""
        wait = _DEFAULT_WAIT if seconds is None else seconds
        with self._lock:
            until = time.monotonic() + wait
            fresh = until > self._until + 0.5  # the 429s of one burst are one wait
            self._until = max(self._until, until)
        if self._bar is not None:
            self._bar.update(self._task, until=self._until, refresh=True)  # drawn at once
        elif fresh:
            self._lines += 1
            self._line(wait_note(wait))


class _Heard(Generic[_S]):
    """What both watches share: their settings, and telling ``on_wait`` of a 429 waited for.

    It comes first in a watch's bases; its ``__init__`` passes ``sender`` on to the
    wrapping sender that follows it.
    """

    def __init__(
        self,
        sender: _S,
        on_wait: Callable[[float | None], None],
        *,
        max_wait: float = math.inf,
    ) -> None:
        super().__init__(sender)  # type: ignore[call-arg]  # the wrapping sender's __init__
        self.on_wait = on_wait
        self.max_wait = max_wait

    def _heard(self, response: Response) -> Response:
        if response.status_code == 429:
            seconds = parse_retry_after(response.headers.get("retry-after"))
            if seconds is None or seconds <= self.max_wait:
                self.on_wait(seconds)
        return response


class RateLimitWatch(_Heard[AsyncSender], AsyncWrappingSender):
    """Pass requests on; tell ``on_wait`` the ``Retry-After`` of every 429 that arrives.

    Put it under the retrying sender, so that it sees each 429 before anything waits.

    Parameters
    ----------
    sender
        The async sender that sends.
    on_wait
        Called with the seconds of ``Retry-After`` (``None`` when absent or unreadable).
    max_wait
        A longer ``Retry-After`` is not waited for (the command fails): not reported.
    """

    async def send(self, request: Request) -> Response:
        """Send ``request``; report a 429 before returning it."""
        return self._heard(await self.sender.send(request))


class SyncRateLimitWatch(_Heard[Sender], WrappingSender):
    """:class:`RateLimitWatch` for a synchronous sender (the commands of ``spotipy.backup``).

    It may be called from several threads at once (the backup reads on a few);
    ``on_wait`` must allow that, as :meth:`Progress.waiting` does.
    """

    def send(self, request: Request) -> Response:
        """Send ``request``; report a 429 before returning it."""
        return self._heard(self.sender.send(request))
