"""Senders: how requests reach Spotify.

A sender turns a request into a response.  The concrete senders differ in how they
hold connections:

* :class:`TransientSender` (the default) opens a new connection for every request;
* :class:`PersistentSender` keeps one pooled client per sender instance, which may
  be passed in (a passed-in client belongs to the caller and is never closed here);
* :class:`SingletonSender` shares one client, ``SingletonSender.client``, between
  all its instances.

Each has an async counterpart (:class:`AsyncTransientSender`,
:class:`AsyncPersistentSender`, :class:`AsyncSingletonSender`).
:class:`RetryingSender` and :class:`AsyncRetryingSender` wrap another sender and
retry rate-limited (429), failed and server-error requests.
:class:`RateLimitedSender` and :class:`AsyncRateLimitedSender` keep to a
:class:`RateLimit` (requests per rolling window, as Spotify counts them), which several
senders may share.  A :class:`LocalCooldown` given to several retrying senders makes a
429 seen by one of them pause them all (``spotipy.redis`` shares both between processes).

:class:`CachingSender` and :class:`AsyncCachingSender` wrap another sender and cache
responses as Spotify's ``Cache-Control``, ``ETag`` and ``Vary`` headers allow; the two
kinds of wrapper compose in either order.  Senders are (async) context managers and
have ``close()``.

Module defaults, read when they are needed, so assign them on this module::

    import spotipy.sender

    spotipy.sender.default_sender_type = spotipy.sender.PersistentSender
    spotipy.sender.default_requests_kwargs = {"timeout": 10}

``default_sender_type`` / ``default_async_sender_type``
    The sender type a client creates when it is given no sender.
``default_sender_instance``
    A sender that clients given no sender share; it takes precedence over the types.
``default_requests_kwargs``
    Keyword arguments for a sender created without any (``timeout``, ``verify``,
    ``proxy`` ...).  They are used only when a sender gets no keyword arguments at
    all: a fallback, not a merge.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from spotipy._lazy import lazy_names
from spotipy.sender._base import AsyncSender, AsyncWrappingSender, Sender, WrappingSender
from spotipy.sender._concrete import (
    AsyncPersistentSender,
    AsyncSingletonSender,
    AsyncTransientSender,
    PersistentSender,
    SingletonSender,
    TransientSender,
)
from spotipy.sender._defaults import resolve_sender

if TYPE_CHECKING:
    from spotipy.sender._cache import AsyncCachingSender, CachingSender
    from spotipy.sender._limit import (
        AsyncRateLimitedSender,
        Gate,
        Limiter,
        RateLimit,
        RateLimitedSender,
    )
    from spotipy.sender._retry import (
        AsyncRetryingSender,
        Cooldown,
        LocalCooldown,
        RetryingSender,
    )

__all__ = [
    "AsyncCachingSender",
    "AsyncPersistentSender",
    "AsyncRateLimitedSender",
    "AsyncRetryingSender",
    "AsyncSender",
    "AsyncSingletonSender",
    "AsyncTransientSender",
    "AsyncWrappingSender",
    "CachingSender",
    "Cooldown",
    "Gate",
    "Limiter",
    "LocalCooldown",
    "PersistentSender",
    "RateLimit",
    "RateLimitedSender",
    "RetryingSender",
    "Sender",
    "SingletonSender",
    "TransientSender",
    "WrappingSender",
    "default_async_sender_type",
    "default_requests_kwargs",
    "default_sender_instance",
    "default_sender_type",
    "resolve_sender",
]

default_sender_type: type[Sender] = TransientSender
"""Sender type that sync clients given no sender instantiate."""

default_async_sender_type: type[AsyncSender] = AsyncTransientSender
"""Sender type that async clients given no sender instantiate."""

default_sender_instance: Sender | AsyncSender | None = None
"""Sender shared by clients given no sender, when its mode fits; ``None`` for none."""

default_requests_kwargs: dict[str, Any] = {}
"""Keyword arguments for senders created without any (a fallback, not a merge)."""


# The wrappers load on first use (PEP 562): a program that never caches, retries or
# limits does not pay for them.
_SOURCES: dict[str, str] = {
    "AsyncCachingSender": "spotipy.sender._cache",
    "CachingSender": "spotipy.sender._cache",
    "AsyncRateLimitedSender": "spotipy.sender._limit",
    "Gate": "spotipy.sender._limit",
    "Limiter": "spotipy.sender._limit",
    "RateLimit": "spotipy.sender._limit",
    "RateLimitedSender": "spotipy.sender._limit",
    "AsyncRetryingSender": "spotipy.sender._retry",
    "Cooldown": "spotipy.sender._retry",
    "LocalCooldown": "spotipy.sender._retry",
    "RetryingSender": "spotipy.sender._retry",
}


__getattr__: Callable[[str], object]
__dir__: Callable[[], list[str]]
__getattr__, __dir__ = lazy_names(globals(), _SOURCES, __all__)
