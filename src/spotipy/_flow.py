"""Flows: every server round trip is written once and run sync or async.

A flow is a generator that yields :class:`~spotipy._http.Request` objects, receives
:class:`~spotipy._http.Response` objects and returns a result::

    Flow[T] = Generator[Request, Response, T]

It never touches the network, a clock or a lock.  :func:`drive_sync` runs a flow with
a sync send function, :func:`drive_async` with an async one.  :class:`Endpoint` turns a
flow-returning method into a method whose return type follows the owner's mode: a plain
value on a ``Spotify[Sync]``, an awaitable on a ``Spotify[Async]``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Generator
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Final,
    Generic,
    ParamSpec,
    TypeAlias,
    TypeVar,
    overload,
)

import msgspec

from spotipy._http import Request, Response
from spotipy.errors import ResponseError, error_for_response
from spotipy.model._base import decode

if TYPE_CHECKING:
    from spotipy.sender import AsyncSender, Sender

__all__ = [
    "Async",
    "Endpoint",
    "Flow",
    "FlowRunner",
    "Mode",
    "Sync",
    "describe",
    "drive_async",
    "drive_sync",
    "endpoint",
    "expect_model",
    "expect_no_content",
    "flow_method",
]

T = TypeVar("T")
P = ParamSpec("P")

Flow: TypeAlias = Generator[Request, Response, T]

SPOTIFY_REFERENCE: Final = "https://developer.spotify.com/documentation/web-api/reference/"


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
            request = flow.send(send(request))
    except StopIteration as stop:
        result: T = stop.value
        return result


async def drive_async(flow: Flow[T], send: Callable[[Request], Awaitable[Response]]) -> T:
    """Run ``flow`` to completion, awaiting ``send`` for each request."""
    try:
        request = next(flow)
        while True:
            request = flow.send(await send(request))
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


class Endpoint(Generic[P, T]):
    """A method written as a flow, run in the mode of the object it is read from.

    Attributes
    ----------
    operation
        Spotify's OpenAPI ``operationId``.
    scope
        Scopes the operation requires.
    optional_scope
        Scopes that unlock optional parts of the answer.
    deprecated
        Whether Spotify marks the operation deprecated.
    max_limit
        Largest ``limit`` Spotify accepts, if the operation pages.
    """

    def __init__(
        self,
        func: Callable[Concatenate[Any, P], Flow[T]],
        *,
        operation: str | None,
        scope: tuple[str, ...] = (),
        optional_scope: tuple[str, ...] = (),
        deprecated: bool = False,
        max_limit: int | None = None,
    ) -> None:
        self.func = func
        self.operation = operation
        self.scope = scope
        self.optional_scope = optional_scope
        self.deprecated = deprecated
        self.max_limit = max_limit
        self.__name__ = func.__name__
        self.__qualname__ = func.__qualname__
        self.__module__ = func.__module__
        self.__wrapped__ = func
        self.__doc__ = _document(func.__doc__ or "", self)

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Endpoint[P, T]: ...
    @overload
    def __get__(self, obj: FlowRunner[Sync], owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(self, obj: FlowRunner[Async], owner: type[Any]) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, obj: FlowRunner[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        func = self.func
        run = obj._run

        def bound(*args: P.args, **kwargs: P.kwargs) -> Any:
            return run(func(obj, *args, **kwargs))

        bound.__name__ = func.__name__
        bound.__doc__ = self.__doc__
        return bound

    def flow(self, obj: Any, /, *args: P.args, **kwargs: P.kwargs) -> Flow[T]:
        """Return the bare flow of this endpoint for ``obj`` (for composition)."""
        return self.func(obj, *args, **kwargs)

    def __repr__(self) -> str:
        return f"<endpoint {self.func.__qualname__} ({self.operation})>"


def endpoint(
    *,
    operation: str,
    scope: tuple[str, ...] = (),
    optional_scope: tuple[str, ...] = (),
    deprecated: bool = False,
    max_limit: int | None = None,
) -> Callable[[Callable[Concatenate[Any, P], Flow[T]]], Endpoint[P, T]]:
    """Declare a flow method as an endpoint, with Spotify's facts about it."""

    def decorate(func: Callable[Concatenate[Any, P], Flow[T]]) -> Endpoint[P, T]:
        return Endpoint(
            func,
            operation=operation,
            scope=scope,
            optional_scope=optional_scope,
            deprecated=deprecated,
            max_limit=max_limit,
        )

    return decorate


def flow_method(func: Callable[Concatenate[Any, P], Flow[T]]) -> Endpoint[P, T]:
    """Declare a flow method that is not a Web API operation (auth, paging)."""
    return Endpoint(func, operation=None)


def _document(doc: str, ep: Endpoint[Any, Any]) -> str:
    lines = [doc.rstrip(), ""]
    if ep.deprecated:
        lines.append("Spotify marks this operation deprecated; it may be restricted for new apps.")
    if ep.scope:
        lines.append(f"Requires scope: {', '.join(ep.scope)}.")
    if ep.optional_scope:
        lines.append(f"Optional scope: {', '.join(ep.optional_scope)}.")
    if ep.operation is not None:
        lines.append(f"Spotify reference: {SPOTIFY_REFERENCE}{ep.operation}")
    return "\n".join(lines) + "\n"


def describe(response: Response) -> str:
    """Name an answer for error messages: status, method and path (never the query)."""
    request = response.request
    return f"{response.status_code} from {request.method} {request.path}"


def expect_model(response: Response, type_: type[T]) -> T:
    """Raise for an error status, else decode the body as ``type_``.

    A body that is not JSON, or not the JSON expected, raises
    :class:`~spotipy.errors.ResponseError` naming the endpoint and status.
    """
    if response.status_code >= 400:
        raise error_for_response(response)
    try:
        return decode(response.content, type_)
    except msgspec.ValidationError as exc:
        name = getattr(type_, "__name__", str(type_))
        raise ResponseError(
            f"{describe(response)}: the body is not the expected {name}: {exc}", response
        ) from None
    except msgspec.DecodeError as exc:
        raise ResponseError(
            f"{describe(response)}: the body is not JSON: {exc}", response
        ) from None


def expect_no_content(response: Response) -> None:
    """Raise for an error status; ignore any body of a success."""
    if response.status_code >= 400:
        raise error_for_response(response)
