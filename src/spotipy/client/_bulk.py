"""Bulk paging: the pages still to fetch, and a window of requests that adapts to 429s.

Once the first page of an offset paging says how many items there are, the other pages
are known: their links are the first ``next`` link with another ``offset``.  They are
fetched several at a time, in a window that is halved by a 429 and grows back, by one a
page until the first 429, then by one a window's worth of pages: additive increase,
multiplicative decrease, so a big export slows down and finishes instead of failing or
hammering Spotify.  Pages are handed out in order, and the paging holds at most
``concurrency`` pages (in flight, or arrived and not yet handed out).  The links are
made one by one as pages are sent, and the paging ends at the first page that says it
is the last (no ``next``, no items), however many items the first page claimed: a
wrong ``total`` costs at most ``concurrency`` requests past the end.

A 429 is one signal however many requests meet it: the requests already in flight when
it came were sent too early as well, so their 429s neither halve the window again nor wait
again.  The paging waits the ``Retry-After`` once, then sends the refused pages again
(earliest first, before any new page) only as the window allows: no burst after a wait.
With ``adaptive=False`` the window stays at ``concurrency`` (the refused pages are all
sent again at once after the wait), as a fixed pool of workers would behave.

:class:`Bulk` is that schedule, written once and free of threads, tasks and clocks: like
a flow, it says what to do in *steps*.  The caller's side (:meth:`Bulk.pages`) yields
:class:`Start` (fetch these pages), :class:`Sleep` (wait out a 429), :class:`Park` (wait
for a page), :class:`Hand` (decode a page) and :class:`~spotipy._flow.Emit` (give the
caller what the page hands out).  A fetcher (:meth:`Bulk.fetcher`) runs the flow of one
page after another, yielding :class:`Send` for each request.  When its page is the one the
caller waits for, it hands the answer over and goes straight on to the next page there is
room for, so a page arriving and the next request leaving cost no thread switch or task
wake-up between them; the caller decodes the answer (finishes the page's flow) while that
request is out.  An error answer is read by the fetcher, so a 429 reaches the window at
once.  Both sides run through the package's one step driver
(:func:`~spotipy._flow.drive_sync` / ``drive_async``), every error of a step thrown back
into the steps; what a step means is one carry for both modes.  :func:`run_sync` (a pool
of threads, the steps advanced under one lock) and :func:`run_async` (tasks) only set the
mode's edges up; each fetcher runs in its own copy of the caller's context as it was when
the bulk paging began (``token_as``, chunking ...), inside
:func:`~spotipy.sender._signals.rate_limits_to_caller`.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Sequence,
)
from contextlib import AbstractContextManager
from typing import Any, Final, Literal, NamedTuple, TypeAlias, overload
from urllib.parse import parse_qsl, unquote_plus, urlsplit, urlunsplit

from spotipy._flow import Emit, Flow, drive_async, drive_sync, emitted_async, emitted_sync
from spotipy._http import Request, Response, query_number
from spotipy.errors import NotFound, QuotaExceeded, SpotipyError, TooManyRequests
from spotipy.model.paging import OffsetPaging, Paging
from spotipy.sender._signals import rate_limits_to_caller

__all__ = [
    "MAX_BULK_RATE_LIMITS",
    "MAX_CONCURRENCY",
    "Bulk",
    "Hand",
    "Links",
    "Park",
    "Send",
    "Sleep",
    "Slot",
    "Start",
    "Window",
    "check_concurrency",
    "check_max_items",
    "collect_async",
    "remaining_links",
    "run_async",
    "run_sync",
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


def remaining_links(
    page: Paging[Any], max_items: int | None, next_link: str | None = None
) -> Links | None:
    """The links of every page after ``page``, or ``None`` when they cannot be known.

    They are known for an offset paging with a ``total``, a ``limit`` and a ``next``
    link that carries ``offset``; cursor pagings are followed one page at a time.  The
    links are ``next_link`` (``page.next``, or that link asking for larger pages), only
    its ``offset`` value changed: the first starts where ``page`` ends, each next one
    a ``limit`` of ``next_link`` further.  They are made as they are asked for
    (:class:`Links`): a ``total`` claiming far more items than there are costs no
    memory (the paging stops at the page that says it is the last, see :class:`Bulk`).
    """
    next_link = next_link or page.next
    if not isinstance(page, OffsetPaging) or next_link is None:
        return None
    total, limit = page.total, page.limit
    if not total or not limit or limit < 1:
        return None
    parts = urlsplit(next_link)
    fields = parts.query.split("&")
    is_offset = [unquote_plus(field.partition("=")[0]) == "offset" for field in fields]
    if not any(is_offset):
        return None
    given = dict(parse_qsl(parts.query, keep_blank_values=True))
    # The next link's own limit is the step: it may be smaller than this page's (a
    # playlist embeds 100 entries, its /items pages hold at most 50).
    given_limit = query_number(given.get("limit", ""))
    step = limit if given_limit is None else given_limit
    if step < 1:
        return None
    start = (page.offset or 0) + limit
    end = total if max_items is None else min(total, (page.offset or 0) + max_items)
    # The link cut where its offset values stand; each page's link is the pieces joined
    # with its offset, so the link is neither parsed nor encoded again for each page.
    text = urlunsplit(parts._replace(query="", fragment="")) + "?"
    pieces = []
    for index, (field, offset_field) in enumerate(zip(fields, is_offset, strict=True)):
        sep = "&" if index else ""
        if offset_field:
            pieces.append(text + sep + field.partition("=")[0] + "=")
            text = ""
        else:
            text += sep + field
    pieces.append(text + ("#" + parts.fragment if parts.fragment else ""))
    return Links(range(start, end, step), tuple(pieces))


class Links(Sequence[str]):
    """The links of a bulk paging's pages, each made when asked for: however large the
    ``total`` a first page claims, they cost the memory of a ``range`` and the link's
    pieces (the link cut where its ``offset`` values stand).

    Parameters
    ----------
    offsets
        The pages' offsets.
    pieces
        The link's text around its offset values, joined with each page's offset.
    """

    __slots__ = ("offsets", "pieces")

    def __init__(self, offsets: range, pieces: tuple[str, ...]) -> None:
        self.offsets = offsets
        self.pieces = pieces

    def __len__(self) -> int:
        return len(self.offsets)

    def __bool__(self) -> bool:
        return bool(self.offsets)  # no len(): a claimed total may exceed sys.maxsize pages

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Links: ...
    def __getitem__(self, index: int | slice) -> str | Links:
        if isinstance(index, slice):
            return Links(self.offsets[index], self.pieces)
        return str(self.offsets[index]).join(self.pieces)

    def __iter__(self) -> Iterator[str]:
        pieces = self.pieces
        return (str(offset).join(pieces) for offset in self.offsets)

    def __repr__(self) -> str:
        return f"<Links {self.offsets!r} of {''.join(self.pieces)!r}>"


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


# -- steps ---------------------------------------------------------------------------


class Start(NamedTuple):
    """Step: start a fetcher for each of these slots (their pages are in flight now)."""

    slots: list[Slot]


class Send(NamedTuple):
    """Step: send ``request``; the driver replies the answer or throws the sender's error."""

    request: Request


class Sleep(NamedTuple):
    """Step: wait ``seconds`` (a 429's ``Retry-After``) with the paging's ``sleep``."""

    seconds: float


class Hand(NamedTuple):
    """Step: the page of ``slot`` (:meth:`Slot.take`, outside any lock) is the reply."""

    slot: Slot


class Park:
    """Step: wait until a fetcher wakes the caller (:attr:`Bulk.parked` turns false)."""

    __slots__ = ()


#: The one :class:`Park` step.
PARK: Final = Park()

Step: TypeAlias = Start | Send | Sleep | Hand | Park | Emit
Steps: TypeAlias = Generator[Step, Any, None]

_SENT: Final = "sent"
_REFUSED: Final = "refused"
_DONE: Final = "done"


class Slot:
    """One page while the paging holds it: in flight, refused with a 429, or arrived.

    Attributes
    ----------
    url
        The page's link.
    state
        ``"sent"``, ``"refused"`` (to be sent again) or ``"done"``.
    epoch
        The number of waits done when its request was sent.
    error
        The error its request ended with, once ``"done"``.
    answer
        The page's flow and the answer it waits for, until :meth:`take` decodes it.
    page
        The page, when its flow ended without waiting for the caller.
    """

    __slots__ = ("answer", "epoch", "error", "page", "state", "url")

    def __init__(self, url: str) -> None:
        self.url = url
        self.state: Literal["sent", "refused", "done"] = _SENT
        self.epoch = 0
        self.error: BaseException | None = None
        self.answer: tuple[Flow[Any], Response] | None = None
        self.page: Any = None

    def take(self) -> Any:
        """The page: its flow finished with its answer (decoding it now), or raising.

        Raises
        ------
        Exception
            What the flow raised for its answer (a body that does not decode ...).
        """
        answer, self.answer = self.answer, None
        if answer is None:
            return self.page
        flow, response = answer
        try:
            flow.send(response)
        except StopIteration as stop:
            return stop.value
        flow.close()
        raise SpotipyError(f"a bulk page's flow sent a second request ({self.url})")


class Bulk:
    """The order in which a bulk paging sends its pages, waits and hands pages out.

    The caller runs :meth:`pages`, each fetcher :meth:`fetcher`.  The step driver
    (:func:`~spotipy._flow.drive_sync` / ``drive_async``) advances them (in sync mode
    under one lock) and does what each step says (outside the lock, but for waiting on
    it); every error of a step is thrown back into the steps that yielded it.

    Parameters
    ----------
    links
        The pages to fetch, in order.
    concurrency
        The most requests in flight, and the most pages held.
    flow
        The flow of one page, from its link: it sends one request and returns the page
        (``None`` for no page), raising for an error answer.
    adaptive
        Halve the window on a 429 and grow it back (``True``), or keep it fixed.
    hand
        What a page hands out to the caller (:class:`~spotipy._flow.Emit`'s values): the
        page itself by default, its items for ``all_items``.
    first
        A page handed out before anything is sent (the first page of ``all_pages``).
    last
        Whether a page (``None`` for no page) is the last: once one is handed out, no
        page is sent any more and none after it is handed out (they lie past the end,
        whatever the first page claimed).  Never, by default: every link is a page.

    Attributes
    ----------
    window
        The requests that may be in flight.
    slots
        The pages held, in order: in flight, refused, or arrived and not handed out.
    wake
        Called (under the lock, in sync mode) when a fetcher's step gives the parked
        caller something to do; the driver sets it.
    closed
        The caller left (or failed): fetchers send nothing more.
    """

    def __init__(
        self,
        links: Iterable[str],
        concurrency: int,
        flow: Callable[[str], Flow[Any]],
        adaptive: bool = True,
        hand: Callable[[Any], Sequence[Any]] = lambda page: (page,),
        first: Any = None,
        last: Callable[[Any], bool] = lambda page: False,
    ) -> None:
        self.window = Window(concurrency, adaptive)
        self.slots: deque[Slot] = deque()
        self.wake: Callable[[], object] = lambda: None
        self.closed = False
        self._flow = flow
        self._hand = hand
        self._first = first
        self._last = last
        # The links are taken one by one as pages are claimed (they may be many more
        # than there are pages); the next one is read ahead, so "is there more" is cheap.
        self._todo = iter(links)
        self._next: str | None = next(self._todo, None)
        #: The last page was handed out: nothing more is sent or handed out.
        self._ended = False
        self._running = 0
        self._refused = 0
        self._epoch = 0
        self._refusals = 0
        #: A 429 from a request sent since the last wait, not yet waited out.
        self._fresh: TooManyRequests | None = None
        #: A 429 ``QUOTA_EXCEEDED``: raised to the caller at once, never waited out.
        self._quota: QuotaExceeded | None = None
        #: From a fresh 429 to the end of its wait: nothing is sent.
        self._paused = False
        #: A page failed (not with a 429): no new page is sent.
        self._failed = False
        self._parked = False
        #: The first page, taken by the fetcher that brought it for the parked caller.
        self._handed: Slot | None = None

    # -- the caller's side --------------------------------------------------------------

    def pages(self) -> Steps:
        """The caller's steps, until every page was handed out.

        Raises
        ------
        TooManyRequests
            A 429 whose ``Retry-After`` exceeds :data:`MAX_BULK_WAIT`, or the last of
            :data:`MAX_BULK_RATE_LIMITS` waits in a row that brought no page.
        Exception
            The error the first page still to hand out failed with.
        """
        try:
            if self._first is not None:
                yield Emit(self._hand(self._first))
            while not self._ended and (
                self._next is not None or self.slots or self._handed is not None
            ):
                if self._quota is not None:
                    raise self._quota  # a spent quota: no page waits it out (hours)
                if self._fresh is not None:
                    yield Sleep(self._wait_after(self._fresh))
                    self._paused = False
                slot, self._handed = self._handed, None
                if slot is None and self._first_arrived():
                    slot = self.slots[0]
                    if slot.error is not None:
                        raise slot.error
                    self._hand_out()
                # Send what there is room for before handing a page out: the caller's
                # time with it (decoding it first) overlaps the requests.
                claimed = self._claim_all()
                if claimed:
                    yield Start(claimed)
                if slot is not None:
                    page = yield Hand(slot)
                    # Before the caller gets the page: the fetchers claim nothing more.
                    self._ended = self._last(page)
                    if page is not None:
                        yield Emit(self._hand(page))
                elif self._fresh is None and not self._first_arrived():
                    self._parked = True
                    yield PARK
                    self._parked = False
        finally:
            self.close()

    def close(self) -> None:
        """The caller left or failed: the fetchers end after the request they are on."""
        self.closed = True

    @property
    def parked(self) -> bool:
        """The caller waits for a fetcher (from its :class:`Park` step until woken)."""
        return self._parked

    def _first_arrived(self) -> bool:
        return bool(self.slots) and self.slots[0].state == _DONE

    def _hand_out(self) -> None:
        # The first page leaves the paging: room for one more, and the window may grow.
        self.slots.popleft()
        self.window.arrived()
        self._refusals = 0

    def _wait_after(self, error: TooManyRequests) -> float:
        """A fresh 429: halve the window and return the seconds to wait, or raise it."""
        self._fresh = None
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

    # -- the fetchers' side -------------------------------------------------------------

    def fetcher(self, slot: Slot) -> Steps:
        """A fetcher's steps: ``slot``'s page, then each next page there is room for.

        A 429 ends the fetcher (its page waits to be sent again).  A send that ends in
        an error that is not an ``Exception`` (cancelled, interrupted) is recorded for
        the caller and ends the fetcher with it.
        """
        current: Slot | None = slot
        while current is not None and not self.closed:
            error = yield from self._fetch(current)
            self._settle(current, error)
            if error is not None and not isinstance(error, Exception):
                raise error
            # After a 429 its page is sent again by the next fetcher to bring a page, or
            # by the caller, not at once into the crowd that refused it.
            current = None if isinstance(error, TooManyRequests) else self._claim()

    def _fetch(self, slot: Slot) -> Generator[Step, Any, BaseException | None]:
        """Send ``slot``'s request; the error it met, or ``None`` with its answer kept.

        An error answer is read at once (its error raised by the flow, where a 429 is
        seen); any other is left for the caller to decode, once the next request is out.
        """
        flow = self._flow(slot.url)
        try:
            request = next(flow)
        except StopIteration as stop:  # no request needed (a link past search's cap)
            slot.page = stop.value
            return None
        except Exception as refused:  # a link the client will not follow
            return refused
        try:
            response = yield Send(request)
        except BaseException as failure:  # the sender's error, or a cancellation
            flow.close()
            if isinstance(failure, GeneratorExit):
                raise
            return failure
        slot.answer = flow, response
        if response.status_code < 400:
            return None
        try:
            slot.page = slot.take()
        except Exception as error:
            return error
        return None

    def _settle(self, slot: Slot, error: BaseException | None) -> None:
        self._running -= 1
        if self.closed:
            return
        if isinstance(error, QuotaExceeded):
            # Not a rate: nothing is sent again, and the caller raises it at once.
            slot.state = _DONE
            slot.error = error
            self._failed = True
            if self._quota is None:
                self._quota = error
            self._wake()
            return
        if isinstance(error, TooManyRequests):
            slot.state = _REFUSED
            self._refused += 1
            if slot.epoch == self._epoch and self._fresh is None:
                self._fresh = error
                self._paused = True
                self._wake()
            elif not self._running:
                self._wake()  # no fetcher is left to send it again: the caller does
            return
        slot.state = _DONE
        slot.error = error
        if error is not None:
            self._failed = True
            if slot is self.slots[0]:
                self._wake()
        elif self._parked and slot is self.slots[0]:
            # The caller waits for this very page: hand it over now, so that this fetcher
            # has room to go on at once.
            self._hand_out()
            self._handed = slot
            self._wake()

    def _wake(self) -> None:
        if self._parked:
            self._parked = False
            self.wake()

    def _claim(self) -> Slot | None:
        """The next page to send, if the window and the pages held allow one: the
        earliest refused page first, then a new one."""
        if self.closed or self._ended or self._paused or self._running >= self.window.size:
            return None
        if self._refused:
            slot = next(slot for slot in self.slots if slot.state == _REFUSED)
            self._refused -= 1
        elif self._next is not None and not self._failed and len(self.slots) < self.window.limit:
            slot = Slot(self._next)
            self._next = next(self._todo, None)
            self.slots.append(slot)
        else:
            return None
        slot.state = _SENT
        slot.epoch = self._epoch
        self._running += 1
        return slot

    def _claim_all(self) -> list[Slot]:
        claimed = []
        while (slot := self._claim()) is not None:
            claimed.append(slot)
        return claimed


# -- the two runs: threads or tasks around the one step driver ------------------------


def _carry(
    send: Callable[[Request], Any],
    sleep: Callable[[float], Any],
    start: Callable[[list[Slot]], object],
    park: Callable[[], Any],
    ready: Callable[[Any], Any],
) -> Callable[[Step], Any]:
    """What each step means, in the mode of the functions given.

    Sync functions give replies; async ones awaitables (``ready`` wraps a reply that is
    at hand), which :func:`~spotipy._flow.drive_async` awaits: one carry for both modes.
    """

    def carry(step: Step) -> Any:
        if isinstance(step, Send):
            return send(step.request)
        if isinstance(step, Hand):
            return ready(step.slot.take())  # the caller decodes, outside any lock
        if isinstance(step, Start):
            start(step.slots)
            return ready(None)
        if isinstance(step, Sleep):
            return sleep(step.seconds)
        return park()

    return carry


class _Locked(Generator[Step, Any, None]):
    """Steps advanced under the sync run's lock: the fetchers' threads share the schedule."""

    __slots__ = ("lock", "steps")

    def __init__(self, steps: Steps, lock: AbstractContextManager[object]) -> None:
        self.steps = steps
        self.lock = lock

    def send(self, reply: Any) -> Step:
        with self.lock:
            return self.steps.send(reply)

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Step:
        with self.lock:
            if val is None and tb is None:  # the one-argument form the driver uses
                return self.steps.throw(typ)
            return self.steps.throw(typ, val, tb)  # pragma: no cover - legacy form

    def close(self) -> None:
        with self.lock:
            self.steps.close()


def run_sync(
    bulk: Bulk, send: Callable[[Request], Response], sleep: Callable[[float], object] | None = None
) -> Iterator[Any]:
    """What ``bulk`` hands out, in order, its requests sent with ``send`` on threads.

    ``sleep`` waits out 429s (``time.sleep`` by default).  Leaving the iterator ends
    the fetchers and waits for the requests under way (not after an interrupt).
    """
    import contextvars
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor  # only bulk reads need threads

    lock = threading.Lock()
    arrival = threading.Condition(lock)
    context = contextvars.copy_context()
    pool = ThreadPoolExecutor(bulk.window.limit, thread_name_prefix="spotipy-page")
    bulk.wake = arrival.notify  # called under the lock, by a fetcher's step

    def fetcher(slot: Slot) -> None:
        with rate_limits_to_caller():  # the window sees every 429, retrying or not
            drive_sync(_Locked(bulk.fetcher(slot), lock), carry, BaseException)

    def start(slots: list[Slot]) -> None:
        for slot in slots:  # outside the lock: the first may send at once
            pool.submit(context.copy().run, fetcher, slot)

    def park() -> None:
        with lock:
            while bulk.parked:
                arrival.wait()  # bounded: every request has its sender's deadline

    carry = _carry(send, sleep or time.sleep, start, park, _same)
    waits = True
    try:
        yield from emitted_sync(_Locked(bulk.pages(), lock), carry, BaseException)
    except BaseException as error:
        # An interrupt raised here (Ctrl-C, a signal's exception) does not wait for the
        # requests under way: the fetchers end after them, their pages dropped.
        waits = isinstance(error, (Exception, GeneratorExit))
        raise
    finally:
        with lock:
            bulk.close()
        pool.shutdown(wait=waits, cancel_futures=True)


async def run_async(
    bulk: Bulk,
    send: Callable[[Request], Awaitable[Response]],
    sleep: Callable[[float], Awaitable[object]] | None = None,
) -> AsyncIterator[Any]:
    """What ``bulk`` hands out, in order, its requests sent with ``send`` in tasks.

    ``sleep`` waits out 429s (``asyncio.sleep`` by default).  Leaving the iterator
    cancels the requests under way.
    """
    import asyncio
    import contextvars

    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()
    tasks: set[asyncio.Task[None]] = set()
    waiting: list[asyncio.Future[None]] = []

    def wake() -> None:
        if waiting and not waiting[-1].done():  # not cancelled
            waiting.pop().set_result(None)

    bulk.wake = wake

    async def fetcher(slot: Slot) -> None:
        with rate_limits_to_caller():  # the window sees every 429, retrying or not
            await drive_async(bulk.fetcher(slot), carry, BaseException)

    def start(slots: list[Slot]) -> None:
        for slot in slots:
            task = loop.create_task(fetcher(slot), context=context.copy())
            tasks.add(task)
            task.add_done_callback(tasks.discard)

    async def park() -> None:
        while bulk.parked:
            waiting[:] = [loop.create_future()]
            await waiting[0]

    carry = _carry(send, sleep or asyncio.sleep, start, park, _ready)
    handed = emitted_async(bulk.pages(), carry, BaseException)
    try:
        async for value in handed:
            yield value
    finally:
        await handed.aclose()
        bulk.close()
        for task in list(tasks):
            task.cancel()


async def collect_async(bulk: Bulk, send: Callable[[Request], Awaitable[Response]]) -> list[Any]:
    """Every value ``bulk`` hands out, in a list (a several-IDs read one ID at a time)."""
    return [value async for value in run_async(bulk, send)]


def _same(value: Any) -> Any:
    return value


async def _ready(value: Any) -> Any:
    return value


#: Requests in flight at most when several-IDs reads go one ID at a time.
EACH_ID_CONCURRENCY: Final = 4


def each_id(obj: Any, ep: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Bulk:
    """The schedule of a several-IDs read sent as one single-ID read per ID.

    ``ep`` is the batch endpoint (``albums``); each ID goes to its ``replacement``
    (``album``) with the call's other arguments, at most :data:`EACH_ID_CONCURRENCY` at
    a time in the adaptive window (429-aware, as bulk paging is).  Each "page" is a
    one-item list: the object, or ``None`` for an ID Spotify does not know (404), handed
    out as it is, so the results come in the order of the IDs, as the batch's do.
    """
    arguments = ep.arguments(obj, args, kwargs)
    ids = arguments.pop(ep.listed)
    single = getattr(type(obj), ep.replacement)

    def flow(item_id: str) -> Flow[list[Any]]:
        try:
            found = yield from single.flow(obj, item_id, **arguments)
        except NotFound:
            return [None]
        return [found]

    return Bulk(ids, EACH_ID_CONCURRENCY, flow, adaptive=True, hand=_same)
