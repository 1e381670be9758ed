"""Checking answers and decoding them into models: the client's side of a flow."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

from spotipy._flow import describe
from spotipy._http import Response
from spotipy.errors import ResponseError, error_for_response
from spotipy.model._base import decode
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
    found = expect_model(response, dict[str, list[type_ | None]])  # type: ignore[valid-type]
    if key not in found:
        raise ResponseError(f"{describe(response)}: the body has no {key!r} list", response)
    return found[key]


def expect_items(response: Response, key: str, type_: type[T]) -> list[T]:
    """Decode ``{key: [object, ...]}`` (top tracks, related artists, markets, genres)."""
    found = expect_model(response, dict[str, list[type_]])  # type: ignore[valid-type]
    if key not in found:
        raise ResponseError(f"{describe(response)}: the body has no {key!r} list", response)
    return found[key]
