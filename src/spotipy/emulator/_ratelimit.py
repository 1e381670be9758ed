"""Spotify's rate limit: a rolling window of requests per app, answered 429 when exceeded.

Spotify counts the Web API requests of each app (client ID) over a rolling 30-second
window and answers ``429 Too Many Requests`` with a ``Retry-After`` header, in whole
seconds, once the app sends more than its budget.  :class:`RollingWindow` is that count:

* a request is *admitted* when fewer than ``requests`` admitted requests of its client ID
  arrived in the last ``window`` seconds; it then joins the window and leaves it
  ``window`` seconds later;
* a *refused* request does not join the window: a client that waits out the
  ``Retry-After`` it was given is admitted (unless other requests of the app came first),
  and one that keeps knocking does not push its own recovery further away;
* ``Retry-After`` is the time until enough admitted requests leave the window for one
  more to fit, rounded up to whole seconds and never less than 1.

The clock is the emulator's (wall-clock seconds), so tests drive time without waiting.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable
from typing import Final

__all__ = ["DEFAULT_RATE_WINDOW", "RollingWindow", "check_rate_limit"]

#: Spotify's window, in seconds.
DEFAULT_RATE_WINDOW: Final = 30.0
#: Slack for float arithmetic on the clock: 2.0000000001 s still says ``Retry-After: 2``.
_EPSILON: Final = 1e-9


def check_rate_limit(rate_limit: object) -> tuple[int, float]:
    """Refuse a rate limit that is not ``(requests >= 1, window_seconds > 0)``.

    Raises
    ------
    TypeError
        When it is not a pair of numbers (an int of requests, a number of seconds).
    ValueError
        When the budget is below 1 or the window is not a finite positive number.
    """
    if not isinstance(rate_limit, tuple) or len(rate_limit) != 2:
        raise TypeError(
            f"rate_limit must be a (requests, window_seconds) tuple, not {rate_limit!r}"
        )
    requests, window = rate_limit
    if isinstance(requests, bool) or not isinstance(requests, int):
        raise TypeError(f"the rate limit's requests must be an int, not {requests!r}")
    if isinstance(window, bool) or not isinstance(window, (int, float)):
        raise TypeError(f"the rate limit's window must be a number of seconds, not {window!r}")
    if requests < 1:
        raise ValueError(f"the rate limit's requests must be at least 1, got {requests}")
    if not math.isfinite(window) or window <= 0:
        raise ValueError(f"the rate limit's window must be a positive number, got {window!r}")
    return requests, float(window)


class RollingWindow:
    """At most ``requests`` requests per client ID in any ``window`` seconds.

    Thread-safe: the socket server and in-process clients may call :meth:`admit` from
    several threads.

    Parameters
    ----------
    requests
        The budget: requests of one client ID the window holds.
    window
        Length of the rolling window in seconds.
    clock
        Time source in seconds.

    Attributes
    ----------
    requests : int
        The budget.
    window : float
        The window's length in seconds.
    """

    def __init__(self, requests: int, window: float, clock: Callable[[], float]) -> None:
        self.requests, self.window = check_rate_limit((requests, window))
        self._clock = clock
        self._admitted: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._refused = 0

    def __repr__(self) -> str:
        return f"RollingWindow(requests={self.requests}, window={self.window:g})"

    @property
    def refused(self) -> int:
        """How many requests were refused so far."""
        return self._refused

    def admit(self, client_id: str) -> int | None:
        """Count a request of ``client_id``: ``None`` if admitted, else its Retry-After.

        Returns
        -------
        int or None
            ``None`` when the request fits the window (it is counted); otherwise the
            whole seconds until one more request of ``client_id`` would fit (at least 1;
            the refused request is not counted).
        """
        with self._lock:
            now = self._clock()
            times = self._admitted.get(client_id)
            if times is None:
                times = self._admitted[client_id] = deque()
            horizon = now - self.window
            while times and times[0] <= horizon:
                times.popleft()
            if len(times) < self.requests:
                times.append(now)
                return None
            self._refused += 1
            # The request fits once the oldest len - requests + 1 admitted ones left.
            leaves_at = times[len(times) - self.requests] + self.window
            wait = min(leaves_at - now, self.window)  # a clock set back waits one window
            return max(1, math.ceil(wait - _EPSILON))
