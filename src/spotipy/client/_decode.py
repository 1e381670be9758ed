"""Checking answers and decoding them into models: the client's side of a flow.

One bad item never costs a page: when a body does not decode, the pagings in it (the
body itself, or a field of it such as an album's tracks or a search result's types) and
the lists of several-IDs answers are decoded item by item.  What decodes is kept; an item
that does not becomes an :class:`~spotipy.model.UnknownItem` (a ``dict`` of the JSON
sent, with ``id``, ``uri``, ``name`` and ``type`` readable as attributes) in its place,
and a warning is logged.  Only a body whose problem is not in its items raises
:class:`~spotipy.errors.ResponseError`.
"""

from __future__ import annotations

import logging
import types
import typing
from typing import Any, TypeVar

import msgspec
from msgspec import Raw

from spotipy._flow import describe
from spotipy._http import Response
from spotipy.errors import ResponseError, error_for_response
from spotipy.model._base import UnknownItem, decode
from spotipy.model.paging import Paging

__all__ = [
    "expect_items",
    "expect_json",
    "expect_listed",
    "expect_model",
    "expect_no_content",
    "expect_page",
]

T = TypeVar("T")
PT = TypeVar("PT", bound=Paging[Any])

logger = logging.getLogger("spotipy")
_UNDECODABLE = (msgspec.ValidationError, msgspec.DecodeError, RecursionError)


def _unknown(raw: Raw) -> UnknownItem:
    try:
        value = decode(raw, Any)
    except _UNDECODABLE:
        value = None
    return UnknownItem(value if isinstance(value, dict) else {"value": value})


def _items(raws: list[Raw], item_type: Any, where: str, *, keep_nulls: bool) -> list[Any]:
    """Decode ``raws`` one by one; what fails becomes an UnknownItem, logged."""
    items: list[Any] = []
    for n, raw in enumerate(raws):
        if bytes(raw) == b"null":
            if keep_nulls:
                items.append(None)
            continue
        try:
            items.append(decode(raw, item_type))
        except _UNDECODABLE as exc:
            name = getattr(item_type, "__name__", str(item_type))
            logger.warning("%s: item %d is not a %s (%s); kept as UnknownItem", where, n, name, exc)
            items.append(_unknown(raw))
    return items


def _item_type(paging: type[Any]) -> Any | None:
    """The item model of a concrete paging class (``SimpleTrackPaging`` -> SimpleTrack)."""
    for klass in paging.__mro__:
        for base in getattr(klass, "__orig_bases__", ()):
            origin = typing.get_origin(base)
            args = typing.get_args(base)
            paging_base = isinstance(origin, type) and issubclass(origin, Paging)
            if paging_base and args and not isinstance(args[0], TypeVar):
                return args[0]
    return None


def _paging_in(hint: Any) -> type[Any] | None:
    """The concrete paging class in a field's type (``FullTrackPaging | None``), if any."""
    options = (
        typing.get_args(hint)
        if typing.get_origin(hint) in (typing.Union, types.UnionType)
        else (hint,)
    )
    for option in options:
        if isinstance(option, type) and issubclass(option, Paging) and _item_type(option):
            return option
    return None


def _salvage_page(content: bytes | Raw, type_: type[PT], where: str) -> PT | None:
    item_type = _item_type(type_)
    if item_type is None:
        return None
    try:
        top = decode(content, dict[str, Raw])
        raws = decode(top["items"], list[Raw])
        top["items"] = Raw(b"[]")
        page = decode(msgspec.json.encode(top), type_)
    except (*_UNDECODABLE, KeyError):
        return None
    page.items = _items(raws, item_type, where, keep_nulls=False)
    return page


def _salvage(content: bytes, type_: Any, where: str) -> Any | None:
    """Decode ``type_`` keeping what decodes of its pagings; ``None`` when that cannot help."""
    if not isinstance(type_, type):
        return None
    if issubclass(type_, Paging):
        return _salvage_page(content, type_, where)
    if not issubclass(type_, msgspec.Struct):
        return None
    try:
        top = decode(content, dict[str, Raw])
    except _UNDECODABLE:
        return None
    values: dict[str, Any] = {}
    for field in msgspec.structs.fields(type_):
        raw = top.get(field.encode_name)
        if raw is None:
            continue
        try:
            values[field.name] = decode(raw, field.type)
        except _UNDECODABLE:
            paging = _paging_in(field.type)
            page = None if paging is None else _salvage_page(raw, paging, where)
            if page is None:
                return None  # the problem is not in a paging's items
            values[field.name] = page
    try:
        return type_(**values)
    except (TypeError, ValueError, RecursionError):
        # A required field is missing, or the model's own checks refuse the values
        # (``__post_init__`` decodes a playlist's entries itself).
        return None


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
        salvaged = _salvage(response.content, type_, describe(response))
        if salvaged is not None:
            return salvaged  # type: ignore[no-any-return]
        name = getattr(type_, "__name__", str(type_))
        raise ResponseError(
            f"{describe(response)}: the body is not the expected {name}: {exc}", response
        ) from None
    except (msgspec.DecodeError, RecursionError) as exc:  # JSON nested too deep too
        raise ResponseError(
            f"{describe(response)}: the body is not JSON: {exc}", response
        ) from None


def expect_json(response: Response) -> Any:
    """Raise for an error status, else return the body as plain JSON (``fields=`` answers)."""
    return expect_model(response, Any)


def expect_no_content(response: Response) -> None:
    """Raise for an error status; ignore any body of a success."""
    if response.status_code >= 400:
        raise error_for_response(response)


def expect_page(response: Response, type_: type[PT]) -> PT:
    """Decode a paging, also when Spotify wraps it in a one-key object (search, follow)."""
    if response.status_code >= 400:
        raise error_for_response(response)
    try:
        return decode(response.content, type_)
    except msgspec.ValidationError as exc:
        first = exc
    except (msgspec.DecodeError, RecursionError) as exc:  # JSON nested too deep too
        raise ResponseError(
            f"{describe(response)}: the body is not JSON: {exc}", response
        ) from None
    where = describe(response)
    salvaged = _salvage_page(response.content, type_, where)
    if salvaged is not None:
        return salvaged
    # Search and followed artists wrap the paging in an object with one key; featured
    # and category playlists add a "message" beside it.  The one value that decodes as
    # the paging is the page.
    try:
        wrapped = decode(response.content, dict[str, msgspec.Raw])
    except msgspec.ValidationError:
        wrapped = {}
    pages: list[PT] = []
    for raw in wrapped.values():
        try:
            pages.append(decode(raw, type_))
        except (msgspec.ValidationError, msgspec.DecodeError):
            continue
    if not pages:
        pages = [p for raw in wrapped.values() if (p := _salvage_page(raw, type_, where))]
    if len(pages) == 1:
        return pages[0]
    raise ResponseError(
        f"{describe(response)}: the body is not the expected {type_.__name__}: {first}", response
    )


def expect_listed(response: Response, key: str, type_: type[T]) -> list[T | None]:
    """Decode ``{key: [object or null, ...]}``, the answer of several-IDs gets.

    ``None`` stands where Spotify knows no object for the ID asked, so the list lines
    up with the IDs given.
    """
    raws = _listed_raws(response, key)
    try:
        return decode(raws, list[type_ | None])  # type: ignore[valid-type]
    except _UNDECODABLE:
        listed = decode(raws, list[Raw])
        return _items(listed, type_, describe(response), keep_nulls=True)


def _listed_raws(response: Response, key: str) -> Raw:
    """The raw JSON list under ``key`` of an answer ``{key: [...]}``."""
    found = expect_model(response, dict[str, Raw])
    raw = found.get(key)
    if raw is None:
        raise ResponseError(f"{describe(response)}: the body has no {key!r} list", response)
    try:
        decode(raw, list[Raw])
    except _UNDECODABLE:
        raise ResponseError(
            f"{describe(response)}: the body's {key!r} is not a list", response
        ) from None
    return raw


def expect_items(response: Response, key: str, type_: type[T]) -> list[T]:
    """Decode ``{key: [object, ...]}`` (top tracks, related artists, markets, genres)."""
    raws = _listed_raws(response, key)
    try:
        return decode(raws, list[type_])  # type: ignore[valid-type]
    except _UNDECODABLE:
        listed = decode(raws, list[Raw])
        return _items(listed, type_, describe(response), keep_nulls=False)
