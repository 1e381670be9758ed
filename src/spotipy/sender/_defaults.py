"""Choosing a sender from the module defaults of :mod:`spotipy.sender`.

The defaults (``default_sender_type``, ``default_async_sender_type``,
``default_sender_instance``, ``default_requests_kwargs``) live on the public
``spotipy.sender`` module so that users can assign them; everything here reads them
from that module at call time.
"""

from __future__ import annotations

from spotipy.sender._base import AsyncSender, AsyncWrappingSender, Sender, WrappingSender
from spotipy.sender._concrete import AsyncTransientSender, TransientSender

__all__ = ["default_underlying_async_sender", "default_underlying_sender", "resolve_sender"]


def _mode(asynchronous: bool) -> str:
    return "async" if asynchronous else "sync"


def resolve_sender(
    sender: Sender | AsyncSender | None = None, asynchronous: bool | None = None
) -> Sender | AsyncSender:
    """Pick the sender a client should use.

    An explicit ``sender`` wins.  Otherwise ``spotipy.sender.default_sender_instance``
    is used when it is set and its mode fits ``asynchronous``; otherwise a new
    ``default_async_sender_type()`` (when ``asynchronous`` is true) or
    ``default_sender_type()``.

    Parameters
    ----------
    sender
        The sender the user gave, if any.
    asynchronous
        The mode the user asked for; ``None`` when they did not say.

    Returns
    -------
    Sender or AsyncSender
        The sender to use.

    Raises
    ------
    ValueError
        When ``asynchronous`` contradicts the mode of ``sender``, or the configured
        default type has the wrong mode.
    """
    if sender is not None:
        if asynchronous is not None and sender.is_async != asynchronous:
            raise ValueError(
                f"asynchronous={asynchronous} contradicts the {_mode(sender.is_async)} "
                f"sender {type(sender).__name__}"
            )
        return sender

    from spotipy import sender as facade

    instance = facade.default_sender_instance
    if instance is not None and (asynchronous is None or instance.is_async == asynchronous):
        return instance
    if asynchronous:
        async_type = facade.default_async_sender_type
        _check_type(async_type, "default_async_sender_type", asynchronous=True)
        return async_type()
    sync_type = facade.default_sender_type
    if asynchronous is not None:
        _check_type(sync_type, "default_sender_type", asynchronous=False)
    return sync_type()


def _check_type(cls: type[Sender | AsyncSender], name: str, *, asynchronous: bool) -> None:
    if cls.is_async != asynchronous:
        raise ValueError(
            f"spotipy.sender.{name} is {cls.__name__}, which is {_mode(cls.is_async)}, "
            f"but a {_mode(asynchronous)} sender is needed"
        )


def default_underlying_sender() -> Sender:
    """Create the sender that a wrapping sender wraps when it is given none.

    Returns a new ``spotipy.sender.default_sender_type()``, except when that type is
    itself a wrapping sender, an async sender or not a class at all: then a
    :class:`TransientSender`, so that ``default_sender_type = RetryingSender`` cannot
    recurse.
    ``default_sender_instance`` is not consulted: a wrapper closes what it wraps.
    """
    from spotipy import sender as facade

    cls = facade.default_sender_type
    if not isinstance(cls, type) or issubclass(cls, WrappingSender) or cls.is_async:
        return TransientSender()
    return cls()


def default_underlying_async_sender() -> AsyncSender:
    """Create the async sender that an async wrapping sender wraps when given none.

    Returns a new ``spotipy.sender.default_async_sender_type()``, or an
    :class:`AsyncTransientSender` when that type is itself a wrapping sender, a sync
    sender or not a class at all.
    """
    from spotipy import sender as facade

    cls = facade.default_async_sender_type
    if not isinstance(cls, type) or issubclass(cls, AsyncWrappingSender) or not cls.is_async:
        return AsyncTransientSender()
    return cls()
