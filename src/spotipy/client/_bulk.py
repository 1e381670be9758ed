"""Bulk paging: the pages still to fetch, and a window of requests that adapts to 429s.

Once the first page of an offset paging says how many items there are, the other pages
are known: their links are the first ``next`` link with another ``offset``.  They are
fetched several at a time, in a window that is halved by every 429 (after waiting its
``Retry-After``) and grows back by one after each page that arrives: additive increase,
multiplicative decrease, so a big export slows down and finishes instead of failing or
hammering Spotify.  Pages are handed out in order, and at most the window is held.
"""

from __future__ import annotations

import math
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from spotipy.model.paging import OffsetPaging, Paging

__all__ = [
    "MAX_BULK_RATE_LIMITS",
    "MAX_CONCURRENCY",
    "Window",
    "check_concurrency",
    "check_max_items",
    "remaining_links",
]

#: The most pages a bulk paging requests at once.
MAX_CONCURRENCY: Final = 32
#: Seconds waited after a 429 that says nothing (as the RetryingSender does).
DEFAULT_RATE_LIMIT_WAIT: Final = 1.0
#: 429s one bulk paging waits out before it gives up (raising the last one).
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
    """How many requests may be in flight: halved by a 429, grown by one per success.

    Parameters
    ----------
    limit
        The most requests in flight, the window's ceiling.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = limit
        self.rate_limited = 0

    def shrink(self) -> None:
        """A 429: halve the window (never below one)."""
        self.rate_limited += 1
        self.size = max(1, math.floor(self.size / 2))

    def grow(self) -> None:
        """A page arrived: one more request may be in flight, up to the limit."""
        self.size = min(self.limit, self.size + 1)
