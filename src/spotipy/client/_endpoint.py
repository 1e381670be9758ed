"""The Web API endpoint descriptor: Spotify's facts about an operation, and its checks.

``@endpoint(...)`` declares each fact once (operation, scopes, deprecation and quota,
``max_limit``, ``max_offset``, ``max_ids``); docs, checks, chunking, quota errors and
the spec tests all read them from the :class:`Endpoint`.  Around the bare flow the
descriptor adds, in this order:

1. the argument checks declared in the signature (:mod:`spotipy.client._params`),
   ``max_limits`` defaults, the development-quota refusal and the scope preflight (a
   required scope the token is known to lack): all before the first request, inside the
   flow, so an async call raises when awaited;
2. chunking of the one listed argument into requests of at most ``max_ids``;
3. explanations on 401/403 answers (the scopes needed and lacking; extended quota).

A several-IDs read (:attr:`Endpoint.batch_read`) is called through
``SpotifyBase._batch_read`` instead (``Endpoint.__call__``), which runs this flow or
answers one ID at a time with the ``replacement``.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable, Generator
from typing import Any, Concatenate, Final, Literal, ParamSpec, TypeVar

import msgspec

from spotipy._flow import Flow, FlowMethod
from spotipy._http import Request, Response
from spotipy.client._params import Check
from spotipy.errors import (
    ExtendedQuotaRequired,
    Forbidden,
    HTTPError,
    PartialWriteError,
    PremiumRequired,
    SpotipyError,
    Unauthorised,
    error_for_response,
)

__all__ = ["INSUFFICIENT_SCOPE", "SPOTIFY_REFERENCE", "Endpoint", "Quota", "endpoint"]

T = TypeVar("T")
P = ParamSpec("P")

#: Where Spotify documents each operation, followed by its ``operationId``.
SPOTIFY_REFERENCE: Final = "https://developer.spotify.com/documentation/web-api/reference/"

#: Spotify's message of a 403 for a token without a scope the operation needs.
INSUFFICIENT_SCOPE: Final = "Insufficient client scope"

Quota = Literal["development", "extended"]
"""Spotify's two kinds of app: development mode (every new app) and extended quota."""

_QUOTA_NOTE: Final = (
    "Needs extended quota: Spotify serves it only to apps with extended quota since"
    " November 2024 (for every app since February 2026)."
)


class Endpoint(FlowMethod[P, T]):
    """A Web API operation written as a flow, with Spotify's facts about it.

    Attributes
    ----------
    operation
        Spotify's OpenAPI ``operationId``.
    scope
        Scopes the operation requires.
    optional_scope
        Scopes that unlock optional parts of the answer.
    deprecated
        Whether Spotify marks the operation deprecated: the function carries PEP 702's
        ``@deprecated(..., category=None)`` (a literal message, so type checkers see it).
    quota
        The least quota that may call it: ``"extended"`` for deprecated operations.
    replacement
        The method to use instead, when Spotify offers one.
    max_limit
        Largest ``limit`` Spotify accepts, if the operation pages.
    max_offset
        Largest ``offset`` Spotify accepts, if it caps offsets (search).
    max_ids
        Most IDs or URIs one request may carry, if the operation takes a list.
    chain
        Argument that takes the previous chunk's result (a playlist's snapshot ID).
    advance
        Integer argument moved on by each chunk's length (an insert position).
    """

    def __init__(
        self,
        func: Callable[Concatenate[Any, P], Flow[T]],
        *,
        operation: str,
        scope: tuple[str, ...] = (),
        optional_scope: tuple[str, ...] = (),
        quota: Quota | None = None,
        replacement: str | None = None,
        max_limit: int | None = None,
        max_offset: int | None = None,
        max_ids: int | None = None,
        chain: str | None = None,
        advance: str | None = None,
        signature: inspect.Signature | None = None,
        checks: dict[str, Check] | None = None,
    ) -> None:
        super().__init__(func)
        self.operation = operation
        self.scope = scope
        self.optional_scope = optional_scope
        # PEP 702: ``@deprecated(..., category=None)`` on the function is the one
        # declaration, seen by type checkers and read here.
        self.deprecated: bool = hasattr(func, "__deprecated__")
        self.quota: Quota = quota or ("extended" if self.deprecated else "development")
        self.replacement = replacement
        self.max_limit = max_limit
        self.max_offset = max_offset
        self.max_ids = max_ids
        self.chain = chain
        self.advance = advance
        self._doc: str | None = None  # made from the facts on first read (``__doc__``)
        self._signature = signature
        self._given_checks = checks
        self._prepared: tuple[inspect.Signature, dict[str, Check], str | None] | None = None
        self._binder: _Binder | None = None
        self._batch: bool | None = None

    def __repr__(self) -> str:
        return f"<endpoint {self.__qualname__} ({self.operation})>"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A subclass's own __doc__ (its docstring, or None) would hide the notes.
        cls.__doc__ = Endpoint._Doc(cls.__doc__)  # type: ignore[assignment]

    # -- the docstring -----------------------------------------------------------------

    class _Doc:
        """``__doc__``: the function's docstring and the facts' notes, made on first read.

        Made at import time, the notes of every endpoint cost most of the descriptors'
        construction; ``help()``, the docs and the bound methods read them when asked.
        """

        def __init__(self, class_doc: str | None) -> None:
            self.class_doc = class_doc

        def __get__(self, obj: Endpoint[Any, Any] | None, owner: type[Any] | None = None) -> Any:
            if obj is None:
                return self.class_doc  # the class's own docstring
            if obj._doc is None:
                obj._doc = _document(obj.func.__doc__ or "", obj)
            return obj._doc

        def __set__(self, obj: Endpoint[Any, Any], value: str | None) -> None:
            obj._doc = None  # FlowMethod stores the bare docstring: the facts are added

    # -- declarations ------------------------------------------------------------------

    @property
    def checks(self) -> dict[str, Check]:
        """The declared check of each argument, read once from the signature."""
        return self._prepare()[1]

    @property
    def listed(self) -> str | None:
        """The argument holding a list of IDs or URIs, chunked by ``max_ids``."""
        return self._prepare()[2]

    @property
    def hints(self) -> dict[str, Any]:
        """The flow's annotations, evaluated (``"return"`` is its ``Flow[...]`` type).

        The models a module names for type checkers only are loaded here, on first use.
        """
        return typing.get_type_hints(self.func, localns=_ModelNames(), include_extras=True)

    def _hints(self) -> dict[str, Any]:
        # The signature shows the types, not the checks (``Annotated`` metadata).
        return typing.get_type_hints(self.func, localns=_ModelNames())

    def _prepare(self) -> tuple[inspect.Signature, dict[str, Check], str | None]:
        if self._prepared is None:
            signature = self._signature or inspect.signature(self.func)
            checks = dict(self._given_checks or {})
            if self._given_checks is None:
                hints = self.hints
                for name in signature.parameters:
                    for meta in getattr(hints.get(name), "__metadata__", ()):
                        if isinstance(meta, Check):
                            checks[name] = meta
            listed = [name for name, check in checks.items() if check.listed]
            if len(listed) > 1:
                raise TypeError(f"{self.__qualname__}: more than one listed argument {listed}")
            if listed and self.max_ids is None:
                raise TypeError(f"{self.__qualname__}: a listed argument needs max_ids")
            # Built whole before it is published: another thread that finds ``_binder``
            # set skips this and reads ``_prepared`` at once (the first calls may race).
            binder = _Binder(self.__name__, signature)
            # Required arguments whose type has no None: None is refused before sending.
            hints = self.hints
            binder.not_none = tuple(
                name for name in binder.required if name in hints and not _admits_none(hints[name])
            )
            # Whether a missing limit may become max_limit (max_limits_on).
            binder.pages = self.max_limit is not None and "limit" in checks
            # Defaults pass the same checks, once: the flow always gets checked values
            # (a default tuple of types arrives comma-joined, like a caller's list).
            binder.defaults = {
                name: checks[name](param.default, name, self)
                for name, param in signature.parameters.items()
                if name in checks and param.default not in (param.empty, None)
            }
            self._prepared = (signature, checks, listed[0] if listed else None)
            self._binder = binder
        return self._prepared

    # -- the flow ----------------------------------------------------------------------

    def flow(self, obj: Any, /, *args: P.args, **kwargs: P.kwargs) -> Flow[T]:
        """Return the checked flow of this endpoint for ``obj`` (for composition)."""
        return self._flow(obj, args, kwargs)

    @property
    def batch_read(self) -> bool:
        """Whether this is a several-IDs read with a single-ID replacement.

        Such a read is answered one ID at a time when Spotify does not serve the batch
        (development mode): see ``SpotifyBase.batch_fallback_on``.
        """
        if self._batch is None:
            self._batch = (
                self.replacement is not None
                and self.operation.startswith(("get-multiple-", "get-several-"))
                and self.listed is not None
            )
        return self._batch

    def __call__(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Run the endpoint for ``obj`` (a several-IDs read through ``_batch_read``)."""
        if self._batch or (self._batch is None and self.batch_read):
            return obj._batch_read(self, args, kwargs)
        return obj._run(self.flow(obj, *args, **kwargs))

    def arguments(self, obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """Bind and check a call's arguments, as the flow would (declared defaults too)."""
        binder = self._binder
        if binder is None:
            self._prepare()
            binder = self._binder
            assert binder is not None
        checks = self._prepared[1]  # type: ignore[index]
        arguments = binder.bind(args, kwargs)
        for name in binder.not_none:
            if arguments[name] is None:
                raise TypeError(f"{self.__name__}() argument {name!r} is required, not None")
        for name, check in checks.items():
            if name in arguments:
                arguments[name] = check(arguments[name], name, self)
        if binder.pages and "limit" not in arguments and obj.max_limits_on:
            arguments["limit"] = self.max_limit
        for name, value in binder.defaults.items():
            arguments.setdefault(name, value)
        return arguments

    def _flow(self, obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Flow[T]:
        # The hot path of every call: the work here is kept to dictionary look-ups.
        arguments = self.arguments(obj, args, kwargs)
        binder = self._binder
        assert binder is not None
        listed = self._prepared[2]  # type: ignore[index]
        chunks: list[list[Any]] | None = None
        values = arguments.get(listed) if listed is not None else None
        if values is not None and self.max_ids is not None and len(values) > self.max_ids:
            if not obj.chunked_on:
                raise ValueError(
                    f"{listed} holds {len(values)} items; {self.__name__} takes at most"
                    f" {self.max_ids} a request (chunking is off)"
                )
            step = self.max_ids
            chunks = [values[i : i + step] for i in range(0, len(values), step)]
        if self.quota == "extended" and obj.quota == "development":
            request = next(binder.call(self.func, obj, arguments))
            raise self._quota_error(request, None)
        if self.scope and (missing := _missing_scope(self.scope, obj.token)):
            request = next(binder.call(self.func, obj, arguments))
            raise self._scope_error(request, obj, missing)
        try:
            if chunks is None:
                flow = binder.call(self.func, obj, arguments)
                if binder.pages:
                    flow = self._paging(obj, flow)
                single: T = yield from flow
                return single
            assert listed is not None
            result: T = yield from self._chunked(obj, arguments, listed, chunks)
            return result
        except (Unauthorised, Forbidden) as error:
            explained = self._explained(error, obj)
            if explained is error:
                raise
            raise explained from error

    def _paging(self, obj: Any, flow: Flow[T]) -> Flow[T]:
        """``flow``, telling ``obj`` its first request's path and this ``max_limit``.

        ``all_pages`` / ``all_items`` then fetch the rest of the paging in pages of
        ``max_limit`` (``SpotifyBase._rest_link``).
        """
        try:
            request = next(flow)
        except StopIteration as stop:  # answered without a request
            return stop.value  # type: ignore[no-any-return]
        assert self.max_limit is not None
        obj._learn_max_limit(request, self.max_limit)
        while True:
            try:
                response = yield request
            except GeneratorExit:
                flow.close()
                raise
            except BaseException as error:  # an error of the send, for the flow to handle
                try:
                    request = flow.throw(error)
                except StopIteration as stop:
                    return stop.value  # type: ignore[no-any-return]
                continue
            try:
                request = flow.send(response)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]

    def _chunked(
        self, obj: Any, arguments: dict[str, Any], listed: str, chunks: list[list[Any]]
    ) -> Generator[Request, Response, Any]:
        assert self._binder is not None
        call = self._binder.call
        results: list[Any] = []
        last: Any = None
        for n, chunk in enumerate(chunks):
            arguments[listed] = chunk
            try:
                result = yield from call(self.func, obj, arguments)
            except SpotipyError as error:
                if n == 0 or isinstance(last, list):
                    raise  # a read, or nothing applied yet: the error as it is
                applied = [v for c in chunks[:n] for v in c]
                pending = [v for c in chunks[n:] for v in c]
                raise PartialWriteError(
                    f"{self.__name__}: {len(applied)} of {len(applied) + len(pending)} items"
                    f" were applied in {n} requests before chunk {n + 1} failed: {error}",
                    applied=applied,
                    pending=pending,
                    error=error,
                    result=last,
                ) from error
            last = result
            if isinstance(result, list):
                results.extend(result)
            if self.chain is not None and isinstance(result, str):
                arguments[self.chain] = result
            if self.advance is not None and arguments.get(self.advance) is not None:
                arguments[self.advance] += len(chunk)
        return results if isinstance(last, list) else last

    # -- errors ------------------------------------------------------------------------

    def _quota_error(self, request: Request, error: HTTPError | None) -> ExtendedQuotaRequired:
        instead = f" Use {self.replacement}() instead." if self.replacement else ""
        sent = error is not None
        where = f"{request.method} {request.path}"
        if sent:
            head = f"403 Forbidden from {where}: {self.__name__}() needs extended quota."
        else:
            head = (
                f"{self.__name__}() ({where}) needs extended quota, and this client was made"
                " with quota='development': nothing was sent."
            )
        text = (
            f"{head} Spotify serves {self.operation} only to apps with extended quota since"
            f" November 2024 (every app since February 2026).{instead}"
        )
        response = error.response if error is not None else Response(403, None, b"", request)
        return ExtendedQuotaRequired(
            text,
            operation=self.operation,
            replacement=self.replacement,
            sent=sent,
            request=request,
            response=response,
            message=error.message if error is not None else "Forbidden",
            reason=error.reason if error is not None else None,
        )

    def _scope_error(self, request: Request, obj: Any, missing: tuple[str, ...]) -> HTTPError:
        # The 403 Spotify would answer, built here: nothing is sent.
        body = msgspec.json.encode({"error": {"status": 403, "message": INSUFFICIENT_SCOPE}})
        error = self._explained(error_for_response(Response(403, None, body, request)), obj)
        error.sent = False
        error.args = (
            f"{error}\nNot sent: the token was granted without {', '.join(missing)}.",
            *error.args[1:],
        )
        return error

    def _explained(self, error: HTTPError, obj: Any) -> HTTPError:
        # Spotify's 403 for a missing scope is no quota matter, whatever the operation.
        refused = (
            isinstance(error, Forbidden)
            and self.quota == "extended"
            and error.message != INSUFFICIENT_SCOPE
        )
        if refused and not isinstance(error, (PremiumRequired, ExtendedQuotaRequired)):
            error = self._quota_error(error.request, error)
        error.required_scope = self.scope
        granted = getattr(obj.token, "scope", None)
        if self.scope:
            note = f"\n{self.__name__}() needs scope: {', '.join(self.scope)}"
            if isinstance(granted, frozenset):
                missing = tuple(s for s in self.scope if s not in granted)
                error.missing_scope = missing
                if missing:
                    note += f"; the token lacks: {', '.join(missing)}"
            if note not in str(error):
                error.args = (f"{error}{note}", *error.args[1:])
        return error


Endpoint.__doc__ = Endpoint._Doc(Endpoint.__doc__)  # type: ignore[assignment]


def _missing_scope(required: tuple[str, ...], token: object) -> tuple[str, ...]:
    """The required scopes ``token`` is known to lack; ``()`` when none or not known.

    A token's scopes are known when it says which it holds: a user token from the
    accounts service (it has a refresh token, or names its scopes).  An app token and
    a bare string say nothing, and are sent as they are.
    """
    granted = getattr(token, "scope", None)
    if not isinstance(granted, frozenset):
        return ()
    if not granted and getattr(token, "refresh_token", None) is None:
        return ()  # an app token, or a token whose scopes nobody recorded
    return tuple(s for s in required if s not in granted)


def endpoint(
    *,
    operation: str,
    scope: tuple[str, ...] = (),
    optional_scope: tuple[str, ...] = (),
    quota: Quota | None = None,
    replacement: str | None = None,
    max_limit: int | None = None,
    max_offset: int | None = None,
    max_ids: int | None = None,
    chain: str | None = None,
    advance: str | None = None,
) -> Callable[[Callable[Concatenate[Any, P], Flow[T]]], Endpoint[P, T]]:
    """Declare a flow method as an endpoint, with Spotify's facts about it.

    See :class:`Endpoint` for the facts.  A deprecated operation is declared with PEP
    702's decorator under this one::

        @endpoint(operation="get-multiple-albums", max_ids=20, replacement="album")
        @deprecated("Needs extended quota (Spotify, Nov 2024 / Feb 2026)", category=None)
        def albums(self, album_ids: AlbumIds, *, market: Market = None) -> Flow[...]: ...
    """

    def decorate(func: Callable[Concatenate[Any, P], Flow[T]]) -> Endpoint[P, T]:
        return Endpoint(
            func,
            operation=operation,
            scope=scope,
            optional_scope=optional_scope,
            quota=quota,
            replacement=replacement,
            max_limit=max_limit,
            max_offset=max_offset,
            max_ids=max_ids,
            chain=chain,
            advance=advance,
        )

    return decorate


def _document(doc: str, ep: Endpoint[Any, Any]) -> str:
    # cleandoc first: the notes below are unindented, so the docstring must be too.
    lines = [inspect.cleandoc(doc), ""]
    if ep.quota == "extended":
        lines.append(_QUOTA_NOTE)
        if ep.replacement:
            lines.append(f"Use :meth:`{ep.replacement}` instead.")
    if ep.scope:
        lines.append(f"Requires scope: {', '.join(ep.scope)}.")
    if ep.optional_scope:
        lines.append(f"Optional scope: {', '.join(ep.optional_scope)}.")
    if ep.max_ids is not None:
        lines.append(
            f"At most {ep.max_ids} items a request: longer lists are split into several"
            " requests unless chunking is off."
        )
    lines.append(f"Spotify reference: {SPOTIFY_REFERENCE}{ep.operation}")
    return "\n".join(lines) + "\n"


def _admits_none(hint: Any) -> bool:
    """Tell whether the type ``hint`` (an ``Annotated`` one too) lets None through."""
    if hint is Any or hint is None or hint is type(None):
        return True
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        return _admits_none(typing.get_args(hint)[0])
    if origin is typing.Union or origin is types.UnionType:
        return any(_admits_none(arg) for arg in typing.get_args(hint))
    return isinstance(hint, TypeVar)


class _ModelNames(dict[str, Any]):
    """The names of :mod:`spotipy.model`, for annotations naming models imported lazily.

    The endpoint modules import models for type checkers only (``TYPE_CHECKING``), so
    that importing the client loads none of them; their annotations are evaluated with
    this mapping as locals, which loads a model when an annotation names it.
    """

    def __missing__(self, name: str) -> Any:
        from spotipy import model

        if name in model.__all__:
            return getattr(model, name)
        raise KeyError(name)


_POSITIONAL_OR_KEYWORD: Final = inspect.Parameter.POSITIONAL_OR_KEYWORD
_KEYWORD_ONLY: Final = inspect.Parameter.KEYWORD_ONLY
_VAR_KEYWORD: Final = inspect.Parameter.VAR_KEYWORD


class _Binder:
    """Binds call arguments to parameter names faster than ``Signature.bind``.

    Endpoint signatures are ``self``, then positional-or-keyword and keyword-only
    parameters and at most a ``**`` parameter (a test holds every endpoint to it).  Only
    the arguments given are bound (defaults are the function's own), so checks run on
    what the caller passed.
    """

    def __init__(self, name: str, signature: inspect.Signature) -> None:
        self.name = name
        params = list(signature.parameters.values())[1:]
        kinds = {_POSITIONAL_OR_KEYWORD, _KEYWORD_ONLY, _VAR_KEYWORD}
        if not all(p.kind in kinds for p in params):
            raise TypeError(f"{name}: endpoint parameters may not be positional-only or *args")
        self.positional = tuple(p.name for p in params if p.kind is _POSITIONAL_OR_KEYWORD)
        self.names = frozenset(p.name for p in params if p.kind is not _VAR_KEYWORD)
        self.required = tuple(
            p.name for p in params if p.default is p.empty and p.kind is not _VAR_KEYWORD
        )
        self.var_keyword = next((p.name for p in params if p.kind is _VAR_KEYWORD), None)
        # Positional calls bind with one zip when every required parameter is positional.
        self.least = sum(1 for name in self.positional if name in self.required)
        self.fast = self.var_keyword is None and self.least == len(self.required)
        self.pages = False
        self.defaults: dict[str, Any] = {}
        #: Required parameters whose type does not admit None.
        self.not_none: tuple[str, ...] = ()

    def bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """Map the given arguments to parameter names (``**`` extras as one dict)."""
        if not kwargs and self.fast and self.least <= len(args) <= len(self.positional):
            # The common call: positional arguments only, every required one given.
            return dict(zip(self.positional, args, strict=False))
        if len(args) > len(self.positional):
            raise TypeError(
                f"{self.name}() takes {len(self.positional)} positional arguments"
                f" but {len(args)} were given"
            )
        arguments = dict(zip(self.positional, args, strict=False))
        extra: dict[str, Any] = {}
        for key, value in kwargs.items():
            if key in arguments:
                raise TypeError(f"{self.name}() got multiple values for argument {key!r}")
            if key in self.names:
                arguments[key] = value
            elif self.var_keyword is not None:
                extra[key] = value
            else:
                raise TypeError(f"{self.name}() got an unexpected keyword argument {key!r}")
        for key in self.required:
            if key not in arguments:
                raise TypeError(f"{self.name}() missing a required argument: {key!r}")
        if self.var_keyword is not None:
            arguments[self.var_keyword] = extra
        return arguments

    def call(
        self, func: Callable[..., Flow[Any]], obj: Any, arguments: dict[str, Any]
    ) -> Flow[Any]:
        """Call ``func`` with ``obj`` and the bound (and checked) ``arguments``."""
        if self.var_keyword is None:
            return func(obj, **arguments)
        given = dict(arguments)
        extra = given.pop(self.var_keyword, {})
        return func(obj, **given, **extra)
