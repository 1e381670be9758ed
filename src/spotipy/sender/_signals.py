"""What a caller tells the senders below it for the calls it makes in its context."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

_RATE_LIMITS_TO_CALLER: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "spotipy_rate_limits_to_caller", default=False
)


@contextlib.contextmanager
def rate_limits_to_caller() -> Iterator[None]:
    """Let 429s through to the caller: a retrying sender neither waits nor resends them.

    Bulk paging uses it: it waits out a 429 once for all its requests and halves the
    requests in flight, which a sender retrying each request on its own would hide.
    A shared cooldown is still told of every 429.
    """
    token = _RATE_LIMITS_TO_CALLER.set(True)
    try:
        yield
    finally:
        _RATE_LIMITS_TO_CALLER.reset(token)


def caller_handles_rate_limits() -> bool:
    """Tell whether the caller of this context waits out 429s itself."""
    return _RATE_LIMITS_TO_CALLER.get()
