"""Retries: a pure policy (:func:`decide`) and the thin senders that loop around it.

The policy, in order:

* a transport error (no response) is retried while ``retries`` remain, but only if
  the request never left this machine (``sent`` is false) or is idempotent: a POST
  that may have reached Spotify is never replayed;
* 429 Too Many Requests is retried for any method (Spotify did not act on it) after
  ``Retry-After`` seconds (1 s when absent), against its own budget
  ``rate_limit_retries``.  A ``Retry-After`` above ``max_wait`` (or above a week,
  :data:`LONGEST_WAIT`, whatever ``max_wait`` says), or a 429 once that budget is used
  up, is given up on at once: the sender raises
  :class:`~spotipy.errors.TooManyRequests` carrying ``retry_after``;
* a 429 whose body says ``"reason": "QUOTA_EXCEEDED"`` (a spent quota, not the rate
  limit: its ``Retry-After`` can be hours) is never retried: the sender raises
  :class:`~spotipy.errors.QuotaExceeded` at once (a shared cooldown still hears of it);
* 500, 502, 503 and 504 are retried while ``retries`` remain, only for idempotent
  requests, after a full-jitter exponential backoff:
  ``rng() * min(max_wait, backoff * 2 ** n)`` for the n-th such retry (from 0);
* anything else is returned as it is;
* whatever the counts allow, no retry starts once the whole call (attempts and waits)
  would last longer than ``budget`` seconds: every attempt is bounded by its sender's
  deadline, and the retries share this total.

A :class:`Cooldown` shares 429s between senders: given one (``cooldown=``), a retrying
sender publishes every 429's wait there, and before each attempt waits while the
cooldown says so.  :class:`LocalCooldown` shares it between the clients of one process;
``spotipy.redis.RedisCooldown`` between processes.  A cooldown longer than ``max_wait``,
or than what is left of ``budget``, raises :class:`~spotipy.errors.TooManyRequests` at
once, without sending the request.
"""

from __future__ import annotations

import enum
import logging
import math
import random
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Final, Protocol, runtime_checkable

from spotipy._http import Request, Response
from spotipy.errors import (
    TooManyRequests,
    TransportError,
    error_for_response,
    is_quota_exceeded,
    parse_retry_after,
)
from spotipy.sender._base import AsyncSender, AsyncWrappingSender, Sender, WrappingSender
from spotipy.sender._defaults import default_underlying_async_sender, default_underlying_sender
from spotipy.sender._signals import caller_handles_rate_limits
from spotipy.sender._steps import Call, Sleep, Steps, run_async, run_sync
from spotipy.sender._steps import async_sleep as _sleep

__all__ = [
    "Action",
    "AsyncRetryingSender",
    "Cooldown",
    "Decision",
    "LocalCooldown",
    "RetryConfig",
    "RetryState",
    "RetryingSender",
    "decide",
]

logger = logging.getLogger("spotipy")

#: Server errors worth another try: Spotify failed before doing the work, or may have.
RETRYABLE_STATUSES: Final = frozenset({500, 502, 503, 504})
#: Wait when a 429 carries no readable ``Retry-After``.
DEFAULT_RATE_LIMIT_WAIT: Final = 1.0
#: Largest exponent of the backoff, far past any cap, so that the power cannot overflow.
_MAX_EXPONENT: Final = 64
#: Longest wait the policy ever asks for, whatever ``max_wait`` allows: a week.  A longer
#: ``Retry-After`` is given up on, so no sleep overflows (``time.sleep`` refuses 1e10 s).
LONGEST_WAIT: Final = 7 * 86_400.0

Outcome = Response | TransportError
"""What one attempt produced: a response of any status, or a transport failure."""


class Action(enum.Enum):
    """What to do with the outcome of an attempt."""

    RETRY = "retry"
    """Wait :attr:`Decision.wait` seconds, then send the request again."""
    RETURN = "return"
    """Hand the response back to the caller."""
    RAISE = "raise"
    """Raise: the transport error itself, or the error the response stands for."""


#: Most seconds a retried call may take in all, by default.
DEFAULT_BUDGET: Final = 300.0


@dataclass(frozen=True, slots=True)
class RetryConfig:
    """Limits of the retry policy.

    Parameters
    ----------
    retries
        Retries allowed after server errors and transport failures.
    rate_limit_retries
        Retries allowed after 429 answers, counted separately.
    max_wait
        Longest single wait in seconds; a longer ``Retry-After`` is not waited for.
    backoff
        First backoff cap in seconds, doubled for every further retry.
    budget
        Most seconds one call may take, attempts and waits together: a retry that would
        end later is not made.

    Raises
    ------
    ValueError
        When a limit is negative or not finite.
    """

    retries: int = 0
    rate_limit_retries: int = 3
    max_wait: float = 60.0
    backoff: float = 0.5
    budget: float = DEFAULT_BUDGET

    def __post_init__(self) -> None:
        for name in ("retries", "rate_limit_retries", "max_wait", "backoff", "budget"):
            value = getattr(self, name)
            # NaN compares false with everything, so "< 0" alone lets it through.
            if not (isinstance(value, (int, float)) and math.isfinite(value)) or value < 0:
                raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")


@dataclass(frozen=True, slots=True)
class RetryState:
    """Retries used so far for one request.

    Parameters
    ----------
    retries_used
        Retries spent on server errors and transport failures.
    rate_limit_retries_used
        Retries spent on 429 answers.
    """

    retries_used: int = 0
    rate_limit_retries_used: int = 0


@dataclass(frozen=True, slots=True)
class Decision:
    """The policy's verdict on one outcome.

    Parameters
    ----------
    action
        What to do.
    state
        The state to carry into the next attempt.
    reason
        Why, for logs and error notes (never containing header values).
    wait
        Seconds to wait before retrying; zero unless ``action`` is ``RETRY``.
    retry_after
        For a 429: the server's ``Retry-After`` in seconds, ``None`` when absent.
    """

    action: Action
    state: RetryState
    reason: str
    wait: float = 0.0
    retry_after: float | None = None


def backoff_wait(n: int, config: RetryConfig, rng: Callable[[], float]) -> float:
    """Return the full-jitter wait before the ``n``-th backoff retry (from 0)."""
    cap = min(config.max_wait, LONGEST_WAIT, config.backoff * 2.0 ** min(n, _MAX_EXPONENT))
    return rng() * cap


def decide(
    state: RetryState,
    outcome: Outcome,
    config: RetryConfig,
    *,
    now: float,
    rng: Callable[[], float],
) -> Decision:
    """Decide whether to retry after one attempt.

    Pure: the clock and the random source come in as ``now`` and ``rng``.

    Parameters
    ----------
    state
        Retries used so far for this request.
    outcome
        The response of the attempt, or the transport error it raised.
    config
        The limits.
    now
        Current POSIX time, for ``Retry-After`` given as an HTTP date.
    rng
        Returns a float in ``[0, 1)`` for the backoff jitter.

    Returns
    -------
    Decision
        The action, the wait and the next state.
    """
    if isinstance(outcome, TransportError):
        return _after_failure(state, outcome, config, rng)
    status = outcome.status_code
    if status == 429:
        if is_quota_exceeded(outcome):
            # A spent quota, not the rate: its Retry-After can be hours (July 2026).
            retry_after = parse_retry_after(outcome.headers.get("retry-after"), now)
            reason = "the quota is exceeded (QUOTA_EXCEEDED), not the rate limit"
            return Decision(Action.RAISE, state, reason, retry_after=retry_after)
        return _after_rate_limit(state, outcome, config, now)
    if status in RETRYABLE_STATUSES:
        return _after_server_error(state, outcome, config, rng)
    return Decision(Action.RETURN, state, f"status {status}")


def _after_failure(
    state: RetryState, error: TransportError, config: RetryConfig, rng: Callable[[], float]
) -> Decision:
    if error.sent and not error.request.idempotent:
        reason = "the request may have reached the server and is not idempotent"
        return Decision(Action.RAISE, state, reason)
    if state.retries_used >= config.retries:
        return Decision(Action.RAISE, state, f"{config.retries} retries used up")
    wait = backoff_wait(state.retries_used, config, rng)
    following = replace(state, retries_used=state.retries_used + 1)
    return Decision(Action.RETRY, following, "transport error", wait)


def _after_rate_limit(
    state: RetryState, response: Response, config: RetryConfig, now: float
) -> Decision:
    retry_after = parse_retry_after(response.headers.get("retry-after"), now)
    wait = DEFAULT_RATE_LIMIT_WAIT if retry_after is None else retry_after
    if wait > config.max_wait:
        reason = f"Retry-After of {wait:g} s exceeds max_wait of {config.max_wait:g} s"
        return Decision(Action.RAISE, state, reason, retry_after=retry_after)
    if wait > LONGEST_WAIT:
        reason = f"Retry-After of {wait:g} s is longer than a week, the longest wait"
        return Decision(Action.RAISE, state, reason, retry_after=retry_after)
    used = state.rate_limit_retries_used
    if used >= config.rate_limit_retries:
        reason = f"{config.rate_limit_retries} rate-limit retries used up"
        return Decision(Action.RAISE, state, reason, retry_after=retry_after)
    following = replace(state, rate_limit_retries_used=used + 1)
    return Decision(Action.RETRY, following, "429", wait, retry_after)


def _after_server_error(
    state: RetryState, response: Response, config: RetryConfig, rng: Callable[[], float]
) -> Decision:
    status = response.status_code
    if not response.request.idempotent:
        return Decision(Action.RETURN, state, f"status {status} on a non-idempotent request")
    if state.retries_used >= config.retries:
        return Decision(Action.RETURN, state, f"status {status}, {config.retries} retries used up")
    wait = backoff_wait(state.retries_used, config, rng)
    following = replace(state, retries_used=state.retries_used + 1)
    return Decision(Action.RETRY, following, f"status {status}", wait)


#: Most cooldown waits before one attempt: another sender may extend the cooldown while
#: this one waits, but not for ever (each wait is also bounded by ``max_wait``/``budget``).
MAX_COOLDOWN_WAITS: Final = 16


@runtime_checkable
class Cooldown(Protocol):
    """A pause after a 429 that several senders (or processes) share.

    A retrying sender given one calls :meth:`pause` with the wait of every 429 it
    receives, and :meth:`remaining` before every attempt (the ``_async`` methods in
    async senders).  Implementations: :class:`LocalCooldown` (one process) and
    ``spotipy.redis.RedisCooldown`` (every worker of an app).
    """

    def remaining(self) -> float:
        """Return the seconds every sender must still wait (0 when none)."""
        ...

    def pause(self, seconds: float) -> None:
        """Make every sender wait ``seconds`` from now (a shorter pause never shortens)."""
        ...

    async def remaining_async(self) -> float:
        """Async counterpart of :meth:`remaining`."""
        ...

    async def pause_async(self, seconds: float) -> None:
        """Async counterpart of :meth:`pause`."""
        ...


class LocalCooldown:
    """A :class:`Cooldown` shared by the senders of one process (threads and tasks).

    Parameters
    ----------
    clock
        Monotonic seconds (injectable for tests).
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._until = 0.0

    def __repr__(self) -> str:
        return f"<LocalCooldown remaining={self.remaining():.2f} s>"

    def remaining(self) -> float:
        """Return the seconds every sender must still wait (0 when none)."""
        with self._lock:
            return max(0.0, self._until - self._clock())

    def pause(self, seconds: float) -> None:
        """Make every sender wait ``seconds`` from now (a shorter pause never shortens)."""
        seconds = check_pause(seconds)
        with self._lock:
            self._until = max(self._until, self._clock() + seconds)

    async def remaining_async(self) -> float:
        """Async counterpart of :meth:`remaining` (nothing blocks)."""
        return self.remaining()

    async def pause_async(self, seconds: float) -> None:
        """Async counterpart of :meth:`pause` (nothing blocks)."""
        self.pause(seconds)


def check_pause(seconds: object) -> float:
    """Refuse a pause that is not a finite number of seconds >= 0."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError(f"a pause must be a number of seconds, not {type(seconds).__name__}")
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"a pause must be a finite number of seconds >= 0, got {seconds!r}")
    return float(seconds)


def _cooling(request: Request, wait: float, reason: str) -> TooManyRequests:
    """The error for a request not sent because of a shared cooldown."""
    stand_in = Response(429, {"Retry-After": str(math.ceil(wait))}, b"", request)
    message = f"not sent: a shared cooldown after a 429 has {wait:.2f} s left, {reason}"
    text = f"429 Too Many Requests for {request.method} {request.path}: {message}"
    return TooManyRequests(
        text, retry_after=wait, request=request, response=stand_in, message=message
    )


def _pause_for(outcome: Outcome, now: float) -> float | None:
    """The seconds a 429 asks every sender to pause; ``None`` for any other outcome."""
    if isinstance(outcome, TransportError) or outcome.status_code != 429:
        return None
    retry_after = parse_retry_after(outcome.headers.get("retry-after"), now)
    return DEFAULT_RATE_LIMIT_WAIT if retry_after is None else retry_after


class _RetryLoop:
    """The policy's configuration and the steps shared by the sync and async loops."""

    def __init__(
        self,
        config: RetryConfig,
        clock: Callable[[], float],
        rng: Callable[[], float],
        cooldown: Cooldown | None = None,
    ) -> None:
        if cooldown is not None and not isinstance(cooldown, Cooldown):
            raise TypeError(
                "cooldown must have remaining(), pause() and their _async variants,"
                f" not {type(cooldown).__name__}"
            )
        self.config = config
        self._clock = clock
        self._rng = rng
        #: The shared cooldown consulted before every attempt, or ``None``.
        self.cooldown = cooldown

    @property
    def retries(self) -> int:
        """Retries allowed after server errors and transport failures."""
        return self.config.retries

    @property
    def rate_limit_retries(self) -> int:
        """Retries allowed after 429 answers."""
        return self.config.rate_limit_retries

    @property
    def max_wait(self) -> float:
        """Longest single wait in seconds."""
        return self.config.max_wait

    def _cooldown_wait(self, request: Request, wait: float, started: float, waits: int) -> float:
        """Check a shared cooldown's ``wait`` before an attempt; return it or raise."""
        if wait > self.config.max_wait:
            raise _cooling(request, wait, f"more than max_wait of {self.config.max_wait:g} s")
        if wait > LONGEST_WAIT:
            raise _cooling(request, wait, "more than a week, the longest wait")
        if self._clock() - started + wait > self.config.budget:
            raise _cooling(request, wait, f"the retry budget of {self.config.budget:g} s")
        if waits >= MAX_COOLDOWN_WAITS:
            raise _cooling(request, wait, f"{MAX_COOLDOWN_WAITS} cooldown waits used up")
        logger.info(
            "Waiting %.2f s before %s %s: a shared cooldown after a 429",
            wait,
            request.method,
            request.path,
        )
        return wait

    def _decide(self, state: RetryState, outcome: Outcome, started: float) -> Decision:
        now = self._clock()
        decision = decide(state, outcome, self.config, now=now, rng=self._rng)
        budget = self.config.budget
        if decision.action is Action.RETRY and now - started + decision.wait > budget:
            # The retries share one budget: a slow peer cannot stretch a call for ever.
            giving_up = isinstance(outcome, TransportError) or outcome.status_code == 429
            decision = Decision(
                Action.RAISE if giving_up else Action.RETURN,
                decision.state,
                f"the retry budget of {budget:g} s would be exceeded",
                retry_after=decision.retry_after,
            )
        if (
            decision.action is Action.RETRY
            and not isinstance(outcome, TransportError)
            and outcome.status_code == 429
            and caller_handles_rate_limits()
        ):
            decision = Decision(
                Action.RAISE,
                decision.state,
                "the caller waits out 429s itself (bulk paging)",
                retry_after=decision.retry_after,
            )
        if decision.action is Action.RETRY:
            request = outcome.request
            logger.info(
                "Retrying %s %s in %.2f s after %s",
                request.method,
                request.path,
                decision.wait,
                decision.reason,
            )
        return decision

    def _attempts(self, request: Request) -> Steps[Response]:
        """The retry loop of one request, for :func:`~spotipy.sender._steps.run_sync` and
        :func:`~spotipy.sender._steps.run_async`."""
        state = RetryState()
        started = self._clock()
        cooldown = self.cooldown
        while True:
            if cooldown is not None:
                waits = 0
                while (wait := (yield Call(cooldown, "remaining"))) > 0:
                    yield Sleep(self._cooldown_wait(request, wait, started, waits))
                    waits += 1
            outcome: Outcome
            try:
                outcome = yield request
            except TransportError as exc:
                outcome = exc
            if cooldown is not None and (pause := _pause_for(outcome, self._clock())) is not None:
                yield Call(cooldown, "pause", (pause,))
            decision = self._decide(state, outcome, started)
            if decision.action is not Action.RETRY:
                return self._conclude(decision, outcome)
            yield Sleep(decision.wait)
            state = decision.state

    @staticmethod
    def _conclude(decision: Decision, outcome: Outcome) -> Response:
        if isinstance(outcome, TransportError):
            if decision.reason.startswith("the retry budget"):
                outcome.add_note(f"Not retried: {decision.reason}.")
            raise outcome
        if decision.action is Action.RAISE:
            error = error_for_response(outcome)
            if isinstance(error, TooManyRequests):
                error.retry_after = decision.retry_after
            error.add_note(f"Not retried: {decision.reason}.")
            raise error
        return outcome


class RetryingSender(WrappingSender, _RetryLoop):
    """Retry rate-limited, failed and server-error requests through another sender.

    See the module documentation of the policy.  Giving up on a 429 raises
    :class:`~spotipy.errors.TooManyRequests` (with ``retry_after``); a server error
    that is not retried is returned; a transport error is re-raised.

    Parameters
    ----------
    retries
        Retries after server errors and transport failures.  Zero still retries 429s.
    sender
        The sender to wrap; when omitted, a new ``spotipy.sender.default_sender_type()``
        (a :class:`TransientSender` when that type is itself a wrapping sender).
        Closing this sender closes it.
    rate_limit_retries
        Retries after 429 answers.
    max_wait
        Longest single wait in seconds.
    backoff
        First backoff cap in seconds, doubled for every further retry.
    budget
        Most seconds the whole call may take, attempts and waits together.
    sleep
        Waits the given seconds (injectable for tests).
    clock
        Returns the POSIX time, for ``Retry-After`` dates.
    rng
        Returns a float in ``[0, 1)`` for the jitter.
    cooldown
        A :class:`Cooldown` shared with other senders: every 429 received pauses them
        all, and every attempt first waits while it lasts.
    """

    def __init__(
        self,
        retries: int = 0,
        sender: Sender | None = None,
        *,
        rate_limit_retries: int = 3,
        max_wait: float = 60.0,
        backoff: float = 0.5,
        budget: float = DEFAULT_BUDGET,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
        cooldown: Cooldown | None = None,
    ) -> None:
        config = RetryConfig(retries, rate_limit_retries, max_wait, backoff, budget)
        WrappingSender.__init__(self, default_underlying_sender() if sender is None else sender)
        _RetryLoop.__init__(self, config, clock, rng, cooldown)
        self._sleep = sleep

    def send(self, request: Request) -> Response:
        """Send ``request``, retrying as the policy allows."""
        return run_sync(self._attempts(request), self.sender.send, self._sleep)


class AsyncRetryingSender(AsyncWrappingSender, _RetryLoop):
    """Retry rate-limited, failed and server-error requests through an async sender.

    The async counterpart of :class:`RetryingSender`, with the same policy.

    Parameters
    ----------
    retries
        Retries after server errors and transport failures.  Zero still retries 429s.
    sender
        The async sender to wrap; when omitted, a new
        ``spotipy.sender.default_async_sender_type()``.  Closing this sender closes it.
    rate_limit_retries
        Retries after 429 answers.
    max_wait
        Longest single wait in seconds.
    backoff
        First backoff cap in seconds, doubled for every further retry.
    budget
        Most seconds the whole call may take, attempts and waits together.
    sleep
        Awaitable wait of the given seconds (injectable for tests).
    clock
        Returns the POSIX time, for ``Retry-After`` dates.
    rng
        Returns a float in ``[0, 1)`` for the jitter.
    cooldown
        A :class:`Cooldown` shared with other senders (its ``_async`` methods are used).
    """

    def __init__(
        self,
        retries: int = 0,
        sender: AsyncSender | None = None,
        *,
        rate_limit_retries: int = 3,
        max_wait: float = 60.0,
        backoff: float = 0.5,
        budget: float = DEFAULT_BUDGET,
        sleep: Callable[[float], Awaitable[None]] = _sleep,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
        cooldown: Cooldown | None = None,
    ) -> None:
        config = RetryConfig(retries, rate_limit_retries, max_wait, backoff, budget)
        underlying = default_underlying_async_sender() if sender is None else sender
        AsyncWrappingSender.__init__(self, underlying)
        _RetryLoop.__init__(self, config, clock, rng, cooldown)
        self._sleep = sleep

    async def send(self, request: Request) -> Response:
        """Send ``request``, retrying as the policy allows."""
        return await run_async(self._attempts(request), self.sender.send, self._sleep)
