"""Pagings: one page of a longer list, with links to its neighbours.

The generic classes take the item type as a parameter (``OffsetPaging[FullTrack]``).
Each endpoint returns a concrete subclass (``FullTrackPaging``) so that the type of
a page is enough to decode the next one: ``decode(body, type(page))``.

Spotify sometimes sends ``null`` entries in ``items`` (search results, show
episodes).  They carry nothing, so they are dropped while decoding: ``items``
holds only real items.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from spotipy.model._base import Model

__all__ = ["Cursor", "CursorPaging", "OffsetPaging", "Paging"]

T = TypeVar("T")


class Paging(Model, Generic[T], kw_only=True):
    """A page of items with a link to the next page.

    Attributes
    ----------
    href
        Link to this page.
    items
        The items of this page.
    limit
        Maximum number of items per page, as requested.
    next
        Link to the next page, ``None`` on the last one.
    """

    if TYPE_CHECKING:
        items: list[T]
    else:
        # Null entries must not fail the page; __post_init__ drops them.
        items: list[T | None]
    href: str | None = None
    limit: int | None = None
    next: str | None = None

    def __post_init__(self) -> None:
        items = self.items
        if None in items:
            self.items = [item for item in items if item is not None]


class OffsetPaging(Paging[T], Generic[T], kw_only=True):
    """A page addressed by offset, with the total count and a previous link.

    Attributes
    ----------
    offset
        Index of the first item of this page in the whole list.
    total
        Number of items in the whole list.
    previous
        Link to the previous page, ``None`` on the first one.
    """

    offset: int | None = None
    total: int | None = None
    previous: str | None = None


class Cursor(Model, kw_only=True):
    """Position of a cursor-based page.

    Attributes
    ----------
    after
        Cursor of the items after this page (an ID or a Unix time in milliseconds).
    before
        Cursor of the items before this page.
    """

    after: str | None = None
    before: str | None = None


class CursorPaging(Paging[T], Generic[T], kw_only=True):
    """A page addressed by cursors rather than offsets.

    Attributes
    ----------
    cursors
        Where this page ends; ``None`` when the list is exhausted.
    total
        Number of items in the whole list, when Spotify tells.
    """

    cursors: Cursor | None = None
    total: int | None = None
