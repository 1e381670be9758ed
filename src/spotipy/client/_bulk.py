"""Bulk paging: the pages still to fetch, and a window of requests that adapts to 429s.

Once the first page of an offset paging says how many items there are, the other pages
are known: their links are the first ``next`` link with another ``offset``.  They are
fetched several at a time, in a window that is halved by a 429 and grows back, by one a
page until the first 429, then by one a window's worth of pages: additive increase,
multiplicative decrease, so a big export slows down and finishes instead of failing or
hammering Spotify.  Pages are handed out in order, and at most ``concurrency`` are held.

A 429 is one signal however many requests meet it: the requests already in flight when
it came were sent too early as well, so their 429s neither halve the window again nor wait
again.  The paging waits the ``Retry-After`` once, then sends the refused pages again
(earliest first, before any new page) only as the window allows: no burst after a wait.
With ``adaptive=False`` the window stays at ``concurrency`` (the refused pages are all
sent again at once after the wait), as a fixed pool of workers would behave.

:class:`Bulk` is that schedule, free of threads and tasks: the sync and async loops of the
client hand it their futures or tasks (anything with ``done``, ``exception`` and
``result``).
"""

from __future__ import annotations

import contextlib
import math
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final, Generic, Protocol, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from spotipy.errors import TooManyRequests
from spotipy.model.paging import OffsetPaging, Paging

__all__ = [
    "MAX_BULK_RATE_LIMITS",
    "MAX_CONCURRENCY",
    "Bulk",
    "Handle",
    "Slot",
    "Window",
    "check_concurrency",
    "check_max_items",
    "remaining_links",
]

#: The most pages a bulk paging requests at once.
MAX_CONCURRENCY: Final = 32
#: Seconds waited after a 429 that says nothing (as the RetryingSender does).
DEFAULT_RATE_LIMIT_WAIT: Final = 1.0
#: Waits after 429s in a row, with no page arriving between them, before a bulk paging
#: gives up (raising the last 429).
MAX_BULK_RATE_LIMITS: Final = 50
#: The longest Retry-After a bulk paging waits for; a longer one is raised at once.
MAX_BULK_WAIT: Final = 60.0


def check_concurrency(concurrency: object) -> int:
    """Refuse a concurrency that is not an int from 1 to :data:`MAX_CONCURRENCY`."""
    if isinstance(concurrency, bool) or not isinstance(concurrency, int):
        raise TypeError(f"concurrency must be an int, not {type(concurrency).__name__}")
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be between 1 and {MAX_CONCURRENCY}, got {concurrency}")
    return concurrency


def check_max_items(max_items: object) -> int | None:
    """Refuse a ``max_items`` that is neither ``None`` nor a non-negative int."""
    if max_items is None:
        return None
    if isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 0:
        raise ValueError(f"max_items must be None or an int >= 0, got {max_items!r}")
    return max_items


def remaining_links(page: Paging[Any], max_items: int | None) -> list[str] | None:
    """The links of every page after ``page``, or ``None`` when they cannot be known.

    They are known for an offset paging with a ``total``, a ``limit`` and a ``next``
    link that carries ``offset``; cursor pagings are followed one page at a time.
    """
    if not isinstance(page, OffsetPaging) or page.next is None:
        return None
    total, limit = page.total, page.limit
    if not total or not limit or limit < 1:
        return None
    parts = urlsplit(page.next)
    query = parse_qsl(parts.query, keep_blank_values=True)
    given = dict(query)
    if "offset" not in given:
        return None
    # The next link's own limit is the step: it may be smaller than this page's (a
    # playlist embeds 100 entries, its /items pages hold at most 50).
    step = int(given["limit"]) if given.get("limit", "").isdigit() else limit
    if step < 1:
        return None
    start = (page.offset or 0) + limit
    end = total if max_items is None else min(total, (page.offset or 0) + max_items)
    links = []
    for offset in range(start, end, step):
        fields = [(k, str(offset) if k == "offset" else v) for k, v in query]
        links.append(urlunsplit(parts._replace(query=urlencode(fields))))
    return links


class Window:
    """How many requests may be in flight: halved by a 429, grown back as pages arrive.

    Parameters
    ----------
    limit
        The most requests in flight, the window's ceiling.
    adaptive
        ``False`` keeps the window at ``limit`` whatever the answers (429s are still
        counted).

    Attributes
    ----------
    size
        Requests that may be in flight now.
    rate_limited
        429 signals met so far (one per wait).
    """

    def __init__(self, limit: int, adaptive: bool = True) -> None:
        self.limit = limit
        self.size = limit
        self.adaptive = adaptive
        self.rate_limited = 0
        self._credit = 0.0

    def shrink(self) -> None:
        """A 429: halve the window (never below one)."""
        self.rate_limited += 1
        if self.adaptive:
            self.size = max(1, math.floor(self.size / 2))

    def grow(self) -> None:
        """One more request may be in flight, up to the limit."""
        self.size = min(self.limit, self.size + 1)

    def arrived(self) -> None:
        """A page arrived: before any 429, grow by one; after one, by one a window's worth.

        Growing by one a page doubles the window each round trip, which suits finding the
        server's pace at the start; once a 429 told it, one more request a round trip
        probes gently (congestion avoidance) instead of knocking again at once.
        """
        if not self.rate_limited:
            self.grow()
            return
        self._credit += 1 / self.size
        if self._credit >= 1:
            self._credit = 0.0
            self.grow()


class Handle(Protocol):
    """A request under way: a :class:`concurrent.futures.Future` or an asyncio task."""

    def done(self) -> bool:
        """Tell whether it has finished."""
        ...

    def exception(self) -> BaseException | None:
        """The error it ended with (called only once it is done)."""
        ...

    def result(self) -> Any:
        """What it returned (called only once it is done, without error)."""
        ...

    def cancel(self) -> bool:
        """Cancel it if it has not finished."""
        ...


H = TypeVar("H", bound=Handle)


@dataclass(slots=True)
class Slot(Generic[H]):
    """One page of the paging: its link, and the request fetching it, if one is."""

    url: str
    handle: H | None = None
    #: The number of waits done when the request was sent.
    epoch: int = 0


class Bulk(Generic[H]):
    """The order in which a bulk paging sends its pages, waits and hands pages out.

    The driving loop repeats, until :attr:`finished`: :meth:`sweep` (and wait
    :meth:`wait_after` seconds when it returns a 429), send the slots :meth:`to_send`
    returns (setting each one's ``handle``), block until :meth:`blocking_on` is done, and
    :meth:`take` the first page if it arrived.

    Parameters
    ----------
    links
        The pages to fetch, in order.
    concurrency
        The most requests in flight, and the most pages held.
    adaptive
        Halve the window on a 429 and grow it back (``True``), or keep it fixed.
    """

    def __init__(self, links: Iterable[str], concurrency: int, adaptive: bool = True) -> None:
        self.window = Window(concurrency, adaptive)
        self.slots: deque[Slot[H]] = deque()
        self._todo = deque(links)
        self._epoch = 0
        self._refusals = 0

    @property
    def finished(self) -> bool:
        """Tell whether every page was handed out."""
        return not self._todo and not self.slots

    def handles(self) -> Iterator[H]:
        """The requests under way or finished and not yet handed out."""
        return (slot.handle for slot in self.slots if slot.handle is not None)

    def _running(self) -> int:
        return sum(1 for handle in self.handles() if not handle.done())

    def sweep(self) -> TooManyRequests | None:
        """Mark the pages refused with 429 for sending again; the first fresh 429, if any.

        A 429 is fresh when its request was sent after the last wait; the others are
        the same signal, already waited out.
        """
        fresh = None
        for slot in self.slots:
            handle = slot.handle
            if handle is None or not handle.done():
                continue
            error = handle.exception()
            if isinstance(error, TooManyRequests):
                slot.handle = None
                if fresh is None and slot.epoch == self._epoch:
                    fresh = error
        return fresh

    def wait_after(self, error: TooManyRequests) -> float:
        """A fresh 429: halve the window and return the seconds to wait, or raise it.

        Raises
        ------
        TooManyRequests
            ``error``, when its ``Retry-After`` exceeds :data:`MAX_BULK_WAIT` or more than
            :data:`MAX_BULK_RATE_LIMITS` waits came without a page arriving.
        """
        self.window.shrink()
        self._refusals += 1
        wait = DEFAULT_RATE_LIMIT_WAIT if error.retry_after is None else error.retry_after
        if wait > MAX_BULK_WAIT:
            error.add_note(f"Not waited for: Retry-After exceeds {MAX_BULK_WAIT:g} s.")
            raise error
        if self._refusals > MAX_BULK_RATE_LIMITS:
            error.add_note(f"Given up: {MAX_BULK_RATE_LIMITS} waits after 429s brought no page.")
            raise error
        # Whatever is under way now was sent before the wait: its 429s are this one.
        self._epoch += 1
        return wait

    def to_send(self) -> list[Slot[H]]:
        """The slots to send now: refused pages first, in order, then new ones.

        Never more than the window in flight, never more than ``concurrency`` pages held.
        """
        running = self._running()
        chosen: list[Slot[H]] = []
        for slot in self.slots:
            if running >= self.window.size:
                break
            if slot.handle is None:
                chosen.append(slot)
                running += 1
        while self._todo and running < self.window.size and len(self.slots) < self.window.limit:
            slot = Slot[H](self._todo.popleft())
            self.slots.append(slot)
            chosen.append(slot)
            running += 1
        for slot in chosen:
            slot.epoch = self._epoch
        return chosen

    def blocking_on(self) -> H | None:
        """The request to wait for: the first page's, else the first one under way.

        ``None`` when nothing is under way (the loop goes round again at once).
        """
        front = self.slots[0].handle if self.slots else None
        if front is not None:
            return front
        # The first page waits for room in the window: some request may be under way.
        return next((h for h in self.handles() if not h.done()), None)

    def take(self) -> tuple[bool, Any]:
        """Hand out the first page if it arrived: ``(True, page)``, else ``(False, None)``.

        Raises
        ------
        Exception
            The error its request ended with, when it is not a 429 (a 429 is left for
            :meth:`sweep`).
        """
        if not self.slots:
            return False, None
        handle = self.slots[0].handle
        if handle is None or not handle.done():
            return False, None
        error = handle.exception()
        if isinstance(error, TooManyRequests):
            return False, None
        if error is not None:
            raise error
        self.slots.popleft()
        self.window.arrived()
        self._refusals = 0
        return True, handle.result()

    def cancel(self) -> None:
        """Cancel every request still under way (the paging was left or failed)."""
        for handle in self.handles():
            if not handle.cancel() and handle.done():
                # Retrieved, so asyncio does not warn of an exception never retrieved.
                with contextlib.suppress(BaseException):
                    handle.exception()
