"""Sender interfaces: the sync :class:`Sender` and the async :class:`AsyncSender`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import TYPE_CHECKING, ClassVar, Self

if TYPE_CHECKING:
    from spotipy._http import Request, Response

__all__ = ["AsyncSender", "AsyncWrappingSender", "Sender", "WrappingSender"]


class Sender(ABC):
    """Send requests synchronously.

    A sender turns a :class:`~spotipy._http.Request` into a
    :class:`~spotipy._http.Response`.  Error statuses are returned, not raised: the
    client decides what they mean.  A failure without any response raises
    :class:`~spotipy.errors.TransportError`.

    Senders are context managers; leaving the ``with`` block calls :meth:`close`.
    Subclasses implement :meth:`send` and, when they hold resources, :meth:`close`.
    """

    is_async: ClassVar[bool] = False
    """Whether :meth:`send` is a coroutine function."""

    @abstractmethod
    def send(self, request: Request) -> Response:
        """Send ``request`` and return the response.

        Parameters
        ----------
        request
            The request to send.

        Returns
        -------
        Response
            The answer, whatever its status.

        Raises
        ------
        spotipy.errors.TransportError
            When no response was received.
        """

    def close(self) -> None:
        """Release the resources held by the sender (nothing by default)."""
        return None  # a concrete no-op, not an abstract method: many senders hold nothing

    def __enter__(self) -> Self:
        """``with PersistentSender() as sender:`` gives the sender itself."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Leaving the ``with`` block calls :meth:`close`, also when the block raised."""
        self.close()


class AsyncSender(ABC):
    """Send requests asynchronously.

    The async counterpart of :class:`Sender`: :meth:`send` and :meth:`close` are
    coroutines, and the sender is an async context manager.
    """

    is_async: ClassVar[bool] = True
    """Whether :meth:`send` is a coroutine function."""

    @abstractmethod
    async def send(self, request: Request) -> Response:
        """Send ``request`` and return the response.

        Parameters
        ----------
        request
            The request to send.

        Returns
        -------
        Response
            The answer, whatever its status.

        Raises
        ------
        spotipy.errors.TransportError
            When no response was received.
        """

    async def close(self) -> None:
        """Release the resources held by the sender (nothing by default)."""
        return None  # a concrete no-op, not an abstract method: many senders hold nothing

    async def __aenter__(self) -> Self:
        """``async with AsyncPersistentSender() as sender:`` gives the sender itself."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Leaving the ``async with`` block awaits :meth:`close`, also when it raised."""
        await self.close()


class WrappingSender(Sender):
    """Base of senders that add behaviour around another sender.

    Closing a wrapping sender closes the sender it wraps: a chain such as
    ``RetryingSender(sender=PersistentSender())`` is closed as one unit.
    When such a type is the module's ``default_sender_type``, wrappers that build
    their own underlying sender fall back to a plain
    :class:`~spotipy.sender.TransientSender` instead of wrapping themselves forever.

    Parameters
    ----------
    sender
        The wrapped sender.
    """

    def __init__(self, sender: Sender) -> None:
        if sender.is_async:
            raise TypeError(
                f"{type(self).__name__} wraps sync senders; got the async "
                f"{type(sender).__name__}: use the Async counterpart"
            )
        self.sender = sender

    def close(self) -> None:
        """Close the wrapped sender."""
        self.sender.close()


class AsyncWrappingSender(AsyncSender):
    """Base of async senders that add behaviour around another async sender.

    The async counterpart of :class:`WrappingSender`.

    Parameters
    ----------
    sender
        The wrapped async sender.
    """

    def __init__(self, sender: AsyncSender) -> None:
        if not sender.is_async:
            raise TypeError(
                f"{type(self).__name__} wraps async senders; got the sync "
                f"{type(sender).__name__}: use the sync counterpart"
            )
        self.sender = sender

    async def close(self) -> None:
        """Close the wrapped sender."""
        await self.sender.close()
