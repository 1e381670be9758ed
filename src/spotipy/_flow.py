"""Flows: every server round trip is written once and run sync or async.

A flow is a generator that yields :class:`~spotipy._http.Request` objects, receives
:class:`~spotipy._http.Response` objects and returns a result::

    Flow[T] = Generator[Request, Response, T]

It never touches the network, a clock or a lock.  :func:`drive_sync` runs a flow with
a sync send function, :func:`drive_async` with an async one.  :class:`FlowMethod` turns a
flow-returning method into a method whose return type follows the owner's mode: a plain
value on a ``Spotify[Sync]``, an awaitable on a ``Spotify[Async]``.  The module knows
nothing of Spotify: checking answers and decoding models live with the client.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Generator
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    ParamSpec,
    TypeAlias,
    TypeVar,
    overload,
)

from spotipy._http import Request, Response
from spotipy.errors import SpotipyError

if TYPE_CHECKING:
    from typing import Self

    from spotipy.sender import AsyncSender, Sender

__all__ = [
    "Async",
    "Flow",
    "FlowMethod",
    "FlowRunner",
    "Mode",
    "Sync",
    "describe",
    "drive_async",
    "drive_sync",
    "flow_method",
]

T = TypeVar("T")
P = ParamSpec("P")

Flow: TypeAlias = Generator[Request, Response, T]


class Sync:
    """Type marker of the synchronous mode: methods return their results."""


class Async:
    """Type marker of the asynchronous mode: methods return awaitables."""


Mode = TypeVar("Mode", Sync, Async)
R = TypeVar("R", bound="FlowRunner[Any]")


def drive_sync(flow: Flow[T], send: Callable[[Request], Response]) -> T:
    """Run ``flow`` to completion, sending each request with ``send``."""
    try:
        request = next(flow)
        while True:
            try:
                response = send(request)
            except SpotipyError as error:
                # The flow meets a sender's error where it sent the request (a chunked
                # write then names what was applied and what is pending).
                request = flow.throw(error)
                continue
            request = flow.send(response)
    except StopIteration as stop:
        result: T = stop.value
        return result


async def drive_async(flow: Flow[T], send: Callable[[Request], Awaitable[Response]]) -> T:
    """Run ``flow`` to completion, awaiting ``send`` for each request."""
    try:
        request = next(flow)
        while True:
            try:
                response = await send(request)
            except SpotipyError as error:
                # The flow meets a sender's error where it sent the request (a chunked
                # write then names what was applied and what is pending).
                request = flow.throw(error)
                continue
            request = flow.send(response)
    except StopIteration as stop:
        result: T = stop.value
        return result


class FlowRunner(Generic[Mode]):
    """Base of the objects that run flows: :class:`~spotipy.Spotify` and credentials.

    Subclasses set :attr:`sender` and :attr:`is_async`, and may override
    :meth:`_send_sync` / :meth:`_send_async` to prepare requests (add a token).
    """

    sender: Sender | AsyncSender
    is_async: bool

    def _send_sync(self, request: Request) -> Response:
        return self.sender.send(request)  # type: ignore[return-value]

    async def _send_async(self, request: Request) -> Response:
        return await self.sender.send(request)  # type: ignore[misc, no-any-return]

    def _run(self, flow: Flow[T]) -> T | Coroutine[Any, Any, T]:
        if self.is_async:
            return drive_async(flow, self._send_async)
        return drive_sync(flow, self._send_sync)

    def close(self: FlowRunner[Sync]) -> None:
        """Close the sender (sync mode); a closed object must not be used again."""
        if self.is_async:
            raise TypeError("an asynchronous client is closed with 'await aclose()'")
        self.sender.close()

    async def aclose(self: FlowRunner[Async]) -> None:
        """Close the sender (async mode)."""
        if not self.is_async:
            raise TypeError("a synchronous client is closed with 'close()'")
        await self.sender.close()  # type: ignore[misc]

    def __enter__(self: R) -> R:
        return self

    def __exit__(self: FlowRunner[Sync], *exc_info: object) -> None:
        self.close()

    async def __aenter__(self: R) -> R:
        return self

    async def __aexit__(self: FlowRunner[Async], *exc_info: object) -> None:
        await self.aclose()


class FlowMethod(Generic[P, T]):
    """A method written as a flow, run in the mode of the object it is read from.

    Reading it from a ``FlowRunner[Sync]`` gives a function returning the result; from a
    ``FlowRunner[Async]`` one returning an awaitable.  Subclasses (the Web API's
    :class:`~spotipy.client.Endpoint`) override :meth:`flow` to check arguments and add
    behaviour around the bare flow.
    """

    def __init__(self, func: Callable[Concatenate[Any, P], Flow[T]]) -> None:
        self.func = func
        self.__name__: str = func.__name__
        self.__qualname__ = func.__qualname__
        self.__module__ = func.__module__
        self.__wrapped__ = func
        self.__doc__ = func.__doc__

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, obj: FlowRunner[Sync], owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(self, obj: FlowRunner[Async], owner: type[Any]) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, obj: FlowRunner[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        flow = self.flow
        run = obj._run

        def bound(*args: P.args, **kwargs: P.kwargs) -> Any:
            return run(flow(obj, *args, **kwargs))

        bound.__name__ = self.__name__
        bound.__doc__ = self.__doc__
        return bound

    def flow(self, obj: Any, /, *args: P.args, **kwargs: P.kwargs) -> Flow[T]:
        """Return the flow of this method for ``obj`` (for composition)."""
        return self.func(obj, *args, **kwargs)

    def __repr__(self) -> str:
        return f"<flow method {self.__qualname__}>"


def flow_method(func: Callable[Concatenate[Any, P], Flow[T]]) -> FlowMethod[P, T]:
    """Declare a flow method that is not a Web API operation (auth, paging)."""
    return FlowMethod(func)


def describe(response: Response) -> str:
    """Name an answer for error messages: status, method and path (never the query)."""
    request = response.request
    return f"{response.status_code} from {request.method} {request.path}"
