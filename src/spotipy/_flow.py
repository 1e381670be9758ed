"""Flows and the package's one step driver: written once, run sync or async.

A flow is a generator that yields :class:`~spotipy._http.Request` objects, receives
:class:`~spotipy._http.Response` objects and returns a result::

    Flow[T] = Generator[Request, Response, T]

It never touches the network, a clock or a lock.  A flow is one kind of *steps*: a
generator that yields what it needs done and receives the result.  Redis work
(:mod:`spotipy.redis._steps`: commands, pauses, refresh requests) and bulk paging
(:mod:`spotipy.client._bulk`: start fetchers, wait, hand a page out) are steps too, and
all of them run through one driver: :func:`drive_sync` (with sync functions) or
:func:`drive_async` (awaiting), the loop "take the next step, carry it out, send the reply
back or throw the error in" written once per mode.  What a step means is the caller's
``carry`` function (for a flow: send the request), and which errors go back into the
steps is the caller's ``catch`` policy (flows: :class:`~spotipy.errors.SpotipyError`;
Redis and bulk paging: every error, a cancellation too).  An :class:`Emit` step hands
values out to whoever iterates the steps (:func:`emitted_sync`, :func:`emitted_async`):
that is how ``all_pages`` and bulk paging give their pages between requests.

:class:`FlowMethod` turns a flow-returning method into a method whose return type follows
the owner's mode: a plain value on a ``Spotify[Sync]``, an awaitable on a
``Spotify[Async]``.  The module knows nothing of Spotify: checking answers and decoding
models live with the client.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import (
    AsyncGenerator,
    Awaitable,
    Callable,
    Coroutine,
    Generator,
    Sequence,
)
from types import MethodType
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
    "Catch",
    "Emit",
    "Flow",
    "FlowMethod",
    "FlowRunner",
    "Mode",
    "Sync",
    "describe",
    "drive_async",
    "drive_sync",
    "emitted_async",
    "emitted_sync",
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


class Emit:
    """Step: hand ``values`` out to whoever iterates the steps (see :func:`emitted_sync`).

    A driver stops at it and returns it; :func:`emitted_sync` and :func:`emitted_async`
    hand its values out and run the steps on when the next value is asked for.
    """

    __slots__ = ("values",)

    def __init__(self, values: Sequence[Any]) -> None:
        self.values = values


#: Which errors of a step are thrown back into the steps (an ``except`` clause's operand:
#: an error class or a tuple of them, ``()`` for none).
Catch: TypeAlias = "type[BaseException] | tuple[type[BaseException], ...]"


def drive_sync(
    steps: Generator[Any, Any, T], carry: Callable[[Any], Any], catch: Catch = SpotipyError
) -> T:
    """Run ``steps`` to completion, carrying each step out with ``carry``.

    Each step the generator yields is handed to ``carry``; what it returns is sent back
    in, and an error it raises that ``catch`` names is thrown in where the step was
    yielded (any other error leaves the steps where they are and propagates).  For a flow,
    ``carry`` sends a request and ``catch`` is :class:`~spotipy.errors.SpotipyError`.
    Returns the generator's value, or the :class:`Emit` step it stopped at (the steps are
    then resumed by calling the driver again: see :func:`emitted_sync`).
    """
    try:
        step = next(steps)
        while step.__class__ is not Emit:
            try:
                reply = carry(step)
            except catch as error:
                # The steps meet the error where they yielded the step (a chunked write
                # then names what was applied and what is pending; a Redis lock is freed).
                step = steps.throw(error)
                continue
            step = steps.send(reply)
        return step  # type: ignore[return-value]  # an Emit: see emitted_sync
    except StopIteration as stop:
        result: T = stop.value
        return result


async def drive_async(
    steps: Generator[Any, Any, T],
    carry: Callable[[Any], Awaitable[Any]],
    catch: Catch = SpotipyError,
) -> T:
    """Run ``steps`` to completion, awaiting what ``carry`` returns for each step.

    The async twin of :func:`drive_sync` (the same loop, with ``await``).  ``carry`` may
    be a plain function returning an awaitable: one carry can serve both modes.  A
    cancellation is an error like any other: thrown in when ``catch`` names it.
    """
    try:
        step = next(steps)
        while step.__class__ is not Emit:
            try:
                reply = await carry(step)
            except catch as error:
                step = steps.throw(error)
                continue
            step = steps.send(reply)
        return step  # type: ignore[return-value]  # an Emit: see emitted_sync
    except StopIteration as stop:
        result: T = stop.value
        return result


def emitted_sync(
    steps: Generator[Any, Any, object], carry: Callable[[Any], Any], catch: Catch = SpotipyError
) -> Generator[Any, None, None]:
    """The values the steps emit, in order, the steps run on as each one is asked for.

    Leaving the iterator closes the steps (their ``finally`` blocks run).
    """
    try:
        while (out := drive_sync(steps, carry, catch)).__class__ is Emit:
            yield from out.values
    finally:
        steps.close()


async def emitted_async(
    steps: Generator[Any, Any, object],
    carry: Callable[[Any], Awaitable[Any]],
    catch: Catch = SpotipyError,
) -> AsyncGenerator[Any, None]:
    """The values the steps emit, as an async iterator (:func:`emitted_sync` awaited).

    Leaving it (``aclose``, or an error) closes the steps.
    """
    try:
        while (out := await drive_async(steps, carry, catch)).__class__ is Emit:
            for value in out.values:
                yield value
    finally:
        steps.close()


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
        """Close the sender (sync mode); a closed object must not be used again.

        Closing a client closes the sender it was given or made, and with it the
        connections that sender holds (a wrapping sender closes the one it wraps).

        Raises
        ------
        TypeError
            For an asynchronous client, which is closed with ``await aclose()``.
        """
        if self.is_async:
            raise TypeError("an asynchronous client is closed with 'await aclose()'")
        self.sender.close()

    async def aclose(self: FlowRunner[Async]) -> None:
        """Close the sender (async mode); a closed object must not be used again.

        Raises
        ------
        TypeError
            For a synchronous client, which is closed with ``close()``.
        """
        if not self.is_async:
            raise TypeError("a synchronous client is closed with 'close()'")
        await self.sender.close()  # type: ignore[misc]

    def __enter__(self: R) -> R:
        """``with Spotify(token) as spotify:`` gives the client itself (sync mode)."""
        return self

    def __exit__(self: FlowRunner[Sync], *exc_info: object) -> None:
        """Leaving the ``with`` block calls :meth:`close`, also when the block raised."""
        self.close()

    async def __aenter__(self: R) -> R:
        """``async with Spotify(token, asynchronous=True) as spotify:`` gives the client."""
        return self

    async def __aexit__(self: FlowRunner[Async], *exc_info: object) -> None:
        """Leaving the ``async with`` block awaits :meth:`aclose`, also when it raised."""
        await self.aclose()


class FlowMethod(Generic[P, T]):
    """A method written as a flow, run in the mode of the object it is read from.

    Reading it from a ``FlowRunner[Sync]`` gives a function returning the result; from a
    ``FlowRunner[Async]`` one returning an awaitable.  Subclasses (the Web API's
    :class:`~spotipy.client.Endpoint`) override :meth:`flow` to check arguments and add
    behaviour around the bare flow.

    Read from the class, it is callable like a function taking the object first
    (``Spotify.album(spotify, album_id)``).  Read from an object, it is a bound method
    (a :class:`types.MethodType`, made in C: no closure per call).  Both have a
    signature for :func:`inspect.signature`, ``help()`` and editors: the function's
    parameters, with the flow's result ``T`` as the return annotation on the class and
    on a sync object, and ``Awaitable[T]`` on an async object (what type checkers see).
    """

    def __init__(self, func: Callable[Concatenate[Any, P], Flow[T]]) -> None:
        self.func = func
        self.__name__: str = func.__name__
        self.__qualname__ = func.__qualname__
        self.__module__ = func.__module__
        self.__wrapped__ = func
        self.__doc__ = func.__doc__
        self._signature_made: inspect.Signature | None = None
        self._awaitable_view: _AwaitableView | None = None

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, obj: FlowRunner[Sync], owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(self, obj: FlowRunner[Async], owner: type[Any]) -> Callable[P, Awaitable[T]]: ...
    def __get__(self, obj: FlowRunner[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        if obj.is_async:
            view = self._awaitable_view
            if view is None:
                view = self._awaitable_view = _AwaitableView(self)
            return MethodType(view, obj)
        return MethodType(self, obj)

    def __call__(self, obj: FlowRunner[Any], /, *args: P.args, **kwargs: P.kwargs) -> Any:
        """Run the method for ``obj``: its result, or an awaitable of it on an async one."""
        return obj._run(self.flow(obj, *args, **kwargs))

    def flow(self, obj: Any, /, *args: P.args, **kwargs: P.kwargs) -> Flow[T]:
        """Return the flow of this method for ``obj`` (for composition)."""
        return self.func(obj, *args, **kwargs)

    @property
    def __signature__(self) -> inspect.Signature:
        """The function's signature returning the flow's result (made on first read)."""
        if self._signature_made is None:
            self._signature_made = self._make_signature()
        return self._signature_made

    def _hints(self) -> dict[str, Any]:
        """The function's evaluated annotations (subclasses add names to evaluate in)."""
        return typing.get_type_hints(self.func)

    def _make_signature(self) -> inspect.Signature:
        signature = inspect.signature(self.func)
        try:
            hints = self._hints()
        except NameError:  # a name for type checkers only: the annotations as written
            return signature
        params = [
            param.replace(annotation=hints.get(name, param.annotation))
            for name, param in signature.parameters.items()
        ]
        returns = hints.get("return", signature.return_annotation)
        if typing.get_origin(returns) is Generator:
            returns = typing.get_args(returns)[2]  # Flow[T] is Generator[Request, Response, T]
        return signature.replace(parameters=params, return_annotation=returns)

    def __repr__(self) -> str:
        return f"<flow method {self.__qualname__}>"


class _AwaitableView:
    """A flow method as bound to async objects: its signature returns ``Awaitable[T]``.

    One per method, made on the first read from an async object; the bound method is a
    :class:`types.MethodType` of it, as a sync object's is of the method itself.
    """

    def __init__(self, method: FlowMethod[Any, Any]) -> None:
        self.method = method
        self.__module__ = method.__module__  # the class's own would hide it
        self._signature_made: inspect.Signature | None = None

    def __call__(self, obj: FlowRunner[Any], /, *args: Any, **kwargs: Any) -> Any:
        return self.method(obj, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # __name__, __qualname__, __module__, __wrapped__ and the facts of an endpoint.
        return getattr(self.method, name)

    @property
    def __doc__(self) -> str | None:  # type: ignore[override]
        doc: str | None = self.method.__doc__
        return doc

    @property
    def __signature__(self) -> inspect.Signature:
        if self._signature_made is None:
            signature = self.method.__signature__
            returns = signature.return_annotation
            if returns is not inspect.Signature.empty:
                returns = Awaitable[returns]  # type: ignore[valid-type]
            self._signature_made = signature.replace(return_annotation=returns)
        return self._signature_made


def flow_method(func: Callable[Concatenate[Any, P], Flow[T]]) -> FlowMethod[P, T]:
    """Declare a flow method that is not a Web API operation (auth, paging)."""
    return FlowMethod(func)


def describe(response: Response) -> str:
    """Name an answer for error messages: status, method and path (never the query)."""
    request = response.request
    return f"{response.status_code} from {request.method} {request.path}"
